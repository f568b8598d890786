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

