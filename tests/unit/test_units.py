"""Responsible units: one unit per spelling variant, near-duplicate warnings, tasks per unit."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from portal import routes
from portal.dates import as_datetime
from portal.models import Plan, Task
from portal.plans import parse_when
from portal.units import build_units, find_unit_problems, is_one_letter_apart, near_duplicate_pairs, unit_key


def plan(source: str, slug: str, issued: date, *tasks: Task) -> Plan:
    return Plan(
        kind="plan", source=source, slug=slug, url=routes.plan_url(slug), title=f"Kế hoạch {slug}",
        topics=("moi-truong",), date=as_datetime(issued), issued=issued, issuer="Sở Tài nguyên và Môi trường",
        tasks=tasks,
    )


def task(number: int, lead: str, *partners: str, when: str = "2024", line: int = 10) -> Task:
    """A task whose `lead` is on `line + 1` and partners on the following lines."""
    return Task(number, f"Nhiệm vụ {number}", lead, parse_when(when), partners, line=line, lead_line=line + 1,
                partner_lines=tuple(line + 3 + i for i in range(len(partners))))


# -- normalisation -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Phòng Quản lý môi trường", "phòng quản lý Môi Trường"),
        ("Phòng Quản lý môi trường", "  Phòng  Quản lý\tmôi trường "),
        ("Phòng Quản lý môi trường", unicodedata.normalize("NFD", "Phòng Quản lý môi trường")),
        ("Phòng Văn hóa và Thông tin", "Phòng Văn hoá và Thông tin"),
        ("Ủy ban nhân dân các huyện", "Uỷ ban nhân dân các huyện"),
        ("Đài Khí tượng thủy văn tỉnh", "Đài Khí tượng thuỷ văn tỉnh"),
        ("Phòng Kế hoạch – Tài chính", "Phòng Kế hoạch - Tài chính"),
        ("Phòng Kế hoạch – Tài chính", "Phòng Kế hoạch—Tài chính"),
        ("Các phòng, đơn vị thuộc Sở", "Các phòng ,đơn vị thuộc Sở"),
    ],
)
def test_spelling_variants_are_one_unit(a: str, b: str) -> None:
    assert unit_key(a) == unit_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Phòng Tài nguyên nước", "Phòng Tai nguyen nuoc"),
        ("Phòng Quản lý đất đai", "Phòng Quản lý môi trường"),
        ("Các Sở, ban, ngành", "Các Sở, ban, ngành có liên quan"),
        ("Hoàng Hoa", "Hoang Hoa"),
    ],
)
def test_different_names_stay_different_units(a: str, b: str) -> None:
    assert unit_key(a) != unit_key(b)


def test_tone_moves_only_in_open_syllables() -> None:
    # "hoàn" has its tone on "a" in both styles: nothing to move, and it is not "hòa n".
    assert unit_key("Hoàn thành") == "hoàn thành"
    assert unit_key("Hòa Bình") == unit_key("Hoà Bình") == "hoà bình"


# -- near duplicates -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("phòng quản lý môi trường", "phòng quản lý môi truờng", True),   # one letter replaced
        ("phòng quản lý môi trường", "phòng quản lý môi trờng", True),    # one letter missing
        ("văn phòng sở", "văn phòngg sở", True),                          # one letter added
        ("văn phòng sở", "văn hpòng sở", True),                           # two neighbours swapped
        ("phòng quảnlý môi trường", "phòng quản lý môi trường", True),    # a missing space
        ("văn phòng sở", "văn phòng sở", False),                          # identical
        ("văn phòng sở", "văn phong so", False),                          # two letters apart
        ("đội kiểm tra số 1", "đội kiểm tra số 2", False),                # numbered units
        ("đội kiểm tra số 1", "đội kiểm tra số 12", False),
        ("tổ a", "tổ b", False),                                          # lettered units
        ("phòng a", "phòng b", False),
    ],
)
def test_one_letter_apart(a: str, b: str, expected: bool) -> None:
    assert is_one_letter_apart(a, b) is expected
    assert is_one_letter_apart(b, a) is expected


def test_near_duplicate_pairs_only_pairs_close_names() -> None:
    keys = ["văn phòng sở", "văn phòng sỡ", "phòng quản lý đất đai", "phòng quản lý đất đại", "báo hà tĩnh",
            "báo hà tỉnh", "đài phát thanh"]
    assert near_duplicate_pairs(keys) == [
        ("báo hà tĩnh", "báo hà tỉnh"), ("phòng quản lý đất đai", "phòng quản lý đất đại"),
        ("văn phòng sở", "văn phòng sỡ"),
    ]


def test_near_duplicate_warning_names_both_spellings_and_files() -> None:
    plans = [
        plan("content/plans/a.md", "a", date(2024, 1, 5),
             task(1, "Phòng Quản lý môi trường", line=20), task(2, "Phòng Quản lý môi trường", line=30)),
        plan("content/plans/b.md", "b", date(2024, 3, 5),
             task(1, "Văn phòng Sở", "Phòng Quản lý môi truờng", line=40)),
    ]
    problems = find_unit_problems(plans)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.line, problem.rule, problem.severity) == (
        "content/plans/b.md", 43, "unit-near-duplicate", "warning")
    assert "'Phòng Quản lý môi truờng'" in problem.message
    assert "'Phòng Quản lý môi trường'" in problem.message
    assert "content/plans/a.md:21" in problem.message
    assert problem.format().startswith("content/plans/b.md:43: [unit-near-duplicate] đơn vị 'Phòng Quản lý môi truờng'")


def test_variants_that_normalise_alike_raise_no_warning() -> None:
    plans = [plan("content/plans/a.md", "a", date(2024, 1, 5),
                  task(1, "Phòng Văn hóa và Thông tin", "Ủy ban nhân dân tỉnh"),
                  task(2, "phòng văn hoá và thông tin", "Uỷ ban nhân dân  tỉnh"))]
    assert find_unit_problems(plans) == []


def test_no_warning_for_numbered_units() -> None:
    plans = [plan("content/plans/a.md", "a", date(2024, 1, 5), task(1, "Đội kiểm tra số 1"), task(2, "Đội kiểm tra số 2"))]
    assert find_unit_problems(plans) == []


# -- units and their tasks -----------------------------------------------------------------------

def test_units_gather_the_tasks_they_lead_and_support_across_plans() -> None:
    older = plan("content/plans/2023.md", "kh-2023", date(2023, 3, 6),
                 task(1, "Văn phòng Sở", "Báo Hà Tĩnh", when="2023-Q1"),
                 task(2, "Phòng Quản lý đất đai", "văn phòng sở", when="2023-07"))
    newer = plan("content/plans/2024.md", "kh-2024", date(2024, 8, 5),
                 task(1, "Văn phòng Sở", "Ủy ban nhân dân các huyện", when="2024"),
                 task(2, "Ủy ban nhân dân các huyện", "Văn phòng Sở", "VĂN PHÒNG SỞ", when="2024-Q3"))
    units = build_units([newer, older])
    names = [u.name for u in units.units]
    # Alphabetical the Vietnamese way: "Ủy" among the U's, before "Văn".
    assert names == ["Báo Hà Tĩnh", "Phòng Quản lý đất đai", "Ủy ban nhân dân các huyện", "Văn phòng Sở"]
    office = units.get("văn  phòng sở")
    assert office is not None and office.url == "don-vi/van-phong-so/"
    assert office.name == "Văn phòng Sở", "the spelling used most often"
    assert set(office.spellings) == {"Văn phòng Sở", "văn phòng sở", "VĂN PHÒNG SỞ"}
    # Newest timeline first; named twice in one task counts once.
    assert [(t.plan.slug, t.task.number, t.when_text) for t in office.leads] == [
        ("kh-2024", 1, "Năm 2024"), ("kh-2023", 1, "Quý I/2023")]
    assert [(t.plan.slug, t.task.number) for t in office.supports] == [("kh-2024", 2), ("kh-2023", 2)]
    assert office.plan_count == 2
    council = units.get("Uỷ ban nhân dân các huyện")
    assert council is not None
    assert [t.task.number for t in council.leads] == [2] and [t.task.number for t in council.supports] == [1]


def test_unit_slugs_are_unique_and_the_usual_spelling_keeps_the_plain_url() -> None:
    # Different units (by diacritics) that share an ASCII slug: the one named more often keeps it.
    units = build_units([plan("content/plans/a.md", "a", date(2024, 1, 5),
                              task(1, "Phòng Tai nguyen nuoc"), task(2, "Phòng Tài nguyên nước"),
                              task(3, "Phòng Tài nguyên nước"))])
    assert {u.name: u.url for u in units.units} == {
        "Phòng Tài nguyên nước": "don-vi/phong-tai-nguyen-nuoc/",
        "Phòng Tai nguyen nuoc": "don-vi/phong-tai-nguyen-nuoc-2/",
    }
