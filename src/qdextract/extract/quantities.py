"""Every numeric mention in a text: value, bounds, unit, kind and span.

One compiled pattern (`quantity_grammar`) scans the text once. It runs on the raw text directly,
so its offsets need no mapping: `q.text == text[q.start:q.end]` always. Normalizing the whole text
first would cost more than the scan itself; each matched surface is folded on its own instead
(`numerals.fold`). Format characters (Unicode Cf: U+200B, U+FEFF, …) are the one exception: a
text holding one is read without them, and the offsets mapped back (`1\u200b000萬元` is 1000萬元).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from qdextract.extract.quantity_forms import (
    listed_ranks,
    number,
    plain,
    read_cheng,
    read_discount,
    read_fiscal,
    read_fraction,
    read_ordinal,
    read_percent_words,
    read_power,
    read_rank_word,
    read_scientific,
)
from qdextract.extract.quantity_grammar import Grammar, grammar
from qdextract.models import Quantity
from qdextract.periods import with_year
from qdextract.text.normalize import strip_format_chars
from qdextract.zh.lexicon import Unit
from qdextract.zh.numerals import UNKNOWN_DIGIT, fold, read_number, read_vague, step_of

__all__ = ["extract_quantities", "grammar"]

# Years a bare four-digit number or a `…年` is read as.
YEAR_MIN, YEAR_MAX = 1900, 2100


# ---------------------------------------------------------------------------------------------
# Reading a match

_FROM_MARKERS = ("从", "由", "從")
_LEADING_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")


@cache
def _magnitude(mag: str) -> Decimal:
    """万 -> 1e4, 千万 -> 1e7, 万亿 -> 1e12 (folded surface); 1 for none."""
    if not mag:
        return Decimal(1)
    return read_number("1" + mag) or Decimal(1)


@dataclass(slots=True)  # not frozen: one is built per figure, and frozen init costs 5x more
class _Amount:
    """One side of a figure before it becomes a Quantity (never changed once built)."""

    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    unit: Unit | None
    unit_surface: str | None
    approx: bool
    magnitude: str
    start: int
    end: int
    numeral: str  # the folded number as written: `一` of `一场` ("a"), years

    def scaled(self, factor: Decimal) -> _Amount:
        mul = (lambda x: None if x is None else x * factor)
        return _Amount(mul(self.value), mul(self.low), mul(self.high), self.unit,
                       self.unit_surface, self.approx, self.magnitude, self.start, self.end,
                       self.numeral)


def _unit(g: Grammar, surface: str | None) -> Unit | None:
    if not surface:
        return None
    return g.units.get(surface.translate(g.unit_fold))


# The group names of each side of an amount, in the order _read_amount reads them.
_AMOUNT_GROUPS = {
    side: tuple(side + name for name in ("num", "more1", "more2", "mag", "unit", "cnum", "cmore1",
                                         "cmore2", "cmag", "cunit", "cbig", "cbmore", "part", "kilo"))
    for side in ("a", "b")
}
_NEGATIVE = ("负", "負")
_KILO = {"k": Decimal(1000), "m": Decimal(1_000_000)}
_HALF_WIDTH = {ord("ｋ"): "k", ord("ｍ"): "m"}
# A number that a lone Latin letter follows (`-2.5 M`, `5 G`) is part of a name or a code.
_LETTER_AFTER = re.compile(r" ?[A-Za-zＡ-Ｚａ-ｚ](?![A-Za-zＡ-Ｚａ-ｚ])")
_MAG_CHUNK = re.compile(r"(\d+(?:\.\d+)?)(\D+)$")  # the last `digits + units` of a magnitude


def _read_amount(m: re.Match[str], p: str, g: Grammar, start: int, end: int) -> _Amount | None:
    """One side (`a` or `b`, spanning start..end) of an amount match."""
    (num, more1, more2, mag, unit_text, cnum, cmore1, cmore2, cmag, cunit, cbig,
     cbmore, part, kilo) = m.group(*_AMOUNT_GROUPS[p])  # one call for all groups
    if num is not None:
        more = more1 or more2
    elif (num := cnum) is not None:
        more = cmore1 or cmore2
        mag, unit_text = cmag, cunit
    else:
        num, more, mag, unit_text = cbig, cbmore, None, None
    negative = num.startswith(_NEGATIVE)
    if negative:
        num = num[1:]
    folded = num if num.isascii() and num.isdigit() else fold(num)  # plain digits fold to themselves
    mag = fold(mag) if mag else ""
    unit = _unit(g, unit_text)
    if unit is not None and unit_text and _starts_word(g, m, p, unit_text):
        unit, unit_text = None, None  # `750萬 單程證`: the unit's character begins a word
        end = _rstrip_end(m.string, start, m.start(p + "unit"))
    if unit is not None and unit.unit == g.money_counter and g.money_counter_cue.search(
            m.string, max(0, m.start() - 8), m.start()):
        unit = g.units["元"]  # `花费三块`: the yuan, as people say it
    if UNKNOWN_DIGIT in folded:
        bounds = read_vague(folded)
        if bounds is None:
            return None
        mult = _magnitude(mag)
        return _Amount(None, bounds[0] * mult, bounds[1] * mult, unit, unit_text, True, mag,
                       start, end, folded)
    if mag and not mag.isdigit() and any(ch.isdigit() for ch in mag):
        # `6億2千萬`, `5万4千6百`: the magnitude goes on with groups of its own
        value = read_number(folded + mag)
        chunk = _MAG_CHUNK.search(mag)
        if chunk is None:
            return None
        step_digits: Decimal | None = Decimal(chunk.group(1))
        step_mag = chunk.group(2)
    else:
        base = read_number(folded)
        value = None if base is None else base * _magnitude(mag)
        step_digits, step_mag = base, mag
    if value is None or step_digits is None:
        return None
    factor = _KILO[kilo.lower().translate(_HALF_WIDTH)] if kilo else None
    if factor is not None:  # `12k个百分点`
        value = value * factor
    if negative:
        value = -value
    if part is not None:
        added = _money_part(g, unit, part)
        if added is None:  # not a smaller unit of this currency: the amount ends before it
            end = _rstrip_end(m.string, start, m.start(p + "part"))
        else:
            value += added
    high = value
    if more:  # `3万余`: up to the next step of the last digit written (worked out only here)
        step = step_of(step_digits) * _magnitude(step_mag)
        high = value + (step * factor if factor is not None else step)
    return _Amount(value, value, high, unit, unit_text, bool(more), mag, start, end, folded)


def _starts_word(g: Grammar, m: re.Match[str], p: str, unit_text: str) -> bool:
    after = g.word_starts.get(unit_text.translate(g.unit_fold))
    return after is not None and m.string.startswith(after, m.end(p + "unit"))


_PART = re.compile(r"^[又零]?(?P<n>\d{1,2}|[一二两三四五六七八九])(?P<u>\D+?)(?:(?P<n2>\d|[一二两三四五六七八九])分)?$")


def _money_part(g: Grammar, unit: Unit | None, part: str) -> Decimal | None:
    """`三毛` after `五元`: 0.3, in the amount's currency; None when it is not one of its parts."""
    if unit is None or unit.kind != "money":
        return None
    m = _PART.match(fold(part.strip()).translate(g.unit_fold))
    if m is None:
        return None
    code, size = g.parts.get(m.group("u"), ("", 0.0))
    if code != unit.unit:
        return None
    value = Decimal(str(read_number(m.group("n")))) * Decimal(str(size))
    if m.group("n2") is not None:
        value += Decimal(str(read_number(m.group("n2")))) * Decimal(str(g.parts["分"][1]))
    return value


def _f(x: Decimal | None, scale: float) -> float | None:
    if x is None:
        return None
    try:
        v = float(x) * scale if scale != 1.0 else float(x)
    except OverflowError:
        return None
    return v if math.isfinite(v) else None


def _quantity(text: str, start: int, a: _Amount, hint: str | None = None) -> Quantity:
    unit = a.unit
    scale = unit.multiplier if unit is not None else 1.0
    value = _f(a.value, scale)
    low = value if a.low is a.value else _f(a.low, scale)  # mostly one Decimal: convert it once
    high = value if a.high is a.value else _f(a.high, scale)
    if (value is None and a.value is not None) or (low is None and a.low is not None):
        return _not_a_figure(text, start, a.end)  # beyond any float: a code or an id, no figure
    return Quantity(
        start, a.end, text[start:a.end], value, low, high,
        unit.unit if unit is not None else None, unit.kind if unit is not None else "other",
        a.unit_surface, "approx" if a.approx else "exact", None, hint,
    )


def _not_a_figure(text: str, start: int, end: int, hint: str = "name") -> Quantity:
    return Quantity(start, end, text[start:end], None, None, None, None, "other", None, "exact",
                    None, hint)


def _listed(q: Quantity | None) -> list[Quantity]:
    return [] if q is None else [q]


def _single(text: str, a: _Amount) -> Quantity | None:
    """A figure that is not a range: a plain amount, a year, or part of a Latin name (PM2.5)."""
    g = grammar()
    start, end = a.start, a.end
    before = text[max(0, start - 3):start].rstrip()
    if before and before[-1].isascii() and before[-1].isalpha():
        number = _LEADING_NUMBER.match(text, start)
        name_end = number.end() if number else end
        return _not_a_figure(text, start, name_end)
    if a.unit is not None:
        unit_start = end - len(a.unit_surface or "")
        if g.name_form.match(text, unit_start) or (
                a.unit.unit == "届" and g.session_tail.match(text, end)) or (
                a.unit.unit == "次" and g.session_before.search(text, max(0, start - 12), start)):
            return _not_a_figure(text, start, end)  # `三年行动`, `二十届四中全会`, `十三届七次、八次全会`
        if a.unit.unit in _MARKET_UNITS:
            market = _market_figure(text, a, g)
            if market is not None:
                # `一点`, `两点要求`: a Chinese numeral with no unit is no figure at all
                return None if market.role_hint == "word" and not a.numeral[:1].isdigit() else market
        article = a.numeral == "一" and not a.approx and a.unit.kind in ("count", "duration")
        return _quantity(text, start, a, "article" if article else None)
    after = text[end:end + 1]
    if (after.isascii() and after.isalpha()) or _LETTER_AFTER.match(text, end):
        return _quantity(text, start, a, "name")
    if (not a.magnitude and not a.approx and a.value is not None and a.numeral.isdigit()
            and len(a.numeral) == 4 and YEAR_MIN <= a.value <= YEAR_MAX):
        year = float(a.value)
        return Quantity(start, end, text[start:end], year, year, year, None, "period", None,
                        "exact", a.numeral, "year")
    return _quantity(text, start, a)


_MARKET_UNITS = frozenset(("点", "点子", "%"))
_CONTEXT = 40  # characters before a figure searched for a market or a rate
_TIME_AFTER_POINT = re.compile(r"[钟鐘半整分0-9０-９]|多钟|多鐘")


def _market_figure(text: str, a: _Amount, g: Grammar) -> Quantity | None:
    """Units that only the words around a figure make one: `点` is an index point where a market
    is spoken of (else a time or a point made: no figure), `厘` a percent of interest, and
    `点子` of an interest rate a hundredth of a percentage point. None: read as any figure."""
    unit = a.unit
    assert unit is not None
    surface = (a.unit_surface or "").translate(g.unit_fold)
    if unit.unit == "%" and surface != "厘":
        return None
    window = max(0, a.start - _CONTEXT)
    if unit.unit == "点":
        if _TIME_AFTER_POINT.match(text, a.end) or not g.index_context.search(text, window, a.start):
            return _not_a_figure(text, a.start, a.end, "word")
        return None
    if unit.unit == "%":  # `4厘`
        return None if g.rate_context.search(text, window, a.start) else _not_a_figure(text, a.start, a.end, "word")
    if g.rate_context.search(text, window, a.start) and a.value is not None:  # `减息25点子`: 0.25 pp
        value = float(a.value) / 100
        return Quantity(a.start, a.end, text[a.start:a.end], value, value, value, "pp",
                        "percentage_point", a.unit_surface)
    return None


def _read_range(text: str, m: re.Match[str], a: _Amount, b: _Amount) -> Quantity | None:
    """`30%-50%`, `10亿至20亿元`, `3-5万`: one quantity, or None when the two do not pair."""
    sep = fold(m.group("rsep"))
    if sep in ("至", "到") and text[max(0, a.start - 1):a.start] in _FROM_MARKERS:
        return None  # 从A至B: a change from A to B, read by the claims
    if a.unit is not None and b.unit is not None and a.unit.kind != b.unit.kind:
        return None
    if not a.magnitude and b.magnitude:
        a = a.scaled(_magnitude(b.magnitude))
    if a.low is None or b.high is None or a.low > b.high:
        return None
    approx = a.approx or b.approx
    mid = None if approx or a.value is None or b.value is None else (a.value + b.value) / 2
    merged = _Amount(mid, a.low, b.high, b.unit or a.unit, b.unit_surface or a.unit_surface,
                     approx, b.magnitude, a.start, b.end, a.numeral)
    return _quantity(text, a.start, merged)


def _read_figure(text: str, m: re.Match[str], g: Grammar) -> tuple[list[Quantity], int]:
    """The quantities of an `amount` match, and where to scan on from."""
    if m.group("rsep") is None:
        a = _read_amount(m, "a", g, m.start(), m.end())
        if a is None:
            return [], m.end()
        return _listed(_single(text, a)), a.end  # before a smaller unit of another currency, if any
    sep_start, sep_end = m.span("rsep")
    a = _read_amount(m, "a", g, m.start(), _rstrip_end(text, m.start(), sep_start))
    if a is None:
        return [], sep_end
    b_start = _lstrip_start(text, m.end("rq") if m.group("rq") else sep_end, m.end())
    b = _read_amount(m, "b", g, b_start, m.end())
    if b is not None:
        q = _read_range(text, m, a, b)
        if q is not None:
            return [q], q.end
    return _listed(_single(text, a)), b_start


def _rstrip_end(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def _lstrip_start(text: str, start: int, end: int) -> int:
    return end - len(text[start:end].lstrip())


def _int(s: str | None) -> int | None:
    if not s:
        return None
    v = read_number(fold(s))
    return int(v) if v is not None and v == v.to_integral_value() else None


_MONTH_SPANS = {(1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4", (1, 6): "H1", (1, 9): "Q1-Q3",
                (7, 12): "H2"}


def _month_period(m: re.Match[str], p: str, year: int | None) -> tuple[str, str] | None:
    """(period, kind) of `3月`, `1-6月`, `11月6日至10日`; the year prefix only when known."""
    m1, m2, d1 = _int(m.group(p + "m1")), _int(m.group(p + "m2")), _int(m.group(p + "d1"))
    if m1 is None:
        return None
    y = f"{year}-" if year is not None else ""
    if d1 is not None:
        period = f"{y}{m1:02d}-{d1:02d}"
        d2 = _int(m.group(p + "d2"))
        if d2 is not None:
            m3 = _int(m.group(p + "m3")) or m1
            period += f"/{y}{m3:02d}-{d2:02d}"
        return period, "date"
    if m2 is not None:
        if (m1, m2) == (1, 12):
            return (str(year) if year is not None else "Y"), "period"
        span = _MONTH_SPANS.get((m1, m2))
        if span is not None:
            return (f"{year}{span}" if year is not None else span), "period"
        return f"{y}{m1:02d}/{y}{m2:02d}", "period"
    return f"{y}{m1:02d}", "period"


def _read_date(text: str, m: re.Match[str], g: Grammar) -> list[Quantity]:
    start, end = m.span()
    surface = text[start:end]
    y = m.group("y")
    if y is not None:
        year = _int(y)
        if year is None or not YEAR_MIN <= year <= YEAR_MAX:
            return []
        if m.group("yq"):
            period, kind = with_year(g.quarters[m.group("yq").translate(g.unit_fold)], str(year)), "period"
        elif m.group("yh"):
            period, kind = f"{year}{g.half_years[m.group('yh').translate(g.unit_fold)]}", "period"
        elif m.group("ym1"):
            read = _month_period(m, "y", year)
            if read is None:
                return []
            period, kind = read
        else:
            return [Quantity(start, end, surface, float(year), float(year), float(year), None,
                             "period", None, "exact", str(year), "year")]
        hint = "date" if kind == "date" else "period"
        return [Quantity(start, end, surface, float(year), float(year), float(year), None, kind,
                         None, "exact", period, hint)]
    if m.group("q"):
        period, kind = g.quarters[m.group("q").translate(g.unit_fold)], "period"
    elif m.group("h"):
        period, kind = g.half_years[m.group("h").translate(g.unit_fold)], "period"
    else:
        read = _month_period(m, "", None)
        if read is None:
            return []
        period, kind = read
    return [Quantity(start, end, surface, None, None, None, None, kind, None, "exact", period,
                     "date" if kind == "date" else "period")]


def _read_match(text: str, m: re.Match[str], g: Grammar) -> tuple[list[Quantity], int]:
    """The quantities of one match, and the offset to scan on from."""
    kind = m.lastgroup
    end = m.end()
    if kind == "amount":
        return _read_figure(text, m, g)
    if kind == "date":
        return _read_date(text, m, g), end
    if kind == "iso_date":
        y = int(m.group("iy"))
        period = f"{y}-{int(m.group('im')):02d}-{int(m.group('id')):02d}"
        return [Quantity(m.start(), end, m.group(), float(y), float(y), float(y), None, "date", None,
                         "exact", period, "date")], end
    if kind == "name":
        word = m.group("name").translate(g.unit_fold)
        years = g.period_names.get(fold(word)) or g.period_names.get(word)
        if years is not None:
            return [plain(text, m, None, None, "period", "period", low=float(years[0]),
                          high=float(years[1]), period=f"{years[0]}-{years[1]}")], end
        return [plain(text, m, None, None, "other", "name")], end
    if kind == "rank_word":
        return [read_rank_word(text, m, g)], end
    if kind == "section":
        return [plain(text, m, None, None, "other", "section_number")], end
    if kind == "enumerator":
        n = number(m.group("en_is") or m.group("en_par") or m.group("en_list") or m.group("en_sec"))
        return [plain(text, m, n, None, "other", "enumerator")], end
    if kind == "ordinal":
        return [read_ordinal(text, m, g)], end
    if kind == "fiscal":
        q = read_fiscal(text, m)
        if q is not None:
            return [q], end
        other = g.after_fiscal.match(text, m.start())  # two numbers that are no fiscal year
        return _read_match(text, other, g) if other is not None else ([], m.start() + 1)
    if kind == "year_range":
        y1, y2 = _int(m.group("yr1")), _int(m.group("yr2"))
        if y1 is None or y2 is None or not YEAR_MIN <= y1 <= y2 <= YEAR_MAX:
            return [], m.start("yr2")
        return [plain(text, m, None, None, "period", "period", low=float(y1), high=float(y2),
                      period=f"{y1}-{y2}")], end
    if kind == "percent_words":
        return [read_percent_words(text, m, g)], end
    if kind == "discount":
        return [read_discount(text, m, g)], end
    if kind == "cheng_":
        return [read_cheng(text, m)], end
    if kind == "fraction":
        return [read_fraction(text, m)], end
    if kind == "half":
        if m.group("halfw") is not None:
            return [plain(text, m, Decimal("0.5"), "ratio", "ratio")], end
        unit = _unit(g, m.group("hunit"))
        if unit is None or unit.kind != "duration":
            return [], m.start() + 1  # `半个` and the like: no figure
        return [plain(text, m, Decimal("0.5"), unit.unit, "duration", unit_surface=m.group("hunit"))], end
    if kind == "short_fraction":
        den, numer = number(m.group("sfden")), number(m.group("sfnum"))
        if den is None or numer is None or numer >= den:
            return [], m.start() + 1
        return [plain(text, m, numer / den, "ratio", "ratio")], end
    if kind == "doubling":
        n = number(m.group("fan")) or Decimal(1)
        return [plain(text, m, Decimal(2) ** int(n), "times", "ratio")], end
    if kind == "times":
        return [plain(text, m, None, None, "other", "name")], end
    if kind == "ratio_":
        parts = re.split(r"\s*[:：∶]\s*", fold(m.group("ratio")))
        value = None
        if len(parts) == 2 and read_number(parts[1]) == 1:
            value = read_number(parts[0])
        return [plain(text, m, value, "ratio", "ratio")], end
    if kind == "power":
        return [read_power(text, m)], end
    if kind == "scientific":
        return [read_scientific(text, m)], end
    if kind == "vague":
        base = _magnitude(fold(m.group("vpre").translate(g.unit_fold) and m.group("vmag")))
        unit = _unit(g, m.group("vunit"))
        scale = unit.multiplier if unit else 1.0
        return [plain(text, m, None, unit.unit if unit else None,
                      unit.kind if unit else "other", unit_surface=m.group("vunit"),
                      low=float(base) * scale, high=float(base) * 10 * scale,
                      qualifier="approx")], end
    return [], end


_LIST_SEPARATORS = frozenset(("、", "和", "与", "及", "或", "與", "，", ","))


def _fill_list_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """`1409万、1305万人次`: a bare figure listed before one with a unit takes that unit."""
    for i in range(len(found) - 2, -1, -1):
        q, nxt = found[i], found[i + 1]
        if q.unit is not None or q.role_hint is not None or nxt.unit is None or q.value is None:
            continue
        if text[q.end:nxt.start].strip() not in _LIST_SEPARATORS:
            continue
        if text[q.end:nxt.start].strip() in ("，", ",") and nxt.kind not in ("percent", "money"):
            continue
        scale = 1.0
        unit = _unit(grammar(), nxt.unit_surface)
        if unit is not None:
            scale = unit.multiplier
        mul = (lambda x: None if x is None else x * scale)
        found[i] = replace(q, value=mul(q.value), value_low=mul(q.value_low),
                           value_high=mul(q.value_high), unit=nxt.unit, kind=nxt.kind)
    return found


def extract_quantities(text: str) -> list[Quantity]:
    """Every numeric mention in `text`, in reading order, with offsets into `text` itself."""
    clean, kept = strip_format_chars(text)
    if kept is None:
        return _extract(text)
    out = []
    for q in _extract(clean):  # offsets back to `text`: a format character inside lies inside
        start, end = kept[q.start], kept[q.end - 1] + 1
        out.append(replace(q, start=start, end=end, text=text[start:end]))
    return out


def _extract(text: str) -> list[Quantity]:
    g = grammar()
    search = g.pattern.search
    found: list[Quantity] = []
    pos, n = 0, len(text)
    while pos < n:
        m = search(text, pos)
        if m is None:
            break
        quantities, nxt = _read_match(text, m, g)
        found.extend(quantities)
        pos = nxt if nxt > m.start() else m.start() + 1
    if len(found) < 2:  # (lists need two figures)
        return found
    return _fill_list_units(text, listed_ranks(text, found))
