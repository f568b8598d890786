"""Period and modality from context (claims/context.py): what a figure inherits when its own
sentence does not say, by phenomenon."""

from __future__ import annotations

import pytest

from qdextract import extract_claims
from qdextract.extract.claims.context import document_date
from qdextract.text.structure import structure_document


def _claim(text: str, figure: str):
    found = [c for c in extract_claims(text) if figure in c.surface]
    assert found, f"no claim at {figure!r} in {[c.surface for c in extract_claims(text)]}"
    return found[0]


# -- a time phrase opening a paragraph holds through its section --------------------------------

@pytest.mark.parametrize("text, figure, period", [
    # a topic sentence `2025年是…` dates the paragraphs of its section that follow
    ("一、工作回顾\n2025年是“十四五”收官之年，我们顶压前行。\n\n一是稳增长。地区生产总值增长5%。", "5%", "2025"),
    # a named span `“十四五”时期是…的五年` likewise
    ("一、“十四五”时期和2025年工作回顾\n“十四五”时期是极不平凡的五年。\n\n（一）经济实力显著增强。"
     "地区生产总值达14.2万亿元。", "14.2万亿元", "2021-2025"),
    # Traditional script
    ("一、工作回顧\n2025年是“十四五”收官之年，我們頂壓前行。\n\n一是穩增長。地區生產總值增長5%。", "5%", "2025"),
    # a span counted back from the heading's year
    ("一、2025年工作回顾\n五年来，我们牢记嘱托。地区生产总值年均增长5.2%。", "5.2%", "2021-2025"),
    ("一、工作回顾\n“十四五”时期是蓄势聚能的五年。这五年，发展质效持续提升。财政收入达到1350亿元。",
     "1350亿元", "2021-2025"),
])
def test_a_paragraph_opening_time_holds_in_its_section(text, figure, period):
    assert _claim(text, figure).period == period


@pytest.mark.parametrize("text, figure, period", [
    # a topic sentence of judgement (`很不平凡`, `极不寻常`) opens a paragraph like `2025年是…`
    ("一、“十四五”时期和2025年工作回顾\n刚刚过去的2025年很不平凡。一年来，生产总值增长5.6%。", "5.6%", "2025"),
    # a span counted back from the year every time of the heading ends in
    ("一、“十四五”时期和2025年工作回顾\n过去的五年极不寻常。我们稳中求进。\n综合实力稳步提升。生产总值6.66万亿元。",
     "6.66万亿元", "2021-2025"),
    ("一、2025年和“十四五”时期工作回顾\n五年来，京津冀协同发展动能不断显现。29家全国重点实验室落地。", "29家",
     "2021-2025"),
    ("一、2025年和“十四五”时期工作回顾\n过去一年是大事要事难事集中交织的一年。我们攻坚克难。\n"
     "新增经营主体37万户。", "37万户", "2025"),
    # the past years before a dated document's writing, when no heading names a year
    ("时间：2026-02-07\n\n二、“十四五”时期发展成就和“十五五”时期主要目标任务\n过去五年，我们勇担使命。"
     "地区生产总值年均增长4.8%。", "4.8%", "2021-2025"),
])
def test_a_review_opens_with_the_year_or_the_years_it_looks_back_on(text, figure, period):
    assert _claim(text, figure).period == period


def test_a_sections_opening_time_holds_in_its_subsections():
    text = ("一、2025年和“十四五”时期工作回顾\n过去一年是大事要事集中交织的一年。我们攻坚克难。\n"
            "（一）持续夯实高质量发展基础\n中资环5家二级公司有序展业。\n"
            "（二）2024年回顾\n新设企业120家。")
    assert _claim(text, "5家").period == "2025"
    assert _claim(text, "120家").period == "2024"  # a subsection naming its own time keeps it


def test_headings_naming_several_times_do_not_fall_back_to_the_documents_year():
    text = ("时间：2026-02-07\n\n二、“十四五”时期发展成就和“十五五”时期主要目标任务\n"
            "一般公共预算收支累计分别突破9千亿元、3万亿元。")
    assert _claim(text, "9千亿元").period is None


@pytest.mark.parametrize("text, figure, base", [
    ("2025年4月份，规模以上工业增加值增长6.1%，比1-3月份加快0.5个百分点。", "0.5个百分点", "2025Q1"),
    ("2025年一季度，全省生产总值增长5%，比上年四季度加快0.3个百分点。", "0.3个百分点", "2024Q4"),
    ("2025年一季度，全省生产总值比上年四季度环比增长2.2%。", "2.2%", "2024Q4"),
    ("4月份，规模以上工业增加值增长6.1%，比1-3月份加快0.5个百分点。", "0.5个百分点", None),  # no year: untold
])
def test_a_base_period_takes_the_figures_year(text, figure, base):
    assert _claim(text, figure).base_period == base


@pytest.mark.parametrize("text, figure, base", [
    ("2017年4月份，工业增加值增速比上月回落1.1个百分点。", "1.1个百分点", "2017-03"),
    ("2017年4月份，工业增加值增速比上年同月加快0.5个百分点。", "0.5个百分点", "2016-04"),
    ("2017年4月份，工业增加值环比增长0.56%。", "0.56%", "2017-03"),
    ("2017年1-4月份，网上零售额增速比上年同期加快1.8个百分点。", "1.8个百分点", "2016-01/2016-04"),
    ("2025年，全省生产总值比上年增长5%。", "5%", "2024"),
    ("2025年一季度，生产总值环比增长1.6%。", "1.6%", "2024Q4"),
])
def test_a_base_named_from_the_figures_own_time(text, figure, base):
    assert _claim(text, figure).base_period == base


def test_a_base_period_is_not_the_figures_own_time():
    assert _claim("2025年一季度，全省生产总值比上年四季度环比增长2.2%。", "2.2%").period == "2025Q1"


def test_a_parenthesized_date_line_dates_the_document():
    text = "前三季度国民经济运行稳中有进\n(2016年10月19日)\n国家统计局\n初步核算,前三季度国内生产总值529971亿元。"
    assert _claim(text, "529971亿元").period == "2016Q1-Q3"


def test_a_date_standing_alone_on_a_line_dates_the_document():
    text = "香港十月零售值按年升12%\n2021-12-01\n10月零售業總銷貨價值臨時估計為307億港元。"
    c = _claim(text, "307億港元")
    assert (c.period, c.modality) == ("2021-10", "actual")  # a provisional estimate is a result


def test_an_index_of_expectations_is_no_forecast():
    assert _claim("2023年3月份，企业生产经营活动预期指数为55.5%。", "55.5%").modality == "actual"


def test_a_five_year_plan_is_a_name_not_a_duration():
    text = "市政府制定了《上海市国民经济和社会发展第十五个五年规划纲要（草案）》，提请本次大会审查。"
    assert [c.surface for c in extract_claims(text)] == []


def test_a_new_section_does_not_inherit_the_last_ones_time():
    text = ("一、工作回顾\n2025年是收官之年，我们顶压前行。\n\n二、主要任务\n\n地区生产总值增长5%。")
    assert _claim(text, "5%").period is None


def test_a_title_starts_an_article_of_its_own():
    """A news feed: the next item's title ends what the last item's opening time said."""
    text = ("恒指收市升2%\n\n2024年，港股成交额增长8%。\n\n台股收市升0.5%\n\n加权指数收市升幅0.6%。")
    assert _claim(text, "8%").period == "2024"
    assert _claim(text, "0.6%").period is None


# -- a time phrase opening a later clause, or after an inline heading ---------------------------

@pytest.mark.parametrize("text, figure, period", [
    ("4月份，全国工业增加值增长6.5%。一、投资较快    1-4月份，全国投资增长8.9%。其中，民间投资增长6.9%。",
     "6.9%", "2017-01/2017-04"),
    ("2017年4月份，全国工业增加值增长6.5%，1-4月份，全国投资增长8.9%。民间投资增长6.9%。",
     "6.9%", "2017-01/2017-04"),
])
def test_a_later_clause_opening_time_holds_for_the_sentences_after(text, figure, period):
    text = "发布时间：2017-05-15\n" + text
    assert _claim(text, figure).period == period


# -- relative years and the document's own date ------------------------------------------------

@pytest.mark.parametrize("text, figure, period", [
    # a news item's date line dates what nothing else dates, and 今年/去年/即日起 by it
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n港股收市升753點，升幅3.3%。", "3.3%", "2025"),
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n去年的非法投注額高達700億元。", "700億元", "2024"),
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n物業價值上限由300萬元提高至400萬元，即日生效，惠及15%的個案。",
     "15%", "2025-02-26"),
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n由今年6月起，補貼上限為400元。", "400元", "2025-06"),
    # a title's month takes the date line's year
    ("4月工业增加值增长6.5% 2017-05-15 10:13:16来源：新华网\n\n内容。", "6.5%", "2017-04"),
    # a comparison's base is no date: 比去年 does not make the figure last year's
    ("时间：2026-02-09\n\n地区生产总值比去年增长5%。", "5%", "2026"),
])
def test_relative_years_and_the_date_line(text, figure, period):
    assert _claim(text, figure).period == period


@pytest.mark.parametrize("text, figure", [
    ("Wed, 26 Feb 2723 09:59:54 +0000\n\n港股收市升753點，升幅3.3%。", "3.3%"),  # a garbled date line
    ("Mon, 03 Mar 1750 09:59:54 +0000\n\n去年的非法投注額高達700億元。", "700億元"),  # 去年 of it: 1749
    ("Wed, 26 Feb 2723 09:59:54 +0000\n\n上限提高至400萬元，即日生效，惠及15%的個案。", "15%"),  # its day
])
def test_a_time_outside_the_grammars_years_dates_nothing(text, figure):
    claim = _claim(text, figure)
    assert claim.period is None and claim.year is None and claim.base_period is None


def test_the_document_date_from_a_date_line_or_the_title():
    def date(text):
        return document_date(structure_document(text, "d").passages, text)
    assert date("2026年江苏省政府工作报告\n——2026年2月3日在江苏省第十四届人民代表大会第五次会议上\n正文。") == "2026-02-03"
    assert date("2026年江苏省政府工作报告\n\n正文。") == "2026"
    assert date("rss\nWed, 26 Feb 2025 09:59:54 +0000\n正文。") == "2025-02-26"
    assert date("没有日期的文字。") is None


def test_a_heading_figure_that_is_no_year_gives_no_period():
    """`道指曾跌逾2100點`: a figure before a unit in a heading is no year."""
    text = "# 美股持續急挫　道指曾跌逾2100點\n\n紐約股市三大指數下跌4%至6%。"
    assert _claim(text, "4%至6%").period is None


def test_table_cells_take_the_section_headings_period():
    text = ("#### 1.4.1 2024 年开发者使用编程语言榜单\n\n| 排名 | 语言 | 开发者数 |\n|---|---|---|\n"
            "| 1 | JavaScript | 591 |\n")
    assert _claim(text, "591").period == "2024"


# -- modality ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, figure, modality", [
    # expectations as a noun are no cue
    ("一、2025年工作回顾\n多措并举稳就业、稳预期，地区生产总值增长5.1%。", "5.1%", "actual"),
    ("美國3月非農業新增職位22.8萬個，勝預期。", "22.8萬個", "actual"),
    # a programme's name ending in 计划 is no plan
    ("其他措施包括各項入境計劃，收取申請費600元。", "600元", "actual"),
    # a statistical term
    ("新开工项目计划总投资107911亿元。", "107911亿元", "actual"),
    # 料 / 预料 / 估算: forecasts; 材料 is no cue
    ("籃球博彩稅料每年15億至20億元收入", "15億至20億元", "forecast"),
    ("摩根大通預料，全球經濟衰退可能性由40%上升至60%。", "60%", "forecast"),
    ("估算上調稅項可增加約16億元收入。", "16億元", "forecast"),
    ("新材料产业产值增长12%。", "12%", "actual"),
    # 将 before more verbs of the budget
    ("政府將增撥1.8億元。", "1.8億元", "forecast"),
    ("發債規模將於2027/28年度增至1950億元。", "1950億元", "forecast"),
])
def test_modality_cues(text, figure, modality):
    assert _claim(text, figure).modality == modality


@pytest.mark.parametrize("text, figure, modality", [
    # under a review heading, a benchmark or what was obtained is a result
    ("一、工作回顾\n国考断面水体比例优于国家考核目标14.6个百分点。", "14.6个百分点", "actual"),
    ("一、2025年工作回顾\n争取中央预算内投资237亿元。", "237亿元", "actual"),
    # a planning verb still makes a target there (the sentence says so)
    ("一、2025年工作回顾\n计划新建公共充电桩5000个。", "5000个", "target"),
    # and the same words under a plan heading keep their target
    ("三、2026年工作安排\n争取中央预算内投资240亿元。", "240亿元", "target"),
])
def test_review_heading_reads_weak_cues_as_results(text, figure, modality):
    assert _claim(text, figure).modality == modality


@pytest.mark.parametrize("text, figure, period", [
    # 今年/去年 count from the time of writing, even after another year in the paragraph
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n政府於2003年曾提出同類收費。按去年500萬架次推算，每年可帶來約10億元收入。",
     "500萬架次", "2024"),
    # in a document that writes fiscal years, 本年度 and 來年 are fiscal years
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n2024/25年度政府開支與預算相若。\n\n預算案提到本年度地價收入為135億元。",
     "135億元", "2024-2025"),
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n2024/25年度政府開支與預算相若。\n\n料來年潛在土地供應可建約13700個單位。",
     "13700個", "2025-2026"),
])
def test_deictic_and_fiscal_relative_years(text, figure, period):
    assert _claim(text, figure).period == period


# -- spans: named without years, joined fiscal years, parts of a fiscal year, since the year's start

@pytest.mark.parametrize("text, figure, period", [
    # a span named without its years dates nothing: not the document's year
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n八間資助大學未來三年獲撥款總額達681億元。", "681億元", None),
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n陳茂波說，這段期間政府基本工程開支平均每年約1200億元。", "1200億元", None),
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n在中期財政預測期內，借款上限將上調至7000億元。", "7000億元", None),
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n本屆政府任期內削減約1萬個職位。", "1萬個", None),
    # a time of its own still dates the figure
    ("Wed, 26 Feb 2025 09:59:54 +0000\n\n2025/26年度將扣減未來5年所需開支後，回撥620億元。", "620億元", "2025-2026"),
    # and a span counted back opening a clause is no open span
    ("一、2025年工作回顾\n五年来，我们牢记嘱托。地区生产总值年均增长5.2%。", "5.2%", "2021-2025"),
    # fiscal years joined by 及 are one span
    ("公務員編制在2026/27及2027/28年度，每年減2%。", "2%", "2026-2028"),
    # a quarter of a fiscal year is of that fiscal year, not of the calendar's first quarter
    ("寬減2025/26年度首季物業差餉，每戶上限500元。", "500元", "2025-2026"),
    # since the year's start: January to the month the sentence is in
    ("服务业运行平稳 2017-05-15 10:13:16来源：新华网\n\n4月份，全国服务业生产指数同比增长8.1%，"
     "今年以来一直保持在8%以上。", "8%", "2017-01/2017-04"),
])
def test_spans_without_years_and_fiscal_parts(text, figure, period):
    assert _claim(text, figure).period == period


@pytest.mark.parametrize("text, figure, yoy", [
    # a paragraph that states its changes year on year goes on doing so
    ("4月份，进出口总额22205亿元，同比增长16.2%。其中，出口12414亿元，增长14.3%。", "14.3%", True),
    # unless a change states a basis of its own
    ("4月份，居民消费价格同比上涨1.2%，涨幅比上月扩大0.3个百分点。", "0.3个百分点", False),
    ("日本2月家庭開支按年下跌0.5%。", "0.5%", True),  # 按年: Hong Kong's 同比
    ("出口增长14.3%。", "14.3%", False),
])
def test_year_on_year_is_said_once_a_paragraph(text, figure, yoy):
    assert _claim(text, figure).yoy is yoy


def test_a_section_of_main_work_for_the_year_ahead_is_a_plan():
    text = "三、2026年主要工作\n建设高标准农田25万亩。\n\n一、2025年主要工作回顾\n建成高标准农田20万亩。"
    assert [(c.surface, c.modality) for c in extract_claims(text)] == [("25万亩", "target"), ("20万亩", "actual")]


# -- a section that opens with a time still to come is a plan ---------------------------------

_DATED = "2026年某省政府工作报告\n（2026年1月27日）\n各位代表：\n"


@pytest.mark.parametrize("text, figure, modality", [
    # a year most of which is still to come at the document's date: its section is a plan, and so
    # are the subsections under it
    (_DATED + "三、一鼓作气勇争先\n2026年是开局之年。我们将落实各项任务。\n（一）壮大实体经济\n"
     "实施1500个以上省重点技改项目。", "1500个", "target"),
    (_DATED + "二、一张蓝图绘到底\n“十五五”时期是关键时期。\n地区生产总值年均增长5%左右。", "5%", "target"),
    # a year already over opens a review
    (_DATED + "一、一年接着一年干\n2025年是收官之年。\n（一）产业转型升级\n新增瞪羚企业360家。", "360家", "actual"),
    # a figure that says it is done stays a result
    (_DATED + "三、一鼓作气勇争先\n2026年是开局之年。\n全省已建成5G基站12万个。", "12万个", "actual"),
])
def test_a_section_opening_with_a_time_to_come_is_a_plan(text, figure, modality):
    assert _claim(text, figure).modality == modality


@pytest.mark.parametrize("text, figure", [
    # a release dated a few weeks before its year ends: the year is nearly over
    ("2024年全市经济运行情况\n（2024年12月20日）\n一、总体平稳\n2024年，全市规模以上工业增加值增长6.5%。", "6.5%"),
    # a document dated by its year alone does not say how much of the year is to come
    ("2024年全市经济运行情况\n一、总体平稳\n2024年，全市规模以上工业增加值增长6.5%。", "6.5%"),
])
def test_a_time_nearly_over_or_undated_makes_no_plan(text, figure):
    assert _claim(text, figure).modality == "actual"


@pytest.mark.parametrize("text, figure", [
    # a year between the from-marker and the from-value dates that value: the change's base, not
    # the figure's period (five-year reviews write it so: `由2020年的X提升至Y`)
    ("“一老一小”服务全面提升，人均预期寿命从2020年的82.4岁提升至83.9岁，民生改善更加可感可及。", "83.9岁"),
    ("经济总量连续跨过3个万亿元大关，占全国比重由2020年的7.2%提升至7.4%，在北方地区占比由20.5%提升至21.1%。", "7.4%"),
])
def test_the_year_of_a_from_value_is_the_base_period(text, figure):
    claim = next(c for c in extract_claims(text) if c.surface.endswith(figure))
    assert claim.base_period == "2020"
    assert claim.period != "2020"


def test_the_year_of_a_from_value_leaves_the_sentences_own_year():
    claim = extract_claims("2025年，研发投入强度由2020年的2.3%提高到2.8%。")[0]
    assert (claim.period, claim.base_period, claim.from_value) == ("2025", "2020", 2.3)
