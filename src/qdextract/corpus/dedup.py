"""Duplicate passages and duplicate claims across a whole run.

Passages are compared on their folded text (`text_norm` with punctuation, quotes and spaces
dropped): identical folded texts by hash, near duplicates by MinHash LSH on character shingles
(verified by the edit similarity of the two folded texts), containment (a shorter passage standing
whole inside a longer one) and partial overlaps (clauses repeated inside a composite sentence),
found through shared clauses. Copies must carry the same figures: two sentences that differ only
in a number state different facts, so such a pair is kept as evidence but never grouped. No step compares all pairs: candidates come from hash buckets,
LSH buckets and clause buckets, each capped, so the cost grows near-linearly with the corpus.

Claims are duplicates when they state the same fact (same value, unit, metric and subject,
compatible period) or stand in duplicate passages with the same figure.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import regex
import yaml
from rapidfuzz.distance import Indel

from qdextract.ids import make_id
from qdextract.models import record
from qdextract.output.tables import records
from qdextract.zh.rules import data_text

PAIR_COLUMNS = ["passage_id_a", "passage_id_b", "kind", "similarity", "grouped", "figures_differ", "shared"]
PAIR_KINDS = ("exact", "normalized", "near", "containment", "partial")


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Thresholds; the defaults are those of `data/dedup.yaml` (a test keeps them equal)."""

    shingle_size: int = 3
    num_perm: int = 64
    lsh_threshold: float = 0.4
    lsh_recall_weight: float = 0.7
    near_threshold: float = 0.85
    containment_threshold: float = 0.85
    partial_min_chars: int = 8
    min_clause_chars: int = 6
    min_passage_chars: int = 6
    max_bucket: int = 25
    max_candidates: int = 50
    min_metric_chars: int = 2
    clause_separators: str = ",;、:，；：。！？!?—"
    # `快手平台`, `快手电商` and `快手` name one subject: generic endings dropped before comparing
    subject_suffixes: tuple[str, ...] = ("股份有限公司", "有限公司", "公司", "集团", "平台", "电商", "市", "省", "区", "县")

    def __post_init__(self) -> None:
        for name in ("lsh_threshold", "near_threshold", "containment_threshold"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"DedupConfig.{name} must be in (0, 1], got {getattr(self, name)}")
        if not 0.0 < self.lsh_recall_weight < 1.0:
            raise ValueError(f"DedupConfig.lsh_recall_weight must be in (0, 1), got {self.lsh_recall_weight}")
        for name in ("shingle_size", "num_perm", "max_bucket", "max_candidates"):
            if getattr(self, name) < 1:
                raise ValueError(f"DedupConfig.{name} must be at least 1")
        if self.lsh_threshold > self.near_threshold:
            raise ValueError("DedupConfig.lsh_threshold above near_threshold would lose near duplicates")

    @classmethod
    def load(cls, path: str | Path | None = None) -> DedupConfig:
        """From a YAML file (default: the packaged `data/dedup.yaml`); unknown keys are refused."""
        if path is None:
            text = data_text("dedup.yaml")
        else:
            text = Path(path).read_text("utf-8")
        data = yaml.safe_load(text) or {}
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown dedup settings: {', '.join(unknown)}")
        if "subject_suffixes" in data:
            data["subject_suffixes"] = tuple(data["subject_suffixes"])
        return cls(**data)


# ---------------------------------------------------------------- text folding

_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_FIGURE = regex.compile(r"\d+(?:\.\d+)?")


def fold_for_matching(text_norm: str) -> str:
    """Letters and digits only, lower-cased: punctuation, quotes, symbols and spaces fold away."""
    return _NOT_WORD.sub("", text_norm or "").lower()


@cache
def _clause_splitter(separators: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(what folding drops except the separators, the separators)."""
    seps = regex.escape(separators)
    return regex.compile(r"[^\p{L}\p{N}" + seps + "]+"), regex.compile("[" + seps + "]+")


def split_clauses(text_norm: str, config: DedupConfig) -> list[str]:
    """Folded clauses long enough to mean something (`,` `;` `、` … split a composite sentence).
    Folding once and then splitting gives the same clauses as splitting and folding each piece."""
    drop, split = _clause_splitter(config.clause_separators)
    pieces = split.split(drop.sub("", text_norm or "").lower())
    return [p for p in pieces if len(p) >= config.min_clause_chars]


def figures_in(text_norm: str) -> Counter[str]:
    """The numbers a passage states, as written (`3.2`, `2025`)."""
    return Counter(_FIGURE.findall(text_norm or ""))


def edit_similarity(a: str, b: str) -> float:
    """2 x longest common subsequence / total characters (difflib's ratio, computed by rapidfuzz's
    Indel distance in C: verification is the hot loop of near-duplicate search)."""
    return Indel.normalized_similarity(a, b)


def shingles(folded: str, size: int) -> frozenset[str]:
    if len(folded) <= size:
        return frozenset([folded]) if folded else frozenset()
    return frozenset(folded[i : i + size] for i in range(len(folded) - size + 1))


# ---------------------------------------------------------------- grouping helpers

class _UnionFind:
    """Components with a count of representatives, so containment never merges two groups."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.reps = [0] * n

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            self.reps[ra] += self.reps[rb]


def reading_rank(frame: pd.DataFrame, doc_order: Iterable[str] | None = None) -> pd.Series:
    """Position of each row in reading order: document order (first appearance), then char_start."""
    docs = list(dict.fromkeys(doc_order if doc_order is not None else frame["doc_id"]))
    doc_rank = {d: i for i, d in enumerate(docs)}
    keys = pd.DataFrame({
        "doc": frame["doc_id"].map(lambda d: doc_rank.get(d, len(doc_rank))).to_numpy(),
        "start": pd.to_numeric(frame["char_start"]).to_numpy(),
        "row": range(len(frame)),
    })
    order = keys.sort_values(["doc", "start", "row"], kind="stable")["row"].to_numpy()
    rank = [0] * len(frame)
    for r, pos in enumerate(order):
        rank[pos] = r
    return pd.Series(rank, index=frame.index)


def _groups_from(uf: _UnionFind, rank: list[int], ids: list[str]) -> tuple[list[Any], list[bool]]:
    """dup_group (hash of the canonical member's id) and is_canonical for every position."""
    members: dict[int, list[int]] = defaultdict(list)
    for pos in range(len(ids)):
        members[uf.find(pos)].append(pos)
    dup_group: list[Any] = [None] * len(ids)
    canonical = [True] * len(ids)
    for group in members.values():
        if len(group) < 2:
            continue
        first = min(group, key=lambda p: rank[p])
        gid = make_id("g", ids[first])
        for pos in group:
            dup_group[pos] = gid
            canonical[pos] = pos == first
    return dup_group, canonical


# ---------------------------------------------------------------- passages

@record
class _Pair:
    a: int  # earlier in reading order
    b: int
    kind: str
    similarity: float
    inner: int | None = None  # the contained passage, for containment
    shared: str = ""
    figures_differ: bool = False


class _PassageIndex:
    """Folded texts of the passages that stand for each identical text; their shingles, clauses and
    figures are built when a pair is verified (a few kept), so memory grows with the passages'
    text, not with the sets and lists of every passage at once."""

    def __init__(self, keys: list[str], texts_norm: list[str], reps: list[int], config: DedupConfig):
        self.keys = keys
        self.reps = reps
        self.config = config
        self.texts_norm = texts_norm
        self.shingles = lru_cache(maxsize=4096)(lambda r: shingles(keys[r], config.shingle_size))
        self.clauses = lru_cache(maxsize=4096)(lambda r: split_clauses(texts_norm[r], config))
        self.figures = lru_cache(maxsize=4096)(lambda r: figures_in(texts_norm[r]))

    def candidates(self, rank: list[int]) -> np.ndarray:
        """Distinct candidate pairs (a, b), a earlier in reading order, sorted: an array, not a set
        of tuples (a large corpus has millions of candidates)."""
        rank_of = np.asarray(rank, dtype=np.int64)
        pairs = _unique_pairs(self._lsh_candidates(rank_of), self._clause_candidates())
        swap = rank_of[pairs[:, 0]] > rank_of[pairs[:, 1]]
        pairs[swap] = pairs[swap][:, ::-1]
        return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]

    def _lsh_candidates(self, rank: np.ndarray) -> np.ndarray:
        """Pairs (passage, one of the max_candidates earliest passages sharing an LSH band with it).

        datasketch computes the MinHash signatures and picks the bands (b x r) for the threshold;
        the bands are then grouped with one sort each over the signature matrix, because
        MinHashLSH's own index (a dict entry per passage and band) costs about 6 KB per passage."""
        from datasketch import (  # imported here: it pulls in scipy, which reruns need not
            MinHash,
            MinHashLSH,
        )

        cfg = self.config
        eligible = np.asarray([r for r in self.reps if len(self.keys[r]) >= cfg.min_passage_chars], dtype=np.int64)
        if len(eligible) < 2:
            return np.empty((0, 2), dtype=np.int64)
        signatures = np.empty((len(eligible), cfg.num_perm), dtype=np.uint32)
        sketches = MinHash.generator(
            ([s.encode("utf-8") for s in shingles(self.keys[r], cfg.shingle_size)] for r in eligible),
            num_perm=cfg.num_perm,
        )
        for i, m in enumerate(sketches):
            signatures[i] = m.hashvalues
        # the weight trades missed pairs against extra candidates when LSH picks its bands
        weights = (1.0 - cfg.lsh_recall_weight, cfg.lsh_recall_weight)
        params = MinHashLSH(threshold=cfg.lsh_threshold, num_perm=cfg.num_perm, weights=weights)
        buckets = [_band_keys(signatures[:, i * params.r:(i + 1) * params.r]) for i in range(params.b)]
        return _earliest_mates(buckets, eligible, rank, cfg.max_candidates)

    def _clause_candidates(self) -> np.ndarray:
        """Pairs of passages sharing a folded clause that at most max_bucket passages hold."""
        holder, clause = [], []
        for r in self.reps:
            for c in set(self.clauses(r)):
                holder.append(r)
                clause.append(hash(c))  # equal clauses, equal hashes: only the grouping is used
        if not holder:
            return np.empty((0, 2), dtype=np.int64)
        return _bucket_pairs(np.asarray(clause, dtype=np.int64), np.asarray(holder, dtype=np.int64),
                             self.config.max_bucket)

    def verify(self, a: int, b: int) -> _Pair | None:
        cfg = self.config
        sa, sb = self.shingles(a), self.shingles(b)
        inter = len(sa & sb)
        if not inter:
            return None
        ka, kb = self.keys[a], self.keys[b]
        long_enough = min(len(ka), len(kb)) >= cfg.min_passage_chars
        # the ratio can reach the threshold only when the lengths are close enough
        if long_enough and 2 * min(len(ka), len(kb)) / (len(ka) + len(kb)) >= cfg.near_threshold:
            similarity = edit_similarity(ka, kb)
            if similarity >= cfg.near_threshold:
                differ = self.figures(a) != self.figures(b)
                return _Pair(a, b, "near", round(similarity, 4), figures_differ=differ)
        inner, outer = (a, b) if len(sa) <= len(sb) else (b, a)
        contained = inter / len(self.shingles(inner))
        if long_enough and contained >= cfg.containment_threshold:
            differ = bool(self.figures(inner) - self.figures(outer))
            return _Pair(a, b, "containment", round(contained, 4), inner=inner, figures_differ=differ)
        shared = self._shared_clauses(a, b)
        if sum(map(len, shared)) >= cfg.partial_min_chars:
            return _Pair(a, b, "partial", round(contained, 4), shared=" | ".join(shared))
        return None

    def _shared_clauses(self, a: int, b: int) -> list[str]:
        """Clauses of one passage that stand whole in the other, in the first one's order."""
        out: list[str] = []
        for x, y in ((a, b), (b, a)):
            for clause in self.clauses(x):
                if clause in self.keys[y] and clause not in out:
                    out.append(clause)
        # a clause inside another shared clause adds nothing
        return [c for c in out if not any(c != o and c in o for o in out)]


# ---------------------------------------------------------------- candidate buckets (numpy)

def _band_keys(band: np.ndarray) -> np.ndarray:
    """One 64-bit key per row of a band of the signature matrix (FNV-style fold: equal bands,
    equal keys; a collision only adds a candidate, which verification then rejects)."""
    key = np.full(len(band), 0xCBF29CE484222325, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col in band.T:
            key = (key ^ col.astype(np.uint64)) * np.uint64(0x100000001B3)
    return key


def _within_runs(keys: np.ndarray, rank: np.ndarray, width: np.ndarray | int, min_run: int, max_run: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (into `keys`) of pairs (x, y) where x and y share a key whose run has min_run..max_run
    members and y is among the first `width` of its run by rank; no Python loop over buckets.
    Positions are int32: a band of a large corpus yields tens of millions of them."""
    order = np.lexsort((rank, keys)).astype(np.int32)
    k = keys[order]
    n = len(k)
    new_run = np.r_[True, k[1:] != k[:-1]]
    run_id = (np.cumsum(new_run) - 1).astype(np.int32)
    run_start = np.flatnonzero(new_run).astype(np.int32)
    run_len = np.diff(np.r_[run_start, n]).astype(np.int32)
    length = run_len[run_id]
    take = (length >= min_run) & (length <= max_run)
    per = np.where(take, np.minimum(length, width), 0).astype(np.int32)
    a = np.repeat(np.arange(n, dtype=np.int32), per)
    ends = np.cumsum(per, dtype=np.int64)
    b = np.arange(len(a), dtype=np.int64)
    b -= np.repeat(ends - per, per)  # offset within the run's first `width`
    b += np.repeat(run_start[run_id], per)
    b = b.astype(np.int32)
    keep = a != b
    return order[a[keep]], order[b[keep]]


def _bucket_pairs(keys: np.ndarray, members: np.ndarray, max_bucket: int) -> np.ndarray:
    """All pairs within each bucket of 2..max_bucket members."""
    a, b = _within_runs(keys, np.zeros(len(keys), dtype=np.int64), max_bucket, 2, max_bucket)
    return np.stack((members[a], members[b]), axis=1)


def _earliest_mates(buckets: list[np.ndarray], members: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    """For each member, the k earliest (by rank) other members of any bucket it shares.

    Band by band, each member keeps only its k earliest mates so far: the result is the same as
    over the union of all bands, and memory stays within members x k pairs."""
    member_rank = rank[members]
    kept = np.empty((0, 2), dtype=np.int64)
    for keys in buckets:
        # the k earliest others of anyone are among its bucket's k+1 earliest
        a, b = _within_runs(keys, member_rank, k + 1, 2, len(keys))
        kept = _first_k_per_member(np.concatenate((kept, np.stack((members[a], members[b]), axis=1))), rank, k)
    return kept


def _first_k_per_member(pairs: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    """Distinct pairs, at most k per first column: those whose second has the lowest rank."""
    if not len(pairs):
        return pairs
    pairs = pairs[np.lexsort((rank[pairs[:, 1]], pairs[:, 0]))]
    distinct = np.r_[True, (pairs[1:] != pairs[:-1]).any(axis=1)]
    pairs = pairs[distinct]
    first = np.r_[True, pairs[1:, 0] != pairs[:-1, 0]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(pairs)), 0))
    return pairs[np.arange(len(pairs)) - group_start < k]


def _unique_pairs(*parts: np.ndarray) -> np.ndarray:
    pairs = np.concatenate(parts) if parts else np.empty((0, 2), dtype=np.int64)
    if not len(pairs):
        return pairs
    return np.unique(np.sort(pairs, axis=1), axis=0)


def _identical_text_pairs(keys: list[str], texts: list[str], order: list[int], uf: _UnionFind) -> tuple[list[int], list[_Pair]]:
    """One representative per folded text (the first read); its copies join it as exact/normalized."""
    first_with: dict[str, int] = {}
    reps: list[int] = []
    pairs: list[_Pair] = []
    for pos in order:
        key = keys[pos]
        if key and key in first_with:
            rep = first_with[key]
            kind = "exact" if texts[pos].strip() == texts[rep].strip() else "normalized"
            uf.union(rep, pos)
            pairs.append(_Pair(rep, pos, kind, 1.0))
            continue
        if key:
            first_with[key] = pos
        reps.append(pos)
        uf.reps[pos] = 1
    return reps, pairs


def _join_verified(pairs: list[_Pair], uf: _UnionFind) -> set[_Pair]:
    """Near duplicates join; a contained passage joins its container only while it stands alone,
    so a short stock sentence never chains two different long sentences into one group."""
    grouped: set[_Pair] = set()
    for p in pairs:
        if p.kind == "near" and not p.figures_differ:
            uf.union(p.a, p.b)
            grouped.add(p)
    containments = sorted((p for p in pairs if p.kind == "containment" and not p.figures_differ), key=lambda p: -p.similarity)
    for p in containments:
        inner = p.inner if p.inner is not None else p.b
        outer = p.a if inner == p.b else p.b
        if uf.find(inner) == uf.find(outer):
            grouped.add(p)
        elif uf.reps[uf.find(inner)] == 1:
            uf.union(outer, inner)
            grouped.add(p)
    return grouped


def dedup_passages(passages: pd.DataFrame, config: DedupConfig = DedupConfig()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(passages with dup_group and is_canonical, the pair evidence with PAIR_COLUMNS)."""
    out = passages.copy()
    n = len(out)
    ids = out["passage_id"].astype(str).tolist()
    texts = out["text"].astype(str).tolist()
    texts_norm = out["text_norm"].astype(str).tolist() if "text_norm" in out else texts
    keys = [fold_for_matching(t) for t in texts_norm]
    rank = reading_rank(out).tolist()
    order = sorted(range(n), key=lambda p: rank[p])

    uf = _UnionFind(n)
    reps, identical = _identical_text_pairs(keys, texts, order, uf)
    index = _PassageIndex(keys, texts_norm, reps, config)
    candidates = index.candidates(rank)
    verified = [p for start in range(0, len(candidates), 65536)  # row lists a chunk at a time
                for a, b in candidates[start:start + 65536].tolist() if (p := index.verify(a, b)) is not None]
    grouped = _join_verified(verified, uf)

    dup_group, canonical = _groups_from(uf, rank, ids)
    out["dup_group"] = pd.array(dup_group, dtype="string")
    out["is_canonical"] = pd.array(canonical, dtype="boolean")
    rows = [
        (ids[p.a], ids[p.b], p.kind, p.similarity, True, False, p.shared) for p in identical
    ] + [
        (ids[p.a], ids[p.b], p.kind, p.similarity, p in grouped, p.figures_differ, p.shared)
        for p in sorted(verified, key=lambda p: (rank[p.a], rank[p.b]))
    ]
    evidence = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    evidence = evidence.astype({"grouped": "boolean", "figures_differ": "boolean"})
    return out, evidence


def mark_duplicate_passages(passages: pd.DataFrame, config: DedupConfig = DedupConfig()) -> pd.DataFrame:
    """A copy of `passages` with dup_group and is_canonical filled (see `dedup_passages` for evidence)."""
    return dedup_passages(passages, config)[0]


# ---------------------------------------------------------------- claims

def _plain(x: Any) -> Any:
    """None for a missing value; floats rounded so that 1.2e11 computed two ways compares equal."""
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return None
    if isinstance(x, float):
        return float(f"{x:.10g}")
    return x


def _figure(row: dict) -> tuple:
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
_FACT_FIELDS = ("kind", "unit", "value", "value_low", "value_high", "value_role", "direction", "modality", "metric_norm")


def subject_key(subject: str | None, config: DedupConfig) -> str | None:
    """The subject with one generic ending dropped (never down to nothing)."""
    if subject is None:
        return None
    for suffix in sorted(config.subject_suffixes, key=len, reverse=True):
        if subject.endswith(suffix) and len(subject) > len(suffix):
            return subject[: -len(suffix)]
    return subject


def _join_same_facts(rows: list[dict], uf: _UnionFind, config: DedupConfig) -> None:
    """Same figure, unit, metric, role and modality; subject and period equal, or unknown on one
    side when only one stated context fits it (a null never bridges two different contexts)."""
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
            contexts[(subject, period)].append(i)
        for group in contexts.values():
            for i in group[1:]:
                uf.union(group[0], i)
        for ctx, group in contexts.items():
            if None not in ctx:
                continue
            fits = [c for c in contexts if c != ctx and _more_specific(c, ctx)]
            if len(fits) == 1:
                uf.union(contexts[fits[0]][0], group[0])


def _same_figure_in_copies(a: dict, b: dict) -> bool:
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


def _join_copies_in_duplicate_passages(rows: list[dict], rank: list[int], passage_group: dict[str, str], uf: _UnionFind) -> None:
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
    rows = records(out[[c for c in _CLAIM_FIELDS if c in out]])  # only what matching reads
    rank = reading_rank(out, doc_order=passages["doc_id"]).tolist()
    passage_group = {
        pid: g for pid, g in zip(passages["passage_id"], passages["dup_group"]) if not pd.isna(g)
    }
    uf = _UnionFind(len(rows))
    _join_same_facts(rows, uf, config)
    _join_copies_in_duplicate_passages(rows, rank, passage_group, uf)
    dup_group, canonical = _groups_from(uf, rank, out["claim_id"].astype(str).tolist())
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


def passage_groups(passages: pd.DataFrame) -> dict[str, list[str]]:
    """dup_group -> passage ids in reading order."""
    rank = reading_rank(passages)
    marked = passages.assign(_rank=rank.to_numpy())
    marked = marked[marked["dup_group"].notna()].sort_values("_rank")
    return {g: list(ids) for g, ids in marked.groupby("dup_group", sort=False)["passage_id"]}


__all__ = [
    "DedupConfig", "PAIR_COLUMNS", "PAIR_KINDS", "build_claims_clean", "dedup_passages",
    "edit_similarity", "figures_in", "fold_for_matching", "mark_duplicate_claims", "mark_duplicate_passages", "passage_groups",
    "reading_rank", "shingles", "split_clauses", "subject_key",
]

