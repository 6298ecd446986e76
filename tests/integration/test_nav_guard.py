"""The quadratic-nav guard: with 2,000 articles, an article page must stay small.

If articles (or the generated list pages) ever went into the MkDocs nav, every page would carry
a link to every article: each page would grow with the number of articles (hundreds of KB
here) and the build would become quadratic. This builds 2,000 small articles and checks every
article page.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from lxml import html as lxml_html

from helpers import article, make_project, run_build

COUNT = 2000
MAX_PAGE_BYTES = 25_000
TOPICS = ("[moi-truong]", "[tai-nguyen-nuoc]", "[bien-hai-dao]", "[moi-truong, bien-hai-dao]")
ARTICLE_PATH = re.compile(r"^/tin-tuc/\d{4}/\d{2}/[a-z0-9-]+/$")


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    first = date(2019, 1, 1)
    content: dict[str, str | bytes] = {}
    for n in range(COUNT):
        day = first + timedelta(days=n // 2)
        content[f"articles/{day.year}/tin-{n:04d}.md"] = article(
            f"Tin hoạt động số {n:04d}", day.isoformat(), TOPICS[n % len(TOPICS)],
            body=f"Nội dung ngắn của tin số {n}.",
        )
    proj = make_project(tmp_path_factory.mktemp("navguard"), content)
    started = time.monotonic()
    result = run_build(proj)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {"site": proj / "site", "seconds": seconds}


def article_pages(site: Path) -> list[Path]:
    """Pages at tin-tuc/YYYY/MM/<slug>/ (not the year archives' tin-tuc/YYYY/trang/N/)."""
    return sorted(p for p in (site / "tin-tuc").glob("*/*/*/index.html") if p.parent.parent.name.isdigit())


def test_every_article_was_built(big_site: dict) -> None:
    assert len(article_pages(big_site["site"])) == COUNT


def test_article_pages_stay_small(big_site: dict) -> None:
    sizes = {p: p.stat().st_size for p in article_pages(big_site["site"])}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < MAX_PAGE_BYTES, f"{largest} is {sizes[largest]} bytes"


def test_no_article_page_links_to_other_articles_in_its_nav(big_site: dict) -> None:
    site = big_site["site"]
    for path in article_pages(site)[:: COUNT // 50] + article_pages(site)[-3:]:
        url = "/" + path.parent.relative_to(site).as_posix() + "/"
        doc = lxml_html.fromstring(path.read_bytes())
        hrefs = doc.xpath("//nav[contains(@class, 'md-nav')]//a/@href | //nav[contains(@class, 'md-tabs')]//a/@href")
        assert hrefs, "the site navigation is missing"
        targets = {urlparse(urljoin("https://s.example" + url, h)).path for h in hrefs}
        leaked = {t for t in targets if ARTICLE_PATH.match(t) and t != url}
        assert leaked == set(), f"{url} links to {len(leaked)} articles in its nav"


def test_list_pages_stay_small(big_site: dict) -> None:
    site = big_site["site"]
    for rel in ("tin-tuc/index.html", "tin-tuc/trang/100/index.html", "linh-vuc/moi-truong/trang/50/index.html",
                "index.html"):
        assert (site / rel).stat().st_size < 2 * MAX_PAGE_BYTES, rel


def test_build_time_is_reasonable(big_site: dict) -> None:
    # About 2,700 pages: ~16 s on a quiet 2-core machine. With articles in the nav, 200 articles
    # already took 3x longer (5.5 s instead of 1.7 s); at 2,000 that quadratic part is ~100x (minutes).
    assert big_site["seconds"] < 120
