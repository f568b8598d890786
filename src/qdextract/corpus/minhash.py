"""MinHash signatures of many token sets at once, equal to datasketch's own.

datasketch's `MinHash.generator` builds one sketch per set: a copy, a SHA-1 per token, then the
permutations applied in NumPy, so a corpus of small passages pays the per-set overhead and one
SHA-1 per token occurrence. Here the tokens' 32-bit hashes (datasketch's `sha1_hash32`), the
MurmurHash3 finalizer and the affine permutations of its default scheme ("affine32") are computed
for a block of many sets' tokens at once, and each set's minimum is taken with one
`np.minimum.reduceat`; the sets are read a block at a time, so memory holds one block. The values are datasketch's, bit for bit (a test compares
them); under another scheme or hash function the generator itself is used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

_BLOCK = 1 << 16  # tokens per block: a block's permutation matrix is block x num_perm x 4 bytes
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, wrapping as datasketch's affine32 scheme does."""
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def signatures(token_sets: Iterable[Sequence[bytes]], n: int, num_perm: int) -> np.ndarray:
    """(n, num_perm) uint32: row i is `MinHash(num_perm).update_batch(token_sets[i])`'s hash values.
    `token_sets` (n of them, each holding at least one token) is read a block at a time, so a
    generator keeps only a block's tokens in memory."""
    from hashlib import sha1

    from datasketch import MinHash  # imported here: it pulls in scipy, which reruns need not
    from datasketch.hashfunc import sha1_hash32

    proto = MinHash(num_perm=num_perm)
    out = np.empty((n, num_perm), dtype=np.uint32)
    if proto.scheme != "affine32" or proto.hashfunc is not sha1_hash32:
        for i, m in enumerate(MinHash.generator(token_sets, num_perm=num_perm)):
            out[i] = m.hashvalues
        return out
    a, b = proto.permutations
    row = 0
    hashes: list[bytes] = []  # each token's SHA-1 cut to its first 4 bytes: sha1_hash32 read in bulk
    lengths: list[int] = []

    def flush() -> None:
        nonlocal row
        hv = _fmix32(np.frombuffer(b"".join(hashes), dtype="<u4").astype(np.uint32))
        permuted = hv[:, None] * a[None, :] + b[None, :]
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        out[row:row + len(lengths)] = np.minimum.reduceat(permuted, offsets, axis=0)
        row += len(lengths)
        hashes.clear()
        lengths.clear()

    for tokens in token_sets:
        if not tokens:
            raise ValueError("every token set must hold a token")
        if hashes and len(hashes) + len(tokens) > _BLOCK:
            flush()
        hashes.extend([sha1(t).digest()[:4] for t in tokens])
        lengths.append(len(tokens))
    if lengths:
        flush()
    if row != n:
        raise ValueError(f"{row} token sets for {n} rows")
    return out
