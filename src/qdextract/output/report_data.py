"""What the consistency report shows, collected once from the tables and shared by the Markdown
and HTML renderers (one diff per group, computed here).

Everything here is bounded, whatever the corpus: a fixed number of groups, findings, documents,
matrix rows and charts, each text cut to a fixed length. What is left out is counted, so the
report can say how many more are in `findings.parquet` / `passages.parquet`.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import pandas as pd

from qdextract.corpus.boilerplate import BOILERPLATE
from qdextract.corpus.finding import REF_SEPARATOR
from qdextract.corpus.grouping import reading_rank
from qdextract.models import SEVERITIES
from qdextract.output.tables import records

MAX_GROUPS_SHOWN = 40          # duplicate groups shown with their diffs
MAX_COPIES_SHOWN = 6           # copies shown per group
MAX_FINDINGS_SHOWN = 60        # findings shown per severity
MAX_TOP = 10                   # documents with most repeats, most repeated passages
MAX_MATRIX_DOCS = 20           # documents in the matrix of shared passages
MAX_CHARTS = 12                # conflicting metrics charted
MAX_TEXT = 300                 # characters of a passage shown
MAX_MESSAGE = 700              # characters of a finding's message shown
MAX_FURNITURE = 30
SEVERITY_ORDER = {s: i for i, s in enumerate(reversed(SEVERITIES))}  # error first
NO_SECTION = "(before the first heading)"


def cut(text: Any, n: int) -> str:
    text = " ".join(str(text if text is not None else "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass(frozen=True, slots=True)
class Copy:
    passage_id: str
    doc_id: str
    source: str
    section_path: str
    text: str
    diff: tuple[tuple[str, str], ...] = ()  # (equal | delete | insert, text) against the first copy


@dataclass(frozen=True, slots=True)
class Group:
    group_id: str
    finding_id: str | None
    severity: str
    n_copies: int
    n_docs: int
    copies: tuple[Copy, ...]


@dataclass(frozen=True, slots=True)
class Shown:
    """A finding as shown: its row, and the figures or passages it refers to."""

    finding: dict[str, Any]
    figures: tuple[tuple[str, str, str], ...]  # (figure or "passage", section path, sentence)


@dataclass(frozen=True, slots=True)
class ChartPoint:
    label: str      # the document's short name
    period: str
    value: float
    surface: str


@dataclass(frozen=True, slots=True)
class Chart:
    metric: str
    subject: str
    unit: str
    severity: str
    points: tuple[ChartPoint, ...]


@dataclass(slots=True)
class ReportData:
    summary_rows: list[tuple[str, str]]
    counts: list[tuple[str, dict[str, int]]]              # kind -> severity -> count
    boilerplate: tuple[int, int, list[tuple[str, int]]]   # groups, passages, examples (text, copies)
    top_documents: list[tuple[str, int, int]]             # source, repeated passages, groups
    top_passages: list[tuple[str, int, int]]              # text, copies, documents
    groups: list[Group]
    n_groups: int
    sections: dict[str, list[Shown]]                      # severity -> findings shown
    n_findings: dict[str, int]                            # severity -> findings in all
    matrix: tuple[list[str], list[list[int]]]             # labels, counts (diagonal: within a document)
    n_matrix_docs: int
    charts: list[Chart]
    furniture: list[tuple[str, str]]
    n_furniture: int
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- helpers

def _frame(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    df = tables.get(name)
    return df if df is not None else pd.DataFrame()


def short_name(source: str) -> str:
    return PurePath(str(source)).name or str(source)


def diff_segments(a: str, b: str) -> tuple[tuple[str, str], ...]:
    """b against a, character by character: equal, deleted (from a) and inserted (into b) runs."""
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", a[i1:i2]))
        if op in ("delete", "replace"):
            out.append(("delete", a[i1:i2]))
        if op in ("insert", "replace"):
            out.append(("insert", b[j1:j2]))
    return tuple(out)


def _sorted_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """Errors first, then warnings, then info; within each, the findings with most refs first."""
    if findings.empty:
        return findings
    order = findings.assign(
        _sev=findings["severity"].map(SEVERITY_ORDER).fillna(len(SEVERITY_ORDER)),
        _size=findings["refs"].astype(str).str.count(REF_SEPARATOR) + 1,
    )
    return order.sort_values(["_sev", "_size", "kind", "finding_id"], ascending=[True, False, True, True],
                             kind="stable").drop(columns=["_sev", "_size"])


# ---------------------------------------------------------------- duplicate groups

def _group_frames(passages: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(members of copy groups, members of boilerplate groups), in reading order."""
    if passages.empty or "dup_group" not in passages:
        return passages.iloc[:0], passages.iloc[:0]
    marked = passages[passages["dup_group"].notna()]
    marked = marked.assign(_rank=reading_rank(passages)[marked.index].to_numpy()).sort_values("_rank", kind="stable")
    boiler = marked["dup_kind"] == BOILERPLATE if "dup_kind" in marked else pd.Series(False, index=marked.index)
    return marked[~boiler], marked[boiler]


def _groups(copies: pd.DataFrame, sources: dict[str, str], group_findings: dict[str, tuple[str, str]]) -> tuple[list[Group], int]:
    if copies.empty:
        return [], 0
    sizes = copies.groupby("dup_group", sort=False).agg(n=("passage_id", "size"), docs=("doc_id", "nunique"))
    sizes["sev"] = [SEVERITY_ORDER.get(group_findings.get(g, ("", "info"))[1], 9) for g in sizes.index]
    first_seen = {g: i for i, g in enumerate(dict.fromkeys(copies["dup_group"]))}
    sizes["first"] = [first_seen[g] for g in sizes.index]
    chosen = sizes.sort_values(["sev", "n", "docs", "first"], ascending=[True, False, False, True]).head(MAX_GROUPS_SHOWN)
    rows = copies[copies["dup_group"].isin(set(chosen.index))]
    members: dict[str, list[dict]] = {g: [] for g in chosen.index}
    for r in records(rows[["passage_id", "doc_id", "section_path", "text", "dup_group"]]):
        members[r["dup_group"]].append(r)
    out = []
    for g, row in chosen.iterrows():
        shown = members[g][:MAX_COPIES_SHOWN]
        first = cut(shown[0]["text"], MAX_TEXT)
        built = []
        for i, m in enumerate(shown):
            text = cut(m["text"], MAX_TEXT)
            built.append(Copy(m["passage_id"], m["doc_id"], short_name(sources.get(m["doc_id"], m["doc_id"])),
                              m["section_path"] or NO_SECTION, text, () if i == 0 else diff_segments(first, text)))
        fid, sev = group_findings.get(str(g), (None, "info"))
        out.append(Group(str(g), fid, sev, int(row["n"]), int(row["docs"]), tuple(built)))
    return out, len(sizes)


def _group_findings(findings: pd.DataFrame, passages: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """dup_group -> (finding_id, severity) of the duplicate_passage finding that reports the group."""
    if findings.empty or passages.empty or "dup_group" not in passages:
        return {}
    dup = findings[findings["kind"] == "duplicate_passage"]
    first_ref = dup["refs"].astype(str).str.split(REF_SEPARATOR).str[0]
    group_of = passages.set_index("passage_id")["dup_group"]
    out = {}
    for fid, sev, ref, message in zip(dup["finding_id"], dup["severity"], first_ref, dup["message"]):
        g = group_of.get(ref)
        if isinstance(g, str) and str(message).startswith("passage stated"):
            out[g] = (str(fid), str(sev))
    return out


def _boilerplate(boiler: pd.DataFrame) -> tuple[int, int, list[tuple[str, int]]]:
    if boiler.empty:
        return 0, 0, []
    sizes = boiler.groupby("dup_group", sort=False)["passage_id"].size().sort_values(ascending=False, kind="stable")
    first_text = boiler.drop_duplicates("dup_group").set_index("dup_group")["text"]
    examples = [(cut(first_text[g], 40), int(n)) for g, n in sizes.head(5).items()]
    return len(sizes), len(boiler), examples


def _top_documents(copies: pd.DataFrame, sources: dict[str, str]) -> list[tuple[str, int, int]]:
    if copies.empty:
        return []
    per = copies.groupby("doc_id").agg(n=("passage_id", "size"), groups=("dup_group", "nunique"))
    per = per.sort_values(["n", "groups"], ascending=False, kind="stable").head(MAX_TOP)
    return [(short_name(sources.get(d, d)), int(r.n), int(r.groups)) for d, r in per.iterrows()]


def _top_passages(copies: pd.DataFrame) -> list[tuple[str, int, int]]:
    if copies.empty:
        return []
    per = copies.groupby("dup_group", sort=False).agg(n=("passage_id", "size"), docs=("doc_id", "nunique"), text=("text", "first"))
    per = per.sort_values(["n", "docs"], ascending=False, kind="stable").head(MAX_TOP)
    return [(cut(r.text, 80), int(r.n), int(r.docs)) for r in per.itertuples()]


def _matrix(copies: pd.DataFrame, sources: dict[str, str]) -> tuple[tuple[list[str], list[list[int]]], int]:
    """Groups shared by each pair of the documents with most repeats; the diagonal counts groups
    repeated within one document."""
    if copies.empty:
        return ([], []), 0
    per_doc = copies.groupby("doc_id")["dup_group"].nunique().sort_values(ascending=False, kind="stable")
    docs = list(per_doc.index[:MAX_MATRIX_DOCS])
    index = {d: i for i, d in enumerate(docs)}
    counts = [[0] * len(docs) for _ in docs]
    for _, members in copies[copies["doc_id"].isin(index)].groupby("dup_group", sort=False)["doc_id"]:
        seen = Counter(members)
        present = sorted(seen, key=index.__getitem__)
        for i, a in enumerate(present):
            if seen[a] > 1:
                counts[index[a]][index[a]] += 1
            for b in present[i + 1:]:
                counts[index[a]][index[b]] += 1
                counts[index[b]][index[a]] += 1
    labels = [short_name(sources.get(d, d)) for d in docs]
    return (labels, counts), len(per_doc)


def _charts(sorted_findings: pd.DataFrame, claims: pd.DataFrame, sources: dict[str, str]) -> list[Chart]:
    """For each conflicting metric (errors first), its figures by document and period."""
    conflicts = sorted_findings[sorted_findings["kind"] == "conflicting_figures"] if not sorted_findings.empty else sorted_findings
    if conflicts.empty or claims.empty:
        return []
    refs = conflicts["refs"].astype(str).str.split(REF_SEPARATOR)
    wanted = {r for rs in refs for r in rs}
    rows = {c["claim_id"]: c for c in records(claims[claims["claim_id"].isin(wanted)][
        ["claim_id", "doc_id", "metric_norm", "subject_norm", "period", "value", "unit", "surface"]])}
    charts: dict[tuple, tuple[str, dict[str, ChartPoint]]] = {}
    for sev, rs in zip(conflicts["severity"], refs):
        cs = [rows[r] for r in rs if r in rows and rows[r].get("value") is not None]
        if not cs:
            continue
        key = (cs[0].get("metric_norm"), cs[0].get("subject_norm"), cs[0].get("unit"))
        if key not in charts:
            if len(charts) >= MAX_CHARTS:
                continue
            charts[key] = (str(sev), {})
        for c in cs:
            charts[key][1][c["claim_id"]] = ChartPoint(short_name(sources.get(c["doc_id"], c["doc_id"])),
                                                       str(c.get("period") or "?"), float(c["value"]), str(c["surface"]))
    return [Chart(str(m), str(s or ""), str(u or ""), sev, tuple(points.values()))
            for (m, s, u), (sev, points) in charts.items()]


def _shown(chosen: pd.DataFrame, passages: pd.DataFrame, claims: pd.DataFrame) -> list[Shown]:
    rows = records(chosen[["finding_id", "kind", "severity", "doc_ids", "refs", "message"]])
    refs = {r for f in rows for r in str(f["refs"]).split(REF_SEPARATOR)}
    p_rows = {} if passages.empty else {p["passage_id"]: p for p in records(
        passages[passages["passage_id"].isin(refs)][["passage_id", "section_path", "text"]])}
    c_rows = {} if claims.empty else {c["claim_id"]: c for c in records(
        claims[claims["claim_id"].isin(refs)][["claim_id", "surface", "section_path", "sentence"]])}
    out = []
    for f in rows:
        figures = []
        for ref in str(f["refs"]).split(REF_SEPARATOR)[:MAX_COPIES_SHOWN]:
            if ref in c_rows:
                c = c_rows[ref]
                figures.append((str(c["surface"]), str(c.get("section_path") or ""), cut(c.get("sentence"), MAX_TEXT)))
            elif ref in p_rows:
                p = p_rows[ref]
                figures.append(("passage", str(p.get("section_path") or ""), cut(p.get("text"), MAX_TEXT)))
        f = {**f, "message": cut(f["message"], MAX_MESSAGE)}
        out.append(Shown(f, tuple(figures)))
    return out


def _furniture(summary: dict[str, Any]) -> tuple[list[tuple[str, str]], int]:
    """Dropped page furniture per document, from run.json's `documents` entries."""
    out = []
    for source, doc in (summary.get("documents") or {}).items():
        for item in (doc or {}).get("furniture_dropped", []) or []:
            text = item.get("text", "") if isinstance(item, dict) else str(item)
            out.append((short_name(source), cut(text, 80)))
    return out[:MAX_FURNITURE], len(out)


# ---------------------------------------------------------------- the whole

def collect_report_data(tables: dict[str, pd.DataFrame], summary: dict[str, Any]) -> ReportData:
    documents, passages = _frame(tables, "documents"), _frame(tables, "passages")
    claims, findings = _frame(tables, "claims"), _frame(tables, "findings")
    sources = dict(zip(documents["doc_id"].astype(str), documents["source_path"].astype(str))) if not documents.empty else {}
    copies, boiler = _group_frames(passages)
    group_findings = _group_findings(findings, passages)
    groups, n_groups = _groups(copies, sources, group_findings)
    ordered = _sorted_findings(findings)
    # group findings are shown with their diffs; the sections list the others
    grouped_ids = {fid for fid, _ in group_findings.values()}
    others = ordered[~ordered["finding_id"].isin(grouped_ids)] if not ordered.empty else ordered
    sections, n_findings = {}, {}
    for sev in reversed(SEVERITIES):
        these = others[others["severity"] == sev] if not others.empty else others
        n_findings[sev] = len(these)
        sections[sev] = _shown(these.head(MAX_FINDINGS_SHOWN), passages, claims) if len(these) else []
    counts: dict[str, dict[str, int]] = {}
    if not findings.empty:
        for (kind, sev), n in findings.groupby(["kind", "severity"]).size().items():
            counts.setdefault(str(kind), {})[str(sev)] = int(n)
    failed = int((documents["status"] == "failed").sum()) if "status" in documents else 0
    furniture, n_furniture = _furniture(summary)
    n_claim_groups = claims["dup_group"].nunique() if "dup_group" in claims else 0
    bp = _boilerplate(boiler)
    summary_rows = [
        ("documents", f"{len(documents)}" + (f" ({failed} failed)" if failed else "")),
        ("passages", str(len(passages))),
        ("claims", str(len(claims))),
        ("duplicate passage groups", f"{n_groups} ({len(copies) - n_groups} repeated copies), plus {bp[0]} boilerplate"),
        ("duplicate claim groups", str(n_claim_groups)),
        ("findings", ", ".join(f"{n_findings_all} {sev}" for sev, n_findings_all in
                               ((s, int((findings["severity"] == s).sum()) if not findings.empty else 0)
                                for s in reversed(SEVERITIES)))),
        ("page furniture dropped", str(n_furniture)),
    ]
    if summary.get("run_id"):
        summary_rows.insert(0, ("run", str(summary["run_id"])))
    matrix, n_matrix_docs = _matrix(copies, sources)
    return ReportData(
        summary_rows=summary_rows,
        counts=sorted(counts.items()),
        boilerplate=bp,
        top_documents=_top_documents(copies, sources),
        top_passages=_top_passages(copies),
        groups=groups,
        n_groups=n_groups,
        sections=sections,
        n_findings=n_findings,
        matrix=matrix,
        n_matrix_docs=n_matrix_docs,
        charts=_charts(ordered, claims, sources),
        furniture=furniture,
        n_furniture=n_furniture,
    )


__all__ = ["MAX_FINDINGS_SHOWN", "MAX_GROUPS_SHOWN", "ReportData", "collect_report_data", "cut", "diff_segments"]
