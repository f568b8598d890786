"""Tables in running text: Markdown pipe tables and whitespace-aligned tables, as cells with
their header, so that each figure in a cell can be read with what its column and row say."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from qdextract.text.blocks import (
    aligned_cells,
    aligned_gaps,
    is_aligned_row,
    is_pipe_row,
    is_pipe_separator,
    pipe_cells,
    shapes,
)


@dataclass(frozen=True, slots=True)
class Cell:
    char_start: int
    char_end: int
    text: str


@dataclass(slots=True)
class Table:
    """One table: its header cells, its body rows (each a list of cells) and the line spans of
    those rows; `caption` is the sentence before the table when it introduces it."""

    header: list[Cell]
    rows: list[list[Cell]]
    row_spans: list[tuple[int, int]]
    caption: str = ""
    section_path: str = ""
    passage_ids: list[str] = field(default_factory=list)


def _cells(text: str, spans: list[tuple[int, int]]) -> list[Cell]:
    return [Cell(s, e, text[s:e]) for s, e in spans]


def find_tables(text: str, lines: list[tuple[int, int]]) -> dict[int, tuple[Table, str]]:
    """Line index -> (its table, the line's part: header / separator / row) for every line
    that belongs to a table. `lines` are the document's non-blank lines, stripped."""
    found: dict[int, tuple[Table, str]] = {}
    opens = _table_openers(text, lines)
    i = 0
    while i < len(lines):
        block = (_pipe_block(text, lines, i) or _aligned_block(text, lines, i)) if i in opens else None
        if block is None:
            i += 1
            continue
        table, parts = block
        for offset, part in enumerate(parts):
            found[i + offset] = (table, part)
        i += len(parts)
    return found


def _table_openers(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """The lines a table can open with: a pipe row's first bar, or the wide gaps of an aligned
    row's cells (one scan of the text, not one per line: most lines of a report are neither)."""
    opens = {k for k, (s, _) in enumerate(lines) if text.startswith("|", s)}
    starts = [s for s, _ in lines]
    gaps: Counter[int] = Counter()
    for at, end in aligned_gaps(text):
        k = bisect_right(starts, at) - 1
        if k >= 0 and end <= lines[k][1]:
            gaps[k] += 1
    opens.update(k for k, n in gaps.items() if n >= shapes().aligned_min_cells - 1)
    return opens


def _pipe_block(text: str, lines: list[tuple[int, int]], i: int) -> tuple[Table, list[str]] | None:
    """The pipe table from line i: it ends at a blank line or where the header of another begins."""
    j = i
    while j < len(lines) and is_pipe_row(text[lines[j][0]:lines[j][1]]):
        if j > i and "\n" in text[lines[j - 1][1]:lines[j][0]].replace("\n", "", 1):
            break  # a blank line between
        if j > i + 1 and j + 1 < len(lines) and is_pipe_separator(text[lines[j + 1][0]:lines[j + 1][1]]):
            break  # the next table's header
        j += 1
    if j - i < 2:
        return None
    has_separator = is_pipe_separator(text[lines[i + 1][0]:lines[i + 1][1]])
    body_from = i + 2 if has_separator else i + 1
    header = _cells(text, pipe_cells(text, *lines[i]))
    rows = [_cells(text, pipe_cells(text, *lines[k])) for k in range(body_from, j)]
    parts = ["header"] + (["separator"] if has_separator else []) + ["row"] * (j - body_from)
    return Table(header, rows, [lines[k] for k in range(body_from, j)]), parts


def _has_figure(cells: list[Cell]) -> bool:
    return any(ch.isdigit() for c in cells[1:] for ch in c.text)


def _aligned_block(text: str, lines: list[tuple[int, int]], i: int) -> tuple[Table, list[str]] | None:
    """A header line and at least one row, each cut by wide gaps into the same number of cells,
    the rows holding figures."""
    if not is_aligned_row(text, *lines[i]):
        return None
    width = len(aligned_cells(text, *lines[i]))
    j = i + 1
    while j < len(lines) and is_aligned_row(text, *lines[j]) and len(aligned_cells(text, *lines[j])) == width:
        j += 1
    rows = [_cells(text, aligned_cells(text, *lines[k])) for k in range(i + 1, j)]
    if not rows or not all(_has_figure(r) for r in rows):
        return None
    header = _cells(text, aligned_cells(text, *lines[i]))
    return Table(header, rows, [lines[k] for k in range(i + 1, j)]), ["header"] + ["row"] * len(rows)
