"""Front-matter rules per kind, and a reader that turns a mapping into typed values or problems.

Like Pelican's METADATA_PROCESSORS, but every problem is collected (never raised) with the
line of the offending key.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from . import dates
from .errors import Problem
from .frontmatter import XML_ILLEGAL, LinedDict, LinedList, control_message

ARTICLE_REQUIRED = ("title", "date", "topics")
ARTICLE_OPTIONAL = ("summary", "author", "image", "image_alt", "campaign", "plan", "slug", "updated", "draft")
CAMPAIGN_REQUIRED = ("title", "start", "end", "topics")
CAMPAIGN_OPTIONAL = (
    "summary", "theme", "organizer", "image", "image_alt", "plan", "slug", "draft", "updated", "activities",
)
PLAN_REQUIRED = ("title", "issued", "issuer", "topics")
PLAN_OPTIONAL = (
    "number", "signer", "signer_title", "bases", "attachment", "tasks", "deadlines", "summary", "slug",
    "draft", "updated",
)
EVENT_REQUIRED = ("title", "start", "topics")
EVENT_OPTIONAL = ("end", "location", "organizer", "summary", "campaign", "plan", "slug", "draft", "updated")
ACTIVITY_KEYS = ("title", "date", "start", "end", "location", "description")
TASK_KEYS = ("task", "lead", "partners", "form", "when", "campaign")
DEADLINE_KEYS = ("date", "what")
TOPIC_KEYS = ("slug", "name", "description")
OBSERVANCE_KEYS = ("title", "date", "start", "end", "topics", "description")

RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "article": (ARTICLE_REQUIRED, ARTICLE_OPTIONAL),
    "campaign": (CAMPAIGN_REQUIRED, CAMPAIGN_OPTIONAL),
    "plan": (PLAN_REQUIRED, PLAN_OPTIONAL),
    "event": (EVENT_REQUIRED, EVENT_OPTIONAL),
}

_TYPE_NAMES = {str: "một chuỗi văn bản", list: "một danh sách", dict: "một bảng 'khoá: giá trị'", bool: "true hoặc false"}


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
                 years: tuple[int, int] = DEFAULT_YEARS) -> None:
        self.mapping = mapping
        self.path = path
        self.problems = problems
        self.where = where
        """Prefix for messages about nested mappings, e.g. `nhiệm vụ 3: `."""
        self.years = years
        """First and last year a date may have (`LoadOptions.years`): a typo such as 0224 is caught."""

    def sub(self, mapping: LinedDict, where: str) -> "Reader":
        """Return a reader for a nested mapping (a task, an activity…) of the same file."""
        return Reader(mapping, self.path, self.problems, where, self.years)

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
                    f"khoá '{describe(key)}' không được hỗ trợ{suggest(str(key), allowed)}",
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
            return ((self._printable(key, str(value)).strip(), self.line(key)),)
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
            result.append((" ".join(text.split()), value.line_of(index)))
        return tuple(result)

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

    def date(self, key: str) -> date | None:
        """Return a `YYYY-MM-DD` date."""
        raw = self.text(key)
        if not raw:
            return None
        try:
            return self._plausible(key, dates.parse_date(raw))
        except ValueError:
            self.error(key, "date-invalid", f"ngày không hợp lệ '{describe(raw)}' (dùng dạng YYYY-MM-DD)")
            return None

    def _plausible(self, key: str, value: Any) -> Any:
        """Return a parsed date, or None after reporting a year outside `self.years`."""
        if (message := year_problem(value.year, self.years)) is not None:
            self.error(key, "date-implausible", message)
            return None
        return value

    def date_or_datetime(self, key: str) -> date | datetime | None:
        """Return a date, or an aware datetime for `YYYY-MM-DD HH:MM`."""
        raw = self.text(key)
        if not raw:
            return None
        try:
            return self._plausible(key, dates.parse_date_or_datetime(raw))
        except ValueError:
            self.error(
                key, "date-invalid",
                f"ngày không hợp lệ '{describe(raw)}' (dùng dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM)",
            )
            return None
