"""Issue 14: the on-screen ledger groups items under their documents and headings, as on paper,
and says how many days each overdue task is late."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from tracker.domain import Status
from tracker.dto import ItemChanges
from tracker.importing import parse_text
from tracker.services.bundle import Services
from tracker.views.ledger_model import HEADING_ROLE, HeadingLine, LedgerTableModel, grouped
from tracker.views.ledger_rows import COLUMNS, Column, LedgerQuery, display_row
from tracker.views.main_window import MainWindow

PLAN_A = """县卫生健康局2024年工作要点
一、医疗服务
(一)县级医院
1.推进县级医院建设。(牵头单位:医政股;完成时限:2024年6月底前)
2.加强急诊急救。(牵头单位:医政股)
(二)基层
3.建设村卫生室。(牵头单位:基层股)
二、公共卫生
4.做好免疫规划。(牵头单位:疾控股;完成时限:9月底前)
"""
PLAN_B = """县卫生健康局2024年爱国卫生工作要点
一、环境整治
1.开展城乡环境卫生整洁行动。(牵头单位:爱卫办)
"""
TODAY = date(2024, 7, 15)


def _store(services: Services, text: str, name: str, number: str | None = None) -> list[int]:
    parsed = parse_text(text, name)
    ids = list(services.imports.store(parsed, file_name=name).item_ids)
    return ids


def _texts(model: LedgerTableModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_headings_sit_above_their_items_in_document_order(services: Services, qtbot: QtBot) -> None:
    _store(services, PLAN_A, "a.txt")
    model = LedgerTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(services.items.list_items(), TODAY)
    assert _texts(model) == [
        "一、医疗服务", "(一)县级医院", "1", "2", "(二)基层", "3", "二、公共卫生", "4",
    ]  # fmt: skip
    assert model.shown_count() == 4
    heading = model.index(0, 0)
    assert heading.data(HEADING_ROLE) is True
    assert not model.flags(heading) & Qt.ItemFlag.ItemIsSelectable, "a heading is not a task"
    assert model.flags(model.index(2, 0)) & Qt.ItemFlag.ItemIsSelectable
    # Sorted by anything but 序号 the headings would be scattered: they go.
    model.sort(COLUMNS.index(Column.TITLE), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 4 and model.heading_rows() == []
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert len(model.heading_rows()) == 4
    # A search keeps the headings of what it found, and only those.
    model.set_query(LedgerQuery(text="免疫"))
    assert _texts(model) == ["二、公共卫生", "1"]


def test_several_documents_get_a_row_each_with_title_and_number(
    services: Services, qtbot: QtBot
) -> None:
    _store(services, PLAN_A, "a.txt")
    _store(services, PLAN_B, "b.txt")
    documents = services.documents.list_documents()
    model = LedgerTableModel()
    model.set_documents({d.id: f"《{d.title}》(卫发〔2024〕{d.id}号)" for d in documents})
    model.set_rows(services.items.list_items(), TODAY)
    rows = [line for line in grouped(model.all_rows(), {}) if isinstance(line, HeadingLine)]
    assert [line.depth for line in rows].count(0) == 2
    texts = _texts(model)
    assert sum(text.startswith("《") and "号)" in text for text in texts) == 2
    # One document shown: no document row, as in the exported ledger.
    model.set_query(LedgerQuery(text="环境卫生"))
    assert _texts(model) == ["一、环境整治", "1"]


def test_the_window_spans_headings_and_keeps_them_out_of_the_selection(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    ids = _store(services, PLAN_A, "a.txt")
    window.reload_all()
    window.show()
    table, model = window.table, window.model
    for row in model.heading_rows():
        assert table.columnSpan(row, 0) == len(COLUMNS)
    table.selectAll()
    assert window.selected_ids() == ids, "select all takes the tasks, not the headings"
    table.clearSelection()
    table.selectRow(0)  # a heading
    assert window.selected_ids() == []
    # 视图 ▸ 按文件和标题分组 turns the rows off and on.
    window.commands.grouping_action.trigger()
    assert model.heading_rows() == [] and table.columnSpan(0, 0) == 1
    window.commands.grouping_action.trigger()
    assert model.heading_rows() and table.columnSpan(0, 0) == len(COLUMNS)


def test_an_overdue_task_says_how_many_days_late(services: Services, qtbot: QtBot) -> None:
    ids = _store(services, PLAN_A, "a.txt")
    services.items.update_items([ids[1]], ItemChanges(due_date=date(2024, 7, 1)))
    services.items.set_status([ids[0]], Status.DONE)
    model = LedgerTableModel()
    model.set_rows(services.items.list_items(), TODAY)
    late = COLUMNS.index(Column.LATE)

    def cell(item_id: int) -> str:
        row = model.row_of(item_id)
        assert row is not None
        return str(model.index(row, late).data())

    assert cell(ids[1]) == "14天"
    assert cell(ids[0]) == "", "a finished task is not late, even past its date"
    assert cell(ids[3]) == "", "9月底前 is still ahead"
    model.sort(late, Qt.SortOrder.DescendingOrder)
    assert model.visible_items()[0].id == ids[1], "the latest task comes first"


def test_the_deadline_cell_does_not_repeat_a_date_its_phrase_names(services: Services) -> None:
    ids = _store(services, PLAN_A, "a.txt")
    rows = {row.id: display_row(row, TODAY) for row in services.items.list_items()}
    assert rows[ids[0]].cell(Column.DUE) == "2024年6月底前"
    assert rows[ids[1]].cell(Column.DUE) == "未定"
    kept = replace(rows[ids[2]].item, deadline_text="长期坚持", due_date=date(2024, 12, 31))
    assert display_row(kept, TODAY).cell(Column.DUE) == "长期坚持(2024-12-31)"


def test_the_detail_pane_takes_about_a_fifth_of_any_screen(tmp_path: Path) -> None:
    from tracker.views.widgets import detail_width

    for width in (1093, 1366, 1920, 2560):
        assert 0.12 * width <= detail_width(width) <= 0.23 * width
    assert detail_width(1093) < 0.25 * 1093
