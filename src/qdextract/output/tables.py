"""DataFrames for every output table, from the per-document results (column order from the schemas)."""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterable
from functools import cache
from typing import Any, Protocol

import pandas as pd
import pyarrow as pa
from pandera.errors import SchemaError

from qdextract.models import DocumentResult
from qdextract.output.schemas import SCHEMAS, columns, empty_frame

TABLES = tuple(SCHEMAS)


def frame(table: str, rows: Iterable[dict]) -> pd.DataFrame:
    """Rows as the table's frame: its columns in order, its dtypes; missing columns are null."""
    rows = list(rows)
    if not rows:
        return empty_frame(table)
    return conform(table, pd.DataFrame.from_records(rows))


def conform(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """A frame reshaped to the table: its columns in order (missing ones null), its dtypes."""
    if df.empty:
        return empty_frame(table)
    cols = columns(table)
    df = df.reindex(columns=cols).reset_index(drop=True)
    coercers = _column_coercers(table)
    if coercers is None:
        return SCHEMAS[table].to_schema().coerce_dtype(df)
    out = df.copy(deep=False)
    try:
        for name, column in coercers:
            out[name] = column.coerce_dtype(out[name])
    except SchemaError:  # pandera's own pass, which reports every column that cannot be coerced
        return SCHEMAS[table].to_schema().coerce_dtype(df)
    return out


@cache
def _column_coercers(table: str) -> tuple[tuple[str, Any], ...] | None:
    """Each column's schema set to coerce, as pandera's `coerce_dtype` prepares it, made once: pandera
    deep-copies every column's schema on each call, which costs more than coercing a small frame.
    None when the schema needs pandera's whole pass (a frame dtype, an index, regex columns, parsers)."""
    schema = SCHEMAS[table].to_schema()
    if schema.dtype is not None or schema.index is not None:
        return None
    out = []
    for name, column in schema.columns.items():
        if column.regex or column.parsers:
            return None
        if column.coerce or schema.coerce:
            prepared = copy.deepcopy(column)
            prepared.coerce = True
            out.append((name, prepared))
    return tuple(out)


def _python_columns(df: pd.DataFrame) -> tuple[list[str], list[list]]:
    """The column names and each column's values as Python objects, with None for every missing
    value (through Arrow: several times faster than DataFrame.to_dict on Arrow-backed columns, and
    no NaN/NA to test for). Equal strings of a column are one object: the claims of a passage share
    its sentence, section and ids, which would otherwise be copied into every row a corpus stage
    holds."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            encoded = column.combine_chunks().dictionary_encode()
            distinct = encoded.dictionary.to_pylist() + [None]
            codes = encoded.indices.fill_null(len(distinct) - 1).to_numpy()
            columns.append([distinct[i] for i in codes.tolist()])
        else:
            columns.append(column.to_pylist())
    return [sys.intern(name) for name in table.column_names], columns


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts with None for every missing value (see `_python_columns`)."""
    if df.empty:
        return []
    names, columns = _python_columns(df)
    return [dict(zip(names, row)) for row in zip(*columns)]


class Record(Protocol):
    """A row read by column name: a dict from `records`, a tuple from `compact_records`."""

    def __getitem__(self, name: str) -> Any: ...

    def get(self, name: str, default: Any = None) -> Any: ...


@cache
def _row_class(names: tuple[str, ...]) -> type:
    at = {name: i for i, name in enumerate(names)}
    item = tuple.__getitem__

    class Row(tuple):
        """A row read by column name (`row["value"]`, `row.get("unit")`), held as a tuple: a third
        of a dict's memory, for stages that hold every row of a corpus."""

        __slots__ = ()

        def __getitem__(self, name: str):  # type: ignore[override]
            return item(self, at[name])

        def get(self, name: str, default=None):
            i = at.get(name)
            return default if i is None else item(self, i)

    return Row


def compacted(rows: list[dict]) -> list[Record]:
    """Dict rows that share their keys, in one order, as the records `compact_records` gives."""
    if not rows:
        return []
    row = _row_class(tuple(map(sys.intern, rows[0])))
    return [row(r.values()) for r in rows]


def compact_records(df: pd.DataFrame) -> list[Record]:
    """Rows as read-only records by column name, with None for every missing value: `records`
    for a whole corpus's rows."""
    if df.empty:
        return []
    names, columns = _python_columns(df)
    row = _row_class(tuple(names))
    return [row(values) for values in zip(*columns)]


@cache
def arrow_schema(table: str) -> pa.Schema:
    """The table's columns and types as Arrow has them (from the schema's empty frame)."""
    return pa.Schema.from_pandas(empty_frame(table), preserve_index=False)


def arrow_table(table: str, rows: list[dict]) -> pa.Table:
    """Rows straight into Arrow with the table's schema (missing keys are null): no DataFrame and
    no per-column coercion, which cost more than the analysis for a short document."""
    return pa.Table.from_pylist(rows, schema=arrow_schema(table))


def document_row(r: DocumentResult) -> dict:
    return {
        "doc_id": r.doc_id, "source_path": r.source_path, "sha256": r.sha256,
        "encoding": r.encoding, "script": r.script, "n_chars": r.n_chars,
        "n_passages": len(r.passages), "n_claims": len(r.claims),
        "status": "failed" if r.error else "ok", "error": r.error,
    }


def build_tables(results: list[DocumentResult], names: tuple[str, ...] = TABLES) -> dict[str, pd.DataFrame]:
    """The per-document tables named (all by default); corpus-wide columns (dup_group, findings,
    claims_clean) come later."""
    rows = {
        "documents": lambda: (document_row(r) for r in results),
        "passages": lambda: ({**p.to_dict(), "dup_group": None, "is_canonical": True}
                             for r in results for p in r.passages),
        "claims": lambda: (c.to_dict() for r in results for c in r.claims),
        "quantities": lambda: (q.to_dict() for r in results for q in r.quantities),
        "entities": lambda: (e.to_dict() for r in results for e in r.entities),
    }
    return {name: frame(name, rows[name]()) if name in rows else empty_frame(name) for name in names}
