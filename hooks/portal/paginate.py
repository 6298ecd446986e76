"""Pure pagination: slice a sequence into numbered pages with their URLs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from . import routes

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageLink:
    """A link to one page of a paginated list."""

    number: int
    url: str


@dataclass(frozen=True, slots=True)
class Pager(Generic[T]):
    """One page of a paginated list."""

    number: int
    count: int
    """How many pages the list has (at least 1)."""
    items: tuple[T, ...]
    base_url: str
    total: int

    @property
    def url(self) -> str:
        """Return this page's URL."""
        return routes.paged_url(self.base_url, self.number)

    @property
    def previous(self) -> PageLink | None:
        """Return the previous page, if any."""
        return PageLink(self.number - 1, routes.paged_url(self.base_url, self.number - 1)) if self.number > 1 else None

    @property
    def next(self) -> PageLink | None:
        """Return the next page, if any."""
        if self.number < self.count:
            return PageLink(self.number + 1, routes.paged_url(self.base_url, self.number + 1))
        return None

    @property
    def links(self) -> tuple[PageLink, ...]:
        """Return links to every page (lists are short: a few hundred pages at most)."""
        return tuple(PageLink(n, routes.paged_url(self.base_url, n)) for n in range(1, self.count + 1))

    def window(self, size: int = 2) -> tuple[PageLink | None, ...]:
        """Return page links around the current one, with None where pages are skipped (…)."""
        shown = sorted({1, self.count, *range(max(1, self.number - size), min(self.count, self.number + size) + 1)})
        result: list[PageLink | None] = []
        previous = 0
        for number in shown:
            if number - previous == 2:
                # An ellipsis standing for one page takes as much room as that page's number: show it.
                result.append(PageLink(previous + 1, routes.paged_url(self.base_url, previous + 1)))
            elif number - previous > 2:
                result.append(None)
            result.append(PageLink(number, routes.paged_url(self.base_url, number)))
            previous = number
        return tuple(result)


def paginate(items: Sequence[T], per_page: int, base_url: str) -> list[Pager[T]]:
    """Split `items` into pages of `per_page`; an empty list still has one (empty) page."""
    per_page = max(1, per_page)
    count = max(1, -(-len(items) // per_page))
    return [
        Pager(number, count, tuple(items[(number - 1) * per_page : number * per_page]), base_url, len(items))
        for number in range(1, count + 1)
    ]
