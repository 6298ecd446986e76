"""Typed content model.

Vietnamese domain terms, mapped once: bài viết / tin tức = Article, chiến dịch = Campaign,
kế hoạch = Plan, nhiệm vụ = Task, hạn báo cáo = Deadline, sự kiện = Event,
hoạt động = Activity, ngày kỷ niệm = Observance, lĩnh vực = Topic, đơn vị = unit,
văn bản = Document, dự thảo lấy ý kiến = Consultation.

What each kind's keys are, where its files live and what its pages show is declared once in
`kinds.py`; these classes are the typed values that declaration produces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Kind = Literal["article", "campaign", "plan", "event", "document"]
WhenKind = Literal["year", "quarter", "month", "day", "range"]

STATUS_LABELS: dict[str, str] = {"upcoming": "Sắp diễn ra", "ongoing": "Đang diễn ra", "ended": "Đã kết thúc"}
"""Vietnamese label of the status of a campaign or event as of the build's today."""

@dataclass(frozen=True, slots=True)
class Topic:
    """A topic section (lĩnh vực) from `topics.yml`."""

    slug: str
    name: str
    description: str = ""
    url: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Observance:
    """A commemoration day or span that recurs every year (`observances.yml`)."""

    title: str
    start: tuple[int, int]
    """(month, day) of the first day."""
    end: tuple[int, int]
    """(month, day) of the last day, inclusive; before `start` when the span crosses New Year."""
    topics: tuple[str, ...]
    description: str = ""
    slug: str = ""
    source: str = ""
    line: int = 0

    @property
    def crosses_new_year(self) -> bool:
        """Return True for spans such as 12-30 … 01-02."""
        return self.end < self.start


@dataclass(frozen=True, slots=True)
class Asset:
    """A file under `content/` (image or attachment) copied into the site."""

    src: str
    """Path relative to `content/`, forward slashes."""
    abs_path: str
    url: str
    """Site-relative URL, e.g. `media/articles/2024/anh/a.jpg`."""
    size: int
    mime: str
    width: int | None = None
    height: int | None = None
    """Pixel size of an image as shown: upright (a phone photo's EXIF orientation applied)."""
    animated: bool = False
    """An animated PNG or WebP: published as it is, without smaller copies (images.py)."""

    @property
    def extension(self) -> str:
        """Return the upper-case file type, e.g. `PDF`."""
        return self.src.rsplit(".", 1)[-1].upper() if "." in self.src else ""


@dataclass(frozen=True, slots=True)
class Activity:
    """One dated activity of a campaign."""

    title: str
    start: date | datetime
    end: date | datetime | None = None
    location: str = ""
    description: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class When:
    """A task timeline: a year, quarter, month, day or a date range (inclusive)."""

    raw: str
    kind: WhenKind
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Task:
    """One row of a plan's task table."""

    number: int
    task: str
    lead: str
    when: When
    partners: tuple[str, ...] = ()
    form: str = ""
    campaign: str = ""
    line: int = 0
    lead_line: int = 0
    """Line of the `lead` key (0 when unknown: use `line`)."""
    partner_lines: tuple[int, ...] = ()
    """Line of each entry of `partners`, in order."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A reporting deadline of a plan."""

    date: date
    what: str
    line: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """Fields shared by every published kind (one Markdown file each)."""

    kind: Kind
    source: str
    """Path relative to the project root (`content/articles/2024/a.md`)."""
    slug: str
    url: str
    """Site-relative directory URL (`tin-tuc/2024/06/a/`)."""
    title: str
    topics: tuple[str, ...]
    date: datetime
    """The item's date for lists and feeds (article date, plan issue, campaign/event start)."""
    summary: str = ""
    summary_is_default: bool = False
    """True when `summary` was taken from the body's first paragraph (so pages don't repeat it)."""
    body: str = ""
    body_line: int = 1
    draft: bool = False
    scheduled: bool = False
    """Dated after the build's today: shown only in the live preview."""
    updated: datetime | None = None
    html: str = ""
    """The body converted once to HTML, links relative to the item's own URL."""
    toc: tuple[tuple[int, str, str], ...] = ()
    """(level, anchor id, text) of the body's headings."""
    links: tuple[tuple[str, str, int, int], ...] = ()
    """Relative links and images of the body, resolved: (raw target, site URL, width, height)."""
    extract: Any = field(default=None, repr=False, compare=False)
    """Derived from `html` by the engine's extractor while rendering (the search index's sections)."""
    body_key: str = field(default="", repr=False, compare=False)
    """The render cache's key of `html` (render.cache_key: a hash of the body, its links, the item's
    URL and the converter's settings), set with `html`; page digests (fingerprint.py) use it."""

    @property
    def is_public(self) -> bool:
        """Return True when the item belongs in a public build."""
        return not (self.draft or self.scheduled)

    @property
    def lead_image(self) -> Asset | None:
        """Return the lead image, if the kind has one."""
        return getattr(self, "image", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Article(Item):
    """A news article (tin tức)."""

    author: str = ""
    image: Asset | None = None
    image_alt: str = ""
    featured: bool = False
    """A featured story (tin nổi bật): the home page leads with the newest featured ones."""
    campaign: str = ""
    plan: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Campaign(Item):
    """A campaign (chiến dịch, hưởng ứng) with dated activities."""

    start: date
    end: date
    theme: str = ""
    organizer: str = ""
    image: Asset | None = None
    image_alt: str = ""
    plan: str = ""
    activities: tuple[Activity, ...] = ()
    announced: date | None = None
    """The day the campaign was announced (`date`): from then on it is in the feeds."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan(Item):
    """A plan summary (kế hoạch) with its task table and deadlines."""

    issued: date
    issuer: str
    number: str = ""
    signer: str = ""
    signer_title: str = ""
    bases: tuple[str, ...] = ()
    attachment: Asset | None = None
    tasks: tuple[Task, ...] = ()
    deadlines: tuple[Deadline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Item):
    """A one-off event (hội nghị, tập huấn…); all-day when `start` is a date."""

    start: date | datetime
    end: date | datetime | None = None
    location: str = ""
    organizer: str = ""
    campaign: str = ""
    plan: str = ""
    announced: date | None = None
    """The day the event was announced (`date`): from then on it is in the feeds."""

    @property
    def all_day(self) -> bool:
        """Return True when the event has no time of day."""
        return not isinstance(self.start, datetime)


@dataclass(frozen=True, slots=True)
class Consultation:
    """A draft put out for public comment until a day (inclusive), comments sent by e-mail."""

    until: date
    email: str
    line: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Document(Item):
    """A legal or administrative document (văn bản), or a draft put out for comment."""

    number: str
    doc_type: str
    """Loại văn bản, one of `Settings.document_types` (Luật, Nghị định, Quyết định, Dự thảo…)."""
    issued: date
    issuer: str
    attachments: tuple[Asset, ...] = ()
    effective: date | None = None
    expires: date | None = None
    signer: str = ""
    signer_title: str = ""
    replaces: tuple[str, ...] = ()
    """Numbers of the documents this one replaces."""
    consultation: Consultation | None = None


@dataclass(frozen=True, slots=True)
class Redirect:
    """An old address of an item that forwards to its page (redirects.py)."""

    old: str
    """Site-relative directory URL that no page uses any more (`tin-tuc/2024/06/ten-cu/`)."""
    new: str
    """The item's URL."""
    title: str
    source: str
    line: int
    """Line of the `aliases:` entry, or of the key that changed the URL."""
    alias: bool
    """True for an `aliases:` entry, False for an address from the previous build's record."""


@dataclass(frozen=True, slots=True)
class Unpublished:
    """A draft or scheduled item of a load, kept in or out of the site (`portal check` counts them)."""

    source: str
    draft: bool
    goes_live: date | datetime | None = None
    """A scheduled item's publication day or date-time (its kind's `publish_key`); None for a draft."""


@dataclass(slots=True)
class Site:
    """Everything loaded from `content/`, with indexes for O(1) look-ups."""

    topics: dict[str, Topic] = field(default_factory=dict)
    observances: list[Observance] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    assets: dict[str, Asset] = field(default_factory=dict)
    """Every referenced file, by its path relative to `content/`."""
    now: datetime | None = None
    """The build's "now" (from SOURCE_DATE_EPOCH when set)."""
    preview: bool = False
    """True under `mkdocs serve`: drafts and scheduled items are included, marked."""
    redirects: list[Redirect] = field(default_factory=list)
    """Old addresses forwarding to an item's page, sorted by old address (redirects.py)."""
    url_record: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """Source file → (URL, older URLs still forwarded): what this build records for the next one."""
    unpublished: list[Unpublished] = field(default_factory=list)
    """The drafts and scheduled items of the load, by file path: a public build leaves them out of the
    lists above, the preview marks them there."""

    def of(self, kind: str) -> list[Item]:
        """Return the list of items of one kind (`site.articles` for "article")."""
        items: list[Item] = getattr(self, kind + "s")
        return items

    def items(self) -> list[Item]:
        """Return every item of every kind, newest first (date, then URL: a total order)."""
        everything: list[Item] = [*self.articles, *self.campaigns, *self.plans, *self.events, *self.documents]
        return sort_newest_first(everything)

    @property
    def today(self) -> date:
        """Return the build's today in Vietnam time."""
        assert self.now is not None
        return self.now.date()


def sort_newest_first(items: list[Item]) -> list[Item]:
    """Return items sorted newest first with a total, deterministic order."""
    return sorted(items, key=lambda i: (i.date, i.url), reverse=True)
