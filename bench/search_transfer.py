"""Bytes one search transfers: a visitor types a query into the search box of a built site served
by nginx with deploy/nginx.conf, in Chromium; everything the browser fetches from the first
keystroke to the first results is added up (response bodies as sent, compressed, plus headers).

    python bench/search_transfer.py SITE_DIR [QUERY ...]     # prints each request and the total

Used by `make bench` (bench/run.py) and by tests/browser/test_search_transfer.py. Needs the test
tools (`make setup-dev`: Playwright, Debian's Chromium, nginx); nothing is downloaded.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from serving import CHROMIUM, CHROMIUM_ARGS, nginx_serving  # noqa: E402  (shared with the browser tests)

QUERY = "moi truong"
"""The two-word query of the budget: the most frequent words of the corpus (found on nearly every page)."""
BUDGET_BYTES = 300 * 1024
"""One search on a 10,000-article site."""
BUDGET_ARTICLES = 10_000
FIXED_SHARE = 0.5
"""Part of the budget that does not grow with the site (the code and the results shown)."""
TYPING_DELAY_MS = 120
"""Between keystrokes: a quick typist (each pause may start a search of what is typed so far)."""


def budget(articles: int) -> int:
    """Return the bytes one search may transfer on a site of `articles` articles.

    The budget (300 KB at 10,000 articles) scaled to the site: half of it is for what does not
    grow with the site (the search code, the ten results shown), the other half in proportion to
    the number of articles (the index's entry and the postings of the query's words).
    """
    return round(BUDGET_BYTES * (FIXED_SHARE + (1 - FIXED_SHARE) * articles / BUDGET_ARTICLES))


@dataclass
class Transfer:
    """What one search fetched."""

    query: str
    results: str
    """The results line the visitor sees ("Tìm thấy … kết quả")."""
    requests: list[tuple[str, int]] = field(default_factory=list)
    """(path, bytes) of every request, in order."""
    loaded_before: list[str] = field(default_factory=list)
    """Search files fetched before the box was used (should be none)."""

    @property
    def total(self) -> int:
        return sum(size for _, size in self.requests)

    def report(self) -> str:
        lines = [f"{size:>9,} B  {path}" for path, size in self.requests]
        lines.append(f"{self.total:>9,} B  total for {self.query!r} ({len(self.requests)} requests): {self.results}")
        return "\n".join(lines)


@contextmanager
def serving(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` with nginx and deploy/nginx.conf (tests/serving.py); yield the base URL."""
    with tempfile.TemporaryDirectory(prefix="portal-nginx-") as work:
        with nginx_serving(site_dir.resolve(), Path(work)) as base:
            yield base


def measure(browser: Any, base_url: str, query: str = QUERY, *, viewport: dict[str, int] | None = None) -> Transfer:
    """Open the home page, then type `query` into the search box; return what the search fetched."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url)
        page.wait_for_load_state("networkidle")
        responses: list[Any] = []
        page.on("requestfinished", lambda request: responses.append(request))
        before = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(query, delay=TYPING_DELAY_MS)
        page.wait_for_function(
            "q => document.querySelector('[data-portal-search]').getAttribute('data-portal-searched') === q",
            arg=query, timeout=120_000)
        page.wait_for_load_state("networkidle")
        transfer = Transfer(query, page.locator(".md-search-result__meta").inner_text())
        for request in responses:
            sizes = request.sizes()
            transfer.requests.append((request.url[len(base_url) - 1:],
                                      sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        transfer.loaded_before = [url for url in before if "/search/" in url or "portal-search" in url]
        return transfer
    finally:
        context.close()


def measure_site(site_dir: Path, queries: list[str]) -> list[Transfer]:
    """Serve `site_dir` and measure one search per query, each in a fresh browser context."""
    from playwright.sync_api import sync_playwright

    with serving(site_dir) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return [measure(browser, base, query) for query in queries]
        finally:
            browser.close()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for transfer in measure_site(Path(argv[0]), argv[1:] or [QUERY]):
        print(transfer.report())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
