"""Sections, paragraphs and sentences, with character offsets into the document's text.

Headings give `section_path` and are not passages; page furniture is cut out and listed; a line
that ends without closing punctuation runs on into the next (reports converted from PDF break
lines inside sentences).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from qdextract.ids import passage_id
from qdextract.models import Furniture, Passage, record
from qdextract.text.normalize import norm_many
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


@dataclass(frozen=True, slots=True)
class _HeadingRule:
    kind: str
    pattern: regex.Pattern[str]
    level: int | str


@dataclass(frozen=True, slots=True)
class _Rules:
    furniture: list[tuple[str, regex.Pattern[str]]]
    any_furniture: regex.Pattern[str]  # matches somewhere iff some furniture pattern does
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
        any_furniture=_any_of(f["pattern"] for f in data["furniture"]),
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
    if _rules().any_furniture.search(text) is None:
        return []
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


def structure_document(text: str, doc_id: str) -> Structure:
    rules = _rules()
    furniture = find_furniture(text, doc_id)
    masked = _mask(text, furniture)
    lines = _lines(masked)

    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    paragraphs: list[tuple[int, int, str]] = []  # (start, end, section_path)
    open_paragraph: list[int] | None = None  # [start, end] of the paragraph still running on

    def path() -> str:
        return " > ".join(title for _, title in stack)

    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = masked[s:e]
        heading = _match_heading(line)
        if heading and open_paragraph is None:
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
            i += 1
            continue
        if open_paragraph is None:
            open_paragraph = [s, e]
        else:
            open_paragraph[1] = e
        if rules.paragraph_end.search(line) or i + 1 == len(lines):
            paragraphs.append((open_paragraph[0], open_paragraph[1], path()))
            open_paragraph = None
        i += 1
    if open_paragraph is not None:
        paragraphs.append((open_paragraph[0], open_paragraph[1], path()))

    spans: list[tuple[int, int, int, int, str]] = []  # (start, end, paragraph, sentence, path)
    limit = rules.max_sentence_chars
    for p_index, (p_start, p_end, section_path) in enumerate(paragraphs):
        sentence_index = 0
        for m in rules.sentence.finditer(masked, p_start, p_end):
            s, e = m.span()
            for s, e in ((s, e),) if e - s <= limit else _bounded(masked, s, e):
                s, e = _strip_span(masked, s, e)
                if e > s:
                    spans.append((s, e, p_index, sentence_index, section_path))
                    sentence_index += 1
    # One script conversion for the whole document rather than one per sentence.
    normalized = norm_many([text[s:e] for s, e, *_ in spans])
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
        )
        for (s, e, p_index, sentence_index, section_path), text_norm in zip(spans, normalized)
    ]
    return Structure(passages, sections, furniture)
