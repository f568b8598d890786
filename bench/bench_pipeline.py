"""Pipeline benchmark: throughput, stage shares, growth with corpus size, peak memory, Prefect
overhead, unchanged reruns and task runners, all in one run on the same generated corpora.

    python bench/bench_pipeline.py [--sizes 1,10,100] [--parts sizes,cores,prefect,runners] [--work DIR]
                                   [--baseline OLD/src] [--runner auto|threads|processes]

Each measurement runs in a fresh subprocess, so peak memory (ru_maxrss, the largest of the
process and its children) is that run's own. First runs start from an empty document store;
reruns go into the same output folder, as a nightly schedule does. MB/s per core is the corpus
over the wall time and the cores the run used (one in-process, the worker processes otherwise);
MB per CPU-second (user and system time of the run and its workers) says the same with less noise
from other jobs on the machine. Figures are printed and written to bench/results/pipeline.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_corpus import make_corpus  # noqa: E402

CHILD = r"""
import json, os, resource, sys, time
mode, raw, out, runner, use_cache = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] == "1"
n_workers = int(sys.argv[6]) or None
t0 = time.perf_counter()
cores = 1
if mode == "pipeline":
    from qdextract.run.pipeline import run_pipeline
    try:
        from qdextract.run import workers
    except ImportError:  # a revision before worker processes: one core
        summary = run_pipeline(raw, out, use_cache=use_cache)
    else:
        rerun = use_cache and os.path.exists(os.path.join(out, "run.json"))  # the store holds every document
        left = [] if rerun else workers.work_left(__import__("pathlib").Path(raw), None)
        n = n_workers or workers.default_workers()
        if workers.use_processes(runner, left, n):
            cores = min(n, len(left))
        summary = run_pipeline(raw, out, use_cache=use_cache, runner=runner, workers=n_workers)
else:
    from qdextract_flows.qdextract_flow import qdextract_flow, task_runner_for
    flow = qdextract_flow.with_options(task_runner=task_runner_for(runner))
    state = flow(raw_dir=raw, out_dir=out, use_cache=use_cache, return_state=True)
    result = state.result(raise_on_failure=False)
    summary = getattr(result, "summary", result)  # a run with problems: outcome.RunProblems
wall = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
peak = max(me.ru_maxrss, kids.ru_maxrss)
print(json.dumps({"wall": wall, "cpu": cpu, "cores": cores, "peak_mb": peak / 1024, "timings": summary.timings}))
"""

PER_DOCUMENT_STAGES = ("structure", "claims", "entities", "attribution")
RUN_STAGES = ("load", "dedup", "consistency", "validate", "write")


def measure(mode: str, raw: Path, out: Path, runner: str = "threads", env: dict | None = None,
            use_cache: bool = True, src: Path | None = None, workers: int = 0) -> dict:
    """One run in a fresh process; `src` puts another revision's sources first on the path."""
    e = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
         "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120", **(env or {})}
    if src is not None:
        e["PYTHONPATH"] = str(src)
    r = subprocess.run([sys.executable, "-c", CHILD, mode, str(raw), str(out), runner, "1" if use_cache else "0",
                        str(workers)],
                       capture_output=True, text=True, env=e)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"{mode} on {raw} failed:\n{r.stderr[-3000:]}")
    result = json.loads(r.stdout.strip().splitlines()[-1])
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    stages = {s: 0.0 for s in PER_DOCUMENT_STAGES}
    if "outputs_reused" not in info["timings"]:
        for doc in info["documents"].values():
            for stage, sec in doc["timings"].items():
                stages[stage] = stages.get(stage, 0.0) + sec
    for stage in RUN_STAGES:
        stages[stage] = info["timings"].get(stage, 0.0)
    result["stages"] = stages
    result["mb"] = sum(p.stat().st_size for p in raw.glob("*.txt")) / 1e6
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,100", help="corpus sizes in MB")
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and outputs (default: a temp dir)")
    ap.add_argument("--parts", default="sizes,cores,prefect,runners",
                    help="which measurements to run; the others keep their figures in the results file")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="another revision's src/ folder (git archive REV | tar -x): timed before this one at each size")
    ap.add_argument("--baseline-sizes", default=None, help="the sizes the baseline runs at (default: every size)")
    ap.add_argument("--runner", default="auto", help="run_pipeline's runner for the sizes (auto, threads, processes)")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    parts = set(args.parts.split(","))
    work = args.work or Path(tempfile.mkdtemp(prefix="qdextract-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results_file = HERE / "results" / "pipeline.json"
    results: dict[str, dict] = {}
    if parts != {"sizes", "cores", "prefect", "runners"} and results_file.exists():
        results = json.loads(results_file.read_text())
    results["cpu_count"] = os.cpu_count()

    def save() -> None:
        results_file.parent.mkdir(exist_ok=True)
        results_file.write_text(json.dumps(results, indent=2))

    if "sizes" in parts:
        base_sizes = [float(x) for x in args.baseline_sizes.split(",")] if args.baseline_sizes else sizes
        measure_sizes(work, sizes, results, args.baseline, args.runner, base_sizes)
        save()
    if "cores" in parts:
        measure_cores(work, sizes, results)
        save()
    if "prefect" in parts:
        measure_prefect(work, results)
        save()
    if "runners" in parts:
        measure_runners(work, sizes, results)
        save()


def _row(label: str, r: dict) -> str:
    total = sum(r["stages"].values())
    shares = " ".join(f"{k}={v / total:.0%}" for k, v in sorted(r["stages"].items(), key=lambda kv: -kv[1]))
    per_core = r["mb"] / r["wall"] / r.get("cores", 1)
    per_cpu = r["mb"] / r["cpu"] if r.get("cpu") else float("nan")
    return (f"{label:>10} {r['mb']:7.1f} {r['wall']:8.1f} {r.get('cores', 1):5d} {per_core:9.2f} {per_cpu:9.2f} "
            f"{r['peak_mb']:8.0f}  {shares}")


def measure_sizes(work: Path, sizes: list[float], results: dict, baseline: Path | None = None,
                  runner: str = "auto", baseline_sizes: list[float] | None = None) -> None:
    """The in-process pipeline at each size from an empty store, and an unchanged rerun of the second;
    with `baseline` (another revision's src/), that revision on the same corpus just before."""
    print(f"{'corpus':>10} {'MB':>7} {'wall s':>8} {'cores':>5} {'MB/s/core':>9} {'MB/cpu-s':>9} {'peak MB':>8}  stage shares")
    for mb in sizes:
        raw = work / f"c{mb:g}"
        if not raw.exists():
            make_corpus(raw, mb, docs=max(10, int(mb * 10)), dup_rate=0.05)
        out = work / f"o{mb:g}"
        before = baseline is not None and mb in (baseline_sizes or sizes)
        if before:
            shutil.rmtree(out, ignore_errors=True)
            b = measure("pipeline", raw, out, runner=runner, src=baseline)
            results[f"baseline_{mb:g}MB"] = b
            print(_row("before", b))
        shutil.rmtree(out, ignore_errors=True)
        r = measure("pipeline", raw, out, runner=runner)
        results[f"pipeline_{mb:g}MB"] = r
        print(_row("pipeline", r))
        if before:
            print(f"{'':>10} after/before: wall {r['wall'] / b['wall']:.2f}x, cpu {r['cpu'] / b['cpu']:.2f}x, "
                  f"peak memory {r['peak_mb'] / b['peak_mb']:.2f}x")
        if mb == sizes[min(1, len(sizes) - 1)]:
            rerun = measure("pipeline", raw, out, runner=runner)
            results[f"pipeline_{mb:g}MB_rerun"] = rerun
            print(f"{'rerun':>10} {r['mb']:7.1f} {rerun['wall']:8.1f}  unchanged rerun {r['wall'] / rerun['wall']:.0f}x faster")
    for a, b in zip(sizes, sizes[1:]):
        ra, rb = results[f"pipeline_{a:g}MB"], results[f"pipeline_{b:g}MB"]
        dedup = (rb["stages"]["dedup"] / ra["stages"]["dedup"]) if ra["stages"]["dedup"] else float("nan")
        print(f"growth {b:g}MB / {a:g}MB: {rb['wall'] / ra['wall']:.1f}x time for {rb['mb'] / ra['mb']:.1f}x data; "
              f"dedup {dedup:.1f}x; peak memory {rb['peak_mb'] / ra['peak_mb']:.1f}x")


def measure_cores(work: Path, sizes: list[float], results: dict) -> None:
    """run_pipeline on one corpus (the second size) in-process, then with 1, 2, ... worker processes:
    the speed-up each added worker gives."""
    mb = sizes[min(1, len(sizes) - 1)]
    raw = work / f"c{mb:g}"
    if not raw.exists():
        make_corpus(raw, mb, docs=max(10, int(mb * 10)), dup_rate=0.05)
    out = work / "cores"
    runs = [("threads", 0)] + [("processes", n) for n in range(1, (os.cpu_count() or 1) + 1)]
    print(f"{'runner':>10} {'MB':>7} {'wall s':>8} {'cores':>5} {'MB/s/core':>9} {'MB/cpu-s':>9} {'peak MB':>8}  stage shares")
    for runner, n in runs:
        shutil.rmtree(out, ignore_errors=True)
        r = measure("pipeline", raw, out, runner=runner, workers=n, use_cache=False)
        results[f"cores_{runner}_{n}"] = r
        print(_row(f"{runner[:7]}{n or ''}", r))
    base = results["cores_threads_0"]["wall"]
    print("speed-up against in-process: " + ", ".join(
        f"{n} worker(s) {base / results[f'cores_processes_{n}']['wall']:.2f}x" for _, n in runs[1:]))


def measure_prefect(work: Path, results: dict) -> None:
    """Prefect against run_pipeline on the same documents. The Prefect home is warmed by one run
    first (a scheduled deployment's database exists already); the cold figure is kept too."""
    home = Path(tempfile.mkdtemp(prefix="qdextract-prefect-"))
    env = {"PREFECT_HOME": str(home)}
    for n_docs in (1, 1000):
        raw = work / f"docs{n_docs}"
        if not raw.exists():
            make_corpus(raw, mb=n_docs * 0.002 if n_docs > 1 else 0.01, docs=n_docs, dup_rate=0.05)
        for name in (f"p{n_docs}", f"f{n_docs}"):
            shutil.rmtree(work / name, ignore_errors=True)
        if n_docs == 1:
            cold = measure("flow", raw, work / "cold", env=env, use_cache=False)
            results["flow_cold_prefect_home"] = cold
            print(f"flow with a new Prefect home (database created): {cold['wall']:.1f}s")
        plain = measure("pipeline", raw, work / f"p{n_docs}")
        first = measure("flow", raw, work / f"f{n_docs}", env=env)
        rerun = measure("flow", raw, work / f"f{n_docs}", env=env)
        results[f"flow_{n_docs}docs"] = {"pipeline": plain, "flow_first": first, "flow_rerun": rerun}
        print(f"{n_docs} docs: run_pipeline {plain['wall']:.1f}s, flow first {first['wall']:.1f}s "
              f"(overhead {first['wall'] / plain['wall'] - 1:+.0%}), flow unchanged rerun {rerun['wall']:.1f}s "
              f"({first['wall'] / rerun['wall']:.1f}x faster)")
    # As a schedule runs it: against a long-running `prefect server start`, not a temporary one.
    with running_server(home) as api:
        server_env = {**env, "PREFECT_API_URL": api}
        raw = work / "docs1000"
        shutil.rmtree(work / "s1000", ignore_errors=True)
        first = measure("flow", raw, work / "s1000", env=server_env)
        rerun = measure("flow", raw, work / "s1000", env=server_env)
        plain = results["flow_1000docs"]["pipeline"]
        results["flow_1000docs_server"] = {"flow_first": first, "flow_rerun": rerun}
        print(f"1000 docs, running server: flow first {first['wall']:.1f}s (overhead "
              f"{first['wall'] / plain['wall'] - 1:+.0%} against run_pipeline), unchanged rerun {rerun['wall']:.1f}s "
              f"({first['wall'] / rerun['wall']:.1f}x faster)")


@contextlib.contextmanager
def running_server(home: Path, port: int = 4291):
    """A real `prefect server start` on a local port, stopped afterwards."""
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    prefect = Path(sys.executable).with_name("prefect")
    log = open(home / "server.log", "w")
    server = subprocess.Popen([str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(f"{api}/health", timeout=2)
                break
            except OSError:
                time.sleep(1)
        else:
            raise RuntimeError(f"prefect server did not start; see {home / 'server.log'}")
        yield api
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()



def measure_runners(work: Path, sizes: list[float], results: dict) -> None:
    """The same flow under each task runner, on the smallest corpus, every document analysed."""
    env = {"PREFECT_HOME": str(Path(tempfile.mkdtemp(prefix="qdextract-prefect-")))}
    raw = work / f"c{sizes[0]:g}"
    if not raw.exists():
        make_corpus(raw, sizes[0], docs=max(10, int(sizes[0] * 10)), dup_rate=0.05)
    measure("flow", raw, work / "warm", env=env, use_cache=False)  # the Prefect home's database
    for runner in ("threads", "processes", "dask"):
        out = work / f"run-{runner}"
        shutil.rmtree(out, ignore_errors=True)
        r = measure("flow", raw, out, runner=runner, env=env, use_cache=False)
        results[f"runner_{runner}"] = r
        print(f"runner {runner:>9}: {r['wall']:.1f}s on {r['mb']:.1f} MB")


if __name__ == "__main__":
    main()
