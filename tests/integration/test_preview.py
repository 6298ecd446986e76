"""`mkdocs serve` (the editors' live preview) shows drafts and scheduled articles, marked as such."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from serving import free_port
from helpers import EPOCH, article, make_project

MKDOCS = Path(sys.executable).parent / "mkdocs"
CONTENT = {
    "articles/2024/cong-khai.md": article("Tin đã đăng", "2024-06-05"),
    "articles/2024/nhap.md": article("Dự thảo tin hội nghị", "2024-06-06", extra="draft: true\n"),
    "articles/2024/hen-gio.md": article("Tin hẹn giờ tháng bảy", "2024-07-01"),
}
DRAFT_URL = "tin-tuc/2024/06/du-thao-tin-hoi-nghi/"
SCHEDULED_URL = "tin-tuc/2024/07/tin-hen-gio-thang-bay/"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proj = make_project(tmp_path_factory.mktemp("preview"), CONTENT)
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    log = proj / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}"], cwd=proj, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail("mkdocs serve exited:\n" + log.read_text(encoding="utf-8", errors="replace"))
            try:
                if fetch(base)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("mkdocs serve did not answer in 60 s:\n" + log.read_text(encoding="utf-8", errors="replace"))
            time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)  # graceful: MkDocs removes its temporary site folder
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    assert not (proj / "site").exists(), "the preview must not write the public site/ folder"


def test_draft_is_shown_with_a_banner(preview: str) -> None:
    status, body = fetch(preview + DRAFT_URL)
    assert status == 200
    assert "<h1" in body and "Dự thảo tin hội nghị" in body
    assert "<strong>Bản nháp</strong>" in body


def test_scheduled_article_is_shown_with_its_publication_date(preview: str) -> None:
    status, body = fetch(preview + SCHEDULED_URL)
    assert status == 200
    assert "<strong>Hẹn giờ đăng</strong>" in body
    assert "Thứ Hai, 01/07/2024" in body


def test_published_article_has_no_banner(preview: str) -> None:
    status, body = fetch(preview + "tin-tuc/2024/06/tin-da-dang/")
    assert status == 200
    assert "Bản nháp" not in body and "Hẹn giờ đăng" not in body


def test_news_list_marks_drafts_and_scheduled_items(preview: str) -> None:
    status, body = fetch(preview + "tin-tuc/")
    assert status == 200
    assert body.index("Tin hẹn giờ tháng bảy") < body.index("Dự thảo tin hội nghị") < body.index("Tin đã đăng")
    assert 'portal-tag--draft">Bản nháp<' in body
    assert 'portal-tag--scheduled">Hẹn giờ<' in body
