"""Each document's tables kept on disk by content, so that memory stays bounded and an unchanged
report is read back on the next run instead of analysed again.

An entry is keyed by the sha256 of the document's bytes, its doc_id and the code version (the
hash of the package's code and data): changing any of them is a miss. It holds the document's
per-document tables as Parquet and its row of the documents table and of run.json as JSON; the
folder is written under a temporary name and renamed, so a killed run never leaves half an entry.
Failed documents are not stored: the file may be fixed or readable next time.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from qdextract.models import DocumentResult
from qdextract.output.schemas import empty_frame
from qdextract.output.tables import TABLES, arrow_table, conform, document_row

DOCUMENT_TABLES = ("passages", "claims", "quantities", "entities")
_ENTRY_FILE = "entry.json"
_TMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class DocumentEntry:
    """What the corpus stage needs of one document; its tables stay on disk in `folder`."""

    doc_id: str
    source_path: str
    sha256: str
    row: dict  # its row of the documents table
    info: dict  # its entry in run.json: counts, quantity roles, furniture dropped, stage timings
    folder: str | None = None  # None for a failed document (it has no tables)
    cached: bool = False  # read back from an earlier run
    error: str | None = None


def document_info(r: DocumentResult) -> dict:
    roles: dict[str, int] = {}
    for q in r.quantities:
        roles[q.role] = roles.get(q.role, 0) + 1
    return {
        "doc_id": r.doc_id, "status": "failed" if r.error else "ok", "n_chars": r.n_chars,
        "n_passages": len(r.passages), "n_claims": len(r.claims), "n_entities": len(r.entities),
        "n_quantities": len(r.quantities), "quantities_by_role": dict(sorted(roles.items())),
        "furniture_dropped": [{"text": f.text, "kind": f.kind, "char_start": f.char_start} for f in r.furniture],
        "timings": r.timings,
    }


def failed_entry(r: DocumentResult) -> DocumentEntry:
    return DocumentEntry(r.doc_id, r.source_path, r.sha256, document_row(r), document_info(r), error=r.error)


class DocumentStore:
    """Entries under `root/<code version>/<sha256>-<doc_id>/`."""

    def __init__(self, root: Path | str, code_version: str):
        self.base = Path(root)
        self.root = self.base / code_version

    def _folder(self, sha256: str, doc_id: str) -> Path:
        return self.root / f"{sha256[:32]}-{doc_id}"

    def get(self, sha256: str, doc_id: str, source_path: str) -> DocumentEntry | None:
        """The stored entry, under its current path (a renamed file keeps its entry), or None."""
        folder = self._folder(sha256, doc_id)
        try:
            meta = json.loads((folder / _ENTRY_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not all((folder / f"{t}.parquet").is_file() for t in DOCUMENT_TABLES):
            return None
        row = {**meta["row"], "source_path": source_path}
        return DocumentEntry(doc_id, source_path, sha256, row, meta["info"], str(folder), cached=True)

    def put(self, r: DocumentResult) -> DocumentEntry:
        """Store a document's tables; a failed document is returned as an entry without tables."""
        if r.error:
            return failed_entry(r)
        folder = self._folder(r.sha256, r.doc_id)
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=self.root))
        try:
            rows = {
                "passages": [{**p.to_dict(), "dup_group": None, "is_canonical": True} for p in r.passages],
                "claims": [c.to_dict() for c in r.claims],
                "quantities": [q.to_dict() for q in r.quantities],
                "entities": [e.to_dict() for e in r.entities],
            }
            for name in DOCUMENT_TABLES:
                pq.write_table(arrow_table(name, rows[name]), tmp / f"{name}.parquet")
            entry = DocumentEntry(r.doc_id, r.source_path, r.sha256, document_row(r), document_info(r), str(folder))
            (tmp / _ENTRY_FILE).write_text(json.dumps({"row": entry.row, "info": entry.info}, ensure_ascii=False),
                                           encoding="utf-8")
            if folder.exists():  # a stale or half-checked entry: the new one replaces it whole
                shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return entry

    def prune(self, keep: Iterable[DocumentEntry]) -> int:
        """Drop entries no longer used: other code versions, removed or changed documents, leftovers
        of killed runs. Returns how many folders were removed."""
        kept = {Path(e.folder).name for e in keep if e.folder}
        removed = 0
        if self.base.is_dir():
            for version in self.base.iterdir():
                if version.is_dir() and version != self.root:
                    shutil.rmtree(version, ignore_errors=True)
                    removed += 1
        if self.root.is_dir():
            for folder in self.root.iterdir():
                if folder.name not in kept:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed += 1
        return removed


def load_table(entries: Iterable[DocumentEntry], name: str) -> pd.DataFrame:
    """One per-document table for all entries, in their order, with the table's dtypes."""
    parts = [pq.read_table(Path(e.folder) / f"{name}.parquet") for e in entries if e.folder]
    parts = [p for p in parts if p.num_rows]
    if not parts:
        return empty_frame(name)
    table = pa.concat_tables(parts, promote_options="permissive")
    return conform(name, table.to_pandas())


def load_tables(entries: list[DocumentEntry], names: Iterable[str] = DOCUMENT_TABLES) -> dict[str, pd.DataFrame]:
    """The run's tables as `tables.build_tables` gives them, with the per-document ones among
    `names` read from the store (the others empty)."""
    tables = {name: empty_frame(name) for name in TABLES}
    if entries:
        tables["documents"] = conform("documents", pd.DataFrame.from_records([e.row for e in entries]))
    for name in names:
        tables[name] = load_table(entries, name)
    return tables
