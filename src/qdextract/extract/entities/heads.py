"""Names that no gazetteer holds, found by their head (基金, 计划, 集团, 协定 …) and bounded on the
left by the sentence's structure: the name runs back from the head to the nearest punctuation,
function word (a preposition, conjunction, particle, pronoun, adverb, numeral or measure word, by
jieba's tags) or verb that opens a clause or takes an object (包括, 提出, 组建 …), and holds at
least two words (财政整合计划, 学生活动支援基金, 帝盛酒店集团; 发展计划 is a plan, no name).

Names listed together share their head's kind: in 研究基金、语文基金、学生活动支援基金, the short
ones are names too once one of the list is (a list of coordinated names is one structure). Names
coordinated before one head (紫金山、太湖、钟山、云龙湖等实验室; 罗湖、福田和深圳湾口岸) are each
a name of the head's kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from qdextract.extract.entities.rules import _NAME_CHARS, _Candidate, _Rules
from qdextract.text.segment import jieba_modules
from qdextract.zh.rules import data_file


@dataclass(frozen=True, slots=True)
class _HeadRules:
    head_re: regex.Pattern[str]
    head_label: dict[str, str]
    boundary_tags: frozenset[str]
    clause_verbs: frozenset[str]
    min_words: int
    max_chars: int
    list_seps: str
    co_seps: str
    single_word_heads: frozenset[str]
    single_word_tags: frozenset[str]
    coordinated_re: regex.Pattern[str]
    coordinated_run: regex.Pattern[str]  # a stretch a coordinated list can lie in
    coordinated_head: regex.Pattern[str]
    coordinated_label: dict[str, str]
    max_member_chars: int
    local_prefixes: tuple[str, ...]


@cache
def _head_rules() -> _HeadRules:
    data = data_file("entities.yaml")["head_names"]
    head_label = {h: label for label, heads in data["heads"].items() for h in heads}
    heads = "|".join(regex.escape(h) for h in sorted(head_label, key=len, reverse=True))
    coordinated_label = {h: label for label, heads in data["coordinated_heads"].items() for h in heads}
    co_heads = "|".join(regex.escape(h) for h in sorted(coordinated_label, key=len, reverse=True))
    n = int(data["max_member_chars"])
    member = rf"\p{{Han}}{{2,{n}}}?"  # lazy: 福田和深圳湾口岸 is 福田 + 深圳湾口岸
    seps = data["list_separators"]
    co_seps = data["coordination_separators"]
    coordinated = (rf"(?P<members>{member}(?:[{co_seps}]{member})+)(?P<deng>等)?(?P<head>{co_heads})")
    return _HeadRules(
        head_re=regex.compile(rf"(?:{heads})"),
        head_label=head_label,
        boundary_tags=frozenset(data["boundary_tags"]),
        clause_verbs=frozenset(data["clause_verbs"]),
        min_words=int(data["min_words"]),
        max_chars=int(data["max_chars"]),
        list_seps=seps,
        co_seps=co_seps,
        single_word_heads=frozenset(data["single_word_heads"]),
        single_word_tags=frozenset(data["single_word_tags"]),
        coordinated_re=regex.compile(coordinated),
        # members, separators and heads are all the characters a list can hold: one linear scan
        # for such stretches holding a head spares the list pattern's backtracking elsewhere
        coordinated_run=regex.compile(rf"[\p{{Han}}{regex.escape(co_seps + ''.join(coordinated_label))}]{{6,}}"),
        coordinated_head=regex.compile(co_heads),
        coordinated_label=coordinated_label,
        max_member_chars=n,
        local_prefixes=tuple(data["local_prefixes"]),
    )


@lru_cache(maxsize=65536)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    _, posseg = jieba_modules()
    return tuple((t.word, t.flag) for t in posseg.lcut(text))


_NAME_RUN = regex.compile(f"{_NAME_CHARS}+$")


def _name_before(text: str, head_start: int, head_end: int, hr: _HeadRules, min_words: int = 0) -> int | None:
    """The start of the name whose head is text[head_start:head_end], or None."""
    lo = max(0, head_start - hr.max_chars - 4)
    run = _NAME_RUN.search(text, lo, head_start)
    if run is None:
        return None
    toks = _tagged(text[run.start() : head_end + 3])
    words: list[tuple[str, str]] = []  # the words before the head
    pos = run.start()
    for word, tag in toks:
        if pos + len(word) > head_start:
            if pos < head_start:  # a word runs into the head (研究基金): its first part is a word
                part = text[pos:head_start]
                if not text[head_start:head_end] or not word.startswith(part):
                    return None
                words.append((part, tag))
            break
        words.append((word, tag))
        pos += len(word)
    else:
        return None
    # the head ends a word: 基金 of 基金会 is no head, nor 计划 of 计划经济
    if head_end not in set(_cuts(toks, run.start())):
        return None
    start, count = head_start, 0
    for word, tag in reversed(words):
        if tag in hr.boundary_tags or word in hr.clause_verbs or not _WORD.fullmatch(word):
            break
        start -= len(word)
        count += 1
    else:
        if run.start() == lo and lo > 0:
            return None  # no boundary within reach
    least = min_words or hr.min_words
    if count == 1 and text[head_start:head_end] in hr.single_word_heads:
        # 苏豪集团: one word will do before a company's head, if a name (by jieba's tag or unknown)
        word, tag = words[-1]
        if tag in hr.single_word_tags or len(word) > 1 and not _known(word):
            least = 1
    if count < least or head_start - start > hr.max_chars:
        return None
    if text.startswith(hr.local_prefixes, start) or (start > 0 and text[start - 1] in _IDENTIFIER):
        return None
    first_tag = words[len(words) - count][1]
    if first_tag.startswith("v") and first_tag != "vn":
        return None
    return start


_WORD = regex.compile(f"{_NAME_CHARS}+")


def _known(word: str) -> bool:
    _, posseg = jieba_modules()
    return word in posseg.dt.word_tag_tab


_IDENTIFIER = frozenset("-_./")  # X-lab开放实验室: a name does not start inside an identifier


def _cuts(toks: tuple[tuple[str, str], ...], base: int) -> list[int]:
    out, pos = [], base
    for word, _ in toks:
        pos += len(word)
        out.append(pos)
    return out


def head_names(text: str, taken: list[_Candidate], rules: _Rules) -> list[_Candidate]:
    """Names ending in a head, bounded by the sentence; names listed beside them; names
    coordinated before one head."""
    hr = _head_rules()
    out: list[_Candidate] = []
    for m in hr.head_re.finditer(text):
        start = _name_before(text, m.start(), m.end(), hr)
        if start is not None and text[start : m.end()] not in rules.not_entities:
            out.append(_Candidate(start, m.end(), hr.head_label[m.group()], "head"))
    out += _listed(text, out + [c for c in taken if c.source == "compound"], hr)
    return out + _coordinated(text, taken + out, hr, rules)


def _listed(text: str, found: list[_Candidate], hr: _HeadRules) -> list[_Candidate]:
    """Members of a list (A、B、C) that end in the same head as a name found in it; a member needs
    one word before the head, bounded as any head's name."""
    out = []
    heads = sorted(hr.head_label, key=len, reverse=True)
    for c in found:
        head = next((h for h in heads if text[: c.end].endswith(h)), None)
        if head is None:
            continue
        item = regex.compile(rf"\p{{Han}}{{1,{hr.max_chars}}}?{regex.escape(head)}")
        pos = c.end  # rightwards: 、B基金、C基金
        while pos < len(text) and text[pos] in hr.list_seps:
            m = item.match(text, pos + 1)
            if not m or _name_before(text, m.end() - len(head), m.end(), hr, 1) != m.start():
                break
            out.append(_Candidate(m.start(), m.end(), c.label, "head"))
            pos = m.end()
        pos = c.start  # leftwards: A基金、
        while pos > 1 and text[pos - 1] in hr.list_seps and text[: pos - 1].endswith(head):
            end = pos - 1
            start = _name_before(text, end - len(head), end, hr, 1)
            if start is None:
                break
            out.append(_Candidate(start, end, c.label, "head"))
            pos = start
    return out


_HAN = regex.compile(r"\p{Han}")


def _member_ok(text: str, start: int, end: int, head_len: int, hr: _HeadRules) -> bool:
    """A list member is a name: a run bounded by the list, the words before its head no clause."""
    if start > 0 and _HAN.match(text[start - 1]) and text[start - 1] not in hr.list_seps:
        return False
    return end - start > head_len and not _is_clause(text[start : end - head_len], hr)


def _coordinated_matches(text: str, hr: _HeadRules) -> Iterator[regex.Match[str]]:
    """`coordinated_re.finditer(text)`, searched only in the stretches a match can lie in."""
    for run in hr.coordinated_run.finditer(text):
        start, end = run.span()
        if hr.coordinated_head.search(text, start, end) is not None:
            yield from hr.coordinated_re.finditer(text, start, end)


def _coordinated(text: str, found: list[_Candidate], hr: _HeadRules, rules: _Rules) -> list[_Candidate]:
    """紫金山、太湖、钟山、云龙湖等实验室: each member names one of the head's kind; without 等
    the last member keeps the head (盐泰锡常宜高铁)."""
    out = []
    for m in _coordinated_matches(text, hr):
        label = hr.coordinated_label[m.group("head")]
        base = m.start("members")
        members = [(base + x.start(), base + x.end())
                   for x in regex.finditer(rf"[^{hr.co_seps}]+", m.group("members"))]
        s0, e0 = members[0]
        if s0 > 0 and _HAN.match(text[s0 - 1]):  # the list starts mid-clause: trim its first member
            toks = _tagged(text[s0:e0])
            while toks and (toks[0][1] in hr.boundary_tags or toks[0][0] in hr.clause_verbs
                            or toks[0][1].startswith("v")):
                s0 += len(toks[0][0])
                toks = toks[1:]
            if e0 - s0 < 2:
                continue
            members[0] = (s0, e0)
        if not m.group("deng"):
            members[-1] = (members[-1][0], m.end())
        if any(_is_clause(text[s:e], hr) for s, e in members):
            continue
        out += [_Candidate(s, e, label, "coordinated") for s, e in members]
    return out


def _is_clause(words: str, hr: _HeadRules) -> bool:
    return any(tag in hr.boundary_tags or word in hr.clause_verbs or (tag.startswith("v") and tag != "vn")
               for word, tag in _tagged(words))
