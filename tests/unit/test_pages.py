"""The build's registry: derived data (calendar, units, feeds) is built once per build and shared."""

from __future__ import annotations

from datetime import datetime

from portal.dates import VN_TZ
from portal.listings import build_indexes
from portal.models import Site
from portal.pages import Context, build_pages
from portal.settings import Settings


def test_context_builds_the_calendar_units_and_feeds_once() -> None:
    site = Site(now=datetime(2024, 6, 5, 9, 0, tzinfo=VN_TZ))
    ctx = Context(site, build_indexes(site), Settings(), "https://stnmt.example.gov.vn/")
    agenda, units, feeds = ctx.agenda, ctx.units, ctx.feeds
    build_pages(ctx)
    assert ctx.agenda is agenda and ctx.units is units and ctx.feeds is feeds
