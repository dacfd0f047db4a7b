"""Every path the program uses, in one place.

Nothing else in the program computes a path from ``__file__``: the data directory, the
database, backups, logs, settings, bundled resources and the migration scripts all come from
here. ``TRACKER_HOME`` moves the per-user files under one folder (tests, development, a
portable copy on a USB stick).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "duban-tracker"


def _bundle_root() -> Path:
    """Return the folder holding ``tracker/``, ``resources/`` and ``data/``.

    In a PyInstaller build that is the unpacked bundle; otherwise the source checkout.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class AppPaths:
    """The per-user folders: the ledger's data and the program's settings."""

    data_dir: Path
    config_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        """Return the platform's user folders, or those under ``TRACKER_HOME`` when set."""
        home = os.environ.get("TRACKER_HOME")
        if home:
            base = Path(home).expanduser()
            return cls(data_dir=base / "data", config_dir=base / "config")
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)),
        )

    @property
    def db_file(self) -> Path:
        """The embedded SQLite ledger."""
        return self.data_dir / "tracker.db"

    @property
    def default_backups_dir(self) -> Path:
        """Where backups go unless the settings name another folder."""
        return self.data_dir / "backups"

    @property
    def logs_dir(self) -> Path:
        """Log files (errors and unexpected exceptions)."""
        return self.data_dir / "logs"

    @property
    def log_file(self) -> Path:
        """The current log file."""
        return self.logs_dir / "tracker.log"

    @property
    def templates_dir(self) -> Path:
        """The clerk's own copies of the Word templates (督办单, 通报), used before the shipped ones."""
        return self.data_dir / "templates"

    @property
    def settings_file(self) -> Path:
        """The program's settings shared by the window and the command line."""
        return self.config_dir / "settings.json"

    def ensure(self) -> None:
        """Create the folders if they do not exist yet."""
        for folder in (self.data_dir, self.config_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)


def resource_path(*parts: str) -> Path:
    """Return a file under ``resources/`` (icons, stylesheet, templates)."""
    return _bundle_root().joinpath("resources", *parts)


def data_path(*parts: str) -> Path:
    """Return a bundled file under ``data/`` (the sample document)."""
    return _bundle_root().joinpath("data", *parts)


def migrations_dir() -> Path:
    """Return the Alembic script folder shipped inside the package."""
    return _bundle_root() / "tracker" / "migrations"
