"""单位管理 driven through its real widgets: full names, and 合并到… that cannot merge by accident."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.views.conftest import FakePrompter, type_text
from tracker.services.bundle import Services
from tracker.views.directory_dialog import MergeTargetDialog, UnitsDialog
from tracker.views.events import AppEvents

LONG = "四川省遂宁市射洪市卫生健康局医政医管股"
UNITS = ["县人民医院", "县中医院", "市人民医院", "县疾控中心", "办公室", LONG]


@pytest.fixture
def units_dialog(qtbot: QtBot, services: Services, prompter: FakePrompter) -> UnitsDialog:
    for name in UNITS:
        services.directory.add_unit(name)
    services.directory.add_alias("县疾控中心", "疾控中心")
    dialog = UnitsDialog(None, services, AppEvents(), prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_name_column_shows_whole_names(units_dialog: UnitsDialog) -> None:
    table = units_dialog.table
    metrics = table.fontMetrics()
    width = table.columnWidth(0)
    for row in range(table.rowCount()):
        cell = table.item(row, 0)
        assert cell is not None
        assert metrics.horizontalAdvance(cell.text()) < width, cell.text()
        assert cell.toolTip().startswith(cell.text())
    # Every column fits in the table: nothing pushed out of sight to the right.
    total = sum(table.columnWidth(c) for c in range(table.columnCount()))
    assert total <= table.viewport().width() + 1


def test_the_units_dialog_fits_a_small_screen(units_dialog: UnitsDialog) -> None:
    room = units_dialog.screen().availableGeometry()
    assert units_dialog.frameGeometry().height() <= room.height()
    assert units_dialog.width() <= room.width()


def _merge_dialog(qtbot: QtBot, services: Services, source: str = "县医院") -> MergeTargetDialog:
    for name in [*UNITS, source]:
        services.directory.add_unit(name)
    services.directory.add_alias("县疾控中心", "疾控中心")
    units = services.directory.list_units()
    [unit] = [u for u in units if u.name == source]
    dialog = MergeTargetDialog(None, unit, [u for u in units if u.name != source])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_merge_targets_come_closest_first_and_none_is_chosen(
    qtbot: QtBot, services: Services
) -> None:
    dialog = _merge_dialog(qtbot, services)
    shown = dialog.shown_names()
    assert shown[0] == "县人民医院"
    # Other levels (市, 省) never are the same unit: last.
    assert set(shown[-2:]) == {"市人民医院", LONG}
    assert "县医院" not in shown
    assert dialog.value() is None
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.result() == 0 and dialog.isVisible()  # Enter merged nothing


def test_typing_filters_and_chooses_the_closest_left(qtbot: QtBot, services: Services) -> None:
    dialog = _merge_dialog(qtbot, services)
    dialog.filter_edit.setFocus()
    type_text(dialog.filter_edit, "医院")
    assert dialog.shown_names() == ["县人民医院", "县中医院", "市人民医院"]
    assert dialog.value() == "县人民医院"
    dialog.filter_edit.clear()
    type_text(dialog.filter_edit, "疾控中心")  # an alias finds its unit
    assert dialog.shown_names() == ["县疾控中心"]
    dialog.filter_edit.clear()
    assert dialog.value() is None
    type_text(dialog.filter_edit, "中医")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert dialog.value() == "县中医院"


def test_a_click_chooses_any_unit(qtbot: QtBot, services: Services) -> None:
    dialog = _merge_dialog(qtbot, services)
    row = dialog.shown_names().index("办公室")
    entry = dialog.list.item(row)
    rect = dialog.list.visualItemRect(entry)
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.value() == "办公室"
    assert dialog.ok_button.isEnabled()


def test_merging_from_the_units_dialog(
    units_dialog: UnitsDialog, services: Services, prompter: FakePrompter
) -> None:
    services.directory.add_unit("县医院")
    units_dialog.reload(select="县医院")
    seen: list[list[str]] = []

    def choose(name: str) -> Callable[[MergeTargetDialog], bool]:
        def handle(dialog: MergeTargetDialog) -> bool:
            seen.append(dialog.shown_names())
            type_text(dialog.filter_edit, name)
            return dialog.value() is not None

        return handle

    prompter.dialog_handlers.append(lambda dialog: False)  # cancelled: nothing happens
    units_dialog.merge_button.click()
    assert "县医院" in [u.name for u in services.directory.list_units()]
    prompter.dialog_handlers.append(choose("县人民"))
    prompter.confirm_answers.append(True)
    units_dialog.merge_button.click()
    assert seen[0][0] == "县人民医院"
    names = [u.name for u in services.directory.list_units()]
    assert "县医院" not in names
    assert "县医院" in services.directory.get_unit("县人民医院").aliases
    assert units_dialog.selected() is not None
    assert units_dialog.selected().name == "县人民医院"  # type: ignore[union-attr]
