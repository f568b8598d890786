"""The currency a bare 元 stands for in a document: that of the place the document is about.

`港元`, `澳门元`, `新台币` name their currency wherever they stand; a bare `元` does not. A Hong
Kong budget article writes `300萬元` for Hong Kong dollars, a provincial report `300万元` for
yuan. The place is decided from the document's own text: the place whose names and currency
words it holds most, by a clear margin (data/units.yaml, `currency_by_place`); else CNY.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from qdextract.zh.lexicon import LexiconError, alternation, fold_table, unit_lists
from qdextract.zh.rules import check_keys

DEFAULT = "CNY"


@dataclass(frozen=True, slots=True)
class PlaceCurrencies:
    bare: frozenset[str]              # surfaces that name no country's currency (元, 块)
    words: re.Pattern[str]            # every place and currency word, in either script
    sentence_words: re.Pattern[str]   # those and the words that count within a sentence only
    fold: dict[int, str]              # a match -> its word as written in the data
    currency_of: dict[str, str]       # word -> currency code
    in_sentence: dict[str, str]       # the same, with the sentence-only words
    foreign_words: tuple[str, ...]    # the words, as written in the data, of places not of DEFAULT
    simplified_words: re.Pattern[str]  # the words as written in the data only, longest first
    min_mentions: int
    dominance: float


@cache
def place_currencies() -> PlaceCurrencies:
    raw = check_keys("units.yaml", unit_lists().currency_by_place,
                     {"bare", "min_mentions", "dominance", "places", "sentence_places"})
    currency_of = _places(raw["places"])
    in_sentence = _places(raw["sentence_places"], currency_of)
    return PlaceCurrencies(
        bare=frozenset(raw["bare"]),  # type: ignore[arg-type]
        words=re.compile(alternation(list(currency_of))),
        sentence_words=re.compile(alternation(list(in_sentence))),
        fold=fold_table(in_sentence),
        currency_of=currency_of,
        in_sentence=in_sentence,
        foreign_words=tuple(w for w, code in currency_of.items() if code != DEFAULT),
        # (a plain alternation: on Simplified text it scans ten times faster than `words`)
        simplified_words=re.compile("|".join(map(re.escape, sorted(currency_of, key=len, reverse=True)))),
        min_mentions=int(raw["min_mentions"]),  # type: ignore[call-overload]
        dominance=float(raw["dominance"]),  # type: ignore[arg-type]
    )


def _places(places: object, known: dict[str, str] | None = None) -> dict[str, str]:
    """`{code: [words]}` inverted, on top of `known`; a word of two currencies is an error."""
    currency_of = dict(known or {})
    for code, words in places.items():  # type: ignore[attr-defined]
        if code not in unit_lists().currencies:
            raise LexiconError(f"data/units.yaml: currency_by_place names {code!r}, no currency")
        for w in words:
            if currency_of.get(w, code) != code:
                raise LexiconError(f"data/units.yaml: {w!r} is a place of {currency_of[w]} and {code}")
            currency_of[w] = code
    return currency_of


def document_currency(texts: Iterable[str], simplified: bool = False) -> str:
    """The currency of a bare 元 in the document whose texts are given (its passages).
    `simplified`: the texts are in Simplified script (`text_norm`), so a document naming no
    place of another currency is told at once by plain substring search."""
    pc = place_currencies()
    counts: Counter[str] = Counter()
    if simplified:
        joined = "\n".join(texts)
        if not any(word in joined for word in pc.foreign_words):
            return DEFAULT
        for word, n in Counter(pc.simplified_words.findall(joined)).items():
            counts[pc.currency_of[word]] += n
    else:
        for text in texts:
            for m in pc.words.finditer(text):
                counts[pc.in_sentence[m.group().translate(pc.fold)]] += 1
    if not counts:
        return DEFAULT
    (top, n), *rest = counts.most_common()
    runner_up = rest[0][1] if rest else 0
    if top != DEFAULT and n >= pc.min_mentions and n >= pc.dominance * runner_up:
        return top
    return DEFAULT


def local_currency(unit: str | None, unit_surface: str | None, currency: str,
                   sentence: str = "") -> str | None:
    """`unit` with a bare 元 read as `currency` (the document's), or as that of the only places
    its `sentence` names: `元` in a Hong Kong article is HKD, unless the sentence is about the
    mainland alone; `人民币`, `港元` and every other unit stay as they are."""
    if unit != DEFAULT or currency == DEFAULT:
        return unit
    pc = place_currencies()
    if unit_surface is None or unit_surface.strip().translate(_unit_fold()) in pc.bare:
        return _sentence_currency(sentence, currency) if sentence else currency
    return unit


@lru_cache(maxsize=256)
def _sentence_currency(sentence: str, currency: str) -> str:
    pc = place_currencies()
    named = {pc.in_sentence[m.group().translate(pc.fold)] for m in pc.sentence_words.finditer(sentence)}
    return named.pop() if len(named) == 1 else currency


@cache
def _unit_fold() -> dict[int, str]:
    return fold_table(place_currencies().bare)
