"""The operator's walk against a real Prefect server: `prefect server start` on loopback, the
process work pool, `prefect deploy --all` from prefect.yaml, a process worker, `prefect deployment
run`. A run that loses a document ends Failed with the counts in its message, says so in WARNING
lines and artifacts; a clean run ends Completed; two runs started together do not interleave; a
run that finds the output folder locked waits for it. The server and the worker are stopped by
their process ids at the end.

The server's scheduler is off, so that the nightly cron never starts a run over the checkout's
raw/ while the test runs; every run here is started by hand on a temporary folder.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from qdextract.output.write import read_table
from qdextract.run.lock import output_lock

from ..conftest import ROOT

pytestmark = pytest.mark.slow

PREFECT = Path(sys.executable).parent / "prefect"
DEPLOYMENT = "qdextract/qdextract-nightly"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen, name: str) -> None:
    """SIGINT (Ctrl-C), then SIGTERM, then SIGKILL, each to this process id."""
    for sig, wait in ((signal.SIGINT, 20), (signal.SIGTERM, 20), (signal.SIGKILL, 15)):
        if proc.poll() is not None:
            return
        os.kill(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
    raise AssertionError(f"the {name} (pid {proc.pid}) did not stop")


@dataclass
class Server:
    url: str
    env: dict
    home: Path
    timings: dict = field(default_factory=dict)

    def cli(self, *args: str, cwd: Path = ROOT) -> str:
        r = subprocess.run([str(PREFECT), *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, f"prefect {' '.join(args)}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
        return r.stdout

    def client(self):
        from prefect.client.orchestration import SyncPrefectClient

        return SyncPrefectClient(self.url)

    def start_run(self, **params) -> subprocess.Popen:
        """`prefect deployment run` as an operator types it; returns the running command."""
        args = [f"--param={k}={json.dumps(v) if not isinstance(v, str) else v}" for k, v in params.items()]
        return subprocess.Popen([str(PREFECT), "deployment", "run", DEPLOYMENT, *args], cwd=ROOT, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def run_id(self, started: subprocess.Popen) -> uuid.UUID:
        out, _ = started.communicate(timeout=300)
        assert started.returncode == 0, out
        return uuid.UUID(re.search(r"UUID: ([0-9a-f-]{36})", out).group(1))

    def wait(self, flow_run_id: uuid.UUID, timeout: float = 600):
        t0 = time.monotonic()
        with self.client() as client:
            while time.monotonic() - t0 < timeout:
                run = client.read_flow_run(flow_run_id)
                if run.state and run.state.type.value in FINAL:
                    return run
                time.sleep(1)
        worker_log = (self.home / "worker.log").read_text(errors="replace")[-5000:]
        raise AssertionError(f"flow run {flow_run_id} did not finish in {timeout} s; worker log:\n{worker_log}")

    def logs(self, flow_run_id: uuid.UUID, until: str | None = None, timeout: float = 60.0) -> list[tuple[int, str]]:
        """The run's log lines. Logs reach the server in batches, after the run's final state
        may: with `until`, they are read again until a line holding it has come (or the timeout)."""
        from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
        from prefect.client.schemas.sorting import LogSort

        deadline = time.monotonic() + timeout
        while True:
            with self.client() as client:
                logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])),
                                        sort=LogSort.TIMESTAMP_ASC)
            found = [(log.level, log.message) for log in logs]
            if until is None or any(until in m for _, m in found) or time.monotonic() > deadline:
                return found
            time.sleep(0.5)

    def artifacts(self, **filters):
        from prefect.client.schemas.filters import (
            ArtifactFilter,
            ArtifactFilterFlowRunId,
            ArtifactFilterKey,
        )

        f = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[filters["flow_run_id"]])) \
            if "flow_run_id" in filters else ArtifactFilter(key=ArtifactFilterKey(any_=[filters["key"]]))
        with self.client() as client:
            return client.read_artifacts(artifact_filter=f)

    def states(self, flow_run_id: uuid.UUID):
        with self.client() as client:
            return client.read_flow_run_states(flow_run_id)


@pytest.fixture(scope="module")
def server(tmp_path_factory, request):
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({
        "PREFECT_HOME": str(home), "PREFECT_API_URL": url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "INFO",  # the operator's default: INFO lines reach the run's log
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "2",  # poll often: the test waits on the worker
        "PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS": "2",
        "QDEXTRACT_HOME": str(ROOT),
    })
    srv = Server(url, env, home)
    t0 = time.monotonic()
    with open(home / "server.log", "wb") as log:
        server_proc = subprocess.Popen([str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                       cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker_proc = None
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert server_proc.poll() is None, (home / "server.log").read_text(errors="replace")[-3000:]
            assert time.monotonic() - t0 < 180, "the server did not answer within 180 s"
            time.sleep(0.5)
        srv.timings["server start"] = time.monotonic() - t0
        t1 = time.monotonic()
        srv.cli("work-pool", "create", "qdextract-pool", "--type", "process")
        srv.cli("--no-prompt", "deploy", "--all")  # reads prefect.yaml in the checkout
        srv.timings["deploy"] = time.monotonic() - t1
        with open(home / "worker.log", "wb") as log:  # started elsewhere: the pull step sets the folder
            worker_proc = subprocess.Popen([str(PREFECT), "worker", "start", "--pool", "qdextract-pool", "--type",
                                            "process"], cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
        yield srv
    finally:
        t2 = time.monotonic()
        if worker_proc is not None:
            _stop(worker_proc, "worker")
        _stop(server_proc, "server")
        srv.timings["stop"] = time.monotonic() - t2
        srv.timings["total"] = time.monotonic() - t0
        line = "real-server test timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in srv.timings.items())
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")  # shown in CI's log
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        if reporter is not None and capture is not None:
            with capture.global_and_fixture_disabled():
                reporter.write_line(line)


class _Hook(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


BLOCK = """
import sys
from prefect.blocks.notifications import CustomWebhookNotificationBlock
block = CustomWebhookNotificationBlock(name="qdextract-test", url=sys.argv[1], allow_private_urls=True,
                                       json_data={"subject": "{{subject}}", "body": "{{body}}"})
print(block.save("qdextract-test", overwrite=True))
"""


@pytest.fixture(scope="module")
def notifications(server, tmp_path_factory):
    """A webhook on loopback, a notification block for it, and flows/notify-on-failure.yaml as an
    automation pointing at that block: what the README tells an operator to do."""
    hook = http.server.HTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    r = subprocess.run([sys.executable, "-c", BLOCK, f"http://127.0.0.1:{hook.server_port}/hook"], env=server.env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    block_id = r.stdout.strip().splitlines()[-1]
    automation = tmp_path_factory.mktemp("automation") / "notify-on-failure.yaml"
    text = (ROOT / "flows" / "notify-on-failure.yaml").read_text(encoding="utf-8")
    automation.write_text(text.replace("00000000-0000-0000-0000-000000000000", block_id), encoding="utf-8")
    server.cli("automation", "create", "--from-file", str(automation))
    yield _Hook.received
    hook.shutdown()


def _folder(tmp_path: Path, bad: bool) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text("青岛市直播电商交易规模突破1200亿元，同比增长38%。", encoding="utf-8")
    (raw / "good2.md").write_text("萊西區域品牌帶動農村網絡零售額增長41%。", encoding="utf-8")
    if bad:
        (raw / "image.txt").write_bytes(PNG)  # a PNG renamed .txt
    return raw


def test_the_deployment_is_registered_with_its_schedule_and_a_limit_of_one(server):
    from prefect.client.schemas.objects import ConcurrencyLimitStrategy

    with server.client() as client:
        deployment = client.read_deployment_by_name(DEPLOYMENT)
    assert [s.schedule.cron for s in deployment.schedules] == ["0 2 * * *"]
    assert deployment.schedules[0].schedule.timezone == "Asia/Shanghai"
    assert deployment.global_concurrency_limit.limit == 1
    assert deployment.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.ENQUEUE


def test_a_run_with_a_bad_document_ends_failed_and_says_what_was_lost(server, notifications, tmp_path):
    raw, out = _folder(tmp_path, bad=True), tmp_path / "out"
    t0 = time.monotonic()
    run_id = server.run_id(server.start_run(raw_dir=str(raw), out_dir=str(out)))
    run = server.wait(run_id)
    server.timings["run with a bad document"] = time.monotonic() - t0

    assert run.state.type.value == "FAILED"
    assert run.state.message == "1 of 3 documents failed, 0 rows rejected: image.txt: not a text file (looks like a PNG image)"
    # the good documents' tables are written, and run.json names the flow run
    docs = read_table(out, "documents").set_index("source_path")
    assert docs["status"].to_dict() == {"good.txt": "ok", "good2.md": "ok", "image.txt": "failed"}
    assert sorted(read_table(out, "claims")["value"]) == [38.0, 41.0, 1.2e11]
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["run_id"] == str(run_id)

    logs = server.logs(run_id, until=f"run {run_id}: ")  # the summary is logged after the warnings
    warnings = [m for level, m in logs if level == logging.WARNING]
    assert warnings == ["document failed: image.txt: not a text file (looks like a PNG image)"]
    summaries = [m for level, m in logs if level == logging.INFO and m.startswith(f"run {run_id}: ")]
    assert len(summaries) == 1
    assert "3 documents (2 ok, 1 failed, 0 from the document store); " in summaries[0]
    assert "3 claims" in summaries[0] and "0 rejected" in summaries[0] and f"tables in {out}" in summaries[0]

    artifacts = {a.key: a for a in server.artifacts(flow_run_id=run_id)}
    assert set(artifacts) == {"qdextract-nightly-documents", "qdextract-nightly-report", "qdextract-nightly-run-summary"}
    table = artifacts["qdextract-nightly-documents"]
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert table.type == "table"
    assert [(r["file"], r["status"], r["claims"], r["rejected"], r["error"]) for r in rows] == [
        ("good.txt", "ok", 2, 0, ""), ("good2.md", "ok", 1, 0, ""),
        ("image.txt", "failed", 0, 0, "image.txt: not a text file (looks like a PNG image)")]
    assert (out / "report.html").resolve().as_uri() in artifacts["qdextract-nightly-report"].data
    assert artifacts["qdextract-nightly-run-summary"].data == (out / "report.md").read_text(encoding="utf-8")

    # the automation fired on the Failed state: the operator's notification carries the message
    t0 = time.monotonic()
    while not notifications and time.monotonic() - t0 < 120:
        time.sleep(1)
    assert notifications == [{"subject": f"qdextract: flow run {run.name} Failed", "body": run.state.message}]


def test_a_clean_run_ends_completed_under_the_same_artifact_keys(server, notifications, tmp_path):
    raw, out = _folder(tmp_path, bad=False), tmp_path / "out"
    t0 = time.monotonic()
    run_id = server.run_id(server.start_run(raw_dir=str(raw), out_dir=str(out)))
    run = server.wait(run_id)
    server.timings["clean run"] = time.monotonic() - t0
    assert run.state.type.value == "COMPLETED", run.state.message
    logs = server.logs(run_id, until=f"run {run_id}: ")  # every line sent, the summary last
    assert any(m.startswith(f"run {run_id}: ") for _, m in logs)
    assert not [m for level, m in logs if level >= logging.WARNING]
    time.sleep(5)  # the automation had time to fire, and did not: a clean run notifies no one
    assert len(notifications) == 1
    # the same keys as the failed run's: the UI shows each artifact's history, night after night
    for key in ("qdextract-nightly-documents", "qdextract-nightly-report", "qdextract-nightly-run-summary"):
        history = server.artifacts(key=key)
        assert len(history) >= 2 and str(run_id) in {str(a.flow_run_id) for a in history}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_runs_started_together_do_not_interleave_their_writes(server, tmp_path):
    raw, out = _folder(tmp_path, bad=False), tmp_path / "out"
    t0 = time.monotonic()
    # both rewrite every output (use_cache off), so that either would write the whole folder
    started = [server.start_run(raw_dir=str(raw), out_dir=str(out), use_cache=False) for _ in range(2)]
    ids = [server.run_id(s) for s in started]
    runs = [server.wait(i) for i in ids]
    server.timings["two runs started together"] = time.monotonic() - t0
    assert [r.state.type.value for r in runs] == ["COMPLETED", "COMPLETED"]

    windows = []
    for run_id in ids:
        states = server.states(run_id)
        running = [s.timestamp for s in states if s.type.value == "RUNNING"]
        done = [s.timestamp for s in states if s.type.value == "COMPLETED"]
        windows.append((min(running), max(done), [s.name for s in states]))
    (first_start, first_end, _), (second_start, second_end, second_states) = sorted(windows)
    assert first_end <= second_start, f"the runs overlapped: {windows}"
    assert "AwaitingConcurrencySlot" in second_states  # held back by the deployment's limit of one

    # the folder holds exactly what its last run wrote
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    last = max(zip(windows, ids))[1]
    assert info["run_id"] == str(last)
    assert all(_digest(out / name) == digest for name, digest in info["outputs"].items())


def test_a_run_that_finds_the_output_folder_locked_waits_for_it(server, tmp_path):
    """Another writer (here the test itself, as a CLI run would) holds the folder: the deployment's
    run says whom it waits for, then writes once the folder is free."""
    raw, out = _folder(tmp_path, bad=False), tmp_path / "out"
    t0 = time.monotonic()
    with output_lock(out, run="a run started by hand"):
        run_id = server.run_id(server.start_run(raw_dir=str(raw), out_dir=str(out)))
        waiting = []
        while not waiting and time.monotonic() - t0 < 300:
            time.sleep(1)
            waiting = [m for level, m in server.logs(run_id)
                       if level == logging.WARNING and "is writing this folder; waiting up to 3600 s" in m]
        assert waiting and "a run started by hand (pid" in waiting[0]
        assert not (out / "claims.parquet").exists()
        released = time.time()
    run = server.wait(run_id)
    server.timings["run that waits for the lock"] = time.monotonic() - t0
    assert run.state.type.value == "COMPLETED", run.state.message
    assert (out / "claims.parquet").stat().st_mtime >= released
