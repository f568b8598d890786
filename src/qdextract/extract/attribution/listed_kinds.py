"""Industries listed as examples of a set at the head of a figure's clause are whom it is about:
`茶叶、食用菌、林竹等十大乡村特色产业全产业链总产值突破3万亿元`, `集成电路、生物医药、人工智能三大
先导产业规模突破2万亿元`, `计算机通信、航空航天制造等新兴产业税收增长30%以上`. The listed names are
the subject (`A、B、C等X` -> `A、B、C`), the set's kind word is not. Word lists: `data/attribution.yaml`."""

from __future__ import annotations

import dataclasses
from functools import cache

import regex

from qdextract.extract.attribution.nouns import tagged
from qdextract.models import Claim
from qdextract.text.normalize import norm
from qdextract.zh.lexicon import cues, longest_first


@cache
def _pattern(skip: str, kinds: tuple[str, ...]) -> regex.Pattern[str]:
    # two names or more listed with `、`, then `等` and/or a count of the set (`7大`, `三大`), a few
    # words that qualify the set, and its kind word; what follows up to the figure is the measure
    item = r"[^\W\d_、的“”\"「」（）()]{2,14}?"
    count = r"[\d一二三四五六七八九十两]+大"
    return regex.compile(
        rf"\s*{skip}(?P<items>{item}(?:、{item})+?)(?:等(?:{count})?|{count})"
        rf"[^\W\d_、]{{0,8}}?(?P<kind>{longest_first(kinds)})(?P<measure>[^\d、，,；;。：:]*)")


def listed_kinds_subject(c: Claim, sent, at: int, data) -> Claim:
    """The claim with the kinds listed at its clause head as subject, when it has none, its clause
    lists them before a measure of theirs (no `分别`, which pairs each figure with one of them,
    and no share of a whole: `食品、石化、医药、信息等重点产业增加值占比`, one share of them all)."""
    if c.subject_norm is not None or c.origin == "table":
        return c
    cs = max((s for s, _ in sent.clauses if s <= at), default=0)
    head = sent.text[cs:at]
    if "、" not in head or "分别" in head or not any(k in head for k in data.listed_kinds):
        return c
    found = _pattern(data.agent_head_skip, tuple(data.listed_kinds)).match(sent.text, cs, at)
    if found is None or found.end() != at:
        return c
    measure = found.group("measure")
    if any(w in measure for w in cues().share_nouns):
        return c
    first = tagged(found.group("items"))
    if not first or first[0][1] in data.agent_not_opening_tags:
        return c  # (`推动集成电路、生物医药等产业…`: a verb opens the clause, the list is its object)
    raw = sent.passage.text[found.start("items"):found.end("items")]
    c = dataclasses.replace(c, subject=raw, subject_norm=norm(raw))
    return _measure_after_kind(c, sent.text, found.group("kind"), found.end("kind"), at)


def _measure_after_kind(c: Claim, text: str, kind: str, kind_end: int, at: int) -> Claim:
    """The metric without the names and the set's kind word it was read with
    (`新能源汽车等7大产业集群对工业贡献率` -> 对工业贡献率): what is measured of them."""
    m = c.metric_norm or ""
    k = m.find(kind)
    while k >= 0:  # (the set's kind word, not one inside the measure: `…产业全产业链总产值`)
        tail = m[k + len(kind):]
        if len(tail) >= 2 and text.startswith(tail, kind_end, at):
            return dataclasses.replace(c, metric=tail, metric_norm=tail)
        k = m.find(kind, k + 1)
    return c
