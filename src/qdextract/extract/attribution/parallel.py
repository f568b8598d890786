"""Parallel clauses that name only the holder: `电动私家车平均每年牌照费约1200元，汽油车约7600元`,
`有色金属产业年产值超4千亿元，钢铁、食品加工产业超3千亿元`.

The second clause names whom its figure is about and leaves the measure to the first; that tells
where the first clause's holder ends and its measure starts (at a word ending as the second
holder ends: 私家`车` / 汽油`车`, 金属`产业` / 加工`产业`). Both figures get that measure, and each
its own holder as subject.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import regex

from qdextract.models import Claim
from qdextract.text.segment import word_bounds

_HOLDER = regex.compile(r"(?P<holder>\p{Han}[\p{Han}、和及与]{1,22}\p{Han})(?:约|超|近|逾|超过|达|为)?\s*")


def parallel_holders(c: Claim, before: Claim, sent: Any, at: int, min_measure: int = 2) -> tuple[Claim, Claim] | None:
    """(the claim before, this claim) with holders and measure read from the parallel, or None
    when this claim's clause is not a holder alone before its figure, parallel to the one before."""
    prior = before.metric_norm
    if not prior or c.subject_norm is not None or c.origin != before.origin or c.kind == "count" \
            or (c.kind, c.unit) != (before.kind, before.unit):  # (a noun before a count is what is counted)
        return None
    cs = max((s for s, _ in sent.clauses if s <= at), default=0)
    base = sent.passage.char_start
    if before.char_end - base > cs:  # the figure before stands in another clause
        return None
    found = _HOLDER.fullmatch(sent.text, cs, at)
    if found is None or c.metric_norm not in (None, found.group("holder")):
        return None
    holder = found.group("holder")
    if before.subject_norm is not None:  # a third holder of the chain: the measure the second took
        bs = max((s for s, _ in sent.clauses if s <= before.char_start - base), default=0)
        said = _HOLDER.fullmatch(sent.text, bs, before.char_start - base)
        if said is None or said.group("holder") != before.subject_norm:
            return None
        return before, dataclasses.replace(c, subject=holder, subject_norm=holder, metric=before.metric,
                                           metric_norm=prior)
    ends = holder[-2:] if holder[-2:] in prior else holder[-1]
    bounds = word_bounds(prior)
    cut = next((k for k in sorted(bounds) if k >= 2 and prior[:k].endswith(ends) and len(prior) - k >= min_measure),
               None)
    if cut is None or prior[:cut] == holder:
        return None
    measure = prior[cut:]
    first = dataclasses.replace(before, subject=prior[:cut], subject_norm=prior[:cut], metric=measure,
                                metric_norm=measure)
    return first, dataclasses.replace(c, subject=holder, subject_norm=holder, metric=measure, metric_norm=measure)
