"""`mkdocs serve` for editors: drafts and scheduled items with a banner, content errors as a page.

A real `mkdocs serve` runs on a free port. When an editor saves a broken file, the terminal and
the browser show the same `path:line: [rule] message` lines (on the home page, on every page
that was open, and on unknown URLs), and the server keeps serving; fixing the file brings the
site back without a restart.
"""

from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from serving import free_port
from helpers import EPOCH, article, make_project

ARTICLE_URL = "tin-tuc/2024/06/bai-a-da-dang/"
BROKEN = "---\ntitle: Bài bị lỗi\ndate: 2024-13-01\ntopics: [moi-trong]\n---\n\nNội dung.\n"
PROBLEM = re.compile(r"content/\S+:\d+: \[[a-z0-9-]+\] [^\n<]+")
TAB = re.compile(r'<a href="[^"]*" class="md-tabs__link">(.*?)</a>', re.DOTALL)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(predicate, what: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


class Server:
    def __init__(self, proj: Path, base: str, log: Path) -> None:
        self.proj, self.base, self.log = proj, base, log

    def page(self, path: str = "") -> tuple[int, str]:
        return get(self.base + path)

    def terminal(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    proj = make_project(tmp_path_factory.mktemp("serve"), {
        "articles/2024/a.md": article("Bài A đã đăng", "2024-06-01"),
        "articles/2024/nhap.md": article("Bài còn là bản nháp", "2024-06-02", extra="draft: true\n"),
        "articles/2024/hen-gio.md": article("Bài hẹn giờ đăng", "2024-07-01 08:00"),
    })
    port = free_port()
    log = proj.parent / "serve.log"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=proj, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )
    srv = Server(proj, f"http://127.0.0.1:{port}/", log)
    try:
        def up() -> bool:
            if process.poll() is not None:
                raise AssertionError("mkdocs serve exited:\n" + srv.terminal())
            try:
                return srv.page()[0] == 200
            except OSError:
                return False
        wait_for(up, "mkdocs serve to start")
        yield srv
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_preview_shows_drafts_and_scheduled_items_with_a_banner(server: Server):
    status, page = server.page("tin-tuc/2024/06/bai-con-la-ban-nhap/")
    assert status == 200
    assert "<strong>Bản nháp</strong> – trang này chỉ hiện khi xem trước, không được xuất bản." in page
    status, page = server.page("tin-tuc/2024/07/bai-hen-gio-dang/")
    assert status == 200
    assert "<strong>Hẹn giờ đăng</strong> – trang này sẽ được xuất bản từ Thứ Hai, 01/07/2024, 08:00" in page
    status, page = server.page(ARTICLE_URL)
    assert status == 200 and "portal-banner" not in page


def test_content_error_is_shown_in_the_browser_and_the_terminal_then_fixed(server: Server):
    broken = server.proj / "content/articles/2024/loi.md"
    broken.write_text(BROKEN, encoding="utf-8")
    try:
        wait_for(lambda: "Nội dung có lỗi" in server.page()[1], "the error page after saving a broken file")
        status, home = server.page()
        assert status == 200
        shown = [html.unescape(line) for line in re.findall(r"<code>(.*?)</code>", home)]
        assert shown == [
            "content/articles/2024/loi.md:3: [date-invalid] ngày không hợp lệ '2024-13-01': không có tháng 13 "
            "(tháng từ 1 tới 12)",
            "content/articles/2024/loi.md:4: [topic-unknown] lĩnh vực 'moi-trong' không tồn tại — có phải "
            "'moi-truong'?",
        ]
        assert "Tổng cộng: 2 lỗi, 0 cảnh báo." in home
        terminal = server.terminal()
        in_terminal = [m.group(1) for m in re.finditer(r"^ERROR\s+-\s+portal: (content/.+)$", terminal, re.MULTILINE)]
        assert in_terminal == shown  # the same lines, in the same order
        # The page an editor had open shows the same list (and reloads itself when it is fixed).
        status, article_page = server.page(ARTICLE_URL)
        assert status == 200 and [html.unescape(x) for x in re.findall(r"<code>(.*?)</code>", article_page)] == shown
        assert "livereload" in article_page
        # Any other address too, through the 404 page.
        status, missing = server.page("khong-co-trang-nay/")
        assert status == 404 and [html.unescape(x) for x in re.findall(r"<code>(.*?)</code>", missing)] == shown
        assert "The server will appear stuck" not in terminal
    finally:
        broken.unlink()
    wait_for(lambda: "Bài A đã đăng" in server.page(ARTICLE_URL)[1], "the site to come back after the fix")
    status, home = server.page()
    assert status == 200 and "Nội dung có lỗi" not in home
    assert server.page("khong-co-trang-nay/")[0] == 404
    assert "Không tìm thấy trang" in server.page("khong-co-trang-nay/")[1]


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whatever its tags (`!!python/name:…`, `!ENV`)."""


_ConfigLoader.add_multi_constructor("", lambda loader, _suffix, node: None)


def nav_labels(proj: Path) -> list[str]:
    """Return the top-level menu labels of mkdocs.yml `nav:`, in order."""
    config = yaml.load((proj / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    return [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["nav"]]


def tab_labels(page: str) -> list[str]:
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", label)).split()) for label in TAB.findall(page)]


def test_error_page_menu_keeps_the_labels_of_mkdocs_yml(server: Server):
    labels = nav_labels(server.proj)
    assert labels[:2] == ["Trang chủ", "Tin tức"] and len(labels) == 9
    assert tab_labels(server.page()[1]) == labels
    broken = server.proj / "content/articles/2024/loi-menu.md"
    broken.write_text(BROKEN, encoding="utf-8")
    try:
        wait_for(lambda: "Nội dung có lỗi" in server.page()[1], "the error page after saving a broken file")
        for path in ("", ARTICLE_URL, "gioi-thieu/", "khong-co-trang-nay/"):
            _status, page = server.page(path)
            assert "[topic-unknown]" in page, path  # the body lists the problems…
            assert tab_labels(page) == labels, path  # …under the site's own menu
    finally:
        broken.unlink()
    wait_for(lambda: "Nội dung có lỗi" not in server.page()[1], "the site to come back after the fix")
    assert tab_labels(server.page()[1]) == labels
