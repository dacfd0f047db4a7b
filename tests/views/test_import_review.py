"""The import review driven through its real widgets, as a clerk would.

The draft's rules are tested without widgets in tests/importing/test_review.py; these tests
check that the dialog shows the draft and hands the clerk's clicks and typing to it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from tests.conftest import SAMPLE
from tests.views.conftest import FakePrompter
from tracker.domain import UnitRole
from tracker.importing import parse_file, parse_text
from tracker.paths import data_path
from tracker.services.bundle import Services
from tracker.views.import_review import ImportReviewDialog
from tracker.views.main_window import MainWindow


def _wait_imported(qtbot: QtBot, window: MainWindow, count: int) -> None:
    qtbot.waitUntil(lambda: window.model.shown_count() == count, timeout=15000)


def _leaves(
    dialog: ImportReviewDialog, under: QTreeWidgetItem | None = None
) -> list[QTreeWidgetItem]:
    """The tree's item entries, top to bottom: what is neither a document nor a heading."""
    found: list[QTreeWidgetItem] = []

    def walk(node: QTreeWidgetItem) -> None:
        for index in range(node.childCount()):
            child = node.child(index)
            assert child is not None
            if child.flags() & Qt.ItemFlag.ItemIsAutoTristate:
                walk(child)
            else:
                found.append(child)

    walk(under or dialog.tree.invisibleRootItem())
    return found


def _unit_choice(dialog: ImportReviewDialog, name: str) -> QComboBox:
    """The directory choice offered for an unknown name in the bottom table."""
    table = dialog.units_table
    for row in range(table.rowCount()):
        cell = table.item(row, 0)
        if cell is not None and cell.text() == name:
            combo = table.cellWidget(row, 2)
            assert isinstance(combo, QComboBox)
            return combo
    raise AssertionError(f"{name} is not in the table")


def test_import_review_edits_leave_out_and_remember_aliases(
    window: MainWindow, prompter: FakePrompter, qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    services.directory.add_unit("县人民医院")
    path = tmp_path / "要点.txt"
    path.write_text(SAMPLE.replace("县人民医院", "县医院"), encoding="utf-8")
    seen: dict[str, Any] = {}

    def review(dialog: ImportReviewDialog) -> bool:
        leaves = _leaves(dialog)
        seen["count"] = len(leaves)
        leaves[2].setCheckState(0, Qt.CheckState.Unchecked)  # leave the third out
        dialog.tree.setCurrentItem(leaves[0])
        dialog.title_edit.setText("提高县级医院综合服务能力")
        dialog.title_edit.editingFinished.emit()
        dialog.deadline_edit.setText("9月底前")
        dialog.deadline_edit.editingFinished.emit()
        seen["due"] = dialog.due_label.text()
        combo = _unit_choice(dialog, "县医院")
        combo.setCurrentIndex(combo.findData("县人民医院"))
        seen["unknown"] = dialog.unknown_label.text()
        return True

    prompter.paths.append(path)
    prompter.dialog_handlers.append(review)
    window.commands.import_action.trigger()
    _wait_imported(qtbot, window, 2)
    assert seen["count"] == 3
    assert seen["due"] == "= 2024年09月30日"
    assert "县医院" not in seen["unknown"]
    rows = services.items.list_items()
    assert [r.title for r in rows] == ["提高县级医院综合服务能力", "强化疾病预防控制"]
    assert rows[0].lead_units == ("医政医管股", "县人民医院")
    assert rows[0].deadline_text == "9月底前" and rows[0].due_date == date(2024, 9, 30)
    assert "县医院" in services.directory.get_unit("县人民医院").aliases
    assert path in window.state.recent_files()


def test_the_review_points_at_items_to_check(
    window: MainWindow, prompter: FakePrompter, qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "要点.txt"
    path.write_text(
        "2024年工作要点\n一、重点任务\n1.做好甲。(责任单位:县卫健局)\n2.做好乙。\n"
        "3.建设任务\n4.做好丁。(责任单位:县卫健局)\n",
        encoding="utf-8",
    )
    seen: dict[str, Any] = {}

    def review(dialog: ImportReviewDialog) -> bool:
        seen["summary"] = dialog.summary_label.text()
        seen["marked"] = [leaf.text(0).startswith("⚠") for leaf in _leaves(dialog)]
        dialog.tree.setCurrentItem(_leaves(dialog)[0])
        dialog.next_concern_button.click()
        seen["first"] = dialog.title_edit.text()
        seen["why"] = dialog.concern_label.text()
        dialog.responsible_edit.set_names(["县医保局"])
        dialog.responsible_edit.editingFinished.emit()
        seen["after"] = dialog.summary_label.text()
        dialog.next_concern_button.click()
        current = dialog.tree.currentItem()
        assert current is not None
        seen["second"] = _leaves(dialog).index(current)
        seen["generic"] = _leaves(dialog)[2].text(0)
        return True

    prompter.paths.append(path)
    prompter.dialog_handlers.append(review)
    window.commands.import_action.trigger()
    _wait_imported(qtbot, window, 4)
    assert "共 4 项,其中 2 项未识别责任单位" in seen["summary"]
    assert seen["marked"] == [False, True, True, False]
    assert seen["first"] == "做好乙"
    assert "未识别责任单位" in seen["why"]
    assert "其中 1 项未识别责任单位" in seen["after"]
    assert seen["second"] == 2
    assert "建设任务(一、重点任务)" in seen["generic"]
    assert services.items.list_items()[1].lead_units == ("县医保局",)


def test_merge_and_split_in_the_review(
    window: MainWindow, prompter: FakePrompter, qtbot: QtBot, services: Services
) -> None:
    def review(dialog: ImportReviewDialog) -> bool:
        leaves = _leaves(dialog)
        dialog.tree.setCurrentItem(leaves[1])
        dialog.merge_button.click()
        assert len(_leaves(dialog)) == 14
        assert dialog.tree.currentItem() is _leaves(dialog)[0]  # the merged item
        dialog.tree.setCurrentItem(_leaves(dialog)[0])
        cursor = dialog.content_view.textCursor()
        cursor.setPosition(dialog.content_view.toPlainText().index("2.提升"))
        dialog.content_view.setTextCursor(cursor)
        dialog.split_button.click()
        assert len(_leaves(dialog)) == 15
        assert dialog.tree.currentItem() is _leaves(dialog)[1]  # the second part
        return True

    prompter.dialog_handlers.append(review)
    window.import_sample()
    _wait_imported(qtbot, window, 15)
    titles = [r.title for r in services.items.list_items()][:2]
    assert titles == ["完善医共体运行机制", "提升县级医院服务能力"]


def _dialog(qtbot: QtBot, *, second_document: bool = False) -> ImportReviewDialog:
    """The sample's 15 items; with a second document of one item naming 县医院."""
    result = parse_file(data_path("sample-work-plan.txt"))
    if second_document:
        more = parse_text("县卫生健康局2024年第二批任务\n一、其他\n1.做好甲。(责任单位:县医院)\n")
        result.documents += more.documents
    directory = {name: name for name in ("县人民医院", "医政医管股", "疾病预防控制股")}
    dialog = ImportReviewDialog(None, result, directory, [])
    qtbot.addWidget(dialog)
    return dialog


def test_leaving_everything_out_disables_confirming(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.confirm_button.isEnabled()
    dialog.check_none_button.click()
    assert all(leaf.checkState(0) == Qt.CheckState.Unchecked for leaf in _leaves(dialog))
    assert "将导入 0 项" in dialog.summary_label.text()
    assert not dialog.confirm_button.isEnabled()
    dialog.check_all_button.click()
    assert all(leaf.checkState(0) == Qt.CheckState.Checked for leaf in _leaves(dialog))
    assert "将导入 15 项" in dialog.summary_label.text()
    assert dialog.value().result.item_count == 15


def test_unchecking_a_heading_leaves_its_items_out(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    top = dialog.tree.topLevelItem(0)
    assert top is not None
    heading = top.child(0)
    assert heading is not None
    under = _leaves(dialog, heading)
    assert 0 < len(under) < 15
    heading.setCheckState(0, Qt.CheckState.Unchecked)
    assert all(leaf.checkState(0) == Qt.CheckState.Unchecked for leaf in under)
    assert top.checkState(0) == Qt.CheckState.PartiallyChecked
    assert dialog.value().result.item_count == 15 - len(under)
    assert f"将导入 {15 - len(under)} 项" in dialog.summary_label.text()


def test_the_first_item_cannot_be_merged_and_a_bad_cut_is_explained(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, second_document=True)
    leaves = _leaves(dialog)
    assert len(leaves) == 16
    last = leaves[-1]  # the first item of the second document
    dialog.tree.setCurrentItem(last)
    dialog.merge_button.click()
    assert len(_leaves(dialog)) == 16
    cursor = dialog.content_view.textCursor()
    cursor.setPosition(0)
    dialog.content_view.setTextCursor(cursor)
    dialog.split_button.click()
    assert "请先在原文中点击要拆开的位置" in dialog.unknown_label.text()
    assert len(_leaves(dialog)) == 16


def test_a_heading_clears_the_editor_and_documents_show_their_counts(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, second_document=True)
    first, second = (dialog.tree.topLevelItem(i) for i in range(2))
    assert first is not None and second is not None
    assert first.text(0) == "《示范县卫生健康局2024年工作要点》 15 项"
    assert second.text(0).endswith(" 1 项")
    dialog.tree.setCurrentItem(first)
    assert dialog.title_edit.text() == "" and not dialog.title_edit.isEnabled()
    assert not dialog.merge_button.isEnabled()


def test_mapping_a_name_recolours_and_is_returned(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, second_document=True)
    last = _leaves(dialog)[-1]
    dialog.tree.setCurrentItem(last)
    assert "县医院(可能是:县人民医院)" in dialog.unknown_label.text()
    red = last.foreground(0).color().name()
    combo = _unit_choice(dialog, "县医院")
    assert combo.itemData(1) == "县人民医院"  # the suggestion first
    combo.setCurrentIndex(1)
    assert dialog.unknown_label.text() == ""
    assert _leaves(dialog)[-1].foreground(0).color().name() != red
    assert dialog.value().aliases == {"县医院": "县人民医院"}
    combo.setCurrentIndex(0)
    assert dialog.value().aliases == {}


def test_the_review_fits_the_screen_it_opens_on(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.show()
    screen = dialog.screen()
    room = screen.availableGeometry()
    assert dialog.frameGeometry().height() <= room.height()
    assert dialog.height() <= room.height() - 40 and dialog.width() <= room.width() - 40
    assert room.contains(dialog.geometry().topLeft())
    button = dialog.confirm_button
    assert room.contains(button.mapToGlobal(button.rect().bottomRight()))


def test_a_new_spelling_is_mapped_onto_another_new_name(qtbot: QtBot) -> None:
    result = parse_text(
        "县卫生健康局2024年任务\n一、其他\n1.做好甲。(责任单位:医政股)\n"
        "2.做好乙。(责任单位:规划信息股)\n"
    )
    dialog = ImportReviewDialog(None, result, {"县人民医院": "县人民医院"}, [])
    qtbot.addWidget(dialog)
    combo = _unit_choice(dialog, "医政股")
    index = combo.findData("规划信息股")
    assert combo.itemText(index) == "并入本次新增的:规划信息股"
    combo.setCurrentIndex(index)
    assert dialog.value().aliases == {"医政股": "规划信息股"}
    dialog.tree.setCurrentItem(_leaves(dialog)[0])
    assert "医政股(并入“规划信息股”)" in dialog.unknown_label.text()
    # Mapping the target back onto the name is refused and the choice put back.
    back = _unit_choice(dialog, "规划信息股")
    back.setCurrentIndex(back.findData("医政股"))
    assert back.currentData() == "新增到单位目录"
    assert "不能再把“规划信息股”并入它" in dialog.unknown_label.text()
    assert dialog.value().aliases == {"医政股": "规划信息股"}


def test_a_unit_set_as_responsible_in_the_review_shows_in_the_ledger_and_the_detail(
    window: MainWindow, prompter: FakePrompter, qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    from tracker.views.ledger_rows import COLUMNS, Column

    path = tmp_path / "要点.txt"
    path.write_text("县卫生健康局2024年工作要点\n一、其他\n1.做好甲项工作。\n", encoding="utf-8")

    def review(dialog: ImportReviewDialog) -> bool:
        dialog.tree.setCurrentItem(_leaves(dialog)[0])
        dialog.lead_edit.setText("")
        dialog.responsible_edit.setText("医政医管股")
        dialog.responsible_edit.editingFinished.emit()
        return True

    prompter.paths.append(path)
    prompter.dialog_handlers.append(review)
    window.commands.import_action.trigger()
    _wait_imported(qtbot, window, 1)
    [row] = services.items.list_items()
    assert [(u.name, u.role) for u in row.units] == [("医政医管股", UnitRole.RESPONSIBLE)]
    lead = window.model.index(window.model.row_of(row.id) or 0, COLUMNS.index(Column.LEAD))
    assert window.model.data(lead) == "医政医管股"
    window.detail.show_item(row.id)
    assert window.detail.lead_edit.names() == ["医政医管股"]
