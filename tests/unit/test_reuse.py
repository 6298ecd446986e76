"""Warm rebuilds keep a page file only when its digest, its file stamp and its content all still match."""

from __future__ import annotations

import os
from pathlib import Path

from portal import reuse

PAGE = "tin-tuc/2024/06/bai/index.html"
OTHER = "chu-de/moi-truong/index.html"


def published(tmp_path: Path) -> tuple[Path, Path, dict[str, reuse.Stamp]]:
    """A published folder with two pages and the manifest of the build that wrote it."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    hashes = {}
    for rel, text in ((PAGE, "<p>bài</p>"), (OTHER, "<p>chủ đề</p>"), ("missing/index.html", "-")):
        hashes[rel] = reuse.content_hash(text.encode("utf-8"))
        if rel != "missing/index.html":
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(text, encoding="utf-8")
    digests = {PAGE: "d1", OTHER: "d2", "missing/index.html": "d3", "unhashed/index.html": "d4"}
    (site / "unhashed").mkdir()
    (site / "unhashed" / "index.html").write_text("<p>?</p>", encoding="utf-8")
    assert reuse.write_manifest(cache, site, site, digests, hashes) == 2
    return site, cache, reuse.read_manifest(cache, site)


def test_unchanged_page_is_kept(tmp_path: Path) -> None:
    site, _cache, manifest = published(tmp_path)
    assert sorted(reuse.reusable(site, manifest, {PAGE: "d1", OTHER: "d2"})) == sorted([PAGE, OTHER])


def test_changed_digest_means_render_again(tmp_path: Path) -> None:
    site, _cache, manifest = published(tmp_path)
    assert reuse.reusable(site, manifest, {PAGE: "d1-edited", OTHER: "d2"}) == [OTHER]


def test_file_changed_after_the_build_is_not_kept(tmp_path: Path) -> None:
    site, _cache, manifest = published(tmp_path)
    stat = os.stat(site / PAGE)
    # Replaced by another file of the same size (a deploy step rewriting pages).
    (tmp_path / "new.html").write_text("<p>BÀI</p>", encoding="utf-8")
    os.utime(tmp_path / "new.html", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    os.replace(tmp_path / "new.html", site / PAGE)
    assert os.stat(site / PAGE).st_size == stat.st_size
    assert reuse.reusable(site, manifest, {PAGE: "d1"}) == []
    # Edited in place (same inode and size), the timestamp moved on.
    other = os.stat(site / OTHER)
    with open(site / OTHER, "r+b") as handle:
        handle.write(b"<P>")
    os.utime(site / OTHER, ns=(other.st_atime_ns, other.st_mtime_ns + 1))
    assert reuse.reusable(site, manifest, {OTHER: "d2"}) == []


def test_file_edited_in_place_with_the_same_stamp_is_not_kept(tmp_path: Path) -> None:
    """Same size, modification time and inode, other bytes: only the content shows the edit."""
    site, _cache, manifest = published(tmp_path)
    before = os.stat(site / PAGE)
    fd = os.open(site / PAGE, os.O_WRONLY)  # no truncation: the same inode and size
    try:
        os.write(fd, b"<P>")
    finally:
        os.close(fd)
    os.utime(site / PAGE, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(site / PAGE)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    assert reuse.reusable(site, manifest, {PAGE: "d1", OTHER: "d2"}) == [OTHER]


def test_page_without_a_recorded_hash_is_not_kept(tmp_path: Path) -> None:
    site, _cache, manifest = published(tmp_path)
    assert "unhashed/index.html" not in manifest
    assert reuse.reusable(site, manifest, {"unhashed/index.html": "d4"}) == []


def test_deleted_file_is_not_kept(tmp_path: Path) -> None:
    site, _cache, manifest = published(tmp_path)
    (site / PAGE).unlink()
    assert reuse.reusable(site, manifest, {PAGE: "d1"}) == []


def test_manifest_of_another_folder_or_version_is_ignored(tmp_path: Path) -> None:
    site, cache, _manifest = published(tmp_path)
    assert reuse.read_manifest(cache, tmp_path / "elsewhere") == {}
    (cache / reuse.MANIFEST).write_text('{"version": 0, "dir": "%s", "pages": {}}' % site, encoding="utf-8")
    assert reuse.read_manifest(cache, site) == {}
    (cache / reuse.MANIFEST).write_text("{cut", encoding="utf-8")
    assert reuse.read_manifest(cache, site) == {}


def test_forgotten_manifest_keeps_nothing(tmp_path: Path) -> None:
    site, cache, _manifest = published(tmp_path)
    reuse.forget_manifest(cache)
    assert reuse.read_manifest(cache, site) == {}


def test_set_aside_survives_cleaning_and_moves_back(tmp_path: Path) -> None:
    site, _cache, manifest = published(tmp_path)
    (site / ".htaccess").write_text("keep", encoding="utf-8")
    previous = reuse.set_aside(site)
    assert sorted(os.listdir(site)) == [".htaccess", reuse.PREVIOUS]
    assert reuse.reusable(previous, manifest, {PAGE: "d1"}) == [PAGE]  # renames keep the stamp
    assert reuse.place(previous, site, [PAGE], move=True) == 1
    assert (site / PAGE).read_text(encoding="utf-8") == "<p>bài</p>"
    assert not (previous / PAGE).exists()
    reuse.discard_previous(site)
    assert sorted(os.listdir(site)) == [".htaccess", "tin-tuc"]


def test_link_leaves_the_published_folder_as_it_was(tmp_path: Path) -> None:
    site, _cache, _manifest = published(tmp_path)
    out = tmp_path / ".site.tmp-1"
    out.mkdir()
    assert reuse.place(site, out, [PAGE, OTHER], move=False) == 2
    assert os.stat(out / PAGE).st_ino == os.stat(site / PAGE).st_ino
    assert (site / PAGE).read_text(encoding="utf-8") == "<p>bài</p>"
    assert (out / OTHER).read_text(encoding="utf-8") == "<p>chủ đề</p>"


def test_link_or_fifo_in_place_of_a_page_is_not_kept(tmp_path: Path) -> None:
    site, _cache, manifest = published(tmp_path)
    (tmp_path / "copy.html").write_bytes((site / PAGE).read_bytes())
    (site / PAGE).unlink()
    (site / PAGE).symlink_to(tmp_path / "copy.html")
    (site / OTHER).unlink()
    os.mkfifo(site / OTHER)  # opening it for reading must not wait for a writer
    assert reuse.reusable(site, manifest, {PAGE: "d1", OTHER: "d2"}) == []
