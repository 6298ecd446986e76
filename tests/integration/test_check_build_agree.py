"""`portal check` and `portal build` agree on hostile input (security review items 4, 5, 7).

Each file below passed `portal check` and then crashed or ran away in the build, or crashed the
check itself. Now both commands print the same `path:line: [rule] message` lines, exit 1, print
no traceback, and the build writes nothing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from helpers import article, make_project, run_portal

FILES = {
    "articles/2024/form-feed.md": article("Bài dán từ PDF", "2024-06-01", body="Trang một.\x0cTrang hai."),
    "articles/2024/escape.md": article('"Tiêu đề\\x01 lạ"', "2024-06-02"),
    "articles/2024/so-lon.md": article("9" * 5000, "2024-06-03"),
    "events/ca-ngay.md": "---\ntitle: Sự kiện cuối lịch\nstart: 2024-06-10\nend: 9999-12-31\ntopics: [moi-truong]\n---\n\nx\n",
    "events/nam-0001.md": "---\ntitle: Gõ nhầm năm\nstart: 0001-01-01 00:00+05:00\ntopics: [moi-truong]\n---\n\nx\n",
    "plans/han.md": ("---\ntitle: Kế hoạch\nissued: 2024-01-05\nissuer: Sở\ntopics: [moi-truong]\n"
                     "deadlines:\n  - date: 9999-12-31\n    what: Báo cáo\n---\n\nx\n"),
    "articles/x.md/trong-thu-muc.md": article("Bài trong thư mục tên .md", "2024-06-04"),
}
EXPECTED = [
    ("content/articles/2024/escape.md", 2, "char-invalid"),
    ("content/articles/2024/form-feed.md", 7, "char-invalid"),
    ("content/events/ca-ngay.md", 4, "date-implausible"),
    ("content/events/nam-0001.md", 3, "date-implausible"),
    ("content/plans/han.md", 7, "date-implausible"),
    ("content/articles/mat.md", 1, "file-missing"),
]


def problems(output: str) -> list[tuple[str, int, str]]:
    found = []
    for line in output.splitlines():
        if line.startswith("content/") and ": [" in line:
            where, rest = line.split(": [", 1)
            path, number = where.rsplit(":", 1)
            found.append((path, int(number), rest.split("]", 1)[0]))
    return found


def test_check_and_build_report_the_same_lines_and_write_nothing(tmp_path: Path):
    proj = make_project(tmp_path, FILES)
    os.symlink(tmp_path / "khong-co.md", proj / "content/articles/mat.md")
    check = run_portal(proj, "check")
    build = run_portal(proj, "build")
    for result in (check, build):
        assert result.returncode == 1
        assert "Traceback" not in result.stdout + result.stderr
    errors = [p for p in problems(check.stdout) if p[2] != "title-too-long"]
    assert sorted(errors) == sorted(EXPECTED)
    assert [p for p in problems(build.stdout) if p[2] != "title-too-long"] == errors
    assert not (proj / "site").exists()


def test_once_fixed_the_same_files_build(tmp_path: Path):
    fixed = dict(FILES)
    fixed["articles/2024/form-feed.md"] = article("Bài dán từ PDF", "2024-06-01", body="Trang một. Trang hai.")
    fixed["articles/2024/escape.md"] = article('"Tiêu đề lạ"', "2024-06-02")
    fixed["events/ca-ngay.md"] = fixed["events/ca-ngay.md"].replace("9999-12-31", "2024-06-12")
    fixed["events/nam-0001.md"] = fixed["events/nam-0001.md"].replace("0001-01-01", "2024-01-01")
    fixed["plans/han.md"] = fixed["plans/han.md"].replace("9999-12-31", "2024-12-31")
    proj = make_project(tmp_path, fixed)
    result = run_portal(proj, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    titles = (proj / "site/tin-tuc/index.html").read_text(encoding="utf-8")
    assert "9" * 5000 in (proj / "site/rss.xml").read_text(encoding="utf-8")
    assert "Bài trong thư mục tên .md" in titles


def test_a_control_character_pasted_into_a_setting_is_reported_by_both(tmp_path: Path):
    proj = make_project(tmp_path, {"articles/2024/a.md": article("Bài", "2024-06-01")})
    config = proj / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # A form feed pasted from a PDF into the department's name (a YAML escape, as an editor of mkdocs.yml may type).
    config.write_text(re.sub(r"(?m)^    organization: .*$",
                             lambda _: '    organization: "Sở Tài nguyên\\fvà Môi trường"', text),
                      encoding="utf-8")
    for command in ("check", "build"):
        result = run_portal(proj, command)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert "extra.portal.organization: có ký tự không in được" in result.stdout + result.stderr
    assert not (proj / "site").exists()
