"""Source documents (来源文件)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, now

if TYPE_CHECKING:
    from tracker.models.item import WorkItem


class Document(Base):
    """A policy document (or one part of a file holding several) that items came from."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    doc_number: Mapped[str | None] = mapped_column(String(100))
    doc_date: Mapped[date | None]
    issuer: Mapped[str | None] = mapped_column(String(200))
    file_name: Mapped[str | None] = mapped_column(String(500))
    content_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    imported_at: Mapped[datetime] = mapped_column(default=now)

    items: Mapped[list[WorkItem]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )
