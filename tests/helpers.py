"""Test helpers: make throwaway projects (real mkdocs.yml, docs/, overrides/) with chosen content."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_SITE = FIXTURES / "site"
"""The sample content frozen for the tests (its content/ folder; see its README.md)."""
EPOCH = "1718600000"  # 2024-06-17 11:53 +07:00: the fixtures' "today"
SAMPLE_EPOCH = "1795410000"  # 2026-11-23 12:00 +07:00: the sample site's fixed "today" in tests

TOPICS = """\
- slug: moi-truong
  name: Môi trường
  description: Quản lý chất thải, quan trắc, kiểm soát ô nhiễm.
- slug: tai-nguyen-nuoc
  name: Tài nguyên nước
- slug: bien-hai-dao
  name: Biển và hải đảo
"""


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write `files` ({relative path: text or bytes}) under `root`; text is dedented."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


def article(title: str, date: str, topics: str = "[moi-truong]", extra: str = "", body: str = "Nội dung bài viết.") -> str:
    """Return the text of an article file."""
    return f"---\ntitle: {title}\ndate: {date}\ntopics: {topics}\n{extra}---\n\n{body}\n"


def make_project(tmp_path: Path, content: dict[str, str | bytes], *, topics: str = TOPICS,
                 docs: dict[str, str] | None = None) -> Path:
    """Create a project in `tmp_path/proj`: the repo's mkdocs.yml, docs/ and overrides/, plus `content`."""
    proj = tmp_path / "proj"
    proj.mkdir()
    shutil.copy(REPO / "mkdocs.yml", proj / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", proj / "overrides")
    (proj / "hooks").symlink_to(HOOKS, target_is_directory=True)
    default_docs = {
        "index.md": "---\ntemplate: home.html\nhide: [navigation, toc]\n---\n\nChào mừng.\n",
        "gioi-thieu.md": "# Giới thiệu\n\nSở.\n",
        "lien-he.md": "# Liên hệ\n\nĐịa chỉ.\n",
    }
    write_tree(proj / "docs", {**default_docs, **(docs or {})})
    assets = REPO / "docs" / "assets"
    if assets.is_dir():
        shutil.copytree(assets, proj / "docs" / "assets")
    write_tree(proj / "content", {"topics.yml": topics, **content})
    return proj


def sample_project(target: Path) -> Path:
    """Assemble the tests' sample project in `target` (created) and return it: the frozen sample
    content (FIXTURE_SITE/content) with the repository's current mkdocs.yml, docs/ and overrides/
    (copied) and hooks/ (linked). Each project is a folder of its own, with its own render cache."""
    target.mkdir(parents=True)
    shutil.copytree(FIXTURE_SITE / "content", target / "content")
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    (target / "hooks").symlink_to(HOOKS, target_is_directory=True)
    return target


def run_build(proj: Path, *args: str, epoch: str = EPOCH) -> subprocess.CompletedProcess[str]:
    """Run `python -m mkdocs build` in a subprocess (hook modules are cached per process)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=proj, env=env, capture_output=True, text=True, timeout=600,
    )


def portal(proj: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "portal.cli", *args, "--root", str(proj)]


def env(epoch: str = EPOCH) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}


def run_portal(proj: Path, *args: str, epoch: str = EPOCH) -> subprocess.CompletedProcess[str]:
    return subprocess.run(portal(proj, *args), env=env(epoch), capture_output=True, text=True, timeout=600)


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Return {relative path: (sha256 or 'dir', mode)} for everything under `folder`."""
    result: dict[str, tuple[str, int]] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        mode = path.lstat().st_mode
        digest = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        result[rel] = (digest, mode)
    return result


def build_into(proj: Path, out: Path) -> None:
    """Build like `mkdocs build --strict` does, but in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(proj / "mkdocs.yml"), site_dir=str(out), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
