"""The only module that knows MkDocs: turns portal data into MkDocs files, pages and context.

Per-build state lives in `BuildState`, created anew in `on_config` (MkDocs keeps hook modules
loaded across `mkdocs serve` rebuilds).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import signal
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.utils import LRUCache
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from . import dates, images, outdir, redirects, reuse, routes, search_index, seo, web_editor
from .errors import ConfigError, Problem, summary_line
from .fingerprint import Digester, site_digest
from .kinds import KINDS
from .kinds import LABELS as KIND_LABELS
from .listings import PageSpec, build_indexes, campaign_status, feed_links, home_data
from .loader import LoadOptions, load_site
from .models import Site
from .options import Options
from .pagedata import ErrorsPage, HomePage, PagedList
from .pages import THEME_CSS, Context, Output, build_outputs, build_pages
from .project import read_project
from .render import RenderCache, Renderer, render_site_items, stable_description
from .settings import Settings
from .wording import describe_when

log = get_plugin_logger("portal")
ENGINE = MkDocsConfig.__module__.partition(".")[0]
"""The engine running: `mkdocs`, or `properdocs` (its `mkdocs.*` modules are aliases of its own), which
is also the name of its root logger."""


class _Process:
    """Process-wide facts MkDocs gives once (`on_startup`), unlike per-build state."""

    command: str = "build"
    dirty: bool = False
    fingerprints: dict[str, str] = {}
    """Digest of every generated page at the last successful build (live preview only)."""
    shown_urls: set[str] = set()
    """URLs of the last good preview build: after a content error they show the problem list."""
    options: Options = Options()
    """The build's switches (options.py), read from the environment once when a build starts."""


def set_command(command: str, dirty: bool = False) -> None:
    """Remember whether this process builds or serves (serve shows drafts and scheduled items)."""
    _Process.command = command
    _Process.dirty = dirty


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


def shutdown() -> None:
    """The `build` command ends: spare the interpreter's last collection.

    On exit Python walks every object once more to collect cycles, only for the process to free
    them all (1.2 s at 10,000 articles). Frozen, they are skipped. A later build in the same
    process (tests) unfreezes them first (`BuildState.start`).
    """
    if _Process.command == "build" and _Process.options.parallel:
        gc.freeze()


@dataclass(slots=True)
class _Reuse:
    """Pages of the previous build that this build keeps instead of rendering (reuse.py)."""

    cache_dir: Path
    publish_dir: Path
    """Where this build's output will be published (the output folder, or site/ for `portal build`)."""
    previous: Path | None
    """Where the previous build's files are now, or None when there is nothing to reuse."""
    move: bool
    """True: `previous` is ours to take files from (set aside); False: link, it is the live site."""
    manifest: dict[str, reuse.Stamp]
    digests: dict[str, str] = field(default_factory=dict)
    """Output path → digest of every generated page (the next build's manifest)."""
    hashes: dict[str, str] = field(default_factory=dict)
    """Output path → `reuse.content_hash` of the page file this build wrote (`note_written`, in
    whichever process wrote it) or kept (the hash its content was checked against)."""
    kept: list[str] = field(default_factory=list)
    """Output paths whose previous file is kept."""
    pending: dict[str, PageSpec] = field(default_factory=dict)
    """Pages whose digest is only needed for the next build (nothing to reuse now): computed by
    the process that renders them, so the work is shared like the rendering."""
    digester: Digester | None = None

    def place_kept(self, out_dir: Path) -> None:
        """Move or link the kept page files into the output folder."""
        if self.previous is not None and self.kept:
            reuse.place(self.previous, out_dir, self.kept, move=self.move)

    def record(self, dest_uri: str) -> None:
        """Compute the digest of a deferred page (once)."""
        spec = self.pending.get(dest_uri)
        if spec is not None and self.digester is not None and dest_uri not in self.digests:
            self.digests[dest_uri] = self.digester.page(spec)


@dataclass(slots=True)
class BuildState:
    """Everything one build computed from `content/`."""

    root: Path
    settings: Settings
    site: Site
    specs: list[PageSpec]
    outputs: list[Output]
    home: HomePage | None
    problems: list[Problem] = field(default_factory=list)
    pages_by_url: dict[str, "PortalPage"] = field(default_factory=dict)
    nav: Navigation | None = None
    helper: "_PageHelper | None" = None
    fingerprints: dict[str, str] = field(default_factory=dict)
    showing_errors: bool = False
    """Serve only: content has errors, so every page lists them instead of the site."""
    site_info: seo.SiteInfo | None = None
    """Site-wide facts for sharing tags and JSON-LD (set in `setup_env`)."""
    reuse: _Reuse | None = None
    render_fingerprint: str = ""
    """The Markdown converter's settings and version (`Renderer.fingerprint`), for page digests."""
    pictures: dict[str, images.Picture] = field(default_factory=dict)
    """Responsive copies of the images, by `src` (images.py): templates show them."""

    @classmethod
    def start(cls, config: MkDocsConfig) -> "BuildState":
        """Load, validate and render all content; abort before anything is written on errors."""
        gc.unfreeze()  # what an earlier build in this process (tests) left frozen
        _Process.options = Options.from_environ()
        if _Process.command != "build" or not _Process.options.parallel:
            return cls._start(config)
        # What loading creates lives until the build ends and holds next to no cycles: the
        # collector, left on, walks it again every time it grows by a quarter (1.4 s of 35 at
        # 10,000 articles). Frozen, it is never walked (nor touched in the forked helper) and
        # stays so to the end (`shutdown`).
        gc.disable()
        try:
            return cls._start(config)
        finally:
            gc.enable()
            gc.freeze()

    @classmethod
    def _start(cls, config: MkDocsConfig) -> "BuildState":
        root = Path(config.config_file_path).resolve().parent
        if _Process.command != "serve":
            # MkDocs cleans its output folder right after this hook (build, gh-deploy): never one
            # holding the project's files. `serve` writes into a temporary folder of its own.
            reason = outdir.refusal(root, Path(config.site_dir), Path(config.docs_dir))
            if reason is not None:
                raise PluginError(f"Không xây dựng: {reason}")
        extra: dict[str, Any] = dict(config.extra or {})
        settings, config_problems = Settings.from_mapping(extra.get("portal"))
        if config_problems:
            for message in config_problems:
                log.error(f"mkdocs.yml: {message}")
            raise PluginError("Cấu hình mkdocs.yml không hợp lệ (xem các dòng trên).")
        preview = _Process.command == "serve"
        previous_urls = redirects.read_record(_published_dir(config, root))  # moved URLs are forwarded
        options = _Process.options
        site, problems = load_site(root, LoadOptions(now=dates.build_now(), preview=preview, settings=settings,
                                                     previous_urls=previous_urls, parallel=options.parallel))
        pictures = images.plan_site(site.assets.values())  # what pages show; encoded in build_outputs
        renderer = Renderer(config.markdown_extensions, config.mdx_configs, settings.iframe_hosts,
                            *_search_extractor(), pictures=pictures, pictures_id=images.still_id(site.assets.values()))
        cache = RenderCache(root / ".cache" / "portal" / "render") if options.cache else None
        lists = [site.of(kind) for kind in KINDS]  # every kind's bodies, converted once
        rendered = iter(render_site_items([item for items in lists for item in items], renderer, cache,
                                          workers=None if options.parallel else 1))
        for items in lists:
            items[:] = [next(rendered) for _ in items]
        indexes = build_indexes(site)
        cache_dir = root / ".cache" / "portal" if options.cache else None
        ctx = Context(site, indexes, settings, _site_url(config), cache_dir, options.parallel, pictures)
        specs = build_pages(ctx)
        problems += _conflicts_with_docs(specs, Path(config.docs_dir), root)
        problems += redirects.conflicts(site, _written_paths(specs, Path(config.docs_dir)))
        if preview:
            _preview_problems_do_not_abort()
        report(problems)
        errors = [p for p in problems if p.is_error]
        if errors:
            if preview:
                # Live preview: the problems become the pages, rather than a server stuck on old pages.
                log.error(f"Nội dung có lỗi ({summary_line(problems)}): trang xem trước đang hiện danh sách lỗi.")
                return cls.with_error_pages(root, settings, site, problems)
            raise PluginError(f"Nội dung có lỗi ({summary_line(problems)}): trang web chưa được xây dựng lại.")
        try:
            outputs = build_outputs(ctx)
            outputs += [Output(path, content) for path, content in web_editor.build_files(
                root, site, settings, _site_url(config), config.site_name, _site_styles(config))]
        except ConfigError as error:
            # A broken setting (e.g. no site_url for the feeds): one clear line, no traceback.
            raise PluginError(f"mkdocs.yml: {error}") from None
        except web_editor.EditorMissing as error:
            raise PluginError(f"Không xây dựng: {error}") from None
        late = _add_redirects(site, outputs, config)  # forwarding pages of moved items (redirects.py)
        problems += late
        if any(problem.is_error for problem in late):
            if preview:
                return cls.with_error_pages(root, settings, site, problems)
            raise PluginError(f"Nội dung có lỗi ({summary_line(problems)}): trang web chưa được xây dựng lại.")
        if preview:
            _Process.shown_urls = {spec.url for spec in specs}
        state = cls(root, settings, site, specs, outputs, home_data(site, indexes, settings), problems)
        state.pictures = pictures
        state.render_fingerprint = renderer.fingerprint
        state.reuse = _prepare_reuse(config, cache_dir)
        return state

    @classmethod
    def with_error_pages(cls, root: Path, settings: Settings, site: Site, problems: list[Problem]) -> "BuildState":
        """Return a preview state whose pages (home and every URL shown before) list the problems."""
        data = ErrorsPage(problems, summary_line(problems))
        specs = [
            PageSpec(url, ERROR_TEMPLATE, ERROR_TITLE, "errors", data)
            for url in sorted(_Process.shown_urls | {""})
        ]
        return cls(root, settings, site, specs, [], None, problems, showing_errors=True)


def _site_styles(config: MkDocsConfig) -> list[str]:
    """Return the site's style sheets (the theme's, then extra_css), site-relative, for the editor's preview."""
    styles: list[str] = []
    for folder in map(Path, config.theme.dirs):
        for pattern in ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css"):
            styles += sorted(path.relative_to(folder).as_posix() for path in folder.glob(pattern))
    return [*dict.fromkeys(styles), *map(str, config.extra_css)]


def _prepare_reuse(config: MkDocsConfig, cache_dir: Path | None) -> _Reuse | None:
    """Find the previous build's pages (a full `mkdocs build` only: not serve, --dirty or no cache).

    Building in place (the output folder is the published one), its content is set aside in a
    hidden folder MkDocs' cleaning leaves alone; `portal build` writes into a new folder and names
    the published one in `PORTAL_PUBLISH_DIR`, whose files are then linked, never moved.
    """
    if _Process.command != "build" or _Process.dirty or cache_dir is None:
        return None
    out_dir = Path(config.site_dir).resolve()
    publish_dir = Path(_Process.options.publish_dir or out_dir).resolve()
    manifest = reuse.read_manifest(cache_dir, publish_dir)
    reuse.forget_manifest(cache_dir)
    reuse.discard_previous(out_dir)
    if not manifest or not publish_dir.is_dir():
        return _Reuse(cache_dir, publish_dir, None, False, {})
    if publish_dir == out_dir:
        return _Reuse(cache_dir, publish_dir, reuse.set_aside(out_dir), True, manifest)
    return _Reuse(cache_dir, publish_dir, publish_dir, False, manifest)


def finish_reuse(state: BuildState, config: MkDocsConfig | None) -> None:
    """After a build: record the pages for the next one (on success) and drop the set-aside files."""
    plan, state.reuse = state.reuse, None
    if plan is None:
        return
    if config is not None:
        for dest_uri in plan.pending:
            plan.record(dest_uri)
        reuse.write_manifest(plan.cache_dir, plan.publish_dir, Path(config.site_dir).resolve(), plan.digests,
                             plan.hashes)
    if plan.move and plan.previous is not None:
        reuse.discard_previous(plan.previous.parent)


ERROR_TEMPLATE = "portal-errors.html"
"""The page `mkdocs serve` shows for every URL while content has errors."""
ERROR_TITLE = "Nội dung có lỗi"
"""The title of an error page that is not in the menu (menu pages keep their menu label)."""


class _NotCounted(logging.Filter):
    """Keep the portal's own records out of MkDocs' --strict counter."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name != f"{ENGINE}.plugins.portal"


def _preview_problems_do_not_abort() -> None:
    """Serve: content problems become the preview's pages, so they must not abort that build.

    MkDocs counts every warning and error for --strict with a handler it adds for one build;
    without this the error pages would never be written and the server would look stuck.
    """
    for handler in logging.getLogger(ENGINE).handlers:
        if isinstance(handler, CountHandler) and not any(isinstance(f, _NotCounted) for f in handler.filters):
            handler.addFilter(_NotCounted())


def report(problems: list[Problem]) -> None:
    """Log every problem as `path:line: [rule] message` (warnings at INFO: they must not fail --strict)."""
    for problem in problems:
        if problem.is_error:
            log.error(problem.format())
        else:
            log.info(problem.format())


def _site_url(config: MkDocsConfig) -> str:
    url = config.site_url or ""
    return url if url.endswith("/") or not url else url + "/"


def _conflicts_with_docs(specs: list[PageSpec], docs_dir: Path, root: Path) -> list[Problem]:
    """Report hand-written pages in docs/ that would take the URL of a generated page."""
    generated = {spec.src_uri: spec for spec in specs}
    problems: list[Problem] = []
    if not docs_dir.is_dir():
        return problems
    for folder, _dirs, names in os.walk(docs_dir):
        for name in names:
            if not name.endswith(".md"):
                continue
            path = Path(folder) / name
            rel = path.relative_to(docs_dir).as_posix()
            candidates = {rel, rel[:-3] + "/index.md" if not rel.endswith("index.md") else rel}
            for candidate in candidates:
                spec = generated.get(candidate)
                if spec is not None:
                    source = spec.item.source if spec.item else "trang tự sinh"
                    problems.append(Problem(
                        path.relative_to(root).as_posix(), 1, "url-duplicate",
                        f"trang này trùng địa chỉ /{spec.url} với {source}",
                    ))
    return problems


def _published_dir(config: MkDocsConfig, root: Path) -> Path:
    """Return the folder the public site is served from: the previous build's record of URLs is there.

    `portal build` names it (it builds into a temporary folder); `mkdocs build` builds in place;
    `mkdocs serve` builds into a temporary folder of its own, so the site_dir of mkdocs.yml.
    """
    if _Process.command == "serve":
        return root / read_project(root).site_dir
    return Path(_Process.options.publish_dir or config.site_dir)


def _written_paths(specs: list[PageSpec], docs_dir: Path) -> set[str]:
    """Return the site paths of generated pages and of docs/ files: a forwarding page must not replace one."""
    paths = {spec.url + "index.html" for spec in specs}
    for folder, _dirs, names in os.walk(docs_dir):
        for name in names:
            rel = (Path(folder) / name).relative_to(docs_dir).as_posix()
            if rel.endswith(".md"):
                head, _, stem = rel[:-3].rpartition("/")
                rel = (f"{head}/" if head else "") + ("" if stem in ("index", "README") else f"{stem}/") + "index.html"
            paths.add(rel)
    return paths


def _add_redirects(site: Site, outputs: list[Output], config: MkDocsConfig) -> list[Problem]:
    """Add the forwarding pages, the record of URLs and the nginx map (redirects.py) to `outputs`.

    Return (and report) the problems of old addresses that would replace a file of the site; with
    an error nothing is added.
    """
    written = {output.path for output in outputs} | {routes.MEDIA + asset.src for asset in site.assets.values()}
    late = redirects.conflicts(site, written | {"404.html", "sitemap.xml", "sitemap.xml.gz"})  # MkDocs writes them
    report(late)
    if not any(problem.is_error for problem in late):
        outputs += [Output(path, content)
                    for path, content in redirects.build_files(site, _site_url(config), config.site_name,
                                                          config.theme.get("favicon") or "")]
    return late


def _nest_toc(flat: tuple[tuple[int, str, str], ...]) -> list[dict[str, Any]]:
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


# -- search: the site's own chunked index (search_index.py) ---------------------------------------

THEME_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
"""Material's search worker and lunr languages: not shipped (Material's search plugin is not used)."""


def _search_extractor() -> tuple[Any, str]:
    """Return (extractor, its id) for `Renderer`: each body's text and words, taken in the render
    workers and cached with its HTML (search_index.extract). `PORTAL_NO_SEARCH=1` (benchmarks:
    the cost of search) turns search off."""
    if os.environ.get("PORTAL_NO_SEARCH"):
        return None, ""
    return search_index.extract, f"portal-search {search_index.EXTRACT_VERSION}"


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
        self.toc = get_toc(_nest_toc(item.toc) if item is not None else [])  # type: ignore[arg-type]
        self.present_anchor_ids = {anchor for _, anchor, _ in item.toc} if item is not None else set()
        self.links_to_anchors = None


def _theme_source_map(src_uri: str) -> bool:
    return src_uri.endswith(".map") and src_uri.startswith(("assets/javascripts/", "assets/stylesheets/"))


def add_files(state: BuildState, files: Files, config: MkDocsConfig) -> Files:
    """Add generated pages, content assets and outputs (feeds, calendars) to MkDocs' files."""
    for theme_file in [f for f in files if f.src_uri.startswith(THEME_SEARCH) or _theme_source_map(f.src_uri)]:
        # The site has its own search (search_index.py); the theme's source maps (1.3 MB) serve only
        # the theme's developers.
        files.remove(theme_file)
    if state.showing_errors:
        return _add_error_pages(state, files, config)
    preview = _Process.command == "serve"
    plan = state.reuse
    digester = Digester(_site_digest(state, config) if preview or plan is not None else "")
    kept_pages: dict[str, PortalPage] = {}
    for spec in state.specs:
        inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, spec.src_uri, content="", inclusion=inclusion)
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
            if _Process.fingerprints.get(spec.src_uri) == digest:
                file.is_modified = _unchanged  # type: ignore[method-assign]
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
        for file in files.documentation_pages():
            if file.generated_by is None:
                # Hand-written pages show site-wide lists (the home page): always re-render them.
                file.is_modified = _changed  # type: ignore[method-assign]
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


def _add_error_pages(state: BuildState, files: Files, config: MkDocsConfig) -> Files:
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
        file = File.generated(config, src_uri, content="", inclusion=inclusion)
        spec = PageSpec(file.url, ERROR_TEMPLATE, titles.get(src_uri, ERROR_TITLE), "errors", data)
        state.pages_by_url[file.url] = PortalPage(spec, file, config)
        files.append(file)
    return files


def _unchanged() -> bool:
    return False


def _changed() -> bool:
    return True


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
    from importlib.metadata import PackageNotFoundError, version

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
        [Path(d) for d in [config.theme.custom_dir] if d] + [Path(config.docs_dir), Path(__file__).resolve().parent],
        [Path(config.config_file_path), Path(__file__).resolve().parent.parent / "portal_hooks.py"],
    )


def finish_search_index(state: BuildState, config: MkDocsConfig) -> None:
    """Write the search index of the item pages (search_index.py); before `finish_reuse`, which
    discards the previous build's files: an index whose pages did not change is kept from there.

    Only item pages are indexed (articles, campaigns, plans, events, documents: a `PageSpec` with
    an item and `search`), never lists. The live preview builds no index (its search box says so).
    """
    if _Process.command == "serve" or state.showing_errors or not _search_extractor()[0]:
        return
    plan = state.reuse
    specs = [spec for spec in state.specs if spec.item is not None and spec.search]
    digest = None
    if plan is not None:
        # The index is made of what these pages show: their digests (reuse.py) say whether it changed.
        dests = [state.pages_by_url[spec.url].file.dest_uri for spec in specs]
        for dest in dests:
            plan.record(dest)
        if all(dest in plan.digests for dest in dests):
            digest = reuse.content_hash("\n".join(f"{d} {plan.digests[d]}" for d in dests).encode("utf-8"))
    stats = search_index.publish(
        [search_index.item_doc(spec.item) for spec in specs], Path(config.site_dir),
        text_chars=state.settings.search_text_chars, cache_dir=plan.cache_dir if plan is not None else None,
        previous=plan.previous if plan is not None else None, move=plan.move if plan is not None else False,
        digest=digest,
    )
    log.info(f"Chỉ mục tìm kiếm: {stats.pages} trang, {stats.files} tệp, {stats.bytes / 1e6:.1f} MB, "
             f"{'giữ từ lần trước' if stats.kept else 'lập mới'} trong {stats.seconds:.2f} s.")


def mark_site(config: MkDocsConfig) -> None:
    """Mark a built output folder as ours, so the next build may replace it (outdir.py)."""
    if _Process.command != "serve":
        outdir.write_marker(Path(config.site_dir))


def remember_fingerprints(state: BuildState) -> None:
    """After a successful build, keep the page digests for the next live-preview rebuild."""
    if _Process.command == "serve":
        _Process.fingerprints = dict(state.fingerprints)


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


def add_page_context(state: BuildState, context: dict[str, Any], page: Page) -> dict[str, Any]:
    """Give templates the spec, item and data of a generated page, or the home page's lists."""
    if page.meta.get("template") == SKIP_TEMPLATE:
        return context  # written elsewhere (the page helper): nothing here reads the context
    if state.reuse is not None:
        state.reuse.record(page.file.dest_uri)
    if isinstance(page, PortalPage):
        context["spec"] = page.spec
        context["item"] = page.spec.item
        context["data"] = page.spec.data
    if page.is_homepage:
        context["home"] = state.home
    context["sharing"] = _page_sharing(state, page)
    context["image_order"] = _ImageOrder()
    return context


class _ImageOrder:
    """Which images of a page load lazily: all but the first (at the top of the page, the reader sees it)."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen = False

    def lazy(self) -> bool:
        """Return False for the page's first image, True for every later one."""
        seen, self._seen = self._seen, True
        return seen


def note_written(state: BuildState, output: str, page: Page) -> str:
    """Record the hash of the bytes MkDocs is about to write for a generated page (reuse.py).

    Runs as the last `on_post_page` handler, so `output` is what MkDocs writes, encoded as
    MkDocs encodes it; it writes nothing for an empty output (a page kept, or rendered by the
    other process, whose own handler records it).
    """
    plan = state.reuse
    if plan is not None and isinstance(page, PortalPage) and output and not output.isspace():
        plan.hashes[page.file.dest_uri] = reuse.content_hash(output.encode("utf-8", errors="xmlcharrefreplace"))
    return output


def _page_sharing(state: BuildState, page: Page) -> seo.Sharing | None:
    """Return the OpenGraph/Twitter tags and JSON-LD of `page` (partials/portal-sharing.html)."""
    info = state.site_info
    if info is None or state.showing_errors:
        return None
    spec = page.spec if isinstance(page, PortalPage) else None
    if page.is_homepage:
        title, trail = info.site_name, []
    elif spec is not None:
        title, trail = spec.title, [*spec.breadcrumbs, (spec.title, spec.url)]
    else:
        title = str(page.title or info.site_name)
        trail = [("Trang chủ", ""), (title, page.url)]
    description = (spec.description if spec is not None else (page.meta or {}).get("description")) or info.description
    return seo.page_sharing(info, url=page.url, title=title, description=str(description),
                            item=spec.item if spec is not None else None, trail=trail, is_home=page.is_homepage)


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


class NavCache(Extension):
    """`{% portalcache key %}…{% endportalcache %}`: render a fragment once per key (per build).

    Jinja's documented fragment-cache pattern. A falsy key disables caching for that page.
    """

    tags = {"portalcache"}

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        environment.extend(portal_fragments={})

    def parse(self, parser: Any) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endportalcache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_cached", [key]), [], [], body).set_lineno(lineno)

    def _cached(self, key: Any, caller: Any) -> str:
        if not key:
            return str(caller())
        fragments: dict[Any, str] = self.environment.portal_fragments  # type: ignore[attr-defined]
        if key not in fragments:
            fragments[key] = str(caller())
        return fragments[key]


@jinja2.pass_context
def _nav_cache_key(context: Any, name: str) -> Any:
    """Return the cache key of the menu for pages outside the nav, or None (no caching)."""
    page = context.get("page")
    spec = getattr(page, "spec", None)
    if spec is None or spec.in_nav or not _Process.options.cache:
        return None
    parent = getattr(page, "parent", None)
    nav = context.get("nav")
    # A menu link is made relative to the page: it depends on the page's depth and on the
    # leading segments it shares with the menu's targets (as deep as the deepest target).
    depth = max((p.url.count("/") for p in nav.pages), default=1) if nav is not None else 1
    segments = tuple(page.url.split("/")[:depth])
    return (name, page.url.count("/"), segments, getattr(parent, "url", None))


PLACE_LEVELS = 3
"""Folder levels of the deepest link target in a place-keyed fragment (assets/javascripts/workers/)."""


@jinja2.pass_context
def _place_key(context: Any, name: str) -> Any:
    """Return the cache key of a fragment whose links depend only on where the page is.

    A link made relative to the page (`| url`) depends on the page's depth and on the leading
    folders it shares with the target; targets in these fragments are at most `PLACE_LEVELS`
    folders deep (theme assets, the feeds page, the English page), so the page's depth and first
    `PLACE_LEVELS` folders decide the fragment. None (no caching) with `PORTAL_NO_CACHE`.
    """
    if not _Process.options.cache:
        return None
    # base_url as well: pages rendered without a page (404.html) use absolute links.
    url = getattr(context.get("page"), "url", "") or ""
    return ("place", name, context.get("base_url"), url.count("/"), tuple(url.split("/")[:PLACE_LEVELS]))


def _fragment_key(*parts: Any) -> Any:
    """Return a cache key for a fragment that depends only on `parts` (None: caching off)."""
    return ("fragment", *parts) if _Process.options.cache else None


def setup_env(state: BuildState, env: jinja2.Environment, config: MkDocsConfig) -> jinja2.Environment:
    """Register Vietnamese formatting filters and site-wide data once per build."""
    if _Process.command == "serve" and env.bytecode_cache is None and _Process.options.cache:
        env.bytecode_cache = _SERVE_BYTECODE  # each rebuild makes a new environment
    if isinstance(env.cache, LRUCache):
        # Every include and import looks its template up: a plain dict does it without the LRU's
        # lock and queue (a site's few dozen templates all stay; `serve` makes a new one per build).
        env.cache = dict(env.cache.items())
    env.add_extension(NavCache)
    env.globals["nav_cache_key"] = _nav_cache_key
    env.globals["fragment_key"] = _fragment_key
    env.globals["place_key"] = _place_key
    env.globals["portal_t"] = Translations(env, str(config.theme["language"]))
    env.filters["vi_date"] = dates.format_full  # the date formatters keep what they formatted
    env.filters["vi_short"] = dates.format_short
    env.filters["vi_admin"] = dates.format_admin
    env.filters["vi_time"] = dates.format_time
    env.filters["iso_date"] = dates.iso
    env.filters["when_text"] = describe_when
    env.filters["has_time"] = dates.has_time
    env.filters["json_script"] = seo.json_for_script  # JSON safe inside <script type="application/ld+json">
    state.site_info = seo.SiteInfo(
        _site_url(config), config.site_name, config.site_description or "", state.settings,
        logo=config.theme.get("logo") or "", topics={slug: topic.name for slug, topic in state.site.topics.items()},
    )
    env.globals["portal"] = {
        "site": state.site,
        "topics": state.site.topics,
        "settings": state.settings,
        "kinds": KIND_LABELS,
        "today": state.site.today,
        "preview": state.site.preview,
        "feeds": feed_links("", "Tất cả nội dung"),
        "feeds_page": routes.FEEDS_PAGE,
        "urls": routes.TEMPLATE_URLS,
        "theme_css": THEME_CSS if state.settings.colors else "",
        "campaign_status": lambda c: campaign_status(c, state.site.today),
        "pictures": state.pictures,
        "sizes": {"card": images.SIZES_CARD, "column": images.SIZES_COLUMN, "featured": images.SIZES_FEATURED,
                  "featured_small": images.SIZES_FEATURED_SMALL},
        "markup": Markup,
        "errors": state.problems if state.showing_errors else [],
    }
    return env


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory between `mkdocs serve` rebuilds.

    MkDocs makes a new Jinja environment for every rebuild, which compiled all 40-odd templates
    again (0.25 s of each save-to-page wait). Jinja checks each template's source checksum before
    using its bucket, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self.buckets: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.buckets.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.buckets[bucket.key] = bucket.bytecode_to_string()


_SERVE_BYTECODE = _MemoryBytecodeCache()


class Translations:
    """Material's `partials/language.html` macro `t(key)`, each key looked up once per build.

    The theme language's table first, then English, then the key itself, as Material does; the
    tables are the theme's (or our override's) `partials/languages/*.html`.
    """

    def __init__(self, env: jinja2.Environment, language: str) -> None:
        self.env = env
        self.language = language
        self.strings: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        text = self.strings.get(key)
        if text is None:
            own = self.env.get_template(f"partials/languages/{self.language}.html").module
            english = self.env.get_template("partials/languages/en.html").module
            text = self.strings[key] = str(own.t(key)) or str(english.t(key)) or key  # type: ignore[attr-defined]
        return text


# -- rendering pages on both cores -----------------------------------------------------------------

SKIP_TEMPLATE = "portal-skip.html"
"""An empty template: MkDocs writes nothing for a page rendered by the helper process."""
PARALLEL_THRESHOLD = 200


class _SkipNotice(logging.Filter):
    """Hide MkDocs' "Page skipped" notice for pages the helper process writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Page skipped:")


_SKIP_NOTICE = _SkipNotice()
"""Hides MkDocs' notice for pages written elsewhere (the helper) or kept (reuse.py), per build."""


def _hide_skip_notices(hide: bool) -> None:
    logger = logging.getLogger(f"{ENGINE}.commands.build")
    (logger.addFilter if hide else logger.removeFilter)(_SKIP_NOTICE)


class _Collector(logging.Handler):
    """Collect warnings and errors logged in the helper process, to re-log them in the parent."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


@dataclass(slots=True)
class _PageHelper:
    """A forked process rendering generated pages while MkDocs renders the rest."""

    pid: int
    result: Path


class _Claimed(dict[str, Any]):
    """`page.meta` of a page either process may render: reading `template` first claims the page.

    MkDocs reads `page.meta.get("template")` once, just before rendering; the answer (the page's
    template, or the empty one if the helper has already rendered it) is then stored, so every
    later read agrees.
    """

    def __init__(self, meta: dict[str, Any], claim: Any) -> None:
        super().__init__(meta)
        self.pop("template", None)
        self.claim = claim

    def get(self, key: str, default: Any = None) -> Any:
        if key == "template" and "template" not in self:
            self["template"] = self.claim()
        return super().get(key, default)


class _Share:
    """Two ends of the list of pages to render, in memory shared with the helper process.

    The parent renders pages from the front as MkDocs reaches them; the helper renders from
    the back; each page goes to whoever claims it first, so both finish together whatever the
    pages cost. `front`: one past the highest page the parent took; `back`: the lowest page
    the helper took.
    """

    def __init__(self, count: int) -> None:
        import multiprocessing

        self.ends = multiprocessing.get_context("fork").Array("q", [0, count])

    def parent_takes(self, index: int) -> bool:
        with self.ends.get_lock():
            if index < self.ends[1]:
                self.ends[0] = max(self.ends[0], index + 1)
                return True
            return False

    def helper_takes(self, index: int) -> bool:
        with self.ends.get_lock():
            if index >= self.ends[0]:
                self.ends[1] = index
                return True
            return False


def _parent_claim(share: _Share, index: int, template: str) -> Any:
    return lambda: template if share.parent_takes(index) else SKIP_TEMPLATE


def start_page_helper(state: BuildState, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
    """Put kept pages in place and fork a process that renders pages alongside MkDocs (`build`).

    The pages are already read and converted (`on_env` runs after that), so the forked copy has
    everything it needs. The helper renders generated pages from the last one backwards while
    MkDocs renders from the first one forwards (`_Share`); a page the helper took gets an empty
    template in the parent, so MkDocs still runs `on_page_context` for it (Material's search
    indexes it there) but writes nothing. Output is identical to a serial build: the same
    templates render the same page objects. Kept pages (reuse.py) are skipped the same way, and
    the helper first moves or links their files into place.
    """
    if _Process.command == "build" and _Process.options.parallel:
        gc.freeze()  # files, pages and the menu live until the end too (see BuildState.start)
    plan = state.reuse
    kept = plan.kept if plan is not None else []
    if kept:
        _hide_skip_notices(True)
    pages: list[PortalPage] = [page for page in state.pages_by_url.values() if not page.kept and not page.spec.in_nav]
    if (
        _Process.command != "build" or not _Process.options.parallel
        or state.nav is None or len(pages) + len(kept) < PARALLEL_THRESHOLD
    ):
        if plan is not None:
            plan.place_kept(Path(config.site_dir))
        return
    from mkdocs.commands.build import _build_page

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    share = _Share(len(pages))
    for index, page in enumerate(pages):
        page.meta = _Claimed(dict(page.meta), _parent_claim(share, index, page.spec.template))
    handle, result_name = tempfile.mkstemp(prefix="portal-pages-", suffix=".json")
    os.close(handle)
    result = Path(result_name)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the helper process
        status = 1
        collector = _Collector()
        # Only the parent prints (and counts, in strict mode) what the helper logs.
        logging.getLogger(ENGINE).handlers = [collector]
        try:
            if plan is not None:
                plan.hashes = {}  # what this process writes goes back to the parent (the rest it has)
                plan.place_kept(Path(config.site_dir))
            for index in range(len(pages) - 1, -1, -1):
                if not share.helper_takes(index):
                    break
                page = pages[index]
                page.meta["template"] = page.spec.template
                _build_page(page, config, doc_files, state.nav, env)
            status = 0
        except BaseException as exc:  # noqa: BLE001 - report anything to the parent, then exit
            collector.records.append((logging.ERROR, f"{type(exc).__name__}: {exc}"))
        finally:
            try:
                digests = plan.digests if plan is not None and plan.pending else {}
                hashes = plan.hashes if plan is not None else {}
                result.write_text(json.dumps({"records": collector.records, "digests": digests, "hashes": hashes}),
                                  encoding="utf-8")
            finally:
                os._exit(status)
    _hide_skip_notices(True)
    state.helper = _PageHelper(pid, result)


def finish_page_helper(state: BuildState, *, failed: bool = False) -> None:
    """Wait for the page helper, re-log what it logged, and fail the build if it failed."""
    _hide_skip_notices(False)  # the page loop is over
    helper, state.helper = state.helper, None
    if helper is None:
        return
    if failed:
        try:
            os.kill(helper.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(helper.pid, 0)
    try:
        data = json.loads(helper.result.read_text(encoding="utf-8") or "{}")
        records, digests, hashes = data["records"], data["digests"], data["hashes"]
    except (OSError, ValueError, KeyError, TypeError):
        records = [[logging.ERROR, "tiến trình phụ dựng trang không trả về kết quả"]]
        digests, hashes = {}, {}
    finally:
        helper.result.unlink(missing_ok=True)
    if failed:
        return
    if state.reuse is not None:
        state.reuse.digests.update(digests)
        state.reuse.hashes.update(hashes)
    for level, message in records:
        logging.getLogger(f"{ENGINE}.commands.build").log(level, message)
    if os.waitstatus_to_exitcode(status) != 0:
        raise PluginError("Dựng trang song song thất bại (xem lỗi ở trên).")
