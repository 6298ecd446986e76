"""Printing an article or a plan (Decree 42/2022 asks for print on every article): no navigation,
the content and task table kept, each link's public address and the page's source printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit import page_type_paths

pytestmark = pytest.mark.browser

SITE = "https://stnmt.example.gov.vn/"
HIDDEN_IN_PRINT = [".md-header", ".md-tabs", ".md-footer", "nav.portal-breadcrumbs",
                   ".md-search", ".portal-actions"]


def printable(sample_site: Path, page_type: str) -> str:
    """An article that links to its campaign or plan, or the plan page type (task table)."""
    if page_type == "plan":
        return page_type_paths(sample_site)["plan"]
    for index in sorted(sample_site.glob("tin-tuc/[0-9]*/[0-9][0-9]/*/index.html")):
        if 'class="portal-belongs"' in index.read_text(encoding="utf-8"):
            return index.parent.relative_to(sample_site).as_posix() + "/"
    raise AssertionError("no article links to a campaign or plan")


@pytest.mark.parametrize("page_type", ["article", "plan"])
def test_page_prints_as_a_document(browser, server: str, sample_site: Path, page_type: str) -> None:  # type: ignore[no-untyped-def]
    path = printable(sample_site, page_type)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    # The menu sidebar would hold one link (the tabs show the menu): not shown on screen either.
    assert not page.locator(".md-sidebar--primary").first.is_visible()
    for selector in HIDDEN_IN_PRINT:
        assert page.locator(selector).first.is_visible() or selector in (".portal-actions", ".md-search"), selector
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    assert page.locator("h1").first.is_visible()
    if page_type == "plan":
        assert page.locator("table.portal-tasks").is_visible()
        assert page.locator("table.portal-tasks thead").is_visible()
    source = page.locator(".portal-print-source")
    assert source.is_visible()
    assert source.inner_text().endswith(SITE + path)
    # Links print their public address after their text.
    printed = page.evaluate(
        "() => Array.from(document.querySelectorAll('.md-content a[href]'))"
        ".filter(a => a.getClientRects().length)"
        ".map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])"
        ".filter(([href, after]) => !href.startsWith('#'))"
    )
    assert printed, "no link in the content"
    with_address = [after for href, after in printed if SITE in after or "http" in after]
    assert with_address, printed[:5]
    assert all("127.0.0.1" not in after for _, after in printed)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    context.close()
