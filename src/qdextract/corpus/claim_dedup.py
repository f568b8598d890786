"""Duplicate claims: the same fact stated again (same value, unit, metric and subject, compatible
period), or the same figure in a copy of its passage. A figure in passages that repeat only as
boilerplate (a set phrase such as `社会消费品零售总额增长5%左右` in two provinces' reports) is
each report's own fact, never a copy of the other's."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from qdextract.corpus.boilerplate import BOILERPLATE
from qdextract.corpus.grouping import DedupConfig, UnionFind, groups_from, reading_rank
from qdextract.output.tables import Record, compact_records


def _plain(x: Any) -> Any:
    """None for a missing value; floats rounded so that 1.2e11 computed two ways compares equal."""
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return None
    if isinstance(x, float):
        return float(f"{x:.10g}")
    return x


def _figure(row: Record) -> tuple:
    return tuple(_plain(row.get(c)) for c in ("kind", "value", "value_low", "value_high"))


def _compatible(x: Any, y: Any) -> bool:
    return x is None or y is None or x == y


def _more_specific(c: tuple, ctx: tuple) -> bool:
    """c agrees with every field ctx states and states at least one that ctx leaves open."""
    return all(x is None or x == y for x, y in zip(ctx, c)) and any(x is None and y is not None for x, y in zip(ctx, c))


def _metric_compatible(x: Any, y: Any) -> bool:
    return x is None or y is None or x in y or y in x


_CLAIM_FIELDS = (
    "claim_id", "doc_id", "passage_id", "char_start", "kind", "unit", "value", "value_low", "value_high",
    "value_role", "direction", "modality", "qualifier", "metric_norm", "subject_norm", "period",
)
_FACT_FIELDS = ("kind", "unit", "value", "value_low", "value_high", "value_role", "direction", "modality", "qualifier",
                "metric_norm")


def subject_key(subject: str | None, config: DedupConfig) -> str | None:
    """The subject with one generic ending dropped (never down to nothing)."""
    if subject is None:
        return None
    for suffix in sorted(config.subject_suffixes, key=len, reverse=True):
        if subject.endswith(suffix) and len(subject) > len(suffix):
            return subject[: -len(suffix)]
    return subject


def _join_same_facts(rows: list[Record], uf: UnionFind, config: DedupConfig) -> None:
    """Same figure, unit, metric, role, modality and qualifier; subject and period equal, or unknown
    on one side when only one stated context fits it (a null never bridges two different contexts).
    A figure that names no subject is its own document's (each province's report states its own
    `地区生产总值增长5%左右`): it matches only within that document."""
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        key = tuple(_plain(row.get(c)) for c in _FACT_FIELDS)
        if key[-1] is None or len(key[-1]) < config.min_metric_chars or all(v is None for v in key[2:5]):
            continue  # without a metric or a figure there is no fact to compare
        buckets[key].append(i)
    for members in buckets.values():
        contexts: dict[tuple, list[int]] = defaultdict(list)
        for i in members:
            subject = subject_key(_plain(rows[i].get("subject_norm")), config)
            period = _plain(rows[i].get("period"))
            if subject is None and period is None:
                continue  # a figure with neither subject nor period (`连续3年`) is no fact to match on
            contexts[(subject, period, rows[i]["doc_id"] if subject is None else None)].append(i)
        for group in contexts.values():
            for i in group[1:]:
                uf.union(group[0], i)
        for ctx, group in contexts.items():
            if None not in ctx[:2]:
                continue
            fits = [c for c in contexts if c != ctx and _more_specific(c[:2], ctx[:2])
                    and (ctx[2] is None or any(rows[j]["doc_id"] == ctx[2] for j in contexts[c]))]
            if len(fits) == 1:
                uf.union(contexts[fits[0]][0], group[0])


def _same_figure_in_copies(a: Record, b: Record) -> bool:
    """The same figure in two copies of a passage: its metric may be read differently in each copy
    (or its unit dropped), but not its qualifier, direction, modality or period."""
    same = lambda field: _plain(a.get(field)) == _plain(b.get(field))  # noqa: E731
    return (
        _figure(a) == _figure(b)
        and all(same(f) for f in ("qualifier", "direction", "modality"))
        and _compatible(_plain(a.get("period")), _plain(b.get("period")))
        and _compatible(_plain(a.get("unit")), _plain(b.get("unit")))
        and _metric_compatible(_plain(a.get("metric_norm")), _plain(b.get("metric_norm")))
    )


def _join_copies_in_duplicate_passages(rows: list[Record], rank: list[int], passage_group: dict[str, str], uf: UnionFind) -> None:
    """A figure repeated in a duplicate passage is the same claim as its first appearance there."""
    by_group: dict[str, list[int]] = defaultdict(list)
    for i in sorted(range(len(rows)), key=lambda i: rank[i]):
        group = passage_group.get(rows[i]["passage_id"])
        if group is not None:
            by_group[group].append(i)
    figures = [_figure(r) for r in rows]
    for members in by_group.values():
        earlier: dict[tuple, list[int]] = defaultdict(list)  # only the same figure can match
        for i in members:
            for j in earlier[figures[i]]:
                if rows[j]["passage_id"] != rows[i]["passage_id"] and _same_figure_in_copies(rows[i], rows[j]):
                    uf.union(j, i)
                    break
            earlier[figures[i]].append(i)


def mark_duplicate_claims(claims: pd.DataFrame, passages: pd.DataFrame, config: DedupConfig = DedupConfig()) -> pd.DataFrame:
    """A copy of `claims` with dup_group and is_canonical filled, given the passages as
    `dedup_passages` marked them (deduplication runs once a run; its result is passed on)."""
    if "dup_group" not in passages:
        raise ValueError("mark_duplicate_claims takes passages marked by dedup_passages")
    out = claims.copy()
    rows = compact_records(out[[c for c in _CLAIM_FIELDS if c in out]])  # only what matching reads
    rank = reading_rank(out, doc_order=passages["doc_id"]).tolist()
    kinds = passages["dup_kind"] if "dup_kind" in passages else pd.Series([None] * len(passages), index=passages.index)
    passage_group = {
        pid: g for pid, g, kind in zip(passages["passage_id"].tolist(), passages["dup_group"].tolist(), kinds.tolist())
        if not pd.isna(g) and kind != BOILERPLATE
    }
    uf = UnionFind(len(rows))
    _join_same_facts(rows, uf, config)
    _join_copies_in_duplicate_passages(rows, rank, passage_group, uf)
    dup_group, canonical = groups_from(uf, rank, out["claim_id"].astype(str).tolist())
    out["dup_group"] = pd.array(dup_group, dtype="string")
    out["is_canonical"] = pd.array(canonical, dtype="boolean")
    return out


def build_claims_clean(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per fact: the canonical claims, with how many times each fact is stated."""
    sizes = claims["dup_group"].value_counts(dropna=True)
    clean = claims[claims["is_canonical"].fillna(True).astype(bool)].copy()
    n = clean["dup_group"].map(sizes)
    clean["n_occurrences"] = pd.array(n.fillna(1).astype("int64"), dtype="Int64")
    return clean.reset_index(drop=True)


__all__ = ["build_claims_clean", "mark_duplicate_claims", "subject_key"]
