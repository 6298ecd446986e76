"""A strict build of broken content: non-zero exit, every `path:line:` problem printed, site/ untouched.

Built twice in this module: once with valid content (site/ now exists), then again after editors
broke several files. The second build must fail before MkDocs cleans site/.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, article, make_project, run_build

GOOD = {
    "articles/2024/ngay-moi-truong.md": article("Ngày Môi trường thế giới", "2024-06-05"),
    "articles/2024/tuan-le-bien.md": article("Tuần lễ Biển và Hải đảo", "2024-06-01", "[bien-hai-dao]"),
}
# Broken files, each copied from the loader's fixtures, with the line the build must print.
BROKEN = {
    "articles/article_unknown_topic.md":
        "content/articles/article_unknown_topic.md:6: [topic-unknown] lĩnh vực 'moi-truogn' không tồn tại"
        " — có phải 'moi-truong'?",
    "articles/article_bad_date.md":
        "content/articles/article_bad_date.md:3: [date-invalid] ngày không hợp lệ '2024-13-05'",
    "articles/article_not_utf8.md":
        "content/articles/article_not_utf8.md:2: [encoding] tệp không phải UTF-8",
    "articles/article_body_image_missing.md":
        "content/articles/article_body_image_missing.md:9: [image-missing] không tìm thấy ảnh 'anh/tram-quan-trac.png'",
    "events/event_end_before_start.md":
        "content/events/event_end_before_start.md:4: [end-before-start] 'end' (05/06/2024) trước 'start' (10/06/2024)",
}


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under `folder`: content hash (or '<dir>') and modification time."""
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>", p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> dict:
    proj = make_project(tmp_path_factory.mktemp("errors"), GOOD)
    first = run_build(proj)
    assert first.returncode == 0, first.stdout + first.stderr
    site_before = snapshot(proj / "site")
    for rel in BROKEN:
        target = proj / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / "content" / rel, target)
    content_before = snapshot(proj / "content")
    second = run_build(proj)
    return {"proj": proj, "result": second, "site_before": site_before, "content_before": content_before}


def test_the_first_build_produced_a_site(rebuilt: dict) -> None:
    assert "tin-tuc/2024/06/ngay-moi-truong-the-gioi/index.html" in rebuilt["site_before"]


def test_broken_content_fails_the_build(rebuilt: dict) -> None:
    assert rebuilt["result"].returncode != 0


def test_every_problem_is_printed_with_path_and_line(rebuilt: dict) -> None:
    output = rebuilt["result"].stdout + rebuilt["result"].stderr
    for line in BROKEN.values():
        assert line in output, line
    assert "Nội dung có lỗi (5 lỗi, 0 cảnh báo)" in output


def test_existing_site_is_left_exactly_as_it_was(rebuilt: dict) -> None:
    output = rebuilt["result"].stdout + rebuilt["result"].stderr
    assert "Cleaning site directory" not in output
    assert snapshot(rebuilt["proj"] / "site") == rebuilt["site_before"]


def test_editors_files_are_not_modified(rebuilt: dict) -> None:
    assert snapshot(rebuilt["proj"] / "content") == rebuilt["content_before"]


def test_a_problem_in_a_draft_also_fails_the_build(tmp_path: Path) -> None:
    """Drafts are validated too: publishing one later must not reveal old mistakes."""
    proj = make_project(tmp_path, {
        "articles/nhap.md": article("Bản nháp", "2024-06-05", "[moi-truongg]", extra="draft: true\n"),
    })
    result = run_build(proj)
    assert result.returncode != 0
    assert ("content/articles/nhap.md:4: [topic-unknown] lĩnh vực 'moi-truongg' không tồn tại — có phải 'moi-truong'?"
            in result.stdout + result.stderr)
    assert not (proj / "site").exists()
