"""Old addresses of moved items (portal/redirects.py), through the loader: `aliases:`, the previous
build's record, the warnings at the line that moved a URL, and the files a build writes for them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from helpers import EPOCH, REPO, SAMPLE_EPOCH, TOPICS, article, write_tree
from portal import redirects
from portal.dates import build_now
from portal.loader import LoadOptions, load_site
from portal.models import Redirect, Site

NOW = build_now({"SOURCE_DATE_EPOCH": EPOCH})  # 2024-06-17
A = "content/articles/2024/"


def load(tmp_path: Path, files: dict[str, str], previous: redirects.Record | None = None, preview: bool = False,
         now=NOW):
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, **files})
    site, problems = load_site(tmp_path, LoadOptions(now=now, preview=preview, previous_urls=previous))
    return site, [p.format() for p in problems]


def pairs(site: Site) -> list[tuple[str, str, bool]]:
    return [(r.old, r.new, r.alias) for r in site.redirects]


# -- the previous build's record ------------------------------------------------------------------


def test_an_edited_title_forwards_the_recorded_url_with_a_warning_at_the_title(tmp_path: Path):
    previous = {f"{A}mua.md": ("tin-tuc/2024/06/mua-lon/", ())}
    site, problems = load(tmp_path, {"articles/2024/mua.md": article("Mưa lớn gây ngập", "2024-06-05")}, previous)
    assert problems == [
        f"{A}mua.md:2: [url-changed] địa chỉ của bài đã đổi từ /tin-tuc/2024/06/mua-lon/ sang "
        "/tin-tuc/2024/06/mua-lon-gay-ngap/ (do đổi tiêu đề); trang cũ tự chuyển tới trang mới. Để giữ lâu dài, "
        "thêm vào phần khai báo: aliases: [/tin-tuc/2024/06/mua-lon/] (hoặc giữ địa chỉ cũ bằng slug: mua-lon)"]
    assert pairs(site) == [("tin-tuc/2024/06/mua-lon/", "tin-tuc/2024/06/mua-lon-gay-ngap/", False)]
    assert site.redirects[0].line == 2 and site.redirects[0].title == "Mưa lớn gây ngập"
    assert site.url_record == {f"{A}mua.md": ("tin-tuc/2024/06/mua-lon-gay-ngap/", ("tin-tuc/2024/06/mua-lon/",))}


def test_the_next_build_keeps_forwarding_without_a_word(tmp_path: Path):
    previous = {f"{A}mua.md": ("tin-tuc/2024/06/mua-lon-gay-ngap/", ("tin-tuc/2024/05/mua/", "tin-tuc/2024/06/mua-lon/"))}
    site, problems = load(tmp_path, {"articles/2024/mua.md": article("Mưa lớn gây ngập", "2024-06-05")}, previous)
    assert problems == []
    assert pairs(site) == [("tin-tuc/2024/05/mua/", "tin-tuc/2024/06/mua-lon-gay-ngap/", False),
                           ("tin-tuc/2024/06/mua-lon/", "tin-tuc/2024/06/mua-lon-gay-ngap/", False)]
    assert site.url_record == {f"{A}mua.md": previous[f"{A}mua.md"]}


def test_a_title_edited_back_gives_the_page_its_old_address_and_forwards_the_other(tmp_path: Path):
    previous = {f"{A}mua.md": ("tin-tuc/2024/06/mua-lon-gay-ngap/", ("tin-tuc/2024/06/mua-lon/",))}
    site, problems = load(tmp_path, {"articles/2024/mua.md": article("Mưa lớn", "2024-06-05")}, previous)
    assert [p.split(" (do")[0] for p in problems] == [
        f"{A}mua.md:2: [url-changed] địa chỉ của bài đã đổi từ /tin-tuc/2024/06/mua-lon-gay-ngap/ sang "
        "/tin-tuc/2024/06/mua-lon/"]
    assert pairs(site) == [("tin-tuc/2024/06/mua-lon-gay-ngap/", "tin-tuc/2024/06/mua-lon/", False)]


def test_a_moved_date_is_reported_at_the_date_line(tmp_path: Path):
    previous = {f"{A}mua.md": ("tin-tuc/2024/05/mua-lon/", ())}
    site, problems = load(tmp_path, {"articles/2024/mua.md": article("Mưa lớn", "2024-06-05")}, previous)
    assert problems == [
        f"{A}mua.md:3: [url-changed] địa chỉ của bài đã đổi từ /tin-tuc/2024/05/mua-lon/ sang /tin-tuc/2024/06/mua-lon/ "
        "(do đổi ngày đăng); trang cũ tự chuyển tới trang mới. Để giữ lâu dài, thêm vào phần khai báo: "
        "aliases: [/tin-tuc/2024/05/mua-lon/]"]


def test_an_edited_slug_is_reported_at_the_slug_line(tmp_path: Path):
    previous = {f"{A}mua.md": ("tin-tuc/2024/06/mua-cu/", ())}
    files = {"articles/2024/mua.md": article("Mưa lớn", "2024-06-05", extra="slug: mua-moi\n")}
    _, problems = load(tmp_path, files, previous)
    assert problems == [
        f"{A}mua.md:5: [url-changed] địa chỉ của bài đã đổi từ /tin-tuc/2024/06/mua-cu/ sang /tin-tuc/2024/06/mua-moi/ "
        "(do đổi slug); trang cũ tự chuyển tới trang mới. Để giữ lâu dài, thêm vào phần khai báo: "
        "aliases: [/tin-tuc/2024/06/mua-cu/] (hoặc giữ địa chỉ cũ bằng slug: mua-cu)"]


def test_other_kinds_are_forwarded_too(tmp_path: Path):
    previous = {"content/campaigns/gio.md": ("chien-dich/gio-trai-dat/", ())}
    files = {"campaigns/gio.md": "---\ntitle: Giờ Trái Đất 2024\nstart: 2024-03-23\nend: 2024-03-23\n"
                                 "topics: [moi-truong]\n---\n\nTắt đèn.\n"}
    site, problems = load(tmp_path, files, previous)
    assert [p.split(" (do")[0] for p in problems] == [
        "content/campaigns/gio.md:2: [url-changed] địa chỉ của chiến dịch đã đổi từ /chien-dich/gio-trai-dat/ sang "
        "/chien-dich/gio-trai-dat-2024/"]
    assert pairs(site) == [("chien-dich/gio-trai-dat/", "chien-dich/gio-trai-dat-2024/", False)]


def test_drafts_and_scheduled_items_are_never_published_so_never_compared(tmp_path: Path):
    previous = {f"{A}lai-nhap.md": ("tin-tuc/2024/06/da-dang/", ())}
    files = {
        "articles/2024/nhap.md": article("Bản nháp mới", "2024-06-05", extra="draft: true\n"),
        "articles/2024/hen.md": article("Bài hẹn giờ", "2024-07-01"),
        # Published once, a draft again with another title: no word, no forwarding, the entry is kept.
        "articles/2024/lai-nhap.md": article("Tên khác hẳn", "2024-06-05", extra="draft: true\n"),
    }
    for preview in (False, True):
        site, problems = load(tmp_path, files, previous, preview=preview)
        assert problems == [] and site.redirects == []
        assert site.url_record == previous


def test_an_old_address_now_used_by_another_item_is_not_forwarded(tmp_path: Path):
    # "Mua đá" is dated earlier: it takes the plain slug, and "Mưa đá" moves to -2.
    previous = {f"{A}mua-da.md": ("tin-tuc/2024/06/mua-da/", ())}
    files = {"articles/2024/mua-da.md": article("Mưa đá", "2024-06-10"),
             "articles/2024/mua-da-moi.md": article("Mua đá", "2024-06-01")}
    site, problems = load(tmp_path, files, previous)
    assert problems == [
        f"{A}mua-da.md:2: [url-taken] địa chỉ của bài đã đổi từ /tin-tuc/2024/06/mua-da/ sang "
        "/tin-tuc/2024/06/mua-da-2/ (do có (hoặc không còn) trang khác cùng tiêu đề), nhưng địa chỉ cũ nay thuộc về "
        f"{A}mua-da-moi.md nên không chuyển tới bài này. Nếu bài này cần giữ địa chỉ cũ, đặt slug: mua-da cho nó và "
        "một slug khác cho trang kia"]
    assert site.redirects == []
    assert site.url_record[f"{A}mua-da.md"] == ("tin-tuc/2024/06/mua-da-2/", ())


def test_a_missing_record_means_no_comparison(tmp_path: Path):
    site, problems = load(tmp_path, {"articles/2024/mua.md": article("Mưa lớn", "2024-06-05")}, None)
    assert problems == [] and site.redirects == []
    assert site.url_record == {f"{A}mua.md": ("tin-tuc/2024/06/mua-lon/", ())}


# -- aliases: --------------------------------------------------------------------------------------


def test_aliases_forward_to_the_item_and_cover_a_recorded_address(tmp_path: Path):
    previous = {f"{A}mua.md": ("tin-tuc/2024/06/mua-lon/", ())}
    extra = "aliases:\n  - /tin-tuc/2024/06/mua-lon/\n  - tin-tuc/chi-tiet/mua.html/index.html\n"
    site, problems = load(tmp_path, {"articles/2024/mua.md": article("Mưa lớn gây ngập", "2024-06-05", extra=extra)},
                          previous)
    assert problems == []  # the recorded address is kept for good by aliases: nothing to say
    assert pairs(site) == [("tin-tuc/2024/06/mua-lon/", "tin-tuc/2024/06/mua-lon-gay-ngap/", True),
                           ("tin-tuc/chi-tiet/mua.html/", "tin-tuc/2024/06/mua-lon-gay-ngap/", True)]
    assert [r.line for r in site.redirects] == [6, 7]


def test_a_drafts_aliases_are_checked_but_forward_only_in_the_preview(tmp_path: Path):
    files = {"articles/2024/nhap.md": article("Bản nháp", "2024-06-05", extra="draft: true\naliases: [/cu/]\n")}
    assert load(tmp_path, files)[0].redirects == []
    assert pairs(load(tmp_path, files, preview=True)[0]) == [("cu/", "tin-tuc/2024/06/ban-nhap/", True)]


@pytest.mark.parametrize(("value", "reason"), [
    ("https://example.com/tin-tuc/a/", "là địa chỉ đầy đủ có tên miền"),
    ("//example.com/a/", "là địa chỉ đầy đủ có tên miền"),
    ("/tin-tuc/a/?id=3", "có phần '?…' hoặc '#…'"),
    ("/tin-tuc/mưa-lớn/", "chỉ được gồm chữ thường"),
    ("/Tin-Tuc/a/", "chỉ được gồm chữ thường"),
    ("/tin-tuc/../a/", "chỉ được gồm chữ thường"),
    ("/tin tuc/a/", "chỉ được gồm chữ thường"),
    ("/", "là trang chủ"),
])
def test_an_alias_must_be_a_path_of_this_site(tmp_path: Path, value: str, reason: str):
    files = {"articles/2024/mua.md": article("Mưa", "2024-06-05", extra=f"aliases:\n  - /cu/\n  - \"{value}\"\n")}
    site, problems = load(tmp_path, files)
    assert len(problems) == 1
    assert problems[0].startswith(f"{A}mua.md:7: [alias-invalid] địa chỉ cũ '{value}' {reason}")
    assert pairs(site) == [("cu/", "tin-tuc/2024/06/mua/", True)]


def test_aliases_must_not_take_an_items_address_or_anothers_alias(tmp_path: Path):
    files = {
        "articles/2024/a.md": article("Bài A", "2024-06-05", extra="aliases: [/tin-tuc/2024/06/bai-b/, /chung/]\n"),
        "articles/2024/b.md": article("Bài B", "2024-06-05", extra="aliases:\n  - /chung/\n  - /rieng/\n  - /rieng/\n"),
        "articles/2024/c.md": article("Bài C", "2024-06-05", extra="aliases: [/tin-tuc/2024/06/bai-c/]\n"),
        "articles/2024/d.md": article("Bài D", "2024-06-05", extra="draft: true\n"),
        "articles/2024/e.md": article("Bài E", "2024-06-05", extra="aliases: [/tin-tuc/2024/06/bai-d/]\n"),
    }
    site, problems = load(tmp_path, files)
    assert problems == [
        f"{A}a.md:5: [alias-conflict] địa chỉ cũ '/tin-tuc/2024/06/bai-b/' đang là địa chỉ của {A}b.md: một địa chỉ "
        "không thể vừa là một trang vừa chuyển tới trang khác; xoá dòng này, hoặc đặt 'slug:' khác cho trang kia",
        f"{A}b.md:6: [alias-conflict] địa chỉ cũ '/chung/' đã được {A}a.md:5 ghi trong 'aliases:': một địa chỉ chỉ "
        "chuyển tới được một trang; xoá dòng này ở một trong hai tệp",
        f"{A}b.md:8: [alias-unneeded] địa chỉ cũ '/rieng/' đã ghi ở dòng 7: xoá một dòng",
        f"{A}c.md:5: [alias-unneeded] địa chỉ cũ '/tin-tuc/2024/06/bai-c/' chính là địa chỉ hiện tại của bài này nên "
        "không cần chuyển tiếp: xoá dòng này",
        f"{A}e.md:5: [alias-conflict] địa chỉ cũ '/tin-tuc/2024/06/bai-d/' đang là địa chỉ của {A}d.md (chưa đăng: bản "
        "nháp hoặc hẹn giờ): một địa chỉ không thể vừa là một trang vừa chuyển tới trang khác; xoá dòng này, hoặc đặt "
        "'slug:' khác cho trang kia",
    ]
    assert pairs(site) == [("chung/", "tin-tuc/2024/06/bai-a/", True), ("rieng/", "tin-tuc/2024/06/bai-b/", True)]


def test_an_alias_wins_over_another_items_recorded_address(tmp_path: Path):
    previous = {f"{A}a.md": ("tin-tuc/2024/06/cu/", ())}
    files = {"articles/2024/a.md": article("Bài A", "2024-06-05"),
             "articles/2024/b.md": article("Bài B", "2024-06-05", extra="aliases: [/tin-tuc/2024/06/cu/]\n")}
    site, problems = load(tmp_path, files, previous)
    assert [p.split(" (do")[0] for p in problems] == [
        f"{A}a.md:2: [url-taken] địa chỉ của bài đã đổi từ /tin-tuc/2024/06/cu/ sang /tin-tuc/2024/06/bai-a/"]
    assert pairs(site) == [("tin-tuc/2024/06/cu/", "tin-tuc/2024/06/bai-b/", True)]


# -- the record file, conflicts, the files written ---------------------------------------------------


def test_the_record_round_trips_and_ignores_what_is_not_ours(tmp_path: Path):
    record = {"content/articles/b.md": ("tin-tuc/2024/06/b/", ()),
              "content/articles/a.md": ("tin-tuc/2024/06/a/", ("tin-tuc/2024/05/a/",))}
    data = redirects.record_json(record)
    assert data == redirects.record_json(dict(reversed(record.items())))  # sorted: reproducible
    (tmp_path / redirects.RECORD_FILE).write_bytes(data)
    assert redirects.read_record(tmp_path) == record
    assert redirects.read_record(tmp_path / "khong-co") is None
    for broken in (b"{", b"[]", b'{"version": 2, "items": {}}', b'{"version": 1}', b"\xff"):
        (tmp_path / redirects.RECORD_FILE).write_bytes(broken)
        assert redirects.read_record(tmp_path) is None
    hostile = {"version": 1, "items": {
        "content/a.md": {"url": "tin-tuc/a/", "old": ["../../etc/", "/.git/", "https://x.example/", 3, "tin-tuc/cu/"]},
        "content/b.md": {"url": "../ra-ngoai/"}, "content/c.md": "x", "content/d.md": {"url": 5}}}
    (tmp_path / redirects.RECORD_FILE).write_text(json.dumps(hostile), encoding="utf-8")
    assert redirects.read_record(tmp_path) == {"content/a.md": ("tin-tuc/a/", ("tin-tuc/cu/",))}


def test_addresses_that_would_replace_a_file_of_the_site_are_refused(tmp_path: Path):
    site = Site(url_record={f"{A}b.md": ("tin-tuc/2024/06/b/", ("tin-tuc/2024/06/b-cu/", "tin-tuc/2024/06/b-xua/"))},
                redirects=[
        Redirect("tin-tuc/", "tin-tuc/2024/06/a/", "A", f"{A}a.md", 6, alias=True),
        Redirect("rss.xml/cu/", "tin-tuc/2024/06/a/", "A", f"{A}a.md", 7, alias=True),
        Redirect("tin-tuc/2024/06/b-cu/", "tin-tuc/2024/06/b/", "B", f"{A}b.md", 2, alias=False),
        Redirect("tin-tuc/2024/06/c-cu/", "tin-tuc/2024/06/c/", "C", f"{A}c.md", 2, alias=False),
    ])
    problems = redirects.conflicts(site, {"tin-tuc/index.html", "rss.xml", "tin-tuc/2024/06/b-cu/index.html"})
    assert [(p.path, p.line, p.rule, p.severity) for p in problems] == [
        (f"{A}a.md", 6, "alias-conflict", "error"), (f"{A}a.md", 7, "alias-conflict", "error"),
        (f"{A}b.md", 2, "url-taken", "warning")]
    assert "trùng với /tin-tuc/" in problems[0].message and "trùng với /rss.xml" in problems[1].message
    assert [r.old for r in site.redirects] == ["tin-tuc/2024/06/c-cu/"]
    assert site.url_record == {f"{A}b.md": ("tin-tuc/2024/06/b/", ("tin-tuc/2024/06/b-xua/",))}  # said once


def test_the_forwarding_page_needs_no_script_and_escapes_the_title():
    redirect = Redirect("tin-tuc/2024/06/cu/", "tin-tuc/2024/06/moi/", 'Lũ <script>alert("x")</script> & “mưa”',
                        f"{A}a.md", 2, alias=False)
    page = redirects.redirect_page(redirect, "https://stnmt.example.gov.vn/", "Sở <TN&MT>").decode("utf-8")
    assert "<script" not in page and "style=" not in page
    document = lxml_html.fromstring(page)
    assert document.get("lang") == "vi"
    assert document.xpath('//meta[@http-equiv="refresh"]/@content') == ["0; url=../moi/"]
    assert document.xpath('//link[@rel="canonical"]/@href') == ["https://stnmt.example.gov.vn/tin-tuc/2024/06/moi/"]
    assert document.xpath('//meta[@name="robots"]/@content') == ["noindex"]
    link = document.xpath("//main//a")[0]
    assert link.get("href") == "../moi/" and link.text_content() == 'Lũ <script>alert("x")</script> & “mưa”'
    assert document.findtext(".//title").endswith("Sở <TN&MT>")
    assert document.xpath('//link[@rel="icon"]') == []  # no icon configured: no link


def test_the_forwarding_page_links_the_sites_icon():
    """Without an icon link a browser asks the server for /favicon.ico, which a static site may not have."""
    redirect = Redirect("tin-tuc/chi-tiet/bai-123.html/", "tin-tuc/2024/06/moi/", "Mới", f"{A}a.md", 2, alias=True)
    page = redirects.redirect_page(redirect, "", "Sở", "assets/logo.svg").decode("utf-8")
    assert lxml_html.fromstring(page).xpath('//link[@rel="icon"]/@href') == ["../../../assets/logo.svg"]


def test_the_files_a_build_writes():
    site = Site(redirects=[Redirect("tin-tuc/2024/06/cu/", "tin-tuc/2024/06/moi/", "Mới", f"{A}a.md", 2, False)],
                url_record={f"{A}a.md": ("tin-tuc/2024/06/moi/", ("tin-tuc/2024/06/cu/",))})
    files = dict(redirects.build_files(site, "https://example.gov.vn/cong/", "Sở"))
    assert sorted(files) == [".portal-redirects.map", ".portal-urls.json", "tin-tuc/2024/06/cu/index.html"]
    assert files[".portal-redirects.map"].decode().splitlines()[1:] == [
        "/cong/tin-tuc/2024/06/cu/ /cong/tin-tuc/2024/06/moi/;",
        "/cong/tin-tuc/2024/06/cu /cong/tin-tuc/2024/06/moi/;",
        "/cong/tin-tuc/2024/06/cu/index.html /cong/tin-tuc/2024/06/moi/;"]
    site.preview = True  # the preview records nothing: it shows drafts
    assert [path for path, _ in redirects.build_files(site, "", "Sở")] == ["tin-tuc/2024/06/cu/index.html"]


def test_the_guides_examples_hold(tmp_path: Path):
    section = (REPO / "HUONG-DAN-BIEN-TAP.md").read_text(encoding="utf-8").split("\n## 14. ", 1)[1]
    shown = re.search(r"`(content/articles/2025/mua\.md:2: \[url-changed\] [^`]+)`", section)
    assert shown is not None
    now = build_now({"SOURCE_DATE_EPOCH": SAMPLE_EPOCH})
    previous = {"content/articles/2025/mua.md": ("tin-tuc/2025/06/mua-lon/", ())}
    _, problems = load(tmp_path, {"articles/2025/mua.md": article("Mưa lớn gây ngập", "2025-06-05")}, previous, now=now)
    assert problems == [shown.group(1)]
    aliases = re.findall(r"`(aliases: \[[^`]+\])`", section)
    assert len(aliases) == 2
    for index, value in enumerate(aliases):
        site, problems = load(tmp_path / str(index), {"articles/2025/mua.md": article(
            "Mưa lớn gây ngập", "2025-06-05", extra=value + "\n")}, now=now)
        assert problems == [] and len(site.redirects) == value.count("/tin-tuc/")
    assert redirects.site_path("/tin-tuc/chi-tiet/bai-123.html") == ("tin-tuc/chi-tiet/bai-123.html/", "")


SAFE = re.compile(r"^(?:[a-z0-9_-][a-z0-9._-]*/)+$")


def test_site_path_accepts_only_safe_paths_whatever_it_is_given():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=2000, deadline=None)
    @given(st.text(alphabet="/.-_aZz09 ?#%:\\\x00đ\n~", max_size=30) | st.text(max_size=30))
    def check(raw: str) -> None:
        url, problem = redirects.site_path(raw)
        assert bool(url) != bool(problem)
        if url:
            assert SAFE.match(url) and "/../" not in "/" + url and len(url) <= redirects.MAX_PATH_LENGTH + 1
            assert redirects.site_path(url) == (url, "")  # normal form

    check()


def test_portal_check_compares_with_the_published_folder_it_is_given(tmp_path: Path, monkeypatch, capsys):
    import shutil

    from portal import cli

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, "articles/2024/mua.md": article("Mưa lớn", "2024-06-05")})
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    published = tmp_path / "srv"
    published.mkdir()
    (published / redirects.RECORD_FILE).write_bytes(redirects.record_json({f"{A}mua.md": ("tin-tuc/2024/06/cu/", ())}))
    assert cli.main(["check", "--root", str(tmp_path)]) == 0
    assert "[url-changed]" not in capsys.readouterr().out  # site/ holds no record
    assert cli.main(["check", "--root", str(tmp_path), "--site-dir", str(published)]) == 0
    assert capsys.readouterr().out.startswith(f"{A}mua.md:2: [url-changed] địa chỉ của bài đã đổi từ /tin-tuc/2024/06/cu/")
