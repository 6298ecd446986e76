"""The engine running the build, the portal's logger, and what MkDocs says once per process."""

from __future__ import annotations

import ctypes
import gc

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from ..errors import Problem
from ..options import Options

log = get_plugin_logger("portal")
ENGINE = MkDocsConfig.__module__.partition(".")[0]
"""The engine running: `mkdocs`, or `properdocs` (its `mkdocs.*` modules are aliases of its own), which
is also the name of its root logger."""


class Process:
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
    Process.command = command
    Process.dirty = dirty


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
"""glibc's `mallopt` parameters (malloc.h)."""


def keep_freed_memory() -> bool:
    """For a `build`: let the C allocator keep what the process frees, for the process to reuse.

    By default glibc gives freed memory at the top of its heap back to the system past 128 KiB, and
    serves blocks from 128 KiB up (a rendered page's HTML, a feed) from fresh mappings. Every page
    the process touches again then costs a page fault; on a virtual machine whose host backs memory
    on first touch, that fault is the slowest part of a page. At 10,000 articles this keeps 107,000
    of 481,000 page faults away. The build is one short process and its peak is unchanged, so
    nothing is returned that anything else would have wanted. Does nothing where the C library has
    no `mallopt` (the forked processes inherit the setting). Returns whether it took effect.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    # The largest threshold glibc accepts for mappings (HEAP_MAX_SIZE / 2 on 64-bit); trimming: 1 GiB.
    return bool(mallopt(M_MMAP_THRESHOLD, 32 << 20)) & bool(mallopt(M_TRIM_THRESHOLD, 1 << 30))


def shutdown() -> None:
    """The `build` command ends: spare the interpreter's last collection.

    On exit Python walks every object once more to collect cycles, only for the process to free
    them all (1.2 s at 10,000 articles). Frozen, they are skipped. A later build in the same
    process (tests) unfreezes them first (`BuildState.start`).
    """
    if Process.command == "build" and Process.options.parallel:
        gc.freeze()


def report(problems: list[Problem]) -> None:
    """Log every problem as `path:line: [rule] message` (warnings at INFO: they must not fail --strict)."""
    for problem in problems:
        if problem.is_error:
            log.error(problem.format())
        else:
            log.info(problem.format())


def site_url(config: MkDocsConfig) -> str:
    """Return the absolute site URL with a trailing slash, or an empty string."""
    url = config.site_url or ""
    return url if url.endswith("/") or not url else url + "/"
