"""Old addresses of moved items on the real server (deploy/nginx.conf): nginx answers 301 from the
map the build writes, and without the map the forwarding page takes the browser to the new
address under the site's Content-Security-Policy (no script). The record and the map are
dot-files: never served."""

from __future__ import annotations

import http.client
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import article, make_project, run_build

pytestmark = pytest.mark.browser

NEW = "tin-tuc/2024/06/mua-lon-gay-ngap/"
OLD = ("tin-tuc/2024/05/mua-lon/", "tin-tuc/chi-tiet/bai-123.html/")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    extra = "aliases:\n  - /tin-tuc/2024/05/mua-lon/\n  - /tin-tuc/chi-tiet/bai-123.html\n"
    proj = make_project(tmp_path_factory.mktemp("moved"),
                        {"articles/2024/mua.md": article("Mưa lớn gây ngập", "2024-06-05", extra=extra)})
    result = run_build(proj)
    assert result.returncode == 0, result.stdout + result.stderr
    return proj / "site"


def get(base: str, path: str) -> tuple[int, str, bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.getheader("Location", ""), response.read()
    finally:
        conn.close()


def test_nginx_answers_301_from_the_map(site: Path, serve_folder: Callable[[Path], str]) -> None:
    base = serve_folder(site)
    for old in OLD:
        for path in ("/" + old, "/" + old.rstrip("/"), "/" + old + "index.html"):
            status, location, _ = get(base, path)
            assert (status, location) == (301, "/" + NEW), path
    assert get(base, "/" + NEW)[0] == 200
    for hidden in ("/.portal-urls.json", "/.portal-redirects.map"):
        assert get(base, hidden)[0] == 404


def test_without_the_map_the_forwarding_page_moves_the_browser(
        site: Path, serve_folder: Callable[[Path], str], browser, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / ".portal-redirects.map").unlink()  # a server without the optional map, or not reloaded yet
    base = serve_folder(copy)
    status, _, body = get(base, "/" + OLD[0])
    assert status == 200 and b'http-equiv="refresh"' in body
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto(base + OLD[0])
        page.wait_for_url(base + NEW, timeout=10_000)
        assert page.locator("h1").first.inner_text().strip() == "Mưa lớn gây ngập"
    finally:
        page.close()
    assert errors == []  # no Content-Security-Policy violation
