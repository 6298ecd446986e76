"""The sample site's documents as a citizen and a subscriber meet them: lists by type and year,
a replaced law pointing to its successor, drafts open for comment, feeds and the calendar.

The built site comes from the tests' frozen sample content (tests/fixtures/site/); only the first
test reads the repository's own content/, on purpose: the sample editors see must keep showing
every feature of documents."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import icalendar
import lxml.html

from helpers import REPO, SAMPLE_EPOCH
from portal import dates, routes
from portal.loader import LoadOptions, load_site

SITE_URL = "https://stnmt.example.gov.vn/"


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_the_sample_has_the_documents_the_issue_asks_for():
    site, problems = load_site(REPO, LoadOptions(now=dates.build_now({"SOURCE_DATE_EPOCH": SAMPLE_EPOCH})))
    assert not [p for p in problems if p.is_error]
    assert len(site.documents) >= 12
    assert {"72/2020/QH14", "1596/QĐ-UBND", "08/2022/NĐ-CP"} <= {d.number for d in site.documents}
    assert any(d.replaces for d in site.documents)
    today = site.today
    assert [d.number for d in site.documents if d.consultation and d.consultation.until >= today] != []


def test_documents_list_newest_first_with_plain_links_by_type_and_year(sample_site: Path):
    root = page(sample_site, routes.DOCUMENTS)
    issued = [t.get("datetime") for t in root.cssselect(".portal-card--document .portal-card__meta time")]
    assert issued == sorted(issued, reverse=True) and len(issued) == 10  # one page of ten
    types = {a.text_content(): a.get("href") for a in root.cssselect("nav.portal-doc-types a")}
    assert types["Luật"] == "loai/luat/" and types["Quyết định"] == "loai/quyet-dinh/"
    laws = page(sample_site, "van-ban/loai/luat/")
    assert {t.text_content() for t in laws.cssselect(".portal-card__title a")} >= {"Luật Bảo vệ môi trường", "Luật Đất đai"}
    years = {a.text_content(): a.get("href") for a in root.cssselect("nav.portal-years a")}
    assert years["2020"] == "nam/2020/"
    assert (sample_site / "van-ban/trang/2/index.html").is_file()


def test_a_replaced_law_says_so_and_links_to_its_successor(sample_site: Path):
    old = page(sample_site, "van-ban/luat-55-2014-qh13/")
    info = text(old.cssselect("dl.portal-docinfo")[0])
    assert "Tình trạngĐã được thay thế: thay thế bởi Luật số 72/2020/QH14" in info
    link = old.cssselect("dl.portal-docinfo a[href*='luat-72-2020-qh14']")[0]
    assert link.get("href") == "../luat-72-2020-qh14/"
    new = page(sample_site, "van-ban/luat-72-2020-qh14/")
    assert "Còn hiệu lực" in text(new.cssselect("dl.portal-docinfo")[0])
    replaced = new.cssselect("section[aria-labelledby='vb-thay-the'] a")
    assert [a.get("href") for a in replaced] == ["../luat-55-2014-qh13/"]
    download = new.cssselect("a.portal-download")[0]
    assert download.get("href").endswith(".pdf") and (sample_site / "van-ban/luat-72-2020-qh14" / download.get("href")).is_file()
    (ld,) = [json.loads(s.text) for s in new.cssselect("script[type='application/ld+json']")
             if json.loads(s.text).get("@type") == "Legislation"]
    assert (ld["legislationIdentifier"], ld["legislationType"], ld["legislationDate"]) == (
        "72/2020/QH14", "Luật", "2020-11-17")
    assert ld["encoding"][0]["contentUrl"].startswith(SITE_URL + "media/documents/")


def test_drafts_open_first_with_days_left_and_where_to_send_comments(sample_site: Path):
    root = page(sample_site, routes.DRAFTS)
    sections = root.cssselect("main section")
    assert [s.cssselect("h2")[0].text_content() for s in sections] == ["Đang lấy ý kiến", "Đã hết hạn góp ý"]
    open_text = text(sections[0])
    assert "còn 23 ngày" in open_text and "15/12/2026" in open_text  # today 23/11/2026, last day included
    assert sections[0].cssselect("a[href^='mailto:']")
    draft = page(sample_site, sections[0].cssselect("li a")[0].get("href").replace("../", routes.DOCUMENTS, 1))
    assert "Dự thảo đang lấy ý kiến đến hết ngày" in text(draft.cssselect("section.portal-consultation")[0])
    home = page(sample_site, "")
    assert "Dự thảo đang lấy ý kiến" in [h.text_content() for h in home.cssselect("h2")]


def test_document_feeds_topic_feeds_and_the_calendar_carry_documents(sample_site: Path):
    feed = feedparser.parse((sample_site / "van-ban/rss.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) >= 12
    links = [entry.link for entry in feed.entries]
    assert all(link.startswith(SITE_URL + "van-ban/") for link in links)
    law = next(e for e in feed.entries if e.link.endswith("/luat-72-2020-qh14/"))
    assert law.id == law.link and law.published.endswith("+0700")
    assert any(enc.type == "application/pdf" for enc in law.enclosures)
    topic = feedparser.parse((sample_site / "linh-vuc/moi-truong/atom.xml").read_bytes())
    assert any("/van-ban/" in entry.link for entry in topic.entries)

    cal = icalendar.Calendar.from_ical((sample_site / routes.CALENDAR_ICS).read_bytes())
    by_uid = {str(ev["uid"]): ev for ev in cal.walk("VEVENT")}
    closing = [ev for uid, ev in by_uid.items() if uid.endswith("-han-gop-y@stnmt.example.gov.vn")]
    assert sorted(ev.decoded("dtstart").isoformat() for ev in closing) == ["2026-10-15", "2026-12-15"]
    effective = by_uid["van-ban-luat-72-2020-qh14-hieu-luc@stnmt.example.gov.vn"]
    assert effective.decoded("dtstart").isoformat() == "2022-01-01"
