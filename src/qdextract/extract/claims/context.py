"""Period and modality: from the sentence, else from the paragraph's opening time phrase and the section heading."""


from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qdextract.extract.claims.patterns import _patterns
from qdextract.extract.claims.sentence import _LAST_YEAR, _YEAR_AT_START, _Sentence
from qdextract.extract.quantities import extract_quantities
from qdextract.models import Quantity
from qdextract.periods import period_before, with_year, year_before
from qdextract.text.normalize import same_length_norm, same_length_norm_many
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
    doc_date: str | None = None  # the document's own date (`2025-02-26`) or year, if it gives one
    heading_named: bool = False  # the headings name a time (one or several)
    heading_end: int | None = None  # the year every time the headings name ends in (`“十四五”时期和2025年`)
    section: str = ""  # the section path of the paragraph
    period_section: str | None = None  # the section of the paragraph whose opening set `period`
    yoy: bool = False  # the paragraph has stated a change year on year (`同比增长`)
    fiscal: bool = False  # the document writes fiscal years (`2024/25年度`)


SECTION_SEP = " > "
_HAN = re.compile(r"[\u4e00-\u9fff]")


_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                        "Nov", "Dec"), start=1)}


@lru_cache(maxsize=1)
def _date_lines() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in cues().date_lines)


def writes_fiscal_years(passages) -> bool:
    """The document writes fiscal years (`2024/25年度`): its `本年度`, `来年` are fiscal years."""
    form = re.compile(cues().fiscal_year_form)
    # (joined by a character that no `\s` of the form spans)
    return form.search("\0".join(p.text_norm or p.text for p in passages)) is not None


def document_date(passages, text: str | None = None) -> str | None:
    """The document's own date, `YYYY-MM-DD`, from a date line near its top
    (`data/cues.yaml: date_lines`), else the year its first title names (`2026年…政府工作报告`);
    None when it gives neither."""
    head = (text or "\n".join(p.text for p in passages[:40]))[:cues().date_line_chars]
    for pattern in _date_lines():
        m = pattern.search(head)
        if m:
            month = m.group("m")
            month = _MONTHS.get(month) or int(month)
            if 1 <= month <= 12 and 1 <= int(m.group("d")) <= 31:
                return f"{m.group('y')}-{month:02d}-{int(m.group('d')):02d}"
    for p in passages[:5]:
        if p.kind != "title":
            continue
        found = [q.period[:4] for q in extract_quantities(same_length_norm(p.text))
                 if q.role_hint in ("year", "period") and q.period and _YEAR_AT_START.match(q.period)]
        if found:
            return found[0]  # (`2024年1-4月全市经济运行情况`: its year)
    return None


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
        for title in reversed(path.split(SECTION_SEP) if path else []):
            found = {table[m.group().translate(p.heading_fold)] for m in p.heading.finditer(title)}
            if found:
                out[path] = found.pop() if len(found) == 1 else None
                break
    return out


_WHOLE_YEARS = re.compile(r"(\d{4})(?:-(\d{4}))?")


def opens_a_plan(period: str | None, doc_date: str | None) -> bool:
    """A section that opens with a year or span of years most of which is still to come when the
    document is dated (`2026年是“十五五”开局之年` in a report of 2026-01-27, `“十五五”时期是…`) is a
    plan: its figures are targets unless they say otherwise. A year nearly over, or a date that is
    only a year, makes no plan (`2024年，全市…` in a review written that December)."""
    m = _WHOLE_YEARS.fullmatch(period or "")
    if m is None or doc_date is None or len(doc_date) != 10:
        return False
    end_year = int(m.group(2) or m.group(1))
    months_left = (end_year - int(doc_date[:4])) * 12 + 12 - int(doc_date[5:7])
    return months_left > 6


def heading_periods(section_paths) -> dict[str, str | None]:
    """The period each section path's headings give: that of the innermost heading naming a
    time (`一、2025年工作回顾` -> 2025, `二、“十五五”时期…` -> 2026-2030); None when none does or the
    innermost naming one names two (`一、“十四五”时期和2025年工作回顾`: which one a figure is of,
    the heading does not say)."""
    return {path: next(iter(found)) if len(found) == 1 else None
            for path, found in heading_times(section_paths).items()}


def heading_end_year(found: frozenset[str]) -> int | None:
    """The year every period a heading names ends in (`“十四五”时期和2025年` -> 2025), if one."""
    ends = {_year_of(period) for period in found}
    return ends.pop() if len(ends) == 1 else None


def heading_times(section_paths) -> dict[str, frozenset[str]]:
    """The periods the innermost heading naming any time names, for each section path."""
    paths = list(dict.fromkeys(section_paths))
    # a heading heads every path below it: each is read once, all in one script conversion
    titles = list(dict.fromkeys(t for path in paths if path for t in path.split(SECTION_SEP)
                                if "\n" not in t))
    of_title = {t: _title_periods(t, folded) for t, folded in zip(titles, same_length_norm_many(titles))}
    out: dict[str, frozenset[str]] = {}
    for path in paths:
        out[path] = frozenset()
        for title in reversed(path.split(SECTION_SEP) if path else []):
            if title not in of_title:
                of_title[title] = _title_periods(title, same_length_norm(title))
            if of_title[title]:
                out[path] = of_title[title]
                break
    return out


def _title_periods(title: str, folded: str) -> frozenset[str]:
    found = {q.period for q in extract_quantities(folded)
             if q.role_hint in ("year", "period") and q.period and _YEAR_AT_START.match(q.period)
             and not (q.text.isdigit() and _HAN.match(folded, q.end))}  # `跌逾2100点`: no year
    return frozenset(found | {f"{a}-{b}" for name, (a, b) in cues().period_names.items() if name in title})


@lru_cache(maxsize=1)
def _open_spans() -> re.Pattern[str]:
    return re.compile(cues().open_spans)


def _open_span_end(sent: _Sentence) -> int | None:
    if sent.open_span_end == -1:  # once a sentence: most name none
        m = _open_spans().search(sent.masked)
        sent.open_span_end = m.end() if m else None
    return sent.open_span_end


_SPAN = re.compile(r"(\d{4})-(\d{4})")


def _fiscal_year(period: str | None) -> bool:
    m = _SPAN.fullmatch(period or "")
    return m is not None and int(m.group(2)) == int(m.group(1)) + 1


def _joined_fiscal_years(sent: _Sentence, times: list[Quantity], last: Quantity, period: str) -> str:
    """`2026/27及2027/28年度`: fiscal years joined by 及, 和, 至 are one span, from the first
    one's start to the last one's end."""
    k = times.index(last)
    first = last
    while k > 0 and _fiscal_year(times[k - 1].period) and sent.text[times[k - 1].end:first.start] in cues().time_joiners:
        k -= 1
        first = times[k]
    return period if first is last else f"{(first.period or '')[:4]}-{period[5:]}"


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
        relative = _relative_year_before(sent.text, t.start)
        if relative is not None and base_at_end.search(sent.text[max(0, t.start - 5):t.start - len(relative)]):
            continue  # `比上年四季度`: the base of a comparison too
        out.append(t)
    return out


def _relative_year_before(text: str, at: int) -> str | None:
    """The relative year (`上年`, `去年`) written right before offset `at`, if one."""
    head = text[max(0, at - 3):at]
    return next((w for w in cues().relative_years if head.endswith(w)), None)


def dated_base(sent: _Sentence, base: str | None, base_start: int | None, period: str | None,
               relative: str | None = None) -> str | None:
    """A base period with its year: `比1-2月份` is of the figure's own year, `比上年四季度` of the
    year before (`2023Q1` against `2022Q4`); one named relative to the figure's time (`比上月`,
    `比上年同月`) from that time. None when no year is known."""
    if not base:
        if relative is None or not period or not _YEAR_AT_START.match(period):
            return None
        return year_before(period) if relative == "year" else period_before(period)
    if _YEAR_AT_START.match(base):
        return base
    year = _year_of(period)
    if year is None or base_start is None:
        return None
    word = _relative_year_before(sent.text, base_start)
    if word is not None:
        year += cues().relative_years[word]
    return with_year(base, str(year))


_NAMED_SPAN_OPENER = re.compile(r"[”\"」]?(?:时期|期间|以来)?[，,]")
_NAMED_SPAN_TOPIC = re.compile(r"[”\"」]?(?:时期|期间)?")


@lru_cache(maxsize=1)
def _opener_rules() -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...], re.Pattern[str]]:
    c = cues()
    leads = "|".join(map(re.escape, sorted(c.period_opener_leads, key=len, reverse=True)))
    topic = "|".join(map(re.escape, c.period_topic_verbs))
    spans = re.compile(rf"(?:{c.relative_spans})(?:[，,]|(?P<topic>{topic}))")
    words = sorted([*c.relative_years, *c.today_words, *c.fiscal_relative], key=len, reverse=True)
    relative = re.compile("|".join(map(re.escape, words)))
    return re.compile(rf"(?:{leads})$"), spans, c.period_topic_verbs, relative


_SMALL_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _opening_period(sent: _Sentence, times: list[Quantity], ctx: _Context | None = None) -> str | None:
    """`截至2025年一季度,` / `2025年,` / `“十四五”时期,` opening the sentence: it holds for what
    follows (a named span only so, standing alone before the comma). So does the time of a
    topic sentence (`2025年是…`, `“十四五”时期是…的五年`) and a span counted back from the
    year the context is in (`五年来，`, `这五年，`)."""
    return _clause_opener(sent, times, 0, ctx)


def _clause_opener(sent: _Sentence, times: list[Quantity], cs: int, ctx: _Context | None) -> str | None:
    """The period of a time phrase opening the clause at `cs`, if one does."""
    leads, spans, topic_verbs, _ = _opener_rules()
    text = sent.text
    start = cs
    while start < len(text) and text[start] in " \u3000":
        start += 1
    named = next((q for q in sent.quantities if q.start >= start), None)
    if (named is not None and named.role_hint == "period" and named.period
            and text[named.start:named.end] in cues().period_names
            and text[start:named.start] in ("", "“", '"', "「")):
        if _NAMED_SPAN_OPENER.match(text, named.end):
            return named.period
        m = _NAMED_SPAN_TOPIC.match(text, named.end)  # matches always: every part is optional
        if cs == 0 and m is not None and text.startswith(topic_verbs, m.end()):
            return named.period  # `“十四五”时期是…的五年。`
    if ctx is not None:
        m = spans.match(text, start)
        heading_year = _year_of(ctx.heading_period) or ctx.heading_end
        year = ctx.year or (str(heading_year) if heading_year else None)
        if m and not year and m.group().startswith(tuple(cues().past_openers)) and ctx.doc_date and len(ctx.doc_date) == 10:
            year = str(int(ctx.doc_date[:4]) - 1)  # `过去五年，`: the whole years before the writing
        if m and year and (cs == 0 or m.group("topic") is None):
            n = m.group("n")
            count = int(n) if n.isdigit() else _SMALL_NUMBERS.get(n, 0)
            if count == 1:
                return year  # `一年来，`, `过去一年是…的一年`
            if 1 < count <= 10:
                return f"{int(year) - count + 1}-{year}"
    t = next((t for t in times if t.start >= start), None)
    if t is None:
        return None
    lead = text[start:t.start]
    lead_word = leads.search(lead)
    if lead_word is not None:
        lead = lead[:lead_word.start()]
    if len(lead) > 3 or any(ch not in "截至止到在于从自——" for ch in lead):
        return None
    after = text[t.end:t.end + 1]
    if after in ("，", ","):
        return t.period
    if cs == 0 and text.startswith(topic_verbs, t.end) and _YEAR_AT_START.match(t.period or ""):
        return t.period  # `2025年是“十四五”收官之年`
    return None


_GAP = re.compile(r"[ \u3000]{2,}")


def _later_opener(sent: _Sentence, times: list[Quantity], ctx: _Context) -> str | None:
    """The period of the last time phrase opening a clause after the sentence's start (an
    inline heading's text, `一、…较快    4月份，…`, or `…，1-4月份，…`): it holds for the sentences
    that follow."""
    if not times:
        return None
    raw, base = sent.passage.text, sent.passage.char_start
    gaps = {t.start for t in times if t.start > 0 and raw[:sent.raw_span(t.start, t.end)[0] - base].endswith(
        ("  ", "\u3000", "\t"))}  # the normalized text closes the gap after an inline heading
    starts = sorted(set(sent.breaks[1:]) | {m.end() for m in _GAP.finditer(sent.text)} | gaps)
    found = None
    for cs in starts:
        if cs > times[-1].start:
            break
        period = _clause_opener(sent, times, cs, None)
        if period:
            found = period
    return found


def _relative_mentions(sent: _Sentence, ctx: _Context) -> list[tuple[int, str]]:
    """(end, period) of each relative year (`今年`, `去年`) and word of the day (`即日起`) that dates
    the figures after it: not the base of a comparison (`比去年`, `较上年`), nor `…同期`."""
    *_, relative = _opener_rules()
    # the last year the paragraph wrote, else the year of the period it is in (carried or the
    # heading's), else the document's own
    carried = _year_of(ctx.period or ctx.heading_period)
    year = ctx.year or (str(carried) if carried else None) or (ctx.doc_date or "")[:4] or None
    # `今年`, `去年` count from the time of writing: a dated document's date line
    now = ctx.doc_date[:4] if ctx.doc_date and len(ctx.doc_date) == 10 else year
    out: list[tuple[int, str]] = []
    base_at_end = _patterns().base_at_end
    c = cues()
    for m in relative.finditer(sent.masked):
        word = m.group()
        if base_at_end.search(sent.masked[max(0, m.start() - 4):m.start()]):
            continue
        if sent.masked.startswith("同期", m.end()) or sent.masked.startswith(("同比", "的同期"), m.end()):
            continue
        if word in c.today_words:
            if ctx.doc_date and len(ctx.doc_date) == 10:
                out.append((m.end(), ctx.doc_date))
            continue
        if ctx.fiscal and word in c.fiscal_relative and ctx.doc_date and len(ctx.doc_date) == 10:
            y, month = int(ctx.doc_date[:4]), int(ctx.doc_date[5:7])
            first = (y if month >= c.fiscal_year_start_month else y - 1) + c.fiscal_relative[word]
            out.append((m.end(), f"{first}-{first + 1}"))
            continue
        base = year if word in c.anaphoric_years else now
        if base and word in c.relative_years:
            out.append((m.end(), str(int(base) + c.relative_years[word])))
    for word in c.year_to_date:
        k = sent.masked.find(word)
        while k >= 0:
            span = _year_to_date(sent, k, ctx.period, now)
            if span:
                out.append((k + len(word), span))
            k = sent.masked.find(word, k + 1)
    return out


_MONTH = re.compile(r"(?:\d{4}-)?\d{2}")


def _year_to_date(sent: _Sentence, at: int, carried: str | None, now: str | None) -> str | None:
    """`4月份，…，今年以来…`: January to the month the sentence (else the paragraph) is in."""
    month = next((q.period for q in reversed(sent.quantities)
                  if q.end <= at and q.period and _MONTH.fullmatch(q.period)), None)
    month = month or (carried if carried and _MONTH.fullmatch(carried) else None)
    if month is None or (len(month) == 2 and not now):
        return None
    month = month if len(month) > 2 else with_year(month, now or "")
    since = f"{month[:4]}-01"
    return since if month == since else f"{since}/{month}"


def _period_for(sent: _Sentence, times: list[Quantity], pos: int, ctx: _Context,
                relative: list[tuple[int, str]] | None = None) -> str | None:
    carried = ctx.period
    own = [(t.end, t.period) for t in times if t.end <= pos]
    own += [(end, period) for end, period in (relative or ()) if end <= pos]
    own.sort()
    open_end = _open_span_end(sent) if not own else None
    if open_end is not None and open_end <= pos:
        return None  # `未来三年获拨款681亿元`: of a span that no time around names
    # the document's year dates a figure no time around dates, unless the headings name times
    # and not one (`二、“十四五”时期发展成就和“十五五”时期主要目标任务`): then it is not told
    doc_year = (ctx.doc_date or "")[:4] or None
    fallback = None if ctx.heading_named and not ctx.heading_period else doc_year
    period = own[-1][1] if own else (carried or ctx.heading_period or fallback)
    at = own[-1][0] if own else -1
    time = next((t for t in times if t.end == at), None)
    if time is not None and period and _fiscal_year(period):
        return _joined_fiscal_years(sent, times, time, period)
    if period and not _YEAR_AT_START.match(period):
        # `上半年`, `6月` with no year of their own: the year a relative year right before says
        # (`今年6月`), else the year the paragraph is in, if it says one
        year = None
        if time is not None:
            fiscal = next((t.period for t in times if t.end == time.start and _fiscal_year(t.period)), None)
            if fiscal:
                return fiscal  # `2025/26年度首季`: a part of a fiscal year, not of the calendar's
            year = next((p[:4] for end, p in (relative or ()) if end == time.start), None)
        if year is None:
            carried_year = _year_of(carried) if carried and _YEAR_AT_START.match(carried) else None
            year = str(carried_year) if carried_year else (ctx.year or doc_year)
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
        elif cue in c.cue_noun_before and sent.masked[m.end():m.end() + 1] in c.cue_noun_before[cue] \
                and m.end() < len(sent.masked):
            value = None  # `入境计划，`: a programme's name
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
    weak = cues().review_weak_cues if heading == "actual" else ()
    for s, e, value in found_cues:
        if e > pos:
            break
        if value is not None and not (weak and value == "target" and sent.masked[s:e] in weak):
            found = value
    if found is not None:
        return found
    if heading in (None, "actual"):
        return "actual"
    p = _patterns()
    clause = p.actual.finditer(sent.masked, sent.clause_start(pos), pos)
    return "actual" if any(m.group() not in p.not_cues for m in clause) else heading
