"""Duplicate passages across a whole run (duplicate claims: `qdextract.corpus.claim_dedup`).

Passages are compared on their folded text (`text_norm` with punctuation, quotes and spaces
dropped): identical folded texts by hash, near duplicates by MinHash LSH on character shingles
(verified by the edit similarity of the two folded texts), containment (a shorter passage standing
whole inside a longer one) and partial overlaps (clauses repeated inside a composite sentence),
found through shared clauses. Copies must carry the same figures: two sentences that differ only
in a number state different facts, and so do two sentences whose figures are stated for another
period or as another modality (a result and the next year's target): such a pair is kept as
evidence but never grouped. No step compares all pairs: candidates come from hash buckets, LSH
buckets and clause buckets, each capped, so the cost grows near-linearly with the corpus.

Each grouped passage gets a `dup_kind`: exact, near or contained, or boilerplate for the set
phrases and headings reports repeat by habit (`qdextract.corpus.boilerplate`).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np
import pandas as pd
import regex
from rapidfuzz.distance import Indel

from qdextract.corpus import minhash
from qdextract.corpus.boilerplate import PassageFacts, dup_kinds
from qdextract.corpus.buckets import band_keys, bucket_pairs, earliest_mates
from qdextract.corpus.chunks import TextColumn
from qdextract.corpus.claim_dedup import build_claims_clean, mark_duplicate_claims, subject_key
from qdextract.corpus.grouping import DedupConfig, UnionFind, groups_from, reading_rank
from qdextract.models import record

PAIR_COLUMNS = ["passage_id_a", "passage_id_b", "kind", "similarity", "grouped", "figures_differ", "shared",
                "context_differs"]
PAIR_KINDS = ("exact", "normalized", "near", "containment", "partial")


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
    return frozenset([folded[i : i + size] for i in range(len(folded) - size + 1)])  # a list: faster than a generator


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
    context_differs: bool = False  # same text, figures for another period or modality


@cache
def lsh_bands(threshold: float, num_perm: int, recall_weight: float) -> tuple[int, int]:
    """The bands and rows per band datasketch's MinHashLSH picks for the threshold, worked out once
    per setting (it integrates the collision curves each time an index is made)."""
    from datasketch import MinHashLSH  # imported here: it pulls in scipy, which reruns need not

    # the weight trades missed pairs against extra candidates when LSH picks its bands
    params = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(1.0 - recall_weight, recall_weight))
    return params.b, params.r


def _pair_keys(pairs: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Each pair (a, b) as one integer, the earlier passage in reading order first: earlier * n + later."""
    a, b = pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64)
    earlier = np.where(rank[a] <= rank[b], a, b)
    b += a
    b -= earlier  # the later one
    earlier *= len(rank)
    earlier += b
    return earlier


class _PassageIndex:
    """Folded texts of the passages that stand for each identical text; their shingles, clauses and
    figures are built when a pair is verified (a few kept), so memory grows with the passages'
    text, not with the sets and lists of every passage at once."""

    def __init__(self, keys: list[str], texts_norm: Sequence[str], reps: list[int], config: DedupConfig,
                 facts: list[PassageFacts | None] | None = None):
        self.keys = keys
        self.facts = facts
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
        n = len(rank_of)
        # one integer a pair, each source's on its own (never both sources' pairs and their keys at
        # once): sorted and distinct in one pass
        keys = np.unique(np.concatenate((_pair_keys(self._lsh_candidates(rank_of), rank_of),
                                         _pair_keys(self._clause_candidates(), rank_of))))
        pairs = np.empty((len(keys), 2), dtype=np.int32 if n <= np.iinfo(np.int32).max else np.int64)
        np.floor_divide(keys, n, out=pairs[:, 0], casting="unsafe")
        np.remainder(keys, n, out=pairs[:, 1], casting="unsafe")
        return pairs

    def _lsh_candidates(self, rank: np.ndarray) -> np.ndarray:
        """Pairs (passage, one of the max_candidates earliest passages sharing an LSH band with it).

        datasketch computes the MinHash signatures and picks the bands (b x r) for the threshold;
        the bands are then grouped with one sort each over the signature matrix, because
        MinHashLSH's own index (a dict entry per passage and band) costs about 6 KB per passage."""
        cfg = self.config
        eligible = np.asarray([r for r in self.reps if len(self.keys[r]) >= cfg.min_passage_chars], dtype=np.int64)
        if len(eligible) < 2:
            return np.empty((0, 2), dtype=np.int64)
        signatures = minhash.signatures(
            ([s.encode("utf-8") for s in shingles(self.keys[r], cfg.shingle_size)] for r in eligible.tolist()),
            len(eligible), cfg.num_perm,
        )
        bands, rows = lsh_bands(cfg.lsh_threshold, cfg.num_perm, cfg.lsh_recall_weight)
        buckets = [band_keys(signatures[:, i * rows:(i + 1) * rows]) for i in range(bands)]
        del signatures  # the bands' keys are all the mates are found by
        return earliest_mates(buckets, eligible, rank, cfg.max_candidates)

    def _clause_candidates(self) -> np.ndarray:
        """Pairs of passages sharing a folded clause that at most max_bucket passages hold."""
        holder, clause = array("q"), array("q")  # machine integers: a corpus has millions of clauses
        for r in self.reps:
            for c in set(self.clauses(r)):
                holder.append(r)
                clause.append(hash(c))  # equal clauses, equal hashes: only the grouping is used
        if not holder:
            return np.empty((0, 2), dtype=np.int64)
        return bucket_pairs(np.frombuffer(clause, dtype=np.int64), np.frombuffer(holder, dtype=np.int64),
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
                return _Pair(a, b, "near", round(similarity, 4), figures_differ=differ,
                             context_differs=self._contexts_differ(a, b, contained=False))
        inner, outer = (a, b) if len(sa) <= len(sb) else (b, a)
        contained = inter / len(self.shingles(inner))
        if long_enough and contained >= cfg.containment_threshold:
            differ = bool(self.figures(inner) - self.figures(outer))
            return _Pair(a, b, "containment", round(contained, 4), inner=inner, figures_differ=differ,
                         context_differs=self._contexts_differ(inner, outer, contained=True))
        shared = self._shared_clauses(a, b)
        if sum(map(len, shared)) >= cfg.partial_min_chars:
            return _Pair(a, b, "partial", round(contained, 4), shared=" | ".join(shared),
                         context_differs=self._contexts_differ(a, b, contained=False))
        return None

    def _contexts_differ(self, a: int, b: int, contained: bool) -> bool:
        if self.facts is None:
            return False
        fa, fb = self.facts[a], self.facts[b]
        return fa is not None and fb is not None and fa.conflicts_with(fb, contained)

    def _shared_clauses(self, a: int, b: int) -> list[str]:
        """Clauses of one passage that stand whole in the other, in the first one's order."""
        out: list[str] = []
        for x, y in ((a, b), (b, a)):
            for clause in self.clauses(x):
                if clause in self.keys[y] and clause not in out:
                    out.append(clause)
        # a clause inside another shared clause adds nothing
        return [c for c in out if not any(c != o and c in o for o in out)]


def _verify_all(index: _PassageIndex, candidates: np.ndarray, n: int) -> list[_Pair]:
    """The verified pairs, in the candidates' order. They are checked in an order that keeps each
    passage's mates close (reverse Cuthill-McKee on the candidate graph), so the index's caches of
    shingles and clauses hold both sides: in the candidates' order the later side changes at
    nearly every pair, and on a large corpus nearly every check built both sides anew."""
    from scipy.sparse import coo_matrix  # (a dependency of datasketch's, imported there too)
    from scipy.sparse.csgraph import reverse_cuthill_mckee

    if not len(candidates):
        return []
    a, b = candidates[:, 0], candidates[:, 1]
    # the candidate graph made symmetric in one build (its structure is all the ordering reads)
    graph = coo_matrix((np.ones(2 * len(candidates), dtype=np.int8), (np.concatenate((a, b)), np.concatenate((b, a)))),
                       shape=(n, n)).tocsr()
    graph.sum_duplicates()
    position = np.empty(n, dtype=np.int32 if n <= np.iinfo(np.int32).max else np.int64)
    position[reverse_cuthill_mckee(graph, symmetric_mode=True)] = np.arange(n)
    del graph
    pa, pb = position[a], position[b]
    near_first = np.lexsort((np.maximum(pa, pb), np.minimum(pa, pb)))
    del pa, pb
    at = array("q")  # each verified pair's place among the candidates (not a tuple per pair)
    found: list[_Pair] = []
    for start in range(0, len(near_first), 65536):  # row lists a chunk at a time
        chunk = near_first[start:start + 65536]
        for i, (x, y) in zip(chunk.tolist(), candidates[chunk].tolist()):
            if (p := index.verify(x, y)) is not None:
                at.append(i)
                found.append(p)
    return [found[j] for j in np.argsort(np.frombuffer(at, dtype=np.int64), kind="stable").tolist()] if found else []


def _identical_text_pairs(keys: list[str], texts: Sequence[str], order: list[int], uf: UnionFind) -> tuple[list[int], list[_Pair]]:
    """One representative per folded text (the first read); its copies join it as exact/normalized.
    A key may carry more than the text (the modalities of its figures), so that the same words
    stated as a result and as a target are two texts."""
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


def _join_verified(pairs: list[_Pair], uf: UnionFind) -> set[_Pair]:
    """Near duplicates join; a contained passage joins its container only while it stands alone,
    so a short stock sentence never chains two different long sentences into one group."""
    grouped: set[_Pair] = set()
    pairs = [p for p in pairs if not p.context_differs]
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


def _identity_keys(keys: list[str], facts: list[PassageFacts | None] | None) -> list[str]:
    """The folded text, with the modalities of the passage's figures when they are known."""
    if facts is None:
        return keys
    return [k + "\x1f" + ",".join(sorted(f.modalities)) if k and f is not None else k for k, f in zip(keys, facts)]


def dedup_passages(passages: pd.DataFrame, config: DedupConfig = DedupConfig(),
                   facts: dict[str, PassageFacts] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(passages with dup_group, dup_kind and is_canonical, the pair evidence with PAIR_COLUMNS).

    `facts` (from `passage_facts`, the passages' trusted claims) keeps a result and a target of the
    same words apart and tells boilerplate from figures; without it, digits stand for figures."""
    out = passages.copy()
    n = len(out)
    # the texts are read where a pair needs them, the documents only told apart
    texts = TextColumn(out["text"])
    texts_norm = TextColumn(out["text_norm"]) if "text_norm" in out else texts
    docs = pd.factorize(out["doc_id"].astype(str))[0].tolist()
    keys = [fold_for_matching(texts_norm[i]) for i in range(n)]
    by_pos = None if facts is None else [facts.get(pid) for pid in out["passage_id"].astype(str).tolist()]
    rank = reading_rank(out).tolist()

    uf = UnionFind(n)
    # (lists of every passage that only a step needs live for that step: the candidates' search
    # and verification hold the run's largest arrays)
    reps, identical = _identical_text_pairs(_identity_keys(keys, by_pos), texts, sorted(range(n), key=rank.__getitem__), uf)
    index = _PassageIndex(keys, texts_norm, reps, config, by_pos)
    candidates = index.candidates(rank)
    verified = _verify_all(index, candidates, n)
    del index, candidates  # the rest holds pairs, not texts' shingles or candidate arrays
    grouped = _join_verified(verified, uf)

    ids = out["passage_id"].astype(str).tolist()
    dup_group, canonical = groups_from(uf, rank, ids)
    joins = [(p.a, p.b, p.kind) for p in identical] + [(p.a, p.b, p.kind) for p in grouped]
    kinds = dup_kinds(dup_group, joins, keys, texts_norm, docs, by_pos, config)
    del joins, keys, docs, by_pos, uf
    out["dup_group"] = pd.array(dup_group, dtype="string")
    out["dup_kind"] = pd.array(kinds, dtype="string")
    out["is_canonical"] = pd.array(canonical, dtype="boolean")
    del dup_group, kinds, canonical
    verified.sort(key=lambda p: (rank[p.a], rank[p.b]))
    return out, _evidence(identical, verified, grouped, ids)


def _evidence(identical: list[_Pair], verified: list[_Pair], grouped: set[_Pair], ids: list[str]) -> pd.DataFrame:
    """The pair evidence (PAIR_COLUMNS): the identical texts' pairs, then the verified ones. Built a
    column at a time: a corpus has millions of pairs, and a tuple a row would hold them all twice.
    Identical texts are grouped, and their figures and contexts the same."""
    pairs = identical + verified
    same = len(identical)
    return pd.DataFrame({
        "passage_id_a": pd.Series([ids[p.a] for p in pairs], dtype=object),
        "passage_id_b": pd.Series([ids[p.b] for p in pairs], dtype=object),
        "kind": pd.Series([p.kind for p in pairs], dtype=object),
        "similarity": pd.Series([p.similarity for p in pairs]),
        "grouped": pd.Series([True] * same + [p in grouped for p in verified], dtype="boolean"),
        "figures_differ": pd.Series([False] * same + [p.figures_differ for p in verified], dtype="boolean"),
        "shared": pd.Series([p.shared for p in pairs], dtype=object),
        "context_differs": pd.Series([False] * same + [p.context_differs for p in verified], dtype="boolean"),
    })


def mark_duplicate_passages(passages: pd.DataFrame, config: DedupConfig = DedupConfig()) -> pd.DataFrame:
    """A copy of `passages` with dup_group, dup_kind and is_canonical filled (see `dedup_passages`)."""
    return dedup_passages(passages, config)[0]


def passage_groups(passages: pd.DataFrame) -> dict[str, list[str]]:
    """dup_group -> passage ids in reading order."""
    rank = reading_rank(passages)
    marked = passages.assign(_rank=rank.to_numpy())
    marked = marked[marked["dup_group"].notna()].sort_values("_rank")
    return {g: list(ids) for g, ids in marked.groupby("dup_group", sort=False)["passage_id"]}


__all__ = [
    "DedupConfig", "PAIR_COLUMNS", "PAIR_KINDS", "PassageFacts", "build_claims_clean", "dedup_passages",
    "edit_similarity", "figures_in", "fold_for_matching", "mark_duplicate_claims", "mark_duplicate_passages", "passage_groups",
    "reading_rank", "shingles", "split_clauses", "subject_key",
]

