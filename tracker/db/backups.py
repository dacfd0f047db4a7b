"""Backup files of a SQLite ledger: names, creation, listing."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from tracker.db import sqlite
from tracker.db.problems import unavailable
from tracker.dto import BACKUP_REASONS as REASONS
from tracker.dto import BackupFile
from tracker.errors import DatabaseError

_NAME = re.compile(r"^tracker-(\d{8}-\d{6})-([a-z]+)(?:-\d+)?\.db$")


def make_backup(source: Path, folder: Path, reason: str, when: datetime | None = None) -> Path:
    """Back up the database file ``source`` into ``folder``; return the new file."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    when = when or datetime.now()
    stem = f"tracker-{when:%Y%m%d-%H%M%S}-{reason}"
    target = folder / f"{stem}.db"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{stem}-{counter}.db"
    sqlite.backup_file(source, target)
    return target


def list_backups(folder: Path) -> list[BackupFile]:
    """Return the backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match:
            continue
        made_at = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        found.append(BackupFile(path=path, made_at=made_at, reason=match.group(2)))
    found.sort(key=lambda backup: (backup.made_at, backup.path.name), reverse=True)
    return found


def newest_good_backup(folder: Path) -> Path | None:
    """The newest backup in ``folder`` that passes the integrity check."""
    for backup in list_backups(folder):
        if sqlite.is_sound(backup.path):
            return backup.path
    return None


def good_backups_to_keep(backups: list[BackupFile]) -> set[Path]:
    """The newest backup of each kind that passes the integrity check: never pruned.

    Whatever their age: after weeks of starts on a damaged ledger, the last good copy is the
    one that matters.
    """
    keep: set[Path] = set()
    for reason in {backup.reason for backup in backups}:
        for backup in backups:  # newest first
            if backup.reason == reason and sqlite.is_sound(backup.path):
                keep.add(backup.path)
                break
    return keep


def replace_damaged(database: Path, backup: Path, when: datetime | None = None) -> Path:
    """Put a backup in place of a damaged database; the damaged file is kept beside it.

    Only a database SQLite itself finds damaged is replaced, and never before the backup's copy
    is complete and checked beside it: a full disk or a lock leaves everything as it was.

    Returns:
        Where the damaged file was moved (never deleted: it may still be rescued).

    Raises:
        DatabaseError: the database is not damaged (nothing to replace), it cannot be reached
            (busy, read-only, full, I/O), or the backup cannot be copied or is damaged itself.
    """
    try:
        problems = sqlite.quick_check(database)
    except sqlite.UnreadableDatabase as error:
        raise unavailable(error.problem, database) from error
    if not problems:
        raise DatabaseError(
            f"数据库文件没有损坏,不需要用备份替换:{database}",
            hint="如要回到备份时的状态,请使用“从备份恢复”(会先备份当前状态)。",
        )
    when = when or datetime.now()
    incoming = database.with_name(f"{database.name}.restoring")
    try:
        sqlite.backup_file(backup, incoming)
    except sqlite.CopyFailed as error:
        if error.problem is sqlite.Problem.DAMAGED:
            raise DatabaseError(f"备份文件也未通过完整性检查:{backup}") from error
        raise unavailable(error.problem, incoming.parent) from error
    keep = database.with_name(f"{database.name}.damaged-{when:%Y%m%d-%H%M%S}")
    os.replace(database, keep)
    for suffix in ("-wal", "-shm"):
        side = database.with_name(database.name + suffix)
        if side.exists():
            os.replace(side, keep.with_name(keep.name + suffix))
    os.replace(incoming, database)
    return keep
