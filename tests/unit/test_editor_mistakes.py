"""Mistakes office editors make, each reported at its line with the fix (issue: editors never lose a word).

One case per mistake: the files as an editor would save them, and the exact `path:line: [rule] message`
lines with their severity. An error stops the build (the page would visibly differ from what was
typed); a warning is for what may be intended. Nothing here is published silently changed.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from helpers import EPOCH, TOPICS, write_tree
from portal.dates import build_now
from portal.loader import LoadOptions, load_site


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (0, 90, 200)).save(out, "PNG")
    return out.getvalue()


H = "---\ntitle: Bài\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\n"
CAMPAIGN = "---\ntitle: Giờ Trái Đất 2024\nstart: 2024-03-01\nend: 2024-03-31\ntopics: [moi-truong]\n{extra}---\n\nx\n"
PLAN = "---\ntitle: Kế hoạch tuyên truyền 2024\nissued: 2024-02-01\nissuer: Sở\ntopics: [moi-truong]\n{extra}---\n\nx\n"

CASES: dict[str, tuple[dict[str, str | bytes], list[tuple[str, str]]]] = {
    "comment-cuts-title": (
        {"articles/a.md": "---\ntitle: Hội nghị lần #2 về kiểm kê đất đai\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\nx\n"},
        [
            ("content/articles/a.md:2: [yaml-comment] dấu '#' sau dấu cách bắt đầu một ghi chú trong YAML nên trang chỉ đăng 'Hội nghị lần'; nếu '#…' là nội dung, đặt cả giá trị trong dấu ngoặc kép: title: \"Hội nghị lần #2 về kiểm kê đất đai\"", "error"),
        ],
    ),
    "comment-cuts-list-item": (
        {"plans/p.md": PLAN.format(extra="bases:\n  - Luật Bảo vệ môi trường #2020\n")},
        [
            ("content/plans/p.md:7: [yaml-comment] dấu '#' sau dấu cách bắt đầu một ghi chú trong YAML nên trang chỉ đăng 'Luật Bảo vệ môi trường'; nếu '#…' là nội dung, đặt cả giá trị trong dấu ngoặc kép: - \"Luật Bảo vệ môi trường #2020\"", "error"),
        ],
    ),
    "topics-as-one-string": (
        {"articles/a.md": "---\ntitle: Bài\ndate: 2024-06-01\ntopics: moi-truong, tai-nguyen-nuoc\n---\n\nx\n"},
        [
            ("content/articles/a.md:4: [list-format] 'topics' là một danh sách: viết các mục trong ngoặc vuông, cách nhau bằng dấu phẩy: topics: [moi-truong, tai-nguyen-nuoc]", "error"),
        ],
    ),
    "partners-as-one-string": (
        {"plans/p.md": PLAN.format(extra="tasks:\n  - task: Tuyên truyền\n    lead: Văn phòng Sở\n    partners: Sở Tài chính, Sở Xây dựng\n    when: 2024\n")},
        [
            ("content/plans/p.md:9: [list-format] nhiệm vụ 1: 'partners' đang là một mục 'Sở Tài chính, Sở Xây dựng'; nếu đây là 2 mục riêng, viết trong ngoặc vuông: partners: [Sở Tài chính, Sở Xây dựng] (hoặc mỗi mục một dòng bắt đầu bằng '- ')", "warning"),
        ],
    ),
    "yes-as-title": (
        {"articles/a.md": "---\ntitle: Yes\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\nx\n"},
        [
            ("content/articles/a.md:2: [type-invalid] 'title' phải là một chuỗi văn bản, nhưng YAML đọc giá trị này là đúng/sai (các chữ yes, no, on, off, true, false); nếu đó là chữ, hãy đặt trong dấu ngoặc kép, ví dụ: title: \"Yes\"", "error"),
        ],
    ),
    "image-name-with-spaces": (
        {"articles/a.md": H + "![Hội nghị](anh/Ảnh hội nghị 1.jpg)\n", "articles/anh/Ảnh hội nghị 1.jpg": png()},
        [
            ("content/articles/a.md:7: [link-spaces] ảnh 'anh/Ảnh hội nghị 1.jpg' có dấu cách nên trang hiện nguyên dòng chữ thay cho ảnh: viết ![…](<anh/Ảnh hội nghị 1.jpg>) (đường dẫn trong dấu < >) hoặc đổi tên tệp không có dấu cách", "error"),
        ],
    ),
    "backslash-path": (
        {"articles/a.md": H + "![Hội nghị](anh\\hoi-nghi.jpg)\n", "articles/anh/hoi-nghi.jpg": png()},
        [
            ("content/articles/a.md:7: [path-backslash] ảnh 'anh\\hoi-nghi.jpg' dùng dấu '\\' kiểu Windows: viết 'anh/hoi-nghi.jpg' (dấu '/')", "error"),
        ],
    ),
    "wrong-letter-case": (
        {"articles/a.md": H + "![Hội nghị](Anh/Hoi-Nghi.JPG)\n", "articles/anh/hoi-nghi.jpg": png()},
        [
            ("content/articles/a.md:7: [image-missing] không tìm thấy ảnh 'Anh/Hoi-Nghi.JPG'; có tệp 'anh/hoi-nghi.jpg' (khác chữ hoa, chữ thường hoặc dấu): sửa cho đúng tên tệp", "error"),
        ],
    ),
    "image-without-description": (
        {"articles/a.md": H + "![](anh/hoi-nghi.jpg)\n", "articles/anh/hoi-nghi.jpg": png()},
        [
            ("content/articles/a.md:7: [image-alt-missing] ảnh trong bài cần mô tả (Thông tư 32/2017/TT-BTTTT): viết nội dung ảnh trong ngoặc vuông, ví dụ ![Đoàn viên nhặt rác trên bãi biển](anh/ten-anh.jpg), hoặc alt=\"…\" với thẻ <img>", "error"),
        ],
    ),
    "facebook-embed": (
        {"articles/a.md": H + '<iframe src="https://www.facebook.com/plugins/video.php?href=x"></iframe>\n'},
        [
            ("content/articles/a.md:7: [embed-blocked] khung nhúng từ 'www.facebook.com' bị bỏ khi đăng (chỉ nhúng được từ: www.youtube-nocookie.com, www.youtube.com). Nếu tin cậy trang này, người quản trị thêm 'www.facebook.com' vào extra.portal.iframe_hosts trong mkdocs.yml và vào frame-src trong deploy/nginx.conf; nếu không, thay bằng liên kết tới bài gốc", "error"),
        ],
    ),
    "script-removed": (
        {"articles/a.md": H + "<script>alert(1)</script>\n"},
        [
            ("content/articles/a.md:7: [html-removed] thẻ <script> bị bỏ khi đăng (trang chỉ giữ định dạng an toàn, không chạy mã, không nhúng biểu mẫu); cả nội dung bên trong cũng bị bỏ", "warning"),
        ],
    ),
    "notepad-extension": (
        {"articles/bai-moi.md.txt": "---\ntitle: Bài mới\n---\n"},
        [
            ("content/articles/bai-moi.md.txt:1: [file-ignored] tệp 'bai-moi.md.txt' không có phần mở rộng .md (chữ thường) nên không được đọc và không được đăng: đổi tên thành 'bai-moi.md'. Trên Windows, bật hiện phần mở rộng tệp (File Explorer → Xem → Phần mở rộng tên tệp)", "error"),
        ],
    ),
    "upper-case-extension": (
        {"articles/BAI.MD": "---\ntitle: Bài mới\n---\n"},
        [
            ("content/articles/BAI.MD:1: [file-ignored] tệp 'BAI.MD' không có phần mở rộng .md (chữ thường) nên không được đọc và không được đăng: đổi tên thành 'BAI.md'. Trên Windows, bật hiện phần mở rộng tệp (File Explorer → Xem → Phần mở rộng tên tệp)", "error"),
        ],
    ),
    "windows-copy": (
        {"articles/bai.md": H + "Nội dung.\n", "articles/bai - Copy.md": H + "Nội dung.\n"},
        [
            ("content/articles/bai - Copy.md:2: [item-copy] tệp này là bản sao của content/articles/bai.md (cùng tiêu đề và ngày) nên bài sẽ được đăng hai lần: xoá tệp này, hoặc sửa tiêu đề và nội dung nếu đây là bài mới", "error"),
        ],
    ),
    "same-body": (
        {"articles/a.md": H + ("Nội dung dài của bài viết về môi trường. " * 8) + "\n",
                  "articles/b.md": H.replace("title: Bài", "title: Bài khác") + ("Nội dung dài của bài viết về môi trường. " * 8) + "\n"},
        [
            ("content/articles/b.md:2: [item-copy] nội dung tệp này giống hệt content/articles/a.md: nếu tệp được chép từ bài kia để viết bài mới, hãy thay nội dung; nếu cố ý đăng lại, bỏ qua cảnh báo này", "warning"),
        ],
    ),
    "scaffold-text-left": (
        {"articles/a.md": H + "Viết đoạn mở đầu ở đây: một hai câu.\n"},
        [
            ("content/articles/a.md:7: [placeholder-left] còn chữ mẫu của lệnh portal new ('Viết đoạn mở đầu ở đây…'): thay bằng nội dung thật trước khi đăng (hoặc giữ draft: true)", "error"),
        ],
    ),
    "activity-before-campaign": (
        {"campaigns/c.md": CAMPAIGN.format(extra="activities:\n  - title: Họp báo\n    date: 2024-02-20\n")},
        [
            ("content/campaigns/c.md:7: [date-outside] hoạt động 'Họp báo' ngoài thời gian chiến dịch (01/03/2024–31/03/2024): kiểm tra lại ngày", "warning"),
        ],
    ),
    "deadline-before-plan": (
        {"plans/p.md": PLAN.format(extra="deadlines:\n  - date: 2024-01-15\n    what: Báo cáo\n")},
        [
            ("content/plans/p.md:7: [date-outside] hạn 'Báo cáo' (15/01/2024) trước ngày ban hành kế hoạch (01/02/2024): kiểm tra lại ngày", "warning"),
        ],
    ),
    "word-closing-quote": (
        {"articles/a.md": '---\ntitle: "Hội nghị tổng kết”\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\nx\n'},
        [
            ("content/articles/a.md:2: [yaml-invalid] YAML không hợp lệ: giá trị mở bằng dấu \" nhưng đóng bằng dấu ” (dấu kiểu chữ của Word): hai đầu phải cùng là dấu \": title: \"Hội nghị tổng kết\"", "error"),
        ],
    ),
    "text-after-quotes": (
        {"articles/a.md": '---\ntitle: "Tết xanh" lan tỏa khắp tỉnh\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\nx\n'},
        [
            ("content/articles/a.md:2: [yaml-invalid] YAML không hợp lệ: giá trị bắt đầu bằng dấu \" nên phải kết thúc ngay ở dấu \" đóng; nếu dấu ngoặc chỉ là một phần của nội dung, đặt cả giá trị trong dấu ': '\"Tết xanh\" lan tỏa khắp tỉnh'", "error"),
        ],
    ),
    "at-sign": (
        {"articles/a.md": "---\ntitle: @SởTNMT phát động\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\nx\n"},
        [
            ("content/articles/a.md:2: [yaml-invalid] YAML không hợp lệ: ký tự '@' không được đứng đầu một giá trị; đặt cả giá trị trong dấu ngoặc kép, ví dụ: \"@SởTNMT phát động\"", "error"),
        ],
    ),
    "tab-indent": (
        {"campaigns/c.md": "---\ntitle: Chiến dịch\nstart: 2024-03-01\nend: 2024-03-31\ntopics: [moi-truong]\nactivities:\n  - title: Họp\n\t  date: 2024-03-02\n---\n\nx\n"},
        [
            ("content/campaigns/c.md:8: [yaml-invalid] YAML không hợp lệ: dòng này thụt lề bằng phím Tab; YAML chỉ nhận dấu cách: thay Tab bằng dấu cách", "error"),
        ],
    ),
    "impossible-date": (
        {"articles/a.md": "---\ntitle: Bài\ndate: 2024-02-30\ntopics: [moi-truong]\n---\n\nx\n"},
        [
            ("content/articles/a.md:3: [date-invalid] ngày không hợp lệ '2024-02-30': ngày 30/02/2024 không có thật: tháng 2 năm 2024 có 29 ngày", "error"),
        ],
    ),
    "day-month-year": (
        {"articles/a.md": "---\ntitle: Bài\ndate: 31/12/2024\ntopics: [moi-truong]\n---\n\nx\n"},
        [
            ("content/articles/a.md:3: [date-invalid] ngày không hợp lệ '31/12/2024': viết là 2024-12-31", "error"),
        ],
    ),
    "date-in-words": (
        {"events/e.md": "---\ntitle: Sự kiện\nstart: ngày 5 tháng 6 năm 2024 lúc 8 giờ 30\ntopics: [moi-truong]\n---\n\nx\n"},
        [
            ("content/events/e.md:3: [date-invalid] ngày không hợp lệ 'ngày 5 tháng 6 năm 2024 lúc 8 giờ 30': viết là 2024-06-05 08:30", "error"),
        ],
    ),
    "same-day-end-before-start": (
        {"events/e.md": "---\ntitle: Sự kiện\nstart: 2024-06-05 14:00\nend: 2024-06-05 08:30\ntopics: [moi-truong]\n---\n\nx\n"},
        [
            ("content/events/e.md:4: [end-before-start] 'end' (08:30 05/06/2024) trước 'start' (14:00 05/06/2024)", "error"),
        ],
    ),
    "vietnamese-key": (
        {"articles/a.md": "---\ntitle: Bài\ndate: 2024-06-01\ntopics: [moi-truong]\ntac_gia: Văn phòng\n---\n\nx\n"},
        [
            ("content/articles/a.md:5: [key-unknown] khoá 'tac_gia' không được hỗ trợ — dùng khoá 'author'", "error"),
        ],
    ),
    "topic-by-name": (
        {"articles/a.md": "---\ntitle: Bài\ndate: 2024-06-01\ntopics: [Môi trường]\n---\n\nx\n"},
        [
            ("content/articles/a.md:4: [topic-unknown] lĩnh vực 'Môi trường' không tồn tại — lĩnh vực 'Môi trường' viết là 'moi-truong'", "error"),
        ],
    ),
    "campaign-by-title": (
        {"campaigns/c.md": CAMPAIGN.format(extra=""), "articles/a.md": "---\ntitle: Bài\ndate: 2024-06-01\ntopics: [moi-truong]\ncampaign: Giờ Trái Đất 2024\n---\n\nx\n"},
        [
            ("content/articles/a.md:5: [campaign-unknown] chiến dịch 'Giờ Trái Đất 2024' không tồn tại — 'Giờ Trái Đất 2024' viết là 'gio-trai-dat-2024'", "error"),
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_mistake_is_reported_at_its_line_with_the_fix(tmp_path: Path, case: str):
    files, expected = CASES[case]
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, **files})
    _site, problems = load_site(tmp_path, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": EPOCH})))
    assert [(p.format(), p.severity) for p in problems] == expected


def test_names_split_at_their_own_commas_stay_one_unit(tmp_path: Path):
    plan = PLAN.format(extra="tasks:\n  - task: Tuyên truyền\n    lead: Văn phòng Sở\n"
                             "    partners: [Ủy ban nhân dân các huyện, thị xã, thành phố, Sở Tài chính]\n    when: 2024\n")
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, "plans/p.md": plan})
    site, problems = load_site(tmp_path, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": EPOCH})))
    assert problems == []
    assert site.plans[0].tasks[0].partners == ("Ủy ban nhân dân các huyện, thị xã, thành phố", "Sở Tài chính")


@pytest.mark.parametrize("typed", ["0012", "12:30", "1_000", "1e3", "0x1F"])
def test_text_keys_keep_numbers_as_typed(tmp_path: Path, typed: str):
    plan = PLAN.format(extra=f"number: {typed}\n")
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, "plans/p.md": plan})
    site, problems = load_site(tmp_path, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": EPOCH})))
    assert problems == [] and site.plans[0].number == typed


def test_a_draft_may_keep_the_scaffold_text_and_a_copy_of_itself(tmp_path: Path):
    draft = H.replace("---\n\n", "draft: true\n---\n\n", 1) + "Viết đoạn mở đầu ở đây.\n"
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, "articles/a.md": H + "Nội dung.\n", "articles/b.md": draft})
    _site, problems = load_site(tmp_path, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": EPOCH})))
    assert problems == []


@pytest.mark.parametrize(("typed", "fixed"), [
    ("[Thông báo] Lịch tiếp dân", 'title: "[Thông báo] Lịch tiếp dân"'),
    ("!Khẩn cấp", 'title: "!Khẩn cấp"'),
    ("- Thông báo mới", 'title: "- Thông báo mới"'),
    ("&Sở và Ngành", 'title: "&Sở và Ngành"'),
])
def test_a_value_starting_with_a_yaml_sign_is_quoted_in_the_fix(tmp_path: Path, typed: str, fixed: str):
    write_tree(tmp_path / "content", {"topics.yml": TOPICS,
                                      "articles/a.md": f"---\ntitle: {typed}\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\nx\n"})
    _site, problems = load_site(tmp_path, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": EPOCH})))
    assert [(p.line, p.rule) for p in problems] == [(2, "yaml-invalid")]
    assert problems[0].message.endswith(fixed)


def test_an_unclosed_list_is_reported_where_it_opens(tmp_path: Path):
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, "articles/a.md":
                                      "---\ntitle: Bài\ntopics: [moi-truong\ndate: 2024-06-01\nsummary: x\n---\n\nx\n"})
    _site, problems = load_site(tmp_path, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": EPOCH})))
    assert [(p.line, p.rule) for p in problems] == [(3, "yaml-invalid")]
