"""Period and modality: from the sentence, else from the paragraph's opening time phrase and the section heading."""


from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qdextract.extract.claims.patterns import _patterns
from qdextract.extract.claims.sentence import _LAST_YEAR, _YEAR_AT_START, _Sentence
from qdextract.extract.quantities import extract_quantities
from qdextract.models import Quantity
from qdextract.periods import with_year
from qdextract.text.normalize import same_length_norm
from qdextract.zh.lexicon import cues


@dataclass(slots=True)
class _Context:
    """What earlier sentences of a paragraph say for the later ones: the opening time phrase,
    the last year written (for 今年), and a modality that introduced a list (`目标是：…；…`);
    and what the paragraph's section headings say (`heading`: their modality)."""

    period: str | None = None
    year: str | None = None
    modality: str | None = None
    heading: str | None = None
    heading_period: str | None = None  # the period the enclosing headings name, if one
    currency: str = "CNY"  # what a bare 元 is in this document (zh.currency)


_SECTION_SEP = " > "


def heading_modality(section_path: str) -> str | None:
    """The modality the enclosing headings give: that of the innermost heading naming exactly
    one (`三、2026年工作安排` -> target); None when none does or the innermost naming any
    names two (`回顾与展望`)."""
    return heading_modalities([section_path])[section_path]


def heading_modalities(section_paths) -> dict[str, str | None]:
    """`heading_modality` of each section path. The titles are read in their own script and
    width: the cue words are compiled in every form (a title would otherwise cost a script
    conversion of its own)."""
    table = cues().heading_modality
    p = _patterns()
    out: dict[str, str | None] = {}
    for path in dict.fromkeys(section_paths):
        out[path] = None
        for title in reversed(path.split(_SECTION_SEP) if path else []):
            found = {table[m.group().translate(p.heading_fold)] for m in p.heading.finditer(title)}
            if found:
                out[path] = found.pop() if len(found) == 1 else None
                break
    return out


def heading_periods(section_paths) -> dict[str, str | None]:
    """The period each section path's headings give: that of the innermost heading naming a
    time (`一、2025年工作回顾` -> 2025, `二、“十五五”时期…` -> 2026-2030); None when none does or the
    innermost naming one names two (`一、“十四五”时期和2025年工作回顾`: which one a figure is of,
    the heading does not say)."""
    out: dict[str, str | None] = {}
    for path in dict.fromkeys(section_paths):
        out[path] = None
        for title in reversed(path.split(_SECTION_SEP) if path else []):
            found = {q.period for q in extract_quantities(same_length_norm(title))
                     if q.role_hint in ("year", "period") and q.period and _YEAR_AT_START.match(q.period)}
            found |= {f"{a}-{b}" for name, (a, b) in cues().period_names.items() if name in title}
            if found:
                out[path] = found.pop() if len(found) == 1 else None
                break
    return out


@lru_cache(maxsize=4096)
def _year_of(period: str | None) -> int | None:
    if not period:
        return None
    m = _LAST_YEAR.search(period)
    return int(m.group(1)) if m else None


def _time_mentions(sent: _Sentence) -> list[Quantity]:
    """Time phrases that date the sentence's figures (not the base of a comparison)."""
    base_at_end = _patterns().base_at_end
    out = []
    for t in sent.quantities:
        if t.role_hint not in ("year", "period", "date") or not t.period:
            continue
        if sent.text[t.start:t.end] in cues().period_names:
            continue  # a named span (十四五) dates nothing unless its years are written (2021-2025年)
        if base_at_end.search(sent.text[max(0, t.start - 2):t.start]):
            continue
        out.append(t)
    return out


_NAMED_SPAN_OPENER = re.compile(r"[”\"」]?(?:时期|期间|以来)?[，,]")


def _opening_period(sent: _Sentence, times: list[Quantity]) -> str | None:
    """`截至2025年一季度,` / `2025年,` / `“十四五”时期,` opening the sentence: it holds for what
    follows (a named span only so, standing alone before the comma)."""
    first = sent.quantities[0] if sent.quantities else None
    if (first is not None and first.role_hint == "period" and first.period
            and sent.text[first.start:first.end] in cues().period_names
            and sent.text[:first.start] in ("", "“", '"', "「")
            and _NAMED_SPAN_OPENER.match(sent.text, first.end)):
        return first.period
    if not times:
        return None
    t = times[0]
    lead = sent.text[:t.start]
    if len(lead) > 3 or any(ch not in "截至止到在于从自——" for ch in lead):
        return None
    after = sent.text[t.end:t.end + 1]
    return t.period if after in ("，", ",") else None


_THIS_YEAR = re.compile(r"今年|当年|全年")


def _period_for(sent: _Sentence, times: list[Quantity], pos: int, ctx: _Context) -> str | None:
    carried = ctx.period
    own = [t.period for t in times if t.end <= pos]
    if not own and ctx.year and _THIS_YEAR.search(sent.masked, 0, pos):
        own = [ctx.year]
    period = own[-1] if own else (carried or ctx.heading_period)
    if period and not _YEAR_AT_START.match(period):
        # `上半年`, `6月` with no year of their own: the year the paragraph is in, if it says one
        year = carried[:4] if carried and _YEAR_AT_START.match(carried) else ctx.year
        if not year:
            return None  # a period is never told without its year
        period = with_year(period, year)
    return period


def _cue_modalities(sent: _Sentence, end: int | None = None) -> list[tuple[int, int, str | None]]:
    """(start, end, modality) of each modality cue and not-cue (None) in the sentence, or in
    its first `end` characters; `将` counts only before a verb."""
    c = cues()
    out: list[tuple[int, int, str | None]] = []
    p = _patterns()
    not_cues = p.not_cues
    for m in p.modality.finditer(sent.masked, 0, len(sent.masked) if end is None else end):
        cue = m.group()
        if cue in not_cues:
            value = None
        elif cue == "将":
            value = "forecast" if sent.masked.startswith(tuple(c.forecast_will_verbs), m.end()) else None
        else:
            value = c.modality[cue]
        out.append((m.start(), m.end(), value))
    return out


def _modality(sent: _Sentence, pos: int, carried: str | None = None, heading: str | None = None) -> str:
    """The last modality cue before the figure in its sentence, else the list's or the
    heading's; a result stated in the figure's own clause (`已建成`) wins over the heading."""
    if sent.cues is None:  # read once per sentence, not once per figure
        sent.cues = _cue_modalities(sent)
    found_cues = sent.cues
    if any(s < pos < e for s, e, _ in found_cues):
        found_cues = _cue_modalities(sent, pos)  # a cue running past pos: read the text up to pos
    found = carried
    for s, e, value in found_cues:
        if e > pos:
            break
        if value is not None:
            found = value
    if found is not None:
        return found
    if heading in (None, "actual"):
        return "actual"
    p = _patterns()
    clause = p.actual.finditer(sent.masked, sent.clause_start(pos), pos)
    return "actual" if any(m.group() not in p.not_cues for m in clause) else heading
