"""The events calendar as data: entries from every source, the days they cover, month grids, lists.

Sources, all on one calendar: observances (every year), events, campaigns (their date range) and
their activities, plan deadlines, and plan tasks whose `when` is a day or a date range. Tasks
planned for a month, quarter or year are *period items* ("trong tháng", "trong quý", "trong năm")
shown beside the month they fall in, never given fake dates.

Pure: takes the loaded `Site` and returns values for templates and for `ics`. The cost is linear in
the number of entries and the days they cover (clipped to the calendar's months).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal

from babel.dates import get_day_names

from . import dates, routes
from .models import STATUS_LABELS, Campaign, Document, Event, Observance, Plan, Site, Task, When
from .pagedata import EventPage
from .slugs import slugify_vi
from .wording import describe_period_heading, describe_span, describe_span_short, describe_yearly

EntryKind = Literal["observance", "event", "campaign", "activity", "deadline", "task", "consultation", "effective"]
Status = dates.Status

ENTRY_LABELS: dict[str, str] = {
    "observance": "Ngày kỷ niệm",
    "event": "Sự kiện",
    "campaign": "Chiến dịch",
    "activity": "Hoạt động",
    "deadline": "Hạn báo cáo",
    "task": "Nhiệm vụ",
    "consultation": "Hết hạn góp ý dự thảo",
    "effective": "Văn bản có hiệu lực",
}
_KIND_ORDER = {"observance": 0, "campaign": 1, "event": 2, "activity": 3, "deadline": 4, "task": 5, "consultation": 6,
               "effective": 7}

UPCOMING_DAYS = 60
"""The calendar page lists what happens in the next 60 days (today included)."""
MONTHS_AHEAD = 12
"""Month pages go up to 12 months after the build's month…"""
MAX_MONTHS_AHEAD = 120
"""…or further, to the last dated entry, but never beyond 10 years (a typo such as 2204)."""
MAX_MONTHS_BACK = 240
"""Month pages start at the first dated entry, but never more than 20 years before the build's month:
with dates bounded at load (`min_year`), the calendar writes at most 361 month pages."""
LONG_DAYS = 28
"""An occurrence covering four weeks or more of a month (a task for the whole month, a season's
campaign) is listed once in that month's "Đang diễn ra" strip above the grid, not as a bar in every
week row; in a month where it covers fewer days it is drawn as bars."""
_KEY_TEXT = 48
"""Characters of slugified text kept in an entry key (keys become iCalendar UIDs)."""


# -- model -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing on the calendar: all-day when `start` is a date, timed when it is a datetime."""

    key: str
    """Stable identifier (`su-kien-<slug>`…): the iCalendar UID without `@host`."""
    kind: EntryKind
    title: str
    start: date | datetime
    end: date | datetime | None
    """All-day: the last day, inclusive. Timed: the end time (exclusive)."""
    topics: tuple[str, ...] = ()
    url: str = ""
    """Site-relative page that tells more (event, campaign, plan, or the observances list)."""
    location: str = ""
    description: str = ""
    organizer: str = ""
    parent_kind: str = ""
    """`campaign` or `plan` when the entry belongs to one."""
    parent_title: str = ""
    parent_url: str = ""
    yearly: bool = False
    """Observances: `start`/`end` are the first occurrence and the entry repeats every year."""

    @property
    def all_day(self) -> bool:
        """Return True when the entry has no time of day."""
        return not isinstance(self.start, datetime)

    @property
    def first(self) -> date:
        """Return the first day (Vietnam time)."""
        return dates.as_date(self.start)

    @property
    def last(self) -> date:
        """Return the last day covered, inclusive."""
        return dates.last_day(self.start, self.end)

    @property
    def kind_label(self) -> str:
        """Return the Vietnamese name of the kind."""
        return ENTRY_LABELS[self.kind]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """An entry on concrete days (observances occur once a year, everything else once)."""

    entry: Entry
    start: date | datetime
    end: date | datetime | None
    first: date
    last: date

    @property
    def multi_day(self) -> bool:
        """Return True when the occurrence covers more than one day."""
        return self.last > self.first

    @property
    def when_text(self) -> str:
        """Return the time in Vietnamese, e.g. `Thứ Tư, 05/06/2024, 07:00 – 09:30`."""
        return describe_span(self.start, self.end)

    @property
    def short_text(self) -> str:
        """Return the time compactly, e.g. `01/06 – 08/06/2024` or `07:00 – 09:30`."""
        return describe_span_short(self.start, self.end)

    @property
    def range_text(self) -> str:
        """Return the days it covers in words, e.g. `từ 01/11 đến 05/11/2026` (`ngày 05/11/2026` for one day)."""
        first, last = self.first, self.last
        if first == last:
            return f"ngày {dates.format_short(first)}"
        start = f"{first:%d/%m}" if first.year == last.year else dates.format_short(first)
        return f"từ {start} đến {dates.format_short(last)}"


@dataclass(frozen=True, slots=True)
class PeriodItem:
    """A plan task planned for a whole month, quarter or year (not a fake date)."""

    key: str
    title: str
    when: When
    lead: str
    plan_title: str
    plan_url: str
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CellItem:
    """A single-day occurrence as shown in its day cell of the month grid."""

    occurrence: Occurrence
    time: str
    """`07:30` for a timed occurrence, else empty."""

    @property
    def entry(self) -> Entry:
        """Return the entry shown."""
        return self.occurrence.entry


@dataclass(frozen=True, slots=True)
class Bar:
    """A multi-day occurrence drawn once in one week row of the month grid, across its days there."""

    occurrence: Occurrence
    column: int
    """The first column it covers in this week, 1 (Monday) to 7 (Sunday)."""
    span: int
    """How many columns (days of the month in this week) it covers, 1 to 7."""
    lane: int
    """Its line among the week's bars, 0 first: bars in one lane never overlap."""
    continues_before: bool
    """True when the occurrence began before this week row (or before the month)."""
    continues_after: bool
    """True when it goes on after this week row (or after the month)."""

    @property
    def entry(self) -> Entry:
        """Return the entry shown."""
        return self.occurrence.entry


@dataclass(frozen=True, slots=True)
class DayCell:
    """One day of the month grid."""

    day: date
    in_month: bool
    is_today: bool
    items: tuple[CellItem, ...]

    @property
    def label(self) -> str:
        """Return the full Vietnamese date, e.g. `Thứ Tư, 05/06/2024`."""
        return dates.format_full(self.day)


@dataclass(frozen=True, slots=True)
class DayGroup:
    """Occurrences listed under one heading (a day, or "continuing from last month")."""

    heading: str
    day: date | None
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True, slots=True)
class PeriodGroup:
    """Period items of one period: the month, its quarter or its year."""

    kind: str
    heading: str
    items: tuple[PeriodItem, ...]


@dataclass(frozen=True, slots=True)
class MonthView:
    """Everything a month page shows."""

    year: int
    month: int
    title: str
    url: str
    prev: tuple[str, str] | None
    """(label, url) of the previous month page, if there is one."""
    next: tuple[str, str] | None
    weekdays: tuple[tuple[str, str], ...]
    """(full, short) weekday names, Monday first."""
    weeks: tuple[tuple[DayCell, ...], ...]
    """Day cells, Monday first; a cell holds the single-day occurrences of its day."""
    bars: tuple[tuple[tuple[Bar, ...], ...], ...]
    """For each week of `weeks`, its lanes of multi-day bars (empty when the week has none)."""
    ongoing: tuple[Occurrence, ...]
    """Occurrences covering `LONG_DAYS` or more days of the month: listed once above the grid, not as bars."""
    agenda: tuple[DayGroup, ...]
    """The same month as a list (what a phone shows): one group per first day in the month."""
    periods: tuple[PeriodGroup, ...]
    count: int
    """Number of distinct occurrences in the month."""
    year_months: tuple[tuple[int, str, bool], ...]
    """(month number, url or "", is this month) for the 12 months of the year."""


@dataclass(frozen=True, slots=True)
class UpcomingGroup:
    """A heading of the upcoming list ("Hôm nay", "Tuần này"…) with its days."""

    heading: str
    anchor: str
    days: tuple[DayGroup, ...]


@dataclass(frozen=True, slots=True)
class ObservanceLine:
    """An observance with its next occurrence (for the yearly list)."""

    entry: Entry
    anchor: str
    yearly_text: str
    """`Ngày 22/3 hằng năm` or `Từ 01/6 đến 08/6 hằng năm`."""
    next: Occurrence | None
    next_month_url: str
    """The month page of the next occurrence ("" when there is none)."""


# -- collecting entries ------------------------------------------------------------------------


def _normalise(start: date | datetime, end: date | datetime | None) -> tuple[date | datetime, date | datetime | None]:
    """Make both ends the same sort: an all-day start makes the entry all-day."""
    if not isinstance(start, datetime):
        return start, (dates.as_date(end) if end is not None else None)
    start = start.astimezone(dates.VN_TZ)
    if end is not None and not isinstance(end, datetime):
        # A timed start with a last *day*: the entry runs until that day ends.
        end = datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=dates.VN_TZ)
    elif end is not None:
        end = end.astimezone(dates.VN_TZ)
    return start, end


def _text_key(text: str) -> str:
    return slugify_vi(text, _KEY_TEXT) or "muc"


class _Keys:
    """Hand out unique keys: a repeated key (same parent, date and text) gets `-2`, `-3`…"""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, key: str) -> str:
        count = self.seen.get(key, 0) + 1
        self.seen[key] = count
        return key if count == 1 else f"{key}-{count}"


def observance_entry(observance: Observance, base_year: int, keys: _Keys | None = None) -> Entry:
    """Return an observance as a yearly entry whose first occurrence is in `base_year` or later."""
    keys = keys or _Keys()
    year = base_year
    while True:  # 29 February: the first leap year from base_year on
        try:
            start = date(year, *observance.start)
            break
        except ValueError:
            year += 1
    end_year = start.year + (1 if observance.crosses_new_year else 0)
    month, day = observance.end
    if (month, day) == (2, 29) and not _is_leap(end_year):
        day = 28
    end = date(end_year, month, day)
    mmdd = f"{observance.start[0]:02d}{observance.start[1]:02d}"
    return Entry(
        key=keys(f"ngay-ky-niem-{mmdd}-{_text_key(observance.title)}"), kind="observance",
        title=observance.title, start=start, end=end if end != start else None, topics=observance.topics,
        url=routes.CALENDAR + "#" + observance_anchor(observance.title, observance.start),
        description=observance.description, yearly=True,
    )


def observance_anchor(title: str, start: tuple[int, int]) -> str:
    """Return the anchor of an observance in the calendar page's yearly list."""
    return f"nk-{start[0]:02d}{start[1]:02d}-{slugify_vi(title, 40)}"


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def event_key(slug: str) -> str:
    """Return the key (UID without host) of the event with `slug`."""
    return f"su-kien-{slug}"


def event_entry(event: Event, campaign: Campaign | None = None, plan: Plan | None = None) -> Entry:
    """Return an event as a calendar entry."""
    start, end = _normalise(event.start, event.end)
    parent = campaign or plan
    return Entry(
        key=event_key(event.slug), kind="event", title=event.title, start=start, end=end,
        topics=event.topics, url=event.url, location=event.location, description=event.summary,
        organizer=event.organizer,
        parent_kind=parent.kind if parent else "", parent_title=parent.title if parent else "",
        parent_url=parent.url if parent else "",
    )


def campaign_entries(campaign: Campaign) -> list[Entry]:
    """Return a campaign's date range and each of its activities."""
    entries = [Entry(
        key=f"chien-dich-{campaign.slug}", kind="campaign", title=campaign.title, start=campaign.start,
        end=campaign.end, topics=campaign.topics, url=campaign.url,
        description=campaign.theme or campaign.summary, organizer=campaign.organizer,
    )]
    keys = _Keys()
    for activity in campaign.activities:
        start, end = _normalise(activity.start, activity.end)
        stamp = dates.as_date(start).strftime("%Y%m%d")
        entries.append(Entry(
            key=keys(f"chien-dich-{campaign.slug}-hoat-dong-{stamp}-{_text_key(activity.title)}"),
            kind="activity", title=activity.title, start=start, end=end, topics=campaign.topics,
            url=campaign.url, location=activity.location, description=activity.description,
            organizer=campaign.organizer, parent_kind="campaign", parent_title=campaign.title,
            parent_url=campaign.url,
        ))
    return entries


def _task_description(task: Task) -> str:
    parts = [f"Chủ trì: {task.lead}"]
    if task.partners:
        parts.append("Phối hợp: " + ", ".join(task.partners))
    if task.form:
        parts.append(f"Hình thức: {task.form}")
    return ". ".join(parts) + "."


def plan_entries(plan: Plan) -> tuple[list[Entry], list[PeriodItem]]:
    """Return a plan's deadlines and dated tasks as entries, and its period tasks as period items."""
    entries: list[Entry] = []
    periods: list[PeriodItem] = []
    keys = _Keys()
    for deadline in plan.deadlines:
        entries.append(Entry(
            key=keys(f"ke-hoach-{plan.slug}-han-{deadline.date:%Y%m%d}-{_text_key(deadline.what)}"),
            kind="deadline", title=deadline.what, start=deadline.date, end=None, topics=plan.topics,
            url=plan.url, organizer=plan.issuer, parent_kind="plan", parent_title=plan.title, parent_url=plan.url,
        ))
    for task in plan.tasks:
        when = task.when
        if when.kind in ("day", "range"):
            entries.append(Entry(
                key=keys(f"ke-hoach-{plan.slug}-nhiem-vu-{when.start:%Y%m%d}-{_text_key(task.task)}"),
                kind="task", title=task.task, start=when.start, end=when.end if when.end != when.start else None,
                topics=plan.topics, url=plan.url, description=_task_description(task), organizer=task.lead,
                parent_kind="plan", parent_title=plan.title, parent_url=plan.url,
            ))
        else:
            periods.append(PeriodItem(
                key=keys(f"ke-hoach-{plan.slug}-nhiem-vu-{when.raw.lower()}-{_text_key(task.task)}"),
                title=task.task, when=when, lead=task.lead, plan_title=plan.title, plan_url=plan.url,
                topics=plan.topics,
            ))
    return entries, periods


def document_entries(document: Document) -> list[Entry]:
    """Return a document's day of taking effect and a draft's last day of comments.

    They are on the calendar and in `lich.ics`, but do not widen the range of month pages: a law
    that took effect in 2015 is not a reason to publish the months since.
    """
    entries: list[Entry] = []
    name = f"{document.doc_type} số {document.number}"
    if document.consultation is not None:
        entries.append(Entry(
            key=f"van-ban-{document.slug}-han-gop-y", kind="consultation",
            title=f"Hết hạn góp ý: {document.title}", start=document.consultation.until, end=None,
            topics=document.topics, url=document.url, organizer=document.issuer,
            description=f"{name}. Góp ý gửi tới {document.consultation.email}.",
        ))
    elif document.effective is not None:
        entries.append(Entry(
            key=f"van-ban-{document.slug}-hieu-luc", kind="effective",
            title=f"Có hiệu lực: {name}", start=document.effective, end=None, topics=document.topics,
            url=document.url, organizer=document.issuer, description=document.title,
        ))
    return entries


def _sort_key(entry: Entry) -> tuple[Any, ...]:
    timed = isinstance(entry.start, datetime)
    moment = dates.as_datetime(entry.start) if timed else dates.as_datetime(entry.first)
    return (entry.first, timed, moment, _KIND_ORDER[entry.kind], entry.title, entry.key)


def _day_key(occurrence: Occurrence) -> tuple[Any, ...]:
    """Order within a day: all-day first (observances, campaigns…), then by time."""
    start = occurrence.start
    timed = isinstance(start, datetime)
    clock = dates.as_datetime(start).time() if timed else time(0, 0)
    return (timed, clock, _KIND_ORDER[occurrence.entry.kind], occurrence.entry.title, occurrence.entry.key)


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


# -- the agenda --------------------------------------------------------------------------------


@dataclass(slots=True)
class Agenda:
    """The whole calendar of one build."""

    today: date
    entries: list[Entry]
    """Dated entries that happen once (events, campaigns, activities, deadlines, dated tasks)."""
    yearly: list[Entry]
    """Observances (one entry each, repeating every year)."""
    periods: list[PeriodItem]
    first_month: tuple[int, int]
    last_month: tuple[int, int]
    by_day: dict[date, list[Occurrence]]
    """Every occurrence on every day it covers, inside the months of the calendar."""
    periods_by_month: dict[tuple[int, int], list[PeriodItem]]
    """Period items by each (year, month) they cover."""

    @property
    def months(self) -> list[tuple[int, int]]:
        """Return (year, month) of every month page, oldest first."""
        result = []
        year, month = self.first_month
        while (year, month) <= self.last_month:
            result.append((year, month))
            year, month = _add_months(year, month, 1)
        return result

    @property
    def window(self) -> tuple[date, date]:
        """Return the first and last day of the calendar's months."""
        last_year, last_month = self.last_month
        after = _add_months(last_year, last_month, 1)
        return date(*self.first_month, 1), date(after[0], after[1], 1) - timedelta(days=1)

    def all_entries(self) -> list[Entry]:
        """Return observances and dated entries (what `lich.ics` holds)."""
        return [*self.yearly, *self.entries]

    def occurrences_of(self, entry: Entry, first: date, last: date) -> list[Occurrence]:
        """Return the entry's occurrences that touch the days `first`…`last`."""
        if not entry.yearly:
            if entry.last < first or entry.first > last:
                return []
            return [Occurrence(entry, entry.start, entry.end, entry.first, entry.last)]
        result = []
        length = entry.last - entry.first
        for year in range(first.year - 1, last.year + 1):
            try:
                start = entry.first.replace(year=year)
            except ValueError:  # 29 February in a common year: no occurrence (as RRULE does)
                continue
            if start < entry.first:
                continue
            end = start + length
            if end < first or start > last:
                continue
            result.append(Occurrence(entry, start, end if end != start else None, start, end))
        return result

    def occurrences(self, first: date, last: date, entries: Iterable[Entry] | None = None) -> list[Occurrence]:
        """Return every occurrence touching `first`…`last`, in time order."""
        source = self.all_entries() if entries is None else entries
        result = [occ for entry in source for occ in self.occurrences_of(entry, first, last)]
        result.sort(key=lambda o: (o.first, *_day_key(o)))
        return result


def build_agenda(site: Site, today: date | None = None) -> Agenda:
    """Collect every calendar entry of the site and index the days they cover."""
    today = today or site.today
    campaigns = {c.slug: c for c in site.campaigns}
    plans = {p.slug: p for p in site.plans}
    entries: list[Entry] = []
    periods: list[PeriodItem] = []
    for event in site.events:
        entries.append(event_entry(event, campaigns.get(event.campaign), plans.get(event.plan)))
    for campaign in site.campaigns:
        entries += campaign_entries(campaign)
    for plan in site.plans:
        plan_dated, plan_periods = plan_entries(plan)
        entries += plan_dated
        periods += plan_periods
    firsts = [e.first for e in entries] + [p.when.start for p in periods] + [today]
    for document in site.documents:
        entries += document_entries(document)
    entries.sort(key=_sort_key)
    periods.sort(key=lambda p: (p.when.start, p.when.end, p.plan_url, p.key))

    first_month = max((min(firsts).year, min(firsts).month), _add_months(today.year, today.month, -MAX_MONTHS_BACK))
    ahead = _add_months(today.year, today.month, MONTHS_AHEAD)
    limit = _add_months(today.year, today.month, MAX_MONTHS_AHEAD)
    latest = max((e.first for e in entries if e.kind not in ("consultation", "effective")), default=today)
    last_month = max(ahead, min(limit, (latest.year, latest.month)))

    keys = _Keys()
    yearly = [observance_entry(o, first_month[0], keys) for o in site.observances]
    yearly.sort(key=_sort_key)

    periods_by_month: dict[tuple[int, int], list[PeriodItem]] = defaultdict(list)
    for item in periods:
        year, month = max((item.when.start.year, item.when.start.month), first_month)
        while (year, month) <= min((item.when.end.year, item.when.end.month), last_month):
            periods_by_month[(year, month)].append(item)
            year, month = _add_months(year, month, 1)
    agenda = Agenda(today, entries, yearly, periods, first_month, last_month, {}, dict(periods_by_month))
    window_first, window_last = agenda.window
    by_day: dict[date, list[Occurrence]] = defaultdict(list)
    for occurrence in agenda.occurrences(window_first, window_last):
        day = max(occurrence.first, window_first)
        end = min(occurrence.last, window_last)
        while day <= end:
            by_day[day].append(occurrence)
            day += timedelta(days=1)
    for items in by_day.values():
        items.sort(key=_day_key)
    agenda.by_day = dict(by_day)
    return agenda


# -- views -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def weekday_names() -> tuple[tuple[str, str], ...]:
    """Return (full, short) Vietnamese weekday names, Monday first: (`Thứ Hai`, `T2`) … (`Chủ Nhật`, `CN`)."""
    short = get_day_names("short", locale=dates.LOCALE)
    monday = date(2024, 1, 1)
    days = [monday + timedelta(days=offset) for offset in range(7)]
    return tuple((dates.weekday_name(day), str(short[day.weekday()])) for day in days)


def month_title(year: int, month: int) -> str:
    """Return `Tháng 6/2024`."""
    return dates.format_month(year, month)


def _cell_item(occurrence: Occurrence) -> CellItem:
    timed = isinstance(occurrence.start, datetime)
    return CellItem(occurrence, dates.format_time(occurrence.start) if timed else "")  # type: ignore[arg-type]


def pack_lanes(spans: Iterable[tuple[int, int]]) -> list[int]:
    """Return a lane for each (first, last) column span (inclusive), in the order given.

    Greedy interval packing: spans are taken by first column (longer first on a tie) and each gets
    the lowest lane free from its first column on, so overlapping spans never share a lane and the
    number of lanes is the most spans overlapping on one column. O(n log n) for n spans.
    """
    items = list(spans)
    order = sorted(range(len(items)), key=lambda i: (items[i][0], items[i][0] - items[i][1], i))
    lanes = [0] * len(items)
    busy: list[tuple[int, int]] = []  # (last column, lane) of the spans placed, as a heap
    free: list[int] = []  # lanes free again, as a heap
    count = 0
    for index in order:
        first, last = items[index]
        while busy and busy[0][0] < first:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, count = count, count + 1
        lanes[index] = lane
        heapq.heappush(busy, (last, lane))
    return lanes


def _week_bars(
    occurrences: Sequence[Occurrence], week_first: date, first: date, last: date,
) -> tuple[tuple[Bar, ...], ...]:
    """Return the lanes of bars of one week row: `occurrences` clipped to the week and to the month."""
    week_last = week_first + timedelta(days=6)
    start_day, end_day = max(week_first, first), min(week_last, last)
    clipped = [(max(o.first, start_day), min(o.last, end_day)) for o in occurrences]
    columns = [((a - week_first).days + 1, (b - week_first).days + 1) for a, b in clipped]
    lanes = pack_lanes(columns)
    result: list[list[Bar]] = [[] for _ in range(max(lanes, default=-1) + 1)]
    for occurrence, (a, b), (column, end_column), lane in zip(occurrences, clipped, columns, lanes, strict=True):
        result[lane].append(Bar(occurrence, column, end_column - column + 1, lane,
                                continues_before=occurrence.first < a, continues_after=occurrence.last > b))
    return tuple(tuple(sorted(bars, key=lambda bar: bar.column)) for bars in result)


def month_view(agenda: Agenda, year: int, month: int) -> MonthView:
    """Return the grid (weeks from Monday), the list form and the period items of one month."""
    first = date(year, month, 1)
    next_year, next_month = _add_months(year, month, 1)
    last = date(next_year, next_month, 1) - timedelta(days=1)
    grid_start = first - timedelta(days=first.weekday())
    grid_end = last + timedelta(days=6 - last.weekday())
    weeks: list[tuple[DayCell, ...]] = []
    bars: list[tuple[tuple[Bar, ...], ...]] = []
    ongoing: dict[tuple[str, date], Occurrence] = {}
    day = grid_start
    while day <= grid_end:
        week_first, week = day, []
        spanning: dict[tuple[str, date], Occurrence] = {}
        for _ in range(7):
            in_month = day.month == month
            items = []
            for occurrence in agenda.by_day.get(day, ()) if in_month else ():
                if not occurrence.multi_day:
                    items.append(_cell_item(occurrence))
                elif (min(occurrence.last, last) - max(occurrence.first, first)).days + 1 >= LONG_DAYS:
                    ongoing.setdefault((occurrence.entry.key, occurrence.first), occurrence)
                else:
                    spanning.setdefault((occurrence.entry.key, occurrence.first), occurrence)
            week.append(DayCell(day, in_month, day == agenda.today, tuple(items)))
            day += timedelta(days=1)
        weeks.append(tuple(week))
        bars.append(_week_bars(sorted(spanning.values(), key=_day_key), week_first, first, last))

    seen: dict[tuple[str, date], Occurrence] = {}
    for offset in range((last - first).days + 1):
        for occurrence in agenda.by_day.get(first + timedelta(days=offset), ()):
            seen.setdefault((occurrence.entry.key, occurrence.first), occurrence)
    groups: dict[date | None, list[Occurrence]] = defaultdict(list)
    for occurrence in seen.values():
        groups[None if occurrence.first < first else occurrence.first].append(occurrence)
    agenda_groups = []
    if None in groups:
        agenda_groups.append(DayGroup("Tiếp diễn từ tháng trước", None, tuple(sorted(groups.pop(None), key=_day_key))))
    for group_day in sorted(groups):  # type: ignore[type-var]
        assert group_day is not None
        agenda_groups.append(DayGroup(dates.format_full(group_day), group_day,
                                      tuple(sorted(groups[group_day], key=_day_key))))

    months = set(agenda.months)
    prev_ym, next_ym = _add_months(year, month, -1), (next_year, next_month)
    return MonthView(
        year=year, month=month, title=month_title(year, month), url=routes.calendar_month_url(year, month),
        prev=(month_title(*prev_ym), routes.calendar_month_url(*prev_ym)) if prev_ym in months else None,
        next=(month_title(*next_ym), routes.calendar_month_url(*next_ym)) if next_ym in months else None,
        weekdays=weekday_names(), weeks=tuple(weeks), bars=tuple(bars),
        ongoing=tuple(sorted(ongoing.values(), key=lambda o: (o.first, *_day_key(o)))), agenda=tuple(agenda_groups),
        periods=tuple(_period_groups(agenda.periods_by_month.get((year, month), ()), year, month)), count=len(seen),
        year_months=tuple(
            (m, routes.calendar_month_url(year, m) if (year, m) in months else "", m == month) for m in range(1, 13)
        ),
    )


def _period_groups(periods: Sequence[PeriodItem], year: int, month: int) -> list[PeriodGroup]:
    found: dict[str, list[PeriodItem]] = {"month": [], "quarter": [], "year": []}
    for item in periods:
        if item.when.kind in found:
            found[item.when.kind].append(item)
    return [PeriodGroup(kind, describe_period_heading(kind, year, month), tuple(items))
            for kind, items in found.items() if items]


def upcoming(agenda: Agenda, days: int = UPCOMING_DAYS, entries: Iterable[Entry] | None = None) -> list[UpcomingGroup]:
    """Return the next `days` days from today: "Hôm nay" (with what is ongoing), "Tuần này", "Tuần sau", "Sắp tới"."""
    today = agenda.today
    horizon = today + timedelta(days=days - 1)
    week_end = today + timedelta(days=6 - today.weekday())
    next_week_end = week_end + timedelta(days=7)
    by_first: dict[date, list[Occurrence]] = defaultdict(list)
    ongoing: list[Occurrence] = []
    for occurrence in agenda.occurrences(today, horizon, entries):
        if occurrence.first < today:
            ongoing.append(occurrence)
        else:
            by_first[occurrence.first].append(occurrence)
    buckets: dict[str, list[DayGroup]] = {"hom-nay": [], "tuan-nay": [], "tuan-sau": [], "sap-toi": []}
    todays = by_first.pop(today, [])
    if todays or ongoing:
        buckets["hom-nay"].append(DayGroup(dates.format_full(today), today,
                                           tuple(sorted(todays, key=_day_key) + sorted(ongoing, key=_day_key))))
    for day in sorted(by_first):
        bucket = "tuan-nay" if day <= week_end else "tuan-sau" if day <= next_week_end else "sap-toi"
        buckets[bucket].append(DayGroup(dates.format_full(day), day, tuple(sorted(by_first[day], key=_day_key))))
    headings = {"hom-nay": "Hôm nay", "tuan-nay": "Tuần này", "tuan-sau": "Tuần sau",
                "sap-toi": f"Từ nay đến {dates.format_short(horizon)}"}
    return [UpcomingGroup(headings[key], key, tuple(groups)) for key, groups in buckets.items() if groups]


def observance_lines(agenda: Agenda, entries: Iterable[Entry] | None = None) -> list[ObservanceLine]:
    """Return the yearly observances in calendar order, each with its next occurrence."""
    today = agenda.today
    lines = []
    for entry in agenda.yearly if entries is None else entries:
        if not entry.yearly:
            continue
        upcoming_ = agenda.occurrences_of(entry, today, today + timedelta(days=400))
        anchor = entry.url.partition("#")[2]
        following = upcoming_[0] if upcoming_ else None
        month_url = routes.calendar_month_url(following.first.year, following.first.month) if following else ""
        lines.append(ObservanceLine(entry, anchor, describe_yearly(entry.first, entry.last), following, month_url))
    lines.sort(key=lambda line: ((line.entry.first.month, line.entry.first.day), line.entry.title))
    return lines


@dataclass(frozen=True, slots=True)
class TopicView:
    """What the calendar page of one topic shows."""

    upcoming: tuple[tuple[str, str, tuple[Occurrence, ...]], ...]
    """(month title, month url, occurrences) from today to the end of the calendar."""
    past: tuple[tuple[int, tuple[Occurrence, ...]], ...]
    """(year, occurrences newest first) of one-off entries that are over."""
    observances: tuple[ObservanceLine, ...]
    count: int


def topic_views(agenda: Agenda, topics: Iterable[str]) -> dict[str, TopicView]:
    """Return every topic's view, sorting entries into topics once (linear)."""
    by_topic: dict[str, list[Entry]] = {slug: [] for slug in topics}
    for entry in agenda.all_entries():
        for slug in entry.topics:
            if slug in by_topic:
                by_topic[slug].append(entry)
    return {slug: _topic_view(agenda, entries) for slug, entries in by_topic.items()}


def _topic_view(agenda: Agenda, entries: list[Entry]) -> TopicView:
    today = agenda.today
    _, window_last = agenda.window
    months: dict[tuple[int, int], list[Occurrence]] = defaultdict(list)
    for occurrence in agenda.occurrences(today, window_last, entries):
        anchor = max(occurrence.first, today)
        months[(anchor.year, anchor.month)].append(occurrence)
    upcoming_ = tuple(
        (month_title(*ym), routes.calendar_month_url(*ym), tuple(months[ym])) for ym in sorted(months)
    )
    years: dict[int, list[Occurrence]] = defaultdict(list)
    for entry in entries:
        if not entry.yearly and entry.last < today:
            years[entry.first.year].append(Occurrence(entry, entry.start, entry.end, entry.first, entry.last))
    past = tuple(
        (year, tuple(sorted(years[year], key=lambda o: (o.first, *_day_key(o)), reverse=True)))
        for year in sorted(years, reverse=True)
    )
    lines = tuple(observance_lines(agenda, entries))
    count = sum(len(o) for _, _, o in upcoming_) + sum(len(o) for _, o in past)
    return TopicView(upcoming_, past, lines, count)


def event_page(event: Event, today: date, campaign: Campaign | None = None, plan: Plan | None = None) -> EventPage:
    """Return what an event page shows beyond the event: its time in words, status, .ics, month page."""
    start, end = _normalise(event.start, event.end)
    first = dates.as_date(start)
    state = dates.span_status(start, end, today)
    return EventPage(
        campaign=campaign,
        plan=plan,
        when_text=describe_span(start, end),
        status=state,
        status_label=STATUS_LABELS[state],
        ics=routes.event_ics_path(event.slug),
        ics_name=routes.event_ics_path(event.slug).rsplit("/", 1)[-1],
        month_url=routes.calendar_month_url(first.year, first.month),
        month_title=month_title(first.year, first.month),
    )
