"""Relative years (`今年`, `去年`) standing as words of their own inside a metric: when, not what."""

from __future__ import annotations

import re
from functools import cache

from qdextract.extract.claims.patterns import _alt
from qdextract.text.segment import word_bounds
from qdextract.zh.lexicon import cues

_IN_A_MEASURE_YEARS = ("上年", "上一年", "当年", "全年", "来年")  # (`上年同期`, `当年新增`: part of a measure)


def without_relative_years(phrase: str) -> str:
    """The phrase without the relative years that stand in it as words of their own (`今年`, `去年`)."""
    found = _relative_year_words().search(phrase)
    if found is None:
        return phrase
    bounds = word_bounds(phrase)
    k, w = found.start(), found.group()
    if k > 0 and k in bounds and k + len(w) in bounds and k + len(w) < len(phrase):
        return phrase[:k] + phrase[k + len(w):]
    return phrase


@cache
def _relative_year_words() -> re.Pattern[str]:
    return re.compile(_alt(w for w in cues().relative_years if w not in _IN_A_MEASURE_YEARS))
