"""One sentence as the claim grammar reads it: its normalized text, its figures and each figure's role."""


from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from qdextract.extract.claims.patterns import (
    _MAX_QUOTED_NAME,
    _QUOTES,
    NON_CLAIM_HINTS,
    TIME_HINTS,
    _AtEnd,
    _patterns,
)
from qdextract.extract.quantities import extract_quantities
from qdextract.models import Passage, Quantity
from qdextract.text.normalize import NormText, OffsetMap, normalize_text, offsets_of
from qdextract.text.segment import last_word_tag, word_bounds
from qdextract.text.structure import reading_text, without_furniture
from qdextract.zh.lexicon import (
    cues,
    places,
    units,
)


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
    open_span_end: int | None = -1  # where the first span named without years ends (-1: not looked)

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


def read_quoted_names(sent: _Sentence, start: int, end: int, attached: bool = True) -> str:
    """The masked text from `start` to `end` with the quoted names in it read out, without their
    marks (`“新三样”出口规模` -> 新三样出口规模, `专精特新“小巨人”企业`): a name quoted inside a
    measure is part of it. With `attached`, only a name a word follows and that opens with no
    place (`“深圳—香港—广州”创新集群`, `“青岛优品”`: whose, not what); a list item's name is read
    whole. A title (`《…》`, a work) and a quoted time (`“十四五”`) stay blank."""
    out = list(sent.masked[start:end])
    for qs, qe in sent.quotes:
        if not (start <= qs and qe < end) or sent.text[qs] == "《" or (
                attached and not (qe + 1 < end and _NAME_FOLLOWER.match(sent.text, qe + 1))
                and not (qe + 1 == end and _word_before(sent.text, qs)
                         and "、" not in sent.text[qs:qe])):
            continue  # (a name, not a list, closing the phrase is read after a word: `全球“灯塔工厂”3家`,
            # `建成“美丽庭院”8.2万户`, the word before it in the sentence)
        if any(qs < t.start and t.end <= qe and t.role_hint in ("year", "period", "date") for t in sent.quantities):
            continue
        if attached and _opens_with_place(sent.text[qs + 1:qe]):
            continue
        out[qs - start] = out[qe - start] = ""
        for i in range(qs + 1, qe):
            out[i - start] = sent.text[i]
    return "".join(out)


_NAME_FOLLOWER = re.compile("[\u4e00-\u9fffA-Za-z0-9“「『]")
_HAN_BEFORE = re.compile("[\u4e00-\u9fff]")
_CLOSING_QUOTES = frozenset(_QUOTES.values())


def _word_before(text: str, qs: int) -> bool:
    """A word stands right before the quote at qs, or a list joiner after an item that is no
    quoted name (`示范村15个、“美丽庭院”8.2万户`; not `“港车北上”、“澳车北上”…累计832万辆次`)."""
    if qs > 0 and _HAN_BEFORE.match(text, qs - 1):
        return True
    return qs > 1 and text[qs - 1] == "、" and text[qs - 2] not in _CLOSING_QUOTES


def _opens_with_place(name: str) -> bool:
    names = _place_names()
    return any(name[:n] in names for n in range(2, min(len(name), 6) + 1))


@cache
def _place_names() -> frozenset[str]:
    return frozenset(r["name"] for r in places())


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of each quoted name or title."""
    return [(m.start(), m.end() - 1) for m in _QUOTED.finditer(text)]


def _normalized(passage: Passage) -> NormText:
    """The passage's normalized text with its offset map; the structure stage already gives
    `text_norm`, and only whitespace collapsing moves its offsets."""
    raw = passage.text
    if passage.text_norm and len(passage.text_norm) == len(raw):
        return NormText(passage.text_norm, OffsetMap((0,), (0,), len(raw)))
    raw = reading_text(raw)  # furniture and markup blanked, as in text_norm, offsets kept
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
    if len(nt.offsets.norm) > 1:
        breaks = sorted(set(breaks) | set(_wide_space_breaks(without_furniture(passage.text), nt)))
    sent = _Sentence(passage, nt, text, masked_text, quotes, breaks, quantities)
    for t in quantities:
        if t.role_hint in _TIME_PHRASES:
            sent.time_ends.setdefault(t.start, t.end)  # the first one, as a scan in order finds
    return sent


def _wide_space_breaks(raw: str, nt: NormText) -> list[int]:
    """Where an ideographic space parted two phrases (`道指曾跌近1600點　納指跌逾5%`, headlines
    write no comma), or a run of spaces or a tab joined blocks of a scraped page (`…热词        4月
    工业增加值增长6.5%`): normalizing drops it between Chinese characters, but the phrases stay
    apart."""
    o = nt.offsets
    out = []
    for k in range(1, len(o.norm)):
        gap_start = o.raw[k - 1] + o.norm[k] - o.norm[k - 1]
        gap = raw[gap_start:o.raw[k]]
        if "\u3000" in gap or "\t" in gap or "   " in gap:
            out.append(o.norm[k])
    return out


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
    clause_end = sent.clause_end(q.end - 1)  # the words after, in the figure's own clause
    after = sent.text[q.end:min(q.end + 4, clause_end)]
    if after.startswith(cues().non_claim_nouns_after):
        return "other"
    if q.kind == "duration" and (after.startswith(("来", "以来", "年均", "间") + tuple(cues().direction)) or (
            sent.text[q.start - 1:q.start] == "的" and after[:1] in ("。", "，", ",", ";", "；", ""))):
        return "period"  # `五年来`, `近3年年均`, `…的五年。`: a span of time, not a measure
    if q.kind == "duration" and _time_frame(before, sent.text[q.end:min(q.end + 5, clause_end)]):
        return "period"  # `未来五年`, `创4年新低`: a stretch of time, not a measure
    if _qualifies_noun(sent, q, after) or _threshold(q, before, sent.text[q.end:min(q.end + 6, clause_end)],
                                                     lambda: _counted_in_clause(sent, q, clause_end)):
        return "subject_qualifier"
    if q.kind == "money" and q.value == 1 and before.endswith("兑"):
        return "other"  # `报7.2547兑1美元`: the one unit a rate prices
    if q.kind == "count" and before.rstrip().endswith(cues().pointing_back):
        return "other"  # `该6个种子基金`: a set named before
    if q.unit is None and q.value_high is not None and not _bare_with_meaning(sent, q):
        return "other"
    return "claim"


_TIME_PHRASES = frozenset(("year", "period", "date"))


_AHEAD = ("提前", "超前")


def _time_frame(before: str, after: str) -> bool:
    """A duration that frames a stretch of time (`未来五年`, `过去 5 年`, `这五年`, `创4年新低`,
    `6个月低位`, `10年期`): the words right before it (past a qualifier) or right after it."""
    c = cues()
    if after.startswith(c.duration_frame_after):
        return True
    head, qualifier = _strip_qualifier(before.rstrip())
    head = head.rstrip()
    if head.endswith(c.duration_frame_before) and not head.endswith(_AHEAD):
        return True  # (but `提前两年完成`: ahead of time by a measure)
    return qualifier is not None and head == "" and before.rstrip().endswith("近")  # `近3年，…`


@cache
def _threshold_firsts() -> frozenset[str]:
    """The characters a threshold's words after the figure open with (a cheap test first)."""
    c = cues()
    return frozenset(w[0] for w in c.threshold_after + c.threshold_members) | {"或", "的"}


def _counted_in_clause(sent: _Sentence, q: Quantity, clause_end: int) -> bool:
    """Another figure of the clause counts something (`3个过三千亿元城市`, `…项目50个`)."""
    cs = sent.clause_start(q.start)
    return any(t is not q and t.kind == "count" and cs <= t.start < clause_end for t in sent.quantities)


def _threshold(q: Quantity, before: str, after: str, counted: Callable[[], bool] = lambda: False) -> bool:
    """A figure bounding the group a noun names: `2000万元及以上的工业企业`, `60岁或以上人士`,
    `价值少于400万元的住宅`, `3个过三千亿元城市`. A percent stays a figure (`指数均位于55%及以上的
    较高景气区间`)."""
    if q.kind == "percent" or after[:1] not in _threshold_firsts():
        return False
    c = cues()
    if after.startswith(c.threshold_after):
        return True
    if after.startswith(("或以上", "或以下")):
        return bool(_NOUN_START.match(after, 3))
    head = before.rstrip()
    if q.kind != "count" and after.removeprefix("的").startswith(c.threshold_members) \
            and head.endswith(c.threshold_member_before + c.threshold_before) and counted():
        return True  # (a member named alone keeps its figure: `博罗成为生产总值超千亿元县`)
    return after.startswith("的") and head.endswith(c.threshold_before)


_THRESHOLD = re.compile(r"及?以[上下]")


_NOUN_START = re.compile(r"[\u4e00-\u9fffA-Za-z]")


_VERBISH = re.compile(r"[占比增提降减达为是超突有的，,；;。将同较并全]")  # 全: `1194公里全线贯通`


def _qualifies_noun(sent: _Sentence, q: Quantity, after: str) -> bool:
    """`18-25岁Z世代`, `2000元以上商品`, `12英寸产线`: a measure written before the noun it
    describes. Counts before a noun (`128个节点`) count that noun and stay claims."""
    if q.unit is None or q.kind in ("count", "percent", "percentage_point"):
        return False
    rest = after
    m = _THRESHOLD.match(rest)
    if m:
        rest = rest[m.end():]
    elif q.kind != "other" and not (q.kind == "duration" and q.text.endswith(("岁", "歲"))):
        return False  # money/percent directly before a noun is a figure (`1800万财政资金`); an age is not
    else:
        approx = _patterns().qualifier_after.match(rest)
        if approx:  # `稳定在550亿斤左右，`: a qualifier, not the noun
            rest = rest[approx.end():]
    if not (rest and _NOUN_START.match(rest) and not _VERBISH.match(rest)
            and not rest.startswith(cues().milestone_nouns)):
        return False
    # what a verb of doing takes is an amount done (`完成46.1万亩高标准农田建设`, `新建310公里农村公路`);
    # a measure after a name or an adjective describes (`海南电网500千伏主网架`, `全球最高10米液压支架`)
    return m is not None or not _after_verb(sent, q)


_VERB_TAGS = frozenset(("v", "vn"))


def _after_verb(sent: _Sentence, q: Quantity) -> bool:
    head, _ = _strip_qualifier(sent.masked[sent.clause_start(q.start):q.start].rstrip())
    head = head[-8:]
    return bool(head) and last_word_tag(head) in _VERB_TAGS


def _bare_with_meaning(sent: _Sentence, q: Quantity) -> bool:
    """A bare figure with a magnitude that its context makes money or a count."""
    return _bare_unit(sent, q) is not None


_MAGNITUDE = re.compile(r"[万亿萬億]")


_DIGIT = re.compile(r"\d")


_YEAR_AT_START = re.compile(r"\d{4}")


_LAST_YEAR = re.compile(r"(\d{4})(?!.*\d{4})")


_LIST_BREAK = re.compile(r"[，,；;。、]")


def _bare_unit(sent: _Sentence, q: Quantity) -> tuple[str, str, str | None] | None:
    """(unit, kind, unit_surface) for `投入1800万财政资金` (CNY), `2000万私域用户` (用户) or
    `242万偏远农村居民` (人)."""
    if q.unit is not None or q.value is None:
        return None
    p = _patterns()
    before = sent.masked[sent.clause_start(q.start):q.start]
    if not _MAGNITUDE.search(q.text):
        return _exchange_rate(sent, q) or _index_level(sent, q, before)
    counted = _COUNTED_BEFORE.search(_strip_qualifier(before.rstrip("（( "))[0])
    if counted:  # `开发者人数（43.9 万）`, `开发者总数超过15万`, `事件日志总数达到17.5 亿`
        people = counted.group("people") or counted.group("p2")
        return ("人" if people else "个"), "count", None
    after = sent.text[q.end:sent.clause_end(q.end)]
    m = p.count_noun_after.match(after)
    if m:  # a noun of people counts people (`242万偏远农村居民`: 人)
        noun = m.group("noun")
        return ("人" if noun in cues().people_nouns else noun), "count", None
    if p.money_before.search(_strip_qualifier(before)[0]) or p.money_after.match(after):
        return "CNY", "money", None
    return None


_INDEX_LEVEL_BEFORE = re.compile(r"(?:为|报|见|至|到|穿|的|达|倍差从|比从|倍差由|比由)$")
# `城乡居民收入比缩小至2.54`, `城乡居民收入倍差从2.42缩小至2.12`: a ratio named before, maybe with its
# earlier level
_RATIO_NAMED = re.compile(r"(?:比|倍差)(?:(?:从|由)[0-9.]+)?$")
_COUNTED_BEFORE = re.compile(r"(?:(?P<people>人|者|员|户)?(?:总数|数量)|(?P<p2>人数|人次|人口))(?:达到|达|为|是|约|共|突破|超过)?$")
_INDEX_NAMED = re.compile(r"指数|PMI|ＰＭＩ")


@cache
def _currency_pair() -> re.Pattern[str]:
    """`人民币兑美元`, `美元兑日圆`, `兑日圆`: a quoted pair of currencies (the base may be left to
    the words before), by their names in units.yaml."""
    names = sorted((u for u, unit in units().items() if unit.kind == "money" and len(u) > 1),
                   key=len, reverse=True)
    alt = "|".join(map(re.escape, names))
    return re.compile(rf"(?P<base>{alt})?兑(?P<quote>{alt})")


_PER_ONE = re.compile(r"兑1(?P<cur>[\u4e00-\u9fff]{1,3})")


def _exchange_rate(sent: _Sentence, q: Quantity) -> tuple[str, str, str | None] | None:
    """A bare rate after a quoted pair of currencies, in the currency a unit of the other costs:
    `美元兑日圆跌穿146` (JPY), `人民币兑美元…报7.2547兑1美元` (CNY), `港元兑美元报7.8` (HKD),
    `欧元兑美元报1.08` (USD)."""
    if "兑" not in sent.text or not q.text[:1].isdigit():
        return None
    pairs = list(_currency_pair().finditer(sent.text, 0, q.start))
    if not pairs:
        return None
    pair, table = pairs[-1], units()
    quote = table[pair.group("quote")].unit
    base = table[pair.group("base")].unit if pair.group("base") else None  # `兑日圆跌穿146`
    per_one = _PER_ONE.match(sent.text, q.end)
    if per_one is not None:
        priced = table.get(per_one.group("cur"))
        if priced is None or base is None or priced.unit not in (base, quote):
            return None
        return (quote if priced.unit == base else base), "money", None
    if base is not None and "USD" in (base, quote) and base != quote:
        # as markets quote: dollars per euro, pound, Australian dollar; else units per dollar
        other = quote if base == "USD" else base
        return ("USD" if other in _PRICED_IN_USD else other), "money", None
    return quote, "money", None


_PRICED_IN_USD = frozenset(("EUR", "GBP", "AUD", "NZD"))


def _index_level(sent: _Sentence, q: Quantity, before: str) -> tuple[str, str, str | None] | None:
    """`采购经理指数（PMI）终值为54.4`, `美元指数…尾市报102.92`: a bare figure stating the level of
    an index named before it in the sentence is in index points."""
    if not q.text[:1].isdigit() or q.role_hint is not None:
        return None
    if _INDEX_LEVEL_BEFORE.search(before) is None and _INDEX_LEVEL_BEFORE.search(_strip_qualifier(before)[0]) is None:
        return None  # (`为` is a qualifier word too)
    if (_RATIO_NAMED.search(before.rstrip("从由"))
            or _RATIO_NAMED.search(_strip_qualifier(before)[0].rstrip("缩小扩大降至升至为到"))):
        return "ratio", "ratio", None  # `城乡居民收入比缩小至2.54`
    if _INDEX_NAMED.search(sent.text, max(0, q.start - 40), q.start) is None:
        return None
    return "点", "other", None


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
    base_start: int | None = None  # where the base period is written
    base_relative: str | None = None  # `last` (比上月, 环比) or `year` (比上年同月): the base from the figure's time
    metric: str | None = None
    subject: str | None = None
    unit: str | None = None
    kind: str = "other"
    unit_surface: str | None = None
    members: list[Quantity] = field(default_factory=list)
    qualifier_before: str | None = None  # from a cue before the figure, shared with listed ones
    rank_of_before: bool = False  # a rank whose clause names no measure: of the figures before it


# `比全国平均水平高2.3个百分点`: a gap to the thing compared.
_COMPARED_ADJ = _AtEnd(r"(?:比|较)(?![重例率])[^，,；;。\d]{1,14}?(?P<adj>[高多快长大低少慢短小])出?了?$", needs=("比", "较"))


def _action_noun_verb(m: re.Match[str], r: _Reading) -> bool:
    """A change verb right before a count or physical amount that is part of an action noun
    (`农房风貌提升26.4万户`, `林分优化提升200万亩`), not a change of the figure."""
    return (m.group("verb") in cues().action_noun_verbs and not m.group("level")
            and r.kind in ("count", "other") and r.from_q is None)


def _from_marker_start(phrase: str) -> int | None:
    """Where the from-marker before a from-value starts: the last whole word 从/由 near the end
    (`直播从业人员从1.2万人`: not the 从 of 从业)."""
    m = _patterns().from_marker.search(phrase)
    if m is None:
        return None
    bounds, markers = word_bounds(phrase), cues().from_markers
    return max((i for i in range(m.start(), len(phrase)) if i in bounds
                and any(phrase.startswith(w, i) and i + len(w) in bounds for w in markers)), default=m.start())


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


def _under_zero_subject(sent: _Sentence, pos: int) -> bool:
    """The figure's clause opens with a word naming the whole area reported on (`全省…`)."""
    found = sent.zero_heads.get(pos)
    if found is None:  # asked by the metric, the subject and the claim of the same figure
        found = sent.zero_heads[pos] = bool(_patterns().zero_subject_head.match(sent.text, sent.clause_start(pos), pos))
    return found
