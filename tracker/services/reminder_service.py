"""催办: chasing a unit, with a record of when, how, who answered and what they said."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from tracker.db import Database
from tracker.domain import AuditAction, AuditEntity, ReminderWay, check_date
from tracker.errors import InvalidInputError, NotFoundError
from tracker.models import Reminder, ReminderItem, RoundItem, Unit, WorkItem
from tracker.round_dto import ReminderCount, ReminderRow
from tracker.services.audit import Auditor
from tracker.services.context import ServiceContext
from tracker.services.directory_service import UnitResolver
from tracker.services.item_queries import check_ids
from tracker.services.round_queries import RoundRef, find_round

#: Longest note of what was said.
MAX_SAID = 5_000


class ReminderService:
    """Use cases of 催办 records. Each public method is one transaction."""

    def __init__(self, db: Database, context: ServiceContext) -> None:
        self._db = db
        self._context = context

    def record(
        self,
        unit: str | int,
        item_ids: Sequence[int] = (),
        *,
        way: ReminderWay | str,
        reminded_on: date | None = None,
        answered_by: str | None = None,
        said: str = "",
        round_ref: RoundRef | None = None,
    ) -> ReminderRow:
        """Record that ``unit`` (a name, an alias or an id) was chased.

        ``way`` is 电话 / 书面 / 当面 / 会议 (or its code); ``reminded_on`` defaults to today.
        ``item_ids`` are the tasks concerned; with a round and no tasks given, the unit's tasks
        in that round. The unit's and each task's history get an entry.

        Raises:
            NotFoundError: when the unit, a task or the round does not exist.
            InvalidInputError: for an unknown way, a bad date or a note too long.
        """
        chosen_way = way if isinstance(way, ReminderWay) else ReminderWay.parse(way)
        day = check_date(reminded_on or self._context.today(), "催办日期")
        note = said.strip()
        if len(note) > MAX_SAID:
            raise InvalidInputError(f"催办情况过长(不超过{MAX_SAID}字)。")
        ids = list(dict.fromkeys(item_ids))
        check_ids(ids)
        actor = self._context.actor()
        with self._db.write() as session:
            found_unit = _unit(session, unit)
            found_round = find_round(session, round_ref) if round_ref is not None else None
            if not ids and found_round is not None:
                ids = list(
                    session.scalars(
                        select(RoundItem.item_id)
                        .where(
                            RoundItem.round_id == found_round.id,
                            RoundItem.unit_id == found_unit.id,
                        )
                        .order_by(RoundItem.item_id)
                    )
                )
            titles = {
                item_id: title
                for item_id, title in session.execute(
                    select(WorkItem.id, WorkItem.title).where(WorkItem.id.in_(ids))
                )
            }
            missing = [item_id for item_id in ids if item_id not in titles]
            if missing:
                raise NotFoundError(f"事项 {', '.join(map(str, missing))} 不存在。")
            reminder = Reminder(
                unit_id=found_unit.id,
                round_id=found_round.id if found_round is not None else None,
                reminded_on=day,
                way=chosen_way,
                answered_by=(answered_by or "").strip() or None,
                said=note,
                created_by=actor,
                items=[ReminderItem(item_id=item_id) for item_id in ids],
            )
            session.add(reminder)
            session.flush()
            audit = Auditor(session, actor)
            where = f"(调度“{found_round.name}”)" if found_round is not None else ""
            summary = f"{chosen_way.label}催办{found_unit.name}{where}" + (
                f":{_short(note)}" if note else ""
            )
            changes = {"reminder": [None, f"{day.isoformat()} {chosen_way.label}"]}
            audit(AuditEntity.UNIT, found_unit.id, AuditAction.REMIND, summary, changes)
            for item_id in ids:
                audit(AuditEntity.ITEM, item_id, AuditAction.REMIND, summary, changes)
            return _row(reminder, found_unit.name, found_round.name if found_round else None)

    def list_reminders(
        self, *, unit: str | int | None = None, item_id: int | None = None
    ) -> list[ReminderRow]:
        """催办 records, newest first: all, a unit's (``unit``) or those naming a task.

        Raises:
            NotFoundError: when the unit does not exist.
        """
        with self._db.read() as session:
            query = _listing()
            if unit is not None:
                query = query.where(Reminder.unit_id == _unit(session, unit).id)
            if item_id is not None:
                check_ids([item_id])
                query = query.where(
                    Reminder.id.in_(
                        select(ReminderItem.reminder_id).where(ReminderItem.item_id == item_id)
                    )
                )
            return [
                _row(reminder, reminder.unit.name, reminder.round.name if reminder.round else None)
                for reminder in session.scalars(query)
            ]

    def for_unit(self, unit: str | int) -> list[ReminderRow]:
        """A unit's 催办, newest first (its history).

        Raises:
            NotFoundError: when the unit does not exist.
        """
        return self.list_reminders(unit=unit)

    def for_item(self, item_id: int) -> list[ReminderRow]:
        """The 催办 that named a task, newest first (its history)."""
        return self.list_reminders(item_id=item_id)

    def counts_by_unit(self, since: date | None = None) -> list[ReminderCount]:
        """How often each unit was chased (since a day, when given), most chased first."""
        with self._db.read() as session:
            query = (
                select(Unit.id, Unit.name, func.count(Reminder.id), func.max(Reminder.reminded_on))
                .join(Reminder, Reminder.unit_id == Unit.id)
                .group_by(Unit.id, Unit.name, Unit.sort_order)
                .order_by(func.count(Reminder.id).desc(), Unit.sort_order, Unit.name)
            )
            if since is not None:
                query = query.where(Reminder.reminded_on >= since)
            return [
                ReminderCount(unit_id, name, int(count), last)
                for unit_id, name, count, last in session.execute(query)
            ]

    def counts_by_item(self, item_ids: Sequence[int]) -> dict[int, int]:
        """How many 催办 named each of the tasks (absent: none)."""
        ids = list(dict.fromkeys(item_ids))
        check_ids(ids)
        with self._db.read() as session:
            found = session.execute(
                select(ReminderItem.item_id, func.count())
                .where(ReminderItem.item_id.in_(ids))
                .group_by(ReminderItem.item_id)
            )
            return {item_id: int(count) for item_id, count in found}


def _unit(session: Session, unit: str | int) -> Unit:
    if isinstance(unit, int):
        found = session.get(Unit, unit)
        if found is None:
            raise NotFoundError(f"单位 {unit} 不存在。")
        return found
    return UnitResolver(session).get(unit)


def _listing() -> Select[Reminder]:
    return (
        select(Reminder)
        .options(
            selectinload(Reminder.unit), selectinload(Reminder.round), selectinload(Reminder.items)
        )
        .order_by(Reminder.reminded_on.desc(), Reminder.id.desc())
    )


def _row(reminder: Reminder, unit_name: str, round_name: str | None) -> ReminderRow:
    return ReminderRow(
        id=reminder.id,
        unit_id=reminder.unit_id,
        unit_name=unit_name,
        round_id=reminder.round_id,
        round_name=round_name,
        reminded_on=reminder.reminded_on,
        way=reminder.way,
        answered_by=reminder.answered_by,
        said=reminder.said,
        item_ids=tuple(link.item_id for link in reminder.items),
        created_at=reminder.created_at,
        created_by=reminder.created_by,
    )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
