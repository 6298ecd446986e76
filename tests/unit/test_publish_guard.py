"""What an item may publish under /media/ (security review items 2, 3, 13, 14).

Only files a browser cannot run as a page of the portal are published; SVGs only when they hold
no script, handler or outside reference; images are bounded in pixels; and a file is published
only when an item on the site uses it (never for a draft or a scheduled item alone).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from helpers import EPOCH, TOPICS, write_tree
from portal.dates import build_now
from portal.loader import LoadOptions, load_site

NOW = build_now({"SOURCE_DATE_EPOCH": EPOCH})  # 2024-06-17


def png(width: int = 4, height: int = 3) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 60)).save(out, "PNG")
    return out.getvalue()


def load(tmp_path: Path, files: dict[str, str | bytes], preview: bool = False):
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, **files})
    return load_site(tmp_path, LoadOptions(now=NOW, preview=preview))


def art(body: str = "", extra: str = "", date: str = "2024-06-01", title: str = "Bài") -> str:
    return f"---\ntitle: {title}\ndate: {date}\ntopics: [moi-truong]\n{extra}---\n\n{body}\n"


@pytest.mark.parametrize("name", ["trang.html", "trang.htm", "x.js", "x.xhtml", "x.xml", "x.exe", "x.svgz", "x.php", "x"])
def test_files_a_browser_could_run_are_refused_at_the_line_that_links_them(tmp_path: Path, name: str):
    site, problems = load(tmp_path, {
        "articles/2024/a.md": art(f"Mở đầu.\n\nXem [tài liệu]({name})."),
        f"articles/2024/{name}": "<script src='x.js'></script>",
    })
    assert [(p.path, p.line, p.rule) for p in problems] == [("content/articles/2024/a.md", 9, "file-type")]
    assert "chỉ đăng được" in problems[0].message.lower()
    assert site.assets == {}


def test_an_html_attachment_of_a_plan_is_refused(tmp_path: Path):
    plan = ("---\ntitle: Kế hoạch\nissued: 2024-01-05\nnumber: 1/KH-STNMT\nissuer: Sở\ntopics: [moi-truong]\n"
            "attachment: ke-hoach.html\n---\n\nNội dung.\n")
    _site, problems = load(tmp_path, {"plans/kh.md": plan, "plans/ke-hoach.html": "<p>x</p>"})
    assert [(p.line, p.rule) for p in problems] == [(7, "file-type")]


@pytest.mark.parametrize("name", ["bao-cao.pdf", "so-lieu.xlsx", "van-ban.docx", "ho-so.zip", "ban-tin.mp3",
                                  "clip.mp4", "danh-sach.csv", "ghi-chu.txt", "trinh-chieu.odp"])
def test_documents_archives_and_media_are_published(tmp_path: Path, name: str):
    site, problems = load(tmp_path, {"articles/2024/a.md": art(f"Xem [tệp]({name})."),
                                     f"articles/2024/{name}": b"data"})
    assert problems == []
    assert list(site.assets) == [f"articles/2024/{name}"]


def test_a_body_image_must_be_an_image(tmp_path: Path):
    _site, problems = load(tmp_path, {"articles/2024/a.md": art("![Bảng số liệu](so-lieu.pdf)"),
                                      "articles/2024/so-lieu.pdf": b"%PDF"})
    assert [p.rule for p in problems] == ["image-type"]


UNSAFE_SVGS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "script-upper-ns": '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:SCRIPT>alert(1)</s:SCRIPT></s:svg>',
    "onload": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "onclick-child": '<svg xmlns="http://www.w3.org/2000/svg"><rect ONCLICK="x()"/></svg>',
    "foreign-object": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    "javascript-href": ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                        '<a xlink:href="javascript:alert(1)"><rect/></a></svg>'),
    "external-image": '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/t.png"/></svg>',
    "external-use": '<svg xmlns="http://www.w3.org/2000/svg"><use href="other.svg#a"/></svg>',
    "css-import": '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(//x.example/a.css);</style></svg>',
    "css-url-attr": '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://x.example/a)"/></svg>',
    "set-href": ('<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:x()"/>'
                 '<rect/></a></svg>'),
    "animate-href": ('<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="xlink:href" '
                     'values="javascript:x()"/></a></svg>'),
    "entity": '<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>',
    "stylesheet-pi": '<?xml-stylesheet href="https://x.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    "not-xml": '<svg><script>alert(1)</svg>',
}


@pytest.mark.parametrize("case", list(UNSAFE_SVGS))
def test_an_svg_that_could_run_code_or_fetch_elsewhere_is_refused(tmp_path: Path, case: str):
    site, problems = load(tmp_path, {
        "articles/2024/a.md": art("![Sơ đồ khu xử lý](so-do.svg)"),
        "articles/2024/so-do.svg": UNSAFE_SVGS[case],
    })
    assert [(p.line, p.rule) for p in problems] == [(7, "svg-unsafe")], [p.format() for p in problems]
    assert "PNG" in problems[0].message
    assert site.assets == {}


def test_a_plain_drawing_svg_with_local_references_is_published(tmp_path: Path):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
           '<!-- logo --><defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
           '<style>.a{fill:url(#g)}</style><rect class="a" style="fill:url(#g)" width="10" height="10"/>'
           '<use xlink:href="#g"/><animate attributeName="opacity" values="0;1"/></svg>')
    site, problems = load(tmp_path, {"articles/2024/a.md": art(extra="image: logo.svg\nimage_alt: Biểu trưng\n"),
                                     "articles/2024/logo.svg": svg})
    assert problems == []
    assert list(site.assets) == ["articles/2024/logo.svg"]


def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path: Path):
    # 13,000 × 13,000 pixels in a few hundred KB: decoding it would take about 0.5 GB.
    out = io.BytesIO()
    Image.new("1", (13_000, 13_000)).save(out, "PNG")
    assert len(out.getvalue()) < 1_000_000
    site, problems = load(tmp_path, {"articles/2024/a.md": art(extra="image: bom.png\nimage_alt: Ảnh\n"),
                                     "articles/2024/bom.png": out.getvalue()})
    assert [(p.line, p.rule) for p in problems] == [(5, "image-too-large")]
    assert "13000 × 13000" in problems[0].message and "169 megapixel" in problems[0].message
    assert site.assets == {}


def test_an_image_beyond_pillows_own_bomb_limit_gets_the_same_rule(tmp_path: Path):
    out = io.BytesIO()
    Image.new("1", (14_000, 14_000)).save(out, "PNG")  # over twice Pillow's 89.5 MP warning limit
    _site, problems = load(tmp_path, {"articles/2024/a.md": art("![Bản đồ](ban-do.png)"),
                                      "articles/2024/ban-do.png": out.getvalue()})
    assert [(p.line, p.rule) for p in problems] == [(7, "image-too-large")]
    assert "megapixel" in problems[0].message


def test_the_pixel_limit_is_a_setting(tmp_path: Path):
    write_tree(tmp_path / "content", {"topics.yml": TOPICS, "articles/2024/a.md": art("![Ảnh lớn](lon.png)"),
                                      "articles/2024/lon.png": png(2000, 1000)})
    from portal.settings import Settings
    settings, errors = Settings.from_mapping({"max_image_megapixels": 1})
    assert errors == []
    _site, problems = load_site(tmp_path, LoadOptions(now=NOW, settings=settings))
    assert [p.rule for p in problems] == ["image-too-large"]
    _site, problems = load_site(tmp_path, LoadOptions(now=NOW))
    assert problems == []


def test_files_of_drafts_and_scheduled_items_are_not_published(tmp_path: Path):
    plan = ("---\ntitle: Kế hoạch sắp ban hành\nissued: 2024-12-01\nnumber: 81/KH-STNMT\nissuer: Sở\ntopics: [moi-truong]\n"
            "attachment: 81-kh.pdf\n---\n\nNội dung.\n")
    files = {
        "articles/2024/nhap.md": art("[Báo cáo](bao-cao.pdf)", "draft: true\nimage: anh/nhap.png\nimage_alt: Ảnh\n",
                                     title="Bản nháp"),
        "articles/2024/hen-gio.md": art("![Ảnh](anh/hen.png)", date="2024-07-01", title="Hẹn giờ"),
        "articles/2024/dang.md": art("![Ảnh chung](anh/chung.png)", title="Đã đăng"),
        "articles/2024/nhap-2.md": art("![Ảnh chung](anh/chung.png)", "draft: true\n", title="Nháp hai"),
        "articles/2024/bao-cao.pdf": b"%PDF", "articles/2024/anh/nhap.png": png(),
        "articles/2024/anh/hen.png": png(), "articles/2024/anh/chung.png": png(),
        "plans/kh.md": plan, "plans/81-kh.pdf": b"%PDF",
    }
    site, problems = load(tmp_path, files)
    assert [p for p in problems if p.is_error] == []
    assert sorted(site.assets) == ["articles/2024/anh/chung.png"]
    # The live preview shows drafts and scheduled items, with their files.
    site, _ = load(tmp_path, {}, preview=True)
    assert sorted(site.assets) == ["articles/2024/anh/chung.png", "articles/2024/anh/hen.png",
                                   "articles/2024/anh/nhap.png", "articles/2024/bao-cao.pdf", "plans/81-kh.pdf"]
