"""数据库连接: testing a server, switching the window to it, and keeping the ledger on failure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from tests import postgres
from tests.conftest import SAMPLE
from tests.views.conftest import FakePrompter
from tracker.importing import parse_text
from tracker.paths import AppPaths
from tracker.services.connection_service import server_fields
from tracker.services.opening import open_services
from tracker.settings import load_settings
from tracker.views.database_dialog import DatabaseDialog
from tracker.views.main_window import MainWindow


def _dialog(qtbot: QtBot, app_paths: AppPaths, current: str = "") -> DatabaseDialog:
    dialog = DatabaseDialog(None, current, app_paths.db_file)
    qtbot.addWidget(dialog)
    return dialog


def _fill(dialog: DatabaseDialog, host: str, port: int, database: str, user: str) -> None:
    dialog.server_radio.setChecked(True)
    dialog.host_edit.setText(host)
    dialog.port_spin.setValue(port)
    dialog.database_edit.setText(database)
    dialog.user_edit.setText(user)


def test_local_file_is_the_default(qtbot: QtBot, app_paths: AppPaths) -> None:
    dialog = _dialog(qtbot, app_paths)
    assert dialog.local_radio.isChecked()
    assert not dialog.server_box.isEnabled() and not dialog.test_button.isEnabled()
    assert dialog.value() == ""


def test_missing_fields_are_named(qtbot: QtBot, app_paths: AppPaths) -> None:
    dialog = _dialog(qtbot, app_paths)
    dialog.server_radio.setChecked(True)
    dialog.host_edit.clear()
    dialog.user_edit.clear()
    dialog.test_button.click()
    assert dialog.result_label.text() == "请填写服务器地址、用户名。"
    assert not dialog.testing()


def test_an_unreachable_server_is_reported_beside_the_button(
    qtbot: QtBot, app_paths: AppPaths
) -> None:
    dialog = _dialog(qtbot, app_paths)
    _fill(dialog, "127.0.0.1", postgres.closed_port(), "duban", "clerk")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: not dialog.testing(), timeout=15000)
    assert "拒绝连接" in dialog.result_label.text()
    assert dialog.result_label.objectName() == "warning"
    assert dialog.test_button.isEnabled()


def test_a_failed_switch_keeps_the_current_ledger(
    window: MainWindow, prompter: FakePrompter, app_paths: AppPaths, qtbot: QtBot
) -> None:
    before = window.services.db.describe()
    port = postgres.closed_port()

    def choose(dialog: Any) -> bool:
        _fill(dialog, "127.0.0.1", port, "duban", "clerk")
        return True

    prompter.dialog_handlers.append(choose)
    window.choose_database()
    qtbot.waitUntil(lambda: bool(prompter.errors()), timeout=15000)
    assert "没有切换,仍在使用原来的台账" in prompter.errors()[0]
    assert "拒绝连接" in prompter.errors()[0]
    assert window.services.db.describe() == before
    assert load_settings(app_paths.settings_file).database == ""


@postgres.needs_postgres
def test_switching_to_a_server_and_back(
    window: MainWindow, prompter: FakePrompter, app_paths: AppPaths, qtbot: QtBot
) -> None:
    with postgres.fresh_database() as url:
        on_server = open_services(url, app_paths, app_paths.settings_file)
        on_server.imports.store(parse_text(SAMPLE))
        on_server.db.dispose()
        fields = server_fields(url)
        assert fields is not None

        dialog = _dialog(qtbot, app_paths)
        _fill(dialog, fields.host, fields.port, fields.database, fields.user)
        dialog.test_button.click()
        qtbot.waitUntil(lambda: not dialog.testing(), timeout=15000)
        assert "连接成功" in dialog.result_label.text()
        assert "共有 3 项事项" in dialog.result_label.text()

        def choose_server(dialog: Any) -> bool:
            _fill(dialog, fields.host, fields.port, fields.database, fields.user)
            return True

        prompter.dialog_handlers.append(choose_server)
        window.choose_database()
        qtbot.waitUntil(lambda: window.services.db.sqlite_file is None, timeout=15000)
        assert prompter.errors() == []
        assert window.services.db.sqlite_file is None
        assert window.model.shown_count() == 3
        assert "postgresql" in window.db_label.text()
        assert server_fields(load_settings(app_paths.settings_file).database) == fields

        def choose_local(dialog: Any) -> bool:
            dialog.local_radio.setChecked(True)
            return True

        prompter.dialog_handlers.append(choose_local)
        window.choose_database()
        qtbot.waitUntil(lambda: window.services.db.sqlite_file is not None, timeout=15000)
        assert window.services.db.sqlite_file == Path(app_paths.db_file)
        assert load_settings(app_paths.settings_file).database == ""
        window.services.db.dispose()
