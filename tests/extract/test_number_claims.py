"""The number grammar's forms as the claims table reads them: units, ranks, periods, currency."""

from __future__ import annotations

import pytest

from qdextract import extract_claims
from qdextract.periods import is_period


def _claims(text: str) -> dict[str, object]:
    return {c.surface: c for c in extract_claims(text)}


def test_a_count_of_people_without_a_counter_is_in_people() -> None:
    claims = extract_claims("惠及242萬偏遠農村居民和450萬困難群眾。")
    assert [(c.value, c.unit, c.kind, c.unit_surface) for c in claims] == [
        (2_420_000.0, "人", "count", None), (4_500_000.0, "人", "count", None)]


@pytest.mark.parametrize(("text", "surface", "value", "metric", "direction"), [
    ("高铁运营总里程3411公里、跃居全国第一。", "第一", 1.0, "高铁运营总里程", None),
    ("区域创新能力升至全国第二。", "第二", 2.0, "区域创新能力", "increase"),
    ("人均生产总值居全国第12位。", "第12位", 12.0, "人均生产总值", None),
    ("区域创新能力连续9年全国第一。", "第一", 1.0, "区域创新能力", None),
])
def test_ranks_are_claims_of_their_measure(text, surface, value, metric, direction) -> None:
    c = _claims(text)[surface]
    assert (c.value, c.unit, c.kind, c.metric, c.direction, c.value_role) == (
        value, "rank", "rank", metric, direction, "level")


def test_a_rank_listed_after_a_rank() -> None:
    claims = extract_claims("省属企业营收和利润分别居全国第5、第6位。")
    assert [(c.surface, c.value, c.kind, c.metric) for c in claims] == [
        ("第5", 5.0, "rank", "营收"), ("第6位", 6.0, "rank", "利润")]


def test_a_rank_from_one_place_to_another() -> None:
    (c,) = extract_claims("肉牛屠宰加工量从全国第11位跃升至第4位。")
    assert (c.value, c.from_value, c.kind, c.direction) == (4.0, 11.0, "rank", "increase")


@pytest.mark.parametrize(("text", "periods"), [
    ("2017/18年度政府收入增長3%。", ["2017-2018"]),
    ("1997-98年度開支達1309億元。", ["1997-1998"]),
    ("2020年首三季本港GDP跌6.4%。", ["2020Q1-Q3"]),
    ("2020年前三季度GDP增长0.7%。", ["2020Q1-Q3"]),
    ("“十四五”时期，全省地区生产总值年均增长6%。", ["2021-2025"]),
    ("截至2017年3月21日，存款余额达12亿元。", ["2017-03-21"]),
])
def test_periods_of_fiscal_years_and_spans(text, periods) -> None:
    claims = extract_claims(text)
    assert [c.period for c in claims] == periods
    assert all(is_period(p) for p in periods)


def test_a_fiscal_year_is_no_figure() -> None:
    assert [c.surface for c in extract_claims("2017/18年度、1997-98年度與97-98年。")] == []


@pytest.mark.parametrize(("text", "units"), [
    ("香港特區政府公布預算。本港經濟增長。全港市民受惠。港府派發每戶500元。香港交易所成交上升。", ["HKD"]),
    ("澳門特區政府公布。本澳經濟增長。澳門居民受惠。本澳旅客上升。澳門每人派發1000元。", ["MOP"]),
    ("台灣經濟成長。台北市政府公布。行政院核定。台灣出口增加。高雄每人補助5000元。", ["TWD"]),
    ("全省地区生产总值增长5%。全省新增投资500亿元。", ["%", "CNY"]),
    ("收費10港元、20澳門元、30新台幣。", ["HKD", "MOP", "TWD"]),
])
def test_money_by_place(text, units) -> None:
    claims = extract_claims(text)
    assert [c.unit for c in claims] == units


def test_a_bare_yuan_keeps_what_was_written() -> None:
    text = "香港特區政府公布預算。本港經濟增長。全港市民受惠。港府派發每戶500元。香港交易所成交上升。"
    (c,) = extract_claims(text)
    assert (c.unit, c.unit_surface) == ("HKD", "元")


@pytest.mark.parametrize("text", [
    "学习贯彻党的二十届四中全会精神。", "开展直播电商发展三年行动。", "365天不落幕。", "办好10件事。",
    "建设千年古城。", "—— 1/3 ——",
])
def test_no_claim_from_names_sessions_and_counters(text) -> None:
    assert extract_claims(text) == []


def test_unit_surface_where_the_unit_stands() -> None:
    claims = _claims("出生率千分之五，女性占三成半，打七五折，複購率百分之四十二點五。")
    assert {s: c.unit_surface for s, c in claims.items()} == {
        "千分之五": "千分之", "三成半": "成", "七五折": "折", "百分之四十二點五": "百分之"}
