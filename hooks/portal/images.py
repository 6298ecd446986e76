"""Responsive copies of content images: WebP at a few widths and a clean fallback, cached on disk.

Every JPEG, PNG or WebP image the site publishes gets WebP copies at up to three widths (`LADDER`,
never wider than the source) under `media/co-anh/`, and a fallback in its own format at its own
URL: the editor's file as it is, or a re-encoded copy when the file must be turned upright (EXIF
orientation of a phone photo), is wider than `FALLBACK_MAX` or carries metadata (EXIF with the
place a photo was taken, XMP, comments). The editor's file in `content/` is never changed.

Which files exist and their pixel sizes follow from the source's dimensions alone (`plan`), so
pages are written before any pixel is encoded; the encoding (`publish`) runs later in threads
(Pillow works without holding the interpreter) and is cached under `.cache/portal/images/`, keyed
by the source's content hash and these settings. Same source, same bytes: no timestamps, no EXIF.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import routes
from .models import Asset

if TYPE_CHECKING:
    from PIL import Image

LADDER: tuple[int, ...] = (400, 800, 1200)
"""Widths of the WebP copies: 400 fills a phone (and a card thumbnail on a sharp screen), 800 and
1200 the article column on sharp screens. A source narrower than a step stops the ladder at its own
width: nothing is ever enlarged."""
FALLBACK_MAX = 1600
"""A source wider than this is published (in its own format) at this width instead of as it is."""
WEBP_QUALITY = 80
WEBP_METHOD = 3
"""libwebp's effort (0-6). Measured on the sample's photos and the benchmark's images: 3 gives files
as small as 4 (0.2 % smaller) in 12 % less time; 2 is 44 % faster but its files are 4 % larger."""
JPEG_QUALITY = 85
VERSION = "1"
"""Bump when the encoding changes: invalidates the cache."""
FORMATS: dict[str, str] = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
"""Source types that get copies (GIF may be animated; SVG and AVIF are already light)."""
SIZES_CARD = "(max-width: 480px) 100vw, 192px"
"""The card thumbnail: the whole width of a phone, else 8rem (at most 192 CSS pixels)."""
SIZES_COLUMN = "(max-width: 960px) 100vw, 760px"
"""A lead or body image: the whole width on phones and tablets, else the article column."""
SIZES_FEATURED = "(max-width: 960px) 100vw, 800px"
"""The home page's first featured story: the whole width on phones and tablets, else two thirds of the page."""
SIZES_FEATURED_SMALL = "(max-width: 960px) 112px, 400px"
"""The home page's other featured stories: a thumbnail on phones and tablets, else a third of the page."""
_SAFE_INFO = frozenset({
    "jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "adobe", "adobe_transform", "progressive",
    "progression", "icc_profile", "gamma", "transparency", "aspect", "interlace", "srgb", "chromaticity",
    "background", "loop", "duration", "lossless", "blend", "disposal",
})
"""What Pillow reads from a file header that says nothing about the photo or its author."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One WebP copy of an image."""

    path: str
    """Site path, e.g. `media/co-anh/articles/anh/a-jpg-400.webp` (not percent-encoded)."""
    width: int
    height: int

    @property
    def url(self) -> str:
        """Return the site-relative URL (percent-encoded)."""
        return quote(self.path)


@dataclass(frozen=True, slots=True)
class Picture:
    """What the pages show of one image: the fallback's URL and size, and the WebP copies."""

    src: str
    """Path relative to `content/`."""
    url: str
    """The fallback: the asset's own URL (`media/<src>`)."""
    width: int
    height: int
    """Pixel size of the fallback (upright; at most `FALLBACK_MAX` wide)."""
    webp: tuple[Variant, ...]

    def srcset(self, relative: str = "") -> str:
        """Return the WebP `srcset`, each URL prefixed with `relative` (e.g. `../../`)."""
        return ", ".join(f"{relative}{variant.url} {variant.width}w" for variant in self.webp)


@dataclass(frozen=True, slots=True)
class Published:
    """The files of one image: (site path, bytes or the path of a cached file) each."""

    src: str
    files: tuple[tuple[str, bytes | str], ...]
    fallback_size: int
    """Bytes of the file published at the image's own URL (the feeds' enclosure length)."""
    replaced: bool
    """True: the file at the image's URL is a re-encoded copy, not the editor's file."""


def widths_for(width: int) -> tuple[int, ...]:
    """Return the WebP widths for a source `width` pixels wide (none above it)."""
    steps = [step for step in LADDER if step < width]
    if min(width, LADDER[-1]) not in steps:
        steps.append(min(width, LADDER[-1]))
    return tuple(steps)


def _scaled(height: int, width: int, to_width: int) -> int:
    return max(1, round(height * to_width / width))


def variant_path(src: str, width: int) -> str:
    """Return the site path of the `width`-pixel WebP copy of content image `src`.

    The source's extension stays in the name (`a.jpg` and `a.png` side by side get distinct copies).
    """
    folder, _, name = src.rpartition("/")
    stem, _, ext = name.rpartition(".")
    return f"{routes.IMAGE_COPIES}{folder + '/' if folder else ''}{stem}-{ext.lower()}-{width}.webp"


def plan(asset: Asset) -> Picture | None:
    """Return the picture of an image asset, or None when it gets no copies (GIF, SVG, unread size)."""
    suffix = "." + asset.src.rsplit(".", 1)[-1].lower() if "." in asset.src else ""
    if suffix not in FORMATS or not asset.width or not asset.height or asset.animated:
        return None
    width, height = asset.width, asset.height
    fallback = min(width, FALLBACK_MAX)
    webp = tuple(Variant(variant_path(asset.src, w), w, _scaled(height, width, w)) for w in widths_for(width))
    return Picture(asset.src, asset.url, fallback, _scaled(height, width, fallback), webp)


def plan_site(assets: Iterable[Asset]) -> dict[str, Picture]:
    """Return the picture of every image asset that gets copies, by `src`."""
    pictures = {}
    for asset in assets:
        picture = plan(asset)
        if picture is not None:
            pictures[asset.src] = picture
    return pictures


def still_id(assets: Iterable[Asset]) -> str:
    """Return a digest of the images of a kind that gets copies but published without (animated).

    Converted bodies are cached by their links' URLs and sizes; whether such an image has copies
    is the one thing about it those do not say.
    """
    names = sorted(asset.src for asset in assets if asset.animated)
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16] if names else ""


def cache_key(data: bytes) -> str:
    """Return the cache key of a source: its content and everything the encoding depends on."""
    from PIL import __version__ as pillow

    settings = json.dumps([VERSION, LADDER, FALLBACK_MAX, WEBP_QUALITY, WEBP_METHOD, JPEG_QUALITY, pillow]).encode()
    return hashlib.sha256(settings + b"\0" + data).hexdigest()


def publish(asset: Asset, picture: Picture, cache_dir: Path | None = None) -> Published:
    """Return the files of one image, from the cache or encoded now (and then cached).

    Safe to call from several threads. A cache entry is a folder renamed into place complete, so a
    build killed while encoding leaves no half entry.
    """
    data = Path(asset.abs_path).read_bytes()
    fallback_path = routes.MEDIA + asset.src
    entry = cache_dir / cache_key(data) if cache_dir is not None else None
    if entry is not None and (entry / "index.json").is_file():
        try:
            index = json.loads((entry / "index.json").read_text(encoding="utf-8"))
            files: list[tuple[str, bytes | str]] = [
                (variant.path, str(entry / f"{variant.width}.webp")) for variant in picture.webp]
            if index.get("fallback"):
                fallback = entry / str(index["fallback"])
                files.append((fallback_path, str(fallback)))
                return Published(asset.src, tuple(files), fallback.stat().st_size, True)
            return Published(asset.src, tuple(files), len(data), False)
        except (OSError, ValueError):
            pass  # a damaged entry: encode again
    webp, fallback_bytes = encode(data, picture)
    if entry is not None:
        _store(entry, webp, fallback_bytes, FORMATS["." + asset.src.rsplit(".", 1)[-1].lower()])
    files = [(variant.path, webp[variant.width]) for variant in picture.webp]
    if fallback_bytes is not None:
        files.append((fallback_path, fallback_bytes))
        return Published(asset.src, tuple(files), len(fallback_bytes), True)
    return Published(asset.src, tuple(files), len(data), False)


def _store(entry: Path, webp: dict[int, bytes], fallback: bytes | None, fmt: str) -> None:
    """Write a cache entry (a failure only costs encoding again next time)."""
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        temporary.mkdir(parents=True, exist_ok=True)
        for width, content in webp.items():
            (temporary / f"{width}.webp").write_bytes(content)
        index: dict[str, str] = {}
        if fallback is not None:
            index["fallback"] = "fallback." + fmt.lower()
            (temporary / index["fallback"]).write_bytes(fallback)
        (temporary / "index.json").write_text(json.dumps(index), encoding="utf-8")
        os.replace(temporary, entry)
    except OSError:
        pass
    finally:
        if temporary.exists():
            for child in temporary.iterdir():
                child.unlink(missing_ok=True)
            temporary.rmdir()


def encode(data: bytes, picture: Picture) -> tuple[dict[int, bytes], bytes | None]:
    """Return the WebP copies by width, and the re-encoded fallback (None: publish the source as is)."""
    from PIL import ExifTags, Image, ImageOps

    with Image.open(io.BytesIO(data)) as source:
        fmt = "JPEG" if source.format == "MPO" else str(source.format)
        orientation = source.getexif().get(ExifTags.Base.Orientation, 1)
        private = set(source.info) - _SAFE_INFO or bool(getattr(source, "text", None))
        width = source.height if orientation in (5, 6, 7, 8) else source.width  # upright
        rewrite = orientation not in (1, None) or width > FALLBACK_MAX or private
        largest = max(picture.width if rewrite else 0, picture.webp[-1].width)
        if fmt == "JPEG":
            # Decode at a reduced scale when the copies are much smaller: a phone photo in a fraction of the time.
            need = (largest, _scaled(picture.height, picture.width, largest))
            source.draft(None, need[::-1] if orientation in (5, 6, 7, 8) else need)
        icc = source.info.get("icc_profile")
        image = ImageOps.exif_transpose(source)
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if alpha else "RGB")
    image.info = {}
    webp: dict[int, bytes] = {}
    for variant in picture.webp:
        out = io.BytesIO()
        _resized(image, variant.width, variant.height, alpha).save(
            out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD, icc_profile=icc or "")
        webp[variant.width] = out.getvalue()
    if not rewrite:
        return webp, None
    out = io.BytesIO()
    fallback = _resized(image, picture.width, picture.height, alpha)
    if fmt == "JPEG":
        fallback = fallback.convert("RGB")
        fallback.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, icc_profile=icc)
    elif fmt == "PNG":
        fallback.save(out, "PNG", optimize=True, icc_profile=icc)
    else:
        fallback.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD, icc_profile=icc or "")
    return webp, out.getvalue()


def _resized(image: Image.Image, width: int, height: int, alpha: bool) -> Image.Image:
    from PIL import Image

    if image.size == (width, height):
        return image
    if alpha:
        # Scaled with premultiplied alpha: no dark fringe where transparent pixels meet opaque ones.
        scaled = image.convert("RGBa").resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        return scaled.convert("RGBA")
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
