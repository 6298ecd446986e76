"""`portal new`: a correctly named file that passes `portal check`, never overwriting anything."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers import EPOCH, article, make_project
from portal import cli
from portal.dates import build_now
from portal.advice import PLACEHOLDERS
from portal.kinds import KINDS
from portal.loader import LoadOptions, load_site

TITLE = "Ra quân làm sạch bờ biển Vũng Tàu năm 2024"
SLUG = "ra-quan-lam-sach-bo-bien-vung-tau-nam-2024"
EXPECTED = {
    # kind: (file, URL) for "today" = 2024-06-17 (EPOCH)
    "article": (f"content/articles/2024/{SLUG}.md", f"tin-tuc/2024/06/{SLUG}/"),
    "campaign": (f"content/campaigns/{SLUG}.md", f"chien-dich/{SLUG}/"),
    "plan": (f"content/plans/2024/{SLUG}.md", f"ke-hoach/{SLUG}/"),
    "event": (f"content/events/2024-06-17-{SLUG}.md", f"su-kien/{SLUG}/"),
    "document": (f"content/documents/2024/{SLUG}.md", f"van-ban/{SLUG}/"),
}


@pytest.fixture
def proj(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return make_project(tmp_path, {"articles/2024/cu.md": article("Bài cũ", "2024-06-01")})


def run(*args: str) -> int:
    return cli.main(list(args))


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_new_creates_a_named_file_that_passes_check(proj: Path, kind: str, capsys: pytest.CaptureFixture[str]):
    assert run("new", kind, TITLE, "--root", str(proj)) == 0
    rel, url = EXPECTED[kind]
    out = capsys.readouterr().out
    assert f"Đã tạo: {rel}\n" in out
    assert f"Địa chỉ khi đăng: https://stnmt.example.gov.vn/{url}\n" in out
    text = (proj / rel).read_text(encoding="utf-8")
    assert text.startswith("---\n")
    assert f'title: "{TITLE}"' in text and f"slug: {SLUG}" in text and "draft: true" in text
    assert "# Các lĩnh vực có: moi-truong (Môi trường), tai-nguyen-nuoc (Tài nguyên nước)" in text

    # `portal check` (drafts are checked too) and the preview load find nothing to complain about.
    assert run("check", "--root", str(proj)) == 0
    assert "Không có lỗi. Tổng cộng: 0 lỗi, 0 cảnh báo." in capsys.readouterr().out
    now = build_now({"SOURCE_DATE_EPOCH": EPOCH})
    site, problems = load_site(proj, LoadOptions(now=now, preview=True))
    assert problems == []
    (item,) = [i for i in getattr(site, kind + "s") if i.source == rel]
    assert (item.title, item.slug, item.url, item.draft, item.topics) == (TITLE, SLUG, url, True, ("moi-truong",))
    assert item.date.date().isoformat() == "2024-06-17"

    # Removing `draft: true` while the sample text is still there is refused at each sample line…
    published = text.replace("draft: true", "# draft: true")
    (proj / rel).write_text(published, encoding="utf-8")
    site, problems = load_site(proj, LoadOptions(now=now))
    sample_lines = [number for number, line in enumerate(published.split("\n"), 1)
                    if number > published.split("\n").index("---", 1) and line.strip()
                    and not line.startswith("#")]
    # (a document's number and file, which a draft may lack, are now required)
    first_key = next(n for n, line in enumerate(published.split("\n"), 1) if n > 1 and not line.startswith("#"))
    missing = [("key-missing", first_key) for field in KINDS[kind].fields if field.draft_may_omit]
    assert [(p.rule, p.line) for p in problems] == sorted(missing + [
        ("placeholder-left", n) for n in sample_lines
        if any(s in published.split("\n")[n - 1] for s in PLACEHOLDERS)])
    assert problems and all(p.is_error for p in problems)
    # …and once the editor writes the item, it is published at the printed URL.
    body_start = published.index("---\n", 4) + 4
    filled = published[:body_start]
    if missing:
        filled = filled.replace("\n---\n", '\nnumber: "15/QĐ-STNMT"\nattachment: vb.pdf\n---\n')
        (proj / rel).with_name("vb.pdf").write_bytes(b"%PDF-1.4\n")
    (proj / rel).write_text(filled + "\nNội dung thật của bài.\n", encoding="utf-8")
    site, problems = load_site(proj, LoadOptions(now=now))
    assert problems == []
    assert [i.url for i in getattr(site, kind + "s") if i.source == rel] == [url]


@pytest.mark.parametrize("kind", ["campaign", "event"])
def test_new_campaign_and_event_are_announced_on_the_day_they_are_created(proj: Path, kind: str):
    assert run("new", kind, TITLE, "--root", str(proj)) == 0
    text = (proj / EXPECTED[kind][0]).read_text(encoding="utf-8")
    assert "\ndate: 2024-06-17   # ngày thông báo" in text  # the build's today, as `{today}` everywhere
    site, problems = load_site(proj, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": EPOCH}), preview=True))
    assert problems == []
    assert [i.announced for i in getattr(site, kind + "s")] == [date(2024, 6, 17)]


def test_new_never_overwrites_and_picks_a_free_slug(proj: Path, capsys: pytest.CaptureFixture[str]):
    first = proj / EXPECTED["article"][0]
    assert run("new", "article", TITLE, "--root", str(proj)) == 0
    first.write_text(first.read_text(encoding="utf-8") + "\nĐoạn biên tập viên đã viết.\n", encoding="utf-8")
    edited = first.read_bytes()
    assert run("new", "article", TITLE, "--root", str(proj)) == 0
    assert first.read_bytes() == edited
    second = proj / f"content/articles/2024/{SLUG}-2.md"
    assert f"slug: {SLUG}-2" in second.read_text(encoding="utf-8")
    assert f"/tin-tuc/2024/06/{SLUG}-2/" in capsys.readouterr().out


def test_new_skips_an_existing_file_even_if_it_is_not_valid_content(proj: Path):
    blocker = proj / f"content/events/2024-06-17-{SLUG}.md"
    blocker.parent.mkdir(parents=True)
    blocker.write_bytes(b"not front matter at all\n")
    assert run("new", "event", TITLE, "--root", str(proj)) == 0
    assert blocker.read_bytes() == b"not front matter at all\n"
    assert (proj / f"content/events/2024-06-17-{SLUG}-2.md").is_file()


def test_new_slug_avoids_an_existing_item_in_another_file(proj: Path):
    assert run("new", "article", "Bài cũ", "--root", str(proj)) == 0
    assert (proj / "content/articles/2024/bai-cu-2.md").is_file()


def test_new_with_topic_and_with_an_unknown_topic(proj: Path, capsys: pytest.CaptureFixture[str]):
    assert run("new", "event", "Mít tinh Ngày Đại dương", "--topic", "bien-hai-dao", "--root", str(proj)) == 0
    text = (proj / "content/events/2024-06-17-mit-tinh-ngay-dai-duong.md").read_text(encoding="utf-8")
    assert "topics: [bien-hai-dao]" in text
    capsys.readouterr()
    assert run("new", "plan", "Kế hoạch", "--topic", "moi-trong", "--root", str(proj)) == 1
    assert capsys.readouterr().err == (
        "Không tạo được tệp: lĩnh vực 'moi-trong' không tồn tại — có phải 'moi-truong'?\n")
    assert not (proj / "content/plans").exists()


def test_new_title_with_quotes_and_markup_stays_text(proj: Path):
    title = 'Phát động "Tháng hành động": <nói không> với túi ni-lông # 2024'
    assert run("new", "campaign", title, "--root", str(proj)) == 0
    site, problems = load_site(proj, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": EPOCH}), preview=True))
    assert problems == []
    assert [c.title for c in site.campaigns] == [title]


def test_settings_come_from_mkdocs_yml_and_bad_ones_are_reported(proj: Path, capsys: pytest.CaptureFixture[str]):
    config = proj / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  portal:\n" in text
    config.write_text(text.replace("\n  portal:\n", "\n  portal:\n    max_image_kb: 0\n    kich_thuoc: 5\n"),
                      encoding="utf-8")
    assert run("check", "--root", str(proj)) == 1
    assert capsys.readouterr().err.splitlines()[:2] == [
        "extra.portal.max_image_kb: phải là một số nguyên dương",
        "extra.portal.kich_thuoc: khoá cấu hình không được hỗ trợ",
    ]
