"""A PostgreSQL server for the tests, when ``TRACKER_TEST_PG`` names one.

The variable holds a URL of a server and a database the tests may connect to as a user who may
create databases (``tools/throwaway-postgres`` starts such a server). Each test gets a database
of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection, make_url

ENV = "TRACKER_TEST_PG"

needs_postgres = pytest.mark.skipif(
    not os.environ.get(ENV), reason=f"{ENV} does not name a PostgreSQL server"
)


def server_url() -> URL:
    """The URL ``TRACKER_TEST_PG`` gives, with the program's driver."""
    from tracker.db.postgres import normalise

    return normalise(make_url(os.environ[ENV]))


@contextmanager
def fresh_database() -> Iterator[str]:
    """Create an empty database on the test server; yield its URL; drop it afterwards."""
    admin_url = server_url()
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield admin_url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def closed_port() -> int:
    """A loopback port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def unreachable_url() -> str:
    """A server URL whose connection is refused at once."""
    return f"postgresql+psycopg://clerk@127.0.0.1:{closed_port()}/duban"


def schema_differences(connection: Connection) -> list[Any]:
    """What Alembic's autogenerate finds between the models and the database behind
    ``connection`` (empty when the migrations build exactly the models' schema)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from tracker.models import Base

    return list(
        compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    )
