"""The sample site's plans, campaigns and units, as built for CI (SOURCE_DATE_EPOCH = 2026-11-23) from
the tests' frozen sample content (tests/fixtures/site/)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from lxml import html as lxml_html

from helpers import FIXTURE_SITE
from portal.units import unit_key

TODAY = date(2026, 11, 23)  # SAMPLE_EPOCH


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("---", 2)[1], Loader=yaml.BaseLoader)  # dates stay strings


PLANS = {path: front_matter(path) for path in sorted((FIXTURE_SITE / "content/plans").rglob("*.md"))}
CAMPAIGNS = {path: front_matter(path) for path in sorted((FIXTURE_SITE / "content/campaigns").rglob("*.md"))}


def page(site: Path, url: str) -> lxml_html.HtmlElement:
    path = site / url.strip("/") / "index.html"
    assert path.is_file(), f"{url} was not built"
    return lxml_html.fromstring(path.read_bytes())


def text(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def test_the_five_seed_plans_have_summary_pages(sample_site: Path) -> None:
    assert len(PLANS) == 5
    index = page(sample_site, "/ke-hoach/")
    listed = {urlparse(urljoin("https://s/ke-hoach/", h)).path for h in index.xpath("//ul[@class='portal-plans']//h3/a/@href")}
    for meta in PLANS.values():
        url = f"/ke-hoach/{meta['slug']}/"
        assert url in listed
        doc = page(sample_site, url)
        assert text(doc.xpath("//h1")[0]) == meta["title"]
        rows = doc.xpath("//table[contains(@class, 'portal-tasks')]/tbody/tr")
        assert len(rows) == len(meta.get("tasks", []))


def test_plan_81_shows_all_sixteen_tasks_and_matching_downloads(sample_site: Path) -> None:
    meta = next(m for m in PLANS.values() if m.get("number") == "81/KH-STNMT")
    doc = page(sample_site, f"/ke-hoach/{meta['slug']}/")
    assert "ngày 05 tháng 8 năm 2024" in text(doc.xpath("//dl[contains(@class, 'portal-docinfo')]")[0])
    rows = doc.xpath("//table[contains(@class, 'portal-tasks')]/tbody/tr")
    assert len(rows) == 16
    tasks = [text(r.xpath(".//span[@class='portal-tasks__text']")[0]) for r in rows]
    raw = (sample_site / f"ke-hoach/{meta['slug']}/nhiem-vu.csv").read_bytes()
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["Nhiệm vụ"] for r in records] == tasks == [" ".join(t["task"].split()) for t in meta["tasks"]]
    # The original document is offered with its type and size.
    assert doc.xpath("//a[contains(@class, 'portal-download')]/following-sibling::span/text()")[0].startswith("(PDF, ")


def test_every_sample_campaign_has_a_page_with_its_status_today(sample_site: Path) -> None:
    assert len(CAMPAIGNS) >= 5
    index = page(sample_site, "/chien-dich/")
    ongoing = {text(a) for a in index.xpath("//section[@aria-labelledby='cd-ongoing']//h3/a")}
    for meta in CAMPAIGNS.values():
        start, end = date.fromisoformat(meta["start"]), date.fromisoformat(meta["end"])
        expected = "Sắp diễn ra" if TODAY < start else "Đã kết thúc" if TODAY > end else "Đang diễn ra"
        doc = page(sample_site, f"/chien-dich/{meta['slug']}/")
        assert text(doc.xpath("//p[@class='portal-campaign__status']")[0]) == expected, meta["slug"]
        assert (meta["title"] in ongoing) == (expected == "Đang diễn ra")


def test_campaigns_and_plans_appear_on_their_topic_pages(sample_site: Path) -> None:
    for kind, items in (("chien-dich", CAMPAIGNS), ("ke-hoach", PLANS)):
        for meta in items.values():
            for topic in meta["topics"]:
                pages = sorted((sample_site / "linh-vuc" / topic).rglob("index.html"))
                links = set()
                for path in pages:
                    url = "/" + path.parent.relative_to(sample_site).as_posix() + "/"
                    doc = lxml_html.fromstring(path.read_bytes())
                    links |= {urlparse(urljoin("https://s" + url, h)).path for h in doc.xpath("//a/@href")}
                assert f"/{kind}/{meta['slug']}/" in links, (topic, meta["slug"])


def test_every_unit_named_in_a_plan_has_a_page(sample_site: Path) -> None:
    index = page(sample_site, "/don-vi/")
    units = {text(a): urlparse(urljoin("https://s/don-vi/", a.get("href"))).path
             for a in index.xpath("//table[contains(@class, 'portal-units')]//th/a")}
    named = set()
    for meta in PLANS.values():
        for task in meta.get("tasks", []):
            named.add(unit_key(task["lead"]))
            partners = task.get("partners", [])
            for partner in [partners] if isinstance(partners, str) else partners:
                named.add(unit_key(partner))
    assert {unit_key(name) for name in units} == named
    for name, url in units.items():
        assert text(page(sample_site, url).xpath("//h1")[0]) == name


@pytest.mark.parametrize("url", ["/chien-dich/", "/ke-hoach/"])
def test_section_indexes_are_in_the_nav(sample_site: Path, url: str) -> None:
    doc = page(sample_site, url)
    tabs = {urlparse(urljoin("https://s" + url, h)).path for h in doc.xpath("//nav[contains(@class, 'md-tabs')]//a/@href")}
    assert url in tabs
