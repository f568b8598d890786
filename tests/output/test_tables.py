"""Rows of a table as plain dicts (`output.tables.records`)."""

import math

import pandas as pd
import pyarrow as pa

from qdextract.output.tables import records


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
