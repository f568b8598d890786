"""A metric given back the words the sentence grammar read as its subject, when that subject is
found to be none (`全市日均新增科技企业超过320家`: 日均新增科技 is no subject, and the measure
is 日均新增科技企业)."""

from __future__ import annotations

import dataclasses
from typing import Any

from qdextract.extract.attribution.nouns import tagged
from qdextract.models import Claim
from qdextract.text.normalize import norm
from qdextract.zh.lexicon import cues


def with_rejected_head(done: Claim, rejected: str | None, sent: Any, at: int) -> Claim:
    """`done` with `rejected` (a subject dropped as no name) put back before its metric, when the
    sentence writes the two together right before the figure (nothing between them)."""
    m = done.metric_norm
    if done.subject_norm is not None or not rejected or not m or m.startswith(rejected) or not _a_modifier(rejected):
        return done
    before = norm(sent.text[:at])
    k = before.rfind(rejected + m)
    if k < 0 or not _only_verb_or_qualifier(before[k + len(rejected) + len(m):]):
        return done
    joined = rejected + m
    return dataclasses.replace(done, metric=joined, metric_norm=joined)


def _only_verb_or_qualifier(gap: str) -> bool:
    """The words between the metric and the figure: a verb or qualifier of a few characters
    (`超过`, `由`), no other clause."""
    return len(gap.strip(" ")) <= 4 and not any(ch in gap for ch in "，,；;。、")


def _a_modifier(words: str) -> bool:
    """Words that can open a measure: no figure, not opening with a pronoun or a verb other than a
    flow verb (`新增返乡创业市场`; not `这段期间政府`, `国考10市`), not ending in a bare place
    suffix of a piece of the clause (`提请省`, `办理省`)."""
    tokens = tagged(words)
    if len(words) < 2 or any(ch.isdigit() for ch in words) or not tokens:
        return False
    first, first_tag = tokens[0]
    if first_tag == "r" or (first_tag == "v" and first not in cues().metric_flow_verbs):
        return False
    return not (len(tokens) > 1 and len(tokens[-1][0]) == 1 and tokens[-1][1] == "n")
