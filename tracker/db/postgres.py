"""Everything specific to a shared PostgreSQL server.

Several clerks work on one ledger through the same program: transactions are the server's
(read committed), concurrent edits of one item are caught by the items' version counters,
and connection failures are explained in words a clerk can act on.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import OperationalError

from tracker import APP_NAME
from tracker.errors import DatabaseError

#: The driver the program ships with (psycopg 3); ``postgresql://`` URLs are given it.
DRIVER = "postgresql+psycopg"
#: Seconds to wait for the server before telling the clerk it cannot be reached.
CONNECT_TIMEOUT_S = 8


def is_postgres(url: URL) -> bool:
    """Tell whether ``url`` points at PostgreSQL."""
    return url.get_backend_name() == "postgresql"


def normalise(url: URL) -> URL:
    """``url`` with the driver the program ships with."""
    return url.set(drivername=DRIVER) if url.drivername in ("postgresql", "postgres") else url


def engine_arguments() -> dict[str, Any]:
    """Extra ``create_engine`` arguments for a PostgreSQL server."""
    return {
        "pool_pre_ping": True,
        "pool_size": 2,
        "max_overflow": 3,
        "connect_args": {
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": APP_NAME,
        },
    }


def build_url(host: str, port: int, database: str, user: str, password: str | None = None) -> URL:
    """A server URL from the fields of the settings dialog."""
    return URL.create(
        DRIVER,
        username=user or None,
        password=password or None,
        host=host or None,
        port=port or None,
        database=database or None,
    )


#: What the server or driver says (lower case; every word of one variant must appear), and
#: what the clerk is told. The first match wins: authentication errors also say "failed".
_CONNECT_ERRORS: list[tuple[tuple[tuple[str, ...], ...], str]] = [
    (
        (("password authentication failed",), ("no password supplied",)),
        "用户名或密码不正确。",
    ),
    ((("database", "does not exist"),), "服务器上没有这个数据库,请让管理员先创建它。"),
    ((("role", "does not exist"),), "服务器上没有这个用户。"),
    ((("timeout",), ("timed out",)), "连接超时:服务器没有响应,请检查地址、端口和网络。"),
    (
        (("connection refused",), ("could not connect",)),
        "服务器拒绝连接:请检查地址和端口,以及数据库服务是否已启动。",
    ),
    (
        (("could not translate host name",), ("name or service not known",)),
        "找不到这个服务器地址,请检查地址是否写错。",
    ),
    ((("no pg_hba.conf entry",),), "服务器不允许本机连接,请让管理员在 pg_hba.conf 中放行本机。"),
]


def explain_connect_error(message: str) -> str:
    """A clerk's explanation of why the server refused or could not be reached."""
    lowered = message.lower()
    for variants, explanation in _CONNECT_ERRORS:
        if any(all(word in lowered for word in words) for words in variants):
            return explanation
    return "无法连接数据库服务器。"


def unreachable(url: URL, error: OperationalError) -> DatabaseError:
    """The error to raise when the server at ``url`` could not be connected to."""
    return DatabaseError(
        f"无法连接数据库服务器 {url.host or 'localhost'}:{url.port or 5432}。",
        hint=explain_connect_error(str(error.orig)),
    )


def reset_sequences(connection: Connection, tables: list[tuple[str, str]]) -> None:
    """Move each table's id sequence past the ids copied into it (after ``migrate-db``)."""
    for table, column in tables:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
            )
        )
