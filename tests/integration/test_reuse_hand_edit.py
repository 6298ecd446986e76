"""A published page edited by hand in place, keeping its size, modification time and inode, is
written again by the next warm build (security review): reuse compares the file's content too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EPOCH, article, make_project

ARTICLES = {
    f"articles/2024/bai-{i}.md": article(f"Bài sửa tay số {i}", f"2024-06-0{i} 08:00",
                                         body=f"Đoạn mở đầu của bài {i}.\n\nNội dung **{i}**.")
    for i in range(1, 6)
}


def mkdocs_build(proj: Path, out: Path) -> str:
    """`mkdocs build` in place into `out`; return the log."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=proj,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stderr


def portal_build(proj: Path, out: Path) -> str:
    """`portal build` (new folder, kept pages hard-linked from the published one); return the log."""
    result = subprocess.run(
        [sys.executable, "-m", "portal.cli", "build", "--root", str(proj), "--site-dir", str(out)],
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def kept(log: str) -> tuple[int, int]:
    line = next(line for line in log.splitlines() if "Giữ lại" in line)
    count, total = line.split("Giữ lại ", 1)[1].split(" ", 1)[0].split("/")
    return int(count), int(total)


def edit_in_place_keeping_the_stamp(page: Path, old: bytes, new: bytes) -> None:
    """Overwrite `old` with `new` (same length) in `page` without truncating it, then put the
    modification time back: size, mtime and inode are as the build left them."""
    assert len(old) == len(new)
    before = os.stat(page)
    data = page.read_bytes()
    offset = data.index(old)
    fd = os.open(page, os.O_WRONLY)
    try:
        os.pwrite(fd, new, offset)
    finally:
        os.close(fd)
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(page)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    assert page.read_bytes() != data


@pytest.mark.parametrize("how", ["mkdocs-build-in-place", "portal-build"])
def test_page_edited_in_place_with_the_same_stamp_is_written_again(tmp_path: Path, how: str) -> None:
    proj = make_project(tmp_path, ARTICLES)
    site = proj / "site"
    build = mkdocs_build if how == "mkdocs-build-in-place" else portal_build
    build(proj, site)
    count, total = kept(build(proj, site))
    assert count == total > 5  # the manifest covers every generated page
    page = next(site.glob("tin-tuc/2024/*/bai-sua-tay-so-3/index.html"))
    other = next(site.glob("tin-tuc/2024/*/bai-sua-tay-so-4/index.html"))
    built, other_built = page.read_bytes(), other.read_bytes()

    old = "Đoạn mở đầu của bài 3.".encode()
    edit_in_place_keeping_the_stamp(page, old, b"X" * len(old))
    assert kept(build(proj, site)) == (total - 1, total)
    assert page.read_bytes() == built  # what the build produces, not the hand edit
    assert other.read_bytes() == other_built

    # Written again, it is recorded again: the next build keeps it.
    assert kept(build(proj, site)) == (total, total)
    assert page.read_bytes() == built
