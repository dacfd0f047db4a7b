"""Small dialogs that collect plain data: progress, delay, bulk changes, settings, pasted text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import Status, format_cn_date
from tracker.dto import KEEP, ItemChanges, NewDelay, NewProgress
from tracker.settings import Settings
from tracker.views.widgets import (
    NameEdit,
    OptionalDateEdit,
    UnitListEdit,
    date_edit,
    qdate_to_date,
)


def _buttons(dialog: QDialog, ok_text: str = "确定") -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ProgressDialog(QDialog):
    """添加进展: date, what was done, problems, next steps, who reported it."""

    def __init__(self, parent: QWidget | None, title: str, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle("添加进展")
        self.setMinimumWidth(520)
        self.date_edit = date_edit(self, today)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText("本期工作进展(必填)")
        self.problems_edit = QPlainTextEdit(self)
        self.problems_edit.setPlaceholderText("存在问题(可不填)")
        self.next_edit = QPlainTextEdit(self)
        self.next_edit.setPlaceholderText("下步计划(可不填)")
        self.reporter_edit = QLineEdit(self)
        self.reporter_edit.setPlaceholderText("报送单位或报送人")
        for edit in (self.problems_edit, self.next_edit):
            edit.setFixedHeight(70)
        form = QFormLayout()
        form.addRow("事项:", QLabel(title, self))
        form.addRow("日期:", self.date_edit)
        form.addRow("进展情况:", self.text_edit)
        form.addRow("存在问题:", self.problems_edit)
        form.addRow("下步计划:", self.next_edit)
        form.addRow("报送人:", self.reporter_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "添加"))

    def value(self) -> NewProgress:
        """The report as entered."""
        return NewProgress(
            text=self.text_edit.toPlainText(),
            entry_date=qdate_to_date(self.date_edit.date()),
            problems=self.problems_edit.toPlainText(),
            next_steps=self.next_edit.toPlainText(),
            reported_by=self.reporter_edit.text() or None,
        )


class DelayDialog(QDialog):
    """申请延期: the new due date and the reason; the original date is kept."""

    def __init__(
        self, parent: QWidget | None, title: str, current: date | None, today: date
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("申请延期")
        self.setMinimumWidth(460)
        self._current = current
        self._today = today
        start = max(current or today, today) + timedelta(days=30)
        self.date_edit = date_edit(self, start)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setPlaceholderText("延期原因(必填)")
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("warning")
        self.problem_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("事项:", QLabel(title, self))
        form.addRow("原完成时限:", QLabel(format_cn_date(current) if current else "未定", self))
        form.addRow("延期至:", self.date_edit)
        form.addRow("延期原因:", self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(_buttons(self, "确定延期"))
        self.problem_label.hide()

    def problem(self) -> str:
        """Why the new date cannot be the new deadline, or "" when it can."""
        new = qdate_to_date(self.date_edit.date())
        if new < self._today:
            return f"延期至 {format_cn_date(new)} 已经过去,请选择今天或以后的日期。"
        if self._current is not None and new <= self._current:
            return f"延期后的时限应晚于原完成时限 {format_cn_date(self._current)}。"
        return ""

    def accept(self) -> None:
        """Close only with a date in the future of both today and the original deadline."""
        problem = self.problem()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        if problem:
            self.date_edit.setFocus()
            return
        super().accept()

    def value(self) -> NewDelay:
        """The delay as entered."""
        return NewDelay(
            new_due_date=qdate_to_date(self.date_edit.date()), reason=self.reason_edit.toPlainText()
        )


@dataclass(frozen=True)
class _Field:
    check: QCheckBox
    widget: QWidget


class BulkAssignDialog(QDialog):
    """批量设置: tick what to change for every selected item."""

    def __init__(
        self,
        parent: QWidget | None,
        count: int,
        unit_names: list[str],
        people: list[str],
        leaders: list[str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("批量设置")
        self.setMinimumWidth(520)
        self.lead_edit = UnitListEdit(self)
        self.lead_edit.set_known(unit_names)
        self.support_edit = UnitListEdit(self)
        self.support_edit.set_known(unit_names)
        self.owner_edit = NameEdit(self)
        self.owner_edit.set_known(people)
        self.leader_edit = NameEdit(self)
        self.leader_edit.set_known(leaders)
        self.due_edit = OptionalDateEdit(self)
        self.status_combo = QComboBox(self)
        for status in Status:
            self.status_combo.addItem(status.label, status)
        form = QFormLayout()
        form.addRow(QLabel(f"对选中的 {count} 项事项,勾选要修改的内容:", self))
        self._fields: dict[str, _Field] = {}
        for key, label, widget in [
            ("lead", "牵头单位", self.lead_edit),
            ("support", "配合单位", self.support_edit),
            ("owner", "责任人", self.owner_edit),
            ("leader", "责任领导", self.leader_edit),
            ("due", "完成时限", self.due_edit),
            ("status", "状态", self.status_combo),
        ]:
            check = QCheckBox(label, self)
            widget.setEnabled(False)
            check.toggled.connect(widget.setEnabled)
            form.addRow(check, widget)
            self._fields[key] = _Field(check, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "应用"))

    def check(self, key: str) -> QCheckBox:
        """The tick box of a field (lead, support, owner, leader, due, status)."""
        return self._fields[key].check

    def value(self) -> ItemChanges:
        """The changes ticked."""
        on = {key: field.check.isChecked() for key, field in self._fields.items()}
        return ItemChanges(
            lead_units=self.lead_edit.names() if on["lead"] else KEEP,
            support_units=self.support_edit.names() if on["support"] else KEEP,
            owner=self.owner_edit.text() if on["owner"] else KEEP,
            leader=self.leader_edit.text() if on["leader"] else KEEP,
            due_date=self.due_edit.value() if on["due"] else KEEP,
            status=self.status_combo.currentData() if on["status"] else KEEP,
        )


class SettingsDialog(QDialog):
    """设置: the bureau's name, warning days, the user's name, the backup folder."""

    def __init__(
        self,
        parent: QWidget | None,
        settings: Settings,
        default_backups: str,
        choose_folder: object = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.setMinimumWidth(520)
        self.bureau_edit = QLineEdit(settings.bureau_name, self)
        self.bureau_edit.setPlaceholderText("例如:XX县卫生健康局(用于导出的标题)")
        self.days_spin = QSpinBox(self)
        self.days_spin.setRange(0, 365)
        self.days_spin.setValue(settings.warning_days)
        self.days_spin.setSuffix(" 天")
        self.user_edit = QLineEdit(settings.user_name, self)
        self.user_edit.setPlaceholderText(f"不填则使用电脑用户名({settings.actor()})")
        self.backup_edit = QLineEdit(settings.backup_dir, self)
        self.backup_edit.setPlaceholderText(default_backups)
        self.browse_button = QPushButton("选择…", self)
        self._choose_folder = choose_folder
        self.browse_button.clicked.connect(self._on_browse_clicked)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup_edit, 1)
        backup_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("单位名称:", self.bureau_edit)
        form.addRow("临期提醒:", self.days_spin)
        form.addRow("我的姓名:", self.user_edit)
        form.addRow("备份文件夹:", backup_row)
        note = QLabel("完成时限在提醒天数以内的事项显示为黄色,已过期的显示为红色。", self)
        note.setWordWrap(True)
        note.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(_buttons(self, "保存"))

    def _on_browse_clicked(self) -> None:
        if callable(self._choose_folder):
            folder = self._choose_folder(self, "选择备份文件夹", self.backup_edit.text())
            if folder:
                self.backup_edit.setText(str(folder))

    def value(self) -> Settings:
        """The settings as entered."""
        return Settings(
            bureau_name=self.bureau_edit.text(),
            warning_days=self.days_spin.value(),
            user_name=self.user_edit.text(),
            backup_dir=self.backup_edit.text(),
        )


class PasteTextDialog(QDialog):
    """粘贴文本导入: text copied from a web page, an e-mail or a PDF."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("粘贴文本导入")
        self.resize(720, 520)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText("把文件内容粘贴到这里(Ctrl+V),然后点“解析”。")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_edit)
        layout.addWidget(_buttons(self, "解析"))

    def value(self) -> str:
        """The pasted text."""
        return self.text_edit.toPlainText()


class NewItemDialog(QDialog):
    """新建事项: an item that did not come from a document."""

    def __init__(self, parent: QWidget | None, unit_names: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建事项")
        self.setMinimumWidth(520)
        self.title_edit = QLineEdit(self)
        self.content_edit = QPlainTextEdit(self)
        self.lead_edit = UnitListEdit(self)
        self.lead_edit.set_known(unit_names)
        self.support_edit = UnitListEdit(self)
        self.support_edit.set_known(unit_names)
        self.due_edit = OptionalDateEdit(self)
        self.due_edit.set_value(None)
        form = QFormLayout()
        form.addRow("工作任务:", self.title_edit)
        form.addRow("具体内容:", self.content_edit)
        form.addRow("牵头单位:", self.lead_edit)
        form.addRow("配合单位:", self.support_edit)
        form.addRow("完成时限:", self.due_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "新建"))
