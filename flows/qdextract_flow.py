"""The Prefect flow: documents in batches of tasks, then the corpus-wide stages and writing.

Tasks only wire the library's stage functions (qdextract.run.pipeline); they hold no logic. Each
document's tables go to the document store (qdextract.output.store), keyed by content hash and code
version, so an unchanged report is read back instead of reanalysed, across runs and runners, and
tasks pass small entries, not tables. Documents are grouped into a few batches per worker: a
Prefect task run costs tens of milliseconds of orchestration, which a folder of thousands of
small reports would otherwise pay thousands of times.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.futures import as_completed
from prefect.utilities.annotations import unmapped

from qdextract.output.store import DocumentEntry
from qdextract.run import pipeline
from qdextract.run.progress import show_progress
from qdextract.text.ingest import assign_doc_ids, discover_documents

BATCHES_PER_WORKER = 4


@task(task_run_name="documents {first}…")
def process_batch(items: list[tuple[str, str]], raw_dir: Path, cache_dir: str, first: str) -> list[DocumentEntry]:
    store = pipeline.open_store(cache_dir)
    return [pipeline.document_entry(Path(path), raw_dir, doc_id, store) for path, doc_id in items]


@task(task_run_name="corpus stages, validation and writing")
def finish_run(entries: list[DocumentEntry], out_dir: Path, problems: list[str], timings: dict,
               cache_dir: str, use_cache: bool) -> pipeline.RunSummary:
    summary = pipeline.finish_run(entries, out_dir, problems, timings, reuse_outputs=use_cache)
    pipeline.open_store(cache_dir).prune(entries)
    return summary


@flow(name="qdextract", log_prints=True)
def qdextract_flow(raw_dir: str = "raw", out_dir: str = "output", cache_dir: str | None = None,
                   use_cache: bool = True) -> pipeline.RunSummary:
    """Every report under raw_dir into tables in out_dir. Each document's tables are kept in
    cache_dir (default out_dir/.cache); use_cache=False analyses everything again in a fresh store
    and rewrites every output."""
    raw, out = Path(raw_dir), Path(out_dir)
    scratch = None if use_cache else tempfile.mkdtemp(prefix="qdextract-store-")
    try:
        return _run(raw, out, str(scratch or cache_dir or pipeline.default_cache_dir(out)), use_cache)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def _run(raw: Path, out: Path, cache: str, use_cache: bool) -> pipeline.RunSummary:
    t0 = time.perf_counter()
    discovery = discover_documents(raw)
    ids = assign_doc_ids(discovery.paths)
    batches = pipeline.batches(discovery.paths, workers=os.cpu_count() or 1, per_worker=BATCHES_PER_WORKER)
    items = [[(str(p), ids[p]) for p in batch] for batch in batches]
    futures = process_batch.map(items, unmapped(raw), unmapped(cache), [b[0][1] for b in items])
    for _ in show_progress(as_completed(futures), total=len(futures), description="batches of documents"):
        pass  # the bar advances as each batch finishes
    entries = [entry for f in futures for entry in f.result()]
    timings = {"documents": round(time.perf_counter() - t0, 6)}
    summary = finish_run(entries, out, discovery.problems, timings, cache, use_cache)
    create_markdown_artifact(
        key="qdextract-run-summary",
        markdown=(out / "report.md").read_text(encoding="utf-8"),
        description=f"qdextract run {summary.run_id}",
    )
    return summary


RUNNERS = ("threads", "processes", "dask")


def task_runner_for(runner: str = "threads", address: str | None = None, workers: int | None = None):
    """Prefect's own task runners: threads in-process (default), a local process pool (each worker
    loads the language pipeline once), or Dask: a local cluster, or an existing scheduler at
    `address` (tcp://HOST:PORT)."""
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    if runner == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if runner == "processes":
        return ProcessPoolTaskRunner(max_workers=workers or os.cpu_count())
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers or os.cpu_count(), "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    raise ValueError(f"unknown runner {runner!r}: choose one of {', '.join(RUNNERS)}")


if __name__ == "__main__":
    qdextract_flow()
