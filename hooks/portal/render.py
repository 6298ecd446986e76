"""Convert each item's Markdown body to HTML exactly once; lists, feeds and pages reuse it."""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import routes
from .loader import with_html
from .models import Item
from .sanitize import Sanitizer
from .settings import Settings

DEFAULT_EXTENSIONS: tuple[str, ...] = ("tables", "attr_list", "footnotes", "toc", "admonition", "md_in_html")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
SUMMARY_LIMIT = 300
RENDER_VERSION = "2"
"""Bump when the conversion itself changes (extensions, rewriting, sanitising): invalidates caches."""
POOL_THRESHOLD = 200
"""Below this many documents to convert, a process pool costs more than it saves."""


@dataclass(slots=True)
class _Current:
    """The document being converted: where it lives and how its relative links resolve."""

    url: str = ""
    links: dict[str, tuple[str, int, int]] = field(default_factory=dict)


class _LinkRewriter(Treeprocessor):
    """Point relative links and images at their site URLs, relative to the item's own URL."""

    def __init__(self, md: markdown.Markdown, current: _Current) -> None:
        super().__init__(md)
        self.current = current

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attr = "src" if element.tag == "img" else "href" if element.tag == "a" else None
            if attr is None:
                continue
            target = element.get(attr)
            if not target or target not in self.current.links:
                if element.tag == "img":
                    element.set("loading", "lazy")
                continue
            url, width, height = self.current.links[target]
            element.set(attr, routes.relative_url(url, self.current.url))
            if element.tag == "img":
                if width and height and not element.get("width"):
                    element.set("width", str(width))
                    element.set("height", str(height))
                # The lead image sits above the body, so every body image is below the fold.
                element.set("loading", "lazy")
                element.set("decoding", "async")


class _PortalExtension(Extension):
    def __init__(self, current: _Current) -> None:
        super().__init__()
        self.current = current

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown API
        md.treeprocessors.register(_LinkRewriter(md, self.current), "portal_links", 5)


class Renderer:
    """One reusable Markdown instance (reset between documents) with the site's extensions."""

    def __init__(self, extensions: Sequence[Any] = DEFAULT_EXTENSIONS,
                 extension_configs: dict[str, dict[str, Any]] | None = None,
                 iframe_hosts: Sequence[str] | None = None) -> None:
        self.extensions = list(extensions)
        self.extension_configs = dict(extension_configs or {})
        self.iframe_hosts = tuple(Settings().iframe_hosts if iframe_hosts is None else iframe_hosts)
        self.sanitizer = Sanitizer(self.iframe_hosts)
        self.fingerprint = _fingerprint(self.extensions, self.extension_configs, self.iframe_hosts)
        self.current = _Current()
        configs = dict(extension_configs or {})
        toc_config = dict(configs.get("toc", {}))
        toc_config.setdefault("slugify", _toc_slugify())
        configs["toc"] = toc_config
        names = list(extensions)
        if "toc" not in names:
            names.append("toc")
        self.md = markdown.Markdown(
            extensions=[*names, _PortalExtension(self.current)], extension_configs=configs,
        )

    def convert(self, text: str, url: str, links: dict[str, tuple[str, int, int]]) -> tuple[str, tuple[tuple[int, str, str], ...]]:
        """Return (html, toc) for a Markdown body published at `url`."""
        self.current.url = url
        self.current.links = links
        self.md.reset()
        # The one place raw HTML from editors is cleaned: everything downstream reuses this HTML.
        html = self.sanitizer.clean(self.md.convert(text))
        toc = tuple(_flatten_toc(getattr(self.md, "toc_tokens", [])))
        return html, toc

    def render(self, item: Item) -> Item:
        """Return `item` with `html`, `toc` and a default summary."""
        links = {raw: (url, width, height) for raw, url, width, height in item.links}
        html, toc = self.convert(item.body, item.url, links)
        return with_html(item, html, first_paragraph_text(html), toc)


def _toc_slugify() -> Any:
    from .slugs import slugify_toc

    return slugify_toc


def _flatten_toc(tokens: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    result: list[tuple[int, str, str]] = []
    for token in tokens:
        result.append((int(token["level"]), str(token["id"]), html_lib.unescape(_TAG.sub("", str(token["name"])))))
        result.extend(_flatten_toc(token.get("children", [])))
    return result


def plain_text(html: str) -> str:
    """Return the text of an HTML fragment, whitespace collapsed."""
    return " ".join(html_lib.unescape(_TAG.sub(" ", html)).split())


def first_paragraph_text(html: str, limit: int = SUMMARY_LIMIT) -> str:
    """Return the first paragraph with text, as plain text (cut at a word near `limit`)."""
    for match in _FIRST_PARAGRAPH.finditer(html):
        text = plain_text(match.group(1))
        if text:
            if len(text) > limit:
                text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
            return text
    return ""


def render_items(items: Sequence[Item], renderer: Renderer) -> list[Item]:
    """Render every item once, in order."""
    return [renderer.render(item) for item in items]


# -- cached, parallel rendering ------------------------------------------------------------------

def _stable(value: Any) -> Any:
    """Return a JSON-able, process-independent description of extension settings."""
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', repr(type(value)))}"
    if isinstance(value, dict):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_stable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return f"{type(value).__module__}.{type(value).__qualname__}"


def _fingerprint(extensions: Sequence[Any], configs: dict[str, Any], iframe_hosts: Sequence[str] = ()) -> str:
    data = json.dumps([RENDER_VERSION, _stable(list(extensions)), _stable(configs), sorted(iframe_hosts)],
                      sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def cache_key(item: Item, fingerprint: str) -> str:
    """Return the key of an item's rendering: everything the HTML depends on, hashed.

    The body, the item's URL (links are relative to it), its resolved links (targets and image
    sizes) and the converter's fingerprint. A cached entry can therefore never be stale: any
    change to an input gives another key.
    """
    digest = hashlib.sha256()
    for part in (fingerprint, item.url, json.dumps(item.links), item.body):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class RenderCache:
    """Rendered bodies on disk, one small JSON file per key (written atomically)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> tuple[str, tuple[tuple[int, str, str], ...]] | None:
        """Return (html, toc) or None."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return str(data["html"]), tuple((int(a), str(b), str(c)) for a, b, c in data["toc"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, html: str, toc: tuple[tuple[int, str, str], ...]) -> None:
        """Store (html, toc); failures only cost a later re-render."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"html": html, "toc": toc}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass


_WORKER: Renderer | None = None


def _init_worker(extensions: list[Any], configs: dict[str, Any], iframe_hosts: Sequence[str] = ()) -> None:
    global _WORKER
    _WORKER = Renderer(extensions, configs, iframe_hosts)


def _convert_job(job: tuple[str, str, dict[str, tuple[str, int, int]]]) -> tuple[str, tuple[tuple[int, str, str], ...]]:
    assert _WORKER is not None
    return _WORKER.convert(*job)


def render_site_items(
    items: Sequence[Item], renderer: Renderer, cache: RenderCache | None = None, workers: int | None = None,
) -> list[Item]:
    """Render items, reusing cached bodies and converting the rest on all cores.

    The result is identical to `render_items` (same converter, same inputs); only where the
    work happens differs.
    """
    keys = [cache_key(item, renderer.fingerprint) for item in items]
    results: list[tuple[str, tuple[tuple[int, str, str], ...]] | None] = [
        cache.get(key) if cache is not None else None for key in keys
    ]
    missing = [index for index, result in enumerate(results) if result is None]
    jobs = [
        (items[i].body, items[i].url, {raw: (url, w, h) for raw, url, w, h in items[i].links}) for i in missing
    ]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(jobs) >= POOL_THRESHOLD:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("fork"),
            initializer=_init_worker, initargs=(renderer.extensions, renderer.extension_configs, renderer.iframe_hosts),
        ) as pool:
            converted = list(pool.map(_convert_job, jobs, chunksize=max(8, len(jobs) // (workers * 8))))
    else:
        converted = [renderer.convert(*job) for job in jobs]
    for index, result in zip(missing, converted):
        results[index] = result
        if cache is not None:
            cache.put(keys[index], *result)
    rendered = []
    for item, result in zip(items, results):
        assert result is not None
        html, toc = result
        rendered.append(with_html(item, html, first_paragraph_text(html), toc))
    return rendered
