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
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 5
    second = render_site_items(items, renderer, cache, workers=1)
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


def test_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    renderer = Renderer()
    cache = RenderCache(tmp_path / "cache")
    item = make_article(1)
    render_site_items([item], renderer, cache, workers=1)
    (entry,) = list((tmp_path / "cache").rglob("*.json"))
    entry.write_text("{not json", encoding="utf-8")
    (result,) = render_site_items([item], renderer, cache, workers=1)
    assert result.html == render_items([item], renderer)[0].html


def test_process_pool_gives_the_same_html_as_one_process() -> None:
    renderer = Renderer()
    items = [make_article(i) for i in range(POOL_THRESHOLD + 10)]
    assert render_site_items(items, renderer, None, workers=2) == render_items(items, renderer)
