"""A group or organisation acting before a doing verb is the subject of what it did:
`失业人员实现再就业10万人`, `全市博物馆、美术馆举办文化展览1565场`, and after a verb that makes it
act, `促进金融机构发放科技型企业知识价值信用贷款1110亿元`. Word lists: `data/attribution.yaml`."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import regex

from qdextract.extract.attribution.nouns import tagged
from qdextract.models import Claim
from qdextract.text.normalize import norm
from qdextract.zh.lexicon import longest_first


@cache
def _agent_patterns(heads: tuple[str, ...], deeds: tuple[str, ...], causes: tuple[str, ...],
                    skip: str, gap: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    # a name is a short run of letters without a figure, a break or a `的` (which would make it the
    # owner of a measure, not an actor; `的士` is a word), ending in a head word; names may be
    # listed with `、`; the head of a clause opening with a verb that makes someone act is not a name
    name = rf"(?:[^\W\d_、的]|的(?=士)){{0,10}}?(?:{longest_first(heads)})"
    agent = rf"(?P<agent>{name}(?:、{name})*)(?:{gap})(?:{longest_first(deeds)})"
    return (regex.compile(rf"\s*{skip}(?!{longest_first(causes)}){agent}"),
            regex.compile(rf"(?:{longest_first(causes)}){agent}"))


def agent_subject(c: Claim, sent: Any, at: int, data) -> Claim:
    """The claim with the group acting in its clause as subject, when it has none, one carried
    from an earlier clause (`政府会…推出3亿元资助计划，预计可推动业界…累计装置3000个…充电桩`) or one
    named before the group in the clause."""
    if c.origin == "table":
        return c
    cs = max((s for s, _ in sent.clauses if s <= at), default=0)
    named = sent.text.rfind(c.subject_norm, cs, at) if c.subject_norm else -1
    head, caused = _agent_patterns(tuple(data.agent_heads), tuple(data.agent_deeds), tuple(data.agent_causes),
                                   data.agent_head_skip, data.agent_gap)
    found = head.match(sent.text, cs, at)
    if found is not None and tagged(found.group("agent"))[0][1] in data.agent_not_opening_tags:
        found = None  # (`预计可推动业界…`: a verb opens the clause, the group comes after it)
    if found is None:
        found = max((m for m in caused.finditer(sent.text, cs, at) if _cause_is_a_verb(sent.text, cs, m.start(), data)),
                    key=lambda m: m.start(), default=None)
    if found is None or found.start("agent") < named:
        # (a subject named after the group stands; one named before it, as in `在新能源运输基金预留
        # 4.7亿元以资助专营巴士营办商购买约600辆`, or carried from an earlier clause yields to it)
        return c
    raw = sent.passage.text[found.start("agent"):found.end("agent")]
    return dataclasses.replace(c, subject=raw, subject_norm=norm(raw))


def _cause_is_a_verb(text: str, cs: int, at: int, data) -> bool:
    """The verb that makes the group act at `at` is a word of its own and no noun runs into it (not
    the `引导` of `省级引导基金`)."""
    k, prev = cs, None
    for word, flag in tagged(text[cs:at + 2]):
        if k == at:
            return prev is None or prev not in data.agent_name_tags
        if k > at:
            return False
        k, prev = k + len(word), flag
    return False
