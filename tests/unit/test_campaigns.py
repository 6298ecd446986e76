"""Campaigns: status at the edges, index order, what a campaign page shows, dates in words."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from portal import routes
from portal.campaigns import campaign_pages, status_order
from portal.dates import VN_TZ, as_datetime
from portal.listings import build_indexes
from portal.models import Activity, Article, Campaign, Event, Plan, Site, Task, Topic, sort_newest_first
from portal.plans import parse_when
from portal.wording import describe_period

NOW = datetime(2024, 6, 17, 12, 0, tzinfo=VN_TZ)
TOPICS = {"moi-truong": Topic("moi-truong", "Môi trường", url=routes.topic_url("moi-truong"))}


def campaign(slug: str, start: date, end: date, **kw) -> Campaign:
    return Campaign(kind="campaign", source=f"content/campaigns/{slug}.md", slug=slug, url=routes.campaign_url(slug),
                    title=f"Chiến dịch {slug}", topics=("moi-truong",), date=as_datetime(start), start=start, end=end,
                    **kw)


def article(slug: str, day: date, campaign_slug: str) -> Article:
    return Article(kind="article", source=f"content/articles/{slug}.md", slug=slug,
                   url=routes.article_url(day, slug), title=f"Tin {slug}", topics=("moi-truong",),
                   date=as_datetime(day), campaign=campaign_slug)


def site_of(campaigns=(), articles=(), plans=(), events=()) -> Site:
    return Site(topics=dict(TOPICS), now=NOW, campaigns=sort_newest_first(list(campaigns)),
                articles=sort_newest_first(list(articles)), plans=list(plans), events=list(events))


# -- status at the edges ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("start", "end", "status", "label"),
    [
        (date(2024, 6, 18), date(2024, 6, 30), "upcoming", "Sắp diễn ra"),   # starts tomorrow
        (date(2024, 6, 17), date(2024, 6, 30), "ongoing", "Đang diễn ra"),   # first day is today
        (date(2024, 6, 1), date(2024, 6, 17), "ongoing", "Đang diễn ra"),    # last day is today
        (date(2024, 6, 17), date(2024, 6, 17), "ongoing", "Đang diễn ra"),   # a one-day campaign, today
        (date(2024, 6, 1), date(2024, 6, 16), "ended", "Đã kết thúc"),       # ended yesterday
    ],
)
def test_campaign_page_status_against_the_build_day(start: date, end: date, status: str, label: str) -> None:
    page = campaign_pages(site_of([campaign("c", start, end)]), build_indexes(site_of([campaign("c", start, end)])))[0]
    assert (page.data.status, page.data.status_label) == (status, label)


def test_index_lists_ongoing_and_upcoming_first_then_past_by_year() -> None:
    campaigns = [
        campaign("da-xong-2023", date(2023, 9, 1), date(2023, 9, 30)),
        campaign("da-xong-2024-a", date(2024, 3, 15), date(2024, 3, 23)),
        campaign("da-xong-2024-b", date(2024, 6, 1), date(2024, 6, 8)),
        campaign("xuyen-nam", date(2023, 11, 15), date(2024, 1, 31)),
        campaign("dang-dai", date(2024, 5, 1), date(2024, 7, 31)),
        campaign("dang-ngan", date(2024, 6, 10), date(2024, 6, 20)),
        campaign("sap-xa", date(2024, 9, 1), date(2024, 9, 30)),
        campaign("sap-gan", date(2024, 6, 18), date(2024, 6, 19)),
    ]
    groups = status_order(campaigns, NOW.date())
    assert [c.slug for c in groups["ongoing"]] == ["dang-ngan", "dang-dai"]  # ending soonest first
    assert [c.slug for c in groups["upcoming"]] == ["sap-gan", "sap-xa"]     # starting soonest first
    assert [(year, [c.slug for c in items]) for year, items in groups["past"]] == [
        (2024, ["da-xong-2024-b", "da-xong-2024-a"]),
        (2023, ["xuyen-nam", "da-xong-2023"]),  # by the year it started, newest first
    ]


def test_campaign_page_shows_activities_articles_plan_tasks_and_events() -> None:
    activities = (
        Activity("Ra quân", date(2024, 6, 8), location="Bãi Sau"),
        Activity("Tắt đèn", datetime(2024, 6, 1, 20, 30, tzinfo=VN_TZ), datetime(2024, 6, 1, 21, 30, tzinfo=VN_TZ)),
        Activity("Tuyên truyền", date(2024, 6, 1), date(2024, 6, 8)),
    )
    main = campaign("tuan-le-bien", date(2024, 6, 1), date(2024, 6, 8), plan="ke-hoach-81", activities=activities)
    plan = Plan(kind="plan", source="content/plans/81.md", slug="ke-hoach-81", url=routes.plan_url("ke-hoach-81"),
                title="Kế hoạch 81", topics=("moi-truong",), date=as_datetime(date(2024, 2, 1)),
                issued=date(2024, 2, 1), issuer="Sở", number="81/KH-STNMT",
                tasks=(Task(1, "Việc khác", "Văn phòng Sở", parse_when("2024")),
                       Task(2, "Hưởng ứng Tuần lễ Biển", "Phòng Biển", parse_when("2024-06"),
                            campaign="tuan-le-bien")))
    event = Event(kind="event", source="content/events/e.md", slug="toa-dam", url=routes.event_url("toa-dam"),
                  title="Tọa đàm", topics=("moi-truong",), date=as_datetime(date(2024, 6, 4)), start=date(2024, 6, 4),
                  campaign="tuan-le-bien")
    site = site_of([main, campaign("khac", date(2024, 3, 1), date(2024, 3, 2))],
                   [article("cu", date(2024, 6, 2), "tuan-le-bien"), article("moi", date(2024, 6, 9), "tuan-le-bien"),
                    article("khong-lien-quan", date(2024, 6, 10), "khac")],
                   [plan], [event])
    specs = {s.url: s for s in campaign_pages(site, build_indexes(site))}
    page = specs["chien-dich/tuan-le-bien/"]
    assert page.template == "campaign.html" and page.item is main and page.search and not page.in_nav
    assert page.parent == "chien-dich/" and page.breadcrumbs == (("Trang chủ", ""), ("Chiến dịch", "chien-dich/"))
    assert [(a.title, when) for a, when, _iso in page.data.activities] == [
        ("Tuyên truyền", "Từ 01/06/2024 đến 08/06/2024"),
        ("Tắt đèn", "Thứ Bảy, 01/06/2024, 20:30 – 21:30"),
        ("Ra quân", "Thứ Bảy, 08/06/2024"),
    ]
    assert [a.slug for a in page.data.articles] == ["moi", "cu"]
    assert page.data.plan is plan
    assert [(t.plan.slug, t.task.number) for t in page.data.tasks] == [("ke-hoach-81", 2)]
    assert [e.slug for e in page.data.events] == ["toa-dam"]
    index = specs["chien-dich/"]
    assert index.template == "campaigns.html" and index.in_nav and index.data.total == 2


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2024, 3, 22), None, "Thứ Sáu, 22/03/2024"),
        (date(2024, 3, 15), date(2024, 3, 23), "Từ 15/03/2024 đến 23/03/2024"),
        (datetime(2024, 3, 23, 20, 30, tzinfo=VN_TZ), datetime(2024, 3, 23, 21, 30, tzinfo=VN_TZ),
         "Thứ Bảy, 23/03/2024, 20:30 – 21:30"),
        (datetime(2026, 11, 15, 7, 30, tzinfo=VN_TZ), datetime(2026, 11, 16, 9, 30, tzinfo=VN_TZ),
         "Từ 15/11/2026, 07:30 đến 16/11/2026, 09:30"),
        (datetime(2024, 3, 23, 8, 0, tzinfo=VN_TZ), None, "Thứ Bảy, 23/03/2024, 08:00"),
    ],
)
def test_describe_period(start, end, text: str) -> None:
    assert describe_period(start, end) == text
