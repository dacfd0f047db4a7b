"""Copying the open ledger into another, empty database (a local file onto a shared server)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tracker.db import Database, database_url, open_database
from tracker.db.transfer import TransferReport, copy_ledger
from tracker.errors import InvalidInputError


class TransferService:
    """``migrate-db``: one verified copy of the whole ledger, or nothing."""

    def __init__(self, db: Database, backup_folder: Callable[[], Path]) -> None:
        self._db = db
        self._backup_folder = backup_folder

    def copy_to(
        self,
        location: str,
        *,
        started: Callable[[str, str], None] | None = None,
        progress: Callable[[str, int], None] | None = None,
    ) -> TransferReport:
        """Copy every row into the empty ledger at ``location`` and verify the copy.

        ``started`` hears where from and where to, once the target is open; ``progress`` each
        table and its rows.

        Raises:
            InvalidInputError: when ``location`` is the open ledger itself.
            ConflictError: when the target already holds a ledger's data.
            DatabaseError: when the copy does not read back identical (nothing is kept).
        """
        if database_url(location) == self._db.url:
            raise InvalidInputError("目标数据库就是当前台账,无需复制。")
        target = open_database(location, backups_dir=self._backup_folder())
        try:
            if started is not None:
                started(self._db.describe(), target.describe())
            return copy_ledger(self._db, target, progress)
        finally:
            target.dispose()
