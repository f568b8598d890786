"""The Prefect flow under a test harness: same tables as run_pipeline; unchanged documents cached."""

import json
import shutil

import pandas as pd
import pytest
from prefect.testing.utilities import prefect_test_harness

from qdextract.output.tables import TABLES
from qdextract.output.write import read_table
from qdextract.run import pipeline

from ..conftest import SEED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    storage = tmp_path_factory.mktemp("prefect-results")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PREFECT_LOCAL_STORAGE_PATH", str(storage))
        with prefect_test_harness(server_startup_timeout=120):
            yield


def test_flow_matches_pipeline_and_caches_unchanged_documents(harness, tmp_path, monkeypatch):
    from qdextract_flows.qdextract_flow import qdextract_flow

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    (raw / "small.txt").write_text("萊西區域品牌帶動農村網絡零售額增長41%。", encoding="utf-8")
    cache = str(tmp_path / "cache")  # one store shared by runs into different output folders

    calls = []
    real = pipeline.analyse_document
    monkeypatch.setattr(pipeline, "analyse_document", lambda doc: calls.append(doc.source_path) or real(doc))

    first = qdextract_flow(raw_dir=str(raw), out_dir=str(tmp_path / "flow1"), cache_dir=cache)
    assert first.exit_code == 0 and sorted(calls) == [SEED.name, "small.txt"]

    (raw / "small.txt").write_text("萊西區域品牌帶動農村網絡零售額增長42%。", encoding="utf-8")
    calls.clear()
    second = qdextract_flow(raw_dir=str(raw), out_dir=str(tmp_path / "flow2"), cache_dir=cache)
    assert second.exit_code == 0 and calls == ["small.txt"]  # the unchanged seed came from the store

    pipeline.run_pipeline(raw, tmp_path / "plain")
    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(tmp_path / "flow2", name), read_table(tmp_path / "plain", name), obj=name)

    # an unchanged rerun into the same folder analyses nothing and keeps the outputs as they are
    before = {p.name: p.read_bytes() for p in (tmp_path / "flow2").iterdir() if p.is_file() and p.name != "run.json"}
    calls.clear()
    third = qdextract_flow(raw_dir=str(raw), out_dir=str(tmp_path / "flow2"), cache_dir=cache)
    after = {p.name: p.read_bytes() for p in (tmp_path / "flow2").iterdir() if p.is_file() and p.name != "run.json"}
    info = json.loads((tmp_path / "flow2" / "run.json").read_text(encoding="utf-8"))
    assert calls == [] and third.exit_code == 0 and after == before
    assert info["run_id"] == third.run_id and info["outputs_from_run"] == second.run_id

    # a removed document drops out of the tables, and nothing is reanalysed for it
    (raw / "small.txt").unlink()
    calls.clear()
    fourth = qdextract_flow(raw_dir=str(raw), out_dir=str(tmp_path / "flow2"), cache_dir=cache)
    assert fourth.exit_code == 0 and calls == []
    docs = read_table(tmp_path / "flow2", "documents")
    assert docs["source_path"].tolist() == [SEED.name]
    assert set(read_table(tmp_path / "flow2", "claims")["doc_id"]) == set(docs["doc_id"])


def test_flow_on_a_local_dask_cluster_gives_the_same_tables(harness, tmp_path):
    """A real dask.distributed cluster (two worker processes) through prefect-dask's DaskTaskRunner."""
    pytest.importorskip("prefect_dask")
    from qdextract_flows.qdextract_flow import qdextract_flow, task_runner_for

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    (raw / "small.txt").write_text("青岛市直播电商交易规模突破1200亿元，同比增长38%。", encoding="utf-8")
    summary = qdextract_flow.with_options(task_runner=task_runner_for("dask", workers=2))(
        raw_dir=str(raw), out_dir=str(tmp_path / "dask"))
    assert summary.exit_code == 0, summary.problems
    pipeline.run_pipeline(raw, tmp_path / "plain")
    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(tmp_path / "dask", name), read_table(tmp_path / "plain", name), obj=name)
