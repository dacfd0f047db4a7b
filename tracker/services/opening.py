"""Opening a ledger: the database (upgraded to the newest schema) and the services on it.

The composition root builds one :class:`LedgerOpener` and hands it to the window and the
command line; neither reaches up into ``tracker.app`` to open a ledger or its backups.

The database layer (SQLAlchemy, the models) is imported when a ledger is opened, not when this
module is: the window is shown before that, so a clerk sees the program at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import DatabaseError, NotFoundError
from tracker.paths import AppPaths
from tracker.settings import Settings, load_settings

if TYPE_CHECKING:
    from tracker.dto import BackupFile
    from tracker.services.bundle import Services


def backup_folder(paths: AppPaths, settings: Settings) -> Path:
    """Where backups go: the folder named in the settings, else the data folder's."""
    return (
        Path(settings.backup_dir).expanduser() if settings.backup_dir else paths.default_backups_dir
    )


class LedgerRecovery:
    """Backups of the ledger, reachable even when the ledger itself cannot be opened."""

    def __init__(self, location: str, paths: AppPaths) -> None:
        self._location = location
        self.folder = backup_folder(paths, load_settings(paths.settings_file))

    def list(self) -> list[BackupFile]:
        """The backups, newest first."""
        from tracker.db.backups import list_backups  # late: see the module's docstring

        return list_backups(self.folder)

    def choose(self, name: str) -> Path:
        """The backup named on the command line: a path, or "latest" for the newest good one.

        Raises:
            NotFoundError: when there is no such backup.
        """
        from tracker.db.backups import newest_good_backup  # late: see the module's docstring

        if name == "latest":
            newest = newest_good_backup(self.folder)
            if newest is None:
                raise NotFoundError(f"备份文件夹中没有可用的备份:{self.folder}")
            return newest
        path = Path(name).expanduser()
        if not path.is_absolute() and not path.exists():
            path = self.folder / name
        if not path.is_file():
            raise NotFoundError(f"备份文件不存在:{name}")
        return path

    def replace_damaged(self, backup: Path) -> Path:
        """Put ``backup`` in place of the damaged ledger file, keeping the damaged one.

        Raises:
            DatabaseError: for a server ledger, or when the backup is damaged too.
        """
        from tracker.db import database_url, sqlite  # late: see the module's docstring
        from tracker.db.backups import replace_damaged

        target = sqlite.file_path(database_url(self._location))
        if target is None:
            raise DatabaseError("只能恢复本机数据库文件。")
        if not sqlite.is_sound(backup):
            raise DatabaseError(f"备份文件也已损坏:{backup}")
        return replace_damaged(target, backup)


class LedgerOpener:
    """Opens ledgers for one user's paths and settings (re-read whenever they are used)."""

    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths

    def open(self, location: str) -> Services:
        """Open the ledger at ``location`` (upgrading it) and build its services.

        Raises:
            UserError: when it cannot be opened (see ``open_database``).
        """
        return open_services(location, self.paths, self.paths.settings_file)

    def recovery(self, location: str) -> LedgerRecovery:
        """The backups of the ledger at ``location``."""
        return LedgerRecovery(location, self.paths)


def open_services(location: str, paths: AppPaths, settings_file: Path) -> Services:
    """Open the ledger (upgrading it) and build its services; settings are re-read on use."""
    from tracker.db import open_database  # late: see the module's docstring
    from tracker.services.bundle import build_services
    from tracker.services.context import ServiceContext

    def current() -> Settings:
        return load_settings(settings_file)

    settings = current()
    db = open_database(location, backups_dir=backup_folder(paths, settings))
    context = ServiceContext(
        actor=lambda: current().actor(),
        today=date.today,
        warning_days=lambda: current().warning_days,
    )
    return build_services(
        db,
        context,
        lambda: backup_folder(paths, current()),
        bureau_name=lambda: current().bureau_name,
        templates_dir=lambda: paths.templates_dir,
    )
