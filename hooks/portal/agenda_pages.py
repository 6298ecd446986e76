"""The events calendar's pages and files.

Pages: `/lich-su-kien/` (the next 60 days and this month's grid), `/lich-su-kien/YYYY/MM/` (one
per month, from the earliest dated entry to 12 months after today), `/lich-su-kien/<topic>/`
(one topic's calendar: a filter that needs no JavaScript). Files: `/lich-su-kien/lich.ics`,
`/lich-su-kien/<topic>/lich.ics` and each event's own `.ics`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from . import ics, routes
from .agenda import Agenda, event_key, month_view, observance_lines, topic_views, upcoming
from .listings import HOME, PageSpec
from .pagedata import CalendarLink, CalendarMonthPage, CalendarPage, CalendarTopicPage

if TYPE_CHECKING:
    from .pages import Context

TITLE = "Lịch sự kiện"
ICS_TYPE = "text/calendar"


def _subscribe(ctx: Context, path: str) -> CalendarLink:
    """Return the links of one .ics: site-relative `path`, absolute `https` and `webcal` forms."""
    https = ics.absolute(ctx.site_url, path)
    return CalendarLink(path, https, ics.webcal(https) if https else "")


def _calendar_name(ctx: Context, topic_name: str = "") -> str:
    middle = f" – {topic_name}" if topic_name else ""
    return f"{TITLE}{middle} – {ctx.settings.organization}"


def _archive(agenda: Agenda) -> list[tuple[int, list[tuple[int, str]]]]:
    years: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for year, month in agenda.months:
        years[year].append((month, routes.calendar_month_url(year, month)))
    return [(year, years[year]) for year in sorted(years, reverse=True)]


def build_calendar_pages(ctx: Context) -> list[PageSpec]:
    """Return the calendar page, every month page and every topic's calendar page."""
    agenda = ctx.agenda
    today = agenda.today
    topics = list(ctx.site.topics.values())
    topic_links = [(t.slug, t.name, routes.calendar_topic_url(t.slug)) for t in topics]
    feed = ((ICS_TYPE, f"{TITLE} (iCalendar)", routes.CALENDAR_ICS),)
    subscribe = _subscribe(ctx, routes.CALENDAR_ICS)
    specs = [PageSpec(
        routes.CALENDAR, "calendar.html", TITLE, "calendar", in_nav=True, parent=routes.CALENDAR,
        breadcrumbs=(HOME,), feeds=feed,
        description="Ngày kỷ niệm, sự kiện, hoạt động chiến dịch và hạn báo cáo của Sở; "
                    "tải về hoặc đăng ký lịch vào Google Calendar, Outlook, điện thoại.",
        data=CalendarPage(
            subscribe, topic_links, routes.CALENDAR,
            upcoming=upcoming(agenda),
            month=month_view(agenda, today.year, today.month),
            observances=observance_lines(agenda),
            archive=_archive(agenda),
            today=today,
        ),
    )]
    crumbs = (HOME, (TITLE, routes.CALENDAR))
    for year, month in agenda.months:
        view = month_view(agenda, year, month)
        specs.append(PageSpec(
            view.url, "calendar-month.html", f"{TITLE} {view.title.lower()}", "calendar-month",
            parent=routes.CALENDAR, breadcrumbs=crumbs, feeds=feed,
            description=f"Lịch sự kiện, ngày kỷ niệm và hạn báo cáo {view.title.lower()}.",
            data=CalendarMonthPage(subscribe, topic_links, routes.CALENDAR, month=view),
        ))
    views = topic_views(agenda, ctx.site.topics)
    for topic in topics:
        topic_ics = routes.calendar_topic_ics(topic.slug)
        specs.append(PageSpec(
            routes.calendar_topic_url(topic.slug), "calendar-topic.html", f"{TITLE}: {topic.name}",
            "calendar-topic", parent=routes.CALENDAR, breadcrumbs=crumbs,
            feeds=((ICS_TYPE, f"{TITLE}: {topic.name} (iCalendar)", topic_ics), *feed),
            description=f"Sự kiện, ngày kỷ niệm và hạn báo cáo thuộc lĩnh vực {topic.name}.",
            data=CalendarTopicPage(subscribe, topic_links, routes.CALENDAR, topic=topic, view=views[topic.slug],
                                   topic_subscribe=_subscribe(ctx, topic_ics), current_topic=topic.slug),
        ))
    return specs


def build_calendar_files(ctx: Context) -> list[tuple[str, bytes]]:
    """Return (path, bytes) of `lich.ics`, one `.ics` per topic and one per event."""
    agenda = ctx.agenda
    assert ctx.site.now is not None
    names = {slug: topic.name for slug, topic in ctx.site.topics.items()}
    render = dict(site_url=ctx.site_url, now=ctx.site.now, topic_names=names, timezone_component=ics.vtimezone(),
                  vevents={})
    everything = agenda.all_entries()
    files = [(routes.CALENDAR_ICS, ics.render_calendar(
        everything, name=_calendar_name(ctx), path=routes.CALENDAR_ICS, page_url=routes.CALENDAR,
        description="Ngày kỷ niệm hằng năm, sự kiện, hoạt động chiến dịch, nhiệm vụ và hạn báo cáo "
                    f"của {ctx.settings.organization}.",
        **render,  # type: ignore[arg-type]
    ))]
    by_topic: dict[str, list[Any]] = {slug: [] for slug in ctx.site.topics}
    for entry in everything:
        for slug in entry.topics:
            if slug in by_topic:
                by_topic[slug].append(entry)
    for slug, topic in ctx.site.topics.items():
        path = routes.calendar_topic_ics(slug)
        files.append((path, ics.render_calendar(
            by_topic[slug], name=_calendar_name(ctx, topic.name), path=path,
            page_url=routes.calendar_topic_url(slug),
            description=f"Sự kiện, ngày kỷ niệm và hạn báo cáo lĩnh vực {topic.name}.",
            **render,  # type: ignore[arg-type]
        )))
    events = {entry.key: entry for entry in agenda.entries if entry.kind == "event"}
    for event in ctx.site.events:
        entry = events[event_key(event.slug)]
        path = routes.event_ics_path(event.slug)
        files.append((path, ics.render_calendar(
            [entry], name=event.title, path=path, page_url=event.url, description="", **render,  # type: ignore[arg-type]
        )))
    return files
