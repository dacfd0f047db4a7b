"""The ledger's tables (SQLAlchemy ORM). Only the database layer and the services use them."""

from tracker.models.audit import AuditEntry
from tracker.models.base import Base
from tracker.models.directory import Person, Unit, UnitAlias
from tracker.models.document import Document
from tracker.models.item import Delay, ItemUnit, ProgressEntry, WorkItem
from tracker.models.round import Reminder, ReminderItem, ReportingRound, RoundItem, RoundUnit

__all__ = [
    "AuditEntry",
    "Base",
    "Delay",
    "Document",
    "ItemUnit",
    "Person",
    "ProgressEntry",
    "Reminder",
    "ReminderItem",
    "ReportingRound",
    "RoundItem",
    "RoundUnit",
    "Unit",
    "UnitAlias",
    "WorkItem",
]
