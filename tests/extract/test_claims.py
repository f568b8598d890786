"""extract_claims: the attribute rules, one phenomenon at a time, in both scripts."""

from __future__ import annotations

import hashlib

import pytest

from qdextract import extract_claims
from qdextract.extract.claims import claims_from_passages, heading_modality
from qdextract.ids import claim_id
from qdextract.text.structure import structure_document


def _only(text: str, figure: str):
    found = [c for c in extract_claims(text) if figure in c.surface]
    assert len(found) == 1, [c.surface for c in extract_claims(text)]
    return found[0]


@pytest.mark.parametrize(("text", "figure", "qualifier"), [
    ("交易规模突破1200亿元。", "1200亿元", "more_than"),
    ("交易規模突破1200億元。", "1200億元", "more_than"),
    ("带动就业岗位超15万个。", "15万个", "more_than"),
    ("直接从业人员近4万人。", "4万人", "approx"),
    ("形成10个以上产业直播集群。", "10个", "at_least"),
    ("订单响应周期缩短至72小时以内。", "72小时", "at_most"),
    ("转化率不足2%。", "2%", "less_than"),
    ("占比达42%。", "42%", "exact"),
    ("月均成本仅数百元。", "数百元", "approx"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_qualifier(text, figure, qualifier) -> None:
    assert _only(text, figure).qualifier == qualifier


@pytest.mark.parametrize(("text", "figure", "direction", "role"), [
    ("复购率提升22%。", "22%", "increase", "change"),
    ("自播比例提升至41%。", "41%", "increase", "level"),
    ("自播比例提昇至41%。", "41%", "increase", "level"),
    ("運營成本降低 30%-50%。", "30%-50%", "decrease", "change"),
    ("退货率低于行业平均水平15个百分点。", "15个百分点", "decrease", "difference"),
    ("渗透率比全国平均水平高2.3个百分点。", "2.3个百分点", "increase", "difference"),
    ("占全省比重达42%。", "42%", None, "level"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_direction_and_value_role(text, figure, direction, role) -> None:
    claim = _only(text, figure)
    assert (claim.direction, claim.value_role) == (direction, role)


@pytest.mark.parametrize("text", ["生产周期从15天压缩至7天。", "生產周期從15天壓縮至7天。"])
def test_from_to(text) -> None:
    claims = extract_claims(text)
    assert len(claims) == 1
    c = claims[0]
    assert (c.value, c.from_value, c.direction, c.value_role, c.unit) == (7.0, 15.0, "decrease", "level", "day")
    assert "15" in c.surface and "7天" in c.surface


def test_listed_from_values_pair_in_order() -> None:
    claims = extract_claims("补贴标准分别从每人每月209元、280元提高到217元、290元。")
    assert [(c.value, c.from_value) for c in claims] == [(217.0, 209.0), (290.0, 280.0)]


def test_yoy_and_base_period() -> None:
    text = "2025年单个粉丝获取成本达8.7元,较2023年上涨120%,交易规模同比增长38%。"
    assert _only(text, "120%").base_period == "2023"
    assert _only(text, "120%").yoy is False
    assert _only(text, "38%").yoy is True


@pytest.mark.parametrize(("text", "figure", "period", "year"), [
    ("截至2025年一季度,青岛市交易规模突破1200亿元。库存周转率提升40%。", "40%", "2025Q1", 2025),
    ("截至2025年一季度,青島市交易規模突破1200億元。庫存周轉率提升40%。", "40%", "2025Q1", 2025),
    ("2024年带动就业岗位超15万个。农村网络零售额增长41%。", "41%", None, None),
    ("2025 年,企业推出数字人主播。单场直播销售额突破 1 亿元。", "1 亿元", "2025", 2025),
    ("预计到 2027 年,网络零售额将突破 1700 亿元。", "1700 亿元", "2027", 2027),
    ("2026年是第一年。今年地区生产总值增长5%。", "5%", "2026", 2026),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_period_from_sentence_or_paragraph(text, figure, period, year) -> None:
    claim = _only(text, figure)
    assert (claim.period, claim.year) == (period, year)


@pytest.mark.parametrize(("text", "figure", "modality"), [
    ("预计到2027年,零售额将突破1700亿元。", "1700亿元", "forecast"),
    ("青岛将呈现三大趋势:形成10个以上产业集群。", "10个", "forecast"),
    ("计划打造10个电商直播中心。", "10个", "target"),
    ("計劃打造10個電商直播中心。", "10個", "target"),
    ("将直播间嵌入保税仓,单场直播销售额突破1亿元。", "1亿元", "actual"),
    ("虚拟主播单场观看时长延长40%。", "40%", "actual"),
    ("主要预期目标是:地区生产总值增长5%;地方收入增长3%左右。", "3%", "target"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_modality(text, figure, modality) -> None:
    assert _only(text, figure).modality == modality


@pytest.mark.parametrize(("text", "figure", "modality"), [
    ("三、2026年工作安排\n新建充电桩5000个。\n", "5000个", "target"),
    ("三、2026年工作安排\n新建充電樁5000個。\n", "5000個", "target"),
    ("二、今后五年的主要目标\n常住人口城镇化率提高到78%。\n", "78%", "target"),
    ("二、今後五年的主要目標\n常住人口城鎮化率提高到78%。\n", "78%", "target"),
    ("四、2027年发展展望\n充电桩总量达到6万个。\n", "6万个", "forecast"),
    ("四、2027年發展展望\n充電樁總量達到6萬個。\n", "6萬個", "forecast"),
    ("一、2025年工作回顾\n新建充电桩4800个。\n", "4800个", "actual"),
    ("一、2025年工作回顧\n新建充電樁4800個。\n", "4800個", "actual"),
    # The innermost heading that names a modality holds.
    ("三、2026年工作安排\n（一）交通设施\n新建充电桩5000个。\n", "5000个", "target"),
    ("三、2026年工作安排\n（一）2025年完成情况\n新建充电桩4800个。\n", "4800个", "actual"),
    ("三、2026年工作安排\n（一）2025年完成情況\n新建充電樁4800個。\n", "4800個", "actual"),
    # A heading naming two modalities gives none.
    ("一、2025年工作回顾与2026年展望\n新建充电桩4800个。\n", "4800个", "actual"),
    # Headings without a cue give none.
    ("3.1 市场规模与结构\n交易规模突破1200亿元。\n", "1200亿元", "actual"),
    ("3.1 市場規模與結構\n交易規模突破1200億元。\n", "1200億元", "actual"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_modality_from_section_heading(text, figure, modality) -> None:
    assert _only(text, figure).modality == modality


@pytest.mark.parametrize(("text", "figure", "modality"), [
    # A result stated in the figure's own clause wins over a plan heading…
    ("三、2026年工作安排\n已建成充电桩4.8万个，新建充电桩5000个。\n", "4.8万个", "actual"),
    ("三、2026年工作安排\n已建成充電樁4.8萬個，新建充電樁5000個。\n", "4.8萬個", "actual"),
    ("三、2026年工作安排\n已建成充电桩4.8万个，新建充电桩5000个。\n", "5000个", "target"),
    ("三、2026年工作安排\n已建成充電樁4.8萬個，新建充電樁5000個。\n", "5000個", "target"),
    # …and so does the sentence's own forecast or target cue.
    ("三、2026年工作安排\n预计城镇新增就业60万人以上。\n", "60万人", "forecast"),
    ("三、2026年工作安排\n預計城鎮新增就業60萬人以上。\n", "60萬人", "forecast"),
    ("一、2025年工作回顾\n计划新建充电桩5000个。\n", "5000个", "target"),
    ("一、2025年工作回顧\n計劃新建充電樁5000個。\n", "5000個", "target"),
    # A result word does not override the sentence's own target cue.
    ("三、2026年工作安排\n力争已建成充电桩达到6万个。\n", "6万个", "target"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_sentence_cue_wins_over_heading(text, figure, modality) -> None:
    assert _only(text, figure).modality == modality


def test_heading_modality_reads_the_innermost_cued_title() -> None:
    assert heading_modality("三、2026年工作安排") == "target"
    assert heading_modality("三、2026年工作安排 > （一）推动城市高质量发展") == "target"
    assert heading_modality("三、2026年工作安排 > （一）2025年完成情況") == "actual"
    assert heading_modality("第六章 未來展望") == "forecast"
    assert heading_modality("第三章 數據透視產業全貌 > 3.1 市場規模與結構") is None
    assert heading_modality("") is None


def test_heading_cues_read_in_either_script_as_after_normalizing() -> None:
    # titles are matched as they stand: each cue word, written Traditional, in a title with
    # full-width digits, reads as the normalized title does
    from qdextract.text.normalize import _converter, norm
    from qdextract.zh.lexicon import cues

    for word, modality in cues().heading_modality.items():
        title = "三、２０２６年" + _converter("s2t").convert(word)
        assert heading_modality(title) == modality, title
        assert heading_modality(norm(title)) == modality, norm(title)


def test_heading_gives_its_period() -> None:
    claim = _only("三、2026年工作安排\n新建充电桩5000个。\n", "5000个")
    assert (claim.period, claim.year, claim.section_path) == ("2026", 2026, "三、2026年工作安排")


@pytest.mark.parametrize(("text", "figure", "metric", "subject"), [
    ("青岛市直播电商交易规模突破1200亿元。", "1200亿元", "直播电商交易规模", "青岛市"),
    ("傳統外貿企業轉型占比達65%。", "65%", "转型占比", "传统外贸企业"),
    ("海尔集团将生产流程拆解为128个可直播节点。", "128个", "可直播节点", "海尔集团"),
    ("带动农村网络零售额增长41%。", "41%", "农村网络零售额", None),
    ("18-25岁Z世代占比37%。", "37%", "占比", "18-25岁Z世代"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_metric_and_subject(text, figure, metric, subject) -> None:
    claim = _only(text, figure)
    assert (claim.metric_norm, claim.subject_norm) == (metric, subject)


def test_fenbie_pairs_items_with_figures() -> None:
    claims = extract_claims("刑事治安、涉诈、涉毒警情分别下降17.7%、17.4%、68%。")
    assert [(c.metric, c.value, c.direction) for c in claims] == [
        ("刑事治安警情", 17.7, "decrease"), ("涉诈警情", 17.4, "decrease"), ("涉毒警情", 68.0, "decrease")]
    places = extract_claims("广州、深圳地铁单日最高客运量分别达1409万、1305万人次。")
    assert [(c.subject, c.unit) for c in places] == [("广州", "人次"), ("深圳", "人次")]


@pytest.mark.parametrize(("text", "figure"), [
    ("18-25岁Z世代占比37%。", "18-25岁"),
    ("2000元以上商品销售额增长68%。", "2000元"),
    ("华润微电子12英寸产线建成投产,产量增长5%。", "12英寸"),
    ("在线交易额每增加1亿元,可带动就业1100人。", "1亿元"),
    ("培育出一批新农人,增长5%。", "一批"),
    ("一是深化合作,增长5%。", "一是"),
    ("“一城一仓”项目落地,增长5%。", "一城一仓"),
    ("“两头高中间低”特征,增长5%。", "两头"),
    ("重点抓好以下14个方面的工作,增长5%。", "14个"),
    ("这是人民生活品质不断提高的五年,增长5%。", "五年"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_not_claims(text, figure) -> None:
    surfaces = [c.surface for c in extract_claims(text)]
    assert surfaces and not [s for s in surfaces if figure in s]


def test_claim_offsets_and_id_are_stable() -> None:
    text = "第三章\n3.1 市場規模與結構\n截至2025年一季度,青島市直播電商交易規模突破1200億元,同比增長38%。\n"
    claims = extract_claims(text, doc_id="d1")
    assert [c.surface for c in claims] == ["突破1200億元", "38%"]
    for c in claims:
        assert text[c.char_start:c.char_end] == c.surface
        digest = hashlib.sha1(f"d1|{c.char_start}|{c.char_end}".encode()).hexdigest()[:16]
        assert c.claim_id == "c_" + digest == claim_id("d1", c.char_start, c.char_end)
        assert c.section_path.endswith("3.1 市場規模與結構")
    assert claims == extract_claims(text, doc_id="d1")


def test_mentions_account_for_every_figure() -> None:
    text = "3.2 典型場景\n截至2025年一季度,交易規模突破1200億元。從三方面發力:一是深化合作,投資5億建設產業園。\n"
    structure = structure_document(text, "d")
    claims, mentions = claims_from_passages(structure.passages, "d")
    roles = {m.text: m.role for m in mentions}
    assert roles["2025年一季度"] == "period"
    assert roles["1200億元"] == "claim"
    assert roles["一是"] == "enumerator"
    ids = {c.claim_id for c in claims}
    assert all(m.claim_id in ids for m in mentions if m.role == "claim")
    assert all(text[m.char_start:m.char_end] == m.text for m in mentions)
    five = [c for c in claims if "5億" in c.surface][0]
    assert (five.unit, five.kind, five.value) == ("CNY", "money", 5e8)


def test_figures_in_headings_are_listed_never_claimed() -> None:
    text = "第三章\n數據透視\n3.1 市場規模與結構\n交易規模突破1200億元。\n3.2.1家電煥新節\n銷售額提升102%。\n"
    structure = structure_document(text, "d")
    claims, mentions = claims_from_passages(structure.passages, "d", text)
    roles = {m.text: m.role for m in mentions}
    assert roles == {"第三章": "enumerator", "3.1": "section_number", "1200億元": "claim",
                     "3.2.1": "section_number", "102%": "claim"}
    assert [m.char_start for m in mentions] == sorted(m.char_start for m in mentions)
    assert all(text[m.char_start:m.char_end] == m.text for m in mentions)
    assert len(claims) == 2


@pytest.mark.parametrize(("text", "period"), [
    ("2025年全市经济平稳。上半年，社会消费品零售总额增长5%。", "2025H1"),  # the paragraph's year
    ("2025年全市經濟平穩。上半年，社會消費品零售總額增長5%。", "2025H1"),
    ("上半年，社会消费品零售总额增长5%。", None),  # no year anywhere: no period
    ("90岁及以上半年人服务率达到78%以上。", None),
])
def test_a_period_without_a_year_takes_the_paragraphs_or_none(text, period) -> None:
    (claim,) = extract_claims(text)
    assert claim.period == period
    assert claim.year == (int(period[:4]) if period else None)


# ---------------------------------------------------------------- where a figure is read: origin


def test_table_cells_are_claims_with_header_metric_and_row_subject() -> None:
    text = ("2024年各省开发者分布如下：\n\n| 排名 | 省份 | 总人数 | 全国占比 | 实际总量（万） |\n"
            "|---|---|---|---|---|\n| 1 | 北京 | 38,323 | 22.04% | 89.62 |\n| 2 | 广东 | 15,816 | 14.49% | 76.52 |\n")
    claims = extract_claims(text)
    assert {c.origin for c in claims} == {"table"}
    by = {(c.subject, c.metric): c for c in claims}
    assert set(by) == {(s, m) for s in ("北京", "广东") for m in ("总人数", "全国占比", "实际总量")}
    assert by[("北京", "全国占比")].value == 22.04 and by[("北京", "全国占比")].unit == "%"
    assert by[("广东", "实际总量")].value == 765200.0  # the header's 万 applies to the bare number
    assert all(c.period == "2024" for c in claims)  # the caption names the year
    assert not [c for c in claims if c.surface in ("1", "2")]  # the rank column holds no claims


def test_origin_tells_title_list_and_prose_apart() -> None:
    text = "# 首季GDP跌6.8%\n\n出口下跌15%。\n\n- 零售額增長3%\n"
    origins = {c.surface: c.origin for c in extract_claims(text)}
    assert origins == {"6.8%": "title", "15%": "prose", "3%": "list"}


def test_no_markup_reaches_metric_or_subject() -> None:
    claims = extract_claims("中国开发者总量为**9,404,966人**，**北上广深**地区占据主要份额。")
    assert claims and not [c for c in claims if "*" in (c.metric or "") + (c.subject or "")]


# ---------------------------------------------------------------- period from the section heading


@pytest.mark.parametrize(("heading", "period"), [
    ("一、2025年工作回顾", "2025"),
    ("三、2026年重点工作", "2026"),
    ("二、“十五五”时期主要目标和重大举措", "2026-2030"),
    ("一、“十四五”时期和2025年工作回顾", None),  # two periods: the heading does not say which
    ("一、工作回顾", None),
])
def test_a_figure_takes_the_period_of_its_section_heading(heading, period) -> None:
    (claim,) = extract_claims(f"{heading}\n地区生产总值增长5.4%。")
    assert claim.period == period


def test_the_sentence_and_paragraph_period_win_over_the_heading() -> None:
    claims = extract_claims("一、2025年工作回顾\n2024年，全省粮食产量增长2%，工业增长5%。")
    assert [c.period for c in claims] == ["2024", "2024"]


@pytest.mark.parametrize("text, metrics", [
    # a list written in shorthand before `分别` is written out, each item with its measure
    ("一、二、三产业增加值分别增长4.2%、5%、5.4%。", ["第一产业增加值", "第二产业增加值", "第三产业增加值"]),
    # (residents heading their income measure are its subject: 城镇居民 / 人均可支配收入)
    ("城乡居民人均可支配收入分别增长4.5%、6.5%。", ["城镇居民人均可支配收入", "农村居民人均可支配收入"]),
    # a compound naming two measures: what it says before and after goes with each
    ("一般公共预算收支累计分别突破9千亿元、3万亿元。", ["一般公共预算收入", "一般公共预算支出"]),
    ("实际使用内外资分别增长10%、6.4%。", ["实际使用内资", "实际使用外资"]),
    ("金融机构人民币存贷款余额分别增长6.9%、6.6%。", ["金融机构人民币存款余额", "金融机构人民币贷款余额"]),
])
def test_a_shorthand_list_is_written_out(text, metrics) -> None:
    assert [(c.subject_norm or "") + c.metric_norm for c in extract_claims(text)] == metrics


@pytest.mark.parametrize("text, metrics", [
    # a `分别` list whose figures open their own clause pairs with what the clause before names
    ("其中，利得稅與薪俸稅收入依然保持平穩，分別為1777億元和880億元。", ["利得税收入", "薪俸税收入"]),
    ("出口和进口均有增长，分别增长5%、3%。", ["出口", "进口"]),
])
def test_a_list_in_the_clause_before_pairs_with_its_figures(text, metrics) -> None:
    assert [c.metric_norm for c in extract_claims(text)] == metrics


def test_a_run_of_spaces_parts_the_blocks_of_a_scraped_page() -> None:
    (claim,) = extract_claims("炫图 视频   收割水稻      西双版纳现龙卷风天气热词        4月工业增加值增长6.5%")
    assert claim.metric_norm == "工业增加值"


def test_a_table_rows_name_without_its_markup_is_the_subject() -> None:
    text = "| 文件 | 字数 |\n|---|---|\n| `data.md` | 14,078 |\n| **报告.md** | 36,006 |\n"
    assert sorted(c.subject for c in extract_claims(text)) == ["data.md", "报告.md"]
