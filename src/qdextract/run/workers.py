"""Which documents need analysing, and analysing them on every core.

A run first reads back what the document store holds (an unchanged rerun analyses nothing and
starts no process). The documents left are analysed in-process when they are few or small, and
otherwise by a pool of worker processes, each loading the language resources (the gazetteer's
automaton, jieba's dictionaries) once and then taking batches of documents (`pipeline.batches`).
The entries come back in the documents' order whichever way they were made, so the tables are
the same.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from qdextract.output.store import DocumentEntry, DocumentStore

RUNNERS = ("auto", "threads", "processes")
# "auto" starts processes only for more than a little work: below this many bytes to analyse the
# pool's start (a second or two a worker to load the language resources) would cost more than it saves
AUTO_MIN_BYTES = 2_000_000
AUTO_MIN_DOCUMENTS = 4
BATCHES_PER_WORKER = 4


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def use_processes(runner: str, sizes: list[int], workers: int) -> bool:
    """Whether documents of these byte sizes go to worker processes under `runner`."""
    if runner not in RUNNERS:
        raise ValueError(f"unknown runner {runner!r}: choose one of {', '.join(RUNNERS)}")
    if runner == "processes":
        return bool(sizes)
    if runner == "threads" or workers < 2:
        return False
    return len(sizes) >= AUTO_MIN_DOCUMENTS and sum(sizes) >= AUTO_MIN_BYTES


def stored_entry(path: Path, raw_dir: Path, doc_id: str, store: DocumentStore) -> DocumentEntry | None:
    """The document's entry when the store holds it for these bytes, else None (also for a file
    that cannot be read: analysing it says why)."""
    from qdextract.run.pipeline import _source

    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return store.get(hashlib.sha256(data).hexdigest(), doc_id, _source(path, raw_dir))


def work_left(raw_dir: Path, store: DocumentStore | None) -> list[int]:
    """The byte sizes of the documents under raw_dir that `store` does not hold (all of them
    without a store)."""
    from qdextract.text.ingest import assign_doc_ids, discover_documents

    paths = discover_documents(raw_dir).paths
    ids = assign_doc_ids(paths)
    sizes = []
    for p in paths:
        if store is not None and stored_entry(p, raw_dir, ids[p], store) is not None:
            continue
        try:
            sizes.append(Path(p).stat().st_size)
        except OSError:
            sizes.append(0)
    return sizes


def resolve_runner(runner: str, raw_dir: Path, store: DocumentStore | None, workers: int | None = None) -> str:
    """"threads" or "processes" for the Prefect flow: "auto" becomes processes when the documents
    left to analyse are more than a little work for more than one core."""
    if runner != "auto":
        return runner
    return "processes" if use_processes("auto", work_left(raw_dir, store), workers or default_workers()) else "threads"


def _warm() -> None:
    """A worker's start: the language resources and the stored tables' Arrow schemas, loaded once
    for all its batches (a no-op in a forked worker whose parent loaded them)."""
    from qdextract.extract.entities import load_resources
    from qdextract.output.store import DOCUMENT_TABLES
    from qdextract.output.tables import arrow_schema
    from qdextract.text.segment import jieba_modules

    jieba_modules()
    load_resources()
    for name in DOCUMENT_TABLES:
        arrow_schema(name)


def _worker_start() -> None:
    """A worker process's start: the resources loaded, then every object it holds so far moved out
    of the collector's reach (`gc.freeze`): they live as long as the worker, and each full collection
    would otherwise walk them all again."""
    _warm()
    gc.freeze()


def _analyse_batch(items: list[tuple[str, str]], raw_dir: str, store_root: str, code_version: str) -> list[DocumentEntry]:
    from qdextract.run.pipeline import document_entry

    store = DocumentStore(store_root, code_version)
    logger = logging.getLogger("qdextract.run")
    return [document_entry(Path(p), Path(raw_dir), doc_id, store, logger) for p, doc_id in items]


def _context():
    """fork when this process runs no other thread (the workers start at once, sharing what is
    loaded); spawn otherwise (forking a process whose other threads may hold locks is unsafe).
    Spawned workers import the caller's main module, so a script that calls run_pipeline with
    other threads running must guard its work with `if __name__ == "__main__":`, as for any
    process pool."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def analyse_in_processes(todo: list[tuple[Path, str]], raw_dir: Path, store: DocumentStore, code_version: str,
                         workers: int) -> Iterator[list[DocumentEntry]]:
    """Entries of the (path, doc_id) pairs, a batch at a time in their order, made by `workers` processes."""
    from qdextract.run.pipeline import batches

    ids = dict(todo)
    groups = batches([p for p, _ in todo], workers, BATCHES_PER_WORKER)
    items = [[(str(p), ids[p]) for p in group] for group in groups]
    context = _context()
    if context.get_start_method() == "fork":
        _warm()  # loaded once here, the workers share it from the fork on
    with ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=context,
                             initializer=_worker_start) as pool:
        futures = [pool.submit(_analyse_batch, batch, str(raw_dir), str(store.base), code_version) for batch in items]
        for f in futures:
            yield f.result()


def document_entries(paths: list[Path], raw_dir: Path, ids: dict[Path, str], store: DocumentStore,
                     code_version: str, analyse: Callable[[Path], DocumentEntry], runner: str = "auto",
                     workers: int | None = None,
                     progress: Callable[[Iterable], Iterable] | None = None) -> list[DocumentEntry]:
    """Every path's entry, in the paths' order: read back from the store, or made by `analyse`
    (in-process) or by worker processes, as `runner` and the work left decide."""
    workers = workers or default_workers()
    entries: dict[Path, DocumentEntry] = {}
    todo: list[tuple[Path, str]] = []
    sizes: list[int] = []
    for p in paths:
        stored = stored_entry(p, raw_dir, ids[p], store)
        if stored is not None:
            entries[p] = stored
            continue
        todo.append((p, ids[p]))
        try:
            sizes.append(Path(p).stat().st_size)
        except OSError:
            sizes.append(0)
    if use_processes(runner, sizes, workers):
        made = (e for batch in analyse_in_processes(todo, raw_dir, store, code_version, workers) for e in batch)
        done: Iterator[tuple[Path, DocumentEntry]] = zip((p for p, _ in todo), made)
    else:
        done = ((p, analyse(p)) for p, _ in todo)
    for p, entry in (progress(_Sized(done, len(todo))) if progress else done):
        entries[p] = entry
    return [entries[p] for p in paths]


class _Sized:
    """An iterator with a length, for a progress bar's total."""

    def __init__(self, items: Iterator, n: int):
        self.items, self.n = items, n

    def __iter__(self) -> Iterator:
        return iter(self.items)

    def __len__(self) -> int:
        return self.n
