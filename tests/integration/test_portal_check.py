"""`portal check`: validates content/ without building; exit code and output for editors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import EPOCH, article, make_project

PORTAL = Path(sys.executable).parent / "portal"


def check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert PORTAL.is_file(), "the setup command installs the `portal` console script next to python"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([str(PORTAL), "check", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_valid_content_exits_zero(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {"articles/a.md": article("Tin hợp lệ", "2024-06-05")})
    result = check(proj)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Không có lỗi. Tổng cộng: 0 lỗi, 0 cảnh báo.\n"
    assert not (proj / "site").exists()


def test_errors_are_listed_one_per_line_and_exit_one(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {
        "articles/a.md": article("Tin một", "2024-06-31"),
        "articles/b.md": article("Tin hai", "2024-06-05", "[moi-truong, dat-dai]"),
        "events/c.md": "---\ntitle: Hội nghị\nstart: 2024-06-10\ntopic: [moi-truong]\n---\n",
    })
    result = check(proj)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/articles/a.md:3: [date-invalid] ngày không hợp lệ '2024-06-31': "
        "ngày 31/06/2024 không có thật: tháng 6 năm 2024 có 30 ngày",
        "content/articles/b.md:4: [topic-unknown] lĩnh vực 'dat-dai' không tồn tại",
        "content/events/c.md:2: [key-missing] thiếu khoá bắt buộc 'topics'",
        "content/events/c.md:4: [key-unknown] khoá 'topic' không được hỗ trợ — dùng khoá 'topics'",
    ]
    assert result.stderr == "Tổng cộng: 4 lỗi, 0 cảnh báo.\n"


def test_warnings_alone_do_not_fail(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {
        "articles/a.md": article("Tin hợp lệ", "2024-06-05"),
        "ghi-chu.md": "Ghi chú của biên tập viên.\n",
    })
    result = check(proj)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "content/ghi-chu.md:1: [path-unknown] 'ghi-chu.md' không thuộc thư mục nội dung nào "
        "(articles, campaigns, plans, events, documents) nên bị bỏ qua",
        "Tổng cộng: 0 lỗi, 1 cảnh báo.",
    ]


def test_runs_from_a_subfolder_of_the_project(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {"articles/2024/a.md": article("Tin một", "2024-06-31")})
    result = check(proj / "content" / "articles" / "2024")
    assert result.returncode == 1
    assert result.stdout.startswith("content/articles/2024/a.md:3: [date-invalid]")


def test_root_option(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {"articles/a.md": article("Tin một", "2024-06-31")})
    result = check(tmp_path, "--root", str(proj))
    assert result.returncode == 1
    assert result.stdout.startswith("content/articles/a.md:3:")
