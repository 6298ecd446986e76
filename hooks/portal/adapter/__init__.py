"""The MkDocs adapter: the only part of `portal` that imports MkDocs (or Material).

It turns portal data into MkDocs files, pages and template context; `hooks/portal_hooks.py`
translates each MkDocs event into one or two calls of the names below.

- `engine`: the engine's name, the portal's logger, process-wide facts (`on_startup`).
  `event_priority` is MkDocs' own decorator, for the hook file.
- `state`: `BuildState` (one build's content, pages and outputs) and the pages kept from the last build.
- `structure`: `PortalFile` and `PortalPage`, the MkDocs objects of generated pages.
- `files`: generated pages, assets and outputs added to MkDocs' files; nav parents; sitemap dates.
- `templates`: the Jinja environment (filters, globals, fragment cache) and each page's context.
- `search`: the site's own search index instead of Material's search plugin.
- `parallel`: forked processes: the page helper rendering pages alongside MkDocs, the search index.
- `preview`: `mkdocs serve`: content errors shown as pages, the editor kept unreloaded.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

from .engine import set_command, shutdown
from .files import add_files, attach_parents, set_update_dates
from .parallel import finish_page_helper, start_page_helper
from .preview import keep_editor_unreloaded, remember_fingerprints
from .search import finish_search_index, start_search_index, stop_search_index
from .state import BuildState, finish_reuse, mark_site, note_written
from .templates import add_page_context, setup_env

__all__ = [
    "BuildState", "add_files", "add_page_context", "attach_parents", "event_priority", "finish_page_helper",
    "finish_reuse", "finish_search_index", "keep_editor_unreloaded", "mark_site", "note_written",
    "remember_fingerprints", "set_command", "set_update_dates", "setup_env", "shutdown", "start_page_helper",
    "start_search_index", "stop_search_index",
]
