"""Metric and subject of a figure, read from its own sentence (the grammar's pass; `document` refines them with the entities)."""


from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from qdextract.extract.attribution.bounded import sized_name, suffix_inside_word, threshold_group
from qdextract.extract.attribution.document import is_back_reference
from qdextract.extract.attribution.nouns import tagged
from qdextract.extract.attribution.relative_years import without_relative_years
from qdextract.extract.attribution.topics import (
    aside,
    chain_break_clauses,
    one_of_listed_topics,
    opens_own_topic,
    opens_with_a_kind,
)
from qdextract.extract.attribution.words import words
from qdextract.extract.claims.patterns import _alt, _patterns
from qdextract.extract.claims.sentence import (
    _COMPARED_ADJ,
    _DIGIT,
    _LIST_BREAK,
    _action_noun_verb,
    _from_marker_start,
    _Reading,
    _role,
    _Sentence,
    _strip_qualifier,
    _under_zero_subject,
    read_quoted_names,
)
from qdextract.models import Quantity
from qdextract.text.segment import word_bounds
from qdextract.zh.lexicon import (
    counts_listed_examples,
    cues,
)


def _metric(sent: _Sentence, r: _Reading, before: str, cs: int, prev: _Reading | None = None) -> str | None:
    metric = _read_metric(sent, r, before, cs, prev)
    tags = {tag for _, tag in tagged(metric)} if metric and len(metric) <= _NO_MEASURE_MAX_CHARS else set()
    if tags & _TIME_OR_PRONOUN and tags <= _NO_MEASURE_TAGS:
        return None  # `未來五年每年發債約1500億`: a time or a pronoun names no measure
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
    if r.kind == "count" and counts_listed_examples(sent.text, r.q.start, r.q.value):
        after = _metric_after(sent, r)  # `肇庆等7个大型产业集聚区`: what the examples are
        if after:
            return _before_verb(after)
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
        elif prev is not None and prev.metric and _only_a_running_total(after_prev):
            return _without_flow_verb(prev.metric)
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
    rest = _after_other_figures(sent, phrase, cs, r)
    if rest is not None:  # `分别拥有42.4万和28.1万开发者`: no other figure is part of the measure
        if rest:
            phrase = rest
        else:
            return (prev.metric if prev is not None and prev.metric and r.kind == prev.kind else None) \
                or _metric_after(sent, r)
    # Drop time phrases and the subject at the head (not a tenor, which names the thing: `10年期债息`).
    for t in sent.quantities:
        if cs <= t.start < cs + len(phrase) and (t.role_hint in ("year", "period", "date") or (
                t.kind == "duration" and t.start > cs and _role(sent, t) == "period"
                and not sent.text.startswith(_TENOR, t.end))):  # `资产总额五年增长`
            phrase = phrase.replace(sent.text[t.start:t.end], "")
    phrase = without_relative_years(phrase)  # `联储局今年减息4次`: when, not what
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
    split = _last_word_match(p.metric_splitter, phrase)  # not the `的` of `波罗的海`
    if split is not None and phrase[split.end():].strip() in c.estimate_words:
        phrase = phrase[:split.start()]  # `整體開支的修訂預算為7548億元`: which estimate, of 整体开支
        split = _last_word_match(p.metric_splitter, phrase)
    phrase = phrase[split.end():] if split is not None else phrase
    phrase = _strip_leading_words(phrase, sent.text)
    phrase = p.metric_trailing.sub("", phrase)
    phrase = _with_quoted_names(sent, phrase, cs, r.q.start)
    phrase = phrase.strip("□“”\"《》 ，,、：:——-")
    if len(phrase) >= 2 and "□" not in phrase:
        return _with_flow_verb(flow, _word_tail(_share_named(phrase), _METRIC_MAX_CHARS))
    return _metric_after(sent, r)


# A metric longer than this keeps its last words: a longer phrase has taken in words of the
# clause before its measure (the longest annotated measure has 20 characters).
_METRIC_MAX_CHARS = 20


_LIST_SEPARATORS = "、，,和及与或并 "
_FENBIE = "分别"
_TENOR = "期"  # `10年期`, `6个月期`: how long the thing named runs
_EXAMPLES_AFTER = re.compile(r"等[\d一二三四五六七八九十百千万两几多]+")


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
    if subject and subject.startswith(sent.text[prev.q.start:prev.q.end]):
        return None  # `15个承接产业转移主平台落地项目2200个`: the figure is part of the subject
    return phrase[prev.end - cs:].lstrip(_LIST_SEPARATORS)


def _only_a_running_total(words_between: str) -> bool:
    """`累计达到`, `累计建成`: a running total of the figure before's measure, naming nothing."""
    return _running_total().fullmatch(words_between) is not None


@cache
def _running_total() -> re.Pattern[str]:
    c = cues()
    return re.compile(rf"(?:{_alt(c.running_total_words)})(?:{_alt(c.running_total_verbs)})*")


def _without_flow_verb(metric: str) -> str:
    verb = next((v for v in cues().metric_flow_verbs if metric.startswith(v) and len(metric) - len(v) >= 2), "")
    return metric[len(verb):]


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
        if obj and not any(x in obj.group("object") for x in "的是为达") and _verb_of_clause(phrase, obj):
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


def _after_other_figures(sent: _Sentence, phrase: str, cs: int, r: _Reading) -> str | None:
    """What follows the last other figure listed in `phrase` (an amount, count or share followed
    by a list joiner: `42.4万和`, `600元或`; not a time, rank, name or qualifier), without the
    joiner; None when it lists none."""
    last = None
    for t in sent.quantities:
        if cs <= t.start and t.end <= min(cs + len(phrase), r.q.start) and t.kind != "rank" \
                and phrase[t.start - cs:t.end - cs] == sent.text[t.start:t.end] \
                and phrase.startswith(_LISTED_AFTER, t.end - cs) and _role(sent, t) in ("claim", "other"):
            last = t
    if last is None:
        return None
    return phrase[last.end - cs:].lstrip(_LIST_SEPARATORS + "或")




_LISTED_AFTER = ("、", "和", "及", "与", "或")


def _figureless_clause_before(sent: _Sentence, cs: int, counts: Callable[[Quantity], bool]) -> str | None:
    """The clause before the one at `cs`, when a comma ends it and it states no figure that `counts`."""
    if cs < 2 or sent.text[cs - 1] not in "，,":
        return None
    pcs = sent.clause_start(cs - 1)
    if any(pcs <= t.start < cs and counts(t) for t in sent.quantities):
        return None
    return sent.masked[pcs:cs - 1].strip()


def record_holder_before(sent: _Sentence, cs: int) -> str | None:
    """`全省进出口总值创历史新高，达到5379亿元`: a clause that names no measure after one that says a
    measure set a record, stating no figure, is of that measure (without its zero subject)."""
    phrase = _figureless_clause_before(sent, cs, lambda t: True)
    if phrase is None:
        return None
    record = _patterns().record_at_end.search(phrase)
    if record is None:
        return None
    noun = _strip_leading_words(phrase[:record.start()], sent.text)
    return noun if 2 <= len(noun) <= _METRIC_MAX_CHARS and "□" not in noun and not _DIGIT.search(noun) else None


def topic_noun_before(sent: _Sentence, cs: int) -> str | None:
    """`將飛機乘客離境稅，由120元增加至200元`, `公務員編制在2026/27年度，每年減2%`, `去年的非法籃球
    賭博投注額，高達約700億元`: a figure whose clause names no measure measures the noun phrase the
    clause before it ends on, when that clause states no figure: after its last `的`, before a time
    or a modal (`在…年度`, `將於…`), without a leading disposal word (`將`, `把`)."""
    phrase = _figureless_clause_before(sent, cs, lambda t: _role(sent, t) in ("claim", "other"))
    if phrase is None:
        return None
    split = _last_word_match(_patterns().metric_splitter, phrase)
    phrase = phrase[split.end():] if split is not None else phrase
    stops, time_after, leads = _topic_patterns()
    bounds = word_bounds(phrase)
    stop = next((m.start() for m in stops.finditer(phrase) if m.start() >= 2 and m.start() in bounds), None)
    if stop is not None:
        if not time_after.fullmatch(phrase, stop):
            return None  # (`政府於2003年曾提出同類收費`: a deed, not a time, follows the noun)
        phrase = phrase[:stop]
    phrase = leads.sub("", phrase)
    phrase = _strip_leading_words(phrase, sent.text)
    if not (2 <= len(phrase) <= _METRIC_MAX_CHARS) or "□" in phrase or re.search(r"\d", phrase):
        return None
    tags = tagged(phrase)
    if any(tag == "r" for _, tag in tags):
        return None  # (`他说考虑到政府财政`: what someone says, not a measure)
    if tags[-1][1] in _NOUN_TAGS or phrase.endswith(cues().measure_heads_tagged_verb):
        return phrase
    return None


@cache
def _topic_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What ends the noun phrase a clause sets before a time (`在`, `将于`), the time that must
    follow it (`…年度`, `…起`), and the disposal words that open it (`将`, `把`)."""
    c = cues()
    stops, times = _alt(c.topic_noun_stops), _alt(c.topic_noun_time_ends)
    return (re.compile(stops), re.compile(rf"(?:{stops})[^，,。；;]*(?:{times})"),
            re.compile(rf"^(?:{_alt(c.metric_leading)})?(?:{_alt(c.topic_noun_leads)})"))


_NOUN_TAGS = frozenset({"n", "nz", "nt", "nr", "ns", "l", "j"})
# jieba's tags of time words and pronouns, and of the localisers, numerals, adverbs and particles
# that may stand with them in a phrase naming no measure
_TIME_OR_PRONOUN = frozenset({"t", "r"})
_NO_MEASURE_MAX_CHARS = 4  # (`五年间`, `其余`: such a phrase is short; longer ones are not tagged)
_NO_MEASURE_TAGS = frozenset({"t", "r", "f", "m", "d", "p", "c", "u"})


def _with_quoted_names(sent: _Sentence, phrase: str, lo: int, hi: int) -> str:
    """The metric with the quoted names it holds read out (`“新三样”出口规模` -> 新三样出口规模);
    see `read_quoted_names`."""
    if "□" not in phrase:
        return phrase
    k = sent.masked.rfind(phrase, lo, hi)
    return read_quoted_names(sent, k, k + len(phrase)) if k >= 0 else phrase


def _verb_of_clause(phrase: str, obj: re.Match[str]) -> bool:
    """A change verb before the last words is the clause's own when it is a whole word and no noun
    runs into it: not the `负` of `资产负债率`, the `跌` of `跌穿`, nor `经济增长` in `对经济增长贡献率`."""
    start, end = obj.start("verb"), obj.end("verb")
    bounds = word_bounds(phrase)
    if start not in bounds or end not in bounds:
        return False
    before = tagged(phrase[:start])
    return not before or not before[-1][1].startswith("n")


def _metric_after(sent: _Sentence, r: _Reading) -> str | None:
    """`128个可直播节点`, `10个…的电商直播中心`: the noun after a count or amount."""
    end = sent.clause_end(r.end)
    # `2519个典型村和25个典型村片区`: the noun ends where the next figure of the list starts, and
    # `15个…主平台落地项目2200个` where the next figure does (a metric holds no other figure)
    end = min((t.start for t in sent.quantities if r.end < t.start < end and (
        sent.text.endswith(_ITEM_JOINERS, 0, t.start) or _role(sent, t) == "claim")), default=end)
    after = _with_quoted_names(sent, sent.masked[r.end:end], r.end, end)
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
    elif r.kind == "count":
        after = _before_verb(after, by_tag=False)  # `7家地方国企进入中国企业500强`: the firms
    return after[:16] or None


def _before_verb(after: str, by_tag: bool = True) -> str:
    """The nouns counted, up to what they did (`3家高新区位列全国前30`: 高新区; words in
    `data/cues.yaml`, `counted_then_verbs`); `by_tag`: also up to a verb by jieba's tag that no
    noun follows (one that a noun follows is inside a compound: 科技|创新|成果)."""
    words_in, then = tagged(after), cues().counted_then_verbs
    out = ""
    for i, (word, flag) in enumerate(words_in):
        follows = words_in[i + 1][1] if i + 1 < len(words_in) else None
        if out and (word in then or (by_tag and len(out) >= 2 and flag == "v" and follows not in _NOUN_TAGS)):
            break
        out += word
    return out


def _strip_joiners(phrase: str) -> str:
    for j in _ITEM_JOINERS:
        if phrase.endswith(j):
            return phrase[:-len(j)]
    return phrase


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
    if suffixed and (p.not_subject.search(suffixed.group()) or suffix_inside_word(head, suffixed.group())
                     or opens_with_a_kind(suffixed.group())
                     or head.startswith(cues().subject_suffix_blocking_words, suffixed.end())):
        suffixed = None  # (`金融市场`: a kind of thing, no one)
    if suffixed and (named is None or len(suffixed.group()) > len(named.group())):
        found = suffixed.group()
        # `青岛港直播基地项目合同金额`: the base's project is what the figure is about
        extension = next((w for w in cues().subject_extensions if head.startswith(w, len(found))), "")
        return found + extension
    if named:
        return named.group()
    sized = next((t for t in reversed(sent.quantities) if at <= t.start < limit), None)
    if sized is not None and sized.kind == "money":
        return sized_name(sent, sized.end, limit) or threshold_group(sent, at, limit)
    return threshold_group(sent, at, limit)


def find_subject(sent: _Sentence, q_start: int, metric: str | None = None) -> str | None:
    """The subject of the figure at q_start: its clause's head, else the nearest clause head
    before it in the sentence (not past a colon: the clauses after `：` each stand alone; not
    past a clause naming the whole area, `全省…`; and not a group such as `工业企业` when the
    figure's clause opens with its own measure)."""
    cs = sent.clause_start(q_start)
    q = next((q for q in sent.quantities if q.start == q_start and q.kind == "count"), None)
    if counts_listed_examples(sent.text, q_start, q.value if q else None):
        return None  # `肇庆等7个大型产业集聚区`: 肇庆 is one of the seven counted, not their subject
    own = _clause_subject(sent, cs, q_start)
    if own in words().zero_subjects or _under_zero_subject(sent, q_start) or opens_with_a_kind(sent.text[cs:q_start]):
        return None  # `全省机场旅客吞吐量…`: the clause names the whole area, no subject of its own
    if own and _DIGIT.search(own) and _counted_group(sent, cs, q_start, own):
        return None  # `15个承接产业转移主平台落地项目2200个`: a counted group is no subject
    examples = _EXAMPLES_AFTER.search(sent.text, cs, q_start) if own else None
    if own and examples is not None and sent.text.find(own, cs) < examples.start():
        return None  # `中国能建集团压缩空气储能等20个…项目落地、总投资1370多亿元`: examples of a set
    head = sent.text[cs:q_start]
    if own and _FENBIE in head and head[head.find(own) + len(own):].startswith(tuple(_ITEM_JOINERS)):
        return None  # `科技型中小企业、高新技术企业数量分别增长…`: the items are measured, no subject
    if own:
        return own
    if q is None:
        q = next((t for t in sent.quantities if t.start == q_start), None)
    sized = sized_name(sent, q.end, sent.clause_end(q_start)) if q is not None and q.kind == "money" else None
    if sized:
        return sized
    if _FENBIE in head or opens_own_topic(head, metric):
        return None  # `…，科技型中小企业、高新技术企业数量分别增长3.2倍`, `而来年卖地表将包括8幅`
    colon = max(sent.text.rfind("：", 0, cs), sent.text.rfind(":", 0, cs))
    starts = [b for b in sent.breaks if b < cs]
    if colon >= 0:
        starts = [b for b in starts if b <= colon]
    zero = _patterns().zero_subject_head
    asides = 0
    for b in reversed(starts):
        end = sent.clause_end(b)
        if zero.match(sent.text, b, end) or opens_with_a_kind(sent.text[b:end]):
            return None  # `…，全省常住人口城镇化率提高到76.58%，城乡居民收入比…`: still the whole area
        subject = _clause_subject(sent, b, end)
        if subject in words().own_clause_subjects and not any(
                b <= t.start < end and _role(sent, t) == "claim" for t in sent.quantities) \
                and not all(_opens_with_verb(sent, x, q_start if x == cs else sent.clause_end(x))
                            for x in [x for x in starts if x > b] + [cs]):
            # `政府会以身作则，所有政府部门…减少2%`: the actor of a clause, not a topic; but the
            # clauses after it that go on with a verb are its acts (`政府就…，维持提供三分之一补贴`,
            # `政府…曾提出同类收费，每部车收取100元，每人收取18元`)
            return None
        if subject and _DIGIT.search(subject) and (b != starts[-1] or any(
                cs <= t.start < q_start and _role(sent, t) == "other" for t in sent.quantities)):
            # a group a figure bounds goes on only into the clause right after it (`…的路线，占…6成`),
            # and not into one with a bound of its own (`其后每多250公斤会加收124元`: another group)
            return None
        if subject and not (_DIGIT.search(subject) and _counted_group(sent, b, end, subject)):
            if subject.endswith(cues().group_subject_suffixes) and (
                    _opens_with(sent, cs, q_start, metric) or opens_own_topic(head, None)
                    or not (_DIGIT.search(sent.text, b, end) or is_back_reference(subject))):
                # `工业企业用电成本下降6.8%，社会物流总费用…`: a new measure, not theirs; `规上工业企业
                # 基本覆盖，入选…智能工厂2家`: a group told of without a figure is no later figure's
                return None
            if one_of_listed_topics([sent.text[x:sent.clause_end(x)] for x in sent.breaks if colon < x < b],
                                    sent.text[b:end], subject, head):
                return None  # a topic of a list of topics, not the sentence's
            return subject
        if aside(sent.text[b:end]):
            asides += 1  # a clause with a topic of its own and no figure: too many end the chain
            if asides >= chain_break_clauses():
                return None
    return None


def _opens_with_verb(sent: _Sentence, cs: int, limit: int) -> bool:
    """The clause opens, after its time phrases, with a verb by jieba's tags: it names no one."""
    at = _skip_times(sent, cs, limit)
    head = list(tagged(sent.text[at:min(at + 8, limit)]))
    if head and head[0][0].startswith(_PER_ITEM):  # `每部车收取100元`: the act, at a rate per item
        head = head[1:] if len(head) > 1 and head[1][1] in ("v", "vd") else head[2:]
    return bool(head) and head[0][1] in ("v", "vd")


_PER_ITEM = "每"


def _counted_group(sent: _Sentence, cs: int, limit: int, subject: str) -> bool:
    """The subject holds a figure that is a claim of its own, a count of the group (`15个…主平台`,
    `新建7家…平台`), not a figure qualifying it (`18-25岁Z世代`, `2000元以上商品`)."""
    at = sent.text.find(subject, cs, limit)
    return at >= 0 and any(at <= t.start < at + len(subject) and _role(sent, t) == "claim" for t in sent.quantities)


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
