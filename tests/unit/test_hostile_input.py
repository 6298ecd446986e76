"""Input that used to crash, run away or change silently (security review items 4, 5, 7, 9, 16, 17).

Each case is reported at its line in one run with every other problem; none raises.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from helpers import EPOCH, TOPICS, write_tree
from portal.agenda import build_agenda
from portal.dates import build_now
from portal.loader import LoadOptions, load_site

NOW = build_now({"SOURCE_DATE_EPOCH": EPOCH})  # 2024-06-17


def load(tmp_path: Path, files: dict[str, str | bytes], preview: bool = False):
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, **files})
    return load_site(tmp_path, LoadOptions(now=NOW, preview=preview))


def lines(problems) -> list[tuple[str, int, str]]:
    return [(p.path.rsplit("/", 1)[-1], p.line, p.rule) for p in problems]


def art(front: str, body: str = "Nội dung.") -> str:
    return f"---\n{front}---\n\n{body}\n"


BASE = "date: 2024-06-01\ntopics: [moi-truong]\n"


# -- 4. characters XML cannot carry ------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x0c", "\x01", "\x1b", "\x0b", "\ufffe"])
def test_a_control_character_in_the_body_is_reported_at_its_line(tmp_path: Path, char: str):
    site, problems = load(tmp_path, {"articles/a.md": art(f"title: Bài\n{BASE}", f"Dòng một.\n\nTrang hai{char}tiếp.")})
    assert lines(problems) == [("a.md", 9, "char-invalid")]
    assert f"U+{ord(char):04X}" in problems[0].message and "xoá" in problems[0].message


@pytest.mark.parametrize("escape", ["\\x01", "\\f", "\\e", "\\x0B", "\\uFFFF", "\\0", "\\x00"])
def test_a_control_character_written_as_a_yaml_escape_is_reported_at_its_key(tmp_path: Path, escape: str):
    _site, problems = load(tmp_path, {"articles/a.md": art(f'{BASE}title: "Tiêu đề{escape}lạ"\n')})
    assert lines(problems) == [("a.md", 4, "char-invalid")]


def test_a_control_character_in_a_list_item_and_in_topics_yml(tmp_path: Path):
    plan = ("---\ntitle: Kế hoạch\nissued: 2024-01-05\nissuer: Sở\ntopics: [moi-truong]\n"
            'bases:\n  - Luật Bảo vệ môi trường\n  - "Nghị định\\x02 08/2022"\n---\n\nNội dung.\n')
    topics = TOPICS + '- slug: khi-tuong\n  name: "Khí\\ftượng"\n'
    _site, problems = load(tmp_path, {"plans/kh.md": plan, "topics.yml": topics})
    assert lines(problems) == [("kh.md", 8, "char-invalid"), ("topics.yml", 9, "char-invalid")]


def test_a_form_feed_pasted_in_the_front_matter_is_one_problem_and_the_rest_is_still_checked(tmp_path: Path):
    _site, problems = load(tmp_path, {"articles/a.md": art(f"title: Bài\x0cmột\n{BASE}tittle: x\n")})
    assert lines(problems) == [("a.md", 2, "char-invalid"), ("a.md", 5, "key-unknown")]


# -- 5. implausible years ----------------------------------------------------------------------

@pytest.mark.parametrize("when", ["0001-01-01", "0224-06-01", "1500-01-01", "2204-06-01", "9999-12-31",
                                  "0001-01-01 00:00+05:00", "9999-12-31 23:59-14:00"])
def test_an_event_in_an_implausible_year_is_reported(tmp_path: Path, when: str):
    event = art(f"title: Sự kiện\nstart: {when}\ntopics: [moi-truong]\n")
    site, problems = load(tmp_path, {"events/e.md": event})
    assert lines(problems) == [("e.md", 3, "date-implausible")]
    assert "1945–2044" in problems[0].message
    assert site.events == []


def test_campaign_activities_deadlines_and_tasks_are_bounded_too(tmp_path: Path):
    campaign = art("title: Chiến dịch\nstart: 0001-01-01\nend: 9999-12-31\ntopics: [moi-truong]\n"
                   "activities:\n  - title: Mở màn\n    date: 1066-10-14\n")
    plan = art("title: Kế hoạch\nissued: 2024-01-05\nissuer: Sở\ntopics: [moi-truong]\n"
               "tasks:\n  - task: Việc\n    lead: Phòng\n    when: 0001/9999\n"
               "deadlines:\n  - date: 9999-12-31\n    what: Báo cáo\n")
    _site, problems = load(tmp_path, {"campaigns/c.md": campaign, "plans/p.md": plan})
    assert lines(problems) == [("c.md", 3, "date-implausible"), ("c.md", 4, "date-implausible"),
                               ("c.md", 8, "date-implausible"), ("p.md", 9, "date-implausible"),
                               ("p.md", 11, "date-implausible")]


def test_the_year_window_is_a_setting(tmp_path: Path):
    from portal.settings import Settings
    write_tree(tmp_path / "content", {"topics.yml": TOPICS,
                                      "articles/a.md": art("title: Tư liệu\ndate: 1930-02-03\ntopics: [moi-truong]\n")})
    settings, errors = Settings.from_mapping({"min_year": 1900, "max_years_ahead": 5})
    assert errors == []
    _site, problems = load_site(tmp_path, LoadOptions(now=NOW, settings=settings))
    assert problems == []


def test_the_calendar_never_expands_beyond_its_window(tmp_path: Path):
    # The widest spans the window admits: a campaign and a task from 1945 to 2044.
    campaign = art("title: Chiến dịch dài\nstart: 1945-01-01\nend: 2044-12-31\ntopics: [moi-truong]\n")
    plan = art("title: Kế hoạch dài\nissued: 2024-01-05\nissuer: Sở\ntopics: [moi-truong]\n"
               "tasks:\n  - task: Việc\n    lead: Phòng\n    when: 1945/2044\n")
    site, problems = load(tmp_path, {"campaigns/c.md": campaign, "plans/p.md": plan})
    assert problems == []
    agenda = build_agenda(site)
    # From 20 years before the build's month to 12 months after it (no entry starts later).
    assert agenda.months[0] == (2004, 6) and agenda.months[-1] == (2025, 6)
    assert len(agenda.months) == 21 * 12 + 1
    assert min(agenda.by_day) == date(2004, 6, 1) and max(agenda.by_day) == date(2025, 6, 30)
    assert len(agenda.by_day) == (date(2025, 6, 30) - date(2004, 6, 1)).days + 1


# -- 7. what used to raise -------------------------------------------------------------------

def test_a_five_thousand_digit_number_is_text(tmp_path: Path):
    digits = "9" * 5000
    site, problems = load(tmp_path, {"articles/a.md": art(f"title: {digits}\n{BASE}author: {digits}\n")})
    assert problems == [] or all(p.rule == "title-too-long" for p in problems)
    assert site.articles[0].title == digits


def test_a_folder_named_like_a_markdown_file_is_read_as_a_folder(tmp_path: Path):
    site, problems = load(tmp_path, {"articles/x.md/b.md": art(f"title: Bài trong thư mục\n{BASE}")})
    assert problems == []
    assert [a.title for a in site.articles] == ["Bài trong thư mục"]


def test_a_dangling_markdown_link_is_reported(tmp_path: Path):
    write_tree(tmp_path / "content", {"topics.yml": TOPICS})
    (tmp_path / "content/articles").mkdir()
    os.symlink(tmp_path / "khong-co.md", tmp_path / "content/articles/mat.md")
    _site, problems = load_site(tmp_path, LoadOptions(now=NOW))
    assert lines(problems) == [("mat.md", 1, "file-missing")]


# -- 9. YAML 1.1 coercion ---------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["0012", "12:30", "1e3", "0x1F", "1_000", ".5", "+12", "1:20:30", "0o17", ".inf"])
def test_text_that_looks_like_a_number_stays_as_typed(tmp_path: Path, typed: str):
    plan = art(f"title: {typed}\nissued: 2024-01-05\nissuer: Sở\nnumber: {typed}\ntopics: [moi-truong]\n")
    site, problems = load(tmp_path, {"plans/p.md": plan})
    assert [p for p in problems if p.is_error] == []
    assert (site.plans[0].title, site.plans[0].number) == (typed, typed)


def test_a_title_like_a_time_keeps_its_url(tmp_path: Path):
    site, _ = load(tmp_path, {"articles/a.md": art(f"title: 12:30\n{BASE}")})
    assert site.articles[0].url == "tin-tuc/2024/06/12-30/"


# -- 16. symlinks out of content/ -------------------------------------------------------------

def test_a_markdown_link_to_outside_content_is_not_read(tmp_path: Path):
    secret = tmp_path / "secret.md"
    secret.write_text(art(f"title: Bí mật\n{BASE}"), encoding="utf-8")
    write_tree(tmp_path / "content", {"topics.yml": TOPICS})
    (tmp_path / "content/articles").mkdir()
    os.symlink(secret, tmp_path / "content/articles/link.md")
    (tmp_path / "content/events").symlink_to(tmp_path, target_is_directory=True)  # a folder link too
    site, problems = load_site(tmp_path, LoadOptions(now=NOW))
    assert site.articles == [] and site.events == []
    assert {(p.path, p.rule) for p in problems} >= {("content/articles/link.md", "path-outside")}
    assert all(p.rule == "path-outside" for p in problems)


def test_a_markdown_link_inside_content_is_read(tmp_path: Path):
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, "articles/goc/a.md": art(f"title: Bài\n{BASE}")})
    os.symlink(tmp_path / "content/articles/goc/a.md", tmp_path / "content/articles/b.md")
    site, problems = load_site(tmp_path, LoadOptions(now=NOW))
    # Both names are read; being the same article twice, one of them is reported as a copy.
    assert sorted(a.source for a in site.articles) == ["content/articles/b.md", "content/articles/goc/a.md"]
    assert [(p.path, p.rule) for p in problems] == [("content/articles/goc/a.md", "item-copy")]


# -- 17. characters YAML takes for line breaks --------------------------------------------------

@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_hidden_line_breaks_do_not_shift_reported_lines(tmp_path: Path, char: str):
    front = f"title: Bài{char}một\nsummary: Tóm{char}tắt\n{BASE}tittle: x\n"
    site, problems = load(tmp_path, {"articles/a.md": art(front)})
    assert lines(problems) == [("a.md", 2, "char-linebreak"), ("a.md", 3, "char-linebreak"), ("a.md", 6, "key-unknown")]
    assert [p.severity for p in problems[:2]] == ["warning", "warning"]
