"""Everything specific to SQLite, the embedded default ledger.

The rest of the program speaks SQLAlchemy and stays ready for a shared PostgreSQL server;
connection pragmas, explicit transaction control, file backups, read-only peeks and integrity
checks of a SQLite file live here.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from enum import Enum
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


class Problem(Enum):
    """Why SQLite could not do what was asked, by its own error code."""

    DAMAGED = "damaged"
    BUSY = "busy"
    READ_ONLY = "read_only"
    FULL = "full"
    CANT_OPEN = "cant_open"
    IO = "io"
    OTHER = "other"


#: SQLite's primary result codes (the low byte of an extended code), sqlite.org/rescode.html.
_PROBLEMS = {
    3: Problem.READ_ONLY,  # SQLITE_PERM
    5: Problem.BUSY,  # SQLITE_BUSY
    6: Problem.BUSY,  # SQLITE_LOCKED
    8: Problem.READ_ONLY,  # SQLITE_READONLY
    10: Problem.IO,  # SQLITE_IOERR
    11: Problem.DAMAGED,  # SQLITE_CORRUPT
    13: Problem.FULL,  # SQLITE_FULL
    14: Problem.CANT_OPEN,  # SQLITE_CANTOPEN
    23: Problem.READ_ONLY,  # SQLITE_AUTH
    26: Problem.DAMAGED,  # SQLITE_NOTADB
}


def problem_of(error: BaseException) -> Problem:
    """What kind of failure a SQLite error is: only SQLite itself can say a file is damaged.

    Busy, locked, read-only, full, I/O and permission errors are the machine's state, never
    damage: treating them as damage would advise a restore that throws away good work.
    """
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _PROBLEMS.get(code & 0xFF, Problem.OTHER)
    if isinstance(error, OSError):
        return Problem.FULL if error.errno == errno.ENOSPC else Problem.IO
    return Problem.OTHER


class UnreadableDatabase(Exception):
    """SQLite could not read the file; ``problem`` says why (damage is only one reason)."""

    def __init__(self, message: str, problem: Problem = Problem.OTHER) -> None:
        super().__init__(message)
        self.problem = problem


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
    )


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
        raise UnreadableDatabase(str(error), problem_of(error)) from error


def has_sqlite_header(path: Path) -> bool:
    """Whether a file starts like a SQLite database (so an unreadable one is damaged, not alien)."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


class CopyFailed(OSError):
    """Copying a database failed; ``problem`` says why (a full disk, a lock, damage …)."""

    def __init__(self, message: str, problem: Problem) -> None:
        super().__init__(message)
        self.problem = problem


def backup_file(source: Path, target: Path, *, verify: bool = True) -> None:
    """Copy a live database with SQLite's online backup API (safe while others use it).

    The copy is written next to ``target``, checked with SQLite's integrity check, and only
    then moved into place: a crash never leaves a half-written file under the final name, and a
    copy of a damaged database never counts as a good one.

    Raises:
        CopyFailed: the copy could not be made or did not pass the check (nothing is left).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(_connect_read_only(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            # A backup is one self-contained file: no write-ahead log beside it to lose or leave.
            dst.execute("PRAGMA journal_mode = DELETE")
        problems = quick_check(partial) if verify else []
    except (sqlite3.Error, UnreadableDatabase, OSError) as error:
        partial.unlink(missing_ok=True)
        problem = error.problem if isinstance(error, UnreadableDatabase) else problem_of(error)
        raise CopyFailed(f"copy of {source} failed: {error}", problem) from error
    if problems:
        partial.unlink(missing_ok=True)
        raise CopyFailed(f"copy of {source} fails the integrity check", Problem.DAMAGED)
    os.replace(partial, target)


def quick_check(path: Path) -> list[str]:
    """Run SQLite's quick integrity check; return the problems found (empty when sound).

    Raises:
        UnreadableDatabase: when SQLite cannot read the file for another reason than damage
            (busy, locked, read-only, no room, I/O): that says nothing about the file.
    """
    try:
        with closing(_connect_read_only(path)) as connection:
            rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        problem = problem_of(error)
        if problem is Problem.DAMAGED:
            return [str(error)]
        raise UnreadableDatabase(str(error), problem) from error
    return [] if rows == ["ok"] else rows


def is_sound(path: Path) -> bool:
    """Whether a database file (a backup) can be read and passes the integrity check."""
    try:
        return not quick_check(path)
    except (UnreadableDatabase, OSError):
        return False


def restore_file(backup: Path, live: Path) -> None:
    """Copy the content of ``backup`` into the live database file, page by page.

    The backup API takes the live file's locks, so a copy never mixes with a half-written
    state; callers close their own connections first.

    Raises:
        CopyFailed: the copy could not be made (the live file is as SQLite left it: whole).
    """
    try:
        with (
            closing(_connect_read_only(backup)) as src,
            closing(sqlite3.connect(live, timeout=BUSY_TIMEOUT_MS / 1000)) as dst,
        ):
            src.backup(dst)
            # The copy lands in the write-ahead log; fold it into the file itself, so the file
            # checked (and copied by hand) afterwards is the restored one.
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as error:
        raise CopyFailed(f"restore of {live} failed: {error}", problem_of(error)) from error


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
