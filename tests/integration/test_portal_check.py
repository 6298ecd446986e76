"""`portal check`: validates content/ without building; exit code and output for editors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import EPOCH, article, make_project, run_portal

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
    assert result.stdout == "Không có lỗi. Tổng cộng: 0 lỗi, 0 cảnh báo.\nKhông có bản nháp hay mục hẹn giờ.\n"
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
    assert result.stderr == "Tổng cộng: 4 lỗi, 0 cảnh báo.\nKhông có bản nháp hay mục hẹn giờ.\n"


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
        "Không có bản nháp hay mục hẹn giờ.",
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


def test_ends_with_the_drafts_and_scheduled_items_and_the_next_to_go_live(tmp_path: Path) -> None:
    # "Now" is 2024-06-17 11:53 (EPOCH): an article at 08:00 today is published, one at 14:00 is not yet.
    proj = make_project(tmp_path, {
        "articles/2024/a-sau.md": article("Hẹn đăng ngày mai", "2024-06-18 08:00"),
        "articles/2024/b-som.md": article("Hẹn đăng chiều nay", "2024-06-17 14:00"),
        "articles/2024/c-da-dang.md": article("Đã đăng sáng nay", "2024-06-17 08:00"),
        "articles/2024/d-nhap.md": article("Bản nháp hẹn ngày", "2024-06-19", extra="draft: true\n"),
    })
    for args in ((), ("--preview",)):  # the preview shows them, marked; the count is the same
        result = run_portal(proj, "check", *args)  # python -m portal.cli check … --root PROJ
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [
            "Không có lỗi. Tổng cộng: 0 lỗi, 0 cảnh báo.",
            "Có 1 bản nháp và 2 mục hẹn giờ đăng; mục kế tiếp lên trang lúc 14:00 Thứ Hai, 17/06/2024: "
            "content/articles/2024/b-som.md",
        ]


def test_a_plan_issued_on_a_later_day_goes_live_that_day(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {
        "articles/a.md": article("Tin đã đăng", "2024-06-05"),
        "plans/2024/kh.md": "---\ntitle: Kế hoạch\nissued: 2024-06-19\nissuer: Sở\ntopics: [moi-truong]\n---\n",
    })
    result = run_portal(proj, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "Có 0 bản nháp và 1 mục hẹn giờ đăng; mục kế tiếp lên trang vào Thứ Tư, 19/06/2024: content/plans/2024/kh.md")


def test_says_briefly_when_there_is_no_draft_and_nothing_scheduled(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {"articles/a.md": article("Tin đã đăng", "2024-06-05")})
    result = run_portal(proj, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Không có bản nháp hay mục hẹn giờ."
