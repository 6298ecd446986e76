"""Where a build may write: never into the project's own files, never over a folder that is not a site.

A build replaces its output folder whole (`portal build` swaps it, `mkdocs build` cleans it), so
a wrong `--site-dir` or `site_dir` would delete editors' files, the templates or a git work tree.
`refusal` is asked before anything is written, by `portal build` for the published folder and by
the MkDocs hooks for MkDocs' own output folder; it answers in Vietnamese why a target is refused.

Inside a git work tree (the project's own, or the folder a web server serves from), only a folder
that is new, empty or a previous build may be replaced, so no tracked file can be lost.
A folder counts as a previous build when it carries the `MARKER` file every build writes, or, for
sites built before the marker existed, MkDocs' own trio (404.html, sitemap.xml, the search index).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

MARKER = ".portal-site"
"""Written at the top of every built site; its presence lets the next build replace the folder."""
MARKER_TEXT = "Thư mục này do lệnh portal build tạo ra và được thay mới hoàn toàn mỗi lần xây dựng.\n"
_LEGACY = ("404.html", "sitemap.xml", "search/search_index.json")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def protected_folders(root: Path, docs_dir: Path) -> dict[Path, str]:
    """Return the project's own folders a build must never write into, with their Vietnamese names."""
    root = root.resolve()
    named = {
        docs_dir: f"thư mục trang tĩnh ({docs_dir.name}/)",
        root / "content": "thư mục nội dung của biên tập viên (content/)",
        root / "hooks": "mã nguồn của công cụ (hooks/)",
        root / "overrides": "giao diện của trang (overrides/)",
        root / ".git": "kho git của dự án (.git/)",
    }
    return {path.resolve(): name for path, name in named.items()}


def refusal(root: Path, target: Path, docs_dir: Path | None = None) -> str | None:
    """Return why a build must not publish into `target` (None when it may)."""
    root = root.resolve()
    docs_dir = (docs_dir or root / "docs").resolve()
    try:
        target = target.resolve()
    except (OSError, RuntimeError) as error:
        return f"không dùng được thư mục xuất bản '{target}': {error}"
    advice = "Hãy chọn một thư mục riêng cho trang đã xây dựng, ví dụ site/ (mặc định)."
    if _inside(root, target):
        return (f"thư mục xuất bản '{target}' chứa cả dự án (mkdocs.yml, content/…): xây dựng sẽ xoá toàn bộ dự án. "
                + advice)
    for folder, name in protected_folders(root, docs_dir).items():
        if _inside(target, folder) or _inside(folder, target):
            return f"thư mục xuất bản '{target}' trùng hoặc nằm trong {name}: xây dựng sẽ xoá các tệp đó. " + advice
    if (target / ".git").exists():
        return f"thư mục xuất bản '{target}' là một kho git: xây dựng sẽ xoá nó. " + advice
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        return f"'{target}' đã có và không phải một thư mục: không thể xuất bản vào đó. " + advice
    if target.is_dir() and not looks_like_a_build(target):
        return (f"thư mục xuất bản '{target}' đã có tệp nhưng không phải trang do portal xây dựng "
                f"(thiếu tệp {MARKER}): xây dựng sẽ xoá các tệp đó. Nếu đúng là muốn thay nó, hãy tự xoá "
                "hoặc đổi tên thư mục đó trước. " + advice)
    return None


def looks_like_a_build(folder: Path) -> bool:
    """Return True for an empty folder or one a previous build wrote."""
    try:
        if next(folder.iterdir(), None) is None:
            return True
    except OSError:
        return False
    if (folder / MARKER).is_file():
        return True
    return all((folder / name).is_file() for name in _LEGACY)


def write_marker(folder: Path) -> None:
    """Mark `folder` as a built site (the next build may replace it)."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def not_writable(site: Path) -> str | None:
    """Return why the swap into `site` would fail (read-only or immutable), checked before building."""
    parent = site.parent
    for folder in (parent, site) if site.is_dir() else (parent,):
        try:
            fd, probe = tempfile.mkstemp(prefix=".portal-probe-", dir=folder)
        except OSError as error:
            return (f"không ghi được vào thư mục '{folder}' ({error.strerror or error}): trang web chưa được xây "
                    "dựng lại. Hãy cấp quyền ghi (hoặc bỏ thuộc tính chỉ đọc/không thay đổi: chattr -i) rồi chạy lại.")
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)
    return None
