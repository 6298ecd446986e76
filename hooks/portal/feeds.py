"""RSS 2.0 and Atom 1.0 feeds, the OPML list of them and the `/nhan-tin/` page, built with feedgen.

Feeds (each as `rss.xml` and `atom.xml`): the whole site at the root, one per kind declared with
`kind_feed` (kinds.py) in its section (`tin-tuc/`, `chien-dich/`, `ke-hoach/`), and one per topic under
`linh-vuc/<topic>/` (every kind tagged with the topic). Items come from the already-rendered content
(`Item.html`), with every relative link and image made absolute against `site_url`.

Item dates (what a reader shows; taken from content only, so they never change between builds
and never come from the clock):
- article: `date`, its publication;
- plan: `issued`;
- campaign and event: the announcement, their `date` if given, else `kinds.ANNOUNCE_LEAD` before
  `start` (`Kind.announced`). Subscribers want to hear
  of a campaign or an event before it begins, but a `pubDate` in the future makes readers hide the
  item until then (the RSS 2.0 spec allows it) or pin it above real news. So the item enters the
  feeds on its announcement day (at the first build on or after it, like a scheduled article) and
  keeps that date for good.
An item's `updated`, when later, becomes its Atom `<updated>`. A feed's `lastBuildDate` / `<updated>`
is the newest of its items' dates; an empty topic feed uses the site feed's, and only a site with
nothing published at all falls back to the build's "now" (`SOURCE_DATE_EPOCH`).

Pure: takes the loaded, rendered site and returns bytes; the registry (`pages.py`) writes them.
"""

from __future__ import annotations

import heapq
import html as html_lib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import lxml.html
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from . import dates, routes
from .errors import ConfigError
from .kinds import KINDS
from .listings import ATOM_MIME, HOME, RSS_MIME, PageSpec
from .models import Campaign, Document, Event, Item, Plan, Site
from .pagedata import FeedsPage
from .wording import describe_facts_span

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .images import Picture
    from .pages import Context

LANGUAGE = "vi"


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed (published in both formats): what it is about and which items it carries."""

    key: str
    """`site`, `article`, `campaign`, `plan` or `topic:<slug>`."""
    group: str
    """Heading it is listed under on the subscription page."""
    name: str
    """Short name, e.g. `Tin tức`, `Môi trường`."""
    title: str
    description: str
    base: str
    """Site-relative URL of the HTML page the feed mirrors (`""` for the home page)."""
    items: tuple[Item, ...]
    updated: datetime

    @property
    def rss(self) -> str:
        """Return the site-relative URL of the RSS feed."""
        return routes.rss_url(self.base)

    @property
    def atom(self) -> str:
        """Return the site-relative URL of the Atom feed."""
        return routes.atom_url(self.base)


def check_site_url(site_url: str) -> str:
    """Return `site_url` with a trailing slash; raise ConfigError when feeds cannot use it."""
    parts = urlsplit(site_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        shown = f" (hiện là '{site_url}')" if site_url else ""
        raise ConfigError(
            f"site_url chưa được đặt hoặc không hợp lệ{shown}: RSS/Atom cần địa chỉ tuyệt đối của trang, "
            "ví dụ 'site_url: https://stnmt.example.gov.vn/' trong mkdocs.yml"
        )
    return site_url if site_url.endswith("/") else site_url + "/"


# -- which items, with which dates ----------------------------------------------------------------

def published(item: Item) -> datetime:
    """Return the date the item appears under in feeds (see the module docstring)."""
    return KINDS[item.kind].announced(item)


def modified(item: Item) -> datetime:
    """Return the item's last significant change: `updated` when later than its feed date."""
    first = published(item)
    return max(first, item.updated) if item.updated is not None else first


def is_in_feeds(item: Item, now: datetime) -> bool:
    """Return True for a public item whose feed date has come (drafts and scheduled never)."""
    return item.is_public and published(item) <= now


def newest(items: list[Item] | tuple[Item, ...], limit: int, now: datetime) -> tuple[Item, ...]:
    """Return up to `limit` feed items, newest first (feed date, then URL: a total order)."""
    eligible = (item for item in items if is_in_feeds(item, now))
    return tuple(heapq.nlargest(limit, eligible, key=lambda i: (published(i), i.url)))


def build_feeds(ctx: Context) -> list[Feed]:
    """Return every feed of the site with its items (site, kinds, topics, in that order)."""
    site, limit = ctx.site, ctx.settings.feed_items
    now = _now(site)
    org = ctx.settings.organization
    everything = newest(site.items(), limit, now)
    fallback = modified(everything[0]) if everything else now

    def feed(key: str, group: str, name: str, title: str, description: str, base: str,
             items: tuple[Item, ...]) -> Feed:
        updated = max((modified(i) for i in items), default=fallback)
        return Feed(key, group, name, title, description, base, items, updated)

    feeds = [feed("site", "Toàn trang", "Tất cả nội dung", org,
                  f"Tin tức, chiến dịch, kế hoạch và sự kiện mới nhất của {org}.", "", everything)]
    for kind in KINDS.values():
        if kind.kind_feed:
            feeds.append(feed(kind.name, "Theo loại nội dung", kind.label, f"{kind.label} – {org}",
                              f"{kind.label} mới nhất của {org}.", kind.section,
                              newest(site.of(kind.name), limit, now)))
    for topic in site.topics.values():
        description = topic.description or f"Tin tức, chiến dịch, kế hoạch và sự kiện về {topic.name}."
        feeds.append(feed(f"topic:{topic.slug}", "Theo lĩnh vực", topic.name,
                          f"Lĩnh vực {topic.name} – {org}", description, routes.topic_url(topic.slug),
                          newest(ctx.indexes.by_topic.get(topic.slug, []), limit, now)))
    return feeds


def _now(site: Site) -> datetime:
    return site.now if site.now is not None else dates.build_now()


# -- item content ---------------------------------------------------------------------------------

def absolute_html(html: str, base: str) -> str:
    """Return an HTML fragment with every link and image made absolute against `base`.

    Heading permalinks (`¶`) are dropped: they only make sense on the page itself.
    """
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for anchor in root.xpath('.//a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]'):
        anchor.drop_tree()
    for source in root.xpath(".//picture/source"):
        source.drop_tree()  # the WebP copies of a body image: the `<img>` inside is enough for a feed reader
    root.make_links_absolute(base, resolve_base_href=False)
    inner = [html_lib.escape(root.text, quote=False)] if root.text else []
    inner += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(inner)


def _facts(item: Item) -> str:
    """Return the key facts a page shows above the body (time, place, number) as HTML."""
    e = html_lib.escape
    rows: list[str] = []
    if isinstance(item, Event):
        rows.append(f"Thời gian: {e(describe_facts_span(item.start, item.end))}")
        if item.location:
            rows.append(f"Địa điểm: {e(item.location)}")
        if item.organizer:
            rows.append(f"Đơn vị tổ chức: {e(item.organizer)}")
    elif isinstance(item, Campaign):
        rows.append(f"Thời gian: {e(describe_facts_span(item.start, item.end))}")
        if item.theme:
            rows.append(f"Chủ đề: {e(item.theme)}")
        if item.organizer:
            rows.append(f"Đơn vị tổ chức: {e(item.organizer)}")
    elif isinstance(item, Plan):
        number = f"Số {e(item.number)}, " if item.number else ""
        rows.append(f"{number}{e(dates.format_admin(item.issued))} · {e(item.issuer)}")
    elif isinstance(item, Document):
        rows.append(f"{e(item.doc_type)} số {e(item.number)}, {e(dates.format_admin(item.issued))} · {e(item.issuer)}")
        if item.effective is not None:
            rows.append(f"Ngày có hiệu lực: {e(dates.format_short(item.effective))}")
        if item.consultation is not None:
            rows.append(f"Lấy ý kiến đến hết ngày {e(dates.format_short(item.consultation.until))}; góp ý gửi tới "
                        f"{e(item.consultation.email)}")
    return f"<p>{'<br>'.join(rows)}</p>" if rows else ""


def item_content(item: Item, site_url: str, pictures: Mapping[str, Picture] | None = None) -> str:
    """Return the full HTML of an item for feeds: key facts, lead image, body, attachment.

    Images are the single file at each image's own URL (feed readers show an `<img>`, not a
    `<picture>`), with the size of that file (`pictures`: images.py).
    """
    parts = [_facts(item)]
    image = item.lead_image
    if image is not None:
        picture = (pictures or {}).get(image.src)
        width, height = (picture.width, picture.height) if picture is not None else (image.width, image.height)
        size = f' width="{width}" height="{height}"' if width and height else ""
        alt = html_lib.escape(getattr(item, "image_alt", ""))
        parts.append(f'<p><img src="{html_lib.escape(site_url + image.url)}" alt="{alt}"{size}></p>')
    parts.append(absolute_html(item.html, site_url + item.url))
    if isinstance(item, Plan) and item.attachment is not None:
        href = html_lib.escape(site_url + item.attachment.url)
        parts.append(f'<p><a href="{href}">Tải văn bản gốc ({html_lib.escape(item.attachment.extension)})</a></p>')
    for asset in item.attachments if isinstance(item, Document) else ():
        href = html_lib.escape(site_url + asset.url)
        parts.append(f'<p><a href="{href}">Tải văn bản ({html_lib.escape(asset.extension)})</a></p>')
    return "".join(part for part in parts if part)


def creator(item: Item, organization: str) -> str:
    """Return who the item is by: author, organizer or issuer, else the organization."""
    for name in ("author", "organizer", "issuer"):
        value = getattr(item, name, "")
        if value:
            return str(value)
    return organization


# -- feedgen --------------------------------------------------------------------------------------

class _MediaEntryExtension(BaseEntryExtension):
    """Writes an entry's enclosure: feedgen 1.0 drops `rel`, `type` and `length` of Atom entry links."""

    def __init__(self) -> None:
        self.enclosure: tuple[str, int, str] | None = None

    def extend_rss(self, item: etree._Element) -> etree._Element:
        if self.enclosure is not None:
            url, length, mime = self.enclosure
            etree.SubElement(item, "enclosure", url=url, length=str(length), type=mime)
        return item

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        if self.enclosure is not None:
            url, length, mime = self.enclosure
            etree.SubElement(entry, "link", rel="enclosure", href=url, type=mime, length=str(length))
        return entry


class _Renderer:
    """Renders feeds of one site; each item's HTML is made absolute once, whatever the feed."""

    def __init__(self, ctx: Context) -> None:
        self.site_url = check_site_url(ctx.site_url)
        self.settings = ctx.settings
        self.topics = ctx.site.topics
        self.pictures = ctx.pictures
        self.published_sizes = ctx.published_sizes
        self._content: dict[str, str] = {}

    def content(self, item: Item) -> str:
        cached = self._content.get(item.url)
        if cached is None:
            cached = self._content[item.url] = item_content(item, self.site_url, self.pictures)
        return cached

    def generator(self, feed: Feed, fmt: str) -> FeedGenerator:
        """Return a FeedGenerator for `feed` in format `rss` or `atom` (they differ in `self`)."""
        fg = FeedGenerator()
        fg.load_extension("dc", atom=False, rss=True)
        fg.register_extension("portal", BaseExtension, _MediaEntryExtension, atom=True, rss=True)
        own, mime = (feed.rss, RSS_MIME) if fmt == "rss" else (feed.atom, ATOM_MIME)
        fg.id(self.site_url + own)
        fg.title(feed.title)
        if fmt == "rss":
            # RSS <description> is HTML to readers (channel and items alike): the plain text is
            # escaped once more, so `&` and `<` read back as text instead of markup.
            fg.description(html_lib.escape(feed.description, quote=False))
        else:
            fg.subtitle(feed.description)  # Atom <subtitle> without `type` is plain text
        fg.language(LANGUAGE)
        fg.author({"name": self.settings.organization})
        if self.settings.email:
            # RSS wants an e-mail here ("email (name)"); without one the element is left out.
            fg.managingEditor(f"{self.settings.email} ({self.settings.organization})")
        # feedgen takes the RSS <link> from the last link: self first, the HTML page last.
        fg.link(href=self.site_url + own, rel="self", type=mime)
        fg.link(href=self.site_url + feed.base, rel="alternate", type="text/html")
        fg.updated(feed.updated)
        fg.lastBuildDate(feed.updated)
        if feed.items:
            fg.pubDate(published(feed.items[0]))
        for item in feed.items:
            self._entry(fg, item)
        return fg

    def _entry(self, fg: FeedGenerator, item: Item) -> None:
        permalink = self.site_url + item.url
        entry = fg.add_entry(order="append")
        entry.title(item.title)
        entry.link(href=permalink)
        entry.guid(permalink, permalink=True)
        # RSS <description> is HTML to readers: escape the plain-text summary once more (as the
        # channel's). Atom's <summary> stays plain text: `summary()` below leaves this one alone.
        entry.description(html_lib.escape(item.summary or item.title, quote=False))
        entry.content(self.content(item), type="html")
        entry.summary(item.summary or item.title)
        entry.published(published(item))
        entry.updated(modified(item))
        name = creator(item, self.settings.organization)
        entry.author({"name": name})
        entry.dc.dc_creator(name)
        scheme = self.site_url + routes.TOPICS
        for slug in item.topics:
            topic = self.topics.get(slug)
            if topic is not None:
                entry.category(term=topic.name, scheme=scheme)
        asset = item.lead_image or (item.attachment if isinstance(item, Plan) else None) or (
            item.attachments[0] if isinstance(item, Document) and item.attachments else None)
        if asset is not None:
            size = self.published_sizes.get(asset.src, asset.size)  # a re-encoded phone photo: images.py
            entry.portal.enclosure = (self.site_url + asset.url, size, asset.mime)


def render_opml(feeds: list[Feed], site_url: str, title: str) -> bytes:
    """Return an OPML 2.0 list of the RSS feeds (one per subscription), grouped as on the page."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    groups: dict[str, etree._Element] = {}
    for feed in feeds:
        group = groups.get(feed.group)
        if group is None:
            group = groups[feed.group] = etree.SubElement(body, "outline", text=feed.group)
        etree.SubElement(
            group, "outline", type="rss", text=feed.title, title=feed.title,
            xmlUrl=site_url + feed.rss, htmlUrl=site_url + feed.base, language=LANGUAGE,
        )
    return bytes(etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8"))


def build_files(ctx: Context) -> list[tuple[str, bytes]]:
    """Return (site-relative path, bytes) of every feed and the OPML list.

    Everything is rendered in memory before anything is returned, so a problem (such as a
    missing `site_url`) stops the build before a single feed is written.
    """
    renderer = _Renderer(ctx)
    feeds = ctx.feeds
    files: list[tuple[str, bytes]] = []
    for feed in feeds:
        files.append((feed.rss, bytes(renderer.generator(feed, "rss").rss_str(pretty=True))))
        files.append((feed.atom, bytes(renderer.generator(feed, "atom").atom_str(pretty=True))))
    title = f"Nguồn tin RSS – {ctx.settings.organization}"
    files.append((routes.FEEDS_OPML, render_opml(feeds, renderer.site_url, title)))
    return files


# -- the subscription page ------------------------------------------------------------------------

def subscribe_page(ctx: Context) -> PageSpec:
    """Return the `/nhan-tin/` page listing every feed, the OPML file and the calendar."""
    groups: dict[str, list[Feed]] = {}
    for feed in ctx.feeds:
        groups.setdefault(feed.group, []).append(feed)
    return PageSpec(
        routes.FEEDS_PAGE, "feeds.html", "Nhận tin qua RSS", "feeds", search=True,
        breadcrumbs=(HOME,),
        data=FeedsPage(list(groups.items()), ctx.site_url, routes.FEEDS_OPML, routes.CALENDAR_ICS,
                       ctx.settings.feed_items),
        description="Theo dõi tin tức, chiến dịch, kế hoạch và sự kiện của Sở bằng RSS/Atom hoặc thêm lịch sự kiện.",
    )
