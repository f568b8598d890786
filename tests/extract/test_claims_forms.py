"""extract_claims on the forms of market, budget and data reports, one phenomenon a group, in
both scripts where the script changes the characters."""

from __future__ import annotations

import pytest

from qdextract import extract_claims
from qdextract.extract.quantities import extract_quantities


def _claim(text: str, figure: str):
    found = [c for c in extract_claims(text) if figure in c.surface]
    assert len(found) == 1, [c.surface for c in extract_claims(text)]
    return found[0]


def _no_claim(text: str, figure: str) -> None:
    assert not [c for c in extract_claims(text) if figure in c.surface], [c.surface for c in extract_claims(text)]


# --- units that the words around a figure make one -------------------------------------------

@pytest.mark.parametrize(("text", "figure", "value", "unit", "direction", "role"), [
    ("恒生指數較早時報23655點，升621點。", "23655點", 23655, "点", None, "level"),
    ("恒生指數較早時報23655點，升621點。", "621點", 621, "点", "increase", "change"),
    ("上证综合指数收市报3380点，升34点。", "34点", 34, "点", "increase", "change"),
    ("道指初段跌逾千點。", "千點", 1000, "点", "decrease", "change"),
    ("美國10年期債息跌穿4厘。", "4厘", 4, "%", "decrease", "change"),
    ("人民幣兌美元較上日收市升94點子。", "94點子", 94, "点子", "increase", None),
    ("联储局减息，减幅25点子。", "25点子", 0.25, "pp", None, None),
], ids=lambda v: v if isinstance(v, str) and len(v) < 8 else None)
def test_market_units(text, figure, value, unit, direction, role) -> None:
    c = _claim(text, figure)
    assert (c.value, c.unit) == (pytest.approx(value), unit)
    assert c.direction == direction
    if role:
        assert c.value_role == role


@pytest.mark.parametrize(("text", "figure"), [
    ("会议于下午3点举行。", "3点"),
    ("提出两点要求。", "两点"),
])
def test_a_point_outside_a_market_is_no_claim(text, figure) -> None:
    _no_claim(text, figure)


def test_a_chinese_numeral_before_a_point_is_no_mention() -> None:
    assert [q.value for q in extract_quantities("一点两小时")] == [2.0]


@pytest.mark.parametrize(("text", "figure", "value", "unit"), [
    ("美國3月服務業採購經理指數（PMI）終值為54.4。", "54.4", 54.4, "点"),
    ("美元指数反复向上，尾市报102.92，升约0.9%。", "102.92", 102.92, "点"),
    ("城乡居民收入比缩小至2.54。", "2.54", 2.54, "ratio"),
    ("城乡居民收入倍差从2.42缩小至2.12。", "2.12", 2.12, "ratio"),
    ("71.3万监测对象稳定消除返贫致贫风险。", "71.3万", 713000, "人"),
    ("开发者总数超过15万。", "15万", 150000, "人"),
    ("全域事件日志总数达到17.5亿。", "17.5亿", 1.75e9, "个"),
    ("本次研究覆盖了 1200 万活跃开发者。", "1200 万", 1.2e7, "人"),
])
def test_bare_levels_of_an_index_a_ratio_or_a_count(text, figure, value, unit) -> None:
    c = _claim(text, figure)
    assert (c.value, c.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(("text", "figure", "unit"), [
    ("美元偏弱，人民幣兌美元收市上升，報7.2547兌1美元。", "7.2547", "CNY"),
    ("美元指數跌幅擴大　兌日圓跌穿146", "146", "JPY"),
    ("港元兑美元汇率报7.8。", "7.8", "HKD"),
    ("欧元兑美元报1.08。", "1.08", "USD"),
])
def test_an_exchange_rate_is_in_the_currency_a_unit_of_the_other_costs(text, figure, unit) -> None:
    assert _claim(text, figure).unit == unit


def test_the_one_unit_a_rate_prices_is_no_claim() -> None:
    _no_claim("人民幣兌美元收市上升，報7.2547兌1美元。", "1美元")


@pytest.mark.parametrize(("text", "figure", "value"), [
    ("40億元的金額約佔基金三分一。", "三分一", 1 / 3),
    ("剩下三分二的資金足夠。", "三分二", 2 / 3),
])
def test_a_fraction_written_without_zhi(text, figure, value) -> None:
    c = _claim(text, figure)
    assert (c.value, c.unit) == (pytest.approx(value), "ratio")


@pytest.mark.parametrize("text", ["比赛进行到三分二十秒", "四分五裂", "十分一般"])
def test_no_fraction_in_a_time_or_an_idiom(text) -> None:
    assert not [q for q in extract_quantities(text) if q.unit == "ratio"]


@pytest.mark.parametrize(("text", "figure", "value", "unit"), [
    ("額外發放半個月金額。", "半個月", 0.5, "month"),
    ("合计占比接近总活跃事件的一半。", "一半", 0.5, "ratio"),
])
def test_a_half(text, figure, value, unit) -> None:
    c = _claim(text, figure)
    assert (c.value, c.unit) == (value, unit)


def test_the_half_of_a_year_named_is_a_period() -> None:
    first = extract_quantities("上半年增长5%")[0]
    assert (first.text, first.kind, first.value) == ("上半年", "period", None)


# --- ranges and changes ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "figure", "low", "high"), [
    ("兩隻股份升逾8%至近10%。", "8%至近10%", 8, 10),
    ("3大指數跌幅介乎近3%至逾4%。", "3%至逾4%", 3, 4),
    ("歐洲3大指數挫超過4%至近5%。", "4%至近5%", 4, 5),
])
def test_a_range_hedged_at_its_far_end_is_one_claim(text, figure, low, high) -> None:
    c = _claim(text, figure)
    assert (c.value_low, c.value_high) == (low, high)


@pytest.mark.parametrize(("text", "value", "from_value", "direction"), [
    ("物業價值上限即日起由300萬元，提高至400萬元。", 4e6, 3e6, "increase"),
    ("财政储备由本财年结束的6473亿元，进一步下降至下个财政年度的5803亿元。", 5.803e11, 6.473e11, "decrease"),
    ("比率将由2025/26年度约24.4%逐渐下降至2029/30年度约20.9%。", 20.9, 24.4, "decrease"),
    ("借款上限将由现时的5000亿元上调至7000亿元。", 7e11, 5e11, "increase"),
    ("开发区和工业园区由162个整合为123个。", 123, 162, "decrease"),
])
def test_from_to_changes_across_a_comma_or_a_time(text, value, from_value, direction) -> None:
    found = [c for c in extract_claims(text) if c.from_value is not None]
    assert len(found) == 1, [c.surface for c in extract_claims(text)]
    c = found[0]
    assert (c.value, c.from_value, c.direction, c.value_role) == (value, from_value, direction, "level")


# --- numbers that are no claims -------------------------------------------------------------

@pytest.mark.parametrize(("text", "figure"), [
    ("未來五年每年發債約1500億至1950億元。", "五年"),
    ("相比过去20年平均比率3.3%为低。", "20年"),
    ("这五年，发展质效持续提升。", "五年"),
    ("英美期油曾創4年新低。", "4年"),
    ("美元兌多隻主要貨幣跌至6個月低位。", "6個月"),
    ("美國10年期債息跌穿4厘。", "10年"),
    ("《纲要》细化了今后五年的各项战略任务。", "五年"),
    ("在“十五五”基础上再奋斗五年，基本建成。", "五年"),
])
def test_durations_that_frame_time(text, figure) -> None:
    _no_claim(text, figure)


@pytest.mark.parametrize(("text", "figure"), [
    ("抗战胜利80周年重点电视剧首播。", "80周"),
    ("提升15分钟社区生活圈功能。", "15分钟"),
])
def test_anniversaries_and_named_circles_are_no_claims(text, figure) -> None:
    _no_claim(text, figure)


@pytest.mark.parametrize(("text", "figure"), [
    ("扎实开展深入贯彻中央八项规定精神学习教育。", "八项"),
    ("保护传承二十四节气等非物质文化遗产。", "二十四"),
    ("美國從星期四起對所有進口汽車徵收25%關稅。", "四起"),  # from Thursday
])
def test_set_phrases_and_days_with_numerals_are_no_claims(text, figure) -> None:
    _no_claim(text, figure)


def test_a_duration_ahead_of_time_stays_a_claim() -> None:
    assert _claim("提前两年完成病险水库除险加固任务。", "两年").unit == "year"


@pytest.mark.parametrize(("text", "figure"), [
    ("规模以上工业统计范围为年主营业务收入2000万元及以上的工业企业。", "2000万元"),
    ("成人票價10元或以下的路線，佔公共交通路線接近6成。", "10元"),
    ("價值少於400萬元的住宅成交錄得7620宗。", "400萬元"),
    ("受惠對象為60歲或以上人士。", "60歲"),
    ("該6個種子基金包括研究基金。", "6個"),
    ("上述两个债券计划的借款上限提高。", "两个"),
    ("深入贯彻省委十三届七次、八次全会精神。", "七次"),
    ("深入贯彻省委十三届七次、八次全会精神。", "八次"),
    ("落實市委十二屆九次全會部署。", "九次"),
    # a bound of the members of a counted set of places, firms or projects
    ("新增荆州、孝感、黄冈3个过三千亿元城市。", "三千亿元"),
    ("新引进落地总投资超10亿元项目50个以上。", "10亿元"),
    ("经济总量超500亿元的县域增至12个。", "500亿元"),
])
def test_thresholds_and_counts_pointing_back(text, figure) -> None:
    _no_claim(text, figure)


@pytest.mark.parametrize(("text", "figure"), [
    # a member named alone: its own figure (the county's output is over a hundred billion)
    ("惠州博罗成为生产总值超千亿元县。", "千亿元"),
    # the count of the set itself
    ("支持超10所县域公办普通高中补短板。", "10所"),
])
def test_a_named_member_or_the_count_of_a_set_stays_a_claim(text, figure) -> None:
    assert _claim(text, figure) is not None


@pytest.mark.parametrize(("text", "figure"), [
    ("英美期油低收約7%或以上。", "7%"),
    ("行业商务活动指数均位于55%及以上的较高景气区间。", "55%"),
    ("粮食综合生产能力迈上1000亿斤新台阶。", "1000亿斤"),
    ("西安地铁运营里程422公里并连通咸阳。", "422公里"),
    ("粮食总产量稳定在550亿斤左右，“虾鳝米茶”品牌叫响。", "550亿斤"),
])
def test_bounds_and_levels_that_stay_claims(text, figure) -> None:
    _claim(text, figure)


# --- a measure before a noun: what a verb does, or what describes the noun --------------------

@pytest.mark.parametrize(("text", "figure"), [
    ("完成46.1万亩高标准农田建设。", "46.1万亩"),
    ("新建提升310公里农村公路。", "310公里"),
    ("黄浦江累计贯通69公里岸线。", "69公里"),
    ("沿黄生态廊道1194公里全线贯通。", "1194公里"),
    ("完成43.6万平方米小梁薄板房屋等旧住房成套改造。", "43.6万平方米"),
])
def test_a_measure_a_verb_of_doing_takes_is_a_claim(text, figure) -> None:
    _claim(text, figure)


@pytest.mark.parametrize(("text", "figure"), [
    ("海南电网500千伏主网架工程投产。", "500千伏"),
    ("全球最高10米液压支架下线。", "10米"),
    ("关停淘汰10万千瓦及以下燃煤机组。", "10万千瓦"),
    ("推进防城港30万吨级进港航道建设。", "30万吨"),
])
def test_a_measure_describing_a_noun_is_no_claim(text, figure) -> None:
    _no_claim(text, figure)


@pytest.mark.parametrize(("text", "figure", "value", "unit"), [
    ("上海港集装箱吞吐量达到5506.3万标准箱。", "5506.3万标准箱", 5.5063e7, "标准箱"),
    ("集装箱吞吐量超2400萬標箱。", "2400萬標箱", 2.4e7, "标箱"),
    ("中欧班列开行4000班次。", "4000班次", 4000, "班次"),
    ("科考船服务2152航次。", "2152航次", 2152, "航次"),
])
def test_counters_of_transport(text, figure, value, unit) -> None:
    c = _claim(text, figure)
    assert (c.value, c.unit, c.kind) == (pytest.approx(value), unit, "count")


@pytest.mark.parametrize(("text", "figure", "value"), [
    ("查处违反中央八项规定精神问题2000起。", "2000起", 2000),
    ("发生较大事故3起，同比减少2起。", "3起", 3),
])
def test_cases_and_incidents_are_counted_in_qi(text, figure, value) -> None:
    c = _claim(text, figure)
    assert (c.value, c.unit, c.kind) == (value, "起", "count")


@pytest.mark.parametrize("text", ["我们一起努力，2025年起实施。", "从1月1日起施行，即日起生效。", "10万元起步。"])
def test_qi_after_a_time_or_as_a_word_counts_nothing(text) -> None:
    assert all(c.unit != "起" for c in extract_claims(text))


def test_computing_power_in_hundreds_of_millions_of_hundreds_of_millions() -> None:
    c = _claim("算力总规模达到10.36百亿亿次/秒。", "10.36百亿亿次/秒")
    assert (c.value, c.unit) == (pytest.approx(1.036e19), "次/秒")


def test_an_ideographic_space_parts_the_phrases_of_a_headline() -> None:
    text = "道指曾跌近1600點　納指跌逾5%"
    c = _claim(text, "1600點")
    assert (c.unit, c.direction) == ("点", "decrease")
    assert "1600" not in (_claim(text, "5%").metric or "")


def test_an_age_is_a_duration_in_years() -> None:
    c = _claim("人均预期寿命达到78.9岁。", "78.9岁")
    assert (c.unit, c.kind) == ("year", "duration")


# --- table headers that count ---------------------------------------------------------------

def test_table_headers_give_what_their_cells_count() -> None:
    text = ("| 排名 | 编程语言 | 使用该语言开发者数 | 使用该语言仓库数 |\n|---|---|---|---|\n"
            "| 1 | JavaScript | 591,223 | 654,037 |\n\n"
            "| 排名 | 省份 | 总人数 | 全国占比 | 实际总量（万） |\n|---|---|---|---|---|\n"
            "| 1 | 北京 | 38,323 | 22.04% | 207.20 |\n")
    units = {c.metric: (c.unit, c.kind) for c in extract_claims(text)}
    assert units["使用该语言开发者数"] == ("人", "count")
    assert units["使用该语言仓库数"] == ("仓库", "count")
    assert units["总人数"] == ("人", "count")
    assert units["实际总量"] == ("人", "count")  # a bare total counts what the counted column counts
    assert units["全国占比"] == ("%", "percent")


def test_an_indicator_table_reads_its_rows_as_measures_and_its_unit_column() -> None:
    text = ("2024年1-4月全市经济运行情况\n\n主要经济指标完成情况\n\n"
            "| 指标名称 | 单位 | 1-4月 | 同比增长（%） |\n|---|---|---|---|\n"
            "| 规模以上工业增加值 | 亿元 | 312.5 | 6.8 |\n"
            "| 一般公共预算收入 | 万元 | 452310 | -3.5 |\n")
    got = {(c.metric, c.value_role): (c.value, c.unit, c.subject, c.period) for c in extract_claims(text)}
    assert got[("规模以上工业增加值", "level")] == (pytest.approx(3.125e10), "CNY", None, "2024-01/2024-04")
    assert got[("一般公共预算收入", "level")][:2] == (pytest.approx(4.5231e9), "CNY")
    assert got[("一般公共预算收入", "change")] == (pytest.approx(-3.5), "%", None, "2024-01/2024-04")


def test_a_table_whose_headers_name_measures_keeps_its_rows_as_subjects() -> None:
    text = "| 行业 | 增加值（亿元） | 增速（%） |\n|---|---|---|\n| 化工 | 80.5 | 8.9 |\n"
    got = {c.metric: (c.subject, c.value) for c in extract_claims(text)}
    assert got == {"增加值": ("化工", pytest.approx(8.05e9)), "增速": ("化工", pytest.approx(8.9))}


@pytest.mark.parametrize("header", ["指标 | 绝对值（亿元） | 比上年增长（%）", "项目 | 金额（亿元） | 增长（%）"])
def test_indicator_tables_by_their_headers(header) -> None:
    text = f"| {header} |\n|---|---|---|\n| 地区生产总值 | 1234.5 | 5.6 |\n"
    assert {(c.metric, c.subject) for c in extract_claims(text)} == {("地区生产总值", None)}


def test_a_row_headed_by_a_year_dates_its_cells() -> None:
    text = ("| | 單程證持有人移入 | 居港人口 |\n|---|---|---|\n| 2019 | 39,100 | 7,520,500 |\n"
            "| 2020 | 10,100 | 7,426,700 |\n")
    got = {(c.metric, c.period): (c.value, c.unit) for c in extract_claims(text)}
    assert got[("居港人口", "2020")] == (pytest.approx(7426700), "人")
    assert got[("單程證持有人移入", "2019")][0] == pytest.approx(39100)


def test_a_metric_keeps_no_line_break_of_the_layout() -> None:
    c = _claim("污染防治攻坚战取得成效，PM\n2.5\n年平均浓度保持在20微克/立方米左右。", "20微克/立方米")
    assert c.metric == "PM2.5年平均浓度"


# --- a rank whose clause names no measure --------------------------------------------------------

@pytest.mark.parametrize(("text", "figure", "metric"), [
    # the figure before it names what is ranked (its streak tells how long)
    ("森林覆盖率达65.85%、连续47年居全国首位。", "首位", "森林覆盖率"),
    ("研发投入强度2.61％、居中国西部第1，企业研发经费增长5%。", "第1", "研发投入强度"),
    ("上海港集装箱吞吐量达到5506.3万标准箱、连续16年排名世界第一。", "第一", "集装箱吞吐量"),
    # after 均: each of the figures listed before it
    ("全省研发人员达159万人、高技能人才达843万人，均居全国首位。", "首位", "研发人员、高技能人才"),
    ("入选国家领航级智能工厂2家、卓越级智能工厂67家、5G工厂301家，均居全国第一。", "第一",
     "国家领航级智能工厂、卓越级智能工厂、5G工厂"),
    # a rank listed after another pairs with its own item
    ("省属企业营收和利润分别居全国第5、第6位。", "第6位", "利润"),
])
def test_rank_of_the_figures_before(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric


# --- a verb of doing before the measured noun is no part of it -----------------------------------

@pytest.mark.parametrize(("text", "figure", "metric"), [
    ("加力扩围以旧换新，惠及消费者750多万人次。", "750多万人次", "消费者"),
    ("陕西年接待游客超过8亿人次。", "8亿人次", "游客"),
    ("全市博物馆、美术馆举办文化展览1565场。", "1565场", "文化展览"),
    ("省级引导基金引导设立基金24只、总规模934亿元。", "24只", "基金"),
    ("累计化解不动产“登记难”问题53.6万件，救助受灾困难群众252.7万人。", "252.7万人", "受灾困难群众"),
])
def test_verb_of_doing_is_cut_from_the_metric(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric


# --- a counted noun ends where what it did begins -------------------------------------------------

@pytest.mark.parametrize(("text", "figure", "metric"), [
    ("全市16个区首次全部获评全国双拥模范城。", "16个", "区"),
    ("现有42個基金在政府帳目以外。", "42個", "基金"),
    ("吸纳超100万名高校毕业生在粤就业创业。", "100万名", "高校毕业生"),
    ("1.2万户相对集中居住农户入住新居。", "1.2万户", "相对集中居住农户"),
    ("百余项国家级改革试点任务先行探索。", "百余项", "国家级改革试点任务"),
    # a group named by its deed keeps it (deed_verbs)
    ("3200家企业完成数字化改造。", "3200家", "完成数字化改造企业"),
])
def test_counted_noun_ends_before_its_predicate(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize(("text", "figure", "metric"), [
    ("上海机场航空旅客和货邮吞吐量分别达到1.35亿人次、453.8万吨。", "1.35亿人次", "航空旅客吞吐量"),
    ("对中亚五国、东盟进出口分别增长37.2％、19％。", "37.2％", "对中亚五国进出口"),
])
def test_listed_items_share_the_measure_after_them(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize(("text", "figure", "metric"), [
    ("对中亚五国、东盟进出口分别增长37.2％、19％，全省进出口总值创历史新高，达到5379亿元、增长18.5％。",
     "5379亿元", "进出口总值"),
    ("全市社会消费品零售总额增长5%，外贸进出口总额再创新高，达到1.2万亿元。", "1.2万亿元", "外贸进出口总额"),
])
def test_a_record_said_before_the_figure_names_its_measure(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize(("text", "figure", "metric"), [
    ("接待国内游客4.16亿人次、入境游客936万人次，分别增长6.7%、39.6%。", "39.6%", "入境游客"),
    ("“上海标准”、“上海品牌”分别新增12项和44项，累计分别达到64项和288项。", "288项", "上海品牌"),
])
def test_a_fenbie_list_without_items_pairs_with_the_figures_before_it(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize(("text", "figure", "metric"), [
    ("动力电池、储能电池出货量稳居全球第一。", "第一", "动力电池出货量、储能电池出货量"),
    ("制造业贷款余额、科技贷款余额均增长11.7%。", "11.7%", "制造业贷款余额、科技贷款余额"),
])
def test_one_figure_of_listed_items_with_a_measure_written_once(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric


def test_a_relative_year_is_no_part_of_the_metric() -> None:
    # (联储局, which moves the rate, is the subject: the move alone is the measure)
    assert _claim("市場料聯儲局今年減息4次。", "4次").metric_norm == "减息"


def test_a_time_word_is_no_metric() -> None:
    assert _claim("財政預算案2025｜未來五年每年發債約1500億至1950億", "1500億").metric is None


@pytest.mark.parametrize(("text", "figure", "metric"), [
    # a count after a classifier that groups what it counts (`10大类`, `新一批`) counts the noun after it
    ("今年将继续实施10大类60项民生实事项目，涵盖就业、创业。", "60项", "民生实事项目"),
    ("加快落地新一批22项新城功能性导入事项、10个区区属重大项目。", "22项", "新城功能性导入事项"),
    ("细化设定了今后五年我省经济发展、创新驱动等五大类24个主要指标。", "24个", "主要指标"),
    ("今年将办好12类45件民生实事，连续3-5年扎扎实实盯下去。", "45件", "民生实事"),
])
def test_a_count_after_a_grouping_classifier_counts_the_noun_after_it(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize(("text", "figure", "metric"), [
    # what is pushed forward is what the figure counts
    ("稳妥推进55个扩面试点项目、30个城市更新重点片区。", "55个", "扩面试点项目"),
    ("加快推进40项省科技重大专项。", "40项", "省科技重大专项"),
    ("重点推进100个乡村振兴片区建设，完成农村公路改造。", "100个", "乡村振兴片区"),
])
def test_the_object_of_tuijin_is_the_measure(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize(("text", "figure", "metric"), [
    # what a cause leads to shrink is the measure: no cause verb, no adverb, no change word in it
    ("美國剛宣布的新關稅及今年年初以來推出的措施，可能導致今年全球商品貿易量整體萎縮約1%。", "1%", "全球商品贸易量"),
    ("世貿組織稱美國關稅措施或致全球商品貿易量今年萎縮約1%", "1%", "全球商品贸易量"),
])
def test_a_measure_a_cause_makes_shrink(text, figure, metric) -> None:
    c = _claim(text, figure)
    assert (c.metric_norm, c.direction) == (metric, "decrease")


@pytest.mark.parametrize(("text", "figure", "metric"), [
    # a stock word alone after a measure's figure is that measure's stock or increment
    ("经济运行总体平稳、稳中有进，地区生产总值增长5.3%、增量保持全国第一，规上工业增加值增长。", "第一", "地区生产总值增量"),
    ("全年新增境内外上市公司45家、总量达1224家。", "1224家", "境内外上市公司总量"),
])
def test_a_stock_word_alone_is_of_the_measure_before(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize(("text", "figure", "metric"), [
    # a streak's achievement keeps its quoted words, without the verb of doing before them
    ("刑事案件数、道路交通事故数分别下降13.5%、8.6%，公众安全感、满意度连续13年实现“双提升”。", "13年",
     "公众安全感、满意度双提升"),
    ("东西部协作工作考核连续4年获“好”的等次。", "4年", "东西部协作工作考核获好的等次"),
])
def test_a_streak_keeps_its_quoted_achievement(text, figure, metric) -> None:
    assert _claim(text, figure).metric_norm == metric
