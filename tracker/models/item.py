"""Work items (工作要点 / 任务) with their units, progress reports and delays."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import flag_modified

from tracker.domain import DeadlineKind, Status, UnitRole
from tracker.models.base import Base, enum_column, now
from tracker.models.directory import Person, Unit

if TYPE_CHECKING:
    from tracker.models.document import Document


def _new_key() -> str:
    return uuid.uuid4().hex


class WorkItem(Base):
    """One task of the ledger: a numbered paragraph of a document, or one a clerk added."""

    __tablename__ = "work_items"
    __table_args__ = (
        Index("ix_work_items_document_seq", "document_id", "seq"),
        Index("ix_work_items_status_due", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable key written into exported sheets so that filled-in copies find their item.
    item_key: Mapped[str] = mapped_column(String(32), unique=True, default=_new_key)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(default=0)
    number: Mapped[str | None] = mapped_column(String(50))
    heading_path: Mapped[list[str]] = mapped_column(default=list)
    title: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text, default="")
    deadline_text: Mapped[str | None] = mapped_column(String(500))
    due_date: Mapped[date | None]
    deadline_kind: Mapped[DeadlineKind] = mapped_column(
        enum_column(DeadlineKind), default=DeadlineKind.NONE
    )
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.TODO)
    completed_on: Mapped[date | None]
    leader: Mapped[str | None] = mapped_column(String(100))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    remarks: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now)
    #: Optimistic locking: every UPDATE checks and bumps it.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it as is

    document: Mapped[Document | None] = relationship(back_populates="items")
    owner: Mapped[Person | None] = relationship()
    units: Mapped[list[ItemUnit]] = relationship(
        back_populates="item",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ItemUnit.position",
    )
    progress: Mapped[list[ProgressEntry]] = relationship(
        back_populates="item",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(ProgressEntry.entry_date.desc(), ProgressEntry.id.desc())",
    )
    delays: Mapped[list[Delay]] = relationship(
        back_populates="item",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Delay.id",
    )

    def touch(self) -> None:
        """Mark the item changed, so that its version advances even if no column of it did."""
        self.updated_at = now()
        flag_modified(self, "updated_at")


class ItemUnit(Base):
    """A unit's part in an item: lead, support or plainly responsible, in printed order."""

    __tablename__ = "item_units"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role: Mapped[UnitRole] = mapped_column(enum_column(UnitRole))
    position: Mapped[int] = mapped_column(default=0)

    item: Mapped[WorkItem] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()


class ProgressEntry(Base):
    """A dated progress report (进展情况) on an item; entries are only ever added."""

    __tablename__ = "progress_entries"
    __table_args__ = (
        Index("ix_progress_entries_item_date", "item_id", "entry_date"),
        Index("uq_progress_entries_origin", "origin", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"))
    entry_date: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    problems: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str | None] = mapped_column(String(100))
    #: Where the entry came from: typed in the window/CLI, or read back from a filled-in sheet.
    source: Mapped[str] = mapped_column(String(20), default="manual")
    #: For entries read back from a sheet: a digest of the returned row (item, exported
    #: version and words), so that reading one returned sheet twice records it once.
    origin: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=now)
    created_by: Mapped[str | None] = mapped_column(String(100))

    item: Mapped[WorkItem] = relationship(back_populates="progress")


class Delay(Base):
    """An approved delay (延期): the due date before and after, and why."""

    __tablename__ = "delays"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("work_items.id", ondelete="CASCADE"), index=True
    )
    old_due_date: Mapped[date | None]
    new_due_date: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    requested_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=now)
    created_by: Mapped[str | None] = mapped_column(String(100))

    item: Mapped[WorkItem] = relationship(back_populates="delays")
