"""Statistics per unit and for the whole ledger, and the sentence for reports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select

from tracker.db import Database
from tracker.domain import OPEN_STATUSES, Status, UnitRole, answering_units, is_overdue
from tracker.dto import ItemRow, StatsReport, UnitStats
from tracker.models import ItemUnit, Unit, WorkItem
from tracker.services.context import ServiceContext


class _Link(NamedTuple):
    unit_id: int
    role: UnitRole


class _Tally:
    def __init__(self) -> None:
        self.total = self.done = self.in_progress = self.overdue = self.on_time = 0

    def add(self, status: Status, due: date | None, completed: date | None, today: date) -> None:
        if status == Status.CANCELLED:
            return
        self.total += 1
        if status == Status.DONE:
            self.done += 1
            if due is None or (completed is not None and completed <= due):
                self.on_time += 1
        elif is_overdue(status, due, today):
            self.overdue += 1
        elif status in OPEN_STATUSES:
            self.in_progress += 1

    def stats(self, unit_id: int | None, name: str) -> UnitStats:
        return UnitStats(
            unit_id=unit_id,
            unit_name=name,
            total=self.total,
            done=self.done,
            in_progress=self.in_progress,
            overdue=self.overdue,
            done_on_time=self.on_time,
        )


class ReportService:
    """Use cases of the statistics view and sheet.

    Items count for the units that answer for them (``domain.answering_units``: the lead
    units, else the plainly responsible ones); helping units do not count, so that every item
    is counted once per unit that answers for it. Cancelled
    items are left out. 推进中 counts open items that are not overdue.
    """

    def __init__(self, db: Database, context: ServiceContext) -> None:
        self._db = db
        self._context = context

    def stats_of(self, rows: Iterable[ItemRow]) -> StatsReport:
        """The figures of items already loaded (the window has them; no second query)."""
        today = self._context.today()
        with self._db.read() as session:
            units = session.execute(
                select(Unit.id, Unit.name).order_by(Unit.sort_order, Unit.id)
            ).all()
        per_unit: dict[int, _Tally] = defaultdict(_Tally)
        overall = _Tally()
        for row in rows:
            overall.add(row.status, row.due_date, row.completed_on, today)
            for unit in answering_units(row.units):
                per_unit[unit.id].add(row.status, row.due_date, row.completed_on, today)
        return _report(units, per_unit, overall, today)

    def stats(self, item_ids: list[int] | None = None) -> StatsReport:
        """Return per-unit and overall figures (only for ``item_ids`` when given)."""
        today = self._context.today()
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
            links: dict[int, list[_Link]] = defaultdict(list)
            for item_id, unit_id, role in session.execute(
                select(ItemUnit.item_id, ItemUnit.unit_id, ItemUnit.role).order_by(
                    ItemUnit.item_id, ItemUnit.position
                )
            ):
                if item_id in items:
                    links[item_id].append(_Link(unit_id, role))
        per_unit: dict[int, _Tally] = defaultdict(_Tally)
        for item_id, item_links in links.items():
            row = items[item_id]
            for link in answering_units(item_links):
                per_unit[link.unit_id].add(row.status, row.due_date, row.completed_on, today)
        overall = _Tally()
        for row in items.values():
            overall.add(row.status, row.due_date, row.completed_on, today)
        return _report(units, per_unit, overall, today)


def _report(
    units: Sequence[Any], per_unit: dict[int, _Tally], overall: _Tally, today: date
) -> StatsReport:
    unit_stats = tuple(
        per_unit[unit_id].stats(unit_id, name) for unit_id, name in units if unit_id in per_unit
    )
    total = overall.stats(None, "合计")
    return StatsReport(
        as_of=today, units=unit_stats, overall=total, sentence=summary_sentence(total, today)
    )


def summary_sentence(total: UnitStats, today: date) -> str:
    """Return the sentence a clerk pastes into a report: 截至X月X日,共N项,已办结M项(xx%)……."""

    def share(count: int) -> str:
        return f"{count / total.total:.0%}" if total.total else "0%"

    return (
        f"截至{today.month}月{today.day}日,共{total.total}项,"
        f"已办结{total.done}项({share(total.done)}),"
        f"推进中{total.in_progress}项({share(total.in_progress)}),"
        f"逾期{total.overdue}项({share(total.overdue)})。"
    )
