"""Reading numbers written with Arabic digits, Chinese numerals or a mixture of both.

`read_number("一千二百亿")` -> Decimal(120000000000); `read_number("1.2万")` -> Decimal(12000);
`read_number("二〇二五")` -> Decimal(2025). Decimal keeps `11.37万亿` exact until the final float.
Inputs are expected in Simplified, half-width form; `fold()` brings a raw surface there.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache

from qdextract.zh.lexicon import char_forms

DIGIT_VALUES = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "參": 3, "参": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7,
    "捌": 8, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
# 点 separates the decimals of a Chinese numeral (`四十二点五`).
DECIMAL_POINT = "点"
# 几 stands for an unknown digit (`十几万`, `几十`); callers read it through `read_vague`.
UNKNOWN_DIGIT = "几"

CN_DIGITS = "".join(DIGIT_VALUES)
CN_SMALL = "".join(SMALL_UNITS)
CN_LARGE = "".join(LARGE_UNITS)


@cache
def _fold_table() -> dict[int, str]:
    """Raw numeral characters (Traditional, full-width) -> the Simplified half-width form."""
    table: dict[int, str] = {}
    for ch in CN_DIGITS + CN_SMALL + CN_LARGE + UNKNOWN_DIGIT + DECIMAL_POINT + "0123456789.,:/%-~":
        for form in char_forms(ch)[1:]:
            table[ord(form)] = ch
    for ws in " \t\r\n\u3000":
        table[ord(ws)] = ""
    table[ord(",")] = ""
    return table


def fold(surface: str) -> str:
    """Simplified, half-width numeral characters; separators and spaces removed."""
    return surface.translate(_fold_table())


def read_number(s: str) -> Decimal | None:
    """The value of a folded number string, or None when it is not a well-formed number."""
    if not s:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:  # not Arabic: Chinese numerals, or a mixture such as 1.2万
        return _read_mixed(s)


def _read_mixed(s: str) -> Decimal | None:
    """Chinese numerals, possibly with Arabic parts: 一千二百亿, 1.2万, 9.5万亿, 二〇二五."""
    total = Decimal(0)     # everything above the current 万 section
    section = Decimal(0)   # the current section below 万
    current: Decimal | None = None
    prev_digit = False     # consecutive digits read positionally: 二〇二五
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch.isascii() and (ch.isdigit() or ch == "."):
            j = i
            while j < n and s[j].isascii() and (s[j].isdigit() or s[j] == "."):
                j += 1
            try:
                current = Decimal(s[i:j])
            except InvalidOperation:
                return None
            prev_digit = False
            i = j
            continue
        if ch == DECIMAL_POINT:
            j = i + 1
            while j < n and s[j] in DIGIT_VALUES:
                j += 1
            if j == i + 1:
                return None
            decimals = "".join(str(DIGIT_VALUES[d]) for d in s[i + 1:j])
            current = (current or Decimal(0)) + Decimal("0." + decimals)
            prev_digit = False
            i = j
            continue
        if ch in DIGIT_VALUES:
            d = DIGIT_VALUES[ch]
            current = current * 10 + d if prev_digit and current is not None else Decimal(d)
            prev_digit = True
        elif ch in SMALL_UNITS:
            section += (current if current is not None else Decimal(1)) * SMALL_UNITS[ch]
            current, prev_digit = None, False
        elif ch == "万":
            if current is None and section == 0 and total == 0:
                return None
            total += (section + (current or 0)) * LARGE_UNITS[ch]
            section, current, prev_digit = Decimal(0), None, False
        elif ch == "亿":
            if current is None and section == 0 and total == 0:
                return None
            total = (total + section + (current or 0)) * LARGE_UNITS[ch]
            section, current, prev_digit = Decimal(0), None, False
        else:
            return None
        i += 1
    return total + section + (current or 0)


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
