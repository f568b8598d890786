"""Numeric claims: what each figure of a sentence measures, and how an analyst would read it.

Each passage (one sentence) is normalized (Simplified, width-folded), its figures are found by
`quantities`, and each figure is given a role (claim, year, section number, name, …). Claims get
their attributes from the cue words around them (`data/cues.yaml`): qualifier, direction,
value role, from-value, year-on-year, base period, modality, metric and subject. A time phrase
that opens a sentence (`截至2025年一季度,`) holds for the rest of its paragraph; a section
heading that announces a plan or an outlook (`三、2026年工作安排`) gives the modality of the
figures under it that have no modality cue of their own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import groupby
from operator import attrgetter
from typing import Iterable

from qdextract.lexicon import alternation, counts_listed_examples, cues, fold_table, joint_head, places
from qdextract.models import Claim, Passage, Quantity, QuantityMention
from qdextract.normalize import NormText, OffsetMap, normalize_text, offsets_of
from qdextract.quantities import extract_quantities
from qdextract.segment import word_bounds
from qdextract.structure import make_span_id, structure_document

TIME_HINTS = {"year": "year", "period": "period", "date": "date"}
NON_CLAIM_HINTS = {"name": "name", "section_number": "section_number", "enumerator": "enumerator",
                   "ordinal": "other", "article": "other"}
_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", '"': '"', "‘": "’"}
_MAX_QUOTED_NAME = 12


def _alt(words) -> str:
    return _alt_cached(tuple(words))


@cache
def _alt_cached(words: tuple[str, ...]) -> str:
    """Longest-first alternation of literal words (cached: cue lists are fixed)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


class _AtEnd:
    """A pattern that ends in `$`, searched only over the tail of the string a match can span:
    the same match as a search from the start, without trying every start position.

    `needs`: words one of which every match contains (a cue list the pattern opens with). Most
    texts hold none of their first characters, and one scan for those characters is cheaper
    than the pattern."""

    __slots__ = ("pattern", "reach", "needs")

    def __init__(self, pattern: str, needs: Iterable[str] = ()) -> None:
        self.pattern = re.compile(pattern)
        self.reach = _max_width(self.pattern)
        if self.reach is not None:
            self.reach += 1  # `$` also matches before a final line break
        firsts = "".join(sorted({w[0] for w in needs}))
        self.needs = re.compile(f"[{re.escape(firsts)}]") if firsts else None

    def search(self, text: str) -> re.Match[str] | None:
        # A negative start counts as 0: the whole string when it is shorter than the reach.
        start = len(text) - (self.reach or len(text))
        if self.needs is not None and self.needs.search(text, start) is None:
            return None
        return self.pattern.search(text, start)  # lookbehinds see all


def _max_width(pattern: re.Pattern[str]) -> int | None:
    """The most characters a match can span; None when unbounded or unknown."""
    try:
        from re import _parser  # type: ignore[attr-defined]  # the width the engine itself computes
        width = _parser.parse(pattern.pattern, pattern.flags).getwidth()[1]
    except Exception:  # a parser that differs: search the whole string
        return None
    return width if width < 10_000 else None


@dataclass(frozen=True, slots=True)
class _Patterns:
    qualifier_before: _AtEnd
    qualifier_of_base: _AtEnd
    qualifier_after: re.Pattern[str]
    verb_at_end: _AtEnd
    verb_then_object: _AtEnd
    compared: _AtEnd
    modality: re.Pattern[str]   # not-cues first, then cues; a match is a cue unless a not-cue
    actual: re.Pattern[str]
    not_cues: frozenset[str]
    heading: re.Pattern[str]    # in either script: titles are read as they stand
    heading_fold: dict[int, str]  # a heading match -> its cue word
    yoy: re.Pattern[str]
    yoy_at_end: _AtEnd
    base_at_end: _AtEnd
    compared_at_end: _AtEnd
    clause_break: re.Pattern[str]
    metric_leading_one: re.Pattern[str]
    metric_trailing: re.Pattern[str]
    per_unit: _AtEnd
    per_unit_condition: _AtEnd
    per_unit_schedule: _AtEnd
    rate_unit_blocker: re.Pattern[str]
    money_before: _AtEnd
    money_after: re.Pattern[str]
    count_noun_after: re.Pattern[str]
    subject_suffixed: re.Pattern[str]
    suffix_at_end: re.Pattern[str]
    subject_named: re.Pattern[str]
    subject_list: re.Pattern[str]
    subject_joint: re.Pattern[str]
    head_skip: re.Pattern[str]
    not_subject: re.Pattern[str]
    from_marker: _AtEnd
    difference: _AtEnd
    metric_splitter: re.Pattern[str]
    metric_cut_after: re.Pattern[str]
    flow_verb_at_head: re.Pattern[str]
    flow_verb_any: re.Pattern[str]
    zero_subject_head: re.Pattern[str]
    share_verb: re.Pattern[str]
    share_at_end: _AtEnd
    spending_purpose: re.Pattern[str]
    group_deed: re.Pattern[str]
    group_measure: re.Pattern[str]
    group_only: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    c = cues()
    verbs = _alt(c.direction)
    level = _alt(c.level_after_verb)
    modality_words = list(c.modality) + ["将"]
    suffixes = _alt(c.subject_suffixes)
    blockers = "".join(c.subject_suffix_blockers)
    names = _alt(c.subject_names)
    # A base marker, or `比` only where a figure follows (`比2020年`), not the 比 of 占比 or 比重.
    base = rf"{_alt(c.base_markers)}|(?:{_alt(c.base_markers_before_figure)})(?=[\d〇零一二两三四五六七八九十])"
    base_words = list(c.base_markers) + list(c.base_markers_before_figure)
    bounds = [w for w, q in c.qualifier_before.items() if q in ('at_least', 'at_most')]
    group = rf"(?:\d+(?:[—\-~至]\d+)?岁(?:及)?(?:以[上下])?)?(?:{_alt(c.group_words)})"  # `65岁及以上老年人`
    return _Patterns(
        qualifier_before=_AtEnd(rf"(?:{_alt(c.qualifier_before)})$"),
        # `不低于当地最低生活保障标准的1.6倍`: a bound stated against a base
        qualifier_of_base=_AtEnd(rf"(?P<q>{_alt(bounds)})[^，,；;。\d]{{1,16}}的$", needs=bounds),
        qualifier_after=re.compile(rf"(?:{_alt(c.qualifier_after)})"),
        verb_at_end=_AtEnd(rf"(?P<verb>{verbs})了?(?P<level>{level})?$"),
        verb_then_object=_AtEnd(rf"(?P<verb>{verbs})(?!{_alt(c.verb_noun_tails)})(?P<object>[^，,；;。：:、\d]{{1,10}})$"),
        compared=_AtEnd(rf"(?:{base})(?P<object>[^，,；;。]{{1,16}}?)"
                        rf"(?P<verb>{verbs})?了?(?P<level>{level})?$", needs=base_words),
        # One flat alternation (no group) lets the engine skip to the first characters of the words.
        modality=re.compile(rf"(?:{_alt(c.not_cues)}|{_alt(modality_words)})"),
        actual=re.compile(rf"(?:{_alt(c.not_cues)}|{_alt(c.actual_cues)})"),
        not_cues=frozenset(c.not_cues),
        heading=re.compile(alternation(list(c.heading_modality))),
        heading_fold=fold_table(c.heading_modality),
        yoy=re.compile(_alt(c.yoy)),
        yoy_at_end=_AtEnd(rf"(?:{_alt(c.yoy)})$", needs=c.yoy),
        base_at_end=_AtEnd(rf"(?:{_alt(base_words)})$", needs=base_words),
        compared_at_end=_AtEnd(rf"(?:{_alt(list(c.difference_verbs))}|{base})[^，,；;。]{{0,16}}$",
                               needs=list(c.difference_verbs) + base_words),
        # `:(?<!\d:)` rather than `(?<!\d):` lets the engine skip to the next break character.
        clause_break=re.compile(r"[，,；;。：！？!?\n]|:(?<!\d:)(?!\d)|——|—(?=\D)"),
        metric_leading_one=re.compile(_alt(c.metric_leading + c.metric_result_verbs)),
        metric_trailing=re.compile(rf"(?:{_alt(c.metric_trailing)})+$"),
        per_unit=_AtEnd(rf"(?:{_alt(c.per_unit)})(?P<unit>[^，,；;。\d]{{1,4}})$", needs=c.per_unit),
        per_unit_condition=_AtEnd(rf"(?:{_alt(c.per_unit)})(?:{_alt(list(c.direction) + list(c.per_unit_condition_verbs))})$",
                                  needs=c.per_unit),
        per_unit_schedule=_AtEnd(rf"(?:{_alt(c.per_unit)})(?:{_alt(c.per_unit_schedule)})$", needs=c.per_unit),
        rate_unit_blocker=re.compile(_alt(list(c.qualifier_before) + list(c.direction) + list(c.copulas))),
        money_before=_AtEnd(rf"(?:{_alt(c.money_context_before)})[^，,；;。\d]{{0,2}}$"),
        money_after=re.compile(rf"(?:{_alt(c.money_context_after)})"),
        count_noun_after=re.compile(rf"[^，,；;。\d]{{0,4}}?(?P<noun>{_alt(c.count_nouns)})"),
        subject_suffixed=re.compile(rf"[^，,；;。：:、“”\"《》]{{1,12}}?(?:{suffixes})(?![{blockers}])"),
        suffix_at_end=re.compile(rf"(?:{suffixes})$"),
        subject_named=re.compile(rf"(?:{names})[市省区县]?"),
        subject_list=re.compile(r"(?P<items>[^，,；;。：:、]{1,12}(?:、[^，,；;。：:、]{1,12})+)等"),
        subject_joint=joint_head(c.joint_verbs),
        head_skip=re.compile(rf"(?:(?:{_alt(c.metric_leading)}|值得关注的是|例如|同时|此外)+)"),
        not_subject=re.compile(r"通过|推出|的|在|(?<!参)与|和|对|为|将|从|较|比|是|有|占|引入|建设|打造|需|启动|推动|地区|社区|小区"
                               + "".join("|" + re.escape(w) for w in c.subject_blocking_words)),
        from_marker=_AtEnd(rf"(?:{_alt(c.from_markers)})[^，,；;。\d]{{0,6}}$", needs=c.from_markers),
        difference=_AtEnd(rf"(?P<verb>{_alt(c.difference_verbs)})[^，,；;。\d]{{1,16}}$", needs=list(c.difference_verbs)),
        metric_splitter=re.compile(_alt(c.metric_splitters)),
        metric_cut_after=re.compile(_alt(c.metric_cut_after)),
        flow_verb_any=re.compile(_alt(c.metric_flow_verbs)),
        zero_subject_head=re.compile(rf"(?:{_alt(set(c.metric_leading) - set(c.zero_subjects))})*(?:{_alt(c.zero_subjects)})"),
        share_verb=re.compile(_alt(c.share_verbs)),
        share_at_end=_AtEnd(rf"(?P<q>{_alt(c.qualifier_before)})?(?P<verb>{_alt(c.share_verbs)})"
                            rf"(?P<obj>[^，,；;。、\d的]{{1,16}})的?$", needs=c.share_verbs),
        spending_purpose=re.compile(rf"(?:{_alt(c.spending_purpose_verbs)})(?P<object>[^，,；;。、\d的]{{2,10}})"),
        group_deed=re.compile(rf"(?P<group>{_alt(c.counted_group_suffixes)})(?P<deed>(?:{_alt(c.deed_verbs)})[^，,；;。、\d的]{{2,10}})$"),
        group_only=re.compile(group),
        group_measure=re.compile(rf"(?P<group>{group})(?P<measure>[^，,；;。、\d]{{2,}})"),
        flow_verb_at_head=re.compile(rf"(?:{_alt(c.metric_leading)})*(?P<verb>{_alt(c.metric_flow_verbs)})"),
    )


def make_claim_id(doc_id: str, char_start: int, char_end: int) -> str:
    """Stable id: the same document and span give the same id on every run."""
    return make_span_id("c", doc_id, char_start, char_end)


# ---------------------------------------------------------------------------------------------
# A sentence, normalized, with its figures


@dataclass(slots=True)
class _Sentence:
    passage: Passage
    norm: NormText
    text: str                 # normalized text
    masked: str               # quoted names and titles blanked, for cue search
    quotes: list[tuple[int, int]]
    breaks: list[int]         # clause starts
    quantities: list[Quantity]
    subjects: dict[tuple[int, int], str | None] = field(default_factory=dict)  # _clause_subject's
    cues: list[tuple[int, int, str | None]] | None = None  # _cue_modalities'
    counted: set[str] = field(default_factory=set)  # clause heads a figure counts: measures, not subjects
    time_ends: dict[int, int] = field(default_factory=dict)  # start -> end of each time phrase
    zero_heads: dict[int, bool] = field(default_factory=dict)  # _under_zero_subject's, by figure
    first_metric: str | None = None  # the measure of the sentence's first claim: its topic

    def clause_start(self, pos: int) -> int:
        return self.breaks[bisect.bisect_right(self.breaks, pos) - 1]

    def clause_end(self, pos: int) -> int:
        i = bisect.bisect_right(self.breaks, pos)
        return self.breaks[i] if i < len(self.breaks) else len(self.text)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if len(self.norm.offsets.norm) == 1:  # one-to-one offsets: nothing to map
            return start + self.passage.char_start, end + self.passage.char_start
        s, e = self.norm.raw_span(start, end)
        return s + self.passage.char_start, e + self.passage.char_start

    def in_quotes(self, start: int, end: int) -> bool:
        return any(qs < start and end <= qe and qe - qs <= _MAX_QUOTED_NAME for qs, qe in self.quotes)


_QUOTED = re.compile("|".join(f"{re.escape(o)}[^{re.escape(c)}]*{re.escape(c)}" for o, c in _QUOTES.items()))


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of each quoted name or title."""
    return [(m.start(), m.end() - 1) for m in _QUOTED.finditer(text)]


def _normalized(passage: Passage) -> NormText:
    """The passage's normalized text with its offset map; the structure stage already gives
    `text_norm`, and only whitespace collapsing moves its offsets."""
    raw = passage.text
    if passage.text_norm and len(passage.text_norm) == len(raw):
        return NormText(passage.text_norm, OffsetMap((0,), (0,), len(raw)))
    if passage.text_norm:
        return NormText(passage.text_norm, offsets_of(raw))
    return normalize_text(raw)


def _read_sentence(passage: Passage) -> _Sentence | None:
    """The passage ready for reading, or None when it holds no figure at all."""
    text, nt = passage.text_norm, None
    if not (text and len(text) == len(passage.text)):  # else `_normalized` gives text_norm itself
        nt = _normalized(passage)
        text = nt.text
    quantities = extract_quantities(text)
    if not quantities:
        return None
    if nt is None:  # the offset map only for passages with figures: many have none
        nt = _normalized(passage)
    quotes = _quote_spans(text)
    masked_text = text
    if quotes:
        masked = list(text)
        for s, e in quotes:
            masked[s + 1:e] = "□" * (e - s - 1)
        masked_text = "".join(masked)
    breaks = [0] + [m.end() for m in _patterns().clause_break.finditer(masked_text)]
    sent = _Sentence(passage, nt, text, masked_text, quotes, breaks, quantities)
    for t in quantities:
        if t.role_hint in _TIME_PHRASES:
            sent.time_ends.setdefault(t.start, t.end)  # the first one, as a scan in order finds
    return sent


# ---------------------------------------------------------------------------------------------
# Roles


def _role(sent: _Sentence, q: Quantity) -> str:
    """claim / year / date / period / section_number / enumerator / name / subject_qualifier / other."""
    if q.role_hint in TIME_HINTS:
        return TIME_HINTS[q.role_hint]
    if q.role_hint in NON_CLAIM_HINTS:
        return NON_CLAIM_HINTS[q.role_hint]
    if q.kind in ("date", "period"):
        return "period"
    if sent.in_quotes(q.start, q.end):
        return "name"
    p = _patterns()
    before = sent.masked[sent.clause_start(q.start):q.start]
    if (before.endswith(cues().per_unit) or p.per_unit_condition.search(before)
            or (q.kind == "duration" and p.per_unit_schedule.search(before))):
        return "other"  # `每千人`: the unit of a rate; `每增加1亿元`: its condition; `每天24小时`: a schedule
    after = sent.text[q.end:q.end + 4]
    if after.startswith(cues().non_claim_nouns_after):
        return "other"
    if q.kind == "duration" and (after.startswith(("来", "以来", "年均", "间") + tuple(cues().direction)) or (
            sent.text[q.start - 1:q.start] == "的" and after[:1] in ("。", "，", ",", ";", "；", ""))):
        return "period"  # `五年来`, `近3年年均`, `…的五年。`: a span of time, not a measure
    if _qualifies_noun(sent, q, after):
        return "subject_qualifier"
    if q.unit is None and q.value_high is not None and not _bare_with_meaning(sent, q):
        return "other"
    return "claim"


_TIME_PHRASES = frozenset(("year", "period", "date"))
_THRESHOLD = re.compile(r"及?以[上下]")
_NOUN_START = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_VERBISH = re.compile(r"[占比增提降减达为是超突有的，,；;。将同较]")


def _qualifies_noun(sent: _Sentence, q: Quantity, after: str) -> bool:
    """`18-25岁Z世代`, `2000元以上商品`, `12英寸产线`: a measure written before the noun it
    describes. Counts before a noun (`128个节点`) count that noun and stay claims."""
    if q.unit is None or q.kind in ("count", "percent", "percentage_point"):
        return False
    rest = after
    m = _THRESHOLD.match(rest)
    if m:
        rest = rest[m.end():]
    elif q.kind not in ("other",):
        return False  # money/percent directly before a noun is a figure (`1800万财政资金`)
    return bool(rest) and bool(_NOUN_START.match(rest)) and not _VERBISH.match(rest)


def _bare_with_meaning(sent: _Sentence, q: Quantity) -> bool:
    """A bare figure with a magnitude that its context makes money or a count."""
    return _bare_unit(sent, q) is not None


_MAGNITUDE = re.compile(r"[万亿萬億]")
_DIGIT = re.compile(r"\d")
_YEAR_AT_START = re.compile(r"\d{4}")
_LAST_YEAR = re.compile(r"(\d{4})(?!.*\d{4})")
_LIST_BREAK = re.compile(r"[，,；;。、]")


def _bare_unit(sent: _Sentence, q: Quantity) -> tuple[str, str, str | None] | None:
    """(unit, kind, unit_surface) for `投入1800万财政资金` (CNY) or `2000万私域用户` (用户)."""
    if q.unit is not None or q.value is None or not _MAGNITUDE.search(q.text):
        return None
    p = _patterns()
    before = sent.masked[sent.clause_start(q.start):q.start]
    after = sent.text[q.end:sent.clause_end(q.end)]
    m = p.count_noun_after.match(after)
    if m:
        return m.group("noun"), "count", None
    if p.money_before.search(_strip_qualifier(before)[0]) or p.money_after.match(after):
        return "CNY", "money", None
    return None


# ---------------------------------------------------------------------------------------------
# Attributes of one claim


def _rate_unit(before: str) -> str:
    """`每千人`, `每人每月` right before a figure: the unit it is a rate per ('' when none). A
    phrase holding a cue word (`每年达`) is no unit."""
    p = _patterns()
    m = p.per_unit.search(before)
    if m is None or p.rate_unit_blocker.search(m.group("unit")):
        return ""
    return m.group()


def _strip_qualifier(before: str) -> tuple[str, str | None]:
    m = _patterns().qualifier_before.search(before)
    if m is None:
        return before, None
    return before[:m.start()], cues().qualifier_before[m.group()]


@dataclass(slots=True)
class _Reading:
    q: Quantity
    start: int                # normalized span of the surface
    end: int
    qualifier: str = "exact"
    direction: str | None = None
    value_role: str = "level"
    from_q: Quantity | None = None
    yoy: bool = False
    base_period: str | None = None
    metric: str | None = None
    subject: str | None = None
    unit: str | None = None
    kind: str = "other"
    unit_surface: str | None = None
    members: list[Quantity] = field(default_factory=list)
    qualifier_before: str | None = None  # from a cue before the figure, shared with listed ones


def _read_claim(sent: _Sentence, q: Quantity, prev: _Reading | None) -> _Reading:
    p, c = _patterns(), cues()
    cs = sent.clause_start(q.start)
    before_full = sent.masked[cs:q.start]
    rate = _rate_unit(before_full)  # `食品抽检量超每千人6.6批次`: per thousand people
    if rate:
        before_full = before_full[:-len(rate)]
    before, qualifier = _strip_qualifier(before_full)
    bound = p.qualifier_of_base.search(before) if qualifier is None else None
    if bound is not None:
        qualifier = c.qualifier_before[bound.group("q")]
        before = before[:bound.start()]
    if not rate:  # `产量每年达100万吨`: the unit before the qualifier
        rate = _rate_unit(before)
        before = before[:len(before) - len(rate)]
    share = p.share_at_end.search(before_full)
    if share is not None and share.group("q") and qualifier is None:
        qualifier = c.qualifier_before[share.group("q")]  # `约占全国1/10`: approx
    # A figure listed after another (`17.7%、17.4%`) shares its verb, and its qualifying verb
    # (`突破8万亿元、9万亿元`: both more than).
    listed = prev is not None and sent.text[prev.q.end:q.start].strip() in ("、", "和", "及", "与")
    if qualifier is None and listed and prev is not None:
        qualifier = prev.qualifier_before
    r = _Reading(q, cs + len(before), q.end, unit=q.unit, kind=q.kind, unit_surface=q.unit_surface,
                 qualifier_before=qualifier)
    bare = _bare_unit(sent, q)
    if bare is not None:
        r.unit, r.kind, r.unit_surface = bare
    after = p.qualifier_after.match(sent.text, q.end)
    if after is not None and after.start() == q.end:
        r.end = after.end()
        qualifier = qualifier if qualifier not in (None, "exact") else c.qualifier_after[after.group()]
    r.qualifier = qualifier or "exact"
    if q.qualifier == "approx":
        r.qualifier = "approx"
    _read_direction(sent, r, before, cs)
    if r.direction is None and listed and prev is not None:
        r.direction, r.value_role = prev.direction, prev.value_role
    if r.value_role == "change" and r.direction == "increase" and q.value is not None and q.value < 0:
        r.direction = "decrease"  # `同比增长-3.5%`: a negative growth is a fall
    head = sent.masked[cs:q.start]
    r.yoy = bool(p.yoy.search(head)) or (listed and prev is not None and prev.yoy)
    r.metric = _metric(sent, r, before, cs, prev)
    if rate and r.metric and before.endswith(r.metric):
        r.metric = rate + r.metric  # the measure named right before its rate: 每千人食品抽检量
    elif r.metric and not rate:
        inner = _rate_unit(r.metric)  # a rate before the verb: `产量每年达`, `零售额每年增长`
        if inner and len(inner) < len(r.metric):
            # a change per year is told by its verb (零售额); a level per year is its measure (每年产量)
            r.metric = r.metric[:-len(inner)] if r.value_role == "change" else inner + r.metric[:-len(inner)]
    if r.subject and r.metric and r.metric.startswith(r.subject) and len(r.metric) > len(r.subject) + 1:
        r.metric = r.metric[len(r.subject):]  # `虚拟主播单场观看时长`: the group compared is the subject
    if r.metric is None and prev is not None and sent.clause_start(prev.q.start) != cs:
        r.metric = prev.metric  # `同比增长38%`: the measure of the clause before
    streak = _streak_metric(sent, r, before)
    rate_noun = next((w for w in c.rate_nouns if r.metric and r.metric.endswith(w)), None)
    if streak:
        r.metric = streak
    elif rate_noun is not None and r.metric is not None and r.kind == "percent":
        # `年均增速6%左右`: the rate of change of the measure named (or of the one before)
        if r.direction is None:
            r.direction, r.value_role = c.rate_nouns[rate_noun], "change"
        base = r.metric[:-len(rate_noun)]
        r.metric = base if len(base) >= 2 else (sent.first_metric or r.metric)
    elif r.metric in c.metric_stock_words and prev is not None and prev.metric and r.metric not in prev.metric:
        flow = _last_word_match(p.flow_verb_any, prev.metric)
        head = prev.metric[flow.end():] if flow is not None and flow.start() == 0 else prev.metric
        r.metric = head + r.metric  # `新增境内外上市公司45家、总量达1224家`: 境内外上市公司总量
    if sent.first_metric is None:
        sent.first_metric = r.metric
    return r


# `比全国平均水平高2.3个百分点`: a gap to the thing compared.
_COMPARED_ADJ = _AtEnd(r"(?:比|较)(?![重例率])[^，,；;。\d]{1,14}?(?P<adj>[高多快长大低少慢短小])出?了?$", needs=("比", "较"))


# Comparisons with an earlier time of the same thing are changes, not differences.
_RELATIVE_PERIODS = ("上年", "去年", "同期", "上月", "上季度")


def _read_direction(sent: _Sentence, r: _Reading, before: str, cs: int) -> None:
    """direction, value_role, from-value and base period from the words before the figure."""
    p, c = _patterns(), cues()
    own_verb = next((w for w in c.figure_verbs if r.q.text.startswith(w)), None)
    if own_verb is not None:  # `翻了两番`: the figure states the change itself
        r.direction, r.value_role = c.figure_verbs[own_verb], "change"
    m = p.verb_at_end.search(before)
    if m is not None and _action_noun_verb(m, r):
        return  # `农房风貌提升26.4万户`: 提升 belongs to the action counted, no change is stated
    if m is not None:
        r.direction = c.direction[m.group("verb")]
        leveled = m.group("level") is not None or m.group("verb")[-1] in "至到"
        r.value_role = "level" if leveled else "change"
        if leveled:
            _find_from(sent, r, before[:m.start()], cs)
    else:
        obj = p.verb_then_object.search(before)
        if obj is not None and not any(x in obj.group("object") for x in "的是为达"):
            r.direction = c.direction[obj.group("verb")]
            r.value_role = "change"
        # `比全国平均水平高2.3个百分点`, `低于行业平均水平15个百分点`: a gap to the thing compared.
        higher = _COMPARED_ADJ.search(before)
        if higher is not None:
            r.direction = "increase" if higher.group("adj") in "高多快长大" else "decrease"
            r.value_role = "difference"
            return
        gap = p.difference.search(before)
        if gap is not None:
            r.direction = c.difference_verbs[gap.group("verb")]
            r.value_role = "difference"
            return
    # 较2023年上涨120%: a change against a base period; 较真人主播延长40%: a difference.
    compared = p.compared.search(before)
    if compared is None:
        return
    years = [t for t in sent.quantities
             if t.role_hint in ("year", "period") and cs + compared.start() <= t.start < r.q.start]
    if years:
        r.base_period = years[0].period
    elif r.direction is not None and not any(w in compared.group("object") for w in _RELATIVE_PERIODS):
        r.value_role = "difference"
        r.subject = _counterpart(sent, cs + compared.start(), compared.group("object"))


def _counterpart(sent: _Sentence, at: int, other: str) -> str | None:
    """`虚拟主播…较真人主播延长40%`: the group compared with `other` is the nearest one before `at`
    of the same kind (the same last word) and as long, with another qualifier."""
    bounds = sorted(word_bounds(other))
    head = other[bounds[-2]:] if len(bounds) > 2 else ""
    if not head or not _HAN_WORD.fullmatch(other):
        return None
    k = sent.text.rfind(head, 0, at)
    while k >= 0:
        start = k + len(head) - len(other)
        mate = sent.text[start:k + len(head)] if start >= 0 else ""
        if mate != other and _HAN_WORD.fullmatch(mate):
            return mate
        k = sent.text.rfind(head, 0, k)
    return None


_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,8}")


def _streak_metric(sent: _Sentence, r: _Reading, before: str) -> str | None:
    """`区域创新能力连续9年全国第一`: a streak measures what was kept up, the words before the marker
    and the achievement after the figure (区域创新能力全国第一)."""
    c = cues()
    if r.kind not in ("duration", "count") or not before.endswith(c.streak_markers):
        return None
    achieved = sent.masked[r.end:sent.clause_end(r.end)].rstrip("，,；;。！？!?：: \n")
    if "□" in achieved:
        return None  # a quoted name inside: its text is masked
    achieved = achieved.replace("“", "").replace("”", "").replace('"', "")
    for w in c.streak_lead_words:
        if achieved.startswith(w):
            achieved = achieved[len(w):]
            break
    if len(achieved) < 2:
        return None
    head = r.metric or ""
    for w in c.streak_markers:
        if head.endswith(w):
            head = head[:-len(w)]
    return head + achieved


def _action_noun_verb(m: re.Match[str], r: _Reading) -> bool:
    """A change verb right before a count or physical amount that is part of an action noun
    (`农房风貌提升26.4万户`, `林分优化提升200万亩`), not a change of the figure."""
    return (m.group("verb") in cues().action_noun_verbs and not m.group("level")
            and r.kind in ("count", "other") and r.from_q is None)


def _find_from(sent: _Sentence, r: _Reading, before_verb: str, cs: int) -> None:
    """`从15天压缩至7天`: the figure right before the verb, after 从/由, is the from-value."""
    p = _patterns()
    candidates = [t for t in sent.quantities
                  if cs <= t.start and t.end <= cs + len(before_verb) and t.kind == r.q.kind]
    if not candidates:
        return
    a = candidates[-1]
    # `从209元、280元提高到…`: the marker stands before the head of a listed run.
    head = _listed_with(sent.quantities, sent.quantities.index(a), -1, sent.text,
                        lambda q: q.end, lambda q: q.start)[0]
    if p.from_marker.search(sent.masked[cs:head.start]) is None:
        return
    gap = sent.text[a.end:cs + len(before_verb)]
    if len(gap) > 8:
        return
    r.from_q = a
    k = _from_marker_start(sent.masked[cs:head.start])
    r.start = min(r.start, cs + k) if k is not None else head.start  # surface from 从 to the figure


def _from_marker_start(phrase: str) -> int | None:
    """Where the from-marker before a from-value starts: the last whole word 从/由 near the end
    (`直播从业人员从1.2万人`: not the 从 of 从业)."""
    m = _patterns().from_marker.search(phrase)
    if m is None:
        return None
    bounds, markers = word_bounds(phrase), cues().from_markers
    return max((i for i in range(m.start(), len(phrase)) if i in bounds
                and any(phrase.startswith(w, i) and i + len(w) in bounds for w in markers)), default=m.start())


def _metric(sent: _Sentence, r: _Reading, before: str, cs: int, prev: _Reading | None = None) -> str | None:
    metric = _read_metric(sent, r, before, cs, prev)
    if metric in cues().spending_metrics:
        return _with_purpose(sent, r, metric)
    return metric


def _with_purpose(sent: _Sentence, r: _Reading, metric: str) -> str:
    """`投资5亿元建设美妆产业园`: the spending is named by what it pays for."""
    m = _patterns().spending_purpose.match(sent.masked, r.end, sent.clause_end(r.end))
    return m.group("object") + metric if m else metric


def _read_metric(sent: _Sentence, r: _Reading, before: str, cs: int, prev: _Reading | None) -> str | None:
    """The noun phrase measured: before the figure in its clause, else the noun it counts."""
    p, c = _patterns(), cues()
    if r.kind == "count" and counts_listed_examples(sent.text, r.q.start):
        after = _metric_after(sent, r)  # `肇庆等7个大型产业集聚区`: what the examples are
        if after:
            return after
    phrase = before
    flow = None  # the flow verb a listed item takes from the head of its clause
    if r.from_q is not None:
        phrase = sent.masked[cs:r.from_q.start]
        k = _from_marker_start(phrase)
        if k is not None:
            phrase = phrase[:k]
    share = p.share_at_end.search(phrase)
    if share is not None:  # `约占全市电商从业人员的40%`: 占全市电商从业人员, named a share below
        phrase = phrase[:share.start()] + share.group("verb") + share.group("obj")
    verb = p.verb_at_end.search(phrase)
    if verb is not None and _action_noun_verb(verb, r):
        phrase = phrase[:verb.end()]  # `林分优化提升200万亩`: the verb stays in the metric
    else:
        phrase = _cut_cues(phrase)
    after_prev = _after_listed_figure(sent, phrase, cs, prev)
    if after_prev is not None:
        if not after_prev:  # `货物进出口总额9.5万亿元、增长4.4%`: the figure before is of the same measure
            if prev is not None and prev.metric:
                return prev.metric
        elif after_prev.endswith(_ITEM_JOINERS):
            # `创建6家X、3家Y`: the figure before counts the noun after it, and so does this one
            after = _metric_after(sent, r)
            if after:
                return _with_flow_verb(_flow_verb(sent.masked[cs:r.q.start]), after)
            phrase = after_prev
        elif after_prev.startswith(c.share_verbs) and prev is not None and prev.metric:
            phrase = prev.metric + after_prev  # `无人机产量增长39%、占全国9成`: the share of that measure
        else:  # `研发人员达159万人、高技能人才达843万人`: each listed figure measures its own item
            phrase = after_prev
            if not phrase.startswith(c.metric_stock_words):  # `新增…45家、总量达1224家`: no flow
                flow = _flow_verb(sent.masked[cs:r.q.start])
    if phrase.endswith(c.object_verbs):
        after = _metric_after(sent, r)
        if after:
            object_verb = next((v for v in c.metric_flow_verbs if phrase.endswith(v)), None)
            return _with_flow_verb(object_verb, after)
    # Drop time phrases and the subject at the head.
    for t in sent.quantities:
        if cs <= t.start < cs + len(phrase) and (t.role_hint in ("year", "period", "date") or (
                t.kind == "duration" and t.start > cs and _role(sent, t) == "period")):  # `资产总额五年增长`
            phrase = phrase.replace(sent.text[t.start:t.end], "")
    cut = _last_word_match(p.metric_cut_after, phrase)
    if cut is not None and cut.end() < len(phrase.rstrip("、，, ")):  # `零售总额实现4.6万亿元`: 实现 ends it
        rest = phrase[cut.end():]
        if rest in c.metric_verb_nouns:
            return cut.group() + rest
        phrase = rest
    subject = _clause_subject(sent, cs, r.q.start)
    if subject and _under_zero_subject(sent, r.q.start):
        subject = None  # `全省地方国资监管企业资产总额`: under a zero subject the group is part of the measure
    if subject and subject in phrase:
        rest = phrase[phrase.index(subject) + len(subject):]
        if r.kind == "count" and not rest.strip(_LIST_SEPARATORS) and subject.endswith(c.counted_group_suffixes):
            # `规模以上工业企业达7.6万家`: the figure counts the group, which is then its measure and
            # no subject (of this figure or of the sentence's later ones)
            sent.counted.add(subject)
            flow_at = _last_word_match(p.flow_verb_any, subject)  # `快手电商新增入驻商家`: from the verb
            return subject[flow_at.start():] if flow_at is not None and flow_at.start() > 0 else subject
        phrase = rest
    phrase = p.metric_splitter.split(phrase)[-1]
    phrase = _strip_leading_words(phrase, sent.text)
    phrase = p.metric_trailing.sub("", phrase)
    phrase = phrase.strip("□“”\"《》 ，,、：:——-")
    if len(phrase) >= 2 and "□" not in phrase:
        return _with_flow_verb(flow, _word_tail(_share_named(phrase), _METRIC_MAX_CHARS))
    return _metric_after(sent, r)


# A metric longer than this keeps its last words: a longer phrase has taken in words of the
# clause before its measure (the longest annotated measure has 20 characters).
_METRIC_MAX_CHARS = 20
_LIST_SEPARATORS = "、，,和及与并 "
_ITEM_JOINERS = ("、", "和", "及", "与", "以及")


def _after_listed_figure(sent: _Sentence, phrase: str, cs: int, prev: _Reading | None) -> str | None:
    """When the previous figure of the sentence stands in `phrase` (the words before this figure
    in its clause), what follows it: '' for `X达N、增长M%` (the change of the same X), the next
    item for `X达N、Y达M`; None when the previous figure is not in the phrase."""
    if prev is None or not (cs <= prev.start and prev.end <= cs + len(phrase)):
        return None
    if phrase[prev.q.start - cs:prev.end - cs] != sent.masked[prev.q.start:prev.end]:
        return None  # the phrase was rearranged: offsets no longer line up
    subject = _clause_subject(sent, cs, cs + len(phrase))
    if subject and sent.text[prev.q.start:prev.q.end] in subject:
        return None  # `15个承接产业转移主平台落地项目2200个`: the figure is part of the subject
    return phrase[prev.end - cs:].lstrip(_LIST_SEPARATORS)


def _share_named(phrase: str) -> str:
    """`核电装机规模占全国` -> `核电装机规模占全国比重`: a share is named by its noun."""
    c = cues()
    m = _last_word_match(_patterns().share_verb, phrase)
    if m is None or len(phrase) - m.end() < 2 or phrase.endswith(c.share_nouns):
        return phrase
    return phrase + c.share_nouns[0]


def _flow_verb(head: str) -> str | None:
    """The flow verb (`新增`, `新建`) that opens a clause, after its leading connectives."""
    m = _patterns().flow_verb_at_head.match(head)
    return m.group("verb") if m else None


def _with_flow_verb(verb: str | None, metric: str) -> str:
    if verb is None or metric.startswith(verb):
        return metric
    return verb + metric


def _last_word_match(pattern: re.Pattern[str], phrase: str) -> re.Match[str] | None:
    """The last match of `pattern` in `phrase` that is whole words (`使` is no verb in `使用`)."""
    found = None
    for m in pattern.finditer(phrase):
        bounds = word_bounds(phrase)  # cached: segmented once per phrase
        if m.start() in bounds and m.end() in bounds:
            found = m
    return found


def _strip_leading_words(phrase: str, sentence: str = "") -> str:
    """`其中…`, `建成碧道` -> `碧道`: leading words of `metric_leading` and result verbs, each only
    when it is a whole word of the phrase (`建成区绿地率` keeps its `建成`). A result verb stays
    when the sentence also measures the same noun under a flow verb (`已建成公共充电桩4.8万个，
    新建公共充电桩5000个`: the stock built and the flow are told apart by their verbs)."""
    p, c = _patterns(), cues()
    while phrase:
        m = p.metric_leading_one.match(phrase)
        if m is None or m.end() not in word_bounds(phrase):
            break
        word, rest = m.group(), phrase[m.end():]
        if word in c.metric_result_verbs and (not rest or rest in c.metric_verb_nouns  # `培育主播`
                                              or any(v + rest in sentence for v in c.metric_flow_verbs)):
            break
        phrase = rest
    return phrase


def _word_tail(phrase: str, limit: int) -> str:
    """The last `limit` characters of `phrase`, moved forward to a word start."""
    if len(phrase) <= limit:
        return phrase
    bounds = word_bounds(phrase)
    start = min((b for b in bounds if b >= len(phrase) - limit), default=len(phrase) - limit)
    return phrase[start:] if start < len(phrase) else phrase[-limit:]


def _cut_cues(phrase: str) -> str:
    """The phrase before the figure without its trailing verb, comparison and year-on-year cue."""
    p = _patterns()
    for _ in range(3):
        uncut = phrase
        m = p.verb_at_end.search(phrase)
        if m:
            phrase = phrase[:m.start()]
        obj = p.verb_then_object.search(phrase)
        if obj and not any(x in obj.group("object") for x in "的是为达"):
            phrase = phrase[:obj.start()] + obj.group("object")
        diff = p.compared_at_end.search(phrase)
        if diff:
            phrase = phrase[:diff.start()]
        adj = _COMPARED_ADJ.search(phrase)
        if adj:
            phrase = phrase[:adj.start()]
        yoy = p.yoy_at_end.search(phrase)
        if yoy:
            phrase = phrase[:yoy.start()] + phrase[yoy.end():]
        phrase, _ = _strip_qualifier(phrase)
        if phrase == uncut:  # nothing more to cut
            break
    return phrase


def _metric_after(sent: _Sentence, r: _Reading) -> str | None:
    """`128个可直播节点`, `10个…的电商直播中心`: the noun after a count or amount."""
    end = sent.clause_end(r.end)
    # `2519个典型村和25个典型村片区`: the noun ends where the next figure of the list starts
    end = min((t.start for t in sent.quantities if r.end < t.start < end
               and sent.text[:t.start].endswith(_ITEM_JOINERS)), default=end)
    after = sent.masked[r.end:end]
    m = _patterns().qualifier_after.match(after)
    if m:
        after = after[m.end():]
    if "的" in after:
        after = after.rsplit("的", 1)[1]
    after = after[len(next((w for w in cues().copulas if after.startswith(w)), "")):]  # `1.5万人为兼职主播`
    after = _LIST_BREAK.split(after)[0].strip("□“”\"《》 ")
    after = after.replace("□", "").strip()
    if end < sent.clause_end(r.end):
        after = _strip_joiners(after)
    deed = _patterns().group_deed.fullmatch(after)
    if deed:  # `3200家企业完成数字化改造`: the firms that did it
        after = deed.group("deed") + deed.group("group")
    return after[:16] or None


def _strip_joiners(phrase: str) -> str:
    for j in _ITEM_JOINERS:
        if phrase.endswith(j):
            return phrase[:-len(j)]
    return phrase


# ---------------------------------------------------------------------------------------------
# Subject: one replaceable rule (the entities stage refines it later)


def _clause_subject(sent: _Sentence, cs: int, limit: int) -> str | None:
    """A place, organisation or group standing at the head of the clause that starts at cs."""
    key = (cs, limit)
    if key not in sent.subjects:  # asked again for each figure of the sentence
        sent.subjects[key] = _read_clause_subject(sent, cs, limit)
    return sent.subjects[key]


def _skip_times(sent: _Sentence, at: int, limit: int) -> int:
    """Past the time phrases that follow one another from `at` (`2025年一季度`)."""
    times = sent.time_ends
    while at in times and at < limit:
        at = times[at]
    return at


def _read_clause_subject(sent: _Sentence, cs: int, limit: int) -> str | None:
    p = _patterns()
    # Skip time phrases and connectives at the head, and time phrases after a connective
    # (`同时,2025年…`).
    at = _skip_times(sent, cs, limit)
    skip = p.head_skip.match(sent.text, at, limit)
    if skip:
        at = _skip_times(sent, skip.end(), limit)
    head = sent.text[at:limit]
    if not head:
        return None
    # (Each pattern only where the words it needs are in the head: `的“…”`, `、…等`.)
    joint = p.subject_joint.match(head) if "的" in head else None
    if joint:  # `淘宝全球购与菜鸟合作的“一城一仓”项目`: the undertaking, not a partner
        return joint.group("name")
    lst = p.subject_list.match(head) if "等" in head else None
    if lst:
        items = lst.group("items").split("、")
        if all(p.subject_named.fullmatch(i) or p.subject_suffixed.fullmatch(i) for i in items):
            return lst.group("items")
    named = p.subject_named.match(head)
    suffixed = p.subject_suffixed.match(head)
    if suffixed and (p.not_subject.search(suffixed.group()) or _suffix_inside_word(head, suffixed.group())):
        suffixed = None
    if suffixed and (named is None or len(suffixed.group()) > len(named.group())):
        found = suffixed.group()
        # `青岛港直播基地项目合同金额`: the base's project is what the figure is about
        extension = next((w for w in cues().subject_extensions if head.startswith(w, len(found))), "")
        return found + extension
    return named.group() if named else None


def _suffix_inside_word(head: str, subject: str) -> bool:
    """`新增境内外上市|公司`: a one-character suffix (市) that ends inside a word. Only those are
    checked with jieba: a longer suffix (集团, 产业带) is a word of its own."""
    suffix = _patterns().suffix_at_end.search(subject)
    if suffix is not None and len(suffix.group()) > 1:
        return False
    return len(subject) not in word_bounds(head)


def find_subject(sent: _Sentence, q_start: int, metric: str | None = None) -> str | None:
    """The subject of the figure at q_start: its clause's head, else the nearest clause head
    before it in the sentence (not past a colon: the clauses after `：` each stand alone; not
    past a clause naming the whole area, `全省…`; and not a group such as `工业企业` when the
    figure's clause opens with its own measure)."""
    cs = sent.clause_start(q_start)
    if counts_listed_examples(sent.text, q_start):
        return None  # `肇庆等7个大型产业集聚区`: 肇庆 is one of the seven counted, not their subject
    own = _clause_subject(sent, cs, q_start)
    if own in cues().zero_subjects or _under_zero_subject(sent, q_start):
        return None  # `全省机场旅客吞吐量…`: the clause names the whole area, no subject of its own
    if own and _DIGIT.search(own) and _counted_group(sent, cs, q_start, own):
        return None  # `15个承接产业转移主平台落地项目2200个`: a counted group is no subject
    if own:
        return own
    colon = max(sent.text.rfind("：", 0, cs), sent.text.rfind(":", 0, cs))
    starts = [b for b in sent.breaks if b < cs]
    if colon >= 0:
        starts = [b for b in starts if b <= colon]
    zero = _patterns().zero_subject_head
    for b in reversed(starts):
        end = sent.clause_end(b)
        if zero.match(sent.text, b, end):
            return None  # `…，全省常住人口城镇化率提高到76.58%，城乡居民收入比…`: still the whole area
        subject = _clause_subject(sent, b, end)
        if subject and not _DIGIT.search(subject):
            if subject.endswith(cues().group_subject_suffixes) and _opens_with(sent, cs, q_start, metric):
                return None  # `工业企业用电成本下降6.8%，社会物流总费用…`: a new measure, not theirs
            return subject
    return None


def _counted_group(sent: _Sentence, cs: int, limit: int, subject: str) -> bool:
    """The subject opens with a figure that is a claim of its own, a count of the group
    (`15个…主平台`), not a figure qualifying it (`18-25岁Z世代`, `2000元以上商品`)."""
    at = sent.text.find(subject, cs, limit)
    return any(t.start == at and _role(sent, t) == "claim" for t in sent.quantities)


def _opens_with(sent: _Sentence, cs: int, limit: int, metric: str | None) -> bool:
    """The clause at cs opens with `metric` (after time phrases and connectives)."""
    if not metric:
        return False
    k = sent.text.find(metric, cs, limit)
    if k < 0:
        return False
    head = sent.text[cs:k]
    for t in sent.quantities:
        if t.role_hint in ("year", "period", "date") and cs <= t.start and t.end <= k:
            head = head.replace(sent.text[t.start:t.end], "")
    head = head.strip(" ，,——-")
    return head == "" or head in cues().clause_connectives


# ---------------------------------------------------------------------------------------------
# Periods and modality


@dataclass(slots=True)
class _Context:
    """What earlier sentences of a paragraph say for the later ones: the opening time phrase,
    the last year written (for 今年), and a modality that introduced a list (`目标是：…；…`);
    and what the paragraph's section headings say (`heading`: their modality)."""

    period: str | None = None
    year: str | None = None
    modality: str | None = None
    heading: str | None = None


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


def _opening_period(sent: _Sentence, times: list[Quantity]) -> str | None:
    """`截至2025年一季度,` / `2025年,` opening the sentence: it holds for what follows."""
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
    period = own[-1] if own else carried
    if period and not _YEAR_AT_START.match(period):
        # `上半年`, `6月` with no year of their own: the year the paragraph is in, if it says one
        year = carried[:4] if carried and _YEAR_AT_START.match(carried) else ctx.year
        if not year:
            return None  # a period is never told without its year
        period = f"{year}{period}" if period[0] in "QH" else f"{year}-{period}"
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


_LIST_JOINERS = re.compile(r"[、和及与]")
_FENBIE = "分别"


def _pair_fenbie(sent: _Sentence, readings: list[_Reading]) -> None:
    """`青岛、烟台分别增长38%、25%` / `水果、蔬菜产量分别达…`: the listed items pair with the
    listed figures in order, as subjects when they are places, else as metrics."""
    i = 0
    while i < len(readings):
        first = readings[i]
        cs = sent.clause_start(first.q.start)
        at = sent.masked.rfind(_FENBIE, cs, first.q.start)
        run = [first]
        while i + len(run) < len(readings):
            nxt = readings[i + len(run)]
            gap = sent.text[run[-1].end:nxt.q.start].strip()
            if gap not in ("、", "和", "及", "与", "，", ","):
                break
            run.append(nxt)
        i += len(run)
        if at < 0 or len(run) < 2:
            continue
        last = run[-1]
        if last.end > last.q.end:  # `分别达2050万吨、4200万吨、19万吨以上`: 以上 holds for each
            for r in run[:-1]:
                if r.qualifier == "exact":
                    r.qualifier = last.qualifier
        head = sent.masked[cs:at]
        subject = _clause_subject(sent, cs, at)
        if (subject and head.startswith(subject) and not _LIST_JOINERS.search(subject)
                and not _LIST_JOINERS.match(head, len(subject))):
            head = head[len(subject):]
        else:
            subject = None
        items = [x for x in _LIST_JOINERS.split(head) if x]
        if len(items) != len(run):
            continue
        last_name = _place_prefix(items[-1])
        if all(_place_prefix(x) == x for x in items[:-1]) and last_name:
            tail = items[-1][len(last_name):] or None
            for r, item in zip(run, items[:-1] + [last_name]):
                r.subject, r.metric = item, tail or r.metric
            continue
        prev = items[-2]
        tail = items[-1][len(prev):] if len(prev) <= 3 else ""
        head_word = prev[max(b for b in word_bounds(prev) if b < len(prev)):]
        if len(head_word) >= 2 and head_word in items[-1]:
            # `先进制造业、高技术制造业增加值占…比重`: the items share what follows their last word
            tail = items[-1][items[-1].index(head_word) + len(head_word):]
        for r, item in zip(run, items):
            r.metric = item if item == items[-1] else item + tail
            r.subject = subject


@cache
def _place_names() -> frozenset[str]:
    return frozenset(row["name"] for row in places()) | frozenset(cues().subject_names)


def _place_prefix(item: str) -> str:
    """The longest place name `item` opens with (`潍坊直播电商交易额` -> 潍坊), '' when none."""
    names = _place_names()
    return next((item[:k] for k in range(min(len(item), 8), 1, -1) if item[:k] in names), "")


def _listed_with(items: list, i: int, step: int, text: str, end_of, start_of) -> list:
    """Items[i] and its neighbours joined to it by `、` in direction `step` (+1 or -1)."""
    run = [items[i]]
    j = i
    while 0 <= j + step < len(items):
        a, b = (items[j], items[j + step]) if step > 0 else (items[j + step], items[j])
        if text[end_of(a):start_of(b)].strip() != "、":
            break
        j += step
        run.append(items[j])
    return run if step > 0 else run[::-1]


def _pair_listed_from(sent: _Sentence, readings: list[_Reading]) -> None:
    """`从209元、280元提高到217元、290元`: listed from-values pair with listed values in order."""
    for i, r in enumerate(readings):
        if r.from_q is None:
            continue
        qs = sent.quantities
        a_list = _listed_with(qs, qs.index(r.from_q), -1, sent.text, lambda q: q.end, lambda q: q.start)
        b_list = _listed_with(readings, i, +1, sent.text, lambda x: x.end, lambda x: x.q.start)
        if len(a_list) < 2 or len(a_list) != len(b_list):
            continue
        for b, a in zip(b_list, a_list):
            b.from_q = a
            if b is not r:
                b.direction, b.value_role = r.direction, r.value_role


def _list_modality(sent: _Sentence) -> str | None:
    """`主要预期目标是：A；B；C`: a cue before a colon holds for the list items that follow."""
    colon = max(sent.masked.find("："), sent.masked.find(":"))
    if colon < 0:
        return None
    found = _modality(sent, colon)
    return None if found == "actual" else found


# ---------------------------------------------------------------------------------------------
# Putting it together


def _unit_surface(sent: _Sentence, q: Quantity) -> str | None:
    if not q.unit_surface:
        return None
    s, e = sent.raw_span(q.start, q.end)
    raw = sent.passage.text[s - sent.passage.char_start:e - sent.passage.char_start]
    return raw[len(raw) - len(q.unit_surface):] if len(raw) >= len(q.unit_surface) else q.unit_surface


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
    return sent.passage.text[s - base:e - base]


def _claim(sent: _Sentence, r: _Reading, period: str | None, doc_id: str, ctx: _Context,
           before: tuple[_Reading, Claim] | None = None) -> Claim:
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
        group = _patterns().group_measure.fullmatch(metric_norm)
        if group:  # `头部主播单场直播销售额`: the group's measure
            subject_norm, metric_norm = group.group("group"), group.group("measure")
        elif (group_before is not None and group_before.metric_norm is not None
              and _patterns().group_only.fullmatch(metric_norm)):
            # `头部主播单场直播销售额为…，腰部主播为…`: the group named alone takes the measure
            # of the group before it
            subject_norm, metric_norm = metric_norm, group_before.metric_norm
    if (subject_norm is None and group_before is not None
            and sent.text.startswith(cues().deed_verbs, _skip_times(sent, sent.clause_start(q.start), q.start))):
        # `港澳居民在粤参加医保…，参加养老…保险35.4万人次`: a clause opening with a deed and naming
        # no one goes on about the group before it
        subject_norm = group_before.subject_norm
    metric = _in_source(sent, metric_norm, q.start)
    subject = _in_source(sent, subject_norm, q.start)
    return Claim(
        claim_id=make_claim_id(doc_id, s, e), doc_id=doc_id, passage_id=passage.passage_id,
        section_path=passage.section_path, sentence=passage.text, char_start=s, char_end=e,
        surface=surface, value=q.value, value_low=q.value_low, value_high=q.value_high,
        unit=r.unit, unit_surface=_unit_surface(sent, q), kind=r.kind, qualifier=r.qualifier,
        direction=r.direction, value_role=r.value_role, from_value=from_value, yoy=r.yoy,
        base_period=r.base_period, period=period, year=_year_of(period),
        modality=_modality(sent, q.start, ctx.modality, ctx.heading), metric=metric,
        metric_norm=metric_norm, subject=subject, subject_norm=subject_norm,
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


def _under_zero_subject(sent: _Sentence, pos: int) -> bool:
    """The figure's clause opens with a word naming the whole area reported on (`全省…`)."""
    found = sent.zero_heads.get(pos)
    if found is None:  # asked by the metric, the subject and the claim of the same figure
        found = sent.zero_heads[pos] = bool(_patterns().zero_subject_head.match(sent.text, sent.clause_start(pos), pos))
    return found


def _mention(sent: _Sentence, q: Quantity, role: str, doc_id: str, claim_id: str | None) -> QuantityMention:
    s, e = sent.raw_span(q.start, q.end)
    text = sent.passage.text[s - sent.passage.char_start:e - sent.passage.char_start]
    return QuantityMention(doc_id, s, e, text, q.value, q.value_low, q.value_high, q.unit, q.kind,
                           role, claim_id)


def _sentence_claims(sent: _Sentence, ctx: _Context, doc_id: str, with_mentions: bool = True
                     ) -> tuple[list[Claim], list[QuantityMention]]:
    times = _time_mentions(sent)
    opening = _opening_period(sent, times)
    if opening:
        ctx.period = opening
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
    _pair_listed_from(sent, readings)
    from_of = {id(r.from_q) for r in readings if r.from_q is not None}
    ids: dict[int, str] = {}
    before: tuple[_Reading, Claim] | None = None
    for r in readings:
        if id(r.q) in from_of:
            continue
        period = _period_for(sent, times, r.q.start, ctx)
        claim = _claim(sent, r, period, doc_id, ctx, before)
        before = (r, claim)
        claims.append(claim)
        ids[id(r.q)] = claim.claim_id
        if r.from_q is not None:
            ids[id(r.from_q)] = claim.claim_id
    for r in readings:
        mentions.append((r.q, "claim", ids.get(id(r.q))))
    if years:
        ctx.year = years[-1]
    if carry_modality:
        ctx.modality = carry_modality
    if not with_mentions:
        return claims, []
    mentions.sort(key=lambda m: m[0].start)
    return claims, [_mention(sent, q, role, doc_id, cid) for q, role, cid in mentions]


def claims_from_passages(passages: list[Passage], doc_id: str, text: str | None = None,
                         with_mentions: bool = True) -> tuple[list[Claim], list[QuantityMention]]:
    """The claims of a document's passages and every figure mention with its role.

    Headings are not passages; given the document's `text`, the figures between passages
    (`第三章`, `3.2.1`, years in titles) are listed too, never as claims. Without
    `with_mentions` the mention list is left empty (the claims are the same)."""
    claims: list[Claim] = []
    mentions: list[QuantityMention] = []
    headings = heading_modalities(p.section_path for p in passages)
    for _, group in groupby(passages, key=lambda p: p.paragraph_index):
        paragraph = list(group)  # a paragraph lies in one section
        ctx = _Context(heading=headings[paragraph[0].section_path])
        for passage in paragraph:
            sent = _read_sentence(passage)
            if sent is None:
                continue
            found, seen = _sentence_claims(sent, ctx, doc_id, with_mentions)
            claims.extend(found)
            mentions.extend(seen)
    if text is not None:
        mentions.extend(_mentions_between(text, passages, doc_id))
        mentions.sort(key=attrgetter("char_start"))
    return claims, mentions


def _mentions_between(text: str, passages: list[Passage], doc_id: str) -> list[QuantityMention]:
    """Figures outside every passage (headings, furniture): listed with their role."""
    out: list[QuantityMention] = []
    pos = 0
    for start, end in sorted((p.char_start, p.char_end) for p in passages) + [(len(text), len(text))]:
        if start > pos and not text[pos:start].isspace():  # line breaks between passages hold nothing
            for q in extract_quantities(text[pos:start]):
                role = TIME_HINTS.get(q.role_hint or "") or NON_CLAIM_HINTS.get(q.role_hint or "", "other")
                out.append(QuantityMention(doc_id, pos + q.start, pos + q.end, q.text, q.value,
                                           q.value_low, q.value_high, q.unit, q.kind, role, None))
        pos = max(pos, end)
    return out


def extract_claims(text: str, doc_id: str = "doc") -> list[Claim]:
    """The claims of one document: structured into passages, then read sentence by sentence."""
    passages = structure_document(text, doc_id).passages
    return claims_from_passages(passages, doc_id, with_mentions=False)[0]  # mentions unused here
