"""Reporting rounds (调度): who was asked for progress on which tasks, who answered, and 催办."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.domain import ReminderWay
from tracker.models.base import MAX_NAME, Base, enum_column, now
from tracker.models.directory import Unit


def _new_key() -> str:
    return uuid.uuid4().hex


class ReportingRound(Base):
    """One reporting round: units asked for progress on a set of tasks by a reply-by date."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A random token written into the round's workbooks with its id: a workbook from another
    #: ledger whose round has the same id is refused.
    round_key: Mapped[str] = mapped_column(String(32), unique=True, default=_new_key)
    name: Mapped[str] = mapped_column(String(MAX_NAME), unique=True)
    reply_by: Mapped[date]
    #: What the round asked about, in words ("来源文件:… 状态:待办理、推进中").
    scope: Mapped[str] = mapped_column(Text, default="")
    #: The folder the fill-in workbooks and the send list were written to.
    folder: Mapped[str] = mapped_column(String(500), default="")
    #: The repeating phrase the round follows, as the clerk wrote it (每月5日前), if any.
    schedule: Mapped[str | None] = mapped_column(String(MAX_NAME))
    created_at: Mapped[datetime] = mapped_column(default=now)
    created_by: Mapped[str | None] = mapped_column(String(MAX_NAME))

    units: Mapped[list[RoundUnit]] = relationship(
        back_populates="round", cascade="all, delete-orphan", passive_deletes=True
    )


class RoundItem(Base):
    """A task in a round's scope and the unit asked about it, frozen when the round was made."""

    __tablename__ = "round_items"
    __table_args__ = (Index("ix_round_items_item_id", "item_id"),)

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True
    )


class RoundUnit(Base):
    """A unit asked in a round: the file written for it and when it answered."""

    __tablename__ = "round_units"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    file_name: Mapped[str] = mapped_column(String(200))
    task_count: Mapped[int] = mapped_column(default=0)
    #: The day the unit's first returned file was received (None: 未报).
    replied_on: Mapped[date | None]
    #: Replied after the round's reply-by date (迟报).
    late: Mapped[bool] = mapped_column(default=False)
    #: SHA-256 of the last returned file read: the same file again changes nothing.
    digest: Mapped[str | None] = mapped_column(String(64))
    #: How many returned files of the unit were read in this round.
    receipts: Mapped[int] = mapped_column(default=0)

    round: Mapped[ReportingRound] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()


class Reminder(Base):
    """A 催办: a unit chased on a day, how, who answered and what they said."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", ondelete="SET NULL"), index=True
    )
    reminded_on: Mapped[date]
    way: Mapped[ReminderWay] = mapped_column(enum_column(ReminderWay))
    answered_by: Mapped[str | None] = mapped_column(String(MAX_NAME))
    said: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now)
    created_by: Mapped[str | None] = mapped_column(String(MAX_NAME))

    unit: Mapped[Unit] = relationship()
    round: Mapped[ReportingRound | None] = relationship()
    items: Mapped[list[ReminderItem]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ReminderItem.item_id"
    )


class ReminderItem(Base):
    """A task a 催办 was about."""

    __tablename__ = "reminder_items"
    __table_args__ = (Index("ix_reminder_items_item_id", "item_id"),)

    reminder_id: Mapped[int] = mapped_column(
        ForeignKey("reminders.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True
    )
