"""Relative paths never leave content/ (symlinks included); size limits for images and attachments."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import EPOCH, TOPICS, article, write_tree
from portal.dates import build_now
from portal.loader import LoadOptions, load_site
from portal.settings import Settings

NOW = build_now({"SOURCE_DATE_EPOCH": EPOCH})
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8\x00\x00\x00\x00IEND\xaeB`\x82"
)
PLAN = (
    "---\ntitle: Kế hoạch tuyên truyền\nissued: 2024-05-01\nissuer: Sở Tài nguyên và Môi trường\n"
    "topics: [moi-truong]\nattachment: {attachment}\n---\n\nNội dung.\n"
)


def load(root: Path, settings: Settings | None = None):
    site, problems = load_site(root, LoadOptions(now=NOW, settings=settings or Settings()))
    return site, [p.format() for p in problems]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_tree(tmp_path / "content", {"topics.yml": TOPICS})
    (tmp_path / "secret.png").write_bytes(PNG)
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    return tmp_path


def test_parent_path_outside_content_is_an_error(root: Path):
    write_tree(root / "content", {"articles/a.md": article(
        "Ảnh ngoài", "2024-06-01", extra="image: ../../secret.png\nimage_alt: Ảnh\n",
        body="Đoạn.\n\n![Ảnh](../../secret.png) [Tệp](../../secret.pdf)\n")})
    site, lines = load(root)
    assert lines == [
        "content/articles/a.md:5: [path-outside] ảnh '../../secret.png' nằm ngoài thư mục content/",
        "content/articles/a.md:11: [path-outside] tệp liên kết '../../secret.pdf' nằm ngoài thư mục content/",
        "content/articles/a.md:11: [path-outside] ảnh '../../secret.png' nằm ngoài thư mục content/",
    ]
    assert site.assets == {}


def test_absolute_and_external_paths_are_errors(root: Path):
    write_tree(root / "content", {"plans/kh.md": PLAN.format(attachment="/etc/passwd"),
                                  "plans/kh2.md": PLAN.format(attachment="file:///etc/passwd").replace(
                                      "Kế hoạch tuyên truyền", "Kế hoạch hai")})
    _site, lines = load(root)
    assert lines == [
        "content/plans/kh.md:6: [path-outside] tệp đính kèm '/etc/passwd' phải là đường dẫn tương đối "
        "(không bắt đầu bằng '/')",
        "content/plans/kh2.md:6: [path-external] tệp đính kèm 'file:///etc/passwd' phải là đường dẫn tương đối "
        "tới tệp trong content/",
    ]


def test_symlinked_file_pointing_outside_content_is_an_error(root: Path):
    write_tree(root / "content", {"articles/a.md": article(
        "Liên kết tượng trưng", "2024-06-01", extra="image: anh/lien-ket.png\nimage_alt: Ảnh\n",
        body="Đoạn.\n\n[Tài liệu](tai-lieu.pdf)\n")})
    (root / "content/articles/anh").mkdir()
    os.symlink(root / "secret.png", root / "content/articles/anh/lien-ket.png")
    os.symlink(root / "secret.pdf", root / "content/articles/tai-lieu.pdf")
    site, lines = load(root)
    assert lines == [
        "content/articles/a.md:5: [path-outside] ảnh 'anh/lien-ket.png' nằm ngoài thư mục content/",
        "content/articles/a.md:11: [path-outside] tệp liên kết 'tai-lieu.pdf' nằm ngoài thư mục content/",
    ]
    assert site.assets == {}


def test_symlinked_folder_pointing_outside_content_is_an_error(root: Path):
    outside = root / "ngoai"
    outside.mkdir()
    (outside / "a.png").write_bytes(PNG)
    os.symlink(outside, root / "content/anh-chung", target_is_directory=True)
    write_tree(root / "content", {"articles/a.md": article(
        "Thư mục liên kết", "2024-06-01", extra="image: ../anh-chung/a.png\nimage_alt: Ảnh\n")})
    _site, lines = load(root)
    assert lines == ["content/articles/a.md:5: [path-outside] ảnh '../anh-chung/a.png' nằm ngoài thư mục content/"]


def test_symlink_inside_content_is_fine(root: Path):
    write_tree(root / "content", {
        "anh/chung.png": PNG,
        "articles/a.md": article("Ảnh dùng chung", "2024-06-01", extra="image: anh/chung.png\nimage_alt: Ảnh\n"),
    })
    os.symlink(root / "content/anh", root / "content/articles/anh", target_is_directory=True)
    site, lines = load(root)
    assert lines == []
    assert site.articles[0].image is not None and site.articles[0].image.src == "anh/chung.png"


def test_image_over_the_limit_is_an_error_with_the_setting_named(root: Path):
    write_tree(root / "content", {
        "articles/anh/lon.png": PNG + b"\0" * (60 * 1024),
        "articles/a.md": article("Ảnh lớn", "2024-06-01", extra="image: anh/lon.png\nimage_alt: Ảnh bờ biển\n"),
    })
    site, lines = load(root, Settings(max_image_kb=50))
    assert lines == [
        "content/articles/a.md:5: [image-too-large] ảnh 'anh/lon.png' nặng 60,1 KB, vượt giới hạn 50 KB "
        "(đặt trong mkdocs.yml: extra.portal.max_image_kb); hãy thu nhỏ hoặc nén ảnh cho dưới giới hạn này "
        "(trang web tự tạo bản nhỏ cho người đọc, không cần nén thêm)",
    ]
    assert site.articles[0].image is None and site.assets == {}
    # The same file is accepted with the default limit (20 MB).
    _site, lines = load(root)
    assert lines == []


def test_attachment_over_the_limit_is_an_error(root: Path):
    write_tree(root / "content", {
        "plans/kh.pdf": b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024),
        "plans/kh.md": PLAN.format(attachment="kh.pdf"),
        "articles/a.md": article("Bài có tệp", "2024-06-01", body="Đoạn.\n\n[Kế hoạch (PDF)](../plans/kh.pdf)\n"),
    })
    _site, lines = load(root, Settings(max_attachment_kb=2048))
    assert lines == [
        "content/articles/a.md:9: [attachment-too-large] tệp '../plans/kh.pdf' nặng 3,072 KB, vượt giới hạn "
        "2,048 KB (đặt trong mkdocs.yml: extra.portal.max_attachment_kb); hãy nén hoặc thu nhỏ tệp",
        "content/plans/kh.md:6: [attachment-too-large] tệp 'kh.pdf' nặng 3,072 KB, vượt giới hạn 2,048 KB "
        "(đặt trong mkdocs.yml: extra.portal.max_attachment_kb); hãy nén hoặc thu nhỏ tệp",
    ]
