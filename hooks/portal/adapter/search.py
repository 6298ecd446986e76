"""Search: the site's own chunked index (search_index.py) instead of Material's search plugin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig

from .. import search_index
from .engine import Process, log
from .parallel import PARALLEL_THRESHOLD, fork_job, join_job

if TYPE_CHECKING:
    from .state import BuildState

THEME_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
"""Material's search worker and lunr languages: not shipped (Material's search plugin is not used)."""


def search_extractor(text_chars: int) -> tuple[Any, str]:
    """Return (extractor, its id) for `Renderer`: each body's text and words, taken in the render
    workers and cached with its HTML (search_index.extract). `text_chars`: the setting
    `search_text_chars`; of each text the workers keep only what excerpts may show (at 10,000
    articles and the default 1,200 characters, the render cache holds 75 MB instead of 100 MB,
    and the build as much less text in memory, as against keeping the 6,000 that setting
    allows). `PORTAL_NO_SEARCH=1` (benchmarks: the cost of search) turns search off."""
    if not Process.options.search:
        return None, ""
    keep = min(text_chars, search_index.TEXT_LIMIT) + 1  # one more: excerpt_text sees that the text goes on
    return (partial(search_index.extract, limit=keep),
            f"portal-search {search_index.EXTRACT_VERSION} {keep}")


def search_job(state: BuildState, config: MkDocsConfig) -> Callable[[], search_index.Stats] | None:
    """Return the work of writing the search index of the item pages (search_index.py), or None
    when this build has none (live preview: its search box says so; error pages; search off).

    Only item pages are indexed (articles, campaigns, plans, events, documents: a `PageSpec` with
    an item and `search`), never lists. The index is kept from the previous build when what it is
    made of did not change (search_index.publish), so the job must run before `finish_reuse`,
    which discards the previous build's files. In a parallel build a forked process runs it
    (`start_search_index`).
    """
    if Process.command == "serve" or state.showing_errors or not Process.options.search:
        return None
    plan = state.reuse
    specs = [spec for spec in state.specs if spec.item is not None and spec.search]

    def job() -> search_index.Stats:
        return search_index.publish(
            [search_index.item_doc(spec.item) for spec in specs], Path(config.site_dir),
            text_chars=state.settings.search_text_chars, cache_dir=plan.cache_dir if plan is not None else None,
            previous=plan.previous if plan is not None else None, move=plan.move if plan is not None else False,
        )
    return job


def start_search_index(state: BuildState, config: MkDocsConfig) -> None:
    """In a parallel `build` of a site of some size, write the search index in a forked process.

    Started as MkDocs hands over its files (`on_files`): the output folder is clean by then, and
    the index (about 2 s of one core at 10,000 pages) is written while this process adds the pages
    to MkDocs' files and menu, which uses one core only, then alongside the pages.
    """
    if (Process.command != "build" or not Process.options.parallel
            or len(state.specs) < PARALLEL_THRESHOLD):
        return
    job = search_job(state, config)
    if job is not None:
        state.search_process = fork_job(lambda: asdict(job()), "chỉ mục tìm kiếm")


def stop_search_index(state: BuildState) -> None:
    """The build failed: stop the process writing the search index, if any."""
    forked, state.search_process = state.search_process, None
    if forked is not None:
        join_job(forked, failed=True)


def finish_search_index(state: BuildState, config: MkDocsConfig) -> None:
    """Write the search index unless a forked process did (`start_search_index`), and say what was done."""
    forked, state.search_process = state.search_process, None
    if forked is not None:
        stats = search_index.Stats(**join_job(forked))
    else:
        job = search_job(state, config)
        if job is None:
            return
        stats = job()
    log.info(f"Chỉ mục tìm kiếm: {stats.pages} trang, {stats.files} tệp, {stats.bytes / 1e6:.1f} MB, "
             f"{'giữ từ lần trước' if stats.kept else 'lập mới'} trong {stats.seconds:.2f} s.")
