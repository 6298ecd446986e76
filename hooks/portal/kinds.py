"""The content kinds, each declared once: folder, model, keys, URL, feeds, labels, `portal new` file.

Every other module reads these declarations (the loader, `portal new`, the feeds, the editor guide
test, the web editor's configuration) instead of telling kinds apart by name. A key of a kind is
one `Field`: its type is the parser that reads it (fields.py), so a key leads to its parser in one
hop, as Pelican's METADATA_PROCESSORS and Material's PostConfig do. Adding a kind is adding one
`Kind` here, its model in models.py, and the templates and builders of its pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from . import dates, fields, routes
from .models import Article, Campaign, Document, Event, Item, Plan
from .schema import Reader

ANNOUNCE_LEAD = timedelta(days=30)
"""Without an announcement `date`, a campaign or event enters the feeds this long before it starts."""


@dataclass(frozen=True, slots=True)
class Field:
    """One front-matter key of a kind."""

    key: str
    parse: fields.Parser
    """Reads the key into the item's values (fields.py)."""
    label: str
    """Vietnamese name of the key (the web editor's label, the guide's key tables)."""
    required: bool = False
    help: str = ""
    """Vietnamese help text for editors."""
    attr: str = ""
    """Model attribute the value is stored in, when it differs from `key`."""
    new: str = ""
    """The line(s) `portal new` writes for this key (commented unless the key is filled in); `{…}` are
    filled in by `portal new` (scaffold.py). Empty: `portal new` does not mention the key."""
    draft_may_omit: bool = False
    """A required key a draft may still lack (a document's file, while it is being prepared)."""
    paragraph: bool = False
    """A text of several sentences: the web editor gives it a box of several lines."""

    def __post_init__(self) -> None:
        if not self.attr:
            object.__setattr__(self, "attr", self.key)


@dataclass(frozen=True, slots=True)
class Kind:
    """Everything the generator knows about one content kind."""

    name: str
    """`article`, `campaign`, `plan`, `event`, `document` (the model's `kind`)."""
    folder: str
    """Folder under content/ holding its Markdown files."""
    model: type[Item]
    label: str
    """Vietnamese name of the kind on cards, feeds and menus ("Tin tức")."""
    noun: str
    """Vietnamese name of one item ("bài viết")."""
    section: str
    """Site-relative URL of the kind's section (routes.py)."""
    fields: tuple[Field, ...]
    date_key: str
    """The key whose value is the item's date in lists (`Item.date`)."""
    url: Callable[[str, date], str]
    """URL of an item from its slug and date."""
    publish_key: str | None = None
    """The key whose day in the future schedules the item (published by the first build on or after
    it), also compared with `updated`; None: published as soon as it is not a draft."""
    announce_lead: timedelta | None = None
    """For kinds announced before they happen: the feed date is the `date` key if given, else this
    long before `Item.date`. None: the feed date is `Item.date`."""
    kind_feed: bool = False
    """True when the kind has feeds of its own at `<section>rss.xml` and `atom.xml`."""
    title_limit: int = 150
    """Characters after which a title is "very long" (an official plan name may be longer)."""
    check: Callable[[Reader, dict[str, Any]], None] | None = None
    """Checks across keys once every key is read (an end before its start…)."""
    new_path: str = "{slug}.md"
    """File `portal new` creates, relative to the kind's folder."""
    new_body: str = ""
    """The body `portal new` writes under the front matter."""
    reserved_slugs: tuple[str, ...] = ()
    """Slugs the kind's own list pages use in its section (`van-ban/du-thao/`): never an item's."""
    _by_key: dict[str, Field] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key.update((f.key, f) for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        """Return the keys every file of the kind must have."""
        return tuple(f.key for f in self.fields if f.required)

    def required_of(self, draft: bool) -> tuple[str, ...]:
        """Return the keys a file must have, as a draft or as an item to publish."""
        return tuple(f.key for f in self.fields if f.required and not (draft and f.draft_may_omit))

    @property
    def optional(self) -> tuple[str, ...]:
        """Return the keys a file of the kind may have."""
        return tuple(f.key for f in self.fields if not f.required)

    @property
    def keys(self) -> tuple[str, ...]:
        """Return every key of the kind, in declaration order."""
        return tuple(f.key for f in self.fields)

    def field(self, key: str) -> Field:
        """Return the declaration of `key`."""
        return self._by_key[key]

    def announced(self, item: Item) -> datetime:
        """Return the date the item enters the feeds (DESIGN §4: its announcement date)."""
        if self.announce_lead is None:
            return item.date
        announced: date | None = getattr(item, "announced", None)
        if announced is not None:
            return min(dates.as_datetime(announced), item.date)
        return item.date - self.announce_lead


# -- keys shared by every kind ---------------------------------------------------------------------------

_TOPICS_NEW = ("topics: [{topic}]   # một hoặc nhiều lĩnh vực, cách nhau bằng dấu phẩy\n{topic_list}")


def _title() -> Field:
    return Field("title", fields.text, "Tiêu đề", True, "Tiêu đề của trang, nên ngắn gọn", new="title: {title}")


def _topics() -> Field:
    return Field("topics", fields.topics, "Lĩnh vực", True,
                 "Một hoặc nhiều lĩnh vực trong content/topics.yml, ví dụ [moi-truong, bien-hai-dao]",
                 new=_TOPICS_NEW)


def _slug() -> Field:
    return Field("slug", fields.handled_elsewhere, "Đường dẫn",
                 help="Phần cuối địa chỉ trang; mặc định lấy từ tiêu đề bỏ dấu; không đổi sau khi đã đăng",
                 new="slug: {slug}   # phần cuối địa chỉ trang; không đổi sau khi đã đăng")


def _draft() -> Field:
    return Field("draft", fields.flag, "Bản nháp", help="true: chỉ hiện khi xem trước, không đăng",
                 new="draft: true   # bản nháp: chỉ hiện khi xem trước (make serve). Xoá dòng này khi sẵn sàng đăng.")


def _summary(example: str) -> Field:
    return Field("summary", fields.text, "Tóm tắt",
                 help="Một hai câu tóm tắt; bỏ trống thì trang lấy đoạn văn đầu tiên", new=f"# summary: {example}",
                 paragraph=True)


def _updated(new: str = "") -> Field:
    return Field("updated", fields.updated, "Ngày cập nhật", help="Ngày cập nhật nội dung quan trọng (sau ngày đăng)",
                 new=new)


def _aliases() -> Field:
    return Field("aliases", fields.handled_elsewhere, "Địa chỉ cũ",
                 help="Địa chỉ cũ của trang, vẫn mở được và tự chuyển tới trang (redirects.py)")


def _image(new: str) -> Field:
    return Field("image", fields.image, "Ảnh đại diện", help="Ảnh đặt trong content/, đường dẫn tương đối", new=new)


def _image_alt(new: str) -> Field:
    return Field("image_alt", fields.handled_elsewhere, "Mô tả ảnh",
                 help="Mô tả nội dung ảnh cho người khiếm thị (bắt buộc khi có ảnh; đọc cùng 'image')", new=new)


def _reference(key: str, label: str, new: str) -> Field:
    return Field(key, fields.reference, label, help=f"Slug của {label.lower()} (xem content/{key}s/)", new=new)


def _announced() -> Field:
    return Field("date", fields.day, "Ngày thông báo", attr="announced",
                 help="Ngày thông báo: từ ngày này trang có trong tin RSS/Atom (mặc định 30 ngày trước khi bắt đầu)",
                 new="date: {today}   # ngày thông báo (YYYY-MM-DD): từ ngày này trang có trong tin RSS/Atom")


def _dated_url(slug: str, day: date) -> str:
    return routes.article_url(day, slug)


def _by_slug(rule: Callable[[str], str]) -> Callable[[str, date], str]:
    """Return a URL rule of routes.py that needs only the slug, in the table's (slug, date) form."""
    return lambda slug, day: rule(slug)


ARTICLE = Kind(
    "article", "articles", Article, "Tin tức", "bài viết", routes.NEWS,
    (
        _title(),
        Field("date", fields.moment, "Ngày đăng", True,
              "YYYY-MM-DD hoặc YYYY-MM-DD HH:MM (giờ Việt Nam); ngày sau hôm nay là hẹn giờ đăng",
              new="date: {today}   # ngày đăng: YYYY-MM-DD hoặc YYYY-MM-DD HH:MM; ngày sau hôm nay = hẹn giờ đăng"),
        _topics(), _slug(),
        _summary("Một hai câu tóm tắt; bỏ trống thì trang lấy đoạn văn đầu tiên."),
        Field("author", fields.text, "Tác giả", help="Tác giả, đơn vị viết tin", new="# author: Văn phòng Sở"),
        _image("# image: anh/ten-anh.jpg   # ảnh đại diện, đặt trong thư mục anh/ cạnh tệp này (tối đa 20 MB)"),
        _image_alt("# image_alt: Mô tả nội dung ảnh cho người khiếm thị (bắt buộc khi có ảnh)"),
        _reference("campaign", "Chiến dịch",
                   "# campaign: slug-chien-dich   # bài thuộc một chiến dịch (xem content/campaigns/)"),
        _reference("plan", "Kế hoạch", "# plan: slug-ke-hoach   # bài thực hiện một kế hoạch (xem content/plans/)"),
        _updated("# updated: YYYY-MM-DD   # ngày cập nhật nội dung quan trọng (sau ngày đăng)"),
        Field("featured", fields.flag, "Tin nổi bật",
              help="true: tin nổi bật, đứng đầu trang chủ (cùng các tin nổi bật mới nhất); nên có ảnh đại diện",
              new="# featured: true   # tin nổi bật: đứng đầu trang chủ"),
        _draft(), _aliases(),
    ),
    date_key="date", url=_dated_url, publish_key="date", kind_feed=True, new_path="{year}/{slug}.md",
    new_body=(
        "Viết đoạn mở đầu ở đây: một hai câu nói rõ ai, làm gì, ở đâu, khi nào. Đoạn này được dùng làm\n"
        "tóm tắt trong danh sách tin nếu không khai báo `summary`.\n\n"
        "## Nội dung chính\n\n"
        "Viết tiếp nội dung bài. Ảnh trong bài: `![Mô tả nội dung ảnh](anh/ten-anh.jpg)`.\n"
    ),
)

CAMPAIGN = Kind(
    "campaign", "campaigns", Campaign, "Chiến dịch", "chiến dịch", routes.CAMPAIGNS,
    (
        _title(),
        Field("start", fields.day, "Ngày bắt đầu", True, "YYYY-MM-DD",
              new="start: {today}   # ngày bắt đầu (YYYY-MM-DD)"),
        Field("end", fields.day, "Ngày kết thúc", True, "YYYY-MM-DD, không trước ngày bắt đầu",
              new="end: {end}   # ngày kết thúc, không trước ngày bắt đầu"),
        _topics(), _slug(),
        _summary("Một hai câu giới thiệu chiến dịch."),
        Field("theme", fields.text, "Chủ đề", help="Chủ đề hoặc khẩu hiệu của chiến dịch",
              new="# theme: Chủ đề hoặc khẩu hiệu của chiến dịch"),
        Field("organizer", fields.text, "Đơn vị tổ chức", new="# organizer: {organization}"),
        _image("# image: anh/ten-anh.jpg"),
        _image_alt("# image_alt: Mô tả nội dung ảnh cho người khiếm thị"),
        _reference("plan", "Kế hoạch", "# plan: slug-ke-hoach   # kế hoạch mà chiến dịch thực hiện"),
        Field("activities", fields.activities, "Hoạt động",
              help="Các hoạt động {title, date hoặc start/end, location, description}, cũng hiện trên lịch",
              new=("# activities:   # các hoạt động, cũng hiện trên lịch sự kiện\n"
                   "#   - title: Lễ phát động\n"
                   "#     date: {today} 08:00\n"
                   "#     location: Hội trường Sở\n"
                   "#     description: Mô tả ngắn hoạt động")),
        _draft(), _announced(), _updated(), _aliases(),
    ),
    date_key="start", url=_by_slug(routes.campaign_url), announce_lead=ANNOUNCE_LEAD, kind_feed=True,
    check=fields.check_span,
    new_body="Giới thiệu mục đích, nội dung và cách tham gia chiến dịch.\n",
)

PLAN = Kind(
    "plan", "plans", Plan, "Kế hoạch", "kế hoạch", routes.PLANS,
    (
        _title(),
        Field("issued", fields.day, "Ngày ban hành", True, "YYYY-MM-DD",
              new="issued: {today}   # ngày ban hành (YYYY-MM-DD)"),
        Field("issuer", fields.text, "Cơ quan ban hành", True,
              new="issuer: {organization_quoted}   # cơ quan ban hành"),
        _topics(), _slug(),
        Field("number", fields.text, "Số, ký hiệu", help="Ví dụ 81/KH-STNMT",
              new="# number: 81/KH-STNMT   # số ký hiệu văn bản"),
        Field("signer", fields.text, "Người ký", new="# signer: Họ và tên người ký"),
        Field("signer_title", fields.text, "Chức vụ người ký", new="# signer_title: Phó Giám đốc"),
        _summary("Một hai câu tóm tắt kế hoạch."),
        Field("attachment", fields.attachment, "Văn bản gốc", help="Tệp PDF, DOCX đặt cạnh tệp này",
              new="# attachment: ten-van-ban.pdf   # văn bản gốc (PDF, DOCX) đặt cạnh tệp này"),
        Field("bases", fields.texts, "Căn cứ", help="Căn cứ pháp lý, mỗi dòng một văn bản",
              new=("# bases:   # căn cứ pháp lý, mỗi dòng một văn bản\n"
                   "#   - Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020")),
        Field("tasks", fields.tasks, "Nhiệm vụ",
              help="Bảng phân công {task, lead, partners, form, when, campaign}",
              new=("# tasks:   # bảng phân công nhiệm vụ\n"
                   "#   - task: Nội dung nhiệm vụ\n"
                   "#     lead: Đơn vị chủ trì\n"
                   "#     partners: [Đơn vị phối hợp 1, Đơn vị phối hợp 2]\n"
                   "#     when: {year}-Q{quarter}   # YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD hoặc BẮT-ĐẦU/KẾT-THÚC")),
        Field("deadlines", fields.deadlines, "Hạn báo cáo", help="Các hạn báo cáo {date, what}, hiện trên lịch",
              new=("# deadlines:   # hạn báo cáo, hiện trên lịch\n"
                   "#   - date: {today}\n"
                   "#     what: Báo cáo kết quả thực hiện")),
        _draft(), _updated(), _aliases(),
    ),
    date_key="issued", url=_by_slug(routes.plan_url), publish_key="issued", kind_feed=True, title_limit=250,
    new_path="{year}/{slug}.md",
    new_body=(
        "## I. Mục đích, yêu cầu\n\n"
        "Tóm tắt mục đích và yêu cầu của kế hoạch.\n\n"
        "## II. Nội dung\n\n"
        "Tóm tắt các nội dung chính.\n\n"
        "## III. Tổ chức thực hiện\n\n"
        "Tóm tắt trách nhiệm của các đơn vị.\n"
    ),
)

EVENT = Kind(
    "event", "events", Event, "Sự kiện", "sự kiện", routes.EVENTS,
    (
        _title(),
        Field("start", fields.moment, "Bắt đầu", True, "YYYY-MM-DD (cả ngày) hoặc YYYY-MM-DD HH:MM",
              new="start: {today} 08:00   # bắt đầu: YYYY-MM-DD (cả ngày) hoặc YYYY-MM-DD HH:MM"),
        Field("end", fields.moment, "Kết thúc", help="Cùng dạng với start; ngày cả ngày là ngày cuối",
              new="# end: {today} 11:30   # kết thúc, cùng dạng với start"),
        _topics(), _slug(),
        Field("location", fields.text, "Địa điểm", new="# location: Hội trường Sở, số 1 Đường Mẫu"),
        Field("organizer", fields.text, "Đơn vị tổ chức", new="# organizer: Văn phòng Sở"),
        _summary("Một hai câu giới thiệu sự kiện."),
        _reference("campaign", "Chiến dịch", "# campaign: slug-chien-dich"),
        _reference("plan", "Kế hoạch", "# plan: slug-ke-hoach"),
        _draft(), _announced(), _updated(), _aliases(),
    ),
    date_key="start", url=_by_slug(routes.event_url), announce_lead=ANNOUNCE_LEAD, check=fields.check_same_form,
    new_path="{today}-{slug}.md",
    new_body="Giới thiệu sự kiện: nội dung, thành phần tham dự, cách đăng ký.\n",
)

DOCUMENT = Kind(
    "document", "documents", Document, "Văn bản", "văn bản", routes.DOCUMENTS,
    (
        Field("title", fields.text, "Trích yếu", True, "Văn bản về việc gì, như ghi trên văn bản",
              new="title: {title}   # trích yếu: văn bản về việc gì"),
        Field("number", fields.text, "Số, ký hiệu", True, "Ví dụ 1596/QĐ-UBND", draft_may_omit=True,
              new="# number: \"1596/QĐ-UBND\"   # số, ký hiệu văn bản (bắt buộc khi đăng), trong dấu ngoặc kép"),
        Field("type", fields.document_type, "Loại văn bản", True,
              "Một trong các loại ở extra.portal.document_types (Luật, Nghị định, Quyết định, Dự thảo…)",
              attr="doc_type", new="type: Quyết định   # {document_types}"),
        Field("issued", fields.day, "Ngày ban hành", True, "YYYY-MM-DD",
              new="issued: {today}   # ngày ban hành (YYYY-MM-DD)"),
        Field("issuer", fields.text, "Cơ quan ban hành", True,
              new="issuer: {organization_quoted}   # cơ quan ban hành"),
        _topics(),
        Field("attachment", fields.attachments, "Tệp văn bản", True,
              "Tệp văn bản (PDF, DOCX…) đặt cạnh tệp này, hoặc danh sách nhiều tệp", attr="attachments",
              draft_may_omit=True,
              new=("# attachment: ten-van-ban.pdf   # tệp văn bản đặt cạnh tệp này (bắt buộc khi đăng); "
                   "nhiều tệp: [a.pdf, b.docx]")),
        _slug(),
        Field("effective", fields.day, "Ngày có hiệu lực", help="YYYY-MM-DD; hiện trên lịch",
              new="# effective: YYYY-MM-DD   # ngày có hiệu lực"),
        Field("expires", fields.day, "Ngày hết hiệu lực", help="YYYY-MM-DD, sau ngày ban hành",
              new="# expires: YYYY-MM-DD   # ngày hết hiệu lực"),
        Field("signer", fields.text, "Người ký", new="# signer: Họ và tên người ký"),
        Field("signer_title", fields.text, "Chức vụ người ký", new="# signer_title: Giám đốc"),
        Field("replaces", fields.texts, "Thay thế văn bản",
              help="Số, ký hiệu các văn bản mà văn bản này thay thế; văn bản bị thay thế ghi rõ và dẫn tới đây",
              new="# replaces: [\"12/2020/QĐ-UBND\"]   # số các văn bản được thay thế"),
        Field("consultation", fields.consultation, "Lấy ý kiến",
              help="Dự thảo lấy ý kiến: {until: YYYY-MM-DD, email: …}, nhận góp ý tới hết ngày until",
              new="# consultation: {{until: YYYY-MM-DD, email: gopy@example.gov.vn}}   # dự thảo lấy ý kiến"),
        _summary("Một hai câu tóm tắt nội dung văn bản."),
        _draft(), _updated(), _aliases(),
    ),
    date_key="issued", url=_by_slug(routes.document_url), publish_key="issued", kind_feed=True, title_limit=250,
    check=fields.check_validity, new_path="{year}/{slug}.md", reserved_slugs=("du-thao", "loai", "nam", "trang"),
    new_body="Tóm tắt nội dung chính của văn bản (không bắt buộc).\n",
)

KINDS: dict[str, Kind] = {kind.name: kind for kind in (ARTICLE, CAMPAIGN, PLAN, EVENT, DOCUMENT)}
"""Every content kind, by name, in the order lists and menus show them."""

BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS.values()}
"""Every content kind, by its folder under content/."""

LABELS: dict[str, str] = {name: kind.label for name, kind in KINDS.items()}
"""Vietnamese name of each kind ("Tin tức"), for templates."""
