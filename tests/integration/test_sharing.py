"""Sharing and machines in a real build: OpenGraph/Twitter tags on every page, schema.org JSON-LD
(NewsArticle, Event, GovernmentOrganization, BreadcrumbList) that survives hostile titles,
1200×630 social images, a sitemap whose dates come from content, and robots.txt."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html
from PIL import Image

from helpers import article, make_project, run_build

SITE = "https://stnmt.example.gov.vn/"
HOSTILE = 'Cảnh báo </script><script>alert("x")</script> & “lũ” <an toàn>'


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 80)).save(out, "PNG")
    return out.getvalue()


CONTENT: dict[str, str | bytes] = {
    "articles/anh/doc.png": png(800, 1000),
    "articles/2024/nguy-hiem.md": article(
        json.dumps(HOSTILE, ensure_ascii=False), "2024-06-10 09:15", "[moi-truong]",
        extra="author: Phòng Quản lý môi trường\nimage: ../anh/doc.png\nimage_alt: Ảnh đứng của bờ sông\n"
              "updated: 2024-06-12 10:00\n",
        body="Người dân được khuyến cáo không tắm sông.\n",
    ),
    "articles/2024/nuoc.md": article("Quan trắc nước mặt đợt 2", "2024-05-02 08:00", "[tai-nguyen-nuoc]"),
    "events/ra-quan.md": (
        "---\ntitle: Lễ ra quân Tuần lễ Biển và Hải đảo\nstart: 2024-06-25 07:30\nend: 2024-06-25 10:00\n"
        "topics: [bien-hai-dao]\nlocation: Bãi Sau, thành phố Vũng Tàu\norganizer: Sở Tài nguyên và Môi trường\n"
        "---\n\nMời người dân cùng tham gia.\n"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    proj = make_project(tmp_path_factory.mktemp("sharing"), CONTENT)
    result = run_build(proj)
    assert result.returncode == 0, result.stdout + result.stderr
    return proj / "site"


def head(path: Path) -> tuple[dict[str, str], list[dict], lxml_html.HtmlElement]:
    """Return (meta property/name -> content, JSON-LD objects, document) of a built page."""
    document = lxml_html.fromstring(path.read_bytes())
    meta = {}
    for element in document.iter("meta"):
        key = element.get("property") or element.get("name")
        if key:
            meta[key] = element.get("content")
    objects = [json.loads(script.text) for script in document.xpath('//script[@type="application/ld+json"]')]
    return meta, objects, document


def by_type(objects: list[dict], kind: str) -> dict:
    found = [obj for obj in objects if obj.get("@type") == kind]
    assert len(found) == 1, [obj.get("@type") for obj in objects]
    return found[0]


def article_page(site: Path, slug_part: str) -> Path:
    return next(p for p in site.glob("tin-tuc/[0-9]*/[0-9][0-9]/*/index.html") if slug_part in p.parent.name)


def test_hostile_title_stays_data_in_tags_and_json_ld(built: Path) -> None:
    page = article_page(built, "canh-bao")
    raw = page.read_text(encoding="utf-8")
    meta, objects, _ = head(page)
    assert meta["og:title"] == HOSTILE and meta["twitter:title"] == HOSTILE
    news = by_type(objects, "NewsArticle")
    assert news["headline"] == HOSTILE
    # No script element is closed early: every <script> in the page is one the templates wrote.
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S):
        assert "<" not in block and ">" not in block
    assert raw.count("<script") == raw.count("</script>")
    assert not re.search(r"<script>alert", raw)


def test_article_tags_and_news_article(built: Path) -> None:
    meta, objects, document = head(article_page(built, "canh-bao"))
    url = SITE + "tin-tuc/2024/06/" + article_page(built, "canh-bao").parent.name + "/"
    assert meta["og:locale"] == "vi_VN"
    assert meta["og:type"] == "article"
    assert meta["og:url"] == url
    assert meta["og:site_name"] == "Sở Tài nguyên và Môi trường"
    assert meta["og:description"] == "Người dân được khuyến cáo không tắm sông."
    assert meta["article:published_time"] == "2024-06-10T09:15:00+07:00"
    assert meta["article:modified_time"] == "2024-06-12T10:00:00+07:00"
    assert meta["twitter:card"] == "summary_large_image"
    # The 800×1000 lead image is shared as a 1200×630 copy, cropped around its centre.
    assert meta["og:image:width"] == "1200" and meta["og:image:height"] == "630"
    assert meta["og:image"].startswith(SITE + "media/chia-se/") and meta["og:image"].endswith(".jpg")
    copy = built / meta["og:image"][len(SITE):]
    with Image.open(copy) as image:
        assert image.size == (1200, 630) and image.format == "JPEG"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["og:image:alt"] == "Ảnh đứng của bờ sông"

    news = by_type(objects, "NewsArticle")
    assert news["@context"] == "https://schema.org"
    assert news["datePublished"] == "2024-06-10T09:15:00+07:00"
    assert news["dateModified"] == "2024-06-12T10:00:00+07:00"
    assert news["author"] == {"@type": "Organization", "name": "Phòng Quản lý môi trường"}
    assert news["publisher"]["@type"] == "GovernmentOrganization"
    assert news["image"] == [meta["og:image"]]
    assert news["mainEntityOfPage"] == url and news["inLanguage"] == "vi"
    assert news["articleSection"] == ["Môi trường"]

    crumbs = by_type(objects, "BreadcrumbList")["itemListElement"]
    visible = [a.text_content().strip() for a in document.xpath('//nav[contains(@class, "portal-breadcrumbs")]//li')]
    assert [c["name"] for c in crumbs] == visible
    assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
    assert crumbs[0]["item"] == SITE and crumbs[-1]["item"] == url


def test_event_json_ld(built: Path) -> None:
    meta, objects, _ = head(built / "su-kien" / "le-ra-quan-tuan-le-bien-va-hai-dao" / "index.html")
    event = by_type(objects, "Event")
    assert event["name"] == "Lễ ra quân Tuần lễ Biển và Hải đảo"
    assert event["startDate"] == "2024-06-25T07:30:00+07:00"
    assert event["endDate"] == "2024-06-25T10:00:00+07:00"
    assert event["location"]["name"] == "Bãi Sau, thành phố Vũng Tàu"
    assert event["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")
    assert meta["twitter:card"] == "summary"  # no lead image: no large card, no og:image
    assert "og:image" not in meta


def test_home_declares_the_department(built: Path) -> None:
    meta, objects, _ = head(built / "index.html")
    organization = by_type(objects, "GovernmentOrganization")
    assert organization["name"] == "Sở Tài nguyên và Môi trường tỉnh Bà Rịa – Vũng Tàu"
    assert organization["url"] == SITE
    assert organization["address"]["streetAddress"].startswith("Khối nhà C")
    assert organization["logo"] == SITE + "assets/logo.svg"
    assert by_type(objects, "WebSite")["url"] == SITE
    assert meta["og:url"] == SITE and meta["og:type"] == "website"


def test_every_page_has_sharing_tags_and_valid_json_ld(built: Path) -> None:
    # Every public page: not the web editor's (noindex, never shared: test_web_editor_site.py).
    pages = sorted(page for page in built.rglob("*.html") if "quan-tri" not in page.relative_to(built).parts)
    assert len(pages) > 20
    for page in pages:
        meta, objects, _ = head(page)  # json.loads fails on any broken JSON-LD
        for key in ("og:title", "og:description", "og:locale", "og:site_name", "og:type", "twitter:card"):
            assert meta.get(key), (page, key)
        if page.name == "index.html":
            assert meta["og:url"].startswith(SITE)
        for obj in objects:
            assert obj["@context"] == "https://schema.org"


def test_sitemap_dates_come_from_content(built: Path) -> None:
    tree = etree.parse(str(built / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
               for url in tree.findall("s:url", ns)}
    slug = article_page(built, "canh-bao").parent.name
    assert lastmod[f"{SITE}tin-tuc/2024/06/{slug}/"] == "2024-06-12"  # `updated`
    assert lastmod[f"{SITE}tin-tuc/2024/05/quan-trac-nuoc-mat-dot-2/"] == "2024-05-02"
    assert lastmod[SITE] == "2024-06-12"  # the home page shows the newest content
    assert lastmod[f"{SITE}tin-tuc/"] == "2024-06-12"
    # Hand-written pages without a content date get no <lastmod>, and nothing gets the
    # build's date (2024-06-17, tests/helpers.EPOCH) or a future event's start.
    assert lastmod[f"{SITE}gioi-thieu/"] is None
    assert "2024-06-17" not in lastmod.values()
    assert lastmod[f"{SITE}su-kien/le-ra-quan-tuan-le-bien-va-hai-dao/"] is None  # starts 2024-06-25


def test_robots_txt(built: Path) -> None:
    text = (built / "robots.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "User-agent: *"
    assert "Disallow: /\n" not in text
    assert f"Sitemap: {SITE}sitemap.xml" in text.splitlines()


def test_social_images_are_reproducible(built: Path, tmp_path: Path) -> None:
    proj = make_project(tmp_path, CONTENT)
    result = run_build(proj, "-d", str(tmp_path / "again"))
    assert result.returncode == 0, result.stderr
    first = sorted(built.glob("media/chia-se/**/*.jpg"))
    assert first
    for path in first:
        assert (tmp_path / "again" / path.relative_to(built)).read_bytes() == path.read_bytes()


def test_sample_site_pages_share_well(sample_site: Path) -> None:
    """The real sample site: every article with a lead image offers a 1200×630 og:image."""
    checked = 0
    for page in sorted(sample_site.glob("tin-tuc/[0-9]*/[0-9][0-9]/*/index.html")):
        meta, objects, document = head(page)
        by_type(objects, "NewsArticle")
        if document.xpath('//figure[contains(@class, "portal-article__image")]//img'):
            assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630"), page
            image = sample_site / meta["og:image"][len(SITE):]
            with Image.open(image) as opened:
                assert opened.size == (1200, 630)
            checked += 1
    assert checked >= 5
    for page in sorted(sample_site.glob("su-kien/*/index.html")):
        by_type(head(page)[1], "Event")
