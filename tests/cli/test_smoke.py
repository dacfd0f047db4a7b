"""The command line as a clerk or a script starts it: ``main.py`` in an interpreter of its own.

Everything else is tested in this process (``test_commands.py``); these few check what only a
real process shows: the entry point, the exit statuses and the UTF-8 output on a pipe.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import SAMPLE, python_cmd, subprocess_env


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*python_cmd(), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


def test_version(tmp_path: Path) -> None:
    result = _run("--version", env=subprocess_env(TRACKER_HOME=str(tmp_path / "home")))
    assert result.returncode == 0
    assert result.stdout.startswith("督办台账 ")


def test_import_list_and_exit_statuses(tmp_path: Path) -> None:
    env = subprocess_env(TRACKER_HOME=str(tmp_path / "home"))
    sample = tmp_path / "要点.txt"
    sample.write_text(SAMPLE, encoding="utf-8")
    db = str(tmp_path / "cli.db")

    imported = _run("import", str(sample), "--db", db, env=env)
    assert imported.returncode == 0, imported.stderr
    assert "已导入 3 项事项" in imported.stdout
    listing = _run("list", "--json", "--db", db, env=env)
    assert listing.returncode == 0, listing.stderr
    assert json.loads(listing.stdout)["count"] == 3

    missing = _run("show", "99", "--db", db, env=env)
    assert missing.returncode == 1
    assert "事项 99 不存在" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1 and "Traceback" not in missing.stderr

    usage = _run("delay", "1", "--db", db, env=env)
    assert usage.returncode == 2 and "缺少参数" in usage.stderr
