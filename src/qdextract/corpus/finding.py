"""One finding and the words it is made of: the rules of `data/consistency.yaml`, the finding row,
and how a passage or a claim is named in a message (figure, metric, context, section path)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from qdextract.corpus.grouping import reading_rank
from qdextract.ids import make_id
from qdextract.models import SEVERITIES
from qdextract.output.tables import Record, compact_records, records
from qdextract.zh.rules import check_keys, data_file

FINDING_COLUMNS = ["finding_id", "kind", "severity", "doc_ids", "refs", "message"]
REF_SEPARATOR = ","


@dataclass(frozen=True, slots=True)
class ConsistencyRules:
    severity: dict[str, str]
    partial_min_han: int
    prose_han_share: float
    whole_cues: tuple[str, ...]
    parts_cues: tuple[str, ...]
    share_whole_cue: str
    share_metric_cues: tuple[str, ...]
    total_row_cues: tuple[str, ...]
    summable_qualifiers: tuple[str, ...]
    share_total_tolerance: float
    parts_total_relative: float
    growth_tolerance_points: float
    growth_tolerance_relative: float
    approx_relative: float
    quote_chars: int


@cache
def rules() -> ConsistencyRules:
    fields = set(ConsistencyRules.__dataclass_fields__)
    data = check_keys("consistency.yaml", data_file("consistency.yaml"), fields | {"trust"})
    bad = {k: v for k, v in data["severity"].items() if v not in SEVERITIES}
    if bad:
        raise ValueError(f"consistency.yaml: unknown severities {bad}")
    values: dict[str, Any] = {}
    for name, f in ConsistencyRules.__dataclass_fields__.items():
        raw = data[name]
        kind = str(f.type)
        values[name] = (tuple(raw) if kind.startswith("tuple") else dict(raw) if kind.startswith("dict")
                        else int(raw) if kind == "int" else float(raw) if kind == "float" else raw)
    return ConsistencyRules(**values)


def v(x: Any) -> Any:
    """None for missing values of any kind."""
    if x is None or (not isinstance(x, (str, list, tuple)) and pd.isna(x)):
        return None
    return x


def fmt_number(x: float | None) -> str:
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4g}" if abs(x) >= 1 else f"{x:.4g}"


def quote(text: str) -> str:
    n = rules().quote_chars
    text = " ".join(str(text).split())
    return f"«{text[:n]}…»" if len(text) > n else f"«{text}»"


def finding(kind: str, severity: str, refs: Iterable[str], doc_ids: Iterable[str], message: str,
            key: Iterable[str] = ()) -> dict:
    """A findings row; its id is a hash of its kind and refs (and `key`, for two findings on the
    same refs: two columns of one table), so a rerun gives the same id."""
    refs = list(dict.fromkeys(refs))
    return {
        "finding_id": make_id("f", kind, *refs, *key),
        "kind": kind,
        "severity": severity,
        "doc_ids": REF_SEPARATOR.join(dict.fromkeys(doc_ids)),
        "refs": REF_SEPARATOR.join(refs),
        "message": message,
    }


def where(row: dict) -> str:
    """Where a passage or claim stands: its section path (or its document before any heading)."""
    return f"[{row.get('section_path') or row.get('doc_id')}]"


def claim_label(c: dict) -> str:
    """A claim as people read it: figure, what it measures, its context and where it stands."""
    context = [f"metric {c['metric_norm']}" if v(c.get("metric_norm")) else "metric ?"]
    if v(c.get("subject_norm")):
        context.append(f"subject {c['subject_norm']}")
    context.append(f"period {c['period']}" if v(c.get("period")) else "period ?")
    if c.get("modality") not in (None, "actual"):
        context.append(str(c["modality"]))
    return f"{c['surface']} ({', '.join(context)}) in {where(c)}"


def ordered_records(frame: pd.DataFrame, doc_order: Iterable[str], columns: Iterable[str] | None = None,
                    compact: bool = False) -> list[Record]:
    """The rows in reading order, as dicts, or as tuples read by name when `compact` (for as
    many rows as a corpus has)."""
    rank = reading_rank(frame, doc_order=doc_order).to_numpy()
    part = frame if columns is None else frame[[c for c in columns if c in frame]]
    ranked = part.assign(_rank=rank).sort_values("_rank")
    return (compact_records if compact else records)(ranked if columns is None else ranked.drop(columns="_rank"))


def frame_of(findings: Iterable[dict], chunk: int = 50_000) -> pd.DataFrame:
    """Findings as a frame, built a chunk at a time: a large corpus has hundreds of thousands, and
    their dicts cost several times their Arrow-backed columns."""
    parts, found = [], iter(findings)
    while rows := list(itertools.islice(found, chunk)):
        parts.append(pd.DataFrame(rows, columns=FINDING_COLUMNS).astype({c: "str" for c in FINDING_COLUMNS}))
    if not parts:
        return pd.DataFrame(columns=FINDING_COLUMNS).astype({c: "str" for c in FINDING_COLUMNS})
    return pd.concat(parts, ignore_index=True)


__all__ = [
    "FINDING_COLUMNS", "REF_SEPARATOR", "ConsistencyRules", "claim_label", "finding", "fmt_number",
    "frame_of", "ordered_records", "quote", "rules", "v", "where",
]
