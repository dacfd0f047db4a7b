"""The detail of one item: its text, assignment, progress history, delays and changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import Status, field_label, format_cn_date
from tracker.dto import KEEP, ItemChanges, ItemDetail, ItemRow
from tracker.errors import UserError
from tracker.views.dialogs import DelayDialog, ProgressDialog
from tracker.views.events import AppEvents
from tracker.views.prompter import Prompter
from tracker.views.widgets import Entry, EntryList, NameEdit, OptionalDateEdit, UnitListEdit

if TYPE_CHECKING:
    from tracker.services.bundle import Services

_ACTIONS = {
    "create": "新增",
    "update": "修改",
    "progress": "进展",
    "delay": "延期",
    "delete": "删除",
    "import": "导入",
}


class ItemDetailPanel(QWidget):
    """Shows the selected item and saves what the clerk changes.

    Signals:
        item_saved(object): an ItemRow after a successful change.
    """

    item_saved = Signal(object)

    def __init__(
        self,
        services: Callable[[], Services],
        events: AppEvents,
        prompter: Prompter,
        parent: QWidget | None = None,
    ) -> None:
        """Build the panel; ``services`` is asked for the open ledger's services each time.

        They are the window's, which change when the clerk switches ledgers.
        """
        super().__init__(parent)
        self._services = services
        self._events = events
        self._prompter = prompter
        self._detail: ItemDetail | None = None
        self._people: dict[str, str | None] = {}
        self._build_ui()
        self._connect_signals()
        # What an item holds never widens the pane: selecting a row must not move the splitter.
        self.setMinimumWidth(260)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.setSizePolicy(policy)
        self.show_item(None)

    @property
    def services(self) -> Services:
        """The services of the ledger open in the window."""
        return self._services()

    # ---- building ---------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.title_label = QLabel(self)
        self.title_label.setObjectName("detailTitle")
        self.title_label.setWordWrap(True)
        self.path_label = QLabel(self)
        self.path_label.setObjectName("hint")
        self.path_label.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("detailTabs")

        details = QWidget(self)
        self.content_view = QTextBrowser(details)
        self.content_view.setMinimumHeight(80)
        self.title_edit = QLineEdit(details)
        self.lead_edit = UnitListEdit(details)
        self.support_edit = UnitListEdit(details)
        self.owner_edit = NameEdit(details)
        self.owner_phone = QLabel(details)
        self.owner_phone.setObjectName("hint")
        self.leader_edit = NameEdit(details)
        self.due_edit = OptionalDateEdit(details, inline=False)
        self.phrase_label = QLabel(details)
        self.phrase_label.setObjectName("hint")
        self.phrase_label.setWordWrap(True)
        self.status_combo = QComboBox(details)
        for status in Status:
            self.status_combo.addItem(status.label, status)
        self.remarks_edit = QPlainTextEdit(details)
        self.remarks_edit.setFixedHeight(56)
        self.save_button = QPushButton("保存修改", details)
        self.save_button.setObjectName("primary")
        self.revert_button = QPushButton("撤销", details)
        owner_row = QHBoxLayout()
        owner_row.setContentsMargins(0, 0, 0, 0)
        owner_row.addWidget(self.owner_edit, 1)
        owner_row.addWidget(self.owner_phone)
        # The printed phrase under the date: beside it, a 300 px pane squeezed both.
        due_row = QVBoxLayout()
        due_row.setContentsMargins(0, 0, 0, 0)
        due_row.setSpacing(2)
        due_row.addWidget(self.due_edit)
        due_note = QHBoxLayout()
        due_note.setContentsMargins(0, 0, 0, 0)
        due_note.addWidget(self.due_edit.none_box)
        due_note.addWidget(self.phrase_label, 1)
        due_row.addLayout(due_note)
        form = QFormLayout()
        form.addRow("工作任务:", self.title_edit)
        form.addRow("牵头单位:", self.lead_edit)
        form.addRow("配合单位:", self.support_edit)
        form.addRow("责任人:", owner_row)
        form.addRow("责任领导:", self.leader_edit)
        form.addRow("完成时限:", due_row)
        form.addRow("状态:", self.status_combo)
        form.addRow("备注:", self.remarks_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.content_view, 1)
        details_layout.addLayout(form)
        details_layout.addLayout(buttons)
        self.tabs.addTab(details, "详情")

        progress = QWidget(self)
        self.progress_list = EntryList(progress)
        self.add_progress_button = QPushButton("添加进展…", progress)
        progress_layout = QVBoxLayout(progress)
        progress_layout.addWidget(self.progress_list)
        progress_layout.addWidget(self.add_progress_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(progress, "进展")

        delays = QWidget(self)
        self.delay_list = EntryList(delays)
        self.delay_button = QPushButton("申请延期…", delays)
        delays_layout = QVBoxLayout(delays)
        delays_layout.addWidget(self.delay_list)
        delays_layout.addWidget(self.delay_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(delays, "延期")

        self.history_list = EntryList(self)
        self.tabs.addTab(self.history_list, "修改记录")

        self.empty_label = QLabel("在左侧表格中选择一项事项,这里显示它的全部内容。", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setObjectName("hint")
        self.empty_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.path_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty_label, 1)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_clicked)
        self.revert_button.clicked.connect(self._on_revert_clicked)
        self.add_progress_button.clicked.connect(self._on_add_progress_clicked)
        self.delay_button.clicked.connect(self._on_delay_clicked)
        self.owner_edit.textChanged.connect(self._on_owner_changed)

    # ---- showing ----------------------------------------------------------------------------

    def set_directory(
        self, unit_names: list[str], people: dict[str, str | None], leaders: list[str]
    ) -> None:
        """Names to complete from, and people's phones."""
        self._people = people
        self.lead_edit.set_known(unit_names)
        self.support_edit.set_known(unit_names)
        self.owner_edit.set_known(sorted(people))
        self.leader_edit.set_known(leaders)

    @property
    def item_id(self) -> int | None:
        """The item shown, if any."""
        return self._detail.row.id if self._detail else None

    def show_item(self, item_id: int | None) -> None:
        """Show an item (reloaded from the ledger), or the empty hint."""
        detail = None
        if item_id is not None:
            try:
                detail = self.services.items.get_item(item_id)
            except UserError:
                detail = None
        self._detail = detail
        has_item = detail is not None
        for widget in (self.title_label, self.path_label, self.tabs):
            widget.setVisible(has_item)
        self.empty_label.setVisible(not has_item)
        if detail is not None:
            self._fill(detail)

    def _fill(self, detail: ItemDetail) -> None:
        row = detail.row
        self.title_label.setText(row.title)
        where = " > ".join(row.heading_path)
        source = f"来源:{row.document_title}" if row.document_title else "手动添加"
        self.path_label.setText(f"{source}    {where}" if where else source)
        self.content_view.setPlainText(row.content)
        self.title_edit.setText(row.title)
        self.lead_edit.set_names(row.lead_units)
        self.support_edit.set_names(row.support_units)
        self.owner_edit.setText(row.owner_name or "")
        self.leader_edit.setText(row.leader or "")
        self.due_edit.set_value(row.due_date)
        phrase = row.deadline_text or ""
        self.phrase_label.setText(f"原文:{phrase}" if phrase else "")
        self.status_combo.setCurrentIndex(self.status_combo.findData(row.status))
        self.remarks_edit.setPlainText(row.remarks)
        self._fill_lists(detail)

    def _fill_lists(self, detail: ItemDetail) -> None:
        self.progress_list.set_entries(
            Entry(
                format_cn_date(entry.entry_date),
                entry.reported_by or "",
                (("", entry.text), ("存在问题", entry.problems), ("下步计划", entry.next_steps)),
            )
            for entry in detail.progress
        )
        self.tabs.setTabText(1, f"进展({len(detail.progress)})")
        self.delay_list.set_entries(
            Entry(
                format_cn_date(delay.requested_on),
                "",
                (
                    ("原时限", format_cn_date(delay.old_due_date) or "未定"),
                    ("延期至", format_cn_date(delay.new_due_date)),
                    ("原因", delay.reason),
                ),
            )
            for delay in detail.delays
        )
        self.tabs.setTabText(2, f"延期({len(detail.delays)})")
        entries = []
        for change in detail.history:
            text = change.summary or _ACTIONS.get(change.action, change.action)
            details = tuple(
                (field_label(name), f"{_show(before)} → {_show(after)}")
                for name, (before, after) in change.changes.items()
                if name != "progress"
            )
            entries.append(
                Entry(change.at.strftime("%Y-%m-%d %H:%M"), change.actor, (("", text), *details))
            )
        self.history_list.set_entries(entries)

    # ---- changing ---------------------------------------------------------------------------

    def changes(self) -> ItemChanges:
        """What the form holds now, as a change request.

        Units the clerk left as loaded are kept as they are: the 牵头单位 field also shows
        plainly responsible units (责任单位), which must not become lead units on saving.
        """
        row = self._detail.row if self._detail is not None else None
        lead, support = self.lead_edit.names(), self.support_edit.names()
        unchanged = row is not None and (tuple(lead), tuple(support)) == (
            row.lead_units,
            row.support_units,
        )
        return ItemChanges(
            title=self.title_edit.text(),
            lead_units=KEEP if unchanged else lead,
            support_units=KEEP if unchanged else support,
            owner=self.owner_edit.text(),
            leader=self.leader_edit.text(),
            due_date=self.due_edit.value(),
            status=self.status_combo.currentData(),
            remarks=self.remarks_edit.toPlainText(),
        )

    def _on_save_clicked(self) -> None:
        if self._detail is None:
            return
        row = self._detail.row
        unknown = [
            name
            for name in [*self.lead_edit.names(), *self.support_edit.names()]
            if self.services.directory.known_unit(name) is None
        ]
        if unknown and not self._prompter.confirm(
            self,
            "以下单位不在单位目录中,保存时将新增到目录:\n" + "、".join(unknown) + "\n是否继续?",
        ):
            return
        try:
            [saved] = self.services.items.update_items(
                [row.id], self.changes(), expected_versions={row.id: row.version}
            )
        except UserError as error:
            self._prompter.error(self, str(error))
            self.show_item(row.id)
            return
        self._after_change(saved, "已保存修改。")
        if unknown:
            self._events.units_changed.emit()

    def _on_revert_clicked(self) -> None:
        if self._detail is not None:
            self._fill(self._detail)

    def _on_add_progress_clicked(self) -> None:
        if self._detail is None:
            return
        dialog = ProgressDialog(self, self._detail.row.title, self.services.context.today())
        if not self._prompter.run_dialog(dialog):
            return
        try:
            self.services.items.add_progress(self._detail.row.id, dialog.value())
        except UserError as error:
            self._prompter.error(self, str(error))
            return
        self._after_change(self.services.items.get_item(self._detail.row.id).row, "已添加进展。")

    def _on_delay_clicked(self) -> None:
        if self._detail is None:
            return
        row = self._detail.row
        dialog = DelayDialog(self, row.title, row.due_date, self.services.context.today())
        if not self._prompter.run_dialog(dialog):
            return
        try:
            self.services.items.record_delay(row.id, dialog.value())
        except UserError as error:
            self._prompter.error(self, str(error))
            return
        self._after_change(self.services.items.get_item(row.id).row, "已记录延期。")

    def _after_change(self, row: ItemRow, message: str) -> None:
        self.show_item(row.id)
        self.item_saved.emit(row)
        self._events.status_message.emit(message)

    def _on_owner_changed(self, name: str) -> None:
        phone = self._people.get(name.strip())
        self.owner_phone.setText(f"电话:{phone}" if phone else "")


def _show(value: object) -> str:
    if value in (None, "", []):
        return "空"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return format_cn_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)
