"""The web editor (/quan-tri/) as an editor uses it: `portal edit` (what `make edit` runs) starts Decap
CMS's real local backend beside the live preview; Chromium fills in the forms; the files written
pass `portal check` and the built site shows the items where a citizen looks for them. Opening
and saving every sample item leaves every built page as it was."""

from __future__ import annotations

import filecmp
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import SAMPLE_EPOCH, run_build, run_portal, sample_project
from PIL import Image
from playwright.sync_api import expect
from serving import BACKEND_INFO, answers, portal_editing

from portal.kinds import BY_FOLDER

pytestmark = pytest.mark.browser

ARTICLE = "Ra quân dọn rác bờ biển Long Hải"
EVENT = "Hội nghị tập huấn Luật Tài nguyên nước"
TASK = "Tổ chức tọa đàm về nước sạch nông thôn"
CAMPAIGN = "Tuần lễ Biển và Hải đảo Việt Nam năm 2024"
PLAN = ("Kế hoạch tổ chức thực hiện Quyết định số 1596/QĐ-UBND về truyền thông nâng cao nhận thức trong quản lý, "
        "khai thác, sử dụng tài nguyên hiệu quả và bảo vệ môi trường năm 2024")


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Run `portal edit` on a copy of the sample project; yield the preview's base URL and the project."""
    proj = sample_project(tmp_path / "proj")
    env = {**os.environ, "SOURCE_DATE_EPOCH": SAMPLE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    with portal_editing(proj, env, tmp_path / "edit.log") as (base, api):
        yield base, proj
    assert not answers(api, BACKEND_INFO), "the local backend outlived `portal edit`"


@pytest.fixture
def page(browser, editor: tuple[str, Path]) -> Iterator[object]:
    base, _ = editor
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.portal_errors = errors  # a test expecting Decap's own rejection of a refused save clears it
    page.goto(base + "quan-tri/")
    page.get_by_role("button", name="Đăng nhập").click()  # the local backend: no password
    page.get_by_role("link", name="Tin tức").first.wait_for()
    yield page
    context.close()
    assert errors == []


def _field(page, label: str):
    """Return the form field labelled `label` (optional ones say so after the name)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(không bắt buộc\))?$"))


def _choose(page, label: str, text: str) -> None:
    """Pick an option of a choice box (topics, campaign…) by typing part of its Vietnamese name."""
    _field(page, label).click()
    page.keyboard.type(text)
    page.get_by_role("option", name=text).first.click()


def _publish(page) -> None:
    page.get_by_role("button", name="Công bố").click()
    page.get_by_role("menuitem", name="Công bố ngay").click()
    page.get_by_text("Thay đổi đã được lưu").wait_for()
    page.get_by_role("button", name="Xoá mục này").wait_for()  # the saved item's page, with its address


def _new(page, base: str, folder: str, noun: str) -> None:
    """Open the form of a new item as an editor does: the kind in the side bar, then its "+" button."""
    page.goto(f"{base}quan-tri/#/collections/{folder}")
    page.get_by_role("link", name=re.compile(f"{noun}$")).click()
    page.get_by_text("Thay đổi chưa được lưu").wait_for()
    _field(page, "Tiêu đề").wait_for()


def _open(page, base: str, folder: str, title: str) -> None:
    """Open an item as an editor does: the kind in the side bar, then the item's title in its list."""
    page.goto(f"{base}quan-tri/#/collections/{folder}")
    page.get_by_role("link", name=title).click()
    expect(_field(page, "Tiêu đề")).to_have_value(title)


def _write_body(page, text: str) -> None:
    page.locator("[aria-label='markdown field'] [contenteditable='true']").click()
    page.keyboard.insert_text(text)


def test_an_article_an_event_and_a_task_made_in_the_editor_reach_the_site(
        page, editor: tuple[str, Path], tmp_path: Path) -> None:
    base, proj = editor
    for label in ("Tin tức", "Chiến dịch", "Kế hoạch", "Sự kiện", "Văn bản"):  # every kind, in Vietnamese
        assert page.get_by_role("link", name=label, exact=True).count() == 1
    photo = tmp_path / "bai-bien.jpg"
    Image.new("RGB", (1200, 630), (30, 120, 160)).save(photo, quality=80)

    # An article with a lead photo, two topics and a campaign.
    _new(page, base, "articles", "bài viết")
    _field(page, "Tiêu đề").fill(ARTICLE)
    _field(page, "Ngày đăng").fill("2026-11-20T08:00")
    _choose(page, "Lĩnh vực", "Môi trường")
    _choose(page, "Lĩnh vực", "Biển và hải đảo")
    page.get_by_role("button", name="Chọn một hình").click()
    page.locator("input[type=file]").set_input_files(photo)
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    _field(page, "Mô tả ảnh").fill("Đoàn viên nhặt rác trên bãi biển Long Hải")
    _choose(page, "Chiến dịch", CAMPAIGN)
    _field(page, "Tóm tắt").fill("Hơn 200 đoàn viên thanh niên thu gom 2 tấn rác.")
    _write_body(page, "Sáng 20/11, hơn 200 đoàn viên ra quân dọn rác trên bãi biển Long Hải.")
    expect(_field(page, "Tiêu đề")).to_have_value(ARTICLE)  # the form kept what was typed
    # The preview pane shows the item as its page will: the page's markup under the site's style sheets.
    preview = page.frame_locator("#preview-pane")
    expect(preview.locator("article.portal-article h1")).to_have_text(ARTICLE)
    expect(preview.locator(".portal-meta time")).to_have_text("08:00 20/11/2026")
    expect(preview.locator(".portal-tag")).to_have_text(["Môi trường", "Biển và hải đảo"])
    expect(preview.locator(".portal-article__image img")).to_have_attribute(
        "alt", "Đoàn viên nhặt rác trên bãi biển Long Hải")
    expect(preview.locator(".portal-lead")).to_have_css("font-weight", "500")  # portal.css, not Decap's
    expect(preview.locator(".portal-article__body")).to_contain_text("Sáng 20/11")
    _publish(page)

    # An event with a time and a place.
    _new(page, base, "events", "sự kiện")
    _field(page, "Tiêu đề").fill(EVENT)
    _field(page, "Bắt đầu").fill("2026-12-05T08:00")
    _field(page, "Kết thúc").fill("2026-12-05T11:30")
    _choose(page, "Lĩnh vực", "Tài nguyên nước")
    _field(page, "Địa điểm").fill("Hội trường tầng 3, số 198 Bạch Đằng")
    expect(_field(page, "Tiêu đề")).to_have_value(EVENT)
    _publish(page)

    # A task added to a plan.
    _open(page, base, "plans", PLAN)
    page.get_by_role("button", name=re.compile("nhiệm vụ$")).click()
    _field(page, "Nhiệm vụ").last.fill(TASK)
    _field(page, "Đơn vị chủ trì").last.fill("Văn phòng Sở")
    _field(page, "Thời gian").last.fill("2024-Q4")
    _publish(page)

    written = [path.relative_to(proj).as_posix() for path in (proj / "content").rglob("*")
               if path.is_file() and path.stat().st_mtime > photo.stat().st_mtime]
    assert sorted(written) == sorted([
        "content/articles/2026/ra-quan-don-rac-bo-bien-long-hai.md",
        "content/articles/2026/anh/bai-bien.jpg",
        "content/events/hoi-nghi-tap-huan-luat-tai-nguyen-nuoc.md",
        "content/plans/2024/ke-hoach-81-kh-stnmt.md",
    ])
    check = run_portal(proj, "check", epoch=SAMPLE_EPOCH)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Tổng cộng: 0 lỗi, 0 cảnh báo" in check.stdout, check.stdout

    build = run_build(proj, epoch=SAMPLE_EPOCH)
    assert build.returncode == 0, build.stderr
    site = proj / "site"
    article = (site / "tin-tuc/2026/11/ra-quan-don-rac-bo-bien-long-hai/index.html").read_text(encoding="utf-8")
    assert ARTICLE in article and "Đoàn viên nhặt rác trên bãi biển Long Hải" in article
    assert re.search(r'<img[^>]+src="[^"]*bai-bien[^"]*\.jpg"', article)
    for topic in ("moi-truong", "bien-hai-dao"):
        assert ARTICLE in (site / f"linh-vuc/{topic}/index.html").read_text(encoding="utf-8")
    assert ARTICLE in (site / "chien-dich/tuan-le-bien-va-hai-dao-2024/index.html").read_text(encoding="utf-8")
    event = (site / "su-kien/hoi-nghi-tap-huan-luat-tai-nguyen-nuoc/index.html").read_text(encoding="utf-8")
    assert "Hội trường tầng 3, số 198 Bạch Đằng" in event and "08:00" in event
    assert EVENT in (site / "lich-su-kien/index.html").read_text(encoding="utf-8")
    assert TASK in (site / "ke-hoach/ke-hoach-81-kh-stnmt-2024/index.html").read_text(encoding="utf-8")


def test_the_form_refuses_what_the_loader_would_refuse(page, editor: tuple[str, Path]) -> None:
    """A rule across keys the loader applies (an end before its start, a photo without its
    description) stops the save with the reason in Vietnamese; no file is written."""
    base, proj = editor
    before = sorted(path for path in (proj / "content").rglob("*") if path.is_file())
    _new(page, base, "events", "sự kiện")
    _field(page, "Tiêu đề").fill("Hội thảo lùi ngày")
    _field(page, "Bắt đầu").fill("2026-12-05T08:00")
    _field(page, "Kết thúc").fill("2026-12-04T08:00")
    _choose(page, "Lĩnh vực", "Tài nguyên nước")
    page.get_by_role("button", name="Công bố").click()
    page.get_by_role("menuitem", name="Công bố ngay").click()
    page.get_by_text(re.compile(r"'Kết thúc' \(2026-12-04 08:00\) trước 'Bắt đầu' \(2026-12-05 08:00\)")).wait_for()
    assert page.get_by_text("Thay đổi chưa được lưu").is_visible()
    assert sorted(path for path in (proj / "content").rglob("*") if path.is_file()) == before
    # Decap rejects its save promise after showing the message: that one error, and no other.
    assert len(page.portal_errors) <= 1
    page.portal_errors.clear()


def _differences(left: Path, right: Path, prefix: str = "") -> list[str]:
    compared = filecmp.dircmp(left, right)
    found = [prefix + name for name in compared.left_only + compared.right_only + compared.funny_files]
    found += [prefix + name for name in filecmp.cmpfiles(left, right, compared.common_files, shallow=False)[1]]
    for name in compared.common_dirs:
        found += _differences(left / name, right / name, f"{prefix}{name}/")
    return found


def test_opening_and_saving_every_sample_item_changes_no_page(page, editor: tuple[str, Path]) -> None:
    """Decap writes the whole file back when an editor saves: every sample item is opened, marked
    changed (the draft switch, on and off again) and saved; the site built afterwards is byte for
    byte the site built before."""
    base, proj = editor
    build = run_build(proj, epoch=SAMPLE_EPOCH)
    assert build.returncode == 0, build.stderr
    before = proj.parent / "site-before"
    (proj / "site").rename(before)
    entries = sorted((folder.name, path.relative_to(folder).with_suffix("").as_posix())
                     for folder in (proj / "content").iterdir() if folder.is_dir()
                     for path in folder.rglob("*.md"))
    assert len(entries) >= 70
    unchanged: list[str] = []
    sources = {entry: (proj / "content" / entry[0] / (entry[1] + ".md")).read_bytes() for entry in entries}
    for folder, slug in entries:
        # Through the kind's list, as an editor goes: the form of the item opened before is closed.
        page.goto(f"{base}quan-tri/#/collections/{folder}")
        page.get_by_role("link", name=re.compile(".")).filter(has=page.locator("h2")).first.wait_for()
        page.goto(f"{base}quan-tri/#/collections/{folder}/entries/{slug}")
        source = (proj / "content" / folder / (slug + ".md")).read_text(encoding="utf-8")
        front = yaml.safe_load(source.split("---\n")[1])
        expect(_field(page, BY_FOLDER[folder].field("title").label)).to_have_value(str(front["title"]))
        switch = _field(page, "Bản nháp")
        switch.click()
        switch.click()
        if front.get("draft") is True:  # the switch is back where the file had it: Decap sees no change
            expect(page.get_by_text("Thay đổi đã được lưu")).to_be_visible()
            unchanged.append(slug)
        else:  # draft was left out: Decap now holds `false`, a change it saves
            _publish(page)
    rewritten = [entry for entry in entries
                 if (proj / "content" / entry[0] / (entry[1] + ".md")).read_bytes() != sources[entry]]
    assert len(rewritten) == len(entries) - len(unchanged) and len(unchanged) < len(entries) // 10, unchanged
    check = run_portal(proj, "check", epoch=SAMPLE_EPOCH)
    assert check.returncode == 0 and "0 lỗi, 0 cảnh báo" in check.stdout, check.stdout + check.stderr
    build = run_build(proj, epoch=SAMPLE_EPOCH)
    assert build.returncode == 0, build.stderr
    assert _differences(before, proj / "site") == []
