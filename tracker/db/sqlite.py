"""Everything specific to SQLite, the embedded default ledger.

The rest of the program speaks SQLAlchemy and stays ready for a shared PostgreSQL server;
connection pragmas, explicit transaction control, file backups, read-only peeks and integrity
checks of a SQLite file live here.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine

#: Execution option marking a connection that will write: it starts with BEGIN IMMEDIATE so
#: that a second writer waits for the busy timeout instead of failing half-way.
WRITE_OPTION = "tracker_write"

#: Milliseconds a connection waits for another one's lock before giving up.
BUSY_TIMEOUT_MS = 15_000


def is_sqlite(url: URL) -> bool:
    """Tell whether ``url`` points at SQLite."""
    return url.get_backend_name() == "sqlite"


def file_path(url: URL) -> Path | None:
    """Return the database file of a SQLite URL, or None for an in-memory database."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database)


def engine_arguments() -> dict[str, Any]:
    """Extra ``create_engine`` arguments for a SQLite file."""
    return {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}}


def configure_engine(engine: Engine) -> None:
    """Install the per-connection pragmas and explicit BEGIN handling on ``engine``.

    pysqlite's own transaction handling begins lazily and commits DDL on its own, which breaks
    transactional migrations; we switch it off and emit BEGIN ourselves.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        with closing(dbapi_connection.cursor()) as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        writes = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


@contextmanager
def foreign_keys_off(connection: Connection) -> Iterator[None]:
    """Switch foreign keys off around a migration, then check none was broken.

    ``PRAGMA foreign_keys`` is a no-op inside a transaction, so it is set on the raw driver
    connection before SQLAlchemy begins one. With foreign keys on, the table rebuilds of
    Alembic's batch mode would delete child rows.
    """
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def foreign_key_violations(connection: Connection) -> list[tuple[Any, ...]]:
    """Return the rows of ``PRAGMA foreign_key_check`` (empty when all is well)."""
    return [tuple(row) for row in connection.exec_driver_sql("PRAGMA foreign_key_check")]


class UnreadableDatabase(Exception):
    """The file is not a SQLite database, or it is damaged beyond opening."""


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=15)


def peek_revision(path: Path) -> tuple[bool, str | None]:
    """Read a database file's schema revision without changing the file.

    Returns:
        ``(has_tables, revision)``: whether the file holds any table at all, and the Alembic
        revision it records (None when it records none).

    Raises:
        UnreadableDatabase: when the file is not a SQLite database.
    """
    try:
        with closing(_connect_read_only(path)) as connection:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if "alembic_version" not in tables:
                return bool(tables), None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return True, (row[0] if row else None)
    except sqlite3.DatabaseError as error:
        raise UnreadableDatabase(str(error)) from error


def has_sqlite_header(path: Path) -> bool:
    """Whether a file starts like a SQLite database (so an unreadable one is damaged, not alien)."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def backup_file(source: Path, target: Path) -> None:
    """Copy a live database with SQLite's online backup API (safe while others use it).

    The copy is written next to ``target`` and moved into place, so a crash never leaves a
    half-written backup under the final name.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(_connect_read_only(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise OSError(f"backup of {source} failed: {error}") from error
    os.replace(partial, target)


def quick_check(path: Path) -> list[str]:
    """Run SQLite's quick integrity check; return the problems found (empty when sound)."""
    try:
        with closing(_connect_read_only(path)) as connection:
            rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def restore_file(backup: Path, live: Path) -> None:
    """Copy the content of ``backup`` into the live database file, page by page.

    The backup API takes the live file's locks, so a copy never mixes with a half-written
    state; callers close their own connections first.
    """
    with (
        closing(_connect_read_only(backup)) as src,
        closing(sqlite3.connect(live, timeout=BUSY_TIMEOUT_MS / 1000)) as dst,
    ):
        src.backup(dst)


_NETWORK_FILESYSTEMS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smbfs",
    "smb3",
    "afs",
    "ncpfs",
    "fuse.sshfs",
    "9p",
    "davfs",
    "fuse.davfs2",
    "glusterfs",
    "ceph",
}


def is_network_path(path: Path) -> bool:
    r"""Tell whether a database file would live on a network share (unsafe for SQLite locking).

    Windows: a UNC path (\\server\share) or a drive the system reports as remote. Linux: the
    filesystem type of the mount the folder is on. Elsewhere (macOS) only UNC-like paths count.
    """
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0]
        if drive:
            drive_type = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
            return bool(drive_type == 4)  # DRIVE_REMOTE
        return False
    mounts = Path("/proc/mounts")
    if not mounts.exists():
        return False
    folder = os.path.realpath(path.parent if not path.is_dir() else path)
    best, best_type = "", ""
    try:
        for line in mounts.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split()
            if len(parts) < 3:
                continue
            mount_point = parts[1].replace("\\040", " ")
            inside = folder == mount_point or folder.startswith(mount_point.rstrip("/") + "/")
            if inside and len(mount_point) > len(best):
                best, best_type = mount_point, parts[2]
    except OSError:
        return False
    return best_type in _NETWORK_FILESYSTEMS
