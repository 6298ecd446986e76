"""Build a fixture site (25 articles, 3 topics, 3 years, a draft, a scheduled article) and read its output.

One build for the whole module (`mkdocs build --strict` in a subprocess, SOURCE_DATE_EPOCH fixed).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from lxml import html as lxml_html

from helpers import article, make_project, run_build
from portal.slugs import slugify_vi

# (title, date, topics): 25 published articles, newest last in this list.
ARTICLES: list[tuple[str, str, str]] = [
    ("Ngày Nước thế giới 2022: nước ngầm", "2022-03-22", "[tai-nguyen-nuoc]"),
    ("Tuần lễ Biển và Hải đảo 2022", "2022-06-02", "[bien-hai-dao]"),
    ("Ra quân thu gom rác thải nhựa ven biển", "2022-06-08", "[bien-hai-dao, moi-truong]"),
    ("Tổng kết công tác bảo vệ môi trường năm 2022", "2022-12-20", "[moi-truong]"),
    ("Tập huấn quan trắc nước mặt", "2023-02-14", "[tai-nguyen-nuoc, moi-truong]"),
    ("Ngày Khí tượng thế giới 2023", "2023-03-23", "[moi-truong]"),
    ("Hưởng ứng Giờ Trái Đất 2023", "2023-03-25 20:30", "[moi-truong]"),
    ("Luật Tài nguyên nước 2023 có gì mới", "2023-06-21", "[tai-nguyen-nuoc]"),
    ("Kiểm tra cơ sở khai thác nước ngầm", "2023-07-11", "[tai-nguyen-nuoc]"),
    ("Làm sạch bãi biển Vũng Tàu", "2023-09-16", "[bien-hai-dao, moi-truong]"),
    ("Chiến dịch Làm cho thế giới sạch hơn 2023", "2023-09-20", "[moi-truong]"),
    ("Quan trắc không khí quý III/2023", "2023-10-05", "[moi-truong]"),
    ("Khoanh vùng bảo vệ hệ sinh thái biển", "2023-11-28", "[bien-hai-dao]"),
    ("Ngày Đất ngập nước thế giới 2024", "2024-02-02", "[tai-nguyen-nuoc, moi-truong]"),
    ("Hưởng ứng Giờ Trái Đất 2024", "2024-03-23 20:30", "[moi-truong]"),
    ("Ngày Nước thế giới 2024", "2024-03-22", "[tai-nguyen-nuoc]"),
    ("Ngày Quốc tế Đa dạng sinh học 2024", "2024-05-22", "[moi-truong]"),
    ("Mít tinh Tháng hành động vì môi trường", "2024-05-31 08:00", "[moi-truong]"),
    ("Tuần lễ Biển và Hải đảo 2024", "2024-06-01", "[bien-hai-dao]"),
    ("Ngày Môi trường thế giới 2024", "2024-06-05", "[moi-truong]"),
    ("Ngày Đại dương thế giới 2024", "2024-06-08", "[bien-hai-dao, moi-truong]"),
    ("Tập huấn Luật Đất đai 2024", "2024-06-10", "[moi-truong]"),
    ("Phân loại rác tại nguồn ở khu dân cư", "2024-06-12", "[moi-truong]"),
    ("Cấp nước sạch mùa khô cho vùng cao", "2024-06-14", "[tai-nguyen-nuoc]"),
    ("Ra quân làm sạch bờ biển sáng nay", "2024-06-17 07:00", "[bien-hai-dao]"),
]
DRAFT = ("Bản nháp: dự thảo thông cáo báo chí", "2024-06-03", "[moi-truong]")
SCHEDULED = ("Thông báo lịch tiếp công dân tháng 7", "2024-07-01", "[moi-truong]")
SCHEDULED_TODAY = ("Tin hẹn giờ chiều nay", "2024-06-17 18:00", "[moi-truong]")  # build "now" is 11:53
# An editor's file typed with a combining-accent keyboard (NFD) and saved with Windows line ends.
NFD_CRLF = ("Tập huấn nghiệp vụ đo đạc bản đồ", "2023-04-04", "[moi-truong]")


def quoted(title: str) -> str:
    return json.dumps(title, ensure_ascii=False)  # a JSON string is a YAML string ("…: …" included)


def _content() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for title, day, topics in ARTICLES:
        files[f"articles/{day[:4]}/{slugify_vi(title)}.md"] = article(
            quoted(title), day, topics, body=f"Nội dung bài «{title}».\n\nĐoạn thứ hai của bài.",
        )
    files["articles/2024/nhap.md"] = article(quoted(DRAFT[0]), *DRAFT[1:], extra="draft: true\n")
    files["articles/2024/hen-gio.md"] = article(*SCHEDULED)
    files["articles/2024/hen-gio-chieu.md"] = article(*SCHEDULED_TODAY)
    files["articles/2023/nfd-crlf.md"] = (
        unicodedata.normalize("NFD", article(*NFD_CRLF)).replace("\n", "\r\n").encode("utf-8"))
    return files


PUBLISHED = sorted([*ARTICLES, NFD_CRLF], key=lambda a: a[1], reverse=True)  # newest first (ISO sorts by time)


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    proj = make_project(tmp_path_factory.mktemp("build"), _content())
    content_before = tree_digest(proj / "content")
    result = run_build(proj)
    assert result.returncode == 0, result.stdout + result.stderr
    return {"proj": proj, "site": proj / "site", "result": result, "content_before": content_before}


def url_of(title: str, day: str) -> str:
    return f"/tin-tuc/{day[:4]}/{day[5:7]}/{slugify_vi(title)}/"


def page(site: Path, url: str) -> lxml_html.HtmlElement:
    path = site / url.strip("/") / "index.html"
    assert path.is_file(), f"{url} was not built"
    return lxml_html.fromstring(path.read_bytes())


def card_titles(doc: lxml_html.HtmlElement) -> list[str]:
    return [a.text_content().strip() for a in doc.xpath(
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' portal-card__title ')]//a")]


def nav_links(doc: lxml_html.HtmlElement, url: str) -> set[str]:
    """Absolute paths of every link in the site navigation (tabs and the primary sidebar nav)."""
    hrefs = doc.xpath(
        "//nav[contains(@class, 'md-tabs')]//a/@href | //nav[contains(@class, 'md-nav--primary')]//a/@href")
    return {urlparse(urljoin("https://s.example" + url, h)).path for h in hrefs}


def test_build_is_strict_and_clean(built: dict) -> None:
    output = built["result"].stdout + built["result"].stderr
    assert "WARNING" not in output and "ERROR" not in output, output


def test_every_article_has_its_page(built: dict) -> None:
    for title, day, _topics in PUBLISHED:
        doc = page(built["site"], url_of(title, day))
        assert doc.xpath("string(//h1)").strip() == title


def test_article_page_shows_a_vietnamese_date_and_breadcrumb(built: dict) -> None:
    doc = page(built["site"], url_of("Ngày Môi trường thế giới 2024", "2024-06-05"))
    text = doc.text_content()
    assert "Thứ Tư, 05/06/2024" in text
    assert doc.xpath("//html/@lang") == ["vi"]
    crumbs = [urlparse(urljoin("https://s.example/tin-tuc/2024/06/x/", h)).path
              for h in doc.xpath("//nav[contains(@class, 'portal-breadcrumbs')]//a/@href")]
    assert crumbs == ["/", "/tin-tuc/", "/tin-tuc/2024/"]


def test_news_list_is_paginated_newest_first(built: dict) -> None:
    site = built["site"]
    expected = [title for title, _day, _topics in PUBLISHED]
    assert len(expected) == 26
    pages = [card_titles(page(site, "/tin-tuc/")), card_titles(page(site, "/tin-tuc/trang/2/")),
             card_titles(page(site, "/tin-tuc/trang/3/"))]
    assert [len(p) for p in pages] == [10, 10, 6]
    assert pages[0] + pages[1] + pages[2] == expected
    assert not (site / "tin-tuc/trang/4").exists()
    assert not (site / "tin-tuc/trang/1").exists()  # page 1 is /tin-tuc/ itself


def test_pager_links_between_pages(built: dict) -> None:
    doc = page(built["site"], "/tin-tuc/trang/2/")
    prev = doc.xpath("//a[@rel='prev']/@href")
    nxt = doc.xpath("//a[@rel='next']/@href")
    assert [urljoin("https://s.example/tin-tuc/trang/2/", h) for h in prev + nxt] == [
        "https://s.example/tin-tuc/", "https://s.example/tin-tuc/trang/3/",
    ]
    assert page(built["site"], "/tin-tuc/trang/3/").xpath("//a[@rel='next']") == []


def test_year_archives(built: dict) -> None:
    site = built["site"]
    for year in ("2022", "2023", "2024"):
        expected = [t for t, d, _ in PUBLISHED if d.startswith(year)]
        shown = card_titles(page(site, f"/tin-tuc/{year}/"))
        if len(expected) > 10:
            shown += card_titles(page(site, f"/tin-tuc/{year}/trang/2/"))
        assert shown == expected, year
    assert not (site / "tin-tuc/2021").exists()


def test_topic_index_and_topic_pages(built: dict) -> None:
    site = built["site"]
    index = page(site, "/linh-vuc/")
    links = {urlparse(urljoin("https://s.example/linh-vuc/", h)).path for h in index.xpath("//article//a/@href | //main//a/@href")}
    assert {"/linh-vuc/moi-truong/", "/linh-vuc/tai-nguyen-nuoc/", "/linh-vuc/bien-hai-dao/"} <= links
    env = [t for t, _d, topics in PUBLISHED if "moi-truong" in topics]
    assert 10 < len(env) <= 20
    assert card_titles(page(site, "/linh-vuc/moi-truong/")) == env[:10]
    assert card_titles(page(site, "/linh-vuc/moi-truong/trang/2/")) == env[10:]
    assert not (site / "linh-vuc/moi-truong/trang/3").exists()
    sea = [t for t, _d, topics in PUBLISHED if "bien-hai-dao" in topics]
    assert card_titles(page(site, "/linh-vuc/bien-hai-dao/")) == sea
    assert not (site / "linh-vuc/bien-hai-dao/trang/2").exists()


def test_drafts_and_scheduled_articles_are_absent(built: dict) -> None:
    site = built["site"]
    for title, day, _topics in (DRAFT, SCHEDULED, SCHEDULED_TODAY):
        assert not (site / url_of(title, day).strip("/")).exists()
        needle = title.encode("utf-8")
        leaks = [p.relative_to(site).as_posix() for p in site.rglob("*")
                 if p.is_file() and needle in p.read_bytes()]
        assert leaks == [], f"{title!r} leaked into {leaks}"
    titles = {page[1] for path in site.glob("search/*/p*.json") for page in json.loads(path.read_bytes())}
    assert "Ngày Môi trường thế giới 2024" in titles
    assert not titles & {DRAFT[0], SCHEDULED[0], SCHEDULED_TODAY[0]}


def test_article_pages_are_not_in_the_nav(built: dict) -> None:
    site = built["site"]
    home_nav = nav_links(page(site, "/"), "/")
    assert "/tin-tuc/" in home_nav and "/linh-vuc/" in home_nav
    article_urls = {url_of(t, d) for t, d, _ in PUBLISHED}
    assert not home_nav & article_urls
    for title, day, _topics in PUBLISHED:
        url = url_of(title, day)
        assert nav_links(page(site, url), url) == home_nav, url
    # List pages do not carry the article list in their nav either (only in their content).
    assert nav_links(page(site, "/tin-tuc/trang/2/"), "/tin-tuc/trang/2/") == home_nav


def test_nfd_crlf_file_is_published_in_nfc(built: dict) -> None:
    url = url_of(*NFD_CRLF[:2])
    raw = (built["site"] / url.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "Tập huấn nghiệp vụ đo đạc bản đồ" in raw
    assert unicodedata.normalize("NFD", "Tập huấn") not in raw


def test_editors_files_are_not_modified(built: dict) -> None:
    assert tree_digest(built["proj"] / "content") == built["content_before"]


def test_sitemap_lists_articles_with_their_dates(built: dict) -> None:
    sitemap = (built["site"] / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(
        r"<loc>https://stnmt\.example\.gov\.vn/tin-tuc/2024/06/ngay-moi-truong-the-gioi-2024/</loc>\s*"
        r"<lastmod>([^<]+)</lastmod>", sitemap)
    assert entry is not None and entry.group(1) == "2024-06-05"
    assert "ban-nhap" not in sitemap and "thong-bao-lich-tiep-cong-dan" not in sitemap
