"""The longest value each text column holds, checked before anything is written.

PostgreSQL refuses a value longer than its ``VARCHAR(n)``; SQLite stores it. Checking here,
on both, keeps one schema with one set of limits: a clerk hears which field is too long, and a
ledger never holds what a shared server would refuse when it is migrated there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import String, Table, event
from sqlalchemy.orm import Session, sessionmaker

from tracker.errors import InvalidInputError

#: What a clerk calls each limited column (table.column).
LABELS = {
    "audit_log.actor": "操作人",
    "units.name": "单位名称",
    "units.short_name": "单位简称",
    "units.contact": "联系人",
    "units.phone": "联系电话",
    "unit_aliases.alias": "单位别名",
    "people.name": "人员姓名(责任人)",
    "people.phone": "人员电话",
    "documents.title": "文件标题",
    "documents.doc_number": "文号",
    "documents.issuer": "发文单位",
    "documents.file_name": "文件名",
    "work_items.number": "序号",
    "work_items.deadline_text": "完成时限",
    "work_items.leader": "责任领导",
    "progress_entries.reported_by": "报送单位(报送人)",
    "progress_entries.created_by": "录入人",
    "delays.created_by": "录入人",
    "rounds.name": "调度名称",
    "rounds.folder": "保存文件夹",
    "rounds.schedule": "调度周期",
    "rounds.created_by": "录入人",
    "round_units.file_name": "填报表文件名",
    "reminders.answered_by": "接听人(答复人)",
    "reminders.created_by": "录入人",
}


def limited_columns(table: Table) -> list[tuple[str, int]]:
    """The text columns of ``table`` that have a length, with it."""
    return [
        (column.name, column.type.length)
        for column in table.columns
        if isinstance(column.type, String) and column.type.length
    ]


def overlong(table: Table, row: Mapping[str, Any]) -> list[str]:
    """What is too long in ``row`` of ``table``, as clerk-readable phrases."""
    found = []
    for name, length in limited_columns(table):
        value = row.get(name)
        if isinstance(value, str) and len(value) > length:
            label = LABELS.get(f"{table.name}.{name}", name)
            shown = value[:12] + "…"
            found.append(f"“{label}”最多{length}字,“{shown}”有{len(value)}字")
    return found


def clipped(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with text cut to the columns' lengths.

    For what a document says (a title over several lines, a heading taken for a leader's
    name): the whole text stays in the task's content, so nothing a clerk needs is lost.
    """
    limits = dict(limited_columns(table))
    return {
        name: value[: limits[name]] if isinstance(value, str) and name in limits else value
        for name, value in values.items()
    }


def check_objects(objects: Iterable[Any]) -> None:
    """Refuse to write ORM objects holding a value longer than its column.

    Raises:
        InvalidInputError: naming the field and its limit.
    """
    for obj in objects:
        table = getattr(obj, "__table__", None)
        if not isinstance(table, Table):
            continue
        values = {name: getattr(obj, name, None) for name, _ in limited_columns(table)}
        problems = overlong(table, values)
        if problems:
            raise InvalidInputError(
                "内容过长,没有保存:" + ";".join(problems) + "。", hint="请改短后重试。"
            )


def enforce_on(factory: sessionmaker[Session]) -> None:
    """Check every flush of sessions made by ``factory``."""

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        check_objects([*session.new, *session.dirty])

    event.listen(factory, "before_flush", before_flush)
