"""The sample site is the same whether MkDocs 1.6.1 or ProperDocs (the maintained fork of MkDocs 1.6) builds it.

MkDocs runs from the suite's own venv; ProperDocs from `.venv-properdocs/`, which `make setup-dev`
creates from requirements-properdocs.txt (the same pins, ProperDocs instead of MkDocs, and no
`mkdocs` package at all: ProperDocs itself answers Material's and our `mkdocs.*` imports). Each
engine builds its own copy of the tests' sample project (tests/helpers.py `sample_project`: the
frozen sample content with the repository's docs/, overrides/ and mkdocs.yml; neither build sees
the other's render cache) with the same SOURCE_DATE_EPOCH, and every output file must be
byte-identical except for `ENGINE_DIFFERENCES` below.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from helpers import HOOKS, REPO, SAMPLE_EPOCH, sample_project

PROPERDOCS_PYTHON = REPO / ".venv-properdocs" / "bin" / "python"
SHOWN_DIFFS = 8
"""How many differing files the failure message shows a diff of (all are listed)."""


def pin(requirements: str, name: str) -> str:
    """Return the version `name` is pinned to (`name==X`) in a requirements file of the repository."""
    for line in (REPO / requirements).read_text(encoding="utf-8").splitlines():
        package, _, version = line.partition("==")
        if package.strip().lower() == name:
            return version.split("#")[0].strip()
    raise AssertionError(f"{name} is not pinned in {requirements}")


MKDOCS_VERSION = pin("requirements.txt", "mkdocs")
PROPERDOCS_VERSION = pin("requirements-properdocs.txt", "properdocs")
MATERIAL = pin("requirements.txt", "mkdocs-material")


def pins(requirements: str) -> dict[str, str]:
    """Return {package (lower case): version} of every `name==X` line of a requirements file."""
    lines = (REPO / requirements).read_text(encoding="utf-8").splitlines()
    return {name.strip().lower(): version.split("#")[0].strip()
            for name, sep, version in (line.partition("==") for line in lines) if sep and not name.startswith("#")}


GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^",]*), mkdocs-material-([^"]*)">')

# What legitimately differs between the two engines' outputs, each with its reason. Nothing else may.
ENGINE_DIFFERENCES: dict[str, tuple[re.Pattern[bytes], Callable[[str], bytes]]] = {
    # Material writes `<meta name="generator" content="mkdocs-{{ mkdocs_version }}, ...">` in the head of
    # every page; ProperDocs sets `mkdocs_version` to "ProperDocs <version>" on purpose (its
    # commands/build.py), so the tag names the engine that built the page. It is replaced by a
    # placeholder, after checking that it names exactly the engine expected (see `normalise`).
    "generator meta tag (names the engine and its version)": (
        GENERATOR,
        lambda engine: f'<meta name="generator" content="mkdocs-{engine}, mkdocs-material-{MATERIAL}">'.encode(),
    ),
}
PLACEHOLDER = b'<meta name="generator" content="ENGINE">'


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(python: Path | str, engine: str, project: Path, out: Path) -> dict[str, bytes]:
    """Build `project` into `out` with `python -m <engine> build --strict`, as the other build tests do."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": SAMPLE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    for name in ("PORTAL_NO_CACHE", "PORTAL_SERIAL", "PORTAL_PUBLISH_DIR", "PYTHONPATH"):
        env.pop(name, None)
    # This checkout's package, whatever folder a venv's editable install names: mkdocs.yml imports
    # `portal.slugs` (toc's slugify) before MkDocs loads the hook, so both engines must find this one.
    env["PYTHONPATH"] = str(HOOKS)
    # `-f mkdocs.yml`: ProperDocs looks for properdocs.yml first and notes the fallback otherwise.
    command = [str(python), "-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{engine} build failed:\n{result.stdout}{result.stderr}"
    return files_of(out)


def normalise(rel: str, data: bytes, engine: str) -> bytes:
    """Replace the engine-specific parts of one output file, checking they name `engine`."""
    if not rel.endswith(".html"):
        return data
    for reason, (pattern, expected) in ENGINE_DIFFERENCES.items():
        for match in pattern.finditer(data):
            assert match.group(0) == expected(engine), (rel, reason, match.group(0))
        data = pattern.sub(PLACEHOLDER, data)
    return data


def describe(rel: str, first: bytes, second: bytes) -> str:
    """A unified diff of one file (text), or its sizes and digests (binary)."""
    try:
        one, two = first.decode("utf-8"), second.decode("utf-8")
    except UnicodeDecodeError:
        return (f"{rel}: binary, MkDocs {len(first)} B sha256 {hashlib.sha256(first).hexdigest()[:16]}, "
                f"ProperDocs {len(second)} B sha256 {hashlib.sha256(second).hexdigest()[:16]}")
    lines = list(difflib.unified_diff(one.splitlines(), two.splitlines(), f"mkdocs/{rel}", f"properdocs/{rel}",
                                      n=1, lineterm=""))
    shown = [line if len(line) <= 300 else line[:300] + " …" for line in lines[:40]]
    return "\n".join(shown + ([f"… {len(lines) - 40} more diff lines"] if len(lines) > 40 else []))


def engine_diff(mkdocs: dict[str, bytes], properdocs: dict[str, bytes]) -> str:
    """Return a readable report of every difference left after normalising (empty: identical)."""
    report = []
    only_mkdocs, only_properdocs = sorted(set(mkdocs) - set(properdocs)), sorted(set(properdocs) - set(mkdocs))
    if only_mkdocs:
        report.append(f"only in the MkDocs build ({len(only_mkdocs)}): {only_mkdocs[:30]}")
    if only_properdocs:
        report.append(f"only in the ProperDocs build ({len(only_properdocs)}): {only_properdocs[:30]}")
    differing = sorted(rel for rel in set(mkdocs) & set(properdocs) if mkdocs[rel] != properdocs[rel])
    if differing:
        report.append(f"{len(differing)} file(s) differ: {differing[:50]}")
        report.extend(describe(rel, mkdocs[rel], properdocs[rel]) for rel in differing[:SHOWN_DIFFS])
    return "\n".join(report)


def test_mkdocs_and_properdocs_build_the_same_site(tmp_path: Path):
    # Both engines get the same pins: requirements.txt's, but ProperDocs instead of MkDocs.
    runtime, second = pins("requirements.txt"), pins("requirements-properdocs.txt")
    assert {name: second.get(name) for name in runtime if name != "mkdocs"} == \
        {name: version for name, version in runtime.items() if name != "mkdocs"}
    assert "mkdocs" not in second
    assert PROPERDOCS_PYTHON.exists(), "ProperDocs venv missing: run `make setup-dev` (it creates .venv-properdocs/)"
    # The two engines never share a site-packages: no ProperDocs next to MkDocs, no MkDocs next to ProperDocs.
    probe = "import importlib.metadata as m, importlib.util as u; print(u.find_spec('{}') is None, m.version('{}'))"
    here = subprocess.run([sys.executable, "-c", probe.format("properdocs", "mkdocs")],
                          capture_output=True, text=True, check=True).stdout.split()
    there = subprocess.run([str(PROPERDOCS_PYTHON), "-c", probe.format("mkdocs", "properdocs")],
                           capture_output=True, text=True, check=True).stdout.split()
    assert here == ["True", MKDOCS_VERSION], here
    assert there == ["True", PROPERDOCS_VERSION], (there, "reinstall with `make setup-dev`")

    mkdocs = build(sys.executable, "mkdocs", sample_project(tmp_path / "mkdocs"), tmp_path / "site-mkdocs")
    properdocs = build(PROPERDOCS_PYTHON, "properdocs", sample_project(tmp_path / "properdocs"),
                       tmp_path / "site-properdocs")
    for required in ("index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", "search/index.json",
                     "rss.xml", "atom.xml", "lich-su-kien/lich.ics"):
        assert required in mkdocs, required
    tagged = sum(1 for rel, data in properdocs.items() if rel.endswith(".html") and GENERATOR.search(data))
    assert tagged > 0, "no page names its generator: the exclusion would hide nothing, drop it"

    mkdocs_norm = {rel: normalise(rel, data, MKDOCS_VERSION) for rel, data in mkdocs.items()}
    properdocs_norm = {rel: normalise(rel, data, f"ProperDocs {PROPERDOCS_VERSION}")
                       for rel, data in properdocs.items()}
    report = engine_diff(mkdocs_norm, properdocs_norm)
    assert report == "", "MkDocs and ProperDocs outputs differ:\n" + report
    identical = sum(1 for rel in mkdocs if mkdocs[rel] == properdocs[rel])
    print(f"engines: MkDocs {MKDOCS_VERSION} and ProperDocs {PROPERDOCS_VERSION}: {len(mkdocs)} files, "
          f"{identical} byte-identical, {len(mkdocs) - identical} differing only in the generator tag "
          f"({tagged} pages carry it)")
