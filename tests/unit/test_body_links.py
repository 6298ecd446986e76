"""Links and images in every form Markdown and browsers accept (security review items 6, 8, 10).

Images from other hosts are reported at their line whatever their spelling, and the rendered HTML
never loads them; files behind `<…>` destinations and raw HTML are checked and published with a
working URL; a published item linking an unpublished one gets a warning and no dead link.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from helpers import EPOCH, TOPICS, write_tree
from portal.bodylinks import is_external
from portal.dates import build_now
from portal.loader import LoadOptions, load_site
from portal.render import Renderer
from portal.sanitize import Sanitizer

NOW = build_now({"SOURCE_DATE_EPOCH": EPOCH})  # 2024-06-17


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 200)).save(out, "PNG")
    return out.getvalue()


def art(body: str, extra: str = "", date: str = "2024-06-01", title: str = "Bài") -> str:
    return f"---\ntitle: {title}\ndate: {date}\ntopics: [moi-truong]\n{extra}---\n\n{body}\n"


def load(tmp_path: Path, files: dict[str, str | bytes], preview: bool = False):
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, **files})
    return load_site(tmp_path, LoadOptions(now=NOW, preview=preview))


def rendered(item) -> str:
    return Renderer().render(item).html


EXTERNAL = {
    "markdown": "![Ảnh](https://cdn.example.com/a.jpg)",
    "markdown-upper-scheme": "![Ảnh](HTTPS://cdn.example.com/a.jpg)",
    "markdown-angle": "![Ảnh](<https://cdn.example.com/a b.jpg>)",
    "protocol-relative": "![Ảnh](//cdn.example.com/a.jpg)",
    "html-upper-unquoted": "<IMG SRC=https://cdn.example.com/a.jpg ALT=x>",
    "html-split": "<img alt=\"x\"\n     src=\"https://cdn.example.com/a.jpg\">",
    "html-single-quotes": "<img src='//cdn.example.com/a.jpg' alt='x'>",
    "html-entities": "<img src=\"&#104;ttps://cdn.example.com/a.jpg\" alt=\"x\">",
    "html-backslashes": "<img src=\"/\\cdn.example.com/a.jpg\" alt=\"x\">",
    "html-leading-blank": "<img src=\" https://cdn.example.com/a.jpg\" alt=\"x\">",
    "video": "<video src=\"https://cdn.example.com/v.mp4\" controls></video>",
    "audio-source": "<audio controls><source src=\"https://cdn.example.com/a.mp3\"></audio>",
    "reference": "![Ảnh][r]\n\n[r]: https://cdn.example.com/a.jpg",
    "reference-collapsed": "![Ảnh][]\n\n[ảnh]: https://cdn.example.com/a.jpg",
    "reference-shortcut": "![Ảnh]\n\n[Ảnh]: https://cdn.example.com/a.jpg",
    "inside-a-link": "[![Ảnh](https://cdn.example.com/a.jpg)](https://example.com/)",
    "object-embed": "<object data=\"https://cdn.example.com/a.swf\"></object>",
    "embed": "<embed src=\"//cdn.example.com/a.swf\">",
    "tab-inside-scheme": "<img src=\"ht\ttps://cdn.example.com/a.jpg\" alt=\"x\">",
    "admonition-after-blank": "!!! note \"Ghi chú\"\n\n    ![Ảnh](https://cdn.example.com/a.jpg)",
    "list-continuation": "- Mục một\n\n    ![Ảnh](https://cdn.example.com/a.jpg)",
    "footnote": "Xem[^1].\n\n[^1]: Nguồn:\n\n    ![Ảnh](https://cdn.example.com/a.jpg)",
}
LINE = {"html-split": 8, "admonition-after-blank": 9, "list-continuation": 9, "footnote": 11}


@pytest.mark.parametrize("case", list(EXTERNAL))
def test_an_image_from_another_host_is_reported_in_every_form(tmp_path: Path, case: str):
    site, problems = load(tmp_path, {"articles/a.md": art(EXTERNAL[case])}, preview=True)
    assert [(p.rule, p.line) for p in problems if p.is_error] == [
        ("image-external", LINE.get(case, 7))], [p.format() for p in problems]
    # Even unchecked, the rendered HTML would load nothing from that host.
    html = rendered(site.articles[0])
    assert [src for src in re.findall(r'\s(?:src|srcset|poster|data)="([^"]*)"', html) if is_external(src)] == [], html


def test_code_is_not_scanned(tmp_path: Path):
    body = ("`<img src=\"https://cdn.example.com/a.jpg\">`\n\n```html\n<img src=\"https://x.example/b.png\">\n```\n\n"
            "Đoạn văn.\n\n    ![mã](https://x.example/c.png)")
    _site, problems = load(tmp_path, {"articles/a.md": art(body)})
    assert problems == []


def test_a_yes_or_no_title_says_how_to_keep_it_as_text(tmp_path: Path):
    _site, problems = load(tmp_path, {"articles/a.md": "---\ntitle: Yes\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\nx\n"})
    assert [(p.line, p.rule) for p in problems] == [(2, "type-invalid")]
    assert 'title: "Yes"' in problems[0].message


def test_links_to_other_sites_and_mail_are_fine(tmp_path: Path):
    body = ("[Cổng dịch vụ công](https://dichvucong.gov.vn/), <a href=\"HTTPS://example.com\">trang</a>, "
            "[thư](mailto:a@example.com), [mục](#muc), [trang chủ](/)")
    _site, problems = load(tmp_path, {"articles/a.md": art(body)})
    assert problems == []


MISSING = {
    "angle-image": "![Ảnh hội nghị](<anh/Ảnh hội nghị 1.jpg>)",
    "angle-link": "[Báo cáo](<bao cao.pdf>)",
    "html-img": "<img src=anh/khong-co.png alt=\"Ảnh\">",
    "html-img-quoted": "<img alt=\"Ảnh\" src=\"anh/khong-co.png\">",
    "html-link": "<a href='khong-co.pdf'>Báo cáo</a>",
    "reference-image": "![Ảnh][r]\n\n[r]: anh/khong-co.png",
}


@pytest.mark.parametrize("case", list(MISSING))
def test_a_missing_file_is_reported_in_every_form(tmp_path: Path, case: str):
    _site, problems = load(tmp_path, {"articles/a.md": art(MISSING[case])})
    image = case not in ("angle-link", "html-link")
    assert [(p.rule, p.line) for p in problems] == [("image-missing" if image else "link-broken", 7)]


def test_files_with_spaces_and_raw_html_images_are_published_with_working_urls(tmp_path: Path):
    body = ("![Ảnh hội nghị](<anh/Ảnh hội nghị 1.jpg>)\n\n[Báo cáo](<bao cao.pdf>)\n\n"
            "<img src=anh/so-do.png alt=\"Sơ đồ\">\n\n<IMG\nSRC='anh/so-do.png' ALT=\"Lần hai\">\n\n"
            "![Bản đồ][bd]\n\n[bd]: anh/ban-do.png")
    site, problems = load(tmp_path, {"articles/2024/a.md": art(body), "articles/2024/anh/Ảnh hội nghị 1.jpg": png(),
                                     "articles/2024/bao cao.pdf": b"%PDF", "articles/2024/anh/so-do.png": png(),
                                     "articles/2024/anh/ban-do.png": png()})
    assert problems == []
    html = rendered(site.articles[0])
    prefix = "../../../../media/articles/2024/"
    sources = [unquote(src) for src in re.findall(r'(?:src|href)="([^"]+)"', html)]
    assert sources == [prefix + "anh/Ảnh hội nghị 1.jpg", prefix + "bao cao.pdf", prefix + "anh/so-do.png",
                       prefix + "anh/so-do.png", prefix + "anh/ban-do.png"]
    assert sorted(site.assets) == ["articles/2024/anh/ban-do.png", "articles/2024/anh/so-do.png",
                                   "articles/2024/anh/Ảnh hội nghị 1.jpg", "articles/2024/bao cao.pdf"]


def test_a_published_item_linking_a_draft_or_a_scheduled_one_is_warned_and_keeps_only_the_text(tmp_path: Path):
    body = "Xem [bài nháp](nhap.md) và <a href=\"hen-gio.md\">bài sắp đăng</a>."
    files = {"articles/a.md": art(body),
             "articles/nhap.md": art("Nháp.", "draft: true\n", title="Bí mật chưa công bố"),
             "articles/hen-gio.md": art("Sau.", date="2024-07-01", title="Thông báo tháng bảy")}
    site, problems = load(tmp_path, files)
    assert [(p.rule, p.line, p.severity) for p in problems] == [("link-unpublished", 7, "warning")] * 2
    messages = " | ".join(p.message for p in problems)
    assert "'nhap.md' nhưng bài đó là bản nháp" in messages and "'hen-gio.md' nhưng bài đó hẹn đăng ngày 01/07/2024" in messages
    html = rendered(site.articles[0])
    assert "bi-mat" not in html and "thong-bao" not in html
    assert "<a>bài nháp</a>" in html and "<a>bài sắp đăng</a>" in html
    # Once published, the same link works; in the preview it works and nothing is said.
    later = load_site(tmp_path, LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": "1720000000"})))  # 2024-07-03
    assert [p.rule for p in later[1]] == ["link-unpublished"]  # the draft is still a draft
    preview, problems = load(tmp_path, {}, preview=True)
    assert problems == []


def test_a_draft_linking_a_draft_says_nothing(tmp_path: Path):
    files = {"articles/a.md": art("[b](b.md)", "draft: true\n", title="A"),
             "articles/b.md": art("b", "draft: true\n", title="B")}
    _site, problems = load(tmp_path, files)
    assert problems == []


def test_the_sanitiser_drops_media_from_other_hosts_and_keeps_local_ones():
    html = Sanitizer().clean('<img src="https://x.example/a.png" alt="a"><img src="../media/b.png" alt="b">'
                             '<a href="https://x.example/">x</a>')
    assert html == '<img alt="a"><img src="../media/b.png" alt="b"><a href="https://x.example/">x</a>'


def test_a_published_item_naming_a_draft_campaign_or_a_scheduled_plan_leaves_it_out(tmp_path: Path):
    campaign = "---\ntitle: Chiến dịch nháp\nstart: 2024-06-01\nend: 2024-06-30\ntopics: [moi-truong]\ndraft: true\n---\n\nx\n"
    plan = ("---\ntitle: Kế hoạch sắp ban hành\nissued: 2024-09-01\nissuer: Sở\ntopics: [moi-truong]\n---\n\nx\n")
    plan_with_task = ("---\ntitle: Kế hoạch đã ban hành\nissued: 2024-01-05\nissuer: Sở\ntopics: [moi-truong]\n"
                      "tasks:\n  - task: Việc\n    lead: Phòng\n    when: 2024-06\n    campaign: chien-dich-nhap\n"
                      "---\n\nx\n")
    files = {"campaigns/c.md": campaign, "plans/p.md": plan, "plans/q.md": plan_with_task,
             "articles/a.md": art("x", "campaign: chien-dich-nhap\nplan: ke-hoach-sap-ban-hanh\n")}
    site, problems = load(tmp_path, files)
    assert sorted((p.path.rsplit("/", 1)[-1], p.line, p.rule) for p in problems) == [
        ("a.md", 5, "link-unpublished"), ("a.md", 6, "link-unpublished"), ("q.md", 10, "link-unpublished")]
    assert (site.articles[0].campaign, site.articles[0].plan) == ("", "")
    assert [task.campaign for task in site.plans[0].tasks] == [""]
    preview, problems = load(tmp_path, {}, preview=True)
    assert problems == [] and preview.articles[0].campaign == "chien-dich-nhap"
