"""Plan task timelines (`when`): parsing and Vietnamese wording."""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from datetime import date

from . import dates
from .models import When

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def parse_when(raw: str) -> When:
    """Parse `YYYY`, `YYYY-Qn`, `YYYY-MM`, `YYYY-MM-DD` or `START/END`; raise ValueError otherwise."""
    value = raw.strip()
    if match := _YEAR.match(value):
        year = int(match.group(1))
        return When(value, "year", date(year, 1, 1), date(year, 12, 31))
    if match := _QUARTER.match(value):
        year, quarter = int(match.group(1)), int(match.group(2))
        first = 3 * quarter - 2
        last_day = _stdlib_calendar.monthrange(year, first + 2)[1]
        return When(value.upper(), "quarter", date(year, first, 1), date(year, first + 2, last_day))
    if match := _MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(raw)
        return When(value, "month", date(year, month, 1), date(year, month, _stdlib_calendar.monthrange(year, month)[1]))
    if "/" in value:
        start_raw, _, end_raw = value.partition("/")
        start, end = dates.parse_date(start_raw), dates.parse_date(end_raw)
        if end < start:
            raise ValueError(raw)
        return When(value, "range", start, end)
    day = dates.parse_date(value)
    return When(value, "day", day, day)


def describe_when(when: When) -> str:
    """Return the timeline in words: `Năm 2024`, `Quý III/2024`, `Tháng 3/2024`, `05/08/2024`, ranges."""
    if when.kind == "year":
        return f"Năm {when.start.year}"
    if when.kind == "quarter":
        return f"Quý {ROMAN[(when.start.month + 2) // 3]}/{when.start.year}"
    if when.kind == "month":
        return f"Tháng {when.start.month}/{when.start.year}"
    if when.kind == "day":
        return dates.format_short(when.start)
    return f"Từ {dates.format_short(when.start)} đến {dates.format_short(when.end)}"
