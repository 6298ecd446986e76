"""The allow-list sanitiser: article HTML survives, anything that could run script does not."""

from __future__ import annotations

import pytest

from portal.render import Renderer
from portal.sanitize import Sanitizer

HOSTS = ("www.youtube-nocookie.com", "www.youtube.com")


@pytest.fixture(scope="module")
def clean():
    return Sanitizer(HOSTS).clean


@pytest.fixture(scope="module")
def renderer():
    return Renderer(
        ["tables", "attr_list", "footnotes", "admonition", "md_in_html", "toc"],
        {"toc": {"permalink": True, "permalink_title": "Liên kết tới mục này"}},
        HOSTS,
    )


def test_sanitize_removes_script_and_style_with_their_content(clean):
    assert clean("<p>a<script>alert(1)</script>b</p><style>p{color:red}</style>") == "<p>ab</p>"


@pytest.mark.parametrize("html", [
    '<img src="a.png" onerror="alert(1)">',
    '<p onclick="alert(1)" onmouseover=alert(1)>x</p>',
    '<a href="#" onfocus="alert(1)" autofocus>x</a>',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
])
def test_sanitize_drops_event_handler_attributes(clean, html):
    assert " on" not in clean(html).lower()


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", " JaVaScRiPt:alert(1)", "jav&#x61;script:alert(1)", "java\tscript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
])
def test_sanitize_drops_script_urls(clean, href):
    out = clean(f'<a href="{href}">x</a><img src="{href}">')
    assert "href" not in out and "src" not in out and "script:" not in out.lower()


def test_sanitize_keeps_ordinary_links_and_images(clean):
    html = ('<p><a href="../bai-khac/" title="Bài khác">Bài khác</a> <a href="https://moitruong.gov.vn/">Bộ</a> '
            '<a href="mailto:vanphong@example.gov.vn">thư</a> '
            '<img alt="Cán bộ thu gom rác" src="anh/a.jpg" width="800" height="600" loading="lazy"></p>')
    assert clean(html) == html


def test_sanitize_keeps_only_allowed_iframe_hosts(clean):
    good = '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video" allowfullscreen=""></iframe>'
    assert clean(good) == good
    assert clean('<iframe src="https://evil.example/x"></iframe><p>sau</p>') == "<p>sau</p>"
    assert clean('<iframe src="http://www.youtube.com/embed/abc"></iframe>') == ""
    assert clean('<iframe src="javascript:alert(1)"></iframe>') == ""
    assert clean('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>') == ""


def test_sanitize_iframe_hosts_come_from_settings():
    only_vimeo = Sanitizer(["player.vimeo.com"])
    assert only_vimeo.clean('<iframe src="https://www.youtube.com/embed/abc"></iframe>') == ""
    assert "player.vimeo.com" in only_vimeo.clean('<iframe src="https://player.vimeo.com/video/1"></iframe>')


@pytest.mark.parametrize("html", [
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<form action="https://evil.example/"><input name="q"><button>Gửi</button></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<template><img src=x onerror=alert(1)></template>',
])
def test_sanitize_drops_dangerous_elements(clean, html):
    out = clean(html).lower()
    for tag in ("<svg", "<math", "<form", "<input", "<object", "<embed", "<base", "<meta", "<link", "<style",
                "<template", "onerror", "onload"):
        assert tag not in out


def test_sanitize_style_keeps_only_text_align(clean):
    out = clean('<table><tr><td style="text-align: center; background: url(https://evil.example/x)">1</td>'
                '</tr></table><p style="position:fixed">p</p>')
    assert 'style="text-align:center"' in out
    assert "evil" not in out and "position" not in out


def test_sanitize_drops_ids_that_clash_with_material(clean):
    assert clean('<div id="__search">x</div><div id="muc-1">y</div>') == '<div>x</div><div id="muc-1">y</div>'


def test_render_keeps_markdown_features_after_sanitising(renderer):
    source = (
        "## Mục một\n\nCó chú thích[^1] và bảng:\n\n| Cột | Số |\n|:--|--:|\n| a | 1 |\n\n"
        '!!! note "Lưu ý"\n    Nội dung lưu ý.\n\n'
        '<figure markdown="1">\n![Ảnh](a.jpg)\n<figcaption>Chú thích ảnh</figcaption>\n</figure>\n\n'
        "[^1]: Nguồn: Văn phòng Sở.\n"
    )
    html, toc = renderer.convert(source, "tin-tuc/2024/06/a/", {})
    assert '<h2 id="muc-mot">Mục một<a class="headerlink" href="#muc-mot" title="Liên kết tới mục này">¶</a></h2>' in html
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert '<li id="fn:1">' in html and 'class="footnote-backref" href="#fnref:1"' in html
    assert '<th style="text-align:left">Cột</th>' in html and '<td style="text-align:right">1</td>' in html
    assert '<div class="admonition note">' in html and '<p class="admonition-title">Lưu ý</p>' in html
    assert "<figure>" in html and "<figcaption>Chú thích ảnh</figcaption>" in html
    assert toc == ((2, "muc-mot", "Mục một"),)


def test_render_sanitises_raw_html_and_markdown_links(renderer):
    source = ('Xin chào <script>alert("x")</script><img src=x onerror=alert(1)> '
              '[bấm](javascript:alert(1)) <a href="javascript:alert(2)">x</a>\n\n'
              '<iframe src="https://evil.example/"></iframe>\n\n'
              '<iframe src="https://www.youtube-nocookie.com/embed/xyz" title="Phim"></iframe>\n')
    html, _ = renderer.convert(source, "tin-tuc/2024/06/a/", {})
    lowered = html.lower()
    assert "<script" not in lowered and "onerror" not in lowered and "javascript:" not in lowered
    assert "evil.example" not in html
    assert '<iframe src="https://www.youtube-nocookie.com/embed/xyz" title="Phim"></iframe>' in html


def test_render_cache_fingerprint_changes_with_iframe_hosts():
    a = Renderer(iframe_hosts=["www.youtube.com"])
    b = Renderer(iframe_hosts=["player.vimeo.com"])
    assert a.fingerprint != b.fingerprint
