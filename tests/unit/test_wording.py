"""Vietnamese phrases of time spans: one function per shape, shared by pages, feeds and downloads."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from portal.dates import VN_TZ
from portal.plans import parse_when
from portal.wording import (
    describe_days,
    describe_facts_span,
    describe_period_heading,
    describe_signer,
    describe_when,
    describe_yearly,
)


def vn(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VN_TZ)


@pytest.mark.parametrize("start, end, text", [
    (date(2024, 3, 22), None, "Thứ Sáu, 22/03/2024"),
    (vn(2024, 3, 22, 8, 0), vn(2024, 3, 22, 11, 30), "Thứ Sáu, 22/03/2024, 08:00 – 11:30"),
    (date(2024, 3, 22), date(2024, 3, 24), "Thứ Sáu, 22/03/2024 – Chủ Nhật, 24/03/2024"),
    (date(2024, 3, 22), date(2024, 3, 22), "Thứ Sáu, 22/03/2024 – Thứ Sáu, 22/03/2024"),
])
def test_describe_facts_span(start, end, text: str) -> None:
    assert describe_facts_span(start, end) == text


@pytest.mark.parametrize("raw", ["2024", "2024-Q3", "2024-03", "2024-08-05", "2024-09/2024-11", "2024/2025"])
def test_describe_when_is_the_span_of_days_of_the_timeline(raw: str) -> None:
    when = parse_when(raw)
    assert describe_when(when) == describe_days(when.start, when.end)


def test_describe_yearly_and_period_headings() -> None:
    assert describe_yearly(date(2024, 3, 22), date(2024, 3, 22)) == "Ngày 22/3 hằng năm"
    assert describe_yearly(date(2024, 6, 1), date(2024, 6, 8)) == "Từ 01/6 đến 08/6 hằng năm"
    assert [describe_period_heading(kind, 2024, 8) for kind in ("month", "quarter", "year")] == [
        "Trong tháng 8/2024", "Trong quý III/2024", "Trong năm 2024"]


def test_describe_signer_joins_what_is_given() -> None:
    assert describe_signer("Nguyễn Thị Lan", "Phó Giám đốc") == "Nguyễn Thị Lan – Phó Giám đốc"
    assert describe_signer("", "Giám đốc") == "Giám đốc"
    assert describe_signer("", "") == ""
