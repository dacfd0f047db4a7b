"""Backups: on demand, daily with pruning, restore with a safety copy."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tracker.db.backups import list_backups, make_backup
from tracker.errors import DatabaseError, NotFoundError
from tracker.importing import parse_text
from tracker.services.bundle import Services


def test_manual_backup_is_a_working_copy(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    target = services.backups.backup()
    assert target.parent == tmp_path / "backups"
    assert target.name.endswith("-manual.db")
    from tracker.db import open_database

    copy = open_database(target, backups_dir=tmp_path / "x")
    with copy.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM work_items").scalar() == 3
    copy.dispose()


def test_daily_backup_once_a_day_and_pruned_after_14_days(
    services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    now = datetime(2024, 7, 15, 9, 0, 0)
    old = make_backup(services.db.sqlite_file, folder, "daily", when=now - timedelta(days=20))
    recent = make_backup(services.db.sqlite_file, folder, "daily", when=now - timedelta(days=3))
    manual = make_backup(services.db.sqlite_file, folder, "manual", when=now - timedelta(days=30))

    made = services.backups.daily_backup(now=now)
    assert made is not None
    assert services.backups.daily_backup(now=now + timedelta(hours=2)) is None

    remaining = {b.path for b in list_backups(folder)}
    assert old not in remaining
    assert {recent, manual, made} <= remaining


def test_restore_brings_back_the_old_state_and_keeps_the_current_one(
    services: Services, sample_ids: list[int]
) -> None:
    backup = services.backups.backup()
    services.items.delete_items(sample_ids)
    assert services.items.list_items() == []

    safety = services.backups.restore(backup)

    assert len(services.items.list_items()) == 3
    assert safety.name.endswith("-restore.db")
    assert [b.reason for b in services.backups.list()][:1] == ["restore"]


def test_restore_refuses_a_damaged_file(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(os.urandom(8192))
    with pytest.raises(DatabaseError):
        services.backups.restore(bad)
    with pytest.raises(NotFoundError):
        services.backups.restore(tmp_path / "missing.db")
    assert len(services.items.list_items()) == 3


def test_backup_into_a_folder_that_cannot_be_written(services: Services, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="备份失败"):
        services.backups.backup(to=blocker / "sub")


def test_import_makes_a_backup_when_the_ledger_has_data(services: Services) -> None:
    services.imports.store(parse_text(SAMPLE))
    assert [b.reason for b in services.backups.list()] == ["import"]
