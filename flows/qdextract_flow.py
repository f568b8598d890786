"""The Prefect flow: documents in batches of tasks, then the corpus-wide stages and writing.

Tasks only wire the library's stage functions (qdextract.run.pipeline); they hold no logic. Each
document's tables go to the document store (qdextract.output.store), keyed by content hash and code
version, so an unchanged report is read back instead of reanalysed, across runs and runners, and
tasks pass small entries, not tables. Documents are grouped into a few batches per worker: a
Prefect task run costs tens of milliseconds of orchestration, which a folder of thousands of
small reports would otherwise pay thousands of times.

The run's final state tells the truth: Completed when every document was processed and every row
validated, else Failed with a message that counts what was lost (qdextract.run.outcome), after the
good documents' tables are written. Each problem is a WARNING line in the run's log, the counts
one INFO line; a table of the documents, a link to report.html and the report itself are
artifacts under keys stable per deployment. The output folder is locked for the whole run
(qdextract.run.lock).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.futures import as_completed
from prefect.runtime import deployment, flow_run
from prefect.states import Failed
from prefect.utilities.annotations import unmapped

from qdextract.output.store import DocumentEntry
from qdextract.run import outcome, pipeline
from qdextract.run.lock import OutputLocked, output_lock
from qdextract.run.progress import show_progress
from qdextract.run.retry import OutputWriteError
from qdextract.text.ingest import assign_doc_ids, discover_documents

BATCHES_PER_WORKER = 4


@task(task_run_name="documents {first}…")
def process_batch(items: list[tuple[str, str]], raw_dir: Path, cache_dir: str, first: str) -> list[DocumentEntry]:
    store = pipeline.open_store(cache_dir)
    logger = get_run_logger()
    return [pipeline.document_entry(Path(path), raw_dir, doc_id, store, logger) for path, doc_id in items]


@task(task_run_name="corpus stages, validation and writing")
def finish_run(entries: list[DocumentEntry], out_dir: Path, problems: list[str], timings: dict,
               cache_dir: str, use_cache: bool, run_id: str) -> pipeline.RunSummary:
    summary = pipeline.finish_run(entries, out_dir, problems, timings, run_id=run_id, reuse_outputs=use_cache,
                                  logger=get_run_logger())
    pipeline.open_store(cache_dir).prune(entries)
    return summary


@flow(name="qdextract", log_prints=True)
def qdextract_flow(raw_dir: str = "raw", out_dir: str = "output", cache_dir: str | None = None,
                   use_cache: bool = True, lock_wait: float | None = 3600.0):
    """Every report under raw_dir into tables in out_dir. Each document's tables are kept in
    cache_dir (default out_dir/.cache); use_cache=False analyses everything again in a fresh store
    and rewrites every output. While another run writes out_dir, this one waits up to lock_wait
    seconds (None: without limit; 0: not at all) and then fails without writing.

    Returns the run's summary when every document and row went through; otherwise the flow run
    ends Failed, and calling the flow raises outcome.RunProblems (with the summary), or
    OutputLocked / OutputWriteError when nothing could be written."""
    logger = get_run_logger()
    raw, out = Path(raw_dir), Path(out_dir)
    scratch = None if use_cache else tempfile.mkdtemp(prefix="qdextract-store-")
    try:
        with output_lock(out, wait=lock_wait, run=f"flow run {flow_run.name} ({flow_run.id})", on_wait=logger.warning):
            summary = _run(raw, out, str(scratch or cache_dir or pipeline.default_cache_dir(out)), use_cache)
    except (OutputLocked, OutputWriteError) as e:
        logger.error(str(e))
        return Failed(message=str(e), data=e)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    for line in outcome.warning_lines(summary):
        logger.warning(line)
    logger.info(outcome.summary_line(summary))
    publish_artifacts(summary)
    if summary.ok:
        return summary
    message = outcome.failure_message(summary)
    return Failed(message=message, data=outcome.RunProblems(message, summary))


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
    return finish_run(entries, out, discovery.problems, timings, cache, use_cache, str(flow_run.id))


def artifact_key(kind: str) -> str:
    """`<deployment>-<kind>`, or `qdextract-<kind>` outside a deployment: the same key night after
    night, so the UI shows each artifact's history (keys: lowercase letters, digits, dashes)."""
    base = deployment.name or "qdextract"
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", f"{base}-{kind}".lower())).strip("-")


def publish_artifacts(summary: pipeline.RunSummary) -> None:
    """The documents' table, a link to report.html and report.md, for the Prefect UI."""
    out = Path(summary.out_dir)
    create_table_artifact(key=artifact_key("documents"), table=summary.documents,
                          description=f"qdextract run {summary.run_id}: {outcome.counts_phrase(summary)}")
    create_link_artifact(key=artifact_key("report"), link=(out / "report.html").resolve().as_uri(),
                         link_text=f"{out / 'report.html'}", description=f"qdextract run {summary.run_id}: the consistency report")
    create_markdown_artifact(key=artifact_key("run-summary"), markdown=(out / "report.md").read_text(encoding="utf-8"),
                             description=f"qdextract run {summary.run_id}")


RUNNERS = ("threads", "processes", "dask")


def task_runner_for(runner: str = "threads", address: str | None = None, workers: int | None = None):
    """Prefect's own task runners: threads in-process (default; one thread unless `workers` says
    more: the stages are pure Python, and batches on several threads only contend for the GIL), a
    local process pool (each worker loads the language resources once), or Dask: a local cluster,
    or an existing scheduler at `address` (tcp://HOST:PORT)."""
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    if runner == "threads":
        return ThreadPoolTaskRunner(max_workers=workers or 1)
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
