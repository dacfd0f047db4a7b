"""The ledger table's model: a plain list of precomputed rows, filtered and sorted in Python.

A QSortFilterProxyModel calling ``data()`` per cell takes tens of seconds at 100k rows; here a
keystroke filters a list of prepared strings and a sort sorts a list of prepared keys.

In document order the items are grouped as on paper: a row per document (when several are
shown) and per heading, which the view spans across the table and which cannot be selected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from tracker.domain import Urgency, overdue_days
from tracker.dto import ItemRow
from tracker.views.ledger_rows import COLUMNS, Column, DisplayRow, LedgerQuery, display_row

WARNING_COLOURS = {
    Urgency.OVERDUE: QColor("#fbdcd8"),
    Urgency.DUE_SOON: QColor("#fff1c2"),
    Urgency.DONE: QColor("#dff1e2"),
}

HEADING_COLOURS = (QColor("#dfe7f2"), QColor("#edf1f7"))  # a document row, a heading row
LATE_COLOUR = QColor("#b3261e")

_Index = QModelIndex | QPersistentModelIndex
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: True on a document or heading row (which the view spans across the table).
HEADING_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class HeadingLine:
    """A row naming a document (depth 0) or a heading (depth 1…) above its items."""

    text: str
    depth: int


def grouped(
    rows: list[DisplayRow], documents: Mapping[int | None, str]
) -> list[DisplayRow | HeadingLine]:
    """The rows in document order with a row above each new document and heading.

    A document row only when several documents are shown, as the exported ledger does.
    """
    lines: list[DisplayRow | HeadingLine] = []
    several = len({d.item.document_id for d in rows}) > 1
    document: object = object()
    shown: tuple[str, ...] = ()
    for display in rows:
        item = display.item
        if item.document_id != document:
            document, shown = item.document_id, ()
            if several:
                label = documents.get(item.document_id) or item.document_title or "未关联文件的事项"
                lines.append(HeadingLine(label, 0))
        path = item.heading_path
        if path != shown:
            common = next(
                (i for i, (a, b) in enumerate(zip(path, shown, strict=False)) if a != b),
                min(len(path), len(shown)),
            )
            lines.extend(
                HeadingLine(text, depth) for depth, text in enumerate(path[common:], common + 1)
            )
            shown = path
        lines.append(display)
    return lines


class LedgerTableModel(QAbstractTableModel):
    """All items in memory; ``visible`` is the filtered, sorted list the view shows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[DisplayRow] = []
        self._visible: list[DisplayRow] = []
        self._lines: list[DisplayRow | HeadingLine] = []
        self._line_of: dict[int, int] = {}
        self._number_of: dict[int, int] = {}
        self._documents: dict[int | None, str] = {}
        self._grouping = True
        self._query = LedgerQuery()
        self._today = date.today()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._brushes = {warning: QBrush(colour) for warning, colour in WARNING_COLOURS.items()}
        self._heading_brushes = tuple(QBrush(colour) for colour in HEADING_COLOURS)
        self._late_brush = QBrush(LATE_COLOUR)
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- contents --------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[ItemRow], today: date) -> None:
        """Replace every row (after an import or a reload)."""
        self.beginResetModel()
        self._today = today
        self._all = [display_row(row, today) for row in rows]
        self._apply()
        self.endResetModel()

    def update_rows(self, rows: Iterable[ItemRow]) -> None:
        """Replace the given items in place, keeping the current order and filter."""
        fresh = {row.id: display_row(row, self._today) for row in rows}
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

    def set_documents(self, documents: Mapping[int | None, str]) -> None:
        """How each document's row reads: 《标题》(文号)."""
        self.beginResetModel()
        self._documents = dict(documents)
        self._layout()
        self.endResetModel()

    def set_grouping(self, grouping: bool) -> None:
        """Show (or leave out) the document and heading rows in document order."""
        self.beginResetModel()
        self._grouping = grouping
        self._layout()
        self.endResetModel()

    @property
    def grouping(self) -> bool:
        """Whether document order shows document and heading rows."""
        return self._grouping

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

    def shown_count(self) -> int:
        """How many items are shown (heading rows not counted)."""
        return len(self._visible)

    def is_heading(self, row: int) -> bool:
        """Whether a table row is a document or heading row."""
        return isinstance(self._lines[row], HeadingLine)

    def heading_rows(self) -> list[int]:
        """The table rows that are document or heading rows."""
        return [row for row, line in enumerate(self._lines) if isinstance(line, HeadingLine)]

    def item_at(self, row: int) -> ItemRow:
        """The item on a table row (not a heading row)."""
        line = self._lines[row]
        if isinstance(line, HeadingLine):
            raise IndexError(f"row {row} is a heading")
        return line.item

    def row_of(self, item_id: int) -> int | None:
        """The table row showing an item, if it is shown."""
        return self._line_of.get(item_id)

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
        self._layout()

    def _layout(self) -> None:
        in_document_order = self._sort in (None, (0, Qt.SortOrder.AscendingOrder))
        if self._grouping and in_document_order:
            self._lines = grouped(self._visible, self._documents)
        else:
            self._lines = list(self._visible)
        self._line_of = {}
        self._number_of = {}
        for row, line in enumerate(self._lines):
            if not isinstance(line, HeadingLine):
                self._line_of[line.item.id] = row
                self._number_of[line.item.id] = len(self._number_of) + 1

    # ---- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Rows shown."""
        return 0 if parent.isValid() else len(self._lines)

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
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        display = self._lines[index.row()]
        column = index.column()
        if isinstance(display, HeadingLine):
            return self._heading_data(display, column, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if COLUMNS[column] is Column.NUMBER:  # one numbering, 1…N as shown, as the Excel
                return str(self._number_of[display.item.id])
            return display.cells[column]
        if role == Qt.ItemDataRole.ForegroundRole and COLUMNS[column] is Column.LATE:
            return self._late_brush
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
            if COLUMNS[column] in (Column.NUMBER, Column.STATUS, Column.OWNER, Column.LATE):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        if role == ITEM_ID_ROLE:
            return display.item.id
        return None

    def _heading_data(self, line: HeadingLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return line.text if column == 0 else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._heading_brushes[min(line.depth, 1)]
        if role == Qt.ItemDataRole.FontRole and line.depth <= 1:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        if role == HEADING_ROLE:
            return True
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Heading rows are shown, not selected."""
        if index.isValid() and 0 <= index.row() < len(self._lines) and self.is_heading(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's prepared keys; the rows shown and the selection stay."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        anchors = [(self._id_at(i.row()), i.column()) for i in persistent]
        self._order()
        self._move_persistent(persistent, anchors)
        self.layoutChanged.emit()

    def _id_at(self, row: int) -> int | None:
        line = self._lines[row] if 0 <= row < len(self._lines) else None
        return line.item.id if isinstance(line, DisplayRow) else None

    def _move_persistent(
        self, persistent: list[QModelIndex], anchors: list[tuple[int | None, int]]
    ) -> None:
        """Point kept indexes (the selection) at their items' new rows; headings' go."""
        if persistent:
            moved = [
                QModelIndex()
                if item_id is None or item_id not in self._line_of
                else self.index(self._line_of[item_id], column)
                for item_id, column in anchors
            ]
            self.changePersistentIndexList(persistent, moved)

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
        anchors = [(self._id_at(i.row()), i.column()) for i in persistent]
        self._apply()
        self._move_persistent(persistent, anchors)
        self.layoutChanged.emit()
        if self._lines:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._lines) - 1, len(COLUMNS) - 1)
            )
