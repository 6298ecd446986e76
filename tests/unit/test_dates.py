"""Dates: Vietnam time, the build's "today" from SOURCE_DATE_EPOCH, Vietnamese formats."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from portal import dates
from portal.dates import VN_TZ


def test_build_now_comes_from_source_date_epoch() -> None:
    now = dates.build_now({"SOURCE_DATE_EPOCH": "1718600000"})
    assert now == datetime(2024, 6, 17, 4, 53, 20, tzinfo=timezone.utc)
    assert now.utcoffset() == timedelta(hours=7)
    assert (now.hour, now.minute) == (11, 53)


def test_build_today_is_the_vietnamese_calendar_day() -> None:
    # 2024-06-30 17:30 UTC is already 1 July in Vietnam.
    epoch = int(datetime(2024, 6, 30, 17, 30, tzinfo=timezone.utc).timestamp())
    assert dates.build_now({"SOURCE_DATE_EPOCH": str(epoch)}).date() == date(2024, 7, 1)


def test_build_now_without_epoch_is_the_clock_in_vietnam_time() -> None:
    before = datetime.now(tz=timezone.utc)
    now = dates.build_now({})
    after = datetime.now(tz=timezone.utc)
    assert before <= now <= after
    assert now.utcoffset() == timedelta(hours=7)


def test_build_now_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795410000")
    assert dates.build_now().date() == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-06-05", date(2024, 6, 5)),
        ("2024-06-05 08:30", datetime(2024, 6, 5, 8, 30, tzinfo=VN_TZ)),
        ("2024-06-05T08:30:15", datetime(2024, 6, 5, 8, 30, 15, tzinfo=VN_TZ)),
        ("2024-06-05 01:30Z", datetime(2024, 6, 5, 8, 30, tzinfo=VN_TZ)),
        ("2024-06-05 10:30+09:00", datetime(2024, 6, 5, 8, 30, tzinfo=VN_TZ)),
        ("2024-06-05 08:30+0700", datetime(2024, 6, 5, 8, 30, tzinfo=VN_TZ)),
    ],
)
def test_parse_date_or_datetime(raw: str, expected: date | datetime) -> None:
    value = dates.parse_date_or_datetime(raw)
    assert value == expected
    assert type(value) is type(expected)
    if isinstance(value, datetime):
        assert value.tzinfo is not None


@pytest.mark.parametrize("raw", ["2024-6-5", "05/06/2024", "2024-02-30", "2024-06-05 25:00", "2024-06-05 8h30", ""])
def test_parse_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        dates.parse_date_or_datetime(raw)


def test_parse_date_rejects_a_time() -> None:
    with pytest.raises(ValueError):
        dates.parse_date("2024-06-05 08:30")


def test_a_time_in_another_offset_falls_on_the_vietnamese_day() -> None:
    value = dates.parse_date_or_datetime("2024-06-05 23:30+00:00")
    assert dates.as_date(value) == date(2024, 6, 6)
    assert dates.as_datetime(value) == datetime(2024, 6, 6, 6, 30, tzinfo=VN_TZ)
    assert dates.iso(value) == "2024-06-06T06:30:00+07:00"


def test_a_date_is_midnight_in_vietnam_not_utc() -> None:
    midnight = dates.as_datetime(date(2024, 6, 5))
    assert midnight.isoformat() == "2024-06-05T00:00:00+07:00"
    assert dates.iso(date(2024, 6, 5)) == "2024-06-05"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2024, 6, 5), "Thứ Tư, 05/06/2024"),
        (date(2024, 6, 9), "Chủ Nhật, 09/06/2024"),
        (date(2025, 1, 13), "Thứ Hai, 13/01/2025"),
        (datetime(2024, 6, 5, 8, 30, tzinfo=VN_TZ), "Thứ Tư, 05/06/2024, 08:30"),
        (datetime(2024, 6, 5, 0, 0, tzinfo=VN_TZ), "Thứ Tư, 05/06/2024"),
        (datetime(2024, 6, 4, 18, 0, tzinfo=timezone.utc), "Thứ Tư, 05/06/2024, 01:00"),
    ],
)
def test_format_full(value: date | datetime, text: str) -> None:
    assert dates.format_full(value) == text


def test_short_and_weekday_formats() -> None:
    assert dates.format_short(date(2024, 6, 5)) == "05/06/2024"
    assert dates.weekday_name(date(2024, 6, 8)) == "Thứ Bảy"
    assert dates.format_time(datetime(2024, 6, 5, 1, 5, tzinfo=timezone.utc)) == "08:05"
    assert dates.format_month(2024, 6) == "Tháng 6/2024"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2024, 6, 5), "ngày 05 tháng 6 năm 2024"),
        (date(2024, 6, 15), "ngày 15 tháng 6 năm 2024"),
        (date(2023, 2, 5), "ngày 05 tháng 02 năm 2023"),
        (date(2024, 1, 10), "ngày 10 tháng 01 năm 2024"),
        (date(2024, 3, 1), "ngày 01 tháng 3 năm 2024"),
        (date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
        (datetime(2024, 2, 28, 20, 0, tzinfo=timezone.utc), "ngày 29 tháng 02 năm 2024"),
    ],
)
def test_format_admin_follows_decree_30(value: date | datetime, text: str) -> None:
    """Decree 30/2020: a leading zero for days under 10 and for months 1 and 2 only."""
    assert dates.format_admin(value) == text


@pytest.mark.parametrize(("raw", "expected"), [("03-22", (3, 22)), ("02-29", (2, 29)), ("12-31", (12, 31))])
def test_parse_month_day(raw: str, expected: tuple[int, int]) -> None:
    assert dates.parse_month_day(raw) == expected


@pytest.mark.parametrize("raw", ["3-22", "22-03", "02-30", "2024-03-22", "13-01"])
def test_parse_month_day_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        dates.parse_month_day(raw)


def test_has_time() -> None:
    assert dates.has_time(datetime(2024, 6, 5, tzinfo=VN_TZ))
    assert not dates.has_time(date(2024, 6, 5))
