"""Loading and validating content/: one fixture file per error class, exact `path:line: [rule] message`.

The fixtures live in tests/fixtures/content/ (a content tree: topics.yml, one valid campaign, one
valid plan and an image are the base; every other file is one case, named for it). Each case is
loaded alone on top of the base, so its problems are exactly the expected lines; the whole tree
loaded at once shows that every problem of a run is reported together.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from helpers import EPOCH, FIXTURES, write_tree
from portal.dates import VN_TZ, build_now
from portal.errors import Problem
from portal.loader import LoadOptions, load_site
from portal.models import Site

NOW = build_now({"SOURCE_DATE_EPOCH": EPOCH})  # 2024-06-17 11:53 +07:00
FIXTURE_CONTENT = FIXTURES / "content"
BASE = (
    "topics.yml",
    "campaigns/gio-trai-dat-2024.md",
    "plans/ke-hoach-ngay-nuoc-the-gioi-2024.md",
    "articles/anh/cua-song.png",
)

A = "content/articles/"
CASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # case: (fixture files besides the base, the exact problem lines)
    "article_missing_date": (
        ("articles/article_missing_date.md",),
        (f"{A}article_missing_date.md:2: [key-missing] thiếu khoá bắt buộc 'date'",),
    ),
    "article_unknown_key": (
        ("articles/article_unknown_key.md",),
        (
            f"{A}article_unknown_key.md:2: [key-missing] thiếu khoá bắt buộc 'title'",
            f"{A}article_unknown_key.md:2: [key-unknown] khoá 'tittle' không được hỗ trợ — có phải 'title'?",
        ),
    ),
    "article_yaml_error": (
        ("articles/article_yaml_error.md",),
        (
            f"{A}article_yaml_error.md:2: [yaml-invalid] YAML không hợp lệ: giá trị có dấu ':' phải đặt trong "
            'dấu ngoặc kép: title: "Hội thảo: nước sạch cho vùng cao"',
        ),
    ),
    "article_bad_date": (
        ("articles/article_bad_date.md",),
        (
            f"{A}article_bad_date.md:3: [date-invalid] ngày không hợp lệ '2024-13-05': "
            "không có tháng 13 (tháng từ 1 tới 12)",
        ),
    ),
    "article_unknown_topic": (
        ("articles/article_unknown_topic.md",),
        (f"{A}article_unknown_topic.md:6: [topic-unknown] lĩnh vực 'moi-truogn' không tồn tại — có phải 'moi-truong'?",),
    ),
    "article_unknown_campaign": (
        ("articles/article_unknown_campaign.md",),
        (
            f"{A}article_unknown_campaign.md:5: [campaign-unknown] chiến dịch 'gio-trai-dat-2042' không tồn tại"
            " — có phải 'gio-trai-dat-2024'?",
        ),
    ),
    "article_unknown_plan": (
        ("articles/article_unknown_plan.md",),
        (
            f"{A}article_unknown_plan.md:5: [plan-unknown] kế hoạch 'ngay-nuoc-the-gioi-2023' không tồn tại"
            " — có phải 'ngay-nuoc-the-gioi-2024'?",
        ),
    ),
    "article_image_missing": (
        ("articles/article_image_missing.md",),
        (f"{A}article_image_missing.md:5: [image-missing] không tìm thấy ảnh 'anh/rung-ngap-man.jpg'",),
    ),
    "article_image_without_alt": (
        ("articles/article_image_without_alt.md",),
        (
            f"{A}article_image_without_alt.md:5: [image-alt-missing] ảnh đại diện cần có 'image_alt' "
            "(mô tả nội dung ảnh cho người khiếm thị)",
        ),
    ),
    "article_path_outside": (
        ("articles/article_path_outside.md",),
        (f"{A}article_path_outside.md:5: [path-outside] ảnh '../../../x.jpg' nằm ngoài thư mục content/",),
    ),
    "article_not_utf8": (
        ("articles/article_not_utf8.md",),
        (f"{A}article_not_utf8.md:2: [encoding] tệp không phải UTF-8 (hãy lưu lại tệp với mã hoá UTF-8)",),
    ),
    "article_body_image_missing": (
        ("articles/article_body_image_missing.md",),
        (f"{A}article_body_image_missing.md:9: [image-missing] không tìm thấy ảnh 'anh/tram-quan-trac.png'",),
    ),
    "article_duplicate_slug": (
        ("articles/article_duplicate_slug_a.md", "articles/article_duplicate_slug_b.md"),
        (
            f"{A}article_duplicate_slug_b.md:5: [slug-duplicate] slug 'ngay-moi-truong' đã được dùng trong "
            f"{A}article_duplicate_slug_a.md:5 (hai trang sẽ trùng địa chỉ)",
        ),
    ),
    "event_end_before_start": (
        ("events/event_end_before_start.md",),
        ("content/events/event_end_before_start.md:4: [end-before-start] 'end' (05/06/2024) trước 'start' (10/06/2024)",),
    ),
    "campaign_end_before_start": (
        ("campaigns/campaign_end_before_start.md",),
        (
            "content/campaigns/campaign_end_before_start.md:4: [end-before-start] "
            "'end' (01/06/2024) trước 'start' (08/06/2024)",
        ),
    ),
    "plan_bad_when": (
        ("plans/plan_bad_when.md",),
        (
            "content/plans/plan_bad_when.md:12: [when-invalid] nhiệm vụ 2: thời gian '2024-Q5' không hợp lệ "
            "(dùng YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD hoặc BẮT-ĐẦU/KẾT-THÚC)",
        ),
    ),
}

# Fixture files that are valid on their own (their behaviour is asserted below, not as problems).
VALID_CASE_FILES = (
    "articles/article_default_slug_mua_da.md",
    "articles/article_default_slug_mua_da_ascii.md",
    "articles/article_nfd_text.md",
)


def load(root: Path, *, preview: bool = False, now: datetime = NOW) -> tuple[Site, list[Problem]]:
    return load_site(root, LoadOptions(now=now, preview=preview))


def lines(problems: list[Problem]) -> list[str]:
    return [p.format() for p in problems]


def project_with(tmp_path: Path, files: tuple[str, ...]) -> Path:
    """Copy the base fixtures plus `files` into tmp_path/content; return tmp_path."""
    for rel in (*BASE, *files):
        target = tmp_path / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURE_CONTENT / rel, target)
    return tmp_path


def test_every_fixture_file_is_a_case_or_the_base() -> None:
    """A fixture added without an expectation would silently test nothing."""
    on_disk = {p.relative_to(FIXTURE_CONTENT).as_posix() for p in FIXTURE_CONTENT.rglob("*") if p.is_file()}
    named = set(BASE) | set(VALID_CASE_FILES) | {f for files, _ in CASES.values() for f in files}
    assert on_disk == named


def test_base_fixtures_are_valid(tmp_path: Path) -> None:
    site, problems = load(project_with(tmp_path, ()))
    assert problems == []
    assert [c.slug for c in site.campaigns] == ["gio-trai-dat-2024"]
    assert [p.slug for p in site.plans] == ["ngay-nuoc-the-gioi-2024"]
    assert list(site.topics) == ["moi-truong", "tai-nguyen-nuoc", "bien-hai-dao"]


@pytest.mark.parametrize("case", list(CASES))
def test_error_case_reports_exact_line(tmp_path: Path, case: str) -> None:
    files, expected = CASES[case]
    _site, problems = load(project_with(tmp_path, files))
    assert lines(problems) == list(expected)
    assert all(p.is_error for p in problems)


def test_all_problems_of_a_run_are_reported_at_once() -> None:
    """The whole fixture tree has many broken files: every one of them is listed, in a stable order."""
    _site, problems = load(FIXTURES)
    expected = [line for _files, case_lines in CASES.values() for line in case_lines]
    assert Counter(lines(problems)) == Counter(expected)
    assert problems == sorted(problems, key=lambda p: (p.path, p.line, p.rule, p.message))


def test_broken_files_are_skipped_and_the_rest_is_loaded() -> None:
    site, _problems = load(FIXTURES)
    sources = {a.source for a in site.articles}
    assert "content/articles/article_missing_date.md" not in sources
    assert "content/articles/article_not_utf8.md" not in sources
    assert "content/articles/article_default_slug_mua_da.md" in sources
    # The first of two equal explicit slugs keeps it; the second is not published under it.
    assert [a.source for a in site.articles if a.slug == "ngay-moi-truong"] == [
        "content/articles/article_duplicate_slug_a.md"
    ]


def test_default_slug_collision_gets_deterministic_suffix(tmp_path: Path) -> None:
    """'Mưa đá' and 'Mua đá' both publish; the later one (by date) gets `-2`, whatever the file order."""
    site, problems = load(project_with(tmp_path, VALID_CASE_FILES[:2]))
    assert problems == []
    urls = {a.title: a.url for a in site.articles}
    assert urls == {"Mưa đá": "tin-tuc/2024/04/mua-da/", "Mua đá": "tin-tuc/2024/04/mua-da-2/"}
    # Same load again: same answer (no dependency on dict or filesystem order).
    again, _ = load(tmp_path)
    assert {a.title: a.url for a in again.articles} == urls


def test_default_slug_collision_on_same_date_is_ordered_by_path(tmp_path: Path) -> None:
    write_tree(tmp_path / "content", {
        "topics.yml": "- slug: moi-truong\n  name: Môi trường\n",
        "articles/b.md": "---\ntitle: Mưa đá\ndate: 2024-04-10\ntopics: [moi-truong]\n---\nB\n",
        "articles/a.md": "---\ntitle: Mua đá\ndate: 2024-04-10\ntopics: [moi-truong]\n---\nA\n",
    })
    site, problems = load(tmp_path)
    assert problems == []
    assert {a.source: a.slug for a in site.articles} == {
        "content/articles/a.md": "mua-da", "content/articles/b.md": "mua-da-2",
    }


def test_explicit_slug_wins_over_an_equal_default_slug(tmp_path: Path) -> None:
    write_tree(tmp_path / "content", {
        "topics.yml": "- slug: moi-truong\n  name: Môi trường\n",
        "articles/a.md": "---\ntitle: Mưa đá\ndate: 2024-04-01\ntopics: [moi-truong]\n---\nA\n",
        "articles/b.md": "---\ntitle: Bão số 3\ndate: 2024-04-20\ntopics: [moi-truong]\nslug: mua-da\n---\nB\n",
    })
    site, problems = load(tmp_path)
    assert problems == []
    assert {a.source: a.slug for a in site.articles} == {
        "content/articles/a.md": "mua-da-2", "content/articles/b.md": "mua-da",
    }


def test_nfd_text_is_normalised_to_nfc_and_the_file_is_untouched(tmp_path: Path) -> None:
    root = project_with(tmp_path, ("articles/article_nfd_text.md",))
    path = root / "content/articles/article_nfd_text.md"
    before = path.read_bytes()
    site, problems = load(root)
    assert problems == []
    (article,) = site.articles
    assert article.title == unicodedata.normalize("NFC", "Đất đai và tài nguyên nước")
    assert unicodedata.is_normalized("NFC", article.title)
    assert unicodedata.is_normalized("NFC", article.author) and article.author == "Phòng Tài nguyên nước"
    assert unicodedata.is_normalized("NFC", article.body) and "bộ gõ tổ hợp" in article.body
    assert article.slug == "dat-dai-va-tai-nguyen-nuoc"
    assert path.read_bytes() == before


def _draft_and_scheduled(tmp_path: Path) -> Path:
    write_tree(tmp_path / "content", {
        "topics.yml": "- slug: moi-truong\n  name: Môi trường\n",
        "articles/cong-khai.md": "---\ntitle: Tin đã đăng\ndate: 2024-06-01\ntopics: [moi-truong]\n---\nA\n",
        "articles/ban-nhap.md": (
            "---\ntitle: Bản nháp tin hội nghị\ndate: 2024-06-02\ntopics: [moi-truong]\ndraft: true\n---\nB\n"
        ),
        "articles/hen-gio.md": "---\ntitle: Tin hẹn giờ\ndate: 2024-07-01\ntopics: [moi-truong]\n---\nC\n",
        # Today (2024-06-17, now 11:53): a date-only article is published, a later hour is scheduled.
        "articles/hom-nay.md": "---\ntitle: Tin hôm nay\ndate: 2024-06-17\ntopics: [moi-truong]\n---\nD\n",
        "articles/sang-nay.md": "---\ntitle: Tin sáng nay\ndate: 2024-06-17 08:00\ntopics: [moi-truong]\n---\nE\n",
        "articles/chieu-nay.md": "---\ntitle: Tin chiều nay\ndate: 2024-06-17 18:00\ntopics: [moi-truong]\n---\nF\n",
        "plans/ke-hoach-sap-ban-hanh.md": (
            "---\ntitle: Kế hoạch sắp ban hành\nissued: 2024-06-20\nissuer: Sở\ntopics: [moi-truong]\n---\nG\n"
        ),
    })
    return tmp_path


def test_drafts_and_scheduled_items_are_absent_from_a_normal_load(tmp_path: Path) -> None:
    site, problems = load(_draft_and_scheduled(tmp_path))
    assert problems == []
    assert [a.title for a in site.articles] == ["Tin sáng nay", "Tin hôm nay", "Tin đã đăng"]
    assert site.plans == []
    assert all(item.is_public for item in site.items())


def test_preview_includes_drafts_and_scheduled_items_flagged(tmp_path: Path) -> None:
    site, problems = load(_draft_and_scheduled(tmp_path), preview=True)
    assert problems == []
    flags = {a.title: (a.draft, a.scheduled) for a in site.articles}
    assert flags == {
        "Tin đã đăng": (False, False),
        "Bản nháp tin hội nghị": (True, False),
        "Tin hẹn giờ": (False, True),
        "Tin hôm nay": (False, False),
        "Tin sáng nay": (False, False),
        "Tin chiều nay": (False, True),
    }
    assert [(p.title, p.scheduled) for p in site.plans] == [("Kế hoạch sắp ban hành", True)]
    assert site.preview is True


def test_scheduled_item_is_published_once_the_build_date_passes(tmp_path: Path) -> None:
    root = _draft_and_scheduled(tmp_path)
    later = datetime(2024, 7, 1, 0, 0, tzinfo=VN_TZ)
    site, _ = load(root, now=later)
    assert "Tin hẹn giờ" in [a.title for a in site.articles]
    assert "Bản nháp tin hội nghị" not in [a.title for a in site.articles]


def test_unknown_topic_in_a_flow_list_and_duplicate_key(tmp_path: Path) -> None:
    write_tree(tmp_path / "content", {
        "topics.yml": "- slug: moi-truong\n  name: Môi trường\n",
        "articles/a.md": (
            "---\ntitle: Tin một\ndate: 2024-06-01\ntopics: [moi-truong, moi truong]\ntitle: Tin hai\n---\nA\n"
        ),
    })
    _site, problems = load(tmp_path)
    assert lines(problems) == [
        "content/articles/a.md:4: [topic-unknown] lĩnh vực 'moi truong' không tồn tại — lĩnh vực 'Môi trường' viết là 'moi-truong'",
        "content/articles/a.md:5: [key-duplicate] khoá 'title' được khai báo nhiều lần",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: Không có front matter\n",
         "1: [frontmatter-missing] thiếu phần khai báo đầu tệp (front matter) giữa hai dòng '---'"),
        ("---\ntitle: Chưa đóng\ndate: 2024-06-01\n",
         "1: [frontmatter-unclosed] phần khai báo đầu tệp chưa được đóng bằng dòng '---'"),
        ("---\ntitle: Sai slug\ndate: 2024-06-01\ntopics: [moi-truong]\nslug: Ngay-Moi-Truong\n---\nA\n",
         "5: [slug-invalid] slug 'Ngay-Moi-Truong' chỉ được gồm chữ thường a-z, số và dấu '-' (tối đa 80 ký tự)"),
        ("---\ntitle: Nháp\ndate: 2024-06-01\ntopics: [moi-truong]\ndraft: có\n---\nA\n",
         "5: [type-invalid] 'draft' phải là true hoặc false"),
        ("---\ntitle: Ngày kiểu cũ\ndate: 05/06/2024\ntopics: [moi-truong]\n---\nA\n",
         "3: [date-invalid] ngày không hợp lệ '05/06/2024': viết là 2024-06-05"),
        ("---\ntitle: Không lĩnh vực\ndate: 2024-06-01\ntopics: []\n---\nA\n",
         "4: [key-missing] 'topics' cần ít nhất một lĩnh vực"),
        ("---\ntitle: Ảnh ngoài\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\n![Biển](https://cdn.example.com/b.jpg)\n",
         "7: [image-external] ảnh 'https://cdn.example.com/b.jpg' phải là tệp trong content/ "
         "(trang không tải tài nguyên từ máy chủ khác)"),
        ("---\ntitle: Liên kết hỏng\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\nXem [bài cũ](bai-cu.md).\n",
         "7: [link-broken] không tìm thấy tệp liên kết 'bai-cu.md'"),
    ],
    ids=["no-front-matter", "unclosed", "bad-slug", "draft-not-bool", "dd-mm-yyyy", "empty-topics",
         "external-image", "broken-link"],
)
def test_more_article_mistakes(tmp_path: Path, text: str, expected: str) -> None:
    write_tree(tmp_path / "content", {"topics.yml": "- slug: moi-truong\n  name: Môi trường\n"})
    (tmp_path / "content/articles").mkdir()
    (tmp_path / "content/articles/a.md").write_text(text, encoding="utf-8")
    _site, problems = load(tmp_path)
    assert lines(problems) == [f"content/articles/a.md:{expected}"]


def test_event_plan_and_task_mistakes(tmp_path: Path) -> None:
    write_tree(tmp_path / "content", {
        "topics.yml": "- slug: moi-truong\n  name: Môi trường\n",
        "campaigns/thang-hanh-dong.md": (
            "---\ntitle: Tháng hành động\nslug: thang-hanh-dong-2024\nstart: 2024-05-01\nend: 2024-05-31\n"
            "topics: [moi-truong]\n---\nA\n"
        ),
        "events/hoi-nghi.md": (
            "---\ntitle: Hội nghị\nstart: 2024-06-10\nend: 2024-06-10 17:00\ntopics: [moi-truong]\n---\nB\n"
        ),
        "plans/ke-hoach.md": """\
            ---
            title: Kế hoạch
            issued: 2024-02-01
            topics: [moi-truong]
            attachment: van-ban/ke-hoach.pdf
            tasks:
              - task: Mít tinh
                lead: Văn phòng
                when: 2024-05
                campaign: thang-hanh-dong-2042
              - task: Báo cáo
                leader: Văn phòng
                when: 2024-12
            ---
            C
            """,
    })
    site, problems = load(tmp_path)
    assert lines(problems) == [
        "content/events/hoi-nghi.md:4: [date-mixed] 'start' và 'end' phải cùng dạng: cả hai là ngày, hoặc cả hai có giờ",
        "content/plans/ke-hoach.md:2: [key-missing] thiếu khoá bắt buộc 'issuer'",
        "content/plans/ke-hoach.md:5: [file-missing] không tìm thấy tệp đính kèm 'van-ban/ke-hoach.pdf'",
        # Checked although the plan lacks 'issuer' (all problems in one run), at the `campaign:` key.
        "content/plans/ke-hoach.md:10: [campaign-unknown] nhiệm vụ 1: chiến dịch 'thang-hanh-dong-2042' không tồn tại"
        " — có phải 'thang-hanh-dong-2024'?",
        "content/plans/ke-hoach.md:11: [key-missing] nhiệm vụ 2: thiếu khoá bắt buộc 'lead'",
        "content/plans/ke-hoach.md:12: [key-unknown] nhiệm vụ 2: khoá 'leader' không được hỗ trợ — có phải 'lead'?",
    ]
    assert site.plans == []  # incomplete: checked, not published


def test_topics_and_observances_mistakes(tmp_path: Path) -> None:
    write_tree(tmp_path / "content", {
        "topics.yml": """\
            - slug: moi-truong
              name: Môi trường
            - slug: Tai nguyen nuoc
              name: Tài nguyên nước
            - slug: moi-truong
              name: Môi trường (lặp)
            - slug: bien-hai-dao
            """,
        "observances.yml": """\
            - title: Ngày Nước thế giới
              date: "22-03"
              topics: [tai-nguyen-nuoc]
            - title: Ngày Môi trường thế giới
              date: "06-05"
              topics: [moi-truong]
            - title: Tuần lễ Biển
              start: "06-01"
            """,
    })
    site, problems = load(tmp_path)
    assert lines(problems) == [
        "content/observances.yml:2: [date-invalid] ngày không hợp lệ '22-03' (dùng dạng \"MM-DD\", ví dụ \"03-22\")",
        "content/observances.yml:3: [topic-unknown] lĩnh vực 'tai-nguyen-nuoc' không tồn tại",
        "content/observances.yml:7: [key-missing] thiếu 'date' (MM-DD) hoặc cặp 'start'/'end'",
        "content/topics.yml:3: [slug-invalid] slug 'Tai nguyen nuoc' chỉ được gồm chữ thường a-z, số và dấu '-'",
        "content/topics.yml:5: [topic-duplicate] lĩnh vực 'moi-truong' đã được khai báo ở dòng 1",
        "content/topics.yml:7: [key-missing] thiếu khoá bắt buộc 'name'",
    ]
    assert list(site.topics) == ["moi-truong"]
    assert [(o.title, o.start, o.end) for o in site.observances] == [("Ngày Môi trường thế giới", (6, 5), (6, 5))]


def test_markdown_outside_the_kind_folders_is_a_warning_but_an_image_folder_is_not(tmp_path: Path) -> None:
    write_tree(tmp_path / "content", {
        "topics.yml": "- slug: moi-truong\n  name: Môi trường\n",
        "ghi-chu.md": "# Ghi chú\n",
        "anh/bien.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "tin-tuc/a.md": "---\ntitle: Đặt nhầm thư mục\n---\n",
    })
    _site, problems = load(tmp_path)
    assert [(p.format(), p.severity) for p in problems] == [
        ("content/ghi-chu.md:1: [path-unknown] 'ghi-chu.md' không thuộc thư mục nội dung nào "
         "(articles, campaigns, plans, events, documents) nên bị bỏ qua", "warning"),
        ("content/tin-tuc:1: [path-unknown] 'tin-tuc' không thuộc thư mục nội dung nào "
         "(articles, campaigns, plans, events, documents) nên bị bỏ qua", "warning"),
    ]


def test_valid_article_fields_are_typed(tmp_path: Path) -> None:
    write_tree(tmp_path / "content", {
        "topics.yml": "- slug: moi-truong\n  name: Môi trường\n- slug: bien-hai-dao\n  name: Biển và hải đảo\n",
        "articles/2024/anh/cua-song.png": (FIXTURE_CONTENT / "articles/anh/cua-song.png").read_bytes(),
        "articles/2024/bai.md": """\
            ---
            title: "Ra quân làm sạch bờ biển: hơn 500 người tham gia"
            date: 2024-06-08 07:30
            topics: [bien-hai-dao, moi-truong, bien-hai-dao]
            author: Văn phòng Sở
            image: anh/cua-song.png
            image_alt: Người dân nhặt rác trên bãi biển
            updated: 2024-06-09
            ---

            Sáng 8/6, hơn 500 người tham gia.

            ![Cửa sông](anh/cua-song.png)
            """,
    })
    site, problems = load(tmp_path)
    assert problems == []
    (article,) = site.articles
    assert article.title == "Ra quân làm sạch bờ biển: hơn 500 người tham gia"
    assert article.date == datetime(2024, 6, 8, 7, 30, tzinfo=VN_TZ)
    assert article.url == "tin-tuc/2024/06/ra-quan-lam-sach-bo-bien-hon-500-nguoi-tham-gia/"
    assert article.topics == ("bien-hai-dao", "moi-truong")
    assert article.author == "Văn phòng Sở"
    assert article.image is not None and article.image.url == "media/articles/2024/anh/cua-song.png"
    assert (article.image.width, article.image.height) == (4, 3)
    assert article.image_alt == "Người dân nhặt rác trên bãi biển"
    assert article.updated == datetime(2024, 6, 9, tzinfo=VN_TZ)
    assert article.links == (("anh/cua-song.png", "media/articles/2024/anh/cua-song.png", 4, 3),)
    assert set(site.assets) == {"articles/2024/anh/cua-song.png"}


def test_an_incomplete_file_still_gets_its_references_and_links_checked(tmp_path: Path) -> None:
    """Fixing the first problem of a file must not reveal a second one on the next run."""
    write_tree(tmp_path / "content", {
        "topics.yml": "- slug: moi-truong\n  name: Môi trường\n",
        "articles/a.md": """\
            ---
            title: Thiếu ngày đăng
            topics: [moi-truong]
            campaign: khong-co
            ---

            ![Ảnh](anh/khong-co.png)
            """,
    })
    site, problems = load(tmp_path)
    assert lines(problems) == [
        "content/articles/a.md:2: [key-missing] thiếu khoá bắt buộc 'date'",
        "content/articles/a.md:4: [campaign-unknown] chiến dịch 'khong-co' không tồn tại",
        "content/articles/a.md:7: [image-missing] không tìm thấy ảnh 'anh/khong-co.png'",
    ]
    assert site.articles == []
