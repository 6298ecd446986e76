"""Editorial warnings: reported with file and line, never errors (the build goes on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EPOCH, TOPICS, article, write_tree
from portal.advice import is_file_name_alt, is_vague_link_text
from portal.dates import build_now
from portal.loader import LoadOptions, load_site

NOW = build_now({"SOURCE_DATE_EPOCH": EPOCH})
PNG = (  # a valid 1x1 PNG
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8\x00\x00\x00\x00IEND\xaeB`\x82"
)


def load(tmp_path: Path, files: dict[str, str | bytes]):
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, **files})
    site, problems = load_site(tmp_path, LoadOptions(now=NOW))
    return site, [p.format() for p in problems], problems


@pytest.mark.parametrize("text", ["xem tại đây", "Tại đây", "**bấm vào đây**", "tại đây.", "Xem  chi tiết", "click here"])
def test_vague_link_texts_are_recognised(text):
    assert is_vague_link_text(text)


@pytest.mark.parametrize("text", ["Kế hoạch số 81/KH-STNMT", "Luật Đất đai 2024 (PDF)", "đây là báo cáo năm"])
def test_descriptive_link_texts_pass(text):
    assert not is_vague_link_text(text)


def test_alt_equal_to_file_name_with_or_without_extension():
    assert is_file_name_alt("IMG_2041.JPG", "anh/IMG_2041.JPG")
    assert is_file_name_alt("img_2041", "anh/IMG_2041.JPG")
    assert is_file_name_alt("thung-rac.png", "anh/thung-rac.png?v=1")
    assert not is_file_name_alt("Thùng rác phân loại tại phường 1", "anh/thung-rac.png")


def test_body_warnings_have_lines_and_do_not_block(tmp_path: Path):
    body = (
        "Đoạn đầu.\n\n"                                              # file line 7
        "Toàn văn [xem tại đây](https://example.gov.vn/a.pdf).\n"     # line 9
        "Hoặc <a href=\"https://example.gov.vn/\">bấm vào đây</a>.\n"  # line 10
        "![IMG_2041.png](anh/IMG_2041.png)\n"                         # line 11
        "```\n[tại đây](https://x.example/) trong mã thì bỏ qua\n```\n"
        "Tham khảo [tại đây][1].\n\n"                                 # line 15
        "[1]: https://example.gov.vn/\n"
    )
    site, lines, problems = load(tmp_path, {
        "articles/a.md": article("Bài có liên kết mơ hồ", "2024-06-01", body=body),
        "articles/anh/IMG_2041.png": PNG,
    })
    vague = "không cho biết liên kết dẫn tới đâu; hãy viết rõ nội dung, ví dụ 'Toàn văn Kế hoạch số 81/KH-STNMT (PDF)'"
    assert lines == [
        f"content/articles/a.md:9: [link-text-vague] chữ của liên kết 'xem tại đây' {vague}",
        f"content/articles/a.md:10: [link-text-vague] chữ của liên kết 'bấm vào đây' {vague}",
        "content/articles/a.md:11: [image-alt-filename] mô tả ảnh 'IMG_2041.png' chỉ là tên tệp; hãy mô tả nội dung "
        "ảnh cho người khiếm thị",
        f"content/articles/a.md:15: [link-text-vague] chữ của liên kết 'tại đây' {vague}",
    ]
    assert all(not p.is_error for p in problems)
    assert [a.title for a in site.articles] == ["Bài có liên kết mơ hồ"]


def test_front_matter_warnings(tmp_path: Path):
    long_title = "Tuyên truyền " + "bảo vệ môi trường biển và hải đảo " * 5
    site, lines, problems = load(tmp_path, {
        "articles/a.md": article(
            long_title.strip(), "2024-06-10",
            extra="image: anh/thung-rac.png\nimage_alt: thung-rac.png\nupdated: 2024-06-01\n",
        ),
        "articles/anh/thung-rac.png": PNG,
        "articles/b.md": article("Cập nhật cùng ngày", "2024-06-10 09:00", extra="updated: 2024-06-10\n"),
    })
    title_length = len(" ".join(long_title.split()))
    assert lines == [
        f"content/articles/a.md:2: [title-too-long] tiêu đề dài {title_length} ký tự (nên không quá 150); tiêu đề "
        "ngắn dễ đọc và hiện đủ trên điện thoại, kết quả tìm kiếm và mạng xã hội",
        "content/articles/a.md:6: [image-alt-filename] mô tả ảnh 'thung-rac.png' chỉ là tên tệp; hãy mô tả nội "
        "dung ảnh cho người khiếm thị",
        "content/articles/a.md:7: [updated-before-date] ngày cập nhật 'updated' (01/06/2024) trước ngày đăng "
        "(10/06/2024); kiểm tra lại hai ngày này",
    ]
    assert all(not p.is_error for p in problems)
    assert len(site.articles) == 2


def test_plan_title_may_be_longer_and_updated_is_compared_with_issued(tmp_path: Path):
    plan = (
        "---\ntitle: " + "Kế hoạch tổ chức thực hiện Quyết định số 1596/QĐ-UBND về truyền thông " * 2 + "\n"
        "issued: 2024-06-05\nissuer: Sở Tài nguyên và Môi trường\ntopics: [moi-truong]\nupdated: 2024-06-01\n"
        "---\n\nNội dung.\n"
    )
    _site, lines, _ = load(tmp_path, {"plans/kh.md": plan})
    assert lines == [
        "content/plans/kh.md:6: [updated-before-date] ngày cập nhật 'updated' (01/06/2024) trước ngày đăng "
        "(05/06/2024); kiểm tra lại hai ngày này",
    ]


def _gif() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, "GIF")
    return out.getvalue()


def test_heavy_image_is_a_warning_with_its_line(tmp_path: Path):
    heavy = _gif() + b"\0" * (1024 * 1024)  # a valid GIF followed by padding: 1.0 MB (GIFs are published as they are)
    site, lines, problems = load(tmp_path, {
        "articles/a.md": article("Ảnh nặng", "2024-06-01", extra="image: anh/nang.gif\nimage_alt: Ảnh chụp bờ biển\n",
                                 body="Đoạn đầu.\n\n![Bờ biển sau khi làm sạch](anh/nang.gif)\n"),
        "articles/anh/nang.gif": heavy,
    })
    message = "ảnh 'anh/nang.gif' nặng 1.0 MB (nên dưới 1 MB); hãy thu nhỏ hoặc nén ảnh để trang tải nhanh trên điện thoại"
    assert lines == [f"content/articles/a.md:5: [image-heavy] {message}", f"content/articles/a.md:11: [image-heavy] {message}"]
    assert all(not p.is_error for p in problems)
    assert site.articles[0].image is not None


def test_heavy_photo_is_no_warning_as_it_is_published_resized(tmp_path: Path):
    heavy = PNG + b"\0" * (3 * 1024 * 1024)  # a PNG gets smaller WebP copies: readers never download this file
    site, lines, _ = load(tmp_path, {
        "articles/a.md": article("Ảnh nặng", "2024-06-01", extra="image: anh/nang.png\nimage_alt: Ảnh chụp bờ biển\n"),
        "articles/anh/nang.png": heavy,
    })
    assert lines == []
    assert site.articles[0].image is not None


def test_portal_check_prints_warnings_with_a_count_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch):
    from helpers import make_project
    from portal import cli

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    proj = make_project(tmp_path, {"articles/a.md": article(
        "Bài có liên kết mơ hồ", "2024-06-01", body="Đoạn đầu. Toàn văn [xem tại đây](https://example.gov.vn/a.pdf).\n")})
    assert cli.main(["check", "--root", str(proj)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "content/articles/a.md:7: [link-text-vague] chữ của liên kết 'xem tại đây' không cho biết liên kết dẫn tới "
        "đâu; hãy viết rõ nội dung, ví dụ 'Toàn văn Kế hoạch số 81/KH-STNMT (PDF)'",
        "Tổng cộng: 0 lỗi, 1 cảnh báo.",
        "Không có bản nháp hay mục hẹn giờ.",
    ]
