"""The data files under `data/` (units and cue words), loaded once and checked on load.

Surfaces are written in Simplified Chinese. The number grammar runs on raw text as well as on
normalized text, so every literal is compiled with `literal()`, which accepts the Traditional and
full-width forms of each character (`萬`/`万`, `％`/`%`): raw offsets then need no mapping.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache

import opencc

from qdextract.zh.rules import RulesError, check_keys, data_text, load_rules

# Characters a Traditional form may take: the CJK blocks and the compatibility ideographs.
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
# Width and punctuation variants the normalizer folds (see normalize.fold_width).
_EXTRA_VARIANTS = {":": "：∶", ".": "．﹒", "-": "－‐‑–", "~": "～〜"}


class LexiconError(RulesError):
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


@cache
def longest_first(words: tuple[str, ...]) -> str:
    """Longest-first alternation of literal words, as they are written (cached: word lists are fixed)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


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


@cache
def places() -> tuple[dict[str, str], ...]:
    """The administrative divisions of data/places.tsv: rows of name, level and form (full/short)."""
    text = data_text("places.tsv")
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


@dataclass(frozen=True, slots=True)
class UnitLists:
    """data/units.yaml: unit surfaces by kind."""
    currencies: dict[str, list[str]]
    currency_parts: dict[str, list]
    currency_by_place: dict[str, object]
    money_counter: str
    money_counter_cues: tuple[str, ...]
    percent: dict[str, float]
    percent_words: dict[str, float]
    discount: dict[str, object]
    percentage_points: tuple[str, ...]
    durations: dict[str, list[str]]
    multiples: tuple[str, ...]
    counters: tuple[str, ...]
    measures: tuple[str, ...]
    word_starts: dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class Discount:
    """How a discount is written (`七五折`): its marker, the words for half, and what the
    marker never precedes as a discount."""
    marker: str
    halves: tuple[str, ...]
    not_before: tuple[str, ...]


@cache
def unit_lists() -> UnitLists:
    data = load_rules("units.yaml", UnitLists)
    for surface, part in data.currency_parts.items():
        if len(part) != 2 or part[0] not in data.currencies:
            raise LexiconError(f"data/units.yaml: currency part {surface!r} needs [currency code, value], "
                               f"got {part!r}")
    if data.money_counter not in data.counters:
        raise LexiconError(f"data/units.yaml: money_counter {data.money_counter!r} is not a counter")
    return data


@cache
def discount() -> Discount:
    raw = unit_lists().discount
    check_keys("units.yaml", raw, {"marker", "halves", "not_before"})
    return Discount(str(raw["marker"]), tuple(raw["halves"]), tuple(raw["not_before"]))  # type: ignore[arg-type]


@cache
def currency_parts() -> dict[str, tuple[str, float]]:
    """`毛` -> ("CNY", 0.1): smaller units of a currency, read after an amount in it."""
    return {s: (str(p[0]), float(p[1])) for s, p in unit_lists().currency_parts.items()}


@cache
def units() -> dict[str, Unit]:
    """Unit surface (Simplified) -> Unit, from data/units.yaml."""
    data = unit_lists()
    table: dict[str, Unit] = {}
    for code, surfaces in data.currencies.items():
        for s in surfaces:
            _add_unit(table, Unit(s, code, "money"))
    for s, mult in data.percent.items():
        _add_unit(table, Unit(s, "%", "percent", float(mult)))
    for s in data.percentage_points:
        _add_unit(table, Unit(s, "pp", "percentage_point"))
    for code, surfaces in data.durations.items():
        for s in surfaces:
            _add_unit(table, Unit(s, code, "duration"))
    for s in data.multiples:
        _add_unit(table, Unit(s, "times", "ratio"))
    for s in data.counters:
        _add_unit(table, Unit(s, s, "count"))
    for s in data.measures:
        _add_unit(table, Unit(s, s, "other"))
    return table


def _disjoint(name: str, key: str, mapping: dict[str, list[str]]) -> dict[str, str]:
    """Invert `meaning -> surfaces`, refusing a surface listed under two meanings."""
    inverted: dict[str, str] = {}
    for meaning, surfaces in mapping.items():
        for s in surfaces:
            if inverted.get(s, meaning) != meaning:
                raise LexiconError(f"data/{name}: cue {s!r} in {key} means both {inverted[s]} and {meaning}")
            inverted[s] = meaning
    return inverted


def _year_spans(name: str, key: str, mapping: dict[str, list[int]]) -> dict[str, tuple[int, int]]:
    return {k: (int(v[0]), int(v[1])) for k, v in mapping.items()}


_SURFACES = {"load": _disjoint}  # a cue list whose keys are meanings: surface -> meaning


@dataclass(frozen=True, slots=True)
class Cues:
    """data/cues.yaml: the cue words of the claim grammar, one field a key."""
    qualifier_before: dict[str, str] = field(metadata=_SURFACES)
    qualifier_after: dict[str, str] = field(metadata=_SURFACES)
    direction: dict[str, str] = field(metadata=_SURFACES)
    level_after_verb: tuple[str, ...]
    difference_verbs: dict[str, str] = field(metadata=_SURFACES)
    from_markers: tuple[str, ...]
    yoy: tuple[str, ...]
    base_markers: tuple[str, ...]
    relative_base_markers: tuple[str, ...]
    relative_base_year_before: tuple[str, ...]
    relative_base_period_before: tuple[str, ...]
    relative_base_chained: tuple[str, ...]
    own_basis_words: tuple[str, ...]
    past_openers: tuple[str, ...]
    base_markers_before_figure: tuple[str, ...]
    base_marker_not_after: tuple[str, ...]
    figure_verbs: dict[str, str] = field(metadata=_SURFACES)
    modality: dict[str, str] = field(metadata=_SURFACES)
    forecast_will_verbs: tuple[str, ...]
    not_cues: tuple[str, ...]
    cue_noun_before: dict[str, str]
    review_weak_cues: tuple[str, ...]
    heading_modality: dict[str, str] = field(metadata=_SURFACES)
    actual_cues: tuple[str, ...]
    per_unit: tuple[str, ...]
    per_unit_condition_verbs: tuple[str, ...]
    per_unit_schedule: tuple[str, ...]
    non_claim_nouns_after: tuple[str, ...]
    duration_frame_before: tuple[str, ...]
    duration_frame_after: tuple[str, ...]
    threshold_after: tuple[str, ...]
    threshold_before: tuple[str, ...]
    threshold_members: tuple[str, ...]
    threshold_member_before: tuple[str, ...]
    pointing_back: tuple[str, ...]
    index_context: tuple[str, ...]
    rate_context: tuple[str, ...]
    milestone_nouns: tuple[str, ...]
    money_context_before: tuple[str, ...]
    money_context_after: tuple[str, ...]
    count_nouns: tuple[str, ...]
    people_nouns: tuple[str, ...]
    metric_leading: tuple[str, ...]
    metric_trailing: tuple[str, ...]
    metric_result_verbs: tuple[str, ...]
    metric_flow_verbs: tuple[str, ...]
    metric_stock_words: tuple[str, ...]
    metric_total_words: tuple[str, ...]
    counted_group_suffixes: tuple[str, ...]
    share_verbs: tuple[str, ...]
    share_nouns: tuple[str, ...]
    copulas: tuple[str, ...]
    action_noun_verbs: tuple[str, ...]
    verb_noun_tails: tuple[str, ...]
    streak_markers: tuple[str, ...]
    streak_lead_words: tuple[str, ...]
    subject_blocking_words: tuple[str, ...]
    joint_verbs: tuple[str, ...]
    group_words: tuple[str, ...]
    enterprise_group_endings: tuple[str, ...]
    resident_groups: tuple[str, ...]
    resident_measures: tuple[str, ...]
    count_measures: tuple[str, ...]
    example_list_ends: tuple[str, ...]
    group_subject_suffixes: tuple[str, ...]
    clause_connectives: tuple[str, ...]
    rate_nouns: dict[str, str]
    metric_cut_after: tuple[str, ...]
    metric_verb_nouns: tuple[str, ...]
    list_shorthands: dict[str, list[str]]
    topic_noun_stops: tuple[str, ...]
    topic_noun_time_ends: tuple[str, ...]
    topic_noun_leads: tuple[str, ...]
    estimate_words: tuple[str, ...]
    measure_heads_tagged_verb: tuple[str, ...]
    spending_metrics: tuple[str, ...]
    spending_purpose_verbs: tuple[str, ...]
    deed_verbs: tuple[str, ...]
    counted_then_verbs: tuple[str, ...]
    object_verbs: tuple[str, ...]
    grouping_classifiers: tuple[str, ...]
    metric_splitters: tuple[str, ...]
    subject_suffix_blockers: tuple[str, ...]
    subject_suffix_blocking_words: tuple[str, ...]
    threshold_group_nouns: tuple[str, ...]
    threshold_group_causes: tuple[str, ...]
    threshold_group_lead_chars: int
    suffix_words_not_places: tuple[str, ...]
    running_total_words: tuple[str, ...]
    running_total_verbs: tuple[str, ...]
    period_openers: tuple[str, ...]
    period_opener_leads: tuple[str, ...]
    period_topic_verbs: tuple[str, ...]
    relative_years: dict[str, int]
    anaphoric_years: tuple[str, ...]
    fiscal_year_form: str
    fiscal_relative: dict[str, int]
    fiscal_year_start_month: int
    relative_spans: str
    open_spans: str
    year_to_date: tuple[str, ...]
    time_joiners: tuple[str, ...]
    date_lines: tuple[str, ...]
    date_line_chars: int
    today_words: tuple[str, ...]
    period_names: dict[str, tuple[int, int]] = field(metadata={"load": _year_spans})
    half_years: dict[str, str]
    quarters: dict[str, str]
    months_from_start: tuple[str, ...]
    names: tuple[str, ...]
    rank_before: tuple[str, ...]
    rank_counters: tuple[str, ...]
    rank_placing_verbs: tuple[str, ...]
    record_predicates: tuple[str, ...]
    rank_words: dict[str, int]
    session_after: tuple[str, ...]
    name_forms: tuple[str, ...]
    enumerator_suffixes: tuple[str, ...]
    section_words: tuple[str, ...]
    subject_suffixes: tuple[str, ...]
    subject_extensions: tuple[str, ...]
    subject_names: tuple[str, ...]
    clause_breaks: str


@cache
def cues() -> Cues:
    """Cue words from data/cues.yaml."""
    c = load_rules("cues.yaml", Cues)
    if len(set(c.names)) != len(c.names):
        raise LexiconError("data/cues.yaml lists a name twice")
    clash = set(c.names) & set(c.period_names)
    if clash:
        raise LexiconError(f"data/cues.yaml lists {sorted(clash)} both as names and as periods")
    c.quarters.update({w: code for w, code in _months_from_start(c.months_from_start).items()
                       if w not in c.quarters})
    return c


_SMALL_NUMERALS = ("", "", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一")
_MONTH_SPAN_CODES = {3: "Q1", 6: "H1", 9: "Q1-Q3"}


def _months_from_start(prefixes: tuple[str, ...]) -> dict[str, str]:
    """`首8个月`, `前两个月` (N from 2 to 11) -> the span of months from January (`01/08`)."""
    out = {}
    for prefix in prefixes:
        for n in range(2, 12):
            code = _MONTH_SPAN_CODES.get(n, f"01/{n:02d}")
            for numeral in {str(n), _SMALL_NUMERALS[n], "二" if n == 2 else _SMALL_NUMERALS[n]}:
                out[f"{prefix}{numeral}个月"] = code
    return out


def joint_head(verbs: tuple[str, ...]) -> re.Pattern[str]:
    """A clause head naming a joint undertaking, `A与B合作的“X”` (group `name`: X), on
    normalized text: what the partners undertake together is what its figures are about."""
    return re.compile(rf"[^，,；;。：:]{{1,20}}?(?:与|和|同)[^，,；;。：:]{{1,16}}?(?:{'|'.join(map(re.escape, verbs))})"
                      r"的 ?[“\"「] ?(?P<name>[^”\"」，,；;。 ]{1,12}) ?[”\"」]")


_LIST_TAIL = re.compile(r"[^，,；;。：:！!？?（(）)“”\s]+$")
_LIST_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,10}")


def counts_listed_examples(text: str, q_start: int, value: float | None = None) -> bool:
    """The figure counts a list given by examples (`揭阳中石油炼化一体化等23个…项目`), or the whole
    list it ends when as many names stand before it as it counts (`荆州、孝感、黄冈3个过三千亿元城市`,
    `value` the count): the names are those counted, not what the figure is about."""
    head = text[:q_start].rstrip()
    if head.endswith(cues().example_list_ends):
        return True
    if value is None or value != int(value) or not 2 <= value <= 12:
        return False
    tail = _LIST_TAIL.search(head)
    items = tail.group().split("、") if tail else []
    return len(items) == value and all(_LIST_ITEM.fullmatch(item) for item in items)
