"""Plan summary pages (`/ke-hoach/…`) and responsible-unit pages (`/don-vi/…`).

Pure: returns `PageSpec`s built from the loaded models; the bridge turns them into MkDocs pages.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from . import routes
from .listings import HOME, Indexes, PageSpec, campaign_status, feed_links
from .models import STATUS_LABELS, Campaign, Deadline, Plan, Site
from .pagedata import PlanPage, PlansPage, UnitPage, UnitsPage
from .plans import TASK_COLUMNS, build_task_rows, format_size, render_tasks_csv, render_tasks_json
from .units import Units
from .wording import describe_signer


def _deadlines(plan: Plan, today: date) -> list[tuple[Deadline, bool]]:
    return [(deadline, deadline.date < today) for deadline in plan.deadlines]


def plan_pages(site: Site, indexes: Indexes, units: Units) -> list[PageSpec]:
    """Return every plan summary page and the `/ke-hoach/` index (plans grouped by year of issue)."""
    campaigns_by_plan: dict[str, dict[str, Campaign]] = defaultdict(dict)
    for campaign in sorted(site.campaigns, key=lambda c: (c.start, c.url)):
        if campaign.plan:
            campaigns_by_plan[campaign.plan][campaign.slug] = campaign
    for plan in site.plans:
        for task in plan.tasks:
            task_campaign = indexes.campaigns.get(task.campaign)
            if task_campaign is not None:
                campaigns_by_plan[plan.slug].setdefault(task_campaign.slug, task_campaign)

    crumbs = (HOME, ("Kế hoạch", routes.PLANS))
    specs: list[PageSpec] = []
    for plan in site.plans:
        rows = build_task_rows(plan, units, indexes.campaigns)
        linked = sorted(campaigns_by_plan.get(plan.slug, {}).values(), key=lambda c: (c.start, c.url))
        specs.append(PageSpec(
            plan.url, "plan.html", plan.title, "plan", item=plan, search=True, parent=routes.PLANS,
            breadcrumbs=crumbs,
            data=PlanPage(
                rows=rows,
                downloads={kind: routes.plan_tasks_file(plan.slug, kind) for kind in ("csv", "json")} if rows else {},
                columns=dict(TASK_COLUMNS),
                signer=describe_signer(plan.signer, plan.signer_title),
                attachment_size=format_size(plan.attachment.size) if plan.attachment else "",
                deadlines=_deadlines(plan, site.today),
                campaigns=[(c, STATUS_LABELS[campaign_status(c, site.today)]) for c in linked],
                articles=indexes.articles_by_plan.get(plan.slug, []),
                events=indexes.events_by_plan.get(plan.slug, []),
            ),
            description=plan.summary,
        ))

    years: dict[int, list[Plan]] = defaultdict(list)
    for plan in site.plans:  # newest first already
        years[plan.issued.year].append(plan)
    groups = [(year, years[year]) for year in sorted(years, reverse=True)]
    specs.append(PageSpec(
        routes.PLANS, "plans.html", "Kế hoạch", "plans", in_nav=True, parent=routes.PLANS,
        breadcrumbs=(HOME,),
        data=PlansPage(groups, len(site.plans), routes.UNITS, len(units.units)),
        description="Tóm tắt các kế hoạch của Sở theo năm ban hành: số hiệu, ngày ban hành, cơ quan ban hành "
                    "và bảng phân công nhiệm vụ.",
        feeds=feed_links(routes.PLANS, "Kế hoạch"),
    ))
    return specs


def unit_pages(units: Units) -> list[PageSpec]:
    """Return `/don-vi/` (every unit with its counts) and one page per unit."""
    crumbs = (HOME, ("Kế hoạch", routes.PLANS))
    specs = [PageSpec(
        routes.UNITS, "units.html", "Đơn vị thực hiện", "units", parent=routes.PLANS, breadcrumbs=crumbs,
        data=UnitsPage(units.units),
        description="Các đơn vị chủ trì, phối hợp thực hiện nhiệm vụ trong các kế hoạch của Sở.",
    )]
    for unit in units.units:
        specs.append(PageSpec(
            unit.url, "unit.html", unit.name, "unit", parent=routes.PLANS,
            breadcrumbs=(*crumbs, ("Đơn vị thực hiện", routes.UNITS)),
            data=UnitPage(unit),
            description=f"Nhiệm vụ {unit.name} chủ trì hoặc phối hợp thực hiện trong các kế hoạch: "
                        f"chủ trì {len(unit.leads)}, phối hợp {len(unit.supports)} nhiệm vụ.",
        ))
    return specs


def task_files(site: Site, indexes: Indexes, units: Units, site_url: str) -> list[tuple[str, bytes]]:
    """Return (site path, bytes) of the CSV and JSON download of every plan that has tasks.

    Unit names are written as on the page (one spelling per unit), so the files match the table.
    """
    campaigns = indexes.campaigns
    files: list[tuple[str, bytes]] = []
    for plan in site.plans:
        if not plan.tasks:
            continue
        rows = build_task_rows(plan, units, campaigns)
        files.append((routes.plan_tasks_file(plan.slug, "csv"), render_tasks_csv(rows)))
        files.append((routes.plan_tasks_file(plan.slug, "json"), render_tasks_json(plan, rows, site_url)))
    return files
