"""The last reading of subject and metric (attribution/refine.py), through `extract_claims`."""

from __future__ import annotations

import re

import pytest

from qdextract import extract_claims


def _claim(text: str, figure: str):
    return next(c for c in extract_claims(text) if figure in c.surface)


@pytest.mark.parametrize("text, figure, metric", [
    # a figure between a verb of doing and the noun ending its clause measures that noun
    ("政府可於未來5年減省共約62億元開支。", "62億元", "开支"),
    ("在本屆政府任期內將削減約1萬個職位。", "1萬個", "职位"),
    ("粗略估計每年可為政府帶來15億至20億港元收入。", "15億至20億", "收入"),
    ("另外亦預留1.35億元資助的士業界購買3000輛電動的士。", "3000輛", "电动的士"),  # 的士 is a word
    ("預估每年可為本港帶來至少15至20億元的額外博彩稅收。", "15至20億元", "额外博彩税收"),
    ("所有政府部門未來3個財政年度，每年度要減少2%開支或資源。", "2%", "开支或资源"),  # after a change verb
    ("預計每年可增加約16億元收入。", "16億元", "收入"),  # 收入 is tagged a verb
    ("估算上調稅項可增加約16億元收入。", "16億元", "收入"),  # a noun before the verb: its cause
    ("籃球博彩稅料每年15億至20億元收入", "15億至20億元", "收入"),
])
def test_a_verbs_object_after_the_figure_is_the_measure(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # the measure before the figure stands: a purpose after it, a change, a noun before it
    ("平度假睫毛产业带则投资5亿元建设美妆产业园。", "5亿元", "美妆产业园投资"),
    ("城镇新增就业44.1万人，居民人均可支配收入增长5.6%。", "44.1万人", "城镇新增就业"),
])
def test_no_object_after_the_figure_keeps_the_measure_before(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


def test_a_noun_after_a_verb_of_standing_at_a_level_is_no_measure():
    assert _claim("財政儲備保持6000億元水平。", "6000億元").metric_norm != "水平"


@pytest.mark.parametrize("text, figure, subject", [
    # in a market report a clause of names, a price move and a percent is their share price
    ("金融股向上，港交所業績前升逾5%，友邦升近4%，滙控升近2%。", "5%", "港交所"),
    ("金融股向上，港交所業績前升逾5%，友邦升近4%，滙控升近2%。", "4%", "友邦"),
    ("科技指數高見6023點，但收市未能企穩6000點。京東集團和美團升逾8%至近10%，小米再度破頂後升近6%。", "8%", "京东集团、美团"),
    ("科技指數高見6023點，但收市未能企穩6000點。京東集團和美團升逾8%至近10%，小米再度破頂後升近6%。", "6%", "小米"),
    ("本地地產股亦造好，新地發展升逾6%，恒隆地產升近4%。", "6%", "新地发展"),
    ("百威亞太業績後急升逾10%。石藥集團發盈警，股價跌4%收市。", "10%", "百威亚太"),
])
def test_share_prices_in_a_market_report(text, figure, subject):
    claim = _claim(text, figure)
    assert (claim.subject_norm, claim.metric_norm) == (subject, "股价")


@pytest.mark.parametrize("text, figure, subject, metric", [
    # a market, an index or a comparison before the move is no company
    ("日股半日跌近3%", "3%", None, "日股"),
    ("日股開市跌近2%", "2%", None, "日股"),
    # outside a market report a noun before 升 keeps its own measure
    ("去年加薪3%，開支就達到90億元。", "3%", None, "加薪"),
])
def test_no_share_price_for_markets_indices_or_outside_market_reports(text, figure, subject, metric):
    claim = _claim(text, figure)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


@pytest.mark.parametrize("text, figure, metric", [
    # in a market report a clause naming no measure measures the index, market or pair before it
    ("美元指數反覆向上，一度低見101.53，跌約0.5%，尾市報102.92，升約0.9%。", "101.53", "美元指数"),
    ("美元指數反覆向上，一度低見101.53，跌約0.5%，尾市報102.92，升約0.9%。", "0.9%", "美元指数"),
    ("恒生指數收市升753點。科技指數高見6023點，但收市未能企穩6000點，報5953點，升幅約4.5%。", "5953點", "科技指数"),
    ("港股美國預託證券急挫，恒指ADR指數報22343點，比星期四恒指收市跌507點，跌幅2.2%。", "507點", "恒指ADR指数"),
    ("美元偏弱，人民幣兌美元收市上升，報7.2547兌1美元，較上日收市升94點子。", "94點子", "人民币兑美元"),
    ("港股尾市逼近24000點，恒生指數高見239點。", "24000點", "港股"),
    ("# 憂貿易戰升級\u3000美股3大指數再挫近6%\u3000道指低收2231點", "2231點", "道指"),
    # a change word alone takes the market before it, report or not
    ("市場對貿易戰的預期升溫，歐洲3大指數全線下挫，跌幅超過4%至近5%。", "4%至近5%", "欧洲3大指数"),
])
def test_a_clause_without_a_measure_takes_the_market_before_it(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


def test_a_measure_of_its_own_stands_in_a_market_report():
    text = "恒生指數收市升753點，全日成交額2500億元。"
    assert _claim(text, "2500億元").metric_norm == "全日成交额"


@pytest.mark.parametrize("text, figure, metric", [
    # a share noun alone is the share of the measure before it, of the whole its clause names
    ("民间投资88053亿元，增长6.9%，占全部投资的比重为61.0%。", "61.0%", "民间投资占全部投资的比重"),
    # and the comparison after it is a change of that share
    ("1-4月份，全国网上零售额19180亿元，同比增长32.0%。其中，实物商品网上零售额14617亿元，增长25.9%，"
     "占社会消费品零售总额的比重为12.9%，比上年同期提高1.8个百分点。",
     "1.8个百分点", "实物商品网上零售额占社会消费品零售总额的比重"),
])
def test_a_share_noun_alone_is_the_share_of_the_measure_before(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # a name leading by a figure (以) is measured by the noun the figure counts
    ("**美国**以43.5万开发者（占比17.11%）遥遥领先。", "43.5万", "开发者"),
    ("**JavaScript**以 59 万开发者和 65 万仓库继续稳居榜首。", "59 万", "开发者"),
])
def test_a_name_leading_by_a_figure_is_measured_by_what_it_counts(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("figure, subject, metric", [
    ("3931亿元", "第一产业", "投资"),
    ("54596亿元", "第二产业", "投资"),  # the breakdown goes on after `；`
    ("45379亿元", "制造业", "投资"),
    ("85801亿元", "第三产业", "投资"),
])
def test_a_breakdown_goes_on_through_its_clause_list(figure, subject, metric):
    text = ("分产业看，第一产业投资3931亿元，同比增长19.1%；第二产业投资54596亿元，增长3.5%，"
            "其中制造业投资45379亿元，增长4.9%；第三产业投资85801亿元，增长12.1%。基础设施投资29789亿元，增长23.3%。")
    claim = _claim(text, figure)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


def test_a_breakdown_ends_with_its_sentence():
    text = "分产业看，第一产业投资3931亿元，同比增长19.1%。高技术制造业投资增长22.6%。"
    claim = _claim(text, "22.6%")
    assert (claim.subject_norm, claim.metric_norm) == (None, "高技术制造业投资")


@pytest.mark.parametrize("text, figure, metric", [
    # 实施, a period's 时期 and the pronoun 其 open no measure
    ("2024 年预测数据显示，其开发者使用数将位列第四。", "第四", "开发者使用数"),
    ("累计实施保护性耕作1.19亿亩次，农作物耕种收综合机械化率达到95%。", "1.19亿亩次", "保护性耕作"),
    ("力争“十五五”时期地区生产总值年均增长5％左右。", "5％", "地区生产总值"),
])
def test_doing_and_time_words_open_no_measure(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, subject", [
    # a clause opening with a topic marker and a quoted name makes it the subject of the sentence
    ("至於「公共交通費用補貼計劃」，經檢討後，由今年6月起，補貼領取門檻由每月公共交通實際開支水平400元、提高至500元。",
     "500元", "公共交通费用补贴计划"),
    ("針對「二元優惠計劃」調整，受惠對象維持60歲或以上人士以及合資格殘疾人士，並新增每月240程限制。",
     "240程", "二元优惠计划"),
])
def test_a_topic_clause_names_the_subject(text, figure, subject):
    assert _claim(text, figure).subject_norm == subject


def test_a_subject_named_in_the_figures_clause_stands_after_a_topic():
    text = "至於「公共交通費用補貼計劃」，消息人士指，政府的整體收入修訂預算約為5596億元。"
    assert _claim(text, "5596億元").subject_norm == "政府"


@pytest.mark.parametrize("text, figure, subject", [
    # an owner word at the head of the figure's clause or the one before, followed by what it owns
    ("政府債務與本地生產總值的比率，將維持在12%至16.5%的水平。", "12%至16.5%", "政府"),
    ("他指出，2024/25年度政府開支與預算相若，整體開支的修訂預算為7548億元。", "7548億元", "政府"),
    ("陳茂波說，這段期間政府基本工程開支平均每年約1200億元。", "1200億元", "政府"),
    # not the actor of a clause, nor a source, nor an owner before a clause with its own figure
    ("政府來年將不會推售商業用地，而來年賣地表將包括8幅住宅用地。", "8幅", None),
    ("政府消息人士表示，未來公務工程開支平均每年約1200億元。", "1200億元", None),
    ("這段期間政府基本工程開支平均每年約1200億元，經常開支則平均每年增加3.5%。", "3.5%", None),
])
def test_an_owner_at_the_head_of_a_clause(text, figure, subject):
    assert _claim(text, figure).subject_norm == subject


@pytest.mark.parametrize("text, figure, metric", [
    # what a date read out of a metric leaves of its time phrase goes, and a change `…至` with it
    ("-2025/26年度第三季起飛機離境稅加至200元", "200元", "飞机离境税"),
    ("財政預算案2025｜飛機乘客離境稅第三季起加至200元", "200元", "飞机乘客离境税"),
    ("發債規模將於2027/28年度增至1950億元，同年度還債規模逾1340億元。", "1340億元", "还债规模"),
    # `起` that opens a word stays
    ("低空经济产业链集聚更多关键企业，起降设施增至3592个。", "3592个", "起降设施"),
])
def test_time_leftovers_and_a_change_to_leave_the_metric(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("figure, metric", [
    ("4个", "万亿元台阶"),  # a count of milestones measures the milestone
    ("14.2万亿元", "地区生产总值"),  # the figures listed after it, the measure that passed them
    ("5.7%", "地区生产总值"),
])
def test_milestones_and_the_measure_that_passed_them(figure, metric):
    text = "地区生产总值连续迈上4个万亿元台阶、达14.2万亿元、年均增长5.7%，人均地区生产总值达16.8万元。"
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("figure", ["5.2％", "1万亿元"])
def test_a_change_word_alone_after_a_figure_changes_its_measure(figure):
    text = "地区生产总值跨过3万亿元、年均增长5.2％，较“十三五”末净增1万亿元，人均生产总值居全国第12位。"
    assert _claim(text, figure).metric_norm == "地区生产总值"


@pytest.mark.parametrize("text, figure, metric", [
    # a metric read after the figure ends where a verb follows its nouns
    ("**JavaScript**以 59 万开发者和 65 万仓库继续稳居榜首。", "65 万", "仓库"),
    # a verb before a noun is inside a compound
    ("累计创建6家国家级制造业创新中心、3家国家产业创新中心。", "3家", "国家产业创新中心"),
])
def test_a_metric_after_the_figure_ends_before_a_verb(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # examples listed before 等 are no part of the measure of the set they exemplify
    ("食品、石化、医药、信息等重点产业增加值占比达到55%。", "55%", "重点产业增加值占比"),
    ("传感器、通讯设备等智慧设施配比达到20%。", "20%", "智慧设施配比"),
])
def test_examples_before_deng_leave_the_metric(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


def test_a_benchmark_compared_with_is_no_part_of_the_measure():
    text = "国考断面好于Ⅲ类水体比例优于国家考核目标14.6个百分点，Ⅴ类及以下水体保持动态清零。"
    assert _claim(text, "14.6个百分点").metric_norm == "国考断面好于Ⅲ类水体比例"


def test_a_level_verbs_complement_is_no_object():
    text = "其中，零售业、铁路运输业等行业商务活动指数均位于55%及以上的较高景气区间。"
    assert _claim(text, "55%").metric_norm != "较高景气区间"


@pytest.mark.parametrize("text, figure", [
    # a piece of a longer noun phrase is no subject: it ends inside a word of the sentence ...
    ("天开高教科创园成为创新策源新地标，国家科技型中小企业超1.25万家，8个产业规模超千亿元。", "1.25万家"),
    ("一体推进教育科技人才发展，基础研究经费占研发经费比重达到10%。", "10%"),
    # ... or common nouns before a word that names a company only after a name
    ("战略科技力量支撑增强，新当选“两院”院士7名，新增全国重点实验室12家。", "7名"),
    # ... or it opens with a verb jieba's dictionary tags otherwise
    ("深化金创区建设，科技贷款余额超9000亿元，新增上市公司2家。", "9000亿元"),
])
def test_a_piece_of_a_longer_noun_phrase_is_no_subject(text, figure):
    assert _claim(text, figure).subject_norm is None


@pytest.mark.parametrize("text, figure, subject", [
    # one whole occurrence of the name is enough (the first is part of `美國商務部`)
    ("美國商務部公布，美國2月貿易逆差1226.6億美元，按月收窄6%。", "1226.6億美元", "美国"),
    ("大疆科技营业收入增长22%。", "22%", "大疆科技"),  # a name before 科技
])
def test_a_whole_name_stays_the_subject(text, figure, subject):
    assert _claim(text, figure).subject_norm == subject


@pytest.mark.parametrize("text, figure", [
    # a sentence listing topics: a name that qualifies its clause's noun, or heads a clause with no
    # figure, is that clause's topic and is carried to no later clause
    ("五年来，全面深化改革开放纵深推进。改革开放先行区引领带动作用更加彰显，滨海新区开发开放龙头作用更加突出，"
     "重点领域支撑性改革集成发力，自贸试验区制度创新指数连续五年排名全国第三，民营经营主体超178万户，"
     "上市公司增至88家。", "88家"),
    ("改革开放先行区引领带动作用更加彰显，滨海新区开发开放龙头作用更加突出，百余项国家级改革试点任务先行探索。",
     "百余项"),
    ("顺利完成国企改革深化提升行动，泰达、城投、轨道、津融等重组优化，国资产业发展母基金、市级并购母基金设立运营，"
     "市属国企利润增长7.4%。", "7.4%"),
    # a clause with a figure and a topic of its own lists a topic too
    ("“米”字形高铁网加快建设，高速公路通车里程6895公里，西安地铁运营里程422公里并连通咸阳，"
     "5G基站从1.9万座增加到14.3万座。", "1.9万座"),
])
def test_a_topic_of_a_list_of_topics_is_not_carried(text, figure):
    subject = _claim(text, figure).subject_norm
    own_clause = re.split("[，。]", text[:text.index(figure)])[-1]
    assert subject is None or subject in own_clause  # `市属国企利润增长7.4%`: its own group


@pytest.mark.parametrize("text, figure, subject", [
    # an actor is carried; so is a name that opens the sentence, or one after a source's clause
    ("对此，青岛探索“私域流量+公域流量”双轮驱动，海尔智家通过企业微信沉淀超2000万私域用户，复购率达38%。",
     "38%", "海尔智家"),
    ("青岛市直播基地突破50家，带货主播超过3000人，重点企业超200家。", "3000人", "青岛市"),
    ("美國商務部公布，美國2月貿易逆差1226.6億美元，按月收窄6%，少過市場預期的1235億美元。", "6%", "美国"),
    # an aside naming the subject itself lists no other topic
    ("美國對全球多國徵收「對等關稅」，其中美國對華加徵34%關稅，累計關稅增至54%。", "54%", "美国"),
])
def test_a_subject_the_sentence_goes_on_about_is_carried(text, figure, subject):
    assert _claim(text, figure).subject_norm == subject


def test_the_first_of_nouns_joined_by_he_is_no_subject():
    text = "深化开发区管理体制改革，开发区和工业园区由162个整合为123个，供应工业“标准地”2.4万亩。"
    assert _claim(text, "162个").subject_norm is None
    assert _claim(text, "2.4万亩").subject_norm is None


def test_a_place_before_its_facility_nearest_the_figure():
    # the first mention of 西安 is part of another name: the one before the figure is the subway's
    text = "西安咸阳国际机场T5航站楼建成投运，高速公路通车里程6895公里，西安地铁运营里程422公里并连通咸阳。"
    assert _claim(text, "422公里").subject_norm == "西安地铁"


@pytest.mark.parametrize("title, subject", [
    ("2026年广西壮族自治区政府工作报告\n——2026年2月2日在广西壮族自治区第十四届人民代表大会第五次会议上\n\n", "广西"),
    # in a province's report that is no region, `全区` names no one
    ("2026年江苏省政府工作报告\n——2026年2月2日在江苏省第十四届人民代表大会第五次会议上\n\n", None),
])
def test_the_whole_region_is_an_autonomous_regions_own(title, subject):
    assert _claim(title + "全区地区生产总值增长5.1%，增速高于预期目标。", "5.1%").subject_norm == subject


@pytest.mark.parametrize("text, figure, metric", [
    # a change verb or `的` cut out of a metric only where it is a whole word of it
    ("3月末，规模以上工业企业资产负债率为56.2%，同比下降0.7个百分点。", "56.2%", "资产负债率"),
    ("服务业对经济增长贡献率达到70%。", "70%", "服务业对经济增长贡献率"),
    ("新华·波罗的海国际航运中心发展指数排位升至全球第18位。", "第18位", "新华·波罗的海国际航运中心发展指数排位"),
])
def test_words_are_cut_from_a_metric_whole(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # a change word alone measures what the figure before it measured, unless that was a share
    ("恒指較早時報23655點，升621點，升幅2.7%。", "2.7%", "恒指"),
    ("港股升幅擴大至逾800點。", "800點", "港股"),
    ("胶州市直播从业人员近4万人，约占全市电商从业人员的40%，年均增速6%左右。", "6%", "直播从业人员"),
])
def test_a_change_word_alone_measures_the_figure_before(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # a figure listed before this one (`N和`, `N或`) is no part of its measure
    ("HTML和Java分列第四和第五，分别拥有42.4万和28.1万开发者。", "28.1万", "开发者"),
    # after a verb of reaching the figure counts the noun after it
    ("实施学前一年免费教育政策、惠及168万名儿童。", "168万名", "儿童"),
    ("预计可惠及约15%的物业成交个案。", "15%", "物业成交个案"),
])
def test_a_metric_holds_no_other_figure_nor_a_verb_of_reaching(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, subject", [
    # a figure in brackets after a name is about that name, and measures nothing named there
    ("北京（22.04%）、上海（16.43%）和广东（14.49%）合计占比超过50%。", "16.43%", "上海"),
    ("印度（9.91%）和中国（7.23%）紧随其后。", "7.23%", "中国"),
])
def test_a_name_before_a_bracketed_figure_is_no_metric(text, figure, subject):
    claim = _claim(text, figure)
    assert (claim.subject_norm, claim.metric_norm) == (subject, None)


@pytest.mark.parametrize("text, figure, subject, metric", [
    # a kind of enterprise heading a measure, with no subject named, is the group measured
    ("市属国企利润增长7.4%。", "7.4%", "市属国企", "利润"),
    ("五年来，规上民营工业企业利润增长6.9%。", "6.9%", "规上民营工业企业", "利润"),
])
def test_a_kind_of_enterprise_heading_a_measure(text, figure, subject, metric):
    claim = _claim(text, figure)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


@pytest.mark.parametrize("text, figure, metric", [
    # a name quoted inside a measure is part of it, without its marks
    ("“新三样”出口规模达8536亿元。", "8536亿元", "新三样出口规模"),
    ("国家级专精特新“小巨人”企业增至3022家。", "3022家", "国家级专精特新小巨人企业"),
    ("完成“保交房”项目625个、“保回迁”项目217个。", "217个", "保回迁项目"),
    ("“上海标准”、“上海品牌”分别新增12项和44项。", "44项", "上海品牌"),
    # a quoted time is no part of it, nor a quoted name that opens with a place (whose, not what)
    ("“十四五”时期地区生产总值年均增长5.5%。", "5.5%", "地区生产总值"),
    ("“深圳—香港—广州”创新集群跃居全球首位。", "首位", "创新集群"),
])
def test_a_quoted_name_inside_a_measure_is_part_of_it(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # the total of a measure with no flow before it is the measure; 总额 is named with it
    ("一般公共预算收入增长4.6%，总量首次突破1900亿元。", "1900亿元", "一般公共预算收入"),
    ("外贸进出口增长8.4%，总额突破8000亿元。", "8000亿元", "外贸进出口总额"),
    # a time word opening a metric is no part of it
    ("美國上周首次申領失業救濟人數21.9萬人。", "21.9萬人", "首次申领失业救济人数"),
    ("深圳口岸假期期间日均出入境人数料达95万人次。", "95万人次", "日均出入境人数"),
    # 比 ending 占比 is no comparison
    ("民间投资占比34%、提高1.3个百分点。", "1.3个百分点", "民间投资占比"),
])
def test_totals_times_and_shares_in_a_metric(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # a streak's measure is read within its clause, whatever figures the sentence held before
    ("“新三样”出口规模达8536亿元，实际使用外资连续8年全国第一。", "第一", "实际使用外资"),
    # a verb of converting or a localizer ending the phrase is no part of the measure
    ("滙控美國預託證券折合83.22港元。", "83.22港元", "美国预托证券"),
    ("苏州工业园区在国家级经开区综合考核评价中稳居第一。", "第一", "国家级经开区综合考核评价"),
])
def test_streaks_conversions_and_localizers(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, subject", [
    # the platform a sentence opens on, or a figure is counted on, is whose the figures are
    ("在 Gitee 平台上，Review Comment 事件占总活跃事件的 75.6%，其他事件类型占比约 7%。", "7%", "Gitee"),
    ("本次研究覆盖了 GitHub 上 1200 万活跃开发者。", "1200 万", "GitHub"),
    ("在淘宝平台上，直播销售额增长30%。", "30%", "淘宝平台"),
    # a frame that names no platform names no one
    ("在此基础上，销售额增长30%。", "30%", None),
])
def test_a_platform_frame_names_the_subject(text, figure, subject):
    assert _claim(text, figure).subject_norm == subject


@pytest.mark.parametrize("text, figure, subject", [
    # `全市` in a municipality's report is the municipality
    ("2026年天津市政府工作报告\n全市地区生产总值增长4.8%。", "4.8%", "天津"),
    ("2026年上海市政府工作报告\n全市地区生产总值增长5.4%。", "5.4%", "上海"),
])
def test_quanshi_in_a_municipalitys_report(text, figure, subject):
    assert _claim(text, figure).subject_norm == subject


@pytest.mark.parametrize("text, figure, subject", [
    # a clause after `；` goes on about the place the clauses before were about
    ("1-4月份，全国固定资产投资144327亿元，同比增长8.9%。其中，国有控股投资51476亿元，增长13.8%；"
     "民间投资88053亿元，增长6.9%。", "88053亿元", "全国"),
    # a group heading one measure of a list is not carried past the `；`
    ("规上工业企业利润增长6%；一般公共预算收入增长2.1%，税占比达77.4%。", "2.1%", None),
])
def test_a_place_goes_on_past_a_semicolon(text, figure, subject):
    assert _claim(text, figure).subject_norm == subject


@pytest.mark.parametrize("text, figure, metric", [
    # a figure whose clause names no measure measures the noun phrase the clause before ends on
    ("包括由2025/26年度第三季起，將飛機乘客離境稅，由現時每位乘客120元增加至200元。", "200元", "飞机乘客离境税"),
    ("今份預算案提出的一次性紓緩措施，合共每年涉及78.6億元。", "78.6億元", "一次性纾缓措施"),
    ("另外，飛機乘客離境稅將於10月1日起，由120元上調至200元。", "200元", "飞机乘客离境税"),
    # (a kind of staff heading it is the subject, the rest the measure)
    ("新一份財政預算案提出，公務員編制在2026/27及2027/28年度，每年減2%。", "2%", "编制"),
])
def test_a_clause_with_no_measure_takes_the_noun_the_clause_before_ends_on(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure", [
    # not a deed after the noun, what someone says, nor a clause that lists a figure of its own
    ("消息人士提到，政府於2003年曾提出同類收費，每部車收取100元。", "100元"),
    ("推动建设国际数据加工枢纽，全国首创制度创新案例新增9个、累计达到79个。", "79个"),
])
def test_no_noun_is_taken_from_a_clause_that_is_no_topic(text, figure):
    assert _claim(text, figure).metric_norm not in ("政府", "国际数据加工枢纽")


@pytest.mark.parametrize("text, figure, metric", [
    # which estimate a figure is names no part of its measure
    ("2024/25年度，政府的整體收入修訂預算約為5596億元。", "5596億元", "整体收入"),
    ("2024/25年度政府開支與預算相若，整體開支的修訂預算為7548億元。", "7548億元", "整体开支"),
])
def test_an_estimate_word_is_no_part_of_the_measure(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, subject", [
    # a list item opening on a bold name in Latin letters is about that name
    ("- **Python**以 54 万开发者紧随其后。\n", "54 万", "Python"),
    ("- **TypeScript**排在第三，开发者人数（43.9 万）超过 HTML。\n", "第三", "TypeScript"),
    # not a measure in bold, nor a name listed with others
    ("* **Issue 评论事件**占比达 29.1%，是活跃事件的最大组成部分。\n", "29.1%", None),
    ("- **HTML**和**Java**分列第四和第五。\n", "第五", None),
])
def test_a_list_item_on_a_bold_name_is_about_it(text, figure, subject):
    assert _claim(text, figure).subject_norm == subject


@pytest.mark.parametrize("text, figure, subject, metric", [
    # a facility named after its place, opening the metric, is what is measured
    ("西安咸阳国际机场旅客超4850万人次。", "4850万人次", "西安咸阳国际机场", "旅客"),
    ("宁波舟山港集装箱吞吐量达3500万标箱。", "3500万标箱", "宁波舟山港", "集装箱吞吐量"),
    # a facility not named after a place is part of the measure
    ("港口集装箱吞吐量达8097万标箱。", "8097万标箱", None, "港口集装箱吞吐量"),
])
def test_a_facility_named_after_its_place_is_the_subject(text, figure, subject, metric):
    claim = _claim(text, figure)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


@pytest.mark.parametrize("text, figure, subject, metric", [
    # a market named by its places: the places are whom its move is about
    ("歐洲股市亦下挫。倫敦、法蘭克福及巴黎股市分別跌約1.6%至3.3%。", "1.6%至3.3%", "伦敦、法兰克福、巴黎", "股市"),
    # a market that is no place's stays the measure
    ("日股開市跌近2%。", "2%", None, "日股"),
])
def test_a_market_named_by_its_places_is_theirs(text, figure, subject, metric):
    claim = _claim(text, figure)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


@pytest.mark.parametrize("text, figure, subject", [
    # the subject heading the figure's own clause, not the area word of a clause before it
    ("陳茂波又說，本港有超過10萬輛電動車，政府會在年中推出3億元資助計劃。", "3億元", "政府"),
    # a name ends before a verb of its clause
    ("省产业技术研究院共建企业联合创新中心480家。", "480家", "省产业技术研究院"),
    # a verb ending in a place suffix is no place
    ("估計實施後，在2027/28財政年度，將可節省約6億8千萬元。", "6億8千萬元", None),
    # the government's act goes on in the clause after its own that opens with a verb
    ("政府就市民每月超出500元的開支部分，維持提供三分之一補貼。", "三分之一", "政府"),
])
def test_subjects_that_generalise(text, figure, subject):
    assert _claim(text, figure).subject_norm == subject


@pytest.mark.parametrize("text, figure, metric", [
    # a verb of amounting ends no measure
    ("政府向合資格人士，發放金額相當於半個月的標準金額。", "半個月", "发放金额"),
])
def test_a_verb_of_amounting_ends_no_measure(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, subject, metric", [
    # residents heading a measure of their income or spending are its subject
    ("居民人均可支配收入提高到5.4万元。", "5.4万元", "居民", "人均可支配收入"),
    ("城镇居民人均消费支出2.8万元。", "2.8万元", "城镇居民", "人均消费支出"),
    ("居民人均可支配收入实际增长5.4%，其中农村居民收入增长6.3%。", "6.3%", "农村居民", "收入"),
    # a shorthand list before figures listed without 分别 is written out, item by figure
    ("城乡居民人均收入年均增长5.3％、7.7％。", "7.7％", "农村居民", "人均收入"),
    # not under a word naming the whole area, nor the consumer price index
    ("全省居民人均可支配收入增长5%。", "5%", None, "居民人均可支配收入"),
    ("居民消费价格上涨0.2%。", "0.2%", None, "居民消费价格"),
])
def test_residents_heading_their_income_are_its_subject(text, figure, subject, metric):
    claim = _claim(text, figure)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


def test_a_place_opening_the_measure_after_its_verb_is_the_subject():
    claim = _claim("中欧班列开行6037列，带动陕西进出口415.4亿元。", "415.4亿元")
    assert (claim.subject_norm, claim.metric_norm) == ("陕西", "进出口")


def test_the_government_is_not_carried_to_a_clause_naming_its_own_subject():
    claim = _claim("政府會以身作則，所有政府部門未來3個財政年度，每年度要減少2%開支。", "2%")
    assert claim.subject_norm != "政府"


@pytest.mark.parametrize("text, figure, not_in_metric", [
    # the noun counted after a figure ends where the next figure does
    ("15个承接产业转移主平台落地项目2200个、总投资额7200亿元。", "15个", "2"),
    # a word of one character that is no noun is no measure
    ("較上個三年期的約632億元為高。", "632億元", "高"),
])
def test_no_figure_or_lone_function_word_in_a_metric(text, figure, not_in_metric):
    assert not_in_metric not in (_claim(text, figure).metric_norm or "")


@pytest.mark.parametrize("text, figure, subject", [
    # a body declaring a decision does what it declares
    ("國務院關稅稅則委員會宣布，本月10日12時01分起，對原產於美國的所有進口商品加徵34%關稅。", "34%", "国务院关税税则委员会"),
    # a source saying something is not whom it is about
    ("國家統計局數據顯示，社會消費品零售總額增長4%。", "4%", None),
])
def test_a_body_declaring_a_decision_is_its_subject(text, figure, subject):
    assert _claim(text, figure).subject_norm == subject


@pytest.mark.parametrize("text, metrics", [
    # the measure the last item of a `分别` list names is each item's
    ("新能源汽车、集成电路、工业机器人产量分别增长49.8%、11.9%、36.4%。", ["新能源汽车产量", "集成电路产量", "工业机器人产量"]),
    # not when the earlier items name a measure of their own
    ("规上高技术制造业增加值、规上高技术服务业营收分别增长11.9%、6.8%。", ["规上高技术制造业增加值", "规上高技术服务业营收"]),
    # an item with a 和 of its own: the items are parted by 、, and the last one's name is longer
    ("金融业、软件和信息服务业增加值分别增长9.7%、15.3%。", ["金融业增加值", "软件和信息服务业增加值"]),
    ("信息传输、租赁和商务服务业增加值分别增长18.6%、13.4%。", ["信息传输增加值", "租赁和商务服务业增加值"]),
])
def test_a_listed_measure_is_each_items(text, metrics):
    from qdextract import extract_claims
    assert [c.metric_norm for c in extract_claims(text)] == metrics


@pytest.mark.parametrize("text, figure, metric", [
    # a quoted name closing the measure right before its figure is part of it
    ("全球“灯塔工厂”3家，专精特新“小巨人”450家。", "3家", "全球灯塔工厂"),
    ("全球“灯塔工厂”3家，专精特新“小巨人”450家。", "450家", "专精特新小巨人"),
    # after the verb dropped from the measure, or a figure and a list joiner
    ("建成“美丽庭院”8.2万户。", "8.2万户", "美丽庭院"),
    ("建成乡村振兴示范村15个、“美丽庭院”8.2万户。", "8.2万户", "美丽庭院"),
])
def test_a_quoted_name_closing_the_measure_is_part_of_it(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


def test_names_listed_over_one_figure_are_no_measure_of_it():
    assert _claim("“港车北上”、“澳车北上”、“粤车南下”累计832万辆次。", "832万辆次").metric_norm is None


@pytest.mark.parametrize("text, figure, metric", [
    # a figure listed after another as its running total measures the same, without the flow verb
    ("建成高标准农田8.9万亩、累计达到120.5万亩。", "120.5万亩", "高标准农田"),
    ("新建绿道200公里、累计建成2136公里。", "2136公里", "绿道"),
    # or the same figure in another unit
    ("实际使用外资达到160.6亿美元、折合1148亿元人民币。", "1148亿元", "实际使用外资"),
    # a total named by its own word stays so
    ("新增上市公司12家、总数达到186家。", "186家", "上市公司总数"),
])
def test_a_running_total_measures_what_the_figure_before_does(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # a levy named in quotes right after its figure is that levy
    ("向所有進口貨品，徵收10%「基準關稅」。", "10%", "基准关税"),
    # a tenor names the thing measured, no time of it
    ("美國10年期債息跌穿4厘。", "4厘", "10年期债息"),
])
def test_levies_by_name_and_tenors(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


def _prose_claim(text: str, figure: str):
    return next(c for c in extract_claims(text) if figure in c.surface and c.origin == "prose")


_TABLE = ("各省开发者分布如下：\n\n| 排名 | 省份 | 总人数 | 全国占比 |\n|------|------|--------|----------|\n"
          "| 1 | 北京 | 38,323 | 22.04% |\n| 2 | 上海 | 28,393 | 16.43% |\n\n")


@pytest.mark.parametrize("prose, figure", [
    # a row named again with its cell in brackets: the sentence writes no measure, and the table's
    # column header is not written in it
    ("北京（22.04%）、上海（16.43%）位列前二。", "22.04%"),
    ("北京（22.04%）和上海（16.43%）位列前二。", "16.43%"),
])
def test_a_table_cell_restated_in_prose_takes_no_metric_from_its_column(prose, figure):
    assert _prose_claim(_TABLE + prose, figure).metric_norm is None


@pytest.mark.parametrize("text, figure, metric", [
    # a span of time before a change is no measure: the measure before it is
    ("财政收入达到1350亿元，3年增长58.6%。", "58.6%", "财政收入"),
    # a figure at either end of a metric is another figure's
    ("車費10元以上兩折", "兩折", "车费"),
    ("北京以38,323名开发者（207.2万人）居首。", "207.2万人", "开发者"),
])
def test_no_figure_or_span_of_time_is_a_measure(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


def test_digits_read_as_no_claim_are_no_measure():
    assert _claim("其活跃度（4,301,051.55）也居全球首位。", "首位").metric_norm is None


@pytest.mark.parametrize("text, figure, metric", [
    ("建成5G工厂301家。", "301家", "5G工厂"),  # digits of a name stay
    ("10年期債息升至4.5厘。", "4.5厘", "10年期债息"),
])
def test_digits_of_a_name_stay_in_the_measure(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # a verb of standing at a level before the figure is no part of the measure
    ("粮食产量继续保持500亿斤以上。", "500亿斤", "粮食产量"),
    ("粮食播种面积稳定在1255万亩以上。", "1255万亩", "粮食播种面积"),
    # nor is the change after the level the measure stands at (the industries listed are its subject)
    ("人形机器人、人工智能等产业营收保持20%以上增长。", "20%", "营收"),
])
def test_a_verb_of_level_is_no_part_of_the_measure(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure", [
    ("重构多层次资本市场公开募资培育体系，17家企业通过上市和并购融资。", "17家"),
    ("盘活省级行政部门闲置资产345处。", "345处"),
])
def test_a_clause_opening_with_a_verb_of_doing_names_no_subject(text, figure):
    assert _claim(text, figure).subject_norm is None


@pytest.mark.parametrize("text, figure, metric", [
    # as many names before the count as it counts: the names are those counted, the noun after is
    # what they are, up to what they did
    ("武汉东湖、襄阳、宜昌3家高新区位列全国前30。", "3家", "高新区"),
    ("新增仙桃、潜江、宜都、大冶4个千亿县。", "4个", "千亿县"),
    ("全省揭阳中石油炼化一体化等23个投资额百亿元以上重大工业项目建成投产。", "23个", "投资额百亿元以上重大工业项目"),
    # a verb inside a compound noun is no deed (科技|创新|成果)
    ("玉柴甲醇发动机、超高纯稀土粉体等20项科技创新成果填补国内空白。", "20项", "科技创新成果"),
])
def test_a_count_of_listed_names_measures_the_noun_after_it(text, figure, metric):
    c = _claim(text, figure)
    assert (c.subject_norm, c.metric_norm) == (None, metric)


@pytest.mark.parametrize("text, figure, metric", [
    # the noun a count counts ends before what its members went on to do or to be
    ("7家地方国企进入中国企业500强。", "7家", "地方国企"),
    ("8所大学入选新一轮双一流名单。", "8所", "大学"),
    # a deed that names the members stays with them
    ("3200家企业完成数字化改造。", "3200家", "完成数字化改造企业"),
])
def test_a_count_measures_its_noun_not_what_followed(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # a rank within a region of the country is the rank of the measure before it
    ("全省各类贷款余额达到9.38万亿元，居中部第1位。", "第1位", "各类贷款余额"),
    ("外贸进出口增长8.4%，总额突破8000亿元、排西部第二。", "第二", "外贸进出口总额"),
])
def test_a_rank_within_a_region_ranks_the_measure_before(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


def test_residents_heading_a_measure_per_head_are_its_subject():
    c = _claim("社会消费品零售总额增至2.79万亿元，居民人均服务性消费支出占比升至48%。", "48%")
    assert (c.subject_norm, c.metric_norm) == ("居民", "人均服务性消费支出占比")


@pytest.mark.parametrize("text, figure, metric", [
    # a count of things counts the things, not the work done on them
    ("稳妥推进55个扩面试点项目、30个城市更新重点片区建设。", "30个", "城市更新重点片区"),
    ("完成农村黑臭水体治理199个。", "199个", "农村黑臭水体"),
    # a count of flats that the work makes keeps its deed
    ("筹集保障性住房3.5万套，完成城中村改造8.8万套。", "8.8万套", "城中村改造"),
])
def test_a_count_of_things_is_not_of_the_work_done_on_them(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, subject, metric", [
    # counts listed under one flow verb each count the noun after them; the first count's noun
    # with its figure is no subject of the second
    ("新建7家高质量概念验证平台和6家高质量孵化器。", "6家", None, "新建高质量孵化器"),
    ("推进40项省科技重大专项、80项前沿技术研发和60项基础研究重点项目。", "80项", None, "前沿技术研发"),
])
def test_counts_listed_under_one_verb_count_their_own_nouns(text, figure, subject, metric):
    c = _claim(text, figure)
    assert (c.subject_norm, c.metric_norm) == (subject, metric)


@pytest.mark.parametrize("text, figure", [
    ("第八届中国国际进口博览会圆满成功举办，整体展览面积、参展境外企业、累计进场人次等均创历史新高，"
     "意向成交金额达到834.9亿美元、增长4.4%。", "834.9亿美元"),
    ("第八届中国国际进口博览会圆满成功举办，整体展览面积、参展境外企业、累计进场人次等均创历史新高，"
     "意向成交金额达到834.9亿美元、增长4.4%。", "4.4%"),
])
def test_a_session_number_is_no_part_of_the_events_name(text, figure):
    assert _claim(text, figure).subject_norm == "中国国际进口博览会"


@pytest.mark.parametrize("text, figure", [
    ("高校毕业生留省就业超过66万人。人均预期寿命达到79.4岁。", "66万人"),
    ("农村劳动力转移就业294.21万人。高校毕业生留省就业突破17万人。", "17万人"),
    ("城镇新增就业21万人，农村劳动力转移就业240万人，高校毕业生留省就业17万人。", "17万人"),
])
def test_a_group_staying_in_the_place_ends_before_the_verb(text, figure):
    """`留省` ends in a place suffix, but says what the group does, not where it is named."""
    claim = next(c for c in extract_claims(text) if c.surface.endswith(figure))
    assert claim.subject_norm == "高校毕业生"


@pytest.mark.parametrize("text, figure", [
    # a verb of setting money aside, handing it back or saving it names no measure
    ("並在新能源運輸基金預留4.7億元以資助專營巴士營辦商購買約600輛電動巴士。", "4.7億元"),
    ("另外亦預留1.35億元資助的士業界購買3000輛電動的士。", "1.35億元"),
    ("而為了加強源頭減廢，政府將增撥1.8億元，增加全港住宅的智能廚餘回收桶。", "1.8億元"),
    ("扣除拆卸設施、支付項目餘款，下月回撥150億元。", "150億元"),
    ("估計實施後，在2027/28財政年度，將可節省約6億8千萬元。", "6億8千萬元"),
    ("深化拓展“人工智能+”，三年安排450亿元支持以AI为引领的新质生产力发展。", "450亿元"),
])
def test_a_sum_set_aside_or_saved_has_no_metric(text, figure):
    assert _claim(text, figure).metric is None


def test_a_sum_set_aside_keeps_the_noun_after_it():
    assert _claim("政府預留4.7億元資金。", "4.7億元").metric_norm == "资金"


@pytest.mark.parametrize("text, figure, metric", [
    # listed examples and the count of their kinds (`三大`, `等7大`) are no part of the measure (the
    # listed industries are the subject, and the set's kind word goes with them: `attribution.listed_kinds`)
    ("集成电路、生物医药、人工智能三大先导产业规模突破2万亿元。", "2万亿元", "规模"),
    ("先进装备、电子信息、新能源汽车等7大产业集群对工业贡献率超过70%。", "70%", "对工业贡献率"),
    ("纽约股市急跌，美股3大指数跌近6%。", "6%", "美股3大指数"),  # no examples: a name of its own
])
def test_examples_and_the_count_of_their_kinds_are_no_part_of_the_metric(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # what a tax year read out of the metric leaves (`課稅年度`) is no measure: the noun after the figure is
    ("-寬減2024/25課稅年度100%利得稅，上限1500元", "100%", "利得税"),
    ("-寬減2024/25課稅年度100%薪俸稅，上限1500元", "100%", "薪俸税"),
])
def test_a_tax_year_left_in_the_metric_is_dropped(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric


@pytest.mark.parametrize("text, figure, metric", [
    # a measure head jieba tags as a verb (上限) ends the nouns after the figure, not cuts them
    ("消息強調，不會超出債券計劃下的7000億元借款上限，處於可控水平。", "7000億元", "借款上限"),
    ("消息稱不會超出5000億元借款上限。", "5000億元", "借款上限"),
])
def test_a_measure_head_tagged_a_verb_stays_in_the_noun_after_the_figure(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric
