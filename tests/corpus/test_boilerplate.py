"""Boilerplate as its own kind of repeat: set phrases, salutations, headings and formulas stay in
the tables (dup_group set, dup_kind boilerplate) and make no finding; copies keep exact / near /
contained."""

from __future__ import annotations

import pandas as pd
import pytest

from qdextract.corpus.boilerplate import passage_facts
from qdextract.corpus.consistency import check_consistency
from qdextract.corpus.dedup import DedupConfig, dedup_passages, mark_duplicate_claims
from qdextract.models import DUP_KINDS
from tests.corpus.test_dedup import claim_row, passages_frame, row_with, seed_passages

GD = "现在，我代表省人民政府，向大会报告工作，请予审议。\n各位代表！\n扩大有效投资。\n主要做了以下工作：\n地区生产总值增长3.9%，总量连续37年居全国首位。\n社会消费品零售总额增长5%左右。\n各位代表！\n"
JS = "现在，我代表江苏省人民政府向大会报告工作，请予审议。\n各位代表！\n着力扩大有效投资。\n主要做了以下工作。\n社会消费品零售总额增长5%左右；\n"
JL = "现在，我代表省政府，向大会报告工作，请予审议。\n各位代表！\n主要做了以下工作。\n"


def _marked(*docs: tuple[str, str], claims: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    passages = passages_frame(*docs)
    facts = passage_facts(claims, passages) if claims is not None else None
    return dedup_passages(passages, facts=facts)


def _kind(marked: pd.DataFrame, fragment: str, occurrence: int = 1) -> str | None:
    value = row_with(marked, fragment, occurrence)["dup_kind"]
    return None if pd.isna(value) else str(value)


@pytest.mark.parametrize("fragment", [
    pytest.param("各位代表", id="salutation"),
    pytest.param("扩大有效投资", id="set-phrase-contained-in-another"),
    pytest.param("主要做了以下工作", id="heading-like-lead-in"),
    pytest.param("我代表省人民政府", id="salutation-sentence-in-three-reports"),
    pytest.param("社会消费品零售总额增长5%左右", id="formula-with-each-reports-own-figure"),
])
def test_set_phrases_are_boilerplate(fragment):
    marked, evidence = _marked((GD, "d_gd"), (JS, "d_js"), (JL, "d_jl"))
    row = row_with(marked, fragment)
    assert pd.notna(row["dup_group"])  # still a repeat in the tables
    assert row["dup_kind"] == "boilerplate"
    findings = check_consistency(marked, pd.DataFrame(), evidence)
    assert not any(row["passage_id"] in refs for refs in findings["refs"])  # and no finding


def test_a_figure_with_a_period_across_reports_is_a_copy_not_a_formula():
    text = "2024年青岛市直播电商交易规模达1200亿元。\n"
    passages = passages_frame((text, "d_a"), ("另据报道，" + text, "d_b"))
    claims = pd.DataFrame([
        claim_row(passages, "交易规模达1200亿元", "1200亿元", 1.2e11, "CNY", "money", "直播电商交易规模",
                  subject="青岛市", period="2024", occurrence=i) for i in (1, 2)])
    marked, _ = dedup_passages(passages, facts=passage_facts(claims, passages))
    assert set(marked["dup_kind"].dropna()) <= {"exact", "near", "contained"}
    assert marked["dup_group"].notna().sum() == 2


def test_seed_copies_keep_their_kinds():
    marked, _ = dedup_passages(seed_passages())
    kinds = set(marked["dup_kind"].dropna())
    assert kinds <= set(DUP_KINDS) and "boilerplate" not in kinds
    assert _kind(marked, "淘宝全球购与菜鸟合作的“一城一仓”", 1) == "near"  # spaces and quotes differ
    assert _kind(marked, "投资5亿建设美妆产业园,实现") == "contained"
    assert marked["dup_kind"].isna().equals(marked["dup_group"].isna())


def _formula_claims(marked: pd.DataFrame, period: str | None, subject: str | None) -> pd.DataFrame:
    return pd.DataFrame([
        claim_row(marked, "社会消费品零售总额增长5%左右", "5%左右", 5.0, "%", "percent", "社会消费品零售总额",
                  role="change", qualifier="approx", modality="target", period=period, subject=subject, occurrence=i)
        for i in (1, 2)])


@pytest.mark.parametrize("period", [None, "2026"])  # 2026: each report's period, from its own heading
def test_boilerplate_claims_are_no_duplicate_facts(period):
    marked, _ = _marked((GD, "d_gd"), (JS, "d_js"))
    claims = _formula_claims(marked, period, None)
    marked, _ = dedup_passages(passages_frame((GD, "d_gd"), (JS, "d_js")), facts=passage_facts(claims, marked))
    assert row_with(marked, "社会消费品零售总额增长5%左右")["dup_kind"] == "boilerplate"
    assert mark_duplicate_claims(claims, marked)["dup_group"].isna().all()  # each province's own target


def test_a_formula_naming_its_subject_for_a_period_is_a_copy():
    # the same subject's figure for the same period in two documents: one fact, quoted twice
    marked, _ = _marked((GD, "d_gd"), (JS, "d_js"))
    claims = _formula_claims(marked, "2026", "全国")
    marked, _ = dedup_passages(passages_frame((GD, "d_gd"), (JS, "d_js")), facts=passage_facts(claims, marked))
    assert row_with(marked, "社会消费品零售总额增长5%左右")["dup_kind"] != "boilerplate"
    groups = mark_duplicate_claims(claims, marked)["dup_group"].tolist()
    assert groups[0] is not None and groups[0] == groups[1]


def test_boilerplate_thresholds_are_data():
    strict = DedupConfig(boilerplate_phrase_chars=2, boilerplate_formula_chars=2, boilerplate_min_docs=99,
                         boilerplate_min_copies=99, boilerplate_shared_chars=2, boilerplate_min_han_share=0.0)
    marked, _ = dedup_passages(passages_frame((GD, "d_gd"), (JS, "d_js"), (JL, "d_jl")), strict)
    assert "boilerplate" not in set(marked["dup_kind"].dropna())
    assert DedupConfig.load() == DedupConfig()
