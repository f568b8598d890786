"""The data files under `data/` (units and cue words), loaded once and checked on load.

Surfaces are written in Simplified Chinese. The number grammar runs on raw text as well as on
normalized text, so every literal is compiled with `literal()`, which accepts the Traditional and
full-width forms of each character (`萬`/`万`, `％`/`%`): raw offsets then need no mapping.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import re

import opencc
import yaml

# Characters a Traditional form may take: the CJK blocks and the compatibility ideographs.
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
# Width and punctuation variants the normalizer folds (see normalize.fold_width).
_EXTRA_VARIANTS = {":": "：∶", ".": "．﹒", "-": "－‐‑–", "~": "～〜"}


class LexiconError(ValueError):
    """A data file contradicts itself (one surface with two meanings)."""


@cache
def _traditional_forms() -> dict[str, str]:
    """Simplified character -> the other characters that normalize to it."""
    chars = [chr(cp) for lo, hi in _CJK_RANGES for cp in range(lo, hi)]
    simplified = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    forms: dict[str, str] = {}
    if len(simplified) != len(chars):  # a converter that merged lines: fall back to no variants
        return forms
    for trad, simp in zip(chars, simplified):
        if trad != simp and len(simp) == 1:
            forms[simp] = forms.get(simp, "") + trad
    return forms


def char_forms(ch: str) -> str:
    """Every form of one character the grammar should accept, the character itself first."""
    forms = ch + _traditional_forms().get(ch, "")
    if "!" <= ch <= "~":
        forms += chr(ord(ch) + 0xFEE0)
    forms += _EXTRA_VARIANTS.get(ch, "")
    return forms


def char_class(chars: str) -> str:
    """A regex character class matching the given characters in any script or width."""
    seen: dict[str, None] = {}
    for ch in chars:
        for form in char_forms(ch):
            seen[form] = None
    body = "".join("\\" + c if c in "\\]^-[" else c for c in seen)
    return f"[{body}]"


def literal(word: str) -> str:
    """A regex for `word` with each character in any script or width."""
    parts = []
    for ch in word:
        forms = char_forms(ch)
        if len(forms) == 1:
            parts.append(_escape(ch))
        else:
            parts.append(char_class(ch))
    return "".join(parts)


def fold_table(words) -> dict[int, str]:
    """A `str.translate` table from every other form of the words' characters to the form
    written in the data files: what a match of `alternation(words)` reads as."""
    table: dict[int, str] = {}
    for w in words:
        for ch in w:
            for form in char_forms(ch)[1:]:
                table[ord(form)] = ch
    return table


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """An alternation of literals that tries longer words first, so `个百分点` wins over `个`.

    It is written as a trie: the words that share a first character share one branch, and the
    words of one character make one class. The engine then tests each character of the text
    once against the first characters, not once per word (units: 130 words, 70 first
    characters). The words tried at a position are those the text spells there, a chain of
    prefixes, and the trie tries the longer of any two first, as a longest-first list does."""
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    empty = "|" if _END in trie else ""  # the empty word, tried last
    return "(?:" + _branches(trie) + empty + ")"


_END = ""


def _branches(node: dict[str, dict]) -> str:
    chars = [ch for ch in node if ch != _END]
    if len({f for ch in chars for f in char_forms(ch)}) < sum(len(set(char_forms(ch))) for ch in chars):
        # two characters with a form in common: two branches could match one character
        raise LexiconError(f"characters with a shared form in one word list: {''.join(chars)}")
    inner = sorted(ch for ch in chars if not _is_word_end(node[ch]))
    ends = sorted(ch for ch in chars if _is_word_end(node[ch]))
    parts = [literal(ch) + _optional(node[ch]) for ch in inner]
    if len(ends) == 1:
        parts.append(literal(ends[0]))
    elif ends:
        parts.append(char_class("".join(ends)))
    return "|".join(parts)


def _optional(node: dict[str, dict]) -> str:
    """What may follow a character: its branches, which a word ending there makes optional."""
    body = _branches(node)
    if _END not in node:
        return body if "|" not in body else f"(?:{body})"
    if all(_is_word_end(node[ch]) for ch in node if ch != _END):
        return f"(?:{body})?"  # one character or class, which `re` repeats without a loop
    return optional(body)


def _is_word_end(node: dict[str, dict]) -> bool:
    """Nothing follows: the character ends a word and no longer word goes on from it."""
    return set(node) == {_END}


def optional(body: str) -> str:
    """`body` or nothing, `body` tried first: `(?:body)?` written as a branch with an empty
    choice. `re` runs the branch without setting up the loop it sets up for a repeated group
    (anything more than one character class, a named group included)."""
    return f"(?:{body}|)"


def _escape(ch: str) -> str:
    return "\\" + ch if ch in r".^$*+?{}[]\|()/-" else ch


def _load_yaml(name: str) -> dict[str, Any]:
    text = resources.files("qdextract").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def places() -> tuple[dict[str, str], ...]:
    """The administrative divisions of data/places.tsv: rows of name, level and form (full/short)."""
    text = resources.files("qdextract").joinpath("data", "places.tsv").read_text(encoding="utf-8")
    lines = (ln for ln in text.splitlines() if not ln.startswith("#"))
    return tuple(csv.DictReader(lines, delimiter="\t"))


@dataclass(frozen=True, slots=True)
class Unit:
    surface: str
    unit: str
    kind: str
    multiplier: float = 1.0


def _add_unit(table: dict[str, Unit], unit: Unit) -> None:
    old = table.get(unit.surface)
    if old is not None and old != unit:
        raise LexiconError(f"unit surface {unit.surface!r} has two meanings: {old} and {unit}")
    table[unit.surface] = unit


@cache
def units() -> dict[str, Unit]:
    """Unit surface (Simplified) -> Unit, from data/units.yaml."""
    data = _load_yaml("units.yaml")
    table: dict[str, Unit] = {}
    for code, surfaces in data["currencies"].items():
        for s in surfaces:
            _add_unit(table, Unit(s, code, "money"))
    for s, mult in data["percent"].items():
        _add_unit(table, Unit(s, "%", "percent", float(mult)))
    for s in data["percentage_points"]:
        _add_unit(table, Unit(s, "pp", "percentage_point"))
    for code, surfaces in data["durations"].items():
        for s in surfaces:
            _add_unit(table, Unit(s, code, "duration"))
    for s in data["multiples"]:
        _add_unit(table, Unit(s, "times", "ratio"))
    for s in data["counters"]:
        _add_unit(table, Unit(s, s, "count"))
    for s in data["measures"]:
        _add_unit(table, Unit(s, s, "other"))
    return table


def _check_disjoint(section: str, mapping: dict[str, list[str]]) -> dict[str, str]:
    """Invert `meaning -> surfaces`, refusing a surface listed under two meanings."""
    inverted: dict[str, str] = {}
    for meaning, surfaces in mapping.items():
        for s in surfaces:
            if inverted.get(s, meaning) != meaning:
                raise LexiconError(f"cue {s!r} in {section} means both {inverted[s]} and {meaning}")
            inverted[s] = meaning
    return inverted


@dataclass(frozen=True, slots=True)
class Cues:
    qualifier_before: dict[str, str]
    qualifier_after: dict[str, str]
    direction: dict[str, str]
    level_after_verb: tuple[str, ...]
    difference_verbs: dict[str, str]
    from_markers: tuple[str, ...]
    yoy: tuple[str, ...]
    base_markers: tuple[str, ...]
    base_markers_before_figure: tuple[str, ...]
    figure_verbs: dict[str, str]
    modality: dict[str, str]
    forecast_will_verbs: tuple[str, ...]
    not_cues: tuple[str, ...]
    heading_modality: dict[str, str]
    actual_cues: tuple[str, ...]
    per_unit: tuple[str, ...]
    per_unit_condition_verbs: tuple[str, ...]
    per_unit_schedule: tuple[str, ...]
    non_claim_nouns_after: tuple[str, ...]
    money_context_before: tuple[str, ...]
    money_context_after: tuple[str, ...]
    count_nouns: tuple[str, ...]
    metric_leading: tuple[str, ...]
    metric_trailing: tuple[str, ...]
    metric_result_verbs: tuple[str, ...]
    metric_flow_verbs: tuple[str, ...]
    metric_stock_words: tuple[str, ...]
    counted_group_suffixes: tuple[str, ...]
    share_verbs: tuple[str, ...]
    share_nouns: tuple[str, ...]
    copulas: tuple[str, ...]
    action_noun_verbs: tuple[str, ...]
    verb_noun_tails: tuple[str, ...]
    streak_markers: tuple[str, ...]
    streak_lead_words: tuple[str, ...]
    subject_blocking_words: tuple[str, ...]
    zero_subjects: tuple[str, ...]
    joint_verbs: tuple[str, ...]
    group_words: tuple[str, ...]
    example_list_ends: tuple[str, ...]
    group_subject_suffixes: tuple[str, ...]
    clause_connectives: tuple[str, ...]
    rate_nouns: dict[str, str]
    metric_cut_after: tuple[str, ...]
    metric_verb_nouns: tuple[str, ...]
    spending_metrics: tuple[str, ...]
    spending_purpose_verbs: tuple[str, ...]
    deed_verbs: tuple[str, ...]
    object_verbs: tuple[str, ...]
    metric_splitters: tuple[str, ...]
    subject_suffix_blockers: tuple[str, ...]
    period_openers: tuple[str, ...]
    period_names: dict[str, tuple[int, int]]
    half_years: dict[str, str]
    quarters: dict[str, str]
    names: tuple[str, ...]
    enumerator_suffixes: tuple[str, ...]
    section_words: tuple[str, ...]
    subject_suffixes: tuple[str, ...]
    subject_extensions: tuple[str, ...]
    subject_names: tuple[str, ...]
    clause_breaks: str


@cache
def cues() -> Cues:
    """Cue words from data/cues.yaml."""
    d = _load_yaml("cues.yaml")
    names = tuple(d["names"])
    if len(set(names)) != len(names):
        raise LexiconError("cues.yaml lists a name twice")
    clash = set(names) & set(d["period_names"])
    if clash:
        raise LexiconError(f"cues.yaml lists {sorted(clash)} both as names and as periods")
    return Cues(
        qualifier_before=_check_disjoint("qualifier_before", d["qualifier_before"]),
        qualifier_after=_check_disjoint("qualifier_after", d["qualifier_after"]),
        direction=_check_disjoint("direction", d["direction"]),
        level_after_verb=tuple(d["level_after_verb"]),
        difference_verbs=_check_disjoint("difference_verbs", d["difference_verbs"]),
        from_markers=tuple(d["from_markers"]),
        yoy=tuple(d["yoy"]),
        base_markers=tuple(d["base_markers"]),
        base_markers_before_figure=tuple(d["base_markers_before_figure"]),
        figure_verbs=_check_disjoint("figure_verbs", d["figure_verbs"]),
        modality=_check_disjoint("modality", d["modality"]),
        forecast_will_verbs=tuple(d["forecast_will_verbs"]),
        not_cues=tuple(d["not_cues"]),
        heading_modality=_check_disjoint("heading_modality", d["heading_modality"]),
        actual_cues=tuple(d["actual_cues"]),
        per_unit=tuple(d["per_unit"]),
        per_unit_condition_verbs=tuple(d["per_unit_condition_verbs"]),
        per_unit_schedule=tuple(d["per_unit_schedule"]),
        non_claim_nouns_after=tuple(d["non_claim_nouns_after"]),
        money_context_before=tuple(d["money_context_before"]),
        money_context_after=tuple(d["money_context_after"]),
        count_nouns=tuple(d["count_nouns"]),
        metric_leading=tuple(d["metric_leading"]),
        metric_trailing=tuple(d["metric_trailing"]),
        metric_result_verbs=tuple(d["metric_result_verbs"]),
        metric_flow_verbs=tuple(d["metric_flow_verbs"]),
        metric_stock_words=tuple(d["metric_stock_words"]),
        counted_group_suffixes=tuple(d["counted_group_suffixes"]),
        share_verbs=tuple(d["share_verbs"]),
        share_nouns=tuple(d["share_nouns"]),
        copulas=tuple(d["copulas"]),
        action_noun_verbs=tuple(d["action_noun_verbs"]),
        verb_noun_tails=tuple(d["verb_noun_tails"]),
        streak_markers=tuple(d["streak_markers"]),
        streak_lead_words=tuple(d["streak_lead_words"]),
        subject_blocking_words=tuple(d["subject_blocking_words"]),
        zero_subjects=tuple(d["zero_subjects"]),
        joint_verbs=tuple(d["joint_verbs"]),
        group_words=tuple(d["group_words"]),
        example_list_ends=tuple(d["example_list_ends"]),
        group_subject_suffixes=tuple(d["group_subject_suffixes"]),
        clause_connectives=tuple(d["clause_connectives"]),
        rate_nouns=dict(d["rate_nouns"]),
        metric_cut_after=tuple(d["metric_cut_after"]),
        metric_verb_nouns=tuple(d["metric_verb_nouns"]),
        spending_metrics=tuple(d["spending_metrics"]),
        spending_purpose_verbs=tuple(d["spending_purpose_verbs"]),
        deed_verbs=tuple(d["deed_verbs"]),
        object_verbs=tuple(d["object_verbs"]),
        metric_splitters=tuple(d["metric_splitters"]),
        subject_suffix_blockers=tuple(d["subject_suffix_blockers"]),
        period_openers=tuple(d["period_openers"]),
        period_names={k: (int(v[0]), int(v[1])) for k, v in d["period_names"].items()},
        half_years=dict(d["half_years"]),
        quarters=dict(d["quarters"]),
        names=names,
        enumerator_suffixes=tuple(d["enumerator_suffixes"]),
        section_words=tuple(d["section_words"]),
        subject_suffixes=tuple(d["subject_suffixes"]),
        subject_extensions=tuple(d["subject_extensions"]),
        subject_names=tuple(d["subject_names"]),
        clause_breaks=d["clause_breaks"],
    )


def joint_head(verbs: tuple[str, ...]) -> re.Pattern[str]:
    """A clause head naming a joint undertaking, `A与B合作的“X”` (group `name`: X), on
    normalized text: what the partners undertake together is what its figures are about."""
    return re.compile(rf"[^，,；;。：:]{{1,20}}?(?:与|和|同)[^，,；;。：:]{{1,16}}?(?:{'|'.join(map(re.escape, verbs))})"
                      r"的 ?[“\"「] ?(?P<name>[^”\"」，,；;。 ]{1,12}) ?[”\"」]")


def counts_listed_examples(text: str, q_start: int) -> bool:
    """The figure counts a list given by examples (`揭阳中石油炼化一体化等23个…项目`): the names
    before `等` are some of those counted, not what the figure is about."""
    return text[:q_start].rstrip().endswith(cues().example_list_ends)
