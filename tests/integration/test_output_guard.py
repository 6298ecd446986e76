"""A build never deletes the project's files or a folder that is not a site (security review, item 1).

`portal build` swaps its target away and `mkdocs build` cleans its output folder: each target
below was wiped before the guard. Every refused build must exit non-zero with a Vietnamese reason
and leave every file of the project exactly as it was.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers import article, make_project, run_build
from helpers import run_portal, snapshot

TARGETS = {
    "docs": "docs",
    "content": "content",
    "content-inside": "content/articles/out",
    "project-root": ".",
    "project-parent": "..",
    "overrides": "overrides",
    "hooks": "hooks",
}


@pytest.fixture()
def proj(tmp_path: Path) -> Path:
    return make_project(tmp_path, {"articles/2024/a.md": article("Bài một", "2024-06-01")})


def everything(proj: Path) -> dict[str, tuple[str, int]]:
    return {name: snapshot(proj / name) for name in ("content", "docs", "overrides")} | {
        "mkdocs.yml": (proj / "mkdocs.yml").read_text(encoding="utf-8")}  # type: ignore[dict-item]


@pytest.mark.parametrize("target", list(TARGETS.values()), ids=list(TARGETS))
def test_portal_build_refuses_a_target_holding_project_files(proj: Path, target: str):
    before = everything(proj)
    result = run_portal(proj, "build", "--site-dir", str(proj / target))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Không xây dựng:" in result.stdout
    assert "site/" in result.stdout  # the advice names the usual folder
    assert everything(proj) == before
    assert not (proj / "site").exists()


@pytest.mark.parametrize("target", ["docs", "content", "overrides", "."], ids=["docs", "content", "overrides", "root"])
def test_plain_mkdocs_build_refuses_the_same_targets(proj: Path, target: str):
    before = everything(proj)
    result = run_build(proj, "--site-dir", str(proj / target))
    assert result.returncode != 0
    # MkDocs itself refuses an output folder holding docs_dir; the others are ours to refuse.
    assert "Không xây dựng:" in result.stderr or "'docs_dir' should not be within the 'site_dir'" in result.stderr
    assert everything(proj) == before


def test_site_dir_in_mkdocs_yml_pointing_at_content_is_refused(proj: Path):
    config = proj / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site", "site_dir: content"),
                      encoding="utf-8")
    before = everything(proj)
    result = run_portal(proj, "build")
    assert result.returncode == 1
    assert "nội dung của biên tập viên (content/)" in result.stdout
    assert everything(proj) == before


def test_a_folder_that_is_not_a_site_is_kept(proj: Path, tmp_path: Path):
    other = tmp_path / "tai-lieu"
    other.mkdir()
    (other / "bao-cao.docx").write_bytes(b"report")
    result = run_portal(proj, "build", "--site-dir", str(other))
    assert result.returncode == 1
    assert ".portal-site" in result.stdout
    assert [p.name for p in other.iterdir()] == ["bao-cao.docx"]


def test_a_git_work_tree_is_refused_even_when_empty_of_other_files(proj: Path, tmp_path: Path):
    repo = tmp_path / "served"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    result = run_portal(proj, "build", "--site-dir", str(repo))
    assert result.returncode == 1
    assert "kho git" in result.stdout
    assert (repo / ".git" / "HEAD").is_file()


def test_builds_replace_their_own_site_new_empty_or_marked(proj: Path, tmp_path: Path):
    # New folder, then the same folder again (it carries the marker the first build wrote).
    for _ in range(2):
        result = run_portal(proj, "build")
        assert result.returncode == 0, result.stdout + result.stderr
        assert (proj / "site" / ".portal-site").is_file()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_portal(proj, "build", "--site-dir", str(empty)).returncode == 0
    assert (empty / "index.html").is_file()
    # A site built by plain `mkdocs build` is marked too, and `portal build` replaces it.
    result = run_build(proj, "--site-dir", str(tmp_path / "plain"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "plain" / ".portal-site").is_file()
    assert run_portal(proj, "build", "--site-dir", str(tmp_path / "plain")).returncode == 0


def test_a_site_built_before_the_marker_existed_is_still_replaced(proj: Path):
    assert run_portal(proj, "build").returncode == 0
    # As built by an earlier version: no marker, and Material's search index beside 404.html and sitemap.xml.
    (proj / "site" / ".portal-site").unlink()
    (proj / "site" / "search").mkdir(exist_ok=True)
    (proj / "site" / "search" / "search_index.json").write_text('{"docs": []}', encoding="utf-8")
    result = run_portal(proj, "build")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("frozen", ["site", "parent"])
def test_an_unwritable_site_is_reported_in_one_line_before_building(tmp_path: Path, frozen: str):
    """An immutable site/ (chattr +i) or publishing folder: one Vietnamese line, no traceback, site kept."""
    proj = make_project(tmp_path, {"articles/2024/a.md": article("Bài một", "2024-06-01")})
    parent = tmp_path / "www"
    parent.mkdir()
    site = parent / "site"
    assert run_portal(proj, "build", "--site-dir", str(site)).returncode == 0
    before = snapshot(site)
    (proj / "content/articles/2024/b.md").write_text(article("Bài hai", "2024-06-02"), encoding="utf-8")
    locked = site if frozen == "site" else parent
    subprocess.run(["chattr", "+i", str(locked)], check=True)
    try:
        result = run_portal(proj, "build", "--site-dir", str(site))
    finally:
        subprocess.run(["chattr", "-i", str(locked)], check=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Không xây dựng: không ghi được vào thư mục"), result.stdout
    assert "chattr -i" in lines[0]
    assert snapshot(site) == before
    assert not list(parent.glob(".site.*"))
