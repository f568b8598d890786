"""The Prefect flow: one cached task per document, then the corpus-wide stages and writing.

Tasks only wire the library's stage functions (qdextract.pipeline); they hold no logic.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.futures import as_completed
from prefect.utilities.annotations import unmapped

from qdextract import pipeline
from qdextract.ingest import assign_doc_ids, discover_documents
from qdextract.models import DocumentResult
from qdextract.progress import show_progress


def document_cache_key(context, parameters) -> str:
    """Same bytes, same doc_id, same code: same result, so an unchanged report is not reprocessed."""
    try:
        content = hashlib.sha256(Path(parameters["path"]).read_bytes()).hexdigest()
    except OSError:
        content = "unreadable"
    return f"qdextract-doc-{content}-{parameters['doc_id']}-{pipeline.code_version()}"


@task(cache_key_fn=document_cache_key, persist_result=True, task_run_name="process {doc_id}")
def process_document(path: Path, raw_dir: Path, doc_id: str) -> DocumentResult:
    return pipeline.process_document(path, raw_dir, doc_id)


@task(task_run_name="corpus stages, validation and writing")
def finish_run(results: list[DocumentResult], out_dir: Path, problems: list[str], timings: dict) -> pipeline.RunSummary:
    return pipeline.finish_run(results, out_dir, problems, timings)


@flow(name="qdextract", log_prints=True)
def qdextract_flow(raw_dir: str = "raw", out_dir: str = "output") -> pipeline.RunSummary:
    raw, out = Path(raw_dir), Path(out_dir)
    discovery = discover_documents(raw)
    ids = assign_doc_ids(discovery.paths)
    futures = process_document.map(discovery.paths, unmapped(raw), [ids[p] for p in discovery.paths])
    for _ in show_progress(as_completed(futures), total=len(futures)):
        pass  # the bar advances as each document's task finishes
    results = [f.result() for f in futures]
    summary = finish_run(results, out, discovery.problems, {})
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
