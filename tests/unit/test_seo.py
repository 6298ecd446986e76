"""Sharing metadata without MkDocs: script-safe JSON, social images, tags per kind, robots.txt."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

from PIL import Image

from portal import seo
from portal.dates import VN_TZ
from portal.models import Article, Asset, Event, Site
from portal.settings import Settings

INFO = seo.SiteInfo("https://stnmt.example.gov.vn/", "Sở TN&MT", "Trang thông tin", Settings(), logo="assets/logo.svg",
                    topics={"moi-truong": "Môi trường"})


def asset(tmp_path: Path, size: tuple[int, int], name: str = "a.png") -> Asset:
    path = tmp_path / name
    Image.new("RGBA", size, (10, 200, 30, 128)).save(path, "PNG")
    return Asset(f"articles/{name}", str(path), f"media/articles/{name}", path.stat().st_size, "image/png", *size)


def news(image: Asset | None = None, title: str = "Tin") -> Article:
    return Article(kind="article", source="content/articles/a.md", slug="a", url="tin-tuc/2024/06/a/", title=title,
                   topics=("moi-truong",), date=datetime(2024, 6, 5, 8, 0, tzinfo=VN_TZ), summary="Tóm tắt",
                   image=image, image_alt="Ảnh" if image else "")


def test_json_for_script_cannot_close_the_script_element() -> None:
    value = {"name": "</script><script>alert(1)</script> & <!-- \u2028"}
    text = seo.json_for_script(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_social_image_uses_the_lead_image_or_a_1200x630_copy(tmp_path: Path) -> None:
    exact = asset(tmp_path, (1200, 630), "exact.png")
    assert seo.social_image(news(exact)) == seo.SocialImage("media/articles/exact.png", 1200, 630, "Ảnh", "image/png")
    other = asset(tmp_path, (640, 900), "doc.png")
    assert seo.social_image(news(other)).url == "media/chia-se/articles/doc.jpg"
    assert seo.social_image(news()) is None
    site = Site(articles=[news(exact), news(other)])
    files = [seo.social_copy_file(a, tmp_path / "cache") for a in seo.social_sources(site)]
    assert [path for path, _ in files] == ["media/chia-se/articles/doc.jpg"]
    with Image.open(io.BytesIO(files[0][1])) as image:
        assert image.size == (1200, 630) and image.mode == "RGB" and image.format == "JPEG"
    assert [seo.social_copy_file(a, tmp_path / "cache") for a in seo.social_sources(site)] == files  # cached


def test_article_tags(tmp_path: Path) -> None:
    sharing = seo.page_sharing(INFO, url="tin-tuc/2024/06/a/", title="Tin", description="Tóm tắt",
                               item=news(asset(tmp_path, (1200, 630))),
                               trail=[("Trang chủ", ""), ("Tin tức", "tin-tuc/"), ("Tin", "tin-tuc/2024/06/a/")])
    properties = dict(sharing.properties)
    assert properties["og:type"] == "article" and properties["og:locale"] == "vi_VN"
    assert properties["og:image"] == "https://stnmt.example.gov.vn/media/articles/a.png"
    assert properties["article:published_time"] == "2024-06-05T08:00:00+07:00"
    assert dict(sharing.names)["twitter:card"] == "summary_large_image"
    kinds = [json.loads(text)["@type"] for text in sharing.json_ld]
    assert kinds == ["NewsArticle", "BreadcrumbList"]


def test_all_day_event_dates() -> None:
    event = Event(kind="event", source="content/events/e.md", slug="e", url="su-kien/e/", title="Hội nghị",
                  topics=("moi-truong",), date=datetime(2024, 6, 5, tzinfo=VN_TZ), start=date(2024, 6, 5),
                  end=date(2024, 6, 6))
    sharing = seo.page_sharing(INFO, url=event.url, title=event.title, description="", item=event)
    data = json.loads(sharing.json_ld[0])
    assert (data["@type"], data["startDate"], data["endDate"]) == ("Event", "2024-06-05", "2024-06-06")
    assert "location" not in data
    assert "og:image" not in dict(sharing.properties)


def test_robots_txt() -> None:
    assert seo.robots_txt("https://x.gov.vn/") == b"User-agent: *\nAllow: /\n\nSitemap: https://x.gov.vn/sitemap.xml\n"
    assert seo.robots_txt("") == b"User-agent: *\nAllow: /\n"
