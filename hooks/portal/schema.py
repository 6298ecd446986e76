"""A reader that turns a front-matter mapping into typed values or problems (the keys are in kinds.py).

Like Pelican's METADATA_PROCESSORS, but every problem is collected (never raised) with the
line of the offending key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from datetime import date as Date
from datetime import datetime
from typing import Any

from . import dates
from .errors import Problem
from .frontmatter import XML_ILLEGAL, LinedDict, LinedList, control_message
from .slugs import slugify_vi

TOPIC_KEYS = ("slug", "name", "description")
OBSERVANCE_KEYS = ("title", "date", "start", "end", "topics", "description")
# The keys of each content kind are declared with their parsers in kinds.py.

_TYPE_NAMES = {str: "một chuỗi văn bản", list: "một danh sách", dict: "một bảng 'khoá: giá trị'",
               bool: "true hoặc false"}


KEY_SYNONYMS: dict[str, str] = {
    # Vietnamese, as editors type them with or without accents, spaces or underscores.
    "tieude": "title", "ten": "title", "tenbai": "title", "ngay": "date", "ngaydang": "date", "ngayviet": "date",
    "linhvuc": "topics", "chude": "topics", "chuyenmuc": "topics", "tomtat": "summary", "mota": "summary",
    "tacgia": "author", "nguoiviet": "author", "anh": "image", "anhdaidien": "image", "hinhanh": "image",
    "motaanh": "image_alt", "chuthichanh": "image_alt", "chiendich": "campaign", "kehoach": "plan",
    "duongdan": "slug", "capnhat": "updated", "ngaycapnhat": "updated", "bannhap": "draft", "nhap": "draft",
    "batdau": "start", "ngaybatdau": "start", "ketthuc": "end", "ngayketthuc": "end", "diadiem": "location",
    "noitochuc": "location", "donvitochuc": "organizer", "tochuc": "organizer", "chutri": "lead",
    "khauhieu": "theme", "chudechiendich": "theme", "hoatdong": "activities", "ngaybanhanh": "issued",
    "banhanh": "issued", "coquanbanhanh": "issuer", "sohieu": "number", "sokyhieu": "number", "so": "number",
    "nguoiky": "signer", "chucvu": "signer_title", "chucvunguoiky": "signer_title", "cancu": "bases",
    "tepdinhkem": "attachment", "dinhkem": "attachment", "nhiemvu": "tasks", "hanbaocao": "deadlines",
    "han": "deadlines", "thoigian": "when", "phoihop": "partners", "donviphoihop": "partners",
    "hinhthuc": "form", "noidung": "what",
    # Common English names from other tools (Hugo, Jekyll, WordPress exports).
    "tags": "topics", "categories": "topics", "category": "topics", "tag": "topics", "topic": "topics",
    "description": "summary", "excerpt": "summary", "abstract": "summary", "published": "date",
    "pubdate": "date", "publishdate": "date", "created": "date", "lastmod": "updated", "modified": "updated",
    "cover": "image", "thumbnail": "image", "featuredimage": "image", "alt": "image_alt", "imagealt": "image_alt",
    "place": "location", "venue": "location", "where": "location", "begin": "start", "from": "start",
    "finish": "end", "until": "end", "to": "end", "writer": "author", "by": "author", "url": "slug",
    "permalink": "slug", "attachments": "attachment", "file": "attachment", "deadline": "deadlines",
    "task": "tasks", "activity": "activities", "events": "activities", "base": "bases", "references": "bases",
}
"""Keys editors type for ours, by their folded form (`tác giả`, `tac_gia`, `Tác-giả` → `tacgia`)."""


def synonym_hint(key: str, allowed: Iterable[str]) -> str:
    """Return ` — dùng 'author'` for a key typed in Vietnamese or by another tool's name, else ''."""
    folded = slugify_vi(key).replace("-", "")
    wanted = KEY_SYNONYMS.get(folded)
    allowed = tuple(allowed)
    if wanted is None or wanted not in allowed or wanted == key:
        if folded.endswith("s") and folded[:-1] in allowed:
            return f" — dùng '{folded[:-1]}'"
        if f"{folded}s" in allowed:
            return f" — dùng '{folded}s'"
        return ""
    return f" — dùng khoá '{wanted}'"


def suggest(value: str, candidates: Iterable[str]) -> str:
    """Return ` — có phải 'x'?` for the closest candidate, or an empty string."""
    matches = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" — có phải '{matches[0]}'?" if matches else ""


# Line breaks and control characters in a value would split a `path:line: message` line in two.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))} | {
    0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def describe(value: Any) -> str:
    """Return a short, one-line printable form of a YAML value for messages."""
    try:
        text = str(value).translate(_CONTROLS)
    except RecursionError:  # a value nested too deeply to print
        text = "…"
    return text if len(text) <= 60 else text[:57] + "…"


LIST_KEYS = frozenset({"topics", "partners", "bases"})
"""Keys whose value is a list (a single value is one item)."""
FREE_TEXT_LISTS = frozenset({"partners", "bases"})
"""Lists of names and titles, which contain commas of their own."""
_COMMENT_OK = frozenset({"slug", "date", "start", "end", "issued", "updated", "campaign", "plan", "image", "attachment",
                         "when", "topics", "draft", "type", "effective", "expires"})
"""Keys whose values never hold ` #`: a comment after them (as `portal new` writes) is meant as one."""
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?([^\s:#][^:]*?)\s*:\s+(.*)$")
_ITEM_LINE = re.compile(r"^\s*-\s+(.*)$")


def _join_continuations(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Rejoin a name that a flow list split at its own commas.

    In `[Ủy ban nhân dân các huyện, thị xã, thành phố]` YAML sees three items, but names of units
    and documents start with a capital letter: an item starting in lower case (or with a digit)
    continues the one before, as the editor typed it.
    """
    joined: list[tuple[str, int]] = []
    for text, line in items:
        if joined and text and (text[0].islower() or text[0].isdigit()):
            joined[-1] = (f"{joined[-1][0]}, {text}", joined[-1][1])
        else:
            joined.append((text, line))
    return joined


DEFAULT_YEARS = (1945, 9998)
"""Dates before the Democratic Republic of Vietnam (1945) are typos; the upper bound is set per build."""


def year_problem(year: int, years: tuple[int, int]) -> str | None:
    """Return why `year` is implausible for a content date, or None."""
    first, last = years
    if first <= year <= last:
        return None
    return (f"năm {year:04d} nằm ngoài khoảng hợp lý {first}–{last}: có phải gõ nhầm năm? (đặt khoảng này trong "
            "mkdocs.yml: extra.portal.min_year, extra.portal.max_years_ahead)")


class Reader:
    """Read typed values from one YAML mapping, collecting problems with key lines."""

    def __init__(self, mapping: LinedDict, path: str, problems: list[Problem], where: str = "",
                 years: tuple[int, int] = DEFAULT_YEARS, lines: Sequence[str] = ()) -> None:
        self.mapping = mapping
        self.path = path
        self.problems = problems
        self.where = where
        """Prefix for messages about nested mappings, e.g. `nhiệm vụ 3: `."""
        self.years = years
        """First and last year a date may have (`LoadOptions.years`): a typo such as 0224 is caught."""
        self.lines = lines
        """The file's lines as typed (empty when unknown): what YAML dropped or split is found there."""

    def sub(self, mapping: LinedDict, where: str) -> "Reader":
        """Return a reader for a nested mapping (a task, an activity…) of the same file."""
        return Reader(mapping, self.path, self.problems, where, self.years, self.lines)

    def _typed(self, line: int) -> str:
        """Return file line `line` as the editor typed it ('' when unknown)."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def _check_comment(self, key: str, value: str, line: int, typed: str, item: bool = False) -> None:
        """Report a plain value YAML cut at ` #` (the rest became a comment and is not published)."""
        if typed[:1] == "&" and key not in _COMMENT_OK:
            # `&name` is a YAML anchor: dropped from the value without a word.
            self.error(key, "yaml-invalid",
                       "ký tự '&' ở đầu giá trị được YAML hiểu là tên neo và bị bỏ, "
                       f"trang chỉ đăng '{describe(value)}'; "
                       f"đặt cả giá trị trong dấu ngoặc kép: {'- ' if item else key + ': '}\"{typed.rstrip()}\"", line)
            return
        if key in _COMMENT_OK or not typed or typed[0] in "\"'[{|>&*!%@`" or " #" not in f" {typed}":
            return
        if typed.startswith("#"):
            return
        fixed = '"' + typed.rstrip().replace('"', "'") + '"'
        self.error(key, "yaml-comment",
                   f"dấu '#' sau dấu cách bắt đầu một ghi chú trong YAML nên trang chỉ đăng '{describe(value)}'; nếu "
                   f"'#…' là nội dung, đặt cả giá trị trong dấu ngoặc kép: {'- ' if item else key + ': '}{fixed}", line)

    # -- reporting ---------------------------------------------------------------------------

    def line(self, key: str | None = None) -> int:
        """Return the line of `key`, or of the mapping."""
        return self.mapping.line_of(key) if key is not None else self.mapping.line

    def error(self, key: str | None, rule: str, message: str, line: int | None = None) -> None:
        """Record an error at the line of `key`."""
        self.problems.append(Problem(self.path, line or self.line(key), rule, self.where + message))

    def warning(self, key: str | None, rule: str, message: str) -> None:
        """Record a warning at the line of `key`."""
        self.problems.append(Problem(self.path, self.line(key), rule, self.where + message, "warning"))

    def check_keys(self, required: Iterable[str], optional: Iterable[str]) -> bool:
        """Report unknown, duplicate and missing keys; return False when a required key is missing."""
        required = tuple(required)
        allowed = (*required, *optional)
        for key, line in self.mapping.duplicates:
            self.error(None, "key-duplicate", f"khoá '{key}' được khai báo nhiều lần", line)
        for key in self.mapping:
            if not isinstance(key, str) or key not in allowed:
                self.error(
                    key if isinstance(key, str) else None,
                    "key-unknown",
                    f"khoá '{describe(key)}' không được hỗ trợ"
                    f"{synonym_hint(str(key), allowed) or suggest(str(key), allowed)}",
                    self.mapping.line_of(key),
                )
        ok = True
        for key in required:
            if key not in self.mapping or self.mapping[key] is None or self.mapping[key] == "":
                self.error(None, "key-missing", f"thiếu khoá bắt buộc '{key}'")
                ok = False
        return ok

    # -- typed getters -----------------------------------------------------------------------

    def has(self, key: str) -> bool:
        """Return True when `key` is present with a non-empty value."""
        return self.mapping.get(key) not in (None, "")

    def text(self, key: str, default: str = "") -> str:
        """Return a stripped string (numbers are accepted as text)."""
        value = self.mapping.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            self.error(key, "type-invalid",
                       f"'{key}' phải là {_TYPE_NAMES[str]}, nhưng YAML đọc giá trị này là đúng/sai (các chữ yes, no, "
                       "on, off, true, false); nếu đó là chữ, hãy đặt trong dấu ngoặc kép, ví dụ: "
                       f"{key}: \"Yes\"")
            return default
        if not isinstance(value, (str, int, float)):
            self.error(key, "type-invalid", f"'{key}' phải là {_TYPE_NAMES[str]}")
            return default
        text = self._printable(key, str(value))
        if self.lines and isinstance(value, str):
            typed = self._typed(self.line(key))
            if " #" in typed or "&" in typed:  # the only two ways a plain value loses text silently
                match = _KEY_LINE.match(typed)
                if match is not None and match.group(1) == key:
                    self._check_comment(key, text, self.line(key), match.group(2))
        return " ".join(text.split()) if "\n" not in text else text.strip()

    def _printable(self, key: str, text: str, line: int | None = None) -> str:
        """Report characters XML cannot carry (a quoted "\\f" or "\\x01"); return the text without them."""
        if (found := XML_ILLEGAL.search(text)) is None:
            return text
        self.error(key, "char-invalid", control_message(found.group()), line)
        return XML_ILLEGAL.sub(" ", text)

    def flag(self, key: str) -> bool:
        """Return a boolean (`true`/`false`)."""
        value = self.mapping.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, "type-invalid", f"'{key}' phải là {_TYPE_NAMES[bool]}")
            return False
        return value

    def text_list(self, key: str) -> tuple[tuple[str, int], ...]:
        """Return (text, line) pairs from a list of strings (a single string is one item)."""
        value = self.mapping.get(key)
        if value is None:
            return ()
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = self._printable(key, str(value)).strip()
            if "," in text and key in LIST_KEYS:
                self._comma_string(key, text)
            return ((text, self.line(key)),)
        if not isinstance(value, LinedList):
            self.error(key, "type-invalid", f"'{key}' phải là {_TYPE_NAMES[list]}")
            return ()
        result = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.error(key, "type-invalid", f"mục {index + 1} của '{key}' phải là {_TYPE_NAMES[str]}",
                           value.line_of(index))
                continue
            text = self._printable(key, str(item), value.line_of(index))
            typed = self._typed(value.line_of(index)) if self.lines and isinstance(item, str) else ""
            if " #" in typed or "&" in typed:
                match = _ITEM_LINE.match(typed)
                if match is not None:
                    self._check_comment(key, text, value.line_of(index), match.group(1), item=True)
            result.append((" ".join(text.split()), value.line_of(index)))
        if key in FREE_TEXT_LISTS and "[" in self._typed(self.line(key)).partition(":")[2]:
            return tuple(_join_continuations(result))
        return tuple(result)

    def _comma_string(self, key: str, text: str) -> None:
        """A list typed as one comma-separated string: say how to write the list."""
        parts = [part.strip() for part in text.split(",") if part.strip()]
        example = f"{key}: [{', '.join(parts)}]"
        if key in FREE_TEXT_LISTS:
            if all(part[:1].isupper() for part in parts):
                self.warning(key, "list-format",
                             f"'{key}' đang là một mục '{describe(text)}'; "
                             f"nếu đây là {len(parts)} mục riêng, viết trong "
                             f"ngoặc vuông: {describe(example)} (hoặc mỗi mục một dòng bắt đầu bằng '- ')")
            return
        self.error(key, "list-format",
                   f"'{key}' là một danh sách: viết các mục trong ngoặc vuông, "
                   f"cách nhau bằng dấu phẩy: {describe(example)}")

    def mappings(self, key: str) -> list[tuple[int, LinedDict]]:
        """Return (1-based index, mapping) pairs from a list of mappings."""
        value = self.mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, LinedList):
            self.error(key, "type-invalid", f"'{key}' phải là {_TYPE_NAMES[list]}")
            return []
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, LinedDict):
                self.error(key, "type-invalid", f"mục {index + 1} của '{key}' phải là {_TYPE_NAMES[dict]}",
                           value.line_of(index))
                continue
            result.append((index + 1, item))
        return result

    def date(self, key: str) -> Date | None:
        """Return a `YYYY-MM-DD` date."""
        raw = self.text(key)
        if not raw:
            return None
        try:
            return self._plausible(key, dates.parse_date(raw))
        except ValueError:
            self.error(key, "date-invalid",
                       f"ngày không hợp lệ '{describe(raw)}': {dates.explain_invalid(raw, with_time=False)}")
            return None

    def _plausible(self, key: str, value: Any) -> Any:
        """Return a parsed date, or None after reporting a year outside `self.years`."""
        if (message := year_problem(value.year, self.years)) is not None:
            self.error(key, "date-implausible", message)
            return None
        return value

    def date_or_datetime(self, key: str) -> Date | datetime | None:
        """Return a date, or an aware datetime for `YYYY-MM-DD HH:MM`."""
        raw = self.text(key)
        if not raw:
            return None
        try:
            return self._plausible(key, dates.parse_date_or_datetime(raw))
        except ValueError:
            self.error(key, "date-invalid",
                       f"ngày không hợp lệ '{describe(raw)}': {dates.explain_invalid(raw, with_time=True)}")
            return None
