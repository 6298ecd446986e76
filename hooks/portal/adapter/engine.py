"""The engine running the build, the portal's logger, and what MkDocs says once per process."""

from __future__ import annotations

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
