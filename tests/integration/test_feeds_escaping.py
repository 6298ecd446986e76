"""Plain text with `&`, `<`, `>` and quotes (topic description, organisation, item summary) reads
back as that same text in every feed field, channel and items alike, in a real build.

RSS 2.0 `<description>` is entity-encoded HTML: once the XML is parsed, the text is HTML. So plain
text is HTML-escaped once inside the XML text (a literal `&` is `&amp;amp;` in the bytes), for the
channel exactly as for items; feedparser reports it as text/html. Atom says what it carries: `<title>`,
`<subtitle>` and `<summary>` without a `type` are plain text (escaped by XML only), `<content
type="html">` is HTML."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import feedparser
import pytest
import yaml
from lxml import etree, html as lxml_html

from helpers import TOPICS, article, make_project, run_build

SITE = "https://stnmt.example.gov.vn/"
NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}
# Every character HTML cares about, a quote of each kind, and text that already looks like markup.
ORG = "Sở TN&MT \"Mẫu\" <tỉnh> & 'Biển' – R&amp;D"
DESCRIPTION = "Quan trắc “nước” & 'khí' <PM2.5> > 50 \"µg\" &lt;b&gt; AT&T"
TOPIC_NAME = "Đất & <nước>"
SUMMARY = "Tóm tắt: A & B <c> \"d\" 'e' &amp; >"
TITLE = "Tin A & B <c> \"d\""
TOPIC_FEEDS = {
    "linh-vuc/quan-trac/": DESCRIPTION,  # a topic's own description
    "linh-vuc/dat-nuoc/": f"Tin tức, chiến dịch, kế hoạch và sự kiện về {TOPIC_NAME}.",  # the default one
}
CHANNELS = {
    "": f"Tin tức, chiến dịch, kế hoạch và sự kiện mới nhất của {ORG}.",  # the organisation
    "tin-tuc/": f"Tin tức mới nhất của {ORG}.",
    **TOPIC_FEEDS,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    topics = TOPICS + yaml.safe_dump([
        {"slug": "quan-trac", "name": "Quan trắc", "description": DESCRIPTION},
        {"slug": "dat-nuoc", "name": TOPIC_NAME},
    ], allow_unicode=True)
    proj = make_project(tmp_path_factory.mktemp("feed-escaping"), {
        "articles/a.md": article(json.dumps(TITLE, ensure_ascii=False), "2024-06-02", "[quan-trac, dat-nuoc]",
                                 extra=f"summary: {json.dumps(SUMMARY, ensure_ascii=False)}\n",
                                 body="Đoạn một: A & B.\n\nĐoạn hai."),
    }, topics=topics)
    config = proj / "mkdocs.yml"
    text, count = re.subn(r"(?m)^(    organization:).*$", lambda m: f"{m[1]} {json.dumps(ORG, ensure_ascii=False)}",
                          config.read_text(encoding="utf-8"))
    assert count == 1
    text, count = re.subn(r"(?m)^site_url:.*$", f"site_url: {SITE}", text)
    assert count == 1
    config.write_text(text, encoding="utf-8")
    result = run_build(proj)
    assert result.returncode == 0, result.stdout + result.stderr
    return proj / "site"


def html_text(fragment: str) -> str:
    """Return the text an HTML reader shows for `fragment`; assert it holds no element."""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    assert len(root) == 0, f"markup in what should be plain text: {fragment!r}"
    return root.text_content()


@pytest.mark.parametrize("base", CHANNELS)
def test_rss_channel_description_is_html_like_item_descriptions(site: Path, base: str) -> None:
    data = (site / base / "rss.xml").read_bytes()
    channel = etree.fromstring(data).find("channel")
    # After XML parsing: HTML, escaped once, whose text is the intended text (channel and items alike).
    assert channel.findtext("description") == html.escape(CHANNELS[base], quote=False)
    assert html_text(channel.findtext("description")) == CHANNELS[base]
    item = channel.find("item")
    assert item.findtext("description") == html.escape(SUMMARY, quote=False)
    assert html_text(item.findtext("description")) == SUMMARY
    assert item.findtext("title") == TITLE  # RSS titles are plain text
    content = lxml_html.fragment_fromstring(item.findtext("content:encoded", namespaces=NS), create_parent="div")
    assert [p.text_content() for p in content.iter("p")] == ["Đoạn một: A & B.", "Đoạn hai."]  # HTML stays HTML
    # The bytes: a literal `&` of the text is `&amp;amp;`, a `<` is `&amp;lt;`, in both.
    raw = data.decode("utf-8")
    assert f"<description>{html.escape(html.escape(CHANNELS[base], quote=False), quote=False)}</description>" in raw
    assert f"<description>{html.escape(html.escape(SUMMARY, quote=False), quote=False)}</description>" in raw
    # What a feed reader gets: HTML for both, read back as the same text (nothing sanitised away).
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.subtitle_detail.type == "text/html"
    assert html_text(parsed.feed.subtitle) == CHANNELS[base]
    entry = parsed.entries[0]
    assert entry.summary_detail.type == "text/html"
    assert html_text(entry.summary) == SUMMARY
    assert entry.title == TITLE
    assert parsed.feed.title.startswith(ORG) or parsed.feed.title.endswith(ORG)
    assert [p.text_content() for p in lxml_html.fragment_fromstring(entry.content[0].value, create_parent="div")
            .iter("p")] == ["Đoạn một: A & B.", "Đoạn hai."]


@pytest.mark.parametrize("base", CHANNELS)
def test_atom_text_constructs_are_plain_text(site: Path, base: str) -> None:
    data = (site / base / "atom.xml").read_bytes()
    feed = etree.fromstring(data)
    subtitle = feed.find("atom:subtitle", NS)
    assert subtitle.get("type") in (None, "text") and subtitle.text == CHANNELS[base]
    assert feed.findtext("atom:author/atom:name", namespaces=NS) == ORG
    entry = feed.find("atom:entry", NS)
    summary = entry.find("atom:summary", NS)
    assert summary.get("type") in (None, "text") and summary.text == SUMMARY
    title = entry.find("atom:title", NS)
    assert title.get("type") in (None, "text") and title.text == TITLE
    content = entry.find("atom:content", NS)
    assert content.get("type") == "html"
    assert [p.text_content() for p in lxml_html.fragment_fromstring(content.text, create_parent="div").iter("p")] == [
        "Đoạn một: A & B.", "Đoạn hai."]
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.subtitle_detail.type == "text/plain" and parsed.feed.subtitle == CHANNELS[base]
    assert parsed.feed.author_detail.name == ORG
    assert parsed.entries[0].summary_detail.type == "text/plain" and parsed.entries[0].summary == SUMMARY
    assert parsed.entries[0].title == TITLE
    assert parsed.entries[0].content[0].type == "text/html"


def test_opml_names_the_feeds_in_plain_text(site: Path) -> None:
    opml = etree.parse(str(site / "nhan-tin/feeds.opml"))
    titles = [o.get("title") for o in opml.iter("outline") if o.get("type") == "rss"]
    assert ORG in titles and f"Lĩnh vực {TOPIC_NAME} – {ORG}" in titles
