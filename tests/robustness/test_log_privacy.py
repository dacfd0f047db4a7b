"""The log keeps events, not ledger content: a database error's traceback names no row."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tracker.app import LogFormatter
from tracker.db import Database

pytestmark = pytest.mark.both_backends

SECRET = "机密单位甲"


def test_a_database_error_in_the_log_carries_no_content(db: Database) -> None:
    insert = text(
        "INSERT INTO units (name, kind, sort_order, active, needs_review, created_at)"
        " VALUES (:n, 'internal', 1, true, false, '2024-01-01 00:00:00')"
    )
    with db.engine.begin() as connection:
        connection.execute(insert, {"n": SECRET})
    with pytest.raises(IntegrityError) as caught, db.engine.begin() as connection:
        connection.execute(insert, {"n": SECRET})
    record = logging.LogRecord(
        "tracker",
        logging.ERROR,
        __file__,
        1,
        "unexpected error",
        None,
        (caught.type, caught.value, caught.tb),
    )
    logged = LogFormatter().format(record)
    assert "IntegrityError" in logged and "units" in logged
    assert SECRET not in logged
