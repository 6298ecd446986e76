"""iCalendar files (RFC 5545) of the events calendar, written with the `icalendar` library.

The library does CRLF line ends, folding at 75 octets (never inside a UTF-8 character) and
escaping. What this module decides: stable UIDs (`<entry key>@<site host>`, so an event's own
file and `lich.ics` agree and nothing changes when other content is added), DTSTAMP from the
build's fixed "now" (SOURCE_DATE_EPOCH), all-day entries as `VALUE=DATE` with an exclusive
DTEND, timed entries in Asia/Ho_Chi_Minh with its VTIMEZONE, and observances as ONE VEVENT each
with `RRULE:FREQ=YEARLY`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import icalendar

from . import dates
from .agenda import Entry

TZID = "Asia/Ho_Chi_Minh"
REFRESH = timedelta(days=1)
"""How often subscribers' apps should fetch the calendar again."""
_ICS_TEXT_PREFIX = {"deadline": "Hạn báo cáo: ", "task": "Nhiệm vụ: "}
_BUSY_KINDS = {"event", "activity"}
"""Timed entries of these kinds mark the subscriber as busy; everything else is informational."""


def host_of(site_url: str) -> str:
    """Return the host that ends every UID (`stnmt.example.gov.vn`)."""
    return (urlsplit(site_url).hostname or "localhost").lower()


def uid(entry: Entry, host: str) -> str:
    """Return the entry's UID: its stable key at the site's host."""
    return f"{entry.key}@{host}"


def absolute(site_url: str, path: str) -> str:
    """Return `path` (site-relative) as an absolute URL, or "" without a site URL."""
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def webcal(url: str) -> str:
    """Return the `webcal://` form of an http(s) URL (opens the subscribe dialog of calendar apps)."""
    scheme, _, rest = url.partition("://")
    return f"webcal://{rest}" if scheme in ("http", "https") else url


def vtimezone() -> icalendar.Timezone:
    """Return the VTIMEZONE of Asia/Ho_Chi_Minh (slow to compute: build it once per build)."""
    tz = icalendar.Timezone.from_tzinfo(dates.VN_TZ, tzid=TZID)
    # The library notes the span it computed transitions for; Vietnam's last change was in 1975,
    # so the rule holds for every later year and the note would only mislead.
    tz.pop("COMMENT", None)
    return tz


def _description(entry: Entry, url: str) -> str:
    lines = []
    if entry.description:
        lines.append(entry.description)
    if entry.organizer:
        label = {"task": "Chủ trì", "consultation": "Cơ quan soạn thảo", "effective": "Cơ quan ban hành"}.get(
            entry.kind, "Đơn vị tổ chức")
        if not (entry.kind == "task" and entry.description.startswith("Chủ trì")):
            lines.append(f"{label}: {entry.organizer}")
    if entry.parent_title:
        label = "Thuộc chiến dịch" if entry.parent_kind == "campaign" else "Thực hiện kế hoạch"
        lines.append(f"{label}: {entry.parent_title}")
    if url:
        lines.append(f"Chi tiết: {url}")
    return "\n".join(lines)


def build_vevent(entry: Entry, *, host: str, site_url: str, stamp: datetime,
                 topic_names: Mapping[str, str]) -> icalendar.Event:
    """Return one VEVENT (observances carry a yearly RRULE)."""
    event = icalendar.Event()
    event.add("uid", uid(entry, host))
    event.add("dtstamp", stamp)
    event.add("summary", _ICS_TEXT_PREFIX.get(entry.kind, "") + entry.title)
    if entry.all_day:
        event.add("dtstart", entry.first)
        event.add("dtend", entry.last + timedelta(days=1))  # exclusive: the day after the last day
    else:
        event.add("dtstart", dates.as_datetime(entry.start))
        if entry.end is not None:
            event.add("dtend", dates.as_datetime(entry.end))
    if entry.yearly:
        event.add("rrule", {"freq": "yearly"})
    url = absolute(site_url, entry.url)
    description = _description(entry, url)
    if description:
        event.add("description", description)
    if entry.location:
        event.add("location", entry.location)
    if url:
        event.add("url", url)
    names = [topic_names.get(slug, slug) for slug in entry.topics]
    event.add("categories", [entry.kind_label, *names])
    event.add("class", "PUBLIC")
    event.add("status", "CONFIRMED")
    busy = entry.kind in _BUSY_KINDS and not entry.all_day
    event.add("transp", "OPAQUE" if busy else "TRANSPARENT")
    return event


def render_calendar(
    entries: Iterable[Entry], *, name: str, description: str, site_url: str, path: str, now: datetime,
    topic_names: Mapping[str, str], page_url: str = "", timezone_component: icalendar.Timezone | None = None,
    vevents: dict[int, tuple[Entry, bytes]] | None = None,
) -> bytes:
    """Return a whole VCALENDAR (bytes, CRLF) holding `entries` in a stable order.

    `path` is the file's own site-relative path (for SOURCE), `now` the build's fixed "now",
    `timezone_component` the VTIMEZONE to reuse (from `vtimezone()`). `vevents`: each entry's
    VEVENT, kept between calls with the same site_url, now and topic_names (an entry is in the
    site calendar, its topics' and its own: serialised once).
    """
    host = host_of(site_url)
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{host}//Lich su kien//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # NAME and X- properties are not escaped as TEXT by icalendar unless told: a topic name or
    # description with a line break would otherwise end the line (or crash the build).
    cal.add("name", icalendar.vText(name))
    cal.add("x-wr-calname", icalendar.vText(name))
    if description:
        cal.add("description", description)
        cal.add("x-wr-caldesc", icalendar.vText(description))
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode("ascii"))
    source = absolute(site_url, path)
    if source:
        cal.add("source", source, parameters={"VALUE": "URI"})
    if page_url and site_url:
        cal.add("url", absolute(site_url, page_url))
    # Always present: the calendar then has at least one component even when a topic has no entry.
    cal.add_component(timezone_component or vtimezone())
    # icalendar writes a component's lines after its parent's own, each line folded alone: the
    # calendar is its head, then each VEVENT's lines, then its END line.
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    vevents = {} if vevents is None else vevents
    parts = [head[: -len(end)]]
    for entry in sorted(entries, key=lambda e: (e.first, e.key)):
        known = vevents.get(id(entry))
        if known is None or known[0] is not entry:
            vevent = build_vevent(entry, host=host, site_url=site_url, stamp=stamp, topic_names=topic_names)
            known = vevents[id(entry)] = (entry, vevent.to_ical())
        parts.append(known[1])
    parts.append(end)
    return b"".join(parts)

