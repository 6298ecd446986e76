"""A reader on a phone downloads the small WebP copy of a photo, never the original file."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def _media_loaded(page) -> list[str]:  # type: ignore[no-untyped-def]
    loaded: list[str] = []
    page.on("response", lambda response: loaded.append(urlparse(response.url).path)
            if urlparse(response.url).path.startswith("/media/") and response.ok else None)
    return loaded


def test_phone_loads_the_400_pixel_webp_of_cards_and_lead_image(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    loaded = _media_loaded(page)

    # The home page's featured stories: the large one and the thumbnails, all as 400-pixel copies.
    page.goto(server)
    featured = page.locator(".portal-featured__item img").first
    featured.evaluate("img => img.decode()")
    assert featured.evaluate("img => img.currentSrc").endswith("-400.webp")
    assert loaded and all(path.startswith("/media/co-anh/") and path.endswith("-400.webp") for path in loaded), loaded
    loaded.clear()

    page.goto(server.rstrip("/") + "/tin-tuc/")
    card = page.locator(".portal-card:has(picture.portal-card__media)").first
    card.locator("img").evaluate("img => img.decode()")  # the first card's photo is on screen and loaded
    assert card.locator("img").evaluate("img => img.currentSrc").endswith("-400.webp")
    assert loaded and all(path.startswith("/media/co-anh/") and path.endswith("-400.webp") for path in loaded), loaded

    href = card.locator(".portal-card__title a").get_attribute("href")
    loaded.clear()
    page.goto(server.rstrip("/") + "/" + href.lstrip("/") if href.startswith("/") else page.url + href)
    lead = page.locator(".portal-article__image img")
    lead.evaluate("img => img.decode()")
    assert lead.evaluate("img => img.currentSrc").endswith("-400.webp")
    lead_paths = [path for path in loaded if "/co-anh/" in path]
    assert lead_paths and all(path.endswith("-400.webp") for path in lead_paths), loaded
    # The JPEG at the photo's own address (for browsers without WebP, feeds) is never fetched.
    assert not [path for path in loaded if path.endswith((".jpg", ".jpeg", ".png"))], loaded
    context.close()
