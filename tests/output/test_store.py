"""The document store: content-keyed entries, misses on any change, whole-or-nothing entries, pruning;
and run_pipeline's incremental reruns on top of it."""

import json
import shutil

import pandas as pd

from qdextract.output.store import DOCUMENT_TABLES, DocumentStore, load_tables
from qdextract.output.tables import build_tables
from qdextract.output.write import read_table
from qdextract.run import pipeline

from ..conftest import SEED


def _result(tmp_path, text="青岛市直播电商交易规模突破1200亿元，同比增长38%。", name="a.txt"):
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    (raw / name).write_bytes(text.encode("utf-8"))
    ids = pipeline.assign_doc_ids([raw / name])
    return raw, pipeline.process_document(raw / name, raw, ids[raw / name])


def test_put_then_get_gives_back_the_same_tables(tmp_path):
    _, result = _result(tmp_path)
    store = DocumentStore(tmp_path / "cache", "v1")
    entry = store.put(result)
    hit = store.get(result.sha256, result.doc_id, "renamed.txt")
    assert hit is not None and hit.cached and hit.source_path == "renamed.txt"
    assert hit.row["source_path"] == "renamed.txt" and hit.info == entry.info
    direct = build_tables([result])
    loaded = load_tables([hit])
    for name in DOCUMENT_TABLES:
        pd.testing.assert_frame_equal(loaded[name], direct[name], obj=name)
    assert len(loaded["claims"]) == 2


def test_misses_on_other_bytes_id_or_code_version(tmp_path):
    _, result = _result(tmp_path)
    DocumentStore(tmp_path / "cache", "v1").put(result)
    assert DocumentStore(tmp_path / "cache", "v2").get(result.sha256, result.doc_id, "a.txt") is None
    assert DocumentStore(tmp_path / "cache", "v1").get("0" * 64, result.doc_id, "a.txt") is None
    assert DocumentStore(tmp_path / "cache", "v1").get(result.sha256, "d_other", "a.txt") is None


def test_an_incomplete_entry_is_a_miss_and_is_replaced(tmp_path):
    _, result = _result(tmp_path)
    store = DocumentStore(tmp_path / "cache", "v1")
    entry = store.put(result)
    (tmp_path / "cache" / "v1" / entry.folder.rsplit("/", 1)[1] / "claims.parquet").unlink()
    assert store.get(result.sha256, result.doc_id, "a.txt") is None
    store.put(result)
    assert store.get(result.sha256, result.doc_id, "a.txt") is not None


def test_failed_documents_are_not_stored(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    store = DocumentStore(tmp_path / "cache", "v1")
    entry = pipeline.document_entry(raw / "empty.txt", raw, "d_x", store)
    assert entry.error and "empty.txt" in entry.error and entry.folder is None
    assert not (tmp_path / "cache" / "v1").exists() or not any((tmp_path / "cache" / "v1").iterdir())


def test_prune_keeps_only_the_entries_in_use(tmp_path):
    _, a = _result(tmp_path, name="a.txt")
    _, b = _result(tmp_path, text="平度市农村网络零售额增长12%。", name="b.txt")
    old = DocumentStore(tmp_path / "cache", "v0")
    old.put(a)
    store = DocumentStore(tmp_path / "cache", "v1")
    keep, drop = store.put(a), store.put(b)
    assert store.prune([keep]) == 2  # the other code version and the unused entry
    assert store.get(a.sha256, a.doc_id, "a.txt") is not None
    assert store.get(b.sha256, b.doc_id, "b.txt") is None and drop.folder


def test_batches_keep_reading_order_and_balance_bytes(tmp_path):
    paths = []
    for i, size in enumerate([10, 10, 10, 10, 1000, 10, 10, 10]):
        p = tmp_path / f"{i}.txt"
        p.write_bytes(b"x" * size)
        paths.append(p)
    out = pipeline.batches(paths, workers=2, per_worker=2)
    assert [p for b in out for p in b] == paths and 1 < len(out) <= 4
    assert [paths[4]] in out  # the big file stands alone
    assert pipeline.batches([], workers=2) == [] and pipeline.batches(paths[:1], workers=8) == [paths[:1]]


def test_rerun_analyses_only_what_changed(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    (raw / "b.txt").write_text("平度市农村网络零售额增长12%。", encoding="utf-8")
    calls = []
    real = pipeline.analyse_document
    monkeypatch.setattr(pipeline, "analyse_document", lambda doc: calls.append(doc.source_path) or real(doc))
    out = tmp_path / "out"

    first = pipeline.run_pipeline(raw, out)
    assert sorted(calls) == sorted([SEED.name, "b.txt"]) and first.exit_code == 0
    tables = {name: read_table(out, name) for name in ("claims", "passages", "findings")}

    calls.clear()
    again = pipeline.run_pipeline(raw, out)
    assert calls == [] and again.timings.get("outputs_reused") == 1.0
    for name, df in tables.items():
        pd.testing.assert_frame_equal(read_table(out, name), df, obj=name)

    (out / "claims.csv").write_text("edited by hand\n", encoding="utf-8")  # a touched output is rewritten
    calls.clear()
    pipeline.run_pipeline(raw, out)
    assert calls == [] and (out / "claims.csv").read_text(encoding="utf-8").startswith("claim_id")

    (raw / "b.txt").write_text("平度市农村网络零售额增长13%。", encoding="utf-8")
    calls.clear()
    pipeline.run_pipeline(raw, out)
    assert calls == ["b.txt"] and 13.0 in set(read_table(out, "claims")["value"])

    calls.clear()
    pipeline.run_pipeline(raw, out, use_cache=False)
    assert sorted(calls) == sorted([SEED.name, "b.txt"])
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "outputs_from_run" not in info
