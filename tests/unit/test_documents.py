"""Documents (văn bản): what editors get wrong is reported at its line; status, replacement and
drafts for comment as a citizen reads them; the calendar carries their dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EPOCH, make_project
from portal import agenda, routes
from portal.dates import build_now
from portal.documents import Register, document_pages, status
from portal.loader import LoadOptions, load_site
from portal.models import Site
from portal.settings import Settings

NOW = build_now({"SOURCE_DATE_EPOCH": EPOCH})  # 2024-06-17
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


def document(number: str, title: str = "Quy định quản lý chất thải", *, doc_type: str = "Quyết định",
             issued: str = "2024-01-10", extra: str = "", attachment: str = "vb.pdf") -> str:
    head = f'title: {title}\nnumber: "{number}"\ntype: {doc_type}\nissued: {issued}\nissuer: Ủy ban nhân dân tỉnh\n'
    head += "topics: [moi-truong]\n" + (f"attachment: {attachment}\n" if attachment else "")
    return f"---\n{head}{extra}---\n\nTóm tắt văn bản.\n"


def load(tmp_path: Path, files: dict[str, str | bytes], preview: bool = False) -> tuple[Site, list[str]]:
    proj = make_project(tmp_path, {"documents/vb.pdf": PDF, **files})
    site, problems = load_site(proj, LoadOptions(now=NOW, preview=preview))
    return site, [problem.format() for problem in problems]


def test_a_document_is_published_with_its_facts_and_file(tmp_path: Path):
    site, problems = load(tmp_path, {"documents/qd.md": document(
        "12/2024/QĐ-UBND", extra="effective: 2024-02-01\nsigner: Nguyễn Văn A\nsigner_title: Chủ tịch\n")})
    assert problems == []
    (doc,) = site.documents
    assert (doc.number, doc.doc_type, doc.issued.isoformat(), doc.effective.isoformat()) == (  # type: ignore[union-attr]
        "12/2024/QĐ-UBND", "Quyết định", "2024-01-10", "2024-02-01")
    assert doc.url == "van-ban/quy-dinh-quan-ly-chat-thai/"
    assert [a.url for a in doc.attachments] == ["media/documents/vb.pdf"]
    assert site.assets["documents/vb.pdf"].size == len(PDF)
    assert doc in site.items()


def test_an_unknown_type_is_an_error_with_the_right_spelling(tmp_path: Path):
    _, problems = load(tmp_path, {
        "documents/a.md": document("1/QĐ", doc_type="quyết định"),
        "documents/b.md": document("2/QĐ", title="Khác", doc_type="Nghi dinh"),
    })
    assert problems[0].startswith("content/documents/a.md:4: [type-unknown] loại văn bản 'quyết định' không có "
                                  "trong danh sách — viết 'Quyết định'")
    assert problems[1].startswith("content/documents/b.md:4: [type-unknown] loại văn bản 'Nghi dinh' không có trong "
                                  "danh sách — có phải 'Nghị định'?")
    assert "extra.portal.document_types" in problems[1]


def test_a_missing_file_and_a_missing_number_are_errors_at_their_lines(tmp_path: Path):
    _, problems = load(tmp_path, {
        "documents/a.md": document("1/QĐ", attachment="[vb.pdf, phu-luc.pdf]"),
        "documents/b.md": document("2/QĐ", title="Khác").replace('number: "2/QĐ"\n', ""),
    })
    assert problems == [
        "content/documents/a.md:8: [file-missing] không tìm thấy tệp đính kèm 'phu-luc.pdf'",
        "content/documents/b.md:2: [key-missing] thiếu khoá bắt buộc 'number'",
    ]


def test_a_draft_may_lack_its_number_and_file_until_it_is_published(tmp_path: Path):
    text = document("1/QĐ", attachment="").replace('number: "1/QĐ"\n', "").replace("---\n\n", "draft: true\n---\n\n")
    site, problems = load(tmp_path, {"documents/a.md": text}, preview=True)
    assert problems == [] and site.documents[0].draft
    (tmp_path / "2").mkdir()
    _, problems = load(tmp_path / "2", {"documents/a.md": text.replace("draft: true\n", "")})
    assert [p.split(": [")[1].split("]")[0] for p in problems] == ["key-missing", "key-missing"]
    assert {p.rsplit(" ", 1)[1] for p in problems} == {"'number'", "'attachment'"}


def test_dates_out_of_order_and_a_bad_consultation_are_reported(tmp_path: Path):
    _, problems = load(tmp_path, {
        "documents/a.md": document("1/QĐ", extra="effective: 2024-02-01\nexpires: 2023-12-31\n"),
        "documents/b.md": document("2/QĐ", title="Dự thảo", doc_type="Dự thảo",
                                   extra="consultation: {until: 2024-07-01, email: gop y}\n"),
        "documents/c.md": document("3/QĐ", title="Dự thảo khác", doc_type="Dự thảo",
                                   extra="consultation: 2024-07-01\n"),
    })
    assert problems[0] == "content/documents/a.md:10: [end-before-start] 'expires' (31/12/2023) trước 'issued' (10/01/2024)"
    assert problems[1].startswith("content/documents/b.md:9: [email-invalid] góp ý: địa chỉ thư 'gop y' không hợp lệ")
    assert problems[2].startswith("content/documents/c.md:9: [type-invalid] 'consultation' phải là một bảng")
    assert len(problems) == 3


def test_replacing_an_unknown_number_is_a_warning_and_a_known_one_links_both_ways(tmp_path: Path):
    site, problems = load(tmp_path, {
        "documents/cu.md": document("5/2020/QĐ-UBND", title="Quy định cũ", issued="2020-03-01"),
        "documents/moi.md": document("12/2024/QĐ-UBND", extra='replaces: ["5/2020/qđ-ubnd", "9/2019/QĐ-UBND"]\n'),
    })
    assert problems == [
        "content/documents/moi.md:9: [replaces-unknown] không có văn bản số '9/2019/QĐ-UBND' trên trang: trang ghi "
        "tên số này mà không có liên kết; kiểm tra số, ký hiệu (đúng như trên văn bản), hoặc thêm văn bản đó vào "
        "content/documents/",
    ]
    register = Register.build(site)
    old = next(d for d in site.documents if d.number == "5/2020/QĐ-UBND")
    found = status(old, NOW.date(), register)
    assert (found.code, found.label, found.replaced_by.number) == (  # type: ignore[union-attr]
        "replaced", "Đã được thay thế", "12/2024/QĐ-UBND")
    new_page = next(s for s in document_pages(site, Settings()) if s.url == "van-ban/quy-dinh-quan-ly-chat-thai/")
    assert [(number, found.url if found else None) for number, found in new_page.data.replaces] == [
        ("5/2020/qđ-ubnd", "van-ban/quy-dinh-cu/"), ("9/2019/QĐ-UBND", None)]


@pytest.mark.parametrize(("extra", "code", "label"), [
    ("", "in-force", "Còn hiệu lực"),
    ("effective: 2024-07-01\n", "pending", "Chưa có hiệu lực"),
    ("expires: 2024-06-17\n", "expired", "Hết hiệu lực"),  # loses effect on that day
    ("expires: 2024-06-18\n", "in-force", "Còn hiệu lực"),
])
def test_status_as_of_the_build_today(tmp_path: Path, extra: str, code: str, label: str):
    site, problems = load(tmp_path, {"documents/a.md": document("1/QĐ", extra=extra)})
    assert problems == []
    found = status(site.documents[0], NOW.date(), Register.build(site))
    assert (found.code, found.label) == (code, label)


def test_drafts_page_lists_open_ones_first_with_days_left_then_closed(tmp_path: Path):
    def draft(number: str, title: str, until: str) -> str:
        return document(number, title, doc_type="Dự thảo", issued="2024-05-01",
                        extra=f"consultation: {{until: {until}, email: gopy@so.gov.vn}}\n")
    site, problems = load(tmp_path, {
        "documents/a.md": draft("DT-1", "Dự thảo đã đóng", "2024-06-16"),
        "documents/b.md": draft("DT-2", "Dự thảo đóng muộn", "2024-07-15"),
        "documents/c.md": draft("DT-3", "Dự thảo đóng hôm nay", "2024-06-17"),
    })
    assert problems == []
    page = next(s for s in document_pages(site, Settings()) if s.url == routes.DRAFTS)
    assert [(d.title, st.days_left) for d, st in page.data.open] == [
        ("Dự thảo đóng hôm nay", 1), ("Dự thảo đóng muộn", 29)]
    assert [(d.title, st.code) for d, st in page.data.closed] == [("Dự thảo đã đóng", "closed")]
    entries = {e.key: e for e in agenda.build_agenda(site).entries if e.kind == "consultation"}
    assert entries["van-ban-du-thao-dong-muon-han-gop-y"].first.isoformat() == "2024-07-15"


def test_list_pages_by_type_and_year_and_reserved_slugs(tmp_path: Path):
    site, problems = load(tmp_path, {
        "documents/a.md": document("1/QĐ", "Một", issued="2023-05-01"),
        "documents/b.md": document("2/NĐ", "Hai", doc_type="Nghị định", issued="2024-02-01"),
        "documents/c.md": document("3/QĐ", "Dự thảo", issued="2024-03-01"),  # default slug `du-thao`: taken
        "documents/d.md": document("4/QĐ", "Bốn", extra="slug: trang\n"),
    })
    assert problems == ["content/documents/d.md:9: [slug-duplicate] slug 'trang' là địa chỉ của trang danh sách "
                        "/van-ban/trang/; chọn slug khác"]
    assert {d.url for d in site.documents} == {"van-ban/mot/", "van-ban/hai/", "van-ban/du-thao-2/"}
    specs = {s.url: s for s in document_pages(site, Settings())}
    assert [d.number for d in specs["van-ban/"].data.pager.items] == ["3/QĐ", "2/NĐ", "1/QĐ"]
    assert specs["van-ban/"].data.types == [("Nghị định", "van-ban/loai/nghi-dinh/", 1),
                                               ("Quyết định", "van-ban/loai/quyet-dinh/", 2)]
    assert [d.number for d in specs["van-ban/loai/quyet-dinh/"].data.pager.items] == ["3/QĐ", "1/QĐ"]
    assert [d.number for d in specs["van-ban/nam/2024/"].data.pager.items] == ["3/QĐ", "2/NĐ"]
    effective = [e for e in agenda.build_agenda(site).entries if e.kind == "effective"]
    assert effective == []  # no `effective:` given: nothing to put on the calendar
