"""Convert each item's Markdown body to HTML exactly once; lists, feeds and pages reuse it."""

from __future__ import annotations

import fcntl
import hashlib
import html as html_lib
import json
import marshal
import os
import re
import shutil
import struct
import sys
import xml.etree.ElementTree as etree
import zlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import images, routes
from .images import Picture
from .loader import collect_own_garbage, with_html
from .models import Item
from .sanitize import Sanitizer
from .settings import Settings

DEFAULT_EXTENSIONS: tuple[str, ...] = ("tables", "attr_list", "footnotes", "toc", "admonition", "md_in_html")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
SUMMARY_LIMIT = 300
RENDER_VERSION = "4"
"""Bump when the conversion itself changes (extensions, rewriting, sanitising): invalidates caches."""
POOL_THRESHOLD = 200
"""Below this many documents to convert, a process pool costs more than it saves."""
Rendered = tuple[str, tuple[tuple[int, str, str], ...], Any]
"""(html, toc, extracted): what converting one body produces."""


@dataclass(slots=True)
class _Current:
    """The document being converted: where it lives and how its relative links resolve."""

    url: str = ""
    links: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    pictures: dict[str, Picture] = field(default_factory=dict)
    """The site's responsive images by asset URL (images.py)."""
    shown: dict[str, Picture] = field(default_factory=dict)
    """This document's images that have copies, by the `src` written into its HTML."""


class _LinkRewriter(Treeprocessor):
    """Point relative links and images at their site URLs, relative to the item's own URL.

    Markdown links and images are elements of the tree; raw HTML written by the editor waits in
    the stash as text, where its `src`/`href` attributes are rewritten the same way. A link whose
    site URL is empty points at an item not yet published: it loses its `href` and keeps its text.
    """

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
            if not url:
                del element.attrib[attr]
                continue
            relative = routes.relative_url(url, self.current.url)
            element.set(attr, relative)
            if element.tag == "img":
                picture = self.current.pictures.get(url)
                if picture is not None:
                    self.current.shown[relative] = picture
                    width, height = picture.width, picture.height  # the published file's size
                if width and height and not element.get("width"):
                    element.set("width", str(width))
                    element.set("height", str(height))
                # The lead image sits above the body, so every body image is below the fold.
                element.set("loading", "lazy")
                element.set("decoding", "async")
        stash = self.md.htmlStash.rawHtmlBlocks
        if self.current.links and stash:
            for index, block in enumerate(stash):
                if isinstance(block, str) and ("src" in block.lower() or "href" in block.lower()):
                    stash[index] = _RAW_ATTR.sub(self._raw_attribute, block)

    def _raw_attribute(self, match: re.Match[str]) -> str:
        value = next(group for group in match.groups()[2:] if group is not None)
        found = self.current.links.get(html_lib.unescape(value))
        if found is None:
            return match.group(0)
        if not found[0]:
            return match.group(1)  # the separator before the attribute, which is dropped
        relative = routes.relative_url(found[0], self.current.url)
        if (picture := self.current.pictures.get(found[0])) is not None:
            self.current.shown[relative] = picture  # only an `<img>` with this `src` becomes a <picture>
        return f'{match.group(1)}{match.group(2)}="{html_lib.escape(relative)}"'


_IMG = re.compile(r'<img\b(?:[^>"]|"[^"]*")*>')
"""An `<img>` tag as the sanitiser writes it (every attribute value in double quotes)."""
_SRC = re.compile(r'\ssrc="([^"]*)"')


def _pictures(html: str, shown: dict[str, Picture]) -> str:
    """Return `html` with each image that has WebP copies inside a `<picture>` offering them."""

    def wrap(match: re.Match[str]) -> str:
        tag = match.group(0)
        found = _SRC.search(tag)
        src = html_lib.unescape(found.group(1)) if found is not None else ""
        picture = shown.get(src)
        if picture is None or not src.endswith(picture.url):
            return tag
        # The copies' URLs are relative the same way as the image's own (`../../media/…`).
        srcset = html_lib.escape(picture.srcset(src[: len(src) - len(picture.url)]))
        return (f'<picture><source type="image/webp" srcset="{srcset}" sizes="{images.SIZES_COLUMN}">'
                f"{tag}</picture>")

    return _IMG.sub(wrap, html)


_RAW_ATTR = re.compile(r"""([\s/])(src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
"""A `src`/`href` attribute in the editor's raw HTML, quoted or not (bodylinks finds the same)."""


class _PortalExtension(Extension):
    def __init__(self, current: _Current) -> None:
        super().__init__()
        self.current = current

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown API
        md.treeprocessors.register(_LinkRewriter(md, self.current), "portal_links", 5)


class Renderer:
    """One reusable Markdown instance (reset between documents) with the site's extensions.

    `extract`, if given, is applied to every converted body where it is converted (in the worker
    processes) and its result cached with the HTML: the engine bridge uses it to split bodies into
    search-index sections once, on both cores. `extract_id` names it (and its version) in the
    cache key, so another extractor never sees a cached result of this one.
    """

    def __init__(self, extensions: Sequence[Any] = DEFAULT_EXTENSIONS,
                 extension_configs: dict[str, dict[str, Any]] | None = None,
                 iframe_hosts: Sequence[str] | None = None,
                 extract: Callable[[str], Any] | None = None, extract_id: str = "",
                 pictures: Mapping[str, Picture] | None = None, pictures_id: str = "") -> None:
        self.extensions = list(extensions)
        self.extension_configs = dict(extension_configs or {})
        self.iframe_hosts = tuple(Settings().iframe_hosts if iframe_hosts is None else iframe_hosts)
        self.extract = extract
        self.extract_id = extract_id if extract is not None else ""
        self.sanitizer = Sanitizer(self.iframe_hosts)
        self.pictures = {picture.url: picture for picture in (pictures or {}).values()}
        self.pictures_id = pictures_id
        self.fingerprint = _fingerprint(self.extensions, self.extension_configs, self.iframe_hosts, self.extract_id,
                                        pictures_id)
        self.current = _Current(pictures=self.pictures)
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

    def convert(self, text: str, url: str,
                links: dict[str, tuple[str, int, int]]) -> tuple[str, tuple[tuple[int, str, str], ...]]:
        """Return (html, toc) for a Markdown body published at `url`."""
        self.current.url = url
        self.current.links = links
        self.current.shown = {}
        self.md.reset()
        # The one place raw HTML from editors is cleaned: everything downstream reuses this HTML.
        html = self.sanitizer.clean(self.md.convert(text))
        if self.current.shown:
            # After cleaning: the sanitiser keeps no `srcset` from editors, only the site's own copies get one.
            html = _pictures(html, self.current.shown)
        toc = tuple(_flatten_toc(getattr(self.md, "toc_tokens", [])))
        return html, toc

    def convert_all(self, text: str, url: str, links: dict[str, tuple[str, int, int]]) -> Rendered:
        """Return (html, toc, extracted) for a Markdown body published at `url`."""
        html, toc = self.convert(text, url, links)
        return html, toc, self.extract(html) if self.extract is not None else None

    def render(self, item: Item) -> Item:
        """Return `item` with `html`, `toc` and a default summary."""
        links = {raw: (url, width, height) for raw, url, width, height in item.links}
        html, toc = self.convert(item.body, item.url, links)
        return with_html(item, html, first_paragraph_text(html), toc, body_key=cache_key(item, self.fingerprint))


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

def stable_description(value: Any) -> Any:
    """Return a JSON-able, process-independent description of extension settings."""
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', repr(type(value)))}"
    if isinstance(value, dict):
        return {str(k): stable_description(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [stable_description(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return f"{type(value).__module__}.{type(value).__qualname__}"


def _fingerprint(extensions: Sequence[Any], configs: dict[str, Any], iframe_hosts: Sequence[str] = (),
                 extract_id: str = "", pictures_id: str = "") -> str:
    data = json.dumps([RENDER_VERSION, stable_description(list(extensions)), stable_description(configs),
                       sorted(iframe_hosts), extract_id, images.VERSION, images.LADDER, images.FALLBACK_MAX,
                       pictures_id], sort_keys=True)
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


_RECORD = struct.Struct("<32sII")
"""A pack record's header: key (SHA-256), payload length, payload CRC-32."""


class RenderCache:
    """Rendered bodies on disk, in one append-only pack file (`render.pack`).

    One file instead of one per body: a cold build of 10,000 articles appends once instead of
    creating 10,000 files, and a warm build reads one file. Each record is the key, the payload
    length and its CRC-32, then the payload (`marshal`: plain strings and tuples, no code runs
    on load). The header names the Python version, as marshal's format may change with it.
    A truncated or corrupted record is a miss, never wrong HTML: the key is a hash of every
    input and the CRC guards the bytes. Appends and compaction hold an exclusive `flock`, so
    a build and a live preview can share the cache; the pack is rewritten with only the
    entries in use when it holds more than twice as many records as the last build used.
    """

    NAME = "render.pack"
    MAGIC = (f"portal render pack 1 python {sys.version_info[0]}.{sys.version_info[1]} "
             f"marshal {marshal.version}\n").encode()

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / self.NAME
        self._data = b""
        self._index: dict[bytes, tuple[int, int, int]] | None = None
        self._records = 0
        self._pending: dict[bytes, bytes] = {}
        self._used: set[bytes] = set()
        self._valid = True

    def _load(self) -> dict[bytes, tuple[int, int, int]]:
        if self._index is not None:
            return self._index
        index: dict[bytes, tuple[int, int, int]] = {}
        try:
            data = self.path.read_bytes()
        except OSError:
            data = b""
        self._valid = not data or data.startswith(self.MAGIC)
        if data.startswith(self.MAGIC):
            offset, size = len(self.MAGIC), len(data)
            while offset + _RECORD.size <= size:
                key, length, crc = _RECORD.unpack_from(data, offset)
                offset += _RECORD.size
                if offset + length > size:
                    break  # a record cut short (a build killed while appending)
                index[key] = (offset, length, crc)
                offset += length
                self._records += 1
        self._data = data
        self._index = index
        return index

    def __len__(self) -> int:
        """Return the number of distinct entries in the pack."""
        return len(self._load())

    def get(self, key: str) -> Rendered | None:
        """Return (html, toc, extracted) or None."""
        raw_key = bytes.fromhex(key)
        entry = self._load().get(raw_key)
        if entry is None:
            return None
        offset, length, crc = entry
        payload = self._data[offset:offset + length]
        if zlib.crc32(payload) != crc:
            return None
        try:
            result = _unpack(payload)
        except (ValueError, EOFError, TypeError):
            return None
        self._used.add(raw_key)
        return result

    def put(self, key: str, payload: bytes) -> None:
        """Queue an entry, serialised as `_convert_job` returns it, for the next `flush`."""
        raw_key = bytes.fromhex(key)
        self._pending[raw_key] = payload
        self._used.add(raw_key)

    def flush(self) -> None:
        """Append queued entries (or compact the pack); failures only cost a later re-render."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(self.path, "ab") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._load()
                if not self._valid or self._records + len(self._pending) > 2 * len(self._used) + 64:
                    self._compact()
                elif self._pending:
                    if not handle.tell():
                        _remove_legacy_entries(self.folder)
                    if not handle.tell():
                        handle.write(self.MAGIC)
                    # Record by record: one joined copy would be as large as the pack (100 MB at
                    # 10,000 articles), all of it fresh memory.
                    for raw_key, payload in self._pending.items():
                        handle.write(_RECORD.pack(raw_key, len(payload), zlib.crc32(payload)))
                        handle.write(payload)
                    self._records += len(self._pending)
        except OSError:
            pass
        self._pending = {}

    def _compact(self) -> None:
        """Rewrite the pack with only the entries this build used (the caller holds the lock)."""
        index = self._load()
        chunks = [self.MAGIC]
        for raw_key in sorted(self._used):
            if raw_key in self._pending:
                payload = self._pending[raw_key]
            elif raw_key in index:
                offset, length, _crc = index[raw_key]
                payload = self._data[offset:offset + length]
            else:
                continue
            chunks.append(_RECORD.pack(raw_key, len(payload), zlib.crc32(payload)))
            chunks.append(payload)
        tmp = self.path.with_name(f"{self.NAME}.{os.getpid()}.tmp")
        tmp.write_bytes(b"".join(chunks))
        os.replace(tmp, self.path)
        self._records = len(chunks) // 2


def _remove_legacy_entries(folder: Path) -> None:
    """Delete the one-JSON-file-per-body entries of earlier versions (`render/ab/<key>.json`)."""
    for child in folder.iterdir():
        if child.is_dir() and len(child.name) == 2 and all(c in "0123456789abcdef" for c in child.name):
            shutil.rmtree(child, ignore_errors=True)


_WORKER: Renderer | None = None


def _init_worker(extensions: list[Any], configs: dict[str, Any], iframe_hosts: Sequence[str] = (),
                 extract: Callable[[str], Any] | None = None, extract_id: str = "",
                 pictures: Mapping[str, Picture] | None = None, pictures_id: str = "") -> None:
    global _WORKER
    collect_own_garbage()
    _WORKER = Renderer(extensions, configs, iframe_hosts, extract, extract_id, pictures, pictures_id)


def _unpack(payload: bytes) -> Rendered:
    """Return (html, toc, extracted) from a render cache record (`_convert_job`'s bytes)."""
    html, toc, extracted = marshal.loads(payload)
    return str(html), tuple((int(a), str(b), str(c)) for a, b, c in toc), extracted


def _convert_job(job: tuple[str, str, dict[str, tuple[str, int, int]]]) -> bytes:
    """Convert one body in a pool worker; return it as the render cache stores it (`marshal`).

    The parent then writes these bytes to the cache as they are and reads the strings from them,
    instead of receiving pickled strings and serialising them again.
    """
    assert _WORKER is not None
    return marshal.dumps(_WORKER.convert_all(*job))


def render_site_items(
    items: Sequence[Item], renderer: Renderer, cache: RenderCache | None = None, workers: int | None = None,
) -> list[Item]:
    """Render items, reusing cached bodies and converting the rest on all cores.

    The result is identical to `render_items` (same converter, same inputs); only where the
    work happens differs.
    """
    keys = [cache_key(item, renderer.fingerprint) for item in items]
    results: list[Rendered | None] = [cache.get(key) if cache is not None else None for key in keys]
    missing = [index for index, result in enumerate(results) if result is None]
    jobs = [
        (items[i].body, items[i].url, {raw: (url, w, h) for raw, url, w, h in items[i].links}) for i in missing
    ]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    pooled = workers > 1 and len(jobs) >= POOL_THRESHOLD
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("fork"), initializer=_init_worker,
        initargs=(renderer.extensions, renderer.extension_configs, renderer.iframe_hosts,
                  renderer.extract, renderer.extract_id, renderer.pictures, renderer.pictures_id),
    ) if pooled else nullcontext() as pool:
        # Pooled: chunks of about 0.2 s, small enough that no worker idles long at the end. Either
        # way each body comes as the cache's record, so both paths give the same values.
        payloads = (pool.map(_convert_job, jobs, chunksize=max(8, len(jobs) // (workers * 48))) if pool
                    else (marshal.dumps(renderer.convert_all(*job)) for job in jobs))
        for index, payload in zip(missing, payloads):
            results[index] = _unpack(payload)
            if cache is not None:
                cache.put(keys[index], payload)
    if cache is not None:
        cache.flush()
    rendered = []
    for item, key, result in zip(items, keys, results):
        assert result is not None
        html, toc, extracted = result
        rendered.append(with_html(item, html, first_paragraph_text(html), toc, extracted, key))
    return rendered
