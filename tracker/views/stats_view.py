"""The 统计 tab: per-unit figures with bars, and the sentence for a 通报.

It shows the report it is given: the window passes the figures of the items on screen, so
the tab follows the navigation and the filters.
"""

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

from tracker.dto import STATS_HEADERS, StatsReport, UnitStats

HEADERS = [*STATS_HEADERS, "办理情况"]
OVERDUE_COLUMN = 5
LONGEST_COLUMN = 6
BAR_COLUMN = 9
_BAR_ROLE = Qt.ItemDataRole.UserRole + 1
#: The parts of a bar, in the order drawn, with the word and colour of each.
BAR_PARTS = (
    ("done", "已办结"),
    ("in_progress", "正在推进"),
    ("not_started", "未启动"),
    ("overdue", "逾期"),
)
BAR_COLOURS = {
    "done": QColor("#3f9e5a"),
    "in_progress": QColor("#4a7fc1"),
    "not_started": QColor("#a8adb4"),
    "overdue": QColor("#d2473b"),
}


class BarDelegate(QStyledItemDelegate):
    """Draws done / in progress / not started / overdue as one bar, scaled to the largest total."""

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
        for key, _word in BAR_PARTS:
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
    """Per-unit 已办结 / 正在推进 / 未启动 / 逾期, longest overdue and on-time rate; a sentence."""

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
        self.scope_label = QLabel(self)
        self.scope_label.setObjectName("hint")
        self.note_label = QLabel(self)
        self.note_label.setObjectName("hint")
        self.note_label.setWordWrap(True)
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
            "　".join(
                f'<span style="color:{BAR_COLOURS[key].name()}">■</span> {word}'
                for key, word in BAR_PARTS
            ),
            self,
        )
        legend.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(self.sentence_label, 1)
        top.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope_label)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note_label)
        layout.addWidget(legend)

    def _connect_signals(self) -> None:
        self.copy_button.clicked.connect(self._on_copy_clicked)

    def show_report(self, report: StatsReport, scope: str = "") -> None:
        """Show a report; the table is filled when the tab is on screen (it can be long).

        ``scope`` says what was counted ("全部事项", a document's title, "当前筛选的 12 项").
        """
        self.scope_label.setText(f"统计范围:{scope}" if scope else "")
        self.scope_label.setVisible(bool(scope))
        self.sentence_label.setText(report.sentence)
        self.note_label.setText(
            f"注:{report.multi_lead_items}项有多个牵头单位,分别计入各单位,各单位之和因此大于合计。"
            if report.multi_lead_items
            else ""
        )
        self.note_label.setVisible(bool(report.multi_lead_items))
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
            unit.not_started,
            unit.overdue,
            f"{unit.max_overdue_days}天" if unit.max_overdue_days else "—",
            rate,
            f"{unit.reminders}次" if unit.reminders else "—",
        ]
        for column, value in enumerate(values):
            cell = QTableWidgetItem(str(value))
            if column:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if is_total:
                font = cell.font()
                font.setBold(True)
                cell.setFont(font)
            if column in (OVERDUE_COLUMN, LONGEST_COLUMN) and unit.overdue:
                cell.setForeground(BAR_COLOURS["overdue"])
            self.table.setItem(index, column, cell)
        bar = QTableWidgetItem()
        if not is_total:
            parts = {key: getattr(unit, key) for key, _word in BAR_PARTS}
            bar.setData(_BAR_ROLE, parts)
            bar.setToolTip(",".join(f"{word} {parts[key]}" for key, word in BAR_PARTS))
        self.table.setItem(index, BAR_COLUMN, bar)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.sentence_label.text())
