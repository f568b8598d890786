"""Findings only on trustworthy ground: misread figures and generic metrics make none, and sums only
over parts the text presents as parts of one whole, with the sum in the message."""

from __future__ import annotations

import pandas as pd
import pytest

from qdextract.corpus.consistency import check_consistency
from qdextract.corpus.dedup import dedup_passages, mark_duplicate_claims
from qdextract.corpus.trust import is_trusted_figure, metric_key
from tests.corpus.test_dedup import claim_row, passages_frame


def _check(text: str, rows: list[dict], doc_id: str = "d_t") -> pd.DataFrame:
    passages = passages_frame((text, doc_id))
    marked, evidence = dedup_passages(passages)
    claims = pd.DataFrame([r(marked) if callable(r) else r for r in rows])
    return check_consistency(marked, mark_duplicate_claims(claims, marked), evidence)


# ---------------------------------------------------------------- which figures are claims

@pytest.mark.parametrize(("sentence", "surface", "unit", "value", "kind"), [
    pytest.param("深入学习贯彻党的二十届四中全会精神。", "二十届", "届", 20.0, "count", id="session-number"),
    pytest.param("实施制造业高质量发展三年行动。", "三年", "year", 3.0, "duration", id="programme-name"),
    pytest.param("巩固拓展深入贯彻中央八项规定精神学习教育成果。", "八项", "项", 8.0, "count", id="named-rules"),
    pytest.param("公務員編制在2026/27年度減2%。", "2026/27", "ratio", 2026 / 27, "ratio", id="fiscal-year"),
    pytest.param("詳見news.rthk.hk/rthk/ch/component/k2/1793271。", "2/1793271", "ratio", 2 / 1793271, "ratio", id="link"),
    pytest.param("发布时间16:09:00。", "16:09:00", "ratio", 16 / 9, "ratio", id="clock"),
    pytest.param("回看97-98年度的数据。", "98年", "year", 98.0, "duration", id="fiscal-year-as-duration"),
])
def test_misread_figures_are_not_trusted(sentence, surface, unit, value, kind):
    claim = {"surface": surface, "sentence": sentence, "unit": unit, "value": value, "kind": kind}
    assert not is_trusted_figure(claim)


@pytest.mark.parametrize(("sentence", "surface", "unit", "value", "kind"), [
    pytest.param("2024年带动就业岗位超15万个。", "超15万个", "个", 150000.0, "count", id="count"),
    pytest.param("参与商家销售额提升102%。", "102%", "%", 102.0, "percent", id="percent"),
    pytest.param("总量连续37年居全国首位。", "37年", "year", 37.0, "duration", id="duration"),
    pytest.param("新建农村公路2500公里。", "2500公里", "公里", 2500.0, "other", id="measure"),
])
def test_real_figures_are_trusted(sentence, surface, unit, value, kind):
    assert is_trusted_figure({"surface": surface, "sentence": sentence, "unit": unit, "value": value, "kind": kind})


@pytest.mark.parametrize(("metric", "key"), [
    ("增速比上月", None), ("跌幅", None), ("占比", None), ("/rthk/ch/component/k", None), (None, None),
    ("社会消费品零售总额", "社会消费品零售总额"), ("库存周转率", "库存周转率"), ("农村网络零售额", "农村网络零售额"),
])
def test_a_metric_must_name_what_is_measured(metric, key):
    assert metric_key(metric) == key


def test_generic_metrics_never_conflict():
    text = "4月份,全国服务业生产指数同比增长8.1%,增速比上月回落0.2个百分点。社会消费品零售总额同比增长10.7%,增速比上月回落1.1个百分点。"
    c = lambda frag, surface, v: lambda p: claim_row(p, frag, surface, v, "pp", "percentage_point", "增速比上月",  # noqa: E731
                                                     subject="全国", period="2017-04", role="change", direction="decrease")
    findings = _check(text, [c("服务业", "0.2个百分点", 0.2), c("社会消费品", "1.1个百分点", 1.1)])
    assert "conflicting_figures" not in set(findings["kind"])


def test_a_session_number_repeated_makes_no_finding():
    text = "一、回顾\n深入学习贯彻党的二十届四中全会精神。\n二、安排\n全面贯彻党的二十届四中全会精神,扎实推进工作。\n"
    rows = [lambda p, i=i: claim_row(p, "二十届", "二十届", 20.0, "届", "count", "二十大和", occurrence=i,
                                     period="2025" if i == 1 else "2026") for i in (1, 2)]
    findings = _check(text, rows)
    assert not findings["kind"].isin(["duplicate_claim", "same_figure_different_context", "conflicting_figures"]).any()


# ---------------------------------------------------------------- parts of one whole

def test_two_platforms_rates_are_not_summed():
    text = "抖音、快手直播用户占比86.8%、86%。"
    rows = [lambda p: claim_row(p, "抖音", "86.8%", 86.8, "%", "percent", "直播用户占比", subject="抖音"),
            lambda p: claim_row(p, "抖音", "86%", 86.0, "%", "percent", "直播用户占比", subject="快手")]
    findings = _check(text, rows)
    assert not findings["kind"].str.startswith("arithmetic").any()


def test_shares_after_fenbie_zhan_are_summed_with_the_sum_shown():
    text = "线上、线下渠道分别占销售额的62%、45%。"
    rows = [lambda p: claim_row(p, "线上", "62%", 62.0, "%", "percent", "销售额占比"),
            lambda p: claim_row(p, "线上", "45%", 45.0, "%", "percent", "销售额占比")]
    hit = _check(text, rows).query("kind == 'arithmetic_shares'")
    assert hit["severity"].tolist() == ["warning"]
    assert "62 + 45 = 107%" in hit["message"].iloc[0]


def test_parts_after_qizhong_above_their_whole():
    text = "全市跨境电商交易额80亿元,其中出口52亿元、进口36亿元。"
    rows = [lambda p: claim_row(p, "全市", "80亿元", 8e9, "CNY", "money", "跨境电商交易额"),
            lambda p: claim_row(p, "出口", "52亿元", 5.2e9, "CNY", "money", "出口"),
            lambda p: claim_row(p, "进口", "36亿元", 3.6e9, "CNY", "money", "进口")]
    hit = _check(text, rows).query("kind == 'arithmetic_parts'")
    assert hit["severity"].tolist() == ["warning"]
    assert "5,200,000,000 + 3,600,000,000 = 8,800,000,000 > 8,000,000,000" in hit["message"].iloc[0]


def test_parts_within_their_whole_and_a_daily_average_make_no_finding():
    rows_ok = [lambda p: claim_row(p, "全市", "80亿元", 8e9, "CNY", "money", "跨境电商交易额"),
               lambda p: claim_row(p, "出口", "52亿元", 5.2e9, "CNY", "money", "出口")]
    assert _check("全市跨境电商交易额80亿元,其中出口52亿元。", rows_ok).empty
    text = "预计日均出入境95万人次,其中今日单日客流量达103万人次。"
    rows = [lambda p: claim_row(p, "日均", "95万人次", 950000.0, "人次", "count", "出入境"),
            lambda p: claim_row(p, "今日", "103万人次", 1030000.0, "人次", "count", "单日客流量")]
    assert not _check(text, rows)["kind"].str.startswith("arithmetic").any()


@pytest.mark.parametrize(("total", "severity", "verdict"), [
    ("100", "info", "agrees with"), ("90", "warning", "does not agree with"),
])
def test_a_table_with_a_total_row(total, severity, verdict):
    text = f"| 渠道 | 销售额 |\n|---|---|\n| 线上 | 62 |\n| 线下 | 38 |\n| 合计 | {total} |\n"
    passages = passages_frame((text, "d_tab"))
    marked, evidence = dedup_passages(passages)
    findings = check_consistency(marked, pd.DataFrame(), evidence)
    hit = findings[findings["kind"] == "arithmetic_table_total"]
    assert hit["severity"].tolist() == [severity]
    assert f"62 + 38 = 100 against the total row's {total}" in hit["message"].iloc[0] and verdict in hit["message"].iloc[0]
