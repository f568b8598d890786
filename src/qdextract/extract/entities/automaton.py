"""The gazetteer's names and blockers as one Aho-Corasick automaton: every occurrence in a text,
nested and overlapping ones included, in one pass (what spaCy's span_ruler finds on char tokens,
without building a Doc)."""

from __future__ import annotations

from functools import cache
from typing import Any

from qdextract.extract.entities.rules import BLOCK, _rules


@cache
def gazetteer_automaton() -> Any:  # pyahocorasick ships no type information
    import ahocorasick

    rules = _rules()
    labels: dict[str, list[str]] = {}
    for word, label in rules.names.items():
        labels.setdefault(word, []).append(label)
    for word in rules.blockers:
        labels.setdefault(word, []).append(BLOCK)
    automaton = ahocorasick.Automaton()
    for word, word_labels in labels.items():
        automaton.add_word(word, (len(word), tuple(word_labels)))
    automaton.make_automaton()
    return automaton


def gazetteer_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of every gazetteer name and blocker occurring in text."""
    out: list[tuple[int, int, str]] = []
    for last, (length, labels) in gazetteer_automaton().iter(text):
        start = last + 1 - length
        out.extend((start, last + 1, label) for label in labels)
    return out


__all__ = ["gazetteer_automaton", "gazetteer_matches"]
