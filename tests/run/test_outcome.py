"""What a run says about itself: rows per document, the failed state's message, warning lines."""

from pathlib import Path

import pandas as pd

from qdextract.output.store import DocumentEntry
from qdextract.run import outcome
from qdextract.run.pipeline import RunSummary


def _entry(path, error=None, cached=False):
    return DocumentEntry(doc_id=f"d_{path}", source_path=path, sha256="0" * 64, row={}, info={}, cached=cached,
                         error=error)


REJECTED = pd.DataFrame({
    "table": ["claims", "claims", "claims", "entities"],
    "row": ['{"doc_id": "d_hk.txt", "claim_id": "c1"}', '{"doc_id": "d_hk.txt"}', '{"doc_id": "d_a.txt"}',
            "not json"],
    "check": ["period_order", "period_order", "offsets_within_document", "unique_id"],
    "reason": ["r"] * 4,
})


def _summary(problems, n_files=4):
    entries = [_entry("a.txt", cached=True), _entry("hk.txt"), _entry("image.txt", "image.txt: not a text file"),
               _entry("empty.txt", "empty.txt: empty document")][:n_files]
    info = {"a.txt": {"n_claims": 40, "n_rejected": 1}, "hk.txt": {"n_claims": 14, "n_rejected": 2}}
    docs = outcome.document_rows(entries, info, ["/r/link.txt: a link to /etc, outside /r; not followed"])
    return RunSummary("r1", Path("out"), {"documents": n_files, "claims": 54, "rejected": 4}, problems,
                      {"documents": 1.5, "write": 0.25}, documents=docs, rejected=outcome.rejected_by_table(REJECTED))


def test_rejected_rows_by_table_check_and_document():
    assert outcome.rejected_by_table(REJECTED) == {
        "claims": {"offsets_within_document": 1, "period_order": 2}, "entities": {"unique_id": 1}}
    assert outcome.rejected_by_document(REJECTED) == {"d_hk.txt": 2, "d_a.txt": 1}


def test_one_row_per_file_with_status_claims_rejected_and_error():
    rows = _summary([]).documents
    assert [(r["file"], r["status"], r["claims"], r["rejected"], r["from_cache"]) for r in rows] == [
        ("a.txt", "ok", 40, 1, True), ("hk.txt", "ok", 14, 2, False), ("image.txt", "failed", 0, 0, False),
        ("empty.txt", "failed", 0, 0, False), ("/r/link.txt", "skipped", 0, 0, False)]
    assert rows[2]["error"] == "image.txt: not a text file" and rows[0]["error"] == ""


def test_the_failed_message_counts_and_names_the_first_three_problems():
    problems = ["/r/link.txt: a link", "image.txt: not a text file", "empty.txt: empty document",
                "3 row(s) of claims failed validation", "1 row(s) of entities failed validation"]
    message = outcome.failure_message(_summary(problems))
    assert message == ("2 of 4 documents failed, 4 rows rejected, 1 file skipped: /r/link.txt: a link; "
                       "image.txt: not a text file; empty.txt: empty document; and 2 more (see run.json)")
    assert outcome.failure_message(_summary(problems[1:2], n_files=3)).startswith(
        "1 of 3 documents failed, 4 rows rejected, 1 file skipped: image.txt: not a text file")
    assert "more" not in outcome.failure_message(_summary(problems[1:2], n_files=3))


def test_one_warning_per_failed_document_skipped_file_and_table_with_rejected_rows():
    lines = outcome.warning_lines(_summary([]))
    assert lines == [
        "document failed: image.txt: not a text file",
        "document failed: empty.txt: empty document",
        "file skipped: /r/link.txt: a link to /etc, outside /r; not followed",
        f"claims: 3 rows rejected by validation (offsets_within_document: 1, period_order: 2); see {Path('out/rejected.csv')}",
        f"entities: 1 row rejected by validation (unique_id: 1); see {Path('out/rejected.csv')}",
        "rejected rows by document: a.txt: 1, hk.txt: 2",
    ]


def test_the_summary_line_has_the_counts_and_timings():
    line = outcome.summary_line(_summary([]))
    assert line == ("run r1: 4 documents (2 ok, 2 failed, 1 from the document store); 54 claims, 4 rejected; "
                    "documents 1.50 s, write 0.25 s; tables in out")
