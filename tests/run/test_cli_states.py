"""`qdextract run` through the Prefect flow (the embedded server): the flow run's Failed state
becomes exit code 1 with one line per problem; a folder held by another run stops it cleanly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qdextract.output.write import read_table
from qdextract.run.lock import output_lock

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent / "qdextract"


def _run(tmp_path, *args):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    return subprocess.run([str(BIN), "run", *args], capture_output=True, text=True, env=env, timeout=600)


def test_a_failed_flow_run_exits_1_with_its_problems_and_a_held_folder_stops_it(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "good.txt").write_text("青岛市交易额增长38%。", encoding="utf-8")
    (raw / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    r = _run(tmp_path, "--raw", str(raw), "--out", str(out))
    assert r.returncode == 1, r.stderr[-3000:]
    assert "qdextract: bad.txt: not a text file (looks like a PNG image)" in r.stderr.splitlines()
    assert "Traceback" not in r.stderr
    assert r.stdout.startswith(f"wrote {out}/: 2 documents")
    assert len(read_table(out, "claims")) == 1

    with output_lock(out, run="the nightly run"):
        r = _run(tmp_path, "--raw", str(raw), "--out", str(out), "--lock-wait", "0")
    assert r.returncode == 1
    assert f"qdextract: {out}: the nightly run (pid {os.getpid()} on " in r.stderr
    assert "stopped without writing anything" in r.stderr and "Traceback" not in r.stderr
