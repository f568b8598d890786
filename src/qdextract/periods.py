"""The period grammar: the one definition that the claims stage writes and the schema checks.

    2024            a year                  2025Q1, 2025H1   a quarter, a half year
    2025-03         a month                 2017-03-21       a day (an as-at date: 截至2017年3月21日)
    2021-2025       a span of years, fiscal years (2017/18年度 -> 2017-2018)
    2020Q1-Q3       cumulative quarters (前三季度, 首三季)
    2017-01/2017-04 a span of months or days (1-4月), ISO 8601's interval

Every year a period names lies in FIRST_YEAR..LAST_YEAR (the bounds the schema puts on `year`):
a time outside them (`Feb 2723` in a garbled date line) is no period.
"""

from __future__ import annotations

import re

_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12]\d|3[01])"
_POINT = rf"\d{{4}}-{_MONTH}(?:-{_DAY})?"
PERIOD_PATTERN = (
    rf"^(?:\d{{4}}(?:Q[1-4](?:-Q[1-4])?|H[12])?|{_POINT}|\d{{4}}-\d{{4}}|{_POINT}/{_POINT})$"
)
FIRST_YEAR, LAST_YEAR = 1800, 2200
_PERIOD = re.compile(PERIOD_PATTERN)
_YEAR = re.compile(r"^\d{4}")
_YEARS = re.compile(r"\d{4}")


def is_period(text: str) -> bool:
    """The text is a period of the grammar, its years within FIRST_YEAR..LAST_YEAR."""
    return bool(_PERIOD.match(text)) and all(FIRST_YEAR <= int(y) <= LAST_YEAR for y in _YEARS.findall(text))


def checked_period(period: str | None) -> str | None:
    """The period when it is one of the grammar, else None: what the claims stage writes."""
    return period if period is not None and is_period(period) else None


def with_year(period: str, year: str) -> str:
    """A period read without its year (`Q1`, `H1`, `03`, `01/04`, `03-21`) in the year given."""
    if _YEAR.match(period):
        return period
    if period[0] in "QH":
        return f"{year}{period}"
    return "/".join(f"{year}-{part}" for part in period.split("/"))


def last_year(period: str) -> int:
    """The period's (last) year: `2021-2025` -> 2025, `2017-01/2017-04` -> 2017."""
    span = re.fullmatch(r"(\d{4})-(\d{4})", period)
    if span:
        return int(span.group(2))
    return int(period.rsplit("/", 1)[-1][:4])


_MONTH_OF = re.compile(r"^(\d{4})-(\d{2})$")
_PART_OF = re.compile(r"^(\d{4})([QH])([1-4])$")


def year_before(period: str) -> str:
    """The same period a year earlier (`比上年同期`): `2017-01/2017-04` -> `2016-01/2016-04`."""
    return _YEARS.sub(lambda m: str(int(m.group()) - 1), period)


def period_before(period: str) -> str | None:
    """The period just before one of its own length (`比上月`, `环比`): a month, a quarter, a half
    year or a year; None for other periods."""
    if re.fullmatch(r"\d{4}", period):
        return str(int(period) - 1)
    m = _MONTH_OF.match(period)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        return f"{y - 1}-12" if mo == 1 else f"{y}-{mo - 1:02d}"
    m = _PART_OF.match(period)
    if m:
        y, kind, n = int(m.group(1)), m.group(2), int(m.group(3))
        last = 4 if kind == "Q" else 2
        return f"{y - 1}{kind}{last}" if n == 1 else f"{y}{kind}{n - 1}"
    return None
