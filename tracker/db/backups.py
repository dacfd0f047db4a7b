"""Backup files of a SQLite ledger: names, creation, listing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tracker.db import sqlite

#: Why a backup was made; the value is part of the file name.
REASONS = {
    "daily": "每日自动",
    "manual": "手动",
    "upgrade": "升级前",
    "import": "导入前",
    "restore": "恢复前",
}

_NAME = re.compile(r"^tracker-(\d{8}-\d{6})-([a-z]+)(?:-\d+)?\.db$")


@dataclass(frozen=True)
class BackupFile:
    """A backup found in a backup folder."""

    path: Path
    made_at: datetime
    reason: str

    @property
    def reason_label(self) -> str:
        """The reason in Chinese."""
        return REASONS.get(self.reason, self.reason)


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
