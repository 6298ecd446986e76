"""Every link and image a Markdown body can produce, found in its text with the file line.

The loader checks what these point at (missing files, files of kinds that may not be published,
images from other hosts) before anything is rendered. The forms are the ones Python-Markdown and
browsers accept: inline links with `<…>` destinations (spaces allowed), reference-style links and
images (`![x][r]`, `![r][]`, `![r]` with `[r]: target`), and raw HTML in any case, with quoted or
unquoted attributes, split over several lines, with entities. Code blocks and inline code are
skipped, as Markdown does.

`is_external` is the one rule for "this URL makes the browser ask another host"; the sanitiser
applies it again to the rendered HTML, so a form missed here still fetches nothing.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from .advice import body_lines, prose_lines

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Bounded, possessive repetitions keep a pathological line (e.g. "![x](" repeated) linear to scan.
_DESTINATION = r"\(\s*+(?:<([^<>\n]{1,2000}+)>|([^)\s<]{1,2000}+))(?:\s++[\"'(][^)]{0,1000}+)?\s*+\)"
_MD_IMAGE = re.compile(r"!\[(?:[^\[\]\\]|\\.){0,1000}+\]" + _DESTINATION)
# A link's text may hold an image (`[![logo](a.png)](b.pdf)`): both are found, each by its own pattern.
_MD_LINK = re.compile(
    r"(?<![!\\])\[(?:[^\[\]\\]|\\.|!\[[^\[\]]{0,1000}+\]\([^()]{0,2000}+\)){0,1000}+\]" + _DESTINATION)
_REF_DEF = re.compile(r"^\s{0,3}\[(?!\^)([^\]]{1,1000}+)\]:\s*<?(\S+?)>?(?:\s|$)")  # not footnotes [^1]:
_REF_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.){0,1000}+)\](?:\[([^\]]{0,1000}+)\]|(?![\[(:]))")
_HTML_TAG = re.compile(r"<(img|a|source|video|audio|track|embed|object|input|link)\b"
                       r"((?:[^>\"']|\"[^\"]*+\"|'[^']*+'){0,4000}+)>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""(?:^|[\s/])(src|href|poster|srcset|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
                        re.IGNORECASE)
_MEDIA_TAGS = frozenset({"img", "source", "video", "audio", "track", "embed", "object", "input"})
_INLINE_CODE = re.compile(r"`[^`\n]*`")


def normal_url(value: str) -> str:
    """Return a URL as a browser reads it: entities decoded, outer blanks and inner tabs and line
    breaks dropped (the URL standard removes them), `\\` as `/`."""
    url = html_lib.unescape(value).strip(" \t\n\r\f\v\x00")
    return _URL_DROPPED.sub("", url).replace("\\", "/")


_URL_DROPPED = re.compile("[\t\n\r]")


def is_external(value: str) -> bool:
    """Return True when a browser would fetch `value` from another host (`https:`, `//host`, `/\\host`)."""
    url = normal_url(value)
    return bool(_SCHEME.match(url)) or url.startswith("//")


@lru_cache(maxsize=8)
def _masked(body: str) -> str:
    """Return `body` with code blocks and inline code blanked, line breaks kept (for multi-line tags)."""
    lines = [""] * (body.count("\n") + 1)
    for number, line in prose_lines(body):
        lines[number] = _INLINE_CODE.sub(lambda m: " " * len(m.group()), line) if "`" in line else line
    return "\n".join(lines)


def scan(body: str, first_line: int) -> list[tuple[str, int, bool]]:
    """Return (target, file line, is_image) for every link and image of `body`, in order."""
    found: list[tuple[str, int, bool]] = []
    definitions: dict[str, tuple[str, int]] = {}
    image_refs: list[tuple[str, int]] = []
    for number, text in body_lines(body, first_line):
        for pattern, image in ((_MD_IMAGE, True), (_MD_LINK, False)):
            for match in pattern.finditer(text):
                found.append((match.group(1) or match.group(2), number, image))
        if (definition := _REF_DEF.match(text)) is not None:
            definitions.setdefault(_label(definition.group(1)), (definition.group(2), number))
        for match in _REF_IMAGE.finditer(text):
            label = match.group(2) or match.group(1)
            image_refs.append((_label(label), number))
    if "<" in body:
        found.extend(_html_links(body, first_line))
    used_as_image = set()
    for label, number in image_refs:
        if label in definitions:
            used_as_image.add(label)
            found.append((definitions[label][0], number, True))
    found.extend((target, number, False) for label, (target, number) in definitions.items()
                 if label not in used_as_image)
    return found


def _html_links(body: str, first_line: int) -> Iterator[tuple[str, int, bool]]:
    masked = _masked(body)
    for tag in _HTML_TAG.finditer(masked):
        name = tag.group(1).lower()
        for attr in _HTML_ATTR.finditer(tag.group(2)):
            kind = attr.group(1).lower()
            value = next(group for group in attr.groups()[1:] if group is not None)
            line = first_line + masked.count("\n", 0, tag.start(2) + attr.start(1))
            if kind == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        yield html_lib.unescape(candidate.split()[0]), line, True
                continue
            yield html_lib.unescape(value), line, name in _MEDIA_TAGS or kind in ("poster", "data")


def _label(text: str) -> str:
    """Reference labels match case-insensitively with runs of blanks folded (CommonMark, Python-Markdown)."""
    return " ".join(text.lower().split())


# -- what Markdown or the sanitiser would silently drop --------------------------------------------

_SPACED = re.compile(r"(!?)\[(?:[^\[\]\\]|\\.){0,1000}+\]\(\s*+([^()<>\s][^()<>\n]{0,2000}?)\s*\)")
_TAG_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:[\s/](?:[^>\"']|\"[^\"]*+\"|'[^']*+'){0,4000}+)?)>")
_ATTR_NAME = re.compile(r"""(?:^|[\s/])([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")
_EMPTY_ALT = re.compile(r"!\[\s*\]\(")
_DESTINATION_IN_ANGLES = re.compile(r"\]\(\s*<[^<>\n]*>|^\s{0,3}\[[^\]\n]+\]:\s*<[^<>\n]*>", re.MULTILINE)


def unlinked(body: str, first_line: int) -> Iterator[tuple[str, int, bool]]:
    """Yield (destination, line, is_image) for `[x](a b.pdf)`: a space Markdown does not accept.

    Such a link is published as its raw text; `url "title"` is a link with a title, not one of these.
    """
    for number, text in body_lines(body, first_line):
        for match in _SPACED.finditer(text):
            destination = match.group(2).strip()
            first, _, rest = destination.partition(" ")
            if rest and rest.lstrip()[:1] not in ("'", '"', "("):
                yield destination, number, match.group(1) == "!"


def images_without_alt(body: str, first_line: int) -> Iterator[int]:
    """Yield the line of each image with no description: `![](a.jpg)`, `<img src=…>` with no `alt`."""
    for number, text in body_lines(body, first_line):
        for _match in _EMPTY_ALT.finditer(text):
            yield number
    if "<" not in body:
        return
    masked = _masked(body)
    for tag in _HTML_TAG.finditer(masked):
        if tag.group(1).lower() == "img" and not any(
                m.group(1).lower() == "alt" for m in _ATTR_NAME.finditer(tag.group(2))):
            yield first_line + masked.count("\n", 0, tag.start())


def removed_html(body: str, first_line: int, allowed_tags: frozenset[str],
                 allowed_attributes: dict[str, frozenset[str]], global_attributes: frozenset[str],
                 embed_allowed: Callable[[str], bool]) -> Iterator[tuple[int, str, str]]:
    """Yield (line, what, iframe host or '') for raw HTML the sanitiser removes from the published page."""
    if "<" not in body:
        return
    # `](<a b.jpg>)` is a Markdown destination, not a tag.
    masked = _DESTINATION_IN_ANGLES.sub(lambda m: " " * len(m.group()), _masked(body))
    for tag in _TAG_OPEN.finditer(masked):
        name = tag.group(1).lower()
        line = first_line + masked.count("\n", 0, tag.start())
        if name not in allowed_tags:
            yield line, f"thẻ <{name}>", ""
            continue
        for attr in _ATTR_NAME.finditer(tag.group(2) or ""):
            attribute = attr.group(1).lower()
            if attribute in ("markdown",) or attribute in global_attributes or attribute in allowed_attributes.get(
                    name, frozenset()):
                continue
            yield line, f"thuộc tính '{attribute}' của thẻ <{name}>", ""
        if name == "iframe":
            found = _HTML_ATTR.search(tag.group(2) or "")
            src = next((g for g in found.groups()[1:] if g is not None), "") if found else ""
            if src and not embed_allowed(html_lib.unescape(src)):
                host = re.sub(r"^[a-z]+://", "", normal_url(src), flags=re.IGNORECASE).split("/", 1)[0]
                yield line, f"khung nhúng từ '{host}'", host or "?"
