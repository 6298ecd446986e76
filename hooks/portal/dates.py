"""Dates: Asia/Ho_Chi_Minh parsing, the build's "today", and Vietnamese formats (via Babel)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_day_names

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Status = Literal["upcoming", "ongoing", "ended"]
MIDNIGHT = time(0, 0)
LOCALE = "vi"

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?$")
_MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")


def build_now(environ: Mapping[str, str] | None = None) -> datetime:
    """Return the build's "now" in Vietnam time: `SOURCE_DATE_EPOCH` when set, else the clock."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).astimezone(VN_TZ)
    return datetime.now(tz=VN_TZ)


def parse_date(value: str) -> date:
    """Parse `YYYY-MM-DD`; raise ValueError otherwise."""
    value = value.strip()
    if not _DATE_RE.match(value):
        raise ValueError(value)
    return date.fromisoformat(value)


def parse_date_or_datetime(value: str) -> date | datetime:
    """Parse `YYYY-MM-DD` (a date) or `YYYY-MM-DD HH:MM[:SS][offset]` (an aware datetime).

    Without an offset the time is Vietnam time.
    """
    value = value.strip()
    if _DATE_RE.match(value):
        return date.fromisoformat(value)
    if not _DATETIME_RE.match(value):
        raise ValueError(value)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=VN_TZ)
    return parsed


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
                  r"(?:[ T,]+(?:lúc\s*)?(\d{1,2})(?:[:h]|\s*giờ\s*)(\d{1,2})?(?:\s*phút)?)?$", re.IGNORECASE)
_YMD = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T]+(\d{1,2})(?:[:h])(\d{1,2})?)?$", re.IGNORECASE)
_WORDS = re.compile(r"^(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
                    r"(?:\s*,?\s*(?:lúc\s+)?(\d{1,2})\s*(?:giờ|h|:)\s*(\d{1,2})?(?:\s*phút)?)?$", re.IGNORECASE)


def explain_invalid(raw: str, with_time: bool) -> str:
    """Return why `raw` is not a date this tool reads, and the corrected form when one is clear.

    `31/12/2024` → "viết là 2024-12-31"; `ngày 5 tháng 6 năm 2024 lúc 8 giờ 30` → "2024-06-05 08:30";
    `2024-02-30` → "ngày này không có thật: tháng 2 năm 2024 có 29 ngày".
    """
    text = " ".join(raw.strip().split())
    for pattern, order in ((_YMD, "ymd"), (_DMY, "dmy"), (_WORDS, "dmy")):
        match = pattern.match(text)
        if match is None:
            continue
        first, second, third, hour, minute = match.groups()
        year, month, day = (first, second, third) if order == "ymd" else (third, second, first)
        problem = _impossible(int(year), int(month), int(day))
        if problem is not None:
            return problem
        fixed = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        if hour is not None:
            if int(hour) > 23 or int(minute or 0) > 59:
                return f"giờ '{hour}:{minute or '00'}' không có thật (giờ từ 00 tới 23, phút từ 00 tới 59)"
            fixed += f" {int(hour):02d}:{int(minute or 0):02d}"
        return f"viết là {fixed}" if (hour is None or with_time) else f"viết là {fixed[:10]} (ở đây chỉ ghi ngày)"
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?", text)
    if iso is not None:
        problem = _impossible(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if problem is not None:
            return problem
        if iso.group(4) is not None and (int(iso.group(4)) > 23 or int(iso.group(5)) > 59):
            return f"giờ '{iso.group(4)}:{iso.group(5)}' không có thật (giờ từ 00 tới 23, phút từ 00 tới 59)"
        if iso.group(4) is not None and not with_time:
            return "ở đây chỉ ghi ngày, không ghi giờ: dùng dạng YYYY-MM-DD"
    return "dùng dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM" if with_time else "dùng dạng YYYY-MM-DD"


def _impossible(year: int, month: int, day: int) -> str | None:
    """Return why year-month-day is no real day (Vietnamese), or None."""
    if not 1 <= month <= 12:
        return f"không có tháng {month} (tháng từ 1 tới 12)"
    try:
        date(year, month, day)
    except ValueError:
        last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day if 1 <= year < 9999 else 31
        return f"ngày {day:02d}/{month:02d}/{year} không có thật: tháng {month} năm {year} có {last} ngày"
    return None


def parse_month_day(value: str) -> tuple[int, int]:
    """Parse a yearly `MM-DD` (29 February allowed); raise ValueError otherwise."""
    match = _MONTH_DAY_RE.match(value.strip())
    if not match:
        raise ValueError(value)
    month, day = int(match.group(1)), int(match.group(2))
    date(2024, month, day)  # a leap year, so 02-29 is accepted
    return month, day


def as_datetime(value: date | datetime) -> datetime:
    """Return an aware datetime in Vietnam time (a date becomes its midnight)."""
    if isinstance(value, datetime):
        return value.astimezone(VN_TZ)
    return datetime(value.year, value.month, value.day, tzinfo=VN_TZ)


def as_date(value: date | datetime) -> date:
    """Return the calendar day in Vietnam time."""
    if isinstance(value, datetime):
        return value.astimezone(VN_TZ).date()
    return value


def has_time(value: date | datetime) -> bool:
    """Return True when `value` carries a time of day."""
    return isinstance(value, datetime)


@lru_cache(maxsize=65536)  # the same dates appear on many list pages
def weekday_name(value: date | datetime) -> str:
    """Return the Vietnamese weekday, e.g. `Thứ Tư`, `Chủ Nhật`."""
    return str(get_day_names("wide", locale=LOCALE)[as_date(value).weekday()])


@lru_cache(maxsize=65536)  # the same dates appear on many list pages
def format_short(value: date | datetime) -> str:
    """Return `05/06/2024`."""
    return format_date(as_date(value), "dd/MM/yyyy", locale=LOCALE)


@lru_cache(maxsize=65536)  # the same dates appear on many list pages
def format_full(value: date | datetime) -> str:
    """Return `Thứ Tư, 05/06/2024` (with `, 08:30` appended when a time other than 00:00 is given)."""
    text = format_date(as_date(value), "EEEE, dd/MM/yyyy", locale=LOCALE)
    if isinstance(value, datetime) and value.astimezone(VN_TZ).time() != MIDNIGHT:
        text += ", " + format_time(value)
    return text


def format_time(value: datetime) -> str:
    """Return `08:30` in Vietnam time."""
    return value.astimezone(VN_TZ).strftime("%H:%M")


def format_admin(value: date | datetime) -> str:
    """Return the Decree 30/2020 form `ngày 05 tháng 6 năm 2024` (zero for days < 10, months 1–2)."""
    day = as_date(value)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_month(year: int, month: int) -> str:
    """Return `Tháng 6/2024`."""
    return f"Tháng {month}/{year}"


@lru_cache(maxsize=65536)  # every card, feed entry and page head carries one
def iso(value: date | datetime) -> str:
    """Return an ISO 8601 string with the +07:00 offset for datetimes."""
    if isinstance(value, datetime):
        return value.astimezone(VN_TZ).isoformat()
    return value.isoformat()


def last_day(start: date | datetime, end: date | datetime | None) -> date:
    """Return the last calendar day (Vietnam time) a span covers; `end` is inclusive.

    A timed end at midnight exactly belongs to the day before (an exclusive end time).
    """
    first = as_date(start)
    if end is None:
        return first
    if isinstance(end, datetime):
        local = end.astimezone(VN_TZ)
        last = local.date()
        if local.time() == MIDNIGHT and isinstance(start, datetime) and local > start:
            last -= timedelta(days=1)
    else:
        last = end
    return max(first, last)


def span_status(start: date | datetime, end: date | datetime | None, today: date) -> Status:
    """Return `upcoming`, `ongoing` or `ended` as of `today` (the first and last day are ongoing)."""
    if today < as_date(start):
        return "upcoming"
    if today > last_day(start, end):
        return "ended"
    return "ongoing"
