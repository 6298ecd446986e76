"""Convert each item's Markdown body to HTML exactly once; lists, feeds and pages reuse it."""

from __future__ import annotations

import html as html_lib
import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import routes
from .loader import with_html
from .models import Item

DEFAULT_EXTENSIONS: tuple[str, ...] = ("tables", "attr_list", "footnotes", "toc", "admonition", "md_in_html")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
SUMMARY_LIMIT = 300


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
                 extension_configs: dict[str, dict[str, Any]] | None = None) -> None:
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
        html = self.md.convert(text)
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
