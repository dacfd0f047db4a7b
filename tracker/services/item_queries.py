"""The ledger's read model: the item query compiled to SQL, and rows assembled from it.

``tracker.query.ItemQuery`` says which items; here it becomes SQL with the same meaning its
``predicate`` has on loaded rows (tests/services/test_item_query.py holds the two together).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Text,
    and_,
    cast,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from tracker.domain import (
    MAX_ID,
    OPEN_STATUSES,
    AuditEntity,
    DeadlineKind,
    DueRange,
    ProgressSource,
    Status,
    UnitRole,
    Urgency,
    due_soon_range,
    overdue_range,
    urgency_for,
)
from tracker.dto import DelayRow, ItemDetail, ItemFilter, ItemRow, ProgressRow, UnitRef
from tracker.errors import NotFoundError
from tracker.models import Delay, Document, ItemUnit, Person, ProgressEntry, Unit, WorkItem
from tracker.query import NOTHING, ItemQuery, folded_variants
from tracker.services import audit
from tracker.services.directory_service import UnitResolver

Query = Select[*tuple[Any, ...]]
Condition = ColumnElement[bool]


# ---- reading -------------------------------------------------------------------------------


def list_rows(session: Session, query: ItemQuery, today: date, warning_days: int) -> list[ItemRow]:
    """The items ``query`` lets through, in document order."""
    dialect = session.get_bind().dialect.name
    conditions = compile_query(query, dialect, today, warning_days)
    return _rows(session, _base_query().where(*conditions), today, warning_days)


def rows_by_id(session: Session, ids: list[int], today: date, warning_days: int) -> list[ItemRow]:
    """The items with ``ids``, in that order (missing ones left out)."""
    rows = _rows(session, _base_query().where(WorkItem.id.in_(ids)), today, warning_days)
    by_id = {row.id: row for row in rows}
    return [by_id[item_id] for item_id in ids if item_id in by_id]


def item_detail(session: Session, item_id: int, today: date, warning_days: int) -> ItemDetail:
    """One item with its progress, delays and change history.

    Raises:
        NotFoundError: when the item does not exist.
    """
    check_ids([item_id])
    rows = rows_by_id(session, [item_id], today, warning_days)
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
        delays=tuple(delay_row(delay) for delay in delays),
        history=audit.history(session, AuditEntity.ITEM, item_id),
    )


def query_from_filter(session: Session, item_filter: ItemFilter) -> ItemQuery:
    """The item query a command line filter describes (a unit named is looked up by alias).

    A unit name the directory does not know matches nothing.
    """
    unit_id = item_filter.unit_id
    if item_filter.unit:
        unit = UnitResolver(session).find(item_filter.unit)
        if unit is None:
            return NOTHING
        unit_id = unit.id
    return ItemQuery(
        text=item_filter.text,
        statuses=item_filter.statuses or None,
        document_id=item_filter.document_id,
        heading_prefix=item_filter.heading_prefix,
        unit_id=unit_id,
        person=item_filter.person,
        due_before=item_filter.due_before,
        due_after=item_filter.due_after,
        urgency=Urgency.OVERDUE if item_filter.overdue else None,
        due_within_days=item_filter.due_within_days,
    )


# ---- the query in SQL ----------------------------------------------------------------------


def compile_query(
    query: ItemQuery, dialect: str, today: date, warning_days: int
) -> list[Condition]:
    """The WHERE conditions of ``query`` for ``dialect`` ("sqlite" or "postgresql").

    ``today`` and ``warning_days`` must be those the rows' urgency is computed with.
    """
    conditions: list[Condition] = []
    if query.statuses is not None:
        if not query.statuses:
            return [false()]
        conditions.append(WorkItem.status.in_(sorted(query.statuses)))
    if query.document_id is not None:
        conditions.append(WorkItem.document_id == query.document_id)
    for depth, part in enumerate(query.heading_prefix):
        conditions.append(WorkItem.heading_path[depth].as_string() == part)
    if query.unit_id is not None:
        conditions.append(
            WorkItem.id.in_(select(ItemUnit.item_id).where(ItemUnit.unit_id == query.unit_id))
        )
    person = query.person_term
    if person is not None:
        conditions.append(_contains(Person.name, person, dialect))
    if query.due_range is not None:
        conditions.append(_due_in(query.due_range))
    if query.no_due_date:
        conditions.append(WorkItem.due_date.is_(None))
    if query.urgency is not None:
        conditions.append(_urgency_is(query.urgency, today, warning_days))
    if query.due_within_days is not None:
        conditions.append(_open_and_due_in(due_soon_range(today, query.due_within_days)))
    conditions.extend(_text_matches(term, dialect) for term in query.terms)
    return conditions


def _due_in(due: DueRange) -> Condition:
    # ``is not null`` first: a missing date makes the whole condition false, never null (a
    # null would turn ``not`` of it into null too, and 正常 would lose the undated items).
    parts: list[Condition] = [WorkItem.due_date.is_not(None)]
    if due.first is not None:
        parts.append(WorkItem.due_date >= due.first)
    if due.last is not None:
        parts.append(WorkItem.due_date <= due.last)
    return and_(*parts)


def _open_and_due_in(due: DueRange) -> Condition:
    return and_(WorkItem.status.in_(sorted(OPEN_STATUSES)), _due_in(due))


def _urgency_is(urgency: Urgency, today: date, warning_days: int) -> Condition:
    """``urgency_for`` in SQL, from the same ranges."""
    overdue = _open_and_due_in(overdue_range(today))
    due_soon = _open_and_due_in(due_soon_range(today, warning_days))
    if urgency == Urgency.DONE:
        return WorkItem.status == Status.DONE
    if urgency == Urgency.OVERDUE:
        return overdue
    if urgency == Urgency.DUE_SOON:
        return and_(not_(overdue), due_soon)
    return and_(WorkItem.status != Status.DONE, not_(overdue), not_(due_soon))


def _text_matches(term: str, dialect: str) -> Condition:
    """An item one of whose searched fields (``tracker.query.haystack``) holds ``term``."""
    units = (
        select(ItemUnit.item_id)
        .join(Unit, ItemUnit.unit_id == Unit.id)
        .where(_contains(Unit.name, term, dialect))
    )
    latest_progress = (
        select(ProgressEntry.text)
        .where(ProgressEntry.item_id == WorkItem.id)
        .order_by(ProgressEntry.entry_date.desc(), ProgressEntry.id.desc())
        .limit(1)
        .correlate(WorkItem)
        .scalar_subquery()
    )
    elements = (
        func.json_array_elements_text(WorkItem.heading_path)
        if dialect == "postgresql"
        else func.json_each(WorkItem.heading_path)
    ).table_valued("value")
    heading = (
        select(literal(1))
        .select_from(elements)
        .where(_contains(elements.c.value, term, dialect))
        .correlate(WorkItem)
        .exists()
    )
    return or_(
        _contains(WorkItem.title, term, dialect),
        _contains(WorkItem.content, term, dialect),
        WorkItem.id.in_(units),
        _contains(Person.name, term, dialect),
        _contains(WorkItem.leader, term, dialect),
        _contains(WorkItem.deadline_text, term, dialect),
        _contains(latest_progress, term, dialect),
        heading,
        _contains(WorkItem.remarks, term, dialect),
    )


def _contains(column: Any, term: str, dialect: str) -> Condition:
    """``column`` holds ``term`` (folded) with the meaning of ``tracker.query.fold``.

    Every character of the term becomes the set of characters that fold to it, so nothing
    depends on the database's own case rules (SQLite's LIKE folds ASCII only, PostgreSQL's
    is case-sensitive and its lower() follows the server's locale).
    """
    if dialect == "postgresql":
        return column.op("~")(_regex_pattern(term))  # type: ignore[no-any-return]
    return column.op("GLOB")(_glob_pattern(term))  # type: ignore[no-any-return]


@lru_cache(maxsize=256)
def _glob_pattern(term: str) -> str:
    """SQLite GLOB: ``*`` ``?`` ``[`` in brackets; ``]`` first, ``^`` and ``-`` last in a set."""
    parts = ["*"]
    for char in term:
        variants = folded_variants(char)
        if len(variants) == 1:
            parts.append(f"[{char}]" if char in "*?[" else char)
            continue
        special = char if char in "]^-" else ""
        others = "".join(v for v in variants if v != special)
        parts.append(f"[]{others}]" if special == "]" else f"[{others}{special}]")
    parts.append("*")
    return "".join(parts)


@lru_cache(maxsize=256)
def _regex_pattern(term: str) -> str:
    """PostgreSQL ARE: each character an alternation of its variants, ASCII marks escaped."""
    parts = []
    for char in term:
        variants = [_regex_escape(v) for v in folded_variants(char)]
        parts.append(variants[0] if len(variants) == 1 else "(?:" + "|".join(variants) + ")")
    return "".join(parts)


def _regex_escape(char: str) -> str:
    return "\\" + char if char.isascii() and not char.isalnum() else char


# ---- building rows -------------------------------------------------------------------------


def check_ids(ids: Iterable[int]) -> None:
    """Refuse ids no database can hold, before they reach a query (which would overflow).

    Raises:
        NotFoundError: for an id below 1 or above 2^63 − 1.
    """
    impossible = [item_id for item_id in ids if not 0 < item_id <= MAX_ID]
    if impossible:
        raise NotFoundError(f"事项 {', '.join(map(str, impossible))} 不存在。")


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


def _rows(session: Session, query: Query, today: date, warning_days: int) -> list[ItemRow]:
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
                warning=urgency_for(status, due_date, today, warning_days),
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
        source=ProgressSource(entry.source),
        created_at=entry.created_at,
        created_by=entry.created_by,
    )


def delay_row(delay: Delay) -> DelayRow:
    """Plain data of a delay."""
    return DelayRow(
        id=delay.id,
        old_due_date=delay.old_due_date,
        new_due_date=delay.new_due_date,
        reason=delay.reason,
        requested_on=delay.requested_on,
        created_by=delay.created_by,
    )
