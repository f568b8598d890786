"""Candidate pairs from hash buckets, all in numpy: for a large corpus the buckets hold tens of
millions of entries, which Python loops over dicts of lists could not afford."""

from __future__ import annotations

import numpy as np


def band_keys(band: np.ndarray) -> np.ndarray:
    """One 64-bit key per row of a band of the signature matrix (FNV-style fold: equal bands,
    equal keys; a collision only adds a candidate, which verification then rejects)."""
    key = np.full(len(band), 0xCBF29CE484222325, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col in band.T:
            key = (key ^ col.astype(np.uint64)) * np.uint64(0x100000001B3)
    return key


def within_runs(keys: np.ndarray, rank: np.ndarray, width: np.ndarray | int, min_run: int, max_run: int) -> tuple[np.ndarray, np.ndarray]:
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
    # int32 throughout when the pairs' count allows: each array here is one entry a pair
    wide = np.int64 if len(a) > np.iinfo(np.int32).max else np.int32
    b = np.arange(len(a), dtype=wide)
    b -= np.repeat((ends - per).astype(wide), per)  # offset within the run's first `width`
    b += np.repeat(run_start[run_id], per)
    b = b.astype(np.int32, copy=False)
    keep = a != b
    return order[a[keep]], order[b[keep]]


def bucket_pairs(keys: np.ndarray, members: np.ndarray, max_bucket: int) -> np.ndarray:
    """All pairs within each bucket of 2..max_bucket members."""
    a, b = within_runs(keys, np.zeros(len(keys), dtype=np.int64), max_bucket, 2, max_bucket)
    return np.stack((members[a], members[b]), axis=1)


def earliest_mates(buckets: list[np.ndarray], members: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    """For each member, the k earliest (by rank) other members of any bucket it shares, as pairs
    (member, mate) sorted by member and the mate's rank. `rank` is a permutation of all positions.

    Band by band, each member keeps only its k earliest mates so far: the result is the same as
    over the union of all bands, and memory stays within members x k pairs. A pair is carried as one
    integer, member then mate's rank, which orders the pairs and tells equal ones: sorting it in
    place costs one copy of the pairs, where sorting the pairs themselves cost several."""
    n = len(rank)
    member_rank = rank[members]
    kept = np.empty(0, dtype=np.int64)
    for keys in buckets:
        # the k earliest others of anyone are among its bucket's k+1 earliest
        a, b = within_runs(keys, member_rank, k + 1, 2, len(keys))
        found = members[a].astype(np.int64, copy=False)
        del a
        found *= n
        found += member_rank[b]
        del b
        kept = _first_k(np.concatenate((kept, found)), n, k)
    return _pairs(kept, rank, members.dtype)


def _first_k(keys: np.ndarray, n: int, k: int) -> np.ndarray:
    """Distinct keys (member * n + mate's rank), at most k per member: the lowest."""
    keys.sort()
    if not len(keys):
        return keys
    distinct = np.empty(len(keys), dtype=bool)
    distinct[0] = True
    np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
    keys = keys[distinct]
    del distinct
    member = keys // n
    # sorted, so a key is among its member's first k when the key k places before is another member's
    keep = np.ones(len(keys), dtype=bool)
    if len(keys) > k:
        np.not_equal(member[k:], member[:-k], out=keep[k:])
    return keys[keep]


def first_k_per_member(pairs: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    """Distinct pairs, at most k per first column: those whose second has the lowest rank
    (`rank` a permutation of all positions)."""
    if not len(pairs):
        return pairs
    n = len(rank)
    return _pairs(_first_k(pairs[:, 0].astype(np.int64) * n + rank[pairs[:, 1]], n, k), rank, pairs.dtype)


def _pairs(keys: np.ndarray, rank: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Keys (member * n + mate's rank) back as pairs (member, mate)."""
    n = len(rank)
    at_rank = np.empty(n, dtype=np.int64)
    at_rank[rank] = np.arange(n)
    return np.stack((keys // n, at_rank[keys % n]), axis=1).astype(dtype, copy=False)


__all__ = ["band_keys", "bucket_pairs", "earliest_mates", "first_k_per_member", "within_runs"]
