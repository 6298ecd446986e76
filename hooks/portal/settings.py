"""Typed portal settings, read from `extra.portal` in mkdocs.yml."""

from __future__ import annotations

import re
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
    """The department's full name, province included: the masthead, the footer, feeds, structured data."""
    parent_body: str = ""
    """The governing body (cơ quan chủ quản), e.g. "Ủy ban nhân dân tỉnh …": above the name in the masthead,
    and in the footer."""
    responsible: str = ""
    """The person responsible for the site (người chịu trách nhiệm), e.g. "Ông Nguyễn Văn A – Giám đốc Sở"."""
    licence: str = ""
    """The site's licence line (giấy phép thiết lập trang thông tin điện tử), as issued."""
    address: str = ""
    phone: str = ""
    email: str = ""
    hotline: str = ""
    """The citizens' hotline (đường dây nóng): a link in the masthead and on the home page."""
    services: tuple[tuple[str, str], ...] = ()
    """Links to public services (dịch vụ công): `- {title: …, url: …}`, shown on the home page and in the footer."""
    colors: tuple[tuple[str, str], ...] = ()
    """The site's colours (`primary`, `primary_dark`, `accent`, `link`: "#rrggbb"): CSS variables of every page."""
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
            if key in _PARSERS:
                parsed, problem = _PARSERS[key](key, value)
                if problem:
                    problems.append(problem)
                    continue
                values[key] = parsed
                continue
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


COLOR_NAMES = {"primary": "màu chính (đầu trang, nút)", "primary_dark": "màu chính đậm (dải tên cơ quan)",
               "accent": "màu nhấn (khi rê chuột)", "link": "màu liên kết"}
"""The colours a site may set (`colors:`), each a CSS variable of portal.css; all are shown on white."""
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def contrast_on_white(color: str) -> float:
    """Return the WCAG contrast ratio of a "#rrggbb" colour against white."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def _services(key: str, value: Any) -> tuple[Any, str]:
    problem = (f"extra.portal.{key}: phải là một danh sách, mỗi mục có 'title' (tên dịch vụ) và 'url' "
               "(địa chỉ https://… hoặc trang của site), ví dụ: - {title: Dịch vụ công trực tuyến, url: https://dichvucong.gov.vn/}")
    if not isinstance(value, list):
        return (), problem
    out = []
    for number, entry in enumerate(value, 1):
        if isinstance(entry, dict) and set(entry) - {"title", "url"}:
            odd = ", ".join(f"'{k}'" for k in entry if k not in ("title", "url"))
            return (), (f"extra.portal.{key}: mục thứ {number} có khoá lạ {odd}; một tên có dấu phẩy viết trong "
                        "{…} phải đặt trong ngoặc kép, ví dụ {title: \"Phản ánh, kiến nghị\", url: …}")
        if not isinstance(entry, dict) or set(entry) != {"title", "url"} or not all(
                isinstance(entry[k], str) and entry[k].strip() for k in ("title", "url")):
            return (), problem
        url = entry["url"].strip()
        if not (url.startswith(("https://", "http://")) or not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|//", url)):
            return (), problem
        out.append((entry["title"].strip(), url))
    return tuple(out), ""


def _colors(key: str, value: Any) -> tuple[Any, str]:
    if not isinstance(value, dict):
        return (), f"extra.portal.{key}: phải là một bảng 'tên: \"#rrggbb\"' ({', '.join(COLOR_NAMES)})"
    out = []
    for name, color in value.items():
        if name not in COLOR_NAMES:
            return (), f"extra.portal.{key}.{name}: không có màu này; các màu đặt được: {', '.join(COLOR_NAMES)}"
        if not isinstance(color, str) or not _HEX.fullmatch(color):
            return (), (f"extra.portal.{key}.{name}: cần mã màu dạng \"#rrggbb\" (trong dấu ngoặc kép), "
                        "ví dụ \"#0b5d3b\"")
        ratio = contrast_on_white(color)
        if ratio < 4.5:
            return (), (f"extra.portal.{key}.{name}: màu {color} quá nhạt trên nền trắng (độ tương phản {ratio:.1f}:1, "
                        "cần từ 4.5:1 để người nhìn kém đọc được): chọn màu đậm hơn")
        out.append((name, color.lower()))
    return tuple(out), ""


_PARSERS = {"services": _services, "colors": _colors}
"""Settings with a structure of their own: (key, value) -> (parsed value, problem or "")."""
