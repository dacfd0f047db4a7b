"""No network, ever; logs never hold whole documents."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.conftest import SAMPLE


def test_the_whole_command_line_works_without_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    from tracker.app import main

    sample = tmp_path / "要点.txt"
    sample.write_text(SAMPLE, encoding="utf-8")
    db = str(tmp_path / "ledger.db")
    for args in (
        ["import", str(sample)],
        ["list", "--json"],
        ["assign", "1", "--owner", "张三"],
        ["stats"],
        ["export", str(tmp_path / "x.xlsx"), "--fill-in"],
        ["import-progress", str(tmp_path / "x.xlsx"), "--dry-run"],
        ["backup"],
    ):
        assert main([*args, "--db", db]) == 0, args
    assert attempts == []


def test_logs_name_files_not_their_content(tmp_path: Path) -> None:
    from tracker.app import main
    from tracker.paths import AppPaths

    secret = "这是一句只在文件正文里出现的话"
    sample = tmp_path / "要点.txt"
    sample.write_text(SAMPLE.replace("做好传染病监测", secret), encoding="utf-8")
    assert main(["import", str(sample), "--db", str(tmp_path / "l.db")]) == 0
    assert main(["import", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "l.db")]) == 1
    log = AppPaths.default().log_file.read_text(encoding="utf-8")
    assert "要点.txt" in log
    assert secret not in log
