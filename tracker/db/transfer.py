"""Copying a whole ledger into another database (a local file onto a shared server).

Every table is copied in one transaction on the target, in dependency order, with its ids; the
copy is then read back inside the same transaction and compared with the source table by table
(row count and a SHA-256 of the rows in id order). Any difference rolls the copy back, so the
target is either a faithful copy or untouched.
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import Connection, CursorResult

from tracker.db import postgres
from tracker.db.engine import Database
from tracker.errors import ConflictError, DatabaseError, InvalidInputError
from tracker.models import Base, limits

log = logging.getLogger(__name__)

BATCH = 1000


@dataclass(frozen=True)
class TableCopy:
    """One table's rows on both sides and whether their checksums agree."""

    table: str
    source_rows: int
    target_rows: int
    source_sha256: str
    target_sha256: str

    @property
    def matches(self) -> bool:
        """Same number of rows with the same contents."""
        return self.source_rows == self.target_rows and self.source_sha256 == self.target_sha256


@dataclass(frozen=True)
class TransferReport:
    """What ``copy_ledger`` copied and verified."""

    source: str
    target: str
    tables: tuple[TableCopy, ...]

    @property
    def total_rows(self) -> int:
        """Rows copied, all tables together."""
        return sum(table.target_rows for table in self.tables)

    @property
    def checksum(self) -> str:
        """One SHA-256 over every table's checksum, to quote in a report."""
        digest = hashlib.sha256()
        for table in self.tables:
            digest.update(f"{table.table}:{table.target_sha256}".encode())
        return digest.hexdigest()


def copy_ledger(
    source: Database, target: Database, progress: Callable[[str, int], None] | None = None
) -> TransferReport:
    """Copy every row of ``source`` into the empty ledger ``target`` and verify the copy.

    Both must be open (and so at the newest schema).

    Raises:
        ConflictError: when the target already holds a ledger's data.
        DatabaseError: when the copy does not read back identical (nothing is kept).
    """
    tables = list(Base.metadata.sorted_tables)
    with target.engine.connect() as into:
        occupied = [
            t.name for t in tables if into.execute(select(func.count()).select_from(t)).scalar()
        ]
    if occupied:
        raise ConflictError(
            f"目标数据库中已有数据({'、'.join(occupied)}),没有复制。",
            hint="请使用一个新建的空数据库。",
        )
    copies: list[TableCopy] = []
    with source.engine.connect() as source_connection, target.engine.begin() as into:
        for table in tables:
            rows = _copy_table(source_connection, into, table)
            if progress is not None:
                progress(table.name, rows)
        if postgres.is_postgres(target.url):
            postgres.reset_sequences(into, _serial_columns(tables))
        for table in tables:
            source_rows, source_sha = _digest(source_connection, table)
            target_rows, target_sha = _digest(into, table)
            copies.append(TableCopy(table.name, source_rows, target_rows, source_sha, target_sha))
        mismatched = [copy.table for copy in copies if not copy.matches]
        if mismatched:
            log.error("copy verification failed for %s", mismatched)
            raise DatabaseError(
                f"复制后的数据与原数据不一致({'、'.join(mismatched)}),复制已撤销。",
                hint="目标数据库保持原样;原台账没有改动。",
            )
    report = TransferReport(source.describe(), target.describe(), tuple(copies))
    log.info("copied ledger %s -> %s: %d rows", report.source, report.target, report.total_rows)
    return report


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    copied = 0
    for chunk in _in_key_order(source, table).mappings().partitions(BATCH):
        rows = [dict(row) for row in chunk]
        _check_lengths(table, rows)
        target.execute(insert(table), rows)
        copied += len(chunk)
    return copied


def _check_lengths(table: Table, rows: list[dict[str, Any]]) -> None:
    """Refuse rows a server would refuse: an older SQLite ledger may hold longer text.

    Raises:
        InvalidInputError: naming the row and the field (the copy is rolled back).
    """
    for row in rows:
        problems = limits.overlong(table, row)
        if problems:
            where = _WHERE.get(table.name, table.name)
            raise InvalidInputError(
                f"原台账中{where}(编号 {row.get('id')})的内容过长,没有迁移:"
                + ";".join(problems)
                + "。",
                hint="请在原台账中改短后再迁移;两个数据库都没有改动。",
            )


#: How a clerk names the rows of each table, for messages.
_WHERE = {
    "work_items": "事项",
    "progress_entries": "一条进展",
    "units": "一个单位",
    "people": "一位人员",
    "documents": "一份文件",
    "delays": "一条延期记录",
    "unit_aliases": "一个单位别名",
    "audit_log": "一条操作记录",
}


def _digest(connection: Connection, table: Table) -> tuple[int, str]:
    """Rows and a SHA-256 of their canonical form, in primary-key order."""
    digest = hashlib.sha256()
    count = 0
    for row in _in_key_order(connection, table):
        digest.update(_canonical(row).encode("utf-8"))
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _in_key_order(connection: Connection, table: Table) -> CursorResult[Any]:
    """Every row of ``table`` in primary-key order, fetched in batches."""
    return connection.execution_options(yield_per=BATCH).execute(
        select(table).order_by(*table.primary_key.columns)
    )


def _canonical(values: Iterable[Any]) -> str:
    return json.dumps([_plain(value) for value in values], ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    return value


def _serial_columns(tables: list[Table]) -> list[tuple[str, str]]:
    return [
        (table.name, column.name)
        for table in tables
        for column in table.primary_key.columns
        if column.autoincrement is not False
        and len(table.primary_key.columns) == 1
        and column.type.python_type is int
    ]
