"""The calendar in Chromium, served by nginx: the month grid without JavaScript, the list on a phone,
and an event's "Thêm vào lịch" file. The sample site's today is 2026-11-23 (SAMPLE_EPOCH)."""

from __future__ import annotations

from urllib.parse import urlparse

import icalendar
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

JUNE = "lich-su-kien/2027/06/"  # a month of observances, within 12 months of the sample's today
NOVEMBER, DECEMBER = "lich-su-kien/2026/11/", "lich-su-kien/2026/12/"
CAMPAIGN = "Chiến dịch sử dụng nước tiết kiệm, phòng, chống hạn hán và xâm nhập mặn mùa khô 2026 – 2027"
CHECKS = "Kiểm tra các công trình khai thác nước dưới đất"  # an activity from 16/11 to 31/12/2026
BULLETIN = "Bản tin cảnh báo hạn hán, xâm nhập mặn hằng tuần"  # from 01/12/2026 to 31/01/2027


def day_cell(page, day: str):  # type: ignore[no-untyped-def]
    return page.locator(f'table.portal-cal-grid td:has(time[datetime="{day}"])')


def test_month_grid_shows_the_observances_without_javascript(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + JUNE)
    assert page.locator("h1").inner_text() == "Lịch sự kiện tháng 6/2027"
    grid = page.locator("table.portal-cal-grid")
    assert grid.is_visible()
    assert grid.locator("thead th").all_inner_texts() == [
        "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
    environment_day = day_cell(page, "2027-06-05")
    assert environment_day.get_by_role("link", name="Ngày Môi trường Thế giới").is_visible()
    # The week of 1 to 8 June (from a Tuesday): one bar in each of its two week rows, not one per day.
    week = grid.get_by_role("link", name="Ngày kỷ niệm: Tuần lễ Biển và Hải đảo Việt Nam (từ 01/06 đến 08/06/2027)")
    expect(week).to_have_count(2)
    expect(week.first).to_be_visible()
    expect(week.last).to_be_visible()
    expect(grid.locator("tbody > tr").nth(0).get_by_role("link", name="Tuần lễ Biển")).to_have_count(1)
    expect(grid.locator("tbody > tr").nth(2).get_by_role("link", name="Tuần lễ Biển")).to_have_count(1)
    expect(grid.locator("td.portal-cal-day").get_by_role("link", name="Tuần lễ Biển")).to_have_count(0)
    assert day_cell(page, "2027-06-08").get_by_role("link", name="Ngày Đại dương Thế giới").is_visible()
    # The phone list is there for small screens but hidden beside the grid.
    assert not page.locator(".portal-cal-agenda").is_visible()

    # An observance links to its description in the yearly list of the calendar page.
    environment_day.get_by_role("link", name="Ngày Môi trường Thế giới").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/lich-su-kien/")
    target = page.locator("li:target")
    assert target.locator(".portal-cal-entry__title").inner_text() == "Ngày Môi trường Thế giới"
    assert "Lần tới: 05/06/2027" in target.inner_text() and target.is_visible()
    context.close()


def test_calendar_to_event_and_its_ics_without_javascript(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + "lich-su-kien/")
    upcoming = page.locator("section.portal-cal-upcoming")
    assert upcoming.get_by_role("heading", name="Hôm nay").is_visible()
    assert upcoming.get_by_role("link", name="Đối thoại với doanh nghiệp", exact=False).is_visible()
    assert page.locator('td[aria-current="date"] time').get_attribute("datetime") == "2026-11-23"

    page.locator("section.portal-cal-month").get_by_role("link", name="Tháng 12/2026 ›").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/lich-su-kien/2026/12/")
    day_cell(page, "2026-12-03").get_by_role("link", name="Đối thoại với doanh nghiệp", exact=False).click()
    path = "/su-kien/doi-thoai-doanh-nghiep-dat-dai-moi-truong-2026/"
    page.wait_for_url(lambda url: urlparse(url).path == path)
    facts = page.locator(".portal-event__facts").inner_text()
    assert "Thứ Năm, 03/12/2026, 08:00 – 11:30" in facts and "Hội trường Sở" in facts
    add = page.get_by_role("link", name="Thêm vào lịch")
    href = add.get_attribute("href")
    response = context.request.get(server + path.lstrip("/") + href)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    (vevent,) = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    whole = context.request.get(server + "lich-su-kien/lich.ics")
    uids = {str(ev["uid"]) for ev in icalendar.Calendar.from_ical(whole.body()).walk("VEVENT")}
    assert str(vevent["uid"]) in uids
    context.close()


def test_phone_shows_the_month_as_a_list(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800},
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(server + JUNE)
    assert not page.locator("table.portal-cal-grid").is_visible()
    agenda = page.locator(".portal-cal-agenda")
    assert agenda.is_visible()
    headings = agenda.locator("h2, h3").all_inner_texts()
    assert headings[:2] == ["Danh sách tháng 6/2027", "Thứ Ba, 01/06/2027"]
    assert "Thứ Bảy, 05/06/2027" in headings and "Thứ Ba, 08/06/2027" in headings
    assert agenda.get_by_role("link", name="Tuần lễ Biển và Hải đảo Việt Nam").is_visible()
    assert agenda.get_by_role("link", name="Ngày Môi trường Thế giới").is_visible()
    # The span is listed once, with its dates, not once per day.
    assert agenda.get_by_role("link", name="Tuần lễ Biển và Hải đảo Việt Nam").count() == 1
    assert "01/06 – 08/06/2027" in agenda.inner_text()
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    context.close()


def test_multi_day_items_are_one_readable_bar_per_week_row(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(server + NOVEMBER)
    grid = page.locator("table.portal-cal-grid")
    expect(grid).to_be_visible()
    rows = grid.locator("tbody > tr")
    expect(rows).to_have_count(12)  # six weeks, each a row of bars over a row of days
    def visible_links(row: int, title: str) -> int:
        links = rows.nth(row).get_by_role("link", name=title, exact=False)
        return sum(1 for i in range(links.count()) if links.nth(i).is_visible())

    # (campaign, activity) links seen in each week's two rows: at most one each, from 15/11 and 16/11 on.
    per_week = [tuple(visible_links(2 * week, title) + visible_links(2 * week + 1, title) for title in (CAMPAIGN, CHECKS))
                for week in range(6)]
    assert per_week == [(0, 0), (0, 0), (1, 0), (1, 1), (1, 1), (1, 1)]
    # A bar names the item and its dates for a screen reader, and shows the whole title (wrapped, not cut).
    bar = grid.get_by_role("link", name=f"Chiến dịch: {CAMPAIGN} (từ 15/11/2026 đến 31/01/2027)")
    expect(bar).to_have_count(4)
    for i in range(4):
        expect(bar.nth(i)).to_be_visible()
        clipped = bar.nth(i).evaluate(
            "a => [a, a.closest('li')].some(e => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight)")
        assert not clipped, i
        assert CAMPAIGN in bar.nth(i).inner_text()
    # It spans its days: the bar of the week of 16 to 22 November is as wide as the week.
    week = grid.locator("tbody > tr").nth(6).bounding_box()
    box = bar.nth(1).locator("xpath=ancestor::li[1]").bounding_box()
    assert week and box and box["width"] > 0.95 * week["width"]
    # The single-day launch stays in its day cell.
    launch = day_cell(page, "2026-11-15").get_by_role("link", name="Lễ phát động chiến dịch")
    expect(launch).to_be_visible()

    # In December the campaign and its two activities cover the whole month: listed once above the grid.
    page.goto(server + DECEMBER)
    ongoing = page.locator("section.portal-cal-ongoing")
    expect(ongoing.get_by_role("heading", name="Đang diễn ra trong tháng 12/2026")).to_be_visible()
    for title in (CAMPAIGN, CHECKS, BULLETIN):
        expect(page.get_by_role("link", name=title, exact=True).locator("visible=true")).to_have_count(1)
        expect(ongoing.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(ongoing).to_contain_text("01/12/2026 – 31/01/2027")
    expect(page.locator("table.portal-cal-grid").get_by_role("link", name=BULLETIN)).to_have_count(0)
    context.close()


def test_phone_lists_multi_day_items_once_with_their_dates(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800},
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(server + NOVEMBER)
    expect(page.locator("table.portal-cal-grid")).to_be_hidden()
    agenda = page.locator(".portal-cal-agenda")
    expect(agenda).to_be_visible()
    for title, dates in ((CAMPAIGN, "15/11/2026 – 31/01/2027"), (CHECKS, "16/11 – 31/12/2026"),
                         ("Lễ phát động chiến dịch", "15/11/2026, 07:30 – 09:30")):
        link = agenda.get_by_role("link", name=title, exact=True)
        expect(link).to_have_count(1)
        expect(link).to_be_visible()
        entry = agenda.locator("li.portal-cal-entry").filter(has=page.get_by_role("link", name=title, exact=True))
        expect(entry).to_contain_text(dates)
    # Nothing else on the page repeats them: the bars and the strip are the grid's, hidden on a phone.
    expect(page.get_by_role("link", name=CAMPAIGN, exact=True).locator("visible=true")).to_have_count(1)
    page.goto(server + DECEMBER)
    expect(page.locator(".portal-cal-agenda").get_by_role("link", name=BULLETIN, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=BULLETIN, exact=True).locator("visible=true")).to_have_count(1)
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    context.close()
