"""Figures a report's prose restates from its own tables.

A commentary under a table names a row and repeats its cell (`北京（22.04%）、上海（16.43%）…` under
`| 省份 | 总人数 | 全国占比 |`): the text writes no measure, the table's column header is it. A prose
claim with a subject and no metric takes the metric of the one earlier table cell of the same
row subject, value and unit; a figure two cells of that row share stays without one.
"""

from __future__ import annotations

import dataclasses

from qdextract.models import Claim

_AMBIGUOUS = ""


def with_cited_metrics(claims: list[Claim]) -> list[Claim]:
    """The claims in their order, prose figures that restate an earlier table cell given its metric."""
    cells: dict[tuple[str, float, str | None], str] = {}
    cell_metrics: dict[str, str | None] = {}
    out: list[Claim] = []
    for c in claims:
        if c.origin == "table":
            if c.subject_norm and c.value is not None and c.metric_norm:
                key = (c.subject_norm, c.value, c.unit)
                cells[key] = c.metric_norm if cells.get(key, c.metric_norm) == c.metric_norm else _AMBIGUOUS
                cell_metrics[c.metric_norm] = c.metric
            out.append(c)
            continue
        cited = cells.get((c.subject_norm, c.value, c.unit)) if c.metric_norm is None and c.subject_norm \
            and c.value is not None else None
        if cited:
            c = dataclasses.replace(c, metric=cell_metrics[cited] or cited, metric_norm=cited)
        out.append(c)
    return out
