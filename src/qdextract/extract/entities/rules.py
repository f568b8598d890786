"""The entity rules, loaded once from data/entities.yaml, data/places.tsv and data/structure.yaml."""


from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex

from qdextract.extract.entities.gazetteer import check_label, gazetteer
from qdextract.models import record
from qdextract.zh.rules import data_file

MODEL_ENV = "QDEXTRACT_SPACY_MODEL"


CHAR_CONFIG = {"nlp": {"tokenizer": {"segmenter": "char"}}}


RULER = "qdextract_ruler"  # the span_ruler component


COMPONENTS = ("qdextract_names", "qdextract_rules", "qdextract_resolve")


NAMES_KEY = "qdextract_names"  # doc.spans key of the ruler's raw matches


SPANS_KEY = "qdextract"  # doc.spans key of the resolved mentions


BLOCK = "QDEXTRACT_BLOCK"  # label of the blockers' patterns


# Pieces are joined into Docs of about this many characters: spaCy's char tokenizer copies the
# rest of the text for each character (its time grows with the square of a Doc's length), and a
# Doc per sentence pays the per-Doc cost hundreds of times.
_CHUNK_CHARS = 2000


# Priority when two candidates cover the same characters (lower wins after length).
_PRIORITY = {"title": 0, "quoted": 1, "heading": 2, "person": 3, "coordinated": 4, "compound": 5,
             "gazetteer": 6, "head": 7, "form": 8, "model": 9}


_NAME_CHARS = r"[\p{Han}A-Za-z0-9·]"


_NAME_CHAR = regex.compile(_NAME_CHARS)


_NAME = regex.compile(f"{_NAME_CHARS}+")


_NON_SPACE = regex.compile(r"\S+")


_SPACE = regex.compile(r"\s")


@record
class _Candidate:
    start: int  # offsets into the Doc's (normalized) text
    end: int
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class _Rules:
    names: dict[str, str]
    blockers: frozenset[str]
    check_start: frozenset[str]
    check_boundary: frozenset[str]
    prefixes: frozenset[str]
    tail_re: regex.Pattern[str]
    head_label: dict[str, str]
    need_middle: frozenset[str]
    city_port_heads: frozenset[str]
    end_only: frozenset[str]
    place_heads: frozenset[str]
    word_heads: frozenset[str]
    ordinal_re: regex.Pattern[str]
    org_anchor_bad_tags: frozenset[str]
    middle_bad_first_tags: frozenset[str]
    bad_tags: frozenset[str]
    bad_chars: frozenset[str]
    glue_words: frozenset[str]
    quoted_re: regex.Pattern[str]
    quote_kind_re: regex.Pattern[str]
    quote_kind_label: dict[str, str]
    quote_before_re: regex.Pattern[str]
    quote_before_label: dict[str, str]
    quote_endings: tuple[tuple[str, str], ...]
    quote_max_chars: int
    heading_res: tuple[regex.Pattern[str], ...]
    heading_bad_first_tags: frozenset[str]
    title_re: regex.Pattern[str]
    law_words: tuple[str, ...]
    person_re: regex.Pattern[str]
    not_entities: frozenset[str]
    model_labels: frozenset[str]
    model_label_map: dict[str, str]
    compound_anchor_labels: frozenset[str]
    generic_middles: tuple[str, ...]
    end_word_heads: frozenset[str]
    learnable: frozenset[str]
    middle_first_ok: frozenset[str]
    document_year_labels: frozenset[str]
    pattern_names: tuple[tuple[regex.Pattern[str], str], ...]
    abbreviation_run_re: regex.Pattern[str]
    camel_case_label: str
    bare_heads: frozenset[str]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _rules() -> _Rules:
    data = data_file("entities.yaml")
    gaz = gazetteer()
    names = dict(gaz.names)
    check_boundary = set(gaz.check_boundary)
    check_start = set(gaz.check_start)
    for w in data["prefixes"]:
        names[w] = "GPE"
        check_start.add(w)
    blockers = set(data["blockers"])
    short = sorted(w for w in blockers if len(w) < 2)
    if short:  # it would match inside every word
        raise ValueError(f"entities: one-character names {short}")

    head_label: dict[str, str] = {}
    for label, heads in data["suffixes"].items():
        _check_label(label)
        for h in heads:
            if head_label.setdefault(h, label) != label:
                raise ValueError(f"entities.yaml: head {h} has two labels")
    tail = rf"(?P<mid>{_NAME_CHARS}{{0,{int(data['max_middle_chars'])}}}?)(?P<head>{_alternation(head_label)})"

    quoted = data["quoted"]
    kind_label = {w: label for label, ws in quoted["kinds"].items() for w in ws}
    for label in quoted["kinds"]:
        _check_label(label)
    endings = tuple(
        sorted(((w, label) for label, ws in quoted["endings"].items() for w in ws), key=lambda x: -len(x[0]))
    )
    inner = rf"{_NAME_CHARS}{{1,{quoted['max_chars']}}}"
    one = rf"(?:“(?P<a>{inner})”|\"(?P<b>{inner})\"|「(?P<c>{inner})」|『(?P<d>{inner})』)"
    gap = regex.escape(quoted["gap_chars"])
    kind_gap = rf"(?:[{gap}]{{0,{quoted['max_gap']}}}|等{_NAME_CHARS}{{0,{quoted['max_words_after_deng']}}}?)"
    before_label = {w: label for label, ws in quoted["kinds_before"].items() for w in ws}
    for label in quoted["kinds_before"]:
        _check_label(label)
    ordinal = data["ordinal_events"]
    number = r"[〇零一二三四五六七八九十百千两\d]{1,4}"
    ordinal_re = (rf"第{number}届(?P<mid>{_NAME_CHARS}{{0,{int(ordinal['max_middle_chars'])}}}?)"
                  rf"(?:{_alternation(ordinal['heads'])})(?:第{number}次(?:全体)?会议)?")
    structure = data_file("structure.yaml")
    titles = data["titles"]
    return _Rules(
        names=names,
        blockers=frozenset(blockers),
        check_start=frozenset(check_start),
        check_boundary=frozenset(check_boundary),
        prefixes=frozenset(data["prefixes"]),
        end_only=frozenset(data["end_only"]),
        place_heads=frozenset(data["place_heads"]),
        word_heads=frozenset(data["word_heads"]),
        ordinal_re=regex.compile(ordinal_re),
        org_anchor_bad_tags=frozenset(data["org_anchor_bad_tags"]),
        middle_bad_first_tags=frozenset(data["middle_bad_first_tags"]),
        tail_re=regex.compile(tail),
        head_label=head_label,
        need_middle=frozenset(data["need_middle"]),
        city_port_heads=frozenset(data["city_port_heads"]),
        bad_tags=frozenset(data["middle_bad_tags"]),
        bad_chars=frozenset(data["middle_bad_chars"]),
        glue_words=frozenset(data["glue_words"]),
        quoted_re=regex.compile(one),
        quote_kind_re=regex.compile(rf"[、,]?{kind_gap}(?P<kind>{_alternation(kind_label)})"),
        quote_kind_label=kind_label,
        quote_before_re=regex.compile(rf"(?P<kind>{_alternation(before_label)})$"),
        quote_before_label=before_label,
        quote_endings=endings,
        quote_max_chars=int(quoted["max_chars"]),
        heading_res=tuple(regex.compile(h["pattern"]) for h in structure["headings"]),
        heading_bad_first_tags=frozenset(data["heading_names"]["bad_first_tags"]),
        title_re=regex.compile(rf"《(?P<t>[^《》\n]{{1,{titles['max_chars']}}})》"),
        law_words=tuple(titles["law_words"]),
        person_re=regex.compile(rf"(?:{_alternation(data['person_titles'])})"),
        not_entities=frozenset(data["not_entities"]),
        model_labels=frozenset(data["model_labels"]),
        model_label_map=dict(data["model_label_map"]),
        compound_anchor_labels=frozenset(data["compound_anchor_labels"]),
        generic_middles=tuple(data["generic_middles"]),
        end_word_heads=frozenset(data["end_word_heads"]),
        learnable=frozenset(data["document"]["learn_from"]),
        middle_first_ok=frozenset(data["middle_first_ok"]),
        document_year_labels=frozenset(data["with_year"]),
        pattern_names=tuple((regex.compile(p["pattern"]), _checked(p["label"])) for p in data["patterns"]),
        abbreviation_run_re=_abbreviation_run(),
        camel_case_label=_checked(data["camel_case_label"]),
        bare_heads=frozenset(data["bare_heads"]),
    )


def _checked(label: str) -> str:
    _check_label(label)
    return label


def _abbreviation_run() -> regex.Pattern[str]:
    more = data_file("places_more.yaml")
    chars = regex.escape(more["province_abbreviations"])
    return regex.compile(rf"(?<![{chars}])[{chars}]{{{int(more['abbreviation_run_min'])},}}(?![{chars}])")


def _check_label(label: str) -> None:
    check_label(label, "entities.yaml")
