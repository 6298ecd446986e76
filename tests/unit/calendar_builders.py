"""Builders of calendar content (events, campaigns, plans, observances) for the calendar's unit tests."""

from __future__ import annotations

from datetime import date, datetime

from portal import routes
from portal.dates import VN_TZ, as_datetime
from portal.models import Activity, Campaign, Deadline, Event, Observance, Plan, Site, Task, Topic
from portal.plans import parse_when
from portal.slugs import slugify_vi

NOW = datetime(2024, 6, 17, 11, 53, tzinfo=VN_TZ)  # a Monday
TOPICS = {slug: Topic(slug, name, url=routes.topic_url(slug))
          for slug, name in [("moi-truong", "Môi trường"), ("bien-hai-dao", "Biển và hải đảo")]}


def _fields(kind: str, title: str, when: date | datetime, topics: tuple[str, ...]) -> dict:
    slug = slugify_vi(title)
    return dict(kind=kind, source=f"content/{kind}s/{slug}.md", slug=slug, title=title,
                topics=topics or ("moi-truong",), date=as_datetime(when))


def event(title: str, start: date | datetime, end: date | datetime | None = None, *topics: str, **kw) -> Event:
    fields = _fields("event", title, start, topics)
    return Event(url=routes.event_url(fields["slug"]), start=start, end=end, **fields, **kw)


def campaign(title: str, start: date, end: date, *activities: Activity, topics: tuple[str, ...] = ()) -> Campaign:
    fields = _fields("campaign", title, start, topics)
    return Campaign(url=routes.campaign_url(fields["slug"]), start=start, end=end, activities=activities, **fields)


def plan(title: str, issued: date, tasks: tuple[Task, ...] = (), deadlines: tuple[Deadline, ...] = ()) -> Plan:
    fields = _fields("plan", title, issued, ())
    return Plan(url=routes.plan_url(fields["slug"]), issued=issued, issuer="Sở Tài nguyên và Môi trường",
                tasks=tasks, deadlines=deadlines, **fields)


def task(number: int, text: str, when: str) -> Task:
    return Task(number, text, "Văn phòng Sở", parse_when(when))


def observance(title: str, start: tuple[int, int], end: tuple[int, int] | None = None, *topics: str) -> Observance:
    return Observance(title, start, end or start, topics or ("moi-truong",), slug=slugify_vi(title))


def site_of(*things: object, observances: tuple[Observance, ...] = (), now: datetime = NOW) -> Site:
    site = Site(topics=dict(TOPICS), now=now)
    site.events = [t for t in things if isinstance(t, Event)]
    site.campaigns = [t for t in things if isinstance(t, Campaign)]
    site.plans = [t for t in things if isinstance(t, Plan)]
    site.observances = list(observances)
    return site
