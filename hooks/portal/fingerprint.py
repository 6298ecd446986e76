"""What a generated page shows, as a digest: lets the live preview re-render only changed pages.

A page is re-rendered when its digest differs from the previous build's. The digest covers the
page's own item in full (every field, its body by its render key), a summary of every item it lists (what list
cards show), its other data, and a site-wide part (topics, settings, today, templates, config),
so a stale page cannot be served: any input that can change the HTML changes the digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .models import Item

_NOT_ON_CARDS = frozenset({"body", "body_line", "body_key", "html", "extract", "toc", "links", "source"})
"""Item fields only the item's own page shows (its body and what is derived from it). Every other
field may be on another page's card or list, so all of them are digested: a template that starts
showing a new field (a document's type, a plan's signer) can never be served stale."""

_RENDERED = frozenset({"body", "links", "toc", "html", "extract"})
"""Item fields the render key (`Item.body_key`, render.cache_key) stands for: the body and its
links, and what the renderer derives from them with code and settings the key (and the site part)
covers. Describing them instead, 10 KB of Markdown per page, would only cost time."""

_UNRENDERED = frozenset({"html", "extract", "body_key"})
"""Without a render key (an item not converted by render.py): the body in full, derived fields aside."""


_NAMES: dict[tuple[type, frozenset[str]], tuple[str, ...]] = {}


def _names(kind: type, left_out: frozenset[str]) -> tuple[str, ...]:
    """Return the names of the fields of the class `kind` not in `left_out` (computed once per class)."""
    key = (kind, left_out)
    names = _NAMES.get(key)
    if names is None:
        names = _NAMES[key] = tuple(spec.name for spec in fields(kind) if spec.name not in left_out)
    return names


def _card(item: Item) -> str:
    """Return what other pages may show of an item: every field but its body."""
    return repr(tuple(getattr(item, name) for name in _names(type(item), _NOT_ON_CARDS)))


def _own(item: Item) -> str:
    """Return a page's own item in full: its render key for its body, every other field as it is."""
    names = _names(type(item), _RENDERED if item.body_key else _UNRENDERED)
    return repr(tuple(getattr(item, name) for name in names))


class Digester:
    """Digests of many pages of one build; an item listed on many pages is described once."""

    def __init__(self, site_part: str) -> None:
        self.site_part = site_part
        self._cards: dict[int, tuple[Any, str]] = {}

    def card(self, item: Item) -> str:
        entry = self._cards.get(id(item))
        if entry is None or entry[0] is not item:
            entry = self._cards[id(item)] = (item, _card(item))
        return entry[1]

    def walk(self, value: Any, out: list[str], depth: int = 0) -> None:
        if value is None or isinstance(value, (str, int, float, date)) or depth > 12:
            out.append(repr(value))
        elif isinstance(value, Item):
            out.append(self.card(value))
        elif isinstance(value, (list, tuple, set, frozenset)):
            entries = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
            out.append(f"[{len(entries)}")
            for entry in entries:
                self.walk(entry, out, depth + 1)
            out.append("]")
        elif isinstance(value, Mapping):
            for key in sorted(value, key=repr):
                out.append(repr(key))
                self.walk(value[key], out, depth + 1)
        elif is_dataclass(value) and not isinstance(value, type):
            # Topics, units, tasks…: shared by many pages and frozen, so described once.
            entry = self._cards.get(id(value))
            if entry is None or entry[0] is not value:
                inner: list[str] = [type(value).__name__]
                for spec in fields(value):
                    self.walk(getattr(value, spec.name), inner, depth + 1)
                entry = (value, "\x1e".join(inner))
                if getattr(type(value), "__setattr__", None) is not object.__setattr__:
                    self._cards[id(value)] = entry  # frozen: cannot change during the build
            out.append(entry[1])
        elif hasattr(value, "__dict__") or hasattr(value, "__slots__"):
            # Objects such as pagers: their public attributes and properties are what templates read.
            out.append(type(value).__name__)
            for name in sorted(n for n in dir(value) if not n.startswith("_")):
                attribute = getattr(value, name, None)
                if not callable(attribute):
                    self.walk(attribute, out, depth + 1)
        else:
            out.append(repr(value))

    def page(self, spec: Any) -> str:
        """Return the digest of a `PageSpec` (its own item in full, listed items as cards)."""
        parts: list[str] = [self.site_part, spec.url, spec.template, spec.title, spec.kind, spec.description,
                            repr(spec.breadcrumbs), repr(spec.feeds), repr(spec.parent), repr(spec.in_nav)]
        if spec.item is not None:
            parts.append(_own(spec.item))
        data = spec.data
        if data is not None:
            # Every field of the page's data class (pagedata.py), by name: a field added there is
            # digested without a list kept here. Not described once like shared dataclasses: each
            # page's data is its own, and keeping its description would hold one per page.
            parts.append(type(data).__name__)
            for spec_field in fields(data):
                parts.append(spec_field.name)
                self.walk(getattr(data, spec_field.name), parts, 1)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def site_digest(values: Iterable[Any], folders: Iterable[Path], files: Iterable[Path]) -> str:
    """Return the site-wide part: data every page may show, plus template and config file stamps."""
    parts = [repr(value) for value in values]
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    stat = path.stat()
                    parts.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
    for path in files:
        if path.is_file():
            stat = path.stat()
            parts.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
