"""The place a document is about, and the forms of place names that say it: a report's title or
date line names its province or prefecture (`2026年江苏省政府工作报告` -> 江苏), else its currency
says (a document in 港元 is about 香港); and the place a whole-area word (`全省`, `全市`) stands for."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from qdextract.extract.attribution.nouns import autonomous_regions
from qdextract.models import Passage
from qdextract.text.normalize import norm
from qdextract.zh.currency import document_currency
from qdextract.zh.lexicon import places


@cache
def full_place_names() -> frozenset[str]:
    return frozenset(row["name"] for row in places() if row["form"] == "full")


@cache
def place_forms() -> tuple[dict[str, tuple[str, str]], regex.Pattern[str]]:
    """Each province or prefecture name, full or short -> (short form, level), and a pattern
    finding them (longest first)."""
    rows = [r for r in places() if r["level"] in ("province", "prefecture")]
    short = {r["name"]: r["level"] for r in rows if r["form"] == "short"}
    forms: dict[str, tuple[str, str]] = {name: (name, level) for name, level in short.items()}
    for r in rows:
        if r["form"] == "full":
            base = next((r["name"][:k] for k in range(len(r["name"]) - 1, 1, -1)
                         if short.get(r["name"][:k]) == r["level"]), None)
            if base:
                forms.setdefault(r["name"], (base, r["level"]))
    names = sorted(forms, key=len, reverse=True)
    return forms, regex.compile("|".join(map(regex.escape, names)))


@cache
def municipalities() -> frozenset[str]:
    """Short names of the provinces that are cities (天津市 -> 天津): their reports say `全市`."""
    forms, _ = place_forms()
    return frozenset(short for name, (short, level) in forms.items()
                     if level == "province" and name != short and name.endswith("市"))


def own_place(passages: list[Passage], title_passages: int, by_currency: dict[str, str]) -> tuple[str, str] | None:
    """(name, level) of the place the document is about: the first province or prefecture its
    title or date line names (`2026年江苏省政府工作报告` -> 江苏), else the place its currency
    says (a document in 港元 is about 香港); None when neither says."""
    forms, pattern = place_forms()
    top = sorted(passages, key=lambda p: p.char_start)[:title_passages]
    for p in top:
        if p.kind != "title" and not p.text.lstrip().startswith("——"):
            continue
        m = pattern.search(norm(p.text))
        if m:
            return forms[m.group()]
    place = by_currency.get(document_currency(p.text_norm or p.text for p in passages))
    return (place, place) if place else None


def area_place(level: str, place: tuple[str, str] | None, names_before: Iterable[str], suffix: str) -> str | None:
    """What a whole-area word of `level` stands for: the document's own place when it is at the
    word's level (or is the place the word names); for `全市` in a document with none, the city
    named last before it in the paragraph (`names_before`, nearest first), in full with `suffix`
    (青岛 -> 青岛市)."""
    if level == "region":  # `全区`: the region when the document is about one, else no one
        return place[0] if place is not None and place[0] in autonomous_regions() else None
    if level not in ("province", "prefecture"):
        return level  # `本港`: the word names its place
    if place is not None and (level in place or (level == "prefecture" and place[0] in municipalities())):
        return place[0]  # (`全市` in a municipality's report: 天津)
    if place is not None or level != "prefecture":
        return None
    forms, _ = place_forms()
    for name in names_before:
        full = name if name in full_place_names() else name + suffix
        if forms.get(full, ("", ""))[1] == "prefecture" and full in full_place_names():
            return full
    return None
