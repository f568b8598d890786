"""attribute_claims: subjects from the entities around each figure, metrics sharpened."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from qdextract import extract_claims
from qdextract.extract.attribution import attribute_claims
from qdextract.extract.entities import extract_entities
from qdextract.models import Claim, Passage
from qdextract.text.normalize import norm
from qdextract.text.structure import structure_document

from ..conftest import SEED

SUBJECTS = yaml.safe_load((Path(__file__).parents[1] / "golden_entities" / "seed_subjects.yaml").read_text("utf-8"))


def _claim(p: Passage, figure: str, metric: str | None = None) -> Claim:
    """A claim at `figure` in passage `p`, the fields attribution does not read left plain."""
    k = p.text.index(figure)
    return Claim(
        claim_id=f"c_{p.passage_id}_{k}", doc_id=p.doc_id, passage_id=p.passage_id,
        section_path=p.section_path, sentence=p.text, char_start=p.char_start + k,
        char_end=p.char_start + k + len(figure), surface=figure, value=None, value_low=None,
        value_high=None, unit=None, unit_surface=None, kind="other", qualifier="exact",
        direction=None, value_role="level", from_value=None, yoy=False, base_period=None,
        period=None, year=None, modality="actual", metric=metric,
        metric_norm=norm(metric) if metric else None, subject=None, subject_norm=None,
    )


@pytest.fixture(scope="module")
def seed_doc():
    text = SEED.read_text(encoding="utf-8")
    passages = structure_document(text, "seed").passages
    return passages, extract_entities(passages, "seed")


def _passage(passages: list[Passage], piece: str) -> Passage:
    found = [p for p in passages if piece in p.text]
    assert found, f"no passage holds {piece!r}"
    return found[0]


def _cases():
    for case in SUBJECTS["cases"]:
        reason = case.get("rule_xfail") or case.get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", _cases())
def test_seed_subject(case, seed_doc):
    passages, entities = seed_doc
    p = _passage(passages, case["sentence"])
    (claim,) = attribute_claims([_claim(p, case["figure"])], entities, passages)
    assert claim.subject_norm == norm(case["subject"])
    assert claim.subject is not None and norm(claim.subject) == claim.subject_norm
    if "metric" in case:
        assert claim.metric_norm is not None and norm(case["metric"]) in claim.metric_norm
        assert len(claim.metric_norm) <= 12


def test_subject_is_raw_text_of_source(seed_doc):
    passages, entities = seed_doc
    p = _passage(passages, "青島市直播電商交易規模突破1200億元")
    (claim,) = attribute_claims([_claim(p, "1200億元")], entities, passages)
    assert claim.subject == "青島市"  # the source's own script, not the normalized one
    assert claim.subject_norm == "青岛市"


def test_metric_and_subject_of_the_claims_stage_stand_and_gaps_are_filled(seed_doc):
    """The sentence grammar's reading is kept; attribution fills only what it left empty."""
    passages, entities = seed_doc
    p = _passage(passages, "青島市直播電商交易規模突破1200億元")
    stated = _claim(p, "1200億元", metric="規模")
    stated = dataclasses.replace(stated, subject="膠州", subject_norm="胶州")
    empty = _claim(p, "1200億元")
    empty = dataclasses.replace(empty, metric=None, metric_norm=None, subject=None, subject_norm=None)
    kept, filled = attribute_claims([stated, empty], entities, passages)
    assert (kept.metric, kept.subject) == ("規模", "膠州")
    assert filled.subject_norm == "青岛市"
    assert filled.metric_norm is not None and "交易规模" in filled.metric_norm
    assert filled.metric is not None and norm(filled.metric) == filled.metric_norm


def test_no_entity_no_subject():
    text = "据测算，直播电商在线交易额每增加1亿元，可带动就业1100人。"
    passages = structure_document(text, "d").passages
    entities = extract_entities(passages, "d")
    (claim,) = attribute_claims([_claim(passages[0], "1100人")], entities, passages)
    assert entities == [] and claim.subject is None and claim.subject_norm is None


def test_object_of_a_verb_is_not_the_subject():
    text = "平度产业带引入亚马逊、抖音等平台，日发货量超10万箱。"
    passages = structure_document(text, "d").passages
    entities = extract_entities(passages, "d")
    (claim,) = attribute_claims([_claim(passages[0], "10万箱")], entities, passages)
    assert claim.subject_norm == "平度产业带"


@pytest.mark.parametrize("text, figure, subject", [
    ("京东与海信合作的“以旧换新”专区上线，首月销售额突破3亿元。", "3亿元", "以旧换新"),
    ("京東與海信合作的「以舊換新」專區上線，首月銷售額突破3億元。", "3億元", "以旧换新"),
    ("抖音和胶州市共建的“胶州有礼”馆开馆，单日成交额超500万元。", "500万元", "胶州有礼"),
])
def test_joint_undertaking_is_the_subject(text, figure, subject):
    """`A与B合作的“X”…`: the figure is about X, not about either partner."""
    passages = structure_document(text, "d").passages
    entities = extract_entities(passages, "d")
    (claim,) = attribute_claims([_claim(passages[0], figure)], entities, passages)
    assert claim.subject_norm == subject


@pytest.mark.parametrize("text, figure, subject", [
    ("这种模式在胶州家居产业带得到验证。产业带内企业年销售额增长20%。", "20%", "胶州家居产业带"),
    ("這種模式在膠州家居產業帶得到驗證。產業帶內企業年銷售額增長20%。", "20%", "胶州家居产业带"),
    ("這種模式在城陽數字經濟產業園得到驗證，園區內企業年產值增長15%。", "15%", "城阳数字经济产业园"),
])
def test_back_reference_takes_its_antecedent(text, figure, subject):
    """`产业带内企业` names no one itself: the last name with that head is the subject."""
    (claim,) = [c for c in extract_claims(text) if c.surface.startswith(figure)]
    assert claim.subject_norm == subject
    assert claim.subject is not None and norm(claim.subject) == subject


@pytest.mark.parametrize("text, subject", [
    ("青岛发布直播电商行动计划。全市直播电商交易额增长20%。", "青岛市"),
    ("青島發佈直播電商行動計劃。全市直播電商交易額增長20%。", "青岛市"),
    ("青岛市发布直播电商行动计划。全市直播电商交易额增长20%。", "青岛市"),
    # not a place: `全市` is the document's own place (CONTRACT: subject), and 海尔 is none
    ("海尔发布直播电商行动计划。全市直播电商交易额增长20%。", None),
])
def test_whole_city_is_the_topic_city_in_full(text, subject):
    (claim,) = extract_claims(text)
    assert claim.subject_norm == subject


@pytest.mark.parametrize("text", [
    "一批重大项目建成投产，海尔滚筒工厂、海信激光产线等项目建成，无人机产量增长39%。",
    "海爾滾筒工廠、海信激光產線等項目建成，無人機產量增長39%。",
])
def test_a_name_inside_a_listed_item_is_not_the_subject(text):
    """`巴斯夫核心装置、埃克森美孚一期…等项目`: the names qualify the items; the clause is about them."""
    passages = structure_document(text, "d").passages
    entities = extract_entities(passages, "d")
    p = next(p for p in passages if "39%" in p.text)
    (claim,) = attribute_claims([_claim(p, "39%")], entities, passages)
    assert claim.subject_norm is None


def test_pure_and_order_kept(seed_doc):
    passages, entities = seed_doc
    p = _passage(passages, "海爾智家通過企業微信")
    claims = [_claim(p, "2000萬"), _claim(p, "38%")]
    before = [dataclasses.asdict(c) for c in claims]
    out = attribute_claims(claims, entities, passages)
    assert [dataclasses.asdict(c) for c in claims] == before
    assert [c.claim_id for c in out] == [c.claim_id for c in claims]
    assert attribute_claims([], entities, passages) == []


@pytest.fixture(scope="module")
def seed_claims_attributed():
    """The seed through the claims stage, entities and attribution, as the pipeline runs them."""
    claims_mod = pytest.importorskip("qdextract.extract.claims")
    text = SEED.read_text(encoding="utf-8")
    passages = structure_document(text, "seed").passages
    found = attribute_claims(claims_mod.claims_from_passages(passages, "seed", text)[0],
                             extract_entities(passages, "seed"), passages)
    return passages, found


def _end_to_end_params():
    params = []
    for case in SUBJECTS["cases"]:
        reason = case.get("end_to_end_xfail") or case.get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@pytest.mark.parametrize("case", _end_to_end_params())
def test_end_to_end_subject(case, seed_claims_attributed):
    """With the claims stage: each seed case's figure is a claim with its subject."""
    passages, found = seed_claims_attributed
    p = _passage(passages, case["sentence"])
    k = p.char_start + p.text.index(case["figure"])
    hits = [c for c in found if c.char_start <= k + len(case["figure"]) and k < c.char_end]
    assert hits, f"no claim at {case['figure']!r}"
    assert hits[0].subject_norm == norm(case["subject"])



# -- subject: nothing carried across sentences but a clause list or a back-reference -------------

@pytest.mark.parametrize("text, figure, subject", [
    # a sentence that names no one has no subject, whatever the paragraph named before
    ("青岛直播电商交易额增长20%。实施科技攻关项目482个。", "482个", None),
    ("吉林化纤碳纤维量质齐升。新建5个现代化大农业全链条样板县。", "5个", None),
    # a back-reference continues the sentence before (其中, 这一, 同期)
    ("截至2025年一季度，青岛市直播电商交易规模突破1200亿元。这一数据背后，跨境直播电商交易额突破200亿元。",
     "200亿元", "青岛市"),
    ("海尔集团推出卡奥斯平台，复购率提升22%。这种模式使工业品直播退货率低于行业平均水平15个百分点。",
     "15个百分点", "海尔集团"),
    # a clause list after `：`/`；` is one sentence
    ("平度假睫毛产业带：投资5亿元建设美妆产业园；日发货量超10万箱。", "10万箱", "平度假睫毛产业带"),
    # a place goes on through the list past a clause that states no figure
    ("2026年福建省政府工作报告\n\n今年经济社会发展的主要预期目标是：全省地区生产总值增长5%左右；城镇新增就业50万人；"
     "居民收入增长与经济增长同步；粮食产量513万吨以上；完成国家下达的节能减排目标任务。", "513万吨", "福建"),
    ("2026年湖北省政府工作报告\n\n主要预期目标是：全省地区生产总值增长5.5%左右；居民消费价格涨幅2%左右；"
     "居民收入增长和经济增长同步；粮食产量继续保持500亿斤以上。", "500亿斤", "湖北"),
    # but not past a sentence's end
    ("2026年福建省政府工作报告\n\n全省地区生产总值增长5%左右。居民收入增长与经济增长同步；粮食产量513万吨以上。",
     "513万吨", None),
])
def test_subject_is_not_carried_across_sentences(text, figure, subject):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


@pytest.mark.parametrize("text, figure, subject", [
    # the document's own place from its title, in the form the report writes (江苏)
    ("2026年江苏省政府工作报告\n\n一、工作回顾\n全省规上工业增加值增长6.5%。", "6.5%", "江苏"),
    ("2026年吉林省政府工作报告\n\n一、工作回顾\n我省粮食总产量达到871.6亿斤。", "871.6亿斤", "吉林"),
    # a document about Hong Kong (its money in 港元): 本港 is 香港
    ("本港今年經濟增長2%至3%，財政儲備6473億港元。", "2%至3%", "香港"),
    # no title naming a place: 全省 names no one
    ("全省规上工业增加值增长6.5%。", "6.5%", None),
    # a province's word does not take a city's title
    ("2026年青岛市政府工作报告\n\n全省规上工业增加值增长6.5%。", "6.5%", None),
])
def test_whole_area_words_are_the_documents_own_place(text, figure, subject):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


@pytest.mark.parametrize("text, figure, subject", [
    # a piece of the clause is no subject: verbs, comparisons, indices, market sessions
    ("苏州实验室获批建设，布局4个基础科学中心，实施科技攻关项目482个。", "482个", None),
    ("美國3月非農業新增職位22.8萬個，遠高於市場預期的13.5萬個。", "13.5萬個", "美国"),  # not 远高于市场:
    # the figure compared with 22.8萬個 is of its subject (as the hk_news gold `hkn-us-payrolls` reads it)
    ("苏州实验室获批建设，超过市场预期的482个。", "482个", None),
    ("港股尾市逼近24000點，恒生指數收市升753點，升幅近3.3%。", "3.3%", None),
    # the source of the figures is not what they are about
    ("國家統計局數據顯示，今年1至2月份社會消費品零售總額83731億元。", "83731億元", None),
    # a group or a place keeps its subject (jieba tags 即墨 a verb)
    ("即墨区直播电商销售额增长18%。", "18%", "即墨区"),
    ("参与商家销售额增长35%。", "35%", "参与商家"),
    # a word that ends in a place suffix and names no place (上市, 节省)
    ("完成国泰海通证券重组更名上市，在沪持牌金融机构增加到1813家。", "1813家", None),
])
def test_what_cannot_be_a_subject(text, figure, subject):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


def test_a_figure_said_again_keeps_its_subject():
    text = "平度假睫毛产业带则投资5亿元建设美妆产业园。投资5亿建设美妆产业园，带动就业6万人。"
    claims = [c for c in extract_claims(text) if "5亿" in c.surface]
    assert [c.subject_norm for c in claims] == ["平度假睫毛产业带", "平度假睫毛产业带"]


# -- metric: the measured noun phrase ------------------------------------------------------------

@pytest.mark.parametrize("text, figure, metric", [
    ("深入实施高标准农田建设，建设高标准农田910万亩。", "910万亩", "高标准农田"),
    ("先行指标稳中提质，全年接待游客人次增长20.7%。", "20.7%", "游客人次"),  # the verb of doing is no part of it
    ("黑土地耕层厚度止跌提升3.5%。", "3.5%", "黑土地耕层厚度"),
    ("4月份，全国规模以上工业增加值同比实际增长6.5%。", "6.5%", "规模以上工业增加值"),
    ("布局4个基础科学中心。", "4个", "基础科学中心"),
    # a word is cut only where the segmentation ends it, and a leading verb only before a noun
    ("获客成本降低12.5%。", "12.5%", "获客成本"),
    ("建设筹集保障性住房155.4万套。", "155.4万套", "建设筹集保障性住房"),
    # the verb of completion after a measure of spending (`投资完成`); a rate keeps it
    ("重大工程投资完成2510.1亿元、增长5.3%。", "2510.1亿元", "重大工程投资"),
    ("固定资产投资完成额增长3%。", "3%", "固定资产投资完成额"),
])
def test_metric_is_cleaned_of_doing_time_and_change_words(text, figure, metric):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.metric_norm == metric


def test_a_bare_measure_header_takes_the_headings_topic():
    text = ("#### **2. 中国开发者地域分布**\n\n| 排名 | 省份 | 总人数 | 全国占比 |\n|---|---|---|---|\n"
            "| 1 | 北京 | 38,323 | 22.04% |\n")
    metrics = {c.surface: c.metric_norm for c in extract_claims(text)}
    assert metrics == {"38,323": "开发者总人数", "22.04%": "开发者全国占比"}


@pytest.mark.parametrize("text, figure, subject, metric", [
    # a breakdown lists groups: each is the subject of the shared measure
    ("分经济类型看，国有控股企业增加值同比增长5.6%，集体企业增长1.9%。", "5.6%", "国有控股企业", "增加值"),
    ("分经济类型看，国有控股企业增加值同比增长5.6%，集体企业增长1.9%。", "1.9%", "集体企业", "增加值"),
    ("分产业看，第一产业投资3931亿元，同比增长19.1%。", "3931亿元", "第一产业", "投资"),
    # outside a breakdown the phrase is one metric
    ("新能源产业产值增长8%以上。", "8%", None, "新能源产业产值"),
])
def test_a_breakdown_makes_its_groups_the_subjects(text, figure, subject, metric):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


@pytest.mark.parametrize("text, figure, subject, metric", [
    ("加權指數收市報23402點，升116點，升幅0.5%。", "0.5%", None, "加权指数"),
    ("金融股向上，友邦升近4%。", "4%", "友邦", "股价"),
])
def test_market_reports(text, figure, subject, metric):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


@pytest.mark.parametrize("text, figure, subject, metric", [
    # a rate word alone is the rate of the figure's growth before it
    ("4月份，全国规模以上工业增加值同比实际增长6.5%，增速比上月回落1.1个百分点。", "1.1个百分点",
     "全国", "规模以上工业增加值增速"),
    # `全国商品房…`: 全国 is the subject, 商品房… stays in the metric
    ("1-4月份，全国商品房销售面积41655万平方米。", "41655万平方米", "全国", "商品房销售面积"),
])
def test_rates_and_the_nation(text, figure, subject, metric):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


@pytest.mark.parametrize("text, figure, subject, metric", [
    # a change stated only by its comparison is a change of the level before it
    ("郵輪旅客總流量35.5萬人次，按年上升63%。", "63%", None, "邮轮旅客总流量"),
    # a market before its price move is what is measured
    ("日股開市跌近2%", "2%", None, "日股"),
    ("紐約期金低收1.4%", "1.4%", None, "纽约期金"),
    # a percent before a levy is that levy
    ("中國對原產於美國所有進口商品加徵34%關稅", "34%", "中国", "加征关税"),
])
def test_changes_markets_and_levies(text, figure, subject, metric):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


@pytest.mark.parametrize("figure", ["17.5 亿", "10%"])
def test_a_platform_named_in_latin_letters_before_its_measure_is_the_subject(figure):
    text = "2024 年，GitHub 全域事件日志总数达到 **17.5 亿**，同比增长约 **10%**。"
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert (claim.subject_norm, claim.metric_norm) == ("GitHub", "全域事件日志总数")


@pytest.mark.parametrize("figure", ["4.0%", "83731億元"])
def test_a_month_span_and_dangzhong_stand_before_a_clause_head(figure):
    # `今年1月至2月份中國…，當中…`: the months open the clause, 當中 continues its topic
    text = "國家統計局數據顯示，今年1月至2月份中國消費市場運行平穩向好，當中社會消費品零售按年增長4.0%，總額83731億元。"
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == "中国"


@pytest.mark.parametrize("text, figure, metric", [
    # a measure written once after the last item of a `分别` list belongs to each item
    ("科技型中小企业、高新技术企业数量分别增长3.2倍、2.5倍，每万人高价值发明专利拥有量达到10件。",
     "3.2倍", "科技型中小企业数量"),
    # an owner written once before the first item, to each item after it
    ("安全生产事故起数、死亡人数分别下降9.4％、7.2％，全年未发生重大及以上事故。", "7.2％", "安全生产事故死亡人数"),
    # items of one kind keep their own (no owner shared), and a subject is no part of the measure
    ("积极预防、依法打击各类违法犯罪活动，刑事治安、涉诈、涉毒警情分别下降17.7%、17.4%、68%。", "68%", "涉毒警情"),
    ("深入实施国有企业改革深化提升行动任务，省属企业营收和利润分别居全国第5、第6位。", "第6位", "利润"),
])
def test_a_fenbie_lists_shared_measure_completes_each_item(text, figure, metric):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.metric_norm == metric


@pytest.mark.parametrize("figure", ["600元", "1300元"])
def test_figures_offered_as_alternatives_share_their_measure(figure):
    claims = [c for c in extract_claims("簽證費上調至600元或1300元。") if figure in c.surface]
    assert [c.metric_norm for c in claims] == ["签证费"]


def test_a_change_of_the_figure_before_has_its_subject():
    text = "他指出，2024/25年度政府開支與預算相若，整體開支的修訂預算為7548億元，較原來預算低221億元。"
    claims = extract_claims(text)
    assert [c.subject_norm for c in claims if "億元" in c.surface] == ["政府", "政府"]


def test_residents_heading_their_income_are_its_subject_not_the_place_before():
    text = ("2026年福建省政府工作报告\n初步统计，2025年全省地区生产总值60199.45亿元、增长5%，城镇居民、农村居民"
            "人均可支配收入分别增长4.5%、5.7%，城镇调查失业率4.7%。")
    by_surface = {c.surface: c for c in extract_claims(text)}
    assert by_surface["60199.45亿元"].subject_norm == "福建"
    assert [(by_surface[f].subject_norm, by_surface[f].metric_norm) for f in ("4.5%", "5.7%")] == [
        ("城镇居民", "人均可支配收入"), ("农村居民", "人均可支配收入")]


def test_subjects_named_by_a_rule_keep_the_sources_characters():
    """A market's movers are named in the report's own script (`新地發展`), normalized in subject_norm."""
    by_surface = {c.surface: c for c in extract_claims("本地地產股亦造好，新地發展升逾6%，恒隆地產升近4%。")}
    assert [(by_surface[f].subject, by_surface[f].subject_norm) for f in ("逾6%", "近4%")] == [
        ("新地發展", "新地发展"), ("恒隆地產", "恒隆地产")]


@pytest.mark.parametrize("text, figure, subject, metric", [
    # places paired with their figures and no measure written after them: no measure
    ("青岛、烟台分别增长38%、25%。", "38%", "青岛", None),
    ("青岛、烟台进出口分别增长38%、25%。", "38%", "青岛", "进出口"),
])
def test_listed_places_take_their_figures(text, figure, subject, metric):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


@pytest.mark.parametrize("text, figure", [
    # a kind of thing named by a suffix that names one only after a place is no one, and is not
    # carried to later clauses
    ("金融市场交易总额从2274.8万亿元增加到4059万亿元，每万人口高价值发明专利拥有量从29.6件增加到65件。", "4059万亿元"),
    ("金融市场交易总额从2274.8万亿元增加到4059万亿元，每万人口高价值发明专利拥有量从29.6件增加到65件。", "65件"),
    ("深化电力市场改革，电力市场交易为用户节约用电成本超100亿元。", "100亿元"),
])
def test_a_kind_of_market_is_no_subject(text, figure):
    assert next(c for c in extract_claims(text) if figure in c.surface).subject_norm is None


def test_a_market_after_a_place_is_the_places():
    claim = next(c for c in extract_claims("即墨服装市场直播销售额增长18%。") if "18%" in c.surface)
    assert claim.subject_norm == "即墨服装市场"


@pytest.mark.parametrize("clause, kind", [
    ("金融市场交易总额从", True), ("重构多层次资本市场公开募资培育体系", True),
    ("即墨服装市场直播销售额", False), ("远高于市场预期的", False), ("市场主体总量", False), ("全省市场主体", False),
])
def test_opens_with_a_kind(clause, kind):
    from qdextract.extract.attribution.topics import opens_with_a_kind
    assert opens_with_a_kind(clause) is kind
