"""Reporting rounds (调度): ask units for progress, receive their files, see who has not replied.

A round writes one fill-in workbook per answering unit of its tasks (the ledger's own fill-in
export, pre-filled with each task's last reported progress) and a 发送清单. Each workbook
carries the round tag (``domain.format_round_tag``) in the hidden key column of its title
row; a returned copy is matched by it and read through the round trip of
``progress_import_service``.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.db import Database
from tracker.domain import (
    AuditAction,
    AuditEntity,
    ReplyState,
    RoundTag,
    answering_units,
    check_date,
    escalation_for,
    format_cn_date,
    format_round_tag,
)
from tracker.dto import ItemRow
from tracker.errors import (
    DatabaseError,
    DocumentError,
    InvalidInputError,
    NotFoundError,
    UserError,
)
from tracker.exporting.files import safe_file_name, unique_name
from tracker.exporting.ledger_spec import DEFAULT_COLUMNS, LedgerData, LedgerOptions
from tracker.models import (
    Document,
    Reminder,
    ReminderItem,
    ReportingRound,
    RoundItem,
    RoundUnit,
    Unit,
    WorkItem,
)
from tracker.models.limits import check_objects
from tracker.round_dto import (
    EscalationRow,
    GridCell,
    GridRow,
    ReceiptReport,
    RoundCreated,
    RoundGrid,
    RoundRow,
    RoundStatus,
    RoundUnitRow,
)
from tracker.services.audit import Auditor
from tracker.services.context import ServiceContext
from tracker.services.export_service import ExportService, write_files
from tracker.services.item_queries import check_ids, rows_by_id
from tracker.services.round_queries import (
    RoundRef,
    all_rounds,
    find_round,
    replies_by_unit,
    round_rows,
    unit_rows,
)
from tracker.services.round_receipts import (
    ReturnedFile,
    digest_of,
    receive_in,
    refused,
)

log = logging.getLogger(__name__)

#: Ids per query when loading a round's tasks (SQLite allows 32,766 parameters).
CHUNK = 5_000
SEND_LIST_HEADERS = ("序号", "单位", "填报表文件", "事项数", "联系人", "联系电话", "报送情况")


class RoundService:
    """Use cases of reporting rounds.

    Each public method is one transaction (``receive``: one per file, so that a bad file
    never stops the others).
    """

    def __init__(self, db: Database, context: ServiceContext, exports: ExportService) -> None:
        self._db = db
        self._context = context
        self._exports = exports

    # ---- creating ------------------------------------------------------------------------

    def create_round(
        self,
        name: str,
        item_ids: Sequence[int],
        reply_by: date | None,
        folder: Path,
        *,
        scope: str = "",
        schedule: str | None = None,
    ) -> RoundCreated:
        """Create a round for the tasks ``item_ids`` and write its workbooks into ``folder``.

        One workbook per answering unit (``domain.answering_units``) of the tasks, named
        "<round>_<unit>.xlsx", each pre-filled with its tasks' last reported progress, plus
        "<round>发送清单.xlsx" (unit, file, tasks, contact, phone). The tasks and units are
        frozen: later changes to the ledger do not change whom the round asked about what.
        The round is stored only if every file was written; otherwise the files written are
        removed again.

        ``schedule`` is the phrase the round repeats on (每月5日前, 每季度末, see
        ``tracker.schedules``); without a ``reply_by`` its next date from today is the
        reply-by date.

        The workbooks are written with no transaction open; the round is stored after them,
        in one transaction, with the id its files carry.

        Raises:
            InvalidInputError: for an empty or taken name, no tasks, no unit to ask, or a
                ledger changed by someone else meanwhile (nothing is stored then).
            NotFoundError: when a task does not exist.
            FileBusyError, UserError: when a file cannot be written (nothing is stored).
        """
        name = " ".join(name.split())
        if not name:
            raise InvalidInputError("请填写调度名称,如“2025年6月调度”。")
        today, actor = self._context.today(), self._context.actor()
        schedule, reply_by = _schedule(schedule, reply_by, today)
        check_date(reply_by, "报送截止日期")
        ids = list(dict.fromkeys(item_ids))
        if not ids:
            raise InvalidInputError("没有选中任何事项,未创建调度。")
        check_ids(ids)
        folder = folder.expanduser()
        documents = self._exports.documents()
        base = self._exports.options_for(
            None, fill_in=True, include_stats=False, columns=DEFAULT_COLUMNS
        )
        created = ReportingRound(
            name=name,
            round_key=uuid.uuid4().hex,
            reply_by=reply_by,
            scope=scope.strip(),
            folder=str(folder),
            schedule=schedule,
            created_by=actor,
        )
        check_objects([created])
        # Read, then write the files with no transaction open (a county round takes tens of
        # seconds: SQLite would keep every other writer waiting), then store the round.
        with self._db.read() as session:
            if session.scalar(select(ReportingRound.id).where(ReportingRound.name == name)):
                raise InvalidInputError(f"已有名为“{name}”的调度,请换一个名称。")
            rows = self._load_rows(session, ids)
            by_unit, unassigned = _group_by_answering_unit(rows)
            if not by_unit:
                raise InvalidInputError("所选事项都没有牵头单位或责任单位,未创建调度。")
            units = {
                unit.id: _Asked(unit.name, unit.contact, unit.phone, unit.sort_order)
                for unit in session.scalars(select(Unit).where(Unit.id.in_(list(by_unit))))
            }
            created.id = _next_round_id(session)
        order = sorted(by_unit, key=lambda uid: (units[uid].sort_order, units[uid].name))
        taken: set[str] = set()
        files = {
            uid: unique_name(safe_file_name(f"{name}_{units[uid].name}"), taken) + ".xlsx"
            for uid in order
        }
        written: list[Path] = []
        try:
            for uid in order:
                tag = RoundTag(created.id, uid, created.round_key)
                options = replace(
                    base,
                    title=f"{units[uid].name}{name}填报表(请于{format_cn_date(reply_by)}前报送)",
                    round_tag=format_round_tag(tag),
                )
                data = LedgerData(rows=by_unit[uid], documents=documents)
                written += write_files(folder / files[uid], data, options, split=None)
            send_list = _write_send_list(
                folder / (safe_file_name(f"{name}发送清单") + ".xlsx"),
                name,
                reply_by,
                [(units[uid], files[uid], len(by_unit[uid])) for uid in order],
                base,
            )
            written.append(send_list)
            with self._db.write() as session:
                session.add(created)
                session.flush()
                _store_scope(session, created.id, order, by_unit, files)
                Auditor(session, actor)(
                    AuditEntity.ROUND,
                    created.id,
                    AuditAction.CREATE,
                    f"创建调度“{name}”:{len(order)}个单位,{len(rows)}项事项,"
                    f"{format_cn_date(reply_by)}前报送",
                    {"folder": [None, str(folder)]},
                )
                session.flush()
                [row] = round_rows(session, [created])
        except IntegrityError as error:
            _remove(written)
            raise InvalidInputError(
                f"创建调度“{name}”时台账已被其他人改动(同名调度、事项被删除等),未创建。",
                hint="请刷新后重试。",
            ) from error
        except BaseException:
            _remove(written)
            raise
        return RoundCreated(
            round=row,
            files=tuple(written[:-1]),
            send_list=send_list,
            unassigned=tuple(unassigned),
        )

    def _load_rows(self, session: Session, ids: list[int]) -> list[ItemRow]:
        today, days = self._context.today(), self._context.warning_days()
        rows: list[ItemRow] = []
        for start in range(0, len(ids), CHUNK):
            rows += rows_by_id(session, ids[start : start + CHUNK], today, days)
        missing = set(ids) - {row.id for row in rows}
        if missing:
            shown = "、".join(str(item_id) for item_id in sorted(missing)[:10])
            raise NotFoundError(f"事项 {shown} 不存在。")
        # In the ledger's order, as every export writes it.
        rows.sort(key=lambda r: (r.document_id is None, r.document_id or 0, r.seq, r.id))
        return rows

    # ---- receiving -----------------------------------------------------------------------

    def receive(
        self, paths: Sequence[Path], *, received_on: date | None = None
    ) -> list[ReceiptReport]:
        """Read returned workbooks, one transaction each; return what each did, in order.

        ``received_on`` is the day the files came in (default today): it decides 已报 / 迟报
        on a unit's first reply and dates the progress entries. A file that is not a round's
        workbook of this ledger, or cannot be read, changes nothing and says so in one line.
        """
        day = check_date(received_on or self._context.today(), "收到日期")
        reports = []
        for path in paths:
            reports.append(self._receive_one(Path(path), day))
        return reports

    def _receive_one(self, path: Path, day: date) -> ReceiptReport:
        try:
            data = path.read_bytes()
        except OSError as error:
            log.info("cannot read returned file %s: %s", path, error)
            return refused(path, f"无法读取文件“{path.name}”,未导入。")
        from tracker.importing.progress_sheet import read_filled_workbook  # loads openpyxl

        try:
            workbook = read_filled_workbook(data, path.name)
        except DocumentError as error:
            return refused(path, error.message.rstrip("。") + ",未导入。")
        tags = workbook.round_tags
        if not tags:
            return refused(
                path,
                f"“{path.name}”不是调度填报表(没有调度编号),未导入;普通填报表请用“导入进展”读取。",
            )
        if len(tags) > 1:
            return refused(path, f"“{path.name}”含有多个调度或多个单位的填报表,请分开后再导入。")
        returned = ReturnedFile(path, workbook, tags[0], digest_of(data))
        actor = self._context.actor()
        for attempt in (1, 2):
            try:
                with self._db.write() as session:
                    return receive_in(session, returned, day, actor)
            except IntegrityError:
                # The same rows recorded by another clerk at this moment: the second pass
                # finds them in the ledger and adds only what is still missing.
                if attempt == 2:
                    raise
            except DatabaseError:
                raise  # the ledger itself cannot be written: not this file's fault
            except UserError as error:
                return refused(path, f"“{path.name}”未导入:{error.message}")
        raise AssertionError("unreachable")

    def is_round_file(self, path: Path) -> bool:
        """Whether ``path`` looks like a returned workbook of a round (it has a round tag).

        Reads only the top rows; whether the round is this ledger's is for :meth:`receive`.
        """
        from tracker.importing.progress_sheet import read_round_tags  # loads openpyxl

        try:
            data = path.read_bytes()
        except OSError:
            return False
        return bool(read_round_tags(data, path.name))

    # ---- reading -------------------------------------------------------------------------

    def list_rounds(self) -> list[RoundRow]:
        """Every round, newest reply-by date first, with its counts."""
        with self._db.read() as session:
            return round_rows(session, all_rounds(session))

    def get_round(self, ref: RoundRef) -> RoundRow:
        """One round by id or name.

        Raises:
            NotFoundError: when there is no such round.
        """
        with self._db.read() as session:
            return round_rows(session, [find_round(session, ref)])[0]

    def round_status(self, ref: RoundRef) -> RoundStatus:
        """Each unit of a round: 已报 / 迟报 / 未报, with the day it replied.

        Raises:
            NotFoundError: when there is no such round.
        """
        with self._db.read() as session:
            found = find_round(session, ref)
            return RoundStatus(round_rows(session, [found])[0], tuple(unit_rows(session, found)))

    def item_ids(self, ref: RoundRef) -> list[int]:
        """The tasks a round asked about (frozen when it was created).

        Raises:
            NotFoundError: when there is no such round.
        """
        with self._db.read() as session:
            found = find_round(session, ref)
            return list(
                session.scalars(
                    select(RoundItem.item_id).where(RoundItem.round_id == found.id).distinct()
                )
            )

    def not_reported(self, ref: RoundRef) -> tuple[RoundUnitRow, ...]:
        """The 未报送 list of a round: the units to chase, with contact and phone.

        Raises:
            NotFoundError: when there is no such round.
        """
        return self.round_status(ref).in_state(ReplyState.MISSING)

    def counts(self, limit: int | None = None) -> list[RoundRow]:
        """The newest rounds for the navigation; each row's ``nav_label`` reads "6月调度 未报 3"."""
        rounds = self.list_rounds()
        return rounds if limit is None else rounds[:limit]

    def grid(self, refs: Sequence[RoundRef] | None = None) -> RoundGrid:
        """Units × rounds: 已报 / 迟报 / 未报 per unit and round (default: every round).

        Rounds are the columns, oldest first; a unit is a row if any of them asked it.

        Raises:
            NotFoundError: when a round named does not exist.
        """
        with self._db.read() as session:
            if refs is None:
                chosen = all_rounds(session)
            else:
                chosen = list(
                    {r.id: r for r in (find_round(session, ref) for ref in refs)}.values()
                )
            chosen.sort(key=lambda r: (r.reply_by, r.id))
            rows = round_rows(session, chosen)
            replies = replies_by_unit(session, [r.id for r in chosen])
            units = session.execute(
                select(Unit.id, Unit.name)
                .where(Unit.id.in_(list(replies)))
                .order_by(Unit.sort_order, Unit.name)
            ).all()
            grid_rows = []
            for unit_id, unit_name in units:
                asked = replies[unit_id]
                cells = tuple(
                    GridCell(asked[each.id][0], asked[each.id][1].replied_on)
                    if each.id in asked
                    else None
                    for each in chosen
                )
                grid_rows.append(GridRow(unit_id, unit_name, cells))
            return RoundGrid(tuple(rows), tuple(grid_rows))

    def next_reply_by(self, ref: RoundRef) -> date | None:
        """The reply-by date of the round after ``ref`` by its schedule (None without one).

        Raises:
            NotFoundError: when there is no such round.
        """
        found = self.get_round(ref)
        if not found.schedule:
            return None
        from tracker.schedules import parse_schedule  # loads the holiday calendar

        return parse_schedule(found.schedule).next_on_or_after(found.reply_by + timedelta(days=1))

    def escalations(self, ref: RoundRef) -> list[EscalationRow]:
        """The open tasks of a round that need a 督办单, by ``domain.escalation_for``.

        A unit that replied late, or has not replied once the reply-by date has passed, is
        behind on each of its tasks in the round; a task's 催办 are those of its unit that
        named it; it began on its document's date, else the day it entered the ledger.

        Raises:
            NotFoundError: when there is no such round.
        """
        today, days = self._context.today(), self._context.warning_days()
        with self._db.read() as session:
            found = find_round(session, ref)
            behind = {
                row.unit_id: row.state == ReplyState.LATE
                or (row.state == ReplyState.MISSING and today > found.reply_by)
                for row in unit_rows(session, found)
            }
            chased: dict[tuple[int, int], int] = dict(
                ((unit_id, item_id), count)
                for unit_id, item_id, count in session.execute(
                    select(Reminder.unit_id, ReminderItem.item_id, func.count())
                    .join(ReminderItem, ReminderItem.reminder_id == Reminder.id)
                    .join(RoundItem, RoundItem.item_id == ReminderItem.item_id)
                    .where(RoundItem.round_id == found.id, RoundItem.unit_id == Reminder.unit_id)
                    .group_by(Reminder.unit_id, ReminderItem.item_id)
                )
            )
            records = session.execute(
                select(RoundItem.unit_id, Unit.name, WorkItem, Document.doc_date)
                .join(Unit, Unit.id == RoundItem.unit_id)
                .join(WorkItem, WorkItem.id == RoundItem.item_id)
                .outerjoin(Document, Document.id == WorkItem.document_id)
                .where(RoundItem.round_id == found.id)
                .order_by(Unit.sort_order, Unit.name, WorkItem.document_id, WorkItem.seq)
            ).all()
            found_rows = []
            for unit_id, unit_name, item, doc_date in records:
                reminders = chased.get((unit_id, item.id), 0)
                colour = escalation_for(
                    item.status,
                    item.due_date,
                    today,
                    days,
                    reported_late=behind.get(unit_id, False),
                    reminders=reminders,
                    begun_on=doc_date or item.created_at.date(),
                )
                if colour is not None:
                    found_rows.append(
                        EscalationRow(
                            item_id=item.id,
                            title=item.title,
                            unit_id=unit_id,
                            unit_name=unit_name,
                            due_date=item.due_date,
                            escalation=colour,
                            reported_late=behind.get(unit_id, False),
                            reminders=reminders,
                        )
                    )
            return found_rows


class _Asked(NamedTuple):
    """What a round's files say of a unit, read before the files are written."""

    name: str
    contact: str | None
    phone: str | None
    sort_order: int


def _next_round_id(session: Session) -> int:
    """The id the new round will have (a server's sequence, else one past the largest).

    The files carry it before the round is stored; should another clerk take the same id
    meanwhile, storing fails and nothing is kept.
    """
    if session.get_bind().dialect.name == "postgresql":
        return int(session.scalar(text("SELECT nextval(pg_get_serial_sequence('rounds', 'id'))")))
    return int(session.scalar(select(func.coalesce(func.max(ReportingRound.id), 0))) or 0) + 1


def _remove(paths: Sequence[Path]) -> None:
    """Remove the files of a round that was not stored."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _schedule(phrase: str | None, reply_by: date | None, today: date) -> tuple[str | None, date]:
    """The schedule as the calendar reads it, and the reply-by date (its next one if unset).

    Raises:
        InvalidInputError: for a phrase that is not a schedule, or neither phrase nor date.
    """
    label = None
    if phrase and phrase.strip():
        from tracker.schedules import parse_schedule  # loads the holiday calendar

        parsed = parse_schedule(phrase, start=today)
        label = parsed.describe()
        if reply_by is None:
            reply_by = parsed.next_on_or_after(today)
    if reply_by is None:
        raise InvalidInputError("请填写报送截止日期,或调度周期(如“每月5日前”)。")
    return label, reply_by


def _group_by_answering_unit(rows: Sequence[ItemRow]) -> tuple[dict[int, list[ItemRow]], list[int]]:
    """Tasks per answering unit id, and the ids of tasks no unit answers for."""
    by_unit: dict[int, list[ItemRow]] = defaultdict(list)
    unassigned = []
    for row in rows:
        answering = answering_units(row.units)
        if not answering:
            unassigned.append(row.id)
        for unit_id in dict.fromkeys(unit.id for unit in answering):
            by_unit[unit_id].append(row)
    return dict(by_unit), unassigned


def _store_scope(
    session: Session,
    round_id: int,
    order: Sequence[int],
    by_unit: dict[int, list[ItemRow]],
    files: dict[int, str],
) -> None:
    """The round's units and tasks, inserted in bulk (a county round has tens of thousands)."""
    session.execute(
        insert(RoundUnit),
        [
            {
                "round_id": round_id,
                "unit_id": uid,
                "file_name": files[uid],
                "task_count": len(by_unit[uid]),
                "late": False,
                "receipts": 0,
            }
            for uid in order
        ],
    )
    session.execute(
        insert(RoundItem),
        [
            {"round_id": round_id, "unit_id": uid, "item_id": row.id}
            for uid in order
            for row in by_unit[uid]
        ],
    )


def _write_send_list(
    path: Path,
    name: str,
    reply_by: date,
    units: Sequence[tuple[_Asked, str, int]],
    options: LedgerOptions,
) -> Path:
    """The 发送清单: which file goes to which unit, with whom to call."""
    from tracker.exporting.ledger_xlsx import write_table  # loads openpyxl

    rows = [
        (number, unit.name, file_name, count, unit.contact or "", unit.phone or "", "")
        for number, (unit, file_name, count) in enumerate(units, start=1)
    ]
    title = f"{name}发送清单(请于{format_cn_date(reply_by)}前报送)"
    return write_table(path, title, SEND_LIST_HEADERS, rows, options)
