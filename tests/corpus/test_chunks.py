"""Corpus tables read a few documents at a time: the chunks, the lazy text column, and the
consistency check giving the same findings however the claims are cut."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qdextract.corpus import chunks
from qdextract.corpus.analyse import mark_duplicates
from qdextract.corpus.chunks import TextColumn, document_chunks, passages_by_document, reading_order
from qdextract.corpus.consistency import check_consistency
from qdextract.corpus.dedup import DedupConfig
from qdextract.models import Document
from qdextract.output.tables import build_tables, compact_records, records
from qdextract.run.pipeline import analyse_document

SEED = Path(__file__).resolve().parents[2] / "raw" / "qingdao_livestream_report.txt"


def _frame() -> pd.DataFrame:
    # documents b, a, c, in that reading order; rows out of order within them
    return pd.DataFrame({
        "doc_id": ["a", "b", "a", "c", "b", "a", "c"],
        "char_start": [30, 5, 10, 1, 2, 20, 0],
        "row": range(7),
    })


def test_reading_order_follows_the_documents_then_the_text():
    frame = _frame()
    order = reading_order(frame, pd.Series(["b", "a", "c"]))
    assert frame["row"].to_numpy()[order].tolist() == [4, 1, 2, 5, 0, 6, 3]


@pytest.mark.parametrize("rows", [1, 2, 3, 4, 100])
def test_chunks_cover_every_row_once_and_never_cut_a_document(rows):
    frame = _frame()
    order = reading_order(frame, pd.Series(["b", "a", "c"]))
    parts = list(document_chunks(frame, order, rows))
    assert pd.concat(parts)["row"].tolist() == frame["row"].to_numpy()[order].tolist()
    seen: set[str] = set()
    for part in parts:
        docs = set(part["doc_id"])
        assert not docs & seen  # a document lies whole in one chunk
        seen |= docs
    if rows >= len(frame):
        assert len(parts) == 1


def test_no_rows_no_chunks():
    assert list(document_chunks(_frame().iloc[:0], np.empty(0, dtype=np.int64), 3)) == []


def test_passages_by_document():
    at = passages_by_document(_frame())
    assert {d: v.tolist() for d, v in at.items()} == {"a": [0, 2, 5], "b": [1, 4], "c": [3, 6]}


@pytest.mark.parametrize("dtype", ["str", object])
def test_text_column_reads_each_value_as_the_list_would(dtype):
    column = pd.Series(["第一段", "", "2025年增长5%"], dtype=dtype)
    text = TextColumn(column)
    assert len(text) == 3
    assert [text[i] for i in range(3)] == column.astype(str).tolist()


def test_compact_records_read_like_records():
    frame = pd.DataFrame({"claim_id": ["c1", "c2"], "value": [1.5, None], "unit": pd.array(["%", None], dtype="str")})
    compact, plain = compact_records(frame), records(frame)
    for row, expected in zip(compact, plain):
        for name in frame.columns:
            assert row[name] == expected[name]
            assert row.get(name) == expected.get(name)
        assert row.get("missing", "x") == "x"
    assert compact[1]["value"] is None and compact[1]["unit"] is None
    with pytest.raises(KeyError):
        compact[0]["missing"]


@pytest.fixture(scope="module")
def three_reports() -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The seed, a copy of it with some figures changed, and its first half: copies, conflicts and
    targets across documents."""
    seed = SEED.read_text(encoding="utf-8")
    changed = seed.replace("%", "0%", 5)
    texts = {"d_seed": seed, "d_changed": changed, "d_half": seed[: len(seed) // 2]}
    results = [analyse_document(Document(doc_id=d, source_path=d, sha256="", encoding="utf-8", text=t, script=""))
               for d, t in texts.items()]
    marked, evidence = mark_duplicates(build_tables(results, names=("passages", "claims")), DedupConfig.load())
    return marked, evidence


def test_consistency_is_the_same_however_the_claims_are_cut(three_reports, monkeypatch):
    tables, evidence = three_reports
    whole = check_consistency(tables["passages"], tables["claims"], evidence)
    kinds = set(whole["kind"])
    assert {"duplicate_claim", "conflicting_figures"} <= kinds  # the checks across documents ran
    for rows in (1, 7, 50):
        monkeypatch.setattr(chunks, "CHUNK_ROWS", rows)
        pd.testing.assert_frame_equal(check_consistency(tables["passages"], tables["claims"], evidence), whole)
