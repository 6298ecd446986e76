"""The calendar as data: entries from every source, the days they cover, month grids and lists."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from calendar_builders import NOW, campaign, event, observance, plan, site_of, task

from portal import agenda
from portal.agenda import build_agenda, month_view, upcoming
from portal.dates import VN_TZ
from portal.models import Activity, Deadline
from portal.wording import describe_span, describe_span_short


def titles_on(cal: agenda.Agenda, day: date) -> list[str]:
    return [o.entry.title for o in cal.by_day.get(day, [])]


def cell(view: agenda.MonthView, day: date) -> agenda.DayCell:
    return next(c for week in view.weeks for c in week if c.day == day)


def test_observance_recurs_every_year_on_its_day() -> None:
    cal = build_agenda(site_of(event("Hội nghị", date(2023, 1, 10)),
                               observances=(observance("Ngày Nước Thế giới", (3, 22)),)))
    for year in (2023, 2024, 2025):
        assert titles_on(cal, date(year, 3, 22)) == ["Ngày Nước Thế giới"]
        assert titles_on(cal, date(year, 3, 21)) == [] and titles_on(cal, date(year, 3, 23)) == []
    assert len(cal.yearly) == 1 and cal.yearly[0].yearly


def test_observance_span_covers_every_day_of_each_year() -> None:
    cal = build_agenda(site_of(observances=(observance("Tuần lễ Biển và Hải đảo", (6, 1), (6, 8)),)))
    for year in (2024, 2025):
        covered = [d for d in (date(year, 5, 31) + timedelta(days=i) for i in range(10)) if titles_on(cal, d)]
        assert covered == [date(year, 6, d) for d in range(1, 9)]


def test_span_across_new_year_covers_both_months_and_both_years() -> None:
    cal = build_agenda(site_of(observances=(observance("Chào năm mới", (12, 30), (1, 2)),)))
    for day in (date(2024, 12, 30), date(2024, 12, 31), date(2025, 1, 1), date(2025, 1, 2)):
        assert titles_on(cal, day) == ["Chào năm mới"], day
    assert titles_on(cal, date(2024, 12, 29)) == [] and titles_on(cal, date(2025, 1, 3)) == []
    january = month_view(cal, 2025, 1)
    # 1 January 2025 is a Wednesday: one bar across Wednesday and Thursday, continuing from December.
    assert cell(january, date(2025, 1, 2)).items == ()
    (lane,) = january.bars[0]
    (bar,) = lane
    assert (bar.entry.title, bar.column, bar.span, bar.continues_before, bar.continues_after) == (
        "Chào năm mới", 3, 2, True, False)
    assert bar.occurrence.range_text == "từ 30/12/2024 đến 02/01/2025"
    # The list form puts it first, under "continuing from last month".
    assert january.agenda[0].heading == "Tiếp diễn từ tháng trước"
    assert [o.entry.title for o in january.agenda[0].occurrences] == ["Chào năm mới"]


def test_29_february_only_in_leap_years() -> None:
    cal = build_agenda(site_of(event("Xa", date(2030, 1, 1)), observances=(observance("Ngày nhuận", (2, 29)),)))
    assert titles_on(cal, date(2028, 2, 29)) == ["Ngày nhuận"]
    assert titles_on(cal, date(2025, 2, 28)) == [] and titles_on(cal, date(2025, 3, 1)) == []
    assert cal.yearly[0].start == date(2024, 2, 29)


def test_event_across_a_month_boundary_is_in_both_months() -> None:
    cal = build_agenda(site_of(event("Hội nghị Luật Đất đai", date(2024, 9, 30), date(2024, 10, 1))))
    september, october = month_view(cal, 2024, 9), month_view(cal, 2024, 10)
    # Monday 30 September in September's last row, Tuesday 1 October in October's first: one bar in
    # each month, marked as going on in the other.
    (((first,),),) = [lanes for lanes in september.bars if lanes]
    (((second,),),) = [lanes for lanes in october.bars if lanes]
    assert first.entry.title == second.entry.title == "Hội nghị Luật Đất đai"
    assert (first.column, first.span, first.continues_before, first.continues_after) == (1, 1, False, True)
    assert (second.column, second.span, second.continues_before, second.continues_after) == (2, 1, True, False)
    assert september.bars[-1] == ((first,),) and october.bars[0] == ((second,),)
    assert cell(september, date(2024, 9, 30)).items == cell(october, date(2024, 10, 1)).items == ()
    assert september.count == october.count == 1
    # Days of the next month shown in September's last week carry nothing (they belong to October's page).
    assert cell(september, date(2024, 9, 30)).in_month
    assert not any(c.items for week in september.weeks for c in week if not c.in_month)


def test_timed_and_all_day_entries() -> None:
    timed = event("Mít tinh", datetime(2024, 6, 5, 7, 0, tzinfo=VN_TZ), datetime(2024, 6, 5, 9, 30, tzinfo=VN_TZ))
    all_day = event("Tập huấn", date(2024, 6, 5))
    cal = build_agenda(site_of(timed, all_day))
    items = cell(month_view(cal, 2024, 6), date(2024, 6, 5)).items
    # All-day first, then by time; the time is shown for the timed one only.
    assert [(i.entry.title, i.time) for i in items] == [("Tập huấn", ""), ("Mít tinh", "07:00")]
    assert not items[1].entry.all_day and items[0].entry.all_day


def test_timed_event_ending_at_midnight_stays_on_its_day() -> None:
    late = event("Đêm nhạc", datetime(2024, 6, 5, 20, 0, tzinfo=VN_TZ), datetime(2024, 6, 6, 0, 0, tzinfo=VN_TZ))
    cal = build_agenda(site_of(late))
    assert titles_on(cal, date(2024, 6, 5)) == ["Đêm nhạc"] and titles_on(cal, date(2024, 6, 6)) == []
    assert describe_span(late.start, late.end) == "Thứ Tư, 05/06/2024, 20:00 – 24:00"


def test_time_in_vietnamese() -> None:
    vn = lambda *a: datetime(*a, tzinfo=VN_TZ)  # noqa: E731
    assert describe_span(date(2024, 10, 17), None) == "Thứ Năm, 17/10/2024 (cả ngày)"
    assert describe_span(date(2024, 9, 30), date(2024, 10, 1)) == "Từ Thứ Hai, 30/09/2024 đến Thứ Ba, 01/10/2024"
    assert describe_span(vn(2024, 6, 5, 7, 0), vn(2024, 6, 5, 9, 30)) == "Thứ Tư, 05/06/2024, 07:00 – 09:30"
    assert describe_span(vn(2024, 6, 5, 7, 0), None) == "Thứ Tư, 05/06/2024, 07:00"
    assert (describe_span(vn(2024, 9, 30, 8, 0), vn(2024, 10, 1, 17, 0))
            == "Từ 08:00 Thứ Hai, 30/09/2024 đến 17:00 Thứ Ba, 01/10/2024")
    assert describe_span_short(date(2024, 6, 1), date(2024, 6, 8)) == "01/06 – 08/06/2024"
    assert describe_span_short(date(2024, 12, 30), date(2025, 1, 2)) == "30/12/2024 – 02/01/2025"


def test_month_grid_weeks_start_on_monday_with_vietnamese_names() -> None:
    view = month_view(build_agenda(site_of()), 2024, 6)
    assert [full for full, _ in view.weekdays] == [
        "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
    assert view.weekdays[0][1] == "T2" and view.weekdays[6][1] == "CN"
    assert all(len(week) == 7 and week[0].day.weekday() == 0 for week in view.weeks)
    assert view.weeks[0][0].day == date(2024, 5, 27) and not view.weeks[0][0].in_month
    assert view.weeks[-1][-1].day == date(2024, 6, 30)
    assert cell(view, date(2024, 6, 17)).is_today and not cell(view, date(2024, 6, 16)).is_today
    assert view.title == "Tháng 6/2024" and view.url == "lich-su-kien/2024/06/"


def test_months_run_from_the_earliest_entry_to_twelve_months_after_today() -> None:
    cal = build_agenda(site_of(event("Cũ", date(2022, 3, 5)), observances=(observance("Ngày Trái đất", (4, 22)),)))
    assert cal.months[0] == (2022, 3) and cal.months[-1] == (2025, 6)
    assert len(cal.months) == 40
    first, last = month_view(cal, 2022, 3), month_view(cal, 2025, 6)
    assert first.prev is None and first.next == ("Tháng 4/2022", "lich-su-kien/2022/04/")
    assert last.next is None
    # A later dated entry extends the calendar to its month.
    later = build_agenda(site_of(event("Xa", date(2026, 2, 1))))
    assert later.months[-1] == (2026, 2)


def test_upcoming_groups_today_this_week_next_week_and_later() -> None:
    cal = build_agenda(site_of(
        campaign("Tháng hành động vì môi trường", date(2024, 6, 1), date(2024, 6, 30)),
        event("Hôm nay lúc 14 giờ", datetime(2024, 6, 17, 14, 0, tzinfo=VN_TZ)),
        event("Thứ Tư tuần này", date(2024, 6, 19)),
        event("Chủ Nhật tuần này", date(2024, 6, 23)),
        event("Thứ Hai tuần sau", date(2024, 6, 24)),
        event("Tháng sau", date(2024, 7, 20)),
        event("Ngày thứ 60", date(2024, 8, 15)),
        event("Ngày thứ 61", date(2024, 8, 16)),
        event("Đã qua", date(2024, 6, 16)),
    ))
    groups = upcoming(cal)
    assert [g.heading for g in groups] == ["Hôm nay", "Tuần này", "Tuần sau", "Từ nay đến 15/08/2024"]
    today = [o.entry.title for o in groups[0].days[0].occurrences]
    assert today == ["Hôm nay lúc 14 giờ", "Tháng hành động vì môi trường"]  # what starts today, then what is ongoing
    assert [d.day for d in groups[1].days] == [date(2024, 6, 19), date(2024, 6, 23)]
    assert [o.entry.title for d in groups[2].days for o in d.occurrences] == ["Thứ Hai tuần sau"]
    assert [o.entry.title for d in groups[3].days for o in d.occurrences] == ["Tháng sau", "Ngày thứ 60"]
    assert groups[1].days[0].heading == "Thứ Tư, 19/06/2024"


def test_campaign_range_activities_and_plan_deadlines_are_entries() -> None:
    cal = build_agenda(site_of(
        campaign("Tuần lễ Biển", date(2024, 6, 1), date(2024, 6, 8),
                 Activity("Ra quân làm sạch bờ biển", date(2024, 6, 8), location="Bãi Sau"),
                 Activity("Tắt đèn", datetime(2024, 6, 8, 20, 30, tzinfo=VN_TZ),
                          datetime(2024, 6, 8, 21, 30, tzinfo=VN_TZ))),
        plan("Kế hoạch 81", date(2024, 5, 1), deadlines=(Deadline(date(2024, 6, 20), "Gửi báo cáo"),)),
    ))
    on_8 = cal.by_day[date(2024, 6, 8)]
    assert [(o.entry.kind, o.entry.title) for o in on_8] == [
        ("campaign", "Tuần lễ Biển"), ("activity", "Ra quân làm sạch bờ biển"), ("activity", "Tắt đèn")]
    activity = on_8[1].entry
    assert activity.url == "chien-dich/tuan-le-bien/" and activity.parent_title == "Tuần lễ Biển"
    assert activity.location == "Bãi Sau"
    deadline = cal.by_day[date(2024, 6, 20)][0].entry
    assert (deadline.kind, deadline.title, deadline.url) == ("deadline", "Gửi báo cáo", "ke-hoach/ke-hoach-81/")


def test_period_tasks_are_listed_by_period_not_put_on_fake_days() -> None:
    tasks = (task(1, "Trong tháng sáu", "2024-06"), task(2, "Trong quý ba", "2024-Q3"),
             task(3, "Cả năm", "2024"), task(4, "Đúng ngày", "2024-06-05"), task(5, "Ba ngày", "2024-06-10/2024-06-12"))
    cal = build_agenda(site_of(plan("Kế hoạch năm", date(2024, 1, 5), tasks=tasks)))
    assert {o.entry.title for day in cal.by_day.values() for o in day} == {"Đúng ngày", "Ba ngày"}
    assert titles_on(cal, date(2024, 6, 11)) == ["Ba ngày"] and titles_on(cal, date(2024, 6, 13)) == []

    def periods(month: int) -> list[tuple[str, list[str]]]:
        return [(g.heading, [i.title for i in g.items]) for g in month_view(cal, 2024, month).periods]

    assert periods(6) == [("Trong tháng 6/2024", ["Trong tháng sáu"]), ("Trong năm 2024", ["Cả năm"])]
    assert periods(8) == [("Trong quý III/2024", ["Trong quý ba"]), ("Trong năm 2024", ["Cả năm"])]
    assert periods(10) == [("Trong năm 2024", ["Cả năm"])]


def test_keys_do_not_change_when_other_content_is_added() -> None:
    base = [event("Hội nghị", date(2024, 6, 20)),
            campaign("Tuần lễ Biển", date(2024, 6, 1), date(2024, 6, 8), Activity("Ra quân", date(2024, 6, 8))),
            plan("Kế hoạch", date(2024, 1, 1), tasks=(task(1, "Tập huấn", "2024-06-05"),),
                 deadlines=(Deadline(date(2024, 12, 1), "Báo cáo"),))]
    marks = (observance("Ngày Môi trường Thế giới", (6, 5)),)
    before = {(e.kind, e.title): e.key for e in build_agenda(site_of(*base, observances=marks)).all_entries()}
    more = [event("Hội nghị khác", date(2024, 5, 1)),
            campaign("Tuần lễ Biển", date(2024, 6, 1), date(2024, 6, 8),
                     Activity("Mở đầu", date(2024, 6, 1)), Activity("Ra quân", date(2024, 6, 8))),
            plan("Kế hoạch", date(2024, 1, 1), tasks=(task(1, "Khác", "2024-05-05"), task(2, "Tập huấn", "2024-06-05")),
                 deadlines=(Deadline(date(2024, 7, 1), "Sơ kết"), Deadline(date(2024, 12, 1), "Báo cáo")))]
    after_marks = (observance("Ngày Nước Thế giới", (3, 22)), *marks)
    after = {(e.kind, e.title): e.key for e in build_agenda(
        site_of(*more[:1], base[0], *more[1:], observances=after_marks)).all_entries()}
    assert len(before) == 6
    assert {k: after[k] for k in before} == before
    assert len(set(after.values())) == len(after)


def test_repeated_activity_on_the_same_day_gets_distinct_keys() -> None:
    same = Activity("Ra quân", date(2024, 6, 8))
    cal = build_agenda(site_of(campaign("Tuần lễ Biển", date(2024, 6, 1), date(2024, 6, 8), same, same)))
    keys = [e.key for e in cal.entries if e.kind == "activity"]
    assert len(keys) == 2 and len(set(keys)) == 2 and keys[1] == keys[0] + "-2"


def test_event_page_data() -> None:
    today = NOW.date()
    data = agenda.event_page(event("Hội nghị", date(2024, 6, 17), date(2024, 6, 18)), today)
    assert (data.status, data.status_label) == ("ongoing", "Đang diễn ra")
    assert data.ics == "su-kien/hoi-nghi/hoi-nghi.ics" and data.ics_name == "hoi-nghi.ics"
    assert data.month_url == "lich-su-kien/2024/06/"
    assert agenda.event_page(event("Cũ", date(2024, 6, 16)), today).status == "ended"
    assert agenda.event_page(event("Mới", date(2024, 6, 18)), today).status == "upcoming"


def test_topic_view_splits_upcoming_past_and_observances() -> None:
    cal = build_agenda(site_of(
        event("Biển sắp tới", date(2024, 7, 1), None, "bien-hai-dao"),
        event("Biển đã qua", date(2024, 3, 1), None, "bien-hai-dao"),
        event("Môi trường", date(2024, 7, 2)),
        observances=(observance("Ngày Đại dương", (6, 8), None, "bien-hai-dao"),),
    ))
    view = agenda.topic_views(cal, ["bien-hai-dao", "moi-truong"])["bien-hai-dao"]
    upcoming_titles = [(month, [o.entry.title for o in occ]) for month, _, occ in view.upcoming]
    assert upcoming_titles[0] == ("Tháng 7/2024", ["Biển sắp tới"])
    assert ("Tháng 6/2025", ["Ngày Đại dương"]) in upcoming_titles
    assert [(year, [o.entry.title for o in occ]) for year, occ in view.past] == [(2024, ["Biển đã qua"])]
    assert [line.entry.title for line in view.observances] == ["Ngày Đại dương"]
    assert view.observances[0].next.first == date(2025, 6, 8)


def bar_rows(view: agenda.MonthView, title: str) -> list[tuple[int, int, int, int, bool, bool]]:
    """(week, column, span, lane, continues before, continues after) of each bar of `title`."""
    return [(week, bar.column, bar.span, bar.lane, bar.continues_before, bar.continues_after)
            for week, lanes in enumerate(view.bars) for lane in lanes for bar in lane if bar.entry.title == title]


def test_pack_lanes_puts_overlapping_spans_on_separate_lanes() -> None:
    assert agenda.pack_lanes([]) == []
    assert agenda.pack_lanes([(1, 3), (4, 7)]) == [0, 0]  # side by side: one lane
    assert agenda.pack_lanes([(1, 3), (3, 5)]) == [0, 1]  # sharing a day: two lanes
    # Taken by first column (longer first on a tie); a lane freed on Wednesday is reused on Thursday.
    assert agenda.pack_lanes([(2, 4), (1, 3), (1, 7), (4, 5), (5, 6)]) == [2, 1, 0, 1, 2]
    # The fewest lanes: as many as spans overlap on one column.
    spans = [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (1, 7)]
    lanes = agenda.pack_lanes(spans)
    assert max(lanes) + 1 == 3
    for i, (a, b) in enumerate(spans):
        for j, (c, d) in enumerate(spans):
            if i < j and a <= d and c <= b:
                assert lanes[i] != lanes[j], (spans[i], spans[j])


def test_multi_day_items_are_one_bar_per_week_row_never_one_per_day() -> None:
    cal = build_agenda(site_of(
        event("Hội chợ", date(2024, 6, 5), date(2024, 6, 12)),  # Wednesday to the next Wednesday
        event("Tập huấn", date(2024, 6, 10), date(2024, 6, 11)),
        event("Hội thảo", date(2024, 6, 13), date(2024, 6, 14)),
        event("Một ngày", date(2024, 6, 11)),
    ))
    june = month_view(cal, 2024, 6)  # rows from Monday 27 May; 1 June is a Saturday
    assert bar_rows(june, "Hội chợ") == [(1, 3, 5, 0, False, True), (2, 1, 3, 0, True, False)]
    assert bar_rows(june, "Tập huấn") == [(2, 1, 2, 1, False, False)]  # under "Hội chợ", which it overlaps
    assert bar_rows(june, "Hội thảo") == [(2, 4, 2, 0, False, False)]  # after "Hội chợ" ends: its lane again
    assert [len(lanes) for lanes in june.bars] == [0, 1, 2, 0, 0]
    # Day cells keep single-day items only.
    assert [i.entry.title for i in cell(june, date(2024, 6, 11)).items] == ["Một ngày"]
    assert not any(i.occurrence.multi_day for week in june.weeks for c in week for i in c.items)
    # The list form (phones) lists each item once, under its first day.
    listed = [o.entry.title for group in june.agenda for o in group.occurrences]
    assert sorted(listed) == ["Hội chợ", "Hội thảo", "Một ngày", "Tập huấn"]


def test_bars_are_clipped_to_the_month_and_long_items_listed_once_above_the_grid() -> None:
    cal = build_agenda(site_of(
        campaign("Chiến dịch mùa khô", date(2024, 6, 20), date(2024, 8, 10)),
        plan("Kế hoạch", date(2024, 1, 5), tasks=(task(1, "Cả tháng bảy", "2024-07-01/2024-07-31"),
                                                   task(2, "Gần hết tháng", "2024-07-02/2024-07-28"))),
    ))
    june, july, august = (month_view(cal, 2024, m) for m in (6, 7, 8))
    # June: 11 days of the campaign, as bars from Thursday 20 to Sunday 30, the last one going on.
    assert bar_rows(june, "Chiến dịch mùa khô") == [(3, 4, 4, 0, False, True), (4, 1, 7, 0, True, True)]
    assert june.ongoing == ()
    # July: covered whole, and a task of the whole month; 27 days is not long enough for the strip.
    assert [o.entry.title for o in july.ongoing] == ["Chiến dịch mùa khô", "Cả tháng bảy"]
    assert bar_rows(july, "Chiến dịch mùa khô") == bar_rows(july, "Cả tháng bảy") == []
    assert len(bar_rows(july, "Gần hết tháng")) == 4
    # August: the first ten days, from Thursday 1, as bars continuing from July.
    assert bar_rows(august, "Chiến dịch mùa khô") == [(0, 4, 4, 0, True, True), (1, 1, 6, 0, True, False)]
    assert all(not c.items for week in july.weeks for c in week)
