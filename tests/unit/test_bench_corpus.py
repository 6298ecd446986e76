"""The benchmark corpus (bench/corpus.py): deterministic, valid content, realistic shape."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers import REPO, SAMPLE_EPOCH

from portal import routes
from portal.dates import build_now
from portal.loader import LoadOptions, load_site

N = 20


def _load_module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


corpus = _load_module("corpus")


def tree_digest(root: Path) -> dict[str, str]:
    """Return {relative path: sha256 of the bytes, or the target of a symlink} for a whole tree."""
    digests = {}
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(dirs + names):
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                digests[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                digests[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.write_project(N, tmp_path_factory.mktemp("corpus") / "proj")


def test_same_n_gives_byte_identical_corpus(generated: Path, tmp_path: Path) -> None:
    again = corpus.write_project(N, tmp_path / "again")
    first, second = tree_digest(generated / "content"), tree_digest(again / "content")
    assert len([p for p in first if p.endswith(".md")]) == N + 3  # articles + 1 campaign, 1 plan, 1 event
    assert first == second
    assert tree_digest(generated / "docs") == tree_digest(again / "docs")


def test_corpus_is_valid_content_for_the_portal(generated: Path) -> None:
    site, problems = load_site(generated, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": SAMPLE_EPOCH})))
    assert [p.format() for p in problems] == []
    assert len(site.articles) == N
    assert len(site.campaigns) == 1 and len(site.plans) == 1 and len(site.events) == 1
    assert site.plans[0].tasks, "plans carry a task table"


def test_articles_have_realistic_shape(generated: Path) -> None:
    site, _ = load_site(generated, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": SAMPLE_EPOCH})))
    for item in site.articles:
        assert 1 <= len(item.topics) <= 3
        assert date(2021, 1, 1) <= item.date.date() < date(2026, 1, 1)
        assert 300 <= len(item.body.split()) <= 1100, item.source
        assert any(ord(ch) > 0x1EA0 for ch in item.body), "Vietnamese text with diacritics"
    assert sum(1 for item in site.articles if item.image is not None) >= N // 5
    assert any("![" in item.body for item in site.articles), "some body images"


def test_edited_article_has_the_url_the_serve_benchmark_polls(generated: Path) -> None:
    run = _load_module("run")
    path, url = run.edit_target(generated)
    site, _ = load_site(generated, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": SAMPLE_EPOCH})))
    article = next(item for item in site.articles if item.source.endswith(corpus.EDIT_FILE))
    assert path.name == corpus.EDIT_FILE
    assert url == "/" + article.url
    assert url.startswith("/" + routes.NEWS) and url.endswith(f"/{corpus.EDIT_SLUG}/")


def test_missing_docs_pages_are_written_only_when_the_repo_lacks_them(generated: Path) -> None:
    for name, text in corpus.MINIMAL_DOCS.items():
        repo_page = REPO / "docs" / name
        expected = repo_page.read_bytes() if repo_page.exists() else text.encode("utf-8")
        assert (generated / "docs" / name).read_bytes() == expected


def test_an_identical_corpus_is_kept_and_replaced_folders_go_to_the_trash(tmp_path: Path) -> None:
    project = corpus.write_project(N, tmp_path / "proj")
    article = next((project / "content" / "articles").rglob("*.md"))
    inode = article.stat().st_ino
    (project / "overrides" / "stale.html").write_text("old", encoding="utf-8")
    trash = tmp_path / "trash"

    again = corpus.write_project(N, project, trash)  # same generator, same N: content kept
    assert article.stat().st_ino == inode
    assert not (again / "overrides" / "stale.html").exists(), "project files are copied afresh"
    assert (again / "hooks").is_symlink() and (again / "mkdocs.yml").is_file()
    assert [p.name.split("-", 1)[1] for p in sorted(trash.iterdir())] == ["mkdocs.yml", "overrides", "docs", "hooks"]

    other = corpus.write_project(N + 1, project, trash)  # another N: a new corpus, the old one moved
    assert len([p for p in (other / "content" / "articles").rglob("*.md")]) == N + 1
    moved = sorted(trash.iterdir())[-1]
    assert moved.name.endswith("-proj") and len(list((moved / "content" / "articles").rglob("*.md"))) == N


def test_the_serve_measurement_runs_mkdocs_serve_as_make_serve_does() -> None:
    # bench/run.py reads `make serve`'s flags from the Makefile and adds its own address; MkDocs'
    # command line must accept the result (a dangling `--dev-addr` once made it fail).
    from mkdocs.__main__ import serve_command

    flags = _load_module("run").serve_flags()
    assert "--livereload" in flags and "--dirty" in flags
    context = serve_command.make_context("serve", [*flags, "-a", "127.0.0.1:8123"])
    assert context.params["dev_addr"] == "127.0.0.1:8123"
