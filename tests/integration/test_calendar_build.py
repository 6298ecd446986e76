"""The events calendar in a real `mkdocs build`: pages, month grids, event pages and .ics files.

One fixture project (today = 2024-06-17, EPOCH) built once; two more builds check that the
calendar files are byte-identical between builds and that UIDs survive added content.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urljoin

import icalendar
import pytest
import recurring_ical_events
import vobject
from lxml import html as lxml_html

from helpers import EPOCH, make_project, run_build

SITE = "https://stnmt.example.gov.vn/"
OBSERVANCES = """\
- title: Ngày Nước Thế giới
  date: "03-22"
  topics: [tai-nguyen-nuoc]
- title: Tuần lễ Biển và Hải đảo Việt Nam
  start: "06-01"
  end: "06-08"
  topics: [bien-hai-dao]
- title: Ngày Môi trường Thế giới
  date: "06-05"
  topics: [moi-truong]
  description: Ngày Liên hợp quốc khởi xướng.
- title: Tuần lễ giao thừa xanh
  start: "12-30"
  end: "01-02"
  topics: [moi-truong]
"""
CONTENT: dict[str, str | bytes] = {
    "observances.yml": OBSERVANCES,
    "events/mit-tinh.md": (
        "---\ntitle: Mít tinh hưởng ứng Ngày Môi trường thế giới\nstart: 2024-06-05 07:00\nend: 2024-06-05 09:30\n"
        "topics: [moi-truong]\nlocation: Quảng trường tỉnh, thành phố Bà Rịa\norganizer: Sở Tài nguyên và Môi trường\n"
        "campaign: thang-hanh-dong\nsummary: Mít tinh cấp tỉnh mở đầu Tháng hành động.\n---\n\n"
        "Chương trình gồm phát biểu, ký cam kết và ra quân.\n"
    ),
    "events/hoi-nghi.md": (
        "---\ntitle: Hội nghị phổ biến Luật Đất đai\nstart: 2024-09-30\nend: 2024-10-01\n"
        "topics: [moi-truong]\nlocation: Trung tâm Hội nghị tỉnh\nplan: ke-hoach-81\n---\n\nHai ngày.\n"
    ),
    "events/cu.md": "---\ntitle: Tập huấn quan trắc nước\nstart: 2023-03-10\ntopics: [tai-nguyen-nuoc]\n---\n\nA.\n",
    "campaigns/thang-hanh-dong.md": (
        "---\ntitle: Tháng hành động vì môi trường\nslug: thang-hanh-dong\nstart: 2024-06-01\nend: 2024-06-30\n"
        "topics: [moi-truong]\nactivities:\n"
        "  - title: Trồng cây xanh tại trường học\n    date: 2024-06-15\n    location: Huyện Châu Đức\n"
        "  - title: Tắt đèn hưởng ứng\n    start: 2024-06-22 20:30\n    end: 2024-06-22 21:30\n"
        "---\n\nMột tháng cao điểm.\n"
    ),
    "plans/ke-hoach-81.md": (
        "---\ntitle: Kế hoạch truyền thông năm 2024\nslug: ke-hoach-81\nissued: 2024-01-05\n"
        "issuer: Sở Tài nguyên và Môi trường\nnumber: 81/KH-STNMT\ntopics: [moi-truong, tai-nguyen-nuoc]\n"
        "tasks:\n"
        "  - task: Tập huấn Luật Tài nguyên nước\n    lead: Phòng Tài nguyên nước\n    when: 2024-07-10/2024-07-11\n"
        "  - task: Truyền thông Tháng hành động\n    lead: Văn phòng Sở\n    when: 2024-06\n"
        "  - task: Công khai thông tin môi trường\n    lead: Văn phòng Sở\n    when: \"2024\"\n"
        "deadlines:\n  - date: 2024-06-28\n    what: Gửi báo cáo sơ kết 6 tháng\n"
        "---\n\nMục đích, yêu cầu.\n"
    ),
}
EXTRA: dict[str, str | bytes] = {
    "events/moi.md": "---\ntitle: Đối thoại doanh nghiệp\nstart: 2024-03-01 08:00\ntopics: [moi-truong]\n---\n\nB.\n",
    "observances.yml": "- title: Ngày Đất ngập nước Thế giới\n  date: \"02-02\"\n  topics: [moi-truong]\n" + OBSERVANCES,
}


def _project(tmp: Path, content: dict[str, str | bytes]) -> Path:
    proj = make_project(tmp, content)
    config = proj / "mkdocs.yml"
    text, count = re.subn(r"(?m)^site_url:.*$", f"site_url: {SITE}", config.read_text(encoding="utf-8"))
    assert count == 1
    config.write_text(text, encoding="utf-8")
    result = run_build(proj)
    assert result.returncode == 0, result.stdout + result.stderr
    return proj / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("calendar"), CONTENT)


def page(site: Path, url: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def text_of(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def day_cell(doc: lxml_html.HtmlElement, day: str) -> lxml_html.HtmlElement:
    (cell,) = doc.xpath(f'//table[contains(@class, "portal-cal-grid")]//td[.//time[@datetime="{day}"]]')
    return cell


def calendar(site: Path, path: str = "lich-su-kien/lich.ics") -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / path).read_bytes())


def test_every_calendar_page_and_file_exists(site: Path) -> None:
    months = sorted(p.parent.relative_to(site / "lich-su-kien").as_posix()
                    for p in (site / "lich-su-kien").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
    # From the earliest dated entry (March 2023) to 12 months after today (June 2025).
    assert months[0] == "2023/03" and months[-1] == "2025/06" and len(months) == 28
    for topic in ("moi-truong", "tai-nguyen-nuoc", "bien-hai-dao"):
        assert (site / "lich-su-kien" / topic / "index.html").is_file()
        assert (site / "lich-su-kien" / topic / "lich.ics").is_file()
    assert (site / "su-kien/mit-tinh-huong-ung-ngay-moi-truong-the-gioi/"
            "mit-tinh-huong-ung-ngay-moi-truong-the-gioi.ics").is_file()


@pytest.mark.parametrize("year", [2025, 2026])
def test_lich_ics_expands_observances_in_any_year(site: Path, year: int) -> None:
    found: dict[str, list[tuple[date, date]]] = {}
    for ev in recurring_ical_events.of(calendar(site)).at(year):
        found.setdefault(str(ev["summary"]), []).append((ev.decoded("dtstart"), ev.decoded("dtend")))
    assert found["Ngày Nước Thế giới"] == [(date(year, 3, 22), date(year, 3, 23))]
    assert found["Ngày Môi trường Thế giới"] == [(date(year, 6, 5), date(year, 6, 6))]
    assert found["Tuần lễ Biển và Hải đảo Việt Nam"] == [(date(year, 6, 1), date(year, 6, 9))]
    assert sorted(found["Tuần lễ giao thừa xanh"]) == [(date(year - 1, 12, 30), date(year, 1, 3)),
                                                       (date(year, 12, 30), date(year + 1, 1, 3))]
    assert "Mít tinh hưởng ứng Ngày Môi trường thế giới" not in found


def test_lich_ics_holds_every_source_once(site: Path) -> None:
    summaries = sorted(str(ev["summary"]) for ev in calendar(site).walk("VEVENT"))
    assert summaries == sorted([
        "Ngày Nước Thế giới", "Tuần lễ Biển và Hải đảo Việt Nam", "Ngày Môi trường Thế giới", "Tuần lễ giao thừa xanh",
        "Mít tinh hưởng ứng Ngày Môi trường thế giới", "Hội nghị phổ biến Luật Đất đai", "Tập huấn quan trắc nước",
        "Tháng hành động vì môi trường", "Trồng cây xanh tại trường học", "Tắt đèn hưởng ứng",
        "Nhiệm vụ: Tập huấn Luật Tài nguyên nước", "Hạn báo cáo: Gửi báo cáo sơ kết 6 tháng",
    ])
    stamps = {ev.decoded("dtstamp") for ev in calendar(site).walk("VEVENT")}
    assert stamps == {datetime.fromtimestamp(int(EPOCH), tz=timezone.utc)}
    # The second, independent parser agrees.
    parsed = vobject.readOne((site / "lich-su-kien/lich.ics").read_text(encoding="utf-8"))
    assert sorted(ev.summary.value for ev in parsed.vevent_list) == summaries


def week_bars(doc: lxml_html.HtmlElement, day: str) -> list[tuple[str, str, str]]:
    """(text, classes, href) of each bar in the week row of `day` (the row above its day cells)."""
    (row,) = doc.xpath(f'//tr[td[.//time[@datetime="{day}"]]]/preceding-sibling::tr[1][contains(@class, "portal-cal-week")]')
    return [(text_of(li), li.get("class"), li.xpath(".//a/@href")[0]) for li in row.xpath('.//li[contains(@class, "portal-cal-bar")]')]


def test_event_across_month_boundary_shows_in_both_month_grids(site: Path) -> None:
    september, october = page(site, "lich-su-kien/2024/09"), page(site, "lich-su-kien/2024/10")
    title = "Sự kiện: Hội nghị phổ biến Luật Đất đai (từ 30/09 đến 01/10/2024)"
    # Monday 30/9 in September's last row, going on in October; Tuesday 1/10 in October's first row.
    ((text, classes, href),) = week_bars(september, "2024-09-30")
    assert title in text and "portal-cal-col-1 portal-cal-span-1" in classes and "continues" in classes.split()
    assert href.endswith("su-kien/hoi-nghi-pho-bien-luat-dat-dai/")
    ((text, classes, href),) = week_bars(october, "2024-10-01")
    assert title in text and "portal-cal-col-2 portal-cal-span-1" in classes and "is-continued" in classes.split()
    for doc, day in ((september, "2024-09-30"), (october, "2024-10-01")):
        assert "Luật Đất đai" not in text_of(day_cell(doc, day))  # a bar, not an item of the day
    assert week_bars(september, "2024-09-23") == [] and week_bars(october, "2024-10-07") == []


def test_month_grid_is_a_table_from_monday_with_vietnamese_weekdays(site: Path) -> None:
    doc = page(site, "lich-su-kien/2024/06")
    (table,) = doc.xpath('//table[contains(@class, "portal-cal-grid")]')
    assert [text_of(th) for th in table.xpath(".//thead/tr/th[@scope='col']")] == [
        "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
    assert text_of(table.xpath(".//caption")[0]).startswith("Lịch tháng 6/2024")
    # Each week: a row for the bars of what lasts several days (one cell across the week), then its days.
    rows = table.xpath(".//tbody/tr")
    assert len(rows) == 10
    assert all(row.get("class").startswith("portal-cal-week") for row in rows[::2])
    assert all([td.get("colspan") for td in row.xpath("./td")] == ["7"] for row in rows[::2])
    assert all(len(row.xpath("./td")) == 7 for row in rows[1::2])
    # 1 June 2024 is a Saturday: the first row has five days of May, then 1 and 2 June.
    first_row = rows[1]
    assert [bool(td.xpath(".//time")) for td in first_row.xpath("./td")] == [False] * 5 + [True] * 2
    today = day_cell(doc, "2024-06-17")
    assert today.get("aria-current") == "date" and "hôm nay" in text_of(today)
    # Each day's items are readable on their own: the full date, then kind and title of each item.
    fifth = text_of(day_cell(doc, "2024-06-05"))
    assert fifth.startswith("5 Thứ Tư, 05/06/2024")
    for expected in ("Ngày kỷ niệm: Ngày Môi trường Thế giới", "Sự kiện: 07:00 Mít tinh hưởng ứng"):
        assert expected in fifth, fifth
    # What lasts several days is a bar in its week rows, with its dates for screen readers.
    assert "Tuần lễ Biển" not in fifth and "Tháng hành động" not in fifth
    assert [(text, classes.split()[2:4]) for text, classes, _ in week_bars(doc, "2024-06-05")] == [
        ("◂ Ngày kỷ niệm: Tuần lễ Biển và Hải đảo Việt Nam (từ 01/06 đến 08/06/2024)",  # from Saturday 1/6
         ["portal-cal-col-1", "portal-cal-span-6"]),
    ]
    # The campaign covers the whole month: listed once above the grid, with its dates.
    (ongoing,) = doc.xpath('//section[contains(@class, "portal-cal-ongoing")]')
    assert text_of(ongoing.xpath(".//h2")[0]) == "Đang diễn ra trong tháng 6/2024"
    assert "Tháng hành động vì môi trường 01/06 – 30/06/2024" in text_of(ongoing)
    assert "Tháng hành động" not in text_of(table)
    assert "Hạn báo cáo: Gửi báo cáo sơ kết 6 tháng" in text_of(day_cell(doc, "2024-06-28"))
    # Tasks for the month or the year are listed below the grid, not put on a day.
    periods = text_of(doc.xpath('//section[contains(@class, "portal-cal-periods")]')[0])
    assert "Trong tháng 6/2024" in periods and "Truyền thông Tháng hành động" in periods
    assert "Trong năm 2024" in periods and "Công khai thông tin môi trường" in periods
    nav = doc.xpath('//nav[contains(@class, "portal-cal-nav")]')[0]
    assert nav.xpath('.//a[@rel="prev"]')[0].get("href") == "../05/"
    assert nav.xpath('.//a[@rel="next"]')[0].get("href") == "../07/"


def test_calendar_page_lists_upcoming_and_this_month_and_subscription(site: Path) -> None:
    doc = page(site, "lich-su-kien")
    upcoming = text_of(doc.xpath('//section[contains(@class, "portal-cal-upcoming")]')[0])
    assert "Hôm nay" in upcoming and "Tháng hành động vì môi trường" in upcoming  # ongoing today
    assert "Tuần này" in upcoming and "Tắt đèn hưởng ứng" in upcoming  # Saturday 22/6
    assert "Tuần sau" in upcoming and "Gửi báo cáo sơ kết 6 tháng" in upcoming  # Friday 28/6
    assert "Tập huấn Luật Tài nguyên nước" in upcoming  # 10/7, within 60 days
    assert "Hội nghị phổ biến Luật Đất đai" not in upcoming  # 30/9, beyond 60 days
    assert doc.xpath('//td[@aria-current="date"]//time/@datetime') == ["2024-06-17"]
    hrefs = doc.xpath("//a/@href")
    assert "webcal://stnmt.example.gov.vn/lich-su-kien/lich.ics" in hrefs
    assert "lich.ics" in hrefs
    help_text = text_of(doc.xpath('//section[contains(@class, "portal-cal-subscribe")]')[0])
    for words in ("Google Calendar", "Outlook", "iPhone", "Android", "Từ URL", "Đăng ký từ web"):
        assert words in help_text
    assert doc.xpath('//head/link[@rel="alternate"][@type="text/calendar"]/@href') == ["lich.ics"]
    observances = text_of(doc.xpath('//section[contains(@class, "portal-cal-observances")]')[0])
    assert "Từ 30/12 đến 02/01 hằng năm" in observances and "Ngày 22/3 hằng năm" in observances
    # The nav entry of the calendar section is the calendar page itself.
    assert doc.xpath('//nav[contains(@class, "md-tabs")]//a[contains(., "Lịch sự kiện")]')


def test_event_page(site: Path) -> None:
    url = "su-kien/mit-tinh-huong-ung-ngay-moi-truong-the-gioi/"
    doc = page(site, url)
    body = text_of(doc.xpath('//article[contains(@class, "portal-event")]')[0])
    for expected in ("Thời gian Thứ Tư, 05/06/2024, 07:00 – 09:30", "Địa điểm Quảng trường tỉnh, thành phố Bà Rịa",
                     "Đơn vị tổ chức Sở Tài nguyên và Môi trường", "Thuộc chiến dịch Tháng hành động vì môi trường",
                     "Đã kết thúc", "Chương trình gồm phát biểu"):
        assert expected in body, expected
    (add,) = doc.xpath('//a[normalize-space()="Thêm vào lịch"]')
    target = urljoin(SITE + url, add.get("href"))
    assert target == SITE + url + "mit-tinh-huong-ung-ngay-moi-truong-the-gioi.ics"
    own = icalendar.Calendar.from_ical((site / target[len(SITE):]).read_bytes()).walk("VEVENT")
    whole = {str(ev["uid"]): ev for ev in calendar(site).walk("VEVENT")}
    assert len(own) == 1 and str(own[0]["uid"]) in whole
    assert str(own[0]["uid"]) == "su-kien-mit-tinh-huong-ung-ngay-moi-truong-the-gioi@stnmt.example.gov.vn"
    assert own[0].to_ical() == whole[str(own[0]["uid"])].to_ical()
    month = doc.xpath('//a[contains(., "Xem trong lịch tháng 6/2024")]/@href')
    assert month == ["../../lich-su-kien/2024/06/"]
    plan_event = text_of(page(site, "su-kien/hoi-nghi-pho-bien-luat-dat-dai").xpath("//article")[0])
    assert "Từ Thứ Hai, 30/09/2024 đến Thứ Ba, 01/10/2024" in plan_event and "Sắp diễn ra" in plan_event
    assert "Thực hiện kế hoạch 81/KH-STNMT – Kế hoạch truyền thông năm 2024" in plan_event


def test_topic_calendar_filters_without_javascript(site: Path) -> None:
    doc = page(site, "lich-su-kien/tai-nguyen-nuoc")
    text = text_of(doc.xpath("//article | //div[contains(@class, 'md-content')]")[0])
    assert "Ngày Nước Thế giới" in text and "Tập huấn Luật Tài nguyên nước" in text
    assert "Tập huấn quan trắc nước" in text  # past, under "Đã diễn ra"
    assert "Tháng hành động vì môi trường" not in text and "Tuần lễ Biển" not in text
    assert doc.xpath('//nav[contains(@class, "portal-cal-topics")]//span[@aria-current="page"]/text()') == [
        "Tài nguyên nước"]
    sea = {str(ev["summary"]) for ev in calendar(site, "lich-su-kien/bien-hai-dao/lich.ics").walk("VEVENT")}
    assert sea == {"Tuần lễ Biển và Hải đảo Việt Nam"}


def test_two_builds_give_identical_calendar_files(site: Path, tmp_path: Path) -> None:
    again = _project(tmp_path, CONTENT)
    files = sorted(p.relative_to(site) for p in site.rglob("*.ics"))
    assert len(files) == 1 + 3 + 3  # the whole calendar, three topics, three events
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.ics"))
    for rel in files:
        assert (site / rel).read_bytes() == (again / rel).read_bytes(), rel
    for rel in ("lich-su-kien/index.html", "lich-su-kien/2024/06/index.html"):
        assert (site / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_uids_survive_added_content(site: Path, tmp_path: Path) -> None:
    bigger = _project(tmp_path, {**CONTENT, **EXTRA})
    before = {str(ev["summary"]): str(ev["uid"]) for ev in calendar(site).walk("VEVENT")}
    after = {str(ev["summary"]): str(ev["uid"]) for ev in calendar(bigger).walk("VEVENT")}
    assert len(after) == len(before) + 2
    assert {summary: after[summary] for summary in before} == before
