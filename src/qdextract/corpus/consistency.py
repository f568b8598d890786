"""The consistency check: repetitions, figures that disagree, and sums the text lets us redo.

`check_consistency` turns marked passages and claims (from `qdextract.corpus.dedup`) into the
findings table. Every finding names the passages or claims it stands on (`refs`), the documents,
a severity, and a message that says where each figure stands (section path) and, for arithmetic,
the sum. Findings stand only on trustworthy ground:

- boilerplate groups (`dup_kind` boilerplate) make no finding: the report counts them in one line;
- a figure takes part only when it is a claim by the contract (`qdextract.corpus.trust`) and its
  metric names something (`增速比上月` alone does not);
- a result and a target (or forecast) of one metric are never a duplicate; they make a
  `target_vs_result` finding only when both are stated for the same period;
- arithmetic only on parts the text presents as parts of one whole (`qdextract.corpus.arithmetic`).

Severity: error for contradicting exact figures of the same metric, subject and period; warning for
a report that repeats itself with other numbers; info for the rest (`data/consistency.yaml`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd
import regex

from qdextract.corpus.arithmetic import (
    from_to_findings,
    growth_findings,
    pipe_tables,
    share_findings,
    table_total_findings,
    whole_part_findings,
)
from qdextract.corpus.boilerplate import BOILERPLATE, passage_starts
from qdextract.corpus.chunks import (
    document_chunks,
    passages_by_document,
    reading_order,
    records_by_chunk,
)
from qdextract.corpus.dedup import DedupConfig, fold_for_matching, reading_rank, subject_key
from qdextract.corpus.finding import (
    FINDING_COLUMNS,
    REF_SEPARATOR,
    claim_label,
    finding,
    fmt_number,
    frame_of,
    ordered_records,
    quote,
    rules,
    where,
)
from qdextract.corpus.trust import is_trusted_figure, metric_key
from qdextract.output.tables import Record, compacted, records

MAX_PAIRS_PER_FACT = 50  # conflicting figures compared per fact bucket (the cost stays linear)
_HAN = regex.compile(r"\p{Han}")

# ---------------------------------------------------------------- duplicate passages


def duplicate_passage_findings(passages: pd.DataFrame, evidence: pd.DataFrame,
                               figures: dict[str, frozenset] | None = None) -> Iterator[dict]:
    """One finding per duplicate group that is not boilerplate, and the loose overlaps worth a look.
    `figures`: passage_id -> the (value, unit) of its trusted claims with a metric; without it, no
    passage is known to state figures, so no near copy is said to state other ones and no clause
    with a figure is a repeat of that figure."""
    columns = ("passage_id", "doc_id", "section_path", "text", "dup_group", "dup_kind")
    marked = passages[passages["dup_group"].notna()] if "dup_group" in passages else passages.iloc[:0]
    joined = evidence["grouped"].fillna(False).astype(bool).to_numpy()
    loose = evidence[~joined]
    wanted = pd.concat([marked["passage_id"], loose["passage_id_a"], loose["passage_id_b"]], ignore_index=True).unique()
    subset = passages[passages["passage_id"].isin(wanted)]
    by_id = {r["passage_id"]: r for r in ordered_records(subset, passages["doc_id"], columns, compact=True)}
    members: dict[str, list[Record]] = defaultdict(list)
    for p in by_id.values():
        if p.get("dup_group"):
            members[p["dup_group"]].append(p)
    reported = [group for group in members.values() if not any(p.get("dup_kind") == BOILERPLATE for p in group)]
    how = _how_joined(evidence, joined, {p["passage_id"] for group in reported for p in group})
    severity = rules().severity["duplicate_passage"]
    for group in reported:
        lines = []
        for i, p in enumerate(group):
            tag = "first" if i == 0 else "{} {:.2f}".format(*how.get(p["passage_id"], ("copy", 1.0)))
            lines.append(f"({tag}) {where(p)} {quote(p['text'])}")
        message = f"passage stated {len(group)} times: " + "; ".join(lines)
        yield finding("duplicate_passage", severity, [p["passage_id"] for p in group], [p["doc_id"] for p in group], message)
    yield from _loose_overlap_findings(by_id, loose, figures or {})


def _how_joined(evidence: pd.DataFrame, joined: np.ndarray, wanted: set[str]) -> dict[str, tuple[str, float]]:
    """passage_id -> (kind, similarity) of the first grouped pair (`joined`) that joined it to its
    group (the container of a containment too), for the passages in `wanted` only: a corpus of
    copies has millions of grouped pairs, and most passages of them are in boilerplate that is not
    reported. The columns are masked one by one, not copied as a frame."""
    how: dict[str, tuple[str, float]] = {}
    a_ids, b_ids, kinds, similarities = (evidence[c].to_numpy()[joined] for c in ("passage_id_a", "passage_id_b", "kind", "similarity"))
    for a, b, kind, similarity in zip(a_ids, b_ids, kinds, similarities):
        if b in wanted:
            how.setdefault(b, (kind, similarity))
        if kind == "containment" and a in wanted:
            how.setdefault(a, (kind, similarity))
    return how


def _flag(x: object) -> bool:
    """A flag of the evidence table (nullable boolean) as a plain bool."""
    return x is not None and x is not pd.NA and bool(x)


def _stock_clauses(loose: pd.DataFrame, by_id: dict[str, Record]) -> set[str]:
    """Clauses that many passages or more than one document share: stock phrases and page
    furniture (`增强四个意识`, a feed's address line), not one report repeating itself."""
    docs: dict[str, set[str]] = defaultdict(set)
    holders: dict[str, set[str]] = defaultdict(set)
    partial = loose[loose["kind"] == "partial"]
    for a, b, shared in zip(partial["passage_id_a"].tolist(), partial["passage_id_b"].tolist(), partial["shared"].tolist()):
        for clause in str(shared).split(" | "):
            docs[clause].update(by_id[p]["doc_id"] if p in by_id else "" for p in (a, b))
            holders[clause].update((a, b))
    return {c for c in docs if len(docs[c]) > 1 or len(holders[c]) > 2}


def _prose(text: str) -> bool:
    """Mostly Chinese: a sentence, not a line of links, addresses and dates around a headline."""
    folded = fold_for_matching(text)
    return bool(folded) and len(_HAN.findall(folded)) >= rules().prose_han_share * len(folded)


def _states_a_figure(text: str) -> bool:
    """Folded text with a figure and enough Chinese around it to be a statement, not a link."""
    return any(ch.isdigit() for ch in text) and len(_HAN.findall(text)) >= rules().partial_min_han


def _loose_overlap_findings(by_id: dict[str, Record], loose: pd.DataFrame,
                            figures: dict[str, frozenset]) -> Iterator[dict]:
    """Overlaps inside one report that did not make a group: clauses with a figure repeated inside a
    composite sentence, or the same sentence with other numbers (an editing slip or a revision)."""
    sev = rules().severity
    stock = _stock_clauses(loose, by_id)
    for e in records_by_chunk(loose):
        a, b = by_id.get(e["passage_id_a"]), by_id.get(e["passage_id_b"])
        if a is None or b is None or a["doc_id"] != b["doc_id"] or _flag(e.get("context_differs")):
            continue
        if BOILERPLATE in (a.get("dup_kind"), b.get("dup_kind")) or not (_prose(a["text"]) and _prose(b["text"])):
            continue
        kind, similarity = e["kind"], e["similarity"]
        if kind == "partial":
            own = [c for c in str(e["shared"]).split(" | ") if c not in stock]
            # a clause with a figure, or any clause of a sentence already found copied (the third
            # item of a list that copies a composite sentence piece by piece)
            in_a_copy = bool(a.get("dup_group") or b.get("dup_group"))
            same_figure = bool(figures.get(a["passage_id"], frozenset()) & figures.get(b["passage_id"], frozenset()))
            if not any((_states_a_figure(c) and same_figure) or (in_a_copy and len(_HAN.findall(c)) >= rules().partial_min_han)
                       for c in own):
                continue
            what, severity = f"repeats the clause(s) «{e['shared']}» of", sev["partial_overlap"]
        elif _flag(e.get("figures_differ")):
            # other numbers, but only when both passages state trusted figures and they differ
            fa, fb = figures.get(a["passage_id"]), figures.get(b["passage_id"])
            if not fa or not fb or fa == fb:
                continue
            what = f"reads like ({kind} {similarity:.2f}) but states other figures than"
            severity = sev["near_copy_different_figures"]
        else:
            if not _states_a_figure(fold_for_matching(min(a["text"], b["text"], key=len))):
                continue
            what, severity = f"overlaps ({kind} {similarity:.2f}) with", sev["partial_overlap"]
        message = (
            f"partial repetition: {where(b)} {quote(b['text'])} {what} "
            f"{where(a)} {quote(a['text'])}; both kept as passages of their own"
        )
        yield finding("duplicate_passage", severity, [a["passage_id"], b["passage_id"]], [a["doc_id"], b["doc_id"]], message)


# ---------------------------------------------------------------- duplicate and disagreeing claims

def duplicate_claim_findings(claims: list[Record]) -> list[dict]:
    """A fact stated more than once (its claims share a dup_group), on trusted figures only."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        if c.get("dup_group"):
            groups[c["dup_group"]].append(c)
    out = []
    for group in groups.values():
        group = [c for c in group if c["_trusted"]]
        if len(group) < 2 or metric_key(group[0].get("metric_norm")) is None:
            continue
        first = group[0]
        places = "; ".join(f"{where(c)} {quote(c['sentence'])}" for c in group)
        message = f"{claim_label(first)} stated {len(group)} times: {places}"
        out.append(finding("duplicate_claim", rules().severity["duplicate_claim"],
                           [c["claim_id"] for c in group], [c["doc_id"] for c in group], message))
    return out


def _facts(claims: list[Record]) -> list[Record]:
    """One trusted claim per fact (the canonical copies) with a metric that names something."""
    return [c for c in claims if _is_fact(c)]


def _is_fact(c: Record) -> bool:
    return c.get("is_canonical") is not False and c["_trusted"] and bool(c["_metric"])


def _conflict_key(c: Record) -> tuple | None:
    """What two facts must share to disagree: metric, subject and period (all stated), and how
    the figure is told."""
    key = (c["_metric"], _subject(c), c.get("period"), *(c.get(k) for k in ("unit", "kind", "value_role", "direction", "modality")))
    if None in key[:3] or c.get("value") is None and c.get("value_low") is None:
        return None
    return key


def _target_key(c: Record) -> tuple | None:
    """What a target and a result must share: metric, subject (or document), stated period."""
    if c.get("period") is None or c.get("value") is None:
        return None
    subject = _subject(c) if c.get("subject_norm") else f"doc:{c['doc_id']}"
    return (c["_metric"], subject, c["period"], c.get("unit"), c.get("value_role"))


def _figure_key(c: Record) -> tuple:
    return tuple(c.get(k) for k in ("kind", "unit", "value", "value_low", "value_high"))


def _subject(c: Record) -> str | None:
    return subject_key(c.get("subject_norm"), DedupConfig())


def same_figure_findings(claims: list[dict]) -> list[dict]:
    """The same figure for the same metric in one report, stated for another period or subject
    (both stated): a figure carried over to where it may not belong. A target and a result are
    `target_vs_result`, and equal figures in two reports are too common to mean anything."""
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    for c in _facts(claims):
        if c.get("value") is not None:
            buckets[(c["doc_id"], _figure_key(c), c["_metric"], c.get("modality"))].append(c)
    out = []
    for (_, _, metric, _), facts in buckets.items():
        def differ(a: dict, b: dict) -> bool:
            periods, subjects = (a.get("period"), b.get("period")), (_subject(a), _subject(b))
            return (None not in periods and periods[0] != periods[1]) or (None not in subjects and subjects[0] != subjects[1])
        if not any(differ(a, b) for i, a in enumerate(facts) for b in facts[i + 1 :]):
            continue
        message = (
            f"the same figure {facts[0]['surface']} for {metric} is stated in {len(facts)} contexts: "
            + "; ".join(claim_label(c) for c in facts)
            + ". Check which period and subject it belongs to."
        )
        out.append(finding("same_figure_different_context", rules().severity["same_figure_different_context"],
                           [c["claim_id"] for c in facts], [c["doc_id"] for c in facts], message))
    return out


def _interval(c: Record) -> tuple[float, float]:
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


def conflicting_figure_findings(claims: list[Record]) -> list[dict]:
    """Same metric, subject and period (all stated), different figures that cannot both hold."""
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    for c in _facts(claims):
        if (key := _conflict_key(c)) is not None:
            buckets[key].append(c)
    sev = rules().severity
    out = []
    for (metric, subject, period, *_), facts in buckets.items():
        pairs = ((a, b) for i, a in enumerate(facts) for b in facts[i + 1 :])
        for n, (a, b) in enumerate(pairs):
            if n >= MAX_PAIRS_PER_FACT:
                break
            (la, ha), (lb, hb) = _interval(a), _interval(b)
            if la <= hb and lb <= ha:
                continue
            if a.get("qualifier") == b.get("qualifier") == "exact":
                severity = sev["conflicting_exact_figures"]
            else:
                severity = sev["conflicting_figures_same_document" if a["doc_id"] == b["doc_id"] else "conflicting_figures"]
            message = (
                f"{metric} of {subject} for {period}: {claim_label(a)} vs {claim_label(b)}; "
                f"the figures {fmt_number(a.get('value'))} and {fmt_number(b.get('value'))} cannot both hold"
            )
            out.append(finding("conflicting_figures", severity, [a["claim_id"], b["claim_id"]],
                               [a["doc_id"], b["doc_id"]], message))
    return out


def target_vs_result_findings(claims: list[Record]) -> list[dict]:
    """A target (or forecast) and the result of the same metric, subject and period: met or not.
    Only where both state the period: a 2025 result beside a 2026 target says nothing."""
    buckets: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for c in _facts(claims):
        if (key := _target_key(c)) is not None:
            buckets[key][c.get("modality") or "actual"].append(c)
    out = []
    for (metric, _, period, *_), by_modality in buckets.items():
        results = by_modality.get("actual", [])
        for target in by_modality.get("target", []) + by_modality.get("forecast", []):
            for result in results[:1]:
                low, high = _interval(target)
                value = result["value"]
                verdict = "met" if low <= value <= high else ("above the target" if value > high else "short of the target")
                message = (f"{metric} for {period}: {target.get('modality')} {target['surface']} in {where(target)} "
                           f"vs result {result['surface']} in {where(result)}: {verdict}")
                out.append(finding("target_vs_result", rules().severity["target_vs_result"],
                                   [target["claim_id"], result["claim_id"]], [target["doc_id"], result["doc_id"]], message))
    return out


# ---------------------------------------------------------------- the check

# The checks on claims, in the order their findings come in the table.
_CLAIM_CHECKS = (duplicate_claim_findings, same_figure_findings, conflicting_figure_findings,
                 target_vs_result_findings, growth_findings, from_to_findings, share_findings,
                 whole_part_findings)

# What the checks read of a claim: a row of every column held for every claim of a corpus is
# most of the stage's memory.
_CLAIM_FIELDS = ("claim_id", "doc_id", "passage_id", "char_start", "char_end", "section_path", "sentence",
                 "surface", "value", "value_low", "value_high", "unit", "kind", "qualifier", "direction",
                 "value_role", "from_value", "yoy", "period", "base_period", "modality", "metric_norm",
                 "subject_norm", "dup_group", "is_canonical")

def _prepared(chunk: pd.DataFrame, trusted: Callable[[int, dict], bool]) -> list[dict]:
    """A chunk's claims as rows, each marked with whether its figure is trusted (`trusted(i, row)`)
    and its metric key."""
    out = records(chunk[[c for c in _CLAIM_FIELDS if c in chunk]])
    for i, c in enumerate(out):
        c["_trusted"] = trusted(i, c)
        c["_metric"] = metric_key(c.get("metric_norm"))
    return out


class _AcrossDocuments:
    """Where each claim stands in the buckets of the checks that compare documents, as reading
    positions only: the rows of the claims that share a bucket are read again at the end."""

    def __init__(self) -> None:
        self.copies: dict[str, list[int]] = defaultdict(list)
        self.conflicts: dict[tuple, list[int]] = defaultdict(list)
        self.targets: dict[tuple, list[tuple[int, str]]] = defaultdict(list)

    def add(self, c: dict, position: int) -> None:
        if c.get("dup_group"):  # every copy: the first one read orders the findings
            self.copies[c["dup_group"]].append(position)
        if not _is_fact(c):
            return
        if (key := _conflict_key(c)) is not None:
            self.conflicts[key].append(position)
        if (key := _target_key(c)) is not None:
            self.targets[key].append((position, c.get("modality") or "actual"))

    def shared(self, trusted: np.ndarray) -> np.ndarray:
        """Reading positions of the claims some other claim's bucket holds too (`trusted`: each
        position's flag; a fact stated again counts trusted copies)."""
        found: set[int] = set()
        for copies in self.copies.values():
            if trusted[copies].sum() > 1:
                found.update(copies)
        for members in self.conflicts.values():
            if len(members) > 1:
                found.update(members)
        for members in self.targets.values():
            told = {m for _, m in members}
            if "actual" in told and len(told) > 1:
                found.update(p for p, _ in members)
        return np.fromiter(sorted(found), dtype=np.int64, count=len(found))


def _chunk_passages(passages: pd.DataFrame, at: dict[str, np.ndarray], chunk: pd.DataFrame) -> pd.DataFrame:
    """The passages of the documents a chunk of claims comes from."""
    parts = [at[d] for d in dict.fromkeys(chunk["doc_id"].astype(str).tolist()) if d in at]
    return passages.iloc[np.concatenate(parts) if parts else []]


def _claim_findings(passages: pd.DataFrame, claims: pd.DataFrame) -> tuple[list[list[dict]], dict[str, set]]:
    """The findings on claims, check by check in the findings' order, and passage_id -> the
    (value, unit) of its trusted claims with a metric. Claims are read a few documents at a time:
    the checks within a document run on each chunk; for those across documents each chunk leaves
    only bucket positions. Claims in boilerplate passages count as untrusted (each report's own
    set phrase)."""
    boilerplate = set()
    if "dup_kind" in passages:
        boilerplate = set(passages.loc[passages["dup_kind"] == BOILERPLATE, "passage_id"].astype(str))
    at = passages_by_document(passages)
    order = reading_order(claims, passages["doc_id"])
    trusted_at = np.zeros(len(order), dtype=bool)
    figures: dict[str, set] = defaultdict(set)
    found: dict[Callable, list[dict]] = defaultdict(list)
    across = _AcrossDocuments()
    position = 0
    for chunk in document_chunks(claims, order):
        context = _chunk_passages(passages, at, chunk)
        starts = passage_starts(context)
        rows = _prepared(chunk, lambda _, c: (pid := str(c["passage_id"])) not in boilerplate
                         and is_trusted_figure(c, starts.get(pid)))
        trusted = [c for c in rows if c["_trusted"]]
        for i, c in enumerate(rows):
            trusted_at[position + i] = c["_trusted"]
            across.add(c, position + i)
        position += len(rows)
        for c in trusted:
            if c["_metric"]:  # a figure of something named, not of `增速比上月` alone
                figures[c["passage_id"]].add((c.get("value"), c.get("unit")))
        found[same_figure_findings] += same_figure_findings(rows)
        for check in (growth_findings, from_to_findings):
            found[check] += check(trusted)
        found[share_findings] += share_findings(trusted, starts)
        found[whole_part_findings] += whole_part_findings(trusted, starts, _previous_passages(context))
    shared = across.shared(trusted_at)
    del across
    rows: list[Record] = []  # (as tuples: on a corpus of copies, most claims share a bucket)
    for chunk in document_chunks(claims, order[shared]):
        flags = trusted_at[shared[len(rows):len(rows) + len(chunk)]]
        rows.extend(compacted(_prepared(chunk, lambda i, _: bool(flags[i]))))
    for check in (duplicate_claim_findings, conflicting_figure_findings, target_vs_result_findings):
        found[check] = check(rows)
    return [found[check] for check in _CLAIM_CHECKS], figures


def _table_passages(passages: pd.DataFrame) -> list[dict]:
    position = reading_rank(passages)
    table = passages["text"].astype(str).str.count(r"\|") >= 2
    if "kind" in passages:  # the structure stage's table rows, their outer pipes outside the span
        table = table | (passages["kind"] == "table_row")
    subset = passages[table].assign(position=position[table].to_numpy()).sort_values("position")
    columns = ["passage_id", "doc_id", "section_path", "char_start", "char_end", "text", "position"]
    return records(subset[columns + (["kind"] if "kind" in subset else [])])


def check_consistency(passages: pd.DataFrame, claims: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """The findings table for passages and claims marked by `qdextract.corpus.dedup`, with
    `evidence`, the pair table `dedup_passages` returned with them."""
    found, figures = _claim_findings(passages, claims) if len(claims) else ([], {})
    parts = [frame_of(duplicate_passage_findings(passages, evidence, {k: frozenset(x) for k, x in figures.items()}))]
    parts.append(frame_of(table_total_findings(pipe_tables(_table_passages(passages)))))
    parts.extend(frame_of(f) for f in found)
    return pd.concat(parts, ignore_index=True).drop_duplicates("finding_id").reset_index(drop=True)


def _previous_passages(passages: pd.DataFrame) -> dict[str, str]:
    """passage_id -> the passage read just before it in the same paragraph (for `其中` opening a sentence)."""
    cols = ["passage_id", "doc_id", "char_start"] + (["paragraph_index"] if "paragraph_index" in passages else [])
    ranked = passages[cols].assign(_rank=reading_rank(passages).to_numpy()).sort_values("_rank")
    ids = ranked["passage_id"].astype(str).tolist()
    docs = ranked["doc_id"].astype(str).tolist()
    paras = ranked["paragraph_index"].tolist() if "paragraph_index" in ranked else [None] * len(ids)
    return {ids[i]: ids[i - 1] for i in range(1, len(ids)) if docs[i] == docs[i - 1] and paras[i] == paras[i - 1]}


__all__ = ["FINDING_COLUMNS", "REF_SEPARATOR", "check_consistency", "rules"]
