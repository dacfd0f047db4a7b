"""Plain, frozen data the services hand out and take in. No ORM object leaves a service.

Shared by every layer (exporters and views read it; nothing here touches a database).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from tracker.domain import (
    DeadlineKind,
    ProgressSource,
    Status,
    UnitKind,
    UnitRole,
    Urgency,
    answering_units,
)


class Keep(Enum):
    """Marks a field of a change request that should stay as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class UnitRef:
    """A unit as it appears on an item."""

    id: int
    name: str
    role: UnitRole


@dataclass(frozen=True)
class ItemRow:
    """One line of the ledger with everything the table, the CLI and the exports show."""

    id: int
    item_key: str
    document_id: int | None
    document_title: str | None
    seq: int
    number: str | None
    heading_path: tuple[str, ...]
    title: str
    content: str
    units: tuple[UnitRef, ...]
    owner_name: str | None
    owner_phone: str | None
    leader: str | None
    deadline_text: str | None
    due_date: date | None
    deadline_kind: DeadlineKind
    status: Status
    completed_on: date | None
    remarks: str
    latest_progress: str | None
    latest_progress_date: date | None
    warning: Urgency
    version: int
    updated_at: datetime

    @property
    def lead_units(self) -> tuple[str, ...]:
        """Names for the 牵头单位 column: the units that answer for the item."""
        return tuple(unit.name for unit in answering_units(self.units))

    @property
    def support_units(self) -> tuple[str, ...]:
        """Names for the 配合单位 column."""
        return tuple(unit.name for unit in self.units if unit.role == UnitRole.SUPPORT)


@dataclass(frozen=True)
class ProgressRow:
    """A progress report on an item."""

    id: int
    entry_date: date
    text: str
    problems: str
    next_steps: str
    reported_by: str | None
    source: ProgressSource
    created_at: datetime
    created_by: str | None


@dataclass(frozen=True)
class DelayRow:
    """An approved delay."""

    id: int
    old_due_date: date | None
    new_due_date: date
    reason: str
    requested_on: date
    created_by: str | None


@dataclass(frozen=True)
class AuditRow:
    """One recorded change."""

    at: datetime
    actor: str
    action: str
    changes: dict[str, Any]
    summary: str


@dataclass(frozen=True)
class ItemDetail:
    """An item with its history: what the detail panel and ``show`` display."""

    row: ItemRow
    progress: tuple[ProgressRow, ...]
    delays: tuple[DelayRow, ...]
    history: tuple[AuditRow, ...]


@dataclass(frozen=True)
class ItemFilter:
    """Which items to list. Empty fields do not filter."""

    document_id: int | None = None
    #: A unit name (or alias); matches the unit in any role.
    unit: str | None = None
    unit_id: int | None = None
    person: str | None = None
    statuses: frozenset[Status] = frozenset()
    due_before: date | None = None
    due_after: date | None = None
    overdue: bool = False
    due_within_days: int | None = None
    #: Free text matched against titles, text, units, people and remarks.
    text: str = ""
    heading_prefix: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemChanges:
    """Changes to apply to one or many items; ``KEEP`` leaves a field as it is."""

    lead_units: Sequence[str] | Keep = KEEP
    support_units: Sequence[str] | Keep = KEEP
    owner: str | Keep | None = KEEP
    leader: str | Keep | None = KEEP
    due_date: date | Keep | None = KEEP
    status: Status | Keep = KEEP
    title: str | Keep = KEEP
    remarks: str | Keep = KEEP


@dataclass(frozen=True)
class NewProgress:
    """A progress report to add."""

    text: str
    entry_date: date | None = None
    problems: str = ""
    next_steps: str = ""
    reported_by: str | None = None
    source: ProgressSource = ProgressSource.MANUAL
    #: Set for entries read back from a sheet: the digest of the returned row.
    origin: str | None = None


@dataclass(frozen=True)
class UnitReport:
    """What one returned row asks to record on an item.

    ``seen_version`` is the item's version when the clerk previewed the sheet: a status is
    only changed if nobody changed the item since.
    """

    item_id: int
    seen_version: int
    entry: NewProgress | None
    status: Status | None


@dataclass(frozen=True)
class ReportsRecorded:
    """What recording a batch of unit reports did."""

    entries_added: int
    statuses_changed: int
    #: Entries already recorded from the same returned row (the sheet was read before).
    repeated: int
    #: Items whose status was not changed because they changed after the preview.
    changed_since: tuple[int, ...]


@dataclass(frozen=True)
class NewDelay:
    """A delay to record."""

    new_due_date: date
    reason: str
    requested_on: date | None = None


@dataclass(frozen=True)
class DocumentRow:
    """A source document with its item count."""

    id: int
    title: str
    doc_number: str | None
    doc_date: date | None
    issuer: str | None
    file_name: str | None
    imported_at: datetime
    item_count: int
    headings: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class UnitRow:
    """A unit of the directory with how many items it has."""

    id: int
    name: str
    short_name: str | None
    kind: UnitKind
    aliases: tuple[str, ...]
    contact: str | None
    phone: str | None
    sort_order: int
    active: bool
    needs_review: bool
    item_count: int


@dataclass(frozen=True)
class UnitEdit:
    """Changes to a unit's details; ``KEEP`` leaves a field as it is."""

    short_name: str | Keep | None = KEEP
    kind: UnitKind | Keep = KEEP
    contact: str | Keep | None = KEEP
    phone: str | Keep | None = KEEP
    sort_order: int | Keep = KEEP
    active: bool | Keep = KEEP


@dataclass(frozen=True)
class PersonRow:
    """A person of the directory."""

    id: int
    name: str
    unit_id: int | None
    unit_name: str | None
    phone: str | None
    active: bool


@dataclass(frozen=True)
class UnitStats:
    """Per-unit figures for the 统计 view and sheet, in the words of a 通报.

    ``done + in_progress + not_started + overdue == total``: an overdue item is counted as
    逾期 only, whatever its status; an open one that is not overdue is 正在推进 once started
    (推进中, 已延期) and 未启动 while 待办理. ``unit_id`` is None for the 未明确责任单位 row and
    the 合计 row.
    """

    unit_id: int | None
    unit_name: str
    total: int
    done: int
    in_progress: int
    overdue: int
    done_on_time: int
    not_started: int
    #: The longest any of the unit's overdue items is overdue, in days (0 when none is).
    max_overdue_days: int
    #: 催办 recorded about these items (for the unit; in the 合计 row, every one once).
    reminders: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Share of finished items finished by their due date (None when none is finished)."""
        return self.done_on_time / self.done if self.done else None


#: The columns of a statistics table, in the words of a 通报 (the 统计 tab and sheet).
STATS_HEADERS = (
    "责任单位",
    "总数",
    "已办结",
    "正在推进",
    "未启动",
    "逾期",
    "最长逾期",
    "按时办结率",
    "催办",
)


@dataclass(frozen=True)
class StatsReport:
    """Statistics per unit and for the items counted (the whole ledger or a filter), as of a day.

    ``units`` ends with the 未明确责任单位 row when some items have no unit answering for them,
    so that every item has a row. An item with several lead units counts once for each:
    ``multi_lead_items`` says how many items did, so a reader knows why the rows add up to more.
    """

    as_of: date
    units: tuple[UnitStats, ...]
    overall: UnitStats
    sentence: str
    multi_lead_items: int


@dataclass(frozen=True)
class ImportReport:
    """What storing a parsed input did."""

    documents_created: tuple[int, ...]
    items_created: int
    duplicates: tuple[str, ...]
    new_units: tuple[str, ...]
    item_ids: tuple[int, ...] = field(default=())


#: Why a backup was made; the key is part of the backup's file name.
BACKUP_REASONS = {
    "daily": "每日自动",
    "manual": "手动",
    "upgrade": "升级前",
    "import": "导入前",
    "restore": "恢复前",
}


@dataclass(frozen=True)
class BackupFile:
    """A backup found in a backup folder."""

    path: Path
    made_at: datetime
    reason: str

    @property
    def reason_label(self) -> str:
        """The reason in Chinese."""
        return BACKUP_REASONS.get(self.reason, self.reason)
