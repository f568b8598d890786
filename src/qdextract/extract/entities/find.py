"""Entity candidates by form: gazetteer names and compounds, editions, quoted names, titles, persons, headings."""


from __future__ import annotations

import bisect
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from qdextract.extract.entities.heads import head_names
from qdextract.extract.entities.persons import persons
from qdextract.extract.entities.rules import (
    _NAME,
    _NAME_CHAR,
    _NON_SPACE,
    _PRIORITY,
    _SPACE,
    BLOCK,
    _Candidate,
    _Rules,
    _rules,
)
from qdextract.models import ENTITY_LABELS
from qdextract.text.segment import jieba_modules, word_bounds
from qdextract.text.structure import Section

if TYPE_CHECKING:  # spaCy is imported when the pipeline is first built: a run that finds every
    from spacy.tokens import Doc


def _places_in_headings(mentions: list[_Candidate], cands: list[_Candidate]) -> list[_Candidate]:
    """The places inside a heading that is a name as a whole (4.3 崂山区数智消费引领行动 names 崂山区
    too). The one place where mentions nest: a section's heading often is the only mention of
    the place the section is about, and a search for the place should find it."""
    spans = [(c.start, c.end) for c in mentions if c.source == "heading"]
    if not spans:
        return []
    return [c for c in cands if c.source == "gazetteer" and c.label == "GPE"
            and any(a <= c.start and c.end <= b and (a, b) != (c.start, c.end) for a, b in spans)]


def _rule_candidates(text: str, found: list[_Candidate], headings: Iterable[tuple[int, int]],
                     rules: _Rules) -> list[_Candidate]:
    """Every rule's candidates besides the gazetteer's `found`, in the order ties are settled in."""
    cands = _titles(text, rules) + _quoted(text, rules) + found + _ordinal_events(text, rules)
    cands += [_Candidate(m.start(), m.end(), label, "compound")
              for pattern, label in rules.pattern_names for m in pattern.finditer(text)]
    cands += [_Candidate(m.start(), m.end(), rules.camel_case_label, "form")
              for m in _CAMEL_CASE.finditer(text) if m.group() not in rules.names]
    cands += persons(text, rules)
    headings = list(headings)
    # a heading that is a name as a whole is the heading rule's to judge (3.3 产业发展计划 is a topic)
    whole = set(headings)
    cands += [c for c in head_names(text, cands, rules) if (c.start, c.end) not in whole]
    return cands + _heading_names(text, headings, found, rules)


def _model_candidates(doc: Doc, rules: _Rules) -> list[_Candidate]:
    """A trained model's entities, except those running across pieces (joined by newlines)."""
    out = []
    for ent in doc.ents:
        label = rules.model_label_map.get(ent.label_, ent.label_)
        if ent.label_ in rules.model_labels and label in ENTITY_LABELS and "\n" not in ent.text:
            out.append(_Candidate(ent.start_char, ent.end_char, label, "model"))
    return out


@lru_cache(maxsize=65536)
def _middle_ok(middle: str) -> bool:
    """Descriptive words of a compound: no function word (by jieba's dictionary tags)."""
    rules = _rules()
    if any(ch in rules.bad_chars for ch in middle):
        return False
    if not middle:
        return True
    return not (_middle_tags(middle) & rules.bad_tags)


def _is_word(text: str, start: int, end: int, check_end: bool = True) -> bool:
    lo = max(0, start - 4)
    cuts = word_bounds(text[lo : end + 4])
    return start - lo in cuts and (not check_end or end - lo in cuts)


def _name_matches(text: str, matches: Iterable[tuple[int, int, str]]) -> tuple[dict, dict]:
    """({(start, end): label} of the names, {start: end of the longest blocker}) from the ruler's
    (start, end, label) matches. Tokens match across a space, a name holds none."""
    names: dict[tuple[int, int], str] = {}
    blocks: dict[int, int] = {}
    for start, end, label in matches:
        if _SPACE.search(text, start, end):
            continue
        if label == BLOCK:
            blocks[start] = max(end, blocks.get(start, -1))
        else:
            names[start, end] = label
    return names, blocks


def _gazetteer_and_compounds(text: str, matches: Iterable[tuple[int, int, str]],
                             rules: _Rules) -> list[_Candidate]:
    """Left to right, the longest name at each place unless a blocker starts there; a name with a
    tail (descriptive words and a head, or an edition) becomes a compound."""
    names, block_ends = _name_matches(text, matches)
    name_ends: dict[int, int] = {}
    for start, end in names:
        name_ends[start] = max(end, name_ends.get(start, -1))
    out: list[_Candidate] = []
    pos = 0
    for start in sorted(name_ends.keys() | block_ends.keys()):
        if start < pos:
            continue
        pos = start + 1
        end = name_ends.get(start, -1)
        blocked = block_ends.get(start, -1)
        if blocked > end:  # 中国式 blocks 中国, not 中国人民抗日战争
            pos = blocked
            continue
        if end < 0:
            continue
        name = text[start:end]
        if (name in rules.check_boundary and not _is_word(text, start, end)) or (
            name in rules.check_start and not _is_word(text, start, end, check_end=False)
        ):
            continue
        if not _latin_bounded(text, start, end) or _loses_to_next(text, start, end, name_ends):
            continue
        # 即墨市场 is 即墨 + 市场: a place's last character that starts an ordinary word goes back.
        if text[end - 1 : end + 1] in rules.glue_words:
            if (start, end - 1) in names:
                end -= 1
            else:
                pos = end
                continue
        label = names[start, end]
        t = rules.tail_re.match(text, end)
        # a compound's name starts a word: 确保定点社区… holds no 保定
        if t and _compound_ok(text, t, label, rules, end - start) and _is_word(text, start, end, check_end=False):
            end, label = _chained_heads(text, t.end(), rules.head_label[t.group("head")], rules)
            out.append(_Candidate(start, end, label, "compound"))
            pos = end
            continue
        year = _YEAR_AFTER.match(text, end)
        if year and label in rules.document_year_labels:  # 财政预算案2025: the edition is in the name
            out.append(_Candidate(start, year.end(), label, "gazetteer"))
            pos = year.end()
            continue
        o = rules.ordinal_re.match(text, end)  # 广东省 + 第十四届人民代表大会第五次会议
        if o and _middle_ok(o.group("mid")):
            out.append(_Candidate(start, o.end(), "EVENT", "compound"))
            pos = o.end()
            continue
        if name in rules.prefixes:  # 中日韩 alone is no mention
            continue
        out.append(_Candidate(start, end, label, "gazetteer"))
        pos = end
    return out


_YEAR_AFTER = regex.compile(r"(?:19|20)\d\d(?![\d年])")


def _chained_heads(text: str, end: int, label: str, rules: _Rules) -> tuple[int, str]:
    """A head right after a compound's head names a body of it: 深圳口岸 + 办, 自贸片区 + 管委会."""
    t = rules.tail_re.match(text, end)
    while t and not t.group("mid") and t.group("head") in rules.end_word_heads | {"管委会", "委员会"}:
        if t.end() not in _bounds_after(text, end, t.end()):
            break
        end, label = t.end(), rules.head_label[t.group("head")]
        t = rules.tail_re.match(text, end)
    return end, label


def _latin_bounded(text: str, start: int, end: int) -> bool:
    """A name that begins or ends with a Latin letter or digit is no part of a longer word, path
    or identifier (GitHub_events_type.png, %26Gitee_)."""
    if start > 0 and text[start].isascii() and text[start - 1] in _LATIN_GLUE:
        return False
    return not (end < len(text) and text[end - 1].isascii() and text[end] in _LATIN_GLUE)


_CAMEL_CASE = regex.compile(r"(?<![A-Za-z0-9_/.%&-])[A-Z][a-z]+(?:[A-Z][a-z]*)+(?![A-Za-z0-9_/.%&-])")


_NUMBER_WORD = regex.compile(r"\d\p{Han}")


_LATIN_GLUE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_%&/")


def _loses_to_next(text: str, start: int, end: int, name_ends: dict[int, int]) -> bool:
    """Two names overlap (美丽江苏: 丽江, 江苏): the first gives way unless jieba reads it as a word."""
    for k in range(start + 1, end):
        if name_ends.get(k, -1) > end:
            return not _is_word(text, start, end)
    return False


def _ordinal_events(text: str, rules: _Rules) -> list[_Candidate]:
    """第十五届全国运动会: an edition number makes a name of an event with no known name in it."""
    return [_Candidate(m.start(), m.end(), "EVENT", "compound")
            for m in rules.ordinal_re.finditer(text) if _middle_ok(m.group("mid"))]


def _compound_ok(text: str, tail: regex.Match[str], anchor_label: str, rules: _Rules, anchor_chars: int = 0) -> bool:
    middle, head = tail.group("mid"), tail.group("head")
    if head in rules.city_port_heads and not middle:
        # 上海港, 宁波舟山港: a port named by its city alone, where a word ends at the head (not 深港)
        return anchor_label == "GPE" and anchor_chars >= 2 and tail.end() in _bounds_after(
            text, tail.start() - anchor_chars, tail.end())
    if head in rules.need_middle and not middle:
        return False
    if head in rules.bare_heads and middle:
        return False
    head_label = rules.head_label[head]
    if anchor_label not in rules.compound_anchor_labels and anchor_label != head_label:
        return False  # 全国人代会 + 江苏代表团 is two names, 恒指 + ADR指数 one
    if any(middle.endswith(w) for w in rules.generic_middles):
        return False  # 北交所上市公司 are companies, no company
    if head in rules.end_word_heads and tail.end() not in _bounds_after(text, tail.start(), tail.end()):
        return False  # 部 of 部署, 局 of 局面
    if head in rules.end_only and tail.end() < len(text):
        after = text[tail.end()]
        if _NAME_CHAR.match(after) and after not in rules.bad_chars:
            return False
    if anchor_label == "ORG" and _middle_tags(middle) & rules.org_anchor_bad_tags:
        return False
    if middle and _middle_first_tag(middle) in rules.middle_bad_first_tags and middle[0] not in rules.middle_first_ok:
        return False
    if _NUMBER_WORD.search(middle):  # 欧洲3大指数, 美国3月非制造业指数: a count or a date, no name
        return False
    if head in rules.place_heads and anchor_label != "GPE":
        return False
    if head in rules.word_heads and _closes_word(text, tail.start("head")):
        return False
    return _middle_ok(middle)


def _bounds_after(text: str, start: int, end: int) -> set[int]:
    """Word boundaries (document offsets) around text[start:end] and a few characters after."""
    return {start + b for b in word_bounds(text[start : end + 4])}


def _closes_word(text: str, i: int) -> bool:
    """Whether text[i] ends a two-character dictionary word (展 of 发展, 进展, 车展)."""
    _, posseg = jieba_modules()
    return i > 0 and text[i - 1 : i + 1] in posseg.dt.word_tag_tab


@lru_cache(maxsize=65536)
def _middle_first_tag(middle: str) -> str:
    jieba, posseg = jieba_modules()
    return posseg.dt.word_tag_tab.get(jieba.lcut(middle, HMM=False)[0], "")


@lru_cache(maxsize=65536)
def _middle_tags(middle: str) -> frozenset[str]:
    """Dictionary tags of the words in `middle`. A lone character's tag says little (自 of 自贸
    is tagged as a preposition): single function characters are `middle_bad_chars` instead."""
    jieba, posseg = jieba_modules()
    toks = jieba.lcut(middle, HMM=False)
    return frozenset(posseg.dt.word_tag_tab.get(t, "") for t in toks if len(t) > 1)


def _quoted(text: str, rules: _Rules) -> list[_Candidate]:
    out: list[_Candidate] = []
    run: list[tuple[int, int, str]] = []  # consecutive quoted names: (start, end, name)

    def flush(after: int) -> None:
        k = rules.quote_kind_re.match(text, after)
        kind_label = rules.quote_kind_label[k.group("kind")] if k else None
        if kind_label is None:  # 吉祥物“喜洋洋”、“乐融融”
            opening = run[0][0] - 1
            b = rules.quote_before_re.search(text, max(0, opening - 8), opening)
            kind_label = rules.quote_before_label[b.group("kind")] if b else None
        for s, e, name in run:
            # a name's own ending says more than the word after a list of names
            label = _label_by_ending(name, rules) or kind_label or rules.names.get(name)
            if label and name not in rules.not_entities:
                out.append(_Candidate(s, e, label, "quoted"))
        run.clear()

    last_end = -1
    for m in rules.quoted_re.finditer(text):
        group = next(g for g in "abcd" if m.group(g) is not None)
        if run and text[last_end : m.start()] not in ("", "、", ","):
            flush(last_end)
        run.append((m.start(group), m.end(group), m.group(group)))
        last_end = m.end()
    if run:
        flush(last_end)
    return out


def _label_by_ending(name: str, rules: _Rules) -> str | None:
    for ending, label in rules.quote_endings:
        if name.endswith(ending) and len(name) > len(ending):
            return label
    return None


def _titles(text: str, rules: _Rules) -> list[_Candidate]:
    out = []
    for m in rules.title_re.finditer(text):
        title = m.group("t")
        label = rules.names.get(title) if rules.names.get(title) in ("LAW", "WORK_OF_ART") else None
        label = label or ("LAW" if any(w in title for w in rules.law_words) else "WORK_OF_ART")
        out.append(_Candidate(m.start("t"), m.end("t"), label, "title"))
    return out


def _resolve(cands: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping mentions: longest first, then by rule priority (as spaCy's filter_spans)."""
    cands = sorted(cands, key=lambda c: (-(c.end - c.start), _PRIORITY[c.source], c.start))
    taken: list[tuple[int, int]] = []  # sorted, disjoint
    kept = []
    for c in cands:
        i = bisect.bisect_right(taken, (c.start, c.end))
        if i > 0 and taken[i - 1][1] > c.start:
            continue
        if i < len(taken) and taken[i][0] < c.end:
            continue
        taken.insert(i, (c.start, c.end))
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def _heading_titles(sections: Iterable[Section], rules: _Rules) -> list[tuple[int, str, bool]]:
    """(raw start, text, is the whole title) of the pieces of each heading's title without its
    number (第三章, 3.2.1, 一、). In every heading shape the title's text ends the heading's span
    (a chapter's title may stand on the line after its number; the section's title then joins the
    two with a space). The title is cut at whitespace: page furniture stands blanked out in it."""
    out = []
    for sec in sections:
        title = sec.title
        for pattern in rules.heading_res:
            m = pattern.match(title)
            if m:
                title = m.group("title") or ""
                break
        base = sec.char_end - len(title)
        if base < sec.char_start:
            continue
        parts = [(base + m.start(), m.group()) for m in _NON_SPACE.finditer(title)]
        out += [(start, part, len(parts) == 1) for start, part in parts]
    return out


def _heading_names(text: str, spans: list[tuple[int, int]], found: list[_Candidate], rules: _Rules) -> list[_Candidate]:
    """A heading that is a name as a whole (4.3 崂山区数智消费引领行动, 3.2.1家电焕新节): it ends as a
    quoted name may end, opens with no verb or function word (实施乡村振兴战略 is a topic), and is
    built on a known name or a coined word (single characters where jieba knows no word)."""
    out = []
    starts = [c.start for c in found]
    for a, b in spans:
        name = text[a:b]
        if len(name) > rules.quote_max_chars or name in rules.not_entities or not _NAME.fullmatch(name):
            continue
        label = _label_by_ending(name, rules)
        if label is None or _first_tag(name) in rules.heading_bad_first_tags:
            continue
        k = bisect.bisect_left(starts, a)
        known = k < len(found) and found[k].end <= b
        ending = next(w for w, _ in rules.quote_endings if name.endswith(w))
        if known or _coined(name[: -len(ending)]):
            out.append(_Candidate(a, b, label, "heading"))
    return out


@lru_cache(maxsize=4096)
def _first_tag(name: str) -> str:
    _, posseg = jieba_modules()
    toks = posseg.lcut(name)
    return toks[0].flag if toks else ""


@lru_cache(maxsize=4096)
def _coined(stem: str) -> bool:
    jieba, _ = jieba_modules()
    return any(len(t) == 1 and t not in _rules().bad_chars for t in jieba.lcut(stem, HMM=False))
