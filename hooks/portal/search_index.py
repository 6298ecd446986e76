"""Keep Material's search index small enough for a phone.

Material writes `search/search_index.json` with the full text of every section of every page,
as ASCII JSON (each Vietnamese letter becomes a six-byte `\\uXXXX` escape). Every visitor who
opens the search box downloads it and the search worker indexes all of it. For a portal with
thousands of articles that is megabytes, so after Material writes it the index is rewritten:

- as UTF-8 JSON (about a third smaller before compression);
- with at most `text_chars` characters of text per page (the lead and first paragraphs, where
  news puts the facts), cut at a word and closed with "…"; every title and section heading is
  kept, so headings deep in a long page are still found.

Accent-insensitive matching is done in the browser (overrides/assets/javascripts/lunr/min/
lunr.vi.min.js) and costs nothing here.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path
from typing import Any

_TOKEN = re.compile(r"<[^>]*>|[^<]+")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
_VOID = {"br", "hr", "img", "wbr"}
ELLIPSIS = "…"


def truncate_html(text: str, budget: int) -> tuple[str, int, bool]:
    """Return (`text` cut to `budget` visible characters, characters used, whether it was cut).

    `text` is Material's index HTML (p, li, ol, ul, code, pre, sub, sup): the cut falls between
    words, never inside a tag or an entity, and every element left open is closed.
    """
    out: list[str] = []
    stack: list[str] = []
    used = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token.startswith("<"):
            name_match = _TAG_NAME.match(token)
            name = name_match.group(1).lower() if name_match else ""
            if token.startswith("</"):
                if name in stack:
                    while stack and stack.pop() != name:
                        pass
            elif name and name not in _VOID and not token.endswith("/>"):
                stack.append(name)
            out.append(token)
            continue
        visible = len(html.unescape(token))
        if used + visible <= budget:
            out.append(token)
            used += visible
            continue
        room = max(budget - used, 0)
        cut = _cut_at_word(token, room)
        out.append(cut + ELLIPSIS)
        out.extend(f"</{name}>" for name in reversed(stack))
        return "".join(out), budget, True
    return text, used, False


def _cut_at_word(token: str, room: int) -> str:
    """Return the longest prefix of text `token` with at most `room` characters, ending a word."""
    if room <= 0:
        return ""
    prefix = token[: room + 1]
    space = max(prefix.rfind(" "), prefix.rfind("\n"))
    cut = prefix[:space] if space > 0 else ""
    amp = cut.rfind("&")
    if amp > cut.rfind(";"):
        cut = cut[:amp]  # never split an entity such as &amp;
    return cut.rstrip()


def compact_docs(docs: list[dict[str, Any]], text_chars: int, used: dict[str, int]) -> list[dict[str, Any]]:
    """Return `docs` with at most `text_chars` characters of text per page, all titles kept.

    `used` counts the characters each page (location without anchor) already has, so a page's
    sections may come in several calls, in order.
    """
    out = []
    for doc in docs:
        page = str(doc.get("location", "")).split("#", 1)[0]
        budget = text_chars - used.get(page, 0)
        text = str(doc.get("text", ""))
        if budget <= 0:
            text, spent = "", 0
        else:
            text, spent, _cut = truncate_html(text, budget)
        used[page] = used.get(page, 0) + spent
        out.append({**doc, "text": text})
    return out


def compact(index: dict[str, Any], text_chars: int) -> dict[str, Any]:
    """Return `index` with at most `text_chars` characters of text per page (all titles kept)."""
    return {**index, "docs": compact_docs(index.get("docs", []), text_chars, {})}


def rewrite(path: Path, text_chars: int, compacted: bool = False) -> tuple[int, int, int]:
    """Compact the search index at `path` in place and write `path.gz` beside it.

    `compacted`: the entries were already cut as they were added (`compact_docs`); only the
    encoding changes. Return the sizes in bytes: before, after, and gzipped. The `.gz` copy
    (compressed once, at the highest level, with no timestamp, so builds stay byte-identical)
    is what nginx sends (`gzip_static on` in deploy/nginx.conf).
    """
    raw = path.read_bytes()
    index = json.loads(raw)
    if not compacted:
        index = compact(index, text_chars)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)
    path.with_name(path.name + ".gz").write_bytes(packed)
    return len(raw), len(data), len(packed)
