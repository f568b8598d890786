"""Duplicate passages and claims: the seed's own repetitions, a republished report, the rules."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import opencc
import pandas as pd
import pytest

from qdextract.corpus.dedup import (
    PAIR_KINDS,
    DedupConfig,
    build_claims_clean,
    dedup_passages,
    fold_for_matching,
    mark_duplicate_claims,
    mark_duplicate_passages,
    split_clauses,
)
from qdextract.ids import make_id
from qdextract.text.normalize import norm, normalize_text
from qdextract.text.structure import structure_document

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "raw" / "qingdao_livestream_report.txt"
GUANGDONG = ROOT.parent / "shared" / "corpus" / "guangdong_gov_work_report_2026.txt"
HAS_CLAIMS = importlib.util.find_spec("qdextract.extract.claims") is not None


# ---------------------------------------------------------------- helpers shared by the report tests

def passages_frame(*docs: tuple[str, str]) -> pd.DataFrame:
    """The passages table of documents (text, doc_id), in reading order."""
    rows = [p.to_dict() for text, doc_id in docs for p in structure_document(text, doc_id).passages]
    frame = pd.DataFrame(rows)
    frame["dup_group"] = None
    frame["dup_kind"] = None
    frame["is_canonical"] = True
    return frame


def seed_passages() -> pd.DataFrame:
    return passages_frame((SEED.read_text("utf-8"), "d_seed"))


def same_group(x, y) -> bool:
    """Both marked, and in one group."""
    return bool(pd.notna(x) and pd.notna(y) and x == y)


def row_with(frame: pd.DataFrame, fragment: str, occurrence: int = 1, column: str = "text_norm") -> pd.Series:
    """The passage (or claim) whose column contains fragment, the n-th in table order."""
    hits = frame[frame[column].astype(str).str.contains(fragment, regex=False)]
    assert len(hits) >= occurrence, f"{fragment!r} found {len(hits)} times, wanted occurrence {occurrence}"
    return hits.iloc[occurrence - 1]


def claim_row(passages: pd.DataFrame, fragment: str, surface: str, value: float, unit: str, kind: str,
              metric: str | None, *, subject: str | None = None, period: str | None = None, role: str = "level",
              direction: str | None = None, qualifier: str = "exact", modality: str = "actual",
              occurrence: int = 1) -> dict:
    """One hand-annotated claims-table row, located in the passage that holds `fragment`."""
    p = row_with(passages, fragment, occurrence)
    normalized = normalize_text(p["text"])
    i = normalized.text.index(surface)
    s, e = normalized.raw_span(i, i + len(surface))
    start, end = int(p["char_start"]) + s, int(p["char_start"]) + e
    return {
        "claim_id": make_id("c", p["doc_id"], start, end), "doc_id": p["doc_id"],
        "passage_id": p["passage_id"], "section_path": p["section_path"], "sentence": p["text"],
        "char_start": start, "char_end": end, "surface": p["text"][s:e],
        "value": value, "value_low": value, "value_high": value, "unit": unit, "unit_surface": unit,
        "kind": kind, "qualifier": qualifier, "direction": direction, "value_role": role, "from_value": None,
        "yoy": False, "base_period": None, "period": period, "year": int(period[:4]) if period else None,
        "modality": modality, "metric": metric, "metric_norm": metric, "subject": subject,
        "subject_norm": subject, "dup_group": None, "is_canonical": True,
    }


def seed_claims(passages: pd.DataFrame) -> pd.DataFrame:
    """The seed's figures that matter for deduplication, annotated by hand from the text."""
    c = lambda *a, **k: claim_row(passages, *a, **k)  # noqa: E731
    rows = [
        c("2024年带动就业岗位超15万个", "超15万个", 150000.0, "个", "count", "就业岗位", period="2024", qualifier="more_than"),
        c("带动农村网络零售额增长41%", "增长41%", 41.0, "%", "percent", "农村网络零售额", subject="莱西", role="change", direction="increase"),
        c("截至2025年一季度", "超15万个", 150000.0, "个", "count", "就业岗位", subject="青岛市", period="2025Q1", qualifier="more_than"),
        c("截至2025年一季度", "增长38%", 38.0, "%", "percent", "交易规模", subject="青岛市", period="2025Q1", role="change", direction="increase"),
        c("本土品牌自播比例", "提升至41%", 41.0, "%", "percent", "自播比例", subject="本土品牌", period="2025Q1", direction="increase"),
        c("库存周转率提升40%", "提升40%", 40.0, "%", "percent", "库存周转率", role="change", direction="increase"),
        c("快手平台国补", "提升102%", 102.0, "%", "percent", "销售额", subject="参与商家", role="change", direction="increase"),
        c("区域品牌带动农村网络零售额增长41%", "增长41%", 41.0, "%", "percent", "农村网络零售额", subject="莱西", role="change", direction="increase"),
        c("用户停留时长提升40%", "提升40%", 40.0, "%", "percent", "用户停留时长", role="change", direction="increase"),
        c("用户停留时长提升40%", "提升40%", 40.0, "%", "percent", "停留时长", role="change", direction="increase", occurrence=2),
        c("平度假睫毛产业带则投资5亿元", "5亿元", 5e8, "CNY", "money", "投资", subject="平度假睫毛产业带"),
        c("平度假睫毛产业带则投资5亿元", "超10万箱", 100000.0, "箱", "count", "日发货量", subject="平度假睫毛产业带", qualifier="more_than"),
        c("投资5亿建设美妆产业园", "5亿", 5e8, None, "money", None),
        c("日发货量超10万箱,带动就业6万人;", "超10万箱", 100000.0, "箱", "count", "日发货量", qualifier="more_than"),
        c("家电家居焕新节", "提升102%", 102.0, "%", "percent", "销售额", subject="参与商家", period="2025", role="change", direction="increase"),
        c("复购率达38%", "达38%", 38.0, "%", "percent", "复购率", subject="海尔智家", period="2025"),
        c("单场观看时长较真人主播延长40%", "延长40%", 40.0, "%", "percent", "单场观看时长", subject="虚拟主播", role="change", direction="increase"),
    ]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the seed's repeated passages

@pytest.fixture(scope="module")
def seed_dedup() -> tuple[pd.DataFrame, pd.DataFrame]:
    return dedup_passages(seed_passages())


SEED_REPETITIONS = [
    pytest.param(("淘宝全球购与菜鸟合作的“一城一仓”", 1), ("淘宝全球购与菜鸟合作的“一城一仓”", 2), id="yicheng-yicang-spaces-and-curly-quotes"),
    pytest.param(("用户停留时长提升40%", 1), ("用户停留时长提升40%", 2), id="ai-dwell-time-sentence"),
    pytest.param(("平度假睫毛产业带则投资5亿元", 1), ("投资5亿建设美妆产业园,实现", 1), id="pingdu-list-first-item"),
    pytest.param(("平度假睫毛产业带则投资5亿元", 1), ("日发货量超10万箱,带动就业6万人;", 1), id="pingdu-list-second-item"),
    pytest.param(("带动农村网络零售额增长41%", 1), ("带动农村网络零售额增长41%", 2), id="laixi-retail-sentence"),
]


@pytest.mark.parametrize(("first", "copy"), SEED_REPETITIONS)
def test_seed_repetition_is_one_duplicate_group(seed_dedup, first, copy):
    marked, _ = seed_dedup
    a, b = row_with(marked, *first), row_with(marked, *copy)
    assert same_group(a["dup_group"], b["dup_group"])
    assert bool(a["is_canonical"]) and not bool(b["is_canonical"])  # the first one read is canonical


def test_group_id_derives_from_the_canonical_passage(seed_dedup):
    marked, _ = seed_dedup
    for gid, members in marked[marked["dup_group"].notna()].groupby("dup_group"):
        canonical = members[members["is_canonical"].astype(bool)]
        assert len(canonical) == 1
        assert gid == make_id("g", canonical["passage_id"].iloc[0])


def test_pingdu_third_list_item_is_reported_as_a_partial_repetition(seed_dedup):
    marked, evidence = seed_dedup
    composite = row_with(marked, "平度假睫毛产业带则投资5亿元")["passage_id"]
    third = row_with(marked, "培育出\"诗妮歌\"")
    # it adds a fact of its own (培育出诗妮歌), so it is not a copy; its repeated clause is evidence
    assert pd.isna(third["dup_group"])
    pair = evidence[(evidence["passage_id_a"] == composite) & (evidence["passage_id_b"] == third["passage_id"])]
    assert pair["kind"].tolist() == ["partial"]
    assert "产品进入欧美高端市场" in pair["shared"].iloc[0]


def test_seed_evidence_kinds(seed_dedup):
    marked, evidence = seed_dedup
    assert set(evidence["kind"]) <= set(PAIR_KINDS)
    yc1, yc2 = (row_with(marked, "淘宝全球购与菜鸟合作的“一城一仓”", i)["passage_id"] for i in (1, 2))
    pair = evidence[(evidence["passage_id_a"] == yc1) & (evidence["passage_id_b"] == yc2)]
    assert pair["kind"].tolist() == ["near"] and pair["similarity"].iloc[0] >= DedupConfig().near_threshold


NOT_THE_SAME_PASSAGE = [
    pytest.param("库存周转率提升40%", "用户停留时长提升40%", id="inventory-turnover-vs-dwell-time"),
    pytest.param("单场观看时长较真人主播延长40%", "用户停留时长提升40%", id="viewing-time-vs-dwell-time"),
    pytest.param("本土品牌自播比例提升至41%", "带动农村网络零售额增长41%", id="self-broadcast-vs-rural-retail"),
    pytest.param("复购率达38%", "同比增长38%", id="repurchase-vs-yoy-growth"),
    pytest.param("2024年带动就业岗位超15万个", "截至2025年一季度", id="jobs-2024-vs-2025q1"),
]


@pytest.mark.parametrize(("one", "other"), NOT_THE_SAME_PASSAGE)
def test_equal_figures_in_different_sentences_are_not_merged(seed_dedup, one, other):
    marked, _ = seed_dedup
    a, b = row_with(marked, one), row_with(marked, other)
    assert not same_group(a["dup_group"], b["dup_group"])


def test_unique_passages_stay_unmarked_and_canonical(seed_dedup):
    marked, _ = seed_dedup
    unique = marked[marked["dup_group"].isna()]
    assert len(unique) > len(marked) // 2
    assert unique["is_canonical"].astype(bool).all()
    # the repetitions listed above are the seed's only duplicate passages
    listed = {row_with(marked, *where)["passage_id"] for p in SEED_REPETITIONS for where in p.values}
    assert set(marked.loc[marked["dup_group"].notna(), "passage_id"]) == listed


def test_marking_is_stable_and_leaves_the_input_alone():
    passages = seed_passages()
    before = passages.copy()
    one, two = mark_duplicate_passages(passages), mark_duplicate_passages(passages.copy())
    pd.testing.assert_frame_equal(passages, before)
    pd.testing.assert_frame_equal(one, two)
    assert list(one.columns) == list(passages.columns)


# ---------------------------------------------------------------- kinds of sameness

def _two_docs(a: str, b: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return dedup_passages(passages_frame((a, "d_a"), (b, "d_b")))


SENTENCE = "海尔、海信等企业通过AI技术优化用户体验,智能家电直播间引入AR试穿、虚拟场景等功能,用户停留时长提升40%。"
KINDS = [
    pytest.param(SENTENCE, SENTENCE, "exact", id="exact"),
    pytest.param(SENTENCE, SENTENCE.replace("AI技术", " AI 技术 ").replace("。", "!"), "normalized", id="spaces-and-punctuation"),
    pytest.param(SENTENCE, opencc.OpenCC("s2t").convert(SENTENCE), "normalized", id="traditional-script"),
    pytest.param(SENTENCE, "例如," + SENTENCE, "near", id="lead-in-word"),
    pytest.param("平度投资5亿元建设美妆产业园,实现全流程数字化。", "平度投资5亿建设美妆产业园,实现全流程数字化。", "near", id="unit-dropped"),
    pytest.param(
        "青岛启动星火计划,已有3200家企业完成数字化改造。",
        "据统计,青岛启动星火计划,已有3200家企业完成数字化改造,生产效率提升28%,带动就业超过两万人,形成示范效应。",
        "containment", id="short-sentence-inside-long",
    ),
]


@pytest.mark.parametrize(("a", "b", "kind"), KINDS)
def test_kind_of_sameness(a, b, kind):
    marked, evidence = _two_docs(a, b)
    assert marked["dup_group"].notna().all() and marked["dup_group"].nunique() == 1
    assert evidence["kind"].tolist() == [kind]
    assert marked["is_canonical"].tolist() == [True, False]


def test_unrelated_sentences_are_not_paired():
    marked, evidence = _two_docs(SENTENCE, "即墨卫衣产业带通过标准仓实现现货即发,抖音平台同类目销售冠军。")
    assert marked["dup_group"].isna().all() and evidence.empty


@pytest.mark.xfail(strict=True, reason="containment candidates come from shared clauses; a short sentence "
                   "embedded mid-clause with no punctuation around it shares no clause with its container")
def test_short_sentence_embedded_mid_clause_is_found():
    marked, _ = _two_docs(
        "青岛启动星火计划。",
        "2025年上半年青岛启动星火计划并为中小企业提供一站式解决方案以推动产业带数字化改造。",
    )
    assert marked["dup_group"].notna().all()


def test_a_stock_phrase_does_not_chain_two_sentences_together():
    stock = "推动高质量发展。"
    a = "全省制造业投资增长12%,推动高质量发展,新增专精特新企业300家。"
    b = "农村居民人均可支配收入增长6%,推动高质量发展,城乡差距持续缩小。"
    marked, _ = dedup_passages(passages_frame((stock, "d_0"), (a, "d_a"), (b, "d_b")))
    groups = marked.set_index("doc_id")["dup_group"]
    assert not same_group(groups["d_a"], groups["d_b"])


def test_folding_and_clauses():
    assert fold_for_matching("“一城一仓” 项目, AI") == fold_for_matching('"一城一仓"项目;ai')
    assert split_clauses("投资5亿建设美妆产业园,实现原材料-生产-销售全流程数字化;短句", DedupConfig()) == [
        "投资5亿建设美妆产业园", "实现原材料生产销售全流程数字化",
    ]


# ---------------------------------------------------------------- configuration

def test_packaged_config_equals_the_defaults():
    assert DedupConfig.load() == DedupConfig()


def test_config_refuses_unknown_keys_and_bad_thresholds(tmp_path):
    bad = tmp_path / "dedup.yaml"
    bad.write_text("near_treshold: 0.8\n", encoding="utf-8")
    with pytest.raises(ValueError, match="near_treshold"):
        DedupConfig.load(bad)
    with pytest.raises(ValueError):
        DedupConfig(near_threshold=1.5)
    with pytest.raises(ValueError):
        DedupConfig(lsh_threshold=0.9, near_threshold=0.8)


def test_a_stricter_config_finds_fewer_duplicates():
    strict = DedupConfig(containment_threshold=0.95)
    marked = mark_duplicate_passages(seed_passages(), strict)
    list_item = row_with(marked, "投资5亿建设美妆产业园,实现")  # 0.92 of it stands in the composite
    assert pd.isna(list_item["dup_group"])
    assert pd.notna(row_with(marked, "用户停留时长提升40%")["dup_group"])


# ---------------------------------------------------------------- a report published twice

def _republished(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The report with a few sentences edited and one added; returns the edits made."""
    edits = [
        ("地区生产总值", "全省地区生产总值"),  # a word added
        ("亿元", "亿"),  # the unit shortened, everywhere
        ("。\n", "。\n例如,本省继续推进改革。\n"),  # a new sentence in front of the second paragraph
    ]
    text = text.replace(edits[0][0], edits[0][1], 1).replace(edits[1][0], edits[1][1])
    return text.replace(edits[2][0], edits[2][1], 1), edits


@pytest.fixture(scope="module")
def republished() -> tuple[pd.DataFrame, pd.DataFrame]:
    if not GUANGDONG.exists():
        pytest.skip(f"{GUANGDONG} not present")
    original = GUANGDONG.read_text("utf-8")
    copy, _ = _republished(original)
    return dedup_passages(passages_frame((original, "d_original"), (copy, "d_copy")))


def test_every_shared_sentence_of_a_republished_report_is_found(republished):
    marked, _ = republished
    original = marked[marked["doc_id"] == "d_original"]
    copy = marked[marked["doc_id"] == "d_copy"]
    group_docs = marked.groupby("dup_group")["doc_id"].agg(set)
    added = copy["text_norm"].str.contains("本省继续推进改革")
    assert added.sum() == 1
    shared = copy[~added]
    assert len(shared) == len(original)
    missed = [t for t, g in zip(shared["text_norm"], shared["dup_group"]) if pd.isna(g) or "d_original" not in group_docs[g]]
    assert missed == []
    assert not shared["is_canonical"].astype(bool).any()  # every copy points back to the first publication


def test_the_added_sentence_is_not_a_duplicate(republished):
    marked, _ = republished
    added = row_with(marked, "本省继续推进改革")
    assert pd.isna(added["dup_group"])


# ---------------------------------------------------------------- claims

@pytest.fixture(scope="module")
def seed_marked_claims() -> pd.DataFrame:
    passages = mark_duplicate_passages(seed_passages())
    return mark_duplicate_claims(seed_claims(passages), passages)


def _claim(claims: pd.DataFrame, fragment: str, surface: str, occurrence: int = 1) -> pd.Series:
    hits = claims[claims["sentence"].map(norm).str.contains(fragment, regex=False) & (claims["surface"].map(norm) == surface)]
    assert len(hits) >= occurrence
    return hits.iloc[occurrence - 1]


SAME_FACT = [
    pytest.param(("快手平台国补", "提升102%"), ("家电家居焕新节", "提升102%"), id="sales-102-percent"),
    pytest.param(("莱西“莱西有礼”", "增长41%"), ("莱西\"莱西有礼\"区域品牌带动", "增长41%"), id="laixi-41-percent"),
    pytest.param(("用户停留时长提升40%", "提升40%", 1), ("用户停留时长提升40%", "提升40%", 2), id="dwell-time-in-duplicate-passages"),
    pytest.param(("平度假睫毛产业带则投资5亿元", "5亿元"), ("投资5亿建设美妆产业园", "5亿"), id="pingdu-investment-unit-dropped"),
    pytest.param(("平度假睫毛产业带则投资5亿元", "超10万箱"), ("日发货量超10万箱,带动就业6万人;", "超10万箱"), id="pingdu-shipments"),
]


@pytest.mark.parametrize(("one", "other"), SAME_FACT)
def test_the_same_fact_is_one_claim_group(seed_marked_claims, one, other):
    a, b = _claim(seed_marked_claims, *one), _claim(seed_marked_claims, *other)
    assert same_group(a["dup_group"], b["dup_group"])
    assert bool(a["is_canonical"]) and not bool(b["is_canonical"])


DIFFERENT_FACTS = [
    pytest.param(("莱西“莱西有礼”", "增长41%"), ("本土品牌自播比例", "提升至41%"), id="rural-retail-41-vs-self-broadcast-41"),
    pytest.param(("截至2025年一季度", "增长38%"), ("复购率达38%", "达38%"), id="yoy-growth-38-vs-repurchase-38"),
    pytest.param(("库存周转率提升40%", "提升40%"), ("用户停留时长提升40%", "提升40%"), id="inventory-40-vs-dwell-40"),
    pytest.param(("用户停留时长提升40%", "提升40%"), ("单场观看时长", "延长40%"), id="dwell-40-vs-viewing-40"),
    pytest.param(("库存周转率提升40%", "提升40%"), ("单场观看时长", "延长40%"), id="inventory-40-vs-viewing-40"),
    pytest.param(("2024年带动就业岗位超15万个", "超15万个"), ("截至2025年一季度", "超15万个"), id="jobs-2024-vs-2025q1"),
]


@pytest.mark.parametrize(("one", "other"), DIFFERENT_FACTS)
def test_equal_numbers_measuring_different_things_are_not_merged(seed_marked_claims, one, other):
    a, b = _claim(seed_marked_claims, *one), _claim(seed_marked_claims, *other)
    assert not same_group(a["dup_group"], b["dup_group"])


def test_an_unknown_period_never_bridges_two_stated_ones():
    passages = passages_frame(("2023年全市社会消费品零售额增长20%。另据商务部门统计,销售额增长20%。到了2024年,龙头企业销售额也实现增长20%。", "d_x"))
    rows = [
        claim_row(passages, "2023年", "增长20%", 20.0, "%", "percent", "销售额", period="2023", role="change"),
        claim_row(passages, "另据商务部门统计", "增长20%", 20.0, "%", "percent", "销售额", role="change"),
        claim_row(passages, "到了2024年", "增长20%", 20.0, "%", "percent", "销售额", period="2024", role="change"),
    ]
    marked = mark_duplicate_claims(pd.DataFrame(rows), mark_duplicate_passages(passages))
    g = marked["dup_group"].tolist()
    assert not same_group(g[0], g[2])


def _gdp_target(passages: pd.DataFrame, fragment: str, surface: str, qualifier: str = "approx") -> dict:
    return claim_row(passages, fragment, surface, 5.0, "%", "percent", "地区生产总值", period="2026", role="change",
                     direction="increase", qualifier=qualifier, modality="target")


def test_a_figure_naming_no_subject_is_its_own_documents():
    # two provinces' reports, each with its own target in its own words: no subject is named, so
    # each figure is its report's place's, and two reports' are two facts
    passages = passages_frame(
        ("今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业110万人以上。", "d_one"),
        ("综合考虑各方面因素，建议今年全省发展主要预期目标为：地区生产总值增长5%左右，居民收入增长和经济增长同步。", "d_two"),
    )
    rows = [_gdp_target(passages, "城镇新增就业", "5%左右"), _gdp_target(passages, "居民收入增长", "5%左右")]
    marked = mark_duplicate_claims(pd.DataFrame(rows), mark_duplicate_passages(passages))
    assert marked["dup_group"].isna().all()


def test_a_figure_naming_no_subject_restated_in_its_document_is_one_fact():
    passages = passages_frame(("今年主要预期目标是：地区生产总值增长5%左右。为实现地区生产总值增长5%左右的目标，要扩大有效投资。", "d_one"))
    rows = [_gdp_target(passages, "今年主要预期目标", "5%左右"), _gdp_target(passages, "为实现", "5%左右")]
    g = mark_duplicate_claims(pd.DataFrame(rows), mark_duplicate_passages(passages))["dup_group"].tolist()
    assert same_group(g[0], g[1])


def test_another_qualifier_is_another_fact():
    # `5%以上` and `5%左右` state different targets, whatever else they share
    passages = passages_frame(("地区生产总值增长5%以上。另据测算，地区生产总值增长5%左右。", "d_one"))
    rows = [_gdp_target(passages, "5%以上", "5%以上", "more_than"), _gdp_target(passages, "另据测算", "5%左右")]
    assert mark_duplicate_claims(pd.DataFrame(rows), mark_duplicate_passages(passages))["dup_group"].isna().all()


def test_claims_clean_has_one_row_per_fact(seed_marked_claims):
    clean = build_claims_clean(seed_marked_claims)
    assert list(clean.columns) == list(seed_marked_claims.columns) + ["n_occurrences"]
    assert clean["n_occurrences"].sum() == len(seed_marked_claims)
    assert len(clean) == seed_marked_claims["dup_group"].nunique() + seed_marked_claims["dup_group"].isna().sum()
    sales = clean[clean["sentence"].map(norm).str.contains("快手平台国补", regex=False)]
    assert sales["n_occurrences"].tolist() == [2]
    assert clean["is_canonical"].astype(bool).all()


# ---------------------------------------------------------------- with the claims extractor

@pytest.fixture(scope="module")
def extracted() -> tuple[pd.DataFrame, pd.DataFrame]:
    if not HAS_CLAIMS:
        pytest.skip("qdextract.extract.claims not available yet")
    from qdextract import extract_claims

    text = SEED.read_text("utf-8")
    passages = mark_duplicate_passages(passages_frame((text, "d_seed")))
    claims = pd.DataFrame([c.to_dict() for c in extract_claims(text, "d_seed")])
    return passages, mark_duplicate_claims(claims, passages)


def _extracted(claims: pd.DataFrame, fragment: str, figure: str, occurrence: int = 1) -> pd.Series:
    hits = claims[claims["sentence"].map(norm).str.contains(fragment, regex=False) & claims["surface"].map(norm).str.contains(figure, regex=False)]
    assert len(hits) >= occurrence, f"no claim {figure!r} in a sentence with {fragment!r}"
    return hits.iloc[occurrence - 1]


@pytest.mark.parametrize(("one", "other"), [p for p in SAME_FACT if p.id in ("sales-102-percent", "laixi-41-percent", "dwell-time-in-duplicate-passages")])
def test_extracted_repetitions_are_duplicate_claims(extracted, one, other):
    _, claims = extracted
    a = _extracted(claims, one[0], one[1].lstrip("提升增长达"), *one[2:])
    b = _extracted(claims, other[0], other[1].lstrip("提升增长达"), *other[2:])
    assert same_group(a["dup_group"], b["dup_group"])


@pytest.mark.parametrize(("one", "other"), DIFFERENT_FACTS)
def test_extracted_equal_numbers_stay_apart(extracted, one, other):
    _, claims = extracted
    a = _extracted(claims, one[0], one[1].lstrip("提升增长达至延长超"))
    b = _extracted(claims, other[0], other[1].lstrip("提升增长达至延长超"))
    assert not same_group(a["dup_group"], b["dup_group"])


def test_extracted_claims_clean_one_row_per_fact(extracted):
    _, claims = extracted
    clean = build_claims_clean(claims)
    assert clean["n_occurrences"].sum() == len(claims)
    assert not clean["claim_id"].duplicated().any()
    facts = clean[clean["metric_norm"].notna()]
    key = ["value", "unit", "metric_norm", "subject_norm", "period", "value_role", "modality", "direction"]
    assert not facts.duplicated(key).any()


@pytest.mark.parametrize(("one", "other", "same"), [
    pytest.param("快手平台", "快手电商", True, id="platform-vs-ecommerce-arm"),
    pytest.param("青岛市", "青岛", True, id="city-suffix"),
    pytest.param("青岛国际动漫产业园", "青岛", False, id="park-in-a-city"),
    pytest.param("市", "市", True, id="never-emptied"),
])
def test_subject_key(one, other, same):
    from qdextract.corpus.dedup import subject_key

    assert (subject_key(one, DedupConfig()) == subject_key(other, DedupConfig())) is same
    assert subject_key("市", DedupConfig()) == "市"


def test_figures_without_subject_or_period_are_not_matched_as_facts():
    text = "连续3年在新春首个工作日召开全省高质量发展大会。全省连续3年大规模开展水塘河道清淤行动。"
    passages = passages_frame((text, "d_gd"))
    rows = [
        claim_row(passages, "新春首个工作日", "3年", 3.0, "year", "duration", "连续"),
        claim_row(passages, "水塘河道清淤", "3年", 3.0, "year", "duration", "连续"),
    ]
    marked = mark_duplicate_claims(pd.DataFrame(rows), mark_duplicate_passages(passages))
    assert marked["dup_group"].isna().all()


def test_copies_of_a_passage_do_not_merge_an_actual_figure_with_a_target():
    text = "一、工作回顾\n地方一般公共预算收入增长3%。\n二、工作安排\n地方一般公共预算收入增长3%左右；\n"
    passages = mark_duplicate_passages(passages_frame((text, "d_gd")))
    assert passages["dup_group"].nunique() == 1  # the sentences read alike
    rows = [
        claim_row(passages, "增长3%。", "增长3%", 3.0, "%", "percent", "地方一般公共预算收入", role="change", period="2025"),
        claim_row(passages, "增长3%左右", "增长3%左右", 3.0, "%", "percent", "地方一般公共预算收入", role="change",
                  qualifier="approx", modality="target", period="2026"),
    ]
    marked = mark_duplicate_claims(pd.DataFrame(rows), passages)
    assert marked["dup_group"].isna().all()
