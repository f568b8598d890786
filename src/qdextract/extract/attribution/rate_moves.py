"""A count of rate moves is the body's that moves the rate: `市场料联储局今年减息4次`,
`市场对美国联储局减息的预期不断升温，普遍预期今年将减息4次`. The body (an organisation) named right
before the same verb in the sentence is the subject. Word lists: `data/attribution.yaml`."""

from __future__ import annotations

import dataclasses
from functools import cache

import regex

from qdextract.models import Claim
from qdextract.text.normalize import norm
from qdextract.zh.lexicon import longest_first


@cache
def _gap(words: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile(rf"\s*(?:{longest_first(words)})*")


def rate_move_subject(c: Claim, sent, at: int, data) -> Claim:
    """The claim with the organisation that moves the rate as subject and the move as metric, when
    it has no subject and the figure counts the moves of the verb right before it."""
    if c.subject_norm is not None or c.origin == "table":
        return c
    head = sent.text[:at].rstrip(" *")
    verb = next((v for v in data.rate_move_verbs if head.endswith(v)), None)
    if verb is None:
        return c
    base = sent.passage.char_start
    gap = _gap(tuple(data.rate_move_gap))
    for e in reversed(sent.entities):
        end = e.char_end - base
        if e.label != "ORG" or end > at - len(verb):
            continue
        if sent.text.startswith(verb, gap.match(sent.text, end).end()):
            # the moves counted are the measure (`联储局减息`, `普遍预期将减息` -> 减息)
            metric = verb if (c.metric_norm or verb).endswith(verb) else c.metric_norm
            return dataclasses.replace(c, subject=e.text, subject_norm=norm(e.text), metric=metric, metric_norm=metric)
    return c
