"""The registry of everything the site outputs: pages (`PageSpec`) and files (feeds, calendars…).

Each capability adds its builder here, so the bridge never changes when a page type is added.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import listings
from .listings import Indexes, PageSpec
from .models import Site
from .settings import Settings


@dataclass(frozen=True, slots=True)
class Output:
    """A non-page file written into the site (feed, calendar, CSV…)."""

    path: str
    """Site-relative path, e.g. `rss.xml`, `lich-su-kien/lich.ics`."""
    content: bytes


@dataclass(frozen=True, slots=True)
class Context:
    """What page and output builders receive."""

    site: Site
    indexes: Indexes
    settings: Settings
    site_url: str
    """Absolute site URL with a trailing slash (e.g. `https://stnmt.example.gov.vn/`)."""


def build_pages(ctx: Context) -> list[PageSpec]:
    """Return every generated page."""
    specs: list[PageSpec] = []
    specs += listings.item_pages(ctx.site, ctx.indexes, ctx.settings)
    specs += listings.news_pages(ctx.site, ctx.settings)
    specs += listings.topic_pages(ctx.site, ctx.indexes, ctx.settings)
    specs += listings.section_pages(ctx.site, ctx.settings)
    return specs


def build_outputs(ctx: Context) -> list[Output]:
    """Return every generated non-page file."""
    outputs: list[Output] = []
    return outputs
