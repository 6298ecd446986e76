"""Work on both cores: a forked helper process renders pages from the back of the list while MkDocs
renders them from the front; another writes the search index meanwhile (`fork_job`).

The private MkDocs behaviours this relies on (`_build_page` asks `page.meta` for its template
once, before rendering; an empty output is not written) are pinned by
tests/unit/test_engine_internals.py.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from .engine import ENGINE, Process
from .structure import SKIP_TEMPLATE, PortalPage

if TYPE_CHECKING:
    from .state import BuildState

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
class ForkedJob:
    """A forked process doing one job (`fork_job`), and the file its answer comes back in."""

    pid: int
    result: Path
    what: str
    """What it does, in Vietnamese, for the error when it fails."""


def fork_job(job: Callable[[], dict[str, Any]], what: str) -> ForkedJob:
    """Run `job` in a forked process, beside this one; `join_job` waits for it and returns its answer.

    The job must only read what this process has (it has a copy) and return JSON-able data.
    What it logs as a warning or an error is logged again here, by `join_job`.
    """
    handle, result_name = tempfile.mkstemp(prefix="portal-job-", suffix=".json")
    os.close(handle)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        status, answer = 1, None
        collector = _Collector()
        # Only the parent prints (and counts, in strict mode) what the child logs.
        logging.getLogger(ENGINE).handlers = [collector]
        try:
            answer = job()
            status = 0
        except BaseException as exc:  # noqa: BLE001 - report anything to the parent, then exit
            collector.records.append((logging.ERROR, f"{type(exc).__name__}: {exc}"))
        finally:
            try:
                Path(result_name).write_text(json.dumps({"records": collector.records, "answer": answer}),
                                             encoding="utf-8")
            finally:
                os._exit(status)
    return ForkedJob(pid, Path(result_name), what)


def join_job(forked: ForkedJob, *, failed: bool = False) -> Any:
    """Wait for a forked job; return its answer (None when the build failed: the job is stopped)."""
    if failed:
        try:
            os.kill(forked.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(forked.pid, 0)
    try:
        data = json.loads(forked.result.read_text(encoding="utf-8") or "{}")
        records, answer = data["records"], data["answer"]
    except (OSError, ValueError, KeyError, TypeError):
        records, answer = [[logging.ERROR, f"tiến trình phụ ({forked.what}) không trả về kết quả"]], None
    finally:
        forked.result.unlink(missing_ok=True)
    if failed:
        return None
    for level, message in records:
        logging.getLogger(f"{ENGINE}.commands.build").log(level, message)
    if os.waitstatus_to_exitcode(status) != 0:
        raise PluginError(f"Tiến trình phụ thất bại: {forked.what} (xem lỗi ở trên).")
    return answer


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
    template in the parent, so MkDocs still runs `on_page_context` for it but writes nothing.
    Output is identical to a serial build: the same templates render the same page objects. Kept
    pages (reuse.py) are skipped the same way: the helper first moves or links their files into
    place, then renders pages.
    """
    if Process.command == "build" and Process.options.parallel:
        gc.freeze()  # files, pages and the menu live until the end too (see BuildState.start)
    plan = state.reuse
    kept = plan.kept if plan is not None else []
    if kept:
        _hide_skip_notices(True)
    pages: list[PortalPage] = [page for page in state.pages_by_url.values() if not page.kept and not page.spec.in_nav]
    if (
        Process.command != "build" or not Process.options.parallel
        or state.nav is None or len(pages) + len(kept) < PARALLEL_THRESHOLD
    ):
        if plan is not None:
            plan.place_kept(Path(config.site_dir))
        return
    from mkdocs.commands.build import _build_page

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    nav = state.nav
    share = _Share(len(pages))
    for index, page in enumerate(pages):
        page.meta = _Claimed(dict(page.meta), _parent_claim(share, index, page.spec.template))

    def render_from_the_back() -> dict[str, Any]:
        if plan is not None:
            plan.hashes = {}  # what this process writes goes back to the parent (the rest it has)
            plan.place_kept(Path(config.site_dir))
        for index in range(len(pages) - 1, -1, -1):
            if not share.helper_takes(index):
                break
            page = pages[index]
            page.meta["template"] = page.spec.template
            _build_page(page, config, doc_files, nav, env)
        return {"digests": plan.digests if plan is not None and plan.pending else {},
                "hashes": plan.hashes if plan is not None else {}}

    forked = fork_job(render_from_the_back, "dựng trang song song")
    _hide_skip_notices(True)
    state.helper = forked


def finish_page_helper(state: BuildState, *, failed: bool = False) -> None:
    """Wait for the page helper, re-log what it logged, and fail the build if it failed."""
    _hide_skip_notices(False)  # the page loop is over
    helper, state.helper = state.helper, None
    if helper is None:
        return
    answer = join_job(helper, failed=failed)
    if not failed and state.reuse is not None:
        state.reuse.digests.update(answer["digests"])
        state.reuse.hashes.update(answer["hashes"])
