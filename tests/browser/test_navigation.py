"""A citizen without JavaScript: home -> topic -> article, in Vietnamese, with no third-party request."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def test_home_topic_article_without_javascript(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))

    page.goto(server)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Tin mới").is_visible()

    page.get_by_role("link", name="Lĩnh vực").first.click()
    page.wait_for_url(lambda url: urlparse(url).path == "/linh-vuc/")
    page.get_by_role("link", name="Môi trường", exact=True).first.click()
    page.wait_for_url(lambda url: urlparse(url).path == "/linh-vuc/moi-truong/")
    assert page.locator("h1").inner_text().startswith("Môi trường")

    first_article = page.locator(".portal-card--article .portal-card__title a").first
    title = first_article.inner_text()
    first_article.click()
    page.wait_for_url(lambda url: re.fullmatch(r"/tin-tuc/\d{4}/\d{2}/[a-z0-9-]+/", urlparse(url).path) is not None)
    path = urlparse(page.url).path
    assert re.fullmatch(r"/tin-tuc/\d{4}/\d{2}/[a-z0-9-]+/", path), path
    assert page.locator("h1").inner_text() == title
    # Vietnamese date such as "Thứ Tư, 05/06/2024" and a breadcrumb back to the news list.
    meta = page.locator(".portal-meta time").first.inner_text()
    assert meta.startswith(("Thứ", "Chủ Nhật")) and meta.count("/") == 2, meta
    assert page.locator("nav.portal-breadcrumbs a", has_text="Tin tức").count() == 1

    assert hosts == {urlparse(server).netloc}, hosts
    context.close()
