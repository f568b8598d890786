"""One figure's reading: qualifier, direction, value role, from-value, base period."""


from __future__ import annotations

import re
from functools import cache

from qdextract.extract.attribution.phrases import (
    _last_word_match,
    _metric,
    _metric_after,
    record_holder_before,
    topic_noun_before,
)
from qdextract.extract.claims.patterns import _alt, _patterns
from qdextract.extract.claims.sentence import (
    _COMPARED_ADJ,
    _action_noun_verb,
    _bare_unit,
    _from_marker_start,
    _listed_with,
    _rate_unit,
    _Reading,
    _Sentence,
    _strip_qualifier,
)
from qdextract.models import Quantity
from qdextract.text.segment import word_bounds
from qdextract.zh.lexicon import (
    cues,
)


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
    if r.kind == "rank":  # `跃居全国第一`: the words that place a rank are no measure and no change
        before = _without_rank_words(before)
        own = _after_figures(sent, before, cs)
        if prev is not None and prev.q.end == cs + len(before):
            # `区域创新能力连续9年全国第一`: the streak before the rank is how long it was held
            head = before[:prev.q.start - cs]
            marker = next((w for w in c.streak_markers if head.endswith(w)), None)
            if marker is not None:
                before = own = _after_figures(sent, head[:-len(marker)], cs)  # the measure after any figure before it
        # `森林覆盖率达65.85%、连续47年居全国首位`, `…，均居全国首位`: of the figures before it
        own = own.rstrip("、，,； ")
        r.rank_of_before = not listed and (not own or p.rank_scope.fullmatch(own) is not None)
    _read_direction(sent, r, before, cs)
    relative_base(sent, r, cs)
    if r.direction is None and listed and prev is not None:
        r.direction, r.value_role = prev.direction, prev.value_role
    if r.value_role == "change" and r.direction == "increase" and q.value is not None and q.value < 0:
        r.direction = "decrease"  # `同比增长-3.5%`: a negative growth is a fall
    head = sent.masked[cs:q.start]
    r.yoy = bool(p.yoy.search(head)) or (listed and prev is not None and prev.yoy)
    r.metric = _metric(sent, r, before, cs, prev)
    if r.kind == "count" and before.endswith(c.grouping_classifiers) and _grouped_by_kind().search(before):
        r.metric = _metric_after(sent, r) or r.metric  # `实施10大类60项民生实事项目`: the projects
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
        # `同比增长38%`: the measure of the clause before; of a record said in between, its holder
        r.metric = record_holder_before(sent, cs) or prev.metric
    streak = _streak_metric(sent, r, before)
    rate_noun = (next(w for w in c.rate_nouns if r.metric.endswith(w))
                 if r.metric and r.metric.endswith(tuple(c.rate_nouns)) else None)
    if streak:
        r.metric = streak
    elif rate_noun is not None and r.metric is not None and r.kind == "percent":
        # `年均增速6%左右`: the rate of change of the measure named (or of the one before)
        if r.direction is None:
            r.direction, r.value_role = c.rate_nouns[rate_noun], "change"
        base = r.metric[:-len(rate_noun)]
        # (of the figure before, unless that one is a share: `约占全市电商从业人员的40%，年均增速6%`)
        before_metric = prev.metric if prev is not None and prev.metric and not (
            prev.metric.startswith(c.share_verbs) or prev.metric.endswith(c.share_nouns)) else sent.first_metric
        r.metric = base if len(base) >= 2 else (before_metric or r.metric)
    elif r.metric in c.metric_stock_words and prev is not None and prev.metric and r.metric not in prev.metric:
        flow = _last_word_match(p.flow_verb_any, prev.metric)
        head = prev.metric[flow.end():] if flow is not None and flow.start() == 0 else prev.metric
        # `新增境内外上市公司45家、总量达1224家`: 境内外上市公司总量; the total of a measure with no
        # flow before it is the measure (`一般公共预算收入增长4.6%，总量首次突破1900亿元`)
        r.metric = head if flow is None and r.metric in c.metric_total_words else head + r.metric
    if r.metric and "、" in r.metric:
        r.metric = _head_shared(r.metric)
    if r.metric is None and (prev is None or prev.q is r.from_q):
        r.metric = topic_noun_before(sent, cs)  # `飛機乘客離境稅，由120元增加至200元`
    if sent.first_metric is None:
        sent.first_metric = r.metric
    return r


_RANK_LINKS = ("均", "也", "仍", "都", "已", "继续")


@cache
def _grouped_by_kind() -> re.Pattern[str]:
    """A figure with a classifier that groups what the next count counts, at the end (`10大类`, `新一批`)."""
    return re.compile(rf"[\d一二三四五六七八九十两]+(?:{_alt(cues().grouping_classifiers)})$")


@cache
def _rank_words() -> tuple[str, ...]:
    c = cues()
    return tuple(sorted((w for w in c.rank_before + _RANK_LINKS if not w.startswith(tuple(c.direction))),
                        key=len, reverse=True))


def _head_shared(listed: str) -> str:
    """`动力电池、储能电池出货量稳居全球第一`: one figure of listed items whose measure is written once,
    after the last, is of each item's measure (动力电池出货量、储能电池出货量). The words the last item
    shares with the end of the one before it (电池) mark where the shared measure starts."""
    items = listed.split("、")
    if len(items) < 2 or not all(items):
        return listed
    prev, last = items[-2], items[-1]
    # the longest end of the item before that the last holds, ending at one of its words' ends
    bounds = word_bounds(last)
    ends = [k for k in range(len(prev) - 2, -1, -1) if prev[k:] in last
            and last.index(prev[k:]) + len(prev) - k in bounds]
    if not ends:
        return listed
    head = prev[ends[-1]:]
    tail = last[last.index(head) + len(head):]
    if len(tail) < 2 or tail.startswith(("和", "及", "与")) or any(x.endswith(tail) for x in items[:-1]):
        return listed
    return "、".join([x + tail for x in items[:-1]] + [last])


def _after_figures(sent: _Sentence, before: str, cs: int) -> str:
    """The words of `before` (the clause from `cs`) after the last figure in it."""
    last = max((t.end for t in sent.quantities if cs <= t.start and t.end <= cs + len(before)), default=cs)
    return before[last - cs:].lstrip("、，, ")


def _without_rank_words(before: str) -> str:
    """`高铁运营总里程…、跃居全国` -> `高铁运营总里程…、`: the words before a rank that place it
    (`居`, `全国`), not those that state a change (`升至`)."""
    words = _rank_words()
    while True:
        word = next((w for w in words if before.endswith(w)), None) if before.endswith(words) else None
        if word is None:
            return before
        before = before[:-len(word)]


# Comparisons with an earlier time of the same thing are changes, not differences.
_RELATIVE_PERIODS = ("上年", "去年", "同期", "上月", "上季度")


def _read_direction(sent: _Sentence, r: _Reading, before: str, cs: int) -> None:
    """direction, value_role, from-value and base period from the words before the figure."""
    p, c = _patterns(), cues()
    own_verb = (next(w for w in c.figure_verbs if r.q.text.startswith(w))
                if r.q.text.startswith(tuple(c.figure_verbs)) else None)
    if own_verb is not None:  # `翻了两番`: the figure states the change itself
        r.direction, r.value_role = c.figure_verbs[own_verb], "change"
    m = p.verb_at_end.search(before)
    if m is not None and _action_noun_verb(m, r):
        return  # `农房风貌提升26.4万户`: 提升 belongs to the action counted, no change is stated
    if m is not None:
        r.direction = c.direction[m.group("verb")]
        # (`整合为123个`: the 为 was read as the figure's qualifier word)
        leveled = (m.group("level") is not None or m.group("verb")[-1] in "至到"
                   or sent.text.startswith(c.level_after_verb, r.start, r.q.start))
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
            _base_of_difference(sent, r, before, cs)
            return
        gap = p.difference.search(before)
        if gap is not None:
            r.direction = c.difference_verbs[gap.group("verb")]
            r.value_role = "difference"
            _base_of_difference(sent, r, before, cs)
            return
    # 较2023年上涨120%: a change against a base period; 较真人主播延长40%: a difference.
    compared = p.compared.search(before)
    if compared is None:
        return
    years = [t for t in sent.quantities
             if t.role_hint in ("year", "period") and cs + compared.start() <= t.start < r.q.start]
    if years:
        r.base_period, r.base_start = years[0].period, years[0].start
    elif r.direction is not None and not any(w in compared.group("object") for w in _RELATIVE_PERIODS):
        r.value_role = "difference"
        r.subject = _counterpart(sent, cs + compared.start(), compared.group("object"))


@cache
def _relative_base() -> re.Pattern[str]:
    """A base named relative to the figure's own time (`比上月`, `比上年同月`, `环比`): `last` is the
    period just before, `year` the same period a year earlier (words: data/cues.yaml)."""
    c = cues()
    return re.compile(rf"(?:{_alt(c.relative_base_markers)})(?:(?P<year>{_alt(c.relative_base_year_before)})"
                      rf"|(?P<last>{_alt(c.relative_base_period_before)}))|(?P<chain>{_alt(c.relative_base_chained)})")


def relative_base(sent: _Sentence, r: _Reading, cs: int) -> None:
    """`比上月回落1.1个百分点`, `比上年同月加快0.5个百分点`, `环比下降0.4%`: the base, relative to the
    figure's own time (worked out when that time is known)."""
    if r.base_period is not None:
        return
    found = None
    for m in _relative_base().finditer(sent.masked, cs, r.q.start):
        found = m
    if found is not None:
        r.base_relative = "year" if found.group("year") else "last"


def _base_of_difference(sent: _Sentence, r: _Reading, before: str, cs: int) -> None:
    """`比1-2月份加快1.5个百分点`, `比上年四季度加快0.3个百分点`: a gap to a time is against that
    base period."""
    compared = _patterns().compared.search(before)
    if compared is not None:
        t = next((t for t in sent.quantities if t.role_hint in ("year", "period")
                  and cs + compared.start() <= t.start < r.q.start), None)
        if t is not None:
            r.base_period, r.base_start = t.period, t.start


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
    if "□" in achieved:  # a quoted word inside (`实现“双提升”`) is part of it; a titled name is not
        raw = sent.text[r.end:r.end + len(achieved)]
        if "《" in raw or "□" in raw:
            return None
        achieved = raw
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


def _find_from(sent: _Sentence, r: _Reading, before_verb: str, cs: int) -> None:
    """`从15天压缩至7天`: the figure right before the verb, after 从/由, is the from-value. A clause
    that opens with the verb (and an adverb) goes on from the clause before: `由300万元，提高至400万元`,
    `由本财年结束的6473亿元，进一步下降至…`."""
    p = _patterns()
    verb_at = cs + len(before_verb)
    if cs > 0 and len(before_verb.strip()) <= _ADVERB_MAX and not _DIGIT.search(before_verb):
        cs = sent.clause_start(cs - 1)
    candidates = [t for t in sent.quantities
                  if cs <= t.start and t.end <= verb_at and t.kind == r.q.kind and t.role_hint is None]
    if not candidates:
        return
    a = candidates[-1]
    # `从209元、280元提高到…`: the marker stands before the head of a listed run.
    head = _listed_with(sent.quantities, sent.quantities.index(a), -1, sent.text,
                        lambda q: q.end, lambda q: q.start)[0]
    lead = _without_times(sent, cs, head.start)  # `由2025/26年度约24.4%`: a time between
    if p.from_marker.search(lead) is None:
        return
    gap = sent.text[a.end:verb_at]
    if len(gap) > 8:
        return
    r.from_q = a
    k = _from_marker_start(lead)
    r.start = min(r.start, cs + k) if k is not None else head.start  # surface from 从 to the figure


_ADVERB_MAX = 3  # `进一步`, `逐步`, `再`: what may stand between a clause's start and its verb
_DIGIT = re.compile(r"\d")


def _without_times(sent: _Sentence, start: int, end: int) -> str:
    """The masked text from `start` to `end` with the digits of its time phrases blanked."""
    text = sent.masked[start:end]
    for t in sent.quantities:
        if t.role_hint in ("year", "period", "date") and start <= t.start and t.end <= end:
            text = text[:t.start - start] + "□" * (t.end - t.start) + text[t.end - start:]
    return text
