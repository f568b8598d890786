"""Lines as blocks: what each line of a report is before it is cut into sentences.

Reports arrive as plain text, scraped web pages and Markdown. A line may be a heading, a list
item (`- `, `* `, `1. `), a row of a pipe table or of a whitespace-aligned table, a bold line
standing alone, a subtitle (`——2026年1月26日在…`), or running text. Markup is never part of what
later stages read: list markers and table pipes lie outside the spans, and inline markup
(`**bold**`, `__bold__`, `` `code` ``) is blanked out by `blank_inline_markup`, which keeps every
offset. The shapes are data (`data/structure.yaml`, key `blocks`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from qdextract.zh.rules import load_rules


@dataclass(frozen=True, slots=True)
class BlockShapes:
    """data/structure.yaml `blocks`: the line shapes, as patterns."""

    list_item: str          # the marker of a list item (group `marker`), at the line's start
    pipe_row: str           # a pipe-table row
    pipe_separator: str     # the row under a pipe table's header (|---|:--:|)
    aligned_cell_gap: str   # what separates the cells of a whitespace-aligned table row
    aligned_min_cells: int
    bold_line: str          # a line that is one bold or italic run (group `body`)
    subtitle: str           # a line that stands alone under a title (`——2026年…在…会议上`)
    date_only: str          # a line holding only a date, a time or a weekday (a dateline)
    inline_markup: str      # markup inside a line that no stage should read
    note_reference: str     # a note's number in brackets right after a word (`主导产业［2］`)
    single_star: str        # a `*` on its own: italic markup when the line holds them in pairs
    title_max_chars: int    # a line standing alone, with no sentence mark, this short: a title
    title_heads: tuple[str, ...]  # what a document's title ends in (`报告`, `公报`)
    headline_min_chars: int       # a first line shorter than this runs on into the next
    headline_open_endings: tuple[str, ...]  # a first line ending in one runs on (`增长了`)


@cache
def shapes() -> BlockShapes:
    return load_rules("structure.yaml", BlockShapes, section="blocks")


@dataclass(frozen=True, slots=True)
class _Compiled:
    list_item: regex.Pattern[str]
    pipe_row: regex.Pattern[str]
    pipe_separator: regex.Pattern[str]
    aligned_gap: regex.Pattern[str]
    bold_line: regex.Pattern[str]
    subtitle: regex.Pattern[str]
    date_only: regex.Pattern[str]
    inline_markup: regex.Pattern[str]
    note_reference: regex.Pattern[str]
    single_star: regex.Pattern[str]


@cache
def _compiled() -> _Compiled:
    s = shapes()
    return _Compiled(
        list_item=regex.compile(s.list_item), pipe_row=regex.compile(s.pipe_row),
        pipe_separator=regex.compile(s.pipe_separator), aligned_gap=regex.compile(s.aligned_cell_gap),
        bold_line=regex.compile(s.bold_line), subtitle=regex.compile(s.subtitle),
        date_only=regex.compile(s.date_only),
        inline_markup=regex.compile(s.inline_markup), note_reference=regex.compile(s.note_reference),
        single_star=regex.compile(s.single_star),
    )


def list_marker_end(line: str) -> int:
    """Where a list item's text starts in the line (after `- `, `1. `), or 0 when it is none."""
    m = _compiled().list_item.match(line)
    return m.end() if m else 0


def is_pipe_row(line: str) -> bool:
    return _compiled().pipe_row.match(line) is not None


def is_pipe_separator(line: str) -> bool:
    return _compiled().pipe_separator.match(line) is not None


def is_bold_line(line: str) -> bool:
    return _compiled().bold_line.fullmatch(line) is not None


def is_title_line(line: str) -> bool:
    """A line that names a document: it ends in a title's head noun (`…政府工作报告`)."""
    return line.rstrip().endswith(shapes().title_heads)


def is_subtitle(line: str) -> bool:
    return _compiled().subtitle.match(line) is not None


def is_date_only(line: str) -> bool:
    return _compiled().date_only.match(line) is not None


def pipe_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of the pipe-table row text[start:end], whitespace stripped
    (an empty cell gives an empty span)."""
    cells = []
    pos = start
    line = text[start:end]
    inner_start = pos + (1 if line.startswith("|") else 0)
    inner_end = end - (1 if line.endswith("|") and len(line) > 1 else 0)
    cut = inner_start
    for i in range(inner_start, inner_end + 1):
        if i == inner_end or (text[i] == "|" and text[i - 1] != "\\"):
            s, e = cut, i
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            cells.append((s, e))
            cut = i + 1
    return cells


def aligned_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a whitespace-aligned row (cells apart by a wide gap)."""
    cells, pos = [], start
    for m in _compiled().aligned_gap.finditer(text, start, end):
        if m.start() > pos:
            cells.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        cells.append((pos, end))
    return cells


def aligned_gaps(text: str) -> list[tuple[int, int]]:
    """(start, end) of every wide gap of the text that could part two cells."""
    return [m.span() for m in _compiled().aligned_gap.finditer(text)]


def is_aligned_row(text: str, start: int, end: int) -> bool:
    return len(aligned_cells(text, start, end)) >= shapes().aligned_min_cells


def blank_inline_markup(text: str) -> str:
    """The text with inline markup (`**`, `__`, backquotes, a note's reference `［2］`) replaced by
    spaces: the same length, so offsets into it are offsets into the source."""
    c = _compiled()
    if "[" in text or "［" in text:
        text = c.note_reference.sub(lambda m: " " * len(m.group()), text)
    if "*" not in text and "_" not in text and "`" not in text:
        return text
    out = c.inline_markup.sub(lambda m: " " * len(m.group()), text)
    lines = []
    for line in out.split("\n"):  # `*x*` is italic; a lone `*` (`a*b`) is text
        if len(c.single_star.findall(line)) % 2 == 0:
            line = c.single_star.sub(" ", line)
        lines.append(line)
    return "\n".join(lines)


def without_inline_markup(text: str) -> str:
    """The text with its inline markup characters taken out (`**国家**` -> `国家`): for a phrase
    quoted from the source, such as a metric or a subject."""
    blanked = blank_inline_markup(text)
    if blanked is text:
        return text
    return "".join(ch for ch, b in zip(text, blanked) if b == ch)
