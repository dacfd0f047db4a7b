"""The frozen program (PyInstaller, one folder) starts, migrates a new ledger and imports.

Building takes a few minutes, so these run only when asked:

    TRACKER_TEST_FROZEN=1 .venv/bin/python -m pytest tests/test_frozen_app.py

(with ``pip install -e .[build]`` done). ``TRACKER_FROZEN_APP`` may name an already built folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-work-plan.txt"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("TRACKER_TEST_FROZEN") != "1",
        reason="builds the frozen program (minutes): set TRACKER_TEST_FROZEN=1",
    ),
]


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("TRACKER_FROZEN_APP")
    if given:
        return Path(given)
    work = tmp_path_factory.mktemp("frozen")
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build_app.py"),
            "--dist",
            str(work / "dist"),
            "--work",
            str(work / "build"),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return work / "dist" / "duban-tracker"


def _env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "TRACKER_DB"}
    env["TRACKER_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _cli(frozen: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(frozen / f"duban-tracker-cli{EXE_SUFFIX}"), *args],
        env=_env(home),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_the_command_line_migrates_imports_and_exports(frozen: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.db"
    version = _cli(frozen, tmp_path, "--version")
    assert version.returncode == 0 and "督办台账" in version.stdout

    imported = _cli(frozen, tmp_path, "--db", str(ledger), "import", str(SAMPLE))
    assert imported.returncode == 0, imported.stderr
    assert "已导入 15 项事项" in imported.stdout

    listed = _cli(frozen, tmp_path, "--db", str(ledger), "list", "--json")
    assert json.loads(listed.stdout)["count"] == 15

    workbook = tmp_path / "台账.xlsx"
    exported = _cli(frozen, tmp_path, "--db", str(ledger), "export", str(workbook))
    assert exported.returncode == 0, exported.stderr
    sheet = openpyxl.load_workbook(workbook)["督办台账"]
    assert sheet["A4"].value == "序号"


def test_the_window_starts_on_a_new_ledger(frozen: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.db"
    process = subprocess.Popen(
        [str(frozen / f"duban-tracker{EXE_SUFFIX}"), "--db", str(ledger)],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = tmp_path / "data" / "logs" / "tracker.log"
    try:
        deadline = time.monotonic() + 60
        # The daily backup is made right before the ledger is shown in the window.
        while time.monotonic() < deadline:
            if log.exists() and "daily" in log.read_text(encoding="utf-8"):
                break
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.5)
        else:
            pytest.fail("the window did not open the ledger within a minute")
        time.sleep(2)
        assert process.poll() is None, "the window closed by itself"
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = log.read_text(encoding="utf-8")
    assert "Running upgrade  -> 0001" in text
    assert "Traceback" not in text and " ERROR " not in text
