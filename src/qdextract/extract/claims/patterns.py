"""The claim grammar's compiled patterns, built once from the cue words (`data/cues.yaml`)."""


from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from qdextract.extract.attribution.words import words
from qdextract.zh.lexicon import (
    alternation,
    cues,
    fold_table,
    joint_head,
    longest_first,
)

TIME_HINTS = {"year": "year", "period": "period", "date": "date"}


NON_CLAIM_HINTS = {"name": "name", "section_number": "section_number", "enumerator": "enumerator",
                   "ordinal": "other", "article": "other", "word": "other"}


_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", '"': '"', "‘": "’"}


_MAX_QUOTED_NAME = 12


def _alt(words) -> str:
    return longest_first(tuple(words))


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
    enterprise_measure: re.Pattern[str]
    resident_measure: re.Pattern[str]
    group_only: re.Pattern[str]
    rank_scope: re.Pattern[str]
    record_at_end: re.Pattern[str]


_LEVEL_TIME = r"[^，,；;。]{0,12}?(?:年度|年|季度|月|期|平均)的?"


@cache
def _patterns() -> _Patterns:
    c = cues()
    zero = words().zero_subjects  # one list for both readers of the subject
    verbs = _alt(c.direction)
    level = _alt(c.level_after_verb)
    modality_words = list(c.modality) + ["将"]
    suffixes = _alt(c.subject_suffixes)
    blockers = "".join(c.subject_suffix_blockers)
    names = _alt(c.subject_names)
    # A base marker, or `比` only where a figure follows (`比2020年`), not the 比 of 占比 or 比重.
    # (or a relative year before a part of it: `比上年四季度`)
    base = (rf"{_alt(c.base_markers)}|(?<![{''.join(c.base_marker_not_after)}])(?:{_alt(c.base_markers_before_figure)})"
            rf"(?=[\d〇零一二两三四五六七八九十]|(?:{_alt(list(c.relative_years))})[一二三四1-4]季度|(?:{_alt(list(c.relative_years))})\d)")
    base_words = list(c.base_markers) + list(c.base_markers_before_figure)
    bounds = [w for w, q in c.qualifier_before.items() if q in ('at_least', 'at_most')]
    group = rf"(?:\d+(?:[—\-~至]\d+)?岁(?:及)?(?:以[上下])?)?(?:{_alt(c.group_words)})"  # `65岁及以上老年人`
    enterprises = rf"[^，,；;。、\d“”\"《》()（）]{{2,10}}?(?:{_alt(c.enterprise_group_endings)})"
    return _Patterns(
        qualifier_before=_AtEnd(rf"(?:{_alt(c.qualifier_before)})$"),
        # `不低于当地最低生活保障标准的1.6倍`: a bound stated against a base
        qualifier_of_base=_AtEnd(rf"(?P<q>{_alt(bounds)})[^，,；;。\d]{{1,16}}的$", needs=bounds),
        qualifier_after=re.compile(rf"(?:{_alt(c.qualifier_after)})"),
        # (a time may stand between the new level's 至 and its figure: `下降至下个财政年度的5803亿元`,
        # `增加至未来平均每年约1200亿元`)
        verb_at_end=_AtEnd(rf"(?P<verb>{verbs})了?(?:(?P<level>{level})(?:{_LEVEL_TIME})?)?$"),
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
        clause_break=re.compile(c.clause_breaks),
        metric_leading_one=re.compile(_alt(c.metric_leading + c.metric_result_verbs)),
        metric_trailing=re.compile(rf"(?:{_alt(c.metric_trailing)})+$"),
        per_unit=_AtEnd(rf"(?:{_alt(c.per_unit)})(?P<unit>[^，,；;。\d]{{1,4}})$", needs=c.per_unit),
        per_unit_condition=_AtEnd(rf"(?:{_alt(c.per_unit)})(?:{_alt(list(c.direction) + list(c.per_unit_condition_verbs))})$",
                                  needs=c.per_unit),
        per_unit_schedule=_AtEnd(rf"(?:{_alt(c.per_unit)})(?:{_alt(c.per_unit_schedule)})$", needs=c.per_unit),
        rate_unit_blocker=re.compile(_alt(list(c.qualifier_before) + list(c.direction) + list(c.copulas))),
        money_before=_AtEnd(rf"(?:{_alt(c.money_context_before)})[^，,；;。\d]{{0,2}}$"),
        money_after=re.compile(rf"(?:{_alt(c.money_context_after)})"),
        count_noun_after=re.compile(rf"[^，,；;。\d]{{0,4}}?(?P<noun>{_alt(c.count_nouns + c.people_nouns)})"),
        subject_suffixed=re.compile(rf"[^，,；;。：:、“”\"《》]{{1,12}}?(?:{suffixes})(?![{blockers}])"),
        suffix_at_end=re.compile(rf"(?:{suffixes})$"),
        subject_named=re.compile(rf"(?:{names})[市省区县]?"),
        subject_list=re.compile(r"(?P<items>[^，,；;。：:、]{1,12}(?:、[^，,；;。：:、]{1,12})+)等"),
        subject_joint=joint_head(c.joint_verbs),
        head_skip=re.compile(rf"(?:(?:{_alt(c.metric_leading)}|值得关注的是|例如|同时|此外)+)"),
        not_subject=re.compile(r"通过|推出|的|在|(?<!参)与|和|对|为|将|从|较|比|是|有|占|引入|建设|打造|需|启动|推动|地区|社区|小区"
                               + "".join("|" + re.escape(w) for w in c.subject_blocking_words)),
        # (a time phrase, blanked to □, counts as one word: `由2025/26年度约24.4%`)
        from_marker=_AtEnd(rf"(?:{_alt(c.from_markers)})(?:□{{1,12}}|[^，,；;。\d□]){{0,14}}$", needs=c.from_markers),
        difference=_AtEnd(rf"(?P<verb>{_alt(c.difference_verbs)})[^，,；;。\d]{{1,16}}$", needs=list(c.difference_verbs)),
        metric_splitter=re.compile(_alt(c.metric_splitters)),
        metric_cut_after=re.compile(_alt(c.metric_cut_after)),
        flow_verb_any=re.compile(_alt(c.metric_flow_verbs)),
        zero_subject_head=re.compile(rf"(?:{_alt(set(c.metric_leading) - set(zero))})*(?:{_alt(zero)})"),
        share_verb=re.compile(_alt(c.share_verbs)),
        share_at_end=_AtEnd(rf"(?P<q>{_alt(c.qualifier_before)})?(?P<verb>{_alt(c.share_verbs)})"
                            rf"(?P<obj>[^，,；;。、\d的]{{1,16}})的?$", needs=c.share_verbs),
        spending_purpose=re.compile(rf"(?:{_alt(c.spending_purpose_verbs)})(?P<object>[^，,；;。、\d的]{{2,10}})"),
        group_deed=re.compile(rf"(?P<group>{_alt(c.counted_group_suffixes)})(?P<deed>(?:{_alt(c.deed_verbs)})[^，,；;。、\d的]{{2,10}})$"),
        group_only=re.compile(group),
        group_measure=re.compile(rf"(?P<group>{group})(?P<measure>[^，,；;。、\d]{{2,}})"),
        enterprise_measure=re.compile(rf"(?P<group>{enterprises})(?!{_alt(c.count_measures)})"
                                      rf"(?P<measure>[^，,；;。、\d]{{2,}})"),
        flow_verb_at_head=re.compile(rf"(?:{_alt(c.metric_leading)})*(?P<verb>{_alt(c.metric_flow_verbs)})"),
        record_at_end=re.compile(rf"(?:再|又|均|都)?(?:{_alt(c.record_predicates)})$"),
        rank_scope=re.compile(rf"(?:{_alt(c.rank_placing_verbs)})[\u4e00-\u9fff]{{0,4}}"),
        resident_measure=re.compile(rf"(?P<group>{_alt(c.resident_groups)})"
                                    rf"(?P<measure>(?:{_alt(c.resident_measures)})[^，,；;。、\d]*)"),
    )
