"""The main window driven through its real widgets, as a clerk would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import SAMPLE
from tests.views.conftest import FakePrompter, type_text
from tracker.domain import Status
from tracker.dto import ItemChanges
from tracker.paths import data_path
from tracker.services.bundle import Services
from tracker.settings import load_settings
from tracker.views.dialogs import BulkAssignDialog, ProgressDialog, SettingsDialog
from tracker.views.ledger_rows import COLUMNS, Column, View
from tracker.views.main_window import MainWindow


def _accept(dialog: Any) -> bool:
    return True


def _wait_imported(qtbot: QtBot, window: MainWindow, count: int) -> None:
    qtbot.waitUntil(lambda: window.model.shown_count() == count, timeout=15000)


def _select_rows(window: MainWindow, rows: list[int]) -> None:
    window.table.clearSelection()
    selection = window.table.selectionModel()
    from PySide6.QtCore import QItemSelectionModel

    for row in rows:
        selection.select(
            window.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_first_run_offers_the_sample_and_imports_it(
    window: MainWindow, prompter: FakePrompter, qtbot: QtBot, services: Services
) -> None:
    assert window.pages.currentWidget() is window.welcome
    prompter.dialog_handlers.append(_accept)
    qtbot.mouseClick(window.welcome_sample, Qt.MouseButton.LeftButton)
    _wait_imported(qtbot, window, 15)
    assert prompter.dialogs_seen == ["ImportReviewDialog"]
    assert window.pages.currentWidget() is window.main_splitter
    assert window.navigation.fixed_item(View.ALL).text(0) == "全部事项 (15)"
    assert [item.text(0) for item in window.navigation.document_items()] == [
        "示范县卫生健康局2024年工作要点 (15)"
    ]
    assert "已导入 15 项事项" in prompter.messages[-1][1]
    assert len(services.items.list_items()) == 15


def test_bulk_assign_to_the_selection(
    window: MainWindow, prompter: FakePrompter, services: Services, sample_ids: list[int]
) -> None:
    window.reload_all()
    _select_rows(window, [0, 2])
    assert window.commands.bulk_action.isEnabled()

    def fill(dialog: BulkAssignDialog) -> bool:
        dialog.check("lead").setChecked(True)
        dialog.lead_edit.setText("医政医管股")
        dialog.check("owner").setChecked(True)
        dialog.owner_edit.setText("张三")
        dialog.check("due").setChecked(True)
        dialog.due_edit.set_value(date(2024, 12, 31))
        dialog.check("status").setChecked(True)
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(Status.IN_PROGRESS))
        return True

    prompter.dialog_handlers.append(fill)
    window.commands.bulk_action.trigger()
    rows = {r.id: r for r in services.items.list_items()}
    for item_id in (sample_ids[0], sample_ids[2]):
        assert rows[item_id].lead_units == ("医政医管股",)
        assert rows[item_id].owner_name == "张三"
        assert rows[item_id].due_date == date(2024, 12, 31)
        assert rows[item_id].status == Status.IN_PROGRESS
    assert rows[sample_ids[1]].owner_name is None
    owner_column = COLUMNS.index(Column.OWNER)
    assert window.model.data(window.model.index(0, owner_column)) == "张三"


def test_add_progress_from_the_detail_panel(
    window: MainWindow,
    prompter: FakePrompter,
    services: Services,
    sample_ids: list[int],
    qtbot: QtBot,
) -> None:
    window.reload_all()
    window.table.selectRow(0)
    assert window.detail.item_id == sample_ids[0]

    def fill(dialog: ProgressDialog) -> bool:
        type_text(dialog.text_edit, "已召开推进会")
        dialog.problems_edit.setPlainText("经费不足")
        return True

    prompter.dialog_handlers.append(fill)
    qtbot.mouseClick(window.detail.add_progress_button, Qt.MouseButton.LeftButton)
    detail = services.items.get_item(sample_ids[0])
    assert [(p.text, p.problems) for p in detail.progress] == [("已召开推进会", "经费不足")]
    assert window.detail.progress_list.count() == 1
    assert window.detail.tabs.tabText(1) == "进展(1)"
    progress_column = COLUMNS.index(Column.PROGRESS)
    assert "已召开推进会" in window.model.data(window.model.index(0, progress_column))
    assert window.model.item_at(0).status == Status.IN_PROGRESS


def test_edit_and_save_in_the_detail_panel(
    window: MainWindow,
    prompter: FakePrompter,
    services: Services,
    sample_ids: list[int],
    qtbot: QtBot,
) -> None:
    window.reload_all()
    window.table.selectRow(1)
    panel = window.detail
    panel.support_edit.clear()
    type_text(panel.support_edit, "县人民医院、新成立的股")
    panel.due_edit.set_value(date(2024, 9, 30))
    panel.leader_edit.setText("李局长")
    prompter.confirm_answers.append(True)  # add the unknown unit to the directory
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    row = services.items.get_item(sample_ids[1]).row
    assert row.support_units == ("县人民医院", "新成立的股")
    assert (row.due_date, row.leader) == (date(2024, 9, 30), "李局长")
    assert "新成立的股" in prompter.messages[-1][1] or any(
        "新成立的股" in text for _, text in prompter.messages
    )
    assert panel.history_list.count() == 1


def test_a_stale_edit_is_refused_and_reloaded(
    window: MainWindow, prompter: FakePrompter, services: Services, sample_ids: list[int]
) -> None:
    window.reload_all()
    window.table.selectRow(0)
    services.items.update_items([sample_ids[0]], ItemChanges(leader="别人改的"))
    window.detail.leader_edit.setText("我改的")
    window.detail.save_button.click()
    assert "已被其他人修改" in prompter.errors()[-1]
    assert services.items.get_item(sample_ids[0]).row.leader == "别人改的"
    assert window.detail.leader_edit.text() == "别人改的"


def test_search_filters_as_you_type_and_ctrl_f_focuses(
    window: MainWindow, services: Services, sample_ids: list[int], qtbot: QtBot
) -> None:
    window.reload_all()
    window.table.setFocus()
    qtbot.keySequence(window, QKeySequence.StandardKey.Find)
    assert window.search_edit.hasFocus() or QApplication.focusWidget() is window.search_edit
    type_text(window.search_edit, "疾控")
    assert [r.id for r in window.model.visible_items()] == [sample_ids[1]]
    window.search_edit.clear()
    type_text(window.search_edit, "县中医院")
    assert [r.id for r in window.model.visible_items()] == [sample_ids[2]]
    window.search_edit.clear()
    assert window.model.shown_count() == 3


def test_unit_and_status_filters(
    window: MainWindow, services: Services, sample_ids: list[int]
) -> None:
    services.items.set_status([sample_ids[2]], Status.DONE)
    window.reload_all()
    units = {item.text(0): item for item in window.navigation.unit_items()}
    window.navigation.setCurrentItem(units["疾控股 (1)"])
    assert [r.id for r in window.model.visible_items()] == [sample_ids[1]]
    window.navigation.setCurrentItem(window.navigation.fixed_item(View.DONE))
    assert [r.id for r in window.model.visible_items()] == [sample_ids[2]]
    window.navigation.select_all_items()
    window.status_filter.setCurrentIndex(window.status_filter.findText("未办结"))
    assert [r.id for r in window.model.visible_items()] == sample_ids[:2]


def test_overdue_rows_are_red_and_counted(
    window: MainWindow, services: Services, sample_ids: list[int]
) -> None:
    services.items.update_items([sample_ids[0]], ItemChanges(due_date=date(2024, 6, 30)))
    window.reload_all()
    brush = window.model.data(window.model.index(0, 1), Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == "#fbdcd8"
    assert window.navigation.fixed_item(View.OVERDUE).text(0) == "逾期 (1)"
    assert "逾期 1 项" in window.count_label.text()


def test_delete_asks_first(
    window: MainWindow,
    prompter: FakePrompter,
    services: Services,
    sample_ids: list[int],
    qtbot: QtBot,
) -> None:
    window.reload_all()
    window.table.selectRow(0)
    window.table.setFocus()
    prompter.confirm_answers.append(False)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert len(services.items.list_items()) == 3
    prompter.confirm_answers.append(True)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert len(services.items.list_items()) == 2
    assert window.model.shown_count() == 2


def test_unit_merge_in_the_units_dialog(
    window: MainWindow,
    prompter: FakePrompter,
    services: Services,
    sample_ids: list[int],
    qtbot: QtBot,
    monkeypatch: Any,
) -> None:
    from tracker.views.directory_dialog import UnitsDialog

    window.reload_all()
    dialog = UnitsDialog(window, services, window.events, prompter)
    qtbot.addWidget(dialog)
    dialog.select_unit("县中医院")
    prompter.dialog_handlers.append(lambda d: (d.filter_edit.setText("县人民医院"), True)[1])
    prompter.confirm_answers.append(True)
    dialog.merge_button.click()
    names = [unit.name for unit in services.directory.list_units()]
    assert "县中医院" not in names
    assert "县中医院" in services.directory.get_unit("县人民医院").aliases
    assert services.items.get_item(sample_ids[2]).row.lead_units == ("规划信息股", "县人民医院")
    assert "县人民医院 (2)" in [item.text(0) for item in window.navigation.unit_items()]


def test_settings_persist_and_apply(
    window: MainWindow,
    prompter: FakePrompter,
    services: Services,
    app_paths: Any,
    sample_ids: list[int],
) -> None:
    services.items.update_items([sample_ids[0]], ItemChanges(due_date=date(2024, 7, 25)))
    window.reload_all()
    assert window.navigation.fixed_item(View.DUE_SOON).text(0) == "7日内到期 (0)"

    def fill(dialog: SettingsDialog) -> bool:
        dialog.bureau_edit.setText("示范县卫生健康局")
        dialog.days_spin.setValue(14)
        dialog.user_edit.setText("王小明")
        return True

    prompter.dialog_handlers.append(fill)
    window.commands.settings_action.trigger()
    settings = load_settings(app_paths.settings_file)
    assert (settings.bureau_name, settings.warning_days, settings.user_name) == (
        "示范县卫生健康局",
        14,
        "王小明",
    )
    assert window.navigation.fixed_item(View.DUE_SOON).text(0) == "14日内到期 (1)"
    services.items.update_items([sample_ids[1]], ItemChanges(leader="甲"))
    assert services.items.get_item(sample_ids[1]).history[0].actor == "王小明"


def test_layout_is_remembered(
    make_window: Callable[[], MainWindow], services: Services, sample_ids: list[int]
) -> None:
    first = make_window()
    progress_column = COLUMNS.index(Column.PROGRESS)
    first.table.setColumnHidden(progress_column, True)
    first.table.horizontalHeader().resizeSection(1, 222)
    first.table.horizontalHeader().moveSection(1, 3)
    lead = COLUMNS.index(Column.LEAD)
    ratio = 222 / first.table.horizontalHeader().sectionSize(lead)
    first.close()
    second = make_window()
    assert second.table.isColumnHidden(progress_column)
    assert second.table.horizontalHeader().visualIndex(1) == 3
    # Widths are kept as proportions: the columns always fill the table, whatever its width.
    second.resize(1920, 1080)
    header = second.table.horizontalHeader()
    assert abs(header.sectionSize(1) / header.sectionSize(lead) - ratio) < 0.05


def test_dropping_a_file_imports_it(
    window: MainWindow, prompter: FakePrompter, qtbot: QtBot
) -> None:
    prompter.dialog_handlers.append(_accept)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(data_path("sample-work-plan.txt")))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    _wait_imported(qtbot, window, 15)


def test_a_file_that_cannot_be_read_gives_a_message_and_changes_nothing(
    window: MainWindow, prompter: FakePrompter, qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    junk = tmp_path / "坏文件.docx"
    junk.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    window.start_import(junk)
    qtbot.waitUntil(lambda: bool(prompter.errors()), timeout=15000)
    assert "已损坏" in prompter.errors()[0]
    assert services.items.list_items() == []
    assert window.pages.currentWidget() is window.welcome


def test_statistics_tab(window: MainWindow, services: Services, sample_ids: list[int]) -> None:
    services.items.set_status([sample_ids[0]], Status.DONE)
    window.reload_all()
    assert window.stats.table.rowCount() == 0, "filled when the tab is shown, not at every load"
    window.tabs.setCurrentIndex(1)
    assert window.stats.sentence_label.text().startswith("截至7月15日,共3项,已办结1项(33%)")
    table = window.stats.table
    assert table.item(0, 0).text() == "医政医管股"
    assert table.item(table.rowCount() - 1, 0).text() == "合计"
    window.stats.copy_button.click()
    assert QApplication.clipboard().text() == window.stats.sentence_label.text()
    services.items.set_status([sample_ids[1]], Status.DONE)
    window.reload_all()  # while the tab is on screen: at once
    assert table.item(table.rowCount() - 1, 2).text() == "2"


def test_paste_text_import(
    window: MainWindow, prompter: FakePrompter, qtbot: QtBot, services: Services
) -> None:
    from tracker.views.dialogs import PasteTextDialog

    def paste(dialog: PasteTextDialog) -> bool:
        dialog.text_edit.setPlainText(SAMPLE)
        return True

    prompter.dialog_handlers.extend([paste, _accept])
    window.commands.paste_action.trigger()
    _wait_imported(qtbot, window, 3)
    assert services.documents.list_documents()[0].title == "县卫生健康局2024年工作要点"


def test_about_box_names_the_version(window: MainWindow, prompter: FakePrompter) -> None:
    from tracker import __version__

    window.commands.about_action.trigger()
    assert __version__ in prompter.messages[-1][1]


def test_unexpected_errors_are_logged_and_shown(
    app_paths: Any, monkeypatch: Any, caplog: Any, qtbot: QtBot
) -> None:
    import logging
    import sys

    from tracker.views import application

    shown: list[str] = []
    monkeypatch.setattr(
        application.QMessageBox, "critical", lambda parent, title, text: shown.append(text)
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    application.install_exception_hook(app_paths)
    with caplog.at_level(logging.ERROR):
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as error:
            sys.excepthook(type(error), error, error.__traceback__)
    assert "意外错误" in shown[0] and str(app_paths.log_file) in shown[0]
    assert "ZeroDivisionError" in caplog.text and "Traceback" in caplog.text


def test_backup_and_restore_in_the_window(
    window: MainWindow,
    prompter: FakePrompter,
    services: Services,
    sample_ids: list[int],
    qtbot: QtBot,
) -> None:
    from tracker.views.backups_dialog import BackupsDialog

    window.reload_all()
    dialog = BackupsDialog(window, services, prompter)
    qtbot.addWidget(dialog)
    dialog.backup_button.click()
    assert dialog.table.rowCount() == 1 + sum(
        1 for b in services.backups.list() if b.reason != "manual"
    )
    services.items.delete_items(sample_ids)
    manual = next(
        row for row in range(dialog.table.rowCount()) if dialog.table.item(row, 1).text() == "手动"
    )
    dialog.table.selectRow(manual)
    prompter.confirm_answers.append(True)
    dialog.restore_button.click()
    assert dialog.restored
    assert len(services.items.list_items()) == 3
    assert any(b.reason == "restore" for b in services.backups.list())


def test_saving_the_detail_keeps_a_responsible_unit_responsible(
    window: MainWindow, services: Services, sample_ids: list[int]
) -> None:
    from tracker.domain import UnitRole

    def roles() -> list[tuple[str, UnitRole]]:
        return [(u.name, u.role) for u in services.items.get_item(sample_ids[1]).row.units]

    assert roles() == [("疾控股", UnitRole.RESPONSIBLE)]  # (责任单位:疾控股)
    window.reload_all()
    window.select_item(sample_ids[1])
    assert window.detail.lead_edit.names() == ["疾控股"], "shown in the 牵头单位 field"
    window.detail.remarks_edit.setPlainText("只改备注")
    window.detail.save_button.click()
    assert services.items.get_item(sample_ids[1]).row.remarks == "只改备注"
    assert roles() == [("疾控股", UnitRole.RESPONSIBLE)], "not turned into a lead unit"
