"""What the ledger table shows, computed once per row; filtering and sorting in plain Python.

No Qt here, so it is tested on its own; the table model only looks values up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property, lru_cache
from typing import Any

from tracker.domain import Status, UnitRole, Warning, format_cn_date
from tracker.dto import ItemRow


class Column(Enum):
    """The ledger's columns: (key, header, shown by default, default width)."""

    NUMBER = ("number", "序号", True, 56)
    TITLE = ("title", "工作任务", True, 240)
    LEAD = ("lead", "牵头单位", True, 110)
    SUPPORT = ("support", "配合单位", True, 130)
    OWNER = ("owner", "责任人", True, 64)
    DUE = ("due", "完成时限", True, 150)
    STATUS = ("status", "状态", True, 64)
    PROGRESS = ("progress", "最新进展", True, 240)
    LEADER = ("leader", "责任领导", False, 80)
    DOCUMENT = ("document", "来源文件", False, 200)
    HEADING = ("heading", "所属标题", False, 200)

    @property
    def key(self) -> str:
        """A stable name for settings."""
        return str(self.value[0])

    @property
    def header(self) -> str:
        """The Chinese header."""
        return str(self.value[1])

    @property
    def default_visible(self) -> bool:
        """Whether a new installation shows the column."""
        return bool(self.value[2])

    @property
    def default_width(self) -> int:
        """Pixels on a new installation."""
        return int(self.value[3])


COLUMNS = list(Column)


@dataclass(frozen=True)
class DisplayRow:
    """An item with every cell's text ready, and its sort keys when first sorted."""

    item: ItemRow
    cells: tuple[str, ...]
    haystack: str

    @cached_property
    def sort_keys(self) -> tuple[Any, ...]:
        """What each column sorts by (computed on the first sort, not for every load)."""
        row = self.item
        return (
            _number_key(row),
            row.title,
            self.cell(Column.LEAD),
            self.cell(Column.SUPPORT),
            row.owner_name or "",
            (row.due_date is None, row.due_date or date.max),
            _STATUS_ORDER[row.status],
            (row.latest_progress_date is None, row.latest_progress_date or date.min),
            row.leader or "",
            row.document_title or "",
            self.cell(Column.HEADING),
        )

    def cell(self, column: Column) -> str:
        """The text shown in ``column``."""
        return self.cells[_POSITION[column]]


_POSITION = {column: index for index, column in enumerate(Column)}


def due_text(row: ItemRow) -> str:
    """The 完成时限 cell: the printed phrase and, when known, the date it means."""
    phrase = row.deadline_text or ""
    if row.due_date is None:
        return phrase or "未定"
    if not phrase:
        return format_cn_date(row.due_date)
    return f"{phrase}({row.due_date.isoformat()})"


def display_row(row: ItemRow) -> DisplayRow:
    """Compute everything the table needs from one item."""
    leads: list[str] = []
    responsible: list[str] = []
    supports: list[str] = []
    for unit in row.units:
        if unit.role is UnitRole.LEAD:
            leads.append(unit.name)
        elif unit.role is UnitRole.SUPPORT:
            supports.append(unit.name)
        else:
            responsible.append(unit.name)
    lead = "、".join(leads or responsible)
    support = "、".join(supports)
    progress = row.latest_progress or ""
    if row.latest_progress_date and progress:
        progress = f"{row.latest_progress_date.isoformat()[5:]} {progress}"
    heading = _heading_text(row.heading_path)
    cells = (
        row.number or "",
        row.title,
        lead,
        support,
        row.owner_name or "",
        due_text(row),
        row.status.label,
        progress.replace("\n", " "),
        row.leader or "",
        row.document_title or "",
        heading,
    )
    haystack = "\n".join(
        [
            row.title,
            row.content,
            lead,
            support,
            row.owner_name or "",
            row.leader or "",
            row.remarks,
            row.latest_progress or "",
            row.deadline_text or "",
            heading,
        ]
    ).lower()
    return DisplayRow(item=row, cells=cells, haystack=haystack)


@lru_cache(maxsize=4096)
def _heading_text(path: tuple[str, ...]) -> str:
    return " > ".join(path)


_STATUS_ORDER = {
    Status.TODO: 0,
    Status.IN_PROGRESS: 1,
    Status.DELAYED: 2,
    Status.DONE: 3,
    Status.CANCELLED: 4,
}


def _number_key(row: ItemRow) -> tuple[int, int, int]:
    return (row.document_id or 1 << 30, row.seq, row.id)


class View(Enum):
    """What the navigation shows."""

    ALL = "all"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    DONE = "done"
    DOCUMENT = "document"
    UNIT = "unit"


class DueWindow(Enum):
    """Quick filter on the due date."""

    ANY = ("any", "全部时限")
    OVERDUE = ("overdue", "已逾期")
    WEEK = ("week", "7日内到期")
    MONTH = ("month", "30日内到期")
    NONE = ("none", "未定时限")

    @property
    def label(self) -> str:
        """The Chinese label."""
        return str(self.value[1])


@dataclass(frozen=True)
class LedgerQuery:
    """The navigation choice, the quick filters and the search text, combined."""

    view: View = View.ALL
    document_id: int | None = None
    heading_prefix: tuple[str, ...] = ()
    unit_id: int | None = None
    statuses: frozenset[Status] = field(default_factory=frozenset)
    due_window: DueWindow = DueWindow.ANY
    text: str = ""

    def predicate(self, today: date) -> Callable[[DisplayRow], bool]:
        """A fast test for one row."""
        terms = [term.lower() for term in self.text.split()]
        prefix = self.heading_prefix
        size = len(prefix)

        def matches(display: DisplayRow) -> bool:
            row = display.item
            if self.view == View.OVERDUE and row.warning != Warning.OVERDUE:
                return False
            if self.view == View.DUE_SOON and row.warning != Warning.DUE_SOON:
                return False
            if self.view == View.DONE and row.status != Status.DONE:
                return False
            if self.view == View.DOCUMENT:
                if row.document_id != self.document_id:
                    return False
                if size and row.heading_path[:size] != prefix:
                    return False
            if self.view == View.UNIT and all(u.id != self.unit_id for u in row.units):
                return False
            if self.statuses and row.status not in self.statuses:
                return False
            if not _in_window(row, self.due_window, today):
                return False
            return all(term in display.haystack for term in terms)

        return matches


def _in_window(row: ItemRow, window: DueWindow, today: date) -> bool:
    if window == DueWindow.ANY:
        return True
    if window == DueWindow.NONE:
        return row.due_date is None
    if window == DueWindow.OVERDUE:
        return row.warning == Warning.OVERDUE
    if row.due_date is None or row.status in (Status.DONE, Status.CANCELLED):
        return False
    days = 7 if window == DueWindow.WEEK else 30
    return 0 <= (row.due_date - today).days <= days


def counts(rows: list[DisplayRow]) -> dict[View, int]:
    """How many items each fixed view of the navigation holds."""
    result = dict.fromkeys((View.ALL, View.OVERDUE, View.DUE_SOON, View.DONE), 0)
    for display in rows:
        row = display.item
        result[View.ALL] += 1
        if row.warning == Warning.OVERDUE:
            result[View.OVERDUE] += 1
        elif row.warning == Warning.DUE_SOON:
            result[View.DUE_SOON] += 1
        if row.status == Status.DONE:
            result[View.DONE] += 1
    return result
