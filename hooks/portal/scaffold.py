"""`portal new <kind> "Tiêu đề"`: start a content file that already passes checks.

The file gets the customary name and folder, today's date (the build's today, so
`SOURCE_DATE_EPOCH` applies), an explicit slug (the URL stays put if the title is edited later),
a real topic, `draft: true`, and commented placeholders explaining every other key in
Vietnamese: the `new` lines of the kind's keys (kinds.py). An existing file is never overwritten: the file is
created with `O_EXCL`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from . import dates
from .kinds import KINDS, Kind
from .loader import CONTENT_DIR, LoadOptions, load_site
from .models import Topic
from .project import Project
from .schema import suggest
from .slugs import MAX_SLUG_LENGTH, slugify_vi


class ScaffoldError(Exception):
    """A reason not to create the file, in Vietnamese for the editor."""


@dataclass(frozen=True, slots=True)
class Created:
    """The new file and where it will be published."""

    path: Path
    rel: str
    """Path relative to the project root, with forward slashes."""
    url: str
    """Site-relative URL (`tin-tuc/2026/11/abc/`)."""
    slug: str


def _quote(text: str) -> str:
    """Return `text` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _topic_lines(topics: dict[str, Topic]) -> str:
    names = ", ".join(f"{t.slug} ({t.name})" for t in topics.values())
    return f"# Các lĩnh vực có: {names}."


def _relative_path(kind: Kind, slug: str, today: date) -> str:
    """Return the customary file path under content/ for a new item."""
    return f"{CONTENT_DIR}/{kind.folder}/" + kind.new_path.format(year=f"{today.year:04d}", today=today.isoformat(),
                                                                     slug=slug)


def render_skeleton(kind: Kind, title: str, slug: str, today: date, topic: str, topics: dict[str, Topic],
                    organization: str, document_types: tuple[str, ...] = ()) -> str:
    """Return the text of a new content file of `kind`: its keys' `new` lines, then its body."""
    values = {
        "title": _quote(title), "slug": slug, "today": today.isoformat(), "year": today.year,
        "quarter": (today.month - 1) // 3 + 1, "end": (today + timedelta(days=30)).isoformat(),
        "topic": topic, "topic_list": _topic_lines(topics), "organization": organization,
        "organization_quoted": _quote(organization), "document_types": ", ".join(document_types),
    }
    head = (
        "---\n"
        f"# {kind.noun.capitalize()} mới, tạo bằng lệnh `portal new {kind.name}`. Dòng bắt đầu bằng # là ghi chú:\n"
        "# không hiện trên trang. Bỏ dấu # ở đầu một dòng mẫu để dùng khoá đó.\n"
    )
    lines = "".join(field.new.format(**values) + "\n" for field in kind.fields if field.new)
    return head + lines + "---\n\n" + kind.new_body


def _free_slug(base: str, taken: Iterable[str], exists: Callable[[str], bool]) -> str:
    taken = set(taken)
    slug, counter = base, 1
    while slug in taken or exists(slug):
        counter += 1
        suffix = f"-{counter}"
        slug = base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
    return slug


def create(project: Project, kind: str, title: str, topic: str | None = None) -> Created:
    """Create the file for a new item; raise `ScaffoldError` when it cannot be done."""
    if kind not in KINDS:
        raise ScaffoldError(f"loại nội dung '{kind}' không có; dùng một trong: {', '.join(KINDS)}")
    declared = KINDS[kind]
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("cần có tiêu đề, ví dụ: portal new article \"Ra quân làm sạch bờ biển\"")
    site, _ = load_site(project.root, LoadOptions(now=dates.build_now(), preview=True, settings=project.settings))
    topics = site.topics
    if not topics:
        raise ScaffoldError("content/topics.yml chưa có lĩnh vực nào (hoặc có lỗi); hãy chạy portal check")
    if topic is None:
        topic = next(iter(topics))
    elif topic not in topics:
        raise ScaffoldError(f"lĩnh vực '{topic}' không tồn tại{suggest(topic, topics)}")
    today = dates.build_now().date()
    base = slugify_vi(title) or kind
    taken = {item.slug for item in site.of(declared.name)}
    slug = _free_slug(base, taken, lambda s: (project.root / _relative_path(declared, s, today)).exists())
    rel = _relative_path(declared, slug, today)
    path = project.root / rel
    text = render_skeleton(declared, title, slug, today, topic, topics, project.settings.organization,
                           project.settings.document_types)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"tệp {rel} đã có; không ghi đè tệp của biên tập viên") from None
    return Created(path, rel, declared.url(slug, today), slug)
