"""The currency of a bare 元: the place the document is about (data/units.yaml, currency_by_place)."""

from __future__ import annotations

import pytest

from qdextract.zh.currency import document_currency, local_currency

HK = "本港經濟按年增長2.5%。香港特區政府公布預算，全港市民受惠。港府將發債。香港交易所成交額上升。"


@pytest.mark.parametrize(("texts", "currency"), [
    ([HK], "HKD"),
    (["本澳博彩收入上升。澳門特區政府公布。澳門居民受惠。澳門元匯率穩定。本澳旅客增加。"], "MOP"),
    (["台灣經濟成長。台北市政府公布。行政院核定。新台幣升值。台灣出口增加。"], "TWD"),
    (["全省地区生产总值增长5%，全国第一。我省与香港、澳门合作。全省上下。"], "CNY"),
    # places named a few times each, none by a margin: CNY
    (["香港、台湾、香港、台湾、香港、台湾、台湾开发者"], "CNY"),
    ([""], "CNY"),
    # a short Hong Kong news item: three mentions, of the statistics office and of visitors
    (["政府統計處公布，1月零售業總銷貨價值為373億元。受惠於訪港旅客增加，本港零售銷售連升9個月。"], "HKD"),
])
def test_the_document_place_decides(texts, currency) -> None:
    assert document_currency(texts) == currency


@pytest.mark.parametrize(("unit", "surface", "sentence", "expected"), [
    ("CNY", "元", "政府收入300億元", "HKD"),
    ("CNY", "塊", "車費兩塊", "HKD"),
    ("CNY", None, "投入1800萬財政資金", "HKD"),      # money read from context
    ("CNY", "人民幣", "兌人民幣100元", "CNY"),         # named: stays
    ("USD", "美元", "10億美元", "USD"),
    ("CNY", "元", "国家统计局数据显示，中国消费市场零售总额83731亿元", "CNY"),  # the mainland alone
    ("CNY", "元", "本港與內地貿易額100億元", "HKD"),    # both places: the document's
])
def test_a_bare_yuan_in_a_hong_kong_document(unit, surface, sentence, expected) -> None:
    assert local_currency(unit, surface, "HKD", sentence) == expected


def test_a_mainland_document_keeps_cny() -> None:
    assert local_currency("CNY", "元", "CNY", "香港特区政府拨款100亿元") == "CNY"
