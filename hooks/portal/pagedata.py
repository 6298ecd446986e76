"""What each generated page's template receives as `data`: one frozen dataclass per page kind.

Every template that reads `data.…` has exactly one producer class here (named in the template's
first comment, found by its name), so a reader can jump from `data.related` to the field and from
the field to its builder (`listings.py`, `campaigns.py`, `plan_pages.py`, `documents.py`,
`agenda_pages.py`, `feeds.py`). Jinja reads attributes and items alike, so templates keep `data.x`.

Nothing here is imported at run time by the classes (only for type checking), so every builder can
import this module without an import cycle. The page digest (`fingerprint.Digester.page`) walks the
fields of these classes: a field added here is covered without a hand-kept list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .agenda import MonthView, ObservanceLine, TopicView, UpcomingGroup
    from .campaigns import CampaignTask
    from .dates import Status as SpanStatus
    from .documents import Status as DocumentStatus
    from .errors import Problem
    from .feeds import Feed
    from .models import Activity, Article, Asset, Campaign, Deadline, Document, Event, Plan, Topic
    from .paginate import Pager
    from .plans import TaskRow
    from .units import Unit


# -- item pages --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """`article.html`: an article's related stories and the campaign and plan it belongs to."""

    related: list[Article]
    campaign: Campaign | None
    plan: Plan | None


@dataclass(frozen=True, slots=True)
class EventPage:
    """`event.html`: an event's time in words, its status, its `.ics` and its month of the calendar."""

    campaign: Campaign | None
    plan: Plan | None
    when_text: str
    status: SpanStatus
    status_label: str
    ics: str
    """Site path of the event's own iCalendar file."""
    ics_name: str
    """The file name offered for download."""
    month_url: str
    month_title: str


@dataclass(frozen=True, slots=True)
class CampaignPage:
    """`campaign.html`: status, activities in time order, and the articles, plan, tasks and events linked."""

    status: SpanStatus
    status_label: str
    activities: list[tuple[Activity, str, str]]
    """(activity, when in words, ISO start), in time order."""
    articles: list[Article]
    plan: Plan | None
    tasks: list[CampaignTask]
    events: list[Event]


@dataclass(frozen=True, slots=True)
class PlanPage:
    """`plan.html`: the task table, its downloads, deadlines, and the campaigns, articles and events linked."""

    rows: list[TaskRow]
    downloads: dict[str, str]
    """`csv` and `json` -> site path (empty when the plan has no tasks)."""
    columns: dict[str, str]
    """Task-table key -> Vietnamese column header."""
    signer: str
    attachment_size: str
    deadlines: list[tuple[Deadline, bool]]
    """(deadline, is past)."""
    campaigns: list[tuple[Campaign, str]]
    """(campaign, status label), oldest first."""
    articles: list[Article]
    events: list[Event]


@dataclass(frozen=True, slots=True)
class DocumentPage:
    """`document.html`: status, files with their sizes, signer, the documents it replaces."""

    status: DocumentStatus
    files: list[tuple[Asset, str]]
    signer: str
    replaces: list[tuple[str, Document | None]]
    """(number as written, the document of the site with that number or None)."""
    drafts_url: str


# -- lists -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PagedList:
    """One page of a paginated list (`list.html`, `documents.html`)."""

    pager: Pager
    heading: str
    """The list's title without the page number."""


@dataclass(frozen=True, slots=True)
class NewsListPage(PagedList):
    """`list.html` for `/tin-tuc/` and each year's archive."""

    years: list[tuple[int, str, int]]
    """(year, url, number of articles), newest first."""
    year: int | None = None
    """The archive's year (None on `/tin-tuc/`)."""


@dataclass(frozen=True, slots=True)
class TopicListPage(PagedList):
    """`list.html` for one topic: every kind of content tagged with it."""

    topic: Topic


@dataclass(frozen=True, slots=True)
class DocumentListPage(PagedList):
    """`documents.html`: all documents, one type's, or one year's."""

    statuses: dict[str, DocumentStatus]
    """URL -> status of the documents on this page only."""
    types: list[tuple[str, str, int]]
    """(type name, url, count) in the configured order."""
    years: list[tuple[int, str, int]]
    all_url: str
    drafts_url: str
    draft_count: int
    doc_type: str | None = None
    """The type listed (None unless a type's list)."""
    year: int | None = None
    """The year listed (None unless a year's list)."""


@dataclass(frozen=True, slots=True)
class DraftsPage:
    """`drafts.html`: drafts open for comment (closing soonest first), then closed ones."""

    open: list[tuple[Document, DocumentStatus]]
    closed: list[tuple[Document, DocumentStatus]]


@dataclass(frozen=True, slots=True)
class TopicsPage:
    """`topics.html`: every topic with how many items it has."""

    topics: list[Topic]
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class CampaignsPage:
    """`campaigns.html`: ongoing, upcoming, then past campaigns by year."""

    ongoing: list[Campaign]
    upcoming: list[Campaign]
    past: list[tuple[int, list[Campaign]]]
    """(year of the first day, campaigns newest first), newest year first."""
    labels: dict[str, str]
    total: int


@dataclass(frozen=True, slots=True)
class PlansPage:
    """`plans.html`: plans grouped by year of issue, and the link to the units."""

    groups: list[tuple[int, list[Plan]]]
    total: int
    units_url: str
    unit_count: int


@dataclass(frozen=True, slots=True)
class UnitsPage:
    """`units.html`: every responsible unit."""

    units: list[Unit]


@dataclass(frozen=True, slots=True)
class UnitPage:
    """`unit.html`: one unit and the tasks it leads or supports."""

    unit: Unit


# -- the calendar ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarLink:
    """One `.ics` file: its site path, its absolute `https` URL and its `webcal` form ("" without a site URL)."""

    path: str
    https: str
    webcal: str


@dataclass(frozen=True, slots=True)
class CalendarCommon:
    """What every page of the calendar shows: the subscription and the topic filter."""

    subscribe: CalendarLink
    topic_links: list[tuple[str, str, str]]
    """(topic slug, name, url of its calendar)."""
    index_url: str


@dataclass(frozen=True, slots=True)
class CalendarPage(CalendarCommon):
    """`calendar.html`: the next days, this month's grid, observances and the month archive."""

    upcoming: list[UpcomingGroup]
    month: MonthView
    observances: list[ObservanceLine]
    archive: list[tuple[int, list[tuple[int, str]]]]
    """(year, [(month, url)]), newest year first."""
    today: date


@dataclass(frozen=True, slots=True)
class CalendarMonthPage(CalendarCommon):
    """`calendar-month.html`: one month's grid."""

    month: MonthView


@dataclass(frozen=True, slots=True)
class CalendarTopicPage(CalendarCommon):
    """`calendar-topic.html`: one topic's calendar and its own subscription."""

    topic: Topic
    view: TopicView
    topic_subscribe: CalendarLink
    current_topic: str


# -- site-wide pages ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedsPage:
    """`feeds.html`: every feed by group, the OPML file and the calendar."""

    groups: list[tuple[str, list[Feed]]]
    site_url: str
    opml: str
    calendar: str
    limit: int


@dataclass(frozen=True, slots=True)
class HomePage:
    """`home.html` (as `home`, not `data`): latest news, campaigns, next events, plans, documents, topics."""

    featured: list[Article]
    news: list[Article]
    by_topic: list[tuple[Topic, list[Article]]]
    campaigns: list[Campaign]
    events: list[Event]
    plans: list[Plan]
    documents: list[Document]
    consultations: list[Document]
    news_url: str
    calendar_url: str
    plans_url: str
    documents_url: str
    drafts_url: str
    topics: list[Topic]
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class ErrorsPage:
    """`portal-errors.html` (live preview only): the content problems."""

    problems: list[Problem]
    summary: str


PageData = Union[
    ArticlePage, EventPage, CampaignPage, PlanPage, DocumentPage, NewsListPage, TopicListPage, DocumentListPage,
    DraftsPage, TopicsPage, CampaignsPage, PlansPage, UnitsPage, UnitPage, CalendarPage, CalendarMonthPage,
    CalendarTopicPage, FeedsPage, ErrorsPage,
]
"""The `data` of a generated page."""
