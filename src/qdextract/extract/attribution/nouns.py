"""Word-level readings of short phrases for attribution: whether a phrase is all nouns, the run
of nouns at its end, and the names of places and countries (a place's measure is about it). Word
tags: jieba's dictionary; names: data/places.tsv and data/countries.tsv.
"""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from qdextract.text.segment import jieba_modules
from qdextract.zh.lexicon import places
from qdextract.zh.rules import data_text


@lru_cache(maxsize=4096)
def all_nouns(phrase: str, noun_tags: frozenset[str]) -> bool:
    """Every word of `phrase` is a noun by jieba's tags (核心装置; not 引入亚马逊)."""
    _, posseg = jieba_modules()
    return all(tok.flag in noun_tags for tok in posseg.lcut(phrase))


@lru_cache(maxsize=65536)
def noun_tail(phrase: str, noun_tags: frozenset[str]) -> str:
    """The longest run of noun words at the end of `phrase` (零售额 of 品牌带动农村网络零售额):
    the walk back stops at a verb, a preposition or any other non-noun word jieba knows."""
    jieba, posseg = jieba_modules()
    tags = posseg.dt.word_tag_tab
    keep: list[str] = []
    for tok in reversed(jieba.lcut(phrase)):
        tag = tags.get(tok)
        if not regex.fullmatch(r"\p{Han}+", tok):
            break
        # a lone character's tag says little (率 of 复购率); words jieba does not know are names
        if len(tok) > 1 and tag is not None and tag not in noun_tags:
            break
        keep.append(tok)
    return "".join(reversed(keep))


@cache
def place_and_country_names() -> frozenset[str]:
    rows = (ln.split("\t")[0] for ln in data_text("countries.tsv").splitlines() if ln and not ln.startswith("#"))
    return frozenset(rows) | frozenset(r["name"] for r in places())
