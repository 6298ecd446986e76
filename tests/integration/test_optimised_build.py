"""The optimised build (render cache, process pool, forked page helper) writes exactly the same site
as a plain serial build without cache, cold and warm."""

from __future__ import annotations

import hashlib
import os
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


def build(proj: Path, out: Path, **env: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=proj,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Page skipped" not in result.stderr


def test_optimised_build_is_byte_identical_to_plain_build(tmp_path: Path) -> None:
    topics = ["[moi-truong]", "[tai-nguyen-nuoc, moi-truong]", "[bien-hai-dao]"]
    files = {
        f"articles/2024/bai-{i:03d}.md": article(
            f"Bài thử nghiệm số {i}", f"2024-{1 + i % 5:02d}-{1 + i % 27:02d} 08:{i % 60:02d}", topics[i % 3],
            body=f"Đoạn mở đầu {i}.\n\n## Mục chính\n\nNội dung **{i}** với [Cổng thông tin điện tử tỉnh](https://example.gov.vn/).",
        )
        for i in range(N_ARTICLES)
    }
    proj = make_project(tmp_path, files)
    build(proj, tmp_path / "plain", PORTAL_SERIAL="1", PORTAL_NO_CACHE="1")
    assert not (proj / ".cache").exists()
    build(proj, tmp_path / "cold")
    assert len(RenderCache(proj / ".cache" / "portal" / "render")) == N_ARTICLES
    build(proj, tmp_path / "warm")
    plain = tree_digest(tmp_path / "plain")
    assert len([p for p in plain if p.startswith("tin-tuc/2024/0")]) >= N_ARTICLES
    assert tree_digest(tmp_path / "cold") == plain
    assert tree_digest(tmp_path / "warm") == plain
