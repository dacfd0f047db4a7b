"""Issue 14, "On screen": the window at office screen sizes, driven through its real widgets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QSpinBox,
    QStyle,
    QStyleOptionSpinBox,
)
from pytestqt.qtbot import QtBot

from tests.views.conftest import FakePrompter, type_text
from tracker.domain import Status, deadline_label
from tracker.dto import ItemChanges, NewDelay
from tracker.importing import parse_text
from tracker.paths import data_path, resource_path
from tracker.services.bundle import Services
from tracker.views.dialogs import DelayDialog
from tracker.views.ledger_rows import COLUMNS, Column, title_text
from tracker.views.main_window import MainWindow
from tracker.views.widgets import date_edit

# 1366×768 at 100%, 1920×1080 at 100%, and 1366×768 at 125% (what Qt lays out: 1093×614).
SCREENS = [(1366, 768), (1920, 1080), (1093, 614)]


@pytest.fixture
def plan_ids(services: Services) -> list[int]:
    """The bundled sample work plan: sections, numbered tasks, units, deadlines."""
    path = data_path("sample-work-plan.txt")
    parsed = parse_text(Path(path).read_text(encoding="utf-8"), "sample-work-plan.txt")
    return list(services.imports.store(parsed, file_name="sample-work-plan.txt").item_ids)


def _at_size(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.table.viewport().width() > 0)
    QApplication.processEvents()


def _shown_columns(window: MainWindow) -> list[int]:
    return [i for i in range(len(COLUMNS)) if not window.table.isColumnHidden(i)]


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_every_shown_column_fits_the_table(
    qtbot: QtBot, window: MainWindow, plan_ids: list[int], width: int, height: int
) -> None:
    window.reload_all()
    _at_size(qtbot, window, width, height)
    header = window.table.horizontalHeader()
    viewport = window.table.viewport().width()
    for index in _shown_columns(window):
        right = header.sectionViewportPosition(index) + header.sectionSize(index)
        assert right <= viewport, f"{COLUMNS[index].header} ends at {right} of {viewport}"
        assert header.sectionSize(index) >= COLUMNS[index].min_width
    status = COLUMNS.index(Column.STATUS)
    assert header.sectionSize(status) >= header.sectionSizeFromContents(status).width() - 16
    # The empty detail pane leaves most of the width to the table.
    table, detail = window.detail_splitter.sizes()
    assert detail <= 0.3 * window.width()
    assert table > 1.8 * detail


def test_selecting_a_row_moves_nothing(
    qtbot: QtBot, window: MainWindow, plan_ids: list[int]
) -> None:
    window.reload_all()
    _at_size(qtbot, window, 1366, 768)
    before = (window.main_splitter.sizes(), window.detail_splitter.sizes())
    widths = [window.table.columnWidth(i) for i in range(len(COLUMNS))]
    for item_id in (plan_ids[0], plan_ids[5], plan_ids[14]):
        row = window.model.row_of(item_id)
        assert row is not None
        window.table.selectRow(row)
        QApplication.processEvents()
        assert window.detail.item_id == window.model.item_at(row).id
        assert (window.main_splitter.sizes(), window.detail_splitter.sizes()) == before
        assert [window.table.columnWidth(i) for i in range(len(COLUMNS))] == widths


def test_hiding_a_column_gives_its_room_to_the_others(
    qtbot: QtBot, window: MainWindow, plan_ids: list[int]
) -> None:
    window.reload_all()
    _at_size(qtbot, window, 1366, 768)
    title = COLUMNS.index(Column.TITLE)
    before = window.table.columnWidth(title)
    [progress] = [
        a for a in window.commands.columns_menu.actions() if a.text() == Column.PROGRESS.header
    ]
    progress.trigger()
    assert window.table.columnWidth(title) > before
    header = window.table.horizontalHeader()
    last = max(_shown_columns(window), key=header.visualIndex)
    right = header.sectionViewportPosition(last) + header.sectionSize(last)
    assert right == window.table.viewport().width()


# ---- 2. delays ------------------------------------------------------------------------------


def test_a_delayed_deadline_reads_as_original_and_new() -> None:
    assert deadline_label("6月底前", date(2027, 1, 15), delayed=True) == (
        "原定6月底前,延期至2027年1月15日"
    )
    assert deadline_label(None, date(2027, 1, 15), delayed=True) == "延期至2027年1月15日"
    assert deadline_label("6月底前", date(2024, 6, 30)) == "6月底前(2024-06-30)"


def test_the_ledger_shows_a_delay_with_its_original_phrase(
    window: MainWindow, services: Services, plan_ids: list[int]
) -> None:
    item = services.items.get_item(plan_ids[0]).row
    assert item.deadline_text
    services.items.record_delay(
        item.id, NewDelay(new_due_date=date(2027, 1, 15), reason="资金未到位")
    )
    window.reload_all()
    row = window.model.row_of(item.id)
    assert row is not None
    cell = window.model.index(row, COLUMNS.index(Column.DUE)).data()
    assert cell == f"原定{item.deadline_text},延期至2027年1月15日"


def test_a_delay_into_the_past_is_refused(
    qtbot: QtBot, window: MainWindow, prompter: FakePrompter, plan_ids: list[int]
) -> None:
    window.reload_all()
    window.select_item(plan_ids[0])
    seen: list[tuple[bool, str]] = []

    def into_the_past(dialog: Any) -> bool:
        assert isinstance(dialog, DelayDialog)
        dialog.date_edit.setDate(date(2024, 7, 1))  # today is 2024-07-15
        dialog.reason_edit.setPlainText("补记")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        seen.append((dialog.isVisible() and dialog.result() == 1, dialog.problem_label.text()))
        return bool(dialog.result())

    prompter.dialog_handlers.append(into_the_past)
    qtbot.mouseClick(window.detail.delay_button, Qt.MouseButton.LeftButton)
    [(accepted, problem)] = seen
    assert not accepted
    assert "已经过去" in problem
    assert window.detail._detail is not None
    assert window.detail._detail.row.status is not Status.DELAYED


# ---- 3. Chinese desktop basics --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("20270115", date(2027, 1, 15)),
        ("2027-1-15", date(2027, 1, 15)),
        ("2027/1/5", date(2027, 1, 5)),
        ("2027.12.31", date(2027, 12, 31)),
    ],
)
def test_a_date_can_be_typed(qtbot: QtBot, window: MainWindow, typed: str, expected: date) -> None:
    edit = date_edit(window)
    edit.setDate(date(2026, 12, 1))
    edit.show()
    qtbot.waitExposed(edit)
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(edit, typed)
    assert edit.date().toPython() == expected
    assert edit.displayFormat() == "yyyy年M月d日"


@pytest.fixture
def styled() -> Any:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    yield app
    app.setStyleSheet(before)


def test_the_welcome_text_is_not_clipped(
    qtbot: QtBot, styled: Any, make_window: Callable[[], MainWindow]
) -> None:
    window = make_window()
    for width, height in SCREENS:
        _at_size(qtbot, window, width, height)
        label = window.welcome.text_label
        assert label.height() >= label.heightForWidth(label.width())


def test_drop_downs_and_number_boxes_are_usable(qtbot: QtBot, styled: Any) -> None:
    qss = resource_path("style.qss").read_text(encoding="utf-8")
    assert "QComboBox QAbstractItemView" in qss and "selection-color" in qss
    box = QSpinBox()
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    option = QStyleOptionSpinBox()
    box.initStyleOption(option)  # type: ignore[attr-defined]
    style = box.style()
    for control in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        rect = style.subControlRect(QStyle.ComplexControl.CC_SpinBox, option, control, box)
        assert rect.width() >= 16 and rect.height() >= 8


# ---- 4. identifiable rows and documents ------------------------------------------------------


def test_numbering_runs_one_to_n_across_sections(window: MainWindow, plan_ids: list[int]) -> None:
    window.reload_all()
    number = COLUMNS.index(Column.NUMBER)
    rows = [window.model.row_of(item.id) for item in window.model.visible_items()]
    shown = [window.model.index(row, number).data() for row in rows if row is not None]
    assert shown == [str(n) for n in range(1, len(plan_ids) + 1)]
    assert (
        len(
            {
                len(item.heading_path) and item.heading_path[0]
                for item in window.model.visible_items()
            }
        )
        > 1
    )


def test_documents_with_one_title_are_told_apart(window: MainWindow, services: Services) -> None:
    title = "县卫生健康局卫生高质量发展实施方案"
    for name, task in (("甲.txt", "提高县级医院服务能力"), ("乙.txt", "强化疾病预防控制")):
        text = f"{title}\n1.{task}。(责任单位:医政医管股)\n"
        services.imports.store(parse_text(text, name), file_name=name)
    window.reload_all()
    labels = [item.text(0) for item in window.navigation.document_items()]
    assert len(set(labels)) == 2
    assert any("甲.txt" in label for label in labels)
    assert window.navigation.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert all("实施方案" in item.toolTip(0) for item in window.navigation.document_items())


def test_a_generic_title_is_shown_with_its_heading(services: Services, plan_ids: list[int]) -> None:
    row = services.items.get_item(plan_ids[0]).row
    generic = replace(row, title="配套措施", heading_path=("一、加强公共卫生体系建设",))
    assert title_text(generic) == "加强公共卫生体系建设·配套措施"
    assert title_text(replace(row, title="提高县级医院服务能力")) == "提高县级医院服务能力"


# ---- 5. the detail never shows a hidden item --------------------------------------------------


def test_the_detail_follows_the_filter(
    qtbot: QtBot, window: MainWindow, services: Services, plan_ids: list[int]
) -> None:
    services.items.update_items([plan_ids[0]], ItemChanges(status=Status.DONE))
    window.reload_all()
    window.select_item(plan_ids[0])
    assert window.detail.item_id == plan_ids[0]
    window.status_filter.setCurrentIndex(window.status_filter.findText("未办结"))
    assert window.model.row_of(plan_ids[0]) is None
    assert window.detail.item_id is None
    assert window.detail.empty_label.isVisibleTo(window.detail)
    window.status_filter.setCurrentIndex(0)
    window.select_item(plan_ids[1])
    type_text(window.search_edit, "医")
    if window.model.row_of(plan_ids[1]) is not None:
        assert window.detail.item_id == plan_ids[1]
        assert window.selected_ids() == [plan_ids[1]]


def test_dragging_a_column_wider_narrows_the_others_instead_of_running_off(
    qtbot: QtBot, window: MainWindow, plan_ids: list[int]
) -> None:
    window.reload_all()
    _at_size(qtbot, window, 1366, 768)
    header = window.table.horizontalHeader()
    title = COLUMNS.index(Column.TITLE)
    wider = header.sectionSize(title) + 120
    header.resizeSection(title, wider)  # what a drag on the header's edge does
    qtbot.waitUntil(lambda: _right_edge(window) <= window.table.viewport().width())
    assert header.sectionSize(title) == wider
    assert _right_edge(window) == window.table.viewport().width()


def _right_edge(window: MainWindow) -> int:
    header = window.table.horizontalHeader()
    last = max(_shown_columns(window), key=header.visualIndex)
    return header.sectionViewportPosition(last) + header.sectionSize(last)


def test_commands_that_need_a_selection_wait_for_one(
    window: MainWindow, plan_ids: list[int]
) -> None:
    window.reload_all()
    commands = window.commands
    assert not commands.bulk_action.isEnabled() and not commands.delete_action.isEnabled()
    row = window.model.row_of(plan_ids[0])
    assert row is not None
    window.table.selectRow(row)
    assert commands.bulk_action.isEnabled() and commands.delete_action.isEnabled()


def test_the_primary_welcome_button_shows_its_icon_in_white(window: MainWindow) -> None:
    image = window.welcome.import_button.icon().pixmap(24, 24).toImage()
    colours = {
        image.pixelColor(x, y).name() for x in range(24) for y in range(24)
        if image.pixelColor(x, y).alpha() > 200
    }  # fmt: skip
    assert colours and all(c == "#ffffff" for c in colours), colours


def test_the_deadline_in_the_detail_pane_shows_its_date_and_phrase_whole(
    qtbot: QtBot, window: MainWindow, plan_ids: list[int]
) -> None:
    window.reload_all()
    _at_size(qtbot, window, 1366, 768)
    window.select_item(plan_ids[0])
    QApplication.processEvents()
    edit = window.detail.due_edit.date_edit
    assert edit.width() >= edit.sizeHint().width(), "the date box is not squeezed"
    label = window.detail.phrase_label
    assert label.text().startswith("原文:")
    assert label.height() <= 3 * label.fontMetrics().height(), "the phrase is not one char a line"
