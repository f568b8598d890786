"""Claims of a document: passages in, Claim and QuantityMention records out."""


from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby
from operator import attrgetter

from qdextract.extract.attribution.phrases import _skip_times, find_subject
from qdextract.extract.claims.context import (
    SECTION_SEP,
    _Context,
    _later_opener,
    _modality,
    _opening_period,
    _period_for,
    _relative_mentions,
    _time_mentions,
    _year_of,
    dated_base,
    document_date,
    heading_end_year,
    heading_modalities,
    heading_times,
    opens_a_plan,
    writes_fiscal_years,
)
from qdextract.extract.claims.lists import (
    _list_modality,
    _pair_fenbie,
    _pair_listed_from,
    _rank_of_figures_before,
)
from qdextract.extract.claims.patterns import NON_CLAIM_HINTS, TIME_HINTS, _patterns
from qdextract.extract.claims.reading import _read_claim
from qdextract.extract.claims.sentence import (
    _YEAR_AT_START,
    _read_sentence,
    _Reading,
    _role,
    _Sentence,
    _under_zero_subject,
)
from qdextract.extract.claims.tables import table_claims
from qdextract.extract.quantities import extract_quantities
from qdextract.ids import claim_id
from qdextract.models import ORIGIN_OF_PASSAGE, Claim, Passage, Quantity, QuantityMention
from qdextract.periods import checked_period
from qdextract.text.blocks import without_inline_markup
from qdextract.text.tables import Table
from qdextract.zh.currency import document_currency, local_currency
from qdextract.zh.lexicon import (
    cues,
)


def _unit_surface(sent: _Sentence, q: Quantity) -> str | None:
    """The unit as the source writes it: where it stands in the figure (`1200億元`, `百分之五`,
    `三成半`), in the source's own characters."""
    if not q.unit_surface:
        return None
    k = q.text.rfind(q.unit_surface)
    if k < 0:
        return q.unit_surface
    s, e = sent.raw_span(q.start + k, q.start + k + len(q.unit_surface))
    return sent.passage.text[s - sent.passage.char_start:e - sent.passage.char_start]


def _in_source(sent: _Sentence, phrase: str | None, near: int) -> str | None:
    """A phrase found in the normalized sentence, in the source's own characters."""
    if not phrase:
        return None
    at = sent.text.rfind(phrase, 0, near)
    if at < 0:
        at = sent.text.find(phrase)
    if at < 0:
        return phrase  # composed from pieces (分别 lists): no single source span
    s, e = sent.raw_span(at, at + len(phrase))
    base = sent.passage.char_start
    raw = without_inline_markup(sent.passage.text[s - base:e - base])
    return _LINE_BREAK.sub("", raw) if "\n" in raw or "\r" in raw else raw  # `PM\n2.5\n年平均浓度`: layout


_LINE_BREAK = re.compile(r"[ \t\u3000]*[\r\n]+[ \t\u3000]*")


def _claim(sent: _Sentence, r: _Reading, period: str | None, doc_id: str, ctx: _Context,
           before: tuple[_Reading, Claim] | None = None) -> Claim:
    period = checked_period(period)  # a time outside the grammar's years dates nothing
    s, e = sent.raw_span(r.start, r.end)
    passage = sent.passage
    surface = passage.text[s - passage.char_start:e - passage.char_start]
    q = r.q
    from_value = r.from_q.value if r.from_q is not None else None
    metric_norm = r.metric
    subject_norm = r.subject or find_subject(sent, q.start, metric_norm)
    if subject_norm in sent.counted:
        subject_norm = None
    group_before = _group_claim_before(sent, r, before)
    if subject_norm is None and metric_norm and not _under_zero_subject(sent, q.start):
        group = _patterns().group_measure.fullmatch(metric_norm) or (
            _patterns().enterprise_measure.fullmatch(metric_norm) if r.kind != "count" else None) or (
            _patterns().resident_measure.fullmatch(metric_norm))
        if group:  # `头部主播单场直播销售额`, `市属国企利润`: the group's measure
            subject_norm, metric_norm = group.group("group"), group.group("measure")
        elif (group_before is not None and group_before.metric_norm is not None
              and _patterns().group_only.fullmatch(metric_norm)):
            # `头部主播单场直播销售额为…，腰部主播为…`: the group named alone takes the measure
            # of the group before it
            subject_norm, metric_norm = metric_norm, group_before.metric_norm
        elif _patterns().group_only.fullmatch(metric_norm):
            subject_norm, metric_norm = metric_norm, None  # the group alone is whom, not what, it measures
    if (subject_norm is None and group_before is not None
            and sent.text.startswith(cues().deed_verbs, _skip_times(sent, sent.clause_start(q.start), q.start))):
        # `港澳居民在粤参加医保…，参加养老…保险35.4万人次`: a clause opening with a deed and naming
        # no one goes on about the group before it
        subject_norm = group_before.subject_norm
    metric = _in_source(sent, metric_norm, q.start)
    subject = _in_source(sent, subject_norm, q.start)
    return Claim(
        claim_id=claim_id(doc_id, s, e), doc_id=doc_id, passage_id=passage.passage_id,
        section_path=passage.section_path, sentence=passage.text, char_start=s, char_end=e,
        surface=surface, value=q.value, value_low=q.value_low, value_high=q.value_high,
        unit=local_currency(r.unit, r.unit_surface, ctx.currency, sent.text),  # a bare 元: the place's
        unit_surface=_unit_surface(sent, q), kind=r.kind, qualifier=r.qualifier,
        direction=r.direction, value_role=r.value_role, from_value=from_value, yoy=r.yoy,
        base_period=checked_period(dated_base(sent, r.base_period, r.base_start, period, r.base_relative)),
        period=period, year=_year_of(period),
        modality=_modality(sent, q.start, ctx.modality, ctx.heading), metric=metric,
        metric_norm=metric_norm, subject=subject, subject_norm=subject_norm,
        origin=ORIGIN_OF_PASSAGE.get(passage.kind, "prose"),
    )


def _group_claim_before(sent: _Sentence, r: _Reading, before: tuple[_Reading, Claim] | None) -> Claim | None:
    """The claim before this figure's, when it lies in an earlier clause of the sentence and
    measured a group (`头部主播`, `港澳居民`)."""
    if before is None:
        return None
    prev_r, prev = before
    if prev.subject_norm is None or _patterns().group_only.fullmatch(prev.subject_norm) is None:
        return None
    return prev if sent.clause_start(prev_r.q.start) != sent.clause_start(r.q.start) else None


def _mention(sent: _Sentence, q: Quantity, role: str, doc_id: str, claim_id: str | None,
             currency: str) -> QuantityMention:
    s, e = sent.raw_span(q.start, q.end)
    text = sent.passage.text[s - sent.passage.char_start:e - sent.passage.char_start]
    return QuantityMention(doc_id, s, e, text, q.value, q.value_low, q.value_high,
                           local_currency(q.unit, q.unit_surface, currency, sent.text), q.kind, role,
                           claim_id)


def _sentence_claims(sent: _Sentence, ctx: _Context, doc_id: str, with_mentions: bool = True
                     ) -> tuple[list[Claim], list[QuantityMention]]:
    times = _time_mentions(sent)
    opening = _opening_period(sent, times, ctx)
    if opening:
        ctx.period, ctx.period_section = opening, ctx.section
    relative = _relative_mentions(sent, ctx)
    years = [t.period[:4] for t in times if t.period and _YEAR_AT_START.match(t.period)]
    carry_modality = _list_modality(sent)
    claims: list[Claim] = []
    mentions: list[tuple[Quantity, str, str | None]] = []
    readings: list[_Reading] = []
    prev: _Reading | None = None
    for q in sent.quantities:
        role = _role(sent, q)
        if role != "claim":
            mentions.append((q, role, None))
            continue
        r = _read_claim(sent, q, prev)
        readings.append(r)
        prev = r
    _pair_fenbie(sent, readings)
    _rank_of_figures_before(sent, readings)
    _pair_listed_from(sent, readings)
    _carry_yoy(sent, readings, ctx)
    from_of = {id(r.from_q) for r in readings if r.from_q is not None}
    ids: dict[int, str] = {}
    before: tuple[_Reading, Claim] | None = None
    for r in readings:
        if id(r.q) in from_of:
            continue
        own_times, from_times = _times_of_the_from_value(times, r)
        if from_times and r.base_period is None:  # the from-value's own time is the change's base
            r.base_period, r.base_start = from_times[-1].period, from_times[-1].start
        period = _period_for(sent, own_times, r.q.start, ctx, relative)
        claim = _claim(sent, r, period, doc_id, ctx, before)
        before = (r, claim)
        claims.append(claim)
        ids[id(r.q)] = claim.claim_id
        if r.from_q is not None:
            ids[id(r.from_q)] = claim.claim_id
    for r in readings:
        mentions.append((r.q, "claim", ids.get(id(r.q))))
    later = _later_opener(sent, times, ctx)
    if later:
        ctx.period, ctx.period_section = later, ctx.section
    if years:
        ctx.year = years[-1]
    if carry_modality:
        ctx.modality = carry_modality
    if not with_mentions:
        return claims, []
    mentions.sort(key=lambda m: m[0].start)
    return claims, [_mention(sent, q, role, doc_id, cid, ctx.currency) for q, role, cid in mentions]


def _times_of_the_from_value(times: list[Quantity], r: _Reading) -> tuple[list[Quantity], list[Quantity]]:
    """(the sentence's times that may date the figure, those of its from-value): a time between the
    from-marker and the from-value (`从2020年的82.4岁提升至83.9岁`) dates that value, not the figure."""
    if r.from_q is None:
        return times, []
    from_q = r.from_q
    of_from = [t for t in times if r.start <= t.start and t.end <= from_q.start]
    return ([t for t in times if t not in of_from], of_from) if of_from else (times, [])


def claims_from_passages(passages: list[Passage], doc_id: str, text: str | None = None,
                         with_mentions: bool = True, tables: Iterable[Table] = ()
                         ) -> tuple[list[Claim], list[QuantityMention]]:
    """The claims of a document's passages and every figure mention with its role.

    Headings are not passages; given the document's `text`, the figures between passages
    (`第三章`, `3.2.1`, years in titles) are listed too, never as claims. The rows of `tables`
    are read cell by cell (`tables.table_claims`). Without `with_mentions` the mention list is
    left empty (the claims are the same)."""
    claims: list[Claim] = []
    mentions: list[QuantityMention] = []
    headings = heading_modalities(p.section_path for p in passages)
    times = heading_times(p.section_path for p in passages)
    periods = {path: next(iter(found)) if len(found) == 1 else None for path, found in times.items()}
    simplified = all(p.text_norm or not p.text for p in passages)
    currency = document_currency((p.text_norm or p.text for p in passages), simplified)
    by_id = {p.passage_id: p for p in passages}
    in_tables: set[str] = set()
    doc_date = document_date(passages, text)
    for table in tables:
        found, seen = table_claims(table, by_id, doc_id, headings.get(table.section_path),
                                   periods.get(table.section_path) or (doc_date or "")[:4] or None)
        claims.extend(found)
        mentions.extend(seen)
        in_tables.update(table.passage_ids)
    fiscal = writes_fiscal_years(passages)
    ctx: _Context | None = None
    plans: list[str] = []  # sections whose opening makes them a plan (`opens_a_plan`)
    opened: set[str] = set()
    for _, group in groupby(passages, key=lambda p: p.paragraph_index):
        paragraph = list(group)  # a paragraph lies in one section
        section = paragraph[0].section_path
        # a title opens an article of its own (a news feed's next item): nothing carries into it
        before = ctx if ctx is not None and paragraph[0].kind != "title" and _carries_into(ctx, section, periods[section]) else None
        heading = headings[section]
        if heading is None and section and section not in opened and paragraph[0].kind != "title":
            opened.add(section)  # the section's first paragraph below its heading
            if _plan_opening(paragraph[0], section, doc_date):
                plans.append(section)
        if heading is None and any(section == s or section.startswith(s + SECTION_SEP) for s in plans):
            heading = "target"
        ctx = _Context(heading=heading, heading_period=periods[section],
                       heading_named=bool(times[section]), heading_end=heading_end_year(times[section]),
                       year=(periods[section] or "")[:4] or None, currency=currency, doc_date=doc_date,
                       section=section, fiscal=fiscal)
        if before is not None:  # a time opening an earlier paragraph of the section holds on
            ctx.period, ctx.period_section = before.period, before.period_section
        for passage in paragraph:
            if passage.passage_id in in_tables:
                continue
            sent = _read_sentence(passage)
            if sent is None:
                continue
            found, seen = _sentence_claims(sent, ctx, doc_id, with_mentions)
            claims.extend(found)
            mentions.extend(seen)
    if tables:
        claims.sort(key=attrgetter("char_start"))
    if not with_mentions:
        mentions = []
    if text is not None and with_mentions:
        mentions.extend(_mentions_between(text, passages, doc_id, currency))
    mentions.sort(key=attrgetter("char_start"))
    return claims, mentions




def _carry_yoy(sent: _Sentence, readings: list[_Reading], ctx: _Context) -> None:
    """`同比增长16.2%。其中，出口…增长14.3%`: once a paragraph states its changes year on year, a
    later change stating no basis of its own (no `比`, `较`, no base period) is year on year too."""
    for r in readings:
        if r.yoy:
            ctx.yoy = True
        elif (ctx.yoy and r.value_role == "change" and r.direction is not None and r.base_period is None
              and not any(w in sent.masked[sent.clause_start(r.q.start):r.q.start] for w in cues().own_basis_words)):
            r.yoy = True


def _plan_opening(passage: Passage, section: str, doc_date: str | None) -> bool:
    """The section's first sentence opens with a time mostly still to come (`opens_a_plan`)."""
    sent = _read_sentence(passage)
    if sent is None or doc_date is None:
        return False
    opening = _opening_period(sent, _time_mentions(sent), _Context(section=section, doc_date=doc_date))
    return opens_a_plan(opening, doc_date)


def _carries_into(ctx: _Context, section: str, heading_period: str | None) -> bool:
    """Whether the period the paragraphs before opened with holds in `section`: the same
    section, or one under the section that opened it (`一、2025年和“十四五”时期工作回顾` opens with
    `过去一年是…的一年。`; its `（一）…` subsections go on with it) whose own headings name no other
    time."""
    if ctx.section == section:
        return True
    opened = ctx.period_section
    return (opened is not None and section.startswith(opened + SECTION_SEP)
            and heading_period in (None, ctx.period))


def _mentions_between(text: str, passages: list[Passage], doc_id: str,
                      currency: str) -> list[QuantityMention]:
    """Figures outside every passage (headings, furniture): listed with their role."""
    out: list[QuantityMention] = []
    pos = 0
    for start, end in sorted((p.char_start, p.char_end) for p in passages) + [(len(text), len(text))]:
        if start > pos and not text[pos:start].isspace():  # line breaks between passages hold nothing
            for q in extract_quantities(text[pos:start]):
                role = TIME_HINTS.get(q.role_hint or "") or NON_CLAIM_HINTS.get(q.role_hint or "", "other")
                out.append(QuantityMention(doc_id, pos + q.start, pos + q.end, q.text, q.value,
                                           q.value_low, q.value_high,
                                           local_currency(q.unit, q.unit_surface, currency), q.kind,
                                           role, None))
        pos = max(pos, end)
    return out

