"""Build a fixture site with plans, campaigns and articles; read campaign, plan and unit pages.

One build for the module (`mkdocs build --strict`, SOURCE_DATE_EPOCH = 2024-06-17), plus a small
build and a `portal check` for the near-duplicate unit warning.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from lxml import html as lxml_html

from helpers import EPOCH, article, make_project, run_build

PDF = b"%PDF-1.4\n" + b"0" * 3063 + b"\n%%EOF\n"  # 3 079 bytes: "3 KB"

PLAN_81 = """\
---
title: Kế hoạch truyền thông về tài nguyên và môi trường năm 2024
slug: ke-hoach-81
number: 81/KH-STNMT
issued: 2024-02-05
issuer: Sở Tài nguyên và Môi trường tỉnh Mẫu
signer: Phạm Văn An
signer_title: Phó Giám đốc
topics: [moi-truong, bien-hai-dao]
summary: Sở phân công bốn nhiệm vụ truyền thông năm 2024.
bases:
  - Quyết định số 1596/QĐ-UBND ngày 19/6/2023 của UBND tỉnh
  - Luật Bảo vệ môi trường năm 2020
attachment: 81-kh-stnmt.pdf
tasks:
  - task: Truyền thông hưởng ứng Tuần lễ Biển và Hải đảo
    lead: Phòng Quản lý biển đảo
    partners:
      - Các Sở, ban, ngành
      - Ủy ban nhân dân các huyện, thị xã, thành phố
    form: Ra quân làm sạch bờ biển; tuyên truyền trên mạng xã hội.
    when: 2024-06
    campaign: tuan-le-bien-2024
  - task: Tập huấn Luật Tài nguyên nước
    lead: Văn phòng Sở
    partners: Phòng Quản lý biển đảo
    form: Lớp tập huấn.
    when: 2024-Q3
  - task: Công khai thông tin môi trường <định kỳ>
    lead: văn phòng  sở
    when: "2024"
  - task: Báo cáo kết quả
    lead: Văn phòng Sở
    partners: Các phòng, đơn vị thuộc Sở
    when: 2024-11-20/2024-12-05
deadlines:
  - date: 2024-06-01
    what: Báo cáo sơ kết 6 tháng
  - date: 2024-12-05
    what: Báo cáo kết quả năm
---

## Mục đích, yêu cầu

Nâng cao nhận thức của người dân về bảo vệ môi trường.
"""

PLAN_2023 = """\
---
title: Kế hoạch tuyên truyền năm 2023
slug: ke-hoach-2023
issued: 2023-03-06
issuer: Sở Tài nguyên và Môi trường tỉnh Mẫu
topics: [moi-truong]
tasks:
  - task: Tuyên truyền Ngày Nước thế giới
    lead: Văn phòng Sở
    partners: Báo Mẫu
    when: 2023-03-22
---

Kế hoạch năm 2023.
"""


def _campaign(slug: str, title: str, start: str, end: str, extra: str = "") -> str:
    return (f"---\ntitle: {title}\nslug: {slug}\nstart: {start}\nend: {end}\ntopics: [moi-truong]\n"
            f"{extra}---\n\nNội dung chiến dịch {title}.\n")


ACTIVITIES = """\
theme: Hiểu biết sâu sắc hơn về đại dương
organizer: Sở Tài nguyên và Môi trường tỉnh Mẫu
plan: ke-hoach-81
activities:
  - title: Ra quân làm sạch bờ biển
    date: 2024-06-08
    location: Bãi Sau
  - title: Tuyên truyền trên mạng xã hội
    start: 2024-06-01
    end: 2024-06-17
  - title: Tọa đàm với ngư dân
    start: 2024-06-04 08:00
    end: 2024-06-04 10:30
    location: Cảng cá Phước Tỉnh
"""


def _content() -> dict[str, str | bytes]:
    return {
        "plans/2024/ke-hoach-81.md": PLAN_81,
        "plans/2024/81-kh-stnmt.pdf": PDF,
        "plans/2023/ke-hoach-2023.md": PLAN_2023,
        # EPOCH is 2024-06-17: the last day of this campaign.
        "campaigns/tuan-le-bien-2024.md": _campaign("tuan-le-bien-2024", "Tuần lễ Biển và Hải đảo 2024",
                                                    "2024-06-01", "2024-06-17", ACTIVITIES),
        "campaigns/sap-toi.md": _campaign("sap-toi", "Chiến dịch bắt đầu ngày mai", "2024-06-18", "2024-06-30"),
        "campaigns/nam-ngoai.md": _campaign("nam-ngoai", "Làm cho thế giới sạch hơn 2023", "2023-09-01", "2023-09-30"),
        "articles/tin-cu.md": article("Khởi động Tuần lễ Biển", "2024-06-01", extra="campaign: tuan-le-bien-2024\n"),
        "articles/tin-moi.md": article("Ra quân làm sạch bờ biển", "2024-06-08 09:00",
                                       extra="campaign: tuan-le-bien-2024\nplan: ke-hoach-81\n"),
        "articles/khac.md": article("Tin không thuộc chiến dịch", "2024-06-10"),
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    proj = make_project(tmp_path_factory.mktemp("plans"), _content())
    result = run_build(proj)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return proj / "site"


def page(site: Path, url: str) -> lxml_html.HtmlElement:
    path = site / url.strip("/") / "index.html"
    assert path.is_file(), f"{url} was not built"
    return lxml_html.fromstring(path.read_bytes())


def text(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def by_class(doc: lxml_html.HtmlElement, name: str) -> list[lxml_html.HtmlElement]:
    return doc.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def resolve(url: str, href: str) -> str:
    return urlparse(urljoin("https://s.example" + url, href)).path


def docinfo(doc: lxml_html.HtmlElement) -> dict[str, str]:
    dl = by_class(doc, "portal-docinfo")[0]
    return {text(dt): text(dt.getnext()) for dt in dl.iter("dt")}


# -- campaigns -----------------------------------------------------------------------------------

def test_campaign_index_puts_ongoing_and_upcoming_first_then_past_by_year(site: Path) -> None:
    doc = page(site, "/chien-dich/")
    sections = {s.get("aria-labelledby"): s for s in doc.xpath("//section[@aria-labelledby]")}
    ongoing = [text(a) for a in sections["cd-ongoing"].xpath(".//h3//a")]
    upcoming = [text(a) for a in sections["cd-upcoming"].xpath(".//h3//a")]
    assert ongoing == ["Tuần lễ Biển và Hải đảo 2024"]
    assert upcoming == ["Chiến dịch bắt đầu ngày mai"]
    ended = sections["cd-ended"]
    assert [text(h) for h in ended.xpath(".//h3")] == ["Năm 2023"]
    assert [text(a) for a in ended.xpath(".//li/a")] == ["Làm cho thế giới sạch hơn 2023"]
    order = [s.get("aria-labelledby") for s in doc.xpath("//section[@aria-labelledby]")]
    assert order == ["cd-ongoing", "cd-upcoming", "cd-ended"]
    # The index is a nav entry and advertises the campaigns feed.
    assert doc.xpath("//nav[contains(@class, 'md-tabs')]//a[normalize-space()='Chiến dịch']")


def test_campaign_status_on_its_last_day_and_the_day_before_it_starts(site: Path) -> None:
    assert text(by_class(page(site, "/chien-dich/tuan-le-bien-2024/"), "portal-status")[0]) == "Đang diễn ra"
    assert text(by_class(page(site, "/chien-dich/sap-toi/"), "portal-status")[0]) == "Sắp diễn ra"
    assert text(by_class(page(site, "/chien-dich/nam-ngoai/"), "portal-status")[0]) == "Đã kết thúc"


def test_campaign_page_shows_header_activities_plan_and_articles(site: Path) -> None:
    url = "/chien-dich/tuan-le-bien-2024/"
    doc = page(site, url)
    assert text(doc.xpath("//h1")[0]) == "Tuần lễ Biển và Hải đảo 2024"
    assert "Chủ đề: “Hiểu biết sâu sắc hơn về đại dương”" in text(doc)
    info = docinfo(doc)
    assert info["Thời gian"] == "Thứ Bảy, 01/06/2024 – Thứ Hai, 17/06/2024"
    assert info["Đơn vị tổ chức"] == "Sở Tài nguyên và Môi trường tỉnh Mẫu"
    assert info["Thực hiện kế hoạch"].startswith("Kế hoạch số 81/KH-STNMT:")
    assert info["Lĩnh vực"] == "Môi trường"
    activities = [(text(li.xpath(".//h3")[0]), text(li.xpath(".//time")[0])) for li in by_class(doc, "portal-activities__item")]
    assert activities == [
        ("Tuyên truyền trên mạng xã hội", "Từ 01/06/2024 đến 17/06/2024"),
        ("Tọa đàm với ngư dân", "Thứ Ba, 04/06/2024, 08:00 – 10:30"),
        ("Ra quân làm sạch bờ biển", "Thứ Bảy, 08/06/2024"),
    ]
    articles = doc.xpath("//section[@aria-labelledby='cd-tin-bai']//li/a")
    assert [text(a) for a in articles] == ["Ra quân làm sạch bờ biển", "Khởi động Tuần lễ Biển"]
    assert resolve(url, articles[0].get("href")) == "/tin-tuc/2024/06/ra-quan-lam-sach-bo-bien/"
    task_link = doc.xpath("//section[@aria-labelledby='cd-nhiem-vu']//a")[0]
    assert resolve(url, task_link.get("href")) == "/ke-hoach/ke-hoach-81/"
    assert task_link.get("href").endswith("#nhiem-vu-1")


# -- plans ---------------------------------------------------------------------------------------

def test_plan_index_groups_plans_by_year_of_issue(site: Path) -> None:
    doc = page(site, "/ke-hoach/")
    assert [text(h) for h in doc.xpath("//section/h2")] == ["Năm 2024", "Năm 2023"]
    first = by_class(doc, "portal-plans__item")[0]
    assert text(first.xpath(".//h3")[0]) == "Kế hoạch truyền thông về tài nguyên và môi trường năm 2024"
    meta = text(by_class(first, "portal-meta")[0])
    assert meta.startswith("Số 81/KH-STNMT, ngày 05 tháng 02 năm 2024 · Sở Tài nguyên và Môi trường tỉnh Mẫu")
    assert "4 nhiệm vụ" in meta
    assert resolve("/ke-hoach/", doc.xpath("//a[starts-with(normalize-space(), 'Tra cứu nhiệm vụ theo đơn vị')]/@href")[0]) == "/don-vi/"


def test_plan_identifying_block_bases_and_attachment(site: Path) -> None:
    url = "/ke-hoach/ke-hoach-81/"
    doc = page(site, url)
    assert docinfo(doc) == {
        "Số, ký hiệu": "81/KH-STNMT",
        "Ngày ban hành": "ngày 05 tháng 02 năm 2024",
        "Cơ quan ban hành": "Sở Tài nguyên và Môi trường tỉnh Mẫu",
        "Người ký": "Phạm Văn An – Phó Giám đốc",
        "Lĩnh vực": "Môi trường Biển và hải đảo",
    }
    assert [text(li) for li in doc.xpath("//section[@aria-labelledby='kh-can-cu']//li")] == [
        "Quyết định số 1596/QĐ-UBND ngày 19/6/2023 của UBND tỉnh", "Luật Bảo vệ môi trường năm 2020"]
    download = by_class(doc, "portal-download")[0]
    assert text(download) == "Tải văn bản gốc"
    assert text(download.getparent()) == "Tải văn bản gốc (PDF, 3 KB)"
    target = site / resolve(url, download.get("href")).lstrip("/")
    assert target.read_bytes() == PDF
    body = by_class(doc, "portal-article__body")[0]
    assert text(body.xpath(".//h2")[0]).startswith("Mục đích, yêu cầu")


def _table(doc: lxml_html.HtmlElement) -> tuple[list[str], list[dict[str, str]]]:
    table = by_class(doc, "portal-tasks")[0]
    headers = [text(th) for th in table.xpath("./thead/tr/th")]
    rows = []
    for tr in table.xpath("./tbody/tr"):
        cells = tr.xpath("./td | ./th")
        values = []
        for cell in cells:
            if "portal-tasks__task" in cell.get("class", ""):
                values.append(text(by_class(cell, "portal-tasks__text")[0]))
            elif cell.xpath(".//li"):
                values.append("; ".join(text(li) for li in cell.xpath(".//li")))
            else:
                values.append("" if by_class(cell, "portal-tasks__none") else text(cell))
        rows.append(dict(zip(headers, values, strict=True)))
    return headers, rows


def test_task_table_is_accessible_markup(site: Path) -> None:
    doc = page(site, "/ke-hoach/ke-hoach-81/")
    table = by_class(doc, "portal-tasks")[0]
    assert text(table.xpath("./caption")[0]) == "Bảng phân công nhiệm vụ – Kế hoạch số 81/KH-STNMT (4 nhiệm vụ)"
    assert table.xpath("./thead/tr/th/@scope") == ["col"] * 6
    assert table.xpath("./tbody/tr/th/@scope") == ["row"] * 4
    # Every cell says which column it belongs to (the phone layout shows it as a label).
    headers = [text(th) for th in table.xpath("./thead/tr/th")]
    for tr in table.xpath("./tbody/tr"):
        assert [c.get("data-label") for c in tr.xpath("./td | ./th")] == headers


def test_task_table_rows_units_and_timelines(site: Path) -> None:
    url = "/ke-hoach/ke-hoach-81/"
    doc = page(site, url)
    headers, rows = _table(doc)
    assert headers == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hình thức", "Thời gian"]
    assert [r["Thời gian"] for r in rows] == ["Tháng 6/2024", "Quý III/2024", "Năm 2024", "Từ 20/11/2024 đến 05/12/2024"]
    assert rows[0]["Đơn vị phối hợp"] == "Các Sở, ban, ngành; Ủy ban nhân dân các huyện, thị xã, thành phố"
    assert rows[2]["Nhiệm vụ"] == "Công khai thông tin môi trường <định kỳ>", "escaped, not markup"
    assert rows[2]["Đơn vị phối hợp"] == ""
    # "văn phòng  sở" is the same unit as "Văn phòng Sở": shown with the usual spelling, same link.
    assert rows[2]["Đơn vị chủ trì"] == "Văn phòng Sở"
    leads = doc.xpath("//td[contains(@class, 'portal-tasks__lead')]/a/@href")
    assert [resolve(url, h) for h in leads] == [
        "/don-vi/phong-quan-ly-bien-dao/", "/don-vi/van-phong-so/", "/don-vi/van-phong-so/", "/don-vi/van-phong-so/"]
    campaign = doc.xpath("//tr[@id='nhiem-vu-1']//*[contains(@class, 'portal-tasks__campaign')]/a")[0]
    assert resolve(url, campaign.get("href")) == "/chien-dich/tuan-le-bien-2024/"


def test_csv_and_json_downloads_match_the_table(site: Path) -> None:
    url = "/ke-hoach/ke-hoach-81/"
    doc = page(site, url)
    _headers, rows = _table(doc)
    links = {text(a): resolve(url, a.get("href")) for a in doc.xpath("//section[@aria-labelledby='kh-nhiem-vu']//p//a")}
    assert links["CSV (mở bằng Excel)"] == "/ke-hoach/ke-hoach-81/nhiem-vu.csv"
    assert links["JSON"] == "/ke-hoach/ke-hoach-81/nhiem-vu.json"
    raw = (site / "ke-hoach/ke-hoach-81/nhiem-vu.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [{key: r[key] for key in rows[0]} for r in records] == rows
    assert [(r["Từ ngày"], r["Đến ngày"]) for r in records][3] == ("2024-11-20", "2024-12-05")
    document = json.loads((site / "ke-hoach/ke-hoach-81/nhiem-vu.json").read_text(encoding="utf-8"))
    assert document["plan"]["number"] == "81/KH-STNMT"
    assert document["plan"]["url"] == "https://stnmt.example.gov.vn/ke-hoach/ke-hoach-81/"
    assert document["columns"] == list(rows[0])
    assert [
        {"TT": str(t["number"]), "Nhiệm vụ": t["task"], "Đơn vị chủ trì": t["lead"],
         "Đơn vị phối hợp": "; ".join(t["partners"]), "Hình thức": t["form"], "Thời gian": t["when"]["text"]}
        for t in document["tasks"]
    ] == rows
    assert document["tasks"][0]["campaign"]["url"] == "https://stnmt.example.gov.vn/chien-dich/tuan-le-bien-2024/"


def test_plan_deadlines_campaigns_and_articles(site: Path) -> None:
    doc = page(site, "/ke-hoach/ke-hoach-81/")
    deadlines = [text(li) for li in doc.xpath("//section[@aria-labelledby='kh-han-bao-cao']//li")]
    assert deadlines == ["Thứ Bảy, 01/06/2024 Đã qua: Báo cáo sơ kết 6 tháng",
                         "Thứ Năm, 05/12/2024: Báo cáo kết quả năm"]
    assert [text(a) for a in doc.xpath("//section[@aria-labelledby='kh-chien-dich']//li/a")] == [
        "Tuần lễ Biển và Hải đảo 2024"]
    assert [text(a) for a in doc.xpath("//section[@aria-labelledby='kh-tin-bai']//li/a")] == ["Ra quân làm sạch bờ biển"]


def test_plan_without_number_attachment_or_bases(site: Path) -> None:
    doc = page(site, "/ke-hoach/ke-hoach-2023/")
    assert docinfo(doc) == {"Ngày ban hành": "ngày 06 tháng 3 năm 2023",
                            "Cơ quan ban hành": "Sở Tài nguyên và Môi trường tỉnh Mẫu", "Lĩnh vực": "Môi trường"}
    assert not by_class(doc, "portal-download")
    assert not doc.xpath("//section[@aria-labelledby='kh-can-cu']")
    _headers, rows = _table(doc)
    assert [r["Thời gian"] for r in rows] == ["22/03/2023"]


# -- units ---------------------------------------------------------------------------------------

def test_units_index_and_unit_pages(site: Path) -> None:
    doc = page(site, "/don-vi/")
    counts = {text(tr.xpath("./th")[0]): [text(td) for td in tr.xpath("./td")]
              for tr in doc.xpath("//table[contains(@class, 'portal-units')]/tbody/tr")}
    assert counts == {
        "Báo Mẫu": ["0", "1"],
        "Các phòng, đơn vị thuộc Sở": ["0", "1"],
        "Các Sở, ban, ngành": ["0", "1"],
        "Phòng Quản lý biển đảo": ["1", "1"],
        "Ủy ban nhân dân các huyện, thị xã, thành phố": ["0", "1"],
        "Văn phòng Sở": ["4", "0"],
    }
    url = "/don-vi/van-phong-so/"
    unit = page(site, url)
    assert text(unit.xpath("//h1")[0]) == "Văn phòng Sở"
    assert "Chủ trì 4 nhiệm vụ, phối hợp 0 nhiệm vụ trong 2 kế hoạch." in text(unit)
    assert "“văn phòng sở”" in text(unit), "other spellings are shown"
    rows = unit.xpath("//section[@aria-labelledby='dv-lead']//tbody/tr")
    assert [text(tr.xpath("./td[last()]")[0]) for tr in rows] == [
        "Từ 20/11/2024 đến 05/12/2024", "Quý III/2024", "Năm 2024", "22/03/2023"]
    links = [resolve(url, h) for h in unit.xpath("//section[@aria-labelledby='dv-lead']//tbody/tr/td[1]/a/@href")]
    assert links[0] == "/ke-hoach/ke-hoach-81/" and links[-1] == "/ke-hoach/ke-hoach-2023/"
    crumbs = [resolve(url, h) for h in unit.xpath("//nav[contains(@class, 'portal-breadcrumbs')]//a/@href")]
    assert crumbs == ["/", "/ke-hoach/", "/don-vi/"]


# -- near-duplicate unit names -------------------------------------------------------------------

TYPO_PLAN = """\
---
title: Kế hoạch có lỗi chính tả
issued: 2024-03-01
issuer: Sở
topics: [moi-truong]
tasks:
  - task: Việc thứ nhất
    lead: Phòng Quản lý môi trường
    when: 2024-03
  - task: Việc thứ hai
    lead: Phòng Quản lý môi trường
    when: 2024-04
"""
TYPO_OTHER = """\
---
title: Kế hoạch khác
issued: 2024-04-01
issuer: Sở
topics: [moi-truong]
tasks:
  - task: Việc thứ ba
    lead: Văn phòng Sở
    partners:
      - Báo tỉnh
      - Phòng Quản lý môi truờng
    when: 2024-05
"""
EXPECTED_WARNING = (
    "content/plans/b.md:11: [unit-near-duplicate] đơn vị 'Phòng Quản lý môi truờng' gần giống đơn vị "
    "'Phòng Quản lý môi trường' (content/plans/a.md:8 và 1 chỗ khác)"
)


def test_near_duplicate_units_are_reported_by_portal_check(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {"plans/a.md": TYPO_PLAN + "---\n\nA.\n", "plans/b.md": TYPO_OTHER + "---\n\nB.\n"})
    result = subprocess.run([str(Path(sys.executable).parent / "portal"), "check"], cwd=proj,
                            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, "a warning alone does not fail the check"
    assert EXPECTED_WARNING in result.stdout, result.stdout


def test_near_duplicate_units_are_reported_by_the_build_without_stopping_it(tmp_path: Path) -> None:
    # Content warnings are advice for editors (issue 8): shown with the same line, never blocking.
    proj = make_project(tmp_path, {"plans/a.md": TYPO_PLAN + "---\n\nA.\n", "plans/b.md": TYPO_OTHER + "---\n\nB.\n"})
    result = run_build(proj)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert EXPECTED_WARNING in output, output
    assert (proj / "site" / "ke-hoach" / "index.html").is_file()
