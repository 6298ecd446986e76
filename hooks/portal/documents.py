"""Document pages (`/van-ban/…`): each document, the list by type and year, drafts for comment.

Pure: returns `PageSpec`s built from the loaded models; the bridge turns them into MkDocs pages.
A document's status (in force, not yet in force, expired, replaced) and a draft's consultation
(open with its days left, or closed) are computed as of the build's today.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from . import routes
from .listings import HOME, PageSpec, feed_links
from .models import Asset, Document, Site
from .pagedata import DocumentListPage, DocumentPage, DraftsPage
from .paginate import paginate
from .plans import format_size
from .settings import Settings
from .slugs import number_key, slugify_vi
from .wording import describe_signer

SECTION = "Văn bản"
DRAFTS = "Dự thảo lấy ý kiến"


@dataclass(frozen=True, slots=True)
class Status:
    """Where a document stands as of the build's today."""

    code: str
    """`in-force`, `pending` (not yet in force), `expired`, `replaced`, `open` or `closed` (drafts)."""
    label: str
    replaced_by: Document | None = None
    days_left: int = 0
    """For an open consultation: days left, the closing day included (1 on the last day)."""


@dataclass(frozen=True, slots=True)
class Register:
    """The documents of the site indexed by number, and who replaces whom."""

    by_number: dict[str, Document]
    replaced_by: dict[str, Document]
    """URL of a replaced document -> the newest document replacing it."""

    @classmethod
    def build(cls, site: Site) -> Register:
        """Return the register of the site's documents (oldest first wins a shared number)."""
        by_number: dict[str, Document] = {}
        for document in reversed(site.documents):
            by_number.setdefault(number_key(document.number), document)
        replaced_by: dict[str, Document] = {}
        for document in reversed(site.documents):  # oldest first: a newer replacement wins
            for number in document.replaces:
                old = by_number.get(number_key(number))
                if old is not None and old.url != document.url:
                    replaced_by[old.url] = document
        return cls(by_number, replaced_by)


def status(document: Document, today: date, register: Register) -> Status:
    """Return the document's status as of `today`."""
    if document.consultation is not None:
        left = (document.consultation.until - today).days + 1
        if left > 0:
            return Status("open", "Đang lấy ý kiến", days_left=left)
        return Status("closed", "Đã hết hạn lấy ý kiến")
    newer = register.replaced_by.get(document.url)
    if newer is not None and (newer.effective or newer.issued) <= today:
        return Status("replaced", "Đã được thay thế", replaced_by=newer)
    if document.expires is not None and document.expires <= today:
        return Status("expired", "Hết hiệu lực")
    if document.effective is not None and document.effective > today:
        return Status("pending", "Chưa có hiệu lực")
    return Status("in-force", "Còn hiệu lực")


def _files(document: Document) -> list[tuple[Asset, str]]:
    return [(asset, format_size(asset.size)) for asset in document.attachments]


def _type_slug(name: str) -> str:
    return slugify_vi(name) or "khac"


@dataclass(frozen=True, slots=True)
class _Lists:
    """What every list of documents shows beside its cards: the types, the years, the drafts."""

    types: list[tuple[str, str, int]]
    years: list[tuple[int, str, int]]
    draft_count: int


def _pages(items: list[Document], base: str, title: str, kind: str, settings: Settings, statuses: dict[str, Status],
           lists: _Lists, crumbs: tuple[tuple[str, str], ...], in_nav: bool, description: str, *,
           doc_type: str | None = None, year: int | None = None) -> list[PageSpec]:
    specs = []
    for pager in paginate(items, settings.per_page, base):
        shown = {document.url: statuses[document.url] for document in pager.items}  # only this page's cards
        data = DocumentListPage(pager, title, shown, lists.types, lists.years, routes.DOCUMENTS, routes.DRAFTS,
                                lists.draft_count, doc_type, year)
        specs.append(PageSpec(
            pager.url, "documents.html", title if pager.number == 1 else f"{title} – trang {pager.number}", kind,
            data=data, in_nav=in_nav and pager.number == 1,
            parent=routes.DOCUMENTS, breadcrumbs=crumbs if pager.number == 1 else (*crumbs, (title, base)),
            description=description, feeds=feed_links(routes.DOCUMENTS, SECTION),
        ))
    return specs


def document_pages(site: Site, settings: Settings) -> list[PageSpec]:
    """Return each document's page, `/van-ban/` with its type and year lists, and `/van-ban/du-thao/`."""
    register = Register.build(site)
    today = site.today
    crumbs = (HOME, (SECTION, routes.DOCUMENTS))
    specs: list[PageSpec] = []
    statuses = {document.url: status(document, today, register) for document in site.documents}
    for document in site.documents:
        found = statuses[document.url]
        replaces = [(number, register.by_number.get(number_key(number))) for number in document.replaces]
        specs.append(PageSpec(
            document.url, "document.html", document.title, "document", item=document, search=True,
            parent=routes.DOCUMENTS, breadcrumbs=crumbs,
            data=DocumentPage(found, _files(document), describe_signer(document.signer, document.signer_title),
                              replaces, routes.DRAFTS),
            description=document.summary or f"{document.doc_type} số {document.number} của {document.issuer}.",
        ))

    by_type: dict[str, list[Document]] = defaultdict(list)
    by_year: dict[int, list[Document]] = defaultdict(list)
    for document in site.documents:  # newest first already
        by_type[document.doc_type].append(document)
        by_year[document.issued.year].append(document)
    order = {name: index for index, name in enumerate(settings.document_types)}
    types = [(name, routes.document_type_url(_type_slug(name)), len(by_type[name]))
             for name in sorted(by_type, key=lambda n: (order.get(n, len(order)), n))]
    years = [(year, routes.document_year_url(year), len(by_year[year])) for year in sorted(by_year, reverse=True)]
    drafts = [d for d in site.documents if d.consultation is not None]
    common = _Lists(types, years, len(drafts))
    specs += _pages(site.documents, routes.DOCUMENTS, SECTION, "documents", settings, statuses, common, (HOME,), True,
                    "Văn bản quy phạm pháp luật, văn bản chỉ đạo, điều hành và dự thảo lấy ý kiến mà Sở ban hành "
                    "hoặc áp dụng, tra cứu theo loại và năm ban hành.")
    for name, url, _count in types:
        specs += _pages(by_type[name], url, f"{SECTION}: {name}", "documents-type", settings, statuses,
                        common, crumbs, False, f"Các văn bản loại {name}.", doc_type=name)
    for year, url, _count in years:
        specs += _pages(by_year[year], url, f"{SECTION} ban hành năm {year}", "documents-year", settings, statuses,
                        common, crumbs, False, f"Các văn bản ban hành năm {year}.", year=year)

    open_ = sorted((d for d in drafts if statuses[d.url].code == "open"),
                   key=lambda d: (d.consultation.until if d.consultation else today, d.url))
    closed = [d for d in drafts if statuses[d.url].code != "open"]  # newest first
    specs.append(PageSpec(
        routes.DRAFTS, "drafts.html", DRAFTS, "drafts", parent=routes.DOCUMENTS, breadcrumbs=crumbs,
        data=DraftsPage([(d, statuses[d.url]) for d in open_], [(d, statuses[d.url]) for d in closed]),
        description="Dự thảo văn bản đang lấy ý kiến nhân dân, doanh nghiệp: hạn góp ý và địa chỉ gửi góp ý.",
        feeds=feed_links(routes.DOCUMENTS, SECTION),
    ))
    return specs
