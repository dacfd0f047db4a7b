"""The ledger table's model: a plain list of precomputed rows, filtered and sorted in Python.

A QSortFilterProxyModel calling ``data()`` per cell takes tens of seconds at 100k rows; here a
keystroke filters a list of prepared strings and a sort sorts a list of prepared keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from tracker.domain import Urgency, overdue_days
from tracker.dto import ItemRow
from tracker.views.ledger_rows import COLUMNS, Column, DisplayRow, LedgerQuery, display_row

WARNING_COLOURS = {
    Urgency.OVERDUE: QColor("#fbdcd8"),
    Urgency.DUE_SOON: QColor("#fff1c2"),
    Urgency.DONE: QColor("#dff1e2"),
}

_Index = QModelIndex | QPersistentModelIndex
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class LedgerTableModel(QAbstractTableModel):
    """All items in memory; ``visible`` is the filtered, sorted list the view shows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[DisplayRow] = []
        self._visible: list[DisplayRow] = []
        self._query = LedgerQuery()
        self._today = date.today()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._brushes = {warning: QBrush(colour) for warning, colour in WARNING_COLOURS.items()}

    # ---- contents --------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[ItemRow], today: date) -> None:
        """Replace every row (after an import or a reload)."""
        self.beginResetModel()
        self._today = today
        self._all = [display_row(row) for row in rows]
        self._apply()
        self.endResetModel()

    def update_rows(self, rows: Iterable[ItemRow]) -> None:
        """Replace the given items in place, keeping the current order and filter."""
        fresh = {row.id: display_row(row) for row in rows}
        if not fresh:
            return
        self._all = [fresh.pop(d.item.id, d) for d in self._all] + list(fresh.values())
        self._refilter()

    def remove_ids(self, ids: Iterable[int]) -> None:
        """Drop deleted items."""
        gone = set(ids)
        self.beginResetModel()
        self._all = [d for d in self._all if d.item.id not in gone]
        self._apply()
        self.endResetModel()

    def set_query(self, query: LedgerQuery) -> None:
        """Show only what ``query`` lets through."""
        self.beginResetModel()
        self._query = query
        self._apply()
        self.endResetModel()

    @property
    def query(self) -> LedgerQuery:
        """The current filter."""
        return self._query

    def all_rows(self) -> list[DisplayRow]:
        """Every loaded row, filtered or not."""
        return list(self._all)

    def all_items(self) -> list[ItemRow]:
        """Every loaded item."""
        return [d.item for d in self._all]

    def visible_items(self) -> list[ItemRow]:
        """The items shown, in the order shown."""
        return [d.item for d in self._visible]

    def item_at(self, row: int) -> ItemRow:
        """The item on a table row."""
        return self._visible[row].item

    def row_of(self, item_id: int) -> int | None:
        """The table row showing an item, if it is shown."""
        for index, display in enumerate(self._visible):
            if display.item.id == item_id:
                return index
        return None

    def _apply(self) -> None:
        matches = self._query.predicate(self._today)
        self._visible = [d for d in self._all if matches(d)]
        self._order()

    def _order(self) -> None:
        if self._sort is not None:
            column, order = self._sort
            self._visible.sort(
                key=lambda d: d.sort_keys[column], reverse=order == Qt.SortOrder.DescendingOrder
            )

    # ---- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Rows shown."""
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """All columns (the view hides some)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column headers."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section].header
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, tooltip, colour, alignment, item id."""
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        display = self._visible[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if COLUMNS[column] is Column.NUMBER:  # one numbering, 1…N as shown, as the Excel
                return str(index.row() + 1)
            return display.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            item = display.item
            if COLUMNS[column] in (Column.DUE, Column.STATUS):
                late = overdue_days(item.status, item.due_date, self._today)
                text = display.cells[column]
                return f"{text}\n逾期{late}天" if late else text
            path = " > ".join(item.heading_path)
            if item.number:
                path = f"{path} > {item.number}" if path else f"原文序号 {item.number}"
            return f"{path}\n{item.content}" if path else item.content
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes.get(display.item.warning)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if COLUMNS[column] in (Column.NUMBER, Column.STATUS, Column.OWNER):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        if role == ITEM_ID_ROLE:
            return display.item.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's prepared keys; the rows shown and the selection stay."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        anchors = [(self._visible[i.row()].item.id, i.column()) for i in persistent]
        self._order()
        if persistent:
            position = {d.item.id: row for row, d in enumerate(self._visible)}
            self.changePersistentIndexList(
                persistent, [self.index(position[item_id], column) for item_id, column in anchors]
            )
        self.layoutChanged.emit()

    def _refilter(self) -> None:
        """Recompute the visible rows; keep selections when only the order or cells change."""
        before = [d.item.id for d in self._visible]
        matches = self._query.predicate(self._today)
        if sorted(d.item.id for d in self._all if matches(d)) != sorted(before):
            self.beginResetModel()
            self._apply()
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        anchors = [(before[i.row()], i.column()) for i in persistent]
        self._apply()
        position = {d.item.id: row for row, d in enumerate(self._visible)}
        self.changePersistentIndexList(
            persistent, [self.index(position[item_id], column) for item_id, column in anchors]
        )
        self.layoutChanged.emit()
        if self._visible:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._visible) - 1, len(COLUMNS) - 1)
            )
