import random

import numpy as np
import pytest
from datasketch import MinHash

from qdextract.corpus import minhash
from qdextract.corpus.dedup import shingles


def _sets(n: int, seed: int = 5) -> list[list[bytes]]:
    rng = random.Random(seed)
    alphabet = "增长同比亿元万人次直播电商青岛市零售额企业"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(n)]
    return [[s.encode() for s in shingles(t, 3)] for t in texts]


def test_signatures_are_datasketchs_bit_for_bit():
    sets = _sets(300)
    expected = np.array([m.hashvalues for m in MinHash.generator(sets, num_perm=64)], dtype=np.uint32)
    assert np.array_equal(minhash.signatures(iter(sets), len(sets), 64), expected)


def test_sets_split_across_blocks_are_whole(monkeypatch):
    monkeypatch.setattr(minhash, "_BLOCK", 7)
    sets = _sets(50, seed=9)
    expected = np.array([m.hashvalues for m in MinHash.generator(sets, num_perm=16)], dtype=np.uint32)
    assert np.array_equal(minhash.signatures(iter(sets), len(sets), 16), expected)


def test_an_empty_set_is_refused():
    with pytest.raises(ValueError):
        minhash.signatures([[b"abc"], []], 2, 8)


def test_the_count_must_match():
    with pytest.raises(ValueError):
        minhash.signatures([[b"abc"]], 2, 8)
