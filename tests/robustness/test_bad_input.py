"""Bad input is refused clearly and leaves the ledger exactly as it was."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SAMPLE, python_cmd, subprocess_env
from tests.robustness.helpers import dump
from tests.robustness.hostile_files import SMALL as HOSTILE
from tracker.errors import DocumentError
from tracker.importing import parse_file
from tracker.services.bundle import Services

BAD = FIXTURES / "bad"
CASES = [
    ("empty.txt", "空文件"),
    ("blank.docx", "空文件"),
    ("only-spaces.txt", "空文件"),
    ("binary-junk.docx", "不是文本文件"),
    ("binary-junk.txt", "不是文本文件"),
    ("truncated.docx", "已损坏"),
    ("entity-expansion.docx", "不安全"),
    ("password-protected.xlsx", "密码"),
    ("old-word-needs-libreoffice.doc", "LibreOffice"),
    # built to exhaust memory or time (tests/robustness/hostile_files.py)
    *((name, words) for name, (_, words) in HOSTILE.items()),
]


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", b"<x>" + b" " * (400 * 1024 * 1024) + b"</x>")
    return path


def _no_task_text(path: Path) -> Path:
    line = "会议强调,要提高认识,加强领导,狠抓落实,确保各项工作取得实效。\n".encode()
    with path.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("generated")
    return {
        "bomb": _zip_bomb(folder / "zip-bomb.xlsx"),
        "big": _no_task_text(folder / "50MB-no-task.txt"),
        "scan": FIXTURES / "files" / "scan-without-text.pdf",
    }


def _all_cases(generated: dict[str, Path]) -> list[tuple[Path, str]]:
    return [(BAD / name, message) for name, message in CASES] + [
        (generated["bomb"], "过大"),
        (generated["big"], "文字过多"),
        (generated["scan"], "扫描件"),
    ]


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tracker.importing.readers.office.find_soffice", lambda: None)


@pytest.mark.slow
def test_services_refuse_each_case_and_change_nothing(
    services: Services, sample_ids: list[int], generated: dict[str, Path], no_libreoffice: None
) -> None:
    assert services.db.sqlite_file is not None
    before = dump(services.db.sqlite_file)
    for path, message in _all_cases(generated):
        with pytest.raises(DocumentError) as caught:
            services.imports.store(services.imports.parse_file(path))
        assert message in str(caught.value), path.name
        assert dump(services.db.sqlite_file) == before, path.name


@pytest.mark.slow
def test_the_command_line_says_one_line_and_changes_nothing(
    tmp_path: Path, generated: dict[str, Path]
) -> None:
    db = tmp_path / "ledger.db"
    sample = tmp_path / "sample.txt"
    sample.write_text(SAMPLE, encoding="utf-8")
    empty_bin = tmp_path / "no-libreoffice-here"
    empty_bin.mkdir()
    env = subprocess_env(TRACKER_HOME=str(tmp_path / "home"), PATH=str(empty_bin))
    subprocess.run(
        [*python_cmd(), "import", str(sample), "--db", str(db)],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    before = dump(db)
    for path, message in _all_cases(generated):
        result = subprocess.run(
            [*python_cmd(), "import", str(path), "--db", str(db)],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert result.returncode == 1, (path.name, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (path.name, result.stderr)
        assert "Traceback" not in result.stderr
        assert dump(db) == before, path.name


def test_parsing_refuses_without_touching_files(
    generated: dict[str, Path], no_libreoffice: None
) -> None:
    for path, _ in _all_cases(generated):
        stat = os.stat(path)
        with pytest.raises(DocumentError):
            parse_file(path)
        assert os.stat(path).st_mtime == stat.st_mtime
