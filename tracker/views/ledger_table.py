"""The ledger table and the filter bar above it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
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
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.setSortIndicatorShown(True)
        for index, column in enumerate(COLUMNS):
            header.resizeSection(index, column.default_width)
            self.setColumnHidden(index, not column.default_visible)
        self._weights = {index: column.default_width for index, column in enumerate(COLUMNS)}
        self._fitting = False
        header.customContextMenuRequested.connect(self._on_header_context_menu)
        header.sectionResized.connect(self._on_section_resized)
        model.modelReset.connect(self._span_headings)
        model.layoutChanged.connect(self._span_headings)

    def _span_headings(self) -> None:
        """A document or heading row reads across the whole table, as on paper."""
        model = self.model()
        assert isinstance(model, LedgerTableModel)
        self.clearSpans()
        columns = model.columnCount()
        for row in model.heading_rows():
            self.setSpan(row, 0, 1, columns)

    def fill_columns_menu(self, menu: QMenu) -> None:
        """One checkable entry per column: shown or hidden."""
        menu.clear()
        for index, column in enumerate(COLUMNS):
            action = menu.addAction(column.header)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(index))
            action.toggled.connect(lambda checked, i=index: self._show_column(i, checked))

    def fit_columns(self, hold: int | None = None) -> None:
        """Share the visible width among the shown columns, so none is cut off at the right.

        Narrow columns (序号, 责任人, 状态) keep their width, and so does ``hold``, the column
        the clerk is dragging; the others keep their proportions and shrink no further than
        their narrowest width, beyond which the table scrolls sideways.
        """
        header = self.horizontalHeader()
        available = self.viewport().width()
        shown = [i for i in range(len(COLUMNS)) if not self.isColumnHidden(i)]
        flexible = [i for i in shown if not COLUMNS[i].fixed and i != hold]
        if available <= 0 or not flexible:
            return
        kept = [i for i in shown if i not in flexible]
        room = available - sum(header.sectionSize(i) for i in kept)
        widths: dict[int, int] = {}
        free = list(flexible)
        while free:  # a column held at its narrowest leaves the rest to share what is left
            total = sum(self._weights[i] for i in free)
            left = room - sum(widths.values())
            narrow = [i for i in free if self._weights[i] * left // total < COLUMNS[i].min_width]
            if not narrow:
                widths.update({i: self._weights[i] * left // total for i in free})
                break
            for index in narrow:
                widths[index] = COLUMNS[index].min_width
                free.remove(index)
        last = max(flexible, key=header.visualIndex)
        widths[last] += max(0, room - sum(widths.values()))
        self._fitting = True
        try:
            for index, width in widths.items():
                if header.sectionSize(index) != width:
                    header.resizeSection(index, width)
        finally:
            self._fitting = False

    def remember_widths(self) -> None:
        """Take the present widths as the proportions to keep (after restoring a layout)."""
        header = self.horizontalHeader()
        for index in range(len(COLUMNS)):
            self._weights[index] = max(header.sectionSize(index), 1)
        self.fit_columns()

    def _on_section_resized(self, index: int, _old: int, new: int) -> None:
        if not self._fitting and new > 0:
            self._weights[index] = new
            if not COLUMNS[index].fixed:  # the others make room, rather than run off the right
                QTimer.singleShot(0, self, lambda: self.fit_columns(hold=index))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the columns to the new width (also called when the viewport resizes)."""
        super().resizeEvent(event)
        self.fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the columns once the table has its real width."""
        super().showEvent(event)
        self.fit_columns()

    def _show_column(self, index: int, shown: bool) -> None:
        self.setColumnHidden(index, not shown)
        self.fit_columns()

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
