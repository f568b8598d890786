"""What deduplication shares between passages and claims: its thresholds (`data/dedup.yaml`),
reading order, and union-find groups whose id derives from their canonical (first-read) member."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from qdextract.ids import make_id
from qdextract.zh.rules import data_text


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
    # boilerplate groups (qdextract.corpus.boilerplate): lengths in folded characters
    boilerplate_phrase_chars: int = 20
    boilerplate_formula_chars: int = 30
    boilerplate_max_chars: int = 120
    boilerplate_shared_chars: int = 80
    boilerplate_min_docs: int = 3
    boilerplate_min_copies: int = 5
    boilerplate_min_han_share: float = 0.3
    clause_separators: str = ",;、:，；：。！？!?—"
    # `快手平台`, `快手电商` and `快手` name one subject: generic endings dropped before comparing
    subject_suffixes: tuple[str, ...] = ("股份有限公司", "有限公司", "公司", "集团", "平台", "电商", "市", "省", "区", "县")

    def __post_init__(self) -> None:
        for name in ("lsh_threshold", "near_threshold", "containment_threshold"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"DedupConfig.{name} must be in (0, 1], got {getattr(self, name)}")
        if not 0.0 < self.lsh_recall_weight < 1.0:
            raise ValueError(f"DedupConfig.lsh_recall_weight must be in (0, 1), got {self.lsh_recall_weight}")
        for name in ("shingle_size", "num_perm", "max_bucket", "max_candidates", "boilerplate_min_docs", "boilerplate_min_copies"):
            if getattr(self, name) < 1:
                raise ValueError(f"DedupConfig.{name} must be at least 1")
        if self.lsh_threshold > self.near_threshold:
            raise ValueError("DedupConfig.lsh_threshold above near_threshold would lose near duplicates")

    @classmethod
    def load(cls, path: str | Path | None = None) -> DedupConfig:
        """From a YAML file (default: the packaged `data/dedup.yaml`, read once); unknown keys are
        refused."""
        if path is None:
            return _packaged_config()
        return cls.from_yaml(Path(path).read_text("utf-8"))

    @classmethod
    def from_yaml(cls, text: str) -> DedupConfig:
        data = yaml.safe_load(text) or {}
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown dedup settings: {', '.join(unknown)}")
        if "subject_suffixes" in data:
            data["subject_suffixes"] = tuple(data["subject_suffixes"])
        return cls(**data)


@cache
def _packaged_config() -> DedupConfig:
    return DedupConfig.from_yaml(data_text("dedup.yaml"))


class UnionFind:
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


def groups_from(uf: UnionFind, rank: list[int], ids: list[str]) -> tuple[list[Any], list[bool]]:
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


__all__ = ["DedupConfig", "UnionFind", "groups_from", "reading_rank"]
