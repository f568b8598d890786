"""Who and what each figure is about: a claim's `subject` from the entities around it, and a
sharper `metric` from the words just before it.

The subject is the nearest governing entity: the one at the head of the figure's clause (after
time phrases and connectives), else the nearest clause head before it in the sentence, else the
paragraph's topic (the last clause-head entity of an earlier sentence, or failing that the first
entity of the paragraph that stands before the figure). Entities listed together at a head
(海尔、海信等企业) make one subject; of two side by side (莱西“莱西有礼”区域品牌) the first, the place
whose figure it is, is the subject. A joint undertaking (A与B合作的“X”) is the subject rather than
either partner; a back-reference (产业带内企业) takes its antecedent; `全市` is the topic city in
full. Pure: no model, no I/O.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from qdextract.extract.attribution.agents import agent_subject
from qdextract.extract.attribution.beneficiaries import beneficiary_subject
from qdextract.extract.attribution.from_to import from_to_measure
from qdextract.extract.attribution.listed_kinds import listed_kinds_subject
from qdextract.extract.attribution.markets import market_metric, market_paragraphs
from qdextract.extract.attribution.metric_head import with_rejected_head
from qdextract.extract.attribution.nouns import (
    all_nouns,
    claims_subject,
    completed_fenbie,
    continued_claims_subject,
    distribute_fenbie,
    noun_tail,
    place_and_country_names,
    place_opening,
    raw_of,
)
from qdextract.extract.attribution.own_place import area_place, full_place_names, own_place
from qdextract.extract.attribution.parallel import parallel_holders
from qdextract.extract.attribution.programmes import programme_subject
from qdextract.extract.attribution.rate_moves import rate_move_subject
from qdextract.extract.attribution.refine import (
    breakdown_sentences,
    checked_subject,
    cleaned_metric,
    industry_split,
    measure_before,
    milestones,
    restated,
    topic_subject,
)
from qdextract.extract.attribution.residents import resident_subjects
from qdextract.extract.attribution.source_forms import in_source_forms
from qdextract.extract.attribution.topics import (
    aside,
    chain_break_clauses,
    changes_figure_before,
    one_of_listed_topics,
    opens_with_a_kind,
)
from qdextract.extract.attribution.words import words
from qdextract.models import Claim, Entity, Passage, record
from qdextract.text.normalize import norm, same_length_norm
from qdextract.text.structure import reading_text
from qdextract.zh.lexicon import counts_listed_examples, cues, joint_head


@dataclass(frozen=True, slots=True)
class _Rules:
    subject_labels: frozenset[str]
    clause_break: regex.Pattern[str]
    head_skip: regex.Pattern[str]
    list_joiners: str
    metric_leading: tuple[str, ...]
    metric_trailing: tuple[str, ...]
    metric_max_chars: int
    metric_noun_tags: frozenset[str]
    continuation_ends: tuple[str, ...]
    continuation_opener: regex.Pattern[str]
    area_words: dict[str, str]
    area_word: regex.Pattern[str]
    own_place_by_currency: dict[str, str]
    own_place_passages: int
    zero_subjects: tuple[str, ...]
    joint: re.Pattern[str]
    back_reference: regex.Pattern[str]
    back_reference_endings: dict[str, tuple[str, ...]]
    whole_area: dict[str, str]
    speech_verbs: tuple[str, ...]
    speech_frame_max_chars: int
    name_links: str


@cache
def _rules() -> _Rules:
    data = words()
    skip = "".join(data.head_skip.split())  # the YAML folds the alternation over lines
    by_len = lambda ws: tuple(sorted(ws, key=len, reverse=True))  # noqa: E731 (longest first)
    return _Rules(
        subject_labels=frozenset(data.subject_labels),
        clause_break=regex.compile(f"[{regex.escape(data.clause_breaks)}]"),
        head_skip=regex.compile(rf"(?:{skip})*"),
        list_joiners=data.list_joiners,
        metric_leading=by_len(data.metric_leading),
        metric_trailing=by_len(data.metric_trailing),
        metric_max_chars=int(data.metric_max_chars),
        metric_noun_tags=frozenset(data.metric_noun_tags),
        continuation_ends=tuple(data.continuation_ends),
        continuation_opener=regex.compile(
            rf"[\s“\"「]*(?:{'|'.join(map(regex.escape, by_len(data.continuation_openers)))})"),
        area_words=dict(data.area_back_references),
        area_word=regex.compile("|".join(map(regex.escape, by_len(data.area_back_references)))),
        own_place_by_currency=dict(data.own_place_by_currency),
        own_place_passages=int(data.own_place_passages),
        zero_subjects=tuple(data.zero_subjects),
        joint=joint_head(cues().joint_verbs),
        back_reference=regex.compile(
            rf"(?P<head>{'|'.join(by_len(data.back_reference_heads))})(?:{'|'.join(data.back_reference_markers)})"),
        back_reference_endings={h: tuple(ends) for h, ends in data.back_reference_heads.items()},
        whole_area=dict(data.whole_area_words),
        speech_verbs=by_len(data.speech_verbs),
        speech_frame_max_chars=int(data.speech_frame_max_chars),
        name_links=data.name_links,
    )


# A name followed by a few more characters and a list joiner heads a listed item, not the clause.
_ITEM_AFTER_NAME = regex.compile(r"\p{Han}{1,6}、")


@dataclass(slots=True)
class _Sentence:
    passage: Passage
    text: str  # same-length normalized passage text
    entities: list[Entity]  # subject-label entities inside, in order
    clauses: list[tuple[int, int]]  # passage-relative spans


@record
class _Subject:
    start: int  # passage-relative span of the subject text
    end: int
    text: str | None = None  # a list joined by other words or brackets: its names, joined by `、`


def _clauses(text: str, rules: _Rules) -> list[tuple[int, int]]:
    spans, last = [], 0
    for m in rules.clause_break.finditer(text):
        if m.group() == "," and text[m.start() - 1:m.start()].isdigit() and text[m.end():m.end() + 1].isdigit():
            continue  # `4,301,051.55`: a thousands separator
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(text)))
    return spans


def _head_subject(sent: _Sentence, clause: tuple[int, int], before: int, rules: _Rules) -> _Subject | None:
    """The entity (or list of entities) at the head of `clause`, if it starts before `before`."""
    base = sent.passage.char_start
    cs, _ = clause
    ents = [e for e in sent.entities if cs <= e.char_start - base < before]
    if not ents:
        return None
    first = ents[0]
    prefix = sent.text[cs : first.char_start - base].replace(" ", "")
    if not rules.head_skip.fullmatch(prefix):
        return None
    start, end = first.char_start - base, first.char_end - base
    if (end < len(sent.text) and sent.text[end] in rules.name_links) or (
            start > 0 and sent.text[start - 1] in rules.name_links):
        return None  # `中国—中亚峰会`: the place is part of a longer name, not the clause's head
    joint = rules.joint.match(sent.text, cs)
    if joint:  # 淘宝全球购与菜鸟合作的“一城一仓”项目: the undertaking, not a partner
        return _Subject(joint.start("name"), joint.end("name"))  # a quoted name, typed or not
    item = _ITEM_AFTER_NAME.match(sent.text, end)
    if item and all_nouns(item.group()[:-1], rules.metric_noun_tags):
        return None  # 巴斯夫核心装置、埃克森美孚一期…: the name only qualifies a listed item
    names, rejoined = [first], False
    for e in ents[1:]:
        inside = _BRACKETED.match(sent.text, end)
        if inside and e.char_start - base < inside.end():
            continue  # `长三角地区（上海、浙江、江苏）和珠三角地区`: what the name takes in
        gap = _BRACKETED.sub("", sent.text[end : e.char_start - base]).strip(" \"“”*")
        if gap and gap in rules.list_joiners:  # 海尔、海信, 京东集团和美团: one subject
            rejoined = rejoined or gap != "、" or "（" in sent.text[end : e.char_start - base]
            end = e.char_end - base
            names.append(e)
        else:  # 莱西“莱西有礼”区域品牌: the place is the subject, its brand the means
            break
    examples = _EXAMPLES_COUNTED.search(sent.text, end, min(clause[1], before))
    if examples and _NAME_RUN.fullmatch(sent.text, end, examples.start()):
        return None  # `山阳、勉县等6个抽水蓄能项目`, `…机场T5航站楼、引汉济渭等一批项目`: examples of a set
    if _COUNTED_AFTER.match(sent.text, end):
        return None  # `欧洲3大指数`: the name qualifies a counted set
    if rejoined:  # `北京（22.04%）、上海（16.43%）和广东`: the names, listed the one way
        raw = sent.passage.text
        return _Subject(start, end, "、".join(raw[e.char_start - base:e.char_end - base] for e in names))
    return _Subject(start, end)


_LATIN_NAME = regex.compile(r"[A-Za-z][A-Za-z0-9.\-]+")
_BRACKETED = regex.compile(r"[（(][^（）()]{0,40}[）)]")
_COUNTED_AFTER = regex.compile(r"\d+[个大家项只]")


# `等6个`, `等二十个`: the names before are examples of a counted set.
_EXAMPLES_COUNTED = regex.compile(r"等\s*[\d一二三四五六七八九十百千万两几多]+")
_NAME_RUN = regex.compile(r"[\p{Han}A-Za-z0-9、“”\"（）() ]{0,30}")


def _links_chain(sent: _Sentence, clause: tuple[int, int], figures: list[int], rules: _Rules) -> bool:
    """A clause between a head and a figure keeps the head's subject when it states a figure too,
    only says when (`由下周四中午起`), or goes on without a topic of its own (`向全球多国实施…`)."""
    cs, ce = clause
    return any(cs <= f < ce for f in figures) or not aside(sent.text[cs:ce])


def is_back_reference(subject: str) -> bool:
    """`产业带内企业`: a definite back-reference to a name (which carries as the name would)."""
    return _rules().back_reference.search(subject) is not None


def _speech_frame(sent: _Sentence, clause: tuple[int, int], rules: _Rules) -> bool:
    """The clause only says who speaks (`加拿大总理卡尼宣布，…`, `投资银行摩根大通预料，…`): a
    short clause ending in a verb of saying. Its names are the source, not what the figures are of."""
    cs, ce = clause
    text = sent.text[cs:ce].replace(" ", "")
    return len(text) <= rules.speech_frame_max_chars and text.endswith(rules.speech_verbs)


def _zero_head(sent: _Sentence, clause: tuple[int, int], rules: _Rules) -> bool:
    """The clause opens with a word naming the whole area reported on (`全省…`), or a kind of thing
    that is no one's (`金融市场…`)."""
    cs, ce = clause
    text = sent.text[cs:ce].replace(" ", "")
    skip = rules.head_skip.match(text)
    return text.startswith(rules.zero_subjects, skip.end() if skip else 0) or opens_with_a_kind(text)


def _subject_in_sentence(sent: _Sentence, at: int, rules: _Rules,
                         figures: list[int] | None = None) -> _Subject | None:
    """The nearest clause-head subject at or before the figure's clause; none when the figure's
    own clause, or one between it and that head, opens with a zero subject (`全省机场旅客吞吐量…`)."""
    k = max(i for i, (cs, _) in enumerate(sent.clauses) if cs <= at) if sent.clauses else 0
    if sent.clauses and _zero_head(sent, sent.clauses[k], rules):
        return None
    asides = 0  # clauses passed that have a topic of their own and no figure
    fenbie = sent.clauses and "分别" in sent.text[sent.clauses[k][0]:at]
    for i in range(k, -1, -1):
        if i < k and fenbie:
            return None  # `全年接待游客人次、出游总花费分别增长20.7%、15.3%`: the items are measured
        if i < k and (_zero_head(sent, sent.clauses[i], rules) or _speech_frame(sent, sent.clauses[i], rules)):
            return None  # an earlier clause turned to the whole area (`…，全省常住人口城镇化率…`)
        if figures is not None and i < k - 1 and not _links_chain(sent, sent.clauses[i + 1], figures, rules):
            asides += 1
            if asides >= chain_break_clauses():
                return None  # `…，新雪季、新雪假火热启航，文旅消费大幅增长，全年接待游客人次…`: new topics
        found = _head_subject(sent, sent.clauses[i], at, rules)
        if found and i < k and one_of_listed_topics([sent.text[cs:ce] for cs, ce in sent.clauses[:i]], sent.text[
                slice(*sent.clauses[i])], sent.text[found.start:found.end], sent.text[sent.clauses[k][0]:at]):
            return None  # a topic of a list of topics, carried to no later clause
        if found:
            return found
    return None


def _whole_area_suffix(sent: _Sentence, cs: int, at: int, rules: _Rules) -> str | None:
    """The suffix of the place the clause at cs means when it opens with `全市`, if it does."""
    text = sent.text[cs:at].replace(" ", "")
    skip = rules.head_skip.match(text)
    rest = text[skip.end() if skip else 0 :]
    return next((suffix for w, suffix in rules.whole_area.items() if rest.startswith(w)), None)


def _antecedent(
    sents: list[_Sentence], idx: int, at: int, endings: tuple[str, ...]
) -> tuple[_Sentence, _Subject] | None:
    """The last name with one of `endings` before `at` in the sentence, else in an earlier sentence of
    its paragraph (`产业带内企业` -> `即墨服装产业带`)."""
    for s, e, base in _entities_before(sents, idx, at):
        if any(e.text_norm.endswith(h) and len(e.text_norm) > len(h) for h in endings):
            return s, _Subject(e.char_start - base, e.char_end - base)
    return None


def _entities_before(sents: list[_Sentence], idx: int, at: int):
    """(sentence, entity, its passage's start) for each entity ending before `at` in sentence
    `idx`, then in the earlier sentences of its paragraph, the nearest first."""
    para = sents[idx].passage.paragraph_index
    j, limit = idx, at
    while j >= 0 and sents[j].passage.paragraph_index == para:
        s = sents[j]
        base = s.passage.char_start
        for e in reversed(s.entities):
            if e.char_end - base <= limit:
                yield s, e, base
        j -= 1
        limit = len(sents[j].text) if j >= 0 else 0


def _continued_subject(sents: list[_Sentence], idx: int, rules: _Rules,
                       depth: int = 3) -> tuple[_Sentence, _Subject] | None:
    """The subject of the sentence this one continues: the passage before it in its paragraph,
    when that one ends a clause of the same sentence (`；`, `：`) or this one opens with a
    back-reference (`其中，`, `该…`, `这一数据…`). Nothing else is carried across sentences."""
    para = sents[idx].passage.paragraph_index
    j = idx - 1
    if j < 0 or sents[j].passage.paragraph_index != para:
        return None
    prev = sents[j]
    if not _continues(sents, idx, rules):
        return None
    found = _subject_in_sentence(prev, len(prev.text), rules)
    if found:
        return prev, found
    if depth > 1 and not any(_zero_head(prev, cl, rules) for cl in prev.clauses):
        return _continued_subject(sents, j, rules, depth - 1)
    return None


def _continues(sents: list[_Sentence], idx: int, rules: _Rules) -> bool:
    """The sentence continues the one before it in its paragraph (see `_continued_subject`)."""
    j = idx - 1
    if j < 0 or sents[j].passage.paragraph_index != sents[idx].passage.paragraph_index:
        return False
    return sents[j].text.rstrip().endswith(rules.continuation_ends) or bool(
        rules.continuation_opener.match(sents[idx].text))


def _subkind(c: Claim, sents: list[_Sentence], idx: int, out: list[Claim],
             subkinds: dict[tuple[str, str], str | None], rules: _Rules) -> Claim:
    """`…网上零售额19180亿元…。其中，实物商品网上零售额14617亿元`: after `其中` a kind read as the
    subject, with the measure of the sentence continued, is part of the measure (实物商品网上零售额);
    the subject is the continued sentence's."""
    s = c.subject_norm
    if not s or c.origin == "table" or not rules.continuation_opener.match(sents[idx].text) \
            or not _continues(sents, idx, rules):
        return c
    key = (c.passage_id, s)
    before = sents[idx - 1].passage.passage_id
    if key not in subkinds:
        measure = next((o.metric_norm for o in reversed(out) if o.passage_id == before and o.metric_norm), None)
        if not (measure and c.metric_norm and (s + c.metric_norm).endswith(measure) and len(measure) >= 2):
            return c
        subkinds[key] = claims_subject(out, before)
    whole = s + c.metric_norm if c.metric_norm and s + c.metric_norm in sents[idx].text else c.metric_norm
    named = subkinds[key]
    return dataclasses.replace(c, subject=named, subject_norm=named, metric=whole, metric_norm=whole)


def _area_word(sent: _Sentence, at: int, rules: _Rules, own: str | None = None) -> str | None:
    """The word naming the whole area (`全省`, `本港`) that heads the figure's clause, or an
    earlier clause of its sentence with no other subject between (an entity, or `own`, the
    subject the sentence grammar read: `本港有…电动车，政府会…推出3亿元资助计划`)."""
    if not sent.clauses:
        return None
    k = max(i for i, (cs, _) in enumerate(sent.clauses) if cs <= at)
    for i in range(k, -1, -1):
        cs, ce = sent.clauses[i]
        text = sent.text[cs:min(ce, at)].replace(" ", "")
        skip = rules.head_skip.match(text)
        head = skip.end() if skip else 0
        m = rules.area_word.match(text, head)
        if m:
            return m.group()
        if opens_with_a_kind(text):
            return None  # (`…；重构多层次资本市场…体系，17家企业…`: the area word's clauses have ended)
        if _head_subject(sent, sent.clauses[i], at, rules) or (own and text.startswith(own, head)):
            return None
    return None


def _metric(sent: _Sentence, lo: int, at: int, rules: _Rules) -> str | None:
    """The noun phrase between `lo` (after the subject, or the clause start) and the figure."""
    # A metric is at most metric_max_chars long, so a window a few times that wide is all it needs
    # (and keeps a clause with no punctuation from costing time in its length for each figure).
    phrase = sent.text[max(lo, at - 4 * rules.metric_max_chars):at].replace(" ", "")
    changed = True
    while changed and phrase:
        changed = False
        for w in rules.metric_trailing if phrase.endswith(rules.metric_trailing) else ():
            if phrase.endswith(w) and len(phrase) > len(w):
                phrase, changed = phrase[: -len(w)], True
                break
    # 带动就业岗位: what follows the last of the leading verbs is the measure; else the nouns at the end
    cut = max((phrase.rfind(w) + len(w) for w in rules.metric_leading if len(w) > 1 and w in phrase), default=-1)
    phrase = phrase[cut:] if 0 < cut < len(phrase) else noun_tail(phrase, rules.metric_noun_tags)
    for w in rules.metric_leading if phrase.startswith(rules.metric_leading) else ():
        if phrase.startswith(w) and len(phrase) > len(w):
            phrase = phrase[len(w) :]
    if not (2 <= len(phrase) <= rules.metric_max_chars):
        return None
    return phrase


def _better_metric(mine: str | None, current_norm: str | None) -> bool:
    """Only a clear gain: none before, or a shorter phrase inside the current one."""
    if not mine:
        return False
    if not current_norm:
        return True
    return mine != current_norm and mine in current_norm


def attribute_claims(claims: list[Claim], entities: list[Entity], passages: list[Passage]) -> list[Claim]:
    rules = _rules()
    ordered = sorted(passages, key=lambda p: (p.paragraph_index, p.sentence_index, p.char_start))
    by_id = {p.passage_id: p for p in passages}
    ents = sorted((e for e in entities if e.label in rules.subject_labels), key=lambda e: e.char_start)
    starts = [e.char_start for e in ents]
    sents: list[_Sentence] = []
    index: dict[str, int] = {}
    for p in ordered:
        lo = bisect.bisect_left(starts, p.char_start)
        hi = bisect.bisect_left(starts, p.char_end)
        inside = [e for e in ents[lo:hi] if e.char_end <= p.char_end]
        text = same_length_norm(reading_text(p.text))  # markup and furniture blanked, offsets kept
        if p.kind == "title" and "\u3000" in p.text:  # `中國反制美國　道指…`: a headline's parts
            text = "".join("，" if raw == "\u3000" else ch for ch, raw in zip(text, p.text))
        index[p.passage_id] = len(sents)
        sents.append(_Sentence(p, text, inside, _clauses(text, rules)))

    figures: dict[str, list[int]] = {}  # passage -> offsets of its figures
    for c in claims:
        owner = by_id.get(c.passage_id)
        if owner is not None:
            figures.setdefault(c.passage_id, []).append(c.char_start - owner.char_start)
    place = own_place(passages, rules.own_place_passages, rules.own_place_by_currency)
    markets = market_paragraphs((s.passage.paragraph_index, s.text) for s in sents)
    data = words()
    breakdowns = breakdown_sentences([(s.passage.paragraph_index, s.text) for s in sents], data)
    said: dict[tuple[int, float | None, str | None], Claim] = {}  # (paragraph, value, unit) -> first claim
    measure: str | None = None  # the industry measure of the claim before, in its sentence
    out: list[Claim] = []
    subkinds: dict[tuple[str, str], str | None] = {}  # (passage, kind read as subject) -> the subject
    placed: set[str] = set()  # claims whose subject a back-reference to the place gave
    residents = cues().resident_groups
    for c in claims:
        idx = index.get(c.passage_id)
        if idx is None or c.origin == "table":  # a cell's headers already say what and whom
            out.append(c)
            continue
        sent = sents[idx]
        at = c.char_start - sent.passage.char_start
        examples = counts_listed_examples(sent.text, at, c.value if c.kind == "count" else None)  # no subject
        subject = None if examples else (_bracketed_name(sent, at) or _subject_in_sentence(
            sent, at, rules, figures.get(c.passage_id, [])))
        where = sent
        named_area = subject is not None and where.text[subject.start:subject.end] in rules.area_words
        area = _area_word(sent, at, rules, c.subject_norm) if (subject is None or named_area) and not examples else None
        if area is None and c.subject_norm in rules.area_words:
            area = c.subject_norm
        if area is not None and c.subject_norm not in residents:  # `全省…`, `本港…`: the document's own place
            if area not in sent.text[max((cs for cs, _ in sent.clauses if cs <= at), default=0):at]:
                placed.add(c.claim_id)  # named by an earlier clause (`resident_subjects`)
            named = area_place(rules.area_words[area], place, (e.text_norm for _, e, _ in _entities_before(
                sents, idx, at)), rules.whole_area.get(area, "市"))
            rest = c.subject_norm[len(area):] if c.subject_norm and c.subject_norm.startswith(area) else ""
            if rest and c.metric_norm and rest + c.metric_norm in sent.text:  # `全国商品` + `房销售面积`
                c = dataclasses.replace(c, metric=rest + c.metric_norm, metric_norm=rest + c.metric_norm)
            c = dataclasses.replace(c, subject=named, subject_norm=norm(named) if named else None)
            subject = None  # named or none: no entity of the clause is the subject
        elif subject is None and not examples:
            continued = _continued_subject(sents, idx, rules)
            if continued:
                where, subject = continued
            elif c.subject_norm is None and idx not in breakdowns and _continues(sents, idx, rules) \
                    and sent.clauses and not _head_subject(sent, sent.clauses[0], at, rules) \
                    and not _zero_head(sent, sent.clauses[0], rules):
                # `全国…。其中，…`; after a `；` only a place (`其中，国有控股投资…；民间投资…`): a group
                # heading one measure of a list (`规上工业企业利润…；一般公共预算收入…`) is not carried
                said_of = continued_claims_subject(out, sents, idx, lambda ss, j: _continues(ss, j, rules))
                if said_of and not rules.continuation_opener.match(sent.text) \
                        and said_of not in place_and_country_names() and said_of not in rules.area_words.values():
                    said_of = None
                if said_of:
                    c = dataclasses.replace(c, subject=said_of, subject_norm=said_of)
        c = _subkind(c, sents, idx, out, subkinds, rules)
        ref = rules.back_reference.match(c.subject_norm) if c.subject_norm else None
        if ref:  # a definite back-reference names no one itself: its antecedent is the subject
            found = _antecedent(sents, idx, at, rules.back_reference_endings[ref.group("head")])
            if found:
                where, subject = found
                raw = subject.text or where.passage.text[subject.start : subject.end]
                c = dataclasses.replace(c, subject=raw, subject_norm=norm(raw))
        changes: dict[str, Any] = {}
        clause_start = max((cs for cs, _ in sent.clauses if cs <= at), default=0)
        # The sentence grammar's subject and metric stand; entities fill what it left empty (on the
        # golden files, overriding them lost more than it gained).
        if subject is not None and c.subject_norm is not None and where is sent and _overrides(
                sent, subject, c.subject_norm, clause_start, at):
            c = dataclasses.replace(c, subject=None, subject_norm=None)
        if subject is not None and c.subject_norm is None and not _inside_metric(where, subject, c, rules):
            raw = subject.text or where.passage.text[subject.start : subject.end]
            suffix = _whole_area_suffix(sent, clause_start, at, rules)
            if suffix and norm(raw) + suffix in full_place_names():
                raw += suffix  # `全市…`: the city in full (青岛 -> 青岛市)
            changes.update(subject=raw, subject_norm=norm(raw))
        # the metric: from the subject's end when it stands in the figure's clause, else the clause start
        lo = subject.end if (subject and where is sent and subject.end >= clause_start) else clause_start
        mine = _metric(sent, lo, at, rules)
        if _better_metric(mine, c.metric_norm) and c.metric_norm is None:
            raw_metric = raw_of(sent, lo, at, mine) if mine else None
            changes.update(metric=raw_metric or mine, metric_norm=mine)
        checked = dataclasses.replace(c, **changes) if changes else c
        done = with_rejected_head(checked_subject(checked, sent, data), checked.subject_norm, sent, at)
        if done.subject_norm is None and c.subject_norm and any(w in c.subject_norm for w in data.comparison_words) \
                and out and out[-1].passage_id == done.passage_id and out[-1].subject_norm:
            # `…22.8万个，远高于市场预期的13.5万个`: the figure compared with is of the same subject
            done = dataclasses.replace(done, subject=out[-1].subject, subject_norm=out[-1].subject_norm)
        done = market_metric(milestones(cleaned_metric(done, sent, at, data), sent, at, data), sent, at, data,
                             sent.passage.paragraph_index in markets)
        done = from_to_measure(done, sent, at, data.metric_after_max_chars)
        opening = place_opening(done.metric_norm) if done.subject_norm is None and done.metric_norm \
            and done.kind != "count" else None
        if opening:  # `带动陕西进出口415.4亿元`: the place whose measure it is, once the verb is cut
            done = dataclasses.replace(done, subject=opening[0], subject_norm=opening[0], metric=opening[1],
                                       metric_norm=opening[1])
        if out and out[-1].passage_id == done.passage_id and done.origin != "table":
            done = measure_before(done, out[-1], sent, at, data)
            parallel = parallel_holders(done, out[-1], sent, at)
            if parallel:
                out[-1], done = parallel
        if idx in breakdowns:
            done, measure = industry_split(done, measure if out and out[-1].passage_id == done.passage_id else None,
                                            data)
        done = topic_subject(done, sent, at, data) if done.subject_norm is None else done
        done = beneficiary_subject(agent_subject(done, sent, at, data), sent, at, data)
        done = listed_kinds_subject(programme_subject(done, sent, at, data), sent, at, data)
        done = rate_move_subject(done, sent, at, data)
        if done.subject_norm is None and out and out[-1].passage_id == done.passage_id and out[-1].subject_norm \
                and (changes_figure_before(sent.text[clause_start:at])
                     or sent.text.startswith(_AMONG, clause_start) and clause_start > 0):
            # `…修订预算为7548亿元，较原来预算低221亿元`: a change of the figure before is its subject's;
            # `…1200万活跃开发者的样本，其中约255万…`: a part of it, too
            done = dataclasses.replace(done, subject=out[-1].subject, subject_norm=out[-1].subject_norm)
        if done.subject_norm is None:  # a figure the paragraph states again: the same claim's subject
            done = restated(done, said.get((sent.passage.paragraph_index, done.value, done.unit)))
        elif done.value is not None:
            said.setdefault((sent.passage.paragraph_index, done.value, done.unit), done)
        out.append(done)
    return in_source_forms(resident_subjects(completed_fenbie(distribute_fenbie(out)), placed),
                           {p: sents[i] for p, i in index.items()})


_AMONG = ("其中", "当中")  # a clause opening so within its sentence picks out part of the figure before


def _overrides(sent: _Sentence, subject: _Subject, grammar: str, clause_start: int, at: int) -> bool:
    """The entities' subject replaces the grammar's when it heads the figure's own clause and the
    grammar's is not there (carried from an earlier clause: `京东集团…，小米再度破顶后升近6%`), or
    when it lists the grammar's with more names (`京东集团和美团`)."""
    mine = norm(subject.text or sent.passage.text[subject.start:subject.end])
    if "分别" in sent.text[subject.end:at]:
        return False  # `青岛、烟台分别增长38%、25%`: each figure is one name's
    if mine.startswith(grammar + "、"):
        return True
    return clause_start <= subject.start < at and grammar in sent.text[:clause_start] \
        and grammar not in sent.text[clause_start:at]


def _bracketed_name(sent: _Sentence, at: int) -> _Subject | None:
    """`北京（22.04%）、上海（16.43%）`: a figure in brackets right after a name is that name's."""
    k = at
    while k > 0 and sent.text[k - 1] in " *":
        k -= 1
    if k == 0 or sent.text[k - 1] not in "（(":
        return None
    k -= 1
    while k > 0 and sent.text[k - 1] in " *":
        k -= 1
    base = sent.passage.char_start
    for e in sent.entities:
        if e.char_end - base == k:
            return _Subject(e.char_start - base, k)
    return None


def _inside_metric(where: _Sentence, subject: _Subject, c: Claim, rules: _Rules) -> bool:
    """The name opens the noun the grammar read as the measure (`在粤就读的港澳学生达11.6万人`:
    港澳学生 are counted): part of what is measured, not whom it is about (but 高交会 of
    `高交会促成`, before a verb, is)."""
    if not c.metric_norm:
        return False
    name = where.text[subject.start:subject.end]
    rest = c.metric_norm[len(name):]
    if (c.kind != "count" and norm(name) in place_and_country_names()) or _LATIN_NAME.fullmatch(name):
        return False  # `美国贸易逆差`, `GitHub全域事件日志总数`: a place's or a platform's measure
    return c.metric_norm.startswith(name) and bool(rest) and all_nouns(rest, rules.metric_noun_tags)
