"""MkDocs' files and nav: generated pages, content assets and outputs added; pages linked and dated."""

from __future__ import annotations

import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from .. import dates, reuse, routes
from ..fingerprint import Digester, site_digest
from ..render import stable_description
from .engine import Process, log
from .preview import add_error_pages
from .search import THEME_SEARCH
from .structure import PortalFile, PortalPage, with_files_changed

if TYPE_CHECKING:
    from .state import BuildState

PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The `portal` package: its code is part of every generated page's digest."""
HOOK_FILE = PACKAGE_DIR.parent / "portal_hooks.py"
"""The MkDocs hook file (mkdocs.yml `hooks:`) next to the package."""

def _theme_source_map(src_uri: str) -> bool:
    return src_uri.endswith(".map") and src_uri.startswith(("assets/javascripts/", "assets/stylesheets/"))


def add_files(state: BuildState, files: Files, config: MkDocsConfig) -> Files:
    """Add generated pages, content assets and outputs (feeds, calendars) to MkDocs' files."""
    for theme_file in [f for f in files if f.src_uri.startswith(THEME_SEARCH) or _theme_source_map(f.src_uri)]:
        # The site has its own search (search_index.py); the theme's source maps (1.3 MB) serve only
        # the theme's developers.
        files.remove(theme_file)
    if state.showing_errors:
        return add_error_pages(state, files, config)
    preview = Process.command == "serve"
    plan = state.reuse
    digester = Digester(_site_digest(state, config) if preview or plan is not None else "")
    kept_pages: dict[str, PortalPage] = {}
    for spec in state.specs:
        inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
        file = PortalFile.for_page(config, spec.src_uri, inclusion)
        existing = files.get_file_from_path(spec.src_uri)
        if existing is not None:
            files.remove(existing)
        page = PortalPage(spec, file, config)
        state.pages_by_url[spec.url] = page
        files.append(file)
        if preview:
            # `mkdocs serve --dirty` re-renders only pages whose digest changed since the last build.
            digest = digester.page(spec)
            state.fingerprints[spec.src_uri] = digest
            file.changed = Process.fingerprints.get(spec.src_uri) != digest
        elif plan is not None and plan.previous is None:
            plan.pending[file.dest_uri] = spec
        elif plan is not None:
            plan.digests[file.dest_uri] = digester.page(spec)
            kept_pages[file.dest_uri] = page
    if plan is not None:
        plan.digester = digester
    if plan is not None and plan.previous is not None:
        plan.kept = reuse.reusable(plan.previous, plan.manifest, plan.digests)
        for dest_uri in plan.kept:
            kept_pages[dest_uri].kept = True
            plan.hashes[dest_uri] = plan.manifest[dest_uri].content
        log.info(f"Giữ lại {len(plan.kept)}/{len(plan.digests)} trang không đổi từ lần xây dựng trước.")
    if preview:
        # Hand-written pages show site-wide lists (the home page): always re-render them.
        files = with_files_changed(files, {file.src_uri: True for file in files.documentation_pages()
                                           if file.generated_by is None})
    written = {output.path for output in state.outputs}
    for asset in state.site.assets.values():
        if routes.MEDIA + asset.src not in written:  # else a re-encoded copy takes its place (images.py)
            files.append(File.generated(config, routes.MEDIA + asset.src, abs_src_path=asset.abs_path))
    for output in state.outputs:
        # Included explicitly: MkDocs would leave out a dot-file (the record of URLs, redirects.py).
        if output.source:
            files.append(File.generated(config, output.path, abs_src_path=output.source,
                                        inclusion=InclusionLevel.INCLUDED))
        else:
            files.append(File.generated(config, output.path, content=output.content,
                                        inclusion=InclusionLevel.INCLUDED))
    return files


_NOT_SHOWN = frozenset({"config_file_path", "dev_addr", "hooks", "mdx_configs", "plugins", "remote_branch",
                        "remote_name", "site_dir", "strict", "theme", "validation", "watch"})
"""Config keys that never change a page's HTML, or that are described separately below."""
_LIBRARIES = ("mkdocs", "properdocs", "mkdocs-material", "jinja2", "markupsafe", "babel", "markdown",
              "pymdown-extensions", "nh3")


def _site_digest(state: BuildState, config: MkDocsConfig) -> str:
    """Return the part of every generated page's digest shared by the whole site.

    Everything a page may show besides its own spec: topics, settings, the build's today, the
    menu (hand-written pages in docs/, generated pages in the nav), every config value, the
    templates (overrides/ by file stamp, the theme and libraries by version) and this package's
    own code (filters, sharing tags).
    """
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} -")
    settings = {key: repr(config[key]) for key in sorted(config.keys()) if key not in _NOT_SHOWN}
    settings["mdx_configs"] = repr(stable_description(config.mdx_configs))
    settings["plugins"] = repr({name: stable_description(dict(getattr(plugin, "config", {})))
                                for name, plugin in config.plugins.items()})
    settings["theme"] = repr((sorted(config.theme.items(), key=str), config.theme.dirs))
    in_nav = [(spec.url, spec.title) for spec in state.specs if spec.in_nav]
    return site_digest(
        (state.site.topics, state.settings, state.site.now.date() if state.site.now else None, state.home,
         settings, in_nav, versions, sys.version, os.environ.get("SOURCE_DATE_EPOCH"), state.render_fingerprint),
        [Path(d) for d in [config.theme.custom_dir] if d] + [Path(config.docs_dir), PACKAGE_DIR],
        [Path(config.config_file_path), HOOK_FILE],
    )


def attach_parents(state: BuildState, nav: Navigation) -> Navigation:
    """Make pages outside the nav highlight their section (the blog plugin's `parent` trick)."""
    state.nav = nav
    sections = {page.url: page for page in nav.pages}
    for url, page in state.pages_by_url.items():
        if page.spec.in_nav or page.spec.parent is None:
            continue
        parent = sections.get(page.spec.parent)
        if parent is not None and parent is not page:
            page.parent = parent  # type: ignore[assignment]
    return nav


def set_update_dates(state: BuildState, files: Files) -> None:
    """Give the sitemap real `lastmod` dates from content, never the build date.

    Generated pages already carry their item's (or newest listed item's) date; a date after the
    build's today (an upcoming event's start) says nothing about the page, so it is dropped. The
    home page shows the newest content, so it takes that date; other hand-written pages take
    `updated:` from their front matter, and have no `lastmod` without it.
    """
    today = state.site.today.isoformat()
    stamps = (dates.as_date(item.updated or item.date).isoformat() for item in state.site.items())
    newest = max((stamp for stamp in stamps if stamp <= today), default=None)
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        if isinstance(page, PortalPage):
            if page.update_date > today:
                page.update_date = ""
            continue
        if page.is_homepage and newest is not None:
            page.update_date = newest
        else:
            updated = (page.meta or {}).get("updated")
            page.update_date = str(updated) if updated else ""
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    if pages and not any(page.update_date for page in pages):
        # MkDocs needs one date for the sitemap.xml.gz header (it crashes on none): a site without
        # dated content, or the preview's error pages, use the build's today (SOURCE_DATE_EPOCH).
        pages[0].update_date = today
