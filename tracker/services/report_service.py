"""Statistics per unit and for the items counted, and the sentence for a 通报."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.db import Database
from tracker.domain import Status, UnitRole, answering_units, is_overdue, overdue_days
from tracker.dto import ItemRow, StatsReport, UnitStats
from tracker.models import ItemUnit, Reminder, ReminderItem, Unit, WorkItem
from tracker.services.context import ServiceContext

#: The row of items no unit answers for (no unit, or only helping units).
NO_UNIT = "未明确责任单位"
TOTAL = "合计"


class _Link(NamedTuple):
    unit_id: int
    role: UnitRole


class _Entry(NamedTuple):
    """What the statistics need of one item."""

    item_id: int
    status: Status
    due: date | None
    completed: date | None
    unit_ids: tuple[int, ...]


class _Tally:
    def __init__(self) -> None:
        self.total = self.done = self.on_time = 0
        self.in_progress = self.not_started = self.overdue = self.max_overdue_days = 0

    def add(self, entry: _Entry, today: date) -> None:
        status, due, completed = entry.status, entry.due, entry.completed
        if status == Status.CANCELLED:
            return
        self.total += 1
        if status == Status.DONE:
            self.done += 1
            if due is None or (completed is not None and completed <= due):
                self.on_time += 1
        elif is_overdue(status, due, today):
            self.overdue += 1
            self.max_overdue_days = max(self.max_overdue_days, overdue_days(status, due, today))
        elif status == Status.TODO:
            self.not_started += 1
        else:  # 推进中, 已延期: started and not late
            self.in_progress += 1

    def stats(self, unit_id: int | None, name: str, reminders: int = 0) -> UnitStats:
        return UnitStats(
            unit_id=unit_id,
            unit_name=name,
            total=self.total,
            done=self.done,
            in_progress=self.in_progress,
            overdue=self.overdue,
            done_on_time=self.on_time,
            not_started=self.not_started,
            max_overdue_days=self.max_overdue_days,
            reminders=reminders,
        )


class ReportService:
    """Use cases of the statistics view, sheet and command.

    Items count for the units that answer for them (``domain.answering_units``: the lead
    units, else the plainly responsible ones); helping units do not count. Items no unit
    answers for count in the 未明确责任单位 row, so every item has a row; an item with several
    lead units counts for each of them. Cancelled items are left out. The four figures are
    已办结, 正在推进 (started, not overdue), 未启动 (待办理, not overdue) and 逾期
    (``domain.is_overdue``, whatever the status), and add up to the total.
    """

    def __init__(self, db: Database, context: ServiceContext) -> None:
        self._db = db
        self._context = context

    def stats_of(self, rows: Iterable[ItemRow]) -> StatsReport:
        """The figures of items already loaded: the ledger, one document or what a filter shows."""
        entries = [
            _Entry(
                row.id,
                row.status,
                row.due_date,
                row.completed_on,
                tuple(unit.id for unit in answering_units(row.units)),
            )
            for row in rows
        ]
        with self._db.read() as session:
            units = session.execute(
                select(Unit.id, Unit.name).order_by(Unit.sort_order, Unit.id)
            ).all()
            chased = _reminders(session, {entry.item_id for entry in entries})
        return _report(units, entries, self._context.today(), chased)

    def stats(self, item_ids: list[int] | None = None) -> StatsReport:
        """Return per-unit and overall figures (only for ``item_ids`` when given)."""
        wanted = set(item_ids) if item_ids is not None else None
        with self._db.read() as session:
            items = {
                row.id: row
                for row in session.execute(
                    select(WorkItem.id, WorkItem.status, WorkItem.due_date, WorkItem.completed_on)
                )
                if wanted is None or row.id in wanted
            }
            units = session.execute(
                select(Unit.id, Unit.name).order_by(Unit.sort_order, Unit.id)
            ).all()
            chased = _reminders(session, set(items))
            links: dict[int, list[_Link]] = defaultdict(list)
            for item_id, unit_id, role in session.execute(
                select(ItemUnit.item_id, ItemUnit.unit_id, ItemUnit.role).order_by(
                    ItemUnit.item_id, ItemUnit.position
                )
            ):
                if item_id in items:
                    links[item_id].append(_Link(unit_id, role))
        entries = [
            _Entry(
                item_id,
                row.status,
                row.due_date,
                row.completed_on,
                tuple(link.unit_id for link in answering_units(links.get(item_id, ()))),
            )
            for item_id, row in items.items()
        ]
        return _report(units, entries, self._context.today(), chased)


def _reminders(session: Session, item_ids: set[int]) -> dict[int | None, int]:
    """催办 about any of ``item_ids``: per unit chased, and all of them under None."""
    pairs = session.execute(
        select(Reminder.id, Reminder.unit_id, ReminderItem.item_id).join(
            ReminderItem, ReminderItem.reminder_id == Reminder.id
        )
    ).all()
    concerned = {(reminder_id, unit_id) for reminder_id, unit_id, item in pairs if item in item_ids}
    counts: dict[int | None, int] = defaultdict(int)
    for _reminder_id, unit_id in concerned:
        counts[unit_id] += 1
    counts[None] = len(concerned)
    return counts


def _report(
    units: Sequence[Any], entries: Sequence[_Entry], today: date, chased: dict[int | None, int]
) -> StatsReport:
    per_unit: dict[int, _Tally] = defaultdict(_Tally)
    unanswered = _Tally()
    overall = _Tally()
    multi_lead = 0
    for entry in entries:
        overall.add(entry, today)
        for unit_id in dict.fromkeys(entry.unit_ids):
            per_unit[unit_id].add(entry, today)
        if not entry.unit_ids:
            unanswered.add(entry, today)
        elif len(set(entry.unit_ids)) > 1 and entry.status != Status.CANCELLED:
            multi_lead += 1
    unit_stats = [
        per_unit[unit_id].stats(unit_id, name, chased.get(unit_id, 0))
        for unit_id, name in units
        if per_unit[unit_id].total
    ]
    if unanswered.total:
        unit_stats.append(unanswered.stats(None, NO_UNIT))
    total = overall.stats(None, TOTAL, chased.get(None, 0))
    return StatsReport(
        as_of=today,
        units=tuple(unit_stats),
        overall=total,
        sentence=summary_sentence(total, today),
        multi_lead_items=multi_lead,
    )


def summary_sentence(total: UnitStats, today: date) -> str:
    """Return the sentence a clerk pastes into a 通报: 截至X月X日,共N项,已办结M项(xx%)……."""

    def share(count: int) -> str:
        return f"{count / total.total:.0%}" if total.total else "0%"

    longest = f",最长逾期{total.max_overdue_days}天" if total.overdue else ""
    return (
        f"截至{today.month}月{today.day}日,共{total.total}项,"
        f"已办结{total.done}项({share(total.done)}),"
        f"正在推进{total.in_progress}项({share(total.in_progress)}),"
        f"未启动{total.not_started}项({share(total.not_started)}),"
        f"逾期{total.overdue}项({share(total.overdue)}){longest}。"
    )
