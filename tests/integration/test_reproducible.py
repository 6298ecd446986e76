"""Same content + same SOURCE_DATE_EPOCH => byte-identical site, wherever and whenever it is built.

The sample site built by the session fixture (in the repository, render cache allowed) is compared
with a second build of a copy of the project in another folder, later, with the render cache off:
every file (HTML, feeds, calendars, CSV/JSON, sitemap and its .gz, Material's search index) must
be identical, and no file may contain a path of the machine that built it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import HOOKS, REPO, SAMPLE_EPOCH


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(sample_site: Path, tmp_path: Path):
    copy = tmp_path / "ban-sao"
    copy.mkdir()
    for name in ("content", "docs", "overrides"):
        shutil.copytree(REPO / name, copy / name)
    shutil.copy(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    (copy / "hooks").symlink_to(HOOKS, target_is_directory=True)
    out = tmp_path / "site-2"
    env = {**os.environ, "SOURCE_DATE_EPOCH": SAMPLE_EPOCH, "NO_MKDOCS_2_WARNING": "1", "PORTAL_NO_CACHE": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=copy, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr

    first, second = files_of(sample_site), files_of(out)
    assert sorted(first) == sorted(second), {"only first": sorted(set(first) - set(second)),
                                             "only second": sorted(set(second) - set(first))}
    differing = sorted(rel for rel in first if first[rel] != second[rel])
    assert differing == [], differing
    digest = hashlib.sha256(b"".join(rel.encode() + first[rel] for rel in sorted(first))).hexdigest()
    print(f"reproducible: {len(first)} files, {sum(map(len, first.values())) / 1e6:.1f} MB, sha256 {digest[:16]}")

    # Everything the issue names is part of the comparison.
    for required in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "rss.xml", "atom.xml",
                     "lich-su-kien/lich.ics", "404.html", "index.html"):
        assert required in first, required
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]

    # No path of the building machine leaks into the site.
    for marker in (str(REPO).encode(), str(copy).encode(), str(tmp_path).encode()):
        leaking = [rel for rel, data in first.items() if marker in data] + \
                  [rel for rel, data in second.items() if marker in data]
        assert leaking == [], leaking
