"""Vietnamese search in Material's search box, on the sample site served by nginx.

A citizen may type with or without diacritics, in capitals, with either tone placement
("hoà"/"hòa", "thuỷ"/"thủy") and from a keyboard that sends decomposed (NFD) text: every form
finds the same pages, and the results show the page's own (accented) words, highlighted.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def open_search(browser, server: str):  # type: ignore[no-untyped-def]
    """Return (context, page, requested URLs) with the home page loaded (search not yet opened)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server)
    page.wait_for_load_state("networkidle")
    return context, page, requested


def search(page, query: str) -> tuple[str, list[str], list[str]]:  # type: ignore[no-untyped-def]
    """Type `query` into Material's search box; return (result count line, result URLs, highlighted words)."""
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    # Material reads the box on key-up: type the text, then a key (as a person typing ends with).
    box.fill("")
    box.press("End")
    for _ in range(100):  # an empty box shows the placeholder: the previous results are gone
        if "Nhập để bắt đầu" in meta.inner_text():
            break
        page.wait_for_timeout(100)
    box.fill(query)
    box.press("End")
    previous = None
    for _ in range(60):  # results are computed in a worker: wait until they settle
        page.wait_for_timeout(150)
        current = (meta.inner_text(), page.locator("a.md-search-result__link").count())
        if current == previous and ("liên quan" in current[0] or "Không tìm thấy" in current[0]):
            break
        previous = current
    links = page.locator("a.md-search-result__link")
    urls = [urlparse(links.nth(i).get_attribute("href") or "").path for i in range(links.count())]
    marks = page.locator(".md-search-result mark").all_inner_texts()
    return meta.inner_text(), urls, marks


def test_accents_case_and_keyboard_form_do_not_matter(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_search(browser, server)
    plain = search(page, "moi truong")
    assert "liên quan" in plain[0] and plain[1], plain
    # Pages about "môi trường" are found from the unaccented query, and shown with their accents.
    assert any(path.startswith("/chien-dich/thang-hanh-dong-vi-moi-truong-2024/") for path in plain[1]), plain[1]
    assert {"môi", "Môi"} & set(plain[2]), plain[2][:10]
    for query in ("môi trường", "MÔI TRƯỜNG", "Môi Trường", unicodedata.normalize("NFD", "môi trường")):
        assert search(page, query)[:2] == plain[:2], query
    context.close()


def test_old_and_new_tone_placement_find_the_same_pages(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_search(browser, server)
    old_style = search(page, "Khánh Hòa")  # the sample content writes "Hòa"
    assert any(path.startswith("/tin-tuc/2023/") and "khanh-hoa" in path for path in old_style[1]), old_style[1]
    assert search(page, "Khánh Hoà")[:2] == old_style[:2]  # new-style placement
    assert search(page, "khanh hoa")[:2] == old_style[:2]

    # "thuỷ văn" (new style) finds the World Meteorological Day article, written "thủy văn".
    meteorology = search(page, "khí tượng thuỷ văn")
    assert "/tin-tuc/2023/03/" in " ".join(meteorology[1]), meteorology[1]
    assert search(page, "khi tuong thuy van")[:2] == meteorology[:2]
    context.close()


def test_a_result_opens_its_page(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_search(browser, server)
    _, urls, _ = search(page, "gio trai dat")
    assert urls, "no result for 'gio trai dat'"
    page.locator("a.md-search-result__link").first.click()
    page.wait_for_url(lambda url: urlparse(url).path == urls[0])
    assert "Giờ Trái đất" in page.locator("h1").first.inner_text()
    context.close()


def test_the_index_is_loaded_only_when_search_is_opened(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, requested = open_search(browser, server)
    assert not [url for url in requested if "search_index" in url], "index fetched on page load"
    assert not [url for url in requested if url.endswith("sitemap.xml")], "sitemap fetched on page load"
    meta, urls, _ = search(page, "đất đai")
    assert [url for url in requested if url.endswith("/search/search_index.json")]
    assert urls and "liên quan" in meta
    context.close()


def test_search_works_on_a_phone(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(server + "tin-tuc/")
    page.wait_for_load_state("networkidle")
    # On a phone the search box is behind the magnifier button in the header.
    page.locator("label.md-header__button[for=__search]").click()
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    meta, urls, _ = search(page, "bien dao")
    assert urls and "liên quan" in meta, meta
    context.close()
