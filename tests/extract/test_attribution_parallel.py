"""Parallel clauses that name only the holder (attribution/parallel.py), through `extract_claims`."""

from __future__ import annotations

import pytest

from qdextract import extract_claims

_INDUSTRIES = ("有色金属产业年产值超4千亿元，钢铁、食品加工产业超3千亿元，"
               "造纸与木材加工、石化化工、电力、机械产业超2千亿元。")


@pytest.mark.parametrize("text, figure, subject, metric", [
    (_INDUSTRIES, "4千亿元", "有色金属产业", "年产值"),
    (_INDUSTRIES, "3千亿元", "钢铁、食品加工产业", "年产值"),
    (_INDUSTRIES, "2千亿元", "造纸与木材加工、石化化工、电力、机械产业", "年产值"),  # the chain goes on
    ("电动私家车牌照费约1200元，汽油车约7600元。", "7600元", "汽油车", "牌照费"),
    ("电动私家车牌照费约1200元，汽油车约7600元。", "1200元", "电动私家车", "牌照费"),
])
def test_a_clause_naming_only_its_holder_takes_the_measure_before(text, figure, subject, metric):
    got = next(c for c in extract_claims(text) if figure in c.surface)
    assert (got.subject_norm, got.metric_norm) == (subject, metric)


@pytest.mark.parametrize("text, figure, metric", [
    ("新增国家现代农业产业园11个、优势特色产业集群9个。", "9个", "新增优势特色产业集群"),  # what a count counts
    ("出口增长5%，进口增长3%。", "3%", "进口"),  # a measure of its own
])
def test_a_clause_with_its_own_measure_keeps_it(text, figure, metric):
    got = next(c for c in extract_claims(text) if figure in c.surface)
    assert got.metric_norm == metric
