"""The ledger table and the filter bar above it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QWidget,
)

from tracker.domain import Status
from tracker.views.ledger_model import LedgerTableModel
from tracker.views.ledger_rows import COLUMNS, DueWindow, LedgerQuery
from tracker.views.welcome import icon

ROW_HEIGHT = 26
_STATUS_FILTERS: list[tuple[str, frozenset[Status]]] = [
    ("全部状态", frozenset()),
    ("未办结", frozenset({Status.TODO, Status.IN_PROGRESS, Status.DELAYED})),
    *[(status.label, frozenset({status})) for status in Status],
]


class LedgerTableView(QTableView):
    """One row per item; columns can be moved, hidden (right-click the header) and sorted."""

    def __init__(self, model: LedgerTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setVisible(False)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.setSortIndicatorShown(True)
        for index, column in enumerate(COLUMNS):
            header.resizeSection(index, column.default_width)
            self.setColumnHidden(index, not column.default_visible)
        header.customContextMenuRequested.connect(self._on_header_context_menu)

    def fill_columns_menu(self, menu: QMenu) -> None:
        """One checkable entry per column: shown or hidden."""
        menu.clear()
        for index, column in enumerate(COLUMNS):
            action = menu.addAction(column.header)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(index))
            action.toggled.connect(lambda checked, i=index: self.setColumnHidden(i, not checked))

    def _on_header_context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        self.fill_columns_menu(menu)
        menu.exec(self.horizontalHeader().mapToGlobal(position))


class FilterBar(QWidget):
    """查找 box, status and due-date filters, and how many items are shown.

    Signals:
        changed: the clerk changed a filter.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("查找:标题、内容、单位、责任人…(Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.status_filter = QComboBox(self)
        for label, statuses in _STATUS_FILTERS:
            self.status_filter.addItem(label, statuses)
        self.due_filter = QComboBox(self)
        for window in DueWindow:
            self.due_filter.addItem(window.label, window)
        self.shown_label = QLabel(self)
        self.shown_label.setObjectName("hint")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit, 1)
        layout.addWidget(self.status_filter)
        layout.addWidget(self.due_filter)
        layout.addWidget(self.shown_label)
        self.search_edit.textChanged.connect(self.changed)
        self.status_filter.currentIndexChanged.connect(self.changed)
        self.due_filter.currentIndexChanged.connect(self.changed)

    def applied_to(self, base: LedgerQuery) -> LedgerQuery:
        """``base`` (what the navigation chose) narrowed by these filters."""
        return LedgerQuery(
            view=base.view,
            document_id=base.document_id,
            heading_prefix=base.heading_prefix,
            unit_id=base.unit_id,
            statuses=self.status_filter.currentData(),
            due_window=self.due_filter.currentData(),
            text=self.search_edit.text(),
        )
