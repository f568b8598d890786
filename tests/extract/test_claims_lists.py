"""`分别` lists (claims.lists): each listed item paired with its figure, the measure written once
after the last item shared by all."""

from __future__ import annotations

import pytest

from qdextract import extract_claims


def _metric(text: str, figure: str) -> str | None:
    found = [c for c in extract_claims(text) if figure in c.surface]
    assert len(found) == 1, [c.surface for c in extract_claims(text)]
    return found[0].metric_norm


@pytest.mark.parametrize(("text", "figure", "metric"), [
    ("工业结构继续优化，高技术产业和装备制造业增加值同比分别增长12.3%和10.3%。", "12.3%", "高技术产业增加值"),
    ("工业结构继续优化，高技术产业和装备制造业增加值同比分别增长12.3%和10.3%。", "10.3%", "装备制造业增加值"),
    ("规上工业增加值、规上服务业营收分别增长6.5%和7%。", "6.5%", "规上工业增加值"),
])
def test_a_comparison_before_fenbie_is_no_part_of_the_items(text, figure, metric) -> None:
    assert _metric(text, figure) == metric


@pytest.mark.parametrize(("text", "figure", "metric"), [
    ("人参、食用菌全产业链产值分别达到1230亿元、120亿元。", "1230亿元", "人参全产业链产值"),
    ("水果、蔬菜、茶叶产量分别达2050万吨、4200万吨、19万吨以上。", "2050万吨", "水果产量"),
    ("刑事、治安案件分别下降15.9％、13.3％。", "15.9％", "刑事案件"),
])
def test_listed_items_of_different_lengths_share_the_measure(text, figure, metric) -> None:
    assert _metric(text, figure) == metric
