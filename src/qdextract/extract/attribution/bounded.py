"""Groups a figure bounds or sizes at a clause's head, and where a suffixed name ends: the
grammar's subject (`phrases`) reads them. Word lists: `data/cues.yaml`."""

from __future__ import annotations

import re
from functools import cache

from qdextract.extract.attribution.nouns import tagged
from qdextract.extract.claims.patterns import _alt, _patterns
from qdextract.extract.claims.sentence import _role, _Sentence
from qdextract.text.segment import word_bounds
from qdextract.zh.lexicon import cues

_SIZED_NAME = re.compile(r"的?(?P<name>[^，,；;。：:、\d的“”\"《》]{2,16})[，,；;。：:]?")


def sized_name(sent: _Sentence, at: int, end: int) -> str | None:
    """`疫情时成立的2000多亿元防疫抗疫基金`, `组建总规模1000亿元的省…引导基金`: a sum right before a
    name that ends its clause is the size of what it names, which is then the subject (a count
    before a name counts it: `新建5个…样板县`)."""
    p = _patterns()
    m = _SIZED_NAME.fullmatch(sent.text, at, end)
    if m is None:
        return None
    name = m.group("name").strip()
    if not p.suffix_at_end.search(name) or p.not_subject.search(name) or suffix_inside_word(name, name):
        return None
    return name


def threshold_group(sent: _Sentence, at: int, limit: int) -> str | None:
    """`400万元以下住宅`, `价值300万至少于400万元的住宅`, `成人票价10元或以下的路线`: things of a
    kind bounded by a figure (a qualifier of the subject, no claim) at the clause head are the group
    whose figures follow."""
    c = cues()
    lead = next((w for w in c.threshold_group_causes if sent.text.startswith(w, at)), "")
    at += len(lead)  # `令楼价400万元的住宅单位印花税…`: what the measure does to the group
    inside = [t for t in sent.quantities if at <= t.start < limit]
    if not inside or inside[0].start - at > c.threshold_group_lead_chars:
        return None
    lead_words = tagged(sent.text[at:inside[0].start])
    if lead_words and lead_words[0][1] == "t":  # `去年400万元以下住宅…`: a time word, not the group's
        at += len(lead_words[0][0])
    end = inside[0].end
    for t in inside[1:]:  # `300万至少于400万元`: the bounds of a range
        if t.start - end > c.threshold_group_lead_chars:
            break
        end = t.end
    m = _threshold_group_noun().match(sent.text, end, limit)
    if m is None:
        return None
    roles = [_role(sent, t) for t in inside if t.start < m.end()]
    if "claim" in roles or "subject_qualifier" not in roles:
        return None
    return sent.text[at:m.end()]


@cache
def _threshold_group_noun() -> re.Pattern[str]:
    return re.compile(rf"[^，,；;。：:\d]{{0,8}}?(?:{_alt(cues().threshold_group_nouns)})")


def suffix_inside_word(head: str, subject: str) -> bool:
    """`新增境内外上市|公司`: a one-character suffix (市) that ends inside a word. Only those are
    checked with jieba: a longer suffix (集团, 产业带) is a word of its own."""
    suffix = _patterns().suffix_at_end.search(subject)
    if suffix is not None and len(suffix.group()) > 1:
        return False
    if subject.endswith(cues().suffix_words_not_places):
        return True
    return len(subject) not in word_bounds(head)
