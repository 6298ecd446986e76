"""Every environment switch of a build, read once into one object: the speed-ups behind one switch.

The speed-ups are the forked page helper that renders half the pages (with its page sharing),
the forked process writing the search index, the process pools that read content files and
convert Markdown, the memory policy (collector frozen, paused while loading; the C allocator
keeping what it frees, adapter/engine.py), and the caches: converted bodies and page digests (`.cache/portal/`),
rendered template fragments, compiled templates under `serve`, social images. None of them may
change a byte of the output: `PORTAL_SERIAL=1 PORTAL_NO_CACHE=1` turns every one of them off, and
tests/integration/test_optimised_build.py compares the two builds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Options:
    """How this build runs (never what it outputs)."""

    parallel: bool = True
    """Forked processes (page helper, search index), process pools, memory policy; off with `PORTAL_SERIAL=1`."""
    cache: bool = True
    """Every cache, on disk and in memory; off with `PORTAL_NO_CACHE=1`."""
    publish_dir: str = ""
    """`PORTAL_PUBLISH_DIR`: the published site a `portal build` links unchanged files from."""
    search: bool = True
    """The site's search index; off with `PORTAL_NO_SEARCH=1` (benchmarks: the cost of search)."""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Options:
        """Return the options set by the environment (`os.environ` by default)."""
        environ = os.environ if environ is None else environ
        return cls(
            parallel=not environ.get("PORTAL_SERIAL") and (os.cpu_count() or 1) > 1 and hasattr(os, "fork"),
            cache=not environ.get("PORTAL_NO_CACHE"),
            publish_dir=environ.get("PORTAL_PUBLISH_DIR", ""),
            search=not environ.get("PORTAL_NO_SEARCH"),
        )



class InlineExecutor(Executor):
    """A thread pool's interface without a thread: each call runs at once, in the calling thread."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        future: Future[_T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # as a pool's worker does: the caller sees it from `result()`
            future.set_exception(exc)
        return future


def thread_pool(workers: int, parallel: bool) -> Executor:
    """Return a pool of `workers` threads, or, in a serial build (`PORTAL_SERIAL`), no thread at all."""
    return ThreadPoolExecutor(max_workers=workers) if parallel else InlineExecutor()
