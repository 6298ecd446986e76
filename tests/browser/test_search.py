"""Vietnamese search on the sample site served by nginx (deploy/nginx.conf), in Chromium.

A citizen may type with or without diacritics, "d" for "đ", in capitals, with either tone
placement ("hoà"/"hòa", "thuỷ"/"thủy") and from a keyboard that sends decomposed (NFD) text:
every form finds the same pages. Results show each page's title, kind, date and an excerpt in
its own (accented) words, the matches highlighted; filters narrow them by kind and topic; the
keyboard works as in Material's search box; nothing loads before the box is used; and without
JavaScript the box leads to the topics and the archives.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
KINDS = {"Tin tức", "Chiến dịch", "Kế hoạch", "Sự kiện", "Văn bản"}
PLAN_81 = "/ke-hoach/ke-hoach-81-kh-stnmt-2024/"
DECISION_1596 = "/van-ban/quyet-dinh-1596-qd-ubnd-2024/"


@dataclass
class Results:
    meta: str
    urls: list[str]
    titles: list[str]
    kinds: list[str]
    dates: list[str]
    marks: list[str]


def open_home(browser, server: str, path: str = "", **options):  # type: ignore[no-untyped-def]
    """Return (context, page, requested URLs) with a page loaded (search not yet used)."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    return context, page, requested


def wait_searched(page, query: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "q => document.querySelector('[data-portal-search]').getAttribute('data-portal-searched') === q", arg=query)


def results(page) -> Results:  # type: ignore[no-untyped-def]
    items = page.locator(".md-search-result__item")
    return Results(
        meta=page.locator(".md-search-result__meta").inner_text(),
        urls=[urlparse(h or "").path for h in items.locator("a").evaluate_all("els => els.map(e => e.href)")],
        titles=items.locator(".portal-search__title").all_inner_texts(),
        kinds=items.locator(".portal-search__kind").all_inner_texts(),
        dates=items.locator("time").all_inner_texts(),
        marks=page.locator(".md-search-result mark").all_inner_texts(),
    )


def search(page, query: str) -> Results:  # type: ignore[no-untyped-def]
    """Type `query` into the search box (as one input, like a paste); return what it shows."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    wait_searched(page, query)
    return results(page)


def test_accents_case_and_keyboard_form_do_not_matter(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server)
    plain = search(page, "moi truong")
    assert plain.meta.startswith("Tìm thấy") and plain.urls, plain
    # Pages about "môi trường" are found from the unaccented query, and shown with their accents.
    assert any(u.startswith("/chien-dich/thang-hanh-dong-vi-moi-truong-2024/") for u in plain.urls), plain.urls
    assert {"môi", "Môi"} & set(plain.marks) and {"trường", "Trường"} & set(plain.marks), plain.marks[:10]
    for query in ("môi trường", "MÔI TRƯỜNG", "Môi Trường", unicodedata.normalize("NFD", "môi trường")):
        again = search(page, query)
        assert (again.meta, again.urls) == (plain.meta, plain.urls), query
    context.close()


def test_d_is_found_as_đ(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server)
    land = search(page, "dat dai")
    assert land.urls and "Đất đai" in " ".join(land.titles), land.titles
    assert {"Đất", "đất"} & set(land.marks) and {"đai", "Đai"} & set(land.marks), land.marks[:10]
    accented = search(page, "đất đai")
    assert accented.urls == land.urls
    road = search(page, "duong")
    assert road.urls and {"đường", "Đường"} & set(road.marks), road.marks[:10]
    context.close()


def test_old_and_new_tone_placement_find_the_same_pages(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server)
    old_style = search(page, "Khánh Hòa")  # the sample content writes "Hòa"
    assert any(u.startswith("/tin-tuc/2023/") and "khanh-hoa" in u for u in old_style.urls), old_style.urls
    assert search(page, "Khánh Hoà").urls == old_style.urls  # new-style placement
    assert search(page, "khanh hoa").urls == old_style.urls
    # "thuỷ văn" (new style) finds the World Meteorological Day article, written "thủy văn".
    meteorology = search(page, "khí tượng thuỷ văn")
    assert "/tin-tuc/2023/03/" in " ".join(meteorology.urls), meteorology.urls
    assert search(page, "khi tuong thuy van").urls == meteorology.urls
    context.close()


def test_document_numbers_are_found(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server)
    plan = search(page, "81/KH-STNMT")
    # The two pages numbered 81/KH-STNMT (the plan's summary and the plan as a document) come first.
    assert set(plan.urls[:2]) == {PLAN_81, "/van-ban/van-ban-81-kh-stnmt-2024/"}, plan.urls
    assert "81/KH-STNMT" in plan.marks
    # The decision itself (a document page) and the plan that cites it, by the full number or its digits.
    decision = search(page, "1596/QĐ-UBND")
    # The decision itself first, then the pages that cite it.
    assert decision.urls[0] == DECISION_1596 and PLAN_81 in decision.urls, decision.urls
    assert "1596/QĐ-UBND" in decision.marks, decision.marks
    number_only = search(page, "1596")
    assert number_only.urls[0] == DECISION_1596 and PLAN_81 in number_only.urls, number_only.urls
    assert search(page, "81/kh-stnmt").urls[:2] == plan.urls[:2]
    context.close()


def test_results_show_title_kind_date_and_a_highlighted_excerpt(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server)
    found = search(page, "quan trac nuoc")
    count = len(found.urls)
    assert count and len(found.titles) == len(found.kinds) == len(found.dates) == count
    assert set(found.kinds) <= KINDS and all(DATE.match(d) for d in found.dates), (found.kinds, found.dates)
    excerpts = page.locator(".portal-search__excerpt")
    assert all(excerpts.nth(i).locator("mark").count() for i in range(count)), excerpts.all_inner_texts()
    assert {m.lower() for m in found.marks} >= {"quan", "trắc", "nước"}
    context.close()


def test_filters_narrow_results_by_kind_and_topic(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server)
    everything = search(page, "moi truong")
    assert len(set(everything.kinds)) >= 3, everything.kinds
    page.locator("select[name=loai]").select_option(label="Kế hoạch")
    wait_searched(page, "moi truong")
    plans = results(page)
    assert plans.urls and set(plans.kinds) == {"Kế hoạch"} and all(u.startswith("/ke-hoach/") for u in plans.urls)
    page.locator("select[name=loai]").select_option(label="Tất cả")
    page.locator("select[name=linh-vuc]").select_option(label="Biển và hải đảo")
    wait_searched(page, "moi truong")
    sea = results(page)
    assert sea.urls and set(sea.urls) < set(everything.urls) | set(sea.urls) and sea.meta != everything.meta
    page.goto(server + sea.urls[0].lstrip("/"))
    expect(page.locator(".md-content a.portal-tag", has_text="Biển và hải đảo").first).to_be_visible()
    context.close()


def test_keyboard_habits_of_materials_search(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server, "tin-tuc/")
    box = page.locator("input.md-search__input")
    page.keyboard.press("/")
    expect(box).to_be_focused()
    page.keyboard.type("gio trai dat")
    wait_searched(page, "gio trai dat")
    links = page.locator("a.md-search-result__link")
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).not_to_be_focused()
    expect(page.locator(".md-search__output")).to_be_hidden()
    page.keyboard.press("s")  # "s" opens search again, with the same query
    expect(box).to_be_focused()
    expect(page.locator(".md-search__output")).to_be_visible()
    target = urlparse(links.nth(0).get_attribute("href") or "").path
    page.keyboard.press("Enter")  # Enter in the box opens the best result
    page.wait_for_url(lambda url: urlparse(url).path == target)
    assert "Giờ Trái đất" in page.locator("h1").first.inner_text()
    context.close()


def test_a_result_opens_its_page(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server)
    found = search(page, "gio trai dat")
    assert found.urls, "no result for 'gio trai dat'"
    page.locator("a.md-search-result__link").first.click()
    page.wait_for_url(lambda url: urlparse(url).path == found.urls[0])
    assert "Giờ Trái đất" in page.locator("h1").first.inner_text()
    context.close()


def test_nothing_of_the_search_loads_before_the_box_is_used(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, requested = open_home(browser, server)
    assert not [u for u in requested if "/search/" in u or "portal-search" in u], requested
    assert not [u for u in requested if "lunr" in u or "workers/search" in u or "pagefind" in u]
    found = search(page, "đất đai")
    assert found.urls and found.meta.startswith("Tìm thấy")
    loaded = [urlparse(u).path for u in requested]
    assert "/assets/js/portal-search.js" in loaded and "/search/index.json" in loaded
    assert [p for p in loaded if re.fullmatch(r"/search/[0-9a-f]{12}/w\d+\.json", p)]
    context.close()


def test_no_result_says_so_and_offers_the_topics(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server)
    nothing = search(page, "xyzzy qwerty")
    assert nothing.urls == [] and nothing.meta.startswith("Không tìm thấy kết quả nào")
    expect(page.locator(".portal-search__browse a", has_text="Môi trường")).to_be_visible()
    context.close()


def test_search_works_on_a_phone(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server, "tin-tuc/", viewport={"width": 375, "height": 740},
                                 has_touch=True, is_mobile=True)
    # On a phone the search box is behind the magnifier button in the header.
    page.locator("label.md-header__button[for=__search]").click()
    box = page.locator("input.md-search__input")
    expect(box).to_be_visible()
    expect(box).to_be_focused()
    found = search(page, "bien dao")
    assert found.urls and found.meta.startswith("Tìm thấy"), found.meta
    expect(page.locator("a.md-search-result__link").first).to_be_visible()
    context.close()


def test_without_javascript_the_box_leads_to_topics_and_archives(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context, page, _ = open_home(browser, server, "tin-tuc/", viewport={"width": 375, "height": 740},
                                 java_script_enabled=False)
    page.locator("label.md-header__button[for=__search]").click()
    browse = page.locator(".portal-search__browse")
    expect(browse.locator("a", has_text="Môi trường")).to_be_visible()
    expect(browse.locator("a", has_text="tin tức theo năm")).to_be_visible()
    box = page.locator("input.md-search__input")
    box.fill("moi truong")
    box.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == "/linh-vuc/")
    expect(page.locator("h1")).to_have_text("Lĩnh vực")
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 740}])
def test_the_open_search_with_results_and_filters_passes_axe(browser, server: str, viewport: dict) -> None:  # type: ignore[no-untyped-def]
    from audit import describe_violations, run_axe

    context, page, _ = open_home(browser, server, viewport=viewport)
    if viewport["width"] < 600:
        page.locator("label.md-header__button[for=__search]").click()
    found = search(page, "moi truong")
    expect(page.locator(".portal-search__filters")).to_be_visible()
    assert found.urls
    violations = run_axe(page)
    context.close()
    assert violations == [], describe_violations(violations)
