"""The optimised build (render cache, process pool, forked page helper, kept pages) writes exactly
the same site as a plain serial build without cache: cold, warm, and after every kind of change."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import EPOCH, article, make_project
from portal.render import RenderCache

N_ARTICLES = 230  # above the pool and page-helper thresholds (200)


def tree_digest(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


def build(proj: Path, out: Path, **env: str) -> str:
    """Build `proj` into `out`; return MkDocs' log."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=proj,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Page skipped" not in result.stderr
    return result.stderr


def corpus() -> dict[str, str]:
    topics = ["[moi-truong]", "[tai-nguyen-nuoc, moi-truong]", "[bien-hai-dao]"]
    return {
        f"articles/2024/bai-{i:03d}.md": article(
            f"Bài thử nghiệm số {i}", f"2024-{1 + i % 5:02d}-{1 + i % 27:02d} 08:{i % 60:02d}", topics[i % 3],
            body=f"Đoạn mở đầu {i}.\n\n## Mục chính\n\nNội dung **{i}** với [Cổng thông tin điện tử tỉnh](https://example.gov.vn/).",
        )
        for i in range(N_ARTICLES)
    }


def test_optimised_build_is_byte_identical_to_plain_build(tmp_path: Path) -> None:
    proj = make_project(tmp_path, corpus())
    build(proj, tmp_path / "plain", PORTAL_SERIAL="1", PORTAL_NO_CACHE="1")
    assert not (proj / ".cache").exists()
    build(proj, tmp_path / "cold")
    assert len(RenderCache(proj / ".cache" / "portal" / "render")) == N_ARTICLES
    build(proj, tmp_path / "warm")
    plain = tree_digest(tmp_path / "plain")
    assert len([p for p in plain if p.startswith("tin-tuc/2024/0")]) >= N_ARTICLES
    assert tree_digest(tmp_path / "cold") == plain
    assert tree_digest(tmp_path / "warm") == plain


def kept(log: str) -> tuple[int, int]:
    """Return (kept, generated pages) from the build log's "Giữ lại K/N trang" line."""
    match = re.search(r"Giữ lại (\d+)/(\d+) trang", log)
    assert match, log
    return int(match.group(1)), int(match.group(2))


def index_line(log: str) -> tuple[int, str]:
    """Return (pages, what was done) from the build log's search index line."""
    match = re.search(r"Chỉ mục tìm kiếm: (\d+) trang, \d+ tệp, [\d.]+ MB, (lập mới|giữ từ lần trước)", log)
    assert match, log
    return int(match.group(1)), match.group(2)


def same_as_plain(proj: Path, site: Path, tmp_path: Path, name: str) -> None:
    """Assert `site` equals a plain (serial, uncached) build of `proj` as it is now."""
    plain = tmp_path / f"plain-{name}"
    # With the same history: the URLs the site recorded (old addresses of retitled items forward).
    plain.mkdir()
    for marker in (".portal-site", ".portal-urls.json"):
        shutil.copy(site / marker, plain / marker)
    build(proj, plain, PORTAL_SERIAL="1", PORTAL_NO_CACHE="1")
    assert tree_digest(site) == tree_digest(plain)
    shutil.rmtree(plain)


def test_kept_pages_are_never_stale(tmp_path: Path) -> None:
    """Build in place again and again; after each kind of change the site equals a fresh build."""
    proj = make_project(tmp_path, corpus())
    site = proj / "site"
    cold = build(proj, site)
    assert "Giữ lại" not in cold  # cold: nothing to keep
    # A forked process writes the search index (while this one adds and renders the pages); the parent says so.
    assert index_line(cold) == (N_ARTICLES, "lập mới")
    log = build(proj, site)
    count, total = kept(log)
    assert count == total >= N_ARTICLES  # the cold build recorded every page (both processes)
    assert index_line(log) == (N_ARTICLES, "giữ từ lần trước")
    assert kept(build(proj, site)) == (total, total)  # nothing changed: every page kept
    assert not (site / ".portal-previous").exists()
    same_as_plain(proj, site, tmp_path, "unchanged")

    # An article's title changes: its page, and the lists and neighbours showing it, are rendered.
    source = proj / "content" / "articles" / "2024" / "bai-007.md"
    source.write_text(source.read_text(encoding="utf-8").replace("số 7", "số bảy"), encoding="utf-8")
    log = build(proj, site)
    kept_now, _ = kept(log)
    assert total - 40 < kept_now < total
    assert index_line(log) == (N_ARTICLES, "lập mới")  # a title is indexed
    assert "Bài thử nghiệm số bảy" in next(site.glob("tin-tuc/2024/*/bai-thu-nghiem-so-bay/index.html")).read_text(encoding="utf-8")
    same_as_plain(proj, site, tmp_path, "title")

    # A page file changed in the published folder after the build is written again.
    page = next(site.glob("tin-tuc/2024/*/bai-thu-nghiem-so-100/index.html"))
    page.write_text("<p>sửa tay</p>", encoding="utf-8")
    assert kept(build(proj, site)) == (total - 1, total)
    same_as_plain(proj, site, tmp_path, "tampered")

    # A template changes: every page is rendered again.
    template = proj / "overrides" / "article.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{# sửa #}\n", encoding="utf-8")
    assert kept(build(proj, site)) == (0, total)
    same_as_plain(proj, site, tmp_path, "template")

    # The site's settings change (mkdocs.yml): every page is rendered again.
    config = proj / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name:", "site_name: Cổng mới #", 1),
                      encoding="utf-8")
    assert kept(build(proj, site)) == (0, total)
    same_as_plain(proj, site, tmp_path, "config")

    # A hand-written page in the menu is renamed: every page shows the menu.
    about = proj / "docs" / "gioi-thieu.md"
    about.write_text(about.read_text(encoding="utf-8").replace("# Giới thiệu", "# Về chúng tôi"), encoding="utf-8")
    assert kept(build(proj, site)) == (0, total)
    same_as_plain(proj, site, tmp_path, "docs")

    # Another build day (a campaign's status, "Hôm nay" on the calendar): every page again.
    log = build(proj, site, SOURCE_DATE_EPOCH=str(int(EPOCH) + 86400))
    assert kept(log) == (0, total)


def test_portal_build_links_unchanged_pages_from_the_published_site(tmp_path: Path) -> None:
    proj = make_project(tmp_path, corpus())
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "portal.cli", "build", "--root", str(proj)]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    before = tree_digest(proj / "site")
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    count, total = kept(second.stdout + second.stderr)
    assert count == total >= N_ARTICLES
    assert tree_digest(proj / "site") == before
    same_as_plain(proj, proj / "site", tmp_path, "portal")


def test_a_page_that_fails_to_render_stops_the_forked_processes(tmp_path: Path) -> None:
    # The search index and the page helper run in forked processes: a build failing half-way must
    # stop both and leave none of their result files behind.
    proj = make_project(tmp_path, corpus())
    (proj / "overrides" / "article.html").write_text("{{ item.title | khong_co_bo_loc }}", encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], cwd=proj,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode != 0
    assert "khong_co_bo_loc" in result.stderr
    assert list(temp.iterdir()) == []
