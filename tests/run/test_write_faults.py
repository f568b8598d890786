"""Transient file-system faults while writing are retried a bounded number of times, then end in
one clear error; a document that cannot be decoded fails at once and is never retried."""

import errno
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from qdextract.output.write import read_table
from qdextract.run import pipeline, retry
from qdextract.run.retry import OutputWriteError, WritePolicy, write_with_retries

BIN = Path(sys.executable).parent / "qdextract"


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(retry, "WRITE_POLICY", WritePolicy(attempts=4, first_wait=0.01, max_wait=0.02))


def _raw(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("青岛市直播电商交易规模突破1200亿元，同比增长38%。", encoding="utf-8")
    return raw


def _failing(real, fault: OSError, times: int, calls: list):
    def write(*args, **kw):
        calls.append(args[-1] if args else "")
        if len(calls) <= times:
            raise fault
        return real(*args, **kw)
    return write


def test_a_full_disk_while_writing_tables_is_retried_and_the_run_completes(tmp_path, monkeypatch, caplog):
    calls = []
    monkeypatch.setattr(pipeline, "write_table", _failing(pipeline.write_table, OSError(errno.ENOSPC, "No space left on device"), 2, calls))
    with caplog.at_level(logging.WARNING, logger="qdextract.run"):
        summary = pipeline.run_pipeline(_raw(tmp_path), tmp_path / "out")
    assert summary.exit_code == 0
    assert calls[:3] == ["documents"] * 3  # the first table, twice refused, then written
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 2
    assert all("documents.parquet and .csv failed: No space left on device (ENOSPC)" in w for w in warnings)
    assert "attempt 2 of 4" in warnings[0] and "attempt 3 of 4" in warnings[1]
    assert len(read_table(tmp_path / "out", "claims")) == 2


def test_a_read_only_disk_ends_in_one_clear_error_after_the_last_attempt(tmp_path, monkeypatch, caplog):
    calls = []
    monkeypatch.setattr(pipeline, "atomic_write_text",
                        _failing(pipeline.atomic_write_text, OSError(errno.EROFS, "Read-only file system"), 99, calls))
    with caplog.at_level(logging.WARNING, logger="qdextract.run"):
        with pytest.raises(OutputWriteError) as err:
            pipeline.run_pipeline(_raw(tmp_path), tmp_path / "out")
    out = tmp_path / "out"
    assert str(err.value) == (f"cannot write {out / 'report.md'}: Read-only file system (EROFS); "
                              "gave up after 4 attempts")
    assert len(calls) == 4 and len(caplog.records) == 3
    # the lock was released: the next run goes ahead at once
    monkeypatch.undo()
    assert pipeline.run_pipeline(tmp_path / "raw", out, lock_wait=0).exit_code == 0


def test_a_store_entry_that_cannot_be_written_is_retried_like_an_output(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(pipeline.DocumentStore, "put",
                        _failing(pipeline.DocumentStore.put, OSError(errno.EBUSY, "Device or resource busy"), 1, calls))
    summary = pipeline.run_pipeline(_raw(tmp_path), tmp_path / "out")
    assert summary.exit_code == 0 and len(calls) == 2


def test_an_error_that_will_not_pass_is_not_retried():
    calls = []

    def write():
        calls.append(1)
        raise FileNotFoundError(errno.ENOENT, "No such file or directory")

    with pytest.raises(OutputWriteError, match=r"cannot write x: No such file or directory \(ENOENT\); "
                                                r"gave up after 1 attempt$"):
        write_with_retries("x", write)
    assert calls == [1]


def test_a_document_that_fails_to_decode_is_not_retried(tmp_path, monkeypatch, caplog):
    raw = _raw(tmp_path)
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    decoded = []
    real = pipeline.document_from_bytes
    monkeypatch.setattr(pipeline, "document_from_bytes", lambda data, source, doc_id: decoded.append(source) or real(data, source, doc_id))
    with caplog.at_level(logging.WARNING, logger="qdextract.run"):
        summary = pipeline.run_pipeline(raw, tmp_path / "out")
    assert sorted(decoded) == ["a.txt", "image.txt"]
    assert not [r for r in caplog.records if r.name.startswith("qdextract")]  # no retry warnings
    assert summary.exit_code == 1
    assert summary.problems == ["image.txt: not a text file (looks like a PNG image)"]


def test_the_cli_says_who_holds_the_output_folder(tmp_path):
    from qdextract.run.lock import output_lock

    raw, out = _raw(tmp_path), tmp_path / "out"
    with output_lock(out, run="the nightly run"):
        r = subprocess.run([str(BIN), "run", "--no-prefect", "--raw", str(raw), "--out", str(out), "--lock-wait", "0"],
                           capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-1].startswith(f"qdextract: {out}: the nightly run (pid ")
    assert "stopped without writing anything" in r.stderr and not (out / "claims.parquet").exists()
