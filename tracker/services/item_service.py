"""The ledger's items: assign, progress, status, delays; reading goes through item_queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.db import Database
from tracker.domain import (
    AuditAction,
    AuditEntity,
    DeadlineKind,
    ProgressSource,
    Status,
    UnitRole,
    answering_units,
    check_date,
    field_label,
)
from tracker.dto import (
    KEEP,
    DelayRow,
    ItemChanges,
    ItemDetail,
    ItemFilter,
    ItemRow,
    NewDelay,
    NewProgress,
    ProgressRow,
    ReportsRecorded,
    UnitReport,
)
from tracker.errors import ConflictError, InvalidInputError, NotFoundError
from tracker.models import Delay, ItemUnit, ProgressEntry, Unit, WorkItem
from tracker.query import ItemQuery
from tracker.services import audit
from tracker.services.audit import Auditor
from tracker.services.context import ServiceContext
from tracker.services.directory_service import UnitResolver, person_by_name
from tracker.services.item_queries import (
    check_ids,
    delay_row,
    item_detail,
    list_rows,
    progress_row,
    query_from_filter,
    rows_by_id,
)

#: Longest text a clerk can type into one progress field.
MAX_TEXT = 20_000


class ItemService:
    """Use cases of the ledger's items. Each public method is one transaction."""

    def __init__(self, db: Database, context: ServiceContext) -> None:
        self._db = db
        self._context = context

    # ---- queries -------------------------------------------------------------------------

    def list_items(self, query: ItemFilter | ItemQuery | None = None) -> list[ItemRow]:
        """Return the items matching ``query`` (a query, or the command line's filter)."""
        with self._db.read() as session:
            if isinstance(query, ItemFilter):
                query = query_from_filter(session, query)
            return list_rows(
                session,
                query or ItemQuery(),
                self._context.today(),
                self._context.warning_days(),
            )

    def get_item(self, item_id: int) -> ItemDetail:
        """Return one item with its progress, delays and change history.

        Raises:
            NotFoundError: when the item does not exist.
        """
        with self._db.read() as session:
            return item_detail(
                session, item_id, self._context.today(), self._context.warning_days()
            )

    # ---- creating ------------------------------------------------------------------------

    def create_item(
        self,
        title: str,
        *,
        content: str = "",
        lead_units: Sequence[str] = (),
        support_units: Sequence[str] = (),
        due_date: date | None = None,
        owner: str | None = None,
        leader: str | None = None,
    ) -> ItemRow:
        """Add an item typed in by hand (not from a document).

        Raises:
            InvalidInputError: when the title is empty.
        """
        title = title.strip()
        if not title:
            raise InvalidInputError("工作任务不能为空。")
        with self._db.write() as session:
            item = WorkItem(
                title=title,
                content=content.strip() or title,
                heading_path=[],
                due_date=due_date,
                deadline_kind=DeadlineKind.DATE if due_date else DeadlineKind.NONE,
                leader=(leader or "").strip() or None,
            )
            session.add(item)
            resolver = UnitResolver(session)
            _set_links(
                session,
                item,
                resolver,
                list(lead_units),
                list(support_units),
            )
            if owner:
                item.owner = person_by_name(session, owner)
            session.flush()
            Auditor(session, self._context.actor())(
                AuditEntity.ITEM, item.id, AuditAction.CREATE, f"新增事项“{title}”"
            )
            item_id = item.id
        return self.get_item(item_id).row

    # ---- changing ------------------------------------------------------------------------

    def update_items(
        self,
        item_ids: Iterable[int],
        changes: ItemChanges,
        *,
        expected_versions: dict[int, int] | None = None,
    ) -> list[ItemRow]:
        """Apply ``changes`` to every item in ``item_ids`` in one transaction.

        With ``expected_versions`` an item changed by somebody else since it was read is
        refused and nothing is saved.

        Raises:
            NotFoundError: when an item does not exist.
            ConflictError: when an item's version is not the expected one.
            InvalidInputError: when a value is not acceptable.
        """
        ids = list(dict.fromkeys(item_ids))
        if not ids:
            return []
        if changes.title is not KEEP and not changes.title.strip():
            raise InvalidInputError("工作任务不能为空。")
        actor, today = self._context.actor(), self._context.today()
        with self._db.write() as session:
            items = _load_items(session, ids)
            resolver = UnitResolver(session)
            for item in items:
                expected = (expected_versions or {}).get(item.id)
                if expected is not None and expected != item.version:
                    raise ConflictError(
                        f"事项“{_short(item.title)}”已被其他人修改,本次修改未保存。",
                        hint="已重新载入最新内容,请核对后再修改。",
                    )
                recorded = _apply_changes(session, item, changes, resolver, today)
                if recorded:
                    item.touch()
                    Auditor(session, actor)(
                        AuditEntity.ITEM, item.id, AuditAction.UPDATE, _describe(recorded), recorded
                    )
        return self._rows_by_id(ids)

    def set_status(self, item_ids: Iterable[int], status: Status) -> list[ItemRow]:
        """Change the status of items (办结 records today as the completion day)."""
        return self.update_items(item_ids, ItemChanges(status=status))

    def add_progress(self, item_id: int, entry: NewProgress) -> ProgressRow:
        """Add a progress report; an item still 待办理 moves to 推进中.

        Raises:
            NotFoundError: when the item does not exist.
            InvalidInputError: when the report is empty or too long.
        """
        _check_progress(entry)
        with self._db.write() as session:
            item = _load_items(session, [item_id])[0]
            progress = _append_progress(
                session, item, entry, self._context.actor(), self._context.today()
            )
            return progress_row(progress)

    def record_reports(self, reports: Sequence[UnitReport]) -> ReportsRecorded:
        """Record progress and status changes read back from units, all in one transaction.

        See :func:`record_reports_in`.

        Raises:
            NotFoundError: when an item no longer exists (nothing is recorded then).
            InvalidInputError: when a report is empty or too long (nothing is recorded then).
        """
        with self._db.write() as session:
            return record_reports_in(
                session, reports, self._context.actor(), self._context.today()
            )

    def record_delay(self, item_id: int, delay: NewDelay) -> DelayRow:
        """Record an approved delay: the new due date replaces the old, which is kept.

        Raises:
            NotFoundError: when the item does not exist.
            InvalidInputError: when the reason is empty or the new date is not later.
        """
        reason = delay.reason.strip()
        if not reason:
            raise InvalidInputError("请填写延期原因。")
        check_date(delay.new_due_date, "新的完成时限")
        actor, today = self._context.actor(), self._context.today()
        with self._db.write() as session:
            item = _load_items(session, [item_id])[0]
            if item.status in (Status.DONE, Status.CANCELLED):
                raise InvalidInputError(f"事项已{item.status.label},不能延期。")
            if item.due_date is not None and delay.new_due_date <= item.due_date:
                raise InvalidInputError(f"新的完成时限应晚于原时限({item.due_date.isoformat()})。")
            row = Delay(
                item_id=item.id,
                old_due_date=item.due_date,
                new_due_date=delay.new_due_date,
                reason=reason,
                requested_on=delay.requested_on or today,
                created_by=actor,
            )
            session.add(row)
            changes: audit.Change = {}
            audit.diff("due_date", item.due_date, delay.new_due_date, changes)
            audit.diff("status", item.status, Status.DELAYED, changes)
            item.due_date = delay.new_due_date
            item.deadline_kind = DeadlineKind.DATE
            item.status = Status.DELAYED
            item.touch()
            session.flush()
            Auditor(session, actor)(
                AuditEntity.ITEM,
                item.id,
                AuditAction.DELAY,
                f"延期至{delay.new_due_date.isoformat()}:{_short(reason, 60)}",
                changes,
            )
            return delay_row(row)

    def delete_items(self, item_ids: Iterable[int]) -> int:
        """Delete items with their progress and delays; the audit log keeps what they were.

        Raises:
            NotFoundError: when an item does not exist.
        """
        ids = list(dict.fromkeys(item_ids))
        actor = self._context.actor()
        with self._db.write() as session:
            for item in _load_items(session, ids):
                Auditor(session, actor)(
                    AuditEntity.ITEM,
                    item.id,
                    AuditAction.DELETE,
                    f"删除事项“{_short(item.title)}”",
                    {"title": [item.title, None]},
                )
                session.delete(item)
        return len(ids)

    def _rows_by_id(self, ids: list[int]) -> list[ItemRow]:
        with self._db.read() as session:
            return rows_by_id(session, ids, self._context.today(), self._context.warning_days())


# ---- helpers -------------------------------------------------------------------------------


def record_reports_in(
    session: Session, reports: Sequence[UnitReport], actor: str, today: date
) -> ReportsRecorded:
    """Record reports read back from units in the caller's transaction.

    An entry whose origin is already in the ledger (the same returned row, read before)
    is not added again. A status is changed only when the item is still at the version
    the clerk previewed; otherwise it is left for the clerk (``changed_since``).

    Raises:
        NotFoundError: when an item no longer exists.
        InvalidInputError: when a report is empty or too long.
    """
    for report in reports:
        if report.entry is not None:
            _check_progress(report.entry)
    entries = statuses = repeated = 0
    changed_since: list[int] = []
    origins = {r.entry.origin for r in reports if r.entry is not None and r.entry.origin}
    items = {item.id: item for item in _load_items(session, [r.item_id for r in reports])}
    recorded_before = set(
        session.scalars(select(ProgressEntry.origin).where(ProgressEntry.origin.in_(origins)))
    )
    resolver: UnitResolver | None = None  # loads the whole directory: only for a status
    for report in reports:
        item = items[report.item_id]
        seen_version = item.version
        status = report.status
        if status is not None and seen_version != report.seen_version:
            changed_since.append(item.id)
            status = None
        entry = report.entry
        if entry is not None and entry.origin in recorded_before:
            repeated += 1
        elif entry is not None:
            _append_progress(session, item, entry, actor, today, flush=False)
            recorded_before.add(entry.origin)
            entries += 1
        if status is not None and status != item.status:
            resolver = resolver or UnitResolver(session)
            recorded = _apply_changes(session, item, ItemChanges(status=status), resolver, today)
            item.touch()
            Auditor(session, actor)(
                AuditEntity.ITEM,
                item.id,
                AuditAction.UPDATE,
                "导入进展:" + _describe(recorded),
                recorded,
            )
            statuses += 1
    session.flush()
    return ReportsRecorded(
        entries_added=entries,
        statuses_changed=statuses,
        repeated=repeated,
        changed_since=tuple(changed_since),
    )


def _set_links(
    session: Session,
    item: WorkItem,
    resolver: UnitResolver,
    leads: list[str] | None,
    supports: list[str] | None,
) -> None:
    """Rebuild an item's unit links; ``None`` keeps that role's current units.

    New lead units replace the item's lead and plainly responsible units.
    """
    current = [(link.unit, link.role) for link in item.units]
    if leads is None:
        lead_units = [(u, r) for u, r in current if r != UnitRole.SUPPORT]
    else:
        lead_units = [(resolver.resolve(name), UnitRole.LEAD) for name in leads]
    if supports is None:
        support_units = [(u, r) for u, r in current if r == UnitRole.SUPPORT]
    else:
        support_units = [(resolver.resolve(name), UnitRole.SUPPORT) for name in supports]
    wanted: list[tuple[Unit, UnitRole]] = []
    seen: set[int] = set()
    for unit, role in lead_units + support_units:
        if unit.id not in seen:
            seen.add(unit.id)
            wanted.append((unit, role))
    if [(u.id, r) for u, r in wanted] == [(u.id, r) for u, r in current]:
        return
    item.units.clear()
    session.flush()
    for position, (unit, role) in enumerate(wanted):
        item.units.append(ItemUnit(unit=unit, role=role, position=position))


def _apply_changes(
    session: Session,
    item: WorkItem,
    changes: ItemChanges,
    resolver: UnitResolver,
    today: date,
) -> audit.Change:
    """Apply ``changes`` to ``item``; return what really changed (for the audit log)."""
    recorded: audit.Change = {}
    before_lead = _names(item, lead=True)
    before_support = _names(item, lead=False)
    if changes.lead_units is not KEEP or changes.support_units is not KEEP:
        _set_links(
            session,
            item,
            resolver,
            None if changes.lead_units is KEEP else _clean_names(changes.lead_units),
            None if changes.support_units is KEEP else _clean_names(changes.support_units),
        )
        audit.diff("lead_units", before_lead, _names(item, lead=True), recorded)
        audit.diff("support_units", before_support, _names(item, lead=False), recorded)
    if changes.owner is not KEEP:
        owner = (changes.owner or "").strip()
        new_owner = person_by_name(session, owner) if owner else None
        audit.diff(
            "owner",
            item.owner.name if item.owner else None,
            new_owner.name if new_owner else None,
            recorded,
        )
        item.owner = new_owner
    if changes.leader is not KEEP:
        leader = (changes.leader or "").strip() or None
        audit.diff("leader", item.leader, leader, recorded)
        item.leader = leader
    if changes.due_date is not KEEP:
        if changes.due_date is not None:
            check_date(changes.due_date, "完成时限")
        audit.diff("due_date", item.due_date, changes.due_date, recorded)
        item.due_date = changes.due_date
        if changes.due_date is not None:
            item.deadline_kind = DeadlineKind.DATE
        elif item.deadline_kind == DeadlineKind.DATE:
            item.deadline_kind = DeadlineKind.NONE
    if changes.status is not KEEP and changes.status != item.status:
        audit.diff("status", item.status, changes.status, recorded)
        if changes.status == Status.DONE:
            item.completed_on = today
        elif item.status == Status.DONE:
            item.completed_on = None
        item.status = changes.status
    if changes.title is not KEEP:
        audit.diff("title", item.title, changes.title.strip(), recorded)
        item.title = changes.title.strip()
    if changes.remarks is not KEEP:
        audit.diff("remarks", item.remarks, changes.remarks.strip(), recorded)
        item.remarks = changes.remarks.strip()
    return recorded


def _check_progress(entry: NewProgress) -> None:
    if not entry.text.strip():
        raise InvalidInputError("进展情况不能为空。")
    if entry.entry_date is not None:
        check_date(entry.entry_date, "进展日期")
    for value in (entry.text, entry.problems, entry.next_steps):
        if len(value) > MAX_TEXT:
            raise InvalidInputError(f"内容过长(不超过{MAX_TEXT}字)。")


def _append_progress(
    session: Session,
    item: WorkItem,
    entry: NewProgress,
    actor: str,
    today: date,
    *,
    flush: bool = True,
) -> ProgressEntry:
    """Add a progress entry to ``item`` in the caller's transaction, with its audit entry.

    ``flush=False`` leaves the entry unflushed (no id yet): a batch flushes once at its end.
    """
    text = entry.text.strip()
    progress = ProgressEntry(
        item_id=item.id,
        entry_date=entry.entry_date or today,
        text=text,
        problems=entry.problems.strip(),
        next_steps=entry.next_steps.strip(),
        reported_by=(entry.reported_by or "").strip() or None,
        source=entry.source.value,
        origin=entry.origin,
        created_by=actor,
    )
    session.add(progress)
    changes: audit.Change = {
        "progress": [None, f"{progress.entry_date.isoformat()} {_short(text, 60)}"]
    }
    if item.status == Status.TODO:
        audit.diff("status", item.status, Status.IN_PROGRESS, changes)
        item.status = Status.IN_PROGRESS
    item.touch()
    if flush:
        session.flush()
    Auditor(session, actor)(
        AuditEntity.ITEM,
        item.id,
        AuditAction.PROGRESS,
        "添加进展" if entry.source == ProgressSource.MANUAL else "导入进展",
        changes,
    )
    return progress


def _clean_names(names: Sequence[str]) -> list[str]:
    return [" ".join(name.split()) for name in names if name and name.strip()]


def _names(item: WorkItem, *, lead: bool) -> list[str]:
    """The names in the 牵头单位 column (``lead``) or the 配合单位 column of ``item``."""
    if lead:
        return [link.unit.name for link in answering_units(item.units)]
    return [link.unit.name for link in item.units if link.role == UnitRole.SUPPORT]


def _describe(changes: audit.Change) -> str:
    return "修改" + "、".join(field_label(name) for name in changes)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _load_items(session: Session, ids: list[int]) -> list[WorkItem]:
    """The items to change, locked until the transaction ends.

    On a shared server a second clerk's change to the same items waits for this one instead of
    failing on the version check half-way; in id order, so two changes never wait on each
    other. (SQLite's write transactions are serialised already and ignore the lock.)
    """
    check_ids(ids)
    items = session.scalars(
        select(WorkItem)
        .where(WorkItem.id.in_(ids))
        .order_by(WorkItem.id)
        .with_for_update(of=WorkItem)
        .options(
            selectinload(WorkItem.units).selectinload(ItemUnit.unit),
            selectinload(WorkItem.owner),
        )
    ).all()
    by_id = {item.id: item for item in items}
    missing = [item_id for item_id in ids if item_id not in by_id]
    if missing:
        raise NotFoundError(f"事项 {', '.join(map(str, missing))} 不存在。")
    return [by_id[item_id] for item_id in ids]
