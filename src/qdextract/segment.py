"""jieba, loaded once per process with its start-up chatter silenced (it logs at DEBUG, which a
Prefect task's log handlers would otherwise ship), for the stages that need word boundaries."""

from __future__ import annotations

from functools import cache, lru_cache


@cache
def jieba_modules():
    """(jieba, jieba.posseg), initialised."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba, jieba.posseg


@lru_cache(maxsize=65536)
def word_bounds(text: str) -> frozenset[int]:
    """Offsets in `text` where a word starts or ends (jieba's segmentation)."""
    jieba, _ = jieba_modules()
    bounds, pos = {0}, 0
    for tok in jieba.cut(text):
        pos += len(tok)
        bounds.add(pos)
    return frozenset(bounds)
