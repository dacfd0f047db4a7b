"""Writing and reading the audit log."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.domain import AuditAction, AuditEntity
from tracker.dto import AuditRow
from tracker.models import AuditEntry

Change = dict[str, list[Any]]


def jsonable(value: Any) -> Any:
    """Return ``value`` in a form JSON can store (dates as ISO text, enums as labels)."""
    if isinstance(value, Enum) and hasattr(value, "label"):
        return value.label
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(part) for part in value]
    return value


def diff(field_name: str, before: Any, after: Any, changes: Change) -> None:
    """Add ``field_name: [before, after]`` to ``changes`` when the value really changes."""
    old, new = jsonable(before), jsonable(after)
    if old != new:
        changes[field_name] = [old, new]


class Auditor:
    """Writes the audit entries of one clerk into the caller's transaction.

    A service makes one per transaction (``Auditor(session, actor)``) and calls it once per
    change: ``audit(AuditEntity.UNIT, unit.id, AuditAction.RENAME, "改名为…", changes)``.
    """

    def __init__(self, session: Session, actor: str) -> None:
        self._session = session
        self._actor = actor

    def __call__(
        self,
        entity: AuditEntity,
        entity_id: int,
        action: AuditAction,
        summary: str = "",
        changes: Change | None = None,
    ) -> None:
        """Add one entry to the audit log."""
        self._session.add(
            AuditEntry(
                actor=self._actor,
                entity=entity.value,
                entity_id=entity_id,
                action=action.value,
                changes=changes or {},
                summary=summary,
            )
        )


def history(session: Session, entity: AuditEntity, entity_id: int) -> tuple[AuditRow, ...]:
    """Return the changes recorded for one record, newest first."""
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == entity.value, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return tuple(
        AuditRow(at=e.at, actor=e.actor, action=e.action, changes=e.changes, summary=e.summary)
        for e in entries
    )
