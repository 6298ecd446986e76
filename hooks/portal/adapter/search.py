"""Search: the site's own chunked index (search_index.py) instead of Material's search plugin."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig

from .. import reuse, search_index
from .engine import Process, log

if TYPE_CHECKING:
    from .state import BuildState

THEME_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
"""Material's search worker and lunr languages: not shipped (Material's search plugin is not used)."""


def search_extractor() -> tuple[Any, str]:
    """Return (extractor, its id) for `Renderer`: each body's text and words, taken in the render
    workers and cached with its HTML (search_index.extract). `PORTAL_NO_SEARCH=1` (benchmarks:
    the cost of search) turns search off."""
    if not Process.options.search:
        return None, ""
    return search_index.extract, f"portal-search {search_index.EXTRACT_VERSION}"


def finish_search_index(state: BuildState, config: MkDocsConfig) -> None:
    """Write the search index of the item pages (search_index.py); before `finish_reuse`, which
    discards the previous build's files: an index whose pages did not change is kept from there.

    Only item pages are indexed (articles, campaigns, plans, events, documents: a `PageSpec` with
    an item and `search`), never lists. The live preview builds no index (its search box says so).
    """
    if Process.command == "serve" or state.showing_errors or not search_extractor()[0]:
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
