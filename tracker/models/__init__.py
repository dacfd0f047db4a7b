"""The ledger's tables (SQLAlchemy ORM). Only the database layer and the services use them."""

from tracker.models.audit import AuditEntry
from tracker.models.base import Base
from tracker.models.directory import Person, Unit, UnitAlias
from tracker.models.document import Document
from tracker.models.item import Delay, ItemUnit, ProgressEntry, WorkItem

__all__ = [
    "AuditEntry",
    "Base",
    "Delay",
    "Document",
    "ItemUnit",
    "Person",
    "ProgressEntry",
    "Unit",
    "UnitAlias",
    "WorkItem",
]
