"""WCAG 2.1 AA on every page type, in Chromium against nginx: axe-core finds nothing, a keyboard
user can skip to the content and always sees where the focus is, and images never shift the
page while they load."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from audit import PAGE_TYPES, describe_violations, page_type_paths, run_axe

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def paths(sample_site: Path) -> dict[str, str]:
    return page_type_paths(sample_site)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_violation(browser, server: str, paths: dict[str, str], page_type: str, viewport: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    response = page.goto(server + paths[page_type])
    assert response is not None and response.status == (404 if page_type == "404" else 200)
    page.wait_for_load_state("networkidle")
    violations = run_axe(page)
    context.close()
    assert violations == [], f"{page_type} ({viewport}) /{paths[page_type]}:\n{describe_violations(violations)}"


@pytest.mark.parametrize("page_type", ["home", "article", "plan", "calendar-month"])
def test_skip_link_moves_the_keyboard_past_the_navigation(browser, server: str, paths: dict[str, str], page_type: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(server + paths[page_type])
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => ({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})")
    assert focused == {"text": "Chuyển đến nội dung chính", "href": "#noi-dung"}
    skip = page.locator("a.portal-skip")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["width"] > 0, "the focused skip link is not on screen"
    page.keyboard.press("Enter")
    # The jump to the fragment is reported asynchronously: await it instead of reading page.url at once.
    page.wait_for_url(lambda url: urlparse(url).fragment == "noi-dung")
    page.keyboard.press("Tab")
    # The next stop is inside the page's content, not the header, tabs or menu.
    inside = page.evaluate(
        "() => { const el = document.activeElement;"
        " return [!!el.closest('.md-content'), !!el.closest('.md-header, .md-tabs, .md-sidebar--primary')]; }"
    )
    assert inside == [True, False], page.evaluate("() => document.activeElement.outerHTML")
    context.close()


@pytest.mark.parametrize("page_type", ["home", "article", "plan"])
def test_focus_is_always_visible(browser, server: str, paths: dict[str, str], page_type: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(server + paths[page_type])
    page.wait_for_load_state("networkidle")
    seen = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const el = document.activeElement; const s = getComputedStyle(el);"
            " return {tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 40),"
            " outline: s.outlineStyle, width: parseFloat(s.outlineWidth), visible: el.getClientRects().length > 0}; }"
        )
        if style["tag"] == "BODY":
            break
        seen += 1
        assert style["visible"], f"focus went to an invisible element: {style}"
        assert style["outline"] != "none" and style["width"] >= 2, f"no visible focus on {style}"
    assert seen >= 10, f"only {seen} focusable elements reached"
    context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_images_have_a_size_and_load_lazily_below_the_fold(browser, server: str, paths: dict[str, str], page_type: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(server + paths[page_type])
    images = page.evaluate(
        "() => Array.from(document.images).map(img => ({src: img.getAttribute('src'),"
        " width: img.getAttribute('width'), height: img.getAttribute('height'),"
        " loading: img.getAttribute('loading'), priority: img.getAttribute('fetchpriority'),"
        " top: img.getBoundingClientRect().top + scrollY,"
        " shown: img.getClientRects().length > 0}))"
    )
    fold = VIEWPORTS["phone"]["height"]
    # The page's one lead image (fetchpriority=high) is its largest element on wider screens,
    # so it loads first everywhere; every other image below a phone's first screen waits.
    assert sum(1 for image in images if image["priority"] == "high") <= 1, images
    for image in images:
        assert image["width"] and image["height"], f"{page_type}: image without width/height: {image}"
        if image["shown"] and image["top"] > fold and image["priority"] != "high":
            assert image["loading"] == "lazy", f"{page_type}: image below the fold loads eagerly: {image}"
    if page_type == "article":
        lead = page.locator(".portal-article__image img")
        assert lead.get_attribute("loading") != "lazy", "the lead image (above the fold) must not wait"
    context.close()
