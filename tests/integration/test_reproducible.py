"""Same content + same SOURCE_DATE_EPOCH => byte-identical site, wherever and whenever it is built.

The tests' sample project (tests/helpers.py `sample_project`) is built three times: in one folder
with an empty render cache, in a second folder (another path) with the render cache off, and in
the first folder again, later, from the warm cache. Every file (HTML, feeds, calendars, CSV/JSON,
sitemap and its .gz, the search index) must be identical, and no file may contain a path
of the machine.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO, SAMPLE_EPOCH, sample_project


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, out: Path, *, cache: bool) -> dict[str, bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SAMPLE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PORTAL_NO_CACHE", None)
    if not cache:
        env["PORTAL_NO_CACHE"] = "1"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return files_of(out)


def compare(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    assert sorted(first) == sorted(second), {"only first": sorted(set(first) - set(second)),
                                             "only second": sorted(set(second) - set(first))}
    differing = sorted(rel for rel in first if first[rel] != second[rel])
    assert differing == [], differing


def test_builds_are_byte_identical_across_folders_and_cache_states(tmp_path: Path):
    one = sample_project(tmp_path / "mot")
    two = tmp_path / "hai" / "ban-sao"
    shutil.copytree(one, two, symlinks=True)
    cold = build(one, tmp_path / "site-1", cache=True)
    other_folder = build(two, tmp_path / "site-2", cache=False)
    assert (one / ".cache").is_dir()
    warm = build(one, tmp_path / "site-3", cache=True)
    compare(cold, other_folder)
    compare(cold, warm)
    digest = hashlib.sha256(b"".join(rel.encode() + cold[rel] for rel in sorted(cold))).hexdigest()
    print(f"reproducible: {len(cold)} files, {sum(map(len, cold.values())) / 1e6:.1f} MB, 3 builds, "
          f"0 differing files, sha256 {digest[:16]}")

    # Everything the issue names is part of the comparison.
    for required in ("sitemap.xml", "sitemap.xml.gz", "search/index.json", "rss.xml", "atom.xml",
                     "lich-su-kien/lich.ics", "404.html", "index.html"):
        assert required in cold, required
    assert gzip.decompress(cold["sitemap.xml.gz"]) == cold["sitemap.xml"]

    # No path of the building machine leaks into the site.
    for marker in (str(REPO), str(one), str(two), str(tmp_path)):
        leaking = sorted({rel for files in (cold, other_folder) for rel, data in files.items()
                          if marker.encode() in data})
        assert leaking == [], (marker, leaking)
