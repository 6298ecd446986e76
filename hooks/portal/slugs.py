"""Vietnamese-aware ASCII slugs: `Đất đai` -> `dat-dai`."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_SLUG_LENGTH = 80
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Return `text` without diacritics (`đ`→`d`), keeping case and punctuation."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify_vi(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Return a lowercase ASCII slug, cut at a word boundary to at most `max_length`."""
    ascii_text = fold(text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_length]
        slug = slug[:max_length].strip("-")
    return slug


def is_valid_slug(value: str) -> bool:
    """Return True for `[a-z0-9]` words joined by single hyphens, at most 80 characters."""
    return bool(SLUG_RE.match(value)) and len(value) <= MAX_SLUG_LENGTH


def slugify_toc(value: str, separator: str, **_: Any) -> str:
    """Heading anchors for Python-Markdown's `toc` (its default drops `đ`)."""
    return slugify_vi(value).replace("-", separator) or "muc"


def number_key(number: str) -> str:
    """Return the form document numbers are compared in: case, spaces and Unicode form aside (`1596/QĐ-UBND`)."""
    return "".join(unicodedata.normalize("NFC", number).casefold().split())
