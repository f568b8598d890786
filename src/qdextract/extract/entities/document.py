"""What a document says about its own names, read once its passages are through the pipeline.

- An abbreviation defined after a name (康乐及文化事务署（康文署）, 美国供应管理协会（ISM）,
  …（下称“康文署”）) is a mention of the same entity: the same label, the full name's entity_id.
- A name that a rule found once (a person beside a title, a body before its head, a quoted
  programme, a defined abbreviation) is a mention wherever else the document names it: 陈茂波
  found in 财政司司长陈茂波 is found in 陈茂波在预算案中提到 too. A name of two characters counts
  only where jieba reads it as a word (卡尼 is no name inside 卡尼尔).
- Every mention's entity_id is that of its canonical name: the full name for an abbreviation the
  gazetteer or the document links to it, else its own normalized name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from qdextract.extract.entities.gazetteer import gazetteer
from qdextract.ids import entity_id
from qdextract.text.segment import word_bounds
from qdextract.zh.rules import data_file


@dataclass(frozen=True, slots=True)
class Mention:
    piece: int  # index of the piece (passage or heading title)
    start: int  # offsets into the piece's normalized text
    end: int
    label: str
    source: str  # the rule that found it


@cache
def _definition_re() -> regex.Pattern[str]:
    data = data_file("entities.yaml")["abbreviations"]
    cue = "|".join(regex.escape(w) for w in sorted(data["cues"], key=len, reverse=True))
    n = int(data["max_chars"])
    return regex.compile(
        rf"[（(](?:(?:{cue})[:：]?)?[“\"「]?(?P<abbr>[\p{{Han}}A-Za-z][\p{{Han}}A-Za-z0-9+&\-]{{1,{n - 1}}})[”\"」]?[）)]"
    )


def abbreviations(texts: list[str], mentions: list[Mention]) -> tuple[list[Mention], dict[str, str]]:
    """Abbreviations defined right after a mention, as mentions, and {abbreviation: full name}."""
    found, links = [], {}
    pattern = _definition_re()
    spans = {(m.piece, m.start, m.end) for m in mentions}
    for m in mentions:
        text = texts[m.piece]
        d = pattern.match(text, m.end)
        if d is None or d.group("abbr") == text[m.start : m.end]:
            continue
        links[d.group("abbr")] = text[m.start : m.end]
        if (m.piece, d.start("abbr"), d.end("abbr")) not in spans:
            found.append(Mention(m.piece, d.start("abbr"), d.end("abbr"), m.label, "abbreviation"))
    return found, links


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def propagate(texts: list[str], mentions: list[Mention], learnable: frozenset[str]) -> list[Mention]:
    """The mentions, with every other occurrence of a name that a `learnable` rule found. An
    occurrence gives way to a mention it overlaps, unless it holds that mention whole."""
    learned: dict[str, str] = {}
    for m in mentions:
        if m.source in learnable:
            learned.setdefault(texts[m.piece][m.start : m.end], m.label)
    if not learned:
        return mentions
    pattern = regex.compile("|".join(regex.escape(w) for w in sorted(learned, key=len, reverse=True)))
    by_piece: dict[int, list[Mention]] = {}
    for m in mentions:
        by_piece.setdefault(m.piece, []).append(m)
    out = []
    for k, text in enumerate(texts):
        have = by_piece.get(k, [])
        new = []
        for occ in pattern.finditer(text):
            s, e = occ.span()
            if any(m.start == s and m.end == e for m in have):
                continue
            crossing = [m for m in have if m.start < e and s < m.end]
            if any(not (s <= m.start and m.end <= e) for m in crossing):
                continue
            if not _bounded(text, s, e):
                continue
            have = [m for m in have if m not in crossing]
            new.append(Mention(k, s, e, learned[occ.group()], "document"))
        out += have + new
    return sorted(out, key=lambda m: (m.piece, m.start))


def _bounded(text: str, start: int, end: int) -> bool:
    name = text[start:end]
    if name[0].isascii() and start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
        return False
    if name[-1].isascii() and end < len(text) and text[end].isascii() and text[end].isalnum():
        return False
    if len(name) > 2 or name.isascii():
        return True
    lo = max(0, start - 4)
    cuts = word_bounds(text[lo : end + 4])
    return start - lo in cuts and end - lo in cuts


def canonical_ids(names: list[str], links: dict[str, str]) -> list[str]:
    """The entity_id of each normalized name: that of the full name it abbreviates, if known."""
    known = gazetteer().canonical
    return [entity_id(links.get(n) or known.get(n) or n) for n in names]
