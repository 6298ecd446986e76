"""Feeds: which items, in which order, with which dates, and what a feed reader gets from them."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from PIL import Image

from helpers import EPOCH, TOPICS, article, write_tree
from portal import dates, feeds
from portal.errors import ConfigError
from portal.listings import build_indexes
from portal.loader import LoadOptions, load_site
from portal.pages import Context
from portal.render import Renderer, render_items
from portal.settings import Settings

SITE = "https://stnmt.example.gov.vn/"
NS = {"atom": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/",
      "content": "http://purl.org/rss/1.0/modules/content/"}
TRICKY = "Đắk Lắk: “xanh” & sạch – 100% <an toàn>"
NOW = dates.build_now({"SOURCE_DATE_EPOCH": EPOCH})  # 2024-06-17 12:53 +07:00


def make_ctx(tmp_path: Path, files: dict[str, str | bytes], *, now: datetime = NOW,
             settings: Settings | None = None, site_url: str = SITE, topics: str = TOPICS) -> Context:
    """Load and render `files` (under content/) exactly as a build does; return the feeds' context."""
    write_tree(tmp_path / "content", {"topics.yml": topics, **files})
    site, problems = load_site(tmp_path, LoadOptions(now=now))
    assert not [p for p in problems if p.is_error], [p.format() for p in problems]
    renderer = Renderer(extension_configs={"toc": {"permalink": True}})
    site.articles = render_items(site.articles, renderer)  # type: ignore[assignment]
    site.campaigns = render_items(site.campaigns, renderer)  # type: ignore[assignment]
    site.plans = render_items(site.plans, renderer)  # type: ignore[assignment]
    site.events = render_items(site.events, renderer)  # type: ignore[assignment]
    return Context(site, build_indexes(site), settings or Settings(), site_url)


def files_of(ctx: Context) -> dict[str, bytes]:
    return dict(feeds.build_files(ctx))


def jpeg(width: int = 120, height: int = 63) -> bytes:
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def rss_items(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall("channel/item")


def atom_entries(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall("atom:entry", NS)


def pub_dates(data: bytes) -> list[datetime]:
    return [parsedate_to_datetime(item.findtext("pubDate")) for item in rss_items(data)]


# -- configuration --------------------------------------------------------------------------------

@pytest.mark.parametrize("site_url", ["", "stnmt.example.gov.vn", "/portal/"])
def test_missing_or_relative_site_url_is_a_config_error_naming_it(tmp_path: Path, site_url: str) -> None:
    ctx = make_ctx(tmp_path, {"articles/a.md": article("Tin A", "2024-06-01")}, site_url=site_url)
    with pytest.raises(ConfigError, match="site_url"):
        feeds.build_files(ctx)


def test_site_url_without_trailing_slash_still_gives_clean_urls(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, {"articles/a.md": article("Tin A", "2024-06-01")},
                   site_url="https://stnmt.example.gov.vn")
    item = rss_items(files_of(ctx)["rss.xml"])[0]
    assert item.findtext("link") == "https://stnmt.example.gov.vn/tin-tuc/2024/06/tin-a/"


@pytest.mark.parametrize(("value", "ok"), [(10, True), (50, True), (9, False), (0, False)])
def test_feed_items_setting_has_a_floor_of_ten(value: int, ok: bool) -> None:
    settings, problems = Settings.from_mapping({"feed_items": value})
    assert (not problems) is ok
    if ok:
        assert settings.feed_items == value
    else:
        assert "feed_items" in problems[0]


# -- the set of feeds -----------------------------------------------------------------------------

def test_every_feed_exists_in_both_formats_plus_opml(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, {"articles/a.md": article("Tin A", "2024-06-01")})
    paths = set(files_of(ctx))
    expected = {"rss.xml", "atom.xml", "nhan-tin/feeds.opml"}
    for base in ("tin-tuc/", "chien-dich/", "ke-hoach/", "van-ban/", "linh-vuc/moi-truong/",
                 "linh-vuc/tai-nguyen-nuoc/", "linh-vuc/bien-hai-dao/"):
        expected |= {base + "rss.xml", base + "atom.xml"}
    assert paths == expected


def test_topic_feed_carries_every_kind_tagged_with_the_topic(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, {
        "articles/a.md": article("Tin biển", "2024-06-01", "[bien-hai-dao]"),
        "articles/b.md": article("Tin nước", "2024-06-02", "[tai-nguyen-nuoc]"),
        "plans/p.md": "---\ntitle: Kế hoạch biển\nissued: 2024-05-01\nissuer: Sở\ntopics: [bien-hai-dao]\n---\n\nNội dung.\n",
        "campaigns/c.md": ("---\ntitle: Chiến dịch biển\nstart: 2024-06-08\nend: 2024-06-30\n"
                           "topics: [bien-hai-dao, moi-truong]\n---\n\nNội dung.\n"),
        "events/e.md": "---\ntitle: Lễ ra quân\nstart: 2024-06-20\ntopics: [bien-hai-dao]\n---\n\nNội dung.\n",
    })
    titles = [i.findtext("title") for i in rss_items(files_of(ctx)["linh-vuc/bien-hai-dao/rss.xml"])]
    assert sorted(titles) == ["Chiến dịch biển", "Kế hoạch biển", "Lễ ra quân", "Tin biển"]


# -- which items, in which order ------------------------------------------------------------------

def test_newest_first_and_bounded_by_feed_items(tmp_path: Path) -> None:
    files = {f"articles/a{n:02d}.md": article(f"Tin số {n}", f"2024-05-{n:02d} 08:00") for n in range(1, 16)}
    ctx = make_ctx(tmp_path, files, settings=Settings(feed_items=10))
    out = files_of(ctx)
    for path in ("rss.xml", "tin-tuc/rss.xml", "linh-vuc/moi-truong/rss.xml"):
        titles = [i.findtext("title") for i in rss_items(out[path])]
        assert titles == [f"Tin số {n}" for n in range(15, 5, -1)], path
        stamps = pub_dates(out[path])
        assert stamps == sorted(stamps, reverse=True)
    assert len(atom_entries(out["atom.xml"])) == 10


def test_drafts_and_scheduled_items_are_left_out(tmp_path: Path) -> None:
    files = {
        "articles/ok.md": article("Đã đăng", "2024-06-10"),
        "articles/draft.md": article("Bản nháp", "2024-06-10", extra="draft: true\n"),
        "articles/later.md": article("Hẹn giờ", "2024-06-18"),
        "plans/later.md": "---\ntitle: Kế hoạch sắp ban hành\nissued: 2024-07-01\nissuer: Sở\ntopics: [moi-truong]\n---\n\nA.\n",
    }
    out = files_of(make_ctx(tmp_path / "a", files))
    for path, data in out.items():
        if path.endswith(".xml"):
            text = data.decode()
            assert "Bản nháp" not in text and "Hẹn giờ" not in text and "sắp ban hành" not in text, path
    assert [i.findtext("title") for i in rss_items(out["rss.xml"])] == ["Đã đăng"]
    # The next build after the date includes the scheduled items (never the draft).
    later = files_of(make_ctx(tmp_path / "b", files, now=datetime(2024, 7, 2, 9, 0, tzinfo=dates.VN_TZ)))
    titles = [i.findtext("title") for i in rss_items(later["rss.xml"])]
    assert titles == ["Kế hoạch sắp ban hành", "Hẹn giờ", "Đã đăng"]


def test_events_and_campaigns_are_announced_thirty_days_before_they_start(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, {
        "articles/a.md": article("Tin hôm qua", "2024-06-16 09:00"),
        "events/soon.md": "---\ntitle: Hội nghị sắp tới\nstart: 2024-07-01 08:00\ntopics: [moi-truong]\n---\n\nA.\n",
        "events/far.md": "---\ntitle: Hội thảo cuối năm\nstart: 2024-12-01\ntopics: [moi-truong]\n---\n\nA.\n",
        "campaigns/c.md": "---\ntitle: Chiến dịch hè\nstart: 2024-07-10\nend: 2024-08-10\ntopics: [moi-truong]\n---\n\nA.\n",
    })
    out = files_of(ctx)
    items = {i.findtext("title"): i for i in rss_items(out["rss.xml"])}
    # Not in the future (readers would hide it), not the clock: start minus 30 days, for good.
    assert set(items) == {"Tin hôm qua", "Hội nghị sắp tới", "Chiến dịch hè"}
    assert parsedate_to_datetime(items["Hội nghị sắp tới"].findtext("pubDate")) == datetime(
        2024, 6, 1, 8, 0, tzinfo=dates.VN_TZ)
    assert items["Chiến dịch hè"].findtext("pubDate") == "Mon, 10 Jun 2024 00:00:00 +0700"
    # The event's facts come first in its content, so a reader knows when and where.
    content = items["Hội nghị sắp tới"].findtext("content:encoded", namespaces=NS)
    assert content.startswith("<p>Thời gian: Thứ Hai, 01/07/2024, 08:00")
    assert "Hội thảo cuối năm" not in out["rss.xml"].decode()


# -- dates ----------------------------------------------------------------------------------------

def test_dates_carry_the_vietnam_offset_and_last_build_is_the_newest_item(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, {
        "articles/a.md": article("Tin cũ", "2024-06-01", extra="updated: 2024-06-12 15:00\n"),
        "articles/b.md": article("Tin mới", "2024-06-10 08:30"),
    })
    out = files_of(ctx)
    channel = etree.fromstring(out["rss.xml"]).find("channel")
    assert channel.findtext("lastBuildDate") == "Wed, 12 Jun 2024 15:00:00 +0700"
    assert channel.findtext("pubDate") == "Mon, 10 Jun 2024 08:30:00 +0700"
    for item in channel.findall("item"):
        assert item.findtext("pubDate").endswith(" +0700")
    atom = etree.fromstring(out["atom.xml"])
    assert atom.findtext("atom:updated", namespaces=NS) == "2024-06-12T15:00:00+07:00"
    entries = {e.findtext("atom:title", namespaces=NS): e for e in atom.findall("atom:entry", NS)}
    assert entries["Tin cũ"].findtext("atom:published", namespaces=NS) == "2024-06-01T00:00:00+07:00"
    assert entries["Tin cũ"].findtext("atom:updated", namespaces=NS) == "2024-06-12T15:00:00+07:00"
    assert entries["Tin mới"].findtext("atom:updated", namespaces=NS) == "2024-06-10T08:30:00+07:00"


def test_empty_topic_feed_is_dated_by_the_site_not_the_clock(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, {"articles/a.md": article("Tin A", "2024-06-03 10:00")})
    out = files_of(ctx)
    data = out["linh-vuc/bien-hai-dao/atom.xml"]
    parsed = feedparser.parse(data)
    assert not parsed.bozo and parsed.entries == []
    assert etree.fromstring(data).findtext("atom:updated", namespaces=NS) == "2024-06-03T10:00:00+07:00"
    assert b"<lastBuildDate>Mon, 03 Jun 2024 10:00:00 +0700" in out["linh-vuc/bien-hai-dao/rss.xml"]


def test_output_is_identical_when_built_again(tmp_path: Path) -> None:
    files = {"articles/a.md": article("Tin A", "2024-06-03 10:00"),
             "events/e.md": "---\ntitle: Sự kiện\nstart: 2024-06-20\ntopics: [moi-truong]\n---\n\nA.\n"}
    first = files_of(make_ctx(tmp_path / "a", files))
    second = files_of(make_ctx(tmp_path / "b", files, now=NOW + timedelta(hours=3)))
    assert first == second


# -- items ----------------------------------------------------------------------------------------

def test_guid_is_the_permalink_and_equals_the_link(tmp_path: Path) -> None:
    out = files_of(make_ctx(tmp_path, {"articles/a.md": article("Tin A", "2024-06-01")}))
    item = rss_items(out["rss.xml"])[0]
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "true"
    assert guid.text == item.findtext("link") == SITE + "tin-tuc/2024/06/tin-a/"
    entry = atom_entries(out["atom.xml"])[0]
    assert entry.findtext("atom:id", namespaces=NS) == SITE + "tin-tuc/2024/06/tin-a/"


def test_content_is_full_html_with_absolute_links_and_images(tmp_path: Path) -> None:
    body = (
        "Mở đầu.\n\n## Chi tiết\n\n![Bản đồ khu vực](anh/ban-do.jpg)\n\n"
        "Xem [tin trước](b.md), [phần chi tiết](#chi-tiet), [luật](https://thuvienphapluat.vn/x)"
        " và [thư](mailto:vanphong@example.gov.vn).\n\n| Chỉ tiêu | Kết quả |\n|---|---|\n| pH | 7,1 |\n"
    )
    ctx = make_ctx(tmp_path, {
        "articles/anh/ban-do.jpg": jpeg(),
        "articles/a.md": article("Tin A", "2024-06-02", body=body),
        "articles/b.md": article("Tin B", "2024-05-20"),
    })
    out = files_of(ctx)
    item = next(i for i in rss_items(out["rss.xml"]) if i.findtext("title") == "Tin A")
    html = item.findtext("content:encoded", namespaces=NS)
    fragment = etree.HTML(html)
    hrefs = fragment.xpath("//a/@href")
    srcs = fragment.xpath("//img/@src")
    assert SITE + "media/articles/anh/ban-do.jpg" in srcs
    assert SITE + "tin-tuc/2024/05/tin-b/" in hrefs
    assert SITE + "tin-tuc/2024/06/tin-a/#chi-tiet" in hrefs
    assert "https://thuvienphapluat.vn/x" in hrefs and "mailto:vanphong@example.gov.vn" in hrefs
    for url in hrefs + srcs:
        assert url.startswith(("https://", "mailto:")), url
    assert "¶" not in html  # heading permalinks belong to the page, not to the feed
    assert "<h2" in html and "<td>7,1</td>" in html
    # Summary (plain text) is the RSS description and the Atom summary.
    assert item.findtext("description") == "Mở đầu."
    entry = next(e for e in atom_entries(out["atom.xml"]) if e.findtext("atom:title", namespaces=NS) == "Tin A")
    assert entry.find("atom:content", NS).get("type") == "html"
    assert entry.findtext("atom:summary", namespaces=NS) == "Mở đầu."


def test_lead_image_is_an_enclosure_with_size_and_type(tmp_path: Path) -> None:
    data = jpeg(1200, 630)
    ctx = make_ctx(tmp_path, {
        "articles/anh/dau.jpg": data,
        "articles/a.md": article("Tin A", "2024-06-02", extra="image: anh/dau.jpg\nimage_alt: Cán bộ đo mực nước\n"),
    })
    out = files_of(ctx)
    enclosure = rss_items(out["rss.xml"])[0].find("enclosure")
    assert enclosure.attrib == {"url": SITE + "media/articles/anh/dau.jpg", "length": str(len(data)), "type": "image/jpeg"}
    links = atom_entries(out["atom.xml"])[0].findall("atom:link", NS)
    assert [(l.get("rel"), l.get("type"), l.get("length")) for l in links if l.get("rel") == "enclosure"] == [
        ("enclosure", "image/jpeg", str(len(data)))]
    # Exactly one alternate link (no rel means alternate in Atom): the permalink.
    assert [l.get("href") for l in links if l.get("rel") in (None, "alternate")] == [SITE + "tin-tuc/2024/06/tin-a/"]
    parsed = feedparser.parse(out["rss.xml"])
    assert parsed.entries[0].enclosures[0]["length"] == str(len(data))
    html = rss_items(out["rss.xml"])[0].findtext("content:encoded", namespaces=NS)
    assert 'alt="Cán bộ đo mực nước"' in html


def test_plan_attachment_is_the_enclosure_and_a_download_link(tmp_path: Path) -> None:
    pdf = b"%PDF-1.4\n% test\n"
    ctx = make_ctx(tmp_path, {
        "plans/van-ban/kh.pdf": pdf,
        "plans/p.md": ("---\ntitle: Kế hoạch A\nissued: 2024-02-05\nissuer: UBND tỉnh\nnumber: 12/KH-UBND\n"
                       "topics: [moi-truong]\nattachment: van-ban/kh.pdf\n---\n\nMục đích.\n"),
    })
    item = rss_items(files_of(ctx)["ke-hoach/rss.xml"])[0]
    assert item.find("enclosure").attrib == {"url": SITE + "media/plans/van-ban/kh.pdf", "length": str(len(pdf)),
                                             "type": "application/pdf"}
    html = item.findtext("content:encoded", namespaces=NS)
    assert html.startswith("<p>Số 12/KH-UBND, ngày 05 tháng 02 năm 2024 · UBND tỉnh</p>")
    assert f'href="{SITE}media/plans/van-ban/kh.pdf"' in html
    assert item.findtext("dc:creator", namespaces=NS) == "UBND tỉnh"


def test_author_is_dc_creator_never_a_bare_name_in_rss_author(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, {
        "articles/a.md": article("Tin A", "2024-06-02", extra="author: Văn phòng Sở\n"),
        "articles/b.md": article("Tin B", "2024-06-01"),
    })
    out = files_of(ctx)
    items = {i.findtext("title"): i for i in rss_items(out["rss.xml"])}
    assert items["Tin A"].findtext("dc:creator", namespaces=NS) == "Văn phòng Sở"
    assert items["Tin B"].findtext("dc:creator", namespaces=NS) == Settings().organization
    assert all(i.find("author") is None for i in items.values())
    channel = etree.fromstring(out["rss.xml"]).find("channel")
    assert channel.findtext("managingEditor") is None  # no e-mail configured: no bogus editor
    names = [e.findtext("atom:author/atom:name", namespaces=NS) for e in atom_entries(out["atom.xml"])]
    assert names == ["Văn phòng Sở", Settings().organization]


def test_managing_editor_is_an_email_with_the_name(tmp_path: Path) -> None:
    settings = Settings(email="vanphong@stnmt.example.gov.vn", organization="Sở TN&MT")
    out = files_of(make_ctx(tmp_path, {"articles/a.md": article("Tin A", "2024-06-02")}, settings=settings))
    channel = etree.fromstring(out["rss.xml"]).find("channel")
    assert channel.findtext("managingEditor") == "vanphong@stnmt.example.gov.vn (Sở TN&MT)"


def test_categories_are_topic_names(tmp_path: Path) -> None:
    out = files_of(make_ctx(tmp_path, {"articles/a.md": article("Tin A", "2024-06-02", "[moi-truong, bien-hai-dao]")}))
    assert [c.text for c in rss_items(out["rss.xml"])[0].findall("category")] == ["Môi trường", "Biển và hải đảo"]
    terms = [c.get("term") for c in atom_entries(out["atom.xml"])[0].findall("atom:category", NS)]
    assert terms == ["Môi trường", "Biển và hải đảo"]


def test_tricky_title_summary_and_topic_round_trip_exactly(tmp_path: Path) -> None:
    topics = TOPICS + f'- slug: dak-lak\n  name: "{TRICKY.replace(chr(34), chr(92) + chr(34))}"\n'
    quoted = TRICKY.replace("'", "''")
    ctx = make_ctx(tmp_path, {
        "articles/a.md": article(f"'{quoted}'", "2024-06-02", "[dak-lak]", extra=f"summary: '{quoted}'\n"),
    }, topics=topics)
    out = files_of(ctx)
    for path in ("rss.xml", "atom.xml", "linh-vuc/dak-lak/rss.xml", "linh-vuc/dak-lak/atom.xml"):
        parsed = feedparser.parse(out[path])
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        entry = parsed.entries[0]
        assert entry.title == TRICKY, path
        assert [tag.term for tag in entry.tags] == [TRICKY], path
        if entry.summary_detail.type == "text/html":
            # RSS descriptions are HTML to readers: the text survives once the HTML is read as such.
            assert etree.HTML(f"<p>{entry.summary}</p>").xpath("string(//p)") == TRICKY, path
        else:
            assert entry.summary == TRICKY, path
    channel = feedparser.parse(out["linh-vuc/dak-lak/rss.xml"]).feed
    assert channel.title == f"Lĩnh vực {TRICKY} – {Settings().organization}"


# -- OPML and page ------------------------------------------------------------------------------

def test_opml_lists_every_rss_feed_once(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, {"articles/a.md": article("Tin A", "2024-06-02")})
    out = files_of(ctx)
    opml = etree.fromstring(out["nhan-tin/feeds.opml"])
    assert opml.get("version") == "2.0"
    urls = [o.get("xmlUrl") for o in opml.iter("outline") if o.get("type") == "rss"]
    assert urls == [SITE + path for path in out if path.endswith("rss.xml")]
    groups = [o.get("text") for o in opml.find("body")]
    assert groups == ["Toàn trang", "Theo loại nội dung", "Theo lĩnh vực"]


def test_subscribe_page_lists_every_feed_and_the_calendar(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path, {"articles/a.md": article("Tin A", "2024-06-02")})
    spec = feeds.subscribe_page(ctx)
    assert spec.url == "nhan-tin/" and spec.template == "feeds.html"
    listed = [f.rss for _, group in spec.data.groups for f in group]
    assert listed == [path for path in files_of(ctx) if path.endswith("rss.xml")]
    assert spec.data.calendar == "lich-su-kien/lich.ics"
    assert spec.data.opml == "nhan-tin/feeds.opml"
