"""The sample site's calendar shows every observance, event, campaign activity, deadline and task of
the sample content (the tests' frozen copy, tests/fixtures/site/), and every .ics file it publishes
reads cleanly in two independent parsers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject
from lxml import html as lxml_html

from helpers import FIXTURE_SITE, SAMPLE_EPOCH
from portal import dates, routes
from portal.loader import LoadOptions, load_site
from portal.models import Site


@pytest.fixture(scope="module")
def content() -> Site:
    site, problems = load_site(FIXTURE_SITE, LoadOptions(now=dates.build_now({"SOURCE_DATE_EPOCH": SAMPLE_EPOCH})))
    assert not [p for p in problems if p.is_error]
    return site


class Months:
    """Month pages of the built sample site, parsed once each."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.pages: dict[tuple[int, int], lxml_html.HtmlElement] = {}

    def page(self, year: int, month: int) -> lxml_html.HtmlElement:
        if (year, month) not in self.pages:
            path = self.site / routes.calendar_month_url(year, month) / "index.html"
            self.pages[(year, month)] = lxml_html.fromstring(path.read_text(encoding="utf-8"))
        return self.pages[(year, month)]

    def cell_text(self, day: date) -> str:
        """Return what the month grid shows on `day`: its cell, the bars of its week row that cover
        its column, and the strip of long items above the grid."""
        doc = self.page(day.year, day.month)
        cells = doc.xpath(f'//table[contains(@class, "portal-cal-grid")]//td[.//time[@datetime="{day}"]]')
        assert len(cells) == 1, day
        column = day.weekday() + 1
        (bar_row,) = cells[0].xpath('../preceding-sibling::tr[1][contains(@class, "portal-cal-week")]')
        bars = [bar for bar in bar_row.xpath('.//li[contains(@class, "portal-cal-bar")]')
                if _columns(bar)[0] <= column <= _columns(bar)[1]]
        ongoing = doc.xpath('//section[contains(@class, "portal-cal-ongoing")]')
        return " ".join(" ".join(element.text_content().split()) for element in [cells[0], *bars, *ongoing])

    def periods_text(self, year: int, month: int) -> str:
        sections = self.page(year, month).xpath('//section[contains(@class, "portal-cal-periods")]')
        return " ".join(sections[0].text_content().split()) if sections else ""


def _columns(bar: lxml_html.HtmlElement) -> tuple[int, int]:
    """Return the first and last column (1 = Monday) a bar covers."""
    classes = bar.get("class").split()
    start = next(int(c.rsplit("-", 1)[1]) for c in classes if c.startswith("portal-cal-col-"))
    span = next(int(c.rsplit("-", 1)[1]) for c in classes if c.startswith("portal-cal-span-"))
    return start, start + span - 1


@pytest.fixture(scope="module")
def months(sample_site: Path) -> Months:
    return Months(sample_site)


def first_day(value: date | datetime) -> date:
    return dates.as_date(value)


def test_every_observance_is_on_its_days_this_year_and_next(content: Site, months: Months) -> None:
    assert len(content.observances) >= 10
    today = content.today
    for observance in content.observances:
        for year in (today.year, today.year + 1):
            start = date(year, *observance.start)
            if start < today.replace(day=1) - timedelta(days=366):
                continue
            end = date(year + (1 if observance.crosses_new_year else 0), *observance.end)
            for offset in range((end - start).days + 1):
                day = start + timedelta(days=offset)
                if (day.year, day.month) <= (today.year + 1, today.month):
                    assert observance.title in months.cell_text(day), (observance.title, day)


def test_every_event_activity_deadline_and_dated_task_is_on_its_first_day(content: Site, months: Months) -> None:
    checked = 0
    for event in content.events:
        assert event.title in months.cell_text(first_day(event.start)), event.title
        checked += 1
    for campaign in content.campaigns:
        assert campaign.title in months.cell_text(campaign.start), campaign.title
        assert campaign.title in months.cell_text(campaign.end), campaign.title
        for activity in campaign.activities:
            assert activity.title in months.cell_text(first_day(activity.start)), activity.title
            checked += 1
    for plan in content.plans:
        for deadline in plan.deadlines:
            assert deadline.what in months.cell_text(deadline.date), deadline.what
            checked += 1
        for task in plan.tasks:
            if task.when.kind in ("day", "range"):
                assert task.task in months.cell_text(task.when.start), task.task
            else:  # a month, quarter or year: listed under the grid of each month it covers
                assert task.task in months.periods_text(task.when.start.year, task.when.start.month), task.task
                assert task.task in months.periods_text(task.when.end.year, task.when.end.month), task.task
            checked += 1
    assert checked >= 40


def test_lich_ics_has_one_vevent_per_entry_and_one_per_observance(content: Site, sample_site: Path) -> None:
    cal = icalendar.Calendar.from_ical((sample_site / routes.CALENDAR_ICS).read_bytes())
    vevents = cal.walk("VEVENT")
    yearly = [ev for ev in vevents if "RRULE" in ev]
    assert sorted(str(ev["summary"]) for ev in yearly) == sorted(o.title for o in content.observances)
    dated_tasks = sum(1 for p in content.plans for t in p.tasks if t.when.kind in ("day", "range"))
    expected = (len(content.observances) + len(content.events) + len(content.campaigns)
                + sum(len(c.activities) for c in content.campaigns)
                + sum(len(p.deadlines) for p in content.plans) + dated_tasks
                # a draft's last day of comments, else the day a document takes effect
                + sum(1 for d in content.documents if d.consultation is not None or d.effective is not None))
    assert len(vevents) == expected
    assert len({str(ev["uid"]) for ev in vevents}) == expected
    # Expanded for two different years, each observance occurs once a year.
    for year in (2026, 2029):
        found = [(str(ev["summary"]), ev.decoded("dtstart")) for ev in recurring_ical_events.of(cal).at(year)]
        for observance in content.observances:
            starts = [start for summary, start in found if summary == observance.title and start.year == year]
            assert starts == [date(year, *observance.start)], (observance.title, year)


def test_every_ics_file_reads_cleanly_in_two_parsers(sample_site: Path) -> None:
    files = sorted(sample_site.rglob("*.ics"))
    assert len(files) >= 1 + 9 + 8  # the whole calendar, nine topics, the sample events
    for path in files:
        data = path.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n"), path
        assert max(len(line) for line in data.split(b"\r\n")) <= 75, path
        ours = {str(ev["uid"]): str(ev["summary"]) for ev in icalendar.Calendar.from_ical(data).walk("VEVENT")}
        theirs = {ev.uid.value: ev.summary.value
                  for ev in getattr(vobject.readOne(data.decode("utf-8")), "vevent_list", [])}
        assert ours == theirs, path


def test_month_grids_draw_a_multi_day_item_once_per_week_row(sample_site: Path) -> None:
    """No link is repeated within a week row of any month grid (the bars replace one copy per day),
    and this month shows the sample's mid-November campaign as bars."""
    pages = sorted((sample_site / "lich-su-kien").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
    assert len(pages) >= 24
    bars = 0
    for path in pages:
        doc = lxml_html.fromstring(path.read_text(encoding="utf-8"))
        rows = doc.xpath('//table[contains(@class, "portal-cal-grid")]/tbody/tr')
        for top, days in zip(rows[::2], rows[1::2], strict=True):
            links = [" ".join(a.text_content().split()) for a in [*top.xpath(".//a"), *days.xpath(".//a")]]
            titles = [link.split(" (từ ")[0].split(": ", 1)[-1] for link in links]
            assert len(titles) == len(set(titles)), (path, links)
            bars += len(top.xpath('.//li[contains(@class, "portal-cal-bar")]'))
    assert bars > 0
    november = lxml_html.fromstring((sample_site / "lich-su-kien/2026/11/index.html").read_text(encoding="utf-8"))
    campaign = "Chiến dịch sử dụng nước tiết kiệm, phòng, chống hạn hán và xâm nhập mặn mùa khô 2026 – 2027"
    found = [(" ".join(li.text_content().split()), _columns(li))
             for li in november.xpath('//li[contains(@class, "portal-cal-bar")]') if campaign in li.text_content()]
    # Sunday 15 to Monday 30 November: four week rows, each bar saying when it runs.
    assert [columns for _, columns in found] == [(7, 7), (1, 7), (1, 7), (1, 1)]
    assert all(f"Chiến dịch: {campaign} (từ 15/11/2026 đến 31/01/2027)" in text for text, _ in found)
