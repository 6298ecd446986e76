"""The search index of a real build: item pages only (never lists, drafts or scheduled items), in
small chunks, Material's own index and search files gone, and kept whole when nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import SAMPLE_EPOCH, article, make_project, run_build
from portal import search_index as si


def entry_of(site: Path) -> dict:
    return json.loads((site / "search" / si.ENTRY).read_text(encoding="utf-8"))


def pages_of(site: Path) -> list[list]:
    entry = entry_of(site)
    folder = site / "search" / entry["id"]
    count = -(-entry["pages"] // entry["per_file"])
    return [page for n in range(count) for page in json.loads((folder / f"p{n}.json").read_bytes())]


def test_only_item_pages_are_indexed(sample_site: Path) -> None:
    urls = [page[0] for page in pages_of(sample_site)]
    assert len(urls) == len(set(urls)) == entry_of(sample_site)["pages"]
    items = {p.parent.relative_to(sample_site).as_posix() + "/"
             for pattern in ("tin-tuc/[0-9]*/[0-9][0-9]/*/index.html", "chien-dich/*/index.html",
                             "ke-hoach/*/index.html", "su-kien/*/index.html", "van-ban/*/index.html")
             for p in sample_site.glob(pattern)
             if p.parent.name not in ("trang", "du-thao") and "http-equiv=\"refresh\"" not in p.read_text(encoding="utf-8")}
    assert items and set(urls) == items
    kinds = {page[2] for page in pages_of(sample_site)}
    assert {"article", "campaign", "plan", "event"} <= kinds
    lists = ["", "tin-tuc/", "linh-vuc/", "linh-vuc/moi-truong/", "chien-dich/", "ke-hoach/", "lich-su-kien/",
             "nhan-tin/", "tin-tuc/2024/", "gioi-thieu/", "lien-he/", "don-vi/"]
    assert not set(urls) & set(lists)


def test_materials_search_is_gone(sample_site: Path) -> None:
    assert not (sample_site / "search" / "search_index.json").exists()
    assert not list(sample_site.glob("assets/javascripts/lunr/**/*.js"))
    assert not list(sample_site.glob("assets/javascripts/workers/search.*"))
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in home and "data-portal-search=" in home


def test_chunks_are_small_and_cover_every_word(sample_site: Path) -> None:
    entry = entry_of(sample_site)
    folder = sample_site / "search" / entry["id"]
    assert entry["format"] == si.FORMAT and entry["chunks"] == sorted(entry["chunks"])
    seen = 0
    for number, first in enumerate(entry["chunks"]):
        data = (folder / f"w{number}.json").read_bytes()
        words = json.loads(data)
        assert min(words) == first and all(si.chunk_of(entry["chunks"], w) == number for w in words)
        assert len(data) <= si.CHUNK_CHARS * 1.2 or len(words) == 1  # only a word alone may be larger
        seen += len(words)
    assert seen > 1000
    # Folded words: "đất đai" is indexed as "dat dai", "1596/QĐ-UBND" whole and in parts.
    for word in ("dat", "dai", "duong", "moi", "truong", "1596", "1596/qd-ubnd", "81/kh-stnmt", "~loai:plan"):
        chunk = json.loads((folder / f"w{si.chunk_of(entry['chunks'], word)}.json").read_bytes())
        assert word in chunk, word


def test_drafts_and_scheduled_items_are_never_indexed(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {
        "articles/2024/a.md": article("Tin đã đăng về đất đai", "2024-06-01"),
        "articles/2024/b.md": article("Bản nháp về đất đai", "2024-06-02", extra="draft: true\n"),
        "articles/2024/c.md": article("Tin hẹn giờ về đất đai", "2024-06-30"),
    })
    result = run_build(proj)  # the fixtures' today: 2024-06-17
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    titles = [page[1] for page in pages_of(proj / "site")]
    assert titles == ["Tin đã đăng về đất đai"]


def test_an_unchanged_index_is_kept_and_a_changed_one_rewritten(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {f"articles/2024/tin-{n}.md": article(f"Tin số {n} về môi trường", "2024-06-01")
                                   for n in range(3)})
    assert run_build(proj, epoch=SAMPLE_EPOCH).returncode == 0
    first = entry_of(proj / "site")
    files = {p: p.stat().st_ino for p in (proj / "site" / "search").rglob("*.json")}
    warm = run_build(proj, "-v", epoch=SAMPLE_EPOCH)
    assert warm.returncode == 0 and "giữ từ lần trước" in warm.stdout + warm.stderr
    assert {p: p.stat().st_ino for p in (proj / "site" / "search").rglob("*.json")} == files  # moved back, not written
    (proj / "content/articles/2024/tin-1.md").write_text(article("Tin số 1 đã sửa", "2024-06-01"), encoding="utf-8")
    edited = run_build(proj, epoch=SAMPLE_EPOCH)
    assert edited.returncode == 0
    second = entry_of(proj / "site")
    assert second["id"] != first["id"] and not (proj / "site" / "search" / first["id"]).exists()
    assert "Tin số 1 đã sửa" in [page[1] for page in pages_of(proj / "site")]
