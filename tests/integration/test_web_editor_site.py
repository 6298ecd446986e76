"""The built sample site carries the web editor at /quan-tri/, with a configuration covering every
kind and key, yet nothing public points to it: not the pages, the sitemap nor the search index."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import REPO

from portal.kinds import KINDS
from portal.web_editor import DIST


def test_the_editor_is_in_the_site_with_every_kind_and_key(sample_site: Path) -> None:
    editor = sample_site / "quan-tri"
    config = yaml.safe_load((editor / "config.yml").read_text(encoding="utf-8"))
    assert {c["name"]: [f["name"] for f in c["fields"]] for c in config["collections"]} == {
        kind.folder: [*kind.keys, "body"] for kind in KINDS.values()}
    assert (editor / "decap-cms.js").read_bytes() == (REPO / DIST / "decap-cms.js").read_bytes()
    chunks = {path.name for path in (REPO / DIST).glob("*.decap-cms.js")}
    assert chunks and chunks <= {path.name for path in editor.iterdir()}  # the chunks it loads later
    assert "local_backend" not in config  # the published editor never looks for this computer's backend


def test_nothing_public_points_to_the_editor(sample_site: Path) -> None:
    assert "quan-tri" not in (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    index = [path for path in (sample_site / "search").rglob("*") if path.is_file()]
    assert index and not [path for path in index if b"quan-tri" in path.read_bytes()]
    linking = [path.relative_to(sample_site).as_posix() for path in sample_site.rglob("*.html")
               if "quan-tri" not in path.parts and b"quan-tri" in path.read_bytes()]
    assert linking == []
