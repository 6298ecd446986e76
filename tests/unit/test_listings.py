"""Listings: related articles, topic pages of every kind, news lists, the home page's data."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from portal import routes
from portal.dates import VN_TZ, as_datetime
from portal.listings import (
    build_indexes, campaign_status, home_data, item_pages, news_pages, related_articles, topic_pages,
)
from portal.models import Article, Campaign, Event, Item, Plan, Site, Topic, sort_newest_first
from portal.settings import Settings
from portal.slugs import slugify_vi

TOPICS = {
    slug: Topic(slug, name, url=routes.topic_url(slug))
    for slug, name in [("moi-truong", "Môi trường"), ("tai-nguyen-nuoc", "Tài nguyên nước"),
                       ("bien-hai-dao", "Biển và hải đảo")]
}
NOW = datetime(2024, 6, 17, 11, 53, tzinfo=VN_TZ)


def _common(kind: str, title: str, when: date | datetime, topics: tuple[str, ...]) -> dict:
    slug = slugify_vi(title)
    return dict(kind=kind, source=f"content/{kind}s/{slug}.md", slug=slug, title=title, topics=topics,
                date=as_datetime(when))


def article(title: str, day: date | datetime, *topics: str, **kw) -> Article:
    fields = _common("article", title, day, topics or ("moi-truong",))
    return Article(url=routes.article_url(fields["date"].date(), fields["slug"]), **fields, **kw)


def campaign(title: str, start: date, end: date, *topics: str) -> Campaign:
    fields = _common("campaign", title, start, topics or ("moi-truong",))
    return Campaign(url=routes.campaign_url(fields["slug"]), start=start, end=end, **fields)


def plan(title: str, issued: date, *topics: str) -> Plan:
    fields = _common("plan", title, issued, topics or ("moi-truong",))
    return Plan(url=routes.plan_url(fields["slug"]), issued=issued, issuer="Sở Tài nguyên và Môi trường", **fields)


def event(title: str, start: date | datetime, end: date | datetime | None = None, *topics: str) -> Event:
    fields = _common("event", title, start, topics or ("moi-truong",))
    return Event(url=routes.event_url(fields["slug"]), start=start, end=end, **fields)


def site_of(*items: Item) -> Site:
    site = Site(topics=dict(TOPICS), now=NOW)
    for kind in ("article", "campaign", "plan", "event"):
        setattr(site, kind + "s", sort_newest_first([i for i in items if i.kind == kind]))
    return site


def titles(items: list) -> list[str]:
    return [i.title for i in items]


# -- related articles ----------------------------------------------------------------------------

def test_related_articles_prefer_shared_topics_then_nearest_in_time() -> None:
    me = article("Tin chính", date(2024, 6, 5), "moi-truong", "tai-nguyen-nuoc")
    both = article("Hai lĩnh vực chung, xa", date(2023, 1, 1), "moi-truong", "tai-nguyen-nuoc")
    env_near = article("Môi trường, gần", date(2024, 6, 1), "moi-truong")
    water_nearer = article("Nước, gần hơn", date(2024, 6, 6), "tai-nguyen-nuoc")
    sea_nearest = article("Biển, gần nhất", date(2024, 6, 5), "bien-hai-dao")
    site = site_of(me, both, env_near, water_nearer, sea_nearest)
    related = related_articles(me, build_indexes(site), limit=4)
    assert titles(related) == ["Hai lĩnh vực chung, xa", "Nước, gần hơn", "Môi trường, gần"]


def test_related_articles_respect_the_limit_and_exclude_the_article_itself() -> None:
    start = date(2024, 1, 1)
    articles = [article(f"Tin số {n}", start + timedelta(days=n)) for n in range(60)]
    site = site_of(*articles)
    me = articles[30]
    related = related_articles(me, build_indexes(site), limit=4)
    # Nearest in time first; equal distances ordered by URL (a stable, total order).
    assert titles(related) == ["Tin số 29", "Tin số 31", "Tin số 28", "Tin số 32"]


def test_an_article_alone_in_its_topic_has_no_related_articles() -> None:
    lone = article("Tin biển duy nhất", date(2024, 6, 1), "bien-hai-dao")
    site = site_of(lone, article("Tin môi trường", date(2024, 6, 2)))
    assert related_articles(lone, build_indexes(site), limit=4) == []


# -- topics --------------------------------------------------------------------------------------

def _mixed_site() -> Site:
    return site_of(
        article("Tin môi trường", date(2024, 6, 5)),
        campaign("Tháng hành động vì môi trường", date(2024, 5, 1), date(2024, 6, 30)),
        plan("Kế hoạch bảo vệ môi trường", date(2024, 2, 1), "moi-truong", "tai-nguyen-nuoc"),
        event("Hội nghị môi trường", date(2024, 7, 2)),
        article("Tin biển", date(2024, 6, 8), "bien-hai-dao"),
    )


def test_topic_index_includes_every_kind_newest_first() -> None:
    site = _mixed_site()
    indexes = build_indexes(site)
    env = indexes.by_topic["moi-truong"]
    assert [(i.kind, i.title) for i in env] == [
        ("event", "Hội nghị môi trường"),
        ("article", "Tin môi trường"),
        ("campaign", "Tháng hành động vì môi trường"),
        ("plan", "Kế hoạch bảo vệ môi trường"),
    ]
    assert titles(indexes.by_topic["tai-nguyen-nuoc"]) == ["Kế hoạch bảo vệ môi trường"]
    assert titles(indexes.by_topic["bien-hai-dao"]) == ["Tin biển"]


def test_topic_pages_list_every_kind_and_stay_out_of_the_nav() -> None:
    site = _mixed_site()
    specs = {s.url: s for s in topic_pages(site, build_indexes(site), Settings())}
    assert set(specs) == {"linh-vuc/", "linh-vuc/moi-truong/", "linh-vuc/tai-nguyen-nuoc/", "linh-vuc/bien-hai-dao/"}
    assert specs["linh-vuc/"].in_nav
    assert specs["linh-vuc/"].data.counts == {"moi-truong": 4, "tai-nguyen-nuoc": 1, "bien-hai-dao": 1}
    env = specs["linh-vuc/moi-truong/"]
    assert not env.in_nav and env.parent == "linh-vuc/"
    assert {i.kind for i in env.data.pager.items} == {"article", "campaign", "plan", "event"}
    assert env.breadcrumbs == (("Trang chủ", ""), ("Lĩnh vực", "linh-vuc/"))


def test_topic_pages_are_paginated() -> None:
    site = site_of(*[article(f"Tin nước {n}", date(2024, 1, 1) + timedelta(days=n), "tai-nguyen-nuoc")
                     for n in range(23)])
    specs = [s for s in topic_pages(site, build_indexes(site), Settings()) if s.url.startswith("linh-vuc/tai-")]
    assert [(s.url, len(s.data.pager.items), s.title) for s in specs] == [
        ("linh-vuc/tai-nguyen-nuoc/", 10, "Tài nguyên nước"),
        ("linh-vuc/tai-nguyen-nuoc/trang/2/", 10, "Tài nguyên nước – trang 2"),
        ("linh-vuc/tai-nguyen-nuoc/trang/3/", 3, "Tài nguyên nước – trang 3"),
    ]
    assert titles(specs[0].data.pager.items)[0] == "Tin nước 22"
    assert specs[2].breadcrumbs[-1] == ("Tài nguyên nước", "linh-vuc/tai-nguyen-nuoc/")


# -- news ----------------------------------------------------------------------------------------

def test_news_pages_and_year_archives() -> None:
    articles = [article(f"Tin {y}-{n}", date(y, 1 + n % 12, 1 + n), "moi-truong")
                for y, count in [(2022, 3), (2023, 12), (2024, 10)] for n in range(count)]
    site = site_of(*articles)
    specs = news_pages(site, Settings())
    by_url = {s.url: s for s in specs}
    assert list(by_url) == [
        "tin-tuc/", "tin-tuc/trang/2/", "tin-tuc/trang/3/",
        "tin-tuc/2024/", "tin-tuc/2023/", "tin-tuc/2023/trang/2/", "tin-tuc/2022/",
    ]
    assert [s.url for s in specs if s.in_nav] == ["tin-tuc/"]
    assert by_url["tin-tuc/"].data.years == [
        (2024, "tin-tuc/2024/", 10), (2023, "tin-tuc/2023/", 12), (2022, "tin-tuc/2022/", 3),
    ]
    first = by_url["tin-tuc/"].data.pager.items
    assert list(first) == site.articles[:10]
    assert all(a.date.year == 2023 for a in by_url["tin-tuc/2023/trang/2/"].data.pager.items)
    assert len(by_url["tin-tuc/2023/trang/2/"].data.pager.items) == 2


def test_article_pages_are_outside_the_nav_with_breadcrumbs_and_related() -> None:
    site = site_of(article("Tin A", date(2023, 5, 1)), article("Tin B", date(2023, 5, 2)))
    specs = [s for s in item_pages(site, build_indexes(site), Settings()) if s.kind == "article"]
    assert [s.url for s in specs] == ["tin-tuc/2023/05/tin-b/", "tin-tuc/2023/05/tin-a/"]
    for spec in specs:
        assert not spec.in_nav and spec.parent == "tin-tuc/" and spec.search
        assert spec.breadcrumbs == (("Trang chủ", ""), ("Tin tức", "tin-tuc/"), ("2023", "tin-tuc/2023/"))
    assert titles(specs[0].data.related) == ["Tin A"]


# -- home ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2024, 4, 30), "upcoming"), (date(2024, 5, 1), "ongoing"), (date(2024, 5, 31), "ongoing"),
     (date(2024, 6, 1), "ended")],
)
def test_campaign_status(today: date, status: str) -> None:
    assert campaign_status(campaign("Tháng hành động", date(2024, 5, 1), date(2024, 5, 31)), today) == status


def test_home_data() -> None:
    news = [article(f"Tin {n}", date(2024, 5, 1) + timedelta(days=n)) for n in range(8)]
    site = site_of(
        *news,
        campaign("Đã kết thúc", date(2024, 3, 1), date(2024, 3, 31)),
        campaign("Sắp tới", date(2024, 7, 1), date(2024, 7, 31)),
        campaign("Đang diễn ra", date(2024, 6, 1), date(2024, 6, 30)),
        campaign("Kết thúc hôm nay", date(2024, 6, 10), date(2024, 6, 17)),
        event("Đã qua", date(2024, 6, 10)),
        event("Sự kiện tháng 7", date(2024, 7, 2)),
        event("Hôm nay có giờ", datetime(2024, 6, 17, 8, 0, tzinfo=VN_TZ)),
        # Ends 16/6 23:30 UTC, i.e. 17/6 06:30 in Vietnam: still today.
        event("Qua đêm", datetime(2024, 6, 16, 20, 0, tzinfo=VN_TZ), datetime(2024, 6, 16, 23, 30, tzinfo=timezone.utc)),
        *[plan(f"Kế hoạch {n}", date(2024, 1 + n, 1)) for n in range(5)],
    )
    home = home_data(site, build_indexes(site), Settings())
    assert titles(home.news) == [f"Tin {n}" for n in range(7, 1, -1)]  # the 6 newest
    assert titles(home.campaigns) == ["Đang diễn ra", "Kết thúc hôm nay", "Sắp tới"]
    assert titles(home.events) == ["Qua đêm", "Hôm nay có giờ", "Sự kiện tháng 7"]
    assert titles(home.plans) == ["Kế hoạch 4", "Kế hoạch 3", "Kế hoạch 2", "Kế hoạch 1"]
    assert [t.slug for t in home.topics] == ["moi-truong", "tai-nguyen-nuoc", "bien-hai-dao"]
    assert home.counts["moi-truong"] == 8 + 4 + 4 + 5


# -- the home page's featured stories and news by topic (issue 16) ------------------------------------

def test_home_leads_with_the_newest_featured_stories_and_does_not_repeat_them() -> None:
    items = [article(f"Tin {n}", date(2024, 6, n), featured=n in (2, 5, 7, 9)) for n in range(1, 12)]
    home = home_data(site_of(*items), build_indexes(site_of(*items)), Settings(home_news=4))
    assert titles(home.featured) == ["Tin 9", "Tin 7", "Tin 5"]  # the three newest featured
    assert titles(home.news) == ["Tin 11", "Tin 10", "Tin 8", "Tin 6"]  # the newest of the rest
    assert "Tin 2" not in titles(home.featured) + titles(home.news)


def test_home_news_by_topic_skip_what_is_shown_and_leave_out_empty_topics() -> None:
    items = [article("Nước mới", date(2024, 6, 10), "tai-nguyen-nuoc"),
             article("Nước cũ", date(2024, 5, 1), "tai-nguyen-nuoc"),
             article("Môi trường", date(2024, 6, 1), "moi-truong")]
    site = site_of(*items)
    home = home_data(site, build_indexes(site), Settings(home_news=1))
    assert titles(home.news) == ["Nước mới"]
    columns = [(topic.slug, titles(stories)) for topic, stories in home.by_topic]
    # The topic with the most recent story not shown above first; "bien-hai-dao" has none: no column.
    assert columns == [("moi-truong", ["Môi trường"]), ("tai-nguyen-nuoc", ["Nước cũ"])]


def test_home_news_by_topic_show_each_story_once() -> None:
    items = [article("Chung", date(2024, 6, 10), "moi-truong", "tai-nguyen-nuoc"),
             article("Nước", date(2024, 6, 5), "tai-nguyen-nuoc"),
             article("Mới nhất", date(2024, 6, 12), "bien-hai-dao")]
    site = site_of(*items)
    home = home_data(site, build_indexes(site), Settings(home_news=1))
    columns = [(topic.slug, titles(stories)) for topic, stories in home.by_topic]
    assert columns == [("moi-truong", ["Chung"]), ("tai-nguyen-nuoc", ["Nước"])]
