"""The programme a figure falls under: `每年在「政府可持续债券计划」及「基础建设债券计划」下发行债券…
1500亿元至1950亿元`, `债券计划下的7000亿元借款上限`. What is done or set under a programme is that
programme's, whoever acts. Word lists: `data/attribution.yaml`."""

from __future__ import annotations

import dataclasses
from functools import cache

import regex

from qdextract.extract.attribution.nouns import tagged
from qdextract.models import Claim
from qdextract.text.normalize import norm
from qdextract.zh.lexicon import longest_first


@cache
def _pattern(endings: tuple[str, ...], joiners: tuple[str, ...], under: tuple[str, ...]) -> regex.Pattern[str]:
    name = rf"[「“\"]?(?P<name>[^，,；;。：:「」“”\"\d、和及在]{{0,14}}(?:{longest_first(endings)}))[」”\"]?"
    return regex.compile(rf"{name}(?:(?:{longest_first(joiners)}){name})*(?:{longest_first(under)})")


def programme_subject(c: Claim, sent, at: int, data) -> Claim:
    """The claim with the programme(s) it falls under as subject, when its clause (or the clause
    before, which one opening with `其中` goes on from) says so before the figure."""
    if c.origin == "table":
        return c
    starts = [s for s, _ in sent.clauses if s <= at]
    if not starts:
        return c
    lo = starts[-1]
    if len(starts) > 1 and sent.text.startswith(tuple(data.continuation_openers), lo):
        lo = starts[-2]
    pattern = _pattern(tuple(data.programme_endings), tuple(data.programme_joiners), tuple(data.programme_under))
    found = None
    for m in pattern.finditer(sent.text, lo, at):
        found = m
    if found is None:
        return c
    base = sent.passage.text
    names = [base[s + _lead(sent.text[s:e], tuple(data.subject_verb_tags)):e] for s, e in found.spans("name")]
    raw = "、".join(names)
    return dataclasses.replace(c, subject=raw, subject_norm=norm(raw))


def _lead(name: str, verb_tags: tuple[str, ...]) -> int:
    """How many characters of words of the clause (`不会超出`: verbs, adverbs) open the name."""
    k = 0
    for word, flag in tagged(name):
        if flag not in verb_tags:
            break
        k += len(word)
    return k
