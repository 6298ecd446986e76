"""The private MkDocs and Material behaviours the adapter relies on, pinned to the versions in requirements.txt.

Written for mkdocs 1.6.1 and mkdocs-material 9.8.1 (the first test checks that these are the
installed ones). The forked page helper (adapter.parallel.start_page_helper) lets whichever
process reaches a page first render it: `_Claimed` answers MkDocs' one
`page.meta.get("template")` with the page's template or with an empty one, and MkDocs writes
nothing for empty output (and logs "Page skipped", which the adapter hides). The live preview
re-renders a page only when its `PortalFile.is_modified()` says so, wraps the dev server's private
script injection, and counts on MkDocs' --strict counter being a `CountHandler`. Material's search
plugin is not used (the site writes its own index), so its parser is not relied on; its search
worker files are left out of the site by path. If an upgrade changes any of this, these tests fail
before a build silently loses, doubles or mis-renders pages.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import logging
import os
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import material
import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from helpers import REPO
from portal.adapter.search import THEME_SEARCH
from portal.adapter.structure import PortalFile, with_files_changed

PINS = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (REPO / "requirements.txt").read_text(), re.MULTILINE))


@pytest.mark.parametrize("package", ["mkdocs", "mkdocs-material"])
def test_the_installed_engine_is_the_pinned_one(package: str) -> None:
    assert importlib.metadata.version(package) == PINS[package]


class RecordingMeta(dict[str, Any]):
    def __init__(self, events: list[str], template: str | None) -> None:
        super().__init__({} if template is None else {"template": template})
        self.events = events

    def get(self, key: str, default: Any = None) -> Any:
        self.events.append(f"meta.get({key})")
        return super().get(key, default)


class RecordingEnv(jinja2.Environment):
    def __init__(self, events: list[str]) -> None:
        skip = (REPO / "overrides" / "portal-skip.html").read_text(encoding="utf-8")  # the helper's "not mine" page
        super().__init__(loader=jinja2.DictLoader({"main.html": "trang {{ page_title }}", "portal-skip.html": skip}))
        self.events = events

    def get_template(self, name: Any, *args: Any, **kwargs: Any) -> jinja2.Template:  # type: ignore[override]
        self.events.append(f"get_template({name})")
        return super().get_template(name, *args, **kwargs)


def build_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str | None, *, dirty: bool = False,
               modified: bool = True) -> tuple[list[str], Path]:
    events: list[str] = []
    monkeypatch.setattr(mkdocs_build, "get_context", lambda *args: events.append("context") or {"page_title": "A"})
    plugins = SimpleNamespace(
        on_page_context=lambda context, **kw: events.append("on_page_context") or context,
        on_post_page=lambda output, **kw: events.append("on_post_page") or output,
    )
    out = tmp_path / "a" / "index.html"
    page = SimpleNamespace(file=SimpleNamespace(src_uri="a.md", abs_dest_path=str(out), is_modified=lambda: modified),
                           meta=RecordingMeta(events, template), content="", active=False)
    # Called as the page helper calls it: positional, without `dirty` (a full build).
    args = (page, SimpleNamespace(plugins=plugins), [], None, RecordingEnv(events))
    mkdocs_build._build_page(*args, dirty=True) if dirty else mkdocs_build._build_page(*args)  # type: ignore[arg-type]
    return events, out


def test_the_template_is_asked_of_page_meta_once_before_anything_renders(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    events, out = build_page(tmp_path, monkeypatch, None)
    assert events == ["context", "meta.get(template)", "get_template(main.html)", "on_page_context", "on_post_page"]
    assert out.read_text(encoding="utf-8") == "trang A"


def test_a_page_whose_template_renders_nothing_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events, out = build_page(tmp_path, monkeypatch, "portal-skip.html")
    assert events.count("meta.get(template)") == 1 and "get_template(portal-skip.html)" in events
    assert not out.exists()


def test_the_page_helper_calls_build_page_with_these_parameters() -> None:
    parameters = list(inspect.signature(mkdocs_build._build_page).parameters)
    assert parameters == ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"]


def test_an_empty_page_is_logged_as_skipped_where_the_adapter_hides_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="mkdocs.commands.build"):
        build_page(tmp_path, monkeypatch, "portal-skip.html")
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("mkdocs.commands.build", "Page skipped: 'a.md'. Generated empty output.")]


def test_a_dirty_build_asks_the_file_before_reading_or_rendering(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    events, out = build_page(tmp_path, monkeypatch, None, dirty=True, modified=False)
    assert events == [] and not out.exists()
    read: list[str] = []
    page = SimpleNamespace(file=SimpleNamespace(src_uri="a.md", is_modified=lambda: False),
                           read_source=lambda config: read.append("read"))
    mkdocs_build._populate_page(page, SimpleNamespace(), Files([]), dirty=True)  # type: ignore[arg-type]
    assert read == []


def fake_config(tmp_path: Path) -> Any:
    return SimpleNamespace(site_dir=str(tmp_path / "site"), use_directory_urls=True,
                           plugins=SimpleNamespace(_current_plugin="hooks/portal_hooks.py"))


def test_a_generated_portal_file_is_a_portal_file_answering_from_the_digests(tmp_path: Path) -> None:
    file = PortalFile.for_page(fake_config(tmp_path), "tin-tuc/a/index.md", InclusionLevel.NOT_IN_NAV)
    assert type(file) is PortalFile and file.generated_by == "hooks/portal_hooks.py"
    assert file.url == "tin-tuc/a/" and file.inclusion is InclusionLevel.NOT_IN_NAV
    assert file.is_modified()  # in-memory content: MkDocs' own answer
    file.changed = False
    assert not file.is_modified()


def test_a_hand_written_page_is_copied_in_place_and_always_modified(tmp_path: Path) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    files = Files([File(name, str(docs), str(site), True) for name in ("index.md", "lien-he.md", "logo.png")])
    for file in files:
        (docs / file.src_uri).write_text("# A\n", encoding="utf-8")
        Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
        Path(file.abs_dest_path).write_text("", encoding="utf-8")
        os.utime(file.abs_dest_path, (2_000_000_000, 2_000_000_000))  # newer than the source: MkDocs says unchanged
    assert not files.get_file_from_path("index.md").is_modified()  # type: ignore[union-attr]
    copied = with_files_changed(files, {"index.md": True})
    assert [f.src_uri for f in copied] == ["index.md", "lien-he.md", "logo.png"]
    index = copied.get_file_from_path("index.md")
    assert isinstance(index, PortalFile) and index.is_modified() and index.generated_by is None
    original = files.get_file_from_path("index.md")
    assert original is not None and (index.url, index.abs_dest_path) == (original.url, original.abs_dest_path)
    assert copied.get_file_from_path("lien-he.md") is files.get_file_from_path("lien-he.md")


def test_a_page_keeps_its_anchors_in_the_attributes_portal_pages_set() -> None:
    # PortalPage.render sets them directly (it converts no Markdown); MkDocs validates anchors with them.
    assert Page.present_anchor_ids is None and Page.links_to_anchors is None
    assert "present_anchor_ids" in inspect.getsource(Page.validate_anchor_links)


def test_the_dev_server_injects_its_script_through_the_method_the_preview_wraps() -> None:
    assert list(inspect.signature(LiveReloadServer._inject_js_into_html).parameters) == ["self", "content", "epoch"]


def test_strict_mode_counts_with_a_count_handler_on_the_engine_logger() -> None:
    source = inspect.getsource(mkdocs_build.build)
    assert "CountHandler()" in source and "logging.getLogger('mkdocs').addHandler(warning_counter)" in source
    assert issubclass(CountHandler, logging.Handler)


def test_materials_search_files_are_where_the_adapter_leaves_them_out() -> None:
    theme = Path(material.__file__).resolve().parent / "templates"
    for prefix in THEME_SEARCH:
        assert list(theme.glob(prefix + "*")), prefix
    assert re.search(r"^plugins: \[\]", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)


@pytest.mark.parametrize("site_url", ["https://stnmt.example.gov.vn/", "https://stnmt.example.gov.vn",
                                      "https://example.org/so/stnmt", "https://example.org/a?b=1", "", None])
@pytest.mark.parametrize("url", ["tin-tuc/2024/06/a/", "", "van-ban/1596-qd-ubnd/", "a b/", "./x/", "tin-tuc/../x/"])
def test_a_portal_page_gets_the_canonical_url_mkdocs_would_give_it(site_url: str | None, url: str) -> None:
    # PortalPage._set_canonical_url skips MkDocs' per-page urljoin; Page.__init__ calls it with site_url.
    from portal.adapter.structure import PortalPage
    from portal.listings import PageSpec

    assert "self._set_canonical_url(config.get('site_url', None))" in inspect.getsource(Page.__init__)
    config = SimpleNamespace(get=lambda key, default=None: site_url if key == "site_url" else default)
    file = SimpleNamespace(url=url, src_uri="x.md", page=None, dest_uri=url + "index.html", name="x")
    theirs = Page.__new__(Page)
    theirs.file = file  # type: ignore[assignment]
    Page._set_canonical_url(theirs, site_url)
    ours = PortalPage(PageSpec(url=url, template="list.html", title="T", kind="news"), file, config)  # type: ignore[arg-type]
    assert (ours.canonical_url, ours.abs_url) == (theirs.canonical_url, theirs.abs_url)
