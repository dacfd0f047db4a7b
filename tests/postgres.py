"""A PostgreSQL server for the tests, when ``TRACKER_TEST_PG`` names one.

The variable holds a URL of a server and a database the tests may connect to as a user who may
create databases (``tools/throwaway-postgres`` starts such a server). Each test gets a database
of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

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
