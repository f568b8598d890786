"""One Pandera model per output table: the column contract data engineers rely on.

Column order, dtypes, nullability and allowed values here are the contract; `schemas/*.yaml`
is exported from these models and checked against them by a test.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.extensions as extensions
import pandera.pandas as pa
from pandera.typing import Series

from qdextract.models import (
    DIRECTIONS,
    DUP_KINDS,
    ENTITY_LABELS,
    KINDS,
    MODALITIES,
    ORIGINS,
    PASSAGE_KINDS,
    QUALIFIERS,
    QUANTITY_KINDS,
    QUANTITY_ROLES,
    SCRIPTS,
    SEVERITIES,
    VALUE_ROLES,
)
from qdextract.periods import FIRST_YEAR, LAST_YEAR, PERIOD_PATTERN


@extensions.register_check_method(statistics=["start", "end"], supported_types=pd.DataFrame)
def span_ordered(df: pd.DataFrame, *, start: str, end: str) -> pd.Series:
    """A span is never empty: start < end."""
    return df[start] < df[end]


@extensions.register_check_method(statistics=["low", "high"], supported_types=pd.DataFrame)
def bounds_ordered(df: pd.DataFrame, *, low: str, high: str) -> pd.Series:
    """value_low <= value_high wherever both are known."""
    return df[low].isna() | df[high].isna() | (df[low] <= df[high])


class _Table(pa.DataFrameModel):
    class Config:
        coerce = True
        strict = True
        ordered = True


class Documents(_Table):
    doc_id: Series[str] = pa.Field(unique=True, str_matches=r"^d_[0-9a-f]{16}(-[0-9a-f]{6})?$")
    source_path: Series[str]
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    encoding: Series[str] = pa.Field(nullable=True)
    script: Series[str] = pa.Field(nullable=True, isin=list(SCRIPTS))
    n_chars: Series["Int64"] = pa.Field(ge=0)
    n_passages: Series["Int64"] = pa.Field(ge=0)
    n_claims: Series["Int64"] = pa.Field(ge=0)
    status: Series[str] = pa.Field(isin=["ok", "failed"])
    error: Series[str] = pa.Field(nullable=True)


class Passages(_Table):
    passage_id: Series[str] = pa.Field(unique=True)
    doc_id: Series[str]
    section_path: Series[str]
    paragraph_index: Series["Int64"] = pa.Field(ge=0)
    sentence_index: Series["Int64"] = pa.Field(ge=0)
    char_start: Series["Int64"] = pa.Field(ge=0)
    char_end: Series["Int64"] = pa.Field(ge=1)
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    text_norm: Series[str]
    kind: Series[str] = pa.Field(isin=list(PASSAGE_KINDS))
    dup_group: Series[str] = pa.Field(nullable=True)
    # how the passage repeats: exact / near / contained, or boilerplate (set phrases, headings)
    dup_kind: Series[str] = pa.Field(nullable=True, isin=list(DUP_KINDS))
    is_canonical: Series["boolean"]

    class Config:
        span_ordered = {"start": "char_start", "end": "char_end"}


class Claims(_Table):
    claim_id: Series[str] = pa.Field(unique=True)
    doc_id: Series[str]
    passage_id: Series[str]
    section_path: Series[str]
    sentence: Series[str]
    char_start: Series["Int64"] = pa.Field(ge=0)
    char_end: Series["Int64"] = pa.Field(ge=1)
    surface: Series[str] = pa.Field(str_length={"min_value": 1})
    value: Series["Float64"] = pa.Field(nullable=True)
    value_low: Series["Float64"] = pa.Field(nullable=True)
    value_high: Series["Float64"] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(nullable=True)
    unit_surface: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=list(KINDS))
    qualifier: Series[str] = pa.Field(isin=list(QUALIFIERS))
    direction: Series[str] = pa.Field(nullable=True, isin=list(DIRECTIONS))
    value_role: Series[str] = pa.Field(isin=list(VALUE_ROLES))
    from_value: Series["Float64"] = pa.Field(nullable=True)
    yoy: Series["boolean"]
    base_period: Series[str] = pa.Field(nullable=True)
    period: Series[str] = pa.Field(nullable=True, str_matches=PERIOD_PATTERN)
    year: Series["Int64"] = pa.Field(nullable=True, ge=FIRST_YEAR, le=LAST_YEAR)
    modality: Series[str] = pa.Field(isin=list(MODALITIES))
    metric: Series[str] = pa.Field(nullable=True)
    metric_norm: Series[str] = pa.Field(nullable=True)
    subject: Series[str] = pa.Field(nullable=True)
    subject_norm: Series[str] = pa.Field(nullable=True)
    origin: Series[str] = pa.Field(isin=list(ORIGINS))
    dup_group: Series[str] = pa.Field(nullable=True)
    is_canonical: Series["boolean"]

    class Config:
        span_ordered = {"start": "char_start", "end": "char_end"}
        bounds_ordered = {"low": "value_low", "high": "value_high"}


class ClaimsClean(Claims):
    n_occurrences: Series["Int64"] = pa.Field(ge=1)


class Quantities(_Table):
    doc_id: Series[str]
    char_start: Series["Int64"] = pa.Field(ge=0)
    char_end: Series["Int64"] = pa.Field(ge=1)
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    value: Series["Float64"] = pa.Field(nullable=True)
    value_low: Series["Float64"] = pa.Field(nullable=True)
    value_high: Series["Float64"] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=list(QUANTITY_KINDS))
    role: Series[str] = pa.Field(isin=list(QUANTITY_ROLES))
    claim_id: Series[str] = pa.Field(nullable=True)

    class Config:
        span_ordered = {"start": "char_start", "end": "char_end"}
        bounds_ordered = {"low": "value_low", "high": "value_high"}


class Entities(_Table):
    entity_id: Series[str]
    doc_id: Series[str]
    char_start: Series["Int64"] = pa.Field(ge=0)
    char_end: Series["Int64"] = pa.Field(ge=1)
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    text_norm: Series[str]
    label: Series[str] = pa.Field(isin=list(ENTITY_LABELS))

    class Config:
        span_ordered = {"start": "char_start", "end": "char_end"}


class Findings(_Table):
    finding_id: Series[str] = pa.Field(unique=True)
    kind: Series[str]
    severity: Series[str] = pa.Field(isin=list(SEVERITIES))
    doc_ids: Series[str]
    refs: Series[str]
    message: Series[str]


class Rejected(_Table):
    table: Series[str]
    row: Series[str]
    check: Series[str]
    reason: Series[str]


SCHEMAS: dict[str, type[_Table]] = {
    "documents": Documents,
    "passages": Passages,
    "claims": Claims,
    "claims_clean": ClaimsClean,
    "quantities": Quantities,
    "entities": Entities,
    "findings": Findings,
    "rejected": Rejected,
}
# Tables whose rows point into a document's text, and the id column that must be unique.
SPAN_TABLES = ("passages", "claims", "claims_clean", "quantities", "entities")
ID_COLUMNS = {
    "documents": "doc_id", "passages": "passage_id", "claims": "claim_id",
    "claims_clean": "claim_id", "findings": "finding_id",
}


def columns(table: str) -> list[str]:
    return list(SCHEMAS[table].to_schema().columns)


def empty_frame(table: str) -> pd.DataFrame:
    """A zero-row frame with the table's columns and dtypes."""
    schema = SCHEMAS[table].to_schema()
    return schema.coerce_dtype(pd.DataFrame({c: pd.Series([], dtype="object") for c in schema.columns}))


def schema_yaml(table: str) -> str:
    return SCHEMAS[table].to_schema().to_yaml() or ""


def export_schemas(folder: Path) -> list[Path]:
    """Write `schemas/NAME.yaml` for every table (run `python -m qdextract.output.schemas`)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in SCHEMAS:
        path = folder / f"{table}.yaml"
        path.write_text(schema_yaml(table), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in export_schemas(Path(__file__).resolve().parents[3] / "schemas"):
        print(p)
