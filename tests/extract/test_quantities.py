"""extract_quantities: the number grammar, case by case, in both scripts and both widths."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qdextract.extract.quantities import extract_quantities
from qdextract.zh.numerals import read_number, read_vague, step_of

# (text, surface, value, low, high, unit, kind)
ARABIC = [
    ("交易规模突破1200亿元", "1200亿元", 1.2e11, 1.2e11, 1.2e11, "CNY", "money"),
    ("交易規模突破1200億元", "1200億元", 1.2e11, 1.2e11, 1.2e11, "CNY", "money"),
    ("同比增长３８％", "３８％", 38.0, 38.0, 38.0, "%", "percent"),
    ("总额1,234.5万元", "1,234.5万元", 12_345_000.0, 12_345_000.0, 12_345_000.0, "CNY", "money"),
    ("货物进出口总额9.5万亿元", "9.5万亿元", 9.5e12, 9.5e12, 9.5e12, "CNY", "money"),
    ("超 1 億元", "1 億元", 1e8, 1e8, 1e8, "CNY", "money"),
    ("服务贸易总额突破2500亿美元", "2500亿美元", 2.5e11, 2.5e11, 2.5e11, "USD", "money"),
    ("带动就业岗位超15万个", "15万个", 150_000.0, 150_000.0, 150_000.0, "个", "count"),
    ("帶動就業崗位超15萬個", "15萬個", 150_000.0, 150_000.0, 150_000.0, "个", "count"),
    ("知识付费类直播场次5000人次", "5000人次", 5000.0, 5000.0, 5000.0, "人次", "count"),
    ("低于行业平均水平15个百分点", "15个百分点", 15.0, 15.0, 15.0, "pp", "percentage_point"),
    ("低於行業平均水平15個百分點", "15個百分點", 15.0, 15.0, 15.0, "pp", "percentage_point"),
    ("缩短至72小时", "72小时", 72.0, 72.0, 72.0, "hour", "duration"),
    ("壓縮至7天", "7天", 7.0, 7.0, 7.0, "day", "duration"),
    ("林分优化1105万亩", "1105万亩", 11_050_000.0, 11_050_000.0, 11_050_000.0, "亩", "other"),
    ("装机3万千瓦", "3万千瓦", 30_000.0, 30_000.0, 30_000.0, "千瓦", "other"),
    ("年平均浓度20微克/立方米", "20微克/立方米", 20.0, 20.0, 20.0, "微克/立方米", "other"),
]
CHINESE = [
    ("交易额一千二百亿元", "一千二百亿元", 1.2e11, 1.2e11, 1.2e11, "CNY", "money"),
    ("交易額一千二百億元", "一千二百億元", 1.2e11, 1.2e11, 1.2e11, "CNY", "money"),
    ("交易额一点二万亿元", "一点二万亿元", 1.2e12, 1.2e12, 1.2e12, "CNY", "money"),
    ("累计培训一万零五百人次", "一万零五百人次", 10_500.0, 10_500.0, 10_500.0, "人次", "count"),
    ("村级服务站一千〇八十个", "一千〇八十个", 1080.0, 1080.0, 1080.0, "个", "count"),
    ("新增主播兩千三百人", "兩千三百人", 2300.0, 2300.0, 2300.0, "人", "count"),
    ("投入壹佰貳拾參萬元", "壹佰貳拾參萬元", 1_230_000.0, 1_230_000.0, 1_230_000.0, "CNY", "money"),
    ("提前两年完成", "两年", 2.0, 2.0, 2.0, "year", "duration"),
    ("成交额超百亿美元", "百亿美元", 1e10, 1e10, 1e10, "USD", "money"),
]
PERCENT_WORDS = [
    ("线上销售额占百分之三十八", "百分之三十八", 38.0, 38.0, 38.0, "%", "percent"),
    ("复购率百分之四十二點五", "百分之四十二點五", 42.5, 42.5, 42.5, "%", "percent"),
    ("女性用户占三成", "三成", 30.0, 30.0, 30.0, "%", "percent"),
    ("无人机产量占全国9成", "9成", 90.0, 90.0, 90.0, "%", "percent"),
]
RATIOS_MULTIPLES = [
    ("占西海岸新区三分之一", "三分之一", 1 / 3, 1 / 3, 1 / 3, "ratio", "ratio"),
    ("约占全国1/10", "1/10", 0.1, 0.1, 0.1, "ratio", "ratio"),
    ("销售额翻一番", "翻一番", 2.0, 2.0, 2.0, "times", "ratio"),
    ("销售额翻了兩番", "翻了兩番", 4.0, 4.0, 4.0, "times", "ratio"),
    ("交易额增长2倍", "2倍", 2.0, 2.0, 2.0, "times", "ratio"),
    ("收入比缩小至2.50∶1", "2.50∶1", 2.5, 2.5, 2.5, "ratio", "ratio"),
    ("三次产业比重为3.9:59.5:36.6", "3.9:59.5:36.6", None, None, None, "ratio", "ratio"),
]
RANGES = [
    ("降低运营成本 30%-50%", "30%-50%", 40.0, 30.0, 50.0, "%", "percent"),
    ("增长4.5%—5%", "4.5%—5%", 4.75, 4.5, 5.0, "%", "percent"),
    ("投资10亿至20亿元", "10亿至20亿元", 1.5e9, 1e9, 2e9, "CNY", "money"),
    ("销售额100萬-1000萬", "100萬-1000萬", 5.5e6, 1e6, 1e7, None, "other"),
    ("规模3-5万元", "3-5万元", 40_000.0, 30_000.0, 50_000.0, "CNY", "money"),
]
VAGUE = [
    ("月均成本仅数百元", "数百元", None, 100.0, 1000.0, "CNY", "money"),
    ("月均成本僅數百元", "數百元", None, 100.0, 1000.0, "CNY", "money"),
    ("观看人数数十万", "数十万", None, 1e5, 1e6, None, "other"),
    ("单场观看十几万人", "十几万人", None, 110_000.0, 190_000.0, "人", "count"),
    ("單場觀看十幾萬人", "十幾萬人", None, 110_000.0, 190_000.0, "人", "count"),
    ("用户2000多", "2000多", 2000.0, 2000.0, 3000.0, None, "other"),
    ("从业人员3万余人", "3万余人", 30_000.0, 30_000.0, 40_000.0, "人", "count"),
    ("项目1000多个", "1000多个", 1000.0, 1000.0, 2000.0, "个", "count"),
    ("新增100多万人", "100多万人", 1e6, 1e6, 2e6, "人", "count"),
]
GROUPS = {"arabic": ARABIC, "chinese": CHINESE, "percent_words": PERCENT_WORDS,
          "ratios_multiples": RATIOS_MULTIPLES, "ranges": RANGES, "vague": VAGUE}


def _params():
    return [pytest.param(*case, id=f"{group}:{case[1]}")
            for group, cases in GROUPS.items() for case in cases]


def _close(a, b) -> bool:
    return a is None and b is None or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9))


@pytest.mark.parametrize(("text", "surface", "value", "low", "high", "unit", "kind"), _params())
def test_figure(text, surface, value, low, high, unit, kind) -> None:
    found = [q for q in extract_quantities(text) if q.text == surface]
    assert found, [q.text for q in extract_quantities(text)]
    q = found[0]
    assert (q.unit, q.kind) == (unit, kind)
    assert _close(q.value, value) and _close(q.value_low, low) and _close(q.value_high, high), q


# (text, surface, kind, period, role_hint)
TIMES = [
    ("截至2025年一季度,交易规模", "2025年一季度", "period", "2025Q1", "period"),
    ("截至2025年一季度,交易規模", "2025年一季度", "period", "2025Q1", "period"),
    ("2025年上半年增长", "2025年上半年", "period", "2025H1", "period"),
    ("2025年1-6月增长", "2025年1-6月", "period", "2025H1", "period"),
    ("2025年3月发布", "2025年3月", "period", "2025-03", "period"),
    ("二〇二五年六月", "二〇二五年六月", "period", "2025-06", "period"),
    ("二〇三五年基本实现", "二〇三五年", "period", "2035", "year"),
    ("2026年1月26日在", "2026年1月26日", "date", "2026-01-26", "date"),
    ("11月6日至10日视察", "11月6日至10日", "date", "11-06/11-10", "date"),
    ("2021—2025年年均增长", "2021—2025年", "period", "2021-2025", "period"),
    ("2025 年,青岛", "2025 年", "period", "2025", "year"),
    ("“十四五”时期", "十四五", "period", "2021-2025", "period"),
    # the first months of a year
    ("今年首8個月上升19.3%", "首8個月", "period", "01/08", "period"),
    ("前两个月，全国零售总额增长5%", "前两个月", "period", "01/02", "period"),
    ("2023年首10个月合计上升17.1%", "2023年首10个月", "period", "2023-01/2023-10", "period"),
    ("首三个月", "首三个月", "period", "Q1", "period"),
    # dates written the ISO way, with a time of day if one
    ("时间：2026-02-03\n天津市市长", "2026-02-03", "date", "2026-02-03", "date"),
    ("2017-05-15 10:13:16", "2017-05-15 10:13:16", "date", "2017-05-15", "date"),
]


@pytest.mark.parametrize(("text", "surface", "kind", "period", "hint"), TIMES,
                         ids=[f"time:{t[1]}" for t in TIMES])
def test_time(text, surface, kind, period, hint) -> None:
    found = [q for q in extract_quantities(text) if q.text == surface]
    assert found, [q.text for q in extract_quantities(text)]
    assert (found[0].kind, found[0].period, found[0].role_hint) == (kind, period, hint)


# (text, surface, role_hint): mentions the grammar already knows are not figures.
NOT_FIGURES = [
    ("3.2.1家电焕新节", "3.2.1", "section_number"),
    ("3.1 市场规模与结构", "3.1", "section_number"),
    ("第三章", "第三章", "enumerator"),
    ("發力:一是深化校企合作", "一是", "enumerator"),
    ("“一城一仓”项目", "一城一仓", "name"),
    ("“一城一倉”項目", "一城一倉", "name"),
    ("“一带一路”", "一带一路", "name"),
    ("培育出一批新农人", "一批", "name"),
    ("雙輪驅動", "雙輪驅動", "name"),
    ("可实现 7×24 小时直播", "7×24 小时", "name"),
    ("PM\n2.5\n年平均浓度", "2.5", "name"),
    ("成为全省第4个机场", "第4个", "ordinal"),
    ("奉献了一场体育盛会", "一场", "article"),
    ("2025年单个粉丝", "2025年", "year"),
]


@pytest.mark.parametrize(("text", "surface", "hint"), NOT_FIGURES, ids=[f"not:{t[1]}" for t in NOT_FIGURES])
def test_not_a_figure(text, surface, hint) -> None:
    found = [q for q in extract_quantities(text) if q.text == surface]
    assert found, [q.text for q in extract_quantities(text)]
    assert found[0].role_hint == hint


@pytest.mark.parametrize(("text", "surface", "value", "unit"), [
    ("臨時數字為7 503 100人。", "7 503 100人", 7503100, "人"),  # Hong Kong's government writes spaces
    ("增加30 500人,升幅為0.4%", "30 500人", 30500, "人"),
    ("重回750萬 單程證移入", "750萬", 7.5e6, None),  # 單程: a word, not the counter 单
    ("成交1000单", "1000单", 1000, "单"),
])
def test_thousands_spaced_and_counters_that_begin_words(text, surface, value, unit) -> None:
    found = [q for q in extract_quantities(text) if q.text == surface]
    assert found, [q.text for q in extract_quantities(text)]
    assert (found[0].value, found[0].unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize("text", ["2019 2020 2021", "第1 2 3名"])
def test_spaced_numbers_that_are_no_thousands_stay_apart(text) -> None:
    assert all(" " not in q.text for q in extract_quantities(text))


@pytest.mark.parametrize("text", ["统一大市场", "进一步", "万千气象", "双向奔赴", "数字经济", "上合示范区",
                                  "汽車及汽車零件", "零部件产业", "〇件"])  # a zero alone begins a word
def test_words_with_numeral_characters_are_not_figures(text) -> None:
    assert extract_quantities(text) == []


def test_listed_figure_takes_the_unit_after_it() -> None:
    found = extract_quantities("客运量分别达1409万、1305万人次")
    assert [(q.text, q.unit, q.value) for q in found] == [
        ("1409万", "人次", 14_090_000.0), ("1305万人次", "人次", 13_050_000.0)]


def test_from_to_is_two_figures_not_a_range() -> None:
    found = extract_quantities("生产周期从15天压缩至7天")
    assert [q.text for q in found] == ["15天", "7天"]


@pytest.mark.parametrize(("text", "value"), [("一千二百亿", 1.2e11), ("1.2万", 12000), ("二〇二五", 2025),
                                             ("十五", 15), ("9.5万亿", 9.5e12), ("一千零五", 1005)])
def test_read_number(text, value) -> None:
    assert float(read_number(text)) == value


def test_vague_digit_and_step() -> None:
    assert read_vague("十几") == (11, 19)
    assert float(step_of(read_number("2000"))) == 1000
    assert float(step_of(read_number("1.5万"))) == 1000


# Property tests: any text, never an exception, and offsets always slice to the surface.
CJK_MIX = st.text(
    alphabet=st.sampled_from(list("0123456789０１２３４５６７８９.,%％-—~至到万萬亿億千百十一二两兩三〇零几幾数數多余元個个人年月日季度上半前第是分之成翻番倍:∶/ \n\t　的增长降低超近约以上下ABCxX×（）“”")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_any_text(text) -> None:
    for q in extract_quantities(text):
        assert text[q.start:q.end] == q.text


@settings(max_examples=500, deadline=None)
@given(CJK_MIX)
def test_offsets_slice_to_the_surface_on_mixed_text(text) -> None:
    previous_end = 0
    for q in extract_quantities(text):
        assert text[q.start:q.end] == q.text
        assert q.start >= previous_end and q.end > q.start
        previous_end = q.end


# --- a numeral is read whole or not at all (Recognizers-Text's cases among them) -------------
WHOLE = [
    ("四亿五千六百四十二万零一十五", 456_420_015.0, None),
    ("一万零二百五十", 10_250.0, None),
    ("一万二百五十人", 10_250.0, "人"),
    ("九十二万四", 924_000.0, None),
    ("两千三百五十人", 2350.0, "人"),
    ("十万柒仟捌佰伍拾肆元", 107_854.0, "CNY"),
    ("拾亿零六万零五百零六", 1_000_060_506.0, None),
    ("四十九兆九千五百九十二億元", 49_959_200_000_000.0, "CNY"),
    ("五兆六十二亿四万五千二", 5_006_200_045_200.0, None),
    ("四万万", 400_000_000.0, None),
    ("6億2千萬元", 620_000_000.0, "CNY"),
    ("5亿1万4千6百", 500_014_600.0, None),
    ("１１.92亿", 1_192_000_000.0, None),
    ("４,５６５家", 4565.0, "家"),
    ("４，５６５家", 4565.0, "家"),
    ("负10000元", -10_000.0, "CNY"),
]


@pytest.mark.parametrize(("text", "value", "unit"), WHOLE, ids=[w[0] for w in WHOLE])
def test_a_numeral_is_read_whole(text, value, unit) -> None:
    found = extract_quantities(text)
    assert [(q.text, q.value, q.unit) for q in found] == [(text, value, unit)]


@pytest.mark.parametrize("text", ["二三十个百分点", "一点两小时", "万万", "十折"])
def test_no_part_of_a_numeral_is_read_with_another_value(text) -> None:
    # `二三十` is an estimate, `一点两` no decimal (两 counts), `万万` no number, `十折` no discount
    values = {"一点两小时": [2.0]}.get(text, [])
    assert [q.value for q in extract_quantities(text)] == values


@pytest.mark.parametrize(("text", "value"), [
    ("四亿五千六百四十二万零一十五", 456420015), ("一万三", 13000), ("两千三点一", 2300.1),
    ("四百亿点零五零", 40000000000.05), ("一点二万亿", 1.2e12), ("百三", 130), ("四千二", 4200),
    ("五兆六十二亿四万五千二", 5006200045200), ("10万万", 1e9), ("七五", 75)])
def test_read_number_groups(text, value) -> None:
    assert float(read_number(text)) == value


@pytest.mark.parametrize("text", ["二三十", "万", "万万", "一百千", "十十", "1.2.3", "nan", "Infinity"])
def test_read_number_refuses_what_is_no_number(text) -> None:
    assert read_number(text) is None


def test_format_characters_inside_a_number_are_read_through() -> None:
    text = "投資1\u200b000萬元，增長\ufeff3.5%"
    found = extract_quantities(text)
    assert [(q.text, q.value, q.unit) for q in found] == [("1\u200b000萬元", 1e7, "CNY"), ("3.5%", 3.5, "%")]
    assert all(text[q.start:q.end] == q.text for q in found)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,万亿兆元%^e-")), min_size=1, max_size=400))
def test_no_value_is_ever_inf_or_nan(text) -> None:
    for q in extract_quantities(text):
        for v in (q.value, q.value_low, q.value_high):
            assert v is None or math.isfinite(v), q


def test_a_huge_digit_string_is_no_figure() -> None:
    digits = "1" * 400
    (q,) = extract_quantities(digits + "元")
    assert q.value is None and q.role_hint == "name" and q.text == digits + "元"


# (text, surface, value, unit, kind, unit_surface)
FORMS = [
    ("粮食产量132.4億斤", "132.4億斤", 1.324e10, "斤", "other", "斤"),
    ("增产百億斤", "百億斤", 1e10, "斤", "other", "斤"),
    ("直播间打七五折", "七五折", 75.0, "%", "percent", "折"),
    ("部分商品低至3折", "3折", 30.0, "%", "percent", "折"),
    ("限时9.9折", "9.9折", 99.0, "%", "percent", "折"),
    ("車費兩折", "兩折", 20.0, "%", "percent", "折"),
    ("全场打对折", "打对折", 50.0, "%", "percent", "折"),
    ("占三成半", "三成半", 35.0, "%", "percent", "成"),
    ("占八點五成", "八點五成", 85.0, "%", "percent", "成"),
    ("占2.5成", "2.5成", 25.0, "%", "percent", "成"),
    ("手机壳五元三毛", "五元三毛", 5.3, "CNY", "money", "元"),
    ("票价3元5角", "3元5角", 3.5, "CNY", "money", "元"),
    ("两美元又三美分", "两美元又三美分", 2.03, "USD", "money", "美元"),
    ("出生率6.39‰", "6.39‰", 0.639, "%", "percent", "‰"),
    ("税率千分之五", "千分之五", 0.5, "%", "percent", "千分之"),
    ("印花税万分之五", "万分之五", 0.05, "%", "percent", "万分之"),
    ("提高12k个百分点", "12k个百分点", 12000.0, "pp", "percentage_point", "个百分点"),
    ("這台電腦花费三块", "三块", 3.0, "CNY", "money", "块"),
    ("央行存单5306亿台币", "5306亿台币", 5.306e11, "TWD", "money", "台币"),
    ("兌澳元", None, None, None, None, None),
    ("儲值1000澳門元", "1000澳門元", 1000.0, "MOP", "money", "澳門元"),
    ("匯率1.2澳元", "1.2澳元", 1.2, "AUD", "money", "澳元"),
    ("居全國第5位", "第5位", 5.0, "rank", "rank", None),
    ("数量全国第一", "第一", 1.0, "rank", "rank", None),
    ("排名第3", "第3", 3.0, "rank", "rank", None),
    ("稳居全国首位", "首位", 1.0, "rank", "rank", None),
    ("2^5", "2^5", 32.0, None, "other", None),
    ("-12e-1", "-12e-1", -1.2, None, "other", None),
    ("3又一千分之23", "3又一千分之23", 3.023, "ratio", "ratio", None),
    ("一百分之二", "一百分之二", 0.02, "ratio", "ratio", None),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit", "kind", "unit_surface"), FORMS,
                         ids=[f[0] for f in FORMS])
def test_units_and_forms(text, surface, value, unit, kind, unit_surface) -> None:
    found = [q for q in extract_quantities(text) if q.role_hint is None]
    if surface is None:
        assert found == []
        return
    assert [(q.text, q.unit, q.kind, q.unit_surface) for q in found] == [(surface, unit, kind, unit_surface)]
    assert math.isclose(found[0].value, value, rel_tol=1e-9)


# (text, surface, role_hint): not figures
NOT_FIGURES_MORE = [
    ("学习党的二十届四中全会精神", "二十届", "name"),
    ("省委十三届七次全会", "十三届", "name"),
    ("贯彻市十六届人大三次会议确定的目标", "三次", "name"),  # the body between the session and its meeting
    ("省十四届人大常委会第二十次会议", "十四届", "name"),
    ("贯彻十四届全国人大三次会议精神", "三次", "name"),
    ("贯彻十四届全国人大三次会议精神", "十四届", "name"),
    ("开展直播电商发展三年行动", "三年", "name"),
    ("365天不落幕", "365天", "name"),
    ("办好10件事", "10件", "name"),
    ("千年古城", "千年", "name"),
    ("建党百年", "百年", "name"),
    ("—— 1/3 ——", "1/3", "enumerator"),
    ("（2/5）", "2/5", "enumerator"),
    ("成为全省第4个机场", "第4个", "ordinal"),
    ("第十四届人民代表大会", "第十四届", "ordinal"),
    ("第一产业增加值提升至全国第二", "第一", "ordinal"),
    ("将安全放在首位", "首位", "name"),
    ("4K超高清", "4", "name"),
    ("-2.5 M", "-2.5", "name"),
]


@pytest.mark.parametrize(("text", "surface", "hint"), NOT_FIGURES_MORE, ids=[t[0] for t in NOT_FIGURES_MORE])
def test_names_sessions_and_counters_are_not_figures(text, surface, hint) -> None:
    found = [q for q in extract_quantities(text) if q.text == surface]
    assert found, [q.text for q in extract_quantities(text)]
    assert found[0].role_hint == hint


def test_a_fraction_that_is_a_figure_is_kept_beside_a_counter_line() -> None:
    assert [q.role_hint for q in extract_quantities("约占全国1/10")] == [None]
    assert [(q.role_hint, q.value) for q in extract_quantities("-3/2")] == [(None, -1.5)]


# (text, surface, period)
PERIODS = [
    ("2017/18年度財政預算", "2017/18年度", "2017-2018"),
    ("1997-98年度", "1997-98年度", "1997-1998"),
    ("97-98年間", "97-98年", "1997-1998"),
    ("2023-24年度", "2023-24年度", "2023-2024"),
    ("2024/25", "2024/25", "2024-2025"),
    ("1999/00年度", "1999/00年度", "1999-2000"),
    ("前三季度GDP", "前三季度", "Q1-Q3"),
    ("首三季本港GDP", "首三季", "Q1-Q3"),
    ("1-9月利润", "1-9月", "Q1-Q3"),
]


@pytest.mark.parametrize(("text", "surface", "period"), PERIODS, ids=[p[0] for p in PERIODS])
def test_fiscal_years_and_cumulative_quarters_are_periods(text, surface, period) -> None:
    found = [q for q in extract_quantities(text) if q.text == surface]
    assert found, [q.text for q in extract_quantities(text)]
    assert (found[0].kind, found[0].period, found[0].value) == ("period", period, None)


@pytest.mark.parametrize(("text", "surfaces"), [
    ("10-11年", [("10-11年", "duration")]),        # two-digit years before 年 only in the last century
    ("18-19岁", [("18-19岁", "duration")]),       # an age: a duration in years
    ("比值2017/19", [("2017/19", "ratio")]),        # no fiscal year: the years do not follow
    ("得分20/30", [("20/30", "ratio")]),
])
def test_number_pairs_that_are_no_fiscal_year(text, surfaces) -> None:
    assert [(q.text, q.kind) for q in extract_quantities(text)] == surfaces


@pytest.mark.parametrize(("text", "surface", "period"), [
    # official texts set the zero of a year in Chinese numerals as a circle (U+25CB, U+25EF) or a
    # full-width O: the year is read whole, never as a duration of its last digits (`三五年`)
    ("为二○三五年基本实现社会主义现代化打下坚实基础", "二○三五年", "2035"),
    ("房屋署收到的投訴，由二○○五年的約18 900宗下降至近三年", "二○○五年", "2005"),
    ("即二○二二至二○二四年每年平均約1 300宗", "二○二二至二○二四年", "2022-2024"),
    ("二◯二五年全市生产总值增长5%", "二◯二五年", "2025"),
    ("二Ｏ二三年全年營業額", "二Ｏ二三年", "2023"),
])
def test_a_year_with_its_zero_set_as_a_circle(text, surface, period) -> None:
    found = [q for q in extract_quantities(text) if q.text == surface]
    assert found and found[0].period == period


@pytest.mark.parametrize("text", ["评分：○ 良好 ◯ 一般", "○三项任务", "ＯＫ"])
def test_a_circle_outside_a_year_is_no_numeral(text) -> None:
    assert not [q for q in extract_quantities(text) if any(ch in q.text for ch in "○◯Ｏ")]
