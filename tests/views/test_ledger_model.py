"""The ledger table model: checked by Qt's model tester, filtered and sorted in Python."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from tracker.domain import Status, Urgency
from tracker.dto import ItemChanges
from tracker.services.bundle import Services
from tracker.views.ledger_model import ITEM_ID_ROLE, WARNING_COLOURS, LedgerTableModel
from tracker.views.ledger_rows import COLUMNS, Column, DueWindow, LedgerQuery, View


def _model(services: Services, qtbot) -> LedgerTableModel:  # type: ignore[no-untyped-def]
    model = LedgerTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_rows(services.items.list_items(), date(2024, 7, 15))
    return model


def test_model_tester_through_filtering_sorting_and_updates(
    services: Services, sample_ids: list[int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    model = _model(services, qtbot)
    assert model.shown_count() == 3
    model.sort(COLUMNS.index(Column.TITLE), Qt.SortOrder.DescendingOrder)
    model.set_query(LedgerQuery(text="服务"))
    assert model.shown_count() == 1
    model.set_query(LedgerQuery())
    [row] = services.items.update_items([sample_ids[0]], ItemChanges(owner="张三"))
    model.update_rows([row])
    model.remove_ids([sample_ids[1]])
    assert model.shown_count() == 2


def test_cells_colours_and_tooltips(services: Services, sample_ids: list[int], qtbot) -> None:  # type: ignore[no-untyped-def]
    services.items.update_items([sample_ids[0]], ItemChanges(due_date=date(2024, 7, 1)))
    services.items.update_items([sample_ids[1]], ItemChanges(due_date=date(2024, 7, 20)))
    services.items.set_status([sample_ids[2]], Status.DONE)
    model = _model(services, qtbot)
    colours = [
        model.data(model.index(r, 0), Qt.ItemDataRole.BackgroundRole).color() for r in range(3)
    ]
    assert colours == [
        WARNING_COLOURS[Urgency.OVERDUE],
        WARNING_COLOURS[Urgency.DUE_SOON],
        WARNING_COLOURS[Urgency.DONE],
    ]
    due = model.data(model.index(0, COLUMNS.index(Column.DUE)))
    assert due == "2024年7月1日"
    tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert "深入推进县级医院建设" in tip
    assert model.data(model.index(0, 0), ITEM_ID_ROLE) == sample_ids[0]
    status = COLUMNS.index(Column.STATUS)
    late = model.data(model.index(0, status), Qt.ItemDataRole.ToolTipRole)
    assert late.endswith("逾期14天"), "how late an overdue task is, by the one rule"
    assert "逾期" not in model.data(model.index(1, status), Qt.ItemDataRole.ToolTipRole)


def test_sorting_keeps_the_selection_anchor(
    services: Services, sample_ids: list[int], qtbot
) -> None:  # type: ignore[no-untyped-def]
    model = _model(services, qtbot)
    persistent = model.index(0, 1)
    from PySide6.QtCore import QPersistentModelIndex

    anchor = QPersistentModelIndex(persistent)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.item_at(anchor.row()).id == sample_ids[0]
    assert anchor.row() == 2


def test_quick_filters(services: Services, sample_ids: list[int], qtbot) -> None:  # type: ignore[no-untyped-def]
    services.items.update_items([sample_ids[0]], ItemChanges(due_date=date(2024, 7, 10)))
    services.items.update_items([sample_ids[1]], ItemChanges(due_date=date(2024, 8, 1)))
    model = _model(services, qtbot)
    model.set_query(LedgerQuery(due_window=DueWindow.OVERDUE))
    assert [r.id for r in model.visible_items()] == [sample_ids[0]]
    model.set_query(LedgerQuery(due_window=DueWindow.MONTH))
    assert [r.id for r in model.visible_items()] == [sample_ids[1]]
    model.set_query(LedgerQuery(due_window=DueWindow.NONE))
    assert [r.id for r in model.visible_items()] == [sample_ids[2]]
    model.set_query(LedgerQuery(view=View.OVERDUE))
    assert [r.id for r in model.visible_items()] == [sample_ids[0]]
    unit_id = model.visible_items()[0].units[0].id
    model.set_query(LedgerQuery(view=View.UNIT, unit_id=unit_id))
    assert [r.id for r in model.visible_items()] == [sample_ids[0]]
