"""Validate every table with its Pandera model; rows that break a rule go to `rejected`, never lost.

valid rows + rejected rows == produced rows, for every table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from qdextract.output.schemas import ID_COLUMNS, SCHEMAS, SPAN_TABLES


@dataclass(frozen=True, slots=True)
class Rejection:
    table: str
    index: object
    check: str
    reason: str


def _row_json(row: pd.Series) -> str:
    return json.dumps({k: (None if pd.isna(v) else v) if not isinstance(v, (list, dict)) else v
                       for k, v in row.items()}, ensure_ascii=False, default=str)


def _duplicate_ids(table: str, df: pd.DataFrame) -> list[Rejection]:
    """Every copy of an id after its first: the first row stands, the others are rejected."""
    col = ID_COLUMNS.get(table)
    if col is None or col not in df.columns:
        return []
    dup = df[col].duplicated(keep="first") & df[col].notna()
    return [Rejection(table, i, "unique_id", f"{col} {df.at[i, col]!r} already used by an earlier row")
            for i in df.index[dup]]


def _spans_outside(table: str, df: pd.DataFrame, doc_lengths: dict[str, int]) -> list[Rejection]:
    if table not in SPAN_TABLES or df.empty:
        return []
    n_chars = df["doc_id"].map(doc_lengths)
    bad = n_chars.isna() | (pd.to_numeric(df["char_end"], errors="coerce") > n_chars)
    return [Rejection(table, i, "offsets_within_document",
                      f"span {df.at[i, 'char_start']}..{df.at[i, 'char_end']} is outside document "
                      f"{df.at[i, 'doc_id']} ({'unknown' if pd.isna(n_chars[i]) else int(n_chars[i])} chars)")
            for i in df.index[bad.fillna(True).astype(bool)]]


def _schema_failures(table: str, df: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Rejection]]:
    """(the validated frame when every row passes, else None; the failures)."""
    try:
        return SCHEMAS[table].validate(df, lazy=True), []
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    out = []
    for _, case in cases.iterrows():
        index = case["index"]
        if pd.isna(index):  # a table-level failure (a missing column): every row fails with it
            out.extend(Rejection(table, i, str(case["check"]), f"{case['column']}: {case['check']}") for i in df.index)
            continue
        col = case["column"] if not pd.isna(case["column"]) else table
        out.append(Rejection(table, index, str(case["check"]),
                             f"{col} = {case['failure_case']!r} fails {case['check']}"))
    return None, out


def validate_table(table: str, df: pd.DataFrame, doc_lengths: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(valid rows coerced to the schema, rejected rows with check and reason)."""
    if not df.index.equals(pd.RangeIndex(len(df))):
        df = df.reset_index(drop=True)
    rejections = _duplicate_ids(table, df) + _spans_outside(table, df, doc_lengths)
    rest = df.drop(index=list({r.index for r in rejections})) if rejections else df
    checked, failures = _schema_failures(table, rest)
    rejections += failures
    if not rejections:  # the common case: validated once, no copies of a large table
        valid = checked.reset_index(drop=True)
    else:
        rejected_idx = {r.index for r in rejections}
        valid = SCHEMAS[table].validate(df.drop(index=list(rejected_idx)).reset_index(drop=True))
    by_row: dict[object, list[Rejection]] = {}
    for r in rejections:
        by_row.setdefault(r.index, []).append(r)
    rejected = pd.DataFrame(
        [{"table": table, "row": _row_json(df.loc[i]),
          "check": "; ".join(sorted({r.check for r in rs})),
          "reason": "; ".join(dict.fromkeys(r.reason for r in rs))} for i, rs in sorted(by_row.items(), key=lambda kv: str(kv[0]))],
        columns=["table", "row", "check", "reason"],
    )
    return valid, rejected


def validate_tables(tables: dict[str, pd.DataFrame], consume: bool = False) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Every table validated; returns (valid tables, all rejected rows). With consume=True each table
    is taken out of `tables` as it is validated, so a large run never holds two copies of them all."""
    docs = tables["documents"]
    doc_lengths = dict(zip(docs["doc_id"], docs["n_chars"].astype("int64"))) if not docs.empty else {}
    valid: dict[str, pd.DataFrame] = {}
    rejected_parts = [tables["rejected"]] if "rejected" in tables and not tables["rejected"].empty else []
    for table in list(tables):
        if table == "rejected":
            continue
        df = tables.pop(table) if consume else tables[table]
        valid[table], rejected = validate_table(table, df, doc_lengths)
        del df
        if not rejected.empty:
            rejected_parts.append(rejected)
    rejected_all = (pd.concat(rejected_parts, ignore_index=True) if rejected_parts
                    else pd.DataFrame(columns=["table", "row", "check", "reason"]))
    valid["rejected"] = SCHEMAS["rejected"].validate(rejected_all)
    return valid, valid["rejected"]
