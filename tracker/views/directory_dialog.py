"""单位管理 and 人员管理: the directory, edited through the services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import UnitKind
from tracker.dto import PersonRow, UnitEdit, UnitRow
from tracker.errors import UserError
from tracker.importing.unit_matching import rank_units
from tracker.views.events import AppEvents
from tracker.views.prompter import Prompter
from tracker.views.widgets import fit_to_screen

if TYPE_CHECKING:
    from tracker.services.bundle import Services

UNIT_HEADERS = ["单位名称", "简称", "类别", "别名", "联系人", "电话", "排序", "启用", "事项数"]
_NAME, _ALIASES = 0, 3
#: The name column is as wide as the longest name, within these bounds (pixels).
_NAME_WIDTH = (160, 420)


class UnitsDialog(QDialog):
    """The unit directory: add, rename, merge, aliases, contact, phone, order, active."""

    def __init__(
        self, parent: QWidget | None, services: Services, events: AppEvents, prompter: Prompter
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("单位管理")
        fit_to_screen(self, 1240, 680)
        self._services = services
        self._events = events
        self._prompter = prompter
        self._units: list[UnitRow] = []
        self._build_ui()
        self._connect_signals()
        self.reload()

    def _build_ui(self) -> None:
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("查找单位…")
        self.table = QTableWidget(0, len(UNIT_HEADERS), self)
        self.table.setHorizontalHeaderLabels(UNIT_HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        # The short columns take what their text needs, the name column the width of the
        # longest name (set in reload), the aliases what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(_ALIASES, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton("新增单位…", self)
        self.rename_button = QPushButton("更名…", self)
        self.merge_button = QPushButton("合并到…", self)
        self.alias_button = QPushButton("添加别名…", self)
        self.delete_button = QPushButton("删除", self)

        self.short_edit = QLineEdit(self)
        self.kind_combo = QComboBox(self)
        for kind in UnitKind:
            self.kind_combo.addItem(kind.label, kind)
        self.contact_edit = QLineEdit(self)
        self.phone_edit = QLineEdit(self)
        self.order_spin = QSpinBox(self)
        self.order_spin.setRange(0, 99999)
        self.active_check = QCheckBox("启用", self)
        self.save_button = QPushButton("保存单位信息", self)
        self.save_button.setObjectName("primary")
        form = QFormLayout()
        form.addRow("简称:", self.short_edit)
        form.addRow("类别:", self.kind_combo)
        form.addRow("联系人:", self.contact_edit)
        form.addRow("电话:", self.phone_edit)
        form.addRow("排序:", self.order_spin)
        form.addRow("", self.active_check)
        form.addRow("", self.save_button)
        self.review_label = QLabel(self)
        self.review_label.setObjectName("hint")
        self.review_label.setWordWrap(True)

        buttons = QVBoxLayout()
        for button in (
            self.add_button,
            self.rename_button,
            self.merge_button,
            self.alias_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addLayout(form)
        buttons.addWidget(self.review_label)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.filter_edit)
        left.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.rename_button.clicked.connect(self._on_rename_clicked)
        self.merge_button.clicked.connect(self._on_merge_clicked)
        self.alias_button.clicked.connect(self._on_alias_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)

    def reload(self, select: str | None = None) -> None:
        """Read the directory again."""
        self._units = self._services.directory.list_units()
        self.table.setRowCount(len(self._units))
        for row, unit in enumerate(self._units):
            values = [
                unit.name,
                unit.short_name or "",
                unit.kind.label,
                "、".join(unit.aliases),
                unit.contact or "",
                unit.phone or "",
                str(unit.sort_order),
                "是" if unit.active else "否",
                str(unit.item_count),
            ]
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column in (_NAME, _ALIASES):
                    cell.setToolTip(value)
                if unit.needs_review and column == _NAME:
                    cell.setToolTip(f"{value}\n导入时自动新增,请核对名称或合并到已有单位")
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, cell)
        self._fit_name_column()
        self._on_filter_changed(self.filter_edit.text())
        if select is not None:
            self.select_unit(select)
        self._on_selection_changed()

    def _fit_name_column(self) -> None:
        metrics = self.table.fontMetrics()
        widest = max(
            [metrics.horizontalAdvance(unit.name) for unit in self._units]
            + [metrics.horizontalAdvance(UNIT_HEADERS[_NAME])]
        )
        # Room for the cell's margins and the header's sort indicator.
        low, high = _NAME_WIDTH
        self.table.setColumnWidth(_NAME, min(max(widest + 24, low), high))

    def select_unit(self, name: str) -> None:
        """Select a unit's row."""
        for row, unit in enumerate(self._units):
            if unit.name == name:
                self.table.selectRow(row)
                return

    def selected(self) -> UnitRow | None:
        """The selected unit."""
        rows = self.table.selectionModel().selectedRows()
        return self._units[rows[0].row()] if rows else None

    def _on_filter_changed(self, text: str) -> None:
        needle = text.strip()
        for row, unit in enumerate(self._units):
            hidden = (
                bool(needle)
                and needle not in unit.name
                and not any(needle in alias for alias in unit.aliases)
            )
            self.table.setRowHidden(row, hidden)

    def _on_selection_changed(self) -> None:
        unit = self.selected()
        for widget in (
            self.rename_button,
            self.merge_button,
            self.alias_button,
            self.delete_button,
            self.save_button,
            self.short_edit,
            self.kind_combo,
            self.contact_edit,
            self.phone_edit,
            self.order_spin,
            self.active_check,
        ):
            widget.setEnabled(unit is not None)
        if unit is None:
            self.review_label.setText("")
            return
        self.short_edit.setText(unit.short_name or "")
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(unit.kind))
        self.contact_edit.setText(unit.contact or "")
        self.phone_edit.setText(unit.phone or "")
        self.order_spin.setValue(unit.sort_order)
        self.active_check.setChecked(unit.active)
        self.review_label.setText(
            "此单位是导入时自动新增的:如与已有单位相同,请用“合并到…”。" if unit.needs_review else ""
        )

    def _run(self, action: object, select: str | None = None) -> bool:
        try:
            action()  # type: ignore[operator]
        except UserError as error:
            self._prompter.error(self, str(error))
            return False
        self.reload(select)
        self._events.units_changed.emit()
        self._events.items_changed.emit()
        return True

    def _on_add_clicked(self) -> None:
        name = self._prompter.text(self, "新增单位", "单位名称:")
        if name:
            self._run(lambda: self._services.directory.add_unit(name), select=name.strip())

    def _on_rename_clicked(self) -> None:
        unit = self.selected()
        if unit is None:
            return
        name = self._prompter.text(
            self, "单位更名", f"“{unit.name}”的新名称(原名称保留为别名):", unit.name
        )
        if name and name.strip() != unit.name:
            self._run(
                lambda: self._services.directory.rename_unit(unit.name, name), select=name.strip()
            )

    def _on_merge_clicked(self) -> None:
        unit = self.selected()
        if unit is None:
            return
        dialog = MergeTargetDialog(self, unit, [u for u in self._units if u.id != unit.id])
        if not self._prompter.run_dialog(dialog):
            return
        target = dialog.value()
        if target and self._prompter.confirm(
            self,
            f"确定把“{unit.name}”({unit.item_count}项)并入“{target}”?\n"
            f"合并后“{unit.name}”作为“{target}”的别名保留。",
        ):
            self._run(
                lambda: self._services.directory.merge_units(unit.name, target), select=target
            )

    def _on_alias_clicked(self) -> None:
        unit = self.selected()
        if unit is None:
            return
        alias = self._prompter.text(self, "添加别名", f"“{unit.name}”的另一个名称:")
        if alias:
            self._run(
                lambda: self._services.directory.add_alias(unit.name, alias), select=unit.name
            )

    def _on_delete_clicked(self) -> None:
        unit = self.selected()
        if unit is not None and self._prompter.confirm(self, f"确定删除单位“{unit.name}”?"):
            self._run(lambda: self._services.directory.delete_unit(unit.name))

    def _on_save_clicked(self) -> None:
        unit = self.selected()
        if unit is None:
            return
        edit = UnitEdit(
            short_name=self.short_edit.text(),
            kind=self.kind_combo.currentData(),
            contact=self.contact_edit.text(),
            phone=self.phone_edit.text(),
            sort_order=self.order_spin.value(),
            active=self.active_check.isChecked(),
        )
        self._run(lambda: self._services.directory.update_unit(unit.name, edit), select=unit.name)


class MergeTargetDialog(QDialog):
    """合并到…: pick the unit another one is merged into, the closest names first.

    Nothing is chosen when it opens, so Enter cannot merge into a unit nobody picked; typing
    in the filter chooses the closest unit still shown, a click or the arrow keys any other.
    """

    def __init__(self, parent: QWidget | None, source: UnitRow, targets: list[UnitRow]) -> None:
        super().__init__(parent)
        self.setWindowTitle("合并单位")
        self._source = source
        by_name = {unit.name: unit for unit in targets}
        self._targets = [by_name[name] for name in rank_units(source.name, list(by_name))]
        self._build_ui()
        self._connect_signals()
        self._on_filter_changed("")

    def _build_ui(self) -> None:
        self.prompt_label = QLabel(
            f"把“{self._source.name}”的全部事项和人员并入(最接近的名称在前):", self
        )
        self.prompt_label.setWordWrap(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("输入名称或别名查找…")
        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for unit in self._targets:
            entry = QListWidgetItem(unit.name, self.list)
            entry.setData(Qt.ItemDataRole.UserRole, unit.name)
            if unit.aliases:
                entry.setToolTip("别名:" + "、".join(unit.aliases))
        self.list.setCurrentRow(-1)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton("合并", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.ok_button, cancel):
            # No default button: Enter confirms only a unit the clerk picked.
            button.setAutoDefault(False)
            button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(460, 420)

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.filter_edit.returnPressed.connect(self._on_return_pressed)
        self.list.itemSelectionChanged.connect(self._on_list_current_changed)
        self.list.itemActivated.connect(lambda _entry: self._on_return_pressed())
        self.buttons.accepted.connect(self._on_return_pressed)
        self.buttons.rejected.connect(self.reject)

    def shown_names(self) -> list[str]:
        """The names the list shows, top to bottom."""
        return [
            self.list.item(row).text()
            for row in range(self.list.count())
            if not self.list.item(row).isHidden()
        ]

    def value(self) -> str | None:
        """The unit chosen to merge into; ``None`` when none is."""
        entry = self.list.currentItem()
        if entry is None or entry.isHidden() or not entry.isSelected():
            return None
        return str(entry.data(Qt.ItemDataRole.UserRole))

    def _on_filter_changed(self, text: str) -> None:
        needle = text.strip()
        first: QListWidgetItem | None = None
        for row, unit in enumerate(self._targets):
            entry = self.list.item(row)
            shown = not needle or needle in unit.name or any(needle in a for a in unit.aliases)
            entry.setHidden(not shown)
            if shown and first is None:
                first = entry
        if needle and first is not None:
            self.list.setCurrentItem(first)
        else:
            self.list.setCurrentRow(-1)
            self.list.clearSelection()
        self._on_list_current_changed()

    def _on_list_current_changed(self, *_args: object) -> None:
        self.ok_button.setEnabled(self.value() is not None)

    def _on_return_pressed(self) -> None:
        if self.value() is not None:
            self.accept()


PEOPLE_HEADERS = ["姓名", "所在单位", "电话", "启用"]


class PeopleDialog(QDialog):
    """人员管理: people who can be responsible for items, with their unit and phone."""

    def __init__(
        self, parent: QWidget | None, services: Services, events: AppEvents, prompter: Prompter
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("人员管理")
        self.resize(760, 520)
        self._services = services
        self._events = events
        self._prompter = prompter
        self._people: list[PersonRow] = []
        self.table = QTableWidget(0, len(PEOPLE_HEADERS), self)
        self.table.setHorizontalHeaderLabels(PEOPLE_HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.name_edit = QLineEdit(self)
        self.unit_combo = QComboBox(self)
        self.phone_edit = QLineEdit(self)
        self.active_check = QCheckBox("启用", self)
        self.add_button = QPushButton("新增人员", self)
        self.save_button = QPushButton("保存修改", self)
        self.save_button.setObjectName("primary")
        form = QFormLayout()
        form.addRow("姓名:", self.name_edit)
        form.addRow("所在单位:", self.unit_combo)
        form.addRow("电话:", self.phone_edit)
        form.addRow("", self.active_check)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.add_button)
        side.addWidget(self.save_button)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(side)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.reload()

    def reload(self) -> None:
        """Read the people and units again."""
        self.unit_combo.clear()
        self.unit_combo.addItem("(无)", "")
        for unit in self._services.directory.list_units():
            self.unit_combo.addItem(unit.name, unit.name)
        self._people = self._services.directory.list_people()
        self.table.setRowCount(len(self._people))
        for row, person in enumerate(self._people):
            for column, value in enumerate(
                [
                    person.name,
                    person.unit_name or "",
                    person.phone or "",
                    "是" if person.active else "否",
                ]
            ):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self._on_selection_changed()

    def _selected(self) -> PersonRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self._people[rows[0].row()] if rows else None

    def _on_selection_changed(self) -> None:
        person = self._selected()
        self.save_button.setEnabled(person is not None)
        if person is None:
            return
        self.name_edit.setText(person.name)
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(person.unit_name or ""), 0))
        self.phone_edit.setText(person.phone or "")
        self.active_check.setChecked(person.active)

    def _on_add_clicked(self) -> None:
        try:
            self._services.directory.add_person(
                self.name_edit.text(),
                unit=self.unit_combo.currentData() or None,
                phone=self.phone_edit.text(),
            )
        except UserError as error:
            self._prompter.error(self, str(error))
            return
        self.reload()
        self._events.units_changed.emit()

    def _on_save_clicked(self) -> None:
        person = self._selected()
        if person is None:
            return
        try:
            self._services.directory.update_person(
                person.id,
                name=self.name_edit.text(),
                unit=self.unit_combo.currentData() or "",
                phone=self.phone_edit.text(),
                active=self.active_check.isChecked(),
            )
        except UserError as error:
            self._prompter.error(self, str(error))
            return
        self.reload()
        self._events.units_changed.emit()
        self._events.items_changed.emit()
