"""A built site's images: WebP copies offered with srcset/sizes, sizes set, lazy below the fold, clean files."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest
from PIL import ExifTags, Image

from helpers import article, make_project, run_build


def _jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
        exif[ExifTags.Base.Make] = "PhoneMaker"
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 110, 160)).save(out, "JPEG", quality=90, exif=exif.tobytes() if orientation else b"")
    return out.getvalue()


LEAD = _jpeg(1200, 630)
PHONE = _jpeg(3000, 2000, orientation=6)  # a phone photo held upright: shown 2000 × 3000, published 1600 wide


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("images")
    proj = make_project(tmp, {
        "articles/a.md": article(
            "Làm sạch bờ biển", "2024-06-02", extra="slug: lam-sach\nimage: anh/bo-bien.jpg\nimage_alt: Bờ biển sạch\n",
            body="Đoạn đầu.\n\n![Tình nguyện viên nhặt rác](anh/dien-thoai.jpg)\n"),
        "articles/b.md": article("Hội nghị không có ảnh", "2024-06-01", extra="slug: hoi-nghi\n"),
        "articles/anh/bo-bien.jpg": LEAD,
        "articles/anh/dien-thoai.jpg": PHONE,
    })
    result = run_build(proj)
    assert result.returncode == 0, result.stderr
    return proj


def _doc(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / path).read_text(encoding="utf-8"))


def test_article_lead_and_body_images_offer_webp_copies(built: Path):
    doc = _doc(built / "site", "tin-tuc/2024/06/lam-sach/index.html")
    lead, body = doc.xpath("//article//picture")
    # (libxml2's HTML parser does not know <source> is empty: the <img> comes out inside it, hence `//`.)
    source, img = lead.xpath(".//source")[0], lead.xpath(".//img")[0]
    assert source.get("type") == "image/webp"
    assert source.get("srcset") == ", ".join(
        f"../../../../media/co-anh/articles/anh/bo-bien-jpg-{w}.webp {w}w" for w in (400, 800, 1200))
    assert source.get("sizes") == "(max-width: 960px) 100vw, 760px"
    assert (img.get("src"), img.get("width"), img.get("height")) == (
        "../../../../media/articles/anh/bo-bien.jpg", "1200", "630")
    assert img.get("loading") is None and img.get("fetchpriority") == "high"  # the lead image loads at once
    source, img = body.xpath(".//source")[0], body.xpath(".//img")[0]
    assert source.get("srcset") == ", ".join(
        f"../../../../media/co-anh/articles/anh/dien-thoai-jpg-{w}.webp {w}w" for w in (400, 800, 1200))
    assert source.get("sizes") == "(max-width: 960px) 100vw, 760px"
    # Upright (EXIF orientation applied) and at the size of the published 1600-pixel copy.
    assert (img.get("width"), img.get("height"), img.get("loading")) == ("1600", "2400", "lazy")
    assert img.get("alt") == "Tình nguyện viên nhặt rác"


def test_cards_have_a_small_copy_and_a_blank_when_there_is_no_photo(built: Path):
    doc = _doc(built / "site", "tin-tuc/index.html")
    cards = doc.xpath('//article[contains(concat(" ", @class, " "), " portal-card ")]')
    assert len(cards) == 2
    with_photo, without = cards
    source = with_photo.xpath('.//picture[@class="portal-card__media"]//source')[0]
    assert source.get("sizes") == "(max-width: 480px) 100vw, 192px"
    assert source.get("srcset").startswith("../media/co-anh/articles/anh/bo-bien-jpg-400.webp 400w, ")
    img = with_photo.xpath(".//picture//img")[0]
    assert (img.get("width"), img.get("height")) == ("1200", "630")
    assert without.xpath('./div[@class="portal-card__media portal-card__media--none"][@aria-hidden="true"]')


def test_card_images_of_a_list_wait_until_they_come_into_view(tmp_path: Path):
    """On a phone the first card is below the first screen (heading, lead text, links come first):
    every card photo is lazy, the browser loads those in view at once anyway."""
    proj = make_project(tmp_path, {
        **{f"articles/{n}.md": article(f"Tin số {n}", f"2024-06-0{n}", extra=f"image: anh/a.jpg\nimage_alt: Ảnh {n}\n")
           for n in range(1, 4)},
        "articles/anh/a.jpg": LEAD,
    })
    result = run_build(proj)
    assert result.returncode == 0, result.stderr
    imgs = _doc(proj / "site", "tin-tuc/index.html").xpath('//picture[@class="portal-card__media"]//img')
    assert [img.get("loading") for img in imgs] == ["lazy", "lazy", "lazy"]


def test_published_files_are_webp_copies_and_clean_upright_fallbacks(built: Path):
    site = built / "site"
    for w, h in ((400, 210), (800, 420), (1200, 630)):
        with Image.open(site / f"media/co-anh/articles/anh/bo-bien-jpg-{w}.webp") as image:
            assert (image.format, image.size) == ("WEBP", (w, h))
    assert (site / "media/articles/anh/bo-bien.jpg").read_bytes() == LEAD  # clean and small: as the editor gave it
    phone = (site / "media/articles/anh/dien-thoai.jpg").read_bytes()
    assert len(phone) < len(PHONE) and b"PhoneMaker" not in phone
    with Image.open(io.BytesIO(phone)) as image:
        assert (image.format, image.size) == ("JPEG", (1600, 2400))
    with Image.open(site / "media/co-anh/articles/anh/dien-thoai-jpg-1200.webp") as image:
        assert image.size == (1200, 1800)
    assert (built / "content/articles/anh/dien-thoai.jpg").read_bytes() == PHONE  # the editor's file is untouched


def test_feed_keeps_one_file_per_image_with_its_published_length(built: Path):
    rss = (built / "site/rss.xml").read_text(encoding="utf-8")
    assert 'url="https://stnmt.example.gov.vn/media/articles/anh/bo-bien.jpg"' in rss
    assert f'length="{len(LEAD)}"' in rss
    assert "co-anh" not in rss and "&lt;source" not in rss  # feed readers get the single image file
