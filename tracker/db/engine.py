"""The engine factory and the unit-of-work sessions every service uses."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from tracker.db import postgres, sqlite
from tracker.db.problems import unavailable
from tracker.errors import ConflictError, DamagedDatabaseError, DatabaseError
from tracker.models import limits

log = logging.getLogger(__name__)


def database_url(location: str | Path) -> URL:
    """Turn a ``--db`` value into a URL: a SQLAlchemy URL as given, anything else a file path.

    Raises:
        DatabaseError: when the value looks like a URL but is not a valid one.
    """
    text = str(location)
    if "://" in text:
        try:
            url = make_url(text)
        except ArgumentError as error:
            raise DatabaseError(f"数据库地址格式不正确:{text}") from error
        if not (sqlite.is_sqlite(url) or postgres.is_postgres(url)):
            raise DatabaseError(
                f"不支持这种数据库:{url.get_backend_name()}",
                hint="可以使用本机的数据库文件,或 PostgreSQL 服务器"
                "(postgresql+psycopg://用户@服务器:端口/数据库)。",
            )
        return postgres.normalise(url)
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite", database=str(path))


def create_ledger_engine(url: URL) -> Engine:
    """Create an engine for ``url`` with the connection settings the ledger needs."""
    if sqlite.is_sqlite(url):
        engine = create_engine(url, hide_parameters=True, **sqlite.engine_arguments())
        sqlite.configure_engine(engine)
        return engine
    return create_engine(url, hide_parameters=True, **postgres.engine_arguments())


class Database:
    """An open ledger: the engine and the sessions services work in.

    ``read()`` gives a session for queries; ``write()`` one transaction that commits when the
    block ends and rolls back on any error. Sessions never outlive the block, so no ORM object
    reaches the window.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._reader = sessionmaker(engine, expire_on_commit=False)
        writer_engine = engine.execution_options(**{sqlite.WRITE_OPTION: True})
        self._writer = sessionmaker(writer_engine, expire_on_commit=False)
        limits.enforce_on(self._writer)
        #: SQLite reported damage while the ledger was in use: no more writes go into it.
        self.damaged = False

    @property
    def url(self) -> URL:
        """Where the ledger lives."""
        return self.engine.url

    @property
    def sqlite_file(self) -> Path | None:
        """The database file when the ledger is a SQLite file, else None."""
        return sqlite.file_path(self.url) if sqlite.is_sqlite(self.url) else None

    def describe(self) -> str:
        """A short, password-free description for the status bar and messages."""
        path = self.sqlite_file
        return str(path) if path else self.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """Yield a session for reading; nothing it does is committed."""
        with self._reader() as session, self._errors():
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Yield a session whose work is committed as one transaction.

        Raises:
            DamagedDatabaseError: SQLite found the file damaged (now or earlier in this run):
                nothing more is written into it.
        """
        if self.damaged:
            raise DamagedDatabaseError(self.describe(), None, while_working=True)
        with self._writer() as session, self._errors(), session.begin():
            yield session

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            with _translate_errors(self.describe(), server=not sqlite.is_sqlite(self.url)):
                yield
        except DamagedDatabaseError:
            self.damaged = True
            raise

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


@contextmanager
def _translate_errors(where: str, *, server: bool) -> Iterator[None]:
    try:
        yield
    except StaleDataError as error:
        raise ConflictError(
            "该记录已被其他人修改,本次修改未保存。", hint="请刷新后重新操作。"
        ) from error
    except SQLAlchemyDatabaseError as error:
        cause = error.orig if error.orig is not None else error
        problem = sqlite.problem_of(cause)
        log.warning("database error (%s): %s", problem.value, cause.__class__.__name__)
        if problem is sqlite.Problem.DAMAGED:
            raise DamagedDatabaseError(where, None, while_working=True) from error
        if problem is not sqlite.Problem.OTHER:
            raise unavailable(problem, where) from error
        if isinstance(error, OperationalError) and server:
            raise DatabaseError(
                "与数据库服务器的连接中断,本次操作未完成。", hint="请检查网络后重试。"
            ) from error
        raise
