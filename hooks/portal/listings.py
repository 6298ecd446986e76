"""Which pages the site has (item pages, news lists, archives, topics, home) and what each shows.

Pure: takes the loaded `Site` and returns `PageSpec`s; the bridge turns them into MkDocs pages.
All look-ups are dicts built once, so the cost stays linear in the number of items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from . import agenda, dates, routes
from .models import Article, Campaign, Event, Item, Plan, Site, Topic
from .pagedata import ArticlePage, HomePage, NewsListPage, PageData, TopicListPage, TopicsPage
from .paginate import Pager, paginate
from .settings import Settings

HOME = ("Trang chủ", "")
RSS_MIME = "application/rss+xml"
ATOM_MIME = "application/atom+xml"


def feed_links(base: str, name: str) -> tuple[tuple[str, str, str], ...]:
    """Return the autodiscovery links (MIME type, title, url) of the feeds of the list at `base`."""
    return ((RSS_MIME, f"{name} (RSS)", routes.rss_url(base)), (ATOM_MIME, f"{name} (Atom)", routes.atom_url(base)))


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page MkDocs should render: where, with which template, showing what."""

    url: str
    template: str
    title: str
    kind: str
    """`article`, `campaign`, `plan`, `event`, `news`, `news-year`, `topics`, `topic`, …"""
    data: PageData | None = None
    """What the template reads as `data` (pagedata.py: one class per kind of page)."""
    item: Item | None = None
    in_nav: bool = False
    """True for section entry points listed in mkdocs.yml `nav:`."""
    search: bool = False
    """True when the page belongs in the search index (content pages, not lists)."""
    parent: str | None = None
    """URL of the nav entry this page belongs to (highlighted in the menu)."""
    breadcrumbs: tuple[tuple[str, str], ...] = ()
    """(title, url) pairs from the home page down to (not including) this page."""
    feeds: tuple[tuple[str, str, str], ...] = ()
    """Extra autodiscovery links: (MIME type, title, url)."""
    description: str = ""

    @property
    def src_uri(self) -> str:
        """Return the virtual Markdown file for this page."""
        return routes.src_uri_for(self.url)


@dataclass(slots=True)
class Indexes:
    """Look-up tables over the site, built once per build."""

    by_topic: dict[str, list[Item]]
    articles_by_topic: dict[str, list[Article]]
    article_position: dict[tuple[str, str], int]
    articles_by_campaign: dict[str, list[Article]]
    articles_by_plan: dict[str, list[Article]]
    campaigns: dict[str, Campaign]
    plans: dict[str, Plan]
    events: dict[str, Event]
    events_by_campaign: dict[str, list[Event]]
    """Events naming each campaign, soonest first (like every list of events)."""
    events_by_plan: dict[str, list[Event]]


def build_indexes(site: Site) -> Indexes:
    """Return the look-up tables (every list newest first)."""
    by_topic: dict[str, list[Item]] = {slug: [] for slug in site.topics}
    for item in site.items():
        for topic in item.topics:
            by_topic[topic].append(item)
    articles_by_topic: dict[str, list[Article]] = {slug: [] for slug in site.topics}
    by_campaign: dict[str, list[Article]] = defaultdict(list)
    by_plan: dict[str, list[Article]] = defaultdict(list)
    for article in site.articles:
        for topic in article.topics:
            articles_by_topic[topic].append(article)
        if article.campaign:
            by_campaign[article.campaign].append(article)
        if article.plan:
            by_plan[article.plan].append(article)
    position = {
        (topic, article.url): index
        for topic, articles in articles_by_topic.items()
        for index, article in enumerate(articles)
    }
    events_by_campaign: dict[str, list[Event]] = defaultdict(list)
    events_by_plan: dict[str, list[Event]] = defaultdict(list)
    for event in sorted(site.events, key=lambda e: (dates.as_datetime(e.start), e.url)):
        if event.campaign:
            events_by_campaign[event.campaign].append(event)
        if event.plan:
            events_by_plan[event.plan].append(event)
    return Indexes(
        by_topic, articles_by_topic, position, dict(by_campaign), dict(by_plan),
        {c.slug: c for c in site.campaigns}, {p.slug: p for p in site.plans}, {e.slug: e for e in site.events},
        dict(events_by_campaign), dict(events_by_plan),
    )


def related_articles(article: Article, indexes: Indexes, limit: int, window: int = 12) -> list[Article]:
    """Return up to `limit` articles sharing topics, nearest in time first.

    Only a window of neighbours in each topic list is considered, so the cost per article is
    bounded (not proportional to the size of the topic).
    """
    scores: dict[str, tuple[int, float, Article]] = {}
    for topic in article.topics:
        articles = indexes.articles_by_topic.get(topic, [])
        index = indexes.article_position.get((topic, article.url))
        if index is None:
            continue
        for other in articles[max(0, index - window) : index + window + 1]:
            if other.url == article.url:
                continue
            shared, distance, _ = scores.get(other.url, (0, 0.0, other))
            distance = abs((other.date - article.date).total_seconds())
            scores[other.url] = (shared + 1, distance, other)
    ranked = sorted(scores.values(), key=lambda s: (-s[0], s[1], s[2].url))
    return [entry[2] for entry in ranked[:limit]]


def _crumbs(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (HOME, *pairs)


def item_pages(site: Site, indexes: Indexes, settings: Settings) -> list[PageSpec]:
    """Return one page per article, campaign, plan and event."""
    specs: list[PageSpec] = []
    for article in site.articles:
        year = article.date.year
        specs.append(PageSpec(
            article.url, "article.html", article.title, "article", item=article, search=True,
            parent=routes.NEWS,
            breadcrumbs=_crumbs(("Tin tức", routes.NEWS), (str(year), routes.news_year_url(year))),
            data=ArticlePage(
                related=related_articles(article, indexes, settings.related),
                campaign=indexes.campaigns.get(article.campaign),
                plan=indexes.plans.get(article.plan),
            ),
            description=article.summary,
        ))
    # Campaign and plan pages come from campaigns.py and plans.py.
    for event in site.events:
        specs.append(PageSpec(
            event.url, "event.html", event.title, "event", item=event, search=True,
            parent=routes.CALENDAR, breadcrumbs=_crumbs(("Lịch sự kiện", routes.CALENDAR)),
            data=agenda.event_page(event, site.today, indexes.campaigns.get(event.campaign),
                                   indexes.plans.get(event.plan)),
            description=event.summary,
        ))
    return specs


def _list_pages(
    items: Sequence[Item], base_url: str, title: str, kind: str, settings: Settings, *,
    in_nav: bool, parent: str, breadcrumbs: tuple[tuple[str, str], ...], data: Callable[[Pager], PageData],
    description: str = "", feeds: tuple[tuple[str, str, str], ...] = (),
) -> list[PageSpec]:
    """Return the pages of a paginated list; `data` makes each page's data from its pager."""
    specs = []
    for pager in paginate(items, settings.per_page, base_url):
        page_title = title if pager.number == 1 else f"{title} – trang {pager.number}"
        specs.append(PageSpec(
            pager.url, "list.html", page_title, kind, data=data(pager),
            in_nav=in_nav and pager.number == 1, parent=parent,
            breadcrumbs=breadcrumbs if pager.number == 1 else (*breadcrumbs, (title, base_url)),
            description=description, feeds=feeds,
        ))
    return specs


def news_pages(site: Site, settings: Settings) -> list[PageSpec]:
    """Return `/tin-tuc/` (paginated) and the year archives `/tin-tuc/YYYY/` (paginated)."""
    years: dict[int, list[Article]] = defaultdict(list)
    for article in site.articles:
        years[article.date.year].append(article)
    year_links = [(year, routes.news_year_url(year), len(years[year])) for year in sorted(years, reverse=True)]
    specs = _list_pages(
        site.articles, routes.NEWS, "Tin tức", "news", settings, in_nav=True, parent=routes.NEWS,
        breadcrumbs=_crumbs(), data=partial(NewsListPage, heading="Tin tức", years=year_links),
        description="Tin tức, hoạt động mới nhất của Sở.", feeds=feed_links(routes.NEWS, "Tin tức"),
    )
    for year, url, _count in year_links:
        specs += _list_pages(
            years[year], url, f"Tin tức năm {year}", "news-year", settings, in_nav=False, parent=routes.NEWS,
            breadcrumbs=_crumbs(("Tin tức", routes.NEWS)),
            data=partial(NewsListPage, heading=f"Tin tức năm {year}", years=year_links, year=year),
            description=f"Lưu trữ tin tức năm {year}.", feeds=feed_links(routes.NEWS, "Tin tức"),
        )
    return specs


def topic_pages(site: Site, indexes: Indexes, settings: Settings) -> list[PageSpec]:
    """Return `/linh-vuc/` and each topic's paginated page of every kind of content."""
    topics = list(site.topics.values())
    counts = {slug: len(items) for slug, items in indexes.by_topic.items()}
    specs = [PageSpec(
        routes.TOPICS, "topics.html", "Lĩnh vực", "topics", data=TopicsPage(topics, counts),
        in_nav=True, parent=routes.TOPICS, breadcrumbs=_crumbs(),
        description="Các lĩnh vực quản lý nhà nước của Sở.",
    )]
    for topic in topics:
        specs += _list_pages(
            indexes.by_topic[topic.slug], topic.url, topic.name, "topic", settings, in_nav=False,
            parent=routes.TOPICS, breadcrumbs=_crumbs(("Lĩnh vực", routes.TOPICS)),
            data=partial(TopicListPage, heading=topic.name, topic=topic),
            description=topic.description or f"Tin tức và hoạt động lĩnh vực {topic.name}.",
            feeds=feed_links(topic.url, f"Lĩnh vực {topic.name}"),
        )
    return specs


def campaign_status(campaign: Campaign, today: date) -> dates.Status:
    """Return `upcoming`, `ongoing` or `ended` as of `today` (first and last day are ongoing)."""
    return dates.span_status(campaign.start, campaign.end, today)


HOME_FEATURED = 3
"""Featured stories the home page leads with: the newest `featured: true` articles."""
HOME_TOPICS, HOME_TOPIC_NEWS = 6, 3
"""News by topic on the home page: the topics with the most recent news, a few stories each."""


def _news_by_topic(site: Site, shown: set[str]) -> list[tuple[Topic, list[Article]]]:
    """Return (topic, newest articles) for the topics with the most recent news not shown above them.

    Each story appears in one column only (the first topic to take it, topics ordered by their newest
    story not shown above, then as in topics.yml); a topic with nothing left is left out (no empty
    column).
    """
    by_topic: dict[str, list[Article]] = {slug: [] for slug in site.topics}
    for article in site.articles:  # newest first
        if article.url in shown:
            continue
        for slug in article.topics:
            if slug in by_topic:
                by_topic[slug].append(article)
    order = list(site.topics)
    ranked = sorted((slug for slug in order if by_topic[slug]),
                    key=lambda slug: (-by_topic[slug][0].date.timestamp(), order.index(slug)))
    used: set[str] = set()
    columns: list[tuple[Topic, list[Article]]] = []
    for slug in ranked:
        stories: list[Article] = []
        for article in by_topic[slug]:
            if article.url not in used:
                stories.append(article)
                if len(stories) == HOME_TOPIC_NEWS:
                    break
        if stories:
            used.update(article.url for article in stories)
            columns.append((site.topics[slug], stories))
            if len(columns) == HOME_TOPICS:
                break
    return columns


def home_data(site: Site, indexes: Indexes, settings: Settings) -> HomePage:
    """Return what the home page shows: latest news, campaigns, next events, latest plans, topics."""
    today = site.today
    active = [c for c in site.campaigns if campaign_status(c, today) != "ended"]
    active.sort(key=lambda c: (campaign_status(c, today) != "ongoing", c.start, c.url))
    upcoming_events = sorted(
        (e for e in site.events if dates.last_day(e.start, e.end) >= today),
        key=lambda e: (dates.as_datetime(e.start), e.url),
    )
    featured = [a for a in site.articles if a.featured][:HOME_FEATURED]
    shown = {a.url for a in featured}
    news = [a for a in site.articles if a.url not in shown][: settings.home_news]
    shown.update(a.url for a in news)
    return HomePage(
        featured=featured,
        news=news,
        by_topic=_news_by_topic(site, shown),
        campaigns=active[:4],
        events=upcoming_events[:5],
        plans=site.plans[:4],
        documents=[d for d in site.documents if d.consultation is None][:4],
        consultations=sorted((d for d in site.documents if d.consultation and d.consultation.until >= today),
                             key=lambda d: (d.consultation.until if d.consultation else today, d.url)),
        news_url=routes.NEWS,
        calendar_url=routes.CALENDAR,
        plans_url=routes.PLANS,
        documents_url=routes.DOCUMENTS,
        drafts_url=routes.DRAFTS,
        topics=list(site.topics.values()),
        counts={slug: len(items) for slug, items in indexes.by_topic.items()},
    )


# The calendar's entry page (/lich-su-kien/) and its month and topic pages come from agenda_pages.py.
