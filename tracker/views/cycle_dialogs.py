"""The dialogs of the monthly cycle: a new reporting round, a 催办, the files received."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import Escalation, ReceiptOutcome, ReminderWay, format_cn_date
from tracker.errors import UserError
from tracker.papers import SupervisionSheet
from tracker.round_dto import ReceiptReport
from tracker.views.widgets import date_edit, fit_to_screen, qdate_to_date, to_qdate


@dataclass(frozen=True)
class Scope:
    """A choice of tasks for a round: what the clerk reads, and the tasks it stands for."""

    label: str
    item_ids: tuple[int, ...]


@dataclass(frozen=True)
class NewRound:
    """What the clerk chose in 新建调度."""

    name: str
    scope: Scope
    reply_by: date
    schedule: str | None
    folder: Path


class NewRoundDialog(QDialog):
    """新建调度: name, the tasks asked about, the reply-by date, a schedule, the folder."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        name: str,
        scopes: Sequence[Scope],
        reply_by: date,
        folder_for: Callable[[str], Path],
        choose_folder: Callable[[Path], Path | None],
        next_date: Callable[[str], date],
        schedule: str = "",
        taken: frozenset[str] = frozenset(),
    ) -> None:
        """``next_date`` turns a schedule phrase into its next date (raising UserError).

        ``schedule`` is the phrase the last round repeated on (this round continues it);
        ``taken`` the names of the rounds there are (a name is refused here, before the
        clerk's choices are gone).
        """
        super().__init__(parent)
        self.setWindowTitle("新建调度")
        self._folder_for, self._choose_folder, self._next_date = (
            folder_for,
            choose_folder,
            next_date,
        )
        self._folder_chosen = False
        self._taken = taken
        self.name_edit = QLineEdit(name, self)
        self.scope_combo = QComboBox(self)
        for scope in scopes:
            self.scope_combo.addItem(scope.label, scope)
        self.reply_by_edit = date_edit(self, reply_by)
        self.schedule_edit = QLineEdit(schedule, self)
        self.schedule_edit.setPlaceholderText("可不填;如 每月5日前、每季度末、每月最后一个工作日")
        self.schedule_note = QLabel(self)
        self.schedule_note.setObjectName("hint")
        self.schedule_note.setWordWrap(True)
        self.folder_edit = QLineEdit(str(folder_for(name)), self)
        self.folder_button = QPushButton("选择…", self)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        self.note = QLabel(
            "每个被调度的单位生成一份填报表(已填好上次报送的进展,单位只改有变化的),"
            "另有一份发送清单;单位填好发回后,用“收回填报文件”读入。",
            self,
        )
        self.note.setWordWrap(True)
        self.note.setObjectName("hint")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("调度名称:", self.name_edit)
        form.addRow("调度事项:", self.scope_combo)
        form.addRow("报送截止:", self.reply_by_edit)
        form.addRow("定期重复:", self.schedule_edit)
        form.addRow("", self.schedule_note)
        form.addRow("保存到:", folder_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成填报表")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._on_name_changed)
        self.schedule_edit.editingFinished.connect(self._on_schedule_changed)
        self.folder_button.clicked.connect(self._on_choose_folder)
        if schedule:
            self.schedule_note.setText(f"接续上一次调度的周期“{schedule}”,下一次截止日期已填好。")
        fit_to_screen(self, 620, self.sizeHint().height())

    def _on_name_changed(self, name: str) -> None:
        if not self._folder_chosen:
            self.folder_edit.setText(str(self._folder_for(name.strip() or "调度")))

    def _on_choose_folder(self) -> None:
        chosen = self._choose_folder(Path(self.folder_edit.text()))
        if chosen is not None:
            self._folder_chosen = True
            self.folder_edit.setText(str(chosen))

    def _on_schedule_changed(self) -> None:
        phrase = self.schedule_edit.text().strip()
        if not phrase:
            self.schedule_note.setText("")
            return
        try:
            upcoming = self._next_date(phrase)
        except UserError as error:
            self.schedule_note.setText(str(error))
            return
        self.reply_by_edit.setDate(to_qdate(upcoming))
        self.schedule_note.setText(f"下一次报送截止:{format_cn_date(upcoming)}")

    def accept(self) -> None:
        """Check the choice before closing."""
        name = " ".join(self.name_edit.text().split())
        if not name:
            self.error_label.setText("请填写调度名称,如“2025年6月调度”。")
            return
        if name in self._taken:
            self.error_label.setText(f"已有名为“{name}”的调度,请换一个名称。")
            return
        scope = self.scope_combo.currentData()
        if not isinstance(scope, Scope) or not scope.item_ids:
            self.error_label.setText("所选范围中没有事项。")
            return
        if not self.folder_edit.text().strip():
            self.error_label.setText("请选择保存填报表的文件夹。")
            return
        super().accept()

    def value(self) -> NewRound:
        """The clerk's choice."""
        schedule = self.schedule_edit.text().strip() or None
        return NewRound(
            name=" ".join(self.name_edit.text().split()),
            scope=self.scope_combo.currentData(),
            reply_by=qdate_to_date(self.reply_by_edit.date()),
            schedule=schedule,
            folder=Path(self.folder_edit.text().strip()),
        )


@dataclass(frozen=True)
class NewReminder:
    """What the clerk recorded in 催办."""

    unit: str
    way: ReminderWay
    reminded_on: date
    answered_by: str | None
    said: str


class ReminderDialog(QDialog):
    """催办: which unit, how, when, who answered and what they said."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        units: Sequence[str],
        today: date,
        about: str,
        unit: str | None = None,
    ) -> None:
        """``about`` says which tasks the record concerns (the round's, or those selected)."""
        super().__init__(parent)
        self.setWindowTitle("催办")
        self.unit_combo = QComboBox(self)
        self.unit_combo.addItems(list(units))
        if unit is not None and unit in units:
            self.unit_combo.setCurrentText(unit)
        self.way_combo = QComboBox(self)
        for way in ReminderWay:
            self.way_combo.addItem(way.label, way)
        self.date_edit = date_edit(self, today)
        self.answered_edit = QLineEdit(self)
        self.answered_edit.setPlaceholderText("接电话或答复的人,如 张科长")
        self.said_edit = QPlainTextEdit(self)
        self.said_edit.setPlaceholderText("对方的答复,如:材料正在汇总,周五前报送")
        self.said_edit.setMinimumHeight(80)
        about_label = QLabel(about, self)
        about_label.setWordWrap(True)
        about_label.setObjectName("hint")
        form = QFormLayout()
        form.addRow("催办单位:", self.unit_combo)
        form.addRow("催办方式:", self.way_combo)
        form.addRow("催办日期:", self.date_edit)
        form.addRow("答复人:", self.answered_edit)
        form.addRow("答复内容:", self.said_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("记录催办")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(about_label)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        fit_to_screen(self, 520, self.sizeHint().height())

    def value(self) -> NewReminder:
        """The record to keep."""
        return NewReminder(
            unit=self.unit_combo.currentText(),
            way=ReminderWay(self.way_combo.currentData()),  # Qt keeps a StrEnum as its str
            reminded_on=qdate_to_date(self.date_edit.date()),
            answered_by=self.answered_edit.text().strip() or None,
            said=self.said_edit.toPlainText().strip(),
        )


_OUTCOME_COLOURS = {
    ReceiptOutcome.RECEIVED: "#dff1e2",
    ReceiptOutcome.UPDATED: "#e3edf9",
    ReceiptOutcome.ALREADY: "#eef1f5",
    ReceiptOutcome.REFUSED: "#fbdcd8",
}


class ReceiptsDialog(QDialog):
    """What reading the returned files did, one line per file."""

    HEADERS = ("文件", "单位", "结果", "报送", "新进展", "状态变化", "说明")

    def __init__(self, parent: QWidget | None, reports: Sequence[ReceiptReport]) -> None:
        super().__init__(parent)
        self.setWindowTitle("收回填报文件")
        received = sum(
            r.outcome in (ReceiptOutcome.RECEIVED, ReceiptOutcome.UPDATED) for r in reports
        )
        entries = sum(r.entries_added for r in reports)
        self.summary = QLabel(
            f"读入 {len(reports)} 个文件:{received} 个已记入,共新增 {entries} 条进展。", self
        )
        self.table = QTableWidget(len(reports), len(self.HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, report in enumerate(reports):
            timing = ""
            if report.replied_on is not None:
                timing = ("迟报 " if report.late else "按时 ") + format_cn_date(report.replied_on)
            notes = "\n".join((report.message, *report.problems))
            cells = (
                report.path.name,
                report.unit_name or "",
                report.outcome.label,
                timing,
                str(report.entries_added),
                str(report.statuses_changed),
                notes,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                cell.setBackground(QColor(_OUTCOME_COLOURS[report.outcome]))
                self.table.setItem(row, column, cell)
        # File and unit names are long: a fixed width, the middle elided (the tooltip has it
        # whole); the explanation takes the rest and wraps.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((0, 220), (1, 150)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(len(self.HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignRight)
        fit_to_screen(self, 1000, 460)

    def showEvent(self, event: QShowEvent) -> None:
        """Row heights once the columns have their widths."""
        super().showEvent(event)
        self.table.resizeRowsToContents()


@dataclass(frozen=True)
class SheetsChoice:
    """How to write the 督办单."""

    combined: bool
    doc_number: str


class SheetsDialog(QDialog):
    """督办单: who gets one (by colour), one file each or one file for printing, the 文号."""

    def __init__(self, parent: QWidget | None, sheets: Sequence[SupervisionSheet]) -> None:
        super().__init__(parent)
        self.setWindowTitle("督办单")
        counts = {colour: 0 for colour in Escalation}
        for sheet in sheets:
            counts[sheet.escalation] += 1
        words = "、".join(
            f"{colour.label}{count}个" for colour, count in reversed(counts.items()) if count
        )
        scope = f"{sheets[0].round_name}:" if sheets and sheets[0].round_name else "全部事项:"
        summary = QLabel(f"{scope}需要督办的单位共 {len(sheets)} 个({words})。", self)
        summary.setWordWrap(True)
        self.list = QTableWidget(len(sheets), 3, self)
        self.list.setHorizontalHeaderLabels(["单位", "督办", "事项数"])
        self.list.verticalHeader().setVisible(False)
        self.list.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, sheet in enumerate(sheets):
            colour = QTableWidgetItem(sheet.escalation.label)
            colour.setBackground(QColor(_ESCALATION_COLOURS[sheet.escalation]))
            self.list.setItem(row, 0, QTableWidgetItem(sheet.unit))
            self.list.setItem(row, 1, colour)
            self.list.setItem(row, 2, QTableWidgetItem(str(len(sheet.tasks))))
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.each_radio = QRadioButton("每个单位一个文件(便于分别发送)", self)
        self.combined_radio = QRadioButton("全部放在一个文件(便于打印)", self)
        self.each_radio.setChecked(True)
        self.number_edit = QLineEdit(self)
        self.number_edit.setPlaceholderText("可不填;如 X卫督〔2025〕3号")
        form = QFormLayout()
        form.addRow("文号:", self.number_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成督办单")
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.each_radio)
        layout.addWidget(self.combined_radio)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        fit_to_screen(self, 560, 480)

    def value(self) -> SheetsChoice:
        """The clerk's choice."""
        return SheetsChoice(self.combined_radio.isChecked(), self.number_edit.text().strip())


_ESCALATION_COLOURS = {
    Escalation.BLUE: "#cfe0f7",
    Escalation.YELLOW: "#fff1c2",
    Escalation.RED: "#fbdcd8",
}
