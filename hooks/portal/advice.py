"""Editorial warnings: allowed, but bad for readers. They never stop a build.

Called by the loader for every content file, with what it already read (front matter and body),
so each warning carries the file and line like every other problem.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import unquote

from . import dates
from .errors import Problem
from .frontmatter import LinedDict
from .kinds import KINDS
from .schema import describe

IMAGE_WARN_BYTES = 1024 * 1024
"""Images heavier than this (1 MB) slow pages down on phones."""


VAGUE_LINK_TEXTS: frozenset[str] = frozenset({
    "tại đây", "ở đây", "đây", "vào đây", "xem tại đây", "xem ở đây", "bấm vào đây", "bấm đây",
    "nhấn vào đây", "nhấn đây", "nhấp vào đây", "click vào đây", "click đây", "kích vào đây",
    "xem thêm", "xem chi tiết", "chi tiết", "tải về", "tải tại đây", "link", "liên kết", "đường dẫn",
    "click here", "here", "more", "read more",
})
"""Link texts that say nothing about where the link goes (Circular 32/2017: meaningful links)."""

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")
_LIST_FIRST = frozenset(" -*+0123456789!?[")
"""First characters a list item, admonition or footnote line can start with (before the regex)."""
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)]|!!!|\?\?\?\+?|\[\^[^\]]+\]:)(?:\s|$)")
"""A line that opens a block whose indented lines are content, not code: a list item, an
admonition (`!!! note`, `??? tip`) or a footnote definition."""
# Bounded, possessive repetitions: a pathological line ("![x](" thousands of times) costs linear
# time here instead of the quadratic backtracking of unbounded patterns.
_MD_LINK = re.compile(r"(!?)\[((?:[^\]\\]|\\.){0,1000}+)\]\(\s*+<?([^)\s>]{0,2000}+)>?(?:\s++[\"'(][^)]{0,1000}+)?\)")
_MD_REF_LINK = re.compile(r"(?<![!\]\\])\[((?:[^\]\\]|\\.){1,1000}+)\]\[[^\]]{0,1000}+\]")
_HTML_LINK = re.compile(r"<a\b[^>]{0,2000}+>(.{0,1000}?)</a\s*>", re.IGNORECASE)
_HTML_IMG = re.compile(r"<img\b[^>]{0,2000}+>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""\b(alt|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_EMPHASIS = re.compile(r"[*_~`]+")


def _normal(text: str) -> str:
    """Return `text` as compared by the checks: NFC, lower case, single spaces, no end punctuation."""
    text = unicodedata.normalize("NFC", html_lib.unescape(_EMPHASIS.sub("", _TAG.sub("", text))))
    return " ".join(text.lower().split()).strip(" .,:;!?…»«\"'()[]-–—")


def is_vague_link_text(text: str) -> bool:
    """Return True for link texts such as "xem tại đây" that do not say where the link goes."""
    return _normal(text) in VAGUE_LINK_TEXTS


def is_file_name_alt(alt: str, src: str) -> bool:
    """Return True when an image's alt text is just its file name (with or without extension)."""
    name = PurePosixPath(unquote(src.split("#", 1)[0].split("?", 1)[0])).name
    if not name or not alt.strip():
        return False
    candidates = {_normal(name), _normal(PurePosixPath(name).stem)}
    return _normal(alt) in candidates


def prose_lines(body: str) -> tuple[tuple[int, str], ...]:
    """Return (offset, text) for every body line outside code blocks, as written.

    An indented line is code only after a blank line (or more code) and outside a list, an
    admonition or a footnote, as in Markdown: the continuation of a paragraph, of an HTML tag or of
    one of those blocks is not. Several checks read the same body: it is split once (the cache
    holds the last few bodies, compared by the string itself, whose hash Python keeps).
    """
    return _prose_lines(body)


@lru_cache(maxsize=8)
def _prose_lines(body: str) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    fenced = False
    in_list = False
    previous_blank_or_code = True
    for offset, line in enumerate(body.split("\n")):
        first = line[:1]
        if first in "`~ \t" and _FENCE.match(line):
            fenced = not fenced
            previous_blank_or_code = True
            continue
        if fenced:
            continue
        blank = not line or line.isspace()
        indented = first in " \t" and (line.startswith("    ") or first == "\t")
        if indented and previous_blank_or_code and not in_list and not blank:
            continue  # indented code
        if not blank and not indented:
            in_list = ((first in _LIST_FIRST and bool(_LIST_ITEM.match(line)))
                       or (in_list and not previous_blank_or_code))
        previous_blank_or_code = blank
        found.append((offset, line))
    return tuple(found)


@lru_cache(maxsize=8)
def _link_lines(body: str) -> tuple[tuple[int, str], ...]:
    return tuple((offset, _INLINE_CODE.sub("", line) if "`" in line else line)
                 for offset, line in _prose_lines(body) if "[" in line or "<" in line)


def body_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Yield (file line, text) for body lines that may hold a link or an image: outside code
    blocks, inline code removed."""
    for offset, line in _link_lines(body):
        yield first_line + offset, line


def body_warnings(path: str, body: str, first_line: int) -> list[Problem]:
    """Return warnings about links and images written in a Markdown body."""
    found: list[Problem] = []

    def vague(text: str, line: int) -> None:
        found.append(Problem(
            path, line, "link-text-vague",
            f"chữ của liên kết '{describe(_normal(text))}' không cho biết liên kết dẫn tới đâu; hãy viết rõ nội dung, "
            "ví dụ 'Toàn văn Kế hoạch số 81/KH-STNMT (PDF)'",
            "warning",
        ))

    def file_name_alt(alt: str, line: int) -> None:
        found.append(Problem(
            path, line, "image-alt-filename",
            f"mô tả ảnh '{describe(alt.strip())}' chỉ là tên tệp; hãy mô tả nội dung ảnh cho người khiếm thị",
            "warning",
        ))

    for line, text in body_lines(body, first_line):
        for match in _MD_LINK.finditer(text):
            label, target = match.group(2), match.group(3)
            if match.group(1):
                if is_file_name_alt(label, target):
                    file_name_alt(label, line)
            elif is_vague_link_text(label):
                vague(label, line)
        for match in _MD_REF_LINK.finditer(text):
            if is_vague_link_text(match.group(1)):
                vague(match.group(1), line)
        for match in _HTML_LINK.finditer(text):
            if is_vague_link_text(match.group(1)):
                vague(match.group(1), line)
        for match in _HTML_IMG.finditer(text):
            attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
                     for m in _HTML_ATTR.finditer(match.group(0))}
            if "alt" in attrs and "src" in attrs and is_file_name_alt(attrs["alt"], attrs["src"]):
                file_name_alt(attrs["alt"], line)
    return found


def front_matter_warnings(
    path: str, kind: str, meta: LinedDict, title: str,
    published: date | datetime | None, updated: date | datetime | None,
) -> list[Problem]:
    """Return warnings about an item's front matter (title length, `updated`, lead image alt).

    `published` is the date `updated` is compared with: an article's `date`, a plan's `issued`.
    """
    found: list[Problem] = []
    limit = KINDS[kind].title_limit
    if len(title) > limit:
        found.append(Problem(
            path, meta.line_of("title"), "title-too-long",
            f"tiêu đề dài {len(title)} ký tự (nên không quá {limit}); tiêu đề ngắn dễ đọc và hiện đủ "
            "trên điện thoại, kết quả tìm kiếm và mạng xã hội",
            "warning",
        ))
    if published is not None and updated is not None and dates.as_date(updated) < dates.as_date(published):
        found.append(Problem(
            path, meta.line_of("updated"), "updated-before-date",
            f"ngày cập nhật 'updated' ({dates.format_short(updated)}) trước ngày đăng "
            f"({dates.format_short(published)}); kiểm tra lại hai ngày này",
            "warning",
        ))
    image, alt = meta.get("image"), meta.get("image_alt")
    if isinstance(image, str) and isinstance(alt, str) and is_file_name_alt(alt, image):
        found.append(Problem(
            path, meta.line_of("image_alt"), "image-alt-filename",
            f"mô tả ảnh '{describe(alt.strip())}' chỉ là tên tệp; hãy mô tả nội dung ảnh cho người khiếm thị",
            "warning",
        ))
    return found


PLACEHOLDERS: tuple[str, ...] = (
    "Viết đoạn mở đầu ở đây", "Viết tiếp nội dung bài", "Tóm tắt mục đích và yêu cầu của kế hoạch",
    "Tóm tắt các nội dung chính", "Tóm tắt trách nhiệm của các đơn vị",
    "Giới thiệu mục đích, nội dung và cách tham gia chiến dịch", "Giới thiệu sự kiện: nội dung, thành phần tham dự",
    "Một hai câu tóm tắt", "Một hai câu giới thiệu", "Mô tả nội dung ảnh cho người khiếm thị", "Họ và tên người ký",
    "Đơn vị phối hợp 1", "Mô tả ngắn hoạt động", "Hội trường Sở, số 1 Đường Mẫu",
    "Chủ đề hoặc khẩu hiệu của chiến dịch", "anh/ten-anh.jpg", "ten-van-ban.pdf", "slug-chien-dich", "slug-ke-hoach",
)
"""Sample text `portal new` writes (scaffold.py), which must not reach the public site."""
_PLACEHOLDER_VALUES = re.compile(r"^\s*-?\s*(?:task:\s*Nội dung nhiệm vụ|lead:\s*Đơn vị chủ trì)\s*$")
"""Sample values too common as words to look for anywhere: only as the whole value of their key."""
_ANY_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS) + r"|Nội dung nhiệm vụ|Đơn vị chủ trì")
"""One pass over a file says whether any line can hold sample text (most files: none)."""


def placeholders_left(path: str, text: str, body_line: int) -> list[Problem]:
    """Return an error for each line of a published item still holding `portal new`'s sample text.

    Comment lines of the front matter (`# …`) are the scaffold's explanations and never published.
    """
    found: list[Problem] = []
    if not _ANY_PLACEHOLDER.search(text):
        return found
    for number, line in enumerate(text.split("\n"), 1):
        if number < body_line and line.lstrip().startswith("#"):
            continue
        sample = next((p for p in PLACEHOLDERS if p in line), None)
        if sample is None and _PLACEHOLDER_VALUES.match(line):
            sample = line.split(":", 1)[1].strip()
        if sample is not None:
            found.append(Problem(
                path, number, "placeholder-left",
                f"còn chữ mẫu của lệnh portal new ('{sample}…'): thay bằng nội dung thật trước khi đăng "
                "(hoặc giữ draft: true)"))
    return found


def image_size_warning(path: str, line: int, raw: str, size: int) -> Problem | None:
    """Return a warning for an image heavier than `IMAGE_WARN_BYTES`, else None."""
    if size <= IMAGE_WARN_BYTES:
        return None
    return Problem(
        path, line, "image-heavy",
        f"ảnh '{describe(raw)}' nặng {size / 1024 / 1024:.1f} MB (nên dưới 1 MB); hãy thu nhỏ hoặc nén ảnh để trang "
        "tải nhanh trên điện thoại",
        "warning",
    )
