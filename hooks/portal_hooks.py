"""MkDocs hooks for the portal. Thin adapters: all logic lives in the `portal` package."""

from __future__ import annotations

from typing import Any

# Must be a top-level import: MkDocs puts hooks/ on sys.path only while this file loads.
from portal import adapter

_state: adapter.BuildState | None = None  # reset every build: `mkdocs serve` keeps this module


def on_startup(command: str, dirty: bool) -> None:
    adapter.set_command(command, dirty)


def on_config(config: Any) -> None:
    global _state
    _state = None
    _state = adapter.BuildState.start(config)


def on_files(files: Any, config: Any) -> Any:
    assert _state is not None
    adapter.start_search_index(_state, config)  # the output folder is clean now
    return adapter.add_files(_state, files, config)


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    assert _state is not None
    return adapter.attach_parents(_state, nav)


def on_env(env: Any, config: Any, files: Any) -> Any:
    assert _state is not None
    env = adapter.setup_env(_state, env, config)
    adapter.set_update_dates(_state, files)
    adapter.start_page_helper(_state, env, config, files)
    return env


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    assert _state is not None
    return adapter.add_page_context(_state, context, page)


@adapter.event_priority(-100)  # last: it records the hash of what MkDocs then writes
def on_post_page(output: str, page: Any, config: Any) -> str:
    assert _state is not None
    return adapter.note_written(_state, output, page)


def on_post_build(config: Any) -> None:
    if _state is not None:
        adapter.finish_page_helper(_state)
        adapter.finish_search_index(_state, config)  # may keep files of the previous build: first
        adapter.finish_reuse(_state, config)
        adapter.remember_fingerprints(_state)
        adapter.mark_site(config)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    return adapter.keep_editor_unreloaded(server)


def on_shutdown() -> None:
    adapter.shutdown()


def on_build_error(error: Any) -> None:
    if _state is not None:
        adapter.finish_page_helper(_state, failed=True)
        adapter.stop_search_index(_state)
        adapter.finish_reuse(_state, None)
