"""The ledger's items: query, assign, progress, status, delays, history."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, String, Text, cast, func, or_, select, type_coerce
from sqlalchemy.orm import Session, selectinload

from tracker.db import Database
from tracker.domain import (
    MAX_DATE,
    MAX_ID,
    OPEN_STATUSES,
    DeadlineKind,
    Status,
    UnitRole,
    check_date,
    field_label,
    warning_for,
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
    UnitRef,
    UnitReport,
)
from tracker.errors import ConflictError, InvalidInputError, NotFoundError
from tracker.models import Delay, Document, ItemUnit, Person, ProgressEntry, Unit, WorkItem
from tracker.services import audit
from tracker.services.context import ServiceContext
from tracker.services.directory_service import UnitResolver, person_by_name

Query = Select[*tuple[Any, ...]]

#: Longest text a clerk can type into one progress field.
MAX_TEXT = 20_000


class ItemService:
    """Use cases of the ledger's items. Each public method is one transaction."""

    def __init__(self, db: Database, context: ServiceContext) -> None:
        self._db = db
        self._context = context

    # ---- queries -------------------------------------------------------------------------

    def list_items(self, item_filter: ItemFilter | None = None) -> list[ItemRow]:
        """Return the items matching ``item_filter`` in document order."""
        item_filter = item_filter or ItemFilter()
        with self._db.read() as session:
            query = self._filtered(session, item_filter)
            if query is None:
                return []
            return _rows(
                session,
                query,
                self._context.today(),
                self._context.warning_days(),
                item_filter.heading_prefix,
            )

    def get_item(self, item_id: int) -> ItemDetail:
        """Return one item with its progress, delays and change history.

        Raises:
            NotFoundError: when the item does not exist.
        """
        _check_ids([item_id])
        with self._db.read() as session:
            rows = _rows(
                session,
                _base_query().where(WorkItem.id == item_id),
                self._context.today(),
                self._context.warning_days(),
            )
            if not rows:
                raise NotFoundError(f"事项 {item_id} 不存在。")
            progress = session.scalars(
                select(ProgressEntry)
                .where(ProgressEntry.item_id == item_id)
                .order_by(ProgressEntry.entry_date.desc(), ProgressEntry.id.desc())
            ).all()
            delays = session.scalars(
                select(Delay).where(Delay.item_id == item_id).order_by(Delay.id.desc())
            ).all()
            return ItemDetail(
                row=rows[0],
                progress=tuple(progress_row(entry) for entry in progress),
                delays=tuple(_delay_row(delay) for delay in delays),
                history=audit.history(session, "item", item_id),
            )

    def _filtered(self, session: Session, item_filter: ItemFilter) -> Query | None:
        query = _base_query()
        today = self._context.today()
        if item_filter.document_id is not None:
            query = query.where(WorkItem.document_id == item_filter.document_id)
        unit_id = item_filter.unit_id
        if item_filter.unit:
            unit = UnitResolver(session).find(item_filter.unit)
            if unit is None:
                return None
            unit_id = unit.id
        if unit_id is not None:
            query = query.where(
                WorkItem.id.in_(select(ItemUnit.item_id).where(ItemUnit.unit_id == unit_id))
            )
        if item_filter.person:
            query = query.where(Person.name.contains(item_filter.person.strip(), autoescape=True))
        if item_filter.statuses:
            query = query.where(WorkItem.status.in_(sorted(item_filter.statuses)))
        if item_filter.due_before is not None:
            query = query.where(WorkItem.due_date <= item_filter.due_before)
        if item_filter.due_after is not None:
            query = query.where(WorkItem.due_date >= item_filter.due_after)
        if item_filter.overdue:
            query = query.where(
                WorkItem.status.in_(sorted(OPEN_STATUSES)), WorkItem.due_date < today
            )
        if item_filter.due_within_days is not None:
            within = min(item_filter.due_within_days, (MAX_DATE - today).days)
            query = query.where(
                WorkItem.status.in_(sorted(OPEN_STATUSES)),
                WorkItem.due_date >= today,
                WorkItem.due_date <= min(MAX_DATE, today + timedelta(days=within)),
            )
        for term in item_filter.text.split():
            query = query.where(_text_matches(term))
        return query

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
                keep_responsible=False,
            )
            if owner:
                item.owner = person_by_name(session, owner)
            session.flush()
            audit.record(
                session,
                actor=self._context.actor(),
                entity="item",
                entity_id=item.id,
                action="create",
                summary=f"新增事项“{title}”",
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
                    audit.record(
                        session,
                        actor=actor,
                        entity="item",
                        entity_id=item.id,
                        action="update",
                        changes=recorded,
                        summary=_describe(recorded),
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

        An entry whose origin is already in the ledger (the same returned row, read before)
        is not added again. A status is changed only when the item is still at the version
        the clerk previewed; otherwise it is left for the clerk (``changed_since``).

        Raises:
            NotFoundError: when an item no longer exists (nothing is recorded then).
        """
        for report in reports:
            if report.entry is not None:
                _check_progress(report.entry)
        actor, today = self._context.actor(), self._context.today()
        entries = statuses = repeated = 0
        changed_since: list[int] = []
        origins = {r.entry.origin for r in reports if r.entry is not None and r.entry.origin}
        with self._db.write() as session:
            items = {item.id: item for item in _load_items(session, [r.item_id for r in reports])}
            recorded_before = set(
                session.scalars(
                    select(ProgressEntry.origin).where(ProgressEntry.origin.in_(origins))
                )
            )
            resolver = UnitResolver(session)
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
                    _append_progress(session, item, entry, actor, today)
                    recorded_before.add(entry.origin)
                    entries += 1
                if status is not None and status != item.status:
                    recorded = _apply_changes(
                        session, item, ItemChanges(status=status), resolver, today
                    )
                    item.touch()
                    audit.record(
                        session,
                        actor=actor,
                        entity="item",
                        entity_id=item.id,
                        action="update",
                        changes=recorded,
                        summary="导入进展:" + _describe(recorded),
                    )
                    statuses += 1
        return ReportsRecorded(
            entries_added=entries,
            statuses_changed=statuses,
            repeated=repeated,
            changed_since=tuple(changed_since),
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
            audit.record(
                session,
                actor=actor,
                entity="item",
                entity_id=item.id,
                action="delay",
                changes=changes,
                summary=f"延期至{delay.new_due_date.isoformat()}:{_short(reason, 60)}",
            )
            return _delay_row(row)

    def delete_items(self, item_ids: Iterable[int]) -> int:
        """Delete items with their progress and delays; the audit log keeps what they were.

        Raises:
            NotFoundError: when an item does not exist.
        """
        ids = list(dict.fromkeys(item_ids))
        actor = self._context.actor()
        with self._db.write() as session:
            for item in _load_items(session, ids):
                audit.record(
                    session,
                    actor=actor,
                    entity="item",
                    entity_id=item.id,
                    action="delete",
                    changes={"title": [item.title, None]},
                    summary=f"删除事项“{_short(item.title)}”",
                )
                session.delete(item)
        return len(ids)

    def _rows_by_id(self, ids: list[int]) -> list[ItemRow]:
        with self._db.read() as session:
            rows = _rows(
                session,
                _base_query().where(WorkItem.id.in_(ids)),
                self._context.today(),
                self._context.warning_days(),
            )
        by_id = {row.id: row for row in rows}
        return [by_id[item_id] for item_id in ids if item_id in by_id]


# ---- helpers -------------------------------------------------------------------------------


def _set_links(
    session: Session,
    item: WorkItem,
    resolver: UnitResolver,
    leads: list[str] | None,
    supports: list[str] | None,
    *,
    keep_responsible: bool,
) -> None:
    """Rebuild an item's unit links; ``None`` keeps that role's current units."""
    current = [(link.unit, link.role) for link in item.units]
    if leads is None:
        lead_units = [(u, r) for u, r in current if r in (UnitRole.LEAD, UnitRole.RESPONSIBLE)]
    else:
        lead_units = [(resolver.resolve(name), UnitRole.LEAD) for name in leads]
        if keep_responsible:
            lead_units += [(u, r) for u, r in current if r == UnitRole.RESPONSIBLE]
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
            keep_responsible=False,
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
    session: Session, item: WorkItem, entry: NewProgress, actor: str, today: date
) -> ProgressEntry:
    """Add a progress entry to ``item`` in the caller's transaction, with its audit entry."""
    text = entry.text.strip()
    progress = ProgressEntry(
        item_id=item.id,
        entry_date=entry.entry_date or today,
        text=text,
        problems=entry.problems.strip(),
        next_steps=entry.next_steps.strip(),
        reported_by=(entry.reported_by or "").strip() or None,
        source=entry.source,
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
    session.flush()
    audit.record(
        session,
        actor=actor,
        entity="item",
        entity_id=item.id,
        action="progress",
        changes=changes,
        summary="添加进展" if entry.source == "manual" else "导入进展",
    )
    return progress


def _clean_names(names: Sequence[str]) -> list[str]:
    return [" ".join(name.split()) for name in names if name and name.strip()]


def _names(item: WorkItem, *, lead: bool) -> list[str]:
    roles = (UnitRole.LEAD, UnitRole.RESPONSIBLE) if lead else (UnitRole.SUPPORT,)
    return [link.unit.name for link in item.units if link.role in roles]


def _describe(changes: audit.Change) -> str:
    return "修改" + "、".join(field_label(name) for name in changes)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_ids(ids: Iterable[int]) -> None:
    """Refuse ids no database can hold, before they reach a query (which would overflow).

    Raises:
        NotFoundError: for an id below 1 or above 2^63 − 1.
    """
    impossible = [item_id for item_id in ids if not 0 < item_id <= MAX_ID]
    if impossible:
        raise NotFoundError(f"事项 {', '.join(map(str, impossible))} 不存在。")


def _load_items(session: Session, ids: list[int]) -> list[WorkItem]:
    """The items to change, locked until the transaction ends.

    On a shared server a second clerk's change to the same items waits for this one instead of
    failing on the version check half-way; in id order, so two changes never wait on each
    other. (SQLite's write transactions are serialised already and ignore the lock.)
    """
    _check_ids(ids)
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


# ---- building rows -------------------------------------------------------------------------


_RAW_TEXT = String()


def _base_query() -> Query:
    # Enum, JSON and date columns come back as plain text (SQLite) and are converted with
    # caches in _rows: thousands of items share a few statuses, heading paths and dates.
    table = WorkItem.__table__.c
    return (
        select(
            WorkItem.id,
            WorkItem.item_key,
            WorkItem.document_id,
            Document.title.label("document_title"),
            WorkItem.seq,
            WorkItem.number,
            # Cast, not coerce: PostgreSQL's driver would otherwise hand back decoded JSON.
            cast(table.heading_path, Text).label("heading_path"),
            WorkItem.title,
            WorkItem.content,
            Person.name.label("owner_name"),
            Person.phone.label("owner_phone"),
            WorkItem.leader,
            WorkItem.deadline_text,
            type_coerce(table.due_date, _RAW_TEXT).label("due_date"),
            type_coerce(table.deadline_kind, _RAW_TEXT).label("deadline_kind"),
            type_coerce(table.status, _RAW_TEXT).label("status"),
            type_coerce(table.completed_on, _RAW_TEXT).label("completed_on"),
            WorkItem.remarks,
            WorkItem.version,
            type_coerce(table.updated_at, _RAW_TEXT).label("updated_at"),
        )
        .outerjoin(Document, WorkItem.document_id == Document.id)
        .outerjoin(Person, WorkItem.owner_id == Person.id)
    )


def _text_matches(term: str) -> Any:
    unit_match = (
        select(ItemUnit.item_id)
        .join(Unit, ItemUnit.unit_id == Unit.id)
        .where(Unit.name.contains(term, autoescape=True))
    )
    return or_(
        WorkItem.title.contains(term, autoescape=True),
        WorkItem.content.contains(term, autoescape=True),
        WorkItem.remarks.contains(term, autoescape=True),
        WorkItem.leader.contains(term, autoescape=True),
        WorkItem.deadline_text.contains(term, autoescape=True),
        Person.name.contains(term, autoescape=True),
        WorkItem.id.in_(unit_match),
    )


def _rows(
    session: Session,
    query: Query,
    today: date,
    warning_days: int,
    heading_prefix: tuple[str, ...] = (),
) -> list[ItemRow]:
    """Run an item query and assemble rows with units and the latest progress.

    Executed on the connection (no ORM identity map) and unpacked as tuples: at tens of
    thousands of items this is what keeps opening the window quick.
    """
    query = query.order_by(
        WorkItem.document_id.is_(None), WorkItem.document_id, WorkItem.seq, WorkItem.id
    )
    connection = session.connection()
    records = connection.execute(query).all()
    paths: dict[str | None, tuple[str, ...]] = {}

    def heading_of(raw: str | None) -> tuple[str, ...]:
        found = paths.get(raw)
        if found is None:
            found = paths[raw] = tuple(json.loads(raw)) if raw else ()
        return found

    if heading_prefix:
        size = len(heading_prefix)
        records = [r for r in records if heading_of(r.heading_path)[:size] == heading_prefix]
    if not records:
        return []
    ids = select(query.subquery().c.id)
    units: dict[int, list[UnitRef]] = defaultdict(list)
    refs: dict[tuple[int, UnitRole], UnitRef] = {}
    for item_id, unit_id, name, role in connection.execute(
        select(ItemUnit.item_id, Unit.id, Unit.name, ItemUnit.role)
        .join(Unit, ItemUnit.unit_id == Unit.id)
        .where(ItemUnit.item_id.in_(ids))
        .order_by(ItemUnit.item_id, ItemUnit.position)
    ).all():
        ref = refs.get((unit_id, role))
        if ref is None:
            ref = refs[(unit_id, role)] = UnitRef(id=unit_id, name=name, role=role)
        units[item_id].append(ref)
    ranked = (
        select(
            ProgressEntry.item_id,
            ProgressEntry.text,
            type_coerce(ProgressEntry.__table__.c.entry_date, _RAW_TEXT).label("entry_date"),
            func.row_number()
            .over(
                partition_by=ProgressEntry.item_id,
                order_by=(ProgressEntry.entry_date.desc(), ProgressEntry.id.desc()),
            )
            .label("rank"),
        )
        .where(ProgressEntry.item_id.in_(ids))
        .subquery()
    )
    latest = {
        item_id: (text, entry_date)
        for item_id, text, entry_date in connection.execute(
            select(ranked.c.item_id, ranked.c.text, ranked.c.entry_date).where(ranked.c.rank == 1)
        ).all()
    }
    no_progress = (None, None)
    rows = []
    for (
        item_id,
        item_key,
        document_id,
        document_title,
        seq,
        number,
        raw_path,
        title,
        content,
        owner_name,
        owner_phone,
        leader,
        deadline_text,
        due_date,
        raw_kind,
        raw_status,
        completed_on,
        remarks,
        version,
        updated_at,
    ) in records:
        progress_text, progress_date = latest.get(item_id, no_progress)
        status = _STATUSES[raw_status]
        due_date = _as_date(due_date)
        rows.append(
            ItemRow(
                id=item_id,
                item_key=item_key,
                document_id=document_id,
                document_title=document_title,
                seq=seq,
                number=number,
                heading_path=heading_of(raw_path),
                title=title,
                content=content,
                units=tuple(units.get(item_id, ())),
                owner_name=owner_name,
                owner_phone=owner_phone,
                leader=leader,
                deadline_text=deadline_text,
                due_date=due_date,
                deadline_kind=_KINDS[raw_kind],
                status=status,
                completed_on=_as_date(completed_on),
                remarks=remarks,
                latest_progress=progress_text,
                latest_progress_date=_as_date(progress_date),
                warning=warning_for(status, due_date, today, warning_days),
                version=version,
                updated_at=_as_datetime(updated_at),
            )
        )
    return rows


@lru_cache(maxsize=4096)
def _as_date(raw: str | date | None) -> date | None:
    """A date column read as text (SQLite) or as a date (PostgreSQL's driver)."""
    return date.fromisoformat(raw) if isinstance(raw, str) else raw


@lru_cache(maxsize=4096)
def _as_datetime(raw: str | datetime) -> datetime:
    """A timestamp column read as text (SQLite) or as a datetime (PostgreSQL's driver)."""
    return datetime.fromisoformat(raw) if isinstance(raw, str) else raw


_STATUSES = {status.value: status for status in Status}
_KINDS = {kind.value: kind for kind in DeadlineKind}


def progress_row(entry: ProgressEntry) -> ProgressRow:
    """Plain data of a progress entry."""
    return ProgressRow(
        id=entry.id,
        entry_date=entry.entry_date,
        text=entry.text,
        problems=entry.problems,
        next_steps=entry.next_steps,
        reported_by=entry.reported_by,
        source=entry.source,
        created_at=entry.created_at,
        created_by=entry.created_by,
    )


def _delay_row(delay: Delay) -> DelayRow:
    return DelayRow(
        id=delay.id,
        old_due_date=delay.old_due_date,
        new_due_date=delay.new_due_date,
        reason=delay.reason,
        requested_on=delay.requested_on,
        created_by=delay.created_by,
    )
