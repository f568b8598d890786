"""The whole pipeline in-process: the same stage functions the Prefect flow wires as tasks."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path

import pandas as pd

from qdextract.corpus.analyse import analyse_corpus, mark_duplicates
from qdextract.corpus.dedup import DedupConfig
from qdextract.extract import attribution, claims, entities
from qdextract.models import Claim, Document, DocumentResult
from qdextract.output.report import render_report_html, render_report_md
from qdextract.output.store import (
    DocumentEntry,
    DocumentStore,
    failed_entry,
    load_table,
    load_tables,
)
from qdextract.output.tables import TABLES, build_tables
from qdextract.output.validate import validate_tables
from qdextract.output.write import (
    atomic_write_text,
    remove_stale_temp_files,
    write_json,
    write_table,
)
from qdextract.run import outcome
from qdextract.run import workers as workers_
from qdextract.run.arrow_memory import returning_arrow_memory
from qdextract.run.lock import output_lock
from qdextract.run.retry import write_with_retries
from qdextract.text.ingest import (
    DocumentError,
    assign_doc_ids,
    discover_documents,
    document_from_bytes,
    read_document,
)
from qdextract.text.structure import structure_document

Logger = logging.Logger | logging.LoggerAdapter

PACKAGES = ("qdextract", "pandas", "pyarrow", "pandera", "prefect", "spacy", "jieba", "rjieba", "ahocorasick-rs", "opencc", "regex", "datasketch")


@cache
def code_version() -> str:
    """A hash of the package's code and data: cached results are reused only under the same one."""
    digest = hashlib.sha256()
    root = resources.files("qdextract")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".json", ".txt", ".jsonl", ".csv"}:
            digest.update(path.relative_to(Path(str(root))).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def analyse_document(doc: Document) -> DocumentResult:
    """Structure, claims, entities and attribution for one decoded document."""
    timings: dict[str, float] = {}

    def timed(stage: str, fn: Callable, *args):
        t0 = time.perf_counter()
        out = fn(*args)
        timings[stage] = round(time.perf_counter() - t0, 6)
        return out

    structure = timed("structure", structure_document, doc.text, doc.doc_id)
    found_claims, mentions = timed("claims", claims.claims_from_passages, structure.passages, doc.doc_id, doc.text,
                                   True, structure.tables)
    found_entities = timed("entities", entities.extract_entities, structure.passages, doc.doc_id, structure.sections)
    found_claims = timed("attribution", attribution.attribute_claims, found_claims, found_entities, structure.passages)
    return DocumentResult(
        doc_id=doc.doc_id, source_path=doc.source_path, sha256=doc.sha256, encoding=doc.encoding,
        script=doc.script, n_chars=len(doc.text), passages=structure.passages, claims=found_claims,
        quantities=mentions, entities=found_entities, furniture=structure.furniture, timings=timings,
    )


def extract_claims(text: str, doc_id: str = "doc") -> list[Claim]:
    """The claims of one document, as the claims table has them (subjects attributed, repeats
    within the document marked)."""
    doc = Document(doc_id=doc_id, source_path=doc_id, sha256="", encoding="str", text=text, script="")
    result = analyse_document(doc)
    if not result.claims:
        return []
    tables = build_tables([result], names=("passages", "claims"))
    marked, _ = mark_duplicates(tables, DedupConfig.load())
    marks = {r.claim_id: (None if pd.isna(r.dup_group) else r.dup_group, bool(r.is_canonical))
             for r in marked["claims"].itertuples()}
    return [dataclasses.replace(c, dup_group=marks[c.claim_id][0], is_canonical=marks[c.claim_id][1])
            for c in result.claims]


def _source(path: Path, raw_dir: Path) -> str:
    try:
        return Path(path).relative_to(raw_dir).as_posix()
    except ValueError:
        return str(path)


def failed_result(path: Path, raw_dir: Path, doc_id: str, error: str, data: bytes | None = None) -> DocumentResult:
    try:
        sha = hashlib.sha256(data if data is not None else Path(path).read_bytes()).hexdigest()
    except OSError:
        sha = hashlib.sha256(str(path).encode()).hexdigest()
    return DocumentResult(doc_id=doc_id, source_path=_source(path, raw_dir), sha256=sha, encoding=None, script=None,
                          n_chars=0, error=error)


def _analyse_decoded(doc: Document, path: Path, raw_dir: Path) -> DocumentResult:
    try:
        return analyse_document(doc)
    except Exception as e:  # one bad document must not stop the others
        return failed_result(path, raw_dir, doc.doc_id, f"{doc.source_path}: processing failed: {type(e).__name__}: {e}")


def process_document(path: Path, raw_dir: Path, doc_id: str) -> DocumentResult:
    """Read and analyse one file; any failure becomes a failed result naming the file, never a crash."""
    try:
        doc = read_document(path, raw_dir, doc_id)
    except DocumentError as e:
        return failed_result(path, raw_dir, doc_id, str(e))
    return _analyse_decoded(doc, path, raw_dir)


def document_entry(path: Path, raw_dir: Path, doc_id: str, store: DocumentStore,
                   logger: Logger | None = None) -> DocumentEntry:
    """One file's stored entry: read back when its bytes were analysed before under this code
    version, else analysed now and stored (through transient write faults, see run.retry). The file
    is read once; a file that cannot be read or decoded fails at once, without retries."""
    source = _source(path, raw_dir)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return failed_entry(failed_result(path, raw_dir, doc_id, f"{source}: cannot be read ({e.strerror or e})"))
    sha = hashlib.sha256(data).hexdigest()
    stored = store.get(sha, doc_id, source)
    if stored is not None:
        return stored
    try:
        doc = document_from_bytes(data, source, doc_id)
    except DocumentError as e:
        return failed_entry(failed_result(path, raw_dir, doc_id, str(e), data))
    result = _analyse_decoded(doc, path, raw_dir)
    return write_with_retries(f"the document store entry of {source} in {store.root}", lambda: store.put(result), logger)


@dataclass
class RunSummary:
    run_id: str
    out_dir: Path
    counts: dict[str, int]
    problems: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)  # one row per file: outcome.document_rows
    rejected: dict[str, dict[str, int]] = field(default_factory=dict)  # {table: {check: rows}}

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


def run_summary_info(entries: list[DocumentEntry], tables: dict[str, pd.DataFrame], discovery_problems: list[str],
                     timings: dict[str, float], run_id: str) -> dict:
    """What run.json holds: versions, input hashes, counts (with the per-document quantity accounting
    and rejected rows), the rejected rows by table and check."""
    rejected = tables.get("rejected", pd.DataFrame(columns=["table", "row", "check"]))
    rejected_by_doc = outcome.rejected_by_document(rejected)
    versions = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {
        "run_id": run_id,
        "code_version": code_version(),
        "versions": versions,
        "inputs": {e.source_path: e.sha256 for e in entries},
        "counts": {name: int(len(df)) for name, df in tables.items()},
        "documents": {e.source_path: {**e.info, "n_rejected": rejected_by_doc.get(e.doc_id, 0)} for e in entries},
        "problems": discovery_problems + [e.error for e in entries if e.error],
        "rejected_by_table": outcome.rejected_by_table(rejected),
        "timings": timings,
    }


def collect_problems(entries: Iterable[DocumentEntry], rejected: pd.DataFrame, discovery_problems: list[str]) -> list[str]:
    problems = list(discovery_problems) + [e.error for e in entries if e.error]
    if not rejected.empty:
        for table, checks in outcome.rejected_by_table(rejected).items():
            problems.append(f"{sum(checks.values())} row(s) of {table} failed validation "
                            f"({', '.join(checks)}; see rejected.csv)")
    return problems


def corpus_key(entries: list[DocumentEntry], discovery_problems: list[str]) -> str:
    """Everything the corpus-wide outputs depend on: the code, and each document's bytes, id,
    path and failure."""
    digest = hashlib.sha256(code_version().encode())
    for e in entries:
        digest.update(json.dumps([e.doc_id, e.sha256, e.source_path, e.error], ensure_ascii=False).encode())
    digest.update(json.dumps(discovery_problems, ensure_ascii=False).encode())
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _previous_outputs(out_dir: Path, key: str) -> dict | None:
    """The last run's run.json when it was made from the same inputs and every output it lists is
    there, unmodified; None otherwise."""
    try:
        info = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
        outputs = info["outputs"]
        if info.get("corpus_key") != key or not outputs:
            return None
        if all(_file_digest(out_dir / name) == digest for name, digest in outputs.items()):
            return info
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no usable record of the last run: rebuild
    return None


def finish_run(entries: list[DocumentEntry], out_dir: Path, discovery_problems: list[str],
               timings: dict[str, float], run_id: str | None = None, reuse_outputs: bool = True,
               logger: Logger | None = None) -> RunSummary:
    """Corpus-wide stages, validation and writing: shared by run_pipeline and the Prefect flow.

    When the inputs are those of the outputs already in out_dir (same code, same documents, and the
    files untouched), the outputs are kept and only run.json is renewed (unless reuse_outputs is off).
    Each output is written through transient file-system faults (run.retry); one that still fails
    raises OutputWriteError. The caller holds out_dir's lock (run.lock)."""
    run_id = run_id or uuid.uuid4().hex
    out_dir = Path(out_dir)

    def write(what: Path | str, fn: Callable[[], object]) -> None:
        write_with_retries(str(what), fn, logger)

    remove_stale_temp_files(out_dir)
    key = corpus_key(entries, discovery_problems)
    previous = _previous_outputs(out_dir, key) if reuse_outputs else None
    if previous is not None:
        timings["outputs_reused"] = 1.0
        info = {**previous, "run_id": run_id, "outputs_from_run": previous.get("outputs_from_run", previous["run_id"]),
                "timings": timings, "inputs": {e.source_path: e.sha256 for e in entries}}
        write(out_dir / "run.json", lambda: write_json(out_dir / "run.json", info))
        return _summary(run_id, out_dir, info, entries, discovery_problems)
    with returning_arrow_memory():
        return _analyse_and_write(entries, out_dir, discovery_problems, timings, run_id, key, write)


def _analyse_and_write(entries: list[DocumentEntry], out_dir: Path, discovery_problems: list[str],
                       timings: dict[str, float], run_id: str, key: str,
                       write: Callable[[Path | str, Callable[[], object]], None]) -> RunSummary:
    """finish_run's corpus stages, validation and writing, when the outputs must be made anew."""
    t0 = time.perf_counter()
    tables = load_tables(entries, ("passages", "claims"))
    timings["load"] = round(time.perf_counter() - t0, 6)
    t0 = time.perf_counter()
    tables = analyse_corpus(tables, timings)
    timings["corpus"] = round(time.perf_counter() - t0, 6)
    t0 = time.perf_counter()
    # tables the corpus stages do not read come in after them: memory holds fewer at once
    tables.update({name: load_table(entries, name) for name in ("quantities", "entities")})
    timings["load"] += round(time.perf_counter() - t0, 6)
    t0 = time.perf_counter()
    tables, rejected = validate_tables(tables, consume=True)
    timings["validate"] = round(time.perf_counter() - t0, 6)
    problems = collect_problems(entries, rejected, discovery_problems)
    t0 = time.perf_counter()
    written = []
    for name in TABLES:
        write(f"{out_dir / name}.parquet and .csv",
              lambda name=name: written.extend(write_table(tables[name], out_dir, name)))
    info = run_summary_info(entries, tables, discovery_problems, timings, run_id)
    info["problems"] = problems
    for name, render in (("report.md", render_report_md), ("report.html", render_report_html)):
        text = render(tables, info)
        write(out_dir / name, lambda name=name, text=text: atomic_write_text(out_dir / name, text))
        written.append(out_dir / name)
    timings["write"] = round(time.perf_counter() - t0, 6)
    info["timings"] = timings
    info["corpus_key"] = key
    info["outputs"] = {p.name: _file_digest(p) for p in dict.fromkeys(written)}
    write(out_dir / "run.json", lambda: write_json(out_dir / "run.json", info))
    return _summary(run_id, out_dir, info, entries, discovery_problems)


def _summary(run_id: str, out_dir: Path, info: dict, entries: list[DocumentEntry],
             discovery_problems: list[str]) -> RunSummary:
    return RunSummary(run_id, out_dir, info["counts"], info["problems"], info["timings"],
                      documents=outcome.document_rows(entries, info.get("documents", {}), discovery_problems),
                      rejected=info.get("rejected_by_table", {}))


def batches(paths: list[Path], workers: int, per_worker: int = 4) -> list[list[Path]]:
    """Paths in reading order, cut into at most workers x per_worker runs of about equal bytes:
    enough batches to keep every worker busy, few enough that orchestration stays cheap."""
    if not paths:
        return []
    sizes = []
    for p in paths:
        try:
            sizes.append(max(1, Path(p).stat().st_size))
        except OSError:
            sizes.append(1)
    n = max(1, min(len(paths), workers * per_worker))
    target = sum(sizes) / n
    out: list[list[Path]] = [[]]
    filled = 0
    for p, size in zip(paths, sizes):
        if out[-1] and filled + size / 2 > target and len(out) < n:
            out.append([])
            filled = 0
        out[-1].append(p)
        filled += size
    return out


def default_cache_dir(out_dir: Path | str) -> Path:
    """Where each document's tables are kept between runs: beside the outputs they make."""
    return Path(out_dir) / ".cache"


def open_store(cache_dir: Path | str | None) -> DocumentStore:
    return DocumentStore(cache_dir, code_version())


def run_pipeline(raw_dir: Path | str = "raw", out_dir: Path | str = "output",
                 progress: Callable[[Iterable], Iterable] | None = None,
                 cache_dir: Path | str | None = None, use_cache: bool = True,
                 lock_wait: float | None = 3600.0, logger: Logger | None = None,
                 runner: str = "auto", workers: int | None = None) -> RunSummary:
    """Every document under raw_dir through every stage, tables into out_dir; no Prefect.

    Documents go one at a time into the store (cache_dir, default out_dir/.cache), so memory holds
    one document's intermediates, not every document's. With use_cache=False every document is
    analysed again and the store is a temporary folder. The run holds out_dir's lock throughout:
    when another run holds it, this one waits up to lock_wait seconds (None: without limit), then
    raises run.lock.OutputLocked.

    runner: "auto" (default) analyses the documents the store does not hold in worker processes,
    `workers` of them (default: every core), when there is more than a little work, else
    in-process; "processes" always uses the pool, "threads" never does (run.workers)."""
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    logger = logger or logging.getLogger("qdextract.run")
    run_id = uuid.uuid4().hex
    with output_lock(out_dir, wait=lock_wait, run=f"run {run_id}", on_wait=logger.warning):
        t0 = time.perf_counter()
        discovery = discover_documents(raw_dir)
        ids = assign_doc_ids(discovery.paths)
        scratch = None if use_cache else tempfile.mkdtemp(prefix="qdextract-store-")
        store = open_store(scratch or cache_dir or default_cache_dir(out_dir))
        try:
            entries = workers_.document_entries(
                discovery.paths, raw_dir, ids, store, code_version(),
                lambda p: document_entry(p, raw_dir, ids[p], store, logger), runner=runner, workers=workers,
                progress=progress)
            timings = {"documents": round(time.perf_counter() - t0, 6)}
            summary = finish_run(entries, out_dir, discovery.problems, timings, run_id=run_id,
                                 reuse_outputs=use_cache, logger=logger)
            store.prune(entries)
        finally:
            if scratch:
                shutil.rmtree(scratch, ignore_errors=True)
    return summary
