"""Word-level readings of short phrases for attribution: whether a phrase is all nouns, the run
of nouns at its end, the names of places and countries (a place's measure is about it), a
`分别` list's measures spread over its figures, and small readings of the claims and sentences
already read. Word tags: jieba's dictionary; names: data/places.tsv and data/countries.tsv.
"""

from __future__ import annotations

import dataclasses
from functools import cache, lru_cache
from typing import Any

import regex
import rjieba

from qdextract.extract.attribution.words import words
from qdextract.models import Claim
from qdextract.text.blocks import without_inline_markup
from qdextract.text.normalize import norm
from qdextract.text.segment import cut_words, jieba_modules, word_bounds
from qdextract.zh.lexicon import places
from qdextract.zh.rules import data_text

HAN_RUN = regex.compile(r"\p{Han}+")  # a run of Han characters, whole


@lru_cache(maxsize=4096)
def all_nouns(phrase: str, noun_tags: frozenset[str]) -> bool:
    """Every word of `phrase` is a noun by jieba's tags (核心装置; not 引入亚马逊)."""
    _, posseg = jieba_modules()
    return all(tok.flag in noun_tags for tok in posseg.lcut(phrase))


@lru_cache(maxsize=65536)
def noun_tail(phrase: str, noun_tags: frozenset[str]) -> str:
    """The longest run of noun words at the end of `phrase` (零售额 of 品牌带动农村网络零售额):
    the walk back stops at a verb, a preposition or any other non-noun word jieba knows."""
    _, posseg = jieba_modules()
    tags = posseg.dt.word_tag_tab
    keep: list[str] = []
    for tok in reversed(cut_words(phrase)):
        tag = tags.get(tok)
        if not HAN_RUN.fullmatch(tok):
            break
        # a lone character's tag says little (率 of 复购率); words jieba does not know are names
        if len(tok) > 1 and tag is not None and tag not in noun_tags:
            break
        keep.append(tok)
    return "".join(reversed(keep))


@cache
def autonomous_regions() -> frozenset[str]:
    """Short names of the provinces that are autonomous regions (广西壮族自治区 -> 广西): their reports
    call the whole region `全区`."""
    full = [r["name"] for r in places() if r["level"] == "province" and r["form"] == "full"]
    shorts = [r["name"] for r in places() if r["level"] == "province" and r["form"] == "short"]
    return frozenset(s for s in shorts if any(f.startswith(s) and f.endswith("自治区") for f in full))


@cache
def place_and_country_names() -> frozenset[str]:
    rows = (ln.split("\t")[0] for ln in data_text("countries.tsv").splitlines() if ln and not ln.startswith("#"))
    return frozenset(rows) | frozenset(r["name"] for r in places())


_ITEMS = regex.compile(r"[、和及与]")


def distribute_fenbie(claims: list[Claim]) -> list[Claim]:
    """`战略性新兴产业和高技术制造业增加值年均增长8%、7.2%`: figures of one `分别` list (or a list
    of figures after one) that were all given the whole listed measure each take their own item,
    the earlier items with the measure word the last one ends in (战略性新兴产业增加值)."""
    out = list(claims)
    i = 0
    while i < len(out):
        c = out[i]
        j = i + 1
        while j < len(out) and out[j].passage_id == c.passage_id and out[j].metric_norm == c.metric_norm:
            j += 1
        m = c.metric_norm
        if j - i >= 2 and m and c.origin != "table" and _listed(out[i:j]):
            items = [x for x in _ITEMS.split(m) if x]
            if len(items) == j - i and all(len(x) >= 2 for x in items):
                words = rjieba.cut(items[-1])
                tail = words[-1] if len(words) >= 2 and len(words[-1]) >= 2 else ""
                for k, item in enumerate(items):
                    own = item if k == len(items) - 1 or item.endswith(tail) else item + tail
                    out[i + k] = dataclasses.replace(out[i + k], metric=own, metric_norm=own)
        i = j
    return out


def completed_fenbie(claims: list[Claim]) -> list[Claim]:
    """A `分别` list whose items share a measure written once: after the last item
    (`科技型中小企业、高新技术企业数量分别增长3.2倍、2.5倍` -> 科技型中小企业数量) or before the first
    (`生产安全事故起数和死亡人数分别下降48.9%、54.3%` -> 生产安全事故死亡人数). A claim given only a
    part of its item's measure gets the whole; no other metric is touched."""
    out = list(claims)
    i = 0
    while i < len(out):
        c = out[i]
        text = c.sentence
        at = text.find(c.surface)
        cs = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, max(at, 0))), default=0)
        fb = text.rfind(_FENBIE, cs, at) if at >= 0 and c.origin != "table" else -1
        j, end = i + 1, at + len(c.surface)
        while fb >= 0 and j < len(out) and out[j].passage_id == c.passage_id:
            k = text.find(out[j].surface, end)
            if k < 0 or text[end:k].strip() not in ("、", "和", "及"):
                break  # the list of figures ends
            j, end = j + 1, k + len(out[j].surface)
        if fb >= 0 and j - i >= 2:
            for k, metric in enumerate(_item_measures(text, fb, j - i)):
                m, owner = out[i + k].metric_norm, out[i + k].subject_norm
                if metric and m and m in metric and m != metric and not (owner and metric.startswith(owner)):
                    # (`省属企业营收和利润分别居…`: 省属企业 is the subject, no part of the measure)
                    out[i + k] = dataclasses.replace(out[i + k], metric=metric, metric_norm=metric)
        i = j
    return out


_FENBIE = "分别"
_CLAUSE_BREAK = regex.compile(r"[，,；;：:。]")


def _item_measures(text: str, fenbie: int, n: int) -> list[str | None]:
    """Each item's measure of the list before `分别` at `fenbie`, or Nones."""
    cs = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, fenbie)), default=0)
    items = [x for x in _ITEMS.split(norm(text[cs:fenbie]).strip()) if x]
    if len(items) != n or any(len(x) < 2 for x in items):
        return [None] * n
    first, last = items[0], items[-1]
    shared = next((first[-k:] for k in range(len(first), 1, -1) if first[-k:] in last[:-1]), None)
    if shared:  # the measure follows the last item's own name
        after = last[last.index(shared) + len(shared):]
        return [x if x.endswith(after) else x + after for x in items] if len(after) >= 2 else [None] * n
    measures = industry_measures_longest_first()
    measure = next((w for w in measures
                    if last.endswith(w) and len(last) - len(w) >= 2 and len(last) - len(w) in word_bounds(last)), None)
    if measure and not any(x.endswith(tuple(measures)) for x in items[:-1]):
        # `新能源汽车、集成电路、工业机器人产量`: the measure the last item names is each one's
        return [x + measure for x in items[:-1]] + [last]
    first_words = rjieba.cut(first)
    if len(first_words) >= 2 and all(len(x) <= 4 and len(x) + 1 < len(first) for x in items[1:]):
        # the measure's owner precedes the first item, the longest
        head = "".join(first_words[:-1])
        return [first] + [x if x.startswith(head) else head + x for x in items[1:]]
    return [None] * n


@cache
def industry_measures_longest_first() -> tuple[str, ...]:
    return tuple(sorted(words().industry_measures, key=len, reverse=True))


def _listed(run: list[Claim]) -> bool:
    """The figures stand in one list: after `分别`, or each right after the one before and a joiner."""
    text = run[0].sentence
    at = text.find(run[0].surface)
    if at < 0:
        return False
    if "分别" in text[:at]:
        return True
    for prev, cur in zip(run, run[1:]):
        end = at + len(prev.surface)
        at = text.find(cur.surface, end)
        if at < 0 or text[end:at].strip() not in ("、", "和", "及"):
            return False
    return True


def claims_subject(out: list[Claim], passage_id: str) -> str | None:
    """The subject read for the last figure of a passage that has one (`全国…。其中，…`)."""
    return next((c.subject_norm for c in reversed(out) if c.passage_id == passage_id and c.subject_norm), None)


def continued_claims_subject(out: list[Claim], sents: list[Any], idx: int, continues: Any) -> str | None:
    """`claims_subject` of the passage sentence `idx` continues, or of the one before it when that
    one states no figure and goes on from it too: a clause list after `；` keeps its place past a
    clause without one (`全省地区生产总值增长5%左右…；居民收入增长与经济增长同步；粮食产量513万吨以上`)."""
    j = idx - 1
    while j > 0 and continues(sents, j) and not any(c.passage_id == sents[j].passage.passage_id for c in out[-64:]):
        j -= 1
    return claims_subject(out, sents[j].passage.passage_id)


def raw_of(sent: Any, lo: int, at: int, phrase_norm: str) -> str | None:
    """The raw characters of a normalized phrase found in sent.text[lo:at]."""
    k = sent.text.find(phrase_norm, lo, at)
    return without_inline_markup(sent.passage.text[k : k + len(phrase_norm)]) if k >= 0 else None


@lru_cache(maxsize=16384)
def tagged(phrase: str) -> tuple[tuple[str, str], ...]:
    """(word, tag) of jieba's dictionary, through rjieba (the same segmentation and tags, many
    times faster than jieba.posseg on a short phrase)."""
    return tuple(rjieba.tag(phrase))


def noun_at(tokens: tuple[tuple[str, str], ...], at: int) -> bool:
    """The word starting at character `at` is a noun by jieba's tag (not a verb: 建设筹集)."""
    k = 0
    for word, flag in tokens:
        if k == at:
            return flag not in ("v", "vn", "vd")
        k += len(word)
    return False


@cache
def words_noun_tags() -> frozenset[str]:
    return frozenset(words().metric_noun_tags)


@lru_cache(maxsize=16384)
def noun_words(phrase: str) -> bool:
    """Every word of `phrase` is a noun by jieba's dictionary tags (through rjieba)."""
    tags = words_noun_tags()
    return all(flag in tags for _, flag in tagged(phrase))


_SPAN_OF_TIME = regex.compile(r"[\d一二三四五六七八九十两几多]+(?:个)?(?:年|月|天|日|周|星期|季度)(?:来|间|内|里|中)?")


@lru_cache(maxsize=16384)
def time_words(phrase: str) -> bool:
    """`未来`, `去年`, `五年间`: a time word (by jieba's tags), with a localizer or adverb after it;
    `3年`, `两个月来`: a span of time."""
    if _SPAN_OF_TIME.fullmatch(phrase):
        return True
    tags = [flag for _, flag in tagged(phrase)]
    return bool(tags) and tags[0] == "t" and all(f in ("t", "f", "d") for f in tags[1:])


@lru_cache(maxsize=16384)
def lone_verb(phrase: str, verbs: tuple[str, ...]) -> bool:
    """`亦預留`, `下月回撥`: one of `verbs` after adverbs and time words alone (by jieba's tags)."""
    if not phrase.endswith(verbs):
        return False
    tokens = tagged(phrase)
    return tokens[-1][0] in verbs and all(f in _ADVERB_OR_TIME_TAGS for _, f in tokens[:-1])


_ADVERB_OR_TIME_TAGS = frozenset(("d", "f", "m", "t", "c", "p"))


def all_verbs(phrase: str) -> bool:
    return all(flag in ("v", "vd") for _, flag in tagged(phrase))


def place_opening(metric: str) -> tuple[str, str] | None:
    """(`陕西`, `进出口`) for `陕西进出口`: a place or country opening a measure of nouns, split
    where jieba's words end; `广州地铁` and the like are facilities, read before this."""
    bounds = word_bounds(metric)
    for k in range(min(6, len(metric) - 2), 1, -1):
        if k in bounds and metric[:k] in place_and_country_names() and noun_words(metric[k:]):
            return metric[:k], metric[k:]
    return None
