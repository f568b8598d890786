"""The whole pipeline in-process: the same stage functions the Prefect flow wires as tasks."""

from __future__ import annotations

import dataclasses
import hashlib
import time
import uuid
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from qdextract import attribution, claims, entities
from qdextract.corpus import analyse_corpus
from qdextract.ingest import DocumentError, assign_doc_ids, discover_documents, read_document
from qdextract.models import Claim, Document, DocumentResult
from qdextract.report import render_report_html, render_report_md
from qdextract.structure import structure_document
from qdextract.tables import TABLES, build_tables
from qdextract.validate import validate_tables
from qdextract.write import atomic_write_text, remove_stale_temp_files, write_json, write_table

PACKAGES = ("qdextract", "pandas", "pyarrow", "pandera", "prefect", "spacy", "jieba", "opencc", "regex", "datasketch")


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
    found_claims, mentions = timed("claims", claims.claims_from_passages, structure.passages, doc.doc_id, doc.text)
    found_entities = timed("entities", entities.extract_entities, structure.passages, doc.doc_id)
    found_claims = timed("attribution", attribution.attribute_claims, found_claims, found_entities, structure.passages)
    return DocumentResult(
        doc_id=doc.doc_id, source_path=doc.source_path, sha256=doc.sha256, encoding=doc.encoding,
        script=doc.script, n_chars=len(doc.text), passages=structure.passages, claims=found_claims,
        quantities=mentions, entities=found_entities, furniture=structure.furniture, timings=timings,
    )


def extract_claims(text: str, doc_id: str = "doc") -> list[Claim]:
    """The claims of one document, as the claims table has them (subjects attributed, repeats marked)."""
    doc = Document(doc_id=doc_id, source_path=doc_id, sha256="", encoding="str", text=text, script="")
    result = analyse_document(doc)
    if not result.claims:
        return []
    tables = analyse_corpus(build_tables([result]))
    marks = {r.claim_id: (None if pd.isna(r.dup_group) else r.dup_group, bool(r.is_canonical))
             for r in tables["claims"].itertuples()}
    return [dataclasses.replace(c, dup_group=marks[c.claim_id][0], is_canonical=marks[c.claim_id][1])
            for c in result.claims]


def failed_result(path: Path, raw_dir: Path, doc_id: str, error: str) -> DocumentResult:
    try:
        data = Path(path).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
    except OSError:
        sha = hashlib.sha256(str(path).encode()).hexdigest()
    try:
        source = Path(path).relative_to(raw_dir).as_posix()
    except ValueError:
        source = str(path)
    return DocumentResult(doc_id=doc_id, source_path=source, sha256=sha, encoding=None, script=None,
                          n_chars=0, error=error)


def process_document(path: Path, raw_dir: Path, doc_id: str) -> DocumentResult:
    """Read and analyse one file; any failure becomes a failed result naming the file, never a crash."""
    try:
        doc = read_document(path, raw_dir, doc_id)
    except DocumentError as e:
        return failed_result(path, raw_dir, doc_id, str(e))
    try:
        return analyse_document(doc)
    except Exception as e:  # one bad document must not stop the others
        return failed_result(path, raw_dir, doc_id, f"{doc.source_path}: processing failed: {type(e).__name__}: {e}")


@dataclass
class RunSummary:
    run_id: str
    out_dir: Path
    counts: dict[str, int]
    problems: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


def run_summary_info(results: list[DocumentResult], tables: dict[str, pd.DataFrame], discovery_problems: list[str],
                     timings: dict[str, float], run_id: str) -> dict:
    """What run.json holds: versions, input hashes, counts (with the per-document quantity accounting)."""
    per_document = {}
    for r in results:
        roles: dict[str, int] = {}
        for q in r.quantities:
            roles[q.role] = roles.get(q.role, 0) + 1
        per_document[r.source_path] = {
            "doc_id": r.doc_id, "status": "failed" if r.error else "ok", "n_chars": r.n_chars,
            "n_passages": len(r.passages), "n_claims": len(r.claims), "n_entities": len(r.entities),
            "n_quantities": len(r.quantities), "quantities_by_role": dict(sorted(roles.items())),
            "furniture_dropped": [{"text": f.text, "kind": f.kind, "char_start": f.char_start} for f in r.furniture],
            "timings": r.timings,
        }
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
        "inputs": {r.source_path: r.sha256 for r in results},
        "counts": {name: int(len(df)) for name, df in tables.items()},
        "documents": per_document,
        "problems": discovery_problems + [r.error for r in results if r.error],
        "timings": timings,
    }


def collect_problems(results: Iterable[DocumentResult], rejected: pd.DataFrame, discovery_problems: list[str]) -> list[str]:
    problems = list(discovery_problems) + [r.error for r in results if r.error]
    if not rejected.empty:
        for table, n in rejected.groupby("table").size().items():
            problems.append(f"{n} row(s) of {table} failed validation (see rejected.csv)")
    return problems


def finish_run(results: list[DocumentResult], out_dir: Path, discovery_problems: list[str],
               timings: dict[str, float], run_id: str | None = None) -> RunSummary:
    """Corpus-wide stages, validation and writing: shared by run_pipeline and the Prefect flow."""
    run_id = run_id or uuid.uuid4().hex
    out_dir = Path(out_dir)
    t0 = time.perf_counter()
    tables = analyse_corpus(build_tables(results))
    timings["corpus"] = round(time.perf_counter() - t0, 6)
    t0 = time.perf_counter()
    tables, rejected = validate_tables(tables)
    timings["validate"] = round(time.perf_counter() - t0, 6)
    problems = collect_problems(results, rejected, discovery_problems)
    t0 = time.perf_counter()
    remove_stale_temp_files(out_dir)
    for name in TABLES:
        write_table(tables[name], out_dir, name)
    info = run_summary_info(results, tables, discovery_problems, timings, run_id)
    info["problems"] = problems
    atomic_write_text(out_dir / "report.md", render_report_md(tables, info))
    atomic_write_text(out_dir / "report.html", render_report_html(tables, info))
    timings["write"] = round(time.perf_counter() - t0, 6)
    info["timings"] = timings
    write_json(out_dir / "run.json", info)
    return RunSummary(run_id, out_dir, info["counts"], problems, timings)


def run_pipeline(raw_dir: Path | str = "raw", out_dir: Path | str = "output",
                 progress: Callable[[Iterable], Iterable] | None = None) -> RunSummary:
    """Every document under raw_dir through every stage, tables into out_dir; no Prefect."""
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    t0 = time.perf_counter()
    discovery = discover_documents(raw_dir)
    ids = assign_doc_ids(discovery.paths)
    paths = progress(discovery.paths) if progress else discovery.paths
    results = [process_document(p, raw_dir, ids[p]) for p in paths]
    timings = {"documents": round(time.perf_counter() - t0, 6)}
    return finish_run(results, out_dir, discovery.problems, timings)
