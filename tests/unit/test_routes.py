"""URL rules: one place for every URL of the site."""

from __future__ import annotations

from datetime import date

import pytest

from portal import routes


def test_item_and_section_urls() -> None:
    assert routes.article_url(date(2024, 6, 5), "ngay-moi-truong") == "tin-tuc/2024/06/ngay-moi-truong/"
    assert routes.campaign_url("gio-trai-dat-2024") == "chien-dich/gio-trai-dat-2024/"
    assert routes.plan_url("ke-hoach-81") == "ke-hoach/ke-hoach-81/"
    assert routes.event_url("hoi-nghi") == "su-kien/hoi-nghi/"
    assert routes.topic_url("moi-truong") == "linh-vuc/moi-truong/"
    assert routes.news_year_url(2023) == "tin-tuc/2023/"


def test_paged_urls() -> None:
    assert routes.paged_url("tin-tuc/", 1) == "tin-tuc/"
    assert routes.paged_url("tin-tuc/", 2) == "tin-tuc/trang/2/"
    assert routes.paged_url("linh-vuc/dat-dai/", 12) == "linh-vuc/dat-dai/trang/12/"


def test_virtual_markdown_files() -> None:
    assert routes.src_uri_for("") == "index.md"
    assert routes.src_uri_for("tin-tuc/") == "tin-tuc/index.md"
    assert routes.src_uri_for("tin-tuc/2024/06/a/") == "tin-tuc/2024/06/a/index.md"


def test_media_urls_are_percent_encoded() -> None:
    assert routes.media_url("articles/2024/ảnh biển.jpg") == "media/articles/2024/%E1%BA%A3nh%20bi%E1%BB%83n.jpg"
    assert routes.media_url("plans/81-KH.pdf") == "media/plans/81-KH.pdf"


@pytest.mark.parametrize(
    ("target", "from_url", "expected"),
    [
        ("tin-tuc/2024/06/a/", "tin-tuc/", "2024/06/a/"),
        ("media/articles/a.png", "tin-tuc/2024/06/a/", "../../../../media/articles/a.png"),
        ("tin-tuc/2024/06/b/", "tin-tuc/2024/06/a/", "../b/"),
        ("tin-tuc/2024/06/a/", "tin-tuc/2024/06/a/", "./"),
        ("tin-tuc/2024/06/b/#ket-qua", "tin-tuc/2024/06/a/", "../b/#ket-qua"),
        ("linh-vuc/", "", "linh-vuc/"),
        ("", "tin-tuc/", "../"),
        ("", "", "./"),
        ("", "tin-tuc/2024/06/a/", "../../../../"),
        ("tin-tuc/", "404.html", "tin-tuc/"),
        ("https://example.gov.vn/x", "tin-tuc/", "https://example.gov.vn/x"),
        ("#muc-1", "tin-tuc/", "#muc-1"),
        ("mailto:vanphong@example.gov.vn", "tin-tuc/", "mailto:vanphong@example.gov.vn"),
    ],
)
def test_relative_url(target: str, from_url: str, expected: str) -> None:
    assert routes.relative_url(target, from_url) == expected


def test_relative_urls_resolve_back_to_the_target() -> None:
    from urllib.parse import urljoin

    pages = ["", "tin-tuc/", "tin-tuc/2024/06/a/", "linh-vuc/moi-truong/trang/2/"]
    targets = ["", "tin-tuc/", "tin-tuc/2024/06/b/", "media/articles/2024/a.png", "chien-dich/x/"]
    for page in pages:
        for target in targets:
            link = routes.relative_url(target, page)
            resolved = urljoin("https://s.example/" + page, link)
            assert resolved == "https://s.example/" + target, (page, target, link)
            assert link  # never empty: an empty href would point at the page itself
