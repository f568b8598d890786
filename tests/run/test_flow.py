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


def _logs_and_artifacts(flow_run_id):
    """The run's log lines (level, message) and its artifacts {key: artifact}, as the server has them."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=30)
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    return [(log.level, log.message) for log in logs], {a.key: a for a in artifacts}


@pytest.fixture
def info_logs():
    """The flow's INFO lines reach the server (the test settings keep Prefect at WARNING)."""
    import logging

    import qdextract_flows.qdextract_flow  # noqa: F401  (importing it sets Prefect's logging up again)

    loggers = [logging.getLogger(name) for name in ("prefect.flow_runs", "prefect.task_runs")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.INFO)
    yield
    for logger, level in zip(loggers, levels):
        logger.setLevel(level)


def test_a_run_that_loses_data_ends_failed_and_says_so(harness, tmp_path, monkeypatch, info_logs):
    """A PNG renamed .txt and rows that fail validation: the flow run ends Failed with the counts, one
    WARNING per problem, one INFO summary, a table artifact listing every file, a link to the report;
    the good documents' tables are written."""
    import json as _json
    import logging

    from qdextract_flows.qdextract_flow import qdextract_flow

    from qdextract.run.outcome import RunProblems

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / "a.txt")
    (raw / "b.txt").write_text("青岛市直播电商交易规模突破1200亿元，同比增长38%。", encoding="utf-8")
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    real = pipeline.analyse_document

    def corrupt(doc):  # two of the seed's claims point outside their document
        result = real(doc)
        if doc.source_path == "a.txt":
            for i in (0, 1):
                result.claims[i] = __import__("dataclasses").replace(result.claims[i], char_start=10**7, char_end=10**7 + 3)
        return result

    monkeypatch.setattr(pipeline, "analyse_document", corrupt)
    out = tmp_path / "out"
    state = qdextract_flow(raw_dir=str(raw), out_dir=str(out), return_state=True)
    rejected = read_table(out, "rejected")
    by_table = rejected.groupby("table").size().to_dict()  # the copies in claims_clean fail too
    assert by_table["claims"] == 2 and set(by_table) <= {"claims", "claims_clean"}
    assert state.is_failed()
    assert state.message.startswith(
        f"1 of 3 documents failed, {len(rejected)} rows rejected: image.txt: not a text file (looks like a PNG image); "
        "2 row(s) of claims failed validation (offsets_within_document; see rejected.csv)")
    problems = state.result(raise_on_failure=False)
    assert isinstance(problems, RunProblems) and problems.summary.exit_code == 1
    with pytest.raises(RunProblems):  # a direct caller gets the failure as an exception
        state.result()

    docs = read_table(out, "documents").set_index("source_path")
    assert docs.loc["a.txt", "n_claims"] > 40 and docs.loc["b.txt", "status"] == "ok"
    assert len(read_table(out, "claims")) == docs["n_claims"].sum() - 2
    info = _json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["run_id"] == str(state.state_details.flow_run_id)  # run.json names the flow run

    logs, artifacts = _logs_and_artifacts(state.state_details.flow_run_id)
    warnings = [m for level, m in logs if level == logging.WARNING]
    assert warnings == [
        "document failed: image.txt: not a text file (looks like a PNG image)",
        *[f"{table}: {n} row{'s' if n > 1 else ''} rejected by validation (offsets_within_document: {n}); "
          f"see {out / 'rejected.csv'}" for table, n in sorted(by_table.items())],
        f"rejected rows by document: a.txt: {len(rejected)}"]
    summaries = [m for level, m in logs if level == logging.INFO and m.startswith("run ")]
    assert len(summaries) == 1 and "3 documents (2 ok, 1 failed" in summaries[0], logs
    assert f"{len(rejected)} rejected" in summaries[0]

    assert set(artifacts) == {"qdextract-documents", "qdextract-report", "qdextract-run-summary"}
    table = artifacts["qdextract-documents"]
    rows = _json.loads(table.data) if isinstance(table.data, str) else table.data
    assert [(r["file"], r["status"], r["rejected"]) for r in rows] == [
        ("a.txt", "ok", len(rejected)), ("b.txt", "ok", 0), ("image.txt", "failed", 0)]
    assert rows[2]["error"] == "image.txt: not a text file (looks like a PNG image)"
    assert artifacts["qdextract-report"].type == "markdown"  # a link artifact is stored as markdown
    assert (out / "report.html").resolve().as_uri() in artifacts["qdextract-report"].data


def test_a_clean_run_ends_completed_and_a_locked_or_unwritable_folder_fails_cleanly(harness, tmp_path, monkeypatch):
    import errno

    from qdextract_flows.qdextract_flow import qdextract_flow

    from qdextract.run import retry
    from qdextract.run.lock import OutputLocked, output_lock

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "b.txt").write_text("青岛市直播电商交易规模突破1200亿元，同比增长38%。", encoding="utf-8")
    state = qdextract_flow(raw_dir=str(raw), out_dir=str(tmp_path / "out"), return_state=True)
    assert state.is_completed() and state.result().exit_code == 0

    with output_lock(tmp_path / "held", run="the nightly run"):
        state = qdextract_flow(raw_dir=str(raw), out_dir=str(tmp_path / "held"), lock_wait=0, return_state=True)
    assert state.is_failed() and "the nightly run (pid" in state.message and "stopped without writing" in state.message
    assert isinstance(state.result(raise_on_failure=False), OutputLocked)
    assert not (tmp_path / "held" / "claims.parquet").exists()

    monkeypatch.setattr(retry, "WRITE_POLICY", retry.WritePolicy(attempts=3, first_wait=0.01))

    def read_only(*args, **kw):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(pipeline, "write_table", read_only)
    state = qdextract_flow(raw_dir=str(raw), out_dir=str(tmp_path / "ro"), return_state=True)
    assert state.is_failed()
    assert state.message == (f"cannot write {tmp_path / 'ro' / 'documents'}.parquet and .csv: Read-only file system (EROFS); "
                             "gave up after 3 attempts")
    logs, _ = _logs_and_artifacts(state.state_details.flow_run_id)
    assert sum("failed: Read-only file system (EROFS); attempt" in m for _, m in logs) == 2
