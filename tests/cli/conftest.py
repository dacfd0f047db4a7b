"""The command line run in this process, as ``main.py`` runs it, on a temporary ledger.

Each command goes through ``tracker.app.main`` (parsing, logging, the ledger, the services,
the error lines and exit codes); only what a separate interpreter adds is left to
``test_smoke.py``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tracker.app import main

ITEM_KEYS = {
    "id",
    "key",
    "document_id",
    "document",
    "number",
    "heading_path",
    "title",
    "content",
    "units",
    "owner",
    "leader",
    "deadline_text",
    "due_date",
    "deadline_kind",
    "status",
    "status_label",
    "completed_on",
    "warning",
    "remarks",
    "latest_progress",
    "latest_progress_date",
    "version",
}


@dataclass(frozen=True)
class Result:
    """What one command printed and its exit status (as ``subprocess.CompletedProcess``)."""

    returncode: int
    stdout: str
    stderr: str


class Cli:
    """Runs commands against one ledger file, reading what they print from ``capsys``."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = tmp_path / "cli.db"
        self._capsys = capsys

    def run(self, *args: str, ok: bool = True) -> Result:
        argv = [*args, "--db", str(self.db)] if args and args[0] != "--version" else list(args)
        result = run_main(argv, self._capsys)
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def json(self, *args: str) -> dict:  # type: ignore[type-arg]
        return json.loads(self.run(*args, "--json").stdout)


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Result:
    """Run ``main.py argv`` in this process; a usage error's exit becomes its status."""
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


@pytest.fixture(autouse=True)
def _log_handlers_restored() -> Iterator[None]:
    """Every ``main()`` adds a log file handler to the root logger: close them after the test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object) -> Cli:
    # Commands that paint (print-pdf, meeting-pack) run Qt in this process. pytest-qt's
    # QApplication must be the one: else the command makes a bare QGuiApplication and
    # every widget test after it aborts ("QWidget: Must construct a QApplication").
    return Cli(tmp_path, capsys)


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "要点.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path
