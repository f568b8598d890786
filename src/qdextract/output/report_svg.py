"""Pictures for the report as inline SVG (no script, no external file): the matrix of passages
shared between documents, and a small chart per conflicting metric of its figures by document and
period. All text goes through `html.escape`."""

from __future__ import annotations

import html
import math

from qdextract.output.report_data import Chart, cut

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def matrix_svg(labels: list[str], counts: list[list[int]], cell: int = 26) -> str:
    """Documents by documents: how many duplicate groups each pair shares (the diagonal: groups
    repeated inside one document). Darker is more."""
    if not labels:
        return ""
    n = len(labels)
    names = [cut(label, 28) for label in labels]
    left = 12 + 7 * max(len(s) for s in names)
    top = int(left * 0.75)
    size = n * cell
    peak = max((max(row) for row in counts), default=0) or 1
    parts = [f'<svg class="matrix" width="{left + size + top}" height="{top + size + 10}" '
             f'role="img" aria-label="duplicate groups shared by each pair of documents">']
    for i, name in enumerate(names):
        y = top + i * cell + cell * 0.65
        parts.append(f'<text x="{left - 6}" y="{y:.1f}" text-anchor="end" font-size="11">{_e(name)}</text>')
        x = left + i * cell + cell * 0.65
        parts.append(f'<text x="{x:.1f}" y="{top - 6}" font-size="11" transform="rotate(-45 {x:.1f} {top - 6})">{_e(name)}</text>')
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            x, y = left + j * cell, top + i * cell
            shade = 0.08 + 0.92 * math.sqrt(value / peak) if value else 0.0
            fill = f"rgba(31,119,180,{shade:.2f})" if value else "#f6f6f6"
            title = f"{labels[i]} × {labels[j]}: {value} group(s)" if i != j else f"{labels[i]}: {value} group(s) repeated inside"
            stroke = ' stroke="#333"' if i == j else ""
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}"{stroke}>'
                         f'<title>{_e(title)}</title></rect>')
            if value:
                color = "#fff" if shade > 0.55 else "#222"
                parts.append(f'<text x="{x + (cell - 2) / 2:.1f}" y="{y + cell * 0.62:.1f}" text-anchor="middle" '
                             f'font-size="10" fill="{color}">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _nice(value: float) -> str:
    if abs(value) >= 1e8:
        return f"{value / 1e8:.4g}亿"
    if abs(value) >= 1e4:
        return f"{value / 1e4:.4g}万"
    return f"{value:.4g}"


def chart_svg(chart: Chart, width: int = 360, height: int = 190) -> str:
    """Figures of one metric: periods along x, values up y, one colour per document."""
    points = chart.points
    if not points:
        return ""
    periods = sorted({p.period for p in points})
    docs = list(dict.fromkeys(p.label for p in points))
    low = min(0.0, min(p.value for p in points))
    high = max(p.value for p in points) or 1.0
    left, right, top, bottom = 56, 12, 12, 34 + 14 * min(len(docs), 4)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_of(period: str) -> float:
        return left + plot_w * (periods.index(period) + 0.5) / len(periods)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (value - low) / ((high - low) or 1.0))

    parts = [f'<svg class="chart" width="{width}" height="{height}" role="img" '
             f'aria-label="{_e(chart.metric)} by document and period">',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#999"/>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#999"/>']
    for value in (low, (low + high) / 2, high):
        y = y_of(value)
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{_e(_nice(value))}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#eee"/>')
    for period in periods:
        parts.append(f'<text x="{x_of(period):.1f}" y="{top + plot_h + 13}" text-anchor="middle" font-size="10">{_e(period)}</text>')
    for p in points:
        color = PALETTE[docs.index(p.label) % len(PALETTE)]
        # documents side by side within a period, so equal periods do not hide each other
        x = x_of(p.period) + (docs.index(p.label) - (len(docs) - 1) / 2) * 9
        parts.append(f'<circle cx="{x:.1f}" cy="{y_of(p.value):.1f}" r="4.5" fill="{color}" fill-opacity="0.85">'
                     f'<title>{_e(p.label)} · {_e(p.period)} · {_e(p.surface)}</title></circle>')
    for i, doc in enumerate(docs[:4]):
        y = top + plot_h + 28 + 14 * i
        parts.append(f'<circle cx="{left + 4}" cy="{y - 4}" r="4" fill="{PALETTE[i % len(PALETTE)]}"/>'
                     f'<text x="{left + 12}" y="{y}" font-size="10">{_e(cut(doc, 44))}</text>')
    parts.append("</svg>")
    return "".join(parts)


__all__ = ["chart_svg", "matrix_svg"]
