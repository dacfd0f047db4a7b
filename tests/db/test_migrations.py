"""Schema migrations: from nothing, from an older ledger, and refusing a newer one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from tests.postgres import schema_differences
from tracker.db import migrations, open_database
from tracker.db.engine import create_ledger_engine, database_url
from tracker.errors import DatabaseError


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_database_upgrades_to_head(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db", backups_dir=tmp_path / "backups")
    try:
        with db.engine.connect() as connection:
            assert migrations.current_revision(connection) == migrations.head_revision()
            tables = set(inspect(connection).get_table_names())
        assert {
            "work_items",
            "units",
            "item_units",
            "progress_entries",
            "delays",
            "documents",
            "people",
            "unit_aliases",
            "audit_log",
        } <= tables
    finally:
        db.dispose()
    assert not (tmp_path / "backups").exists(), "a new database needs no backup"


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db", backups_dir=tmp_path / "backups")
    try:
        with db.engine.connect() as connection:
            diff = schema_differences(connection)
        assert diff == []
    finally:
        db.dispose()


def test_every_connection_has_the_pragmas(db) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000


def _database_at(path: Path, revision: str) -> None:
    """Create a ledger file at an older schema revision."""
    engine = create_ledger_engine(database_url(path))
    with engine.connect() as connection, connection.begin():
        command.upgrade(migrations._config(connection), revision)
    engine.dispose()


def test_older_database_is_backed_up_then_upgraded_keeping_child_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    previous = migrations._script().get_revision(migrations.head_revision()).down_revision
    assert isinstance(previous, str), "keep at least two revisions so this path stays tested"
    _database_at(path, previous)
    engine = create_ledger_engine(database_url(path))
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO units (id, name, kind, sort_order, active, needs_review, created_at) "
                "VALUES (1, '医政医管股', 'internal', 1, 1, 0, '2024-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO work_items (id, item_key, seq, heading_path, title, content, "
                "deadline_kind, status, remarks, created_at, updated_at, version) VALUES "
                "(1, 'k1', 1, '[]', '任务', '内容', 'none', 'todo', '', "
                "'2024-01-01 00:00:00', '2024-01-01 00:00:00', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO item_units (item_id, unit_id, role, position) VALUES (1, 1, 'lead', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO progress_entries (item_id, entry_date, text, problems, next_steps, "
                "source, created_at) VALUES (1, '2024-02-01', '已完成一半', '', '', 'manual', "
                "'2024-02-01 00:00:00')"
            )
        )
    engine.dispose()

    db = open_database(path, backups_dir=tmp_path / "backups")
    try:
        with db.engine.connect() as connection:
            assert migrations.current_revision(connection) == migrations.head_revision()
            assert connection.exec_driver_sql("SELECT count(*) FROM item_units").scalar() == 1
            assert connection.exec_driver_sql("SELECT count(*) FROM progress_entries").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()
    backups = list((tmp_path / "backups").glob("tracker-*-upgrade.db"))
    assert len(backups) == 1
    engine = create_ledger_engine(database_url(backups[0]))
    with engine.connect() as connection:
        assert migrations.current_revision(connection) == previous
        assert connection.exec_driver_sql("SELECT count(*) FROM work_items").scalar() == 1
    engine.dispose()


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_database(path, backups_dir=tmp_path / "b").dispose()
    engine = create_ledger_engine(database_url(path))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()  # the last connection to close checkpoints the WAL into the file
    before = _digest(path)

    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(path, backups_dir=tmp_path / "backups")

    assert _digest(path) == before
    assert not (tmp_path / "backups").exists()


def test_a_file_that_is_not_a_ledger_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = _digest(path)
    with pytest.raises(DatabaseError, match="不是有效的督办台账数据库"):
        open_database(path, backups_dir=tmp_path / "backups")
    assert _digest(path) == before


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    engine = create_ledger_engine(database_url(path))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE contacts (name TEXT)"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="不是督办台账数据库"):
        open_database(path, backups_dir=tmp_path / "backups")


def test_a_failed_migration_rolls_back_completely(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.db"
    previous = migrations._script().get_revision(migrations.head_revision()).down_revision
    _database_at(path, previous)

    def broken_check(connection):  # type: ignore[no-untyped-def]
        return [("work_items", 1, "documents", 0)]

    monkeypatch.setattr("tracker.db.sqlite.foreign_key_violations", broken_check)
    with pytest.raises(DatabaseError, match="升级已撤销"):
        open_database(path, backups_dir=tmp_path / "backups")
    engine = create_ledger_engine(database_url(path))
    with engine.connect() as connection:
        assert migrations.current_revision(connection) == previous
    engine.dispose()


def test_head_constant_matches_the_scripts() -> None:
    assert migrations._script().get_current_head() == migrations.HEAD_REVISION
