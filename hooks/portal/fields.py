"""Front-matter field types: how each key of a content file is read into a typed value.

`kinds.py` declares every key of every kind with one of these parsers, so a key leads to its
parser in one hop (as Pelican's METADATA_PROCESSORS do). A parser reads its key through the
`Reader` (which records every problem at the key's line) and returns the values to store on the
item, by model attribute. Parsers that need files or topics call the loader given as `ctx`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from . import dates
from .frontmatter import LinedDict
from .models import Activity, Asset, Consultation, Deadline, Task
from .plans import parse_when
from .schema import Reader, describe, suggest, year_problem
from .settings import Settings

if TYPE_CHECKING:
    from .kinds import Field



@dataclass(frozen=True, slots=True)
class Part:
    """One key of an entry of a nested list (an activity, a task, a deadline) or table (consultation).

    The parsers below read these keys; the web editor's sub-forms show them (web_editor.py).
    """

    key: str
    value: str
    """What it holds: `text`, `long` (a paragraph), `texts` (one text or a list), `day`, `moment`,
    `when` (a plan task's period), `email`, `campaign` (a campaign's slug)."""
    label: str
    required: bool = False
    help: str = ""


ACTIVITY_PARTS = (
    Part("title", "text", "Tên hoạt động", True),
    Part("date", "moment", "Ngày (hoạt động một ngày)",
         help="Dùng 'Ngày' hoặc 'Bắt đầu'/'Kết thúc', không dùng cả hai"),
    Part("start", "moment", "Bắt đầu"),
    Part("end", "moment", "Kết thúc"),
    Part("location", "text", "Địa điểm"),
    Part("description", "long", "Mô tả"),
)
TASK_PARTS = (
    Part("task", "long", "Nhiệm vụ", True),
    Part("lead", "text", "Đơn vị chủ trì", True),
    Part("partners", "texts", "Đơn vị phối hợp"),
    Part("form", "long", "Hình thức thực hiện"),
    Part("when", "when", "Thời gian", True, "YYYY, YYYY-Qn (quý), YYYY-MM, YYYY-MM-DD hoặc BẮT-ĐẦU/KẾT-THÚC"),
    Part("campaign", "campaign", "Chiến dịch"),
)
DEADLINE_PARTS = (Part("date", "day", "Hạn", True), Part("what", "text", "Nội dung báo cáo", True))
CONSULTATION_PARTS = (Part("until", "day", "Nhận góp ý đến hết ngày", True),
                      Part("email", "email", "Thư điện tử nhận góp ý", True))

TASK_KEYS = tuple(part.key for part in TASK_PARTS)
DEADLINE_KEYS = tuple(part.key for part in DEADLINE_PARTS)
CONSULTATION_KEYS = tuple(part.key for part in CONSULTATION_PARTS)


class FieldContext(Protocol):
    """What parsers need from the load: topics, files, settings, the plausible years, task key lines."""

    years: tuple[int, int]
    task_campaign_lines: dict[tuple[str, int], int]

    @property
    def settings(self) -> Settings: ...

    def check_topics(self, reader: Reader, key: str = "topics", required: bool = True) -> tuple[str, ...]: ...

    def resolve_file(self, raw: str, base_dir: Path, report: Callable[[str, str], None], what: str) -> Path | None: ...

    def publish(self, real: Path, raw: str, report: Callable[[str, str], None], source: str, line: int, *,
                image: bool) -> Asset | None: ...


Parser = Callable[[FieldContext, Reader, "Field", Path], dict[str, Any]]


def _required(parts: tuple[Part, ...]) -> tuple[str, ...]:
    return tuple(part.key for part in parts if part.required)


def _optional(parts: tuple[Part, ...]) -> tuple[str, ...]:
    return tuple(part.key for part in parts if not part.required)


# -- plain values -------------------------------------------------------------------------------------

def text(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A line of text (numbers are accepted as text)."""
    return {field.attr: reader.text(field.key)}


def reference(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """The slug of another item, named by the key (`campaign`, `plan`); the loader checks it exists
    once every item is read."""
    return {field.attr: reader.text(field.key)}


def flag(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """`true` or `false`."""
    return {field.attr: reader.flag(field.key)}


def day(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A `YYYY-MM-DD` date."""
    return {field.attr: reader.date(field.key)}


def moment(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A date, or a date and time (`YYYY-MM-DD HH:MM`, Vietnam time unless an offset is given)."""
    return {field.attr: reader.date_or_datetime(field.key)}


def updated(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A date or date-time of the last substantive change, kept as an aware date-time."""
    value = reader.date_or_datetime(field.key)
    return {field.attr: dates.as_datetime(value) if value else None}


def texts(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A list of texts (one text is a list of one)."""
    return {field.attr: tuple(value for value, _ in reader.text_list(field.key))}


def document_type(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """One of the document types kept in settings (`extra.portal.document_types`)."""
    value = reader.text(field.key)
    allowed = ctx.settings.document_types
    if value and value not in allowed:
        folded = {name.casefold(): name for name in allowed}
        hint = (f" — viết '{folded[value.casefold()]}'" if value.casefold() in folded else suggest(value, allowed))
        reader.error(field.key, "type-unknown",
                     f"loại văn bản '{describe(value)}' không có trong danh sách{hint} "
                     f"(các loại: {', '.join(allowed)}; "
                     "người quản trị thêm loại mới ở extra.portal.document_types trong mkdocs.yml)")
        return {field.attr: ""}
    return {field.attr: value}


def topics(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """Slugs of topics declared in topics.yml."""
    return {field.attr: ctx.check_topics(reader, field.key)}


def handled_elsewhere(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A key read by another field's parser (`image_alt` with `image`) or by the loader (`slug`, `aliases`)."""
    return {}


# -- files ---------------------------------------------------------------------------------------------

def image(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A lead image inside content/, with its description `image_alt` (required with it)."""
    values: dict[str, Any] = {"image": None, "image_alt": reader.text("image_alt")}
    if not reader.has("image"):
        return values
    raw = reader.text("image")
    if not values["image_alt"]:
        reader.error("image", "image-alt-missing",
                     "ảnh đại diện cần có 'image_alt' (mô tả nội dung ảnh cho người khiếm thị)")
    # A missing lead image is the same mistake as a missing body image: one rule for both.
    real = ctx.resolve_file(
        raw, base_dir,
        lambda rule, msg: reader.error("image", "image-missing" if rule == "file-missing" else rule, msg),
        "ảnh",
    )
    if real is not None:
        values["image"] = ctx.publish(real, raw, lambda rule, msg: reader.error("image", rule, msg),
                                      reader.path, reader.line("image"), image=True)
    return values


def _attachment(ctx: FieldContext, reader: Reader, key: str, raw: str, line: int, base_dir: Path) -> Asset | None:
    def problem(rule: str, message: str) -> None:
        reader.error(key, rule, message, line)

    real = ctx.resolve_file(raw, base_dir, problem, "tệp đính kèm")
    return ctx.publish(real, raw, problem, reader.path, line, image=False) if real is not None else None


def attachment(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """One file to download (the original document), inside content/."""
    if not reader.has(field.key):
        return {field.attr: None}
    return {field.attr: _attachment(ctx, reader, field.key, reader.text(field.key), reader.line(field.key), base_dir)}


def attachments(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """One file or a list of files to download, inside content/ (each reported at its own line)."""
    found = []
    for raw, line in reader.text_list(field.key):
        if raw and (asset := _attachment(ctx, reader, field.key, raw, line, base_dir)) is not None:
            found.append(asset)
    return {field.attr: tuple(found)}


# -- nested lists ---------------------------------------------------------------------------------

def activities(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A campaign's dated activities: `{title, date | start+end, location, description}`."""
    result = []
    for index, entry in reader.mappings(field.key):
        sub = reader.sub(entry, f"hoạt động {index}: ")
        if not sub.check_keys(_required(ACTIVITY_PARTS), _optional(ACTIVITY_PARTS)):
            continue
        if sub.has("date"):
            if sub.has("start") or sub.has("end"):
                sub.error("date", "date-conflict", "dùng 'date' hoặc 'start'/'end', không dùng cả hai")
            start, end = sub.date_or_datetime("date"), None
        elif sub.has("start"):
            start, end = sub.date_or_datetime("start"), sub.date_or_datetime("end")
            check_order(sub, start, end)
        else:
            sub.error(None, "key-missing", "thiếu 'date' hoặc 'start'")
            continue
        if start is None:
            continue
        result.append(Activity(sub.text("title"), start, end, sub.text("location"), sub.text("description"),
                               entry.line))
    return {field.attr: tuple(sorted(result, key=lambda a: (dates.as_datetime(a.start), a.title)))}


def tasks(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A plan's task table: `{task, lead, partners, form, when, campaign}`."""
    result = []
    for index, entry in reader.mappings(field.key):
        sub = reader.sub(entry, f"nhiệm vụ {index}: ")
        if not sub.check_keys(_required(TASK_PARTS), TASK_KEYS):
            continue
        raw = sub.text("when")
        try:
            when = parse_when(raw)
        except ValueError:
            sub.error("when", "when-invalid",
                      f"thời gian '{describe(raw)}' không hợp lệ (dùng YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD "
                      "hoặc BẮT-ĐẦU/KẾT-THÚC)")
            continue
        implausible = year_problem(when.start.year, ctx.years) or year_problem(when.end.year, ctx.years)
        if implausible is not None:
            sub.error("when", "date-implausible", implausible)
            continue
        partner_list = sub.text_list("partners")
        ctx.task_campaign_lines[(reader.path, index)] = entry.line_of("campaign")
        partners = tuple(value for value, _ in partner_list)
        result.append(Task(index, sub.text("task"), sub.text("lead"), when, partners, sub.text("form"),
                           sub.text("campaign"), entry.line, sub.line("lead"),
                           tuple(line for _, line in partner_list)))
    return {field.attr: tuple(result)}


def deadlines(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A plan's reporting deadlines: `{date, what}`."""
    result = []
    for index, entry in reader.mappings(field.key):
        sub = reader.sub(entry, f"hạn {index}: ")
        if not sub.check_keys(DEADLINE_KEYS, ()):
            continue
        when = sub.date("date")
        if when is not None:
            result.append(Deadline(when, sub.text("what"), entry.line))
    return {field.attr: tuple(sorted(result, key=lambda d: (d.date, d.what)))}


def consultation(ctx: FieldContext, reader: Reader, field: Field, base_dir: Path) -> dict[str, Any]:
    """A draft put out for comment: `{until: YYYY-MM-DD, email: …}` (both required)."""
    value = reader.mapping.get(field.key)
    if value is None:
        return {field.attr: None}
    if not isinstance(value, LinedDict):
        reader.error(field.key, "type-invalid",
                     f"'{field.key}' phải là một bảng 'khoá: giá trị', ví dụ: "
                     f"{field.key}: {{until: 2026-12-15, email: gopy@example.gov.vn}}")
        return {field.attr: None}
    sub = reader.sub(value, "góp ý: ")
    if not sub.check_keys(CONSULTATION_KEYS, ()):
        return {field.attr: None}
    until, email = sub.date("until"), sub.text("email")
    if "@" not in email or " " in email:
        sub.error("email", "email-invalid",
                  f"địa chỉ thư '{describe(email)}' không hợp lệ; viết dạng ten@co-quan.gov.vn")
        return {field.attr: None}
    return {field.attr: Consultation(until, email, value.line) if until is not None else None}


# -- checks across keys ----------------------------------------------------------------------------

def check_order(reader: Reader, start: date | datetime | None, end: date | datetime | None,
                start_key: str = "start", end_key: str = "end") -> None:
    """Report an end before its start, showing times when both fall on the same day."""
    if start is None or end is None:
        return
    if dates.as_datetime(end) < dates.as_datetime(start):
        def shown(value: date | datetime) -> str:
            # On the same day only the times differ: show them, or the message reads "05/06 before 05/06".
            same_day = dates.as_date(start) == dates.as_date(end)
            return f"{value:%H:%M} {dates.format_short(value)}" if same_day and isinstance(value, datetime) else (
                dates.format_short(value))

        reader.error(end_key, "end-before-start", f"'{end_key}' ({shown(end)}) trước '{start_key}' ({shown(start)})")


def check_same_form(reader: Reader, values: dict[str, Any]) -> None:
    """An event's `start` and `end` are both dates or both date-times (else `end` is dropped)."""
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and isinstance(start, datetime) != isinstance(end, datetime):
        reader.error("end", "date-mixed", "'start' và 'end' phải cùng dạng: cả hai là ngày, hoặc cả hai có giờ")
        values["end"] = None
    check_order(reader, values.get("start"), values.get("end"))


def check_span(reader: Reader, values: dict[str, Any]) -> None:
    """A campaign ends on or after its first day."""
    check_order(reader, values.get("start"), values.get("end"))


def check_validity(reader: Reader, values: dict[str, Any]) -> None:
    """A document expires after it is issued and after it takes effect."""
    expires = values.get("expires")
    check_order(reader, values.get("issued"), expires, "issued", "expires")
    if values.get("effective") is not None and expires is not None and values.get("issued") is not None and (
            values["issued"] <= expires):
        check_order(reader, values.get("effective"), expires, "effective", "expires")

