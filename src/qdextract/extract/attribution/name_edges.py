"""Where a subject's name begins and ends: not past its clause's modal verb or preposition, not
with a determiner of every kind, its names listed the one way. Word lists:
`data/attribution.yaml`, `data/cues.yaml`."""

from __future__ import annotations

import regex

from qdextract.extract.attribution.nouns import tagged
from qdextract.zh.lexicon import cues

_DIGIT_OR_YEAR = regex.compile(r"[年月日\d]")
_JOINED = regex.compile(r"(?<=\p{Han})(?:和|及|与)(?=\p{Han})")


def bounded_group(subject: str) -> bool:
    """`价值400万元以下物业`: things of a kind a figure bounds."""
    return bool(_DIGIT_OR_YEAR.search(subject)) and subject.endswith(cues().threshold_group_nouns)


def name_within_edges(subject: str, data) -> str:
    """The name without the words of its clause around it (a group's bound keeps its words: `至少于`)."""
    s = subject if bounded_group(subject) else _before_modal(subject, tuple(data.subject_cut_before))
    dropped = next((w for w in data.subject_determiners_dropped if s.startswith(w) and len(s) - len(w) >= 2), "")
    return _listed_names(s[len(dropped):], tuple(data.name_endings))


def _before_modal(subject: str, words: tuple[str, ...]) -> str:
    """`政府可于未来5年减省` -> `政府`: a name that runs on into its clause's modal verb or
    preposition (a whole word by jieba) ends before it."""
    k = 0
    for i, (word, _) in enumerate(tagged(subject)):
        if i > 0 and word in words and k >= 2:
            return subject[:k]
        k += len(word)
    return subject


def _listed_names(subject: str, endings: tuple[str, ...]) -> str:
    """`中海外及龙湖集团` -> `中海外、龙湖集团`: names joined by a word are listed with `、` when the
    last is a company or body by its ending (not a group's shared head: `中小学和幼稚园学生`)."""
    parts = _JOINED.split(subject)
    if len(parts) > 1 and parts[-1].endswith(endings) and all(2 <= len(p) <= 12 for p in parts):
        return "、".join(parts)
    return subject
