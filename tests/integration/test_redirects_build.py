"""Published URLs never die silently, in real builds (portal/redirects.py).

An editor changes the title of a published article: `portal check` and `portal build` both warn
at the title line, the old URL gets a forwarding page, later builds keep it, and editing the title
back serves the article at its old URL again (no stale forwarding page from a warm rebuild).
`aliases:` makes forwarding pages; a bad or clashing alias stops the build at its line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import html as lxml_html

from helpers import article, make_project, run_build, run_portal

SITE = "https://stnmt.example.gov.vn/"
SOURCE = "content/articles/2024/mua.md"
OLD = "tin-tuc/2024/06/mua-lon-gay-ngap/"
NEW = "tin-tuc/2024/06/mua-lon-gay-ngap-cuc-bo-o-vung-tau/"
OTHER = "tin-tuc/2024/06/nang-nong-keo-dai/"
MOVED = (f"{SOURCE}:2: [url-changed] địa chỉ của bài đã đổi từ /{OLD} sang /{NEW} (do đổi tiêu đề); trang cũ tự "
         f"chuyển tới trang mới. Để giữ lâu dài, thêm vào phần khai báo: aliases: [/{OLD}] (hoặc giữ địa chỉ cũ "
         "bằng slug: mua-lon-gay-ngap)")


def reported(result, rule: str = "") -> list[str]:
    """Return the `path:line: [rule] message` lines a command printed (MkDocs prefixes its own)."""
    text = result.stdout + result.stderr
    return re.findall(rf"(content/\S+:\d+: \[{rule or '[a-z0-9-]+'}\] .*)$", text, re.MULTILINE)


def retitle(proj: Path, title: str) -> None:
    (proj / SOURCE).write_text(article(title, "2024-06-05 08:00"), encoding="utf-8")


def built(result) -> None:
    assert result.returncode == 0, result.stdout + result.stderr


def forwarding(page: Path) -> tuple[str, str]:
    """Return (meta refresh target, canonical URL) of a forwarding page."""
    document = lxml_html.fromstring(page.read_bytes())
    assert document.get("lang") == "vi"
    assert document.xpath('//meta[@name="robots"]/@content') == ["noindex"]
    assert not document.xpath("//script") and "style=" not in page.read_text(encoding="utf-8")
    refresh = document.xpath('//meta[@http-equiv="refresh"]/@content')[0]
    link = document.xpath("//main//a/@href")
    assert refresh == f"0; url={link[0]}"
    return refresh.removeprefix("0; url="), document.xpath('//link[@rel="canonical"]/@href')[0]


def test_an_edited_title_keeps_the_old_url_working(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {"articles/2024/mua.md": article("Mưa lớn gây ngập", "2024-06-05 08:00"),
                                   "articles/2024/nang.md": article("Nắng nóng kéo dài", "2024-06-06")})
    site = proj / "site"
    built(run_portal(proj, "build"))
    assert json.loads((site / ".portal-urls.json").read_text(encoding="utf-8")) == {
        "version": 1, "items": {SOURCE: {"url": OLD}, "content/articles/2024/nang.md": {"url": OTHER}}}

    # The editor sharpens the headline: check and build say the same, at the title line.
    retitle(proj, "Mưa lớn gây ngập cục bộ ở Vũng Tàu")
    check = run_portal(proj, "check")
    assert check.returncode == 0 and reported(check) == [MOVED]
    second = run_portal(proj, "build")
    built(second)
    assert reported(second) == [MOVED]
    assert "Nội dung bài viết." in (site / NEW / "index.html").read_text(encoding="utf-8")
    assert forwarding(site / OLD / "index.html") == ("../mua-lon-gay-ngap-cuc-bo-o-vung-tau/", SITE + NEW)
    search = [p.relative_to(site).as_posix() for p in site.glob("search/**/*.json")]
    assert search
    for listing in ("sitemap.xml", "rss.xml", "atom.xml", "tin-tuc/rss.xml", *search, "tin-tuc/index.html", "index.html"):
        assert OLD not in (site / listing).read_text(encoding="utf-8"), listing
    record = json.loads((site / ".portal-urls.json").read_text(encoding="utf-8"))
    assert record["items"][SOURCE] == {"url": NEW, "old": [OLD]}
    assert reported(run_portal(proj, "check")) == []  # said once: the record now has the new URL

    # A later (warm) build, with other content changed, still forwards, without a word.
    (proj / "content/articles/2024/gio.md").write_text(article("Gió mùa về", "2024-06-07"), encoding="utf-8")
    third = run_portal(proj, "build")
    built(third)
    assert reported(third) == []
    assert forwarding(site / OLD / "index.html")[1] == SITE + NEW

    # The title goes back: the article is at its old URL again, and the other one forwards to it.
    retitle(proj, "Mưa lớn gây ngập")
    fourth = run_portal(proj, "build")
    built(fourth)
    assert [line.split(" (do")[0] for line in reported(fourth)] == [
        f"{SOURCE}:2: [url-changed] địa chỉ của bài đã đổi từ /{NEW} sang /{OLD}"]
    page = (site / OLD / "index.html").read_text(encoding="utf-8")
    assert "Nội dung bài viết." in page and "http-equiv" not in page
    assert forwarding(site / NEW / "index.html") == ("../mua-lon-gay-ngap/", SITE + OLD)


def test_a_drafts_new_title_says_nothing(tmp_path: Path) -> None:
    draft = "articles/2024/nhap.md"
    proj = make_project(tmp_path, {"articles/2024/mua.md": article("Mưa lớn gây ngập", "2024-06-05 08:00"),
                                   draft: article("Bản nháp đầu", "2024-06-05", extra="draft: true\n")})
    built(run_portal(proj, "build"))
    (proj / "content" / draft).write_text(article("Bản nháp sửa", "2024-06-05", extra="draft: true\n"),
                                          encoding="utf-8")
    again = run_portal(proj, "build")
    built(again)
    assert reported(again) == [] and reported(run_portal(proj, "check")) == []
    record = json.loads((proj / "site/.portal-urls.json").read_text(encoding="utf-8"))
    assert list(record["items"]) == [SOURCE]
    assert not list((proj / "site/tin-tuc/2024/06").glob("ban-nhap*"))


def test_aliases_make_forwarding_pages_in_a_plain_mkdocs_build(tmp_path: Path) -> None:
    extra = "aliases:\n  - /tin-tuc/2023/12/mua-cu/\n  - tin-tuc/chi-tiet/bai-123.html\n"
    proj = make_project(tmp_path, {"articles/2024/mua.md": article("Mưa lớn gây ngập", "2024-06-05", extra=extra)})
    result = run_build(proj)
    built(result)
    assert reported(result) == []
    site = proj / "site"
    assert forwarding(site / "tin-tuc/2023/12/mua-cu/index.html") == ("../../../2024/06/mua-lon-gay-ngap/", SITE + OLD)
    assert forwarding(site / "tin-tuc/chi-tiet/bai-123.html/index.html") == ("../../2024/06/mua-lon-gay-ngap/", SITE + OLD)
    assert (site / ".portal-redirects.map").read_text(encoding="utf-8").splitlines()[1:4] == [
        f"/tin-tuc/2023/12/mua-cu/ /{OLD};", f"/tin-tuc/2023/12/mua-cu /{OLD};",
        f"/tin-tuc/2023/12/mua-cu/index.html /{OLD};"]
    assert "mua-cu" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_bad_aliases_stop_the_build_at_their_line(tmp_path: Path) -> None:
    extra = ("aliases:\n  - https://baocu.example.vn/tin/mua/\n  - /tin-tuc/\n  - /gioi-thieu/\n"
             "  - /tin-tuc/2024/06/nang-nong-keo-dai/\n")
    proj = make_project(tmp_path, {"articles/2024/mua.md": article("Mưa lớn gây ngập", "2024-06-05", extra=extra),
                                   "articles/2024/nang.md": article("Nắng nóng kéo dài", "2024-06-06")})
    loader_lines = [
        f"{SOURCE}:6: [alias-invalid] địa chỉ cũ 'https://baocu.example.vn/tin/mua/' là địa chỉ đầy đủ có tên miền: "
        "chỉ ghi phần đường dẫn sau tên miền của trang này, ví dụ /tin-tuc/2024/06/ten-cu/ (không chuyển tiếp được địa "
        "chỉ của trang web khác)",
        f"{SOURCE}:9: [alias-conflict] địa chỉ cũ '/{OTHER}' đang là địa chỉ của content/articles/2024/nang.md: một "
        "địa chỉ không thể vừa là một trang vừa chuyển tới trang khác; xoá dòng này, hoặc đặt 'slug:' khác cho trang kia",
    ]
    check = run_portal(proj, "check")
    assert check.returncode == 1 and reported(check) == loader_lines
    build = run_portal(proj, "build")
    assert build.returncode == 1 and reported(build) == loader_lines
    assert not (proj / "site").exists()
    # Fixed those two: the clashes with a generated page and a page of docs/ are found by the build.
    fixed = "aliases:\n  - /tin-tuc/\n  - /gioi-thieu/\n"
    (proj / SOURCE).write_text(article("Mưa lớn gây ngập", "2024-06-05", extra=fixed), encoding="utf-8")
    build = run_portal(proj, "build")
    assert build.returncode == 1
    assert reported(build, "alias-conflict") == [
        f"{SOURCE}:6: [alias-conflict] địa chỉ cũ '/tin-tuc/' trùng với /tin-tuc/, một trang (hay tệp) của trang web "
        "(trang tự sinh, trang trong docs/, nguồn tin, lịch): xoá dòng này",
        f"{SOURCE}:7: [alias-conflict] địa chỉ cũ '/gioi-thieu/' trùng với /gioi-thieu/, một trang (hay tệp) của trang "
        "web (trang tự sinh, trang trong docs/, nguồn tin, lịch): xoá dòng này",
    ]
    assert not (proj / "site").exists()
