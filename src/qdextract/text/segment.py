"""Word segmentation for the stages that need word boundaries.

jieba (loaded once per process, its start-up chatter silenced: it logs at DEBUG, which a Prefect
task's log handlers would otherwise ship) gives part-of-speech tags. Word boundaries come from
rjieba, the Rust port of the same algorithm with the same dictionary and HMM, which segments a
short phrase about 14 times faster; the one difference, runs without Han characters, is handed
to jieba, so that the boundaries are jieba's own (checked on every clause of the development
corpus and their prefixes, 105,492 strings, and on 30,000 random mixed texts).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import rjieba


@cache
def jieba_modules():
    """(jieba, jieba.posseg), initialised."""
    import jieba
    import jieba.posseg

    from qdextract.text import viterbi

    viterbi.install(jieba.posseg)  # the same tags, decoded over arrays
    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba, jieba.posseg


# rjieba keeps a run without Han characters whole (`18-25`, `3.2.3`), where jieba cuts it at its
# punctuation (18/-/25) unless its dictionary holds it (`c++`, `AT&T`): such a run is handed to
# jieba itself. A run of letters and digits alone is whole in both.
_PLAIN_RUN = re.compile(r"[A-Za-z0-9]+")
_HAN = re.compile(r"[\u4E00-\u9FD5]")


@lru_cache(maxsize=65536)
def cut_words(text: str) -> tuple[str, ...]:
    """`jieba.lcut(text)`: jieba's words of text, in order."""
    out: list[str] = []
    for tok in rjieba.cut(text, hmm=True):
        if len(tok) > 1 and _HAN.search(tok) is None and _PLAIN_RUN.fullmatch(tok) is None:
            jieba, _ = jieba_modules()
            out.extend(jieba.cut(tok))
        else:
            out.append(tok)
    return tuple(out)


@lru_cache(maxsize=65536)
def word_bounds(text: str) -> frozenset[int]:
    """Offsets in `text` where a word starts or ends (jieba's segmentation)."""
    bounds, pos = {0}, 0
    for tok in cut_words(text):
        pos += len(tok)
        bounds.add(pos)
    return frozenset(bounds)


@lru_cache(maxsize=16384)
def last_word_tag(phrase: str) -> str | None:
    """jieba's part-of-speech tag of the last word of `phrase` (`我们完成` -> `v`), through rjieba
    (the same dictionary and tags); None for an empty phrase."""
    tagged = rjieba.tag(phrase)
    return tagged[-1][1] if tagged else None
