"""`portal new article|campaign|plan|event "Tiêu đề"`: start a content file that already passes checks.

The file gets the customary name and folder, today's date (the build's today, so
`SOURCE_DATE_EPOCH` applies), an explicit slug (the URL stays put if the title is edited later),
a real topic, `draft: true`, and commented placeholders explaining every other key in
Vietnamese. An existing file is never overwritten: the file is created with `O_EXCL`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from . import dates, routes
from .loader import CONTENT_DIR, LoadOptions, load_site
from .models import Topic
from .project import Project
from .schema import suggest
from .slugs import MAX_SLUG_LENGTH, slugify_vi

KINDS: dict[str, str] = {"article": "articles", "campaign": "campaigns", "plan": "plans", "event": "events"}
"""Kind -> folder under content/."""

KIND_NAMES: dict[str, str] = {"article": "bài viết", "campaign": "chiến dịch", "plan": "kế hoạch", "event": "sự kiện"}


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
    return f"# Các lĩnh vực có: {names}.\n"


def _relative_path(kind: str, slug: str, today: date) -> str:
    """Return the customary file path under content/ for a new item."""
    folder = f"{CONTENT_DIR}/{KINDS[kind]}"
    if kind in ("article", "plan"):
        return f"{folder}/{today.year:04d}/{slug}.md"
    if kind == "event":
        return f"{folder}/{today.isoformat()}-{slug}.md"
    return f"{folder}/{slug}.md"


def _url(kind: str, slug: str, today: date) -> str:
    if kind == "article":
        return routes.article_url(today, slug)
    return {"campaign": routes.campaign_url, "plan": routes.plan_url, "event": routes.event_url}[kind](slug)


def render_skeleton(kind: str, title: str, slug: str, today: date, topic: str, topics: dict[str, Topic],
                    organization: str) -> str:
    """Return the text of a new content file of `kind`."""
    head = (
        "---\n"
        f"# {KIND_NAMES[kind].capitalize()} mới, tạo bằng lệnh `portal new {kind}`. Dòng bắt đầu bằng # là ghi chú:\n"
        "# không hiện trên trang. Bỏ dấu # ở đầu một dòng mẫu để dùng khoá đó.\n"
        f"title: {_quote(title)}\n"
    )
    topic_block = (
        f"topics: [{topic}]   # một hoặc nhiều lĩnh vực, cách nhau bằng dấu phẩy\n"
        + _topic_lines(topics)
    )
    slug_line = f"slug: {slug}   # phần cuối địa chỉ trang; không đổi sau khi đã đăng\n"
    draft = "draft: true   # bản nháp: chỉ hiện khi xem trước (make serve). Xoá dòng này khi sẵn sàng đăng.\n"
    if kind == "article":
        front = (
            head
            + f"date: {today.isoformat()}   # ngày đăng: YYYY-MM-DD hoặc YYYY-MM-DD HH:MM; ngày sau hôm nay = hẹn giờ đăng\n"
            + topic_block + slug_line
            + "# summary: Một hai câu tóm tắt; bỏ trống thì trang lấy đoạn văn đầu tiên.\n"
            + "# author: Văn phòng Sở\n"
            + "# image: anh/ten-anh.jpg   # ảnh đại diện, đặt trong thư mục anh/ cạnh tệp này (dưới 1 MB)\n"
            + "# image_alt: Mô tả nội dung ảnh cho người khiếm thị (bắt buộc khi có ảnh)\n"
            + "# campaign: slug-chien-dich   # bài thuộc một chiến dịch (xem content/campaigns/)\n"
            + "# plan: slug-ke-hoach   # bài thực hiện một kế hoạch (xem content/plans/)\n"
            + "# updated: YYYY-MM-DD   # ngày cập nhật nội dung quan trọng (sau ngày đăng)\n"
            + draft
        )
        body = (
            "Viết đoạn mở đầu ở đây: một hai câu nói rõ ai, làm gì, ở đâu, khi nào. Đoạn này được dùng làm\n"
            "tóm tắt trong danh sách tin nếu không khai báo `summary`.\n\n"
            "## Nội dung chính\n\n"
            "Viết tiếp nội dung bài. Ảnh trong bài: `![Mô tả nội dung ảnh](anh/ten-anh.jpg)`.\n"
        )
    elif kind == "campaign":
        end = today + timedelta(days=30)
        front = (
            head
            + f"start: {today.isoformat()}   # ngày bắt đầu (YYYY-MM-DD)\n"
            + f"end: {end.isoformat()}   # ngày kết thúc, không trước ngày bắt đầu\n"
            + topic_block + slug_line
            + "# summary: Một hai câu giới thiệu chiến dịch.\n"
            + "# theme: Chủ đề hoặc khẩu hiệu của chiến dịch\n"
            + f"# organizer: {organization}\n"
            + "# image: anh/ten-anh.jpg\n"
            + "# image_alt: Mô tả nội dung ảnh cho người khiếm thị\n"
            + "# plan: slug-ke-hoach   # kế hoạch mà chiến dịch thực hiện\n"
            + "# activities:   # các hoạt động, cũng hiện trên lịch sự kiện\n"
            + "#   - title: Lễ phát động\n"
            + f"#     date: {today.isoformat()} 08:00\n"
            + "#     location: Hội trường Sở\n"
            + "#     description: Mô tả ngắn hoạt động\n"
            + draft
        )
        body = "Giới thiệu mục đích, nội dung và cách tham gia chiến dịch.\n"
    elif kind == "plan":
        front = (
            head
            + f"issued: {today.isoformat()}   # ngày ban hành (YYYY-MM-DD)\n"
            + f"issuer: {_quote(organization)}   # cơ quan ban hành\n"
            + topic_block + slug_line
            + "# number: 81/KH-STNMT   # số ký hiệu văn bản\n"
            + "# signer: Họ và tên người ký\n"
            + "# signer_title: Phó Giám đốc\n"
            + "# summary: Một hai câu tóm tắt kế hoạch.\n"
            + "# attachment: ten-van-ban.pdf   # văn bản gốc (PDF, DOCX) đặt cạnh tệp này\n"
            + "# bases:   # căn cứ pháp lý, mỗi dòng một văn bản\n"
            + "#   - Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020\n"
            + "# tasks:   # bảng phân công nhiệm vụ\n"
            + "#   - task: Nội dung nhiệm vụ\n"
            + "#     lead: Đơn vị chủ trì\n"
            + "#     partners: [Đơn vị phối hợp 1, Đơn vị phối hợp 2]\n"
            + f"#     when: {today.year}-Q{(today.month - 1) // 3 + 1}   # YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD hoặc BẮT-ĐẦU/KẾT-THÚC\n"
            + "# deadlines:   # hạn báo cáo, hiện trên lịch\n"
            + f"#   - date: {today.isoformat()}\n"
            + "#     what: Báo cáo kết quả thực hiện\n"
            + draft
        )
        body = (
            "## I. Mục đích, yêu cầu\n\n"
            "Tóm tắt mục đích và yêu cầu của kế hoạch.\n\n"
            "## II. Nội dung\n\n"
            "Tóm tắt các nội dung chính.\n\n"
            "## III. Tổ chức thực hiện\n\n"
            "Tóm tắt trách nhiệm của các đơn vị.\n"
        )
    else:
        front = (
            head
            + f"start: {today.isoformat()} 08:00   # bắt đầu: YYYY-MM-DD (cả ngày) hoặc YYYY-MM-DD HH:MM\n"
            + f"# end: {today.isoformat()} 11:30   # kết thúc, cùng dạng với start\n"
            + topic_block + slug_line
            + "# location: Hội trường Sở, số 1 Đường Mẫu\n"
            + "# organizer: Văn phòng Sở\n"
            + "# summary: Một hai câu giới thiệu sự kiện.\n"
            + "# campaign: slug-chien-dich\n"
            + "# plan: slug-ke-hoach\n"
            + draft
        )
        body = "Giới thiệu sự kiện: nội dung, thành phần tham dự, cách đăng ký.\n"
    return front + "---\n\n" + body


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
    taken = {item.slug for item in getattr(site, kind + "s")}
    slug = _free_slug(base, taken, lambda s: (project.root / _relative_path(kind, s, today)).exists())
    rel = _relative_path(kind, slug, today)
    path = project.root / rel
    text = render_skeleton(kind, title, slug, today, topic, topics, project.settings.organization)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"tệp {rel} đã có; không ghi đè tệp của biên tập viên") from None
    return Created(path, rel, _url(kind, slug, today), slug)
