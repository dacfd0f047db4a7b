"""Backup files of a SQLite ledger: names, creation, listing."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from tracker.db import sqlite
from tracker.dto import BACKUP_REASONS as REASONS
from tracker.dto import BackupFile

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
        try:
            if not sqlite.quick_check(backup.path):
                return backup.path
        except OSError:
            continue
    return None


def replace_damaged(database: Path, backup: Path, when: datetime | None = None) -> Path:
    """Put a backup in place of a damaged database; the damaged file is kept beside it.

    Returns:
        Where the damaged file was moved (never deleted: it may still be rescued).
    """
    when = when or datetime.now()
    keep = database.with_name(f"{database.name}.damaged-{when:%Y%m%d-%H%M%S}")
    os.replace(database, keep)
    for suffix in ("-wal", "-shm"):
        side = database.with_name(database.name + suffix)
        if side.exists():
            os.replace(side, keep.with_name(keep.name + suffix))
    sqlite.backup_file(backup, database)
    return keep
