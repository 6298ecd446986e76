"""Pagination: pure slicing into numbered pages with their URLs."""

from __future__ import annotations

from portal.paginate import PageLink, paginate


def numbers(links: tuple[PageLink | None, ...]) -> list[int | None]:
    return [link.number if link else None for link in links]


def test_pages_of_ten_with_a_remainder() -> None:
    pages = paginate(list(range(25)), 10, "tin-tuc/")
    assert [p.items for p in pages] == [tuple(range(10)), tuple(range(10, 20)), tuple(range(20, 25))]
    assert [p.url for p in pages] == ["tin-tuc/", "tin-tuc/trang/2/", "tin-tuc/trang/3/"]
    assert {(p.count, p.total) for p in pages} == {(3, 25)}


def test_previous_and_next_links() -> None:
    first, middle, last = paginate(list(range(25)), 10, "linh-vuc/moi-truong/")
    assert first.previous is None
    assert first.next == PageLink(2, "linh-vuc/moi-truong/trang/2/")
    assert middle.previous == PageLink(1, "linh-vuc/moi-truong/")
    assert middle.next == PageLink(3, "linh-vuc/moi-truong/trang/3/")
    assert last.next is None
    assert [link.url for link in last.links] == [
        "linh-vuc/moi-truong/", "linh-vuc/moi-truong/trang/2/", "linh-vuc/moi-truong/trang/3/",
    ]


def test_an_exact_multiple_has_no_empty_last_page() -> None:
    pages = paginate(list(range(20)), 10, "tin-tuc/")
    assert len(pages) == 2 and len(pages[-1].items) == 10


def test_an_empty_list_still_has_one_page() -> None:
    (page,) = paginate([], 10, "tin-tuc/2019/")
    assert page.items == () and page.count == 1 and page.url == "tin-tuc/2019/"
    assert page.previous is None and page.next is None


def test_per_page_below_one_is_treated_as_one() -> None:
    assert len(paginate(["a", "b"], 0, "x/")) == 2


def test_window_with_gaps() -> None:
    pages = paginate(list(range(200)), 10, "tin-tuc/")  # 20 pages
    assert numbers(pages[9].window()) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert numbers(pages[0].window()) == [1, 2, 3, None, 20]
    assert numbers(pages[19].window()) == [1, None, 18, 19, 20]
    assert pages[9].window()[2] == PageLink(8, "tin-tuc/trang/8/")


def test_window_never_hides_a_single_page_behind_an_ellipsis() -> None:
    pages = paginate(list(range(200)), 10, "tin-tuc/")
    assert numbers(pages[3].window()) == [1, 2, 3, 4, 5, 6, None, 20]  # page 2, not "…"
    assert numbers(pages[16].window()) == [1, None, 15, 16, 17, 18, 19, 20]  # page 19, not "…"


def test_window_of_a_short_list_shows_every_page() -> None:
    pages = paginate(list(range(30)), 10, "tin-tuc/")
    assert numbers(pages[1].window()) == [1, 2, 3]
