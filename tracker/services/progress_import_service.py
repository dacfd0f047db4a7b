"""Progress reported back by units in their filled-in sheets (导入进展)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from tracker.db import Database
from tracker.domain import ProgressSource, Status
from tracker.dto import NewProgress, ReportsRecorded, UnitReport
from tracker.errors import DocumentError, InvalidInputError
from tracker.models import WorkItem
from tracker.models.base import MAX_NAME
from tracker.services.context import ServiceContext
from tracker.services.item_service import ItemService

if TYPE_CHECKING:
    from tracker.importing.progress_sheet import FilledRow, FilledWorkbook


@dataclass(frozen=True)
class ProgressChange:
    """What one filled row would change on its item."""

    item_id: int
    title: str
    where: str
    progress: str
    problems: str
    next_steps: str
    old_status: Status
    new_status: Status | None
    #: The item changed in the ledger after the sheet was exported.
    conflict: bool
    #: The item's version at the preview: a status is applied only if it is still this.
    seen_version: int
    #: Digest of the returned row, so that one returned sheet is recorded once.
    origin: str


@dataclass(frozen=True)
class ProgressPlan:
    """Everything a returned sheet would change, shown before anything is applied."""

    source: str
    changes: tuple[ProgressChange, ...]
    unchanged: int
    unmatched: tuple[str, ...]
    problems: tuple[str, ...]
    #: Rows whose report is already in the ledger (this sheet was read before).
    repeated: int = 0


@dataclass(frozen=True)
class ProgressReport:
    """What applying a plan did."""

    entries_added: int
    statuses_changed: int
    skipped_conflicts: tuple[str, ...]
    #: Entries not added again because they were recorded from this sheet before.
    repeated: int = 0


class ProgressImportService:
    """Reads returned sheets and records their progress as new entries, history kept."""

    def __init__(self, db: Database, context: ServiceContext, items: ItemService) -> None:
        self._db = db
        self._context = context
        self._items = items

    def preview(self, path: Path) -> ProgressPlan:
        """Read a returned workbook and work out the changes; the ledger is not touched.

        Raises:
            DocumentError: when the file cannot be read as a returned ledger.
        """
        try:
            data = path.read_bytes()
        except OSError as error:
            raise DocumentError(f"无法读取文件:{path.name}", hint=str(error)) from error
        from tracker.importing.progress_sheet import read_filled_workbook

        return self.plan(read_filled_workbook(data, path.name), path.name)

    def plan(self, workbook: FilledWorkbook, source: str) -> ProgressPlan:
        """The changes a read workbook describes."""
        with self._db.read() as session:
            return plan_in(session, workbook, source)

    def apply(self, plan: ProgressPlan, *, reported_by: str | None = None) -> ProgressReport:
        """Record the plan in one transaction.

        Every change adds a progress entry (history is kept, nothing is overwritten); status
        changes are applied except where the item changed after the export — those are
        listed for the clerk to decide.
        """
        today = self._context.today()
        reports = reports_for(plan, reported_by or Path(plan.source).stem, today)
        try:
            done = self._items.record_reports(reports)
        except IntegrityError:
            # Someone recorded the same returned rows at the same moment: now they are in
            # the ledger, so a second pass adds only what is still missing.
            done = self._items.record_reports(reports)
        return report_of(plan, done)


def plan_in(
    session: Session, workbook: FilledWorkbook, source: str, *, salt: str = ""
) -> ProgressPlan:
    """The changes a read workbook describes, read in the caller's session.

    ``salt`` goes into each row's origin: a reporting round passes its round and unit, so
    that two units answering for one task in the same words are both recorded.
    """
    keys = {row.key for row in workbook.rows if row.key and row.version is not None}
    items = {
        item.item_key: item
        for item in session.scalars(
            select(WorkItem)
            .where(WorkItem.item_key.in_(keys))
            .options(selectinload(WorkItem.progress))
        )
    }
    changes: list[ProgressChange] = []
    unmatched: list[str] = []
    problems: list[str] = list(workbook.warnings)
    unchanged = repeated = 0
    seen: set[str] = set()
    for row in workbook.rows:
        if row.key is None or row.version is None:
            unmatched.append(f"{row.describe()}:没有事项编号,无法对应")
            continue
        item = items.get(row.key)
        if item is None:
            unmatched.append(f"{row.describe()}:事项编号在台账中不存在(可能已删除)")
            continue
        if row.key in seen:
            problems.append(f"{row.describe()}:同一事项出现多次,只采用第一行")
            continue
        seen.add(row.key)
        change = _change(row, item, problems, salt)
        if change is not None and change.origin in {e.origin for e in item.progress}:
            repeated += 1
            change = _without_entry(change, item)
        if change is None:
            unchanged += 1
        else:
            changes.append(change)
    return ProgressPlan(
        source=source,
        changes=tuple(changes),
        unchanged=unchanged,
        unmatched=tuple(unmatched),
        problems=tuple(problems),
        repeated=repeated,
    )


def reports_for(plan: ProgressPlan, reported_by: str, entry_date: date) -> list[UnitReport]:
    """What recording ``plan`` asks of the items: entries dated ``entry_date``, statuses."""
    source = _reporter(reported_by)
    reports: list[UnitReport] = []
    for change in plan.changes:
        entry = None
        if change.progress:
            entry = NewProgress(
                text=change.progress,
                entry_date=entry_date,
                problems=change.problems,
                next_steps=change.next_steps,
                reported_by=source,
                source=ProgressSource.SHEET,
                origin=change.origin,
            )
        status = change.new_status
        if status is not None and change.conflict:
            status = None
        if entry is not None or status is not None:
            reports.append(UnitReport(change.item_id, change.seen_version, entry, status))
    return reports


def report_of(plan: ProgressPlan, done: ReportsRecorded) -> ProgressReport:
    """What recording ``plan`` did, with the status changes that were not applied."""
    titles = {change.item_id: change.title for change in plan.changes}
    skipped = [
        f"{change.title}:表中状态“{change.new_status.label}”未采用"
        "(导出后台账中已修改,请核对后手动设置)"
        for change in plan.changes
        if change.new_status is not None and change.conflict
    ]
    skipped += [
        f"{titles[item_id]}:表中状态未采用(预览后台账中已被修改,请核对后手动设置)"
        for item_id in done.changed_since
    ]
    return ProgressReport(
        entries_added=done.entries_added,
        statuses_changed=done.statuses_changed,
        skipped_conflicts=tuple(skipped),
        repeated=done.repeated,
    )


def _reporter(name: str) -> str:
    """Who reported: the returned file's name, cut to what the ledger keeps."""
    return name.strip()[:MAX_NAME]


def _without_entry(change: ProgressChange, item: WorkItem) -> ProgressChange | None:
    """The change minus its progress entry, which is already recorded."""
    if change.new_status is None:
        return None
    return replace(change, progress="", problems="", next_steps="")


def _change(
    row: FilledRow, item: WorkItem, problems: list[str], salt: str = ""
) -> ProgressChange | None:
    if row.report:
        # 本期进展 is this round's report: new even when its words repeat an earlier one.
        text = row.report
    else:
        # 进展情况 arrives with the exported history in it: only lines not exported are new.
        exported = {
            f"{entry.entry_date.isoformat()} {entry.text}".strip() for entry in item.progress
        }
        fresh = [
            line
            for line in row.progress.split("\n")
            if line.strip() and line.strip() not in exported
        ]
        text = "\n".join(fresh).strip()
    new_status: Status | None = None
    if row.status:
        try:
            parsed = Status.parse(row.status)
        except InvalidInputError:
            problems.append(f"{row.describe()}:状态“{row.status}”无法识别,未采用")
        else:
            untouched = row.exported_status is not None and parsed == row.exported_status
            new_status = None if untouched or parsed == item.status else parsed
    reported = {(entry.problems, entry.next_steps) for entry in item.progress}
    extra = (row.problems, row.next_steps)
    new_extra = any(extra) and extra not in reported
    if not text and new_status is None and not new_extra:
        return None
    if not text and new_extra:
        text = "(见存在问题和下步计划)"
    return ProgressChange(
        item_id=item.id,
        title=item.title,
        where=row.describe(),
        progress=text,
        problems=row.problems,
        next_steps=row.next_steps,
        old_status=item.status,
        new_status=new_status,
        conflict=row.version is not None and item.version != row.version,
        seen_version=item.version,
        origin=_origin(row, text, salt),
    )


def _origin(row: FilledRow, text: str, salt: str = "") -> str:
    """The digest of a returned row: the item, the version it was exported at, its words.

    A ``salt`` (a round and unit) is added only when given, so older origins stay the same.
    """
    parts: tuple[str, ...] = (row.key or "", str(row.version), text, row.problems, row.next_steps)
    if salt:
        parts += (salt,)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
