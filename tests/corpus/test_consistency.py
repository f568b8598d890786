"""The consistency check: findings on the seed, disagreeing figures, and the arithmetic checks."""

from __future__ import annotations

import pandas as pd
import pytest

from qdextract.corpus.boilerplate import passage_facts
from qdextract.corpus.consistency import FINDING_COLUMNS, REF_SEPARATOR, check_consistency
from qdextract.corpus.dedup import dedup_passages, mark_duplicate_claims
from qdextract.models import SEVERITIES
from qdextract.text.normalize import norm
from tests.corpus.test_dedup import (
    HAS_CLAIMS,
    SEED,
    claim_row,
    passages_frame,
    row_with,
    seed_claims,
    seed_passages,
)


def _check(passages: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    marked, evidence = dedup_passages(passages)
    return check_consistency(marked, mark_duplicate_claims(claims, marked), evidence)


@pytest.fixture(scope="module")
def seed_findings() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    passages = seed_passages()
    marked, evidence = dedup_passages(passages)
    claims = mark_duplicate_claims(seed_claims(marked), marked)
    return marked, claims, check_consistency(marked, claims, evidence)


def _refs(finding: pd.Series) -> set[str]:
    return set(str(finding["refs"]).split(REF_SEPARATOR))


def _findings_of(findings: pd.DataFrame, kind: str, *ids: str) -> pd.DataFrame:
    """Findings of a kind whose refs include every one of ids."""
    hit = findings[(findings["kind"] == kind) & findings["refs"].map(lambda r: set(ids) <= set(r.split(REF_SEPARATOR)))]
    return hit


def _claim_id(claims: pd.DataFrame, fragment: str, surface: str, occurrence: int = 1) -> str:
    hits = claims[claims["sentence"].map(norm).str.contains(fragment, regex=False) & claims["surface"].map(norm).str.contains(surface, regex=False)]
    assert len(hits) >= occurrence, f"no claim {surface!r} beside {fragment!r}"
    return hits["claim_id"].iloc[occurrence - 1]


# ---------------------------------------------------------------- the seed

def test_findings_table_shape(seed_findings):
    passages, claims, findings = seed_findings
    assert list(findings.columns) == FINDING_COLUMNS
    assert findings["finding_id"].is_unique
    assert set(findings["severity"]) <= set(SEVERITIES)
    known = set(passages["passage_id"]) | set(claims["claim_id"])
    assert all(_refs(f) <= known for _, f in findings.iterrows())
    assert all(set(f["doc_ids"].split(REF_SEPARATOR)) == {"d_seed"} for _, f in findings.iterrows())


SEED_DUPLICATE_PASSAGES = [
    pytest.param(("淘宝全球购与菜鸟合作的“一城一仓”", 1), ("淘宝全球购与菜鸟合作的“一城一仓”", 2), id="yicheng-yicang"),
    pytest.param(("用户停留时长提升40%", 1), ("用户停留时长提升40%", 2), id="ai-dwell-time"),
    pytest.param(("平度假睫毛产业带则投资5亿元", 1), ("投资5亿建设美妆产业园,实现", 1), id="pingdu-list-1"),
    pytest.param(("平度假睫毛产业带则投资5亿元", 1), ("日发货量超10万箱,带动就业6万人;", 1), id="pingdu-list-2"),
    pytest.param(("平度假睫毛产业带则投资5亿元", 1), ("培育出\"诗妮歌\"", 1), id="pingdu-list-3-partial"),
]


@pytest.mark.parametrize(("first", "copy"), SEED_DUPLICATE_PASSAGES)
def test_seed_duplicate_passage_findings(seed_findings, first, copy):
    passages, _, findings = seed_findings
    a, b = row_with(passages, *first), row_with(passages, *copy)
    hit = _findings_of(findings, "duplicate_passage", a["passage_id"], b["passage_id"])
    assert len(hit) == 1
    # each copy's place is named
    assert a["section_path"] in hit["message"].iloc[0] and b["section_path"] in hit["message"].iloc[0]


def test_repetition_with_the_same_figures_is_info(seed_findings):
    passages, _, findings = seed_findings
    a = row_with(passages, "用户停留时长提升40%")
    hit = _findings_of(findings, "duplicate_passage", a["passage_id"])
    assert hit["severity"].tolist() == ["info"]


def test_a_report_repeating_itself_with_other_numbers_is_a_warning():
    text = "2024年青岛市跨境电商交易额达到120亿元,同比增长18%。\n另据统计,2024年青岛市跨境电商交易额达到150亿元,同比增长18%。\n"
    passages = passages_frame((text, "d_w"))
    c = lambda *a, **k: claim_row(passages, *a, metric="跨境电商交易额", subject="青岛市", period="2024", **k)  # noqa: E731
    rows = [c("达到120亿元", "120亿元", 1.2e10, "CNY", "money"), c("达到150亿元", "150亿元", 1.5e10, "CNY", "money")]
    findings = _check(passages, pd.DataFrame(rows))
    near = findings[(findings["kind"] == "duplicate_passage") & findings["message"].str.contains("other figures")]
    assert near["severity"].tolist() == ["warning"]
    conflict = findings[findings["kind"] == "conflicting_figures"]
    assert conflict["severity"].tolist() == ["error"]  # both exact, same metric, subject and period


@pytest.mark.parametrize(("one", "other"), [
    pytest.param(("快手平台国补", "102%"), ("家电家居焕新节", "102%"), id="sales-102"),
    pytest.param(("莱西“莱西有礼”", "41%"), ("区域品牌带动农村网络零售额", "41%"), id="laixi-41"),
])
def test_seed_duplicate_claim_findings(seed_findings, one, other):
    _, claims, findings = seed_findings
    a, b = _claim_id(claims, *one), _claim_id(claims, *other)
    hit = _findings_of(findings, "duplicate_claim", a, b)
    assert len(hit) == 1 and "stated 2 times" in hit["message"].iloc[0]


def test_seed_jobs_figure_in_two_contexts(seed_findings):
    _, claims, findings = seed_findings
    jobs_2024 = _claim_id(claims, "2024年带动就业岗位超15万个", "15万")
    jobs_2025 = _claim_id(claims, "截至2025年一季度", "15万")
    hit = _findings_of(findings, "same_figure_different_context", jobs_2024, jobs_2025)
    assert len(hit) == 1
    message = hit["message"].iloc[0]
    assert "period 2024" in message and "period 2025Q1" in message and "3.1 市場規模與結構" in message


@pytest.mark.parametrize(("one", "other"), [
    pytest.param(("莱西“莱西有礼”", "41%"), ("本土品牌自播比例", "41%"), id="rural-retail-vs-self-broadcast"),
    pytest.param(("截至2025年一季度", "38%"), ("复购率达38%", "38%"), id="yoy-growth-vs-repurchase"),
    pytest.param(("库存周转率提升40%", "40%"), ("用户停留时长提升40%", "40%"), id="inventory-vs-dwell"),
    pytest.param(("单场观看时长", "40%"), ("用户停留时长提升40%", "40%"), id="viewing-vs-dwell"),
])
def test_no_finding_ties_equal_numbers_of_different_metrics(seed_findings, one, other):
    _, claims, findings = seed_findings
    a, b = _claim_id(claims, *one), _claim_id(claims, *other)
    assert not any({a, b} <= _refs(f) for _, f in findings.iterrows())


def test_finding_ids_are_stable(seed_findings):
    passages, claims, findings = seed_findings
    marked, evidence = dedup_passages(seed_passages())
    again = check_consistency(marked, claims, evidence)
    assert sorted(again["finding_id"]) == sorted(findings["finding_id"])


# ---------------------------------------------------------------- disagreeing figures

CONFLICT_TEXT = "2024年青岛市直播电商交易规模达1200亿元。另据行业协会发布的年度报告,2024年青岛市直播电商交易规模为1350亿元。"


def _conflict_claims(passages: pd.DataFrame, qualifier: str) -> pd.DataFrame:
    c = lambda *a, **k: claim_row(passages, *a, metric="交易规模", subject="青岛市", period="2024", **k)  # noqa: E731
    return pd.DataFrame([
        c("1200亿元", "1200亿元", 1.2e11, "CNY", "money", qualifier=qualifier),
        c("1350亿元", "1350亿元", 1.35e11, "CNY", "money"),
    ])


def test_conflicting_exact_figures_are_an_error():
    passages = passages_frame((CONFLICT_TEXT, "d_c"))
    findings = _check(passages, _conflict_claims(passages, "exact"))
    hit = findings[findings["kind"] == "conflicting_figures"]
    assert hit["severity"].tolist() == ["error"]
    assert "1,200" in hit["message"].iloc[0] or "120,000,000,000" in hit["message"].iloc[0]


def test_a_lower_bound_does_not_conflict_with_a_larger_figure():
    passages = passages_frame((CONFLICT_TEXT.replace("达1200", "突破1200"), "d_c"))
    findings = _check(passages, _conflict_claims(passages, "more_than"))
    assert "conflicting_figures" not in set(findings["kind"])


# ---------------------------------------------------------------- arithmetic

def _growth_case(base_value: str) -> pd.DataFrame:
    text = f"2025年单个粉丝获取成本达8.7元,较2023年上涨120%。回看2023年,单个粉丝获取成本为{base_value}元。"
    passages = passages_frame((text, "d_g"))
    c = lambda *a, **k: claim_row(passages, *a, metric="单个粉丝获取成本", **k)  # noqa: E731
    change = c("较2023年上涨120%", "上涨120%", 120.0, "%", "percent", period="2025", role="change", direction="increase")
    change["base_period"] = "2023"
    rows = [
        c("成本达8.7元", "8.7元", 8.7, "CNY", "money", period="2025"),
        change,
        c("回看2023年", f"{base_value}元", float(base_value), "CNY", "money", period="2023"),
    ]
    return _check(passages, pd.DataFrame(rows))


def test_growth_over_a_stated_base_that_agrees():
    hit = _growth_case("3.95").query("kind == 'arithmetic_growth'")
    assert hit["severity"].tolist() == ["info"]
    assert "(8.7 / 3.95 - 1) x 100 = +120.3%" in hit["message"].iloc[0]


def test_growth_over_a_stated_base_that_disagrees():
    hit = _growth_case("3.2").query("kind == 'arithmetic_growth'")
    assert hit["severity"].tolist() == ["warning"]
    assert "+171.9%" in hit["message"].iloc[0] and "does not agree" in hit["message"].iloc[0]


@pytest.mark.parametrize(("text", "change", "unit", "expected"), [
    pytest.param("转化率从3.2%降至2.1%,下降1.1个百分点。", "1.1个百分点", "pp", "info", id="points-agree"),
    pytest.param("转化率从3.2%降至2.1%,下降2个百分点。", "2个百分点", "pp", "warning", id="points-disagree"),
    pytest.param("转化率从3.2%降至2.1%,降幅达34.4%。", "34.4%", "%", "info", id="relative-agrees"),
])
def test_from_to_pair_against_its_stated_change(text, change, unit, expected):
    passages = passages_frame((text, "d_f"))
    pair = claim_row(passages, "转化率", "从3.2%降至2.1%", 2.1, "%", "percent", "转化率", direction="decrease")
    pair["from_value"] = 3.2
    value = float(change.rstrip("%个百分点"))
    stated = claim_row(passages, "转化率", change, value, unit, "percentage_point" if unit == "pp" else "percent",
                       "转化率", role="change", direction="decrease")
    findings = _check(passages, pd.DataFrame([pair, stated]))
    hit = findings[findings["kind"] == "arithmetic_change"]
    assert hit["severity"].tolist() == [expected]
    assert "2.1 - 3.2 = -1.10 points" in hit["message"].iloc[0]


def test_from_to_pair_alone_gives_no_arithmetic_finding(seed_findings):
    _, _, findings = seed_findings
    assert not findings["kind"].str.startswith("arithmetic").any()


@pytest.mark.parametrize(("young", "old", "expect_finding"), [
    pytest.param(57, 49, True, id="above-100"),
    pytest.param(37, 29, False, id="seed-shares-66"),
])
def test_shares_of_one_whole(young, old, expect_finding):
    text = f"青岛直播电商用户中,18-25岁Z世代占比{young}%,45岁以上银发群体占比{old}%。"
    passages = passages_frame((text, "d_s"))
    rows = [
        claim_row(passages, "Z世代", f"{young}%", float(young), "%", "percent", "占比", subject="Z世代"),
        claim_row(passages, "银发群体", f"{old}%", float(old), "%", "percent", "占比", subject="银发群体"),
    ]
    findings = _check(passages, pd.DataFrame(rows))
    hit = findings[findings["kind"] == "arithmetic_shares"]
    assert len(hit) == int(expect_finding)
    if expect_finding:
        assert f"{young} + {old} = {young + old}%" in hit["message"].iloc[0]


def test_no_claims_still_reports_passages():
    passages, evidence = dedup_passages(seed_passages())
    findings = check_consistency(passages, pd.DataFrame(columns=list(seed_claims(passages).columns)), evidence)
    assert set(findings["kind"]) == {"duplicate_passage"}


# ---------------------------------------------------------------- with the claims extractor

@pytest.mark.skipif(not HAS_CLAIMS, reason="qdextract.extract.claims not available yet")
def test_extracted_seed_findings():
    from qdextract import extract_claims

    text = SEED.read_text("utf-8")
    marked, evidence = dedup_passages(passages_frame((text, "d_seed")))
    claims = mark_duplicate_claims(pd.DataFrame([c.to_dict() for c in extract_claims(text, "d_seed")]), marked)
    findings = check_consistency(marked, claims, evidence)
    jobs = [_claim_id(claims, "2024年带动就业岗位超15万个", "15万"), _claim_id(claims, "截至2025年一季度", "15万")]
    assert len(_findings_of(findings, "same_figure_different_context", *jobs)) == 1
    for one, other in ((("快手平台国补", "102%"), ("家电家居焕新节", "102%")),
                       (("莱西“莱西有礼”", "41%"), ("区域品牌带动农村网络零售额", "41%"))):
        assert len(_findings_of(findings, "duplicate_claim", _claim_id(claims, *one), _claim_id(claims, *other))) == 1


def test_an_unknown_subject_is_no_other_context():
    text = "新建和改造提升农村公路2500公里,推进农村厕所革命。龙川新建和改造提升农村公路2500公里,其中县道提档升级。"
    passages = passages_frame((text, "d_gd"))
    rows = [
        claim_row(passages, "推进农村厕所革命", "2500公里", 2500.0, "公里", "other", "农村公路"),
        claim_row(passages, "龙川新建", "2500公里", 2500.0, "公里", "other", "农村公路", subject="龙川"),
    ]
    findings = _check(passages, pd.DataFrame(rows))
    assert "same_figure_different_context" not in set(findings["kind"])


RESULT_AND_TARGET = "一、工作回顾\n地方一般公共预算收入增长3%。\n二、工作安排\n地方一般公共预算收入增长3%左右。\n"


def _result_and_target(result_period: str | None, target_period: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    passages = passages_frame((RESULT_AND_TARGET, "d_gd"))
    rows = [
        claim_row(passages, "增长3%。", "增长3%", 3.0, "%", "percent", "地方一般公共预算收入", role="change",
                  period=result_period),
        claim_row(passages, "增长3%左右", "增长3%左右", 3.0, "%", "percent", "地方一般公共预算收入", role="change",
                  qualifier="approx", modality="target", period=target_period),
    ]
    claims = pd.DataFrame(rows)
    facts = passage_facts(claims, passages)
    marked, evidence = dedup_passages(passages, facts=facts)
    return marked, check_consistency(marked, mark_duplicate_claims(claims, marked), evidence)


def test_a_result_and_a_target_are_never_a_duplicate():
    marked, findings = _result_and_target("2025", "2026")
    assert marked["dup_group"].isna().all()
    assert not findings["kind"].isin(["duplicate_passage", "duplicate_claim", "same_figure_different_context"]).any()
    assert "target_vs_result" not in set(findings["kind"])  # another year's target says nothing of this result


def test_a_target_and_the_result_of_its_period_are_compared():
    _, findings = _result_and_target("2025", "2025")
    hit = findings[findings["kind"] == "target_vs_result"]
    assert len(hit) == 1 and hit["severity"].iloc[0] == "info"
    assert "met" in hit["message"].iloc[0] and "2025" in hit["message"].iloc[0]
