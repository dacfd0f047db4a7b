"""The program's settings, shared by the window and the command line (a small JSON file)."""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from tracker import credentials
from tracker.domain import DEFAULT_WARNING_DAYS
from tracker.errors import InvalidInputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """What a clerk can set: names used in titles and history, warnings, where backups go."""

    #: The bureau's name, used in export titles (e.g. XX县卫生健康局).
    bureau_name: str = ""
    #: Items due within this many days are shown as due soon.
    warning_days: int = DEFAULT_WARNING_DAYS
    #: The name written into the change history; empty means the computer's user name.
    user_name: str = ""
    #: Where backups go; empty means the data folder's ``backups``.
    backup_dir: str = ""
    #: A shared ledger on a PostgreSQL server (a SQLAlchemy URL); empty means the local file.
    database: str = ""

    def actor(self) -> str:
        """Who is making changes: the name set here, else the operating-system user."""
        if self.user_name.strip():
            return self.user_name.strip()
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "未知用户"

    def validated(self) -> Settings:
        """Return these settings checked and tidied.

        Raises:
            InvalidInputError: when a value is out of range.
        """
        if not 0 <= self.warning_days <= 365:
            raise InvalidInputError("临期提醒天数应在 0 到 365 之间。")
        return replace(
            self,
            bureau_name=self.bureau_name.strip(),
            user_name=self.user_name.strip(),
            backup_dir=self.backup_dir.strip(),
            database=self.database.strip(),
        )


def load_settings(path: Path) -> Settings:
    """Read the settings file; a missing or damaged file gives the defaults (and a log line)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as error:
        log.warning("settings file %s unreadable, using defaults: %s", path, error)
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    if credentials.has_password(str(raw.get("database", ""))):
        _owner_only(path)
    known: dict[str, Any] = {}
    for spec in fields(Settings):
        value = raw.get(spec.name)
        default = getattr(Settings(), spec.name)
        if isinstance(value, type(default)) and not isinstance(value, bool):
            known[spec.name] = value
    try:
        loaded = Settings(**known).validated()
    except InvalidInputError:
        return Settings()
    return replace(loaded, database=credentials.bring_back(loaded.database))


def _owner_only(path: Path) -> None:
    """Make a settings file written by an older version (0644) readable by its owner only."""
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError as error:
        log.warning("cannot restrict %s: %s", path, error)


def save_settings(path: Path, settings: Settings) -> None:
    """Write the settings file atomically (a crash leaves the old file); only its owner reads it.

    A server password is put in the system's keyring; where there is none it stays in this
    file, which is created readable and writable by its owner alone.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    validated = settings.validated()
    stored = replace(validated, database=credentials.put_away(validated.database))
    partial = path.with_name(path.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(json.dumps(asdict(stored), ensure_ascii=False, indent=2))
    os.replace(partial, path)
