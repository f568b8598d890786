"""Reading numbers written with Arabic digits, Chinese numerals or a mixture of both.

`read_number("一千二百亿")` -> Decimal(120000000000); `read_number("1.2万")` -> Decimal(12000);
`read_number("二〇二五")` -> Decimal(2025). Decimal keeps `11.37万亿` exact until the final float.
Inputs are expected in Simplified, half-width form; `fold()` brings a raw surface there.

A numeral is read whole or not at all: a string that is not one well-formed number gives None,
never the value of a part of it. The grammar behind it:
- groups by the large units 兆 (10^12, as Taiwan writes it) > 亿 > 万, each group a number
  below the unit (`四亿五千六百四十二万零一十五`); `万亿` and `万万` multiply (`1万亿`, `四万万`);
- inside a group, digits before 千/百/十 (`五千六百四十二`), a leading 十/百 standing for one
  (`十五`, `百三`), 零 for skipped places (`一千零五`);
- a lone last digit after a unit counts in the next place down (`一万三` 13000, `九十二万四`
  924000, `两千三` 2300, `四百五` 450), as people say them; after 零 it is a plain digit;
- a run of digits with no unit is positional (`二〇二五`, `七五`); before a unit it is an
  estimate (`二三十`: twenty or thirty), which is no number;
- 点 then digits gives decimals (`四十二点五`); before a large unit they scale with it
  (`一点二万亿`), after one they are the decimals of the whole (`四百亿点零五`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache

from qdextract.zh.lexicon import char_forms

DIGIT_VALUES = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "參": 3, "参": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7,
    "捌": 8, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10_000, "亿": 100_000_000, "兆": 1_000_000_000_000}
# 点 separates the decimals of a Chinese numeral (`四十二点五`).
DECIMAL_POINT = "点"
# 几 stands for an unknown digit (`十几万`, `几十`); callers read it through `read_vague`.
UNKNOWN_DIGIT = "几"
ZEROS = "〇零"

CN_DIGITS = "".join(DIGIT_VALUES)
CIRCLE_ZEROS = "\u25cb\u25ef\uff2f"  # circles (and a full-width O) set for the zero of a year (`二○三五年`), read as 〇 there only
CN_SMALL = "".join(SMALL_UNITS)
CN_LARGE = "".join(LARGE_UNITS)
# Digits that may follow 点: 两 counts things, never a decimal place (`一点两小时`: one o'clock).
DECIMAL_DIGITS = "".join(d for d in DIGIT_VALUES if d not in "两俩")

_LARGE_ORDER = sorted(LARGE_UNITS, key=LARGE_UNITS.__getitem__, reverse=True)  # 兆, 亿, 万
_ARABIC = frozenset("0123456789.")


@cache
def _fold_table() -> dict[int, str]:
    """Raw numeral characters (Traditional, full-width) -> the Simplified half-width form."""
    table: dict[int, str] = {}
    for ch in CN_DIGITS + CN_SMALL + CN_LARGE + UNKNOWN_DIGIT + DECIMAL_POINT + "0123456789.,:/%-~":
        for form in char_forms(ch)[1:]:
            table[ord(form)] = ch
    for circle in CIRCLE_ZEROS:
        table[ord(circle)] = "〇"
    for ws in " \t\r\n\u3000":
        table[ord(ws)] = ""
    for comma in char_forms(","):  # thousands separators, in any width
        table[ord(comma)] = ""
    return table


def fold(surface: str) -> str:
    """Simplified, half-width numeral characters; separators and spaces removed."""
    return surface.translate(_fold_table())


def read_number(s: str) -> Decimal | None:
    """The value of a folded number string, or None when it is not a well-formed number."""
    if not s:
        return None
    try:
        value = Decimal(s)
    except InvalidOperation:  # not Arabic: Chinese numerals, or a mixture such as 1.2万
        return _read_mixed(s)
    return value if value.is_finite() else None  # `Decimal("nan")`, `Decimal("inf")`: no number


def _read_mixed(s: str) -> Decimal | None:
    """Chinese numerals, possibly with Arabic parts: 一千二百亿, 1.2万, 9.5万亿, 二〇二五."""
    point = s.find(DECIMAL_POINT)
    if point < 0:
        return _read_integer(s)
    whole = _read_integer(s[:point])
    end = point + 1
    while end < len(s) and s[end] in DECIMAL_DIGITS:
        end += 1
    if whole is None or end == point + 1:
        return None
    fraction = Decimal("0." + "".join(str(DIGIT_VALUES[d]) for d in s[point + 1:end]))
    rest = s[end:]
    if not rest:
        return whole + fraction  # `四十二点五`, `两千万点五五四四`
    # `一点二万亿`: the decimals belong to the number the large units scale
    if any(ch not in LARGE_UNITS for ch in rest) or any(ch in LARGE_UNITS for ch in s[:point]):
        return None
    scale = _read_integer("1" + rest)
    return None if scale is None else (whole + fraction) * scale


def _read_integer(s: str) -> Decimal | None:
    """A number without 点, split at its largest unit: left × unit + right."""
    if not s:
        return None
    for unit in _LARGE_ORDER:
        at = s.rfind(unit)  # `一万亿`: 万 belongs to the left of 亿; `四万万`: the last 万
        if at < 0:
            continue
        left = _read_integer(s[:at])
        if left is None:
            return None
        size = LARGE_UNITS[unit]
        right = _read_rest(s[at + 1:], size)
        return None if right is None else left * size + right
    return _read_group(s)


def _read_rest(s: str, size: int) -> Decimal | None:
    """What follows a large unit: nothing, a lone digit one place down (`一万三`), or a number
    below the unit, after 零 or not (`一万零二百五十`, `一万二百五十`)."""
    if not s:
        return Decimal(0)
    if len(s) == 1 and s in DIGIT_VALUES and s not in ZEROS:
        return DIGIT_VALUES[s] * Decimal(size // 10)
    rest = _read_integer(s.lstrip(ZEROS))
    if rest is None or rest >= size:
        return None
    return rest


def _read_group(s: str) -> Decimal | None:
    """A number below 万: digits and 千/百/十, Arabic digits standing for digits (`5千6百`)."""
    if all(ch in DIGIT_VALUES for ch in s):  # no unit: positional (二〇二五)
        return Decimal("".join(str(DIGIT_VALUES[ch]) for ch in s))
    total = Decimal(0)
    current: Decimal | None = None
    run = 0             # digits read in a row: two before a unit are an estimate (`二三十`)
    last_unit = 0       # the last unit read (each must be smaller than the one before)
    after_zero = False  # a digit after 零 is a plain digit (`一千零五`)
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch in _ARABIC:
            j = i
            while j < n and s[j] in _ARABIC:
                j += 1
            if current is not None:
                return None
            try:
                current = Decimal(s[i:j])
            except InvalidOperation:
                return None
            run, i = 1, j
            continue
        if ch in ZEROS:
            if current is not None or last_unit == 0:
                return None
            after_zero, run = True, 0
        elif ch in DIGIT_VALUES:
            if current is not None:
                return None
            current, run = Decimal(DIGIT_VALUES[ch]), run + 1
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if last_unit and unit >= last_unit:
                return None
            if current is None and (last_unit or after_zero) and unit != 10:
                return None  # `一百千`: a unit needs its digit (a leading 十/百 stands for one)
            total += (current if current is not None else Decimal(1)) * unit
            current, last_unit, after_zero, run = None, unit, False, 0
        else:
            return None
        i += 1
    if current is None:
        return total
    if last_unit >= 100 and not after_zero and run == 1:
        return total + current * (last_unit // 10)  # `两千三`, `四百五`, `百三`
    return total + current


def step_of(value: Decimal) -> Decimal:
    """The place value of the last stated digit: 2000 -> 1000, 15000 -> 1000, 3.5 -> 0.1."""
    if value == 0:
        return Decimal(1)
    exponent = value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(int(exponent))


def read_vague(s: str) -> tuple[Decimal, Decimal] | None:
    """Bounds of a number with 几 for an unknown digit: 十几 -> (11, 19), 几十 -> (10, 90)."""
    if UNKNOWN_DIGIT not in s:
        return None
    low = read_number(s.replace(UNKNOWN_DIGIT, "一"))
    high = read_number(s.replace(UNKNOWN_DIGIT, "九"))
    if low is None or high is None:
        return None
    return low, high
