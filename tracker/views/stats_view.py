"""The 统计 tab: per-unit figures with bars, and the sentence for a report."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.dto import StatsReport, UnitStats

HEADERS = ["责任单位", "总数", "已办结", "推进中", "逾期", "按时办结率", "办理情况"]
BAR_COLUMN = 6
_BAR_ROLE = Qt.ItemDataRole.UserRole + 1
BAR_COLOURS = {
    "done": QColor("#3f9e5a"),
    "in_progress": QColor("#4a7fc1"),
    "overdue": QColor("#d2473b"),
}


class BarDelegate(QStyledItemDelegate):
    """Draws done / in progress / overdue as one stacked bar, scaled to the largest total."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maximum = 1

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Paint the bar."""
        super().paint(painter, option, index)
        parts = index.data(_BAR_ROLE)
        if not parts:
            return
        rect: QRect = option.rect.adjusted(6, 7, -6, -7)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        x = rect.left()
        for key in ("done", "in_progress", "overdue"):
            width = round(rect.width() * parts[key] / max(self.maximum, 1))
            if width:
                painter.fillRect(QRect(x, rect.top(), width, rect.height()), BAR_COLOURS[key])
                x += width
        painter.restore()

    def sizeHint(
        self,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QSize:
        """Leave room for a readable bar."""
        return QSize(220, 28)


class StatsView(QWidget):
    """Per-unit totals, done, in progress, overdue and on-time rate; a copyable sentence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: A report not yet in the table (the tab was not on screen).
        self._pending: StatsReport | None = None
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.sentence_label = QLabel(self)
        self.sentence_label.setObjectName("sentence")
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("复制这段话", self)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(BAR_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column in range(1, BAR_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.bars = BarDelegate(self.table)
        self.table.setItemDelegateForColumn(BAR_COLUMN, self.bars)
        self.table.verticalHeader().setDefaultSectionSize(30)
        legend = QLabel(
            '<span style="color:#3f9e5a">■</span> 已办结　'
            '<span style="color:#4a7fc1">■</span> 推进中　'
            '<span style="color:#d2473b">■</span> 逾期',
            self,
        )
        legend.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(self.sentence_label, 1)
        top.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)

    def _connect_signals(self) -> None:
        self.copy_button.clicked.connect(self._on_copy_clicked)

    def show_report(self, report: StatsReport) -> None:
        """Show a report; the table is filled when the tab is on screen (it can be long)."""
        self.sentence_label.setText(report.sentence)
        self._pending = report
        if self.isVisible():
            self._fill_table()

    def showEvent(self, event: QShowEvent) -> None:
        """Fill the table the first time it is shown after a change."""
        super().showEvent(event)
        self._fill_table()

    def _fill_table(self) -> None:
        report, self._pending = self._pending, None
        if report is None:
            return
        rows = [*report.units, report.overall] if report.units else []
        self.bars.maximum = max((u.total for u in report.units), default=1)
        self.table.setRowCount(len(rows))
        for index, unit in enumerate(rows):
            self._fill_row(index, unit, is_total=unit is report.overall)

    def _fill_row(self, index: int, unit: UnitStats, *, is_total: bool) -> None:
        rate = f"{unit.on_time_rate:.0%}" if unit.on_time_rate is not None else "—"
        values: list[Any] = [
            unit.unit_name,
            unit.total,
            unit.done,
            unit.in_progress,
            unit.overdue,
            rate,
        ]
        for column, value in enumerate(values):
            cell = QTableWidgetItem(str(value))
            if column:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if is_total:
                font = cell.font()
                font.setBold(True)
                cell.setFont(font)
            if column == 4 and unit.overdue:
                cell.setForeground(BAR_COLOURS["overdue"])
            self.table.setItem(index, column, cell)
        bar = QTableWidgetItem()
        if not is_total:
            bar.setData(
                _BAR_ROLE,
                {"done": unit.done, "in_progress": unit.in_progress, "overdue": unit.overdue},
            )
            bar.setToolTip(f"已办结 {unit.done},推进中 {unit.in_progress},逾期 {unit.overdue}")
        self.table.setItem(index, BAR_COLUMN, bar)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.sentence_label.text())
