"""A group or organisation acting before a doing verb, or a programme heading its clause, is the subject."""

from __future__ import annotations

import pytest

from qdextract import extract_claims


@pytest.mark.parametrize(("text", "figure", "subject"), [
    # at the clause head, before its deed
    ("稳定高校毕业生、农民工、退役军人等重点群体就业，失业人员实现再就业10万人。", "10万人", "失业人员"),
    ("全市博物馆、美术馆举办文化展览1565场、接待海内外观众4900万人次。", "1565场", "博物馆、美术馆"),
    ("全市博物馆、美术馆举办文化展览1565场、接待海内外观众4900万人次。", "4900万人次", "博物馆、美术馆"),
    ("重构政府引导基金体系，省级引导基金引导设立基金24只、总规模934亿元。", "24只", "省级引导基金"),
    ("另外，八間資助大學未來三年獲撥款總額達681億元，較上個三年期的約632億元為高。", "681億元", "八间资助大学"),
    # after a verb that makes it act
    ("重构债权融资增信体系，促进金融机构发放科技型企业知识价值信用贷款1110亿元、惠及企业2.2万户。", "1110亿元", "金融机构"),
    ("並在新能源運輸基金預留4.7億元以資助專營巴士營辦商購買約600輛電動巴士。", "600輛", "专营巴士营办商"),
    ("另外亦預留1.35億元資助的士業界購買3000輛電動的士。", "3000輛", "的士业界"),
    ("政府會在年中推出3億元資助計劃，預計可推動業界在2030年累計裝置3000個遍布全港的高速充電樁。", "3000個", "业界"),
])
def test_a_group_acting_before_a_doing_verb_is_the_subject(text, figure, subject):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


def test_a_group_whose_measure_is_stated_does_not_act():
    """`金融机构本外币存款余额增长8.1%`: the group heads the measure; no deed, nothing done by it."""
    claim = next(c for c in extract_claims("新增境内外上市公司12家，金融机构本外币存款余额增长8.1%。")
                 if "8.1%" in c.surface)
    assert claim.subject_norm is None


def test_a_programme_heading_its_clause_is_the_subject():
    """`…計劃6月起領取門檻提高至…500元`: a programme (`计划`) is named like a body at the clause head."""
    text = "-公共交通費用補貼計劃6月起領取門檻提高至每月開支500元"
    claim = next(c for c in extract_claims(text) if "500元" in c.surface)
    assert claim.subject_norm == "公共交通费用补贴计划"


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("陳茂波回應說，留意到現時有不少關於籃球賭博的非法投注活動，如果引入籃球博彩稅，粗略估計每年可為政府帶來15億至20億港元收入。",
     "15億至20億港元", "政府"),
    ("財政預算案提出2025/26學年起，取消為中小學和幼稚園學生提供2500元學生津貼。", "2500元", "中小学和幼稚园学生"),
    ("他表示，政府向領取社會保障金的合資格人士，發放金額相當於半個月的綜合社會保障援助標準金額。", "半個月",
     "领取社会保障金的合资格人士"),
])
def test_the_receiver_of_what_is_given_is_the_subject(text, figure, subject):
    """`为X带来`, `为X提供`, `向X发放`: the figure is what X receives, not the giver's."""
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


def test_the_own_place_word_receiving_is_the_place():
    text = "同時將有關博彩收益帶回合法市場，預估每年可為本港帶來至少15至20億元的額外博彩稅收。"
    claim = next(c for c in extract_claims(text) if "15至20億元" in c.surface)
    assert claim.subject_norm == "香港"


@pytest.mark.parametrize(("text", "figure", "subject"), [
    # a determiner of every kind is dropped, one saying which is kept
    ("其他措施亦包括由即日起，各項人才及資本投資者入境計劃，將收取申請費600元。", "600元", "人才及资本投资者入境计划"),
    ("另外，預算案亦提出加大「資源效率優化計劃」，到2027年4月，本屆政府將削減一萬個職位。", "一萬個", "本届政府"),
])
def test_a_determiner_at_the_subject_head(text, figure, subject):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("財政司司長陳茂波表示，政府已公布《公共巴士和的士綠色轉型路線圖》，並在新能源運輸基金預留4.7億元以資助專營巴士營辦商購買約600輛電動巴士。",
     "4.7億元", "新能源运输基金"),
    ("招银金投、信银金投开业运营，国家创业投资引导基金在大湾区设立超500亿元区域基金。", "500亿元", "国家创业投资引导基金"),
    ("省战略性新兴产业基金集群规模超2000亿元。", "2000亿元", "省战略性新兴产业基金集群"),
])
def test_a_fund_is_named_like_a_body(text, figure, subject):
    """A fund (`基金`, and a cluster of them) is what its money figures are about."""
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


def test_a_fund_named_in_a_rate_is_no_subject():
    text = "市場對美國聯儲局減息的預期不斷升溫，減幅25點子，到今年底聯邦基金利率將降至3.43厘。"
    claim = next(c for c in extract_claims(text) if "3.43厘" in c.surface)
    assert claim.subject_norm is None and claim.metric_norm == "联邦基金利率"


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("中原按揭指出，去年400萬元以下住宅買賣佔整體成交達25.3%。", "25.3%", "400万元以下住宅"),
    ("消息人士又說，成人票價10元或以下的路線，佔公共交通路線接近6成，有相當部份受惠者仍舊只須支付2元車費。", "6成",
     "成人票价10元或以下的路线"),
    ("根據土地註冊處數字，2024年價值300萬至少於400萬元的住宅成交錄得7623宗，佔整體住宅約14%成交。", "14%",
     "价值300万至少于400万元的住宅"),
    ("-價值400萬元以下物業，印花稅劃一100元，即日生效", "100元", "价值400万元以下物业"),
    ("按車輛淨重計算，不超於1公噸的車輛每年收取牌照費572元，其後每多250公斤會加收124元。", "572元", "不超于1公吨的车辆"),
])
def test_a_group_bounded_by_a_figure_is_the_subject(text, figure, subject):
    """Things of a kind bounded by a figure (`400萬元以下住宅`) head their clause, and the next."""
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


@pytest.mark.parametrize(("text", "figure"), [
    ("消息人士又說，成人票價10元或以下的路線，佔公共交通路線接近6成，有相當部份受惠者仍舊只須支付2元車費。", "2元"),
    ("按車輛淨重計算，不超於1公噸的車輛每年收取牌照費572元，其後每多250公斤會加收124元。", "124元"),
])
def test_a_bounded_group_is_not_carried_far(text, figure):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm is None


@pytest.mark.parametrize(("text", "figure", "subject", "metric"), [
    ("另外，預算案亦提出加大「資源效率優化計劃」，公務員編制在2026/27及2027/28年度，每年減2%。", "2%", "公务员", "编制"),
    ("但汽油車則按CC收取。根據2023年數據，電動私家車平均每年牌照費約1200元，汽油車約7600元，是電動車的逾6倍。", "7600元",
     "汽油车", None),
])
def test_a_kind_of_staff_or_vehicle_heading_its_measure_is_the_group(text, figure, subject, metric):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject
    if metric:
        assert claim.metric_norm == metric


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("預計2025/26至2029/30年度的5年間，每年在「政府可持續債券計劃」及「基礎建設債券計劃」下發行債券合共約1500億元至1950億元，"
     "其中約56%用於為到期的短期債務再融資。", "56%", "政府可持续债券计划、基础建设债券计划"),
    ("消息強調，不會超出債券計劃下的7000億元借款上限，處於可控水平。", "7000億元", "债券计划"),
])
def test_the_programme_a_figure_falls_under_is_the_subject(text, figure, subject):
    """`在X计划下`, `X计划下的`: what is done or set under a programme is the programme's."""
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("另外，消息人士指，疫情時成立的2000多億元防疫抗疫基金，目前結餘180多億元，扣除拆卸設施、支付項目餘款，下月回撥150億元。",
     "150億元", "防疫抗疫基金"),
    ("招银金投、信银金投开业运营，组建总规模1000亿元的省战略性新兴产业投资引导基金。", "1000亿元", "省战略性新兴产业投资引导基金"),
])
def test_a_sum_before_a_name_ending_its_clause_sizes_the_subject(text, figure, subject):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


def test_a_count_before_a_name_counts_it():
    claim = next(c for c in extract_claims("持续推进“黑土粮仓”科技会战。新建5个现代化大农业全链条样板县，推动县级现代农业发展。")
                 if "5个" in c.surface)
    assert claim.subject_norm is None


def test_a_clause_opening_with_qizhong_picks_out_part_of_the_figure_before():
    text = "本次研究覆盖了 GitHub 上 1200 万活跃开发者的样本，其中约 255 万开发者提供了准确的地理位置信息。"
    claims = extract_claims(text)
    before = next(c for c in claims if "1200" in c.surface)
    part = next(c for c in claims if "255" in c.surface)
    assert before.subject_norm == "GitHub" and part.subject_norm == "GitHub"


def test_the_governments_acts_at_a_rate_per_item_go_on_from_its_clause():
    text = "消息人士提到，政府於2003年曾提出同類收費，每部車收取100元，每人收取18元，但社會反應大而擱置。"
    claims = extract_claims(text)
    assert [c.subject_norm for c in claims if c.surface.endswith(("100元", "18元"))] == ["政府", "政府"]
