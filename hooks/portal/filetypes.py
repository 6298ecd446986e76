"""Which editor files may be published: kinds a browser cannot run as a page on the portal's domain.

Everything an item links to is copied under `/media/` and served from the portal's own origin, where
the site's Content-Security-Policy (`script-src 'self'`) trusts scripts. An `.html` file beside a
`.js` file would therefore run as part of the portal. Only the kinds below are published; an SVG
(which may carry scripts, event handlers or requests to other hosts) is published only when it
holds nothing of the sort: it is checked, never rewritten, so what is published is what the editor
gave. Images over `max_image_megapixels` are refused before they are decoded (a 13,000 × 13,000 PNG
of 481 KB needs 0.5 GB of memory to read).
"""

from __future__ import annotations

import re
from pathlib import Path

IMAGE_TYPES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"})
DOCUMENT_TYPES = frozenset({
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf", ".csv", ".txt",
})
ARCHIVE_TYPES = frozenset({".zip", ".7z", ".rar"})
MEDIA_TYPES = frozenset({".mp3", ".m4a", ".ogg", ".oga", ".wav", ".mp4", ".webm"})
PUBLISHED_TYPES = IMAGE_TYPES | DOCUMENT_TYPES | ARCHIVE_TYPES | MEDIA_TYPES
"""Every kind of file an item may link to or attach; anything else is refused at the line."""

_ALLOWED_LIST = (
    "ảnh (jpg, png, webp, gif, svg, avif), văn bản (pdf, doc(x), xls(x), ppt(x), odt, ods, odp, rtf, csv, txt), "
    "tệp nén (zip, 7z, rar), âm thanh/video (mp3, m4a, ogg, wav, mp4, webm)"
)

# SVG: elements that run code, embed other documents or change attributes over time.
_SVG_ACTIVE = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "set"})
_SVG_ANIMATE = frozenset({"animate", "animatetransform", "animatemotion", "animatecolor"})
_SVG_LINK_ATTRS = ("href", "src")
_CSS_REFERENCE = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)|expression\(|javascript:", re.IGNORECASE)


def type_problem(path: Path, *, image: bool) -> tuple[str, str] | None:
    """Return (rule, Vietnamese message) when `path` may not be published as an image/linked file."""
    suffix = path.suffix.lower()
    if image and suffix not in IMAGE_TYPES:
        return "image-type", f"'{path.name}' không phải tệp ảnh (jpg, png, webp, gif, svg, avif)"
    if suffix not in PUBLISHED_TYPES:
        shown = suffix or "không có phần mở rộng"
        return "file-type", (
            f"không đăng được tệp '{path.name}' (loại {shown}): trình duyệt có thể chạy nó như một trang của cổng "
            f"thông tin. Chỉ đăng được: {_ALLOWED_LIST}. Hãy chuyển tệp sang PDF hoặc nén thành .zip"
        )
    if suffix == ".svg":
        reason = svg_problem(path)
        if reason is not None:
            return "svg-unsafe", (f"ảnh SVG '{path.name}' {reason}; ảnh như vậy có thể chạy mã trên trang. "
                                  "Hãy xuất lại ảnh dạng PNG (hoặc SVG thuần hình vẽ)")
    return None


def svg_problem(path: Path) -> str | None:
    """Return what makes an SVG unsafe to serve from the portal's origin, or None."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError, ValueError):
        return "không đọc được (không phải XML hợp lệ)"
    if root is None:
        return "không đọc được (không phải XML hợp lệ)"
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None:
        return "có khai báo DOCTYPE/ENTITY"
    if any(isinstance(node, etree._ProcessingInstruction) for node in root.itersiblings(preceding=True)):
        return "có chỉ thị xử lý (<?…?>)"
    for node in root.iter():
        if isinstance(node, etree._ProcessingInstruction):
            return "có chỉ thị xử lý (<?…?>)"
        if isinstance(node, etree._Entity):
            return "có tham chiếu thực thể (&…;)"
        if not isinstance(node.tag, str):
            continue  # comments
        name = etree.QName(node).localname.lower()
        if name in _SVG_ACTIVE:
            return f"có thẻ <{etree.QName(node).localname}>"
        for attr, value in node.attrib.items():
            local = etree.QName(attr).localname.lower()
            if local.startswith("on"):
                return f"có thuộc tính sự kiện '{local}'"
            if local in _SVG_LINK_ATTRS and not _local_reference(value):
                return f"liên kết tới '{value[:60]}' (chỉ được tham chiếu bên trong ảnh, dạng #id)"
            if name in _SVG_ANIMATE and local == "attributename" and (
                    value.lower().endswith("href") or value.lower().startswith("on")):
                return f"có hoạt ảnh thay đổi thuộc tính '{value}'"
            if local == "style" and _CSS_REFERENCE.search(value):
                return "có CSS tải tài nguyên khác hoặc chạy mã"
        if name == "style" and _CSS_REFERENCE.search("".join(node.itertext())):
            return "có CSS tải tài nguyên khác hoặc chạy mã"
    return None


def _local_reference(value: str) -> bool:
    """A reference inside the image itself (`#id`) or an embedded raster image."""
    value = value.strip()
    return value.startswith("#") or bool(re.match(r"data:image/(?:png|jpeg|gif|webp);", value, re.IGNORECASE))
