"""Opening the ledger database: URL handling, version checks, backups and migrations."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from tracker.db import migrations, postgres, sqlite
from tracker.db.backups import make_backup, newest_good_backup
from tracker.db.engine import Database, create_ledger_engine, database_url
from tracker.db.problems import unavailable
from tracker.db.sqlite import Problem
from tracker.errors import DamagedDatabaseError, DatabaseError

__all__ = ["Database", "database_url", "open_database"]

log = logging.getLogger(__name__)


#: Set to 1 to open a ledger on a network share anyway (at your own risk).
ALLOW_NETWORK_ENV = "TRACKER_ALLOW_NETWORK_DB"


def open_database(location: str | Path, *, backups_dir: Path) -> Database:
    """Open the ledger at ``location`` (a file path or a SQLAlchemy URL), migrating it.

    A SQLite file written by a newer version of the program is refused before anything is
    written to it. When the schema needs an upgrade, a backup copy is made first.

    Raises:
        DatabaseError: the database is newer, not a ledger, or cannot be reached.
    """
    url = database_url(location)
    if sqlite.is_sqlite(url):
        path = sqlite.file_path(url)
        if path is not None:
            _prepare_sqlite_file(path, backups_dir)
    engine = create_ledger_engine(url)
    try:
        with engine.connect() as connection:
            revision = migrations.current_revision(connection)
        migrations.check_revision(revision)
        if revision != migrations.head_revision():
            log.info("upgrading schema %s -> %s", revision, migrations.head_revision())
            migrations.upgrade(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except OperationalError as error:
        engine.dispose()
        where = url.render_as_string(hide_password=True)
        log.warning("cannot open database %s: %s", where, error.orig)
        if postgres.is_postgres(url):
            raise postgres.unreachable(url, error) from error
        raise DatabaseError("无法打开数据库。", hint=f"{where}:{error.orig}") from error
    except SQLAlchemyError as error:
        engine.dispose()
        where = url.render_as_string(hide_password=True)
        log.exception("cannot open database %s", where)
        raise DatabaseError(
            "无法打开数据库。", hint=f"{where}:{error.__class__.__name__}"
        ) from error
    return Database(engine)


def _prepare_sqlite_file(path: Path, backups_dir: Path) -> None:
    """Check an existing SQLite file before the engine touches it; back it up if it will change.

    Raises:
        DatabaseError: the file is on a network share, not a ledger, or from a newer version.
        DamagedDatabaseError: the file fails SQLite's integrity check (it is left untouched).
    """
    if sqlite.is_network_path(path) and os.environ.get(ALLOW_NETWORK_ENV) != "1":
        raise DatabaseError(
            f"数据库文件位于网络共享文件夹中:{path}",
            hint="多人通过共享文件夹同时使用数据库文件可能造成数据损坏。请把数据库放在本机硬盘上,"
            "备份文件夹可以设在网络上;多人共用请使用共享数据库服务器。",
        )
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    if path.is_dir():
        raise DatabaseError(f"数据库路径是一个文件夹:{path}")
    try:
        has_tables, revision = sqlite.peek_revision(path)
        # The README promises it: damage anywhere in the file is found before any work is
        # done in it, and before a daily backup could copy it over the good ones.
        problems = sqlite.quick_check(path) if has_tables else []
    except sqlite.UnreadableDatabase as error:
        if error.problem is not Problem.DAMAGED:
            raise unavailable(error.problem, path) from error
        if sqlite.has_sqlite_header(path):
            raise DamagedDatabaseError(path, newest_good_backup(backups_dir)) from error
        raise DatabaseError(
            f"文件不是有效的督办台账数据库,或已损坏:{path}",
            hint="程序没有改动该文件。可从备份中恢复。",
        ) from error
    if problems:
        log.warning("integrity check of %s failed: %s", path, problems[:3])
        raise DamagedDatabaseError(path, newest_good_backup(backups_dir))
    if has_tables and revision is None:
        raise DatabaseError(f"该文件不是督办台账数据库:{path}", hint="程序没有改动该文件。")
    migrations.check_revision(revision)
    if revision is not None and revision != migrations.head_revision():
        try:
            backup = make_backup(path, backups_dir, "upgrade")
        except sqlite.CopyFailed as error:
            raise unavailable(error.problem, backups_dir) from error
        log.info("backed up %s to %s before upgrading", path, backup)
