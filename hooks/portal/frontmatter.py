"""Split Markdown files into YAML front matter and body; parse YAML keeping line numbers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem


class LinedDict(dict):
    """A YAML mapping that remembers the file line of each of its keys."""

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int]] = []

    def line_of(self, key: Any) -> int:
        """Return the line of `key`, or of the mapping itself when the key is absent."""
        return self.lines.get(key, self.line)


class LinedList(list):
    """A YAML sequence that remembers the file line of each item."""

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        """Return the line of item `index`."""
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when available: ~5x faster


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Safe YAML loader with line-aware containers, no implicit timestamps and no implicit numbers.

    Dates stay strings so that every date goes through one parser with one error message
    (`2024-6-5` and `2024-06-05 08:30` would otherwise get different treatment).
    """

    line_offset = 0


_TEXT_TAGS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _TEXT_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
"""Numbers stay text as typed: YAML 1.1 reads `0012` as 10 (octal), `12:30` as 750 (base 60) and a
5,000-digit number not at all; no content key is a number, and every key that is one (none today)
would parse its own text, like dates do."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LinedDict:
    result = LinedDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
            ) from exc
        line = key_node.start_mark.line + 1 + loader.line_offset
        if key in result:
            result.duplicates.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LinedList:
    result = LinedList()
    result.line = node.start_mark.line + 1 + loader.line_offset
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
        result.lines.append(child.start_mark.line + 1 + loader.line_offset)
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


class _PyLoader(yaml.SafeLoader):
    """The pure-Python parser, same rules: used for deeply nested input.

    libyaml's composer recurses in C, so thousands of nested `[` overflow the C stack and kill
    the process; the Python parser raises RecursionError instead, which becomes a Problem.
    """

    line_offset = 0


_PyLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_PyLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_PyLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
MAX_FAST_NESTING = 64


def _may_nest_deeply(text: str) -> bool:
    """Return True when `text` might nest deeper than MAX_FAST_NESTING levels."""
    if text.count("[") + text.count("{") > MAX_FAST_NESTING:
        return True
    indents = (len(line) - len(line.lstrip(" -?:")) for line in text.split("\n"))
    return max(indents, default=0) > MAX_FAST_NESTING


@dataclass(slots=True)
class SourceText:
    """A decoded content file (NFC, `\\n` line ends) or the problem that stopped decoding."""

    text: str | None
    problems: list[Problem] = field(default_factory=list)


def decode(data: bytes, path: str) -> SourceText:
    """Decode UTF-8 bytes, normalise to NFC and `\\n`; report the line of a bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return SourceText(
            None,
            [Problem(path, line, "encoding", "tệp không phải UTF-8 (hãy lưu lại tệp với mã hoá UTF-8)")],
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return SourceText(None, [Problem(path, line, "encoding", "tệp chứa ký tự NUL, không phải văn bản")])
    problems: list[Problem] = []
    if XML_ILLEGAL.search(text):
        # Reported at each line, then blanked so the rest of the file is still checked in this run.
        for number, line_text in enumerate(text.split("\n"), 1):
            if (found := XML_ILLEGAL.search(line_text)) is not None:
                problems.append(Problem(path, number, "char-invalid", control_message(found.group())))
        text = XML_ILLEGAL.sub(" ", text)
    return SourceText(unicodedata.normalize("NFC", text), problems)


XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot carry (feeds, sitemaps, calendars would fail on them). NUL in a file is
refused before (not text); this catches it written as a YAML escape ("\\0", "\\x00")."""
_CONTROL_NAMES = {"\x0c": "ngắt trang (form feed)", "\x0b": "tab dọc", "\x1b": "ESC", "\x08": "xoá lùi"}


def control_message(char: str) -> str:
    """Return the Vietnamese message for a character XML cannot carry."""
    name = _CONTROL_NAMES.get(char, "ký tự điều khiển")
    return (f"có ký tự không in được U+{ord(char):04X} ({name}), thường do dán từ PDF hoặc Word: trang tin, "
            "RSS và lịch không chứa được ký tự này. Hãy xoá nó (gõ lại đoạn chữ quanh đó)")


@dataclass(slots=True)
class Document:
    """A Markdown content file split into its front matter and body."""

    meta: LinedDict | None
    body: str
    body_line: int
    """File line on which the body starts (1-based)."""
    problems: list[Problem] = field(default_factory=list)


# PyYAML and libyaml word the same mistakes differently (and in English): explain the common ones
# to editors in Vietnamese, matched on "context problem".
_YAML_HINTS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed",
     "dấu ':' không được dùng ở đây (giá trị có dấu ':' phải đặt trong dấu ngoặc kép, hoặc thụt lề sai)"),
    ("scanning a quoted scalar", "chuỗi mở bằng dấu ngoặc kép nhưng chưa được đóng"),
    ("cannot start any token",
     "có ký tự không được phép ở đầu giá trị (thường là phím Tab: hãy thụt lề bằng dấu cách)"),
    ("or ']'", "danh sách '[…]' chưa được đóng bằng ']' hoặc thiếu dấu ','"),
    ("or '}'", "bảng '{…}' chưa được đóng bằng '}' hoặc thiếu dấu ','"),
    ("could not find expected ':'", "thiếu dấu ':' sau tên khoá"),
    ("undefined alias", "giá trị bắt đầu bằng '*' phải đặt trong dấu ngoặc kép"),
    ("block ", "thụt lề không đúng (các khoá cùng cấp phải thẳng hàng, mục danh sách bắt đầu bằng '- ')"),
    ("did not find expected",
     "thụt lề không đúng (các khoá cùng cấp phải thẳng hàng, mục danh sách bắt đầu bằng '- ')"),
)


def _explain_yaml(context: str | None, problem: str | None) -> str:
    """Return a Vietnamese explanation of a YAML syntax error, never the parser's English."""
    text = f"{context or ''} {problem or ''}"
    for needle, hint in _YAML_HINTS:
        if needle in text:
            return hint
    return "cú pháp sai ở dòng này (kiểm tra dấu ngoặc kép, dấu ':' và thụt lề bằng dấu cách)"


_CURLY = "“”„‟«»"
_LIST_KEYS = frozenset({"topics", "partners", "bases", "tasks", "activities", "deadlines", "aliases"})
"""Keys whose value may rightly start with `[` or `-` (a list)."""


def _locate_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """Return (0-based line, Vietnamese message) for a YAML error, at the line where it starts.

    PyYAML reports an unclosed quote where the file ends, and a character it cannot read as a
    tab problem; the editor needs the line where the value began, and what to type there.
    """
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else 0
    what = f"{exc.context or ''} {exc.problem or ''}"
    if "flow" in what and exc.context_mark is not None and exc.context_mark.line < line:
        line = exc.context_mark.line  # an unclosed `[` or `{`: where it opened
        return line, _explain_yaml(exc.context, exc.problem)
    if "quoted scalar" in what and exc.context_mark is not None:
        start = exc.context_mark.line
        typed = lines[start] if start < len(lines) else ""
        opened = typed[exc.context_mark.column:exc.context_mark.column + 1] or '"'
        curly = next((c for c in typed if c in _CURLY), "")
        if curly:
            key, _, typed_value = typed.partition(":")
            inner = typed_value.strip().strip(opened + _CURLY)
            return start, (f"giá trị mở bằng dấu {opened} nhưng đóng bằng dấu {curly} (dấu kiểu chữ của Word): "
                           f"hai đầu phải cùng là dấu {opened}: {key.strip()}: {opened}{inner}{opened}")
        return start, f"giá trị mở bằng dấu {opened} ở dòng này nhưng chưa được đóng bằng dấu {opened} trên cùng dòng"
    typed = lines[line] if line < len(lines) else ""
    column = mark.column if mark else 0
    char = typed[column:column + 1]
    if char == "\t" or "tab character" in what:
        return line, "dòng này thụt lề bằng phím Tab; YAML chỉ nhận dấu cách: thay Tab bằng dấu cách"
    if "cannot start any token" in what and char and char in "@`%":
        return line, (f"ký tự '{char}' không được đứng đầu một giá trị; đặt cả giá trị trong dấu ngoặc kép, "
                      f"ví dụ: \"{typed[column:].strip()}\"")
    value = typed.split(":", 1)[1].strip() if ":" in typed else ""
    key = typed.split(":", 1)[0].strip().lstrip("- ")
    if value and value[0] in "[{!&*|>-" and key not in _LIST_KEYS and mark is not None and mark.line == line:
        return line, (f"ký tự '{value[0]}' ở đầu giá trị có nghĩa riêng trong YAML; nếu đó là nội dung, đặt cả giá trị "
                      f"trong dấu ngoặc kép: {key}: \"{value.replace(chr(34), chr(39))}\"")
    if "mapping values" in what and ":" in value and value[:1] not in "\"'[{":
        key = typed.split(":", 1)[0].strip()
        return line, (f"giá trị có dấu ':' phải đặt trong dấu ngoặc kép: {key}: \"{value.replace(chr(34), chr(39))}\"")
    if value and value[0] in "\"'" and column > typed.index(value[0]) and ("block" in what or "expected key" in what):
        quote = value[0]
        other = "'" if quote == '"' else '"'
        return line, (f"giá trị bắt đầu bằng dấu {quote} nên phải kết thúc ngay ở dấu {quote} đóng; "
                      f"nếu dấu ngoặc chỉ là một phần của nội dung, đặt cả giá trị trong dấu {other}: "
                      f"{other}{value}{other}")
    return line, _explain_yaml(exc.context, exc.problem)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse YAML text; return the value and problems (`path:line`) instead of raising."""
    loader = (_PyLoader if _may_nest_deeply(text) else _Loader)(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data(), []
    except yaml.MarkedYAMLError as exc:
        index, what = _locate_yaml_error(exc, text)
        return None, [Problem(path, index + 1 + line_offset, "yaml-invalid", f"YAML không hợp lệ: {what}")]
    except yaml.reader.ReaderError as exc:
        # A control character (often pasted from Word or a PDF): point at its line, in one line.
        line = text.count("\n", 0, max(exc.position, 0)) + 1 + line_offset
        code = exc.character if isinstance(exc.character, int) else 0
        return None, [Problem(path, line, "yaml-invalid",
                              f"YAML không hợp lệ: có ký tự điều khiển không được phép (mã #x{code:04x}); "
                              "hãy xoá ký tự này (thường do dán từ Word hoặc PDF)")]
    except yaml.YAMLError:
        return None, [Problem(path, 1 + line_offset, "yaml-invalid", f"YAML không hợp lệ: {_explain_yaml(None, None)}")]
    except RecursionError:
        return None, [Problem(path, 1 + line_offset, "yaml-invalid", "YAML lồng nhau quá sâu")]
    finally:
        loader.dispose()


_YAML_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Characters YAML takes for line breaks, invisible in an editor: they would shift every line after them."""


def _yaml_breaks(yaml_text: str, path: str) -> list[Problem]:
    """Warn at each front-matter line holding a character YAML would take for a line break."""
    if not _YAML_BREAKS.search(yaml_text):
        return []
    return [
        Problem(path, number + 1, "char-linebreak",
                f"có ký tự xuống dòng ẩn U+{ord(found.group()):04X} (thường do dán từ Word hoặc trang web); "
                "trang đăng một dấu cách thay cho nó. Hãy xoá ký tự này", "warning")
        for number, line_text in enumerate(yaml_text.split("\n"), 1)
        if (found := _YAML_BREAKS.search(line_text)) is not None
    ]


def split_document(text: str, path: str) -> Document:
    """Split `---` front matter from the body and parse it."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Document(
            None,
            text,
            1,
            [Problem(path, 1, "frontmatter-missing", "thiếu phần khai báo đầu tệp (front matter) giữa hai dòng '---'")],
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        return Document(
            None,
            "",
            len(lines),
            [Problem(path, 1, "frontmatter-unclosed", "phần khai báo đầu tệp chưa được đóng bằng dòng '---'")],
        )
    yaml_text = "\n".join(lines[1:index])
    body = "\n".join(lines[index + 1 :])
    breaks = _yaml_breaks(yaml_text, path)
    if breaks:
        yaml_text = _YAML_BREAKS.sub(" ", yaml_text)
    meta, problems = parse_yaml(yaml_text, path, line_offset=1)
    doc = Document(None, body, index + 2, breaks + problems)
    if problems:
        return doc
    if meta is None:
        meta = LinedDict()
        meta.line = 1
    if not isinstance(meta, LinedDict):
        doc.problems.append(Problem(path, 2, "frontmatter-invalid",
                                    "phần khai báo đầu tệp phải là các cặp 'khoá: giá trị'"))
        return doc
    doc.meta = meta
    return doc
