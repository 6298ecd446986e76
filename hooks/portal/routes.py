"""Every URL and virtual-file rule of the site, in one place.

URLs are site-relative directory URLs without a leading slash (`tin-tuc/2024/06/a/`), the form
MkDocs' `url` filter expects. `src_uri` is the virtual Markdown file MkDocs renders there.
"""

from __future__ import annotations

import posixpath
from datetime import date
from urllib.parse import quote

NEWS = "tin-tuc/"
TOPICS = "linh-vuc/"
CAMPAIGNS = "chien-dich/"
PLANS = "ke-hoach/"
EVENTS = "su-kien/"
DOCUMENTS = "van-ban/"
DRAFTS = DOCUMENTS + "du-thao/"
"""Drafts put out for comment: open ones first."""
CALENDAR = "lich-su-kien/"
UNITS = "don-vi/"
MEDIA = "media/"
PAGE_SEGMENT = "trang"
FEEDS_PAGE = "nhan-tin/"
"""The page listing every feed and the calendar subscription."""
FEEDS_OPML = FEEDS_PAGE + "feeds.opml"
CALENDAR_ICS = CALENDAR + "lich.ics"
RSS_FILE = "rss.xml"
ATOM_FILE = "atom.xml"
HOME = ""
SEARCH = "search/"
"""The search index files (search_index.py), fetched by the search box."""
ABOUT_EN = "en/about/"
"""The English page about the department (`docs/en/about.md`), linked from every page's footer."""

TEMPLATE_URLS: dict[str, str] = {
    "home": HOME, "news": NEWS, "topics": TOPICS, "campaigns": CAMPAIGNS, "plans": PLANS, "calendar": CALENDAR,
    "documents": DOCUMENTS, "drafts": DRAFTS, "feeds_page": FEEDS_PAGE, "search": SEARCH, "about_en": ABOUT_EN,
}
"""The fixed URLs templates link to, as `portal.urls.<name>` (adapter/templates.py, setup_env): no template
spells a URL itself."""


def rss_url(base: str = "") -> str:
    """Return the RSS feed of the list at `base` (`rss.xml` for the whole site)."""
    return base + RSS_FILE


def atom_url(base: str = "") -> str:
    """Return the Atom feed of the list at `base` (`atom.xml` for the whole site)."""
    return base + ATOM_FILE


def article_url(day: date, slug: str) -> str:
    """Return `tin-tuc/YYYY/MM/<slug>/`."""
    return f"{NEWS}{day.year:04d}/{day.month:02d}/{slug}/"


def campaign_url(slug: str) -> str:
    """Return `chien-dich/<slug>/`."""
    return f"{CAMPAIGNS}{slug}/"


def plan_url(slug: str) -> str:
    """Return `ke-hoach/<slug>/`."""
    return f"{PLANS}{slug}/"


def plan_tasks_file(slug: str, extension: str) -> str:
    """Return `ke-hoach/<slug>/nhiem-vu.<csv|json>`: the plan's task table as a download."""
    return f"{plan_url(slug)}nhiem-vu.{extension}"


def unit_url(slug: str) -> str:
    """Return `don-vi/<slug>/`: the tasks a responsible unit leads or supports."""
    return f"{UNITS}{slug}/"


def event_url(slug: str) -> str:
    """Return `su-kien/<slug>/`."""
    return f"{EVENTS}{slug}/"


def document_url(slug: str) -> str:
    """Return `van-ban/<slug>/`."""
    return f"{DOCUMENTS}{slug}/"


def document_type_url(type_slug: str) -> str:
    """Return `van-ban/loai/<type>/`: the documents of one type."""
    return f"{DOCUMENTS}loai/{type_slug}/"


def document_year_url(year: int) -> str:
    """Return `van-ban/nam/YYYY/`: the documents issued in one year."""
    return f"{DOCUMENTS}nam/{year:04d}/"


def event_ics_path(slug: str) -> str:
    """Return `su-kien/<slug>/<slug>.ics`: one event's iCalendar file ("Thêm vào lịch")."""
    return f"{event_url(slug)}{slug}.ics"


def calendar_month_url(year: int, month: int) -> str:
    """Return `lich-su-kien/YYYY/MM/`: one month of the events calendar."""
    return f"{CALENDAR}{year:04d}/{month:02d}/"


def calendar_topic_url(topic: str) -> str:
    """Return `lich-su-kien/<topic>/`: the calendar of one topic."""
    return f"{CALENDAR}{topic}/"


def calendar_topic_ics(topic: str) -> str:
    """Return `lich-su-kien/<topic>/lich.ics`: the iCalendar file of one topic."""
    return f"{calendar_topic_url(topic)}lich.ics"


def topic_url(slug: str) -> str:
    """Return `linh-vuc/<topic>/`."""
    return f"{TOPICS}{slug}/"


def news_year_url(year: int) -> str:
    """Return `tin-tuc/YYYY/`."""
    return f"{NEWS}{year:04d}/"


def paged_url(base: str, number: int) -> str:
    """Return page `number` of a list at `base` (`base` itself for page 1, else `base/trang/N/`)."""
    return base if number <= 1 else f"{base}{PAGE_SEGMENT}/{number}/"


def media_url(src: str) -> str:
    """Return the URL of a content file (path relative to `content/`), percent-encoded."""
    return MEDIA + quote(src)


SOCIAL = MEDIA + "chia-se/"
"""1200×630 copies of lead images for social cards (seo.py)."""
IMAGE_COPIES = MEDIA + "co-anh/"
"""WebP copies of content images at a few widths (images.py)."""


def social_image_path(src: str) -> str:
    """Return the site path of the 1200×630 sharing copy of content image `src`."""
    stem = src.rsplit(".", 1)[0] if "." in src.rsplit("/", 1)[-1] else src
    return f"{SOCIAL}{stem}.jpg"


def social_image_url(src: str) -> str:
    """Return the URL (percent-encoded) of the sharing copy of content image `src`."""
    return quote(social_image_path(src))


def src_uri_for(url: str) -> str:
    """Return the virtual Markdown file that MkDocs renders at directory URL `url`."""
    if url in ("", "/"):
        return "index.md"
    return url.rstrip("/") + "/index.md"


def relative_url(target: str, from_url: str) -> str:
    """Return `target` (site-relative) as a link relative to the page at `from_url`."""
    if "://" in target or target.startswith(("#", "mailto:", "/")):
        return target
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    fragment = ""
    if "#" in target:
        target, fragment = target.split("#", 1)
        fragment = "#" + fragment
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    # "" is the home page: a directory URL like every other one ("../", not "..").
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + fragment


def tel_href(number: str) -> str:
    """Return the `tel:` link of a phone number as written in the settings ("0254 3 000 111")."""
    return "tel:" + number.replace(" ", "").replace(".", "")


def is_web_address(url: str) -> bool:
    """True for an address on the web (`https://…`, `http://…`); False for a path of this site."""
    return url.startswith(("https://", "http://"))
