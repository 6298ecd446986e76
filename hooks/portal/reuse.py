"""Warm rebuilds: keep the pages of the previous build whose inputs did not change.

After a successful build, a manifest (`.cache/portal/pages.json`) records, for every generated
page, the digest of what it shows (`fingerprint.page_digest`: its item in full, the cards it
lists, its data, and a site-wide part covering templates, code, config, nav and library
versions) and the stamp of the file written for it (size, modification time in nanoseconds,
inode). The next build re-uses a page file only when both still match:

- the digest, so any change to anything the page shows renders it again;
- the stamp, so a file changed, replaced or deleted in the published folder since (by hand,
  by a deploy step rewriting files in place, by a build that was cut off) is written again.

The manifest names the published folder it describes and is deleted when a build starts, so a
build that fails or is killed leaves none behind; it is written again only at the end of a
successful build. Nothing here knows MkDocs: the bridge decides which pages to skip.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "pages.json"
VERSION = 1
PREVIOUS = ".portal-previous"
"""Hidden folder inside the output folder holding the previous build while a build runs in place
(MkDocs never deletes hidden entries when it cleans the output folder)."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a page file was when it was written: its digest and its file stamp."""

    digest: str
    size: int
    mtime_ns: int
    inode: int


def read_manifest(cache_dir: Path, publish_dir: Path) -> dict[str, Stamp]:
    """Return the stamps of the pages last published into `publish_dir` (empty if unknown)."""
    try:
        data = json.loads((cache_dir / MANIFEST).read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("dir") != str(publish_dir):
            return {}
        return {str(rel): Stamp(str(d), int(s), int(m), int(i)) for rel, (d, s, m, i) in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def forget_manifest(cache_dir: Path) -> None:
    """Delete the manifest: from now until a build succeeds, nothing may be reused."""
    try:
        (cache_dir / MANIFEST).unlink()
    except OSError:
        pass


def write_manifest(cache_dir: Path, publish_dir: Path, out_dir: Path, digests: Mapping[str, str]) -> int:
    """Record the stamp of every page file in `out_dir` (to be published as `publish_dir`).

    Return the number of pages recorded. Files that do not exist are left out.
    """
    pages: dict[str, list[object]] = {}
    for rel, digest in digests.items():
        try:
            stat = os.stat(out_dir / rel)
        except OSError:
            continue
        pages[rel] = [digest, stat.st_size, stat.st_mtime_ns, stat.st_ino]
    data = {"version": VERSION, "dir": str(publish_dir), "pages": pages}
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f"{MANIFEST}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, cache_dir / MANIFEST)
    except OSError:
        return 0
    return len(pages)


def reusable(previous: Path, manifest: Mapping[str, Stamp], wanted: Mapping[str, str]) -> list[str]:
    """Return the pages of `wanted` ({path: digest}) whose file in `previous` can be kept as is."""
    found = []
    for rel, digest in wanted.items():
        stamp = manifest.get(rel)
        if stamp is None or stamp.digest != digest:
            continue
        try:
            stat = os.stat(previous / rel)
        except OSError:
            continue
        if (stat.st_size, stat.st_mtime_ns, stat.st_ino) == (stamp.size, stamp.mtime_ns, stamp.inode):
            found.append(rel)
    return found


def set_aside(out_dir: Path) -> Path:
    """Move the content of `out_dir` into its hidden `.portal-previous` folder; return that folder."""
    previous = out_dir / PREVIOUS
    discard_previous(out_dir)
    previous.mkdir(parents=True)
    for entry in os.listdir(out_dir):
        if not entry.startswith("."):
            os.rename(out_dir / entry, previous / entry)
    return previous


def discard_previous(out_dir: Path) -> None:
    """Delete what `set_aside` kept (after a build, or left by a build that was killed)."""
    shutil.rmtree(out_dir / PREVIOUS, ignore_errors=True)


def place(previous: Path, out_dir: Path, rels: Iterable[str], *, move: bool) -> int:
    """Put the kept page files into `out_dir`: moved (`move`) or hard-linked, else copied.

    Linking leaves `previous` (the published site) as it is; MkDocs never writes to these paths
    in this build (their pages are skipped), so the shared files are not written through.
    Return the number of files placed.
    """
    made: set[Path] = set()
    count = 0
    for rel in rels:
        source, target = previous / rel, out_dir / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if move:
            os.rename(source, target)
        else:
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        count += 1
    return count
