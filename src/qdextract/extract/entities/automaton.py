"""The gazetteer's names and blockers as one Aho-Corasick automaton: every occurrence in a text,
nested and overlapping ones included, in one pass (what spaCy's span_ruler finds on char tokens,
without building a Doc)."""

from __future__ import annotations

from functools import cache

import ahocorasick_rs

from qdextract.extract.entities.rules import BLOCK, _rules


@cache
def gazetteer_automaton() -> tuple[ahocorasick_rs.AhoCorasick, list[tuple[str, ...]]]:
    """The automaton over every distinct word and, by pattern index, the word's labels."""
    rules = _rules()
    labels: dict[str, list[str]] = {}
    for word, label in rules.names.items():
        labels.setdefault(word, []).append(label)
    for word in rules.blockers:
        labels.setdefault(word, []).append(BLOCK)
    # Standard match semantics: with overlapping=True every occurrence of every word is reported
    automaton = ahocorasick_rs.AhoCorasick(list(labels), matchkind=ahocorasick_rs.MatchKind.Standard)
    return automaton, [tuple(word_labels) for word_labels in labels.values()]


def gazetteer_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of every gazetteer name and blocker occurring in text, by end position."""
    automaton, labels = gazetteer_automaton()
    out: list[tuple[int, int, str]] = []
    for index, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
        out.extend((start, end, label) for label in labels[index])
    return out


__all__ = ["gazetteer_automaton", "gazetteer_matches"]
