"""Every numeric mention in a text: value, bounds, unit, kind and span.

One compiled pattern, built from `data/units.yaml` and `data/cues.yaml`, scans the text once.
It is compiled with the standard `re` module: on the large CJK character classes of this
grammar `re` scans several times faster than `regex`, and the grammar needs nothing beyond it.
The pattern accepts Traditional and Simplified characters and full- and half-width forms alike
(see `lexicon.literal`), so it runs on the raw text directly and its offsets need no mapping:
`q.text == text[q.start:q.end]` always. Normalizing the whole text first would cost more than
the scan itself; each matched surface is folded on its own instead (`numerals.fold`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from qdextract.models import Quantity
from qdextract.zh.lexicon import (
    Unit,
    alternation,
    char_class,
    cues,
    fold_table,
    literal,
    optional,
    units,
)
from qdextract.zh.numerals import (
    CN_DIGITS,
    CN_LARGE,
    CN_SMALL,
    DECIMAL_POINT,
    UNKNOWN_DIGIT,
    fold,
    read_number,
    read_vague,
    step_of,
)

# Years a bare four-digit number or a `…年` is read as.
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True, slots=True)
class Grammar:
    pattern: re.Pattern[str]
    units: dict[str, Unit]
    unit_fold: dict[int, str]
    period_names: dict[str, tuple[int, int]]
    quarters: dict[str, str]
    half_years: dict[str, str]


@cache
def grammar() -> Grammar:
    """The compiled pattern and the tables to read its matches (built once)."""
    unit_table = units()
    cue = cues()
    c = char_class
    L = literal

    D = c("0123456789")
    dot = c(".")
    decimals = optional(rf"{dot}{D}+")
    # (the thousands separator is looked for before the groups it separates are read)
    arabic = rf"(?:(?={D}{{1,3}},){D}{{1,3}}(?:,{D}{{3}})+(?!{D}){decimals}|{D}+{decimals})"
    sp = r"[ \t\u3000]{0,2}" + optional(r"\n[ \t\u3000]*|\r\n[ \t\u3000]*")

    cn_digit = c(CN_DIGITS)
    # 百/千 that begin a unit (百分点, 千瓦, 千米, 千克) are not numerals.
    cn_small = rf"(?:{c('十拾')}|{c('百佰')}(?!{L('分')})|{c('千仟')}(?!{c('瓦米克伏')}))"
    cn_large = c(CN_LARGE)
    ji = c(UNKNOWN_DIGIT)
    cn_any = c(CN_DIGITS + CN_SMALL + CN_LARGE + UNKNOWN_DIGIT)
    # 点 followed by digits gives decimals (`四十二点五`, `一点二万亿`).
    cn_point = rf"{c(DECIMAL_POINT)}{cn_digit}+"
    cn_num = (rf"(?<!{cn_any})(?:{cn_digit}|{cn_small}|{ji})(?:{cn_digit}|{cn_small}|{cn_large}|{ji}"
              rf"|{cn_point})*")
    # A Chinese number standing without a unit must carry a magnitude (百万, 十几万).
    cn_num_big = (rf"(?<!{cn_any})(?:{cn_digit}|{cn_small}|{ji})(?:{cn_digit}|{cn_small}|{ji}|{cn_point})*"
                  rf"{cn_large}+")
    more = c("多余")
    mag = (
        rf"(?:(?:{c('十百千')})?(?:{L('万亿')}|{cn_large})|{c('百')}(?!{L('分')})"
        rf"|{c('千')}(?!{c('瓦米克伏')}))"
    )
    unit = alternation(list(unit_table))
    unit_no_year = alternation([u for u in unit_table if u != "年"])
    sign = r"[-−]?"

    def amount(p: str) -> str:
        """A number with its magnitude, vague marker and unit; group names prefixed by `p`."""
        def may(name: str, body: str, before: str = "") -> str:  # an optional named part
            return optional(rf"{before}(?P<{p}{name}>{body})")
        arabic_amount = (rf"(?P<{p}num>{sign}{arabic}){may('more1', more)}{may('mag', mag, sp)}"
                         rf"{may('more2', more)}{may('unit', unit, sp)}")
        chinese_amount = (rf"(?P<{p}cnum>{cn_num}){may('cmore1', more)}{may('cmag', cn_large + '+')}"
                          rf"{may('cmore2', more)}{sp}(?P<{p}cunit>{unit})")
        chinese_big = rf"(?P<{p}cbig>{cn_num_big}){may('cbmore', more)}(?!{sp}{unit})"
        return f"(?:{arabic_amount}|{chinese_amount}|{chinese_big})"

    range_sep = rf"{sp}(?P<rsep>(?<!—)—(?!—)|[-－–~～〜]|{L('至')}|{L('到')}){sp}"

    year = rf"(?:(?<!{D})(?:19|20){D}{{2}}(?!{D})|{c('〇零一二三四五六七八九')}{{4}})"
    month = rf"(?<!{D})(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])(?!{D})"
    day = rf"(?<!{D})(?:[12][0-9]|3[01]|0?[1-9])(?!{D})"
    to = rf"(?:[-－—–~～〜]|{L('至')}|{L('到')})"
    quarter = alternation(list(cue.quarters))
    half = alternation(list(cue.half_years))
    def month_day(p: str) -> str:
        """`3月`, `1-6月`, `11月6日至10日`; group names prefixed by `p`."""
        month_word, day_word = L("月"), c("日号")
        months_to = optional(rf"{to}{sp}(?P<{p}m2>{month}){sp}")
        month_of_day = optional(rf"(?P<{p}m3>{month}){month_word}")
        days_to = optional(rf"{sp}{to}{sp}{month_of_day}(?P<{p}d2>{day}){sp}{day_word}")
        return (
            rf"(?P<{p}m1>{month}){sp}{months_to}{month_word}(?:{L('份')})?"
            + optional(rf"{sp}(?P<{p}d1>{day}){sp}{day_word}{days_to}")
        )

    year_tail = optional(rf"{sp}(?:(?P<yq>{quarter})|(?P<yh>{half})|{month_day('y')})")
    date = (
        rf"(?P<y>{year}){sp}{L('年')}(?!{c('龄级代')})(?:{L('度')})?{year_tail}"
        rf"|{month_day('')}|(?P<q>{quarter})|(?P<h>{half})"
    )
    year_range = (
        rf"(?P<yr1>{year}){sp}{to}{sp}(?P<yr2>{year})"
        rf"(?:{sp}{L('年')}|(?!{sp}(?:{unit_no_year}|{mag}|{more}|{D})))"
    )

    names = alternation(list(cue.names) + list(cue.period_names))
    enum_suffix = alternation(list(cue.enumerator_suffixes))
    section_word = alternation(list(cue.section_words))
    clause_start = r"(?:^|(?<=[。；;：:！!？?]))"
    line_start = r"^"  # compiled with MULTILINE: the start of a line
    han_not_unit = rf"(?!{unit}|{mag}|{more}|{c('%')})[\u3400-\u4dbf\u4e00-\u9fff]"
    section = (
        rf"(?P<sec>{D}+(?:{dot}{D}+){{2,}})(?!{D}|{c('%')})"
        rf"|{line_start}(?P<sec2>{D}{{1,2}}{dot}{D}{{1,2}})(?=[ \t\u3000]|{han_not_unit})"
    )
    enumerator = (
        rf"{clause_start}(?P<en_is>{cn_digit}|{c('十')}){enum_suffix}"
        rf"|{line_start}(?:[(（](?P<en_par>{cn_num}|{D}{{1,2}})[)）]|(?P<en_list>{cn_num}|{D}{{1,2}})[、.．](?!{D}))"
        rf"|{L('第')}(?P<en_sec>{cn_num}|{D}+){section_word}"
    )
    ordinal = rf"{L('第')}(?P<ord>{cn_num}|{D}+){optional(rf'{sp}(?P<ord_unit>{unit})')}"

    percent_words = rf"{L('百分之')}(?P<pw>{cn_num}|{arabic})"
    cheng = (
        rf"(?<!{cn_any}|{D})(?P<cheng>{c('一二两三四五六七八九')}|{c('十')}|10|{D})"
        rf"{L('成')}(?!{c('本员果绩功立效交型熟长都品片不')})"
    )
    # The figures that only a sign after the number tells apart (`1/10`, `3×4`, `3:5`) first
    # look for that sign past a run of number characters: at most digits it is not there, and
    # the lookahead is cheaper than reading the number to find out.
    number_chars = c("0123456789.," + CN_DIGITS + CN_SMALL + CN_LARGE + UNKNOWN_DIGIT + DECIMAL_POINT)
    arabic_chars = c("0123456789.,")
    fraction = (
        rf"(?={number_chars}*(?:{L('分之')}|/))"
        rf"(?:(?P<den>{cn_num}|{arabic}){L('分之')}(?P<numer>{cn_num}|{arabic})"
        rf"|(?<!{D}|/)(?P<fa>{arabic})/(?P<fb>{arabic})(?!{D}|/))"
    )
    doubling = rf"{L('翻')}{L('了')}?(?P<fan>{c('一两二三四')}|{D})?{L('番')}"
    times = rf"(?={arabic_chars}*{sp}[×xX*])(?P<ta>{arabic}){sp}[×xX*]{sp}(?P<tb>{arabic}){optional(rf'{sp}(?P<tunit>{unit})')}"
    ratio = rf"(?={arabic_chars}*{sp}{c(':')})(?P<ratio>{arabic}(?:{sp}{c(':')}{sp}{arabic})+)"
    vague = (
        rf"(?P<vpre>{c('数几')})(?P<vmag>{L('十万')}|{L('百万')}|{L('千万')}|{L('十亿')}|{L('百亿')}"
        rf"|{L('千亿')}|{L('万亿')}|{c('十百千万亿')}){optional(rf'(?P<vmore>{more})')}{optional(rf'{sp}(?P<vunit>{unit})')}"
    )

    master = (
        rf"(?P<name>{names})"
        rf"|(?P<section>{section})"
        rf"|(?P<enumerator>{enumerator})"
        rf"|(?P<ordinal>{ordinal})"
        rf"|(?P<year_range>{year_range})"
        rf"|(?P<date>{date})"
        rf"|(?P<percent_words>{percent_words})"
        rf"|(?P<cheng_>{cheng})"
        rf"|(?P<fraction>{fraction})"
        rf"|(?P<doubling>{doubling})"
        rf"|(?P<times>{times})"
        rf"|(?P<ratio_>{ratio})"
        rf"|(?P<vague>{vague})"
        rf"|(?P<amount>{amount('a')}{optional(range_sep + amount('b'))})"
    )
    # Every mention begins with one of these characters: a cheap test before the alternation.
    first = (
        "0123456789-−" + CN_DIGITS + CN_SMALL + UNKNOWN_DIGIT + "数第翻百(（"
        + "".join(w[0] for w in list(cue.names) + list(cue.period_names) + list(cue.quarters)
                  + list(cue.half_years))
    )
    pattern = re.compile(rf"(?={c(first)})(?:{master})", re.MULTILINE)
    words = list(unit_table) + list(cue.quarters) + list(cue.half_years) + list(cue.period_names)
    return Grammar(
        pattern=pattern,
        units=unit_table,
        unit_fold=fold_table(words),
        period_names=cue.period_names,
        quarters=cue.quarters,
        half_years=cue.half_years,
    )


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
                                         "cmore2", "cmag", "cunit", "cbig", "cbmore"))
    for side in ("a", "b")
}


def _read_amount(m: re.Match[str], p: str, g: Grammar, start: int, end: int) -> _Amount | None:
    """One side (`a` or `b`, spanning start..end) of an amount match."""
    (num, more1, more2, mag, unit_text, cnum, cmore1, cmore2, cmag, cunit, cbig,
     cbmore) = m.group(*_AMOUNT_GROUPS[p])  # one call for all groups
    if num is not None:
        more = more1 or more2
    elif (num := cnum) is not None:
        more = cmore1 or cmore2
        mag, unit_text = cmag, cunit
    else:
        num, more, mag, unit_text = cbig, cbmore, None, None
    folded = num if num.isascii() and num.isdigit() else fold(num)  # plain digits fold to themselves
    mag = fold(mag) if mag else ""
    mult = _magnitude(mag)
    unit = _unit(g, unit_text)
    if UNKNOWN_DIGIT in folded:
        bounds = read_vague(folded)
        if bounds is None:
            return None
        return _Amount(None, bounds[0] * mult, bounds[1] * mult, unit, unit_text, True, mag,
                       start, end, folded)
    base = read_number(folded)
    if base is None:
        return None
    value = base * mult
    high = (base + step_of(base)) * mult if more else value
    return _Amount(value, value, high, unit, unit_text, bool(more), mag, start, end, folded)


def _f(x: Decimal | None, scale: float) -> float | None:
    if x is None:
        return None
    return float(x) * scale if scale != 1.0 else float(x)


def _quantity(text: str, start: int, a: _Amount, hint: str | None = None) -> Quantity:
    unit = a.unit
    scale = unit.multiplier if unit is not None else 1.0
    value = _f(a.value, scale)
    low = value if a.low is a.value else _f(a.low, scale)  # mostly one Decimal: convert it once
    high = value if a.high is a.value else _f(a.high, scale)
    return Quantity(
        start, a.end, text[start:a.end], value, low, high,
        unit.unit if unit is not None else None, unit.kind if unit is not None else "other",
        a.unit_surface, "approx" if a.approx else "exact", None, hint,
    )


def _single(text: str, a: _Amount) -> Quantity:
    """A figure that is not a range: a plain amount, a year, or part of a Latin name (PM2.5)."""
    start, end = a.start, a.end
    before = text[max(0, start - 3):start].rstrip()
    if before and before[-1].isascii() and before[-1].isalpha():
        number = _LEADING_NUMBER.match(text, start)
        name_end = number.end() if number else end
        return Quantity(start, name_end, text[start:name_end], None, None, None, None, "other",
                        None, "exact", None, "name")
    if a.unit is not None:
        article = a.numeral == "一" and not a.approx and a.unit.kind in ("count", "duration")
        return _quantity(text, start, a, "article" if article else None)
    after = text[end:end + 1]
    if after.isascii() and after.isalpha():
        return _quantity(text, start, a, "name")
    if (not a.magnitude and not a.approx and a.value is not None and a.numeral.isdigit()
            and len(a.numeral) == 4 and YEAR_MIN <= a.value <= YEAR_MAX):
        year = float(a.value)
        return Quantity(start, end, text[start:end], year, year, year, None, "period", None,
                        "exact", a.numeral, "year")
    return _quantity(text, start, a)


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
        return ([_single(text, a)] if a is not None else []), m.end()
    sep_start, sep_end = m.span("rsep")
    a = _read_amount(m, "a", g, m.start(), _rstrip_end(text, m.start(), sep_start))
    if a is None:
        return [], sep_end
    b_start = _lstrip_start(text, sep_end, m.end())
    b = _read_amount(m, "b", g, b_start, m.end())
    if b is not None:
        q = _read_range(text, m, a, b)
        if q is not None:
            return [q], q.end
    return [_single(text, a)], b_start


def _rstrip_end(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def _lstrip_start(text: str, start: int, end: int) -> int:
    return end - len(text[start:end].lstrip())


def _int(s: str | None) -> int | None:
    if not s:
        return None
    v = read_number(fold(s))
    return int(v) if v is not None and v == v.to_integral_value() else None


_MONTH_SPANS = {(1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4", (1, 6): "H1",
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
            period, kind = f"{year}{g.quarters[m.group('yq').translate(g.unit_fold)]}", "period"
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


def _plain(text: str, m: re.Match[str], value: Decimal | float | None, unit: str | None,
           kind: str, hint: str | None = None, unit_surface: str | None = None,
           low: float | None = None, high: float | None = None, period: str | None = None,
           qualifier: str = "exact") -> Quantity:
    start, end = m.span()
    v = None if value is None else float(value)
    return Quantity(start, end, text[start:end], v, v if low is None else low,
                    v if high is None else high, unit, kind, unit_surface, qualifier, period, hint)


def _number(s: str | None) -> Decimal | None:
    return read_number(fold(s)) if s else None


def _read_match(text: str, m: re.Match[str], g: Grammar) -> tuple[list[Quantity], int]:
    """The quantities of one match, and the offset to scan on from."""
    kind = m.lastgroup
    end = m.end()
    if kind == "amount":
        return _read_figure(text, m, g)
    if kind == "date":
        return _read_date(text, m, g), end
    if kind == "name":
        word = m.group("name").translate(g.unit_fold)
        years = g.period_names.get(fold(word)) or g.period_names.get(word)
        if years is not None:
            return [_plain(text, m, None, None, "period", "period", low=float(years[0]),
                           high=float(years[1]), period=f"{years[0]}-{years[1]}")], end
        return [_plain(text, m, None, None, "other", "name")], end
    if kind == "section":
        return [_plain(text, m, None, None, "other", "section_number")], end
    if kind == "enumerator":
        n = _number(m.group("en_is") or m.group("en_par") or m.group("en_list") or m.group("en_sec"))
        return [_plain(text, m, n, None, "other", "enumerator")], end
    if kind == "ordinal":
        return [_plain(text, m, _number(m.group("ord")), None, "other", "ordinal")], end
    if kind == "year_range":
        y1, y2 = _int(m.group("yr1")), _int(m.group("yr2"))
        if y1 is None or y2 is None or not YEAR_MIN <= y1 <= y2 <= YEAR_MAX:
            return [], m.start("yr2")
        return [_plain(text, m, None, None, "period", "period", low=float(y1), high=float(y2),
                       period=f"{y1}-{y2}")], end
    if kind == "percent_words":
        return [_plain(text, m, _number(m.group("pw")), "%", "percent", unit_surface="百分之")], end
    if kind == "cheng_":
        n = _number(m.group("cheng"))
        return [_plain(text, m, None if n is None else n * 10, "%", "percent",
                       unit_surface=text[end - 1:end])], end
    if kind == "fraction":
        if m.group("den") is not None:
            den, numer = _number(m.group("den")), _number(m.group("numer"))
        else:
            numer, den = _number(m.group("fa")), _number(m.group("fb"))
        value = None if not den or numer is None else numer / den
        return [_plain(text, m, value, "ratio", "ratio")], end
    if kind == "doubling":
        n = _number(m.group("fan")) or Decimal(1)
        return [_plain(text, m, Decimal(2) ** int(n), "times", "ratio")], end
    if kind == "times":
        return [_plain(text, m, None, None, "other", "name")], end
    if kind == "ratio_":
        parts = re.split(r"\s*[:：∶]\s*", fold(m.group("ratio")))
        value = None
        if len(parts) == 2 and read_number(parts[1]) == 1:
            value = read_number(parts[0])
        return [_plain(text, m, value, "ratio", "ratio")], end
    if kind == "vague":
        base = _magnitude(fold(m.group("vpre").translate(g.unit_fold) and m.group("vmag")))
        unit = _unit(g, m.group("vunit"))
        scale = unit.multiplier if unit else 1.0
        return [_plain(text, m, None, unit.unit if unit else None,
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
    return _fill_list_units(text, found)
