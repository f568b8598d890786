import json

import pytest

from qdextract.output.schemas import SCHEMAS, empty_frame
from qdextract.output.tables import frame
from qdextract.output.validate import validate_table, validate_tables


def _passage(i, start, end, text="句子。", doc="d_0000000000000001"):
    return {"passage_id": f"p{i}", "doc_id": doc, "section_path": "", "paragraph_index": 0, "sentence_index": i,
            "char_start": start, "char_end": end, "text": text, "text_norm": text, "kind": "sentence", "dup_group": None,
            "is_canonical": True}


def test_bad_rows_go_to_rejected_and_none_vanish():
    rows = [
        _passage(0, 0, 3),
        _passage(1, 5, 4),            # start after end
        _passage(2, 6, 9, text=""),   # empty text
        _passage(0, 9, 12),           # duplicate id: the first stands
        _passage(4, 20, 200),         # outside the document
        _passage(5, 12, 15, doc="d_ffffffffffffffff"),  # unknown document
    ]
    valid, rejected = validate_table("passages", frame("passages", rows), {"d_0000000000000001": 100})
    assert list(valid["passage_id"]) == ["p0"]
    assert len(valid) + len(rejected) == len(rows)
    checks = list(rejected["check"])
    assert any("span_ordered" in c for c in checks)
    assert any("str_length" in c for c in checks)
    assert "unique_id" in checks
    assert checks.count("offsets_within_document") == 2
    for row in rejected["row"]:
        assert json.loads(row)["passage_id"].startswith("p")


def test_validate_tables_counts_add_up():
    tables = {name: empty_frame(name) for name in SCHEMAS}
    tables["documents"] = frame("documents", [{
        "doc_id": "d_0000000000000001", "source_path": "a.txt", "sha256": "0" * 64, "encoding": "utf-8",
        "script": "simplified", "n_chars": 10, "n_passages": 1, "n_claims": 0, "status": "ok", "error": None}])
    tables["passages"] = frame("passages", [_passage(0, 0, 3), _passage(1, 0, 30)])
    valid, rejected = validate_tables(tables)
    assert len(valid["passages"]) == 1 and len(rejected) == 1
    assert rejected.iloc[0]["table"] == "passages"


def test_allowed_values_enforced():
    row = {c: None for c in SCHEMAS["claims"].to_schema().columns}
    row.update(claim_id="c1", doc_id="d", passage_id="p", section_path="", sentence="s", char_start=0, char_end=1,
               surface="1", kind="money", qualifier="roughly", value_role="level", yoy=False, modality="actual",
               is_canonical=True)
    valid, rejected = validate_table("claims", frame("claims", [row]), {"d": 5})
    assert valid.empty and "isin" in rejected.iloc[0]["check"]


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_empty_tables_validate(table):
    assert SCHEMAS[table].validate(empty_frame(table)).empty
