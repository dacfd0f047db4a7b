"""Schema migrations (Alembic), run automatically when the ledger opens."""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from tracker.db import sqlite
from tracker.errors import DatabaseError
from tracker.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

#: The newest revision in ``tracker/migrations/versions`` (a test keeps the two in step). A
#: ledger already at this revision opens without loading Alembic, which keeps start-up fast.
HEAD_REVISION = "0004"


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


@cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    """The newest schema revision this version of the program knows."""
    return HEAD_REVISION


def known_revisions() -> frozenset[str]:
    """Every schema revision this version of the program knows."""
    return frozenset(rev.revision for rev in _script().walk_revisions())


def current_revision(connection: Connection) -> str | None:
    """The revision recorded in the database behind ``connection`` (None if never migrated)."""
    try:
        with connection.begin_nested() if connection.in_transaction() else connection.begin():
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):
        return None


def check_revision(revision: str | None) -> None:
    """Refuse a database written by a newer version of the program.

    Raises:
        DatabaseError: when ``revision`` is not one this program knows.
    """
    if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
        raise DatabaseError(
            "该数据库由更新版本的督办台账创建,当前版本无法打开。",
            hint="请安装最新版本后再打开;数据库未作任何改动。",
        )


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision, in one transaction.

    On SQLite foreign keys are switched off before the transaction (batch-mode table rebuilds
    would otherwise delete child rows) and checked afterwards; any violation rolls it all back.
    """
    with engine.connect() as connection:
        if sqlite.is_sqlite(engine.url):
            with sqlite.foreign_keys_off(connection):
                _upgrade_in_transaction(connection, check_foreign_keys=True)
        else:
            _upgrade_in_transaction(connection, check_foreign_keys=False)


def _upgrade_in_transaction(connection: Connection, *, check_foreign_keys: bool) -> None:
    from alembic import command

    connection = connection.execution_options(**{sqlite.WRITE_OPTION: True})
    with connection.begin():
        check_revision(current_revision(connection))
        command.upgrade(_config(connection), "head")
        if check_foreign_keys:
            violations = sqlite.foreign_key_violations(connection)
            if violations:
                log.error("foreign key violations after migration: %s", violations[:20])
                raise DatabaseError(
                    "数据库升级后发现数据关联错误,升级已撤销。",
                    hint="数据库保持升级前的状态,请联系技术支持。",
                )
