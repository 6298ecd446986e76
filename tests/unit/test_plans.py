"""Plans: task timelines (`when`) parsed and put into words, file sizes, the task table's CSV/JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from portal import routes
from portal.dates import as_datetime, format_admin
from portal.models import Campaign, Plan, Task
from portal.plans import build_task_rows, format_size, parse_when, render_tasks_csv, render_tasks_json, task_table
from portal.wording import describe_when

# -- parsing -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "kind", "start", "end"),
    [
        ("2024", "year", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-Q1", "quarter", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-q3", "quarter", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-Q4", "quarter", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", "month", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-12", "month", date(2024, 12, 1), date(2024, 12, 31)),
        ("2024-08-05", "day", date(2024, 8, 5), date(2024, 8, 5)),
        (" 2024-08-05 ", "day", date(2024, 8, 5), date(2024, 8, 5)),
        ("2022-03-01/2022-12-10", "range", date(2022, 3, 1), date(2022, 12, 10)),
        ("2024-09/2024-11", "range", date(2024, 9, 1), date(2024, 11, 30)),
        ("2024-Q4/2025-Q1", "range", date(2024, 10, 1), date(2025, 3, 31)),
        ("2024-06-05/2024-06-05", "range", date(2024, 6, 5), date(2024, 6, 5)),
    ],
)
def test_parse_when_accepts_every_documented_form(raw: str, kind: str, start: date, end: date) -> None:
    when = parse_when(raw)
    assert (when.kind, when.start, when.end) == (kind, start, end)


def test_parse_when_normalises_the_quarter_letter() -> None:
    assert parse_when("2024-q3").raw == "2024-Q3"


@pytest.mark.parametrize(
    "raw",
    ["", "24", "2024-13", "2024-00", "2024-Q5", "2024-Q0", "2024-3", "2024-06-31", "2023-02-29", "Quý 3/2024",
     "tháng 3", "2024-06-30/2024-06-01", "2024-03-01/", "/2024-03-01", "2024-03-01/2024-03-05/2024-04-01"],
)
def test_parse_when_rejects_anything_else(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_when(raw)


# -- wording -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("2024", "Năm 2024"),
        ("2024-Q1", "Quý I/2024"),
        ("2024-Q2", "Quý II/2024"),
        ("2024-Q3", "Quý III/2024"),
        ("2024-Q4", "Quý IV/2024"),
        ("2024-03", "Tháng 3/2024"),
        ("2024-11", "Tháng 11/2024"),
        ("2024-08-05", "05/08/2024"),
        ("2022-03-01/2022-12-10", "Từ 01/03/2022 đến 10/12/2022"),
        ("2026-11-15/2027-01-31", "Từ 15/11/2026 đến 31/01/2027"),
        # Ranges that cover whole months, quarters or years are named as such.
        ("2024-06-01/2024-06-30", "Tháng 6/2024"),
        ("2024-04-01/2024-06-30", "Quý II/2024"),
        ("2024-01-01/2024-12-31", "Năm 2024"),
        ("2024-09/2024-11", "Từ tháng 9 đến tháng 11/2024"),
        ("2026-11/2027-01", "Từ tháng 11/2026 đến tháng 1/2027"),
        ("2024/2025", "Từ năm 2024 đến năm 2025"),
        ("2024-02-01/2024-03-31", "Từ tháng 2 đến tháng 3/2024"),
        ("2024-06-05/2024-06-05", "05/06/2024"),
        # Almost whole months stay exact dates.
        ("2024-06-01/2024-06-29", "Từ 01/06/2024 đến 29/06/2024"),
        ("2024-06-02/2024-06-30", "Từ 02/06/2024 đến 30/06/2024"),
    ],
)
def test_describe_when_in_vietnamese(raw: str, text: str) -> None:
    assert describe_when(parse_when(raw)) == text


def test_plan_issue_dates_use_the_decree_30_form() -> None:
    # Leading zero for days under 10 and for months 1 and 2 only.
    assert format_admin(date(2024, 8, 5)) == "ngày 05 tháng 8 năm 2024"
    assert format_admin(date(2022, 2, 25)) == "ngày 25 tháng 02 năm 2022"
    assert format_admin(date(2023, 1, 9)) == "ngày 09 tháng 01 năm 2023"
    assert format_admin(date(2023, 12, 15)) == "ngày 15 tháng 12 năm 2023"


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 byte"), (850, "850 byte"), (1024, "1 KB"), (21114, "20,6 KB"), (1_300_000, "1,2 MB"),
     (15 * 1024 * 1024, "15 MB"), (3 * 1024 ** 3, "3 GB")],
)
def test_format_size_the_vietnamese_way(size: int, text: str) -> None:
    assert format_size(size) == text


# -- the task table and its downloads ------------------------------------------------------------

def _plan(tasks: tuple[Task, ...]) -> Plan:
    return Plan(
        kind="plan", source="content/plans/81.md", slug="ke-hoach-81", url=routes.plan_url("ke-hoach-81"),
        title="Kế hoạch truyền thông năm 2024", topics=("moi-truong",), date=as_datetime(date(2024, 8, 5)),
        issued=date(2024, 8, 5), issuer="Sở Tài nguyên và Môi trường", number="81/KH-STNMT",
        signer="Phạm Văn A", signer_title="Phó Giám đốc", tasks=tasks,
    )


CAMPAIGN = Campaign(
    kind="campaign", source="content/campaigns/gio-trai-dat.md", slug="gio-trai-dat", url="chien-dich/gio-trai-dat/",
    title="Giờ Trái đất 2024", topics=("moi-truong",), date=as_datetime(date(2024, 3, 15)),
    start=date(2024, 3, 15), end=date(2024, 3, 23),
)
TASKS = (
    Task(1, "Truyền thông Giờ Trái đất, \"tắt đèn\" một giờ", "Phòng Quản lý môi trường", parse_when("2024-03"),
         ("Các Sở, ban, ngành", "Ủy ban nhân dân các huyện, thị xã, thành phố"), "Panoled; mạng xã hội",
         "gio-trai-dat"),
    Task(2, "Tập huấn Luật Tài nguyên nước", "Phòng Quản lý tài nguyên nước", parse_when("2024-Q3")),
    Task(3, "Báo cáo kết quả", "Văn phòng Sở", parse_when("2024-11-20/2024-12-05"), ("Các phòng, đơn vị",)),
)


def _rows():
    return build_task_rows(_plan(TASKS), None, {"gio-trai-dat": CAMPAIGN})


def test_task_rows_follow_the_plan_and_resolve_campaigns() -> None:
    rows = _rows()
    assert [r.number for r in rows] == [1, 2, 3]
    assert [r.when_text for r in rows] == ["Tháng 3/2024", "Quý III/2024", "Từ 20/11/2024 đến 05/12/2024"]
    assert rows[0].campaign is CAMPAIGN and rows[1].campaign is None
    assert [p.name for p in rows[0].partners] == ["Các Sở, ban, ngành", "Ủy ban nhân dân các huyện, thị xã, thành phố"]


def test_csv_opens_in_excel_with_vietnamese_intact() -> None:
    data = render_tasks_csv(_rows())
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel detects the encoding"
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert table[0] == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hình thức", "Thời gian",
                        "Từ ngày", "Đến ngày", "Chiến dịch"]
    assert table[1] == [
        "1", "Truyền thông Giờ Trái đất, \"tắt đèn\" một giờ", "Phòng Quản lý môi trường",
        "Các Sở, ban, ngành; Ủy ban nhân dân các huyện, thị xã, thành phố", "Panoled; mạng xã hội",
        "Tháng 3/2024", "2024-03-01", "2024-03-31", "Giờ Trái đất 2024",
    ]
    assert table[2] == ["2", "Tập huấn Luật Tài nguyên nước", "Phòng Quản lý tài nguyên nước", "", "",
                        "Quý III/2024", "2024-07-01", "2024-09-30", ""]
    assert len(table) == 4


def test_csv_columns_are_the_page_table_columns() -> None:
    rows = _rows()
    table = list(csv.DictReader(io.StringIO(render_tasks_csv(rows).decode("utf-8-sig"), newline="")))
    for record, shown in zip(table, task_table(rows), strict=True):
        assert {key: record[key] for key in shown} == shown


def test_json_carries_the_plan_and_every_task() -> None:
    document = json.loads(render_tasks_json(_plan(TASKS), _rows(), "https://so.example.gov.vn/"))
    assert document["plan"] == {
        "title": "Kế hoạch truyền thông năm 2024", "number": "81/KH-STNMT", "issued": "2024-08-05",
        "issued_text": "ngày 05 tháng 8 năm 2024", "issuer": "Sở Tài nguyên và Môi trường",
        "signer": "Phạm Văn A – Phó Giám đốc", "url": "https://so.example.gov.vn/ke-hoach/ke-hoach-81/",
    }
    assert document["columns"] == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hình thức", "Thời gian"]
    first, second, third = document["tasks"]
    assert first["partners"] == ["Các Sở, ban, ngành", "Ủy ban nhân dân các huyện, thị xã, thành phố"]
    assert first["when"] == {"value": "2024-03", "text": "Tháng 3/2024", "start": "2024-03-01", "end": "2024-03-31"}
    assert first["campaign"] == {"title": "Giờ Trái đất 2024", "url": "https://so.example.gov.vn/chien-dich/gio-trai-dat/"}
    assert second["partners"] == [] and second["campaign"] is None
    assert third["when"]["text"] == "Từ 20/11/2024 đến 05/12/2024"

