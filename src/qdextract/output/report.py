"""The consistency-check report for people: report.md and a self-contained report.html.

Both are rendered from the output tables alone (documents, passages, claims, findings) plus the
run summary (run.json), so `rebuild_report` can redo them from a finished run. All source text
in the HTML goes through `html.escape`; the page has inline CSS and no script.
"""

from __future__ import annotations

import difflib
import html
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from qdextract.corpus.consistency import REF_SEPARATOR
from qdextract.corpus.dedup import reading_rank
from qdextract.output.tables import records
from qdextract.output.write import atomic_write_text

MAX_GROUPS_SHOWN = 300
MAX_FINDINGS_SHOWN = 1000
REPORT_TABLES = ("documents", "passages", "claims", "findings")
NO_SECTION = "(before the first heading)"


# ---------------------------------------------------------------- what the report shows

@dataclass(frozen=True, slots=True)
class Copy:
    passage_id: str
    doc_id: str
    source: str
    section_path: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportData:
    summary_rows: list[tuple[str, str]]
    findings_by_kind: list[tuple[str, int]]
    furniture: list[tuple[str, str]]  # (document, dropped text)
    groups: list[list[Copy]]
    findings: list[dict[str, Any]]
    passages: dict[str, dict[str, Any]]
    claims: dict[str, dict[str, Any]]


def _frame(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    df = tables.get(name)
    return df if df is not None else pd.DataFrame()


def _records(df: pd.DataFrame, key: str, wanted: set[str]) -> dict[str, dict[str, Any]]:
    """The rows whose `key` a finding refers to, as plain dicts (only those: a large run has far
    more rows than findings)."""
    if df.empty or key not in df:
        return {}
    df = df[df[key].astype(str).isin(wanted)]
    return {str(r[key]): r for r in records(df)}


def _sources(documents: pd.DataFrame) -> dict[str, str]:
    if documents.empty:
        return {}
    return dict(zip(documents["doc_id"].astype(str), documents["source_path"].astype(str)))


def _duplicate_groups(passages: pd.DataFrame, sources: dict[str, str]) -> list[list[Copy]]:
    if passages.empty or "dup_group" not in passages:
        return []
    ranked = passages.assign(_rank=reading_rank(passages).to_numpy())
    ranked = ranked[ranked["dup_group"].notna()].sort_values("_rank", kind="stable")
    groups: dict[str, list[Copy]] = {}  # in the reading order of each group's first copy
    for r in ranked.itertuples():
        groups.setdefault(str(r.dup_group), []).append(
            Copy(str(r.passage_id), str(r.doc_id), sources.get(str(r.doc_id), str(r.doc_id)),
                 str(r.section_path) or NO_SECTION, str(r.text)))
    return list(groups.values())


def _furniture(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """Dropped page furniture per document, from run.json's `documents` entries."""
    out = []
    for source, doc in (summary.get("documents") or {}).items():
        for item in (doc or {}).get("furniture_dropped", []) or []:
            text = item.get("text", "") if isinstance(item, dict) else str(item)
            out.append((str(source), str(text)))
    return out


def collect_report_data(tables: dict[str, pd.DataFrame], summary: dict[str, Any]) -> ReportData:
    documents, passages = _frame(tables, "documents"), _frame(tables, "passages")
    claims, findings = _frame(tables, "claims"), _frame(tables, "findings")
    groups = _duplicate_groups(passages, _sources(documents))
    kinds = Counter(findings["kind"]) if not findings.empty else Counter()
    n_claim_groups = claims["dup_group"].nunique() if "dup_group" in claims else 0
    n_claim_copies = int((claims["is_canonical"] == False).sum()) if "is_canonical" in claims else 0  # noqa: E712
    failed = int((documents["status"] == "failed").sum()) if "status" in documents else 0
    furniture = _furniture(summary)
    summary_rows = [
        ("documents", f"{len(documents)}" + (f" ({failed} failed)" if failed else "")),
        ("passages", str(len(passages))),
        ("claims", str(len(claims))),
        ("duplicate passage groups", f"{len(groups)} ({sum(len(g) - 1 for g in groups)} repeated copies)"),
        ("duplicate claim groups", f"{n_claim_groups} ({n_claim_copies} repeated copies)"),
        ("findings", str(len(findings))),
        ("page furniture dropped", str(len(furniture))),
    ]
    if summary.get("run_id"):
        summary_rows.insert(0, ("run", str(summary["run_id"])))
    ordered_findings = records(findings)
    refs = {ref for f in ordered_findings for ref in str(f.get("refs") or "").split(REF_SEPARATOR)}
    return ReportData(
        summary_rows=summary_rows,
        findings_by_kind=sorted(kinds.items()),
        furniture=furniture,
        groups=groups,
        findings=ordered_findings,
        passages=_records(passages, "passage_id", refs),
        claims=_records(claims, "claim_id", refs),
    )


def _figures_of(finding: dict[str, Any], data: ReportData) -> list[tuple[str, str, str]]:
    """(figure or passage, section path, sentence) for each ref of a finding."""
    out = []
    for ref in str(finding.get("refs") or "").split(REF_SEPARATOR):
        if ref in data.claims:
            c = data.claims[ref]
            out.append((str(c.get("surface")), str(c.get("section_path") or ""), str(c.get("sentence") or "")))
        elif ref in data.passages:
            p = data.passages[ref]
            out.append(("passage", str(p.get("section_path") or ""), str(p.get("text") or "")))
    return out


# ---------------------------------------------------------------- markdown

def _md(text: str) -> str:
    """Source text inside markdown: no line breaks, and characters that would start markup escaped."""
    text = " ".join(str(text).split())
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def _diff(a: str, b: str, escape, deleted: str, inserted: str) -> str:
    """b against a, character by character: kept text escaped, removed and added text marked
    with the `deleted` / `inserted` templates (`{}` is the escaped text)."""
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(a[i1:i2]))
        if op in ("delete", "replace"):
            parts.append(deleted.format(escape(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(inserted.format(escape(b[j1:j2])))
    return "".join(parts)


def _md_diff(a: str, b: str) -> str:
    return _diff(a, b, _md, "~~{}~~", "**{}**")


def render_report_md(tables: dict[str, pd.DataFrame], summary: dict[str, Any]) -> str:
    data = collect_report_data(tables, summary)
    lines = ["# qdextract consistency report", "", "## Summary", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {_md(v)} |" for k, v in data.summary_rows]
    lines += ["", "### Findings by kind", ""]
    lines += [f"- {kind}: {n}" for kind, n in data.findings_by_kind] or ["- none"]
    if data.furniture:
        lines += ["", "### Page furniture dropped", ""]
        lines += [f"- {_md(src)}: `{_md(text)}`" for src, text in data.furniture]
    lines += ["", "## Duplicate passages", ""]
    if not data.groups:
        lines.append("No duplicate passages.")
    for n, group in enumerate(data.groups[:MAX_GROUPS_SHOWN], 1):
        first = group[0]
        lines += [f"### Group {n}: {len(group)} copies", ""]
        lines.append(f"1. {_md(first.source)} [{_md(first.section_path)}]: {_md(first.text)}")
        for c in group[1:]:
            lines.append(f"1. {_md(c.source)} [{_md(c.section_path)}]: {_md_diff(first.text, c.text)}")
        lines.append("")
    if len(data.groups) > MAX_GROUPS_SHOWN:
        lines.append(f"… {len(data.groups) - MAX_GROUPS_SHOWN} more groups in passages.parquet (dup_group).")
    lines += ["", "## Findings", ""]
    if not data.findings:
        lines.append("No findings.")
    for f in data.findings[:MAX_FINDINGS_SHOWN]:
        lines.append(f"- **{_md(f['severity'])}** `{_md(f['kind'])}`: {_md(f['message'])}")
        for figure, path, sentence in _figures_of(f, data):
            lines.append(f"  - {_md(figure)} [{_md(path)}]: {_md(sentence)}")
    if len(data.findings) > MAX_FINDINGS_SHOWN:
        lines.append(f"- … {len(data.findings) - MAX_FINDINGS_SHOWN} more in findings.csv")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- html

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:2rem;color:#222;max-width:1200px}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
table.summary td{padding:.15rem .8rem .15rem 0}table.summary td:first-child{color:#555}
.group{margin:1rem 0;border:1px solid #ddd;border-radius:6px;padding:.6rem}
.copies{display:flex;gap:.6rem;flex-wrap:wrap}
.copy{flex:1 1 280px;background:#fafafa;border:1px solid #eee;border-radius:4px;padding:.5rem;line-height:1.6}
.where{font-size:.8rem;color:#666;margin-bottom:.3rem}
del{background:#fdd;text-decoration:line-through}ins{background:#cfc;text-decoration:none}
.finding{margin:.6rem 0;padding:.5rem .7rem;border-left:4px solid #999;background:#fcfcfc}
.finding.warning{border-color:#e0a000}.finding.error{border-color:#c00}.finding.info{border-color:#39c}
.sev{font-weight:bold;text-transform:uppercase;font-size:.75rem;margin-right:.4rem}
.kind{font-family:monospace;font-size:.85rem;color:#444}
ul.figures{margin:.3rem 0 0 1rem;font-size:.9rem}code{background:#f2f2f2;padding:0 .2rem}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_diff(a: str, b: str) -> str:
    return _diff(a, b, _e, "<del>{}</del>", "<ins>{}</ins>")


def _html_copy(c: Copy, body: str, label: str) -> str:
    return (
        f'<div class="copy"><div class="where">{_e(label)} · {_e(c.source)} · {_e(c.section_path)}'
        f' · <code>{_e(c.passage_id)}</code></div>{body}</div>'
    )


def _html_groups(groups: list[list[Copy]]) -> list[str]:
    out = []
    for n, group in enumerate(groups[:MAX_GROUPS_SHOWN], 1):
        first = group[0]
        cards = [_html_copy(first, _e(first.text), "first")]
        cards += [_html_copy(c, _html_diff(first.text, c.text), f"copy {i}") for i, c in enumerate(group[1:], 1)]
        out.append(f'<div class="group"><b>Group {n}</b> ({len(group)} copies)<div class="copies">{"".join(cards)}</div></div>')
    if len(groups) > MAX_GROUPS_SHOWN:
        out.append(f"<p>… {len(groups) - MAX_GROUPS_SHOWN} more groups in passages.parquet (dup_group).</p>")
    return out


def _html_findings(data: ReportData) -> list[str]:
    out = []
    for f in data.findings[:MAX_FINDINGS_SHOWN]:
        sev = str(f.get("severity"))
        items = "".join(
            f"<li><b>{_e(fig)}</b> <span class=\"where\">[{_e(path)}]</span> {_e(sentence)}</li>"
            for fig, path, sentence in _figures_of(f, data)
        )
        out.append(
            f'<div class="finding {_e(sev)}"><span class="sev">{_e(sev)}</span><span class="kind">{_e(f.get("kind"))}</span>'
            f"<div>{_e(f.get('message'))}</div><ul class=\"figures\">{items}</ul></div>"
        )
    if len(data.findings) > MAX_FINDINGS_SHOWN:
        out.append(f"<p>… {len(data.findings) - MAX_FINDINGS_SHOWN} more in findings.csv</p>")
    return out


def render_report_html(tables: dict[str, pd.DataFrame], summary: dict[str, Any]) -> str:
    data = collect_report_data(tables, summary)
    rows = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in data.summary_rows)
    kinds = "".join(f"<li><code>{_e(k)}</code>: {n}</li>" for k, n in data.findings_by_kind) or "<li>none</li>"
    furniture = "".join(f"<li>{_e(src)}: <code>{_e(text)}</code></li>" for src, text in data.furniture)
    body = [
        "<h1>qdextract consistency report</h1>",
        f'<h2>Summary</h2><table class="summary">{rows}</table>',
        f"<h3>Findings by kind</h3><ul>{kinds}</ul>",
        f"<h3>Page furniture dropped</h3><ul>{furniture}</ul>" if furniture else "",
        "<h2>Duplicate passages</h2>",
        *(_html_groups(data.groups) or ["<p>No duplicate passages.</p>"]),
        "<h2>Findings</h2>",
        *(_html_findings(data) or ["<p>No findings.</p>"]),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>qdextract consistency report</title>"
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


# ---------------------------------------------------------------- rebuild from a finished run

def read_report_inputs(out_dir: Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    out_dir = Path(out_dir)
    tables = {}
    for name in REPORT_TABLES:
        path = out_dir / f"{name}.parquet"
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such table; run `qdextract run --out {out_dir}` first")
        tables[name] = pd.read_parquet(path)
    run_json = out_dir / "run.json"
    summary = json.loads(run_json.read_text("utf-8")) if run_json.exists() else {}
    return tables, summary


def rebuild_report(out_dir: Path) -> None:
    """Rewrite report.md and report.html in out_dir from the tables and run.json found there."""
    tables, summary = read_report_inputs(Path(out_dir))
    atomic_write_text(Path(out_dir) / "report.md", render_report_md(tables, summary))
    atomic_write_text(Path(out_dir) / "report.html", render_report_html(tables, summary))


__all__ = ["rebuild_report", "render_report_html", "render_report_md"]
