"""Allow-list sanitising of the HTML made from editors' Markdown (nh3 / ammonia).

Editors may paste raw HTML into Markdown. Everything that comes out of the Markdown conversion
goes through `Sanitizer.clean` once (in `render.py`), so pages, feeds, the search index and any
other output that reuses `item.html` only ever see the cleaned HTML.

Kept: ordinary article markup (headings with their permalinks, lists, tables with alignment,
figures, footnotes, admonitions, abbreviations, quotes, code), `id` and `class` attributes, and
`<iframe>` only when its `src` is an https URL on a host listed in `extra.portal.iframe_hosts`.
Dropped: `<script>`, `<style>`, event-handler attributes, `javascript:`/`data:` URLs, media
(`img`, `audio`, `video`, `source`) from other hosts, forms,
objects, embeds, SVG/MathML and every tag or attribute not listed below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import nh3

from .bodylinks import is_external

TAGS: frozenset[str] = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var", "wbr", "audio", "video", "source",
})
"""Tags that survive; any other tag is removed and its text kept."""

CLEAN_CONTENT_TAGS: frozenset[str] = frozenset({"script", "style", "template", "noscript", "textarea", "title"})
"""Tags removed together with their content (their text is never something to show)."""

GLOBAL_ATTRIBUTES: frozenset[str] = frozenset({"id", "class", "title", "lang", "dir"})

ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "abbr": frozenset(),
    "blockquote": frozenset({"cite"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "iframe": frozenset({"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "q": frozenset({"cite"}),
    "td": frozenset({"colspan", "rowspan", "headers", "style"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr", "style"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "audio": frozenset({"src", "controls", "preload"}),
    "video": frozenset({"src", "controls", "preload", "width", "height", "muted", "loop", "playsinline"}),
    "source": frozenset({"src", "type"}),
}
"""Attributes allowed per tag, on top of `GLOBAL_ATTRIBUTES`."""

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
"""Schemes allowed in `href`/`src`; relative URLs are kept as they are."""

STYLE_PROPERTIES: frozenset[str] = frozenset({"text-align"})
"""The only CSS kept in `style` (table cell alignment written by the `tables` extension)."""

_MEDIA_TAGS = frozenset({"img", "audio", "video", "source"})
"""Tags whose `src` the browser fetches as the page loads (an `<a href>` is fetched only when followed)."""

# nh3 writes every attribute value in double quotes, so this finds each <iframe …>…</iframe>.
_IFRAME = re.compile(r'(<iframe\b(?:[^>"]|"[^"]*")*>).*?</iframe>', re.DOTALL | re.IGNORECASE)


class Sanitizer:
    """A reusable allow-list cleaner; `iframe_hosts` lists the hosts embeds may come from."""

    def __init__(self, iframe_hosts: Iterable[str] = ()) -> None:
        self.iframe_hosts = frozenset(host.strip().lower() for host in iframe_hosts if host.strip())
        attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
        attributes["*"] = set(GLOBAL_ATTRIBUTES)
        self._cleaner = nh3.Cleaner(
            tags=set(TAGS),
            clean_content_tags=set(CLEAN_CONTENT_TAGS),
            attributes=attributes,
            attribute_filter=self._filter,
            strip_comments=True,
            link_rel=None,
            url_schemes=set(URL_SCHEMES),
            filter_style_properties=set(STYLE_PROPERTIES),
        )

    def is_allowed_embed(self, url: str) -> bool:
        """Return True for an https URL on one of the allowed iframe hosts."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return False
        return parts.scheme == "https" and (parts.hostname or "") in self.iframe_hosts

    def _filter(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            return value if self.is_allowed_embed(value) else None
        if attribute == "src" and tag in _MEDIA_TAGS and is_external(value):
            # The loader reports every image from another host at its line (bodylinks.py); this keeps
            # any form it could miss from making readers' browsers ask that host.
            return None
        if attribute == "id" and value.startswith("__"):
            # Material's own widgets use ids such as `__search` and `__drawer`.
            return None
        return value

    def clean(self, html: str) -> str:
        """Return `html` with everything outside the allow-list removed."""
        cleaned = self._cleaner.clean(html)
        if "<iframe" in cleaned:
            # An embed whose `src` was refused is removed whole rather than left as an empty frame.
            cleaned = _IFRAME.sub(lambda m: m.group(0) if ' src="' in m.group(1) else "", cleaned)
        return cleaned
