"""Readers of the figures written in a form of their own: fiscal years, ranks, percent words,
discounts, 成, fractions, powers and scientific notation (`quantity_grammar` finds them)."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from qdextract.extract.quantity_grammar import Grammar
from qdextract.models import Quantity
from qdextract.zh.numerals import fold, read_number

_NEGATIVE = ("负", "負")
_LIST_JOINS = frozenset(("、", "和", "与", "及", "與"))
# After a rank, what ends it: punctuation or the end (`居全国第5位。`), not a noun (`第一位女性`).
_RANK_END = re.compile(r"[，,；;。！!？?、）)\]】”\"\s]|$")
# Ordinals that open a word of their own, not a rank (`全国第一产业`, `第一方阵`).
_NOT_A_RANK = ("产业", "方阵", "梯队", "阵营", "档")


def plain(text: str, m: re.Match[str], value: Decimal | float | None, unit: str | None,
          kind: str, hint: str | None = None, unit_surface: str | None = None,
          low: float | None = None, high: float | None = None, period: str | None = None,
          qualifier: str = "exact") -> Quantity:
    start, end = m.span()
    v = as_float(value)
    if value is not None and v is None:  # a power or a string of digits past any float
        return Quantity(start, end, text[start:end], None, None, None, None, "other", None,
                        "exact", None, "name")
    return Quantity(start, end, text[start:end], v, v if low is None else low,
                    v if high is None else high, unit, kind, unit_surface, qualifier, period, hint)


def as_float(value: Decimal | float | None) -> float | None:
    """The float of a value, None when there is none or it is past any float (no inf, no nan)."""
    if value is None:
        return None
    try:
        v = float(value)
    except OverflowError:
        return None
    return v if math.isfinite(v) else None


def number(s: str | None) -> Decimal | None:
    """A number as written, `负` before it making it negative."""
    if not s:
        return None
    negative = s.startswith(_NEGATIVE)
    value = read_number(fold(s[1:] if negative else s))
    return -value if negative and value is not None else value


# ---------------------------------------------------------------------------------------------
# Fiscal years

def read_fiscal(text: str, m: re.Match[str]) -> Quantity | None:
    """`2017/18年度`, `1997-98年度`, `97-98年`: the span `2017-2018`; None when the second year
    does not follow the first (`2017/19`, `10-11年`: something else)."""
    y1_text, y2_text = fold(m.group("fy1")), fold(m.group("fy2"))
    suffix = m.group("fysuf").strip()
    if len(y1_text) == 2:
        # a two-digit year stands only before 年度, or before 年 in the last century (`97-98年`)
        if not suffix or (suffix == "年" and int(y1_text) < 50):
            return None
        y1 = (1900 if int(y1_text) >= 50 else 2000) + int(y1_text)
    else:
        y1 = int(y1_text)
    y2 = int(y2_text) if len(y2_text) == 4 else (y1 // 100) * 100 + int(y2_text)
    if len(y2_text) == 2 and y2 < y1:
        y2 += 100  # `1999/00`
    if y2 != y1 + 1 or not 1900 <= y1 <= 2100:
        return None
    return plain(text, m, None, None, "period", "period", low=float(y1), high=float(y2),
                 period=f"{y1}-{y2}")


# ---------------------------------------------------------------------------------------------
# Ranks

def _rank_context(text: str, start: int, g: Grammar) -> bool:
    return g.rank_before.search(text, max(0, start - 8), start) is not None


def read_rank_word(text: str, m: re.Match[str], g: Grammar) -> Quantity:
    """`居全国首位`, `稳居榜首`: first place; `首位` elsewhere (`放在首位`) states no rank."""
    word = m.group("rankw")
    folded = word.translate(g.unit_fold)
    if g.rank_before.search(folded) is None and not _rank_context(text, m.start(), g):
        return plain(text, m, None, None, "other", "name")
    return plain(text, m, g.rank_words[folded], "rank", "rank")


def read_ordinal(text: str, m: re.Match[str], g: Grammar) -> Quantity:
    """`第5位` after `居全国`, `全国第一`: a rank; other ordinals (`第4个`, `第十四届`) are not
    figures (kept as ordinals, with the counter written as unit_surface)."""
    n = number(m.group("ord"))
    counter = m.group("ord_unit")
    folded = counter.translate(g.unit_fold) if counter else None
    rank_shaped = folded is None or folded in g.rank_counters
    if rank_shaped and not text.startswith(_NOT_A_RANK, m.end()):
        if _rank_context(text, m.start(), g) or (folded is not None and _RANK_END.match(text, m.end())):
            return plain(text, m, n, "rank", "rank")
    return plain(text, m, n, None, "other", "ordinal", unit_surface=counter)


def listed_ranks(text: str, found: list[Quantity]) -> list[Quantity]:
    """`居全国第5、第6位`, `分列第四和第五`: an ordinal listed after a rank is one too."""
    for i in range(1, len(found)):
        q, prev = found[i], found[i - 1]
        if q.role_hint != "ordinal" or prev.unit != "rank" or q.value is None:
            continue
        if q.unit_surface is not None and q.unit_surface.strip() not in ("位", "名"):
            continue
        if text[prev.end:q.start].strip() in _LIST_JOINS:
            found[i] = Quantity(q.start, q.end, q.text, q.value, q.value, q.value, "rank", "rank")
    return found


# ---------------------------------------------------------------------------------------------
# Percent in words, discounts and 成

def read_percent_words(text: str, m: re.Match[str], g: Grammar) -> Quantity:
    """`百分之五` 5 %, `千分之五` 0.5 %, `万分之五` 0.05 %."""
    word = m.group("pwword").translate(g.unit_fold)
    n = number(m.group("pw"))
    value = None if n is None else n * Decimal(str(g.percent_words[word]))
    kilo = m.group("pwk")
    if value is not None and kilo:  # `百分之3.2k`
        value *= Decimal(1_000_000) if fold(kilo).lower() in ("m", "ｍ") else Decimal(1000)
    return plain(text, m, value, "%", "percent", unit_surface=m.group("pwword"))


def _tenths(written: str) -> Decimal | None:
    """A discount or 成 as written (`七五`, `八点五`, `9.9`, `3`) in percent: 75, 85, 99, 30."""
    digits = fold(written).replace(" ", "")
    n = read_number(digits)
    if n is None:
        return None
    if "." in digits or "点" in digits or len(digits) == 1:
        return n * 10
    return n  # two digits: `七五`, `75`


def read_discount(text: str, m: re.Match[str], g: Grammar) -> Quantity:
    """`打七五折` 75 %, `低至3折` 30 %, `9.9折` 99 %, `半折` 50 %: the price in percent of the full one."""
    if m.group("zhe_half") is not None:
        value: Decimal | None = Decimal(50)
    else:
        value = _tenths(m.group("zhe"))
    return plain(text, m, value, "%", "percent", unit_surface=text[m.end() - 1:m.end()])


def read_cheng(text: str, m: re.Match[str]) -> Quantity:
    """`三成` 30 %, `三成半` 35 %, `七成六` 76 %, `八点五成` 85 %, `半成` 5 %."""
    written = m.group("cheng")
    n = None if written == "半" else read_number(fold(written))
    value = Decimal(5) if written == "半" else (None if n is None else n * 10)
    extra = m.group("chalf")
    if value is not None and extra is not None:
        value += Decimal(5) if extra == "半" else (read_number(fold(extra)) or Decimal(0))
    surface_end = m.start("chalf") if extra is not None else m.end()
    return plain(text, m, value, "%", "percent", unit_surface=text[surface_end - 1:surface_end])


# ---------------------------------------------------------------------------------------------
# Fractions, powers, scientific notation

def read_fraction(text: str, m: re.Match[str]) -> Quantity:
    """`三分之一`, `1/10`, `3又一千分之23`, `1 3/5`; a fraction alone on its line (`—— 1/3 ——`)
    counts articles or pages, no figure."""
    if m.group("den") is not None:
        den, numer = number(m.group("den")), number(m.group("numer"))
        whole = number(m.group("fwhole"))
    else:
        numer, den = number(m.group("fa")), number(m.group("fb"))
        whole = number(m.group("fw"))
        if whole is None and m.group("fwhole") is not None:
            whole = number(m.group("fwhole"))
        if (whole is None and numer is not None and den is not None and 1 <= numer <= den
                and numer == int(numer) and den == int(den) and _alone_on_line(text, m.start(), m.end())):
            return plain(text, m, numer, None, "other", "enumerator")  # `1/3`: the first of three
    value = None if not den or numer is None else numer / den
    if value is not None and whole is not None:
        value = whole - value if whole < 0 else whole + value  # `负一又二分之一`: -1.5
    return plain(text, m, value, "ratio", "ratio")


def _alone_on_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    rest = text[line_start:start] + text[end:len(text) if line_end < 0 else line_end]
    return not any(ch.isalnum() for ch in rest)


def _signed(s: str) -> tuple[int, str]:
    """(sign, digits) of `--23`, `+23`, `－1`: each minus turns the sign."""
    folded = fold(s)
    body = folded.lstrip("+-")
    return (-1 if folded[:len(folded) - len(body)].count("-") % 2 else 1), body


def read_power(text: str, m: re.Match[str]) -> Quantity:
    """`2^5` 32, `2.5^-1` 0.4, `-1.1^--23`; None past any float."""
    base = read_number(fold(m.group("pa")))
    sign, digits = _signed(m.group("pb"))
    exponent = read_number(digits)
    value: float | None = None
    if base is not None and exponent is not None and abs(exponent) <= 1000:
        try:
            value = math.pow(float(base), sign * float(exponent))
        except (OverflowError, ValueError, ZeroDivisionError):
            value = None
    if value is None:
        return plain(text, m, None, None, "other", "name")
    return plain(text, m, value, None, "other")


def read_scientific(text: str, m: re.Match[str]) -> Quantity:
    """`2e5` 200000, `-12e-1` -1.2, `２.７８９０e－１` 0.2789."""
    mantissa = read_number(fold(m.group("sa")))
    sign, digits = _signed(m.group("sb"))
    try:
        value = None if mantissa is None else mantissa.scaleb(sign * int(digits))
    except (InvalidOperation, ValueError):
        value = None
    return plain(text, m, value, None, "other")
