"""MkDocs structure for generated pages: `PortalFile` and `PortalPage` (like mkdocs/structure/)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .. import dates
from ..listings import PageSpec
from ..pagedata import PagedList

SKIP_TEMPLATE = "portal-skip.html"
"""An empty template: MkDocs writes nothing for a page rendered by the helper process or kept."""


class PortalFile(File):
    """A file of the portal's pages: under `serve --dirty` its page is rendered again only when needed.

    MkDocs asks `is_modified()` before reading and before rendering a page in a dirty build.
    """

    changed: bool | None = None
    """What `is_modified` answers: from the page digests of the live preview (fingerprint.py), or
    True for a hand-written page (it shows site-wide lists); None leaves the answer to MkDocs."""

    @classmethod
    def for_page(cls, config: MkDocsConfig, src_uri: str, inclusion: InclusionLevel) -> PortalFile:
        """Return the in-memory file of a generated page (its HTML comes from `PortalPage`)."""
        file = cls.generated(config, src_uri, content="", inclusion=inclusion)
        assert isinstance(file, cls)
        return file

    @classmethod
    def copy_of(cls, file: File, *, changed: bool) -> PortalFile:
        """Return a copy of MkDocs' `file` (a hand-written page) whose `is_modified` answers `changed`."""
        copy = cls.__new__(cls)
        vars(copy).update(vars(file))
        copy.changed = changed
        return copy

    def is_modified(self) -> bool:
        return super().is_modified() if self.changed is None else self.changed


def with_files_changed(files: Files, changed: dict[str, bool]) -> Files:
    """Return `files` in the same order, each file named in `changed` a `PortalFile` answering that."""
    return Files([
        file if file.src_uri not in changed or isinstance(file, PortalFile)
        else PortalFile.copy_of(file, changed=changed[file.src_uri])
        for file in files
    ])


def nest_toc(flat: tuple[tuple[int, str, str], ...]) -> list[dict[str, Any]]:
    """Rebuild Python-Markdown's nested toc tokens from (level, id, name) triples."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, anchor, name in flat:
        token = {"level": level, "id": anchor, "name": str(escape(name)), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


@lru_cache(maxsize=4)
def _site_url_parts(base: str) -> tuple[str, str] | None:
    """Return (the site URL ending in "/", its path), or None if it has a query or fragment."""
    base = base if base.endswith("/") else base + "/"
    return None if "#" in base or "?" in base else (base, urlsplit(base).path)


def _plain_path(url: str) -> bool:
    """True for a relative path `urljoin` would only append: no scheme, query, fragment, dot
    segment, backslash or whitespace."""
    return not (url.startswith(("/", ".")) or "/." in url or any(c in url for c in ":?#\\ \t\r\n"))


class PortalPage(Page):
    """A page generated from a `PageSpec`: its HTML comes from the portal, not from Markdown."""

    def __init__(self, spec: PageSpec, file: File, config: MkDocsConfig) -> None:
        # Material prints page titles unescaped (header, nav, breadcrumbs) and its search UI
        # inserts them as HTML, so the title from front matter is escaped once, here.
        super().__init__(escape(spec.title) if spec.title else spec.title, file, config)
        self.spec = spec
        self.kept = False
        """True when the previous build's file for this page is reused (reuse.py)."""
        stamp = None
        if spec.item is not None:
            stamp = spec.item.updated or spec.item.date
        elif isinstance(spec.data, PagedList) and (pager := spec.data.pager).items:
            stamp = max(i.updated or i.date for i in pager.items)
        # The sitemap's <lastmod>: a content date, or none (never the build date).
        self.update_date = dates.as_date(stamp).isoformat() if stamp is not None else ""

    def _set_canonical_url(self, base: str | None) -> None:
        """As MkDocs' own, without parsing the site URL again for every page (`urljoin` and
        `urlsplit`: half a second at 14,000 pages). A generated page's URL is a plain relative
        path ("tin-tuc/2024/06/a/"), so joining it to the site URL is putting it after it."""
        site = _site_url_parts(base) if base else None
        if site is None or not _plain_path(self.url):
            super()._set_canonical_url(base)
            return
        self.canonical_url = site[0] + self.url
        self.abs_url = site[1] + self.url

    def read_source(self, config: MkDocsConfig) -> None:
        meta: dict[str, Any] = {"template": SKIP_TEMPLATE if self.kept else self.spec.template}
        if self.spec.description:
            # Material prints page.meta.description without escaping.
            meta["description"] = escape(self.spec.description)
        if self.spec.template != "article.html":
            # Only an article keeps its headings beside it: lists have none, and the other kinds'
            # pages use the width (a plan's task table, a calendar).
            meta["hide"] = ["toc"]
        self.markdown = ""
        self.meta = meta

    def render(self, config: MkDocsConfig, files: Files) -> None:
        item = self.spec.item
        self.content = item.html if item is not None else ""
        self.toc = get_toc(nest_toc(item.toc) if item is not None else [])  # type: ignore[arg-type]
        self.present_anchor_ids = {anchor for _, anchor, _ in item.toc} if item is not None else set()
        self.links_to_anchors = None
