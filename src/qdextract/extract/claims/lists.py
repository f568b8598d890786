"""Lists: `分别` pairs each figure with its item; a listed `从A到B` shares its items."""


from __future__ import annotations

import re
from functools import cache

import rjieba

from qdextract.extract.attribution.nouns import industry_measures_longest_first
from qdextract.extract.attribution.phrases import _clause_subject
from qdextract.extract.claims.context import _modality
from qdextract.extract.claims.patterns import _patterns
from qdextract.extract.claims.sentence import _listed_with, _Reading, _Sentence, read_quoted_names
from qdextract.text.segment import word_bounds
from qdextract.zh.lexicon import (
    cues,
    places,
)

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
        if at < 0 and len(run) >= 2:
            _spread_shorthand(run)
        if at < 0 or len(run) < 2:
            continue
        last = run[-1]
        if last.end > last.q.end:  # `分别达2050万吨、4200万吨、19万吨以上`: 以上 holds for each
            for r in run[:-1]:
                if r.qualifier == "exact":
                    r.qualifier = last.qualifier
        head = read_quoted_names(sent, cs, at, attached=False)  # `专精特新“小巨人”、单项冠军企业`
        if not head.strip():  # `利得稅與薪俸稅收入依然保持平穩，分別為1777億元和880億元`
            head = _listed_nouns_before(sent, cs)
        head = _expanded_shorthand(head, len(run))  # `一、二、三产业增加值` -> 第一产业、第二产业、…
        yoy = _patterns().yoy_at_end.search(head)  # `…增加值同比分别增长`: the comparison is no part of it
        if yoy is not None and yoy.start() >= 2:
            head = head[:yoy.start()]
        subject = _clause_subject(sent, cs, at)
        if (subject and head.startswith(subject) and not _LIST_JOINERS.search(subject)
                and not _LIST_JOINERS.match(head, len(subject))):
            head = head[len(subject):]
        else:
            subject = None
        items = [x for x in _LIST_JOINERS.split(head) if x]
        if len(items) != len(run):  # `金融业、软件和信息服务业增加值`: a 和 inside an item
            items = [x for x in head.split("、") if x]
        if len(items) != len(run):
            if len(items) <= 1:
                _pair_with_run_before(sent, readings[:i - len(run)], run)
            continue
        last_name = _place_prefix(items[-1])
        if all(_place_prefix(x) == x for x in items[:-1]) and last_name:
            tail = items[-1][len(last_name):] or None
            for r, item in zip(run, items[:-1] + [last_name]):
                # no measure written after the places: none read from the list of them either
                named = r.metric is not None and any(x in r.metric for x in items[:-1] + [last_name])
                r.subject, r.metric = item, tail or (None if named else r.metric)
            continue
        prev = items[-2]
        tail = _tail_after_name(items[-1], prev)
        if not tail or items[-1][:len(prev)].endswith(("和", "及", "与")):
            # (`金融业、软件和信息服务业增加值`: the last item's name is no longer than the one before)
            tail = _measure_at_end(items)
        head_word = prev[max(b for b in word_bounds(prev) if b < len(prev)):]
        if len(head_word) >= 2 and head_word in items[-1]:
            # `先进制造业、高技术制造业增加值占…比重`: the items share what follows their last word
            tail = items[-1][items[-1].index(head_word) + len(head_word):]
            if tail.startswith(("和", "及", "与")):
                tail = ""  # (`…信用贷款、农村信用贷款与抵押贷款改革试点`: the word ends an item of its own)
        for r, item in zip(run, items):
            r.metric = item if item == items[-1] else item + tail
            r.subject = subject


def _tail_after_name(last: str, prev: str) -> str:
    """What the last listed item writes after its own name, the measure each item shares
    (`水果、蔬菜产量` -> 产量): after as many characters as the short name before it has, or, when
    that falls inside the last item's first word and that word is longer, after it
    (`人参、食用菌全产业链产值`)."""
    if len(prev) > 3:
        return ""
    bounds = word_bounds(last)
    first = min((b for b in bounds if b > 0), default=0)
    if len(prev) in bounds or not (len(prev) < first <= 4 and len(last) - first >= 2):
        return last[len(prev):]
    return last[first:]  # (a longer name than the one before: 食用菌|全产业链产值)


def _pair_with_run_before(sent: _Sentence, before: list[_Reading], run: list[_Reading]) -> None:
    """`接待国内游客4.16亿人次、入境游客936万人次，分别增长6.7%、39.6%`: a `分别` list whose clause names
    no items of its own pairs, in order, with the figures listed just before it, as many as it holds."""
    if len(before) < len(run):
        return
    listed = before[-len(run):]
    for a, b in zip(listed, listed[1:]):
        gap = sent.text[a.q.end:b.q.start]
        if not _LIST_JOINERS.search(gap) or any(ch in gap for ch in "，,；;。"):
            return
    metrics = [x.metric for x in listed]
    if None in metrics or len(set(metrics)) != len(metrics):
        return
    for r, x in zip(run, listed):
        r.metric = x.metric
        if x.subject:
            r.subject = x.subject


def _measure_at_end(items: list[str]) -> str:
    """The measure of an industry or product (`增加值`, `产量`) the last item ends in, at a word's end,
    when no earlier item ends in one: each item's (`金融业、软件和信息服务业增加值`)."""
    last, measures = items[-1], industry_measures_longest_first()
    if any(x.endswith(measures) for x in items[:-1]):
        return ""  # (`规上工业增加值、规上服务业营收`: each names its own)
    bounds = word_bounds(last)
    return next((m for m in measures if last.endswith(m) and len(last) - len(m) >= 2
                 and len(last) - len(m) in bounds), "")


def _spread_shorthand(run: list[_Reading]) -> None:
    """`城乡居民人均收入年均增长5.3％、7.7％`: figures listed without `分别` after one measure
    that names as many items by a shorthand each take their own item (城镇居民人均收入, …)."""
    metric = run[0].metric
    if not metric or any(r.metric != metric for r in run):
        return
    written = _expanded_shorthand(metric, len(run))
    if written != metric:
        for r, item in zip(run, written.split("、")):
            r.metric = item


def _listed_nouns_before(sent: _Sentence, cs: int) -> str:
    """What the clause before `cs` names before its predicate (its first adverb by jieba's tags:
    `依然`, `均`): the items of a `分别` list whose figures open their own clause."""
    if cs < 2 or sent.text[cs - 1] not in "，,":
        return ""
    pcs = sent.clause_start(cs - 1)
    out = ""
    for word, tag in rjieba.tag(sent.masked[pcs:cs - 1]):
        if tag == "d":
            return out if _LIST_JOINERS.search(out) else ""
        out += word
    return ""


def _expanded_shorthand(head: str, n: int) -> str:
    """The list head with a shorthand list written out, each item with the measure after it
    (`一、二、三产业增加值` -> `第一产业增加值、第二产业增加值、第三产业增加值`, `实际使用内外资` ->
    `实际使用内资、实际使用外资`), when it names as many
    items as there are figures."""
    for short, items in cues().list_shorthands.items():
        k = head.find(short)
        if k >= 0 and len(items) == n:
            tail = head[k + len(short):]  # what each item measures (增加值)
            lead = head[:k]  # what each item is a part of (`一般公共预算收支` -> 一般公共预算收入、…)
            return "、".join(lead + item + tail for item in items)
    return head


@cache
def _place_names() -> frozenset[str]:
    return frozenset(row["name"] for row in places()) | frozenset(cues().subject_names)


def _place_prefix(item: str) -> str:
    """The longest place name `item` opens with (`潍坊直播电商交易额` -> 潍坊), '' when none."""
    names = _place_names()
    return next((item[:k] for k in range(min(len(item), 8), 1, -1) if item[:k] in names), "")


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


_RANK_FOR_ALL = ("均", "都")


def _rank_of_figures_before(sent: _Sentence, readings: list[_Reading]) -> None:
    """A rank whose clause names no measure ranks the measure of the figure before it
    (`研发投入强度2.61%、居中国西部第1`); after `均` it ranks each of the figures listed before it,
    and its measure joins theirs (`研发人员达159万人、高技能人才达843万人，均居全国首位`). A streak
    (`连续47年`) tells how long the rank was held, not what is ranked."""
    streak = tuple(cues().streak_markers)
    for i, r in enumerate(readings):
        if not r.rank_of_before:
            continue
        before = [x for x in readings[:i] if not sent.text.endswith(streak, 0, x.q.start)]
        if not before or not before[-1].metric:
            continue
        run = [before[-1]]
        if sent.masked[sent.clause_start(r.q.start):r.q.start].lstrip().startswith(_RANK_FOR_ALL):
            for x in reversed(before[:-1]):
                gap = sent.text[x.q.end:run[0].q.start]
                if "、" not in gap or any(ch in gap for ch in "，,；;。") or not x.metric:
                    break
                run.insert(0, x)
        r.metric = "、".join(dict.fromkeys(x.metric for x in run if x.metric))
