"""Vietnamese wording of spans of time and other phrases the pages, feeds and downloads share.

One function per phrase shape, so a page, a feed and a CSV file saying the same thing say it the
same way. Single values (a day, a time, a month) are formatted by `dates.py`; this module puts
them into phrases:

- `describe_span`: an event's time on its page (`Thứ Năm, 17/10/2024 (cả ngày)`);
- `describe_span_short`: the same on a calendar line (`30/09 – 01/10/2024`);
- `describe_period`: a campaign activity (`Từ 15/03/2024 đến 23/03/2024`);
- `describe_facts_span`: the time in a feed item's key facts (`Thứ Sáu, 22/03/2024 – 23:00`);
- `describe_when` / `describe_days`: a plan task's timeline (`Quý III/2024`, `Từ tháng 9 đến tháng 11/2024`);
- `describe_yearly`: an observance (`Ngày 22/3 hằng năm`);
- `describe_period_heading`: the calendar's headings of tasks without a day (`Trong quý III/2024`);
- `describe_signer`: who signed (`Nguyễn Thị Lan – Phó Giám đốc`).

Pure and low in the import graph: it needs only `dates` and the `When` model.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, datetime, time

from . import dates
from .models import When

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
"""Quarters are written in Roman numerals (`Quý III/2024`)."""


def month_end(year: int, month: int) -> date:
    """Return the last day of a month."""
    return date(year, month, _stdlib_calendar.monthrange(year, month)[1])


def _ends_at_midnight(end: datetime) -> bool:
    return end.astimezone(dates.VN_TZ).time() == time(0, 0)


def _end_time(end: datetime) -> str:
    """Return the end's clock time; an exclusive end at midnight reads `24:00`."""
    return "24:00" if _ends_at_midnight(end) else dates.format_time(end)


# -- events and calendar entries -------------------------------------------------------------


def describe_span(start: date | datetime, end: date | datetime | None) -> str:
    """Return a time span in Vietnamese, as an event page shows it.

    `Thứ Năm, 17/10/2024 (cả ngày)`, `Từ Thứ Hai, 30/09/2024 đến Thứ Ba, 01/10/2024`,
    `Thứ Tư, 05/06/2024, 07:00 – 09:30`, `Từ 08:00 Thứ Hai, 30/09/2024 đến 17:00 Thứ Ba, 01/10/2024`.
    """
    last = dates.last_day(start, end)
    if not isinstance(start, datetime):
        if last == start:
            return f"{dates.format_full(start)} (cả ngày)"
        return f"Từ {dates.format_full(start)} đến {dates.format_full(last)}"
    day = dates.format_full(dates.as_date(start))
    begin = dates.format_time(start)
    if end is None:
        return f"{day}, {begin}"
    assert isinstance(end, datetime)
    if last == dates.as_date(start):
        return f"{day}, {begin} – {_end_time(end)}"
    if _ends_at_midnight(end):
        return f"Từ {begin} {day} đến hết {dates.format_full(last)}"
    return f"Từ {begin} {day} đến {dates.format_time(end)} {dates.format_full(last)}"


def describe_span_short(start: date | datetime, end: date | datetime | None) -> str:
    """Return a compact span: `17/10/2024`, `30/09 – 01/10/2024`, `05/06/2024, 07:00 – 09:30`."""
    first, last = dates.as_date(start), dates.last_day(start, end)
    if first == last:
        text = dates.format_short(first)
    elif first.year == last.year:
        text = f"{first:%d/%m} – {dates.format_short(last)}"
    else:
        text = f"{dates.format_short(first)} – {dates.format_short(last)}"
    if isinstance(start, datetime):
        text += ", " + dates.format_time(start)
        if isinstance(end, datetime) and first == last:
            text += " – " + _end_time(end)
    return text


def describe_period(start: date | datetime, end: date | datetime | None = None) -> str:
    """Return when a campaign activity happens.

    `Thứ Sáu, 22/03/2024`; `Thứ Bảy, 23/03/2024, 20:30 – 21:30`; `Từ 15/03/2024 đến 23/03/2024`;
    `Từ 15/11/2026, 07:30 đến 16/11/2026, 09:30`.
    """
    if end is None or end == start:
        return dates.format_full(start)
    first, last = dates.as_date(start), dates.as_date(end)
    if first == last:
        if isinstance(start, datetime) and isinstance(end, datetime):
            return f"{dates.format_full(start)} – {dates.format_time(end)}"
        return dates.format_full(start)

    def side(value: date | datetime) -> str:
        text = dates.format_short(value)
        if isinstance(value, datetime) and dates.as_datetime(value).time() != dates.MIDNIGHT:
            text += ", " + dates.format_time(value)
        return text

    return f"Từ {side(start)} đến {side(end)}"


def describe_facts_span(start: date | datetime, end: date | datetime | None) -> str:
    """Return the time of an event or a campaign in a feed item's key facts.

    `Thứ Sáu, 22/03/2024`; `Thứ Sáu, 22/03/2024, 08:00 – 11:30` (same day);
    `Thứ Sáu, 22/03/2024 – Chủ Nhật, 24/03/2024`.
    """
    text = dates.format_full(start)
    if end is None:
        return text
    same_day = dates.as_date(end) == dates.as_date(start)
    return f"{text} – {dates.format_time(end) if same_day and isinstance(end, datetime) else dates.format_full(end)}"


def _day_month(day: date) -> str:
    """Return `22/3`, `05/6`, `02/01` (Decree 30/2020: a zero for days < 10 and for months 1–2)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}"


def describe_yearly(first: date, last: date) -> str:
    """Return an observance's days: `Ngày 22/3 hằng năm`, `Từ 01/6 đến 08/6 hằng năm`."""
    if first == last:
        return f"Ngày {_day_month(first)} hằng năm"
    return f"Từ {_day_month(first)} đến {_day_month(last)} hằng năm"


def describe_period_heading(kind: str, year: int, month: int) -> str:
    """Return the calendar's heading of tasks planned for the `month`, `quarter` or `year` of a month.

    `Trong tháng 6/2024`, `Trong quý II/2024`, `Trong năm 2024`.
    """
    if kind == "month":
        return f"Trong tháng {month}/{year}"
    if kind == "quarter":
        return f"Trong quý {ROMAN[(month + 2) // 3]}/{year}"
    return f"Trong năm {year}"


# -- plan timelines ----------------------------------------------------------------------------


def describe_days(start: date, end: date) -> str:
    """Return an inclusive span of days in words, naming whole months, quarters and years as such."""
    if start == end:
        return dates.format_short(start)
    if start.day == 1 and end == month_end(end.year, end.month):
        if start.year == end.year:
            if start.month == end.month:
                return f"Tháng {start.month}/{start.year}"
            if start.month == 1 and end.month == 12:
                return f"Năm {start.year}"
            if start.month % 3 == 1 and end.month == start.month + 2:
                return f"Quý {ROMAN[(start.month + 2) // 3]}/{start.year}"
            return f"Từ tháng {start.month} đến tháng {end.month}/{end.year}"
        if start.month == 1 and end.month == 12:
            return f"Từ năm {start.year} đến năm {end.year}"
        return f"Từ tháng {start.month}/{start.year} đến tháng {end.month}/{end.year}"
    return f"Từ {dates.format_short(start)} đến {dates.format_short(end)}"


def describe_when(when: When) -> str:
    """Return a task's timeline in words: `Năm 2024`, `Quý III/2024`, `Tháng 3/2024`, `05/08/2024`, ranges."""
    return describe_days(when.start, when.end)  # a year, quarter, month or day is such a span of days


# -- people ------------------------------------------------------------------------------------


def describe_signer(name: str, title: str) -> str:
    """Return `Nguyễn Thị Lan – Phó Giám đốc`, or whichever of name and title is given."""
    return " – ".join(part for part in (name, title) if part)
