"""The private MkDocs behaviours the speed-ups rely on, pinned to the versions in requirements.txt.

The forked page helper (adapter.parallel.start_page_helper) lets whichever process reaches a page
first render it: `_Claimed` answers MkDocs' one `page.meta.get("template")` with the page's
template or with an empty one, and MkDocs writes nothing for empty output. If an upgrade changes
either behaviour, these tests fail before a build silently loses or doubles pages.
"""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
from mkdocs.commands import build as mkdocs_build

from helpers import REPO

PINS = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (REPO / "requirements.txt").read_text(), re.MULTILINE))


@pytest.mark.parametrize("package", ["mkdocs", "mkdocs-material"])
def test_the_installed_engine_is_the_pinned_one(package: str) -> None:
    assert importlib.metadata.version(package) == PINS[package]


class RecordingMeta(dict[str, Any]):
    def __init__(self, events: list[str], template: str | None) -> None:
        super().__init__({} if template is None else {"template": template})
        self.events = events

    def get(self, key: str, default: Any = None) -> Any:
        self.events.append(f"meta.get({key})")
        return super().get(key, default)


class RecordingEnv(jinja2.Environment):
    def __init__(self, events: list[str]) -> None:
        skip = (REPO / "overrides" / "portal-skip.html").read_text(encoding="utf-8")  # the helper's "not mine" page
        super().__init__(loader=jinja2.DictLoader({"main.html": "trang {{ page_title }}", "portal-skip.html": skip}))
        self.events = events

    def get_template(self, name: Any, *args: Any, **kwargs: Any) -> jinja2.Template:  # type: ignore[override]
        self.events.append(f"get_template({name})")
        return super().get_template(name, *args, **kwargs)


def build_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str | None) -> tuple[list[str], Path]:
    events: list[str] = []
    monkeypatch.setattr(mkdocs_build, "get_context", lambda *args: events.append("context") or {"page_title": "A"})
    plugins = SimpleNamespace(
        on_page_context=lambda context, **kw: events.append("on_page_context") or context,
        on_post_page=lambda output, **kw: events.append("on_post_page") or output,
    )
    out = tmp_path / "a" / "index.html"
    page = SimpleNamespace(file=SimpleNamespace(src_uri="a.md", abs_dest_path=str(out), is_modified=lambda: True),
                           meta=RecordingMeta(events, template), content="", active=False)
    mkdocs_build._build_page(page, SimpleNamespace(plugins=plugins), [], None, RecordingEnv(events))  # type: ignore[arg-type]
    return events, out


def test_the_template_is_asked_of_page_meta_once_before_anything_renders(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    events, out = build_page(tmp_path, monkeypatch, None)
    assert events == ["context", "meta.get(template)", "get_template(main.html)", "on_page_context", "on_post_page"]
    assert out.read_text(encoding="utf-8") == "trang A"


def test_a_page_whose_template_renders_nothing_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events, out = build_page(tmp_path, monkeypatch, "portal-skip.html")
    assert events.count("meta.get(template)") == 1 and "get_template(portal-skip.html)" in events
    assert not out.exists()
