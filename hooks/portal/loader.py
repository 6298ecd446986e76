"""Load and validate `content/` into a `Site`: pure Python, no MkDocs.

Every problem is collected as data (`Problem`) and loading goes on with the next key and the
next file, so an editor sees all problems of a run at once.
"""

from __future__ import annotations

import gc
import mimetypes
import os
import re
import unicodedata
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import (
    advice,
    bodylinks,
    dates,
    redirects,  # published addresses kept when a URL changes (aliases:, the last build's record)
    routes,
    sanitize,
)
from .errors import Problem, sort_problems
from .filetypes import IMAGE_TYPES, type_problem
from .frontmatter import Document, LinedDict, LinedList, decode, parse_yaml, split_document
from .images import FORMATS as _RESIZED
from .kinds import BY_FOLDER, KINDS
from .models import Asset, Item, Observance, Site, Topic, Unpublished
from .plans import format_size
from .sanitize import Sanitizer
from .schema import OBSERVANCE_KEYS, TOPIC_KEYS, Reader, describe, suggest
from .settings import Settings
from .slugs import MAX_SLUG_LENGTH, is_valid_slug, number_key, slugify_vi
from .units import find_unit_problems

CONTENT_DIR = "content"
KIND_DIRS = {folder: kind.name for folder, kind in BY_FOLDER.items()}
"""Folder under content/ -> kind name (kinds.py)."""
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")
mimetypes.add_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")

RESIZED_TYPES = frozenset(_RESIZED)
"""Image types published at several widths (images.py): no `image-heavy` warning for them."""
_QUARTER_TURNS = frozenset({5, 6, 7, 8})
"""EXIF orientations that swap width and height."""
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Bounded, possessive repetitions keep a pathological line (e.g. "![x](" repeated) linear to scan.


@dataclass(slots=True)
class LoadOptions:
    """What to load: `preview` keeps drafts and scheduled items (for `mkdocs serve`)."""

    now: datetime
    preview: bool = False
    settings: Settings = field(default_factory=Settings)
    """Size limits for images and attachments come from here (`extra.portal` in mkdocs.yml)."""
    parallel: bool = True
    """Read a large site's files in a process pool (off with PORTAL_SERIAL: options.py)."""
    previous_urls: redirects.Record | None = None
    """The published site's record of item URLs (`redirects.read_record`): moved URLs are forwarded
    and reported. None (no record, unreadable): nothing to compare."""


@dataclass(slots=True)
class _Pending:
    """An item read from its file, before slugs and references are resolved."""

    kind: str
    source: str
    path: Path
    fields: dict[str, Any]
    reader: Reader
    default_slug: str
    explicit_slug: str
    sort_key: tuple[Any, ...]
    body_links: list[tuple[str, int, bool]] = field(default_factory=list)
    aliases: tuple[tuple[str, int], ...] = ()
    """(URL, line) of each valid `aliases:` entry (redirects.py)."""
    publish_on: date | datetime | None = None
    """The value of the kind's `publish_key` (a future day schedules the item)."""
    slug: str = ""
    complete: bool = True
    """False when a required value is missing or invalid: references and links are still checked
    (so the editor sees every problem in one run) but the item gets no slug and is not published."""


class Loader:
    """One load of a project's `content/` folder."""

    def __init__(self, root: Path, options: LoadOptions) -> None:
        self.root = root.resolve()
        self.content = self.root / CONTENT_DIR
        self.content_real = self.content.resolve()
        self.options = options
        self.problems: list[Problem] = []
        self.site = Site(now=options.now, preview=options.preview)
        settings = options.settings
        self.years = (settings.min_year, options.now.year + settings.max_years_ahead)
        """The years a content date may fall in: a typo such as 0224 or 2204 is reported at its line."""
        self._refused: dict[str, tuple[str, str] | None] = {}
        self._sanitizer = Sanitizer(settings.iframe_hosts)
        self._plain_base = False
        """The content folder being listed is a real folder inside content/ (`readable`)."""
        self._unpublished: dict[str, _Pending] = {}
        """Items of this load that are drafts or scheduled (not in preview), by real path."""
        """Files already checked for publishing (`filetypes.type_problem`), by real path."""
        self.task_campaign_lines: dict[tuple[str, int], int] = {}
        """Line of each task's `campaign:` key, by (source, task number), for `campaign-unknown`."""

    # -- helpers -----------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """Return the build's settings (document types, size limits…)."""
        return self.options.settings

    def rel(self, path: Path) -> str:
        """Return `path` relative to the project root, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def readable(self, path: Path) -> bool:
        """Return True for a content file to read; report links that lead outside content/ or nowhere.

        A folder named `x.md` is a folder (its files are read on their own); every `.md` file, link or
        not, must be a file inside `content/`, as images and attachments must.
        """
        if self._plain_base and not path.is_symlink():
            return path.is_file()  # a file rglob found inside a folder of content/ (it never enters linked folders)
        rel = self.rel(path)
        try:
            real = path.resolve()
            if path.is_symlink() and not real.exists():
                self.problems.append(Problem(rel, 1, "file-missing",
                                             "liên kết tượng trưng trỏ tới tệp không tồn tại; "
                                             "hãy xoá hoặc sửa liên kết"))
                return False
            if not real.is_relative_to(self.content_real):
                self.problems.append(Problem(rel, 1, "path-outside",
                                             "tệp là liên kết tượng trưng tới nơi ngoài thư mục content/ "
                                             "nên không được đọc; hãy chép nội dung vào content/"))
                return False
            return real.is_file()
        except (OSError, RuntimeError) as error:  # a symlink loop, a name the system refuses
            self.problems.append(Problem(rel, 1, "file-unreadable", f"không đọc được tệp ({error})"))
            return False

    def read_text(self, path: Path) -> str | None:
        """Read and decode a content file, recording encoding problems."""
        try:
            data = path.read_bytes()
        except OSError as error:  # removed or made unreadable while the load ran
            self.problems.append(Problem(self.rel(path), 1, "file-unreadable",
                                         f"không đọc được tệp ({error.strerror or error})"))
            return None
        source = decode(data, self.rel(path))
        self.problems.extend(source.problems)
        return source.text

    def resolve_file(
        self, raw: str, base_dir: Path, report: Callable[[str, str], None], what: str,
    ) -> Path | None:
        """Resolve a relative path from `base_dir`; it must exist and stay inside `content/`."""
        if _SCHEME.match(raw) or raw.startswith("//"):
            report("path-external", f"{what} '{describe(raw)}' phải là đường dẫn tương đối tới tệp trong content/")
            return None
        if raw.startswith("/") or os.path.isabs(raw):
            report("path-outside", f"{what} '{describe(raw)}' phải là đường dẫn tương đối (không bắt đầu bằng '/')")
            return None
        target = base_dir / unquote(raw)
        try:
            real = target.resolve()
            inside = real.is_relative_to(self.content_real)
            found = inside and real.is_file()
        except (OSError, RuntimeError, ValueError):  # name too long, symlink loop, NUL byte (%00)…
            report("path-invalid", f"{what} '{describe(raw)}' không hợp lệ")
            return None
        if not inside:
            report("path-outside", f"{what} '{describe(raw)}' nằm ngoài thư mục content/")
            return None
        if not found:
            if "\\" in raw:
                report("path-backslash", f"{what} '{describe(raw)}' dùng dấu '\\' kiểu Windows: viết "
                                         f"'{describe(raw.replace(chr(92), '/'))}' (dấu '/')")
                return None
            near = self._near_file(target, base_dir)
            report("file-missing", f"không tìm thấy {what} '{describe(raw)}'" + (
                f"; có tệp '{describe(near)}' (khác chữ hoa, chữ thường hoặc dấu): "
                "sửa cho đúng tên tệp" if near else ""))
            return None
        return real

    def _near_file(self, target: Path, base_dir: Path) -> str:
        """Return the file inside content/ that `target` names but for letter case or Unicode form, if any.

        On the editor's Windows or macOS machine `Anh/A.JPG` opens `anh/a.jpg`; on the server it does not.
        """
        def key(name: str) -> str:
            return unicodedata.normalize("NFC", name).casefold()

        try:
            parts = target.relative_to(self.content).parts
        except ValueError:
            return ""
        folder = self.content
        for index, part in enumerate(parts):
            if part in ("..", "."):
                return ""
            try:
                match = next((entry for entry in folder.iterdir() if key(entry.name) == key(part)), None)
            except OSError:
                return ""
            if match is None:
                return ""
            folder = match
        if not folder.is_file():
            return ""
        try:
            return os.path.relpath(folder, base_dir).replace(os.sep, "/")
        except ValueError:
            return ""

    def publish(
        self, real: Path, raw: str, report: Callable[[str, str], None], source: str, line: int, *, image: bool,
    ) -> Asset | None:
        """Return the asset for a resolved file, or None after reporting why it cannot be published.

        Only kinds a browser cannot run are published (filetypes.py); sizes and image dimensions
        are bounded (settings), and an image over 1 MB gets a warning.
        """
        key = str(real)
        if key not in self._refused:
            self._refused[key] = type_problem(real, image=image)
        if (refused := self._refused[key]) is not None:
            report(*refused)
            return None
        size = real.stat().st_size
        is_image = real.suffix.lower() in IMAGE_TYPES
        setting = "max_image_kb" if is_image else "max_attachment_kb"
        limit_kb: int = getattr(self.options.settings, setting)
        if size > limit_kb * 1024:
            if is_image:
                report("image-too-large",
                       f"ảnh '{describe(raw)}' nặng {format_size(size)}, vượt giới hạn {format_size(limit_kb * 1024)} "
                       f"(đặt trong mkdocs.yml: extra.portal.{setting}); hãy thu nhỏ hoặc nén ảnh cho dưới giới hạn "
                       "này (trang web tự tạo bản nhỏ cho người đọc, không cần nén thêm)")
            else:
                report("attachment-too-large",
                       f"tệp '{describe(raw)}' nặng {size / 1024:,.0f} KB, vượt giới hạn {limit_kb:,} KB "
                       f"(đặt trong mkdocs.yml: extra.portal.{setting}); hãy nén hoặc thu nhỏ tệp")
            return None
        # JPEG, PNG and WebP images are published resized (images.py): only the others weigh on readers.
        if (is_image and real.suffix.lower() not in RESIZED_TYPES
                and (warning := advice.image_size_warning(source, line, raw, size)) is not None):
            self.problems.append(warning)
        asset = self.asset(real)
        if isinstance(asset, tuple):
            report(*asset)
            return None
        return asset

    def asset(self, real: Path) -> Asset | tuple[str, str]:
        """Return (and register) the asset for a resolved file inside `content/`, or (rule, message)."""
        src = real.relative_to(self.content_real).as_posix()
        if src in self.site.assets:
            return self.site.assets[src]
        mime = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        width = height = None
        animated = False
        if real.suffix.lower() in IMAGE_TYPES and real.suffix.lower() != ".svg":
            limit = self.options.settings.max_image_megapixels
            too_large = (f"ảnh '{real.name}' có quá nhiều điểm ảnh, vượt giới hạn {limit} megapixel "
                         "(extra.portal.max_image_megapixels); hãy thu nhỏ ảnh")
            try:
                from PIL import ExifTags, Image

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit follows
                    with Image.open(real) as image:  # reads the header only: nothing is decoded here
                        width, height = image.size
                        if image.getexif().get(ExifTags.Base.Orientation) in _QUARTER_TURNS:
                            width, height = height, width  # a phone photo held upright: shown turned
                        animated = image.format in ("PNG", "WEBP") and bool(getattr(image, "is_animated", False))
            except Image.DecompressionBombError:  # over twice Pillow's own limit
                return "image-too-large", too_large
            except Exception:  # noqa: BLE001 - any decoder failure means "not a readable image"
                return "image-unreadable", f"không đọc được ảnh '{real.name}'"
            if width * height > limit * 1_000_000:
                return "image-too-large", (
                    f"ảnh '{real.name}' có {width} × {height} điểm ảnh ({width * height / 1e6:.0f} megapixel), vượt "
                    f"giới hạn {limit} megapixel (extra.portal.max_image_megapixels); hãy thu nhỏ ảnh")
        asset = Asset(src, str(real), routes.media_url(src), real.stat().st_size, mime, width, height, animated)
        self.site.assets[src] = asset
        return asset

    # -- topics and observances --------------------------------------------------------------

    def load_topics(self) -> None:
        """Load `content/topics.yml`."""
        path = self.content / "topics.yml"
        rel = self.rel(path)
        if not path.is_file():
            self.problems.append(Problem(rel, 1, "file-missing", "thiếu tệp topics.yml (danh sách lĩnh vực)"))
            return
        text = self.read_text(path)
        if text is None:
            return
        data, problems = parse_yaml(text, rel)
        self.problems.extend(problems)
        if problems:
            return
        if not isinstance(data, LinedList):
            self.problems.append(Problem(rel, 1, "type-invalid", "topics.yml phải là một danh sách lĩnh vực"))
            return
        for index, entry in enumerate(data):
            if not isinstance(entry, LinedDict):
                self.problems.append(Problem(rel, data.line_of(index), "type-invalid",
                                             f"lĩnh vực {index + 1} phải có dạng 'slug: …, name: …'"))
                continue
            reader = Reader(entry, rel, self.problems)
            if not reader.check_keys(("slug", "name"), TOPIC_KEYS[2:]):
                continue
            slug = reader.text("slug")
            if not is_valid_slug(slug):
                reader.error("slug", "slug-invalid",
                             f"slug '{describe(slug)}' chỉ được gồm chữ thường a-z, số và dấu '-'")
                continue
            if slug in self.site.topics:
                reader.error("slug", "topic-duplicate",
                             f"lĩnh vực '{slug}' đã được khai báo ở dòng {self.site.topics[slug].line}")
                continue
            self.site.topics[slug] = Topic(slug, reader.text("name"), reader.text("description"),
                                           routes.topic_url(slug), entry.line_of("slug"))

    def check_topics(self, reader: Reader, key: str = "topics", required: bool = True) -> tuple[str, ...]:
        """Return the valid topic slugs of `key`, reporting unknown ones with a suggestion."""
        result = []
        values = reader.text_list(key)
        if len(values) == 1 and "," in values[0][0]:
            # One string typed as a list (`moi-truong, tai-nguyen-nuoc`): reported as list-format by the
            # reader; its parts are still checked, so the editor learns of every problem at once.
            values = tuple((part.strip(), values[0][1]) for part in values[0][0].split(",") if part.strip())
        for value, line in values:
            if value in self.site.topics:
                if value not in result:
                    result.append(value)
            else:
                reader.error(key, "topic-unknown",
                             f"lĩnh vực '{describe(value)}' không tồn tại{self.topic_hint(value)}", line)
        if required and reader.has(key) and not values:
            reader.error(key, "key-missing", f"'{key}' cần ít nhất một lĩnh vực")
        return tuple(result)

    def topic_hint(self, value: str) -> str:
        """Suggest the slug of a topic typed by its name (`Môi trường`), or the closest slug."""
        for slug, topic in self.site.topics.items():
            if _same_name(value, topic.name) or slugify_vi(value) == slug:
                return f" — lĩnh vực '{topic.name}' viết là '{slug}'"
        return suggest(value, self.site.topics)

    def load_observances(self) -> None:
        """Load `content/observances.yml` (optional)."""
        path = self.content / "observances.yml"
        if not path.is_file():
            return
        rel = self.rel(path)
        text = self.read_text(path)
        if text is None:
            return
        data, problems = parse_yaml(text, rel)
        self.problems.extend(problems)
        if problems or data is None:
            return
        if not isinstance(data, LinedList):
            self.problems.append(Problem(rel, 1, "type-invalid", "observances.yml phải là một danh sách ngày kỷ niệm"))
            return
        seen: dict[str, int] = {}
        for index, entry in enumerate(data):
            if not isinstance(entry, LinedDict):
                self.problems.append(Problem(rel, data.line_of(index), "type-invalid",
                                             f"mục {index + 1} phải có dạng 'title: …, date: \"MM-DD\"'"))
                continue
            reader = Reader(entry, rel, self.problems)
            if not reader.check_keys(("title",), OBSERVANCE_KEYS[1:]):
                continue
            start = end = None
            if reader.has("date"):
                if reader.has("start") or reader.has("end"):
                    reader.error("date", "date-conflict", "dùng 'date' hoặc 'start'/'end', không dùng cả hai")
                start = end = self._month_day(reader, "date")
            elif reader.has("start") and reader.has("end"):
                start, end = self._month_day(reader, "start"), self._month_day(reader, "end")
            else:
                reader.error(None, "key-missing", "thiếu 'date' (MM-DD) hoặc cặp 'start'/'end'")
                continue
            topics = self.check_topics(reader, required=False)
            if start is None or end is None:
                continue
            title = reader.text("title")
            slug = slugify_vi(title) or "ngay-ky-niem"
            if slug in seen:
                seen[slug] += 1
                slug = f"{slug}-{seen[slug]}"
            else:
                seen[slug] = 1
            self.site.observances.append(
                Observance(title, start, end, topics, reader.text("description"), slug, rel, entry.line)
            )

    @staticmethod
    def _month_day(reader: Reader, key: str) -> tuple[int, int] | None:
        raw = reader.text(key)
        try:
            return dates.parse_month_day(raw)
        except ValueError:
            reader.error(key, "date-invalid",
                         f"ngày không hợp lệ '{describe(raw)}' (dùng dạng \"MM-DD\", ví dụ \"03-22\")")
            return None

    # -- items -------------------------------------------------------------------------------

    def load_items(self) -> list[_Pending]:
        """Read every Markdown file of the four kinds, in a stable order."""
        jobs: list[tuple[str, Path]] = []
        if not self.content.is_dir():
            self.problems.append(Problem(CONTENT_DIR, 1, "file-missing", "không tìm thấy thư mục content/"))
            return []
        for entry in sorted(self.content.iterdir()):
            if entry.name.startswith(".") or entry.name in ("topics.yml", "observances.yml"):
                continue
            if entry.is_dir() and entry.name in KIND_DIRS:
                continue
            # A shared folder of images (content/anh/) is fine; only Markdown would be silently ignored.
            if entry.suffix == ".md" or (entry.is_dir() and next(entry.rglob("*.md"), None) is not None):
                self.problems.append(Problem(
                    self.rel(entry), 1, "path-unknown",
                    f"'{entry.name}' không thuộc thư mục nội dung nào ({', '.join(KIND_DIRS)}) nên bị bỏ qua",
                    "warning",
                ))
        for folder, kind in KIND_DIRS.items():
            base = self.content / folder
            if not base.is_dir():
                continue
            self._plain_base = not base.is_symlink() and base.resolve().is_relative_to(self.content_real)
            for path in sorted(base.rglob("*")):
                if any(part.startswith(".") for part in path.relative_to(base).parts):
                    continue
                if path.suffix == ".md":
                    if self.readable(path):
                        jobs.append((kind, path))
                elif (reason := _ignored_content(path)) is not None:
                    self.problems.append(Problem(self.rel(path), 1, "file-ignored", reason))
        return self.read_items(jobs)

    def read_items(self, jobs: list[tuple[str, Path]]) -> list[_Pending]:
        """Read files in order; a large site is read on all cores (each file on its own)."""
        workers = os.cpu_count() or 1
        if not self.options.parallel or workers < 2 or len(jobs) < PARALLEL_LOAD or not hasattr(os, "fork"):
            return [item for item in (self.read_item(kind, path) for kind, path in jobs) if item is not None]
        global _FORKED
        size = max(50, len(jobs) // (workers * 16))  # about 0.1 s each: no core idles long at the end
        chunks = [jobs[start:start + size] for start in range(0, len(jobs), size)]
        _FORKED = self
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
                results = list(pool.map(_read_chunk, chunks))
        finally:
            _FORKED = None
        pending: list[_Pending] = []
        for items, problems, assets, task_lines in results:
            # In file order, as a serial read would have found them.
            self.problems.extend(problems)
            for src, asset in assets.items():
                self.site.assets.setdefault(src, asset)
            self.task_campaign_lines.update(task_lines)
            for item in items:
                item.reader.problems = self.problems  # later checks report into this load's list
                pending.append(item)
        return pending

    def read_item(self, kind: str, path: Path) -> _Pending | None:
        """Read one file's front matter into checked fields (references resolved later)."""
        text = self.read_text(path)
        if text is None:
            return None
        return self.item_from_text(kind, path, text)

    def item_from_text(self, kind: str, path: Path, text: str) -> _Pending | None:
        """Check one file's decoded text; only relative image/attachment paths touch the disk."""
        rel = self.rel(path)
        doc: Document = split_document(text, rel)
        self.problems.extend(doc.problems)
        if doc.meta is None:
            return None
        reader = Reader(doc.meta, rel, self.problems, years=self.years, lines=text.split("\n"))
        declared = KINDS[kind]
        required = declared.required_of(draft=doc.meta.get("draft") is True)
        complete = reader.check_keys(required, [key for key in declared.keys if key not in required])
        fields: dict[str, Any] = {"body": doc.body, "body_line": doc.body_line}
        base_dir = path.parent
        for field_ in declared.fields:
            fields.update(field_.parse(self, reader, field_, base_dir))
        if declared.check is not None:
            declared.check(reader, fields)
        explicit = reader.text("slug")
        if explicit and not is_valid_slug(explicit):
            reader.error("slug", "slug-invalid",
                         f"slug '{describe(explicit)}' chỉ được gồm chữ thường a-z, số và dấu '-' "
                         f"(tối đa {MAX_SLUG_LENGTH} ký tự)")
            explicit = ""
        sort_date: date | datetime | None = fields[declared.field(declared.date_key).attr]
        publish_on = fields[declared.field(declared.publish_key).attr] if declared.publish_key else None
        self.problems += advice.front_matter_warnings(rel, kind, doc.meta, fields["title"], publish_on,
                                                      fields["updated"])
        self.problems += advice.body_warnings(rel, doc.body, doc.body_line)
        self._check_body(rel, doc.body, doc.body_line, base_dir)
        if not fields["draft"]:
            self.problems += advice.placeholders_left(rel, text, doc.body_line)
        complete = complete and sort_date is not None and bool(fields["title"])
        fields["date"] = dates.as_datetime(sort_date) if sort_date is not None else None
        item = _Pending(
            kind=kind, source=rel, path=path, fields=fields, reader=reader,
            default_slug=slugify_vi(fields["title"]) or kind, explicit_slug=explicit,
            sort_key=(fields["date"], rel), complete=complete, publish_on=publish_on,
        )
        item.body_links = self._scan_links(doc.body, doc.body_line)
        item.aliases = redirects.read_aliases(reader)
        reader.lines = ()  # needed while reading only; a forked reader would send them back for nothing
        return item

    def _check_body(self, rel: str, body: str, first_line: int, base_dir: Path) -> None:
        """Report what Markdown or the sanitiser would drop from the body without a word."""
        for destination, line, is_image in bodylinks.unlinked(body, first_line):
            what = "ảnh" if is_image else "liên kết"
            try:
                exists = (base_dir / unquote(destination)).resolve().is_file()
            except (OSError, ValueError):
                exists = False
            fixed = f"{'!' if is_image else ''}[…](<{destination}>)"
            self.problems.append(Problem(
                rel, line, "link-spaces",
                f"{what} '{describe(destination)}' có dấu cách nên trang hiện nguyên dòng chữ thay cho {what}: "
                + (f"viết {fixed} (đường dẫn trong dấu < >) hoặc đổi tên tệp không có dấu cách" if exists else
                   f"không có tệp '{describe(destination)}'; kiểm tra tên tệp, rồi viết {fixed} nếu tên có dấu cách")))
        for line in bodylinks.images_without_alt(body, first_line):
            self.problems.append(Problem(
                rel, line, "image-alt-missing",
                "ảnh trong bài cần mô tả (Thông tư 32/2017/TT-BTTTT): viết nội dung ảnh trong ngoặc vuông, "
                "ví dụ ![Đoàn viên nhặt rác trên bãi biển](anh/ten-anh.jpg), hoặc alt=\"…\" với thẻ <img>"))
        sanitizer = self._sanitizer
        for line, what, host in bodylinks.removed_html(body, first_line, sanitize.TAGS, sanitize.ATTRIBUTES,
                                                        sanitize.GLOBAL_ATTRIBUTES, sanitizer.is_allowed_embed):
            if host:
                self.problems.append(Problem(
                    rel, line, "embed-blocked",
                    f"{what} bị bỏ khi đăng "
                    f"(chỉ nhúng được từ: {', '.join(sorted(sanitizer.iframe_hosts)) or 'không'}). "
                    f"Nếu tin cậy trang này, người quản trị thêm '{host}' vào "
                    "extra.portal.iframe_hosts trong mkdocs.yml "
                    "và vào frame-src trong deploy/nginx.conf; nếu không, thay bằng liên kết tới bài gốc"))
            else:
                whole = any(f"<{tag}>" in what for tag in sanitize.CLEAN_CONTENT_TAGS)
                self.problems.append(Problem(
                    rel, line, "html-removed",
                    f"{what} bị bỏ khi đăng (trang chỉ giữ định dạng an toàn, không chạy mã, không nhúng biểu mẫu)"
                    + ("; cả nội dung bên trong cũng bị bỏ" if whole else "; phần chữ bên trong vẫn được giữ"),
                    "warning"))

    @staticmethod
    def _scan_links(body: str, first_line: int) -> list[tuple[str, int, bool]]:
        """Return (target, line, is_image) for every link and image in the body, outside code."""
        return bodylinks.scan(body, first_line)

    # -- slugs, references, links ------------------------------------------------------------

    def find_copies(self, pending: list[_Pending]) -> None:
        """Report an item that repeats another (same title and date, or same body), on the copy.

        Saving "bai - Copy.md" or duplicating a file to start a new one would publish the same item
        twice (the second at `…-2/`). The copy is the file named like one, else the later file.
        """
        seen: dict[tuple[Any, ...], _Pending] = {}
        for item in sorted(pending, key=lambda p: (_is_copy_name(p.path), p.source)):
            if not item.complete or item.fields.get("draft"):
                continue
            body = item.fields["body"].strip()
            keys: list[tuple[Any, ...]] = [
                (item.kind, "title", " ".join(item.fields["title"].casefold().split()), item.fields["date"])]
            if len(body) >= 200:
                keys.append((item.kind, "body", body))  # a copied file: the same text, byte for byte
            for key in keys:
                original = seen.get(key)
                if original is None:
                    seen[key] = item
                    continue
                if key[1] == "title":  # the same item twice on the site: visibly wrong
                    item.reader.error("title", "item-copy",
                                      f"tệp này là bản sao của {original.source} (cùng tiêu đề và ngày) "
                                      "nên bài sẽ được đăng hai lần: xoá tệp này, "
                                      "hoặc sửa tiêu đề và nội dung nếu đây là bài mới")
                else:  # a new title over a copied body: perhaps a notice reposted on purpose
                    item.reader.warning("title", "item-copy",
                                        f"nội dung tệp này giống hệt {original.source}: "
                                        "nếu tệp được chép từ bài kia để viết bài mới, hãy thay nội dung; "
                                        "nếu cố ý đăng lại, bỏ qua cảnh báo này")
                break

    def assign_slugs(self, pending: list[_Pending]) -> None:
        """Give every item a unique slug per kind (explicit slugs win; defaults get `-2`, `-3`…)."""
        for kind in KIND_DIRS.values():
            # A copy ("bai - Copy.md") gives way to its original, whichever sorts first.
            # and an older item (the one already published) keeps its address: the newer one is told.
            items = sorted((p for p in pending if p.kind == kind and p.complete),
                           key=lambda p: (_is_copy_name(p.path), p.sort_key))
            taken: dict[str, _Pending] = {}
            reserved = set(KINDS[kind].reserved_slugs)
            for item in items:
                if not item.explicit_slug:
                    continue
                if item.explicit_slug in reserved:
                    item.reader.error("slug", "slug-duplicate",
                                      f"slug '{item.explicit_slug}' là địa chỉ của trang danh sách "
                                      f"/{KINDS[kind].section}{item.explicit_slug}/; chọn slug khác")
                    item.slug = ""
                    continue
                if item.explicit_slug in taken:
                    other = taken[item.explicit_slug]
                    item.reader.error("slug", "slug-duplicate",
                                      f"slug '{item.explicit_slug}' đã được dùng trong {other.source}:"
                                      f"{other.reader.line('slug')} (hai trang sẽ trùng địa chỉ)")
                    item.slug = ""
                    continue
                taken[item.explicit_slug] = item
                item.slug = item.explicit_slug
            for item in sorted((p for p in items if not p.explicit_slug), key=lambda p: p.sort_key):
                slug, counter = item.default_slug, 1
                while slug in taken or slug in reserved:
                    counter += 1
                    suffix = f"-{counter}"
                    slug = item.default_slug[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
                taken[slug] = item
                item.slug = slug

    def build_items(self, pending: list[_Pending]) -> None:
        """Resolve references and links, then create the typed, frozen items."""
        slugs = {kind: {p.slug for p in pending if p.kind == kind and p.slug} for kind in KIND_DIRS.values()}
        urls: dict[str, str] = {}
        self._unpublished = {}
        for item in pending:
            if item.slug:
                urls[str(item.path.resolve())] = self.url_for(item)
                if self._hidden(item):
                    self._unpublished[str(item.path.resolve())] = item
        hidden = {kind: {p.slug for p in self._unpublished.values() if p.kind == kind} for kind in ("campaign", "plan")}
        campaigns = {p.slug: p for p in pending if p.kind == "campaign" and p.slug}
        numbers = {number_key(p.fields["number"]) for p in pending if p.kind == "document" and p.fields.get("number")}
        for item in pending:
            for number, line in _replaced(item):
                if number_key(number) not in numbers:
                    self.problems.append(Problem(
                        item.source, line, "replaces-unknown",
                        f"không có văn bản số '{describe(number)}' trên trang: trang ghi tên số này mà không có liên "
                        "kết; kiểm tra số, ký hiệu (đúng như trên văn bản), "
                        "hoặc thêm văn bản đó vào content/documents/",
                        "warning"))
            public = not self._hidden(item)
            for key in ("campaign", "plan"):
                value = item.fields.get(key)
                if value and value not in slugs[key]:
                    item.reader.error(key, f"{key}-unknown",
                                      f"{'chiến dịch' if key == 'campaign' else 'kế hoạch'} '{describe(value)}' "
                                      f"không tồn tại{self._slug_hint(value, key, pending)}")
                elif value and public and value in hidden[key]:
                    self._unpublished_reference(item, key, item.reader.line(key), value)
                    item.fields[key] = ""
            tasks = list(item.fields.get("tasks", ()))
            for index, task in enumerate(tasks):
                line = self.task_campaign_lines.get((item.source, task.number), task.line)
                if task.campaign and task.campaign not in slugs["campaign"]:
                    self.problems.append(Problem(
                        item.source, line, "campaign-unknown",
                        f"nhiệm vụ {task.number}: chiến dịch '{describe(task.campaign)}' không tồn tại"
                        f"{self._slug_hint(task.campaign, 'campaign', pending)}"))
                elif task.campaign and public and task.campaign in hidden["campaign"]:
                    self._unpublished_reference(item, "campaign", line, task.campaign, f"nhiệm vụ {task.number}: ")
                    tasks[index] = replace(task, campaign="")
            if tasks:
                item.fields["tasks"] = tuple(tasks)
            self._check_periods(item, campaigns)
            links = self._resolve_links(item, urls)
            if item.slug:
                self._add(item, links)

    def _check_periods(self, item: _Pending, campaigns: dict[str, _Pending]) -> None:
        """Warn when an activity, deadline, task or event falls outside its campaign or before its plan."""
        fields = item.fields

        def outside(line: int, what: str, why: str) -> None:
            self.problems.append(Problem(item.source, line, "date-outside", f"{what} {why}: kiểm tra lại ngày",
                                         "warning"))

        if item.kind == "campaign" and fields.get("start") and fields.get("end"):
            first, last = fields["start"], fields["end"]
            span = f"ngoài thời gian chiến dịch ({dates.format_short(first)}–{dates.format_short(last)})"
            for activity in fields.get("activities", ()):
                if dates.as_date(activity.start) < first or dates.as_date(activity.end or activity.start) > last:
                    outside(activity.line, f"hoạt động '{describe(activity.title)}'", span)
        if item.kind == "plan" and fields.get("issued"):
            issued = fields["issued"]
            before = f"trước ngày ban hành kế hoạch ({dates.format_short(issued)})"
            for deadline in fields.get("deadlines", ()):
                if deadline.date < issued:
                    outside(deadline.line,
                            f"hạn '{describe(deadline.what)}' ({dates.format_short(deadline.date)})", before)
            for task in fields.get("tasks", ()):
                # A plan issued in August may list the year's earlier work; a task of an earlier year is a typo.
                if task.when.end.year < issued.year:
                    outside(task.line, f"nhiệm vụ {task.number} ({task.when.raw})", f"thuộc năm trước năm ban hành kế "
                            f"hoạch ({issued.year})")
                campaign = campaigns.get(task.campaign)
                if campaign is not None and campaign.fields.get("start") and campaign.fields.get("end") and (
                        task.when.end < campaign.fields["start"] or task.when.start > campaign.fields["end"]):
                    outside(task.line, f"nhiệm vụ {task.number} ({task.when.raw})",
                            f"không trùng thời gian chiến dịch '{task.campaign}'")
        if item.kind == "event" and fields.get("start") is not None:
            campaign = campaigns.get(fields.get("campaign", ""))
            if campaign is not None and campaign.fields.get("start") and campaign.fields.get("end"):
                day = dates.as_date(fields["start"])
                if not campaign.fields["start"] <= day <= campaign.fields["end"]:
                    outside(item.reader.line("start"), "sự kiện",
                            f"ngoài thời gian chiến dịch '{campaign.slug}' "
                            f"({dates.format_short(campaign.fields['start'])}"
                            f"–{dates.format_short(campaign.fields['end'])})")

    @staticmethod
    def _slug_hint(value: str, kind: str, pending: list[_Pending]) -> str:
        """Suggest the slug of a campaign or plan typed by its title (or number), or the closest slug."""
        candidates = [p for p in pending if p.kind == kind and p.slug]
        for other in candidates:
            names = (other.fields.get("title", ""), other.fields.get("number", "") or "")
            if any(name and (_same_name(value, name) or slugify_vi(value) == slugify_vi(name)) for name in names):
                return f" — '{describe(other.fields['title'])}' viết là '{other.slug}'"
        return suggest(value, {p.slug for p in candidates})

    def _unpublished_reference(self, item: _Pending, key: str, line: int, slug: str, where: str = "") -> None:
        """Warn that a published item names a draft or scheduled campaign/plan: the name is left out."""
        what = "chiến dịch" if key == "campaign" else "kế hoạch"
        self.problems.append(Problem(
            item.source, line, "link-unpublished",
            f"{where}{what} '{slug}' chưa công khai (bản nháp hoặc hẹn giờ): trang không nêu {what} này (không lộ địa "
            "chỉ của nó) cho tới lần xây dựng sau khi nó được đăng", "warning"))

    def url_for(self, item: _Pending) -> str:
        """Return the item's URL from its kind, date and slug."""
        return KINDS[item.kind].url(item.slug, item.fields["date"].date())

    def _resolve_links(self, item: _Pending, urls: dict[str, str]) -> tuple[tuple[str, str, int, int], ...]:
        resolved: dict[str, tuple[str, str, int, int]] = {}
        for target, line, is_image in item.body_links:
            if target in resolved:
                continue
            if bodylinks.is_external(target):
                if is_image:
                    self.problems.append(Problem(
                        item.source, line, "image-external",
                        f"ảnh '{describe(target)}' phải là tệp trong content/ "
                        "(trang không tải tài nguyên từ máy chủ khác)"))
                continue
            if bodylinks.normal_url(target).startswith(("#", "/", "?")):
                continue
            path_part = re.split(r"[#?]", target, maxsplit=1)[0]
            fragment = target[len(path_part):]
            if not path_part:
                continue
            what = "ảnh" if is_image else "tệp liên kết"

            def report(rule: str, message: str, line: int = line) -> None:
                self.problems.append(Problem(item.source, line, "image-missing" if is_image and rule == "file-missing"
                                             else ("link-broken" if rule == "file-missing" else rule), message))

            real = self.resolve_file(path_part, item.path.parent, report, what)
            if real is None:
                continue
            if real.suffix == ".md":
                url = urls.get(str(real))
                if url is None:
                    report("link-broken",
                           f"'{describe(target)}' không phải một bài viết, chiến dịch, kế hoạch hay sự kiện")
                    continue
                hidden = self._unpublished.get(str(real))
                if hidden is not None and not self._hidden(item):
                    # A dead link that would also reveal the unpublished item's address: the text stays,
                    # the link comes back with the build that publishes the target.
                    state = ("là bản nháp (draft: true)" if hidden.fields["draft"] else
                             f"hẹn đăng ngày {dates.format_short(hidden.fields['date'])}")
                    self.problems.append(Problem(
                        item.source, line, "link-unpublished",
                        f"liên kết tới '{describe(target)}' nhưng bài đó {state}, chưa công khai: trang đăng chữ của "
                        "liên kết mà không có liên kết, cho tới lần xây dựng sau khi bài đó được đăng", "warning"))
                    resolved[target] = (target, "", 0, 0)
                    continue
                resolved[target] = (target, url + fragment, 0, 0)
                continue
            asset = self.publish(real, path_part, report, item.source, line, image=is_image)
            if asset is None:
                continue
            resolved[target] = (target, asset.url, asset.width or 0, asset.height or 0)
        return tuple(resolved.values())

    def _scheduled(self, item: _Pending) -> bool:
        """Return True when the item's publication date (an article's date, a plan's issue day) is to come."""
        now, publish_on = self.options.now, item.publish_on
        if item.fields.get("date") is None or publish_on is None:
            return False  # incomplete (reported already, never published), or published when not a draft
        if isinstance(publish_on, datetime):
            return publish_on > now
        return publish_on > now.date()

    def _hidden(self, item: _Pending) -> bool:
        """Return True when the item is not on the public site of this build (a draft, or scheduled)."""
        return not self.options.preview and bool(item.fields["draft"] or self._scheduled(item))

    def _add(self, item: _Pending, links: tuple[tuple[str, str, int, int], ...]) -> None:
        fields = dict(item.fields)
        scheduled = self._scheduled(item)
        common: dict[str, Any] = dict(
            kind=item.kind, source=item.source, slug=item.slug, url=self.url_for(item), scheduled=scheduled,
            links=links,
        )
        if fields["draft"] or scheduled:
            self.site.unpublished.append(Unpublished(item.source, bool(fields["draft"]),
                                                     None if fields["draft"] else item.publish_on))
        if self._hidden(item):
            return
        self.site.of(item.kind).append(KINDS[item.kind].model(**common, **fields))

    # -- the whole load ----------------------------------------------------------------------

    def load(self) -> tuple[Site, list[Problem]]:
        """Load everything; return the site and all problems (errors and warnings)."""
        self.load_topics()
        self.load_observances()
        pending = self.load_items()
        self.find_copies(pending)
        self.assign_slugs(pending)
        self.build_items(pending)
        # -- old addresses forward to moved items (redirects.py) --
        self.problems += redirects.resolve(self.site, [redirects.Candidate(
            p.source, p.kind, self.url_for(p), p.slug, p.fields["title"], not (p.fields["draft"] or self._scheduled(p)),
            not self._hidden(p), p.aliases, {key: p.reader.line(key) for key in ("title", "date", "slug")},
            bool(p.explicit_slug), p.default_slug) for p in pending if p.slug], self.options.previous_urls)
        for kind in KINDS:
            self.site.of(kind).sort(key=lambda i: (i.date, i.url), reverse=True)
        self.site.observances.sort(key=lambda o: (o.start, o.end, o.title))
        self.site.unpublished.sort(key=lambda u: u.source)
        self.problems.extend(find_unit_problems(self.site.plans))
        self.keep_used_assets()
        return self.site, sort_problems(self.problems)

    def keep_used_assets(self) -> None:
        """Publish a content file only when an item on the site uses it.

        Files are registered as items are read, drafts and scheduled items included; the files of
        those would otherwise be public at guessable `/media/` URLs before the item is.
        """
        used: set[str] = set()
        for item in self.site.items():
            for key in ("image", "attachment"):
                if (asset := getattr(item, key, None)) is not None:
                    used.add(asset.url)
            used.update(asset.url for asset in getattr(item, "attachments", ()))
            used.update(url for _target, url, _w, _h in item.links)
        self.site.assets = {src: asset for src, asset in self.site.assets.items() if asset.url in used}


_COPY_NAME = re.compile(r"(?:\s-\s(?:copy|bản sao|ban sao|sao chép)(?:\s\(\d+\))?|\s\(\d+\)|[-_ ]copy(?:[-_ ]?\d+)?|"
                        r"[-_ ]ban-sao)$", re.IGNORECASE)


def _is_copy_name(path: Path) -> bool:
    """True for a file named the way Windows, macOS or an editor names a copy (`bai - Copy.md`, `bai (2).md`)."""
    return bool(_COPY_NAME.search(unicodedata.normalize("NFC", path.stem)))


_TEXT_SUFFIXES = (".txt", ".markdown", ".mdown", ".mkd", ".mkdn", ".text")


def _ignored_content(path: Path) -> str | None:
    """Return why a file in a content folder looks like an item that will never be read, or None.

    Images, attachments and other files items link to are fine; an article saved as `bai.md.txt`
    (Notepad), `BAI.MD` or `bai.markdown` would silently never appear.
    """
    name = path.name
    lower = name.lower()
    if path.is_dir() or path.suffix == ".md":
        return None
    if lower.endswith(".md"):
        fixed = name[:-3] + ".md"
    elif ".md." in lower:
        fixed = name[: lower.index(".md.") + 3]
    elif lower.endswith(_TEXT_SUFFIXES):
        try:
            with path.open("rb") as handle:
                if not handle.read(3).lstrip(b"\xef\xbb\xbf").startswith(b"---"):
                    return None
        except OSError:
            return None
        fixed = name[: name.rindex(".")] + ".md"
    else:
        return None
    return (f"tệp '{name}' không có phần mở rộng .md (chữ thường) nên không được đọc và không được đăng: đổi tên thành "
            f"'{fixed}'. Trên Windows, bật hiện phần mở rộng tệp (File Explorer → Xem → Phần mở rộng tên tệp)")


def _replaced(item: _Pending) -> list[tuple[str, int]]:
    """Return (number, line) of each document number a document's `replaces` names."""
    raw = item.reader.mapping.get("replaces") if item.kind == "document" else None
    if isinstance(raw, LinedList):
        return [(str(value).strip(), raw.line_of(index)) for index, value in enumerate(raw)
                if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip()]
    if isinstance(raw, str) and raw.strip():
        return [(raw.strip(), item.reader.line("replaces"))]
    return []


def _same_name(typed: str, name: str) -> bool:
    """Compare a name as typed with a declared one: case, spacing and Unicode form aside."""
    return " ".join(typed.casefold().split()) == " ".join(name.casefold().split())


PARALLEL_LOAD = 400
"""From this many Markdown files on, they are read and checked in a process pool."""
_FORKED: Loader | None = None
"""The loader a forked reader process works for (inherited, never pickled)."""


def collect_own_garbage() -> None:
    """In a forked worker: collect what it creates, never walk what it inherited.

    A `build` forks with the collector paused (adapter.state.BuildState.start), and the parent's
    objects are only read here.
    """
    gc.freeze()
    gc.enable()


def _read_chunk(jobs: list[tuple[str, Path]]) -> tuple[
        list[_Pending], list[Problem], dict[str, Asset], dict[tuple[str, int], int]]:
    """Read some files in a forked process; return what the parent merges, in order."""
    loader = _FORKED
    assert loader is not None
    collect_own_garbage()
    loader.problems = []
    known = set(loader.site.assets)
    loader.task_campaign_lines = {}
    items = [item for item in (loader.read_item(kind, path) for kind, path in jobs) if item is not None]
    assets = {src: asset for src, asset in loader.site.assets.items() if src not in known}
    return items, loader.problems, assets, loader.task_campaign_lines


def load_site(root: Path, options: LoadOptions) -> tuple[Site, list[Problem]]:
    """Load and validate the `content/` folder of the project at `root`."""
    return Loader(root, options).load()


def with_html(item: Item, html: str, summary: str, toc: tuple[tuple[int, str, str], ...], extract: Any = None,
              body_key: str = "") -> Item:
    """Return a copy of `item` carrying its rendered body (what was extracted from it, its render key)."""
    if item.summary:
        return replace(item, html=html, toc=toc, extract=extract, body_key=body_key)
    return replace(item, html=html, summary=summary, summary_is_default=True, toc=toc, extract=extract,
                   body_key=body_key)
