"""The responsive image pipeline (images.py): widths, orientation, WebP, metadata, cache, size limit."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from helpers import EPOCH, TOPICS, article, write_tree
from portal import images
from portal.dates import build_now
from portal.loader import LoadOptions, load_site
from portal.models import Asset
from portal.settings import Settings

NOW = build_now({"SOURCE_DATE_EPOCH": EPOCH})


def jpeg(width: int, height: int, *, orientation: int | None = None, gps: bool = False, split: bool = False) -> bytes:
    """Return a JPEG (left half red, right half blue when `split`) with the EXIF tags asked for."""
    image = Image.new("RGB", (width, height), (40, 120, 90))
    if split:
        image.paste((220, 20, 20), (0, 0, width // 2, height))
        image.paste((20, 20, 220), (width // 2, 0, width, height))
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.Base.Make] = "PhoneMaker"
        exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
        exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (10.0, 45.0, 30.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes() if len(exif) or gps else b"")
    return out.getvalue()


def load_one(tmp_path: Path, name: str, data: bytes, settings: Settings | None = None):
    write_tree(tmp_path / "content", {
        "topics.yml": TOPICS,
        "articles/a.md": article("Ảnh", "2024-06-01", extra=f"image: anh/{name}\nimage_alt: Ảnh bờ biển\n"),
        f"articles/anh/{name}": data,
    })
    site, problems = load_site(tmp_path, LoadOptions(now=NOW, settings=settings or Settings(), parallel=False))
    return site, [p.format() for p in problems]


def asset_for(tmp_path: Path, name: str, data: bytes) -> Asset:
    site, lines = load_one(tmp_path, name, data)
    assert lines == []
    asset = site.articles[0].image
    assert asset is not None
    return asset


def content_of(data: bytes | str) -> bytes:
    """Return a published file's bytes (held in memory, or a cached file's path)."""
    return Path(data).read_bytes() if isinstance(data, str) else data


def decoded(data: bytes | str) -> Image.Image:
    image = Image.open(io.BytesIO(content_of(data)))
    image.load()
    return image


@pytest.mark.parametrize(("width", "expected"), [
    (1200, (400, 800, 1200)), (960, (400, 800, 960)), (4032, (400, 800, 1200)), (500, (400, 500)), (300, (300,)),
])
def test_widths_for_a_source_are_never_wider_than_it(width: int, expected: tuple[int, ...]):
    assert images.widths_for(width) == expected


def test_publish_small_image_gets_webp_copies_no_larger_than_the_source(tmp_path: Path):
    asset = asset_for(tmp_path, "nho.jpg", jpeg(500, 250))
    picture = images.plan(asset)
    assert picture is not None
    published = images.publish(asset, picture)
    sizes = {path: decoded(content).size for path, content in published.files}
    assert sizes == {
        "media/co-anh/articles/anh/nho-jpg-400.webp": (400, 200),
        "media/co-anh/articles/anh/nho-jpg-500.webp": (500, 250),
    }
    assert all(decoded(content).format == "WEBP" for _path, content in published.files)
    # A clean JPEG no wider than 1600 px is published as the editor gave it.
    assert not published.replaced and published.fallback_size == len(Path(asset.abs_path).read_bytes())


def test_phone_photo_is_turned_upright_by_its_exif_orientation(tmp_path: Path):
    # Stored 400 × 200 (left red, right blue), tagged "turn 90° clockwise to show": upright it is 200 × 400, red on top.
    asset = asset_for(tmp_path, "dien-thoai.jpg", jpeg(400, 200, orientation=6, split=True))
    assert (asset.width, asset.height) == (200, 400)
    picture = images.plan(asset)
    assert picture is not None and (picture.width, picture.height) == (200, 400)
    published = images.publish(asset, picture)
    files = dict(published.files)
    fallback = decoded(files["media/articles/anh/dien-thoai.jpg"])
    webp = decoded(files["media/co-anh/articles/anh/dien-thoai-jpg-200.webp"])
    for image in (fallback, webp):
        assert image.size == (200, 400)
        red, _green, blue = image.convert("RGB").getpixel((100, 50))
        assert red > 150 and blue < 100  # the top is the photo's left (red) side
        assert ExifTags.Base.Orientation not in image.getexif()
    assert published.replaced
    # The editor's file is untouched.
    assert (tmp_path / "content/articles/anh/dien-thoai.jpg").read_bytes() == jpeg(400, 200, orientation=6, split=True)


def test_location_and_camera_metadata_are_not_published(tmp_path: Path):
    asset = asset_for(tmp_path, "gps.jpg", jpeg(600, 400, gps=True))
    source = decoded(Path(asset.abs_path).read_bytes())
    assert ExifTags.IFD.GPSInfo in source.getexif()  # the test photo does carry a location
    picture = images.plan(asset)
    assert picture is not None
    published = images.publish(asset, picture)
    assert published.replaced  # the file at the photo's URL is a clean copy
    for _path, content in published.files:
        image = decoded(content)
        assert "exif" not in image.info and len(image.getexif()) == 0
        assert b"PhoneMaker" not in content_of(content)


def test_huge_photo_is_published_at_1600_pixels_in_its_own_format(tmp_path: Path):
    asset = asset_for(tmp_path, "lon.jpg", jpeg(4000, 3000))
    picture = images.plan(asset)
    assert picture is not None and (picture.width, picture.height) == (1600, 1200)
    published = images.publish(asset, picture)
    fallback = decoded(dict(published.files)["media/articles/anh/lon.jpg"])
    assert (fallback.format, fallback.size) == ("JPEG", (1600, 1200))
    assert published.fallback_size < len(Path(asset.abs_path).read_bytes())


def test_same_source_gives_the_same_bytes(tmp_path: Path):
    asset = asset_for(tmp_path, "a.jpg", jpeg(1300, 700, orientation=3))
    picture = images.plan(asset)
    assert picture is not None
    first, second = images.publish(asset, picture), images.publish(asset, picture)
    assert first.files == second.files and len(first.files) == 4


def test_second_publish_comes_from_the_cache_without_encoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    asset = asset_for(tmp_path, "a.jpg", jpeg(1300, 700, orientation=8))
    picture = images.plan(asset)
    assert picture is not None
    cache = tmp_path / ".cache/portal/images"
    fresh = images.publish(asset, picture, cache)
    calls: list[int] = []
    real_encode = images.encode
    monkeypatch.setattr(images, "encode", lambda *args: calls.append(1) or real_encode(*args))
    cached = images.publish(asset, picture, cache)
    assert calls == []
    assert [path for path, _ in cached.files] == [path for path, _ in fresh.files]
    assert all(isinstance(file, str) for _, file in cached.files)  # copied from the cache, never held in memory
    assert [content_of(file) for _, file in cached.files] == [content_of(file) for _, file in fresh.files]
    assert cached.fallback_size == fresh.fallback_size and cached.replaced
    # Another source (one byte differs) is another entry: encoded again.
    (tmp_path / "content/articles/anh/a.jpg").write_bytes(jpeg(1300, 700, orientation=6))
    images.publish(asset, picture, cache)
    assert calls == [1]


def test_gif_and_animated_png_get_no_copies(tmp_path: Path):
    out = io.BytesIO()
    frames = [Image.new("RGB", (50, 50), color) for color in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(out, "PNG", save_all=True, append_images=frames[1:])
    assert images.plan(asset_for(tmp_path, "dong.png", out.getvalue())) is None
    gif = io.BytesIO()
    Image.new("P", (50, 50)).save(gif, "GIF")
    assert images.plan(asset_for(tmp_path / "g", "a.gif", gif.getvalue())) is None


def test_phone_photo_of_20_mb_is_accepted_and_larger_is_refused_in_vietnamese(tmp_path: Path):
    photo = jpeg(64, 48)
    limit = Settings().max_image_kb * 1024
    assert limit == 20 * 1024 * 1024
    site, lines = load_one(tmp_path / "ok", "dien-thoai.jpg", photo + b"\0" * (limit - len(photo)))
    assert lines == [] and site.articles[0].image is not None
    site, lines = load_one(tmp_path / "lon", "dien-thoai.jpg", photo + b"\0" * (limit + 200 * 1024))
    assert lines == [
        "content/articles/a.md:5: [image-too-large] ảnh 'anh/dien-thoai.jpg' nặng 20,2 MB, vượt giới hạn 20 MB "
        "(đặt trong mkdocs.yml: extra.portal.max_image_kb); hãy thu nhỏ hoặc nén ảnh cho dưới giới hạn này "
        "(trang web tự tạo bản nhỏ cho người đọc, không cần nén thêm)",
    ]
    assert site.articles[0].image is None
