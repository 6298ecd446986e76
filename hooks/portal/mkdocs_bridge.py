"""The only module that knows MkDocs: turns portal data into MkDocs files, pages and context.

Per-build state lives in `BuildState`, created anew in `on_config` (MkDocs keeps hook modules
loaded across `mkdocs serve` rebuilds).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import dates, routes
from .errors import Problem, summary_line
from .listings import PageSpec, build_indexes, campaign_status, home_data
from .loader import LoadOptions, load_site
from .models import KIND_LABELS, Site
from .pages import Context, Output, build_outputs, build_pages
from .plans import describe_when
from .render import Renderer, render_items
from .settings import Settings

log = get_plugin_logger("portal")


class _Process:
    """Process-wide facts MkDocs gives once (`on_startup`), unlike per-build state."""

    command: str = "build"


def set_command(command: str) -> None:
    """Remember whether this process builds or serves (serve shows drafts and scheduled items)."""
    _Process.command = command


@dataclass(slots=True)
class BuildState:
    """Everything one build computed from `content/`."""

    root: Path
    settings: Settings
    site: Site
    specs: list[PageSpec]
    outputs: list[Output]
    home: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    pages_by_url: dict[str, "PortalPage"] = field(default_factory=dict)

    @classmethod
    def start(cls, config: MkDocsConfig) -> "BuildState":
        """Load, validate and render all content; abort before anything is written on errors."""
        root = Path(config.config_file_path).resolve().parent
        settings, config_problems = Settings.from_mapping((config.extra or {}).get("portal"))
        if config_problems:
            for message in config_problems:
                log.error(f"mkdocs.yml: {message}")
            raise PluginError("Cấu hình mkdocs.yml không hợp lệ (xem các dòng trên).")
        preview = _Process.command == "serve"
        site, problems = load_site(root, LoadOptions(now=dates.build_now(), preview=preview))
        renderer = Renderer(config.markdown_extensions, config.mdx_configs)
        site.articles = render_items(site.articles, renderer)  # type: ignore[assignment]
        site.campaigns = render_items(site.campaigns, renderer)  # type: ignore[assignment]
        site.plans = render_items(site.plans, renderer)  # type: ignore[assignment]
        site.events = render_items(site.events, renderer)  # type: ignore[assignment]
        indexes = build_indexes(site)
        ctx = Context(site, indexes, settings, _site_url(config))
        specs = build_pages(ctx)
        problems += _conflicts_with_docs(specs, Path(config.docs_dir), root)
        report(problems)
        errors = [p for p in problems if p.is_error]
        if errors:
            raise PluginError(f"Nội dung có lỗi ({summary_line(problems)}): trang web chưa được xây dựng lại.")
        outputs = build_outputs(ctx)
        return cls(root, settings, site, specs, outputs, home_data(site, indexes, settings), problems)


def report(problems: list[Problem]) -> None:
    """Log every problem (errors and warnings) as `path:line: [rule] message`."""
    for problem in problems:
        if problem.is_error:
            log.error(problem.format())
        else:
            log.warning(problem.format())


def _site_url(config: MkDocsConfig) -> str:
    url = config.site_url or ""
    return url if url.endswith("/") or not url else url + "/"


def _conflicts_with_docs(specs: list[PageSpec], docs_dir: Path, root: Path) -> list[Problem]:
    """Report hand-written pages in docs/ that would take the URL of a generated page."""
    generated = {spec.src_uri: spec for spec in specs}
    problems = []
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


class PortalPage(Page):
    """A page generated from a `PageSpec`: its HTML comes from the portal, not from Markdown."""

    def __init__(self, spec: PageSpec, file: File, config: MkDocsConfig) -> None:
        super().__init__(spec.title, file, config)
        self.spec = spec
        stamp = None
        if spec.item is not None:
            stamp = spec.item.updated or spec.item.date
        elif (pager := spec.data.get("pager")) is not None and pager.items:
            stamp = max(i.updated or i.date for i in pager.items)
        if stamp is not None:
            self.update_date = dates.as_date(stamp).isoformat()

    def read_source(self, config: MkDocsConfig) -> None:
        meta: dict[str, Any] = {"template": self.spec.template}
        if self.spec.description:
            # Material prints page.meta.description without escaping.
            meta["description"] = escape(self.spec.description)
        if not self.spec.search:
            meta["search"] = {"exclude": True}
        if self.spec.template != "article.html" and self.spec.item is None:
            meta["hide"] = ["toc"]
        self.markdown = ""
        self.meta = meta

    def render(self, config: MkDocsConfig, files: Files) -> None:
        item = self.spec.item
        self.content = item.html if item is not None else ""
        self.toc = get_toc(_nest_toc(item.toc) if item is not None else [])
        self.present_anchor_ids = {anchor for _, anchor, _ in item.toc} if item is not None else set()
        self.links_to_anchors = None


def add_files(state: BuildState, files: Files, config: MkDocsConfig) -> Files:
    """Add generated pages, content assets and outputs (feeds, calendars) to MkDocs' files."""
    for spec in state.specs:
        inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, spec.src_uri, content="", inclusion=inclusion)
        existing = files.get_file_from_path(spec.src_uri)
        if existing is not None:
            files.remove(existing)
        page = PortalPage(spec, file, config)
        state.pages_by_url[spec.url] = page
        files.append(file)
    for asset in state.site.assets.values():
        files.append(File.generated(config, routes.MEDIA + asset.src, abs_src_path=asset.abs_path))
    for output in state.outputs:
        files.append(File.generated(config, output.path, content=output.content))
    return files


def attach_parents(state: BuildState, nav: Navigation) -> Navigation:
    """Make pages outside the nav highlight their section (the blog plugin's `parent` trick)."""
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
    if isinstance(page, PortalPage):
        context["spec"] = page.spec
        context["item"] = page.spec.item
        context["data"] = page.spec.data
    if page.is_homepage:
        context["home"] = state.home
    return context


def setup_env(state: BuildState, env: jinja2.Environment, config: MkDocsConfig) -> jinja2.Environment:
    """Register Vietnamese formatting filters and site-wide data once per build."""
    env.filters["vi_date"] = dates.format_full
    env.filters["vi_short"] = dates.format_short
    env.filters["vi_admin"] = dates.format_admin
    env.filters["vi_time"] = dates.format_time
    env.filters["iso_date"] = dates.iso
    env.filters["when_text"] = describe_when
    env.filters["has_time"] = dates.has_time
    env.globals["portal"] = {
        "site": state.site,
        "topics": state.site.topics,
        "settings": state.settings,
        "kinds": KIND_LABELS,
        "today": state.site.today,
        "preview": state.site.preview,
        "campaign_status": lambda c: campaign_status(c, state.site.today),
        "markup": Markup,
    }
    return env
