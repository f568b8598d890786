"""Persons: a name (jieba tags it nr) next to a title (财政司司长陈茂波, 习近平同志), before a verb of
saying (陈茂波说, 鲍威尔表示), or opening a headline before a colon (凌嘉勤：房协…). A name found so
is then found wherever else the document names it (see document.py)."""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from qdextract.extract.entities.rules import _Candidate, _Rules, _rules
from qdextract.text.segment import jieba_modules
from qdextract.zh.rules import data_file


@cache
def _person_rules() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str], int, int]:
    data = data_file("entities.yaml")["persons"]

    def alternation(words: list[str]) -> str:
        return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))

    after_title = regex.compile(rf"(?:{alternation(data['titles_after'])})")
    speech = regex.compile(rf"(?:{alternation(data['speech_verbs'])})")
    colon = regex.compile(r"(?:^|(?<=\n))(?:#+ *)?(?=\p{Han}{2,6}[:：])")
    return after_title, speech, colon, int(data["min_chars"]), int(data["max_chars"])


@lru_cache(maxsize=65536)
def _tagged(window: str) -> tuple[tuple[str, str], ...]:
    _, posseg = jieba_modules()
    return tuple((t.word, t.flag) for t in posseg.lcut(window))


def _is_name(tag: str) -> bool:
    return tag.startswith("nr")


def name_before(window: str) -> str | None:
    """The person's name that ends `window` (consecutive nr tokens: 格奥尔基 + 耶娃), if any."""
    *_, lo, hi = _person_rules()
    toks = _tagged(window.rstrip(" "))
    name = ""
    for word, tag in reversed(toks):
        if not _is_name(tag) or len(name) + len(word) > hi:
            break
        name = word + name
    return name if lo <= len(name) <= hi else None


def name_after(window: str) -> str | None:
    *_, lo, hi = _person_rules()
    toks = _tagged(window.lstrip(" "))
    name = ""
    for word, tag in toks:
        if not _is_name(tag) or len(name) + len(word) > hi:
            break
        name += word
    return name if lo <= len(name) <= hi else None


def persons(text: str, rules: _Rules | None = None) -> list[_Candidate]:
    """Persons next to a title, before a verb of saying or a headline's colon."""
    rules = rules or _rules()
    after_title, speech, colon, _, hi = _person_rules()
    out: list[_Candidate] = []
    title_ends = {m.end() for m in rules.person_re.finditer(text)}
    for m in rules.person_re.finditer(text):  # 省长孟凡利, 总统特朗普, 习近平总书记
        window = text[m.end() : m.end() + hi + 1]
        after = name_after(window)
        if after:
            start = m.end() + (len(window) - len(window.lstrip(" ")))
            out.append(_Candidate(start, start + len(after), "PERSON", "person"))
            continue
        before = _before(text, m.start(), hi)
        if before:
            out.append(before)
    for pattern in (after_title, speech, colon):  # 习近平同志, 陈茂波说, 凌嘉勤：
        for m in pattern.finditer(text):
            end = m.start() if pattern is not colon else m.end() + _han_run(text, m.end(), hi)
            found = _bracketed(text, end, title_ends, hi) or _before(text, end, hi)
            if found:
                out.append(found)
    # a known name is what the gazetteer says it is (白宫吁…, 马会表示…)
    return [c for c in out if text[c.start : c.end] not in rules.names]


def _han_run(text: str, start: int, hi: int) -> int:
    k = 0
    while k < hi and start + k < len(text) and _HAN.match(text[start + k]):
        k += 1
    return k


_HAN = regex.compile(r"\p{Han}")


def _bracketed(text: str, end: int, title_ends: set[int], hi: int) -> _Candidate | None:
    """The name between a title or the start of a clause and a verb of saying at `end`: the
    whole run of 2 to 4 characters when a title opens it (行政长官李家超表示, which jieba cuts
    李家/超表), else a run that jieba tags as a name standing alone (黄家荣称: 黄家/荣称 in context)."""
    *_, lo, _ = _person_rules()
    for k in range(min(4, hi), lo - 1, -1):
        start = end - k
        if start < 0 or not all(_HAN.match(c) for c in text[start:end]):
            continue
        if start in title_ends:
            return _Candidate(start, end, "PERSON", "person")
        if start == 0 or not _HAN.match(text[start - 1]):
            toks = _tagged(text[start:end])
            if toks and all(_is_name(tag) for _, tag in toks):
                return _Candidate(start, end, "PERSON", "person")
    return None


def _before(text: str, end: int, hi: int) -> _Candidate | None:
    window = text[max(0, end - hi - 1) : end]
    name = name_before(window)
    if not name:
        return None
    stripped = len(window) - len(window.rstrip(" "))
    start = end - stripped - len(name)
    return _Candidate(start, start + len(name), "PERSON", "person")
