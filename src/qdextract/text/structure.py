"""Sections, paragraphs and passages, with character offsets into the document's text.

Headings give `section_path`; a heading that states a figure, and a document's title, are also
passages (kind `title`). Each line is first read as a block (`blocks`): list items and table rows
are passages of their own (kinds `list_item`, `table_row`; a table's cells keep their header in
`tables`), a blank line ends a paragraph, and a line of running text that ends without closing
punctuation runs on into the next (reports converted from PDF break lines inside sentences).
Page furniture (image markup, addresses, a web page's controls, breadcrumbs and footers) is cut
out and listed. Inline markup is blanked in `text_norm`, never in `text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import regex

from qdextract.ids import passage_id
from qdextract.models import Furniture, Passage, record
from qdextract.text.blocks import (
    blank_inline_markup,
    is_bold_line,
    is_date_only,
    is_subtitle,
    is_title_line,
    list_marker_end,
    shapes,
)
from qdextract.text.normalize import norm_many, same_length_norm
from qdextract.text.tables import Table, find_tables
from qdextract.zh.lexicon import alternation, cues, units
from qdextract.zh.rules import data_file

_SENTENCE_MARK = regex.compile(r"[。！？；!?;，,:：]")
_LINE_CONTENT = regex.compile(r"[^\r\n]+")  # a line is what lies between \r, \n and \r\n


@record
class Section:
    level: int
    title: str
    path: str
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Structure:
    passages: list[Passage]
    sections: list[Section]
    furniture: list[Furniture]
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _HeadingRule:
    kind: str
    pattern: regex.Pattern[str]
    level: int | str


@dataclass(frozen=True, slots=True)
class _Rules:
    furniture: list[tuple[str, regex.Pattern[str]]]
    inline_furniture_gate: re.Pattern[str]  # found in any text that holds furniture within a line
    headings: list[_HeadingRule]
    any_heading: regex.Pattern[str]    # matches a line iff some heading pattern does
    chapter_title_max_chars: int
    sentence: regex.Pattern[str]
    paragraph_end: regex.Pattern[str]
    max_sentence_chars: int
    soft_break: regex.Pattern[str]


@cache
def _rules() -> _Rules:
    data = data_file("structure.yaml")
    end, closing = data["sentence_end"], data["closing"]
    # One pass of the alternation tells most texts and lines apart from all the patterns: only
    # a match sends them through the patterns one by one (their order and overlaps matter).
    return _Rules(
        furniture=[(f["kind"], regex.compile(f["pattern"])) for f in data["furniture"]],
        inline_furniture_gate=re.compile(data["inline_furniture_gate"]),  # `re`: cheaper per call
        headings=[_HeadingRule(h["kind"], regex.compile(h["pattern"]), h["level"]) for h in data["headings"]],
        any_heading=_any_of(h["pattern"] for h in data["headings"]),
        chapter_title_max_chars=int(data["chapter_title_max_chars"]),
        # A sentence runs to its end mark and the closing quotes after it, or to the paragraph's end.
        sentence=regex.compile(rf"(?s){_up_to(end)}(?:{end}+{closing}*|$)"),
        # Searched from the end backwards: a line's last characters decide.
        paragraph_end=regex.compile(rf"(?r){data['paragraph_end']}\s*$"),
        max_sentence_chars=int(data["max_sentence_chars"]),
        soft_break=regex.compile(data["soft_break"]),
    )


def _up_to(end: str) -> str:
    """What comes before the first `end`: for a class of end marks, a run of any other
    characters (several times faster than a lazy `.*?` that tries the marks at each one)."""
    if end.startswith("[") and not end.startswith("[^") and end.endswith("]"):
        return "[^" + end[1:] + "*"
    return ".*?"


def _any_of(patterns) -> regex.Pattern[str]:
    return regex.compile("|".join(f"(?:{p})" for p in patterns))


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content that is not blank, whitespace stripped."""
    found = []
    for m in _LINE_CONTENT.finditer(text):
        s, e = _strip_span(text, m.start(), m.end())
        if e > s:
            found.append((s, e))
    return found


def find_furniture(text: str, doc_id: str) -> list[Furniture]:
    # (each pattern on its own: their one alternation scans many times slower than all of them)
    found = [
        Furniture(doc_id, m.start(), m.end(), m.group(), kind)
        for kind, pattern in _rules().furniture
        for m in pattern.finditer(text)
    ]
    found.sort(key=lambda f: (f.char_start, -f.char_end))
    kept: list[Furniture] = []
    for f in found:  # a piece inside one already kept (`[]()` within `![]()`) is the same furniture
        if not kept or f.char_start >= kept[-1].char_end:
            kept.append(f)
    return kept


def _mask(text: str, furniture: list[Furniture]) -> str:
    """The text with furniture blanked out by spaces, so every offset still points at the source."""
    if not furniture:
        return text
    pieces, pos = [], 0
    for f in furniture:  # kept furniture is sorted and does not overlap
        pieces += [text[pos:f.char_start], " " * (f.char_end - f.char_start)]
        pos = f.char_end
    pieces.append(text[pos:])
    return "".join(pieces)


def reading_text(raw: str) -> str:
    """What the stages read of a passage: its text with furniture and inline markup blanked out,
    the same length as `raw`, so every offset into it is an offset into the source."""
    return blank_inline_markup(without_furniture(raw))


def without_furniture(raw: str) -> str:
    """The passage's text with the furniture inside it blanked out by spaces (its markup kept)."""
    if _rules().inline_furniture_gate.search(raw) is not None:
        return _mask(raw, find_furniture(raw, ""))
    return raw


def _match_heading(line: str) -> tuple[int, str, str] | None:
    """(level, number, title) when the line is a heading."""
    rules = _rules()
    if rules.any_heading.match(line) is None:
        return None
    for rule in rules.headings:
        m = rule.pattern.match(line)
        if not m:
            continue
        groups = m.groupdict()
        if rule.level == "hashes":
            level = len(groups["hashes"])
        elif rule.level == "number_depth":
            level = groups["number"].count(".") + 1
        else:
            level = int(rule.level)
        return level, groups.get("number") or "", groups["title"] or ""
    return None


def _is_title_line(line: str) -> bool:
    rules = _rules()
    return 0 < len(line) <= rules.chapter_title_max_chars and _SENTENCE_MARK.search(line) is None


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) pieces of at most max_sentence_chars, cut after the last soft break in reach."""
    rules = _rules()
    limit = rules.max_sentence_chars
    while end - start > limit:
        cut = start + limit
        window = text[start + limit // 2 : cut]
        breaks = [m.end() for m in rules.soft_break.finditer(window)]
        if breaks:
            cut = start + limit // 2 + breaks[-1]
        yield start, cut
        start = cut
    yield start, end


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


@dataclass(slots=True)
class _Unit:
    """A run of lines read as one: a paragraph of running text, a list item, a title or a
    table row, with the section it lies in."""

    start: int
    end: int
    kind: str
    section_path: str
    n_lines: int = 1


def _figure_in_title(title: str) -> bool:
    """The heading states a figure: a number followed by a unit of data/units.yaml (`跌6.8%`,
    `減息4次`, `1309億`), not a year or a section number alone."""
    text = same_length_norm(title)
    for name in cues().names:  # `十件民生实事`, `十四五`: names with numerals state no figure
        if name in text:
            text = text.replace(name, " " * len(name))
    return _figure_in_title_pattern().search(text) is not None


@cache
def _figure_in_title_pattern() -> regex.Pattern[str]:
    unit = alternation([*units(), "亿", "万", "千", "百"])
    return regex.compile(rf"(?<![\d.])(?!(?:19|20)\d\d年)(?:\d[\d,.]*|[一二两三四五六七八九十][一二两三四五六七八九十百千万亿兆]*)\s*(?:{unit})")


def _headline(line: str) -> bool:
    """A document's first line heads it unless it runs on into the next: shorter than
    `headline_min_chars`, or ending in a word that leaves a phrase open (`增长了` / `百分之十。`)."""
    line, s = line.strip(), shapes()
    return len(line) >= s.headline_min_chars and not line.endswith(s.headline_open_endings)


def _blank_between(masked: str, end: int, start: int) -> bool:
    return masked.count("\n", end, start) >= 2


def _units(masked: str, lines: list[tuple[int, int]]) -> tuple[list[_Unit], list[Section], list[Table]]:
    rules = _rules()
    title_max = shapes().title_max_chars
    tables = find_tables(masked, lines)
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    units: list[_Unit] = []
    seen_tables: list[Table] = []
    open_unit: _Unit | None = None  # a paragraph of running text still running on

    def path() -> str:
        return " > ".join(title for _, title in stack)

    def close() -> None:
        nonlocal open_unit
        if open_unit is not None:
            line = masked[open_unit.start:open_unit.end]
            if (open_unit.n_lines == 1 and open_unit.kind == "sentence" and len(line) <= title_max
                    and _SENTENCE_MARK.search(line) is None and not units):
                open_unit.kind = "title"  # the document's first line, standing alone
            units.append(open_unit)
            open_unit = None

    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = masked[s:e]
        if open_unit is not None and (_blank_between(masked, open_unit.end, s) or i in tables
                                      or list_marker_end(line) or is_subtitle(line) or is_bold_line(line)
                                      or is_date_only(line)):
            close()
        if i in tables:
            table, part = tables[i]
            if part == "header":
                table.section_path = path()
                table.caption = masked[units[-1].start:units[-1].end] if units and units[-1].kind == "sentence" else ""
                seen_tables.append(table)
            elif part == "row":
                units.append(_Unit(s, e, "table_row", path()))
            i += 1
            continue
        heading = _match_heading(line) if open_unit is None else None
        if heading:
            level, number, title = heading
            h_end = e
            title_below = False
            if not title and i + 1 < len(lines):
                ns, ne = lines[i + 1]
                if _is_title_line(masked[ns:ne]) and _match_heading(masked[ns:ne]) is None:
                    title, h_end, i, title_below = masked[ns:ne], ne, i + 1, True
            if number.startswith("第") or title_below:  # its number and its title, as one label
                label = f"{number} {title}".strip()
            elif line.startswith("#"):
                label = title.strip()
            else:
                label = line.strip()
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, label))
            sections.append(Section(level, label, path(), s, h_end))
            if _figure_in_title(title):  # `# 首季GDP跌6.8%`: the heading's figures are read too
                t_start = masked.index(title.strip(), s) if title.strip() else s
                units.append(_Unit(t_start, t_start + len(title.strip()), "title", path()))
            i += 1
            continue
        marker = list_marker_end(line)
        if marker:
            open_unit = _Unit(s + marker, e, "list_item", path())
        elif is_bold_line(line) or is_date_only(line):  # a dateline stands alone, as a bold line does
            units.append(_Unit(s, e, "title", path()))
        elif open_unit is None:
            open_unit = _Unit(s, e, "sentence", path())
        else:
            open_unit.end = e
            open_unit.n_lines += 1
        if rules.paragraph_end.search(line) or i + 1 == len(lines):
            close()
        elif (open_unit is not None and open_unit.n_lines == 1 and open_unit.kind == "sentence"
              and len(line) <= title_max and _SENTENCE_MARK.search(line) is None
              and (is_title_line(line) or (not units and _headline(line)) or (i + 1 < len(lines) and (
                  _blank_between(masked, e, lines[i + 1][0]) or is_date_only(masked[lines[i + 1][0]:lines[i + 1][1]]))))):
            # a short line with no sentence mark that names a document (`2026年政府工作报告`), opens
            # it (a news article's headline), or stands between blank lines or before a dateline: a
            # title (a line broken inside a sentence is none of these)
            open_unit.kind = "title"
            close()
        i += 1
    close()
    return units, sections, seen_tables


def structure_document(text: str, doc_id: str) -> Structure:
    rules = _rules()
    furniture = find_furniture(text, doc_id)
    masked = _mask(text, furniture)
    units, sections, tables = _units(masked, _lines(masked))

    spans: list[tuple[int, int, int, int, str, str]] = []  # (start, end, paragraph, sentence, path, kind)
    limit = rules.max_sentence_chars
    for p_index, unit in enumerate(units):
        if unit.kind in ("title", "table_row"):
            spans.append((unit.start, unit.end, p_index, 0, unit.section_path, unit.kind))
            continue
        sentence_index = 0
        for m in rules.sentence.finditer(masked, unit.start, unit.end):
            s, e = m.span()
            for s, e in ((s, e),) if e - s <= limit else _bounded(masked, s, e):
                s, e = _strip_span(masked, s, e)
                if e > s:
                    spans.append((s, e, p_index, sentence_index, unit.section_path, unit.kind))
                    sentence_index += 1
    # One script conversion for the whole document rather than one per sentence; what is read of
    # each passage: the furniture-free text, inline markup blanked (as reading_text gives it).
    normalized = norm_many([blank_inline_markup(masked[s:e]) for s, e, *_ in spans])
    passages = [
        Passage(
            passage_id=passage_id(doc_id, s, e),
            doc_id=doc_id,
            section_path=section_path,
            paragraph_index=p_index,
            sentence_index=sentence_index,
            char_start=s,
            char_end=e,
            text=text[s:e],
            text_norm=text_norm,
            kind=kind,
        )
        for (s, e, p_index, sentence_index, section_path, kind), text_norm in zip(spans, normalized)
    ]
    by_span = {(p.char_start, p.char_end): p.passage_id for p in passages}
    for table in tables:
        table.passage_ids = [by_span.get(span, "") for span in table.row_spans]
    return Structure(passages, sections, furniture, tables)
