"""The live preview (`mkdocs serve`): content errors shown as pages, the editor kept unreloaded."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.utils import CountHandler

from .. import web_editor
from ..errors import summary_line
from ..listings import PageSpec
from ..pagedata import ErrorsPage
from .engine import ENGINE, Process
from .structure import PortalFile, PortalPage

if TYPE_CHECKING:
    from .state import BuildState

def keep_editor_unreloaded(server: Any) -> Any:
    """Keep the live preview's reload script out of the web editor's page (`make edit`).

    Every save in the editor changes content/, the preview rebuilds, and MkDocs' script would then
    reload every open page: the editor's too, wiping the form an editor is filling in. The editor
    shows its own preview; only the site's pages reload.
    """
    inject = getattr(server, "_inject_js_into_html", None)  # MkDocs 1.6's LiveReloadServer (private)
    if inject is None:
        return server

    def inject_except_editor(content: bytes, epoch: int) -> bytes:
        return content if web_editor.PAGE_MARK in content else inject(content, epoch)

    server._inject_js_into_html = inject_except_editor
    return server


ERROR_TEMPLATE = "portal-errors.html"
"""The page `mkdocs serve` shows for every URL while content has errors."""
ERROR_TITLE = "Nội dung có lỗi"
"""The title of an error page that is not in the menu (menu pages keep their menu label)."""


class _NotCounted(logging.Filter):
    """Keep the portal's own records out of MkDocs' --strict counter."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name != f"{ENGINE}.plugins.portal"


def preview_problems_do_not_abort() -> None:
    """Serve: content problems become the preview's pages, so they must not abort that build.

    MkDocs counts every warning and error for --strict with a handler it adds for one build;
    without this the error pages would never be written and the server would look stuck.
    """
    for handler in logging.getLogger(ENGINE).handlers:
        if isinstance(handler, CountHandler) and not any(isinstance(f, _NotCounted) for f in handler.filters):
            handler.addFilter(_NotCounted())


def _nav_src_uris(entries: Any) -> set[str]:
    """Return the Markdown files named in mkdocs.yml `nav:` (nested sections included)."""
    found: set[str] = set()
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):
            if entry.endswith(".md"):
                found.add(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found |= _nav_src_uris(value)
    return found


def _nav_titles(entries: Any, found: dict[str, str] | None = None) -> dict[str, str]:
    """Return the menu label of every Markdown file mkdocs.yml `nav:` names with one (nested sections included)."""
    found = {} if found is None else found
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict):
            continue
        for title, value in entry.items():
            if isinstance(value, str):
                if value.endswith(".md"):
                    found.setdefault(value, str(title))
            else:
                _nav_titles(value, found)
    return found


def add_error_pages(state: BuildState, files: Files, config: MkDocsConfig) -> Files:
    """Serve with content errors: hand-written pages, nav entries and earlier URLs all list them.

    The menu keeps its labels from mkdocs.yml `nav:` (a page's title is its menu label); the
    page body and the browser tab's title say that content has errors.
    """
    data = ErrorsPage(state.problems, summary_line(state.problems))
    in_nav = _nav_src_uris(config.nav or [])
    titles = _nav_titles(config.nav or [])
    src_uris = {f.src_uri for f in files.documentation_pages()} | in_nav | {s.src_uri for s in state.specs}
    for src_uri in sorted(src_uris):
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        inclusion = InclusionLevel.INCLUDED if src_uri in in_nav else InclusionLevel.NOT_IN_NAV
        file = PortalFile.for_page(config, src_uri, inclusion)
        spec = PageSpec(file.url, ERROR_TEMPLATE, titles.get(src_uri, ERROR_TITLE), "errors", data)
        state.pages_by_url[file.url] = PortalPage(spec, file, config)
        files.append(file)
    return files


def remember_fingerprints(state: BuildState) -> None:
    """After a successful build, keep the page digests for the next live-preview rebuild."""
    if Process.command == "serve":
        Process.fingerprints = dict(state.fingerprints)
