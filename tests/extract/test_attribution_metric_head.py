"""A metric given back the words read as its subject when they are no subject (attribution/metric_head.py)."""

from __future__ import annotations

import pytest

from qdextract import extract_claims


def _claim(text: str, figure: str):
    return next(c for c in extract_claims(text) if figure in c.surface)


@pytest.mark.parametrize("text, figure, metric", [
    ("大规模推进以科技为支撑的校友回归与高校师生创新创业，新增返乡创业市场经营主体13.9万户、带动就地就业36.8万人。",
     "13.9万户", "新增返乡创业市场经营主体"),
    ("深化开发区管理体制改革，开发区和工业园区由162个整合为123个，供应工业“标准地”2.4万亩。",
     "162个", "开发区和工业园区"),
    ("坚持科技创新，省内转化科技成果增长24%，技术合同成交额增长。", "24%", "省内转化科技成果"),
])
def test_words_that_are_no_subject_stay_in_the_metric(text, figure, metric):
    c = _claim(text, figure)
    assert (c.subject, c.metric_norm) == (None, metric)


@pytest.mark.parametrize("text, figure, metric", [
    # a piece of the clause (a verb and a bare place suffix) is not put back
    ("提请省人大常委会审议地方性法规70项。", "70项", "人大常委会审议地方性法规"),
])
def test_a_piece_of_the_clause_is_not_put_back(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric
