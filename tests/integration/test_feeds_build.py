"""Feeds in a real `mkdocs build`: every feed valid in a reader, autodiscovery, the /nhan-tin/ page,
reproducible bytes, a golden feed, and a clear error when `site_url` is missing."""

from __future__ import annotations

import os
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from lxml import etree, html as lxml_html

from helpers import FIXTURE_SITE, REPO, SAMPLE_EPOCH, article, make_project, run_build
from portal.dates import VN_TZ

SITE = "https://stnmt.example.gov.vn/"
NS = {"atom": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/",
      "content": "http://purl.org/rss/1.0/modules/content/"}
GOLDEN = REPO / "tests" / "golden" / "feeds"
TRICKY = "Đắk Lắk: “xanh” & sạch – 100% <an toàn>"
# A 1×1 GIF and a tiny PDF: fixed bytes, so enclosure lengths in the golden file never drift.
GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

CONTENT: dict[str, str | bytes] = {
    "articles/anh/bai-bien.gif": GIF,
    "articles/2024/bien.md": article(
        f"'{TRICKY}'", "2024-06-10 09:15", "[bien-hai-dao, moi-truong]",
        extra="author: Phòng Biển và Hải đảo\nimage: ../anh/bai-bien.gif\nimage_alt: Bãi biển sạch sau buổi ra quân\n",
        body=("Hơn 500 đoàn viên ra quân làm sạch bờ biển.\n\n## Kết quả\n\n"
              "![Rác thu gom được phân loại](../anh/bai-bien.gif)\n\n"
              "Xem thêm [kế hoạch quản lý tài nguyên nước](nuoc.md) của Sở.\n"),
    ),
    "articles/2024/nuoc.md": article("Quan trắc nước mặt đợt 2", "2024-05-02 08:00", "[tai-nguyen-nuoc]"),
    "articles/2024/nhap.md": article("Bài nháp về biển", "2024-06-11", "[bien-hai-dao]", extra="draft: true\n"),
    "articles/2024/hen-gio.md": article("Bài hẹn giờ về biển", "2024-06-20", "[bien-hai-dao]"),
    "campaigns/anh/chien-dich.gif": GIF,
    "campaigns/bien-sach.md": (
        "---\ntitle: Chiến dịch làm cho biển sạch hơn 2024\nstart: 2024-06-01\nend: 2024-06-30\n"
        "topics: [bien-hai-dao]\ntheme: Biển sạch – cuộc sống xanh\norganizer: Đoàn Thanh niên Sở\n"
        "image: anh/chien-dich.gif\nimage_alt: Đoàn viên nhặt rác trên bãi biển\n---\n\nChiến dịch cả tháng 6.\n"
    ),
    "events/ra-quan.md": (
        "---\ntitle: Lễ ra quân Tuần lễ Biển và Hải đảo\nstart: 2024-06-25 07:30\nend: 2024-06-25 10:00\n"
        "topics: [bien-hai-dao]\nlocation: Bãi Sau, thành phố Vũng Tàu\norganizer: Sở Tài nguyên và Môi trường\n"
        "---\n\nMời người dân cùng tham gia.\n"
    ),
    "events/cuoi-nam.md": "---\ntitle: Hội nghị tổng kết năm\nstart: 2024-12-20\ntopics: [bien-hai-dao]\n---\n\nA.\n",
    "plans/van-ban/kh-bien.pdf": PDF,
    "plans/kh-bien.md": (
        "---\ntitle: Kế hoạch tổ chức Tuần lễ Biển và Hải đảo Việt Nam năm 2024\nissued: 2024-05-15\n"
        "issuer: Sở Tài nguyên và Môi trường\nnumber: 45/KH-STNMT\ntopics: [bien-hai-dao]\n"
        "attachment: van-ban/kh-bien.pdf\n---\n\nMục đích, yêu cầu của kế hoạch.\n"
    ),
}
TOPICS = ("moi-truong", "tai-nguyen-nuoc", "bien-hai-dao")
FEED_BASES = ("", "tin-tuc/", "chien-dich/", "ke-hoach/", "van-ban/", *(f"linh-vuc/{t}/" for t in TOPICS))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Build the fixture project once; return (project, site)."""
    proj = make_project(tmp_path_factory.mktemp("feeds"), CONTENT)
    # Pin what the golden feed shows from mkdocs.yml, so editing the real settings does not break it.
    config = proj / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for key, value in (("site_url", SITE), ("    organization", "Sở Tài nguyên và Môi trường tỉnh Mẫu"),
                       ("    email", "vanphong@stnmt.example.gov.vn"), ("    feed_items", "30")):
        text, count = re.subn(rf"(?m)^{key}:.*$", f"{key}: {value}", text)
        assert count == 1, key
    config.write_text(text, encoding="utf-8")
    result = run_build(proj)
    assert result.returncode == 0, result.stdout + result.stderr
    return proj, proj / "site"


# -- the rules every feed must follow (also applied to the sample site) ---------------------------

def check_rss(path: str, data: bytes, limit: int, topic_names: set[str]) -> list[etree._Element]:
    """Assert the RSS 2.0 rules of DESIGN.md §4 on one feed; return its items."""
    parsed = feedparser.parse(data)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    assert parsed.version == "rss20", path
    channel = etree.fromstring(data).find("channel")
    self_links = channel.findall("atom:link[@rel='self']", NS)
    assert [link.get("href") for link in self_links] == [SITE + path], path
    assert channel.findtext("language") == "vi"
    assert channel.findtext("link").startswith(SITE) and channel.findtext("description")
    items = channel.findall("item")
    assert len(items) <= limit, path
    stamps = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert stamps == sorted(stamps, reverse=True), f"{path}: not newest first"
    for item in items:
        assert item.findtext("pubDate").endswith(" +0700"), path
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "true" and guid.text == item.findtext("link"), path
        assert guid.text.startswith(SITE) and guid.text.endswith("/")
        assert item.find("author") is None  # names go to dc:creator
        assert item.findtext("dc:creator", namespaces=NS)
        assert item.findtext("description")
        categories = [c.text for c in item.findall("category")]
        assert categories and set(categories) <= topic_names, (path, categories)
        check_absolute(item.findtext("content:encoded", namespaces=NS), path)
        enclosure = item.find("enclosure")
        if enclosure is not None:
            assert enclosure.get("url").startswith(SITE + "media/")
            assert int(enclosure.get("length")) > 0 and "/" in enclosure.get("type")
    if items:
        newest = max(stamps)
        last_build = parsedate_to_datetime(channel.findtext("lastBuildDate"))
        assert last_build >= newest, path
    return items


def check_atom(path: str, data: bytes, limit: int) -> list[etree._Element]:
    """Assert the Atom 1.0 rules on one feed; return its entries."""
    parsed = feedparser.parse(data)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    assert parsed.version == "atom10", path
    feed = etree.fromstring(data)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert [link.get("href") for link in feed.findall("atom:link[@rel='self']", NS)] == [SITE + path]
    entries = feed.findall("atom:entry", NS)
    assert len(entries) <= limit
    updated = [e.findtext("atom:updated", namespaces=NS) for e in entries]
    published = [e.findtext("atom:published", namespaces=NS) for e in entries]
    for value in [feed.findtext("atom:updated", namespaces=NS), *updated, *published]:
        assert value.endswith("+07:00"), (path, value)
    assert published == sorted(published, key=datetime.fromisoformat, reverse=True), path
    if entries:
        assert feed.findtext("atom:updated", namespaces=NS) == max(updated, key=datetime.fromisoformat)
    for entry in entries:
        link = next(link for link in entry.findall("atom:link", NS) if link.get("rel") in (None, "alternate"))
        assert entry.findtext("atom:id", namespaces=NS) == link.get("href")
        check_absolute(entry.findtext("atom:content", namespaces=NS), path)
    return entries


def check_absolute(html: str, path: str) -> None:
    assert html, path
    fragment = lxml_html.fragment_fromstring(html, create_parent="div")
    for element, attribute, url, _pos in fragment.iterlinks():
        assert url.startswith(("https://", "http://", "mailto:", "tel:")), (path, element.tag, attribute, url)


def feed_limit(proj: Path) -> int:
    match = re.search(r"feed_items:\s*(\d+)", (proj / "mkdocs.yml").read_text(encoding="utf-8"))
    return int(match.group(1)) if match else 30


# -- the fixture project --------------------------------------------------------------------------

@pytest.mark.parametrize("base", FEED_BASES)
def test_every_feed_is_valid_rss_and_atom(built: tuple[Path, Path], base: str) -> None:
    proj, site = built
    names = {"Môi trường", "Tài nguyên nước", "Biển và hải đảo"}
    rss = check_rss(base + "rss.xml", (site / base / "rss.xml").read_bytes(), feed_limit(proj), names)
    atom = check_atom(base + "atom.xml", (site / base / "atom.xml").read_bytes(), feed_limit(proj))
    assert [i.findtext("guid") for i in rss] == [e.findtext("atom:id", namespaces=NS) for e in atom]


def test_topic_feed_has_every_kind_newest_first(built: tuple[Path, Path]) -> None:
    _, site = built
    items = etree.parse(str(site / "linh-vuc/bien-hai-dao/rss.xml")).findall("channel/item")
    assert [i.findtext("title") for i in items] == [
        TRICKY,  # 2024-06-10 09:15
        "Lễ ra quân Tuần lễ Biển và Hải đảo",  # announced 2024-05-26 07:30, 30 days before it starts
        "Kế hoạch tổ chức Tuần lễ Biển và Hải đảo Việt Nam năm 2024",  # issued 2024-05-15
        "Chiến dịch làm cho biển sạch hơn 2024",  # announced 2024-05-02
    ]


def test_drafts_scheduled_and_far_future_events_are_in_no_feed(built: tuple[Path, Path]) -> None:
    _, site = built
    for feed in site.rglob("*.xml"):
        if feed.name in ("rss.xml", "atom.xml"):
            text = feed.read_text(encoding="utf-8")
            for title in ("Bài nháp về biển", "Bài hẹn giờ về biển", "Hội nghị tổng kết năm"):
                assert title not in text, (feed, title)


def test_tricky_title_round_trips_in_every_feed_that_has_it(built: tuple[Path, Path]) -> None:
    _, site = built
    for base in ("", "tin-tuc/", "linh-vuc/bien-hai-dao/", "linh-vuc/moi-truong/"):
        for name in ("rss.xml", "atom.xml"):
            parsed = feedparser.parse((site / base / name).read_bytes())
            assert TRICKY in [e.title for e in parsed.entries], base + name
    # The page title escapes it too, so the feed and the page agree.
    page = (site / "tin-tuc/2024/06").glob("*/index.html")
    assert any("&lt;an toàn&gt;" in p.read_text(encoding="utf-8") for p in page)


def test_enclosures_match_the_files_served(built: tuple[Path, Path]) -> None:
    _, site = built
    items = etree.parse(str(site / "linh-vuc/bien-hai-dao/rss.xml")).findall("channel/item")
    enclosures = {i.findtext("title"): i.find("enclosure") for i in items if i.find("enclosure") is not None}
    assert len(enclosures) == 3  # the article's and the campaign's lead images, the plan's document
    for title, enclosure in enclosures.items():
        served = site / enclosure.get("url").removeprefix(SITE)
        assert served.stat().st_size == int(enclosure.get("length")), title
    assert enclosures[TRICKY].get("type") == "image/gif"
    assert enclosures["Kế hoạch tổ chức Tuần lễ Biển và Hải đảo Việt Nam năm 2024"].get("type") == "application/pdf"


def test_links_inside_content_point_at_real_pages(built: tuple[Path, Path]) -> None:
    _, site = built
    item = next(i for i in etree.parse(str(site / "rss.xml")).findall("channel/item") if i.findtext("title") == TRICKY)
    fragment = lxml_html.fragment_fromstring(item.findtext("content:encoded", namespaces=NS), create_parent="div")
    urls = [url for _el, _attr, url, _pos in fragment.iterlinks()]
    assert len(urls) >= 3
    for url in urls:
        target = site / url.removeprefix(SITE).split("#")[0]
        assert target.is_file() or (target / "index.html").is_file(), url


def test_feeds_are_byte_identical_across_builds(built: tuple[Path, Path], tmp_path: Path) -> None:
    proj, site = built
    again = tmp_path / "again"
    result = run_build(proj, "-d", str(again))
    assert result.returncode == 0, result.stdout + result.stderr
    first = sorted(p.relative_to(site) for p in site.rglob("*") if p.name in ("rss.xml", "atom.xml", "feeds.opml"))
    assert len(first) == 2 * len(FEED_BASES) + 1
    for rel in first:
        assert (again / rel).read_bytes() == (site / rel).read_bytes(), rel


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_golden_topic_feed(built: tuple[Path, Path], name: str) -> None:
    """The whole bytes of one small feed, for SOURCE_DATE_EPOCH 2024-06-17 (set UPDATE_GOLDEN=1 to refresh)."""
    _, site = built
    actual = (site / "linh-vuc/bien-hai-dao" / name).read_bytes()
    golden = GOLDEN / f"bien-hai-dao.{name}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
    assert actual == golden.read_bytes()


# -- autodiscovery and the subscription page -----------------------------------------------------

def head_feeds(site: Path, url: str) -> dict[str, str]:
    """Return {absolute feed URL: type} of the `<link rel=alternate>` feeds in a page's head."""
    tree = lxml_html.parse(str(site / url / "index.html"))
    links = tree.xpath("//head/link[@rel='alternate'][@type='application/rss+xml' or @type='application/atom+xml']")
    return {urljoin(SITE + url, link.get("href")): link.get("type") for link in links}


def test_every_page_advertises_the_site_feeds(built: tuple[Path, Path]) -> None:
    _, site = built
    site_feeds = {SITE + "rss.xml": "application/rss+xml", SITE + "atom.xml": "application/atom+xml"}
    for url in ("", "gioi-thieu/", "tin-tuc/2024/05/quan-trac-nuoc-mat-dot-2/", "nhan-tin/"):
        assert head_feeds(site, url) == site_feeds, url


@pytest.mark.parametrize(("url", "feed_base"), [
    ("linh-vuc/bien-hai-dao/", "linh-vuc/bien-hai-dao/"),
    ("tin-tuc/", "tin-tuc/"),
    ("tin-tuc/2024/", "tin-tuc/"),
    ("chien-dich/", "chien-dich/"),
    ("ke-hoach/", "ke-hoach/"),
])
def test_topic_and_kind_pages_advertise_their_own_feeds(built: tuple[Path, Path], url: str, feed_base: str) -> None:
    _, site = built
    found = head_feeds(site, url)
    assert found[SITE + feed_base + "rss.xml"] == "application/rss+xml"
    assert found[SITE + feed_base + "atom.xml"] == "application/atom+xml"
    assert SITE + "rss.xml" in found
    assert len(found) == 4


def test_subscribe_page_lists_every_feed_the_opml_and_the_calendar(built: tuple[Path, Path]) -> None:
    _, site = built
    page = site / "nhan-tin" / "index.html"
    tree = lxml_html.parse(str(page))
    main = tree.xpath("//article")[0] if tree.xpath("//article") else tree.getroot()
    text = main.text_content()
    assert "RSS" in text and "ứng dụng đọc tin" in text
    hrefs = {urljoin(SITE + "nhan-tin/", a.get("href")) for a in main.iter("a") if a.get("href")}
    for base in FEED_BASES:
        for name in ("rss.xml", "atom.xml"):
            assert SITE + base + name in hrefs, base + name
            assert SITE + base + name in text  # the address, shown for copying into a reader
    assert SITE + "nhan-tin/feeds.opml" in hrefs and (site / "nhan-tin/feeds.opml").is_file()
    assert SITE + "lich-su-kien/lich.ics" in hrefs
    opml = etree.parse(str(site / "nhan-tin/feeds.opml"))
    assert len(opml.xpath("//outline[@type='rss']")) == len(FEED_BASES)


def test_footer_links_to_the_subscribe_page(built: tuple[Path, Path]) -> None:
    _, site = built
    for url in ("", "tin-tuc/2024/05/quan-trac-nuoc-mat-dot-2/"):
        tree = lxml_html.parse(str(site / url / "index.html"))
        hrefs = [urljoin(SITE + url, a.get("href")) for a in tree.xpath("//footer//a")]
        assert SITE + "nhan-tin/" in hrefs, url


# -- configuration errors -------------------------------------------------------------------------

def test_missing_site_url_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {"articles/a.md": article("Tin A", "2024-06-01")})
    config = proj / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    (proj / "site").mkdir()
    (proj / "site" / "rss.xml").write_bytes(b"old feed")
    result = run_build(proj)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "site_url" in output and "Traceback" not in output
    assert (proj / "site" / "rss.xml").read_bytes() == b"old feed"
    assert sorted(p.name for p in (proj / "site").iterdir()) == ["rss.xml"]


def test_feed_items_below_ten_is_a_configuration_error(tmp_path: Path) -> None:
    proj = make_project(tmp_path, {"articles/a.md": article("Tin A", "2024-06-01")})
    config = proj / "mkdocs.yml"
    config.write_text(re.sub(r"feed_items:\s*\d+", "feed_items: 5", config.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_build(proj)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "extra.portal.feed_items" in output and "Traceback" not in output


# -- the sample site (the tests' frozen sample content, tests/fixtures/site/) -----------------------

def sample_topics() -> dict[str, str]:
    import yaml

    data = yaml.safe_load((FIXTURE_SITE / "content" / "topics.yml").read_text(encoding="utf-8"))
    return {entry["slug"]: entry["name"] for entry in data}


def test_sample_site_has_every_feed_valid(sample_site: Path) -> None:
    topics = sample_topics()
    names = set(topics.values())
    limit = feed_limit(REPO)
    counts: dict[str, int] = {}
    for base in ("", "tin-tuc/", "chien-dich/", "ke-hoach/", *(f"linh-vuc/{slug}/" for slug in topics)):
        rss = check_rss(base + "rss.xml", (sample_site / base / "rss.xml").read_bytes(), limit, names)
        atom = check_atom(base + "atom.xml", (sample_site / base / "atom.xml").read_bytes(), limit)
        assert len(rss) == len(atom)
        counts[base] = len(rss)
    # The sample site is big enough that the site and news feeds are full, and every topic has items.
    assert counts[""] == limit and counts["tin-tuc/"] == limit
    assert all(counts[f"linh-vuc/{slug}/"] > 0 for slug in topics), counts
    assert counts["chien-dich/"] > 0 and counts["ke-hoach/"] > 0


def test_sample_site_feeds_carry_no_draft_or_scheduled_item(sample_site: Path) -> None:
    import yaml

    today = datetime.fromtimestamp(int(SAMPLE_EPOCH), tz=VN_TZ).date().isoformat()
    hidden, shown = [], []
    for path in sorted((FIXTURE_SITE / "content").rglob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        raw = str(meta.get("date") or meta.get("issued") or "")[:10]
        is_hidden = bool(meta.get("draft")) or (raw > today)
        (hidden if is_hidden else shown).append(str(meta["title"]))
    titles = set()
    for feed in sample_site.rglob("rss.xml"):
        titles |= {i.findtext("title") for i in etree.parse(str(feed)).iter("item")}
    assert hidden, "the sample site should show that drafts stay out of feeds"
    assert not titles & set(hidden)
    assert titles <= set(shown)
