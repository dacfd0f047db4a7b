"""Reading reporting rounds: finding one, and assembling their rows, in the caller's session."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from tracker.domain import MAX_ID, ReplyState, reply_state
from tracker.errors import NotFoundError
from tracker.models import Reminder, ReportingRound, RoundItem, RoundUnit, Unit
from tracker.round_dto import RoundRow, RoundUnitRow

#: A round named on the command line or chosen in the window: its id, or its name.
RoundRef = int | str


def find_round(session: Session, ref: RoundRef) -> ReportingRound:
    """The round with id ``ref`` (an int, or digits), else with that name.

    Raises:
        NotFoundError: when there is no such round.
    """
    found: ReportingRound | None = None
    text = str(ref).strip()
    if isinstance(ref, int) or re.fullmatch(r"[0-9]{1,19}", text):
        number = int(text)
        found = session.get(ReportingRound, number) if 0 < number <= MAX_ID else None
    if found is None and isinstance(ref, str):
        found = session.scalars(select(ReportingRound).where(ReportingRound.name == text)).first()
    if found is None:
        raise NotFoundError(f"没有找到调度“{text}”。", hint="可用 round list 查看已有的调度。")
    return found


def round_rows(session: Session, rounds: Sequence[ReportingRound]) -> list[RoundRow]:
    """Rows of ``rounds`` (in that order) with the counts of their units and tasks."""
    ids = [each.id for each in rounds]
    if not ids:
        return []
    replied = RoundUnit.replied_on.is_not(None)
    counts = {
        round_id: (units, late, replied_count)
        for round_id, units, late, replied_count in session.execute(
            select(
                RoundUnit.round_id,
                func.count(),
                func.sum(case((replied & RoundUnit.late, 1), else_=0)),
                func.sum(case((replied, 1), else_=0)),
            )
            .where(RoundUnit.round_id.in_(ids))
            .group_by(RoundUnit.round_id)
        )
    }
    tasks = dict(
        session.execute(
            select(RoundItem.round_id, func.count(func.distinct(RoundItem.item_id)))
            .where(RoundItem.round_id.in_(ids))
            .group_by(RoundItem.round_id)
        ).all()
    )
    rows = []
    for each in rounds:
        units, late, replied_count = counts.get(each.id, (0, 0, 0))
        late, replied_count = int(late or 0), int(replied_count or 0)
        rows.append(
            RoundRow(
                id=each.id,
                name=each.name,
                reply_by=each.reply_by,
                created_at=each.created_at,
                created_by=each.created_by,
                scope=each.scope,
                folder=each.folder,
                schedule=each.schedule,
                units=units,
                on_time=replied_count - late,
                late=late,
                missing=units - replied_count,
                tasks=int(tasks.get(each.id, 0)),
            )
        )
    return rows


def all_rounds(session: Session) -> list[ReportingRound]:
    """Every round, newest reply-by date first."""
    return list(
        session.scalars(
            select(ReportingRound).order_by(
                ReportingRound.reply_by.desc(), ReportingRound.id.desc()
            )
        )
    )


def unit_rows(session: Session, found: ReportingRound) -> list[RoundUnitRow]:
    """The units asked in ``found``, in directory order, with their replies and 催办."""
    reminders = dict(
        session.execute(
            select(Reminder.unit_id, func.count())
            .where(Reminder.round_id == found.id)
            .group_by(Reminder.unit_id)
        ).all()
    )
    records = session.execute(
        select(RoundUnit, Unit)
        .join(Unit, Unit.id == RoundUnit.unit_id)
        .where(RoundUnit.round_id == found.id)
        .order_by(Unit.sort_order, Unit.name)
    ).all()
    return [
        RoundUnitRow(
            round_id=found.id,
            unit_id=unit.id,
            unit_name=unit.name,
            file_name=asked.file_name,
            task_count=asked.task_count,
            replied_on=asked.replied_on,
            state=reply_state(asked.replied_on, found.reply_by),
            contact=unit.contact,
            phone=unit.phone,
            reminders=int(reminders.get(unit.id, 0)),
            receipts=asked.receipts,
        )
        for asked, unit in records
    ]


def replies_by_unit(
    session: Session, round_ids: Sequence[int]
) -> dict[int, dict[int, tuple[ReplyState, RoundUnit]]]:
    """For each unit: per round id, its state and record (rounds it was not asked in absent)."""
    found: dict[int, dict[int, tuple[ReplyState, RoundUnit]]] = defaultdict(dict)
    if not round_ids:
        return found
    for asked, reply_by in session.execute(
        select(RoundUnit, ReportingRound.reply_by)
        .join(ReportingRound, ReportingRound.id == RoundUnit.round_id)
        .where(RoundUnit.round_id.in_(round_ids))
    ):
        found[asked.unit_id][asked.round_id] = (reply_state(asked.replied_on, reply_by), asked)
    return found


def unit_has_records(session: Session, unit_id: int) -> bool:
    """Whether any round or 催办 names the unit (then it cannot be deleted, only merged)."""
    return any(
        session.scalar(select(func.count()).select_from(model).where(model.unit_id == unit_id))
        for model in (RoundUnit, RoundItem, Reminder)
    )


def move_unit_records(session: Session, source_id: int, target_id: int) -> None:
    """Give the rounds and 催办 of unit ``source_id`` to ``target_id`` (merging two units).

    Where both were asked in one round, the target keeps one record: the earlier reply, the
    tasks of both.
    """
    session.execute(update(Reminder).where(Reminder.unit_id == source_id).values(unit_id=target_id))
    for asked in session.scalars(select(RoundUnit).where(RoundUnit.unit_id == source_id)).all():
        kept = session.get(RoundUnit, (asked.round_id, target_id))
        if kept is None:
            session.add(
                RoundUnit(
                    round_id=asked.round_id,
                    unit_id=target_id,
                    file_name=asked.file_name,
                    task_count=asked.task_count,
                    replied_on=asked.replied_on,
                    late=asked.late,
                    digest=asked.digest,
                    receipts=asked.receipts,
                )
            )
        else:
            kept.receipts += asked.receipts
            replies = [day for day in (kept.replied_on, asked.replied_on) if day is not None]
            if replies and min(replies) != kept.replied_on:
                kept.replied_on, kept.late = asked.replied_on, asked.late
        session.delete(asked)
    rounds = set()
    for link in session.scalars(select(RoundItem).where(RoundItem.unit_id == source_id)).all():
        rounds.add(link.round_id)
        if session.get(RoundItem, (link.round_id, target_id, link.item_id)) is None:
            session.add(RoundItem(round_id=link.round_id, unit_id=target_id, item_id=link.item_id))
        session.delete(link)
    session.flush()
    for round_id in rounds:
        kept = session.get(RoundUnit, (round_id, target_id))
        if kept is not None:  # a task asked of both counts once
            kept.task_count = (
                session.scalar(
                    select(func.count()).where(
                        RoundItem.round_id == round_id, RoundItem.unit_id == target_id
                    )
                )
                or 0
            )
    session.flush()
