"""The 调度 tab: a reporting round's units (已报 / 迟报 / 未报), and every round side by side.

It shows what it is given and says what the clerk asked for through its signals; the cycle
flow (``tracker/views/flows/cycle.py``) does the work.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import ReplyState, format_cn_date
from tracker.round_dto import (
    ReminderRow,
    RoundGrid,
    RoundRow,
    RoundStatus,
    RoundUnitRow,
    short_round_name,
)

STATE_COLOURS = {
    ReplyState.ON_TIME: QColor("#dff1e2"),
    ReplyState.LATE: QColor("#fff1c2"),
    ReplyState.MISSING: QColor("#fbdcd8"),
}
UNIT_HEADERS = ("单位", "报送情况", "报送日期", "事项数", "催办", "联系人", "电话", "填报表")
REMINDER_HEADERS = ("日期", "单位", "方式", "答复人", "答复内容", "调度", "事项数")
_UNIT_ROLE = Qt.ItemDataRole.UserRole + 1


class RoundsView(QWidget):
    """调度: choose a round, see who has reported, act on it.

    Signals:
        round_changed(int): the clerk chose another round.
        create_requested: 新建调度….
        receive_requested: 收回填报文件….
        remind_requested(int): 催办… for a unit (its id) of the round shown.
        sheets_requested: 督办单… for the round shown.
        notice_requested: 通报… for the round shown.
        folder_requested: 打开文件夹 of the round shown.
    """

    round_changed = Signal(int)
    create_requested = Signal()
    receive_requested = Signal()
    remind_requested = Signal(int)
    sheets_requested = Signal()
    notice_requested = Signal()
    folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._status: RoundStatus | None = None
        self.round_combo = QComboBox(self)
        self.round_combo.setMinimumContentsLength(14)
        self.create_button = QPushButton("新建调度…", self)
        self.receive_button = QPushButton("收回填报文件…", self)
        self.remind_button = QPushButton("催办…", self)
        self.sheets_button = QPushButton("督办单…", self)
        self.notice_button = QPushButton("通报…", self)
        self.folder_button = QPushButton("打开文件夹", self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.missing_only = QCheckBox("只看未报送", self)
        self.units_table = QTableWidget(0, len(UNIT_HEADERS), self)
        self.units_table.setHorizontalHeaderLabels(list(UNIT_HEADERS))
        self.units_table.verticalHeader().setVisible(False)
        self.units_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.units_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.units_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.units_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.grid_table = QTableWidget(0, 0, self)
        self.grid_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self._reminders: list[ReminderRow] = []
        self.reminders_table = QTableWidget(0, len(REMINDER_HEADERS), self)
        self.reminders_table.setHorizontalHeaderLabels(list(REMINDER_HEADERS))
        self.reminders_table.verticalHeader().setVisible(False)
        self.reminders_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reminders_table.setWordWrap(True)
        reminders_header = self.reminders_table.horizontalHeader()
        reminders_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        reminders_header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(
            "还没有调度。点击“新建调度”,为每个单位生成一份填报表(已填好上次的进展),"
            "发给各单位;收回后在这里看谁已报、谁未报,一键催办。",
            self,
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("hint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("调度:", self))
        bar.addWidget(self.round_combo)
        for button in (self.create_button, self.receive_button, self.remind_button):
            bar.addWidget(button)
        bar.addStretch(1)
        for button in (self.sheets_button, self.notice_button, self.folder_button):
            bar.addWidget(button)
        round_page = QWidget(self)
        round_layout = QVBoxLayout(round_page)
        round_layout.setContentsMargins(0, 0, 0, 0)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.missing_only)
        round_layout.addLayout(summary_row)
        round_layout.addWidget(self.units_table, 1)
        self.pages = QTabWidget(self)
        self.pages.addTab(round_page, "本轮各单位")
        self.pages.addTab(self.grid_table, "各轮报送情况")
        self.pages.addTab(self.reminders_table, "催办记录")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.pages, 1)

        self.round_combo.currentIndexChanged.connect(self._on_round_chosen)
        self.create_button.clicked.connect(self.create_requested)
        self.receive_button.clicked.connect(self.receive_requested)
        self.remind_button.clicked.connect(self._on_remind_clicked)
        self.sheets_button.clicked.connect(self.sheets_requested)
        self.notice_button.clicked.connect(self.notice_requested)
        self.folder_button.clicked.connect(self.folder_requested)
        self.missing_only.toggled.connect(lambda _checked: self._fill_units())
        self.units_table.itemSelectionChanged.connect(self._update_buttons)
        self.units_table.itemSelectionChanged.connect(self._fill_reminders)
        self.units_table.doubleClicked.connect(lambda _index: self._on_remind_clicked())
        self.set_rounds([])

    # ---- contents --------------------------------------------------------------------------

    def set_rounds(self, rounds: Sequence[RoundRow], current: int | None = None) -> None:
        """List the rounds, newest first, and choose ``current`` (else the newest)."""
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for found in rounds:
            self.round_combo.addItem(found.name, found.id)
        index = self.round_combo.findData(current) if current is not None else 0
        self.round_combo.setCurrentIndex(max(index, 0) if rounds else -1)
        self.round_combo.blockSignals(False)
        has_rounds = bool(rounds)
        self.empty_label.setVisible(not has_rounds)
        self.pages.setVisible(has_rounds)
        for widget in (self.round_combo, self.receive_button, self.folder_button):
            widget.setEnabled(has_rounds)
        for widget in (self.sheets_button, self.notice_button):
            widget.setEnabled(has_rounds)
        if not has_rounds:
            self._status = None
            self.units_table.setRowCount(0)
        self._update_buttons()

    def current_round_id(self) -> int | None:
        """The round shown."""
        value = self.round_combo.currentData()
        return int(value) if value is not None else None

    def select_round(self, round_id: int) -> None:
        """Show a round (from the navigation)."""
        index = self.round_combo.findData(round_id)
        if index >= 0:
            self.round_combo.setCurrentIndex(index)

    def show_status(self, status: RoundStatus) -> None:
        """Show where each unit of a round stands."""
        self._status = status
        found = status.round
        self.summary.setText(
            f"{found.name}:调度 {found.units} 个单位、{found.tasks} 项事项,"
            f"报送截止 {format_cn_date(found.reply_by)}。"
            f"已报 {found.on_time},迟报 {found.late},未报 {found.missing}。"
        )
        self._fill_units()

    def show_grid(self, grid: RoundGrid) -> None:
        """Units × rounds: 已报 / 迟报 / 未报 with the day each replied."""
        table = self.grid_table
        table.clear()
        table.setColumnCount(len(grid.rounds) + 1)
        table.setRowCount(len(grid.rows))
        headers = ["单位", *(short_round_name(found.name) for found in grid.rounds)]
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        for row, unit in enumerate(grid.rows):
            table.setItem(row, 0, QTableWidgetItem(unit.unit_name))
            for column, cell in enumerate(unit.cells, start=1):
                if cell is None:
                    item = QTableWidgetItem("—")
                    item.setToolTip("本轮未调度该单位")
                else:
                    day = f" {cell.replied_on:%m-%d}" if cell.replied_on else ""
                    item = QTableWidgetItem(f"{cell.state.label}{day}")
                    item.setBackground(QBrush(STATE_COLOURS[cell.state]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, item)

    def show_reminders(self, reminders: Sequence[ReminderRow]) -> None:
        """Every 催办 recorded, newest first; the selected unit's only while one is selected."""
        self._reminders = list(reminders)
        self._fill_reminders()

    def shown_reminders(self) -> list[ReminderRow]:
        """The 催办 listed: the selected unit's, or all."""
        unit_id = self.selected_unit_id()
        if unit_id is None:
            return list(self._reminders)
        return [row for row in self._reminders if row.unit_id == unit_id]

    def selected_unit_id(self) -> int | None:
        """The unit chosen in the round's table."""
        rows = self.units_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.units_table.item(rows[0].row(), 0)
        value = item.data(_UNIT_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def shown_units(self) -> list[RoundUnitRow]:
        """The units listed (all, or only those that have not reported)."""
        if self._status is None:
            return []
        if self.missing_only.isChecked():
            return list(self._status.in_state(ReplyState.MISSING))
        return list(self._status.units)

    # ---- inside ----------------------------------------------------------------------------

    def _fill_units(self) -> None:
        units = self.shown_units()
        table = self.units_table
        table.setRowCount(len(units))
        for row, unit in enumerate(units):
            cells = (
                unit.unit_name,
                unit.state.label,
                format_cn_date(unit.replied_on),
                str(unit.task_count),
                f"{unit.reminders}次" if unit.reminders else "",
                unit.contact or "",
                unit.phone or "",
                unit.file_name,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(_UNIT_ROLE, unit.unit_id)
                if column == 1:
                    item.setBackground(QBrush(STATE_COLOURS[unit.state]))
                if column in (1, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, item)
        self._update_buttons()

    def _fill_reminders(self) -> None:
        rows = self.shown_reminders()
        table = self.reminders_table
        table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (
                format_cn_date(row.reminded_on),
                row.unit_name,
                row.way.label,
                row.answered_by or "",
                row.said,
                row.round_name or "",
                str(len(row.item_ids)),
            )
            for column, text in enumerate(cells):
                table.setItem(index, column, QTableWidgetItem(text))
        table.resizeRowsToContents()
        unit = " · 本单位" if self.selected_unit_id() is not None else ""
        self.pages.setTabText(2, f"催办记录({len(rows)}){unit}")

    def _update_buttons(self) -> None:
        self.remind_button.setEnabled(self.selected_unit_id() is not None)

    def _on_round_chosen(self, _index: int) -> None:
        round_id = self.current_round_id()
        if round_id is not None:
            self.round_changed.emit(round_id)

    def _on_remind_clicked(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is not None:
            self.remind_requested.emit(unit_id)
