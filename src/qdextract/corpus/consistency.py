"""The consistency check: repetitions, figures that disagree, and sums the text lets us redo.

`check_consistency` turns marked passages and claims (from `qdextract.corpus.dedup`) into the findings
table. Every finding names the passages or claims it stands on (`refs`), the documents, a severity,
and a message that says where each figure stands (section path) and, for arithmetic, the sum.
Severities, cue words and tolerances are in `data/consistency.yaml`.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from qdextract.corpus.dedup import DedupConfig, reading_rank, subject_key
from qdextract.ids import make_id
from qdextract.models import SEVERITIES
from qdextract.output.tables import records
from qdextract.zh.rules import data_file

FINDING_COLUMNS = ["finding_id", "kind", "severity", "doc_ids", "refs", "message"]
REF_SEPARATOR = ","


@dataclass(frozen=True, slots=True)
class ConsistencyRules:
    severity: dict[str, str]
    share_metric_cues: tuple[str, ...]
    summable_qualifiers: tuple[str, ...]
    share_total_tolerance: float
    growth_tolerance_points: float
    growth_tolerance_relative: float
    approx_relative: float
    quote_chars: int


@cache
def rules() -> ConsistencyRules:
    data = data_file("consistency.yaml")
    bad = {k: v for k, v in data["severity"].items() if v not in SEVERITIES}
    if bad:
        raise ValueError(f"consistency.yaml: unknown severities {bad}")
    return ConsistencyRules(
        severity=dict(data["severity"]),
        share_metric_cues=tuple(data["share_metric_cues"]),
        summable_qualifiers=tuple(data["summable_qualifiers"]),
        share_total_tolerance=float(data["share_total_tolerance"]),
        growth_tolerance_points=float(data["growth_tolerance_points"]),
        growth_tolerance_relative=float(data["growth_tolerance_relative"]),
        approx_relative=float(data["approx_relative"]),
        quote_chars=int(data["quote_chars"]),
    )


# ---------------------------------------------------------------- small helpers

def _v(x: Any) -> Any:
    """None for missing values of any kind."""
    if x is None or (not isinstance(x, (str, list, tuple)) and pd.isna(x)):
        return None
    return x


def fmt_number(x: float | None) -> str:
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4g}" if abs(x) >= 1 else f"{x:.4g}"


def _quote(text: str) -> str:
    n = rules().quote_chars
    text = " ".join(str(text).split())
    return f"«{text[:n]}…»" if len(text) > n else f"«{text}»"


def _finding(kind: str, severity: str, refs: Iterable[str], doc_ids: Iterable[str], message: str) -> dict:
    refs = list(dict.fromkeys(refs))
    return {
        "finding_id": make_id("f", kind, *refs),
        "kind": kind,
        "severity": severity,
        "doc_ids": REF_SEPARATOR.join(dict.fromkeys(doc_ids)),
        "refs": REF_SEPARATOR.join(refs),
        "message": message,
    }


def _where(row: dict) -> str:
    """Where a passage or claim stands: its section path (or its document before any heading)."""
    return f"[{row.get('section_path') or row.get('doc_id')}]"


def _claim_label(c: dict) -> str:
    """A claim as people read it: figure, what it measures, its context and where it stands."""
    context = [f"metric {c['metric_norm']}" if _v(c.get("metric_norm")) else "metric ?"]
    if _v(c.get("subject_norm")):
        context.append(f"subject {c['subject_norm']}")
    context.append(f"period {c['period']}" if _v(c.get("period")) else "period ?")
    if c.get("modality") not in (None, "actual"):
        context.append(str(c["modality"]))
    return f"{c['surface']} ({', '.join(context)}) in {_where(c)}"


def _ordered_records(frame: pd.DataFrame, doc_order: Iterable[str], columns: Iterable[str] | None = None) -> list[dict]:
    ranked = frame.assign(_rank=reading_rank(frame, doc_order=doc_order).to_numpy()).sort_values("_rank")
    return records(ranked if columns is None else ranked[[c for c in columns if c in ranked]])


def _frame_of(findings: Iterable[dict], chunk: int = 50_000) -> pd.DataFrame:
    """Findings as a frame, built a chunk at a time: a large corpus has hundreds of thousands, and
    their dicts cost several times their Arrow-backed columns."""
    parts, found = [], iter(findings)
    while rows := list(itertools.islice(found, chunk)):
        parts.append(pd.DataFrame(rows, columns=FINDING_COLUMNS).astype({c: "str" for c in FINDING_COLUMNS}))
    if not parts:
        return pd.DataFrame(columns=FINDING_COLUMNS).astype({c: "str" for c in FINDING_COLUMNS})
    return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------- duplicate passages

def duplicate_passage_findings(passages: pd.DataFrame, evidence: pd.DataFrame) -> Iterator[dict]:
    columns = ("passage_id", "doc_id", "section_path", "text", "dup_group")  # what the messages quote
    by_id = {r["passage_id"]: r for r in _ordered_records(passages, passages["doc_id"], columns)}
    how = {}
    for e in evidence[evidence["grouped"].fillna(False).astype(bool)].itertuples():
        how.setdefault(e.passage_id_b, (e.kind, e.similarity))
        if e.kind == "containment":
            how.setdefault(e.passage_id_a, (e.kind, e.similarity))
    members: dict[str, list[dict]] = defaultdict(list)
    for p in by_id.values():
        if p.get("dup_group"):
            members[p["dup_group"]].append(p)
    sev = rules().severity
    for group in members.values():
        docs = [p["doc_id"] for p in group]
        severity = sev["duplicate_passage_same_document" if len(set(docs)) == 1 else "duplicate_passage_across_documents"]
        lines = []
        for i, p in enumerate(group):
            tag = "first" if i == 0 else "{} {:.2f}".format(*how.get(p["passage_id"], ("copy", 1.0)))
            lines.append(f"({tag}) {_where(p)} {_quote(p['text'])}")
        message = f"passage stated {len(group)} times: " + "; ".join(lines)
        yield _finding("duplicate_passage", severity, [p["passage_id"] for p in group], docs, message)
    yield from _loose_overlap_findings(by_id, evidence)


def _loose_overlap_findings(by_id: dict[str, dict], evidence: pd.DataFrame) -> Iterator[dict]:
    """Overlaps that did not make a group: clauses repeated inside a composite sentence, or a short
    passage that stands inside a second longer one."""
    loose = evidence[~evidence["grouped"].fillna(False).astype(bool)]
    for e in loose.itertuples():
        a, b = by_id.get(e.passage_id_a), by_id.get(e.passage_id_b)
        if a is None or b is None:
            continue
        differ = bool(getattr(e, "figures_differ", False) is True)
        if e.kind == "partial":
            what, severity = f"repeats the clause(s) «{e.shared}» of", "partial_overlap"
        elif differ:
            what, severity = f"reads like ({e.kind} {e.similarity:.2f}) but states other figures than", "near_copy_different_figures"
        else:
            what, severity = f"overlaps ({e.kind} {e.similarity:.2f}) with", "partial_overlap"
        message = (
            f"partial repetition: {_where(b)} {_quote(b['text'])} {what} "
            f"{_where(a)} {_quote(a['text'])}; both kept as passages of their own"
        )
        yield _finding("duplicate_passage", rules().severity[severity],
                       [a["passage_id"], b["passage_id"]], [a["doc_id"], b["doc_id"]], message)


# ---------------------------------------------------------------- duplicate and disagreeing claims

def duplicate_claim_findings(claims: list[dict]) -> list[dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        if c.get("dup_group"):
            groups[c["dup_group"]].append(c)
    out = []
    for group in groups.values():
        first = group[0]
        places = "; ".join(f"{_where(c)} {_quote(c['sentence'])}" for c in group)
        message = f"{_claim_label(first)} stated {len(group)} times: {places}"
        out.append(_finding("duplicate_claim", rules().severity["duplicate_claim"],
                            [c["claim_id"] for c in group], [c["doc_id"] for c in group], message))
    return out


def _facts(claims: list[dict]) -> list[dict]:
    """One claim per fact (the canonical copies)."""
    return [c for c in claims if c.get("is_canonical") is not False]


def _figure_key(c: dict) -> tuple:
    return tuple(c.get(k) for k in ("kind", "unit", "value", "value_low", "value_high"))


def _contexts_differ(a: dict, b: dict) -> bool:
    """Both state a period (or a subject) and they differ, or one is a target and the other not;
    an unknown period or subject is no difference."""
    config = DedupConfig()
    subjects = [subject_key(c.get("subject_norm"), config) for c in (a, b)]
    return (
        None not in (a.get("period"), b.get("period")) and a.get("period") != b.get("period")
        or None not in subjects and subjects[0] != subjects[1]
        or a.get("modality") != b.get("modality")
    )


def same_figure_findings(claims: list[dict]) -> list[dict]:
    """The same figure for the same metric, stated as different facts (other period or subject)."""
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    for c in _facts(claims):
        if c.get("metric_norm") and c.get("value") is not None:
            buckets[(_figure_key(c), c["metric_norm"])].append(c)
    out = []
    for (_, metric), facts in buckets.items():
        if not any(_contexts_differ(a, b) for i, a in enumerate(facts) for b in facts[i + 1 :]):
            continue
        message = (
            f"the same figure {facts[0]['surface']} for {metric} is stated in {len(facts)} contexts: "
            + "; ".join(_claim_label(c) for c in facts)
            + ". Check which period and subject it belongs to."
        )
        out.append(_finding("same_figure_different_context", rules().severity["same_figure_different_context"],
                            [c["claim_id"] for c in facts], [c["doc_id"] for c in facts], message))
    return out


def _interval(c: dict) -> tuple[float, float]:
    """The values a figure allows, from its bounds and qualifier."""
    low = c.get("value_low") if c.get("value_low") is not None else c.get("value")
    high = c.get("value_high") if c.get("value_high") is not None else c.get("value")
    q = c.get("qualifier")
    if q in ("more_than", "at_least"):
        return low, math.inf
    if q in ("less_than", "at_most"):
        return -math.inf, high
    if q == "approx":
        slack = rules().approx_relative
        return low - abs(low) * slack, high + abs(high) * slack
    return low, high


def conflicting_figure_findings(claims: list[dict]) -> list[dict]:
    """Same metric, subject and period (all stated), different figures that cannot both hold."""
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    for c in _facts(claims):
        key = tuple(c.get(k) for k in ("metric_norm", "subject_norm", "period", "unit", "kind", "value_role", "direction", "modality"))
        if None in key[:3] or c.get("value") is None and c.get("value_low") is None:
            continue
        buckets[key].append(c)
    out = []
    for (metric, subject, period, *_), facts in buckets.items():
        for i, a in enumerate(facts):
            for b in facts[i + 1 :]:
                (la, ha), (lb, hb) = _interval(a), _interval(b)
                if la <= hb and lb <= ha:
                    continue
                exact = a.get("qualifier") == b.get("qualifier") == "exact"
                severity = rules().severity["conflicting_exact_figures" if exact else "conflicting_figures"]
                message = (
                    f"{metric} of {subject} for {period}: {_claim_label(a)} vs {_claim_label(b)}; "
                    f"the figures {fmt_number(a.get('value'))} and {fmt_number(b.get('value'))} cannot both hold"
                )
                out.append(_finding("conflicting_figures", severity, [a["claim_id"], b["claim_id"]],
                                    [a["doc_id"], b["doc_id"]], message))
    return out


# ---------------------------------------------------------------- arithmetic

def _agrees(computed: float, stated: float) -> bool:
    r = rules()
    return abs(computed - stated) <= max(r.growth_tolerance_points, abs(stated) * r.growth_tolerance_relative)


def _signed(c: dict) -> float:
    return -c["value"] if c.get("direction") == "decrease" else c["value"]


def _arithmetic_finding(kind: str, ok: bool, parts: list[dict], message: str) -> dict:
    severity = rules().severity["arithmetic_consistent" if ok else "arithmetic_inconsistent"]
    verdict = "agrees" if ok else "does not agree"
    return _finding(kind, severity, [c["claim_id"] for c in parts], [c["doc_id"] for c in parts],
                    f"{message}: {verdict} with the stated figure")


def _previous_period(period: str | None) -> str | None:
    if not period or not period[:4].isdigit():
        return None
    return f"{int(period[:4]) - 1}{period[4:]}"


def growth_findings(claims: list[dict]) -> list[dict]:
    """A level now, its stated growth over a base, and the level at the base: (now/base - 1)."""
    levels: dict[tuple, list[dict]] = defaultdict(list)
    for c in claims:
        if c.get("value_role") == "level" and c.get("value") is not None and c.get("metric_norm"):
            levels[(c["doc_id"], c["metric_norm"], c.get("unit"))].append(c)
    out = []
    by_passage = _by_passage(claims)
    for change in claims:
        if change.get("value_role") != "change" or change.get("unit") != "%" or change.get("value") is None:
            continue
        base_period = change.get("base_period") or (_previous_period(change.get("period")) if change.get("yoy") else None)
        now = _level_beside(change, by_passage[change["passage_id"]])
        if now is None or base_period is None:
            continue
        for base in levels.get((now["doc_id"], now["metric_norm"], now.get("unit")), []):
            if base.get("period") != base_period or base["claim_id"] == now["claim_id"] or not base["value"]:
                continue
            if not (base.get("subject_norm") in (None, now.get("subject_norm")) or now.get("subject_norm") is None):
                continue
            computed = (now["value"] / base["value"] - 1) * 100
            message = (
                f"{now['metric_norm']}: ({fmt_number(now['value'])} / {fmt_number(base['value'])} - 1) x 100 = "
                f"{computed:+.1f}% against the stated {fmt_number(_signed(change))}% ({change['surface']}) "
                f"over {base_period}, in {_where(change)}"
            )
            out.append(_arithmetic_finding("arithmetic_growth", _agrees(computed, _signed(change)), [now, base, change], message))
    return out


def _by_passage(claims: list[dict]) -> dict[str, list[dict]]:
    """Claims grouped by passage, in reading order: the arithmetic checks look only within one."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        grouped[c["passage_id"]].append(c)
    return grouped


def _level_beside(change: dict, claims: list[dict]) -> dict | None:
    """The level the change belongs to: the nearest level before it in the same passage."""
    best = None
    for c in claims:
        if (
            c["passage_id"] == change["passage_id"]
            and c.get("value_role") == "level"
            and c.get("value") is not None
            and c.get("metric_norm")
            and c["char_end"] <= change["char_start"]
            and (change.get("metric_norm") in (None, c["metric_norm"]))
            and (best is None or c["char_start"] > best["char_start"])
        ):
            best = c
    return best


def from_to_findings(claims: list[dict]) -> list[dict]:
    """`從A降至B` beside a stated change: B - A (points) or B / A - 1 (percent)."""
    out = []
    by_passage = _by_passage(claims)
    for pair in claims:
        if pair.get("from_value") is None or pair.get("value") is None:
            continue
        change = _change_after(pair, by_passage[pair["passage_id"]])
        if change is None:
            continue
        a, b, stated = pair["from_value"], pair["value"], _signed(change)
        readings = []
        if change.get("unit") == "pp" or (change.get("unit") == "%" and pair.get("unit") == "%"):
            readings.append((b - a, f"{fmt_number(b)} - {fmt_number(a)} = {b - a:+.2f} points"))
        if change.get("unit") == "%" and a:
            rel = (b / a - 1) * 100
            readings.append((rel, f"({fmt_number(b)} / {fmt_number(a)} - 1) x 100 = {rel:+.1f}%"))
        if not readings:
            continue
        ok = any(_agrees(value, stated) for value, _ in readings)
        message = (
            f"{pair.get('metric_norm') or 'figure'} {pair['surface']} with stated change {change['surface']}: "
            + " or ".join(text for _, text in readings)
            + f", in {_where(pair)}"
        )
        out.append(_arithmetic_finding("arithmetic_change", ok, [pair, change], message))
    return out


def _change_after(pair: dict, claims: list[dict]) -> dict | None:
    """The first change figure after a from/to pair in the same passage, for a compatible metric."""
    for c in claims:
        if (
            c["passage_id"] == pair["passage_id"]
            and c["char_start"] >= pair["char_end"]
            and c.get("value_role") in ("change", "difference")
            and c.get("unit") in ("%", "pp")
            and c.get("value") is not None
            and c.get("from_value") is None
            and c.get("metric_norm") in (None, pair.get("metric_norm"))
        ):
            return c
    return None


def share_total_findings(claims: list[dict]) -> list[dict]:
    """Shares of one whole (same metric, passage and period, stated side by side) above 100%."""
    r = rules()
    wholes: dict[tuple, list[dict]] = defaultdict(list)
    for c in _facts(claims):
        metric = c.get("metric_norm") or ""
        if (
            c.get("unit") == "%"
            and c.get("value_role") == "level"
            and c.get("value") is not None
            and c.get("qualifier") in r.summable_qualifiers
            and any(cue in metric for cue in r.share_metric_cues)
        ):
            wholes[(c["passage_id"], metric, c.get("period"))].append(c)
    out = []
    for (_, metric, _), parts in wholes.items():
        total = sum(c["value"] for c in parts)
        if len(parts) < 2 or total <= 100 + r.share_total_tolerance:
            continue
        sums = " + ".join(fmt_number(c["value"]) for c in parts)
        message = (
            f"shares of one whole ({metric}) add up to more than 100%: {sums} = {fmt_number(total)}%, "
            f"in {_where(parts[0])} {_quote(parts[0]['sentence'])}"
        )
        out.append(_finding("arithmetic_shares", r.severity["arithmetic_inconsistent"],
                            [c["claim_id"] for c in parts], [c["doc_id"] for c in parts], message))
    return out


# ---------------------------------------------------------------- the check

def check_consistency(passages: pd.DataFrame, claims: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """The findings table for passages and claims marked by `qdextract.corpus.dedup`, with
    `evidence`, the pair table `dedup_passages` returned with them."""
    doc_order = passages["doc_id"]
    parts = [_frame_of(duplicate_passage_findings(passages, evidence))]
    if len(claims):
        ordered = _ordered_records(claims, doc_order)
        for check in (duplicate_claim_findings, same_figure_findings, conflicting_figure_findings,
                      growth_findings, from_to_findings, share_total_findings):
            parts.append(_frame_of(check(ordered)))
    return pd.concat(parts, ignore_index=True).drop_duplicates("finding_id").reset_index(drop=True)


__all__ = ["FINDING_COLUMNS", "REF_SEPARATOR", "check_consistency", "rules"]
