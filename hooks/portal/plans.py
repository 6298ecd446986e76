"""Plan summaries: task timelines (`when`) and the task table with its CSV/JSON downloads.

Pure and low in the import graph (the loader and the calendar use it); the pages that show
plans and units are built in `plan_pages.py`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from babel.numbers import format_decimal

from . import dates
from .models import Campaign, Plan, Task, When
from .wording import describe_signer, describe_when, month_end

if TYPE_CHECKING:
    from .units import Units

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

TASK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "TT"),
    ("task", "Nhiệm vụ"),
    ("lead", "Đơn vị chủ trì"),
    ("partners", "Đơn vị phối hợp"),
    ("form", "Hình thức"),
    ("when", "Thời gian"),
)
"""(key, Vietnamese header) of the task table, in display order; CSV/JSON use the same headers."""
CSV_EXTRA_COLUMNS = ("Từ ngày", "Đến ngày", "Chiến dịch")
PARTNER_SEPARATOR = "; "
"""Joins cooperating units in one CSV cell (unit names contain commas, never semicolons)."""


# -- timelines -------------------------------------------------------------------------------


def _parse_single(value: str) -> When:
    if match := _YEAR.match(value):
        year = int(match.group(1))
        return When(value, "year", date(year, 1, 1), date(year, 12, 31))
    if match := _QUARTER.match(value):
        year, quarter = int(match.group(1)), int(match.group(2))
        first = 3 * quarter - 2
        return When(value.upper(), "quarter", date(year, first, 1), month_end(year, first + 2))
    if match := _MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(value)
        return When(value, "month", date(year, month, 1), month_end(year, month))
    day = dates.parse_date(value)
    return When(value, "day", day, day)


def parse_when(raw: str) -> When:
    """Parse `YYYY`, `YYYY-Qn`, `YYYY-MM`, `YYYY-MM-DD` or `START/END`; raise ValueError otherwise.

    Each side of a range may itself be any single form (`2024-09/2024-11` runs from the first day
    of September to the last day of November); the range is inclusive.
    """
    value = raw.strip()
    if "/" not in value:
        return _parse_single(value)
    start_raw, _, end_raw = value.partition("/")
    first, last = _parse_single(start_raw.strip()), _parse_single(end_raw.strip())
    if last.end < first.start:
        raise ValueError(raw)
    return When(f"{first.raw}/{last.raw}", "range", first.start, last.end)


def format_size(size: int) -> str:
    """Return a file size the Vietnamese way: `850 byte`, `20,6 KB`, `1,2 MB`."""
    if size < 1024:
        return f"{size} byte"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            break
        value /= 1024
    else:
        unit = "GB"
    return f"{format_decimal(round(value, 1), format='#,##0.#', locale=dates.LOCALE)} {unit}"


# -- the task table --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit named in a task, with the URL of its page (empty when it has none)."""

    name: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One row of a plan's task table, ready for the page and the downloads."""

    task: Task
    lead: UnitRef
    partners: tuple[UnitRef, ...]
    when_text: str
    campaign: Campaign | None = None

    @property
    def number(self) -> int:
        """Return the task's number in the plan (1-based)."""
        return self.task.number


def build_task_rows(plan: Plan, units: Units | None, campaigns: dict[str, Campaign]) -> list[TaskRow]:
    """Return the rows of a plan's task table, in the plan's order."""
    def ref(name: str) -> UnitRef:
        unit = units.get(name) if units is not None else None
        return UnitRef(unit.name if unit else name, unit.url if unit else "")

    return [
        TaskRow(task, ref(task.lead), tuple(ref(name) for name in task.partners), describe_when(task.when),
                campaigns.get(task.campaign) if task.campaign else None)
        for task in plan.tasks
    ]


def task_table(rows: list[TaskRow]) -> list[dict[str, str]]:
    """Return the table as it reads on the page: {Vietnamese header: cell text} per row."""
    return [
        {
            "TT": str(row.number),
            "Nhiệm vụ": row.task.task,
            "Đơn vị chủ trì": row.lead.name,
            "Đơn vị phối hợp": PARTNER_SEPARATOR.join(p.name for p in row.partners),
            "Hình thức": row.task.form,
            "Thời gian": row.when_text,
        }
        for row in rows
    ]


def render_tasks_csv(rows: list[TaskRow]) -> bytes:
    """Return the task table as CSV: UTF-8 with a BOM (so Excel reads Vietnamese), CRLF rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _, header in TASK_COLUMNS] + list(CSV_EXTRA_COLUMNS))
    for row, cells in zip(rows, task_table(rows)):
        writer.writerow([_csv_text(cell) for cell in (
            *cells.values(),
            row.task.when.start.isoformat(), row.task.when.end.isoformat(),
            row.campaign.title if row.campaign else "",
        )])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(cell: object) -> str:
    """Return a cell Excel shows as text: a leading = + - @ TAB or CR would start a formula (OWASP)."""
    text = str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_tasks_json(plan: Plan, rows: list[TaskRow], site_url: str) -> bytes:
    """Return the plan's identity and task table as pretty-printed UTF-8 JSON."""
    def absolute(url: str) -> str:
        return site_url + url if url else ""

    document: dict[str, Any] = {
        "plan": {
            "title": plan.title,
            "number": plan.number,
            "issued": plan.issued.isoformat(),
            "issued_text": dates.format_admin(plan.issued),
            "issuer": plan.issuer,
            "signer": describe_signer(plan.signer, plan.signer_title),
            "url": absolute(plan.url),
        },
        "columns": [header for _, header in TASK_COLUMNS],
        "tasks": [
            {
                "number": row.number,
                "task": row.task.task,
                "lead": row.lead.name,
                "partners": [p.name for p in row.partners],
                "form": row.task.form,
                "when": {
                    "value": row.task.when.raw,
                    "text": row.when_text,
                    "start": row.task.when.start.isoformat(),
                    "end": row.task.when.end.isoformat(),
                },
                "campaign": {"title": row.campaign.title, "url": absolute(row.campaign.url)} if row.campaign else None,
            }
            for row in rows
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
