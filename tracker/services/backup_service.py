"""Backups of the ledger: on demand, daily, before risky work; restoring one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from tracker.db import Database, migrations, sqlite
from tracker.db.backups import good_backups_to_keep, list_backups, make_backup
from tracker.db.problems import unavailable
from tracker.dto import BackupFile
from tracker.errors import DamagedDatabaseError, DatabaseError, NotFoundError

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
        folder = to if to is not None and to.suffix.lower() != ".db" else self.folder
        try:
            if to is not None and (to.suffix.lower() == ".db" and not to.is_dir()):
                sqlite.backup_file(source, to)
                target = to
            else:
                target = make_backup(source, to or self.folder, reason, when)
        except sqlite.CopyFailed as error:
            log.warning("backup failed (%s)", error.problem.value)
            if error.problem is sqlite.Problem.DAMAGED:
                # A copy of a damaged ledger never counts as a backup, and no more is written.
                self._db.damaged = True
                raise DamagedDatabaseError(source, None, while_working=True) from error
            raise unavailable(
                error.problem, folder if error.problem is sqlite.Problem.FULL else source
            ) from error
        except OSError as error:
            log.warning("backup failed: %s", error.__class__.__name__)
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
        stale = [old for old in existing if old.reason == "daily" and old.made_at < cutoff]
        if stale:
            keep = good_backups_to_keep(self.list())
            for old in stale:
                if old.path not in keep:
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
            if error.problem is not sqlite.Problem.DAMAGED:
                raise unavailable(error.problem, backup) from error
            raise DatabaseError(f"备份文件已损坏或不是数据库:{backup.name}") from error
        if problems or not has_tables or revision is None:
            raise DatabaseError(f"备份文件已损坏或不是督办台账数据库:{backup.name}")
        migrations.check_revision(revision)
        safety = self.backup(reason="restore")
        self._db.dispose()
        try:
            sqlite.restore_file(backup, source)
        except sqlite.CopyFailed as error:
            # SQLite copies inside one transaction of the live file: a failed copy leaves it whole.
            raise unavailable(error.problem, source) from error
        if not sqlite.is_sound(source):
            log.warning("restored %s fails the integrity check; putting %s back", source, safety)
            sqlite.restore_file(safety, source)
            raise DatabaseError(
                "恢复后的数据库未通过完整性检查,已还原为恢复前的状态。",
                hint=f"恢复前的状态另存于:{safety}",
            )
        if revision != migrations.head_revision():
            migrations.upgrade(self._db.engine)
        log.info("restored %s from %s (previous state in %s)", source, backup, safety)
        return safety
