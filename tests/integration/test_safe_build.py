"""`portal build`: never a half-built site/. Killed, failed or refused builds leave site/ byte-identical.

The kill test starts a real `portal build` on a site big enough to take several seconds, waits
until MkDocs has written part of the new pages into the temporary folder, then sends SIGTERM or
SIGINT (Ctrl-C) and compares every byte of site/ with what was there before.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import EPOCH, article, env, make_project, portal, run_portal, snapshot

ARTICLES = 600


def leftovers(proj: Path) -> list[str]:
    return sorted(p.name for p in proj.iterdir() if p.name.startswith((".site.tmp-", ".site.old-")))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with enough articles for a build of several seconds, built once."""
    files = {
        f"articles/2024/bai-{i:04d}.md": article(f"Bài số {i} về bảo vệ môi trường", f"2024-{1 + i % 5:02d}-{1 + i % 28:02d}",
                                                 body=f"Nội dung bài viết số {i} về môi trường. " * 40)
        for i in range(ARTICLES)
    }
    proj = make_project(tmp_path_factory.mktemp("big"), files)
    result = run_portal(proj, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (proj / "site/tin-tuc/2024/01/bai-so-0-ve-bao-ve-moi-truong/index.html").is_file()
    return proj


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_killing_a_build_half_way_leaves_site_byte_identical(big: Path, sig: signal.Signals):
    before = snapshot(big / "site")
    content_before = snapshot(big / "content")
    # Change the content so the interrupted build would have written a different site.
    extra = big / "content/articles/2024/bai-moi.md"
    extra.write_text(article("Bài mới chưa được đăng", "2024-06-10"), encoding="utf-8")
    try:
        process = subprocess.Popen(portal(big, "build"), env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True)
        deadline = time.monotonic() + 300
        written = 0
        while time.monotonic() < deadline and process.poll() is None:
            temps = [p for p in big.iterdir() if p.name.startswith(".site.tmp-")]
            written = sum(1 for t in temps for _ in (t / "tin-tuc").rglob("index.html")) if temps else 0
            if written >= 50:  # MkDocs is in the middle of writing the article pages
                break
            time.sleep(0.05)
        assert process.poll() is None and written >= 50, "the build ended before it could be interrupted"
        process.send_signal(sig)
        output, _ = process.communicate(timeout=120)
    finally:
        extra.unlink()
    assert process.returncode == 128 + sig, output
    assert f"Đã dừng theo yêu cầu ({sig.name}): site/ được giữ nguyên như trước." in output
    assert snapshot(big / "site") == before
    assert not (big / "site/tin-tuc/2024/06/bai-moi-chua-duoc-dang").exists()
    time.sleep(1.0)  # nothing keeps writing after the command returned (MkDocs and its helpers are gone)
    assert leftovers(big) == []
    content_after = snapshot(big / "content")
    assert content_after == content_before


def test_content_error_leaves_site_untouched_and_writes_nothing(big: Path):
    before = snapshot(big / "site")
    broken = big / "content/articles/2024/hong.md"
    broken.write_text("---\ntitle: Bài lỗi\ndate: 2024-13-01\ntopics: [moi-trong]\n---\n\nx\n", encoding="utf-8")
    try:
        result = run_portal(big, "build")
    finally:
        broken.unlink()
    assert result.returncode == 1
    assert "content/articles/2024/hong.md:3: [date-invalid] ngày không hợp lệ '2024-13-01'" in result.stdout
    assert "content/articles/2024/hong.md:4: [topic-unknown] lĩnh vực 'moi-trong' không tồn tại" in result.stdout
    assert "Trang web chưa được xây dựng lại; site/ giữ nguyên." in result.stdout
    assert snapshot(big / "site") == before
    assert leftovers(big) == []


def test_a_second_build_is_refused_while_one_runs(big: Path):
    before = snapshot(big / "site")
    fd = os.open(big, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what a running `portal build` holds
        result = run_portal(big, "build")
    finally:
        os.close(fd)
    assert result.returncode == 1
    assert "Một lần xây dựng khác đang chạy trong thư mục này" in result.stdout
    assert snapshot(big / "site") == before


def test_successful_build_swaps_in_a_complete_new_site(tmp_path: Path):
    proj = make_project(tmp_path, {
        "articles/2024/cu.md": article("Bài sẽ bị xoá", "2024-06-01"),
        "articles/2024/giu.md": article("Bài được giữ", "2024-06-02"),
    })
    content_before = snapshot(proj / "content")
    first = run_portal(proj, "build")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Tổng cộng: 0 lỗi, 0 cảnh báo. Đã xây dựng site/:" in first.stdout
    old_page = proj / "site/tin-tuc/2024/06/bai-se-bi-xoa/index.html"
    assert old_page.is_file()
    # Published folders must stay readable by the web server (mkdtemp would give 0700).
    assert (proj / "site").stat().st_mode & 0o755 == 0o755

    (proj / "content/articles/2024/cu.md").unlink()
    (proj / "content/articles/2024/moi.md").write_text(article("Bài mới", "2024-06-03"), encoding="utf-8")
    (proj / ".site.tmp-tu-lan-truoc").mkdir()  # left by a build killed with SIGKILL
    (proj / ".site.tmp-tu-lan-truoc/rac.html").write_text("x", encoding="utf-8")
    content_mid = snapshot(proj / "content")
    second = run_portal(proj, "build")
    assert second.returncode == 0, second.stdout + second.stderr
    assert (proj / "site/tin-tuc/2024/06/bai-moi/index.html").is_file()
    assert not old_page.exists()  # a fresh folder: no stale pages from the previous build
    assert leftovers(proj) == []
    assert snapshot(proj / "content") == content_mid  # the build never writes editors' files
    assert content_before != content_mid

