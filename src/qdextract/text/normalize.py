"""Normalized text for matching: Simplified script, width-folded, whitespace collapsed, format
characters (Unicode Cf: U+200B, U+FEFF, U+2060, …) removed.

Every later stage matches on the normalized text and reports offsets into the raw text, so
`normalize_text` returns the normalized string together with an `OffsetMap` back to the raw one.
"""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache
from importlib.metadata import version

import opencc
import regex

from qdextract.models import record
from qdextract.zh.rules import data_text

# Full-width ASCII (U+FF01..U+FF5E) to half-width, ideographic space to space, ratio colon to colon.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update({0x3000: 0x20, 0x2236: ord(":"), 0xFE52: ord(".")})
# `str.translate` costs about 0.1 µs a character on CJK text; most characters need no folding,
# so only the runs that do are translated.
_WIDE_RUN = re.compile("[" + "".join(map(chr, sorted(_WIDTH_TABLE))) + "]+")

# Format characters: invisible, and inside a number they would split it (`1\u200b000萬元`).
_FORMAT = regex.compile(r"\p{Cf}+")

_CJK = r"\p{Han}\u3000-\u303f\uff00-\uffef\u2014\u2018-\u201d\u2026\u00b7"
# A whitespace run is dropped where it touches CJK text (line breaks inside a sentence, `2025 年`)
# and becomes one space between two non-CJK characters (`PM 2.5`, English words).
_SPACE_RUN = regex.compile(r"[\s\p{Cf}]+")  # format characters go with the space around them
_IS_CJK = regex.compile(rf"[{_CJK}]")
# The runs dropped: at an edge, or after or before CJK. Each alternative takes a whole run or
# nothing (`\u3000` is both a space and CJK, so a neighbour must also be no space).
_DROPPED = rf"\A\s+|\s+\Z|(?<=[{_CJK}])(?<!\s)\s+|\s+(?=[{_CJK}])(?!\s)"
_DROPPED_RUN = regex.compile(_DROPPED)
# Sentence-level pieces converted one at a time when whole-text conversion changes the length.
_PIECE = regex.compile(r"[^。！？；!?;\n]*[。！？；!?;\n]?")


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@cache
def _t2s_gate() -> re.Pattern[str] | None:
    """A class of every character t2s can change (data/t2s_gate.txt, built from the installed
    OpenCC's dictionaries by scripts/build_t2s_gate.py); None when the file was built from
    another OpenCC version."""
    lines = data_text("t2s_gate.txt").splitlines()
    if lines[0].split()[:3] != ["#", "opencc", f"{version('opencc')}:"]:
        return None
    bmp = "".join(c for c in "".join(lines[1:]) if c <= "\uffff")
    # Characters past the BMP in a class are tried one by one: any of them sends the text to
    # OpenCC, so the class stays a table the engine looks up at once.
    return re.compile("[" + re.escape(bmp) + "\U00010000-\U0010ffff]")


def to_simplified(text: str) -> str:
    gate = _t2s_gate()
    if gate is not None and gate.search(text) is None:
        return text  # nothing to change: OpenCC's call costs ~10 µs between other work
    return _converter("t2s").convert(text)


@record
class OffsetMap:
    """Maps offsets in the normalized text back to the raw text.

    Stored as breakpoints: from `norm[k]` on, normalized offset `i` maps to `raw[k] + i - norm[k]`
    (one breakpoint for each whitespace run that changed length), so a long document costs a few
    integers per change rather than one per character.
    """

    norm: tuple[int, ...]
    raw: tuple[int, ...]
    raw_len: int

    def to_raw(self, i: int) -> int:
        k = bisect.bisect_right(self.norm, i) - 1
        return min(self.raw[k] + i - self.norm[k], self.raw_len)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Raw (start, end) of the normalized span [start, end), end exclusive."""
        if end <= start:
            s = self.to_raw(start)
            return s, s
        return self.to_raw(start), self.to_raw(end - 1) + 1


@record
class NormText:
    text: str
    offsets: OffsetMap

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span(start, end)


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_WIDTH_TABLE)


def fold_width(text: str) -> str:
    return _WIDE_RUN.sub(_fold_run, text)


def _spaceless(text: str) -> bool:
    """No whitespace and no format character in `text`: `str.split` splits on every character
    `\\s` matches (and on \x1c-\x1f besides), in one C scan."""
    return text.split(maxsplit=1) == [text] and _FORMAT.search(text) is None


def _no_whitespace(text: str) -> bool:
    return text.split(maxsplit=1) == [text]


def strip_format_chars(text: str) -> tuple[str, list[int] | None]:
    """`text` without its format characters and, when it held any, the offset in `text` of each
    character kept (None when there was none to remove)."""
    if text.isprintable() or _FORMAT.search(text) is None:  # (a format character is unprintable)
        return text, None
    kept: list[int] = []
    last = 0
    for m in _FORMAT.finditer(text):
        kept.extend(range(last, m.start()))
        last = m.end()
    kept.extend(range(last, len(text)))
    return "".join(text[i] for i in kept), kept


def _collapsed(text: str) -> str:
    """`_collapse_spaces(text)[0]` without the offset breakpoints: the dropped runs go first,
    and every run left (between two non-CJK characters) becomes one space."""
    if _spaceless(text):  # most sentences
        return text
    text = _FORMAT.sub("", text)  # a run of them alone is dropped; beside spaces it is one with them
    return _SPACE_RUN.sub(" ", _DROPPED_RUN.sub("", text))


def _is_cjk(ch: str) -> bool:
    if "\u4e00" <= ch <= "\u9fff":  # the common ideographs: most neighbours of a space
        return True
    return not ch.isascii() and _IS_CJK.match(ch) is not None


def _collapse_spaces(text: str) -> tuple[str, list[int], list[int]]:
    """The text with its whitespace collapsed, and the offset breakpoints. A run's fate is read
    from its two neighbours (runs are whole, so neither is a space): two tests a run, cheaper
    than one pattern trying the whole rule's lookarounds at every space."""
    if _spaceless(text):
        return text, [0], [0]
    out: list[str] = []
    norm_bp, raw_bp = [0], [0]
    last = 0
    n_out = 0
    n = len(text)
    for m in _SPACE_RUN.finditer(text):
        s, e = m.span()
        if s == 0 or e == n or _is_cjk(text[s - 1]) or _is_cjk(text[e]) or _no_whitespace(m.group()):
            replacement = ""  # (a run of format characters alone is dropped wherever it stands)
        elif e - s == 1 and text[s] == " ":
            continue  # already one space
        else:
            replacement = " "
        out.append(text[last:s])
        n_out += s - last
        if replacement:
            lead = _FORMAT.match(text, s, e)  # the space stands for the run's first whitespace
            if lead is not None:
                norm_bp.append(n_out)
                raw_bp.append(lead.end())
            out.append(replacement)
            n_out += 1
        last = e
        norm_bp.append(n_out)
        raw_bp.append(e)
    out.append(text[last:])
    return "".join(out), norm_bp, raw_bp


def _convert_same_length(text: str) -> str:
    """OpenCC t2s, keeping the length so offsets stay one-to-one.

    Whole-text conversion almost always keeps the length; where a phrase rule changes it, that
    sentence is converted again character by character.
    """
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    pieces = []
    for m in _PIECE.finditer(text):
        piece = m.group()
        if not piece:
            continue
        conv = to_simplified(piece)
        if len(conv) != len(piece):
            conv = "".join(c if len(c) == 1 else o for o, c in ((ch, to_simplified(ch)) for ch in piece))
        pieces.append(conv)
    return "".join(pieces)


def same_length_norm(text: str) -> str:
    """Simplified and width-folded, one character for one (no whitespace folding), so offsets into
    `text` hold for the result."""
    return _convert_same_length(fold_width(text))


def normalize_text(raw: str) -> NormText:
    folded = fold_width(raw)
    collapsed, norm_bp, raw_bp = _collapse_spaces(folded)
    simplified = _convert_same_length(collapsed)
    return NormText(simplified, OffsetMap(tuple(norm_bp), tuple(raw_bp), len(raw)))


def norm(text: str) -> str:
    """The normalized form alone (for `*_norm` columns and joins)."""
    return normalize_text(text).text


def norm_many(texts: list[str]) -> list[str]:
    """`norm` of each text, with one script conversion for all of them: after whitespace
    collapsing no text holds a line break, and no conversion phrase spans one, so the joined
    conversion splits back into exactly the texts' own."""
    collapsed = [_collapsed(fold_width(t)) for t in texts]
    if len(collapsed) < 2:
        return [_convert_same_length(t) for t in collapsed]
    return _convert_same_length("\n".join(collapsed)).split("\n")


def same_length_norm_many(texts: list[str]) -> list[str]:
    """`same_length_norm` of each text (none holding a line break), in one script conversion."""
    if len(texts) < 2:
        return [same_length_norm(t) for t in texts]
    return _convert_same_length(fold_width("\n".join(texts))).split("\n")


def offsets_of(raw: str) -> OffsetMap:
    """The offset map of `normalize_text(raw)` without converting the script: conversion keeps
    the length, so only whitespace collapsing moves offsets."""
    _, norm_bp, raw_bp = _collapse_spaces(fold_width(raw))
    return OffsetMap(tuple(norm_bp), tuple(raw_bp), len(raw))


def detect_script(text: str) -> str:
    """traditional / simplified / mixed, from the characters each conversion would change."""
    sample = "".join(_IS_CJK.findall(text[:200_000]))
    t2s = to_simplified(sample)
    s2t = _converter("s2t").convert(sample)
    n_trad = sum(a != b for a, b in zip(sample, t2s)) if len(t2s) == len(sample) else 0
    n_simp = sum(a != b for a, b in zip(sample, s2t)) if len(s2t) == len(sample) else 0
    if n_trad == 0 and n_simp == 0:
        return "simplified"
    if n_trad >= 10 * max(n_simp, 1) or (n_simp == 0):
        return "traditional"
    if n_simp >= 10 * max(n_trad, 1) or (n_trad == 0):
        return "simplified"
    return "mixed"
