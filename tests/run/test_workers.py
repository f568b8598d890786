import shutil

import pandas as pd
import pytest

from qdextract.run import pipeline, workers

from ..conftest import GUANGDONG, SEED


def test_auto_uses_processes_only_for_more_than_a_little_work():
    many = [workers.AUTO_MIN_BYTES // 4] * 8
    assert workers.use_processes("auto", many, workers=2)
    assert not workers.use_processes("auto", many, workers=1)
    assert not workers.use_processes("auto", [10_000] * 8, workers=16)  # a handful of small reports
    assert not workers.use_processes("auto", [workers.AUTO_MIN_BYTES], workers=16)  # one document
    assert not workers.use_processes("threads", many, workers=16)
    assert workers.use_processes("processes", [10], workers=2)
    assert not workers.use_processes("processes", [], workers=2)
    with pytest.raises(ValueError):
        workers.use_processes("gpu", many, workers=2)


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    shutil.copy(SEED, raw / "a.txt")
    shutil.copy(GUANGDONG, raw / "b.txt")
    (raw / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (raw / "d.txt").write_text(SEED.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    return raw


def test_processes_give_the_tables_in_process_analysis_gives(raw, tmp_path):
    outs = {}
    for runner in ("threads", "processes"):
        out = tmp_path / runner
        summary = pipeline.run_pipeline(raw, out, use_cache=False, runner=runner, workers=2)
        assert [d["status"] for d in summary.documents] == ["ok", "ok", "failed", "ok"]
        outs[runner] = out
    for name in ("documents", "passages", "claims", "entities", "findings"):
        pd.testing.assert_frame_equal(pd.read_parquet(outs["threads"] / f"{name}.parquet"),
                                      pd.read_parquet(outs["processes"] / f"{name}.parquet"))


def test_a_rerun_reads_the_store_and_starts_no_process(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / "a.txt")
    shutil.copy(GUANGDONG, raw / "b.txt")
    pipeline.run_pipeline(raw, tmp_path / "out", runner="threads")

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(workers, "analyse_in_processes", no_pool)
    summary = pipeline.run_pipeline(raw, tmp_path / "out", runner="processes")
    assert summary.counts["claims"] > 0
    assert all(d["status"] == "ok" for d in summary.documents)
