"""The measure of a change from one figure to another (`由A提高至B`).

Policy text names what changes before the from-marker: `将股票交易印花税由…0.1%，下调至0.0625%`,
or in the clause before when its own clause opens with the marker or a time phrase
(`…合共借款上限，将由现时的5000亿元上调至7000亿元`, `…物业价值上限，即日起由300万元，提高至
400万元`). Words the first reading took from past the marker (`由现行买卖双方各付`) are none of it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import regex

from qdextract.extract.attribution.nouns import HAN_RUN, tagged, time_words
from qdextract.models import Claim

_MARKERS = "由从"
_LEADING = regex.compile(r"^(?:将|把|并把|并将|会|将会)")
_DIGIT = regex.compile(r"\d")
_NOT_OPENING = ("v", "p", "d", "c", "r", "u", "m", "q", "f", "t")  # (jieba tags `上限` a verb: only the opening word is asked)


def from_to_measure(c: Claim, sent: Any, at: int, max_chars: int) -> Claim:
    """The claim, its metric the noun phrase naming what goes from one figure to the other, when
    the first reading found none or ran past the from-marker."""
    if c.from_value is None or c.origin == "table" or at >= len(sent.text) or sent.text[at] not in _MARKERS:
        return c
    m = c.metric_norm
    if m is not None and not (m.endswith(sent.text[at]) or sent.text[at:at + 2] in m):
        return c  # (`直播从业人员从1.2万人增加到…`: a marker inside a word is none)
    spans = [span for span in sent.clauses if span[0] <= at]
    cs = spans[-1][0] if spans else 0
    head = _LEADING.sub("", sent.text[cs:at].strip(" ，,"))
    if head and not time_words(head) and not (head.endswith("起") and len(head) <= 4):  # `即日起`
        measure = head
    elif len(spans) >= 2:  # the clause names nothing: what the clause before ends with
        before = sent.text[spans[-2][0]:spans[-2][1]].strip(" ，,")
        measure = _LEADING.sub("", before[before.rfind("的") + 1:])
    else:
        return c
    if not (2 <= len(measure) <= max_chars) or not HAN_RUN.fullmatch(measure) or _DIGIT.search(measure) \
            or tagged(measure)[0][1] in _NOT_OPENING:
        return c
    return dataclasses.replace(c, metric=measure, metric_norm=measure)
