"""Choosing where the ledger lives: the local file, or a shared PostgreSQL server.

The window's 数据库连接 dialog works with plain fields; this module turns them into a URL and
back, and tries a server without opening (or changing) the ledger on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from tracker.db import database_url, migrations, postgres
from tracker.db.engine import create_ledger_engine
from tracker.errors import DatabaseError, InvalidInputError


@dataclass(frozen=True)
class ServerFields:
    """A server location as the dialog shows it."""

    host: str = ""
    port: int = 5432
    database: str = "duban"
    user: str = ""
    password: str = ""


@dataclass(frozen=True)
class ServerCheck:
    """What a connection test found on the server."""

    version: str
    #: Items in the ledger there; None when the database holds no ledger yet.
    items: int | None

    def summary(self) -> str:
        """One line for the dialog."""
        if self.items is None:
            return f"连接成功(PostgreSQL {self.version})。数据库是空的,切换后会自动建立台账。"
        return f"连接成功(PostgreSQL {self.version})。服务器上的台账共有 {self.items} 项事项。"


def server_location(fields: ServerFields) -> str:
    """The URL of the server the fields describe.

    Raises:
        InvalidInputError: when the address, database or user is missing.
    """
    missing = [
        name
        for name, value in (
            ("服务器地址", fields.host),
            ("数据库名", fields.database),
            ("用户名", fields.user),
        )
        if not value.strip()
    ]
    if missing:
        raise InvalidInputError(f"请填写{'、'.join(missing)}。")
    url = postgres.build_url(
        fields.host.strip(),
        fields.port,
        fields.database.strip(),
        fields.user.strip(),
        fields.password,
    )
    return url.render_as_string(hide_password=False)


def server_fields(location: str) -> ServerFields | None:
    """The fields of a server URL (None when ``location`` is not a PostgreSQL URL)."""
    if "://" not in location:
        return None
    try:
        url = make_url(location)
    except ArgumentError:
        return None
    if not postgres.is_postgres(url):
        return None
    return ServerFields(
        host=url.host or "",
        port=url.port or 5432,
        database=url.database or "",
        user=url.username or "",
        password=str(url.password or ""),
    )


def check_server(location: str) -> ServerCheck:
    """Connect to the server at ``location`` and look at the ledger there, changing nothing.

    Raises:
        InvalidInputError: when ``location`` is not a PostgreSQL server.
        DatabaseError: when the server cannot be reached or holds a newer ledger.
    """
    url = database_url(location)
    if not postgres.is_postgres(url):
        raise InvalidInputError("请填写 PostgreSQL 服务器的地址。")
    engine = create_ledger_engine(url)
    try:
        with engine.connect() as connection:
            version = str(connection.execute(text("SHOW server_version")).scalar())
            revision = migrations.current_revision(connection)
            items = None
            if revision is not None:
                items = int(
                    connection.execute(text("SELECT count(*) FROM work_items")).scalar() or 0
                )
    except OperationalError as error:
        raise postgres.unreachable(url, error) from error
    except SQLAlchemyError as error:
        raise DatabaseError(
            "服务器上的数据库无法读取。", hint=str(error.__class__.__name__)
        ) from error
    finally:
        engine.dispose()
    migrations.check_revision(revision)
    return ServerCheck(version=version.split()[0], items=items)
