"""The consistency-check report for people: report.md and a self-contained report.html.

Both are rendered from one `ReportData` (`qdextract.output.report_data`), collected from the output
tables (documents, passages, claims, findings) plus the run summary (run.json), so
`rebuild_report` can redo them from a finished run. The report reads top down:

1. a summary: counts by kind and severity, boilerplate in one line, the documents with most
   repeats and the most repeated passages;
2. the errors, then the warnings;
3. pictures: which documents share passages (a matrix), and each conflicting metric's figures by
   document and period (inline SVG);
4. the largest duplicate groups, each copy marked against the first (one diff, both renderers);
5. the other findings.

Every section is bounded and says how many more entries `findings.parquet` holds; every finding
shows its id. All source text in the HTML goes through `html.escape`; the page has inline CSS and
SVG and no script.
"""

from __future__ import annotations

import html
import json
import weakref
from pathlib import Path
from typing import Any

import pandas as pd

from qdextract.models import SEVERITIES
from qdextract.output.report_data import (
    Copy,
    Group,
    ReportData,
    Shown,
    collect_report_data,
)
from qdextract.output.report_svg import chart_svg, matrix_svg
from qdextract.output.write import atomic_write_text

REPORT_TABLES = ("documents", "passages", "claims", "findings")
SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Other findings"}
_last: tuple[tuple, str, ReportData] | None = None


def report_data(tables: dict[str, pd.DataFrame], summary: dict[str, Any]) -> ReportData:
    """The report's data, collected once for both renderers: the pipeline renders Markdown and
    HTML from the same tables one after the other. The cache holds weak references only, so it
    never keeps a run's tables alive, and frames that are gone never match."""
    global _last
    frames = tuple(tables.get(n) for n in REPORT_TABLES)
    stamp = json.dumps(summary, sort_keys=True, default=str)
    if _last is not None and _last[1] == stamp and all(
        (ref is None and f is None) or (ref is not None and ref() is f) for ref, f in zip(_last[0], frames)
    ):
        return _last[2]
    data = collect_report_data(tables, summary)
    _last = (tuple(None if f is None else weakref.ref(f) for f in frames), stamp, data)
    return data


def _more(shown: int, total: int, where: str) -> str | None:
    return f"… {total - shown} more in {where}" if total > shown else None


# ---------------------------------------------------------------- markdown

def _md(text: Any) -> str:
    """Source text inside markdown: no line breaks, and characters that would start markup escaped."""
    text = " ".join(str(text).split())
    for ch in "\\`*_[]<>|#~":
        text = text.replace(ch, "\\" + ch)
    return text


def _code(text: Any) -> str:
    """An id or a kind as Markdown code: nothing is escaped inside backticks, so none may appear."""
    return "`" + str(text).replace("`", "'") + "`"


_MD_MARKS = {"equal": "{}", "delete": "~~{}~~", "insert": "**{}**"}
_HTML_MARKS = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}


def _render_diff(segments: tuple[tuple[str, str], ...], escape, marks: dict[str, str]) -> str:
    return "".join(marks[op].format(escape(text)) for op, text in segments if text.strip() or op == "equal")


def _md_finding(s: Shown) -> list[str]:
    f = s.finding
    lines = [f"- **{_md(f['severity'])}** {_code(f['kind'])} {_code(f['finding_id'])}: {_md(f['message'])}"]
    lines += [f"  - {_md(fig)} [{_md(path)}]: {_md(sentence)}" for fig, path, sentence in s.figures]
    return lines


def _md_group(n: int, g: Group) -> list[str]:
    fid = f" {_code(g.finding_id)}" if g.finding_id else ""
    lines = [f"### Group {n}: {g.n_copies} copies in {g.n_docs} document(s){fid}", ""]
    first = g.copies[0]
    lines.append(f"1. {_md(first.source)} [{_md(first.section_path)}]: {_md(first.text)}")
    for c in g.copies[1:]:
        lines.append(f"1. {_md(c.source)} [{_md(c.section_path)}]: {_render_diff(c.diff, _md, _MD_MARKS)}")
    if g.n_copies > len(g.copies):
        lines.append(f"1. … {g.n_copies - len(g.copies)} more copies in passages.parquet (dup_group {_code(g.group_id)})")
    return lines + [""]


def render_report_md(tables: dict[str, pd.DataFrame], summary: dict[str, Any]) -> str:
    data = report_data(tables, summary)
    out = ["# qdextract consistency report", "", "## Summary", "", "| | |", "|---|---|"]
    out += [f"| {k} | {_md(v)} |" for k, v in data.summary_rows]
    out += ["", "### Findings by kind and severity", "", "| kind | " + " | ".join(reversed(SEVERITIES)) + " |",
            "|---|" + "---|" * len(SEVERITIES)]
    out += [f"| {_code(kind)} | " + " | ".join(str(by.get(s, 0)) for s in reversed(SEVERITIES)) + " |" for kind, by in data.counts]
    out += ["", _md_boilerplate(data), ""]
    if data.top_documents:
        out += ["### Documents with most repeats", "", "| document | repeated passages | groups |", "|---|---|---|"]
        out += [f"| {_md(d)} | {n} | {g} |" for d, n, g in data.top_documents] + [""]
    if data.top_passages:
        out += ["### Most repeated passages", "", "| passage | copies | documents |", "|---|---|---|"]
        out += [f"| {_md(t)} | {n} | {d} |" for t, n, d in data.top_passages] + [""]
    for sev in ("error", "warning"):
        out += _md_section(data, sev)
    if data.matrix[0]:
        labels, counts = data.matrix
        out += ["## Documents that share passages", "", "Duplicate groups shared by each pair of documents (diagonal: "
                "groups repeated inside one document)" + (f"; the {len(labels)} of {data.n_matrix_docs} documents with most repeats"
                                                            if data.n_matrix_docs > len(labels) else "") + ".", ""]
        out += ["| | " + " | ".join(str(i + 1) for i in range(len(labels))) + " |", "|---|" + "---|" * len(labels)]
        out += [f"| {i + 1}. {_md(label)} | " + " | ".join(str(v) if v else "·" for v in row) + " |"
                for i, (label, row) in enumerate(zip(labels, counts))] + [""]
    if data.charts:
        out += ["## Conflicting figures by document and period", ""]
        for chart in data.charts:
            out += [f"- **{_md(chart.metric)}** ({_md(chart.subject)}, {_md(chart.unit)}): "
                    + "; ".join(f"{_md(p.label)} {_md(p.period)} {_md(p.surface)}" for p in chart.points)]
        out.append("")
    out += ["## Duplicate passages", ""]
    if not data.groups:
        out.append("No duplicate passages beyond boilerplate.")
    for n, group in enumerate(data.groups, 1):
        out += _md_group(n, group)
    if (more := _more(len(data.groups), data.n_groups, "passages.parquet (dup_group)")):
        out.append(more)
    out += [""] + _md_section(data, "info")
    if data.furniture:
        out += ["## Page furniture dropped", ""]
        out += [f"- {_md(src)}: `{_md(text)}`" for src, text in data.furniture]
        if (more := _more(len(data.furniture), data.n_furniture, "run.json (documents, furniture_dropped)")):
            out.append(f"- {more}")
    return "\n".join(out) + "\n"


def _md_boilerplate(data: ReportData) -> str:
    groups, passages, examples = data.boilerplate
    if not groups:
        return "Boilerplate: none."
    shown = ", ".join(f"«{_md(text)}» ×{n}" for text, n in examples)
    return (f"Boilerplate: {groups} groups ({passages} passages) of set phrases, salutations and headings, "
            f"e.g. {shown}; not listed (dup_kind = boilerplate in passages.parquet).")


def _md_section(data: ReportData, severity: str) -> list[str]:
    shown, total = data.sections[severity], data.n_findings[severity]
    out = [f"## {SEVERITY_TITLES[severity]} ({total})", ""]
    if not shown:
        return out + ["None.", ""]
    for s in shown:
        out += _md_finding(s)
    if (more := _more(len(shown), total, f"findings.parquet (severity {severity})")):
        out.append(f"- {more}")
    return out + [""]


# ---------------------------------------------------------------- html

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:2rem;color:#222;max-width:1200px}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse}td,th{padding:.15rem .7rem .15rem 0;text-align:left;vertical-align:top}
table.counts td,table.counts th{border-bottom:1px solid #eee;padding:.15rem .6rem}table.counts td.n{text-align:right}
td.error{color:#c00;font-weight:bold}td.warning{color:#a66b00;font-weight:bold}
.cols{display:flex;gap:2rem;flex-wrap:wrap}.cols>div{flex:1 1 380px}
.group{margin:1rem 0;border:1px solid #ddd;border-radius:6px;padding:.6rem}
.copies{display:flex;gap:.6rem;flex-wrap:wrap}
.copy{flex:1 1 280px;background:#fafafa;border:1px solid #eee;border-radius:4px;padding:.5rem;line-height:1.6}
.where{font-size:.8rem;color:#666;margin-bottom:.3rem}
del{background:#fdd;text-decoration:line-through}ins{background:#cfc;text-decoration:none}
.finding{margin:.6rem 0;padding:.5rem .7rem;border-left:4px solid #999;background:#fcfcfc}
.finding.warning{border-color:#e0a000}.finding.error{border-color:#c00}.finding.info{border-color:#39c}
.sev{font-weight:bold;text-transform:uppercase;font-size:.75rem;margin-right:.4rem}
.kind{font-family:monospace;font-size:.85rem;color:#444}.fid{font-family:monospace;font-size:.75rem;color:#888;margin-left:.5rem}
ul.figures{margin:.3rem 0 0 1rem;font-size:.9rem}code{background:#f2f2f2;padding:0 .2rem}
.more{color:#555;font-style:italic}.charts{display:flex;flex-wrap:wrap;gap:1rem}
.chartbox{border:1px solid #eee;border-radius:4px;padding:.4rem}.chartbox h4{margin:.1rem 0 .3rem;font-size:.9rem}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_copy(c: Copy, body: str, label: str) -> str:
    return (f'<div class="copy"><div class="where">{_e(label)} · {_e(c.source)} · {_e(c.section_path)}'
            f' · <code>{_e(c.passage_id)}</code></div>{body}</div>')


def _html_group(n: int, g: Group) -> str:
    first = g.copies[0]
    cards = [_html_copy(first, _e(first.text), "first")]
    cards += [_html_copy(c, _render_diff(c.diff, _e, _HTML_MARKS), f"copy {i}") for i, c in enumerate(g.copies[1:], 1)]
    more = (f'<p class="more">… {g.n_copies - len(g.copies)} more copies in passages.parquet '
            f'(dup_group <code>{_e(g.group_id)}</code>)</p>') if g.n_copies > len(g.copies) else ""
    fid = f'<span class="fid">{_e(g.finding_id)}</span>' if g.finding_id else ""
    return (f'<div class="group"><b>Group {n}</b>: {g.n_copies} copies in {g.n_docs} document(s){fid}'
            f'<div class="copies">{"".join(cards)}</div>{more}</div>')


def _html_finding(s: Shown) -> str:
    f = s.finding
    sev = str(f.get("severity"))
    items = "".join(f'<li><b>{_e(fig)}</b> <span class="where">[{_e(path)}]</span> {_e(sentence)}</li>'
                    for fig, path, sentence in s.figures)
    return (f'<div class="finding {_e(sev)}"><span class="sev">{_e(sev)}</span><span class="kind">{_e(f.get("kind"))}</span>'
            f'<span class="fid">{_e(f.get("finding_id"))}</span><div>{_e(f.get("message"))}</div>'
            f'<ul class="figures">{items}</ul></div>')


def _html_section(data: ReportData, severity: str) -> str:
    shown, total = data.sections[severity], data.n_findings[severity]
    body = "".join(_html_finding(s) for s in shown) or "<p>None.</p>"
    more = _more(len(shown), total, f"findings.parquet (severity {severity})")
    tail = f'<p class="more">{_e(more)}</p>' if more else ""
    return f'<h2 id="{severity}">{_e(SEVERITY_TITLES[severity])} ({total})</h2>{body}{tail}'


def _html_summary(data: ReportData) -> str:
    rows = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in data.summary_rows)
    head = "".join(f"<th>{_e(s)}</th>" for s in reversed(SEVERITIES))
    counts = "".join(
        f"<tr><td><code>{_e(kind)}</code></td>"
        + "".join(f'<td class="n {s if by.get(s) else ""}">{by.get(s, 0)}</td>' for s in reversed(SEVERITIES)) + "</tr>"
        for kind, by in data.counts)
    docs = "".join(f"<tr><td>{_e(d)}</td><td>{n}</td><td>{g}</td></tr>" for d, n, g in data.top_documents)
    texts = "".join(f"<tr><td>{_e(t)}</td><td>{n}</td><td>{d}</td></tr>" for t, n, d in data.top_passages)
    return (
        f'<h2>Summary</h2><div class="cols"><div><table class="summary">{rows}</table></div>'
        f'<div><table class="counts"><tr><th>kind</th>{head}</tr>{counts}</table></div></div>'
        f"<p>{_e(_md_boilerplate(data).replace(chr(92), ''))}</p>"
        + (f'<div class="cols"><div><h3>Documents with most repeats</h3><table class="counts"><tr><th>document</th>'
           f"<th>repeated passages</th><th>groups</th></tr>{docs}</table></div>" if docs else "<div class=\"cols\">")
        + (f'<div><h3>Most repeated passages</h3><table class="counts"><tr><th>passage</th><th>copies</th>'
           f"<th>documents</th></tr>{texts}</table></div>" if texts else "")
        + "</div>"
    )


def _html_pictures(data: ReportData) -> str:
    out = []
    labels, counts = data.matrix
    if labels:
        note = (f" (the {len(labels)} of {data.n_matrix_docs} documents with most repeats)"
                if data.n_matrix_docs > len(labels) else "")
        out.append(f"<h2>Documents that share passages</h2><p>Duplicate groups shared by each pair of documents{_e(note)}; "
                   f"the diagonal counts groups repeated inside one document.</p>{matrix_svg(labels, counts)}")
    if data.charts:
        boxes = "".join(f'<div class="chartbox"><h4>{_e(c.metric)} · {_e(c.subject)} · {_e(c.unit)} '
                        f'<span class="sev">{_e(c.severity)}</span></h4>{chart_svg(c)}</div>' for c in data.charts)
        out.append(f'<h2>Conflicting figures by document and period</h2><div class="charts">{boxes}</div>')
    return "".join(out)


def render_report_html(tables: dict[str, pd.DataFrame], summary: dict[str, Any]) -> str:
    data = report_data(tables, summary)
    groups = "".join(_html_group(n, g) for n, g in enumerate(data.groups, 1)) or "<p>No duplicate passages beyond boilerplate.</p>"
    more = _more(len(data.groups), data.n_groups, "passages.parquet (dup_group)")
    furniture = "".join(f"<li>{_e(src)}: <code>{_e(text)}</code></li>" for src, text in data.furniture)
    more_furniture = _more(len(data.furniture), data.n_furniture, "run.json")
    body = [
        "<h1>qdextract consistency report</h1>",
        _html_summary(data),
        _html_section(data, "error"),
        _html_section(data, "warning"),
        _html_pictures(data),
        f"<h2>Duplicate passages ({data.n_groups} groups)</h2>{groups}",
        f'<p class="more">{_e(more)}</p>' if more else "",
        _html_section(data, "info"),
        (f"<h2>Page furniture dropped ({data.n_furniture})</h2><ul>{furniture}</ul>"
         + (f'<p class="more">{_e(more_furniture)}</p>' if more_furniture else "")) if furniture else "",
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


__all__ = ["rebuild_report", "render_report_html", "render_report_md", "report_data"]
