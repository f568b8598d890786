import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qdextract.zh.lexicon import LexiconError, alternation, literal, units

WORDS = ["个", "个月", "个百分点", "个工作日", "元", "人", "人次", "人民币", "平方米", "平米", "万", "万元"]


def _longest_first(words: list[str]) -> str:
    """The plain form: one branch per word, longer words first."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(literal(w) for w in ordered) + ")"


@given(st.text(alphabet=list("个個月百分点點工作日元人次民币幣平方米万萬X"), max_size=8))
def test_the_trie_matches_as_the_longest_first_list(text):
    for suffix in ("", "X", "(?![月次])"):  # what follows can send the engine back into the words
        trie = re.compile(alternation(WORDS) + suffix)
        plain = re.compile(_longest_first(WORDS) + suffix)
        for start in range(len(text) + 1):
            got, want = trie.match(text, start), plain.match(text, start)
            assert (got and got.group()) == (want and want.group())


def test_the_units_alternation_matches_every_unit_in_both_scripts():
    pattern = re.compile(alternation(list(units())) + r"\Z")
    for surface in units():
        assert pattern.match(surface), surface
    assert pattern.match("個百分點") and pattern.match("萬元") is None  # 萬元 is not one unit


def test_the_empty_word_is_tried_last():
    assert re.fullmatch(alternation(["", "ab"]) + "b", "b")


def test_two_characters_with_a_shared_form_are_refused():
    with pytest.raises(LexiconError, match="shared form"):
        alternation(["台", "臺"])


def test_a_rule_file_with_an_unknown_or_missing_key_is_refused(monkeypatch) -> None:
    """The loader names the file and the key; no rule is silently ignored."""
    from dataclasses import dataclass

    import pytest

    from qdextract.zh import rules

    @dataclass(frozen=True)
    class Two:
        first: tuple[str, ...]
        second: int

    monkeypatch.setattr(rules, "data_file", lambda name: {"first": ["a"], "third": 1})
    with pytest.raises(rules.RulesError, match=r"data/x\.yaml: unknown key\(s\) \['third'\]; missing key\(s\) \['second'\]"):
        rules.load_rules("x.yaml", Two)
    monkeypatch.setattr(rules, "data_file", lambda name: {"first": ["a"], "second": "2"})
    assert rules.load_rules("x.yaml", Two) == Two(("a",), 2)
