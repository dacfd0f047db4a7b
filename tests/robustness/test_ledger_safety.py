"""Only damage is damage: locks, read-only folders and full disks never lead to a restore.

Each test reproduces a way the ledger was lost by following the program's own advice: a lock
or a full disk reported as damage and the advised restore rolling back (or emptying) a healthy
ledger, damage in the middle of the file not found at open, and daily backups of a damaged
file replacing every good one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.robustness.helpers import dump
from tracker.db import open_database, sqlite
from tracker.db.backups import good_backups_to_keep, list_backups, make_backup, replace_damaged
from tracker.db.problems import LedgerUnavailableError
from tracker.errors import DamagedDatabaseError, DatabaseError
from tracker.importing import parse_text
from tracker.paths import AppPaths
from tracker.services.backup_service import BackupService
from tracker.services.bundle import build_services
from tracker.services.context import ServiceContext
from tracker.services.opening import LedgerRecovery


def _ledger(path: Path, backups: Path, text: str = SAMPLE) -> None:
    db = open_database(path, backups_dir=backups)
    context = ServiceContext(actor=lambda: "测试员", today=lambda: datetime.now().date())
    services = build_services(db, context, lambda: backups)
    services.imports.store(parse_text(text, "要点.txt"), file_name="要点.txt")
    db.dispose()


def _damage_middle(path: Path) -> None:
    """Overwrite three pages in the middle of the file, as a failing disk might."""
    pages = path.stat().st_size // 4096
    assert pages > 20
    with path.open("r+b") as handle:
        for page in (pages // 2, pages // 2 + 1, pages // 2 + 3):
            handle.seek(page * 4096 + 100)
            handle.write(b"\x07" * 3000)


def _many_items(count: int) -> str:
    lines = ["2024年工作要点"]
    lines += [f"{n}.推进第{n}项重点工作,完成年度目标任务。(责任单位:县卫健局、第{n}卫生院)" for n in range(1, count + 1)]
    return "\n".join(lines) + "\n"


@contextmanager
def _exclusive_lock(path: Path) -> Iterator[None]:
    """Another process holding the ledger in EXCLUSIVE locking mode."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("CREATE TABLE IF NOT EXISTS held_by_other (x)")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 200)


def test_a_lock_is_reported_as_a_lock_and_the_restore_refuses(
    tmp_path: Path, short_wait: None
) -> None:
    db, backups = tmp_path / "ledger.db", tmp_path / "backups"
    _ledger(db, backups)
    older = make_backup(db, backups, "manual")
    before = dump(db)
    with _exclusive_lock(db):
        with pytest.raises(DatabaseError) as caught:
            open_database(db, backups_dir=backups)
        assert not isinstance(caught.value, DamagedDatabaseError)
        assert "独占" in caught.value.message and "不需要从备份恢复" in (caught.value.hint or "")
        # the advice of the old message, followed: it must not roll the ledger back
        with pytest.raises(DatabaseError) as refused:
            replace_damaged(db, older)
        assert not isinstance(refused.value, DamagedDatabaseError)
    assert dump(db) == before
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_healthy_ledger_is_never_replaced_by_a_backup(tmp_path: Path) -> None:
    db, backups = tmp_path / "ledger.db", tmp_path / "backups"
    _ledger(db, backups)
    older = make_backup(db, backups, "manual")
    paths = AppPaths(data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    before = dump(db)
    with pytest.raises(DatabaseError, match="没有损坏"):
        LedgerRecovery(str(db), paths).replace_damaged(older)
    assert dump(db) == before


def test_damage_in_the_middle_of_the_file_is_found_at_open_and_stops_everything(
    tmp_path: Path,
) -> None:
    db, backups = tmp_path / "ledger.db", tmp_path / "backups"
    _ledger(db, backups, _many_items(400))
    good = make_backup(db, backups, "manual")
    _damage_middle(db)
    damaged = db.read_bytes()
    assert sqlite.quick_check(db), "SQLite itself must see the damage"
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db, backups_dir=backups)
    assert caught.value.newest_backup == good
    assert db.read_bytes() == damaged


def test_damage_found_while_working_stops_every_write(tmp_path: Path) -> None:
    db_path, backups = tmp_path / "ledger.db", tmp_path / "backups"
    _ledger(db_path, backups, _many_items(400))
    db = open_database(db_path, backups_dir=backups)
    try:
        pages = db_path.stat().st_size // 4096
        with db_path.open("r+b") as handle:
            for page in range(2, pages):
                handle.seek(page * 4096 + 8)
                handle.write(b"\x07" * 4000)
        from sqlalchemy import text

        with pytest.raises(DamagedDatabaseError), db.read() as session:
            session.execute(text("SELECT count(*), max(content) FROM work_items")).all()
        assert db.damaged
        with pytest.raises(DamagedDatabaseError), db.write() as session:
            session.execute(text("UPDATE work_items SET title = 'x'"))
        service = BackupService(db, lambda: backups)
        before = list_backups(backups)
        with pytest.raises(DamagedDatabaseError):
            service.backup()
        assert list_backups(backups) == before, "a copy of a damaged ledger is no backup"
        assert not list(backups.glob("*.partial"))
    finally:
        db.dispose()


def test_a_full_disk_during_restore_leaves_the_ledger_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, backups = tmp_path / "ledger.db", tmp_path / "backups"
    _ledger(db, backups, _many_items(200))
    good = make_backup(db, backups, "manual")
    with db.open("r+b") as handle:
        handle.seek(4096 * 3 + 50)
        handle.write(b"\x07" * 4000)
    damaged = db.read_bytes()

    full = sqlite3.connect(":memory:")
    full.execute("CREATE TABLE t (x)")
    full.execute("PRAGMA max_page_count = 2")
    try:
        full.execute("INSERT INTO t VALUES (randomblob(100000))")
    except sqlite3.OperationalError as error:
        disk_full = error
    assert sqlite.problem_of(disk_full) is sqlite.Problem.FULL

    real_backup = sqlite.backup_file

    def backup_onto_a_full_disk(source: Path, target: Path, *, verify: bool = True) -> None:
        raise sqlite.CopyFailed(f"copy of {source} failed: {disk_full}", sqlite.Problem.FULL)

    monkeypatch.setattr(sqlite, "backup_file", backup_onto_a_full_disk)
    with pytest.raises(LedgerUnavailableError, match="磁盘空间已满"):
        replace_damaged(db, good)
    assert db.read_bytes() == damaged  # still there, still the same: nothing was moved
    assert not list(tmp_path.glob("*.damaged-*"))
    monkeypatch.setattr(sqlite, "backup_file", real_backup)
    kept = replace_damaged(db, good)
    assert kept.read_bytes() == damaged
    assert dump(db) == dump(good)


def test_a_full_disk_is_not_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, backups = tmp_path / "ledger.db", tmp_path / "backups"
    _ledger(db, backups)
    full = sqlite3.connect(":memory:")
    full.execute("PRAGMA max_page_count = 1")
    try:
        full.execute("CREATE TABLE t (x)")
        full.execute("INSERT INTO t VALUES (randomblob(100000))")
    except sqlite3.OperationalError as error:
        disk_full = error

    def peek_on_a_full_disk(path: Path) -> tuple[bool, str | None]:
        raise sqlite.UnreadableDatabase(str(disk_full), sqlite.problem_of(disk_full))

    monkeypatch.setattr(sqlite, "peek_revision", peek_on_a_full_disk)
    with pytest.raises(LedgerUnavailableError, match="磁盘空间已满"):
        open_database(db, backups_dir=backups)


def test_sqlite_error_codes_decide_what_a_failure_is(tmp_path: Path) -> None:
    def error_of(action: object) -> BaseException:
        try:
            action()  # type: ignore[operator]
        except sqlite3.Error as error:
            return error
        raise AssertionError("no error")

    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("这不是数据库" * 200, encoding="utf-8")
    assert sqlite.problem_of(
        error_of(lambda: sqlite3.connect(not_a_db).execute("SELECT * FROM sqlite_master"))
    ) is sqlite.Problem.DAMAGED
    read_only = tmp_path / "ro.db"
    sqlite3.connect(read_only).execute("CREATE TABLE t (x)")
    connection = sqlite3.connect(f"{read_only.as_uri()}?mode=ro", uri=True)
    assert sqlite.problem_of(
        error_of(lambda: connection.execute("INSERT INTO t VALUES (1)"))
    ) is sqlite.Problem.READ_ONLY
    assert sqlite.problem_of(
        error_of(lambda: sqlite3.connect(tmp_path / "missing" / "x.db"))
    ) is sqlite.Problem.CANT_OPEN


def test_backups_of_a_damaged_ledger_never_replace_the_good_ones(tmp_path: Path) -> None:
    db_path, backups = tmp_path / "ledger.db", tmp_path / "backups"
    _ledger(db_path, backups, _many_items(400))
    db = open_database(db_path, backups_dir=backups)
    service = BackupService(db, lambda: backups)
    start = datetime(2026, 1, 1, 9, 0)
    good = service.daily_backup(now=start)
    assert good is not None
    db.dispose()
    # a damaged daily backup of every later day (as the old program made them)
    for day in range(1, 19):
        name = backups / f"tracker-{start + timedelta(days=day):%Y%m%d-%H%M%S}-daily.db"
        name.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8000)
    db = open_database(db_path, backups_dir=backups)
    try:
        _damage_middle(db_path)  # the ledger goes bad while the program runs
        with pytest.raises(DamagedDatabaseError):
            BackupService(db, lambda: backups).daily_backup(now=start + timedelta(days=30))
    finally:
        db.dispose()
    left = {b.path for b in list_backups(backups)}
    assert good in left, "the newest good daily backup is kept, whatever its age"
    assert len(left) == 19 + 1  # nothing pruned on a day no good backup could be made


def test_pruning_keeps_the_newest_good_backup_of_each_kind(tmp_path: Path) -> None:
    db_path, backups = tmp_path / "ledger.db", tmp_path / "backups"
    _ledger(db_path, backups)
    db = open_database(db_path, backups_dir=backups)
    start = datetime(2026, 1, 1, 9, 0)
    try:
        service = BackupService(db, lambda: backups)
        good = service.daily_backup(now=start)
        for day in range(1, 19):  # damaged later copies, as the old program made them
            name = backups / f"tracker-{start + timedelta(days=day):%Y%m%d-%H%M%S}-daily.db"
            name.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8000)
        (backups / "tracker-20260120-090000-daily.db").write_bytes(b"SQLite format 3\x00")
        removed_day = start + timedelta(days=40)
        # Made today, but today's good copy being damaged would leave only stale ones:
        newest = service.daily_backup(now=removed_day)
    finally:
        db.dispose()
    left = {b.path for b in list_backups(backups)}
    assert newest in left and good not in left  # the newest good one now stands for the kind
    assert all(
        b.made_at >= removed_day - timedelta(days=14) or b.reason != "daily"
        for b in list_backups(backups)
    )
    assert good_backups_to_keep(list_backups(backups)) >= {newest}


def test_a_restore_that_does_not_check_out_is_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path, backups = tmp_path / "ledger.db", tmp_path / "backups"
    _ledger(db_path, backups)
    db = open_database(db_path, backups_dir=backups)
    service = BackupService(db, lambda: backups)
    older = service.backup()
    before = dump(db_path)
    real_restore = sqlite.restore_file
    calls = []

    def restore_then_damage(backup: Path, live: Path) -> None:
        real_restore(backup, live)
        calls.append(backup)
        if len(calls) == 1:
            size = live.stat().st_size
            with live.open("r+b") as handle:  # every page after the first
                handle.seek(4096)
                handle.write(b"\x07" * (size - 4096))

    monkeypatch.setattr(sqlite, "restore_file", restore_then_damage)
    try:
        with pytest.raises(DatabaseError, match="已还原为恢复前的状态"):
            service.restore(older)
    finally:
        db.dispose()
    assert dump(db_path) == before


def test_restore_latest_on_a_locked_ledger_changes_nothing(
    tmp_path: Path,
    short_wait: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tracker.app import main

    monkeypatch.setenv("TRACKER_HOME", str(tmp_path / "home"))
    db = tmp_path / "ledger.db"
    backups = tmp_path / "home" / "data" / "backups"
    _ledger(db, backups)
    make_backup(db, backups, "manual")
    assert main(["status", "1", "已办结", "--db", str(db)]) == 0  # work after the backup
    before = dump(db)
    capsys.readouterr()
    with _exclusive_lock(db):
        assert main(["restore", "latest", "--db", str(db)]) == 1
        assert main(["list", "--db", str(db)]) == 1
    said = capsys.readouterr().err
    assert "独占" in said and "已损坏" not in said
    assert dump(db) == before
    assert not list(tmp_path.glob("*.damaged-*"))
