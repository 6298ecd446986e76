"""The calendar in Chromium, served by nginx: the month grid without JavaScript, the list on a phone,
and an event's "Thêm vào lịch" file. The sample site's today is 2026-11-23 (SAMPLE_EPOCH)."""

from __future__ import annotations

from urllib.parse import urlparse

import icalendar
import pytest

pytestmark = pytest.mark.browser

JUNE = "lich-su-kien/2027/06/"  # a month of observances, within 12 months of the sample's today


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
    for day in range(1, 9):
        cell = day_cell(page, f"2027-06-{day:02d}")
        assert cell.get_by_role("link", name="Tuần lễ Biển và Hải đảo Việt Nam").is_visible(), day
    assert day_cell(page, "2027-06-09").get_by_role("link", name="Tuần lễ Biển và Hải đảo Việt Nam").count() == 0
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
