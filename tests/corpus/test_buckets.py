"""Candidate pairs from buckets (corpus/buckets.py) and the order they are verified in (corpus/dedup.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qdextract.corpus import dedup
from qdextract.corpus.buckets import first_k_per_member
from qdextract.corpus.grouping import UnionFind, reading_rank


def _first_k_by_two_keys(pairs: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    pairs = pairs[np.lexsort((rank[pairs[:, 1]], pairs[:, 0]))]
    pairs = pairs[np.r_[True, (pairs[1:] != pairs[:-1]).any(axis=1)]]
    first = np.r_[True, pairs[1:, 0] != pairs[:-1, 0]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(pairs)), 0))
    return pairs[np.arange(len(pairs)) - group_start < k]


def test_first_k_per_member_keeps_the_lowest_ranked_mates_once():
    rng = np.random.default_rng(7)
    rank = rng.permutation(500)
    pairs = rng.integers(0, 500, size=(5000, 2))
    for k in (1, 3, 50):
        got = first_k_per_member(pairs, rank, k)
        assert np.array_equal(got, _first_k_by_two_keys(pairs, rank, k))
        assert np.bincount(got[:, 0]).max() <= k


def test_pairs_are_verified_to_the_same_result_in_any_order():
    sentences = [f"青岛市{n}月直播电商交易额增长{n}%，带动就业{n}万人" for n in range(1, 40)]
    sentences += [s.replace("青岛市", "青岛") for s in sentences[::3]] + ["各位代表，现在我代表市人民政府作工作报告"]
    passages = pd.DataFrame({
        "passage_id": [f"p{i}" for i in range(len(sentences))], "doc_id": "d",
        "char_start": range(len(sentences)), "text": sentences, "text_norm": sentences,
    })
    config = dedup.DedupConfig()
    keys = [dedup.fold_for_matching(t) for t in sentences]
    rank = reading_rank(passages).tolist()
    reps, _ = dedup._identical_text_pairs(keys, sentences, sorted(range(len(sentences)), key=rank.__getitem__),
                                          UnionFind(len(sentences)))
    index = dedup._PassageIndex(keys, sentences, reps, config)
    candidates = index.candidates(rank)
    assert len(candidates) > 20
    in_order = [p for a, b in candidates.tolist() if (p := index.verify(a, b)) is not None]
    assert dedup._verify_all(index, candidates, len(sentences)) == in_order
