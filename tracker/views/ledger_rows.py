"""What the ledger table shows, computed once per row; filtering and sorting in plain Python.

No Qt here, so it is tested on its own; the table model only looks values up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property, lru_cache
from typing import Any

from tracker.domain import (
    Status,
    UnitRole,
    Urgency,
    answering_units,
    deadline_label,
    overdue_days,
)
from tracker.dto import ItemRow
from tracker.query import NOTHING, ItemQuery, haystack


class Column(Enum):
    """The ledger's columns: (key, header, shown by default, default width, narrowest width).

    A column whose narrowest width equals its default keeps its width; the others share what
    the window leaves, in proportion, so every shown column fits (see ``LedgerTableView``).
    """

    NUMBER = ("number", "序号", True, 48, 48)
    TITLE = ("title", "工作任务", True, 240, 100)
    LEAD = ("lead", "牵头单位", True, 110, 60)
    SUPPORT = ("support", "配合单位", True, 110, 52)
    OWNER = ("owner", "责任人", True, 64, 64)
    DUE = ("due", "完成时限", True, 150, 84)
    STATUS = ("status", "状态", True, 60, 60)
    LATE = ("late", "逾期", True, 58, 58)
    PROGRESS = ("progress", "最新进展", True, 200, 64)
    LEADER = ("leader", "责任领导", False, 80, 64)
    DOCUMENT = ("document", "来源文件", False, 200, 80)
    HEADING = ("heading", "所属标题", False, 200, 80)

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

    @property
    def min_width(self) -> int:
        """Pixels below which fitting the window does not shrink the column."""
        return int(self.value[4])

    @property
    def fixed(self) -> bool:
        """Whether fitting the window leaves the column's width alone."""
        return self.min_width == self.default_width


COLUMNS = list(Column)


@dataclass(frozen=True)
class DisplayRow:
    """An item with every cell's text ready, and its sort keys when first sorted."""

    item: ItemRow
    cells: tuple[str, ...]
    haystack: str
    late_days: int = 0

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
            (self.late_days, row.due_date or date.max),
            (row.latest_progress_date is None, row.latest_progress_date or date.min),
            row.leader or "",
            row.document_title or "",
            self.cell(Column.HEADING),
        )

    def cell(self, column: Column) -> str:
        """The text shown in ``column``."""
        return self.cells[_POSITION[column]]


_POSITION = {column: index for index, column in enumerate(Column)}


# A phrase that already names its month or year ("2021年6月底前", "9月30日前") says its date.
_DATED_PHRASE = re.compile(r"[年月]|\d")


def due_text(row: ItemRow) -> str:
    """The full 完成时限: the printed phrase and, when known, the date it means."""
    return deadline_label(row.deadline_text, row.due_date, delayed=row.status is Status.DELAYED)


def due_cell(row: ItemRow) -> str:
    """The 完成时限 cell: the phrase alone when it names its date (the tooltip has both)."""
    phrase = (row.deadline_text or "").strip()
    if row.status is not Status.DELAYED and row.due_date and _DATED_PHRASE.search(phrase):
        return phrase
    return due_text(row)


def late_text(days: int) -> str:
    """The 逾期 cell: "12天" for an overdue item, empty otherwise."""
    return f"{days}天" if days else ""


def display_row(row: ItemRow, today: date) -> DisplayRow:
    """Compute everything the table needs from one item, as of ``today``."""
    late = overdue_days(row.status, row.due_date, today)
    lead = "、".join(unit.name for unit in answering_units(row.units))
    support = "、".join(unit.name for unit in row.units if unit.role is UnitRole.SUPPORT)
    progress = row.latest_progress or ""
    if row.latest_progress_date and progress:
        progress = f"{row.latest_progress_date.isoformat()[5:]} {progress}"
    heading = _heading_text(row.heading_path)
    cells = (
        row.number or "",
        title_text(row),
        lead,
        support,
        row.owner_name or "",
        due_cell(row),
        row.status.label,
        late_text(late),
        progress.replace("\n", " "),
        row.leader or "",
        row.document_title or "",
        heading,
    )
    return DisplayRow(item=row, cells=cells, haystack=haystack(row), late_days=late)


# A short title ending so names a kind of task, not the task: "建设任务", "配套措施".
_GENERIC_TITLE = re.compile(r"^.{0,4}(?:任务|措施|目标|要求|内容|举措|事项|工作)$")
_HEADING_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])\s*"
)


def title_text(row: ItemRow) -> str:
    """The 工作任务 cell: the title, after its heading when the title alone says nothing."""
    if not row.heading_path or not _GENERIC_TITLE.match(row.title):
        return row.title
    parent = _HEADING_NUMBER.sub("", row.heading_path[-1]).rstrip("。:：")
    return f"{parent}·{row.title}" if parent and parent != row.title else row.title


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

    def item_query(self) -> ItemQuery:
        """The item query this choice of view, filters and text stands for."""
        urgencies = {
            View.OVERDUE: Urgency.OVERDUE,
            View.DUE_SOON: Urgency.DUE_SOON,
        }
        urgency = urgencies.get(self.view)
        if self.due_window == DueWindow.OVERDUE:
            if urgency not in (None, Urgency.OVERDUE):
                return NOTHING
            urgency = Urgency.OVERDUE
        statuses = self.statuses or None
        if self.view == View.DONE:
            statuses = frozenset({Status.DONE}) & (statuses or frozenset({Status.DONE}))
        document = self.view == View.DOCUMENT
        return ItemQuery(
            text=self.text,
            statuses=statuses,
            document_id=self.document_id if document else None,
            heading_prefix=self.heading_prefix if document else (),
            unit_id=self.unit_id if self.view == View.UNIT else None,
            no_due_date=self.due_window == DueWindow.NONE,
            urgency=urgency,
            due_within_days=_WITHIN.get(self.due_window),
        )

    def predicate(self, today: date) -> Callable[[DisplayRow], bool]:
        """A fast test for one row: ``item_query()`` on the row and its prepared haystack."""
        matches = self.item_query().predicate(today)
        return lambda display: matches(display.item, display.haystack)


_WITHIN = {DueWindow.WEEK: 7, DueWindow.MONTH: 30}


def counts(rows: list[DisplayRow]) -> dict[View, int]:
    """How many items each fixed view of the navigation holds."""
    result = dict.fromkeys((View.ALL, View.OVERDUE, View.DUE_SOON, View.DONE), 0)
    for display in rows:
        row = display.item
        result[View.ALL] += 1
        if row.warning == Urgency.OVERDUE:
            result[View.OVERDUE] += 1
        elif row.warning == Urgency.DUE_SOON:
            result[View.DUE_SOON] += 1
        if row.status == Status.DONE:
            result[View.DONE] += 1
    return result
