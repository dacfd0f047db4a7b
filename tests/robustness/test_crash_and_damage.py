"""Killed exports, damaged ledgers, network shares: nothing half-written, nothing overwritten."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE, python_cmd, subprocess_env
from tests.robustness.helpers import dump
from tracker.db import open_database
from tracker.db.backups import make_backup
from tracker.errors import DamagedDatabaseError, DatabaseError

EXPORT_DRIVER = """
import sys, time
from pathlib import Path
import openpyxl

marker = Path(sys.argv[1])
real_save = openpyxl.Workbook.save

def save_then_hang(self, filename):
    real_save(self, filename)
    with open(filename, "r+b") as handle:
        handle.truncate(1000)  # half-written, as if the disk stalled
    marker.write_text("writing")
    time.sleep(120)

openpyxl.Workbook.save = save_then_hang
from tracker.app import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture
def cli_ledger(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    env = subprocess_env(TRACKER_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    db = tmp_path / "ledger.db"
    sample = tmp_path / "sample.txt"
    sample.write_text(SAMPLE, encoding="utf-8")
    subprocess.run(
        [*python_cmd(), "import", str(sample), "--db", str(db)],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return db, env


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_during_export_leaves_no_half_written_workbook(
    cli_ledger: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    db, env = cli_ledger
    target = tmp_path / "out" / "台账.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"last week's ledger")
    before = dump(db)
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, "-c", EXPORT_DRIVER, str(marker), "export", str(target), "--db", str(db)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert target.read_bytes() == b"last week's ledger"
    assert dump(db) == before
    # the next export replaces the old file and sweeps the leftover
    subprocess.run(
        [*python_cmd(), "export", str(target), "--db", str(db)],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert [p.name for p in target.parent.iterdir()] == ["台账.xlsx"]
    assert target.stat().st_size > 5000


def _damage(path: Path) -> None:
    """Overwrite the middle of every page after the file header, as a failing disk might."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for offset in range(0, size, 4096):
            handle.seek(offset + 300)
            handle.write(b"\xff" * 2000)


def test_a_damaged_ledger_is_refused_untouched_and_restored_from_a_backup(
    cli_ledger: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    db, env = cli_ledger
    backups = tmp_path / "home" / "data" / "backups"
    good = make_backup(db, backups, "manual")
    _damage(db)
    damaged = db.read_bytes()
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db, backups_dir=backups)
    assert caught.value.newest_backup == good
    assert db.read_bytes() == damaged

    result = subprocess.run(
        [*python_cmd(), "list", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 1
    assert "数据库文件已损坏" in result.stderr and good.name in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == damaged

    result = subprocess.run(
        [*python_cmd(), "restore", "latest", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    kept = [
        p
        for p in db.parent.iterdir()
        if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    listing = subprocess.run(
        [*python_cmd(), "list", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "共 3 项" in listing.stdout


def test_restore_from_the_command_line_keeps_the_current_state(
    cli_ledger: tuple[Path, dict[str, str]],
) -> None:
    db, env = cli_ledger
    run = lambda *args: subprocess.run(  # noqa: E731
        [*python_cmd(), *args, "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert run("backup").returncode == 0
    assert run("status", "1", "已办结").returncode == 0
    listed = run("restore", "--json")
    import json

    [backup, *_] = json.loads(listed.stdout)["backups"]
    result = run("restore", backup["path"])
    assert result.returncode == 0 and "恢复前的数据库已备份到" in result.stdout
    assert '"status": "todo"' in run("show", "1", "--json").stdout


def test_a_ledger_on_a_network_share_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tracker.db.sqlite.is_network_path", lambda path: True)
    with pytest.raises(DatabaseError, match="网络共享文件夹"):
        open_database(tmp_path / "shared.db", backups_dir=tmp_path / "b")
    assert not (tmp_path / "shared.db").exists()
    monkeypatch.setenv("TRACKER_ALLOW_NETWORK_DB", "1")
    open_database(tmp_path / "shared.db", backups_dir=tmp_path / "b").dispose()


def test_unc_paths_are_network_paths() -> None:
    from tracker.db.sqlite import is_network_path

    assert is_network_path(Path("//server/share/tracker.db"))
    assert not is_network_path(Path("/tmp/tracker.db"))


def test_backups_go_to_the_folder_named_in_the_settings(
    cli_ledger: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    from tracker.settings import Settings, save_settings

    db, env = cli_ledger
    usb = tmp_path / "U盘" / "台账备份"
    save_settings(tmp_path / "home" / "config" / "settings.json", Settings(backup_dir=str(usb)))
    result = subprocess.run(
        [*python_cmd(), "backup", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 0
    assert len(list(usb.glob("tracker-*-manual.db"))) == 1
