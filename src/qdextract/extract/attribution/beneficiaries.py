"""Whom a figure is given to: `每年可为政府带来15亿至20亿港元收入`, `为中小学和幼稚园学生提供2500元
学生津贴`, `政府向领取社会保障金的合资格人士，发放金额相当于半个月…`. The one who receives what is
brought, provided or paid out is the subject of that figure, not the one who gives it. Word lists:
`data/attribution.yaml`."""

from __future__ import annotations

import dataclasses
from functools import cache

import regex

from qdextract.models import Claim
from qdextract.text.normalize import norm
from qdextract.zh.lexicon import longest_first


@cache
def _pattern(markers: tuple[str, ...], verbs: tuple[str, ...], max_chars: int) -> regex.Pattern[str]:
    # the receiver is a short run without a figure or a break, ending right before the verb (the
    # `，` after a long receiver only sets it off: `…合资格人士，发放`)
    who = rf"(?P<who>[^，,；;。：:！？!?\d、]{{2,{max_chars}}}?)"
    return regex.compile(rf"(?:{longest_first(markers)}){who}[，,]?(?:{longest_first(verbs)})")


def beneficiary_subject(c: Claim, sent, at: int, data) -> Claim:
    """The claim with the receiver of what its verb gives as subject, when the figure follows that
    verb closely in its clause (or opens the clause right after the receiver's)."""
    if c.origin == "table":
        return c
    starts = [s for s, _ in sent.clauses if s <= at]
    if not starts:
        return c
    lo = starts[-2] if len(starts) > 1 else starts[-1]
    pattern = _pattern(tuple(data.beneficiary_markers), tuple(data.beneficiary_verbs),
                       int(data.beneficiary_max_chars))
    found = None
    for m in pattern.finditer(sent.text, lo, at):
        if m.end() >= starts[-1] and at - m.end() <= data.beneficiary_gap_chars:
            found = m
    if found is None:
        return c
    who = found.group("who")
    if regex.search(r"[\d□]", who):
        return c
    place = data.area_back_references.get(who)
    if place is not None:
        if place in ("province", "prefecture", "region"):
            return c
        who = place  # `为本港带来`: the place the word names
    raw = who if place is not None else sent.passage.text[found.start("who"):found.end("who")]
    return dataclasses.replace(c, subject=raw, subject_norm=norm(raw))
