"""A process killed half-way through an import leaves the ledger exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE, subprocess_env

DRIVER = """
import sys, time
from pathlib import Path
from tracker.services import import_service

marker = Path(sys.argv[1])
original = import_service.Auditor.__call__

def record_then_hang(*args, **kwargs):
    original(*args, **kwargs)
    marker.write_text("items written, not committed")
    time.sleep(120)

import_service.Auditor.__call__ = record_then_hang
from tracker.app import main
sys.exit(main(sys.argv[2:]))
"""


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        dump = {
            t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
            for t in tables
        }
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dump
    finally:
        connection.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_during_import_leaves_the_ledger_as_before(tmp_path: Path) -> None:
    env = subprocess_env(TRACKER_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    db = tmp_path / "ledger.db"
    first = tmp_path / "first.txt"
    first.write_text(SAMPLE, encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text(
        "\n".join(f"{n}.第{n}项任务的内容。(责任单位:新单位{n})" for n in range(1, 301)),
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "import", str(first), "--db", str(db)],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    before = _dump(db)

    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(marker), "import", str(second), "--db", str(db)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "the import never reached its last step"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    after = _dump(db)
    assert after == before
    assert len(after["work_items"]) == 3
