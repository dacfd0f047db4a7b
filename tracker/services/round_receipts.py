"""Receiving one returned file of a reporting round, in the caller's transaction.

The file is matched to its round and unit by the round tag, read through the round trip of
``progress_import_service`` (plan, reports, record) restricted to the unit's tasks in the
round, and the unit is marked replied. Nothing is counted twice: the same file (by digest)
changes nothing, and a copy with the same rows adds no entry (by the rows' origins).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.domain import AuditAction, AuditEntity, ReceiptOutcome, RoundTag, format_cn_date
from tracker.models import ReportingRound, RoundItem, RoundUnit, Unit, WorkItem
from tracker.round_dto import ReceiptReport
from tracker.services.audit import Auditor
from tracker.services.item_service import record_reports_in
from tracker.services.progress_import_service import plan_in, report_of, reports_for

if TYPE_CHECKING:  # reading workbooks loads openpyxl: when a file comes back, not at start
    from tracker.importing.progress_sheet import FilledWorkbook


@dataclass(frozen=True)
class ReturnedFile:
    """A returned workbook, read, with its round tag and digest."""

    path: Path
    workbook: FilledWorkbook
    tag: RoundTag
    digest: str


def digest_of(data: bytes) -> str:
    """The SHA-256 of a returned file's bytes."""
    return hashlib.sha256(data).hexdigest()


def refused(path: Path, message: str) -> ReceiptReport:
    """A file that changed nothing, with the one line that says why."""
    return ReceiptReport(path=path, outcome=ReceiptOutcome.REFUSED, message=message)


def _already(
    path: Path,
    found: ReportingRound,
    unit: Unit,
    asked: RoundUnit,
    message: str,
    *,
    repeated: int = 0,
) -> ReceiptReport:
    """A unit's file (or a copy of it) that was recorded before: nothing changes."""
    return ReceiptReport(
        path=path,
        outcome=ReceiptOutcome.ALREADY,
        message=f"“{path.name}”:{message}",
        round_id=found.id,
        round_name=found.name,
        unit_id=unit.id,
        unit_name=unit.name,
        replied_on=asked.replied_on,
        late=asked.late,
        repeated=repeated,
    )


def receive_in(
    session: Session, returned: ReturnedFile, received_on: date, actor: str
) -> ReceiptReport:
    """Record ``returned`` in the caller's transaction; a refusal changes nothing.

    Raises:
        UserError: when a row cannot be recorded (the caller rolls back and reports it).
    """
    path, tag = returned.path, returned.tag
    found = session.get(ReportingRound, tag.round_id)
    if found is None or found.round_key != tag.round_key:
        return refused(
            path,
            f"“{path.name}”不是本台账调度发出的填报表(可能来自其他台账,或该调度已删除),未导入。",
        )
    asked = session.scalars(
        select(RoundUnit)
        .where(RoundUnit.round_id == found.id, RoundUnit.unit_id == tag.unit_id)
        .with_for_update()
    ).first()
    unit = session.get(Unit, tag.unit_id)
    if asked is None or unit is None:
        return refused(path, f"“{path.name}”所属的单位不在调度“{found.name}”中,未导入。")
    if asked.digest == returned.digest:
        when = format_cn_date(asked.replied_on)
        return _already(
            path, found, unit, asked, f"{unit.name}的这份填报表已于{when}收到过,未重复记入。"
        )
    scope = set(
        session.scalars(
            select(WorkItem.item_key)
            .join(RoundItem, RoundItem.item_id == WorkItem.id)
            .where(RoundItem.round_id == found.id, RoundItem.unit_id == unit.id)
        )
    )
    workbook = returned.workbook
    kept = [row for row in workbook.rows if row.key is None or row.key in scope]
    foreign = [
        f"{row.describe()}:不属于本单位在本次调度中的事项,未读取"
        for row in workbook.rows
        if row.key is not None and row.key not in scope
    ]
    own = replace(workbook, rows=kept)
    plan = plan_in(session, own, path.name, salt=f"round:{found.id}:unit:{unit.id}")
    done = record_reports_in(session, reports_for(plan, unit.name, received_on), actor, received_on)
    report = report_of(plan, done)
    first = asked.replied_on is None
    if not first and not (report.entries_added or report.statuses_changed):
        # A copy (re-saved, forwarded) of what was recorded: nothing changes, not even the
        # digest, so the clerk hears it was already received.
        return _already(
            path,
            found,
            unit,
            asked,
            f"{unit.name}的填报内容此前已收到,未重复记入。",
            repeated=report.repeated,
        )
    if first:
        asked.replied_on = received_on
        asked.late = received_on > found.reply_by
        outcome = ReceiptOutcome.RECEIVED
        timing = f"迟报,截止{format_cn_date(found.reply_by)}" if asked.late else "按时报送"
        message = f"“{path.name}”:已收到{unit.name}的填报({timing})"
    else:
        outcome = ReceiptOutcome.UPDATED
        message = f"“{path.name}”:{unit.name}再次报送(首次报送于{format_cn_date(asked.replied_on)})"
    asked.digest = returned.digest
    asked.receipts += 1
    message += f",新增进展{report.entries_added}条,修改状态{report.statuses_changed}项。"
    problems = (*plan.unmatched, *foreign, *plan.problems, *report.skipped_conflicts)
    Auditor(session, actor)(
        AuditEntity.ROUND,
        found.id,
        AuditAction.RECEIVE,
        message,
        {
            "unit": [None, unit.name],
            "file": [None, path.name],
            "entries_added": [None, report.entries_added],
            "statuses_changed": [None, report.statuses_changed],
        },
    )
    return ReceiptReport(
        path=path,
        outcome=outcome,
        message=message,
        round_id=found.id,
        round_name=found.name,
        unit_id=unit.id,
        unit_name=unit.name,
        replied_on=asked.replied_on,
        late=asked.late,
        entries_added=report.entries_added,
        statuses_changed=report.statuses_changed,
        repeated=report.repeated,
        problems=tuple(problems),
    )
