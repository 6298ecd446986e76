"""Live-preview page digests: any change a page shows changes its digest; nothing else does."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from portal.dates import VN_TZ
from portal.fingerprint import Digester
from portal.listings import PageSpec
from portal.models import Article
from portal.pagedata import NewsListPage
from portal.paginate import paginate


def page_digest(spec: PageSpec, site_part: str) -> str:
    return Digester(site_part).page(spec)


def art(index: int, **changes: object) -> Article:
    base = Article(kind="article", source=f"content/articles/a{index}.md", slug=f"a{index}",
                   url=f"tin-tuc/2024/06/a{index}/", title=f"Bài {index}", topics=("moi-truong",),
                   date=datetime(2024, 6, index + 1, tzinfo=VN_TZ), body="x", html="<p>x</p>", summary="Tóm tắt")
    return replace(base, **changes)


def list_spec(items: list[Article]) -> PageSpec:
    (pager,) = paginate(items, 10, "tin-tuc/")
    return PageSpec("tin-tuc/", "list.html", "Tin tức", "news", data=NewsListPage(pager, "Tin tức", []))


def test_item_page_digest_follows_its_body() -> None:
    a = art(1)
    spec = PageSpec(a.url, "article.html", a.title, "article", item=a)
    changed = PageSpec(a.url, "article.html", a.title, "article", item=replace(a, body="y", html="<p>y</p>"))
    assert page_digest(spec, "s") == page_digest(PageSpec(a.url, "article.html", a.title, "article", item=art(1)), "s")
    assert page_digest(spec, "s") != page_digest(changed, "s")
    # The HTML is derived from the body, links and URL by a converter whose settings and code
    # the site part covers (adapter.files._site_digest): it is not described a second time.
    same_body = PageSpec(a.url, "article.html", a.title, "article", item=replace(a, html="<p>y</p>"))
    assert page_digest(spec, "s") == page_digest(same_body, "s")
    linked = replace(a, links=(("anh.jpg", "media/anh.jpg", 10, 10),))
    assert page_digest(spec, "s") != page_digest(PageSpec(a.url, "article.html", a.title, "article", item=linked), "s")


def test_list_digest_follows_titles_and_summaries_but_not_bodies() -> None:
    items = [art(i) for i in range(3)]
    digest = page_digest(list_spec(items), "s")
    assert digest == page_digest(list_spec([replace(items[0], html="<p>khác</p>"), *items[1:]]), "s")
    assert digest != page_digest(list_spec([replace(items[0], title="Tiêu đề mới"), *items[1:]]), "s")
    assert digest != page_digest(list_spec([replace(items[0], summary="Khác"), *items[1:]]), "s")
    assert digest != page_digest(list_spec(items[:2]), "s")


def test_list_digest_follows_every_field_a_card_may_show() -> None:
    """No hand-kept list of card fields: a field a template starts showing is covered already."""
    items = [art(i) for i in range(3)]
    digest = page_digest(list_spec(items), "s")
    for change in ({"author": "Văn phòng Sở"}, {"image_alt": "Ảnh"}, {"campaign": "c"}, {"topics": ("dat-dai",)}):
        assert digest != page_digest(list_spec([replace(items[0], **change), *items[1:]]), "s"), change
    # Only the body and what the renderer derives from it stay out.
    assert digest == page_digest(list_spec([replace(items[0], body="khác", toc=((2, "a", "A"),)), *items[1:]]), "s")


def test_site_wide_part_changes_every_digest() -> None:
    spec = list_spec([art(1)])
    assert page_digest(spec, "templates-v1") != page_digest(spec, "templates-v2")


def test_page_digest_covers_every_field_of_the_page_data() -> None:
    (pager,) = paginate([art(1)], 10, "tin-tuc/")
    spec = PageSpec("tin-tuc/", "list.html", "Tin tức", "news", data=NewsListPage(pager, "Tin tức", []))
    for changed in (replace(spec.data, heading="Tin"), replace(spec.data, years=[(2024, "tin-tuc/2024/", 1)]),
                    replace(spec.data, year=2024)):
        assert page_digest(spec, "s") != page_digest(replace(spec, data=changed), "s")
