"""Per-build state: everything one build computed from `content/`, and the pages kept from the last build.

`BuildState` is created anew in `on_config` (MkDocs keeps hook modules loaded across
`mkdocs serve` rebuilds).
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .. import dates, images, outdir, redirects, reuse, routes, seo, web_editor
from ..errors import ConfigError, Problem, summary_line
from ..fingerprint import Digester
from ..kinds import KINDS
from ..listings import PageSpec, build_indexes, home_data
from ..loader import LoadOptions, load_site
from ..models import Site
from ..options import Options
from ..pagedata import ErrorsPage, HomePage
from ..pages import Context, Output, build_outputs, build_pages
from ..project import read_project
from ..render import RenderCache, Renderer, render_site_items
from ..settings import Settings
from .engine import Process, keep_freed_memory, log, report, site_url
from .preview import ERROR_TEMPLATE, ERROR_TITLE, preview_problems_do_not_abort
from .search import search_extractor
from .structure import PortalPage

if TYPE_CHECKING:
    from .parallel import ForkedJob

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
    helper: "ForkedJob | None" = None
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
    search_process: "ForkedJob | None" = None
    """The forked process writing the search index (search.py), until the pages are written."""

    @classmethod
    def start(cls, config: MkDocsConfig) -> "BuildState":
        """Load, validate and render all content; abort before anything is written on errors."""
        gc.unfreeze()  # what an earlier build in this process (tests) left frozen
        Process.options = Options.from_environ()
        if Process.command != "build" or not Process.options.parallel:
            return cls._start(config)
        # What loading creates lives until the build ends and holds next to no cycles: the
        # collector, left on, walks it again every time it grows by a quarter (1.4 s of 35 at
        # 10,000 articles). Frozen, it is never walked (nor touched in the forked helper) and
        # stays so to the end (`shutdown`).
        gc.disable()
        keep_freed_memory()
        try:
            return cls._start(config)
        finally:
            gc.enable()
            gc.freeze()

    @classmethod
    def _start(cls, config: MkDocsConfig) -> "BuildState":
        root = Path(config.config_file_path).resolve().parent
        if Process.command != "serve":
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
        preview = Process.command == "serve"
        previous_urls = redirects.read_record(_published_dir(config, root))  # moved URLs are forwarded
        options = Process.options
        site, problems = load_site(root, LoadOptions(now=dates.build_now(), preview=preview, settings=settings,
                                                     previous_urls=previous_urls, parallel=options.parallel))
        pictures = images.plan_site(site.assets.values())  # what pages show; encoded in build_outputs
        renderer = Renderer(config.markdown_extensions, config.mdx_configs, settings.iframe_hosts,
                            *search_extractor(settings.search_text_chars), pictures=pictures,
                            pictures_id=images.still_id(site.assets.values()))
        cache = RenderCache(root / ".cache" / "portal" / "render") if options.cache else None
        lists = [site.of(kind) for kind in KINDS]  # every kind's bodies, converted once
        rendered = iter(render_site_items([item for items in lists for item in items], renderer, cache,
                                          workers=None if options.parallel else 1))
        for items in lists:
            items[:] = [next(rendered) for _ in items]
        indexes = build_indexes(site)
        cache_dir = root / ".cache" / "portal" if options.cache else None
        ctx = Context(site, indexes, settings, site_url(config), cache_dir, options.parallel, pictures)
        specs = build_pages(ctx)
        problems += _conflicts_with_docs(specs, Path(config.docs_dir), root)
        problems += redirects.conflicts(site, _written_paths(specs, Path(config.docs_dir)))
        if preview:
            preview_problems_do_not_abort()
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
                root, site, settings, site_url(config), config.site_name, _site_styles(config))]
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
            Process.shown_urls = {spec.url for spec in specs}
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
            for url in sorted(Process.shown_urls | {""})
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
    if Process.command != "build" or Process.dirty or cache_dir is None:
        return None
    out_dir = Path(config.site_dir).resolve()
    publish_dir = Path(Process.options.publish_dir or out_dir).resolve()
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
    if Process.command == "serve":
        return root / read_project(root).site_dir
    return Path(Process.options.publish_dir or config.site_dir)


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
                    for path, content in redirects.build_files(site, site_url(config), config.site_name,
                                                          config.theme.get("favicon") or "")]
    return late


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


def mark_site(config: MkDocsConfig) -> None:
    """Mark a built output folder as ours, so the next build may replace it (outdir.py)."""
    if Process.command != "serve":
        outdir.write_marker(Path(config.site_dir))
