"""Plain, frozen data of the monthly cycle: reporting rounds (调度), returned files, 催办.

Shared by every layer like ``tracker/dto.py``; nothing here touches a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tracker.domain import Escalation, ReceiptOutcome, ReminderWay, ReplyState

_YEAR = re.compile(r"^\s*\d{4}\s*年\s*")


def short_round_name(name: str) -> str:
    """A round's name for the navigation: "2025年6月调度" → "6月调度" (the year dropped)."""
    return _YEAR.sub("", name) or name


@dataclass(frozen=True)
class RoundRow:
    """A reporting round with its counts: how many units were asked, replied, late."""

    id: int
    name: str
    reply_by: date
    created_at: datetime
    created_by: str | None
    scope: str
    folder: str
    schedule: str | None
    #: Units asked, and of them: replied in time, replied late, not replied.
    units: int
    on_time: int
    late: int
    missing: int
    #: Distinct tasks in the round's scope.
    tasks: int

    @property
    def replied(self) -> int:
        """Units that replied, in time or late."""
        return self.on_time + self.late

    @property
    def nav_label(self) -> str:
        """What the navigation shows: "6月调度 未报 3" (or "6月调度 已齐" when all replied)."""
        short = short_round_name(self.name)
        return f"{short} 未报 {self.missing}" if self.missing else f"{short} 已齐"


@dataclass(frozen=True)
class RoundUnitRow:
    """A unit asked in a round: its file, its tasks, whether and when it replied."""

    round_id: int
    unit_id: int
    unit_name: str
    file_name: str
    task_count: int
    replied_on: date | None
    state: ReplyState
    contact: str | None
    phone: str | None
    #: 催办 recorded for this unit in this round.
    reminders: int
    #: Returned files of the unit recorded in this round (copies that changed nothing are not).
    receipts: int


@dataclass(frozen=True)
class RoundStatus:
    """A round and where each of its units stands, in directory order."""

    round: RoundRow
    units: tuple[RoundUnitRow, ...]

    def in_state(self, state: ReplyState) -> tuple[RoundUnitRow, ...]:
        """The units in ``state`` (ReplyState.MISSING: the 未报送 list to chase)."""
        return tuple(unit for unit in self.units if unit.state == state)


@dataclass(frozen=True)
class RoundCreated:
    """What creating a round wrote: a workbook per unit and the send list."""

    round: RoundRow
    files: tuple[Path, ...]
    send_list: Path
    #: Tasks in the scope that no unit answers for (no lead or responsible unit): not sent.
    unassigned: tuple[int, ...]


@dataclass(frozen=True)
class GridCell:
    """One unit in one round of the grid: 已报 / 迟报 / 未报 and the day it replied."""

    state: ReplyState
    replied_on: date | None


@dataclass(frozen=True)
class GridRow:
    """A unit across rounds; a cell is None where the unit was not asked."""

    unit_id: int
    unit_name: str
    cells: tuple[GridCell | None, ...]


@dataclass(frozen=True)
class RoundGrid:
    """Units × rounds, rounds oldest first (the columns)."""

    rounds: tuple[RoundRow, ...]
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class ReceiptReport:
    """What receiving one returned file did; ``message`` is one line for the clerk."""

    path: Path
    outcome: ReceiptOutcome
    message: str
    round_id: int | None = None
    round_name: str | None = None
    unit_id: int | None = None
    unit_name: str | None = None
    #: The unit's first reply date in the round (set once the unit has replied).
    replied_on: date | None = None
    late: bool = False
    entries_added: int = 0
    statuses_changed: int = 0
    #: Rows whose report was already recorded (from this or an earlier copy).
    repeated: int = 0
    #: Lines about rows that were not taken (unmatched, conflicts, unreadable cells).
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class EscalationRow:
    """A task of a round that needs a 督办单, with its colour and why."""

    item_id: int
    title: str
    unit_id: int
    unit_name: str
    due_date: date | None
    escalation: Escalation
    reported_late: bool
    reminders: int


@dataclass(frozen=True)
class ReminderRow:
    """A recorded 催办."""

    id: int
    unit_id: int
    unit_name: str
    round_id: int | None
    round_name: str | None
    reminded_on: date
    way: ReminderWay
    answered_by: str | None
    said: str
    item_ids: tuple[int, ...]
    created_at: datetime
    created_by: str | None


@dataclass(frozen=True)
class ReminderCount:
    """How often a unit was chased (for statistics), and when last."""

    unit_id: int
    unit_name: str
    count: int
    last_on: date | None
