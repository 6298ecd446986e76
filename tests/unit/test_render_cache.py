"""The rendered-Markdown cache can never serve stale HTML, and parallel rendering changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from portal.dates import VN_TZ
from portal.models import Article
from portal.render import POOL_THRESHOLD, RenderCache, Renderer, cache_key, render_items, render_site_items


def make_article(index: int, body: str | None = None, url: str | None = None) -> Article:
    return Article(
        kind="article", source=f"content/articles/a{index}.md", slug=f"a{index}",
        url=url or f"tin-tuc/2024/06/a{index}/", title=f"Bài {index}", topics=("moi-truong",),
        date=datetime(2024, 6, 5, tzinfo=VN_TZ),
        body=body if body is not None else f"Đoạn đầu của bài {index}.\n\n## Mục {index}\n\n![ảnh](anh.jpg)\n",
        links=(("anh.jpg", "media/articles/anh.jpg", 1200, 630),),
    )


def test_cache_key_changes_with_every_input() -> None:
    renderer = Renderer()
    base = make_article(1)
    keys = {
        cache_key(base, renderer.fingerprint),
        cache_key(replace(base, body=base.body + "x"), renderer.fingerprint),
        cache_key(replace(base, url="tin-tuc/2024/07/a1/"), renderer.fingerprint),
        cache_key(replace(base, links=(("anh.jpg", "media/articles/anh.jpg", 800, 600),)), renderer.fingerprint),
        cache_key(base, Renderer(["tables"]).fingerprint),
    }
    assert len(keys) == 5


def test_fingerprint_is_stable_across_instances() -> None:
    # The toc slugify function is part of the settings: its identity must not leak into the key.
    assert Renderer().fingerprint == Renderer().fingerprint


def test_cached_render_equals_fresh_render(tmp_path: Path) -> None:
    renderer = Renderer()
    items = [make_article(i) for i in range(5)]
    cache = RenderCache(tmp_path / "cache")
    first = render_site_items(items, renderer, cache, workers=1)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["render.pack"]
    second = render_site_items(items, renderer, RenderCache(tmp_path / "cache"), workers=1)
    assert first == second == render_items(items, renderer)
    assert 'src="../../../../media/articles/anh.jpg"' in first[0].html
    assert first[0].toc == ((2, "muc-0", "Mục 0"),)


def test_edited_body_is_rendered_again_not_served_from_cache(tmp_path: Path) -> None:
    renderer = Renderer()
    cache = RenderCache(tmp_path / "cache")
    render_site_items([make_article(1)], renderer, cache, workers=1)
    edited = make_article(1, body="Nội dung **mới** hoàn toàn.")
    (result,) = render_site_items([edited], renderer, cache, workers=1)
    assert "<strong>mới</strong>" in result.html
    assert "Đoạn đầu" not in result.html


def test_corrupt_or_truncated_pack_is_a_miss_never_wrong_html(tmp_path: Path) -> None:
    renderer = Renderer()
    item = make_article(1)
    expected = render_items([item], renderer)[0].html
    render_site_items([item], renderer, RenderCache(tmp_path / "cache"), workers=1)
    pack = tmp_path / "cache" / "render.pack"
    data = bytearray(pack.read_bytes())
    at = data.index("Đoạn đầu".encode())
    data[at:at + 4] = b"XXXX"  # the same length: only the checksum can tell
    pack.write_bytes(bytes(data))
    (result,) = render_site_items([item], renderer, RenderCache(tmp_path / "cache"), workers=1)
    assert result.html == expected
    pack.write_bytes(pack.read_bytes()[:-10])  # a build killed while appending
    (result,) = render_site_items([item], renderer, RenderCache(tmp_path / "cache"), workers=1)
    assert result.html == expected


def test_pack_of_another_format_is_replaced(tmp_path: Path) -> None:
    renderer = Renderer()
    item = make_article(1)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "render.pack").write_bytes(b"portal render pack 0\nold bytes")
    (first,) = render_site_items([item], renderer, RenderCache(tmp_path / "cache"), workers=1)
    cache = RenderCache(tmp_path / "cache")
    assert cache.get(cache_key(item, renderer.fingerprint)) is not None
    assert (tmp_path / "cache" / "render.pack").read_bytes().startswith(RenderCache.MAGIC)


def test_pack_is_compacted_to_the_entries_in_use(tmp_path: Path) -> None:
    renderer = Renderer()
    folder = tmp_path / "cache"
    for round_ in range(4):  # every round edits all bodies: old entries pile up, then go
        items = [make_article(i, body=f"Vòng {round_}, bài {i}.") for i in range(100)]
        render_site_items(items, renderer, RenderCache(folder), workers=1)
    cache = RenderCache(folder)
    kept = sum(cache.get(cache_key(make_article(i, body=f"Vòng {r}, bài {i}."), renderer.fingerprint)) is not None
               for r in range(4) for i in range(100))
    assert 100 <= kept <= 264  # at most 2 × in use + 64
    assert all(cache.get(cache_key(make_article(i, body=f"Vòng 3, bài {i}."), renderer.fingerprint)) for i in range(100))


def test_extractor_runs_once_per_body_and_is_cached(tmp_path: Path) -> None:
    calls: list[str] = []

    def count_words(html: str) -> int:
        calls.append(html)
        return len(html.split())

    renderer = Renderer(extract=count_words, extract_id="words 1")
    assert renderer.fingerprint != Renderer().fingerprint
    assert renderer.fingerprint != Renderer(extract=count_words, extract_id="words 2").fingerprint
    items = [make_article(i) for i in range(3)]
    first = render_site_items(items, renderer, RenderCache(tmp_path / "c"), workers=1)
    assert len(calls) == 3 and [i.extract for i in first] == [len(i.html.split()) for i in first]
    second = render_site_items(items, renderer, RenderCache(tmp_path / "c"), workers=1)
    assert len(calls) == 3 and [i.extract for i in second] == [i.extract for i in first]


def test_process_pool_gives_the_same_html_as_one_process() -> None:
    renderer = Renderer()
    items = [make_article(i) for i in range(POOL_THRESHOLD + 10)]
    assert render_site_items(items, renderer, None, workers=2) == render_items(items, renderer)
