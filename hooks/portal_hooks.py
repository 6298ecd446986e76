"""MkDocs hooks for the portal. Thin adapters: all logic lives in the `portal` package."""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import event_priority

# Must be a top-level import: MkDocs puts hooks/ on sys.path only while this file loads.
from portal import mkdocs_bridge as bridge

_state: bridge.BuildState | None = None  # reset every build: `mkdocs serve` keeps this module


def on_startup(command: str, dirty: bool) -> None:
    bridge.set_command(command, dirty)


def on_config(config: Any) -> None:
    global _state
    _state = None
    _state = bridge.BuildState.start(config)


def on_files(files: Any, config: Any) -> Any:
    assert _state is not None
    return bridge.add_files(_state, files, config)


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    assert _state is not None
    return bridge.attach_parents(_state, nav)


def on_env(env: Any, config: Any, files: Any) -> Any:
    assert _state is not None
    env = bridge.setup_env(_state, env, config)
    bridge.set_update_dates(_state, files)
    bridge.start_page_helper(_state, env, config, files)
    return env


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    assert _state is not None
    return bridge.add_page_context(_state, context, page)


@event_priority(-100)  # last: it records the hash of what MkDocs then writes
def on_post_page(output: str, page: Any, config: Any) -> str:
    assert _state is not None
    return bridge.note_written(_state, output, page)


def on_post_build(config: Any) -> None:
    if _state is not None:
        bridge.finish_page_helper(_state)
        bridge.finish_search_index(_state, config)  # may keep files of the previous build: first
        bridge.finish_reuse(_state, config)
        bridge.remember_fingerprints(_state)
        bridge.mark_site(config)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    return bridge.keep_editor_unreloaded(server)


def on_shutdown() -> None:
    bridge.shutdown()


def on_build_error(error: Any) -> None:
    if _state is not None:
        bridge.finish_page_helper(_state, failed=True)
        bridge.finish_reuse(_state, None)
