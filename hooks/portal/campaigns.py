"""Campaign pages (`/chien-dich/<slug>/`) and the campaigns index (`/chien-dich/`).

Pure: status is computed against the build's today (`SOURCE_DATE_EPOCH`), so a campaign page
says "đang diễn ra" exactly while the build date is between its first and last day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import dates, routes
from .listings import HOME, Indexes, PageSpec, campaign_status, feed_links
from .models import STATUS_LABELS, Activity, Campaign, Plan, Site, Task
from .pagedata import CampaignPage, CampaignsPage
from .wording import describe_period


@dataclass(frozen=True, slots=True)
class CampaignTask:
    """A task of some plan that is carried out through this campaign."""

    plan: Plan
    task: Task


def status_order(campaigns: list[Campaign], today: date) -> dict[str, Any]:
    """Return the campaigns for the index: ongoing and upcoming (soonest first), then past by year.

    `past` is a list of (year of the first day, campaigns newest first), newest year first.
    """
    ongoing: list[Campaign] = []
    upcoming: list[Campaign] = []
    past: dict[int, list[Campaign]] = defaultdict(list)
    for campaign in campaigns:
        status = campaign_status(campaign, today)
        if status == "ongoing":
            ongoing.append(campaign)
        elif status == "upcoming":
            upcoming.append(campaign)
        else:
            past[campaign.start.year].append(campaign)
    ongoing.sort(key=lambda c: (c.end, c.start, c.url))
    upcoming.sort(key=lambda c: (c.start, c.end, c.url))
    years = [
        (year, sorted(past[year], key=lambda c: (c.start, c.end, c.url), reverse=True))
        for year in sorted(past, reverse=True)
    ]
    return {"ongoing": ongoing, "upcoming": upcoming, "past": years}


def _activity_rows(activities: tuple[Activity, ...]) -> list[tuple[Activity, str, str]]:
    """Return (activity, when in words, ISO start) in time order."""
    ordered = sorted(activities, key=lambda a: (dates.as_datetime(a.start), a.title))
    return [(a, describe_period(a.start, a.end), dates.iso(a.start)) for a in ordered]


def campaign_pages(site: Site, indexes: Indexes) -> list[PageSpec]:
    """Return every campaign page and the `/chien-dich/` index."""
    today = site.today
    tasks_by_campaign: dict[str, list[CampaignTask]] = defaultdict(list)
    for plan in site.plans:
        for task in plan.tasks:
            if task.campaign:
                tasks_by_campaign[task.campaign].append(CampaignTask(plan, task))

    crumbs = (HOME, ("Chiến dịch", routes.CAMPAIGNS))
    specs: list[PageSpec] = []
    for campaign in site.campaigns:
        status = campaign_status(campaign, today)
        campaign_plan = indexes.plans.get(campaign.plan)
        specs.append(PageSpec(
            campaign.url, "campaign.html", campaign.title, "campaign", item=campaign, search=True,
            parent=routes.CAMPAIGNS, breadcrumbs=crumbs,
            data=CampaignPage(
                status=status,
                status_label=STATUS_LABELS[status],
                activities=_activity_rows(campaign.activities),
                articles=indexes.articles_by_campaign.get(campaign.slug, []),
                plan=campaign_plan,
                tasks=tasks_by_campaign.get(campaign.slug, []),
                events=indexes.events_by_campaign.get(campaign.slug, []),
            ),
            description=campaign.summary,
        ))

    groups = status_order(site.campaigns, today)
    specs.append(PageSpec(
        routes.CAMPAIGNS, "campaigns.html", "Chiến dịch", "campaigns", in_nav=True, parent=routes.CAMPAIGNS,
        breadcrumbs=(HOME,),
        data=CampaignsPage(groups["ongoing"], groups["upcoming"], groups["past"], STATUS_LABELS, len(site.campaigns)),
        description="Các chiến dịch, phong trào hưởng ứng do Sở tổ chức: đang diễn ra, sắp diễn ra và đã kết thúc.",
        feeds=feed_links(routes.CAMPAIGNS, "Chiến dịch"),
    ))
    return specs
