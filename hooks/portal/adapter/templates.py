"""Jinja set-up: the portal's filters, globals and fragment cache, and each page's template context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.utils import LRUCache
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from .. import dates, images, routes, seo
from ..kinds import LABELS as KIND_LABELS
from ..listings import campaign_status, feed_links
from ..pages import THEME_CSS
from ..wording import describe_when
from .engine import Process, site_url
from .structure import SKIP_TEMPLATE, PortalPage

if TYPE_CHECKING:
    from .state import BuildState

def setup_env(state: BuildState, env: jinja2.Environment, config: MkDocsConfig) -> jinja2.Environment:
    """Register Vietnamese formatting filters and site-wide data once per build."""
    if Process.command == "serve" and env.bytecode_cache is None and Process.options.cache:
        env.bytecode_cache = _SERVE_BYTECODE  # each rebuild makes a new environment
    if isinstance(env.cache, LRUCache):
        # Every include and import looks its template up: a plain dict does it without the LRU's
        # lock and queue (a site's few dozen templates all stay; `serve` makes a new one per build).
        env.cache = dict(env.cache.items())
    env.add_extension(NavCache)
    env.globals["nav_cache_key"] = _nav_cache_key
    env.globals["fragment_key"] = _fragment_key
    env.globals["place_key"] = _place_key
    env.globals["portal_t"] = Translations(env, str(config.theme["language"]))
    env.filters["vi_date"] = dates.format_full  # the date formatters keep what they formatted
    env.filters["vi_short"] = dates.format_short
    env.filters["vi_admin"] = dates.format_admin
    env.filters["vi_time"] = dates.format_time
    env.filters["iso_date"] = dates.iso
    env.filters["tel"] = routes.tel_href
    env.tests["web_address"] = routes.is_web_address
    env.filters["when_text"] = describe_when
    env.filters["has_time"] = dates.has_time
    env.filters["json_script"] = seo.json_for_script  # JSON safe inside <script type="application/ld+json">
    state.site_info = seo.SiteInfo(
        site_url(config), config.site_name, config.site_description or "", state.settings,
        logo=config.theme.get("logo") or "", topics={slug: topic.name for slug, topic in state.site.topics.items()},
    )
    env.globals["portal"] = {
        "site": state.site,
        "topics": state.site.topics,
        "settings": state.settings,
        "kinds": KIND_LABELS,
        "today": state.site.today,
        "preview": state.site.preview,
        "feeds": feed_links("", "Tất cả nội dung"),
        "feeds_page": routes.FEEDS_PAGE,
        "urls": routes.TEMPLATE_URLS,
        "theme_css": THEME_CSS if state.settings.colors else "",
        "campaign_status": lambda c: campaign_status(c, state.site.today),
        "pictures": state.pictures,
        "sizes": {"card": images.SIZES_CARD, "column": images.SIZES_COLUMN, "featured": images.SIZES_FEATURED,
                  "featured_small": images.SIZES_FEATURED_SMALL},
        "markup": Markup,
        "errors": state.problems if state.showing_errors else [],
    }
    return env


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory between `mkdocs serve` rebuilds.

    MkDocs makes a new Jinja environment for every rebuild, which compiled all 40-odd templates
    again (0.25 s of each save-to-page wait). Jinja checks each template's source checksum before
    using its bucket, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self.buckets: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.buckets.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.buckets[bucket.key] = bucket.bytecode_to_string()


_SERVE_BYTECODE = _MemoryBytecodeCache()


class Translations:
    """Material's `partials/language.html` macro `t(key)`, each key looked up once per build.

    The theme language's table first, then English, then the key itself, as Material does; the
    tables are the theme's (or our override's) `partials/languages/*.html`.
    """

    def __init__(self, env: jinja2.Environment, language: str) -> None:
        self.env = env
        self.language = language
        self.strings: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        text = self.strings.get(key)
        if text is None:
            own = self.env.get_template(f"partials/languages/{self.language}.html").module
            english = self.env.get_template("partials/languages/en.html").module
            text = self.strings[key] = str(own.t(key)) or str(english.t(key)) or key  # type: ignore[attr-defined]
        return text


class NavCache(Extension):
    """`{% portalcache key %}…{% endportalcache %}`: render a fragment once per key (per build).

    Jinja's documented fragment-cache pattern. A falsy key disables caching for that page.
    """

    tags = {"portalcache"}

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        environment.extend(portal_fragments={})

    def parse(self, parser: Any) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endportalcache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_cached", [key]), [], [], body).set_lineno(lineno)

    def _cached(self, key: Any, caller: Any) -> str:
        if not key:
            return str(caller())
        fragments: dict[Any, str] = self.environment.portal_fragments  # type: ignore[attr-defined]
        if key not in fragments:
            fragments[key] = str(caller())
        return fragments[key]


@jinja2.pass_context
def _nav_cache_key(context: Any, name: str) -> Any:
    """Return the cache key of the menu for pages outside the nav, or None (no caching)."""
    page = context.get("page")
    spec = getattr(page, "spec", None)
    if spec is None or spec.in_nav or not Process.options.cache:
        return None
    parent = getattr(page, "parent", None)
    nav = context.get("nav")
    # A menu link is made relative to the page: it depends on the page's depth and on the
    # leading segments it shares with the menu's targets (as deep as the deepest target).
    depth = max((p.url.count("/") for p in nav.pages), default=1) if nav is not None else 1
    segments = tuple(page.url.split("/")[:depth])
    return (name, page.url.count("/"), segments, getattr(parent, "url", None))


PLACE_LEVELS = 3
"""Folder levels of the deepest link target in a place-keyed fragment (assets/javascripts/workers/)."""


@jinja2.pass_context
def _place_key(context: Any, name: str) -> Any:
    """Return the cache key of a fragment whose links depend only on where the page is.

    A link made relative to the page (`| url`) depends on the page's depth and on the leading
    folders it shares with the target; targets in these fragments are at most `PLACE_LEVELS`
    folders deep (theme assets, the feeds page, the English page), so the page's depth and first
    `PLACE_LEVELS` folders decide the fragment. None (no caching) with `PORTAL_NO_CACHE`.
    """
    if not Process.options.cache:
        return None
    # base_url as well: pages rendered without a page (404.html) use absolute links.
    url = getattr(context.get("page"), "url", "") or ""
    return ("place", name, context.get("base_url"), url.count("/"), tuple(url.split("/")[:PLACE_LEVELS]))


def _fragment_key(*parts: Any) -> Any:
    """Return a cache key for a fragment that depends only on `parts` (None: caching off)."""
    return ("fragment", *parts) if Process.options.cache else None


def add_page_context(state: BuildState, context: dict[str, Any], page: Page) -> dict[str, Any]:
    """Give templates the spec, item and data of a generated page, or the home page's lists."""
    if page.meta.get("template") == SKIP_TEMPLATE:
        return context  # written elsewhere (the page helper): nothing here reads the context
    if state.reuse is not None:
        state.reuse.record(page.file.dest_uri)
    if isinstance(page, PortalPage):
        context["spec"] = page.spec
        context["item"] = page.spec.item
        context["data"] = page.spec.data
    if page.is_homepage:
        context["home"] = state.home
    context["sharing"] = _page_sharing(state, page)
    context["image_order"] = _ImageOrder()
    return context


class _ImageOrder:
    """Which images of a page load lazily: all but the first (at the top of the page, the reader sees it)."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen = False

    def lazy(self) -> bool:
        """Return False for the page's first image, True for every later one."""
        seen, self._seen = self._seen, True
        return seen


def _page_sharing(state: BuildState, page: Page) -> seo.Sharing | None:
    """Return the OpenGraph/Twitter tags and JSON-LD of `page` (partials/portal-sharing.html)."""
    info = state.site_info
    if info is None or state.showing_errors:
        return None
    spec = page.spec if isinstance(page, PortalPage) else None
    if page.is_homepage:
        title, trail = info.site_name, []
    elif spec is not None:
        title, trail = spec.title, [*spec.breadcrumbs, (spec.title, spec.url)]
    else:
        title = str(page.title or info.site_name)
        trail = [("Trang chủ", ""), (title, page.url)]
    description = (spec.description if spec is not None else (page.meta or {}).get("description")) or info.description
    return seo.page_sharing(info, url=page.url, title=title, description=str(description),
                            item=spec.item if spec is not None else None, trail=trail, is_home=page.is_homepage)
