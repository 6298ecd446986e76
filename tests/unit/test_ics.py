"""iCalendar files: read back with icalendar + recurring-ical-events and, independently, with vobject."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import icalendar
import pytest
import recurring_ical_events
import vobject
from calendar_builders import NOW, campaign, event, observance, plan, site_of, task

from portal import ics
from portal.agenda_pages import build_calendar_files
from portal.dates import VN_TZ
from portal.listings import build_indexes
from portal.models import Activity, Deadline, Site
from portal.pages import Context
from portal.settings import Settings


SITE_URL = "https://stnmt.example.gov.vn/"
TRICKY = "Đắk Lắk: “xanh” & sạch; 100%, <an toàn>"


def sample_site() -> Site:
    return site_of(
        event("Mít tinh Ngày Môi trường", datetime(2024, 6, 5, 7, 0, tzinfo=VN_TZ),
              datetime(2024, 6, 5, 9, 30, tzinfo=VN_TZ), location="Quảng trường tỉnh", organizer="Sở TN&MT"),
        event("Hội nghị Luật Đất đai", date(2024, 9, 30), date(2024, 10, 1), "moi-truong", "bien-hai-dao"),
        event(TRICKY, date(2024, 7, 1), summary="Dòng một\nDòng hai; có dấu phẩy, chấm phẩy"),
        campaign("Tuần lễ Biển", date(2024, 6, 1), date(2024, 6, 8), Activity("Ra quân", date(2024, 6, 8)),
                 topics=("bien-hai-dao",)),
        plan("Kế hoạch 81", date(2024, 1, 5), tasks=(task(1, "Tập huấn", "2024-06-10/2024-06-12"),
                                                      task(2, "Cả năm", "2024")),
             deadlines=(Deadline(date(2024, 12, 1), "Gửi báo cáo"),)),
        observances=(observance("Ngày Nước Thế giới", (3, 22)),
                     observance("Tuần lễ Biển và Hải đảo", (6, 1), (6, 8), "bien-hai-dao"),
                     observance("Chào năm mới", (12, 30), (1, 2))),
    )


def files_of(site: Site) -> dict[str, bytes]:
    ctx = Context(site, build_indexes(site), Settings(), SITE_URL)
    return dict(build_calendar_files(ctx))


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return files_of(sample_site())


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events_in(data: bytes, year: int) -> dict[str, list[tuple[date, date]]]:
    """Expand with recurring-ical-events: {summary: [(first day, exclusive end day)]} for one year."""
    found: dict[str, list[tuple[date, date]]] = {}
    for ev in recurring_ical_events.of(parse(data)).at(year):
        start, end = ev.decoded("dtstart"), ev.decoded("dtend")
        found.setdefault(str(ev["summary"]), []).append((start, end))
    return found


def test_files_written(files: dict[str, bytes]) -> None:
    assert set(files) == {
        "lich-su-kien/lich.ics", "lich-su-kien/moi-truong/lich.ics", "lich-su-kien/bien-hai-dao/lich.ics",
        "su-kien/mit-tinh-ngay-moi-truong/mit-tinh-ngay-moi-truong.ics",
        "su-kien/hoi-nghi-luat-dat-dai/hoi-nghi-luat-dat-dai.ics",
        "su-kien/dak-lak-xanh-sach-100-an-toan/dak-lak-xanh-sach-100-an-toan.ics",
    }


@pytest.mark.parametrize("year", [2025, 2031])
def test_observances_expand_to_their_days_in_any_year(files: dict[str, bytes], year: int) -> None:
    found = events_in(files["lich-su-kien/lich.ics"], year)
    assert found["Ngày Nước Thế giới"] == [(date(year, 3, 22), date(year, 3, 23))]
    assert found["Tuần lễ Biển và Hải đảo"] == [(date(year, 6, 1), date(year, 6, 9))]  # 8 days, DTEND exclusive
    # The year-boundary span: the one starting on 30/12 of the year before reaches into this year.
    assert sorted(found["Chào năm mới"]) == [(date(year - 1, 12, 30), date(year, 1, 3)),
                                             (date(year, 12, 30), date(year + 1, 1, 3))]
    assert "Hội nghị Luật Đất đai" not in found  # one-off entries do not repeat


def test_each_observance_is_one_yearly_vevent(files: dict[str, bytes]) -> None:
    cal = parse(files["lich-su-kien/lich.ics"])
    yearly = [ev for ev in cal.walk("VEVENT") if "RRULE" in ev]
    assert sorted(str(ev["summary"]) for ev in yearly) == ["Chào năm mới", "Ngày Nước Thế giới", "Tuần lễ Biển và Hải đảo"]
    assert all(ev["RRULE"].to_ical() == b"FREQ=YEARLY" for ev in yearly)
    assert len(cal.walk("VEVENT")) == 3 + 3 + 2 + 2  # observances, events, campaign + activity, task + deadline


def test_all_day_entries_are_dates_with_exclusive_end(files: dict[str, bytes]) -> None:
    text = files["lich-su-kien/lich.ics"].decode()
    cal = parse(files["lich-su-kien/lich.ics"])
    by_summary = {str(ev["summary"]): ev for ev in cal.walk("VEVENT")}
    conference = by_summary["Hội nghị Luật Đất đai"]
    assert conference.decoded("dtstart") == date(2024, 9, 30) and conference.decoded("dtend") == date(2024, 10, 2)
    assert "DTSTART;VALUE=DATE:20240930\r\nDTEND;VALUE=DATE:20241002\r\n" in text
    single = by_summary["Ra quân"]
    assert (single.decoded("dtstart"), single.decoded("dtend")) == (date(2024, 6, 8), date(2024, 6, 9))
    assert str(by_summary["Hạn báo cáo: Gửi báo cáo"]["categories"].cats[0]) == "Hạn báo cáo"


def test_timed_entries_are_in_vietnam_time_with_a_vtimezone(files: dict[str, bytes]) -> None:
    text = files["lich-su-kien/lich.ics"].decode()
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20240605T070000\r\n" in text
    assert "DTEND;TZID=Asia/Ho_Chi_Minh:20240605T093000\r\n" in text
    cal = parse(files["lich-su-kien/lich.ics"])
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Asia/Ho_Chi_Minh"
    rally = next(ev for ev in cal.walk("VEVENT") if str(ev["summary"]) == "Mít tinh Ngày Môi trường")
    assert rally.decoded("dtstart").astimezone(timezone.utc) == datetime(2024, 6, 5, 0, 0, tzinfo=timezone.utc)
    assert str(rally["location"]) == "Quảng trường tỉnh"
    assert str(rally["transp"]) == "OPAQUE"


def test_dtstamp_is_the_builds_fixed_now_never_the_clock(files: dict[str, bytes]) -> None:
    cal = parse(files["lich-su-kien/lich.ics"])
    stamps = {ev.decoded("dtstamp") for ev in cal.walk("VEVENT")}
    assert stamps == {NOW.astimezone(timezone.utc)}
    later = files_of(site_of(observances=(observance("Ngày Nước Thế giới", (3, 22)),), now=NOW + timedelta(days=1)))
    assert b"DTSTAMP:20240618T045300Z" in later["lich-su-kien/lich.ics"]


def test_rfc5545_lines_crlf_folded_and_text_escaped(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        assert data.endswith(b"\r\n"), path
        lines = data.split(b"\r\n")
        assert b"\n" not in b"".join(lines), path  # no bare LF anywhere
        assert max(len(line) for line in lines) <= 75, path
        lines[0].decode("utf-8")
        data.decode("utf-8")  # folding never splits a UTF-8 character
    cal = parse(files["lich-su-kien/lich.ics"])
    tricky = next(ev for ev in cal.walk("VEVENT") if str(ev["summary"]) == TRICKY)
    assert str(tricky["description"]).startswith("Dòng một\nDòng hai; có dấu phẩy, chấm phẩy\n")
    assert "SUMMARY:Đắk Lắk: “xanh” & sạch\\; 100%\\, <an toàn>" in files["lich-su-kien/lich.ics"].decode()


def test_event_file_has_the_same_uid_as_the_whole_calendar(files: dict[str, bytes]) -> None:
    whole = {str(ev["summary"]): str(ev["uid"]) for ev in parse(files["lich-su-kien/lich.ics"]).walk("VEVENT")}
    own = parse(files["su-kien/hoi-nghi-luat-dat-dai/hoi-nghi-luat-dat-dai.ics"]).walk("VEVENT")
    assert len(own) == 1
    assert str(own[0]["uid"]) == whole["Hội nghị Luật Đất đai"] == "su-kien-hoi-nghi-luat-dat-dai@stnmt.example.gov.vn"
    assert str(own[0]["url"]) == "https://stnmt.example.gov.vn/su-kien/hoi-nghi-luat-dat-dai/"
    assert len(set(whole.values())) == len(whole)


def test_topic_calendar_holds_only_that_topic(files: dict[str, bytes]) -> None:
    sea = {str(ev["summary"]) for ev in parse(files["lich-su-kien/bien-hai-dao/lich.ics"]).walk("VEVENT")}
    assert sea == {"Tuần lễ Biển và Hải đảo", "Tuần lễ Biển", "Ra quân", "Hội nghị Luật Đất đai"}
    cal = parse(files["lich-su-kien/bien-hai-dao/lich.ics"])
    assert "Biển và hải đảo" in str(cal["x-wr-calname"])


def test_uids_stay_when_content_is_added(files: dict[str, bytes]) -> None:
    site = sample_site()
    site.events.insert(0, event("Sự kiện mới", date(2024, 2, 1)))
    site.observances.insert(0, observance("Ngày Đất ngập nước", (2, 2)))
    before = {str(ev["summary"]): str(ev["uid"]) for ev in parse(files["lich-su-kien/lich.ics"]).walk("VEVENT")}
    after = {str(ev["summary"]): str(ev["uid"])
             for ev in parse(files_of(site)["lich-su-kien/lich.ics"]).walk("VEVENT")}
    assert {k: after[k] for k in before} == before and len(after) == len(before) + 2


def test_same_input_gives_identical_bytes(files: dict[str, bytes]) -> None:
    assert files_of(sample_site()) == files


def test_vobject_reads_every_file_the_same_way(files: dict[str, bytes]) -> None:
    """A second, independent parser (vobject has its own reader and uses dateutil for RRULE)."""
    for path, data in files.items():
        cal = vobject.readOne(data.decode("utf-8"))
        ours = {str(ev["uid"]): ev for ev in parse(data).walk("VEVENT")}
        theirs = {ev.uid.value: ev for ev in cal.vevent_list}
        assert set(theirs) == set(ours), path
        for uid_, ev in theirs.items():
            assert ev.summary.value == str(ours[uid_]["summary"])
            assert ev.dtstart.value == ours[uid_].decoded("dtstart")
    whole = vobject.readOne(files["lich-su-kien/lich.ics"].decode("utf-8"))
    week = next(ev for ev in whole.vevent_list if ev.summary.value == "Tuần lễ Biển và Hải đảo")
    starts = [d for d in week.getrruleset() if d.year in (2025, 2031)]
    assert starts == [datetime(2025, 6, 1), datetime(2031, 6, 1)]
    assert week.dtend.value - week.dtstart.value == timedelta(days=8)


def test_uid_host_and_webcal() -> None:
    assert ics.host_of("https://STNMT.example.gov.vn/portal/") == "stnmt.example.gov.vn"
    assert ics.host_of("") == "localhost"
    assert ics.webcal("https://a.vn/lich-su-kien/lich.ics") == "webcal://a.vn/lich-su-kien/lich.ics"
    assert ics.absolute("", "lich-su-kien/lich.ics") == ""


def test_vevents_shared_between_calendars_give_the_bytes_icalendar_writes() -> None:
    """Each VEVENT is serialised once per build and reused by every calendar that holds it: the
    file is still exactly what icalendar writes for the whole calendar built in one piece."""
    from portal.agenda import build_agenda

    site = sample_site()
    entries = build_agenda(site).all_entries()
    names = {slug: topic.name for slug, topic in site.topics.items()}
    render = dict(name="Lịch", description="Mô tả", path="lich.ics", site_url=SITE_URL, now=NOW, topic_names=names)
    shared: dict = {}
    for chosen in (entries, entries[1::2], entries[:1]):
        head = ics.render_calendar([], **render)
        whole = icalendar.Calendar.from_ical(head)
        assert whole.to_ical() == head  # icalendar reads and writes the head unchanged
        stamp = NOW.astimezone(timezone.utc).replace(microsecond=0)
        for entry in sorted(chosen, key=lambda e: (e.first, e.key)):
            whole.add_component(ics.build_vevent(entry, host=ics.host_of(SITE_URL), site_url=SITE_URL,
                                                 stamp=stamp, topic_names=names))
        assert ics.render_calendar(chosen, vevents=shared, **render) == whole.to_ical()
    assert len(shared) == len(entries)
