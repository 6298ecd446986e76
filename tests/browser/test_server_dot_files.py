"""deploy/nginx.conf never serves a dot-file or anything inside a dot-folder (.git, .env,
.portal-previous…), whichever other `location` the name would match (feeds, calendars, CSV…),
while `/.well-known/` and ordinary pages stay servable.

nginx tries regex locations in the order they appear and takes the first match: a dot rule placed
after `location ~ \\.csv$` lets `/.git/x.csv` through. These tests serve a folder holding such
files with the real configuration, so the order (and every location added later) is checked."""

from __future__ import annotations

import http.client
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import REPO

pytestmark = pytest.mark.browser  # needs the real nginx, like the other server tests

# A name for every special `location` of nginx.conf, put inside dot-folders (and beside them).
SPECIAL_NAMES = ("lich.ics", "rss.xml", "atom.xml", "feed.json", "x.csv", "feeds.opml", "sitemap.xml",
                 "quan-tri/config.yml")

HIDDEN = list(dict.fromkeys([
    ".git/x.csv", ".git/config", ".git/HEAD",
    ".hidden/rss.xml", ".hidden/atom.xml",
    ".x/lich.ics",
    ".cache/lich.ics",
    ".portal-previous/index.html", ".portal-previous/tin-tuc/rss.xml",
    "sub/.env", ".env", ".htpasswd", ".DS_Store",
    "tin-tuc/.git/x.csv", "linh-vuc/moi-truong/.hidden/atom.xml",
    ".well-known/.git/x.csv",       # a dot-folder inside .well-known
    "quan-tri/.git/config", "quan-tri/.env",  # the web editor's location keeps them hidden too
    "sub/.well-known/security.txt",  # only the root /.well-known/ is public
    *(f"{folder}/{name}" for folder in (".git", ".hidden", "sub/.cache") for name in SPECIAL_NAMES),
    *(f"sub/.{name}" for name in SPECIAL_NAMES),  # dot-files named like feeds
    *(f".{name}" for name in SPECIAL_NAMES),
]))

PUBLIC = {
    "": "text/html",
    "index.html": "text/html",
    "rss.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "linh-vuc/moi-truong/rss.xml": "application/rss+xml",
    "lich-su-kien/lich.ics": "text/calendar",
    "ke-hoach/x.csv": "text/csv",
    "nhan-tin/feeds.opml": "text/x-opml",
    "sitemap.xml": "application/xml",
    "tin-tuc/v1.2/index.html": "text/html",  # a dot inside a name is not a dot-folder
    ".well-known/security.txt": "text/plain",
    "quan-tri/index.html": "text/html",  # the web editor, under its own headers
    "quan-tri/config.yml": "text/yaml",
}


@pytest.fixture(scope="module")
def dotted(tmp_path_factory: pytest.TempPathFactory, serve_folder: Callable[[Path], str]) -> str:
    """Serve a folder holding the public files, the hidden files and the 404 page; return its URL."""
    site = tmp_path_factory.mktemp("dotted") / "site"
    files = {"404.html": "<p>Không tìm thấy trang</p>", **{p or "index.html": "public" for p in PUBLIC}}
    files |= {path: "SECRET" for path in HIDDEN}
    files[".portal-previous/tin-tuc/index.html"] = "SECRET"
    files[".x/rss.xml.gz"] = "SECRET"  # gzip_static must not hand it out either
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    return serve_folder(site)


def get(base: str, path: str) -> tuple[int, str, bytes]:
    """GET the raw request target `path` (sent as is, not normalised); return status, type, body."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        conn.close()


def dot_rule_status() -> int:
    """The status the dot-file rule of nginx.conf returns (kept whatever it is: 404 or 403)."""
    conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    match = re.search(r"location\s+~\s+\S*\\\.[^{]*\{\s*return\s+(\d{3});", conf)
    assert match, "nginx.conf has no dot-file rule"
    return int(match.group(1))


@pytest.mark.parametrize("path", HIDDEN + [".x/", ".portal-previous/", ".portal-previous/tin-tuc/", ".x/rss.xml"])
def test_dot_paths_are_never_served(dotted: str, path: str) -> None:
    status, _, body = get(dotted, "/" + path)
    assert status == dot_rule_status() == 404, path
    assert b"SECRET" not in body


@pytest.mark.parametrize("target", [
    "/%2Egit/x.csv", "/%2egit/config", "//.git/x.csv", "/sub/../.git/x.csv", "/.git%2Fx.csv",
    "/./.hidden/rss.xml", "/.well-known/../.x/lich.ics", "/.git/x.csv?download=1", "/.hidden/atom.xml#x",
])
def test_disguised_dot_paths_are_never_served(dotted: str, target: str) -> None:
    status, _, body = get(dotted, target)
    assert status == 404, target  # nginx decodes and normalises the URI before matching
    assert b"SECRET" not in body


@pytest.mark.parametrize(("path", "media_type"), PUBLIC.items())
def test_well_known_and_ordinary_files_are_still_served(dotted: str, path: str, media_type: str) -> None:
    status, content_type, body = get(dotted, "/" + path)
    assert status == 200, path
    assert content_type.split(";")[0] == media_type, path
    assert body == b"public"


def test_every_special_location_has_a_hidden_probe() -> None:
    """A location added to nginx.conf later must be covered by a probe above."""
    conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    locations = re.findall(r"^\s*location\s+(=|~\*?|\^~)?\s*(\S+)\s*\{", conf, re.M)
    assert locations
    for modifier, pattern in locations:
        if modifier in ("~", "~*"):
            if "\\." in pattern and "return" in conf.split(pattern, 1)[1].split("}", 1)[0]:
                continue  # the dot-file rule itself
            regex = re.compile(pattern.strip('"'), re.I if modifier == "~*" else 0)
            assert any(regex.search("/" + name) for name in SPECIAL_NAMES), pattern
        elif modifier == "=":
            assert "/." not in pattern, pattern
            assert pattern.rsplit("/", 1)[1] in SPECIAL_NAMES, pattern
        else:  # a prefix location: regex locations (the dot rule) still win, unless it is ^~
            assert modifier != "^~", f"{pattern}: `^~` would skip the dot-file rule"
