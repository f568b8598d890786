"""One run at a time per output folder: a second run waits for the first or stops, never interleaves."""

import json
import logging
import os
import subprocess
import sys
import threading
import time

import pytest

from qdextract.output.tables import TABLES
from qdextract.run import pipeline
from qdextract.run.lock import OutputLocked, describe_holder, lock_path, output_lock

from ..conftest import SEED


def _raw(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("青岛市直播电商交易规模突破1200亿元，同比增长38%。", encoding="utf-8")
    return raw


def test_the_lock_names_its_holder_and_a_second_taker_stops_at_once(tmp_path):
    out = tmp_path / "out"
    with output_lock(out, run="run A"):
        holder = json.loads(lock_path(out).read_text(encoding="utf-8"))
        assert holder["run"] == "run A" and holder["pid"] == os.getpid()
        assert describe_holder(out).startswith(f"run A (pid {os.getpid()} on ")
        with pytest.raises(OutputLocked, match=r"run A \(pid \d+ .*\) is writing this folder; this run stopped"):
            with output_lock(out, wait=0, run="run B"):
                pytest.fail("two holders at once")
    with output_lock(out, wait=0, run="run C"):  # released: the next one gets it at once
        assert json.loads(lock_path(out).read_text(encoding="utf-8"))["run"] == "run C"


def test_a_run_that_finds_the_folder_locked_writes_nothing(tmp_path):
    raw, out = _raw(tmp_path), tmp_path / "out"
    with output_lock(out, run="the nightly run"):
        with pytest.raises(OutputLocked, match="the nightly run .* stopped without writing anything"):
            pipeline.run_pipeline(raw, out, lock_wait=0)
        with pytest.raises(OutputLocked, match=r"still writing this folder after 0.3 s"):
            pipeline.run_pipeline(raw, out, lock_wait=0.3)
    assert [p.name for p in out.iterdir()] == [".qdextract.lock"]


def test_a_waiting_run_says_whom_it_waits_for_and_writes_after_the_holder(tmp_path, caplog):
    raw, out = _raw(tmp_path), tmp_path / "out"
    taken, released = threading.Event(), {}

    def holder():
        with output_lock(out, run="the nightly run"):
            taken.set()
            time.sleep(1.5)
            released["at"] = time.time()

    t = threading.Thread(target=holder)
    t.start()
    taken.wait(10)
    with caplog.at_level(logging.WARNING, logger="qdextract.run"):
        summary = pipeline.run_pipeline(raw, out, lock_wait=60)
    t.join()
    assert summary.exit_code == 0
    waits = [r.getMessage() for r in caplog.records if "waiting" in r.getMessage()]
    assert len(waits) == 1 and "the nightly run" in waits[0] and "waiting up to 60 s" in waits[0]
    assert min((out / f"{name}.parquet").stat().st_mtime for name in TABLES) >= released["at"]


# A run in its own process whose every output write is journalled (pid, file), slowed down so
# that two runs writing at once could not help interleaving. Both start on a signal.
CHILD = r"""
import os, sys, time
from pathlib import Path
import qdextract.output.write as write
from qdextract.run import pipeline

raw, out, journal, go = sys.argv[1:5]
real = write.atomic_write

def journalled(path, fn):
    with open(journal, "a", encoding="utf-8") as j:
        j.write(f"{os.getpid()} {Path(path).name}\n")
    time.sleep(0.05)
    real(path, fn)

write.atomic_write = journalled
while not os.path.exists(go):
    time.sleep(0.01)
summary = pipeline.run_pipeline(raw, out, use_cache=False, lock_wait=300)  # every output rewritten
print(summary.run_id)
"""


@pytest.mark.slow
def test_two_runs_started_together_do_not_interleave_their_writes(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    out, journal, go = tmp_path / "out", tmp_path / "journal", tmp_path / "go"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    runs = [subprocess.Popen([sys.executable, "-c", CHILD, str(raw), str(out), str(journal), str(go)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(2)]
    time.sleep(3)  # both have imported the library and wait for the signal
    go.touch()
    results = [r.communicate(timeout=600) for r in runs]
    assert all(r.returncode == 0 for r in runs), [err[-2000:] for _, err in results]
    pids = [line.split()[0] for line in journal.read_text(encoding="utf-8").splitlines()]
    blocks = [p for i, p in enumerate(pids) if i == 0 or pids[i - 1] != p]
    assert len(set(pids)) == 2 and len(blocks) == 2, f"writes interleaved: {blocks}"
    # the second run waited and said so; the folder holds the second run's outputs
    waited = [err for _, err in results if "is writing this folder; waiting up to 300 s" in err]
    assert len(waited) == 1
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    second = results[[str(r.pid) for r in runs].index(blocks[1])][0].strip()
    assert info["run_id"] == second


def test_a_released_lock_names_no_one(tmp_path):
    out = tmp_path / "out"
    with output_lock(out, run="run A"):
        pass
    assert lock_path(out).read_bytes() == b"" and describe_holder(out) == "another run"
