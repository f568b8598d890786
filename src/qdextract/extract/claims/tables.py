"""Claims of table cells: each figure in a cell is a claim whose metric is its column's header,
whose subject is its row's name cell, and whose period is a year or quarter the header or the
table's caption names. A header's unit note (`实际总量（万）`, `金额(亿元)`) applies to its cells'
bare numbers; a rank column (`排名`, `序号`) holds enumerators, not claims."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qdextract.extract.claims.patterns import NON_CLAIM_HINTS, TIME_HINTS
from qdextract.extract.quantities import extract_quantities
from qdextract.ids import claim_id
from qdextract.models import Claim, Passage, Quantity, QuantityMention
from qdextract.periods import checked_period, last_year, with_year
from qdextract.text.blocks import without_inline_markup
from qdextract.text.normalize import norm, same_length_norm
from qdextract.text.tables import Cell, Table
from qdextract.zh.lexicon import cues, units
from qdextract.zh.rules import load_rules


@dataclass(frozen=True, slots=True)
class TableWords:
    """data/tables.yaml: how headers name ranks, units and changes."""

    rank_headers: tuple[str, ...]     # a column of ranks or row numbers
    unit_note: str                    # a header's unit in brackets (group `unit`)
    multipliers: dict[str, float]     # a unit note's multiplier (`万` -> 1e4)
    bare_totals: tuple[str, ...]      # headers naming a total of nothing said (`实际总量`)
    change_headers: tuple[str, ...]   # a header naming a change (`增长`, `增速`)
    total_rows: tuple[str, ...]       # a row that sums the others (`合计`)
    bare_measure_headers: tuple[str, ...]  # a header naming a measure without its noun (`总人数`)
    topic_tails: tuple[str, ...]      # the words after a heading's topic (`地理分布`)
    unit_headers: tuple[str, ...]     # a column giving each row's unit (`单位`)
    indicator_name_headers: tuple[str, ...]   # a name column of measures (`指标名称`)
    indicator_value_headers: tuple[str, ...]  # a value column of an indicator table (`绝对值`)


@cache
def table_words() -> TableWords:
    return load_rules("tables.yaml", TableWords)


@cache
def _unit_note() -> re.Pattern[str]:
    return re.compile(table_words().unit_note)


@cache
def _counted_header() -> re.Pattern[str]:
    c = cues()
    nouns = sorted(set(c.people_nouns) | set(c.count_nouns), key=len, reverse=True)
    return re.compile(rf"(?:(?P<noun>{'|'.join(map(re.escape, nouns))})(?:总)?(?:数量|数)|(?P<people>总人数|人数|人口))$")


def _counted_unit(metric: str | None) -> str | None:
    """The unit a header counts in: `总人数`, `使用该语言开发者数` -> 人, `使用该语言仓库数` -> 仓库."""
    m = _counted_header().search(norm(metric)) if metric else None
    if m is None:
        return None
    noun = m.group("noun")
    return "人" if noun is None or noun in cues().people_nouns else noun


def _header_unit(header: str) -> tuple[str | None, str | None, float]:
    """(metric, unit, multiplier) of a header: `实际总量（万）` -> (实际总量, None, 1e4);
    `总人数` -> (总人数, 人, 1)."""
    words = table_words()
    m = _unit_note().search(header)
    if not m:
        metric = header.strip() or None
        return metric, _counted_unit(metric), 1.0
    metric = (header[:m.start()] + header[m.end():]).strip() or None
    note = norm(m.group("unit"))
    mult = 1.0
    for prefix, factor in sorted(words.multipliers.items(), key=lambda kv: -len(kv[0])):
        if note.startswith(prefix):
            mult, note = factor, note[len(prefix):]
            break
    unit = units().get(note)
    return metric, (unit.unit if unit else _counted_unit(metric)), mult


_SECTION_NUMBER = re.compile(r"^[\s#*]*(?:[\d.]+|[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[）)])?[\s*]*")


def _heading_topic(section_path: str) -> str | None:
    """The noun the innermost heading is about: its words before a tail such as `分布`
    (`1.3.2 开发者地理分布` -> 开发者); None when it has no such tail."""
    title = section_path.rsplit(" > ", 1)[-1] if section_path else ""
    title = norm(_SECTION_NUMBER.sub("", title)).strip(" *#")
    for tail in sorted(table_words().topic_tails, key=len, reverse=True):
        k = title.find(tail)
        if k > 0:
            topic = title[:k]
            place = _leading_place(topic)  # `中国开发者`: the rows name the places, the noun is 开发者
            return topic[len(place):] if place and len(topic) > len(place) else topic
    return None


@cache
def _place_names() -> frozenset[str]:
    from qdextract.extract.entities.gazetteer import countries
    from qdextract.zh.lexicon import places
    return frozenset(row["name"] for row in places()) | frozenset(countries()) | {"全国", "全球", "全省", "全市"}


def _leading_place(text: str) -> str | None:
    names = _place_names()
    return next((text[:k] for k in range(min(len(text), 8), 1, -1) if text[:k] in names), None)


def _with_topic(metric: str | None, topic: str | None) -> str | None:
    """A bare measure header with the table's topic before it (`总人数` -> 开发者总人数)."""
    if not metric or not topic or topic in metric or norm(metric) not in table_words().bare_measure_headers:
        return metric
    return topic + metric


def _is_rank_header(header: str) -> bool:
    return norm(header).strip().lower() in table_words().rank_headers


def _name_column(row: list[Cell], skip: set[int]) -> int | None:
    for j, cell in enumerate(row):
        if j not in skip and cell.text and not any(ch.isdigit() for ch in cell.text):
            return j
    return None


def _period_in(text: str, year: int | None = None) -> str | None:
    """The year or period a header or caption names; one without its year (`1-4月`) in `year`."""
    for q in extract_quantities(same_length_norm(text)):
        if q.role_hint in ("year", "period") and q.period:
            if q.period[:4].isdigit():
                return q.period
            if year is not None:
                return with_year(q.period, str(year))
    return None


def _only_time(header: str) -> bool:
    """The header names a time and nothing else (`1-4月`, `2024年`, `一季度（亿元）`): its cells
    are the levels of what each row names."""
    text = same_length_norm(_unit_note().sub("", header)).strip()
    times = [q for q in extract_quantities(text) if q.role_hint in ("year", "period")]
    return bool(times) and len(text) - sum(q.end - q.start for q in times) <= 1


def _row_unit(text: str) -> tuple[str | None, float]:
    """A unit cell's unit and multiplier (`亿元` -> CNY, 1e8; `%` -> %, 1)."""
    return _header_unit(f"（{text.strip()}）")[1:] if text.strip() else (None, 1.0)


def _mention(doc_id: str, cell: Cell, q: Quantity, role: str, cid: str | None) -> QuantityMention:
    s, e = cell.char_start + q.start, cell.char_start + q.end
    return QuantityMention(doc_id, s, e, cell.text[q.start:q.end], q.value, q.value_low, q.value_high,
                           q.unit, q.kind, role, cid)


def _read_headers(headers: list[str]) -> list[tuple[str | None, str | None, float]]:
    """Each header's (metric, unit, multiplier). A header naming a bare total (`实际总量（万）`)
    counts what the table's one counted column counts (`总人数`: 人)."""
    read = [_header_unit(h) for h in headers]
    counted = {unit for metric, unit, _ in read if unit is not None and _counted_unit(metric) == unit}
    if len(counted) != 1:
        return read
    unit = counted.pop()
    totals = table_words().bare_totals
    return [(metric, unit if u is None and metric and norm(metric).endswith(totals) else u, mult)
            for metric, u, mult in read]


def table_claims(table: Table, passages: dict[str, Passage], doc_id: str, modality: str | None,
                 context_period: str | None = None) -> tuple[list[Claim], list[QuantityMention]]:
    """The claims and every figure mention of one table's body rows. A cell's period is its
    header's, else the caption's or another header's, else `context_period` (the section
    heading's, else the document's date line's)."""
    headers = [c.text for c in table.header]
    rank_cols = {j for j, h in enumerate(headers) if _is_rank_header(h)}
    unit_cols = {j for j, h in enumerate(headers) if norm(h).strip() in table_words().unit_headers}
    read_headers = _read_headers(headers)
    year = last_year(context_period) if context_period else None
    header_periods = [_period_in(h, year) for h in headers]  # each column's own time, read once
    table_period = next((p for p in [_period_in(table.caption, year), *header_periods] if p), None) or context_period
    change_words = table_words().change_headers
    # an indicator table (`指标 | 单位 | 1-4月 | 同比增长（%）`): each row names what is measured
    words = table_words()
    indicators = any(_only_time(h) or norm(_unit_note().sub("", h)).strip() in words.indicator_value_headers
                     for j, h in enumerate(headers) if j not in rank_cols | unit_cols) or any(
        norm(h).strip() in words.indicator_name_headers for h in headers)
    topic = _heading_topic(table.section_path)
    claims: list[Claim] = []
    mentions: list[QuantityMention] = []
    for row, pid in zip(table.rows, table.passage_ids):
        passage = passages.get(pid)
        if passage is None:
            continue
        name_col = _name_column(row, rank_cols | unit_cols)
        name = without_inline_markup(row[name_col].text).strip() if name_col is not None else None
        subject = None if indicators else name
        row_unit, row_mult = next((_row_unit(row[j].text) for j in unit_cols if j < len(row)), (None, 1.0))
        # a row headed by a time (`| 2019 | 39,100 | 7,520,500 |`): its cells are of that time
        row_period = _period_in(row[0].text, year) if row and name_col != 0 and _only_time(row[0].text) else None
        for j, cell in enumerate(row):
            if not cell.text or j == name_col or j in unit_cols:
                continue
            found = extract_quantities(same_length_norm(cell.text))
            if j in rank_cols:
                mentions.extend(_mention(doc_id, cell, q, "enumerator", None) for q in found)
                continue
            header = headers[j] if j < len(headers) else ""
            metric, header_unit, mult = read_headers[j] if j < len(headers) else _header_unit(header)
            metric = name if indicators else _with_topic(metric, topic)
            is_change = any(w in norm(header) for w in change_words)
            if header_unit is None and row_unit is not None and not is_change:
                header_unit, mult = row_unit, row_mult  # the row's own unit, from its unit column
            period = (header_periods[j] if j < len(headers) else None) or row_period or table_period
            for q in found:
                hint = q.role_hint or ""
                if hint in TIME_HINTS or hint in NON_CLAIM_HINTS or q.value is None:
                    role = TIME_HINTS.get(hint) or NON_CLAIM_HINTS.get(hint, "other")
                    mentions.append(_mention(doc_id, cell, q, role, None))
                    continue
                claim = _cell_claim(doc_id, passage, cell, q, metric, subject, period, header_unit, mult,
                                    change=is_change,
                                    modality=modality or "actual")
                claims.append(claim)
                mentions.append(_mention(doc_id, cell, q, "claim", claim.claim_id))
    return claims, mentions


def _cell_claim(doc_id: str, passage: Passage, cell: Cell, q: Quantity, metric: str | None,
                subject: str | None, period: str | None, header_unit: str | None, mult: float,
                change: bool, modality: str) -> Claim:
    period = checked_period(period)  # a time outside the grammar's years dates nothing
    s, e = cell.char_start + q.start, cell.char_start + q.end
    scale = mult if q.unit is None else 1.0
    unit = q.unit or header_unit
    kind = q.kind
    if q.unit is None and header_unit is not None:
        kind = next((u.kind for u in units().values() if u.unit == header_unit), "count")

    def scaled(v: float | None) -> float | None:
        return None if v is None else v * scale

    value = scaled(q.value)
    direction = None
    if change and value is not None and value != 0:
        direction = "increase" if value > 0 else "decrease"
    return Claim(
        claim_id=claim_id(doc_id, s, e), doc_id=doc_id, passage_id=passage.passage_id,
        section_path=passage.section_path, sentence=passage.text, char_start=s, char_end=e,
        surface=cell.text[q.start:q.end], value=value, value_low=scaled(q.value_low),
        value_high=scaled(q.value_high), unit=unit, unit_surface=q.unit_surface, kind=kind,
        qualifier=q.qualifier, direction=direction, value_role="change" if change else "level",
        from_value=None, yoy=False, base_period=None, period=period,
        year=last_year(period) if period else None, modality=modality,
        metric=metric, metric_norm=norm(metric) if metric else None,
        subject=subject, subject_norm=norm(subject) if subject else None, origin="table",
    )
