"""Residents heading their income measure (`城镇居民人均可支配收入`) are whom the figure is about.

A sentence opening with the document's own place (`全省…`) gives its figures that place; a list of
residents distributed over figures (`城镇居民、农村居民人均可支配收入分别增长4.5%、5.7%`) names for
each a group of its people, closer to the figure: the group is the subject and the rest the metric,
as the claims stage reads a resident measure that no place heads (words: `data/cues.yaml`,
`resident_groups`, `resident_measures`).
"""

from __future__ import annotations

import dataclasses

from qdextract.models import Claim


def resident_subjects(claims: list[Claim], placed: set[str]) -> list[Claim]:
    """The claims, those given a place by a back-reference (`placed`: their claim ids) whose metric is
    a resident group and its measure given the group as subject instead."""
    from qdextract.extract.claims.patterns import (
        _patterns,  # (the claims stage imports this package)
    )
    pattern = _patterns().resident_measure
    out = []
    for c in claims:
        metric = c.metric_norm or ""
        m = pattern.fullmatch(metric) if c.claim_id in placed else None
        if m is not None:
            group, measure = m.group("group"), m.group("measure")
            raw = c.metric or ""
            same = len(raw) == len(metric)
            c = dataclasses.replace(c, subject=raw[:len(group)] if same else group, subject_norm=group,
                                    metric=raw[len(group):] if same else measure, metric_norm=measure)
        out.append(c)
    return out
