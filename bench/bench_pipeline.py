"""Pipeline benchmark: throughput, stage shares, growth with corpus size, peak memory, Prefect
overhead, cached reruns and task runners, all in one run on the same generated corpora.

    python bench/bench_pipeline.py [--sizes 1,10,100] [--skip-runners]

Each measurement runs in a fresh subprocess, so peak memory (ru_maxrss) is that run's own.
Figures are printed as a table and written to bench/results/pipeline.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_corpus import make_corpus  # noqa: E402

CHILD = r"""
import json, os, resource, sys, time
mode, raw, out = sys.argv[1], sys.argv[2], sys.argv[3]
runner = sys.argv[4] if len(sys.argv) > 4 else "threads"
t0 = time.perf_counter()
if mode == "pipeline":
    from qdextract.pipeline import run_pipeline
    summary = run_pipeline(raw, out)
else:
    from qdextract_flows.qdextract_flow import qdextract_flow, task_runner_for
    summary = qdextract_flow.with_options(task_runner=task_runner_for(runner))(raw_dir=raw, out_dir=out)
wall = time.perf_counter() - t0
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"wall": wall, "peak_mb": peak / 1024, "timings": summary.timings}))
"""


def measure(mode: str, raw: Path, out: Path, runner: str = "threads", env: dict | None = None) -> dict:
    e = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
         "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120", **(env or {})}
    r = subprocess.run([sys.executable, "-c", CHILD, mode, str(raw), str(out), runner], capture_output=True,
                       text=True, env=e)
    if r.returncode != 0:
        raise RuntimeError(f"{mode} on {raw} failed:\n{r.stderr[-3000:]}")
    result = json.loads(r.stdout.strip().splitlines()[-1])
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    stages: dict[str, float] = {}
    for doc in info["documents"].values():
        for stage, sec in doc["timings"].items():
            stages[stage] = stages.get(stage, 0.0) + sec
    for stage in ("corpus", "validate", "write"):
        stages[stage] = info["timings"].get(stage, 0.0)
    result["stages"] = stages
    result["mb"] = sum(p.stat().st_size for p in raw.glob("*.txt")) / 1e6
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100", help="corpus sizes in MB")
    ap.add_argument("--skip-runners", action="store_true")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="qdextract-bench-"))
    results: dict[str, dict] = {}

    print(f"{'corpus':>10} {'MB':>7} {'wall s':>8} {'MB/s':>7} {'peak MB':>8}  stage shares")
    for mb in sizes:
        raw = work / f"c{mb:g}"
        make_corpus(raw, mb, docs=max(10, int(mb * 10)), dup_rate=0.05)
        r = measure("pipeline", raw, work / f"o{mb:g}")
        results[f"pipeline_{mb:g}MB"] = r
        total = sum(r["stages"].values())
        shares = " ".join(f"{k}={v / total:.0%}" for k, v in sorted(r["stages"].items(), key=lambda kv: -kv[1]))
        print(f"{'pipeline':>10} {r['mb']:7.1f} {r['wall']:8.1f} {r['mb'] / r['wall']:7.2f} {r['peak_mb']:8.0f}  {shares}")
    if len(sizes) > 1:
        a, b = results[f"pipeline_{sizes[-2]:g}MB"], results[f"pipeline_{sizes[-1]:g}MB"]
        print(f"growth {sizes[-1]:g}MB / {sizes[-2]:g}MB: {b['wall'] / a['wall']:.1f}x time for "
              f"{b['mb'] / a['mb']:.1f}x data; dedup (corpus stage) {b['stages']['corpus'] / a['stages']['corpus']:.1f}x")

    # Prefect overhead: the same documents through run_pipeline and through the flow.
    home = Path(tempfile.mkdtemp(prefix="qdextract-prefect-"))
    env = {"PREFECT_HOME": str(home)}
    for n_docs in (1, 1000):
        raw = work / f"docs{n_docs}"
        make_corpus(raw, mb=n_docs * 0.002 if n_docs > 1 else 0.01, docs=n_docs, dup_rate=0.05)
        plain = measure("pipeline", raw, work / f"p{n_docs}")
        first = measure("flow", raw, work / f"f{n_docs}", env=env)
        rerun = measure("flow", raw, work / f"r{n_docs}", env=env)
        results[f"flow_{n_docs}docs"] = {"pipeline": plain, "flow_first": first, "flow_rerun": rerun}
        print(f"{n_docs} docs: run_pipeline {plain['wall']:.1f}s, flow first {first['wall']:.1f}s "
              f"(overhead {first['wall'] / plain['wall'] - 1:+.0%}), flow unchanged rerun {rerun['wall']:.1f}s "
              f"({first['wall'] / rerun['wall']:.1f}x faster)")

    if not args.skip_runners:
        raw = work / f"c{sizes[0]:g}"
        for runner in ("threads", "processes", "dask"):
            r = measure("flow", raw, work / f"run-{runner}", runner=runner,
                        env={"PREFECT_HOME": str(Path(tempfile.mkdtemp()))})
            results[f"runner_{runner}"] = r
            print(f"runner {runner:>9}: {r['wall']:.1f}s on {r['mb']:.1f} MB")

    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "pipeline.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
