"""Table frames: rows as plain dicts (`output.tables.records`), frames conformed to their schemas."""

import math
from pathlib import Path

import pandas as pd
import pandera.errors
import pyarrow as pa
import pytest

from qdextract.models import Document
from qdextract.output.schemas import SCHEMAS, columns
from qdextract.output.tables import build_tables, conform, records
from qdextract.run.pipeline import analyse_document


def test_records_hold_every_value_with_none_for_missing_ones():
    df = pd.DataFrame({"id": ["a", "b", None], "value": [1.5, None, 3.0],
                       "n": pd.array([1, None, 3], dtype="Int64"), "ok": pd.array([True, None, False], dtype="boolean")})
    rows = records(df)
    assert rows == pa.Table.from_pandas(df, preserve_index=False).to_pylist()
    assert rows[1] == {"id": "b", "value": None, "n": None, "ok": None}
    assert not any(isinstance(v, float) and math.isnan(v) for r in rows for v in r.values())


def test_equal_strings_of_a_column_are_one_object():
    """The claims of a passage share its sentence: held once, not once per claim."""
    sentence = "全省地区生产总值增长5%，一般公共预算收入增长3%。"
    df = pd.DataFrame({"sentence": [sentence, sentence, "另一句。"], "surface": ["5%", "3%", "1%"]})
    rows = records(df)
    assert rows[0]["sentence"] is rows[1]["sentence"] and rows[0]["sentence"] == sentence
    assert rows[0].keys() == rows[2].keys() and list(rows[0]) == ["sentence", "surface"]


def test_no_rows():
    assert records(pd.DataFrame({"a": []})) == []


def test_conform_gives_what_panderas_own_coercion_gives():
    text = (Path(__file__).resolve().parents[2] / "raw" / "qingdao_livestream_report.txt").read_text("utf-8")
    result = analyse_document(Document(doc_id="d", source_path="d", sha256="", encoding="str", text=text, script=""))
    for name, df in build_tables([result]).items():
        for given in (df, df.astype(object)):  # typed columns, and the plain objects a stage may build
            if given.empty:
                continue
            expected = SCHEMAS[name].to_schema().coerce_dtype(given.reindex(columns=columns(name)).reset_index(drop=True))
            pd.testing.assert_frame_equal(conform(name, given), expected, check_exact=True)


def test_conform_reports_a_value_that_cannot_be_coerced():
    with pytest.raises((pandera.errors.SchemaError, pandera.errors.SchemaErrors)):
        conform("documents", pd.DataFrame({"n_chars": ["many"]}))
