"""The registry of everything the site outputs: pages (`PageSpec`) and files (feeds, calendars…).

Each capability adds its builder here, so the bridge never changes when a page type is added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import agenda_pages, campaigns, documents, feeds, images, listings, plan_pages, seo
from .agenda import Agenda, build_agenda
from .feeds import Feed, build_feeds
from .listings import Indexes, PageSpec
from .models import Site
from .options import thread_pool
from .settings import Settings
from .units import Units, build_units


@dataclass(frozen=True, slots=True)
class Output:
    """A non-page file written into the site (feed, calendar, CSV…)."""

    path: str
    """Site-relative path, e.g. `rss.xml`, `lich-su-kien/lich.ics`."""
    content: bytes
    source: str = ""
    """A file to copy instead of `content` (a cached image copy: never held in memory)."""


@dataclass(frozen=True)
class Context:
    """What page and output builders receive, with the data derived from the site built once.

    Pages and outputs both need the calendar, the responsible units and the feeds: each is built
    on first use and kept (`cached_property`; hence no `slots`), so `build_pages` and
    `build_outputs` share one copy.
    """

    site: Site
    indexes: Indexes
    settings: Settings
    site_url: str
    """Absolute site URL with a trailing slash (e.g. `https://stnmt.example.gov.vn/`)."""
    cache_dir: Path | None = None
    """Where builders may cache derived files between builds (`.cache/portal/`), or None."""
    parallel: bool = True
    """Builders may use more than one thread (off with PORTAL_SERIAL: options.py)."""
    pictures: dict[str, images.Picture] = field(default_factory=dict)
    """The responsive copies of every JPEG, PNG and WebP image, by `src` (images.plan_site)."""
    published_sizes: dict[str, int] = field(default_factory=dict)
    """Bytes of each image file published at its own URL when it is a re-encoded copy (filled by
    `build_outputs` before the feeds, whose enclosures give the length)."""

    @cached_property
    def agenda(self) -> Agenda:
        """Return the events calendar (the calendar's pages and its `.ics` files)."""
        return build_agenda(self.site)

    @cached_property
    def units(self) -> Units:
        """Return the responsible units named in the plans (plan and unit pages, task downloads)."""
        return build_units(self.site.plans)

    @cached_property
    def feeds(self) -> list[Feed]:
        """Return every feed with its items (the feed files and the `/nhan-tin/` page)."""
        return build_feeds(self)


def build_pages(ctx: Context) -> list[PageSpec]:
    """Return every generated page."""
    specs: list[PageSpec] = []
    specs += listings.item_pages(ctx.site, ctx.indexes, ctx.settings)
    specs += listings.news_pages(ctx.site, ctx.settings)
    specs += listings.topic_pages(ctx.site, ctx.indexes, ctx.settings)
    specs += agenda_pages.build_calendar_pages(ctx)
    specs += campaigns.campaign_pages(ctx.site, ctx.indexes)
    specs += plan_pages.plan_pages(ctx.site, ctx.indexes, ctx.units)
    specs += plan_pages.unit_pages(ctx.units)
    specs += documents.document_pages(ctx.site, ctx.settings)
    specs.append(feeds.subscribe_page(ctx))
    return specs


def build_outputs(ctx: Context) -> list[Output]:
    """Return every generated non-page file."""
    social_cache = ctx.cache_dir / "social" if ctx.cache_dir is not None else None
    # Pillow decodes, scales and encodes without holding the interpreter: the social images are
    # made on both cores while feeds and calendars are written here.
    copies_cache = ctx.cache_dir / "images" if ctx.cache_dir is not None else None
    with thread_pool(2, ctx.parallel) as pool:
        copies = [pool.submit(images.publish, ctx.site.assets[src], picture, copies_cache)
                  for src, picture in sorted(ctx.pictures.items())]
        social = [pool.submit(seo.social_copy_file, asset, social_cache) for asset in seo.social_sources(ctx.site)]
        outputs: list[Output] = []
        tasks = plan_pages.task_files(ctx.site, ctx.indexes, ctx.units, ctx.site_url)
        outputs += [Output(path, content) for path, content in tasks]
        outputs += [Output(path, content) for path, content in agenda_pages.build_calendar_files(ctx)]
        outputs.append(Output("robots.txt", seo.robots_txt(ctx.site_url)))
        if ctx.settings.colors:
            outputs.append(Output(THEME_CSS, theme_css(ctx.settings).encode("utf-8")))
        for future in copies:
            published = future.result()
            if published.replaced:
                ctx.published_sizes[published.src] = published.fallback_size
            outputs += [Output(path, b"", file) if isinstance(file, str) else Output(path, file)
                        for path, file in published.files]
        outputs += [Output(path, content) for path, content in feeds.build_files(ctx)]
        outputs += [Output(*image.result()) for image in social]
    return outputs


THEME_CSS = "assets/css/portal-theme.css"
"""The site's colours (`extra.portal.colors`), linked after portal.css by partials/portal-head.html."""
_COLOR_VARIABLES = {
    "primary": ("--md-primary-fg-color", "--md-primary-fg-color--light"),
    "primary_dark": ("--md-primary-fg-color--dark",),
    "accent": ("--md-accent-fg-color",),
    "link": ("--md-typeset-a-color",),
}


def theme_css(settings: Settings) -> str:
    """Return the CSS variables of the configured colours; the masthead takes `primary_dark`, else `primary`."""
    colors = dict(settings.colors)
    values = {variable: colors[name] for name, variables in _COLOR_VARIABLES.items() if name in colors
              for variable in variables}
    if masthead := colors.get("primary_dark", colors.get("primary")):
        values["--portal-masthead-bg"] = masthead
    body = "".join(f"  {variable}: {color};\n" for variable, color in sorted(values.items()))
    return f"/* Generated from extra.portal.colors in mkdocs.yml. */\n:root, [data-md-color-scheme] {{\n{body}}}\n"
