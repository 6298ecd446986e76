"""The real server: deploy/nginx.conf serving the sample site (headers, types, compression,
caching, the 404 page), and a Content-Security-Policy that no page type violates in Chromium."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from audit import PAGE_TYPES, PHONE, PHONE_WEIGHT_BUDGET_KB, WEIGHT_BUDGET_KB, first_load, page_type_paths

pytestmark = pytest.mark.browser


def fetch(url: str, *, gzip_ok: bool = True) -> tuple[int, Message, bytes]:
    """GET `url` without following redirects; return (status, headers, raw body)."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def paths(sample_site: Path) -> dict[str, str]:
    return page_type_paths(sample_site)


def max_age(headers: Message) -> int:
    for part in (headers.get("Cache-Control") or "").split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age":
            return int(value)
    return -1


def test_pages_carry_the_security_headers(server: str) -> None:
    status, headers, _ = fetch(server)
    assert status == 200
    csp = {d.split()[0]: d.split()[1:] for d in headers["Content-Security-Policy"].split(";") if d.strip()}
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval (nor WebAssembly), no third party
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "Server" not in headers or "/" not in headers["Server"]  # no version number


@pytest.mark.parametrize(("path", "media_type"), [
    ("lich-su-kien/lich.ics", "text/calendar"),
    ("rss.xml", "application/rss+xml"),
    ("atom.xml", "application/atom+xml"),
    ("linh-vuc/moi-truong/rss.xml", "application/rss+xml"),
    ("linh-vuc/moi-truong/atom.xml", "application/atom+xml"),
    ("nhan-tin/feeds.opml", "text/x-opml"),
    ("sitemap.xml", "application/xml"),
    ("robots.txt", "text/plain"),
    ("search/index.json", "application/json"),
    ("assets/css/portal.css", "text/css"),
    ("assets/js/portal.js", "application/javascript"),
])
def test_media_types_and_compression(server: str, path: str, media_type: str) -> None:
    status, headers, body = fetch(server + path)
    assert status == 200, path
    assert headers.get_content_type() == media_type
    assert headers.get_content_charset() in ("utf-8", None)
    if len(body) > 512:
        assert headers["Content-Encoding"] == "gzip", path
        gzip.decompress(body)


def test_each_event_calendar_file_is_a_calendar(server: str, sample_site: Path) -> None:
    ics = sorted(sample_site.glob("su-kien/*/*.ics"))
    assert ics
    status, headers, body = fetch(server + ics[0].relative_to(sample_site).as_posix(), gzip_ok=False)
    assert status == 200 and headers.get_content_type() == "text/calendar"
    assert body.startswith(b"BEGIN:VCALENDAR")


def test_cache_policy(server: str) -> None:
    _, page, _ = fetch(server + "tin-tuc/")
    assert 0 < max_age(page) <= 600, page["Cache-Control"]
    _, feed, _ = fetch(server + "rss.xml")
    assert 0 < max_age(feed) <= 600, feed["Cache-Control"]
    _, hashed, _ = fetch(server + "assets/javascripts/bundle.a5f9d56c.min.js")
    assert max_age(hashed) >= 31536000 and "immutable" in hashed["Cache-Control"]
    _, plain, _ = fetch(server + "assets/css/portal.css")  # same name after a change: short-ish
    assert 0 < max_age(plain) <= 86400
    assert plain["ETag"] or plain["Last-Modified"]


def test_search_index_is_compressed_and_its_chunks_cached_for_good(server: str, sample_site: Path) -> None:
    status, entry, body = fetch(server + "search/index.json")
    assert status == 200 and 0 < max_age(entry) <= 600  # names this build's folder: revalidated
    chunk = next((sample_site / "search").glob("*/w0.json")).relative_to(sample_site).as_posix()
    status, headers, body = fetch(server + chunk)
    assert status == 200 and headers.get_content_type() == "application/json"
    assert max_age(headers) >= 31536000 and "immutable" in headers["Cache-Control"]  # a folder per content
    if (sample_site / chunk).stat().st_size > 512:
        assert headers["Content-Encoding"] == "gzip"
        json.loads(gzip.decompress(body))


def test_missing_page_gets_the_vietnamese_404(server: str) -> None:
    status, headers, body = fetch(server + "khong-co/trang-nay/", gzip_ok=False)
    assert status == 404
    assert headers.get_content_type() == "text/html"
    assert "Không tìm thấy trang" in body.decode("utf-8")
    assert max_age(headers) == -1  # a 404 is not given a cache lifetime
    assert headers["Content-Security-Policy"]


def test_folder_without_slash_redirects_on_the_same_host(server: str) -> None:
    status, headers, _ = fetch(server + "tin-tuc")
    assert status == 301
    assert headers["Location"] == "/tin-tuc/"


def test_dot_files_are_never_served(server: str, sample_site: Path) -> None:
    (sample_site / ".secret").write_text("x", encoding="utf-8")
    try:
        assert fetch(server + ".secret")[0] == 404
    finally:
        (sample_site / ".secret").unlink()


CSP_PROBE = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_page_violates_the_content_security_policy(browser, server: str, paths: dict[str, str], page_type: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_PROBE)  # injected by the browser, outside the page's CSP
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.goto(server + paths[page_type])
    page.wait_for_load_state("networkidle")
    # Open search and type: the search code, the index's entry, chunks and result files load too.
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("đất đai")
    page.wait_for_function(
        "() => document.querySelector('[data-portal-search]').getAttribute('data-portal-searched') === 'đất đai'"
    )
    assert page.locator(".md-search-result__meta").inner_text().startswith("Tìm thấy")
    violations = page.evaluate("() => window.__csp")
    context.close()
    assert violations == []
    if page_type == "404":  # the browser reports the page's own 404 status; nothing else
        console = [m for m in console if "status of 404" not in m]
    assert [m for m in console if m.startswith(("error", "pageerror", "warning"))] == []
    assert not [m for m in console if "Content Security Policy" in m]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_first_load_weight(browser, server: str, paths: dict[str, str], page_type: str) -> None:  # type: ignore[no-untyped-def]
    weight, _ = first_load(browser, server + paths[page_type])
    kb = weight.counted_kb
    print(f"first load {page_type}: {kb:.1f} KB ({ {k: round(v / 1024, 1) for k, v in weight.by_kind.items()} })")
    assert kb <= WEIGHT_BUDGET_KB,\
        f"{page_type}: {kb:.1f} KB of HTML/CSS/JS/fonts (gzipped) on first load: {weight.urls}"
    assert not [u for u in weight.urls if "/search/" in u or "portal-search" in u or u.endswith("sitemap.xml")]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_first_load_on_a_phone_with_images(browser, server: str, paths: dict[str, str], page_type: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: a first visit from a 375 px phone transfers at most 150 KB, images included."""
    weight, _ = first_load(browser, server + paths[page_type], **PHONE)
    kb = weight.total_kb
    print(f"phone first load {page_type}: {kb:.1f} KB ({ {k: round(v / 1024, 1) for k, v in weight.by_kind.items()} })")
    assert kb <= PHONE_WEIGHT_BUDGET_KB, (
        f"{page_type}: {kb:.1f} KB on a 375 px phone's first load, {kb - PHONE_WEIGHT_BUDGET_KB:.1f} KB over; "
        f"images {weight.by_kind.get('image', 0) / 1024:.1f} KB: {[u for u in weight.urls if '/media/' in u]}"
    )
