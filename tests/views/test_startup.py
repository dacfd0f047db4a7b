"""Starting: the window appears before the ledger is open, then fills in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from tests import postgres
from tests.conftest import SAMPLE
from tests.views.conftest import FakePrompter
from tracker.importing import parse_text
from tracker.paths import AppPaths
from tracker.services.bundle import Services
from tracker.services.opening import LedgerOpener
from tracker.views.application import open_with_recovery
from tracker.views.main_window import MainWindow
from tracker.views.window_state import WindowState

ROOT = Path(__file__).resolve().parents[2]


def test_window_waits_for_the_ledger_then_fills_in(
    qtbot: QtBot, services: Services, app_paths: AppPaths
) -> None:
    services.imports.store(parse_text(SAMPLE))
    window = MainWindow(None, app_paths, state=WindowState(app_paths.config_dir / "w.ini"))
    qtbot.addWidget(window)
    window.show()

    assert window.pages.currentWidget() is window.opening_page
    assert window.db_label.text() == "正在打开台账…"
    commands = [a for a in window.findChildren(QAction) if a.menu() is None and a.text()]
    assert sorted(a.text() for a in commands if a.isEnabled()) == ["使用说明", "关于督办台账", "退出"]
    window.commands.import_action.trigger()  # disabled: nothing happens, nothing breaks

    window.attach(services)
    assert window.pages.currentWidget() is window.main_splitter
    assert window.model.shown_count() == 3
    assert window.commands.import_action.isEnabled() and window.commands.export_action.isEnabled()
    assert window.db_label.text() == services.db.describe()


def test_an_empty_ledger_opens_on_the_welcome_page(
    qtbot: QtBot, services: Services, app_paths: AppPaths
) -> None:
    window = MainWindow(None, app_paths, state=WindowState(app_paths.config_dir / "w.ini"))
    qtbot.addWidget(window)
    window.attach(services)
    assert window.pages.currentWidget() is window.welcome


def test_the_window_module_loads_without_the_database_layer() -> None:
    """What the first paint waits for: Qt and the views, not SQLAlchemy or openpyxl."""
    code = (
        "import sys, tracker.views.application, tracker.views.main_window;"
        "print(sorted(m for m in ('sqlalchemy', 'openpyxl', 'alembic', 'pypdf', 'chardet')"
        " if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"


def test_an_unreachable_saved_server_offers_the_local_file(
    app_paths: AppPaths, prompter: FakePrompter
) -> None:
    prompter.choices.append("这次使用本机数据库文件")
    services = open_with_recovery(
        postgres.unreachable_url(), LedgerOpener(app_paths), fallback=str(app_paths.db_file), prompter=prompter
    )
    assert services is not None
    try:
        assert services.db.sqlite_file == app_paths.db_file
    finally:
        services.db.dispose()
    [(kind, text)] = prompter.messages
    assert kind == "ask"
    assert "无法连接数据库服务器 127.0.0.1" in text and "拒绝连接" in text
    assert str(app_paths.db_file) in text


def test_declining_the_local_file_quits(app_paths: AppPaths, prompter: FakePrompter) -> None:
    prompter.choices.append(None)
    services = open_with_recovery(
        postgres.unreachable_url(), LedgerOpener(app_paths), fallback=str(app_paths.db_file), prompter=prompter
    )
    assert services is None
    assert not app_paths.db_file.exists()


def _damaged_ledger_with_a_backup(app_paths: AppPaths) -> Path:
    from tracker.db.backups import make_backup

    opener = LedgerOpener(app_paths)
    services = opener.open(str(app_paths.db_file))
    services.imports.store(parse_text(SAMPLE))
    services.db.dispose()
    make_backup(app_paths.db_file, app_paths.default_backups_dir, "manual")
    size = app_paths.db_file.stat().st_size
    with app_paths.db_file.open("r+b") as handle:
        for offset in range(0, size, 4096):
            handle.seek(offset + 300)
            handle.write(b"\xff" * 2000)
    return app_paths.db_file


def test_a_damaged_ledger_offers_the_newest_backup_and_restores_it(
    app_paths: AppPaths, prompter: FakePrompter
) -> None:
    db = _damaged_ledger_with_a_backup(app_paths)
    damaged = db.read_bytes()
    prompter.choices.append("从最新备份恢复")
    services = open_with_recovery(str(db), LedgerOpener(app_paths), prompter=prompter)
    assert services is not None
    try:
        assert len(services.items.list_items()) == 3
    finally:
        services.db.dispose()
    (ask, offer), (info, done) = prompter.messages
    assert ask == "ask" and "数据库文件已损坏" in offer and "程序没有改动它" in offer
    assert info == "info" and "已从备份恢复" in done
    [kept] = [
        p
        for p in db.parent.iterdir()
        if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))
    ]
    assert kept.read_bytes() == damaged


def test_declining_the_restore_leaves_the_damaged_ledger_as_it_was(
    app_paths: AppPaths, prompter: FakePrompter
) -> None:
    db = _damaged_ledger_with_a_backup(app_paths)
    damaged = db.read_bytes()
    prompter.choices.append(None)  # 退出
    assert open_with_recovery(str(db), LedgerOpener(app_paths), prompter=prompter) is None
    assert db.read_bytes() == damaged
    assert not [p for p in db.parent.iterdir() if ".damaged-" in p.name]


def test_missing_linux_libraries_are_named_with_their_packages(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], app_paths: AppPaths
) -> None:
    import tracker.views.application as application

    monkeypatch.setattr(application.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    present = {"xcb-cursor", "xcb-keysyms"}
    found = application.missing_linux_packages(lambda name: name if name in present else None)
    assert found == ["libxcb-icccm4", "libxkbcommon-x11-0"]
    monkeypatch.setenv("QT_QPA_PLATFORM", "wayland")
    assert application.missing_linux_packages(lambda name: None) == []

    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(application, "missing_linux_packages", lambda: ["libxcb-cursor0"])
    code = application.run_window(str(app_paths.db_file), LedgerOpener(app_paths))
    assert code == 1
    error = capsys.readouterr().err
    assert "libxcb-cursor0" in error and "sudo apt install" in error
    assert not app_paths.db_file.exists(), "nothing is opened when the window cannot start"
