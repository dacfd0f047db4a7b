"""Migration 0004 (reporting rounds and 催办) on SQLite and PostgreSQL: a ledger of 0003 keeps
every row, gains the new tables exactly as the models describe them, works at once, and can be
taken back to 0003."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from tests.postgres import schema_differences
from tracker.db import migrations, open_database
from tracker.db.engine import create_ledger_engine, database_url
from tracker.services.bundle import build_services
from tracker.services.context import ServiceContext

pytestmark = pytest.mark.both_backends

NEW_TABLES = {"rounds", "round_units", "round_items", "reminders", "reminder_items"}


def _at_revision(location: str | Path, revision: str) -> None:
    engine = create_ledger_engine(database_url(location))
    try:
        with engine.connect() as connection, connection.begin():
            command.upgrade(migrations._config(connection), revision)
    finally:
        engine.dispose()


def _rows_of_0003(location: str | Path) -> None:
    """A unit, an item of it with a progress entry and a delay, as 0003 stores them."""
    engine = create_ledger_engine(database_url(location))
    statements = [
        "INSERT INTO units (id, name, kind, sort_order, active, needs_review, created_at) "
        "VALUES (1, '疾控股', 'internal', 1, TRUE, FALSE, '2024-01-01 00:00:00')",
        "INSERT INTO work_items (id, item_key, seq, heading_path, title, content, deadline_kind,"
        " status, remarks, created_at, updated_at, version) VALUES (1, "
        "'00000000000000000000000000000001', 1, '[]', '强化疾病预防控制', '做好监测', 'date',"
        " 'todo', '', '2024-01-01 00:00:00', '2024-01-01 00:00:00', 1)",
        "INSERT INTO item_units (item_id, unit_id, role, position) VALUES (1, 1, 'lead', 0)",
        "INSERT INTO progress_entries (item_id, entry_date, text, problems, next_steps, source,"
        " origin, created_at) VALUES (1, '2024-02-01', '已开展培训', '', '', 'sheet', 'o1',"
        " '2024-02-01 00:00:00')",
        "INSERT INTO delays (item_id, new_due_date, reason, requested_on, created_at) VALUES"
        " (1, '2024-12-31', '人员调整', '2024-03-01', '2024-03-01 00:00:00')",
    ]
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
            if connection.dialect.name == "postgresql":
                for table in ("units", "work_items", "progress_entries", "delays"):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )
    finally:
        engine.dispose()


def test_a_ledger_of_0003_gains_rounds_and_keeps_every_row(
    ledger_location: str | Path, tmp_path: Path
) -> None:
    _at_revision(ledger_location, "0003")
    _rows_of_0003(ledger_location)

    db = open_database(ledger_location, backups_dir=tmp_path / "backups")
    try:
        with db.engine.connect() as connection:
            assert migrations.current_revision(connection) == "0004"
            assert set(inspect(connection).get_table_names()) >= NEW_TABLES
            assert schema_differences(connection) == []
            for table in ("units", "work_items", "item_units", "progress_entries", "delays"):
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 1
        services = build_services(
            db, ServiceContext(today=lambda: date(2024, 7, 1)), lambda: tmp_path / "backups"
        )
        made = services.rounds.create_round("2024年7月调度", [1], date(2024, 7, 5), tmp_path)
        assert [u.unit_name for u in services.rounds.not_reported(made.round.id)] == ["疾控股"]
        services.reminders.record("疾控股", way="电话", round_ref=made.round.id, said="今天报")
        assert services.reminders.counts_by_item([1]) == {1: 1}
    finally:
        db.dispose()


def test_0004_downgrades_to_0003_without_touching_the_older_tables(
    ledger_location: str | Path,
) -> None:
    _at_revision(ledger_location, "0003")
    _rows_of_0003(ledger_location)
    _at_revision(ledger_location, "0004")
    engine = create_ledger_engine(database_url(ledger_location))
    try:
        with engine.connect() as connection, connection.begin():
            command.downgrade(migrations._config(connection), "0003")
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            assert not NEW_TABLES & tables
            assert migrations.current_revision(connection) == "0003"
            assert connection.execute(text("SELECT count(*) FROM progress_entries")).scalar() == 1
    finally:
        engine.dispose()
