"""The last reading of a claim's subject and metric, after the document pass has placed them:
what cannot be a subject (a wrong subject is worse than none), the metric cleaned of words of
doing, time and change, and the forms that say what is measured and about whom in their own way
(a breakdown by group, a market report, a levy, a figure said twice). Word lists:
`data/attribution.yaml`; word tags: jieba's dictionary through rjieba.
"""

from __future__ import annotations

import dataclasses
import itertools
from functools import cache, lru_cache
from typing import Any

import regex
import rjieba

from qdextract.extract.attribution.name_edges import bounded_group, name_within_edges
from qdextract.extract.attribution.nouns import (
    HAN_RUN,
    all_verbs,
    lone_verb,
    noun_at,
    noun_words,
    tagged,
    time_words,
    words_noun_tags,
)
from qdextract.extract.entities.gazetteer import gazetteer
from qdextract.models import Claim
from qdextract.text.normalize import norm
from qdextract.text.segment import word_bounds
from qdextract.zh.lexicon import cues, places


@cache
def _all_place_names() -> frozenset[str]:
    return frozenset(row["name"] for row in places()) | frozenset(cues().subject_names)


@lru_cache(maxsize=16384)
def _not_a_subject(subject: str, verb_tags: frozenset[str]) -> bool:
    """The phrase opens with a verb, an adverb or a pronoun by jieba's tags (`实施科技`,
    `稳妥化解地方政府`, `每年可节省`): a piece of the clause, not a name."""
    names = _all_place_names()
    if any(subject[:k] in names for k in range(2, min(len(subject), 6) + 1)):
        return False  # a place opens it (`即墨区…`, which jieba tags as a verb)
    tags = [flag for _, flag in tagged(subject)][:2]
    return bool(tags) and (tags[0] in verb_tags or (len(tags) > 1 and tags[0] == "a" and tags[1] in verb_tags))


def checked_subject(c: Claim, sent: Any, data) -> Claim:
    """The claim without a subject that cannot be one (`data/attribution.yaml`): a wrong subject is
    worse than none."""
    s = c.subject_norm
    if not s:
        return c
    s = compiled(data.subject_session_number).sub("", s.lstrip("-*·•# "), count=1)  # `第八届…博览会`: the event's
    bounded = bounded_group(s)  # (its bound is no comparison: `价值300万至少于400万元的住宅`)
    s = name_within_edges(s, data)
    kind = next((w for w in data.latin_name_kinds if s.endswith(w)), None)
    if kind and _LATIN_NAME.fullmatch(s[:-len(kind)]):
        s = s[:-len(kind)].strip()  # `Gitee平台` -> Gitee: the name, not its kind
    for w in data.nation_words:
        if s.startswith(w) and len(s) > len(w):
            rest, s = s[len(w):], w  # `全国规模以上工业企业`: about the nation
            m = c.metric_norm
            if m and rest + m in sent.text:  # `全国商品` + `房销售面积`: the rest is the metric's
                c = dataclasses.replace(c, metric=rest + m, metric_norm=rest + m)
    bad = ((not bounded and any(w in s for w in data.subject_not_inside)) or s.endswith(tuple(data.subject_not_endings))
           or _unknown_short_place(s, data)
           or s.startswith(tuple(data.subject_not_openers))
           or (s not in cues().resident_groups and _piece_of_longer_noun(s, sent.text, data))
           or (not s.endswith(tuple(data.subject_group_endings))
               and _not_a_subject(s.removeprefix(next((w for w in data.subject_determiners_kept
                                                       if s.startswith(w)), "")),
                                  frozenset(data.subject_verb_tags))))
    if not bad:
        at = c.char_start - sent.passage.char_start
        k = sent.text.rfind(s, 0, at) if 0 < at <= len(sent.text) else -1
        k = k if k >= 0 else sent.text.find(s)  # the mention nearest before the figure
        after = sent.text[k + len(s):].lstrip(" ") if k >= 0 else ""
        bad = after.startswith(tuple(data.reporting_after_subject)) or _first_of_items(after, data)
        facility = next((w for w in data.place_facilities if after.startswith(w)), None)
        listed = (k > 0 and sent.text[k - 1] in "、和及与") or "分别" in after[:24]
        if facility and s in _all_place_names() and not listed:  # `深圳口岸`, `西安地铁`: the place's facility
            s += facility
            m = c.metric_norm
            if m and m.startswith(facility) and len(m) - len(facility) >= 2:
                c = dataclasses.replace(c, metric=m[len(facility):], metric_norm=m[len(facility):])
    if bad:
        return dataclasses.replace(c, subject=None, subject_norm=None)
    if s != c.subject_norm:
        return dataclasses.replace(c, subject=s, subject_norm=s)
    return c


def _unknown_short_place(subject: str, data) -> bool:
    """`节省`, `办理省`, `项目区`: a short phrase ending in a one-character place suffix is a place
    only when the gazetteer knows it (`青岛市`, `大湾区`) or it names the whole area (`全省`)."""
    return (len(subject) <= data.short_place_max_chars and subject.endswith(tuple(data.short_place_suffixes))
            and subject not in _all_place_names() and subject not in data.area_back_references
            and gazetteer().names.get(subject) is None)


def _first_of_items(after: str, data) -> bool:
    """The subject is the first of nouns joined by `和`, `及`, `与` (`开发区和工业园区由162个整合为123个`):
    the items together are what is counted or measured, not whom the figure is about."""
    joiner = next((j for j in data.object_joiners if after.startswith(j)), None)
    if joiner is None or joiner == "或":
        return False
    words = tagged(after[len(joiner):len(joiner) + 8])
    return bool(words) and words[0][1] in data.metric_noun_tags


def _piece_of_longer_noun(subject: str, text: str, data) -> bool:
    """The subject is a piece of a longer noun phrase of its sentence, not a name: it ends inside a
    word (`国家科技|型中小企业`, `一体推进教育科技|人才`), or it is common nouns ending in a word
    that names a company only after a proper name (`战略科技力量`, `国家科技…`: not `华为科技`)."""
    found = _occurrences(subject, text)
    if found and all(len(subject) not in word_bounds(text[k:k + len(subject) + 8]) for k in found):
        return True  # (`美国商务部…，美国2月…`: one whole occurrence is enough)
    ending = next((w for w in data.common_noun_suffixes if subject.endswith(w)), None)
    if ending is None or len(subject) == len(ending):
        return False
    stem = tagged(subject[:-len(ending)])
    return all(flag in data.common_noun_tags for _, flag in stem)


_LATIN_NAME = regex.compile(r"[A-Za-z][A-Za-z0-9 .\-]*")
_DATE_OR_DIGIT = regex.compile(r"[年月日\d]")
_BRACKET_MARK = regex.compile(r"[()（）]")


def _occurrences(word: str, text: str) -> list[int]:
    """Where `word` starts in text, occurrence after occurrence (none overlapping)."""
    out, k = [], text.find(word)
    while k >= 0 and word:
        out.append(k)
        k = text.find(word, k + len(word))
    return out


def _whole_first_word(metric: str, text: str, at: int) -> str:
    """`幅比上月` -> `涨幅比上月`: a metric cut inside a word of its sentence (the grammar took 涨
    for a verb of change) starts where that word does."""
    k = text.rfind(metric, 0, at)
    if k <= 0 or not HAN_RUN.match(text[k - 1]):
        return metric
    lo = max(0, k - 3)
    pos = lo
    for word in rjieba.cut(text[lo:k + len(metric)]):
        if pos < k < pos + len(word) and len(word) <= 3 and not _DATE_OR_DIGIT.search(text[pos:k]):
            return text[pos:k] + metric
        pos += len(word)
    return metric


@cache
def _alternation(words: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile("|".join(map(regex.escape, sorted(words, key=len, reverse=True))))


@cache
def _time_leftovers(pattern: str) -> regex.Pattern[str]:
    return regex.compile("".join(pattern.split()))


_BRACKETS = regex.compile(r"[(（][^()（）]*[)）]")
_LISTED_KIND = regex.compile(r"等(?=产业|行业|领域|企业)")
_EXAMPLES_BEFORE = regex.compile(r"^[^等]*、[^等、]*等(?=\p{Han}{2})")
_KINDS_COUNTED = regex.compile(r"^(?:(?:[^、等]*、)+[^、等]*?等?|[^、等]*等)[\d一二三四五六七八九十两]+大(?!类)(?=\p{Han}{2})")


def _without_brackets(metric: str) -> str:
    """`服务业采购经理指数(PMI)终值` -> 服务业采购经理指数终值, `开发者(占比` -> 开发者占比: a gloss
    in brackets, or a bracket left open by the figure inside it, is no part of the measure."""
    bare = _BRACKETS.sub("", metric)
    bare = bare.strip("()（）")
    bare = _BRACKET_MARK.sub("", bare) if len(bare) >= 2 else bare
    return bare if len(bare) >= 2 else metric


def _after_saying(metric: str, verbs: tuple[str, ...]) -> str:
    """`预算案提到本年度地价收入` -> 本年度地价收入: what a source says is measured, after its verb
    of saying (a whole word by jieba)."""
    k, cut = 0, -1
    for word, _ in tagged(metric):
        k += len(word)
        if word in verbs and len(metric) - k >= 2:
            cut = k
    return metric[cut:] if cut > 0 else metric


def _nouns_after(text: str, end: int, limit: int) -> str | None:
    """The run of nouns (by jieba's tags) right after a figure, past a counter word and `的`."""
    m = _AFTER_COUNTER.match(text, end)
    start = m.end() if m else end
    tags, out = words_noun_tags(), ""
    for word, flag in tagged(text[start:start + 2 * limit]):
        if (flag not in tags and not (out and word in cues().measure_heads_tagged_verb)) \
                or not HAN_RUN.fullmatch(word) or len(out) + len(word) > limit:
            break
        out += word
    return out if len(out) >= 2 else None


# A figure at either end of a metric is another figure's (`323名开发者`, `车费10元以上`), not a name's
# (`5G工厂`, `10年期债息`, `500强企业`: a letter or a word follows its digits).
_FIGURE_AT_START = regex.compile(r"^\d[\d.,]*[万亿千百]?[名个家项位人](?=\p{Han}{2})")
_FIGURE_AT_END = regex.compile(r"(?<=\p{Han}{2})\d[\d.,]*[万亿千百]?(?:元|名|个|家|%|％)?(?:以上|以下|左右)?$")
_ONLY_FIGURE = regex.compile(r"[\d.,%％]+")
_AFTER_COUNTER = regex.compile(r"[个家项座条所只台辆套名人位批艘架]?的?")
_AFTER_FIGURE = regex.compile(r"[个家项座条所只台辆套名人位批艘架]?(?P<noun>[\p{Han}A-Za-z0-9]{2,})")


def cleaned_metric(c: Claim, sent: Any, at: int, data) -> Claim:
    """The metric without the words `data/attribution.yaml` strips from its ends, without the
    claim's subject at its start; a metric that is a verb alone becomes the noun after the figure."""
    m = c.metric_norm
    if m is None or c.origin == "table":
        return c
    m = _whole_first_word(m, sent.text, at)
    m = _without_brackets(m)
    m = _after_saying(m, tuple(data.metric_cut_after))
    m = _LISTED_KIND.sub("", m)  # `石化等产业增加值` -> 石化产业增加值 (an item of a `分别` list)
    m = _KINDS_COUNTED.sub("", m)  # `集成电路、生物医药、人工智能三大先导产业规模`: examples and their count
    m = _EXAMPLES_BEFORE.sub("", m)  # `食品、石化、医药、信息等重点产业增加值占比`: what the examples are
    k = max((f.start() for f in _alternation(tuple(data.comparison_words)).finditer(m)), default=-1)
    if k >= 2 and (c.value_role == "difference" or sent.text[:at].rstrip().endswith(tuple(data.benchmark_nouns))):
        m = m[:k]  # `…水体比例优于国家考核目标14.6个百分点`: the measure, not its benchmark
    bare = _time_leftovers(data.metric_time_leftovers).sub("", m)
    m = bare if len(bare) >= 2 else m  # `年度第三季起飞机离境税加至`: what a year read out of it left
    bare = compiled(data.metric_enumerator).sub("", m)
    m = bare if len(bare) >= 2 else m  # `五是百县千镇万村…工程`: the enumerator is no part of it
    end = at + (c.char_end - c.char_start)  # (a count of the noun after it: `推进100个…片区建设`)
    deeds_go = c.unit in data.count_deed_units and (not HAN_RUN.match(sent.text, min(end, len(sent.text)))
                                                    or sent.text.startswith(m, end))  # (the noun after it)
    changed = True
    while changed:
        changed = False
        if c.subject_norm and m.startswith(c.subject_norm) and len(m) - len(c.subject_norm) >= 2:
            m, changed = m[len(c.subject_norm):], True
        tokens = tagged(m)
        bounds = set(itertools.accumulate(len(t) for t, _ in tokens))
        for w in data.metric_clean_leading if m.startswith(data.metric_clean_leading) else ():
            if m.startswith(w) and len(m) - len(w) >= 2 and len(w) in bounds and (
                    noun_at(tokens, len(w)) or w in data.metric_time_leading):
                m, changed = m[len(w):], True
                break
        if changed:
            continue
        trailing = data.metric_clean_trailing + (data.count_trailing_deeds if deeds_go else ())
        for w in trailing if m.endswith(trailing) else ():
            # (a change `…至` before the figure goes whatever the segmentation: 离境税|加至, not 税加|至)
            if m.endswith(w) and len(m) - len(w) >= 2 and (len(m) - len(w) in bounds or w.endswith("至")) and (
                    w not in data.count_trailing_deeds or tagged(m[:-len(w)])[-1][1] in words_noun_tags()):
                m, changed = m[:-len(w)], True  # (a deed goes only from after the thing it was done to)
                break
    lone = lone_verb(m, tuple(data.allotment_verbs))
    if lone or all_verbs(m) or m in data.metric_clean_leading or m in data.no_measure_words or time_words(m):
        end = at + (c.char_end - c.char_start)
        after = _AFTER_FIGURE.match(sent.text, min(end, len(sent.text)))
        if after and len(after.group("noun")) <= data.metric_after_max_chars \
                and noun_words(after.group("noun")):
            m = after.group("noun")
        else:  # `预留6亿多元资助业界…`, `惠及约15%的物业成交个案`: the nouns the figure runs into
            m = (_nouns_after(sent.text, min(end, len(sent.text)), data.metric_after_max_chars)
                 or _clause_object(sent, at, end, data) or (None if lone else m))  # `每年可增加约16亿元收入`
            purposes = tuple(data.purpose_openers)  # (收入 is tagged a verb)
            if lone and m and (norm(m).startswith(purposes) or norm(sent.text[end:end + 4]).startswith(purposes)):
                m = None  # `亦預留1.35億元資助的士業界`, `安排450亿元支持…发展`: what the sum is for, no measure
            if m is None:
                return dataclasses.replace(c, metric=None, metric_norm=None)
    else:
        end = at + (c.char_end - c.char_start)
        m = _object_after(m, sent, at, end, data) or (
            c.kind == "money" and HAN_RUN.match(sent.text, end) and not sent.text[end:].lstrip(" *的").startswith(m)
            and _verb_before(sent.text, at, data)
            and _clause_object(sent, at, end, data)) or _counted_nouns(m, sent, end)
    bare = _FIGURE_AT_END.sub("", _FIGURE_AT_START.sub("", m)).lstrip("、和及与或")
    if _ONLY_FIGURE.fullmatch(bare):  # `（4,301,051.55）也居全球首位`: digits of a figure read as no claim
        return dataclasses.replace(c, metric=None, metric_norm=None)
    m = bare if len(bare) >= 2 else m
    if (c.subject_norm is not None and m == c.subject_norm) or (len(m) == 1 and not noun_words(m)):
        # `北京（22.04%）、上海（16.43%）`: the name the figure is bracketed after is whom it is about,
        # no measure; nor is a word of one character that is no noun (`有`, `或`)
        return dataclasses.replace(c, metric=None, metric_norm=None)
    if m == c.metric_norm:
        return c
    raw = c.metric or ""
    k = norm(raw).find(m) if raw else -1
    return dataclasses.replace(c, metric=raw[k:k + len(m)] if k >= 0 and len(norm(raw)) == len(raw) else m,
                               metric_norm=m)


def _counted_nouns(m: str, sent: Any, end: int) -> str:
    """`65万仓库继续稳居榜首` -> 仓库: a metric read after the figure ends where a verb follows its
    nouns (by jieba's tags) and no noun follows the verb."""
    if not sent.text[end:].lstrip(" *的").startswith(m):
        return m
    words_in, nouns = tagged(m), words_noun_tags()
    # (a verb before a noun is inside a compound: 制造业|创新|中心)
    k = next((i for i, (_, f) in enumerate(words_in) if i > 0 and f == "v"
              and (i + 1 == len(words_in) or words_in[i + 1][1] not in nouns)), 0)
    if k == 0 or not all(f in nouns for _, f in words_in[:k]):
        return m
    cut = "".join(w for w, _ in words_in[:k])
    return cut if len(cut) >= 2 else m


_DIGIT = regex.compile(r"\d")
_OBJECT_GAP = regex.compile(r"[\s共合约近逾超过达至少多]*")
_BEFORE_NEXT_FIGURE = regex.compile(r"[^（(\d]*")


def _object_after(m: str, sent: Any, at: int, end: int, data) -> str | None:
    """`政府可于未来5年减省共约62亿元开支`, `削减约1万个职位`, `带来15亿至20亿港元收入`: a figure
    between a verb of doing and the noun that ends its clause counts or prices that noun (the
    verb's object), which is the measure; what was read before the figure is the verb phrase."""
    tokens = tagged(m)
    if tokens and tokens[-1][0] in data.object_means and len(tokens) > 1:
        return _clause_object(sent, at, end, data)  # `美国以43.5万开发者…领先`: the means counted
    if not tokens or tokens[-1][1] not in data.object_verb_tags or tokens[-1][0] in data.change_verbs:
        return None
    verb = tokens[-1][0]  # (the metric may have lost a time phrase: `可于未来5年减省`)
    k = sent.text.rfind(verb, 0, at)
    if k < 0:
        return None
    gap = sent.text[k + len(verb):at]  # a change verb stripped from the metric, a qualifier
    gap = gap[_OBJECT_GAP.match(gap).end():] if gap else gap
    if gap and (len(gap) > 4 or gap.startswith(tuple(data.level_verbs))
                or not all(f in data.object_verb_tags for _, f in tagged(gap))):
        return None  # (`营收保持20%以上增长`: the figure is the level the measure stands at)
    return _clause_object(sent, at, end, data)


def _verb_before(text: str, at: int, data) -> bool:
    """A verb right before the figure (past a qualifier: `可增加约`), not one of standing at a level
    (`达到`, `突破`, `保持`: a noun after such a figure is a milestone or a level, `…大关`, `…水平`)."""
    head = text[max(0, at - 12):at]
    gap = len(head) - len(head.rstrip("共合约近逾超过达至少多 "))
    tokens = tagged(head[:len(head) - gap]) if len(head) > gap else ()
    return bool(tokens) and tokens[-1][1] in data.object_verb_tags and tokens[-1][0] not in data.level_verbs


def _clause_object(sent: Any, at: int, end: int, data) -> str | None:
    """The noun that follows the figure at `at`..`end` to its clause's end (see `_object_after`)."""
    clause_end = min((ce for cs, ce in sent.clauses if cs <= at < ce), default=len(sent.text))
    tail = _BEFORE_NEXT_FIGURE.match(sent.text, end, clause_end).group().strip(" *。")  # `开发者（占比…`
    words_after = tagged(tail) if tail else ()
    de = max((i for i, (w, _) in enumerate(words_after) if w == "的"), default=-1)
    if de >= 0:  # `3000个遍布全港的高速充电桩`: the noun after the last 的 (a word: not 的士)
        words_after = words_after[de + 1:]
    nouns = words_noun_tags()
    run = 1  # the nouns that open the rest: `16万辆电动车使用`, `65万仓库继续稳居榜首`, `开支或资源`
    heads = cues().measure_heads_tagged_verb  # (`7000億元借款上限`: 上限 is tagged a verb)
    while run < len(words_after) and (words_after[run][1] in nouns or words_after[run][0] in heads or (
            words_after[run][0] in data.object_joiners and run + 1 < len(words_after))):
        run += 1
    words_after = words_after[:run]
    tail = "".join(w for w, _ in words_after)
    if not (2 <= len(tail) <= data.metric_after_max_chars) or not HAN_RUN.fullmatch(tail) \
            or words_after[0][1] in data.object_not_opening_tags or tail.startswith(tuple(data.purpose_openers)):
        return None
    return tail


@cache
def compiled(pattern: str) -> regex.Pattern[str]:
    """A pattern of data/attribution.yaml, compiled once."""
    return regex.compile(pattern)


def breakdown_sentences(sentences: list[tuple[int, str]], data) -> frozenset[int]:
    """The sentences of a breakdown: one that opens with its cue (`分产业看，…`), and those that
    continue it after a `；` in its paragraph (`…；第二产业投资54596亿元，…；第三产业投资…`)."""
    opener, ends = compiled(data.breakdown_opener), tuple(data.continuation_ends)
    found: set[int] = set()
    for i, (para, text) in enumerate(sentences):
        if opener.match(text) or (i - 1 in found and sentences[i - 1][0] == para
                                  and sentences[i - 1][1].rstrip().endswith(ends[:2])):
            found.add(i)
    return frozenset(found)


@cache
def _industry_pattern(endings: tuple[str, ...], measures: tuple[str, ...]) -> regex.Pattern[str]:
    alt = lambda ws: "|".join(map(regex.escape, sorted(ws, key=len, reverse=True)))  # noqa: E731
    return regex.compile(rf"(?P<group>[^，,；;。]{{0,12}}?(?:{alt(endings)}))(?P<measure>{alt(measures)})")


def industry_split(c: Claim, before: str | None, data) -> tuple[Claim, str | None]:
    """`国有控股企业增加值`: the group is the subject, the measure the metric; `制造业` alone after
    such a claim takes its measure. Returns the claim and the measure it states (for the next)."""
    m = c.metric_norm
    if not m or c.origin == "table":
        return c, None
    pattern = _industry_pattern(tuple(data.industry_group_endings), tuple(data.industry_measures))
    found = pattern.fullmatch(m)
    endings = tuple(data.industry_group_endings)
    if found and found.group("group") not in data.industry_measures and (
            c.subject_norm in (None, found.group("group")) or c.subject_norm.endswith(endings)):
        # (a later group, `集体企业`, given the measure phrase of the one before: its own measure)
        group, measure = c.subject_norm or found.group("group"), found.group("measure")
        return dataclasses.replace(c, subject=group, subject_norm=group, metric=measure, metric_norm=measure), measure
    if before and c.subject_norm is None and m.endswith(endings) and "、" not in m[:1]:
        return dataclasses.replace(c, subject=m, subject_norm=m, metric=before, metric_norm=before), before
    kinds = tuple(data.breakdown_measures)
    own = next((k for k in kinds if m.endswith(k) and len(m) > len(k)), None)
    if own:  # `分类别看，食品烟酒价格…`: the measure each later kind takes
        return c, own
    if before is not None and before in kinds and c.subject_norm is None and 2 <= len(m) <= 8 and not m.endswith(
            tuple(data.industry_measures) + kinds):
        return dataclasses.replace(c, metric=m + before, metric_norm=m + before), before  # `衣着上涨1.3%`
    return c, None


@cache
def _milestone_measure(verbs: tuple[str, ...]) -> regex.Pattern[str]:
    alt = "|".join(map(regex.escape, sorted(verbs, key=len, reverse=True)))
    return regex.compile(rf"\s*(?P<measure>\p{{Han}}{{2,12}}?)(?:连续|累计|接连|先后)?(?:{alt})")


@cache
def _change_gap(changes: tuple[str, ...]) -> regex.Pattern[str]:
    alt = "|".join(map(regex.escape, sorted(changes, key=len, reverse=True)))
    return regex.compile(rf"[、，,\s]*(?:较[^，,、。；]{{1,12}}?)?(?:年均|同比|累计|净)?(?:{alt})[了约近超过逾达]*\s*")


def milestones(c: Claim, sent: Any, at: int, data) -> Claim:
    """`迈上4个万亿元台阶`: a count of milestones measures the milestone it names after it."""
    if c.kind != "count" or c.origin == "table":
        return c
    end = at + (c.char_end - c.char_start)
    found = _milestone_after(tuple(data.milestone_nouns)).match(sent.text, end)
    return dataclasses.replace(c, metric=found.group(), metric_norm=found.group()) if found else c


@cache
def _milestone_after(nouns: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile(rf"\p{{Han}}{{0,6}}?(?:{'|'.join(map(regex.escape, nouns))})")


def measure_before(c: Claim, before: Claim, sent: Any, at: int, data) -> Claim:
    """A figure whose metric names no measure of its own takes that of the figure before it in its
    sentence: a comparison alone (`…35.5万人次，按年上升63%`), an adverb or time word
    (`…，一度低见101.53`); a rate word is that measure's rate (`…增长6.5%，增速比上月回落…`); a share
    noun alone is that measure's share of the whole its clause names (`民间投资88053亿元，增长6.9%，
    占全部投资的比重为61.0%` -> 民间投资占全部投资的比重)."""
    m, prior = c.metric_norm, before.metric_norm
    if not prior:
        return c
    base = sent.passage.char_start
    if prior.endswith(tuple(data.milestone_nouns)) and (m is None or m == prior):
        # `地区生产总值连续迈上4个万亿元台阶、达14.2万亿元`: the level of the measure that passed them
        cs = max((s for s, _ in sent.clauses if s <= before.char_start - base), default=0)
        passed = _milestone_measure(tuple(data.milestone_verbs)).match(sent.text, cs, before.char_start - base)
        if passed:
            return dataclasses.replace(c, metric=passed.group("measure"), metric_norm=passed.group("measure"))
    if m is None and _change_gap(tuple(data.change_verbs)).fullmatch(sent.text, before.char_end - base, at):
        return dataclasses.replace(c, metric=before.metric, metric_norm=prior)  # `…3万亿元、年均增长5.2％`
    if (m in data.comparison_only_metrics and prior not in data.comparison_only_metrics) \
            or m in data.no_measure_words or (m is not None and time_words(m)):
        return dataclasses.replace(c, metric=before.metric, metric_norm=prior)
    if m is None:
        return c
    if m in data.rate_words and prior not in data.rate_words:
        rate = prior if prior.endswith(m) else prior + m
        return dataclasses.replace(c, metric=rate, metric_norm=rate)
    if m in cues().share_nouns:
        cs = max((s for s, _ in sent.clauses if s <= at), default=0)
        share = regex.match(rf"\s*(?P<whole>(?:{'|'.join(data.share_verbs_before)})[^，,；;。]{{2,16}}?{m})",
                            sent.text[cs:at])
        if share and share.group("whole") not in prior:
            metric = prior + share.group("whole")
            return dataclasses.replace(c, metric=metric, metric_norm=metric)
    return c


@cache
def _topic_clause(markers: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile(rf"\s*(?:{'|'.join(map(regex.escape, markers))})\s*[「“\"《](?P<name>[^」”\"》]{{2,24}})[」”\"》]")


def topic_subject(c: Claim, sent: Any, at: int, data) -> Claim:
    """`至于「公共交通费用补贴计划」，经检讨后，…门槛由400元提高至500元`, `针对「二元优惠计划」调整，…`:
    a clause of the sentence that opens with a topic marker and a quoted name makes that name the
    subject of the figures after it that have none."""
    if c.origin == "table":
        return c
    metric = c.metric_norm or ""
    facility = _facility_at_head(metric, data) if metric else None
    if facility is not None:  # `西安咸阳国际机场旅客超4850万人次`
        measure = metric[len(facility):]
        return dataclasses.replace(c, subject=facility, subject_norm=facility, metric=measure, metric_norm=measure)
    lead = compiled(data.bold_lead_name).match(sent.passage.text) if (
        c.origin == "list" and "**" in sent.passage.text) else None
    if lead is not None:  # `- **Python**以 54 万开发者紧随其后`
        return dataclasses.replace(c, subject=lead.group("name"), subject_norm=norm(lead.group("name")))
    on = _platform(sent, at, data) if "上" in sent.text else None
    if on is not None:
        changes: dict[str, Any] = {"subject": on, "subject_norm": norm(on)}
        if c.metric_norm and c.metric_norm.endswith("上"):  # `覆盖了GitHub上1200万活跃开发者`: what is counted
            after = _nouns_after(sent.text, at + (c.char_end - c.char_start), data.metric_after_max_chars)
            changes.update(metric=after, metric_norm=after)
        return dataclasses.replace(c, **changes)
    if not any(w in sent.text for w in data.topic_markers):
        return _owner_at_head(c, sent, at, data)
    pattern = _topic_clause(tuple(data.topic_markers))
    for cs, _ in sent.clauses:
        if cs >= at:
            break
        found = pattern.match(sent.text, cs, at)
        if found:
            name = norm(sent.passage.text[found.start("name"):found.end("name")])
            return dataclasses.replace(c, subject=sent.passage.text[found.start("name"):found.end("name")],
                                       subject_norm=name)
    return _owner_at_head(c, sent, at, data)


def _facility_at_head(metric: str, data) -> str | None:
    """The facility named after its place that `metric` opens with (`宁波舟山港` of
    `宁波舟山港集装箱吞吐量`), when nouns measuring it follow; None otherwise."""
    places = _all_place_names()
    for n in range(2, min(len(metric), 5)):
        if metric[:n] not in places:
            continue
        for k in range(n, min(len(metric), n + data.facility_name_max_extra) + 1):
            end = next((w for w in data.facility_endings if metric.startswith(w, k)), None)
            if end is None:
                continue
            facility, rest = metric[:k + len(end)], metric[k + len(end):]
            if len(rest) >= 2 and noun_words(rest) and rest[0] not in "口区":
                return facility
            return None
    return None


def _platform(sent: Any, at: int, data) -> str | None:
    """The platform a clause before the figure opens on (`在 Gitee 平台上，`), or that the figure
    is counted on (`GitHub 上 1200 万`)."""
    right_before = compiled(data.platform_before_figure).search(sent.text, max(0, at - 40), at)
    if right_before:
        return right_before.group("name")
    frame = compiled(data.platform_frame)
    for cs, _ in sent.clauses:
        if cs >= at:
            break
        found = frame.match(sent.text, cs, at)
        if found:
            return found.group("name")
    return None


@cache
def _owner_head(skip: str, owners: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile(rf"\s*(?:{skip})*(?P<owner>{'|'.join(map(regex.escape, owners))})的?")


def _owner_at_head(c: Claim, sent: Any, at: int, data) -> Claim:
    """`政府债务与本地生产总值的比率，将维持在12%至16.5%`, `2024/25年度政府开支与预算相若，整体开支的
    修订预算为7548亿元`: an owner word (`政府`) at the head of the figure's clause or of the clause
    before it, followed by what it owns rather than by a verb of its acts (`政府会…`, `政府于…提出`),
    is the subject."""
    if not any(w in sent.text for w in data.own_clause_subjects):
        return c
    pattern = _owner_head("".join(data.owner_head_skip.split()), tuple(data.own_clause_subjects))
    spans = [span for span in sent.clauses if span[0] < at][-2:]
    for cs, ce in reversed(spans):
        found = pattern.match(sent.text, cs, min(ce, at))
        if found is None or (ce <= at and _DIGIT.search(sent.text, found.end(), ce)):
            continue  # (a clause before with a figure of its own has its own measure)
        rest = tagged(sent.text[found.end():min(ce, at)][:8])
        if sent.text.startswith(tuple(data.reporting_after_subject), found.end()):
            return c  # `政府消息人士表示，…`: the source
        after = sent.text[found.end():min(ce, at)]
        if rest and rest[0][0] not in data.subject_cut_before and not after.startswith(tuple(data.owner_acts)) \
                and rest[0][1] not in ("p", "d", "c", "m", "t"):
            owner = found.group("owner")
            return dataclasses.replace(c, subject=sent.passage.text[found.start("owner"):found.end("owner")],
                                       subject_norm=owner)
    return c


def restated(c: Claim, earlier: Claim | None) -> Claim:
    """The claim, with the subject of the same figure stated earlier in its paragraph with the
    same measure (`平度假睫毛产业带则投资5亿元…。投资5亿建设…`): one claim said twice."""
    if earlier is None or earlier.metric_norm != c.metric_norm or c.metric_norm is None:
        return c
    return dataclasses.replace(c, subject=earlier.subject, subject_norm=earlier.subject_norm)
