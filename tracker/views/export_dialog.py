"""Choosing what the Excel ledger holds, and reviewing progress read back from units."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import FontChoice, SplitMode
from tracker.exporting.ledger_spec import (
    COLUMNS,
    DEFAULT_COLUMNS,
    FILL_IN_COLUMNS,
    FULL_COLUMNS,
    LedgerOptions,
)
from tracker.views.widgets import date_edit, qdate_to_date

SPLITS: list[tuple[SplitMode | None, str]] = [
    (None, "一个文件"),
    (SplitMode.SHEETS, "每个牵头单位一个工作表(督办单)"),
    (SplitMode.FILES, "每个牵头单位一个文件(存入文件夹)"),
]


@dataclass(frozen=True)
class ExportChoice:
    """What the export dialog returns."""

    options: LedgerOptions
    split: SplitMode | None
    only_shown: bool


class ExportDialog(QDialog):
    """导出台账: scope, title, columns in order, grouping, progress, fill-in, fonts, splitting."""

    def __init__(
        self,
        parent: QWidget | None,
        defaults: LedgerOptions,
        shown: int,
        total: int,
        remembered_columns: list[str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出督办台账")
        self.setMinimumWidth(620)
        self._defaults = defaults
        self.shown_radio = QRadioButton(f"当前表格中显示的 {shown} 项", self)
        self.all_radio = QRadioButton(f"全部 {total} 项", self)
        (self.shown_radio if shown != total else self.all_radio).setChecked(True)
        self.title_edit = QLineEdit(defaults.title, self)
        self.unit_edit = QLineEdit(defaults.unit_name, self)
        self.unit_edit.setPlaceholderText("在“设置”中填写单位名称后自动带出")
        self.date_edit = date_edit(self)
        self.date_edit.setDate(QDate(defaults.as_of.year, defaults.as_of.month, defaults.as_of.day))
        self.columns_list = QListWidget(self)
        self.columns_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        order = [k for k in remembered_columns if k in COLUMNS and k not in FILL_IN_COLUMNS]
        if tuple(order) == FULL_COLUMNS:
            # The old default, remembered from every export before issue 14: not a choice.
            order = []
        chosen = set(order) or set(DEFAULT_COLUMNS)
        order += [k for k in COLUMNS if k not in order and k not in FILL_IN_COLUMNS]
        for key in order:
            item = QListWidgetItem(COLUMNS[key].header, self.columns_list)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
        self.meeting_button = QPushButton("会议常用列", self)
        self.meeting_button.setToolTip(
            "序号、工作任务、牵头单位、配合单位、完成时限、进展情况、状态"
        )
        self.full_button = QPushButton("完整内容列", self)
        self.full_button.setToolTip(
            "另加具体内容、责任领导、责任人、截止日期、备注(列多时字小、页多)"
        )
        self.up_button = QPushButton("上移", self)
        self.down_button = QPushButton("下移", self)
        self.group_check = QCheckBox("按文件的标题(一、(一)…)分组", self)
        self.group_check.setChecked(defaults.group_by_heading)
        self.progress_combo = QComboBox(self)
        self.progress_combo.addItem("只列最新一条", False)
        self.progress_combo.addItem("列出全部记录(带日期)", True)
        self.fill_in_check = QCheckBox("附“本期进展、存在问题、下步计划”填报栏(发给单位填写)", self)
        self.fonts_combo = QComboBox(self)
        self.fonts_combo.addItem("公文字体(仿宋_GB2312、黑体、方正小标宋简体)", FontChoice.OFFICIAL)
        self.fonts_combo.addItem("常用字体(宋体、黑体)", FontChoice.COMMON)
        self.stats_check = QCheckBox("附“统计”工作表(含条形图)", self)
        self.stats_check.setChecked(True)
        self.split_combo = QComboBox(self)
        for value, label in SPLITS:
            self.split_combo.addItem(label, value)

        scope = QHBoxLayout()
        scope.addWidget(self.shown_radio)
        scope.addWidget(self.all_radio)
        scope.addStretch(1)
        columns_box = QGroupBox("导出的列(勾选并可拖动调整顺序)", self)
        column_buttons = QVBoxLayout()
        column_buttons.addWidget(self.meeting_button)
        column_buttons.addWidget(self.full_button)
        column_buttons.addWidget(self.up_button)
        column_buttons.addWidget(self.down_button)
        column_buttons.addStretch(1)
        columns_layout = QHBoxLayout(columns_box)
        columns_layout.addWidget(self.columns_list, 1)
        columns_layout.addLayout(column_buttons)
        form = QFormLayout()
        form.addRow("范围:", scope)
        form.addRow("标题:", self.title_edit)
        form.addRow("制表单位:", self.unit_edit)
        form.addRow("截至日期:", self.date_edit)
        form.addRow("进展情况:", self.progress_combo)
        form.addRow("字体:", self.fonts_combo)
        form.addRow("分表方式:", self.split_combo)
        form.addRow("", self.group_check)
        form.addRow("", self.fill_in_check)
        form.addRow("", self.stats_check)
        note = QLabel(
            "A4 横向、每页重复表头、页脚页码,正文打印不小于10磅(列多时自动换行,不缩小字号);"
            "逾期红色、临期黄色、已办结绿色。"
            "表中隐藏的“事项编号”列用于导入单位填报的进展,请勿删除。",
            self,
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        buttons.addButton("导出", QDialogButtonBox.ButtonRole.AcceptRole).setObjectName("primary")
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(columns_box, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.meeting_button.clicked.connect(lambda: self.choose_columns(DEFAULT_COLUMNS))
        self.full_button.clicked.connect(lambda: self.choose_columns(FULL_COLUMNS))

    def choose_columns(self, keys: tuple[str, ...]) -> None:
        """Tick exactly ``keys`` and put them first, in their order."""
        items = [self.columns_list.takeItem(0) for _ in range(self.columns_list.count())]
        by_key = {str(item.data(Qt.ItemDataRole.UserRole)): item for item in items if item}
        order = [k for k in keys if k in by_key] + [k for k in by_key if k not in keys]
        for key in order:
            item = by_key[key]
            item.setCheckState(Qt.CheckState.Checked if key in keys else Qt.CheckState.Unchecked)
            self.columns_list.addItem(item)

    def _move(self, step: int) -> None:
        row = self.columns_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.columns_list.count():
            return
        item = self.columns_list.takeItem(row)
        self.columns_list.insertItem(target, item)
        self.columns_list.setCurrentRow(target)

    def columns(self) -> list[str]:
        """The ticked columns in the order shown."""
        keys = []
        for index in range(self.columns_list.count()):
            item = self.columns_list.item(index)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                keys.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return keys

    def value(self) -> ExportChoice:
        """The choices made."""
        options = replace(
            self._defaults,
            title=self.title_edit.text().strip() or self._defaults.title,
            unit_name=self.unit_edit.text().strip(),
            as_of=qdate_to_date(self.date_edit.date()),
            columns=tuple(self.columns()) or self._defaults.columns,
            group_by_heading=self.group_check.isChecked(),
            all_progress=bool(self.progress_combo.currentData()),
            fill_in=self.fill_in_check.isChecked(),
            font_set=FontChoice.parse(str(self.fonts_combo.currentData())),
            include_stats=self.stats_check.isChecked(),
        )
        return ExportChoice(
            options=options,
            split=SplitMode(split) if (split := self.split_combo.currentData()) else None,
            only_shown=self.shown_radio.isChecked(),
        )


class ProgressReviewDialog(QDialog):
    """导入进展: what a returned sheet would change, before anything is recorded."""

    def __init__(self, parent: QWidget | None, plan: object) -> None:
        super().__init__(parent)
        from tracker.services.progress_import_service import ProgressPlan

        assert isinstance(plan, ProgressPlan)
        self.setWindowTitle(f"导入进展 — {plan.source}")
        self.resize(1100, 640)
        conflicts = sum(1 for change in plan.changes if change.conflict)
        summary = QLabel(
            f"{len(plan.changes)} 项有新的进展或状态,{plan.unchanged} 项无变化"
            + (
                f",{conflicts} 项在导出后已被修改(其状态变化不会采用,进展照常记入)"
                if conflicts
                else ""
            )
            + (f",{plan.repeated} 行已在之前导入过(不再重复记入)" if plan.repeated else "")
            + "。确认后记为新的进展记录,原有记录全部保留。",
            self,
        )
        summary.setWordWrap(True)
        summary.setObjectName("sentence")
        self.table = QTableWidget(len(plan.changes), 5, self)
        self.table.setHorizontalHeaderLabels(["事项", "位置", "新的进展", "状态", "说明"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, change in enumerate(plan.changes):
            status = (
                f"{change.old_status.label} → {change.new_status.label}"
                if change.new_status
                else ""
            )
            note = "导出后台账中已修改" if change.conflict else ""
            text = change.progress
            if change.problems:
                text += f"\n存在问题:{change.problems}"
            if change.next_steps:
                text += f"\n下步计划:{change.next_steps}"
            for column, value in enumerate([change.title, change.where, text, status, note]):
                cell = QTableWidgetItem(value)
                if change.conflict:
                    cell.setBackground(QBrush(QColor("#fff1c2")))
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self.notes = QPlainTextEdit(self)
        self.notes.setReadOnly(True)
        lines = [f"无法对应:{line}" for line in plan.unmatched]
        lines += [f"提示:{line}" for line in plan.problems]
        self.notes.setPlainText("\n".join(lines) or "所有行都已对应到台账中的事项。")
        self.notes.setMaximumHeight(130)
        buttons = QDialogButtonBox(self)
        self.confirm_button = buttons.addButton("确认导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setObjectName("primary")
        self.confirm_button.setEnabled(bool(plan.changes))
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("未能对应的行和提示:", self))
        layout.addWidget(self.notes)
        layout.addWidget(buttons)
