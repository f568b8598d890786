"""What a run did, said for operators: one row per document, the rejected rows by table and check,
the message of a run that lost data, its warning lines and its one summary line.

Pure functions of a run's entries, rejected rows and summary; the CLI prints them, the Prefect flow
logs them, sets its final state from them and publishes them as artifacts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from qdextract.output.store import DocumentEntry
    from qdextract.run.pipeline import RunSummary

NAMED_IN_MESSAGE = 3  # problems a failed run's state message names; run.json lists them all


def rejected_by_table(rejected: pd.DataFrame) -> dict[str, dict[str, int]]:
    """{table: {check: rows}} over the rejected rows, tables and checks in sorted order."""
    out: dict[str, dict[str, int]] = {}
    for (table, check), n in rejected.groupby(["table", "check"]).size().sort_index().items():
        out.setdefault(str(table), {})[str(check)] = int(n)
    return out


def rejected_by_document(rejected: pd.DataFrame) -> dict[str, int]:
    """{doc_id: rows} over the rejected rows that name a document."""
    counts: Counter[str] = Counter()
    for row in rejected["row"]:
        try:
            doc_id = json.loads(row).get("doc_id")
        except (TypeError, ValueError, AttributeError):
            continue
        if doc_id:
            counts[str(doc_id)] += 1
    return dict(counts)


def document_rows(entries: Iterable[DocumentEntry], documents_info: dict[str, dict],
                  discovery_problems: Iterable[str]) -> list[dict]:
    """One row per file the run saw: its status, claims, rejected rows, whether it came from the
    document store, and its error. Files skipped at discovery (links out of the folder) come last."""
    rows = []
    for e in entries:
        info = documents_info.get(e.source_path, {})
        rows.append({"file": e.source_path, "status": "failed" if e.error else "ok",
                     "claims": int(info.get("n_claims", 0)), "rejected": int(info.get("n_rejected", 0)),
                     "from_cache": bool(e.cached), "error": e.error or ""})
    for problem in discovery_problems:
        rows.append({"file": problem.partition(": ")[0], "status": "skipped", "claims": 0, "rejected": 0,
                     "from_cache": False, "error": problem})
    return rows


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def counts_phrase(summary: RunSummary) -> str:
    """'1 of 3 documents failed, 14 rows rejected' (and skipped files, when any)."""
    docs = [d for d in summary.documents if d["status"] != "skipped"]
    failed = sum(d["status"] == "failed" for d in docs)
    skipped = len(summary.documents) - len(docs)
    rejected = sum(summary.rejected.get(t, {}).get(c, 0) for t in summary.rejected for c in summary.rejected[t])
    phrase = f"{failed} of {_plural(len(docs), 'document')} failed, {_plural(rejected, 'row')} rejected"
    if skipped:
        phrase += f", {_plural(skipped, 'file')} skipped"
    return phrase


def failure_message(summary: RunSummary, limit: int = NAMED_IN_MESSAGE) -> str:
    """The final state's message of a run with problems: the counts, then the first few problems."""
    named = "; ".join(summary.problems[:limit])
    more = len(summary.problems) - limit
    tail = f"; and {more} more (see run.json)" if more > 0 else ""
    return f"{counts_phrase(summary)}: {named}{tail}"


def warning_lines(summary: RunSummary) -> list[str]:
    """One line per failed document, skipped file and table with rejected rows, naming the file or
    table and the reason."""
    lines = []
    for d in summary.documents:
        if d["status"] == "failed":
            lines.append(f"document failed: {d['error']}")
        elif d["status"] == "skipped":
            lines.append(f"file skipped: {d['error']}")
    by_doc = {d["file"]: d["rejected"] for d in summary.documents if d["rejected"]}
    for table, checks in summary.rejected.items():
        rows = sum(checks.values())
        detail = ", ".join(f"{check}: {n}" for check, n in checks.items())
        lines.append(f"{table}: {_plural(rows, 'row')} rejected by validation ({detail}); "
                     f"see {summary.out_dir / 'rejected.csv'}")
    if by_doc:
        lines.append("rejected rows by document: " + ", ".join(f"{f}: {n}" for f, n in by_doc.items()))
    return lines


def summary_line(summary: RunSummary) -> str:
    """The run's counts and timings on one line."""
    docs = [d for d in summary.documents if d["status"] != "skipped"]
    ok = sum(d["status"] == "ok" for d in docs)
    cached = sum(d["from_cache"] for d in docs)
    counts = ", ".join(f"{n} {name}" for name, n in summary.counts.items() if name != "documents")
    stages = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in summary.timings.items()
                       if stage != "outputs_reused")
    reused = "; outputs unchanged, kept" if summary.timings.get("outputs_reused") else ""
    return (f"run {summary.run_id}: {_plural(len(docs), 'document')} ({ok} ok, {len(docs) - ok} failed, "
            f"{cached} from the document store); {counts}; {stages}{reused}; tables in {summary.out_dir}")


class RunProblems(Exception):
    """A run that wrote its outputs but lost documents or rows: the Prefect flow's Failed state
    carries it, with the run's summary."""

    def __init__(self, message: str, summary: RunSummary):
        super().__init__(message)
        self.summary = summary

    def __reduce__(self):  # pickled with its summary (Prefect may persist a state's data)
        return (type(self), (str(self), self.summary))
