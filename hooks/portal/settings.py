"""Typed portal settings, read from `extra.portal` in mkdocs.yml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .frontmatter import XML_ILLEGAL as _XML_ILLEGAL

MINIMUMS: dict[str, int] = {"feed_items": 10}
"""Lower bounds beyond "positive" (a feed carries at least 10 items, as readers expect)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Settings with defaults; unknown keys are reported by `from_mapping`."""

    per_page: int = 10
    """Items per page on news, archive and topic lists."""
    home_news: int = 6
    related: int = 4
    feed_items: int = 30
    organization: str = "Sở Tài nguyên và Môi trường"
    address: str = ""
    phone: str = ""
    email: str = ""
    iframe_hosts: tuple[str, ...] = ("www.youtube-nocookie.com", "www.youtube.com")
    max_image_kb: int = 20480
    """Largest image accepted (KB): a photo straight from a phone camera fits; JPEG, PNG and WebP
    images are resized at build time (images.py), other images over 1 MB get a warning (`image-heavy`)."""
    max_image_megapixels: int = 60
    """Largest image accepted, in millions of pixels
    (a 50-megapixel phone photo fits; a decompression bomb does not)."""
    max_attachment_kb: int = 20480
    """Largest attachment or linked file accepted (KB)."""
    min_year: int = 1945
    """Earliest year a content date may have; earlier ones are reported as typos (`date-implausible`)."""
    max_years_ahead: int = 20
    """Latest year a content date may have, counted from the build's year (a typo such as 2204)."""
    document_types: tuple[str, ...] = (
        "Luật", "Pháp lệnh", "Nghị định", "Thông tư", "Nghị quyết", "Quyết định", "Chỉ thị", "Kế hoạch", "Công văn",
        "Thông báo", "Hướng dẫn", "Báo cáo", "Dự thảo",
    )
    """Types a document (văn bản) may have (`type:`), in the order the documents page lists them."""
    search_text_chars: int = 1200
    """Characters of each page's text kept for search-result excerpts, at most 6000 (the whole text is
    indexed): search_index.py."""
    editor_backend: dict[str, Any] = field(default_factory=dict)
    """The web editor's git backend (Decap CMS's `backend`: gitea, gitlab… with repo, base_url, app_id),
    and `publish_mode: editorial_workflow` for review before publishing. Empty: the local backend of
    `make edit` only (deploy/PUBLISHING.md)."""
    editor_proxy_port: int = 8081
    """Port of the local backend (`make edit`) the web editor uses when opened on this computer."""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> tuple["Settings", list[str]]:
        """Return settings and a list of configuration problems (unknown keys, bad types)."""
        data = dict(data or {})
        problems: list[str] = []
        values: dict[str, Any] = {}
        names = {f for f in cls.__dataclass_fields__ if f != "extra"}
        for key, value in data.items():
            if key not in names:
                problems.append(f"extra.portal.{key}: khoá cấu hình không được hỗ trợ")
                continue
            default = getattr(cls(), key)
            if isinstance(default, bool) or type(default) is int:
                if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                    problems.append(f"extra.portal.{key}: phải là một số nguyên dương")
                    continue
                if value < MINIMUMS.get(key, 1):
                    problems.append(f"extra.portal.{key}: phải từ {MINIMUMS[key]} trở lên")
                    continue
            elif isinstance(default, dict):
                if not isinstance(value, dict):
                    problems.append(f"extra.portal.{key}: phải là một bảng 'khoá: giá trị'")
                    continue
            elif isinstance(default, tuple):
                if not isinstance(value, list):
                    problems.append(f"extra.portal.{key}: phải là một danh sách")
                    continue
                value = tuple(str(v) for v in value)
            elif isinstance(default, str):
                value = str(value)
                if _XML_ILLEGAL.search(value):
                    # Feeds, the sitemap and calendars carry these settings: XML cannot hold such characters.
                    problems.append(f"extra.portal.{key}: có ký tự không in được (ngắt trang, ký tự điều khiển…), "
                                    "thường do dán từ PDF hoặc Word; hãy xoá ký tự đó")
                    continue
            values[key] = value
        return cls(**values), problems
