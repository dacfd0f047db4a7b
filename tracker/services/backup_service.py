"""Backups of the ledger: on demand, daily, before risky work; restoring one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from tracker.db import Database, migrations, sqlite
from tracker.db.backups import list_backups, make_backup
from tracker.dto import BackupFile
from tracker.errors import DatabaseError, NotFoundError

log = logging.getLogger(__name__)

#: Daily backups older than this many days are removed; other kinds are kept.
KEEP_DAILY_DAYS = 14


class BackupService:
    """Use cases of backing up and restoring a SQLite ledger."""

    def __init__(self, db: Database, folder: Callable[[], Path]) -> None:
        self._db = db
        self._folder = folder

    @property
    def folder(self) -> Path:
        """Where backups are written now."""
        return self._folder()

    def _source(self) -> Path:
        path = self._db.sqlite_file
        if path is None:
            raise DatabaseError(
                "共享数据库(服务器)的备份由服务器管理员负责,本程序只备份本机数据库文件。"
            )
        return path

    def backup(
        self, *, to: Path | None = None, reason: str = "manual", when: datetime | None = None
    ) -> Path:
        """Write a backup copy; into ``to`` (a folder or a file name) when given.

        Raises:
            DatabaseError: when the ledger is not a local file or the copy cannot be written.
        """
        source = self._source()
        try:
            if to is not None and (to.suffix.lower() == ".db" and not to.is_dir()):
                sqlite.backup_file(source, to)
                target = to
            else:
                target = make_backup(source, to or self.folder, reason, when)
        except OSError as error:
            log.exception("backup failed")
            raise DatabaseError("备份失败。", hint=str(error)) from error
        log.info("backup written to %s", target)
        return target

    def list(self) -> list[BackupFile]:
        """The backups in the backup folder, newest first."""
        return list_backups(self.folder)

    def daily_backup(self, now: datetime | None = None) -> Path | None:
        """Make today's automatic backup unless one exists; drop daily ones past 14 days.

        A ledger on a shared server is backed up by the server's administrator: nothing to do.
        """
        if self._db.sqlite_file is None:
            return None
        now = now or datetime.now()
        existing = self.list()
        result = None
        if not any(b.reason == "daily" and b.made_at.date() == now.date() for b in existing):
            result = self.backup(reason="daily", when=now)
        cutoff = now - timedelta(days=KEEP_DAILY_DAYS)
        for old in existing:
            if old.reason == "daily" and old.made_at < cutoff:
                old.path.unlink(missing_ok=True)
        return result

    def restore(self, backup: Path) -> Path:
        """Replace the ledger's content with ``backup``; the current state is backed up first.

        Returns:
            The backup of the state before restoring.

        Raises:
            NotFoundError: when the backup file does not exist.
            DatabaseError: when it is damaged, not a ledger, or from a newer version.
        """
        source = self._source()
        if not backup.is_file():
            raise NotFoundError(f"备份文件不存在:{backup}")
        try:
            problems = sqlite.quick_check(backup)
            has_tables, revision = sqlite.peek_revision(backup)
        except sqlite.UnreadableDatabase as error:
            raise DatabaseError(f"备份文件已损坏或不是数据库:{backup.name}") from error
        if problems or not has_tables or revision is None:
            raise DatabaseError(f"备份文件已损坏或不是督办台账数据库:{backup.name}")
        migrations.check_revision(revision)
        safety = self.backup(reason="restore")
        self._db.dispose()
        sqlite.restore_file(backup, source)
        if revision != migrations.head_revision():
            migrations.upgrade(self._db.engine)
        log.info("restored %s from %s (previous state in %s)", source, backup, safety)
        return safety
