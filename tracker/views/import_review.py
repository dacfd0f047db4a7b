"""Reviewing what the importer found before anything is stored.

The clerk sees documents, headings and items as a tree, can leave items out, fix titles, units
and deadlines, merge two items or split one, map unknown unit names to the directory (which is
remembered as an alias) and read the text that went nowhere. Nothing is stored until 确认导入.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import UnitRole
from tracker.importing.model import ParsedItem, ParseResult
from tracker.importing.review import (
    Heading,
    ImportDraft,
    ItemKey,
    NameMatch,
    ReviewedImport,
    UnitDirectory,
)
from tracker.services.directory_service import suggest_units, unit_key
from tracker.views.widgets import UnitListEdit, fit_to_screen

_ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
_NEW_UNIT = "新增到单位目录"

#: A printed name close to a directory unit: probably the same unit under another name.
LIKELY_ALIAS_COLOUR = QColor("#b3261e")
#: A name the directory does not know at all: it will be added.
NEW_UNIT_COLOUR = QColor("#8a5a00")
_COLOURS = {NameMatch.LIKELY_ALIAS: LIKELY_ALIAS_COLOUR, NameMatch.NEW_UNIT: NEW_UNIT_COLOUR}


class ImportReviewDialog(QDialog):
    """The review screen of an import: renders an :class:`ImportDraft` and edits it.

    ``directory`` maps every name and alias of the unit directory to the unit's own name.
    """

    def __init__(
        self,
        parent: QWidget | None,
        result: ParseResult,
        directory: dict[str, str],
        duplicates: list[str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入预览 — {result.source_name or '粘贴的文字'}")
        fit_to_screen(self, 1180, 760)
        self._directory = directory
        #: The import being reviewed; the dialog only shows it and forwards the clerk's edits.
        self.draft = ImportDraft(
            result,
            UnitDirectory(directory, unit_key, lambda name: suggest_units(name, directory)),
        )
        self._current: ItemKey | None = None
        self._leaves: dict[ItemKey, QTreeWidgetItem] = {}
        self._build_ui(duplicates)
        self._connect_signals()
        self._rebuild_tree()
        self._refresh_units()

    # ---- building ---------------------------------------------------------------------------

    def _build_ui(self, duplicates: list[str]) -> None:
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("sentence")
        self.duplicate_label = QLabel(self)
        self.duplicate_label.setObjectName("warning")
        self.duplicate_label.setWordWrap(True)
        if duplicates:
            self.duplicate_label.setText(
                "以下文件此前已导入过,确认后将跳过,不会重复:" + "、".join(duplicates)
            )
        self.duplicate_label.setVisible(bool(duplicates))

        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["文件 / 标题 / 事项"])
        self.check_all_button = QPushButton("全选", self)
        self.check_none_button = QPushButton("全不选", self)
        self.next_concern_button = QPushButton("下一个需核对的事项", self)
        self.next_concern_button.setShortcut("F3")
        self.next_concern_button.setToolTip(
            "跳到下一个标有 ⚠ 的事项:未识别责任单位、单位名称可疑、标题笼统或时限早于成文日期(F3)"
        )
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        row.addWidget(self.check_all_button)
        row.addWidget(self.check_none_button)
        row.addStretch(1)
        row.addWidget(self.next_concern_button)
        left_layout.addLayout(row)

        editor = QGroupBox("选中的事项", self)
        self.title_edit = QLineEdit(editor)
        self.lead_edit = UnitListEdit(editor)
        self.support_edit = UnitListEdit(editor)
        self.responsible_edit = UnitListEdit(editor)
        names = sorted(self._directory)
        for edit in (self.lead_edit, self.support_edit, self.responsible_edit):
            edit.set_known(names)
        self.unknown_label = QLabel(editor)
        self.unknown_label.setObjectName("warning")
        self.unknown_label.setWordWrap(True)
        self.concern_label = QLabel(editor)
        self.concern_label.setObjectName("warning")
        self.concern_label.setWordWrap(True)
        self.deadline_edit = QLineEdit(editor)
        self.deadline_edit.setPlaceholderText("如:6月底前、年底前、长期坚持")
        self.due_label = QLabel(editor)
        self.due_label.setObjectName("hint")
        self.content_view = QPlainTextEdit(editor)
        self.content_view.setReadOnly(True)
        self.merge_button = QPushButton("与上一项合并", editor)
        self.split_button = QPushButton("在光标处拆分", editor)
        self.split_button.setToolTip("在下方原文中点击要拆开的位置,再点此按钮")
        form = QFormLayout()
        form.addRow("工作任务:", self.title_edit)
        form.addRow("牵头单位:", self.lead_edit)
        form.addRow("配合单位:", self.support_edit)
        form.addRow("责任单位:", self.responsible_edit)
        form.addRow("", self.unknown_label)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline_edit, 1)
        deadline_row.addWidget(self.due_label)
        form.addRow("完成时限:", deadline_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.split_button)
        buttons.addStretch(1)
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.concern_label)
        editor_layout.addLayout(form)
        editor_layout.addWidget(QLabel("原文:", editor))
        editor_layout.addWidget(self.content_view, 1)
        editor_layout.addLayout(buttons)

        self.units_table = QTableWidget(0, 3, self)
        self.units_table.setHorizontalHeaderLabels(["文件中的单位名称", "出现次数", "对应单位目录"])
        self.units_table.verticalHeader().setVisible(False)
        self.units_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.units_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.unassigned_view = QPlainTextEdit(self)
        self.unassigned_view.setReadOnly(True)
        self.unassigned_view.setPlainText("\n\n".join(self.draft.unassigned))
        self.warnings_view = QPlainTextEdit(self)
        self.warnings_view.setReadOnly(True)
        self.warnings_view.setPlainText("\n".join(self.draft.warnings))
        self.bottom_tabs = QTabWidget(self)
        self.bottom_tabs.addTab(self.units_table, "目录中没有的单位")
        self.bottom_tabs.addTab(
            self.unassigned_view, f"未归入事项的文字({len(self.draft.unassigned)})"
        )
        self.bottom_tabs.addTab(self.warnings_view, f"提示({len(self.draft.warnings)})")

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(left)
        top.addWidget(editor)
        top.setSizes([560, 600])
        vertical = QSplitter(Qt.Orientation.Vertical, self)
        vertical.addWidget(top)
        vertical.addWidget(self.bottom_tabs)
        vertical.setSizes([520, 200])

        self.buttons = QDialogButtonBox(self)
        self.confirm_button = self.buttons.addButton(
            "确认导入", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setObjectName("primary")
        cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.duplicate_label)
        layout.addWidget(vertical, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        self.check_all_button.clicked.connect(lambda: self._check_all(True))
        self.check_none_button.clicked.connect(lambda: self._check_all(False))
        self.next_concern_button.clicked.connect(self._on_next_concern_clicked)
        self.title_edit.editingFinished.connect(self._on_title_edited)
        for edit in (self.lead_edit, self.support_edit, self.responsible_edit):
            edit.editingFinished.connect(self._on_units_edited)
        self.deadline_edit.editingFinished.connect(self._on_deadline_edited)
        self.merge_button.clicked.connect(self._on_merge_clicked)
        self.split_button.clicked.connect(self._on_split_clicked)

    # ---- the tree ---------------------------------------------------------------------------

    def _rebuild_tree(self, select: ItemKey | None = None) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        self._leaves = {}
        for document in self.draft.documents():
            top = QTreeWidgetItem([document.label])
            top.setFlags(
                top.flags() | Qt.ItemFlag.ItemIsAutoTristate | Qt.ItemFlag.ItemIsUserCheckable
            )
            top.setToolTip(0, document.tip)
            self.tree.addTopLevelItem(top)
            self._add_nodes(top, document.outline)
            top.setExpanded(True)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        keys = self.draft.item_keys()
        target = select if select in self._leaves else (keys[0] if keys else None)
        if target is not None:
            self.tree.setCurrentItem(self._leaves[target])
        self._refresh_summary()

    def _add_nodes(self, parent: QTreeWidgetItem, nodes: tuple[Heading | ItemKey, ...]) -> None:
        for node in nodes:
            if isinstance(node, Heading):
                heading = QTreeWidgetItem([node.title])
                heading.setFlags(
                    heading.flags()
                    | Qt.ItemFlag.ItemIsAutoTristate
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                parent.addChild(heading)
                self._add_nodes(heading, node.children)
                continue
            leaf = QTreeWidgetItem()
            leaf.setData(0, _ITEM_ROLE, node)
            leaf.setFlags(leaf.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            included = self.draft.is_included(node)
            leaf.setCheckState(0, Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)
            self._label_leaf(leaf, node)
            parent.addChild(leaf)
            self._leaves[node] = leaf

    def _label_leaf(self, leaf: QTreeWidgetItem, key: ItemKey) -> None:
        leaf.setText(0, self.draft.label(key))
        leaf.setToolTip(0, self.draft.tip(key))
        match = self.draft.name_match(key)
        leaf.setForeground(0, QBrush(_COLOURS[match]) if match is not None else QBrush())

    def _refresh_leaves(self) -> None:
        self.tree.blockSignals(True)
        for key, leaf in self._leaves.items():
            self._label_leaf(leaf, key)
        self.tree.blockSignals(False)

    def _on_next_concern_clicked(self) -> None:
        key = self.draft.next_concern(self._current)
        if key is not None:
            self.tree.setCurrentItem(self._leaves[key])
            self.tree.scrollToItem(self._leaves[key])

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.tree.blockSignals(True)
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top is not None:
                top.setCheckState(0, state)
        self.tree.blockSignals(False)
        self.draft.include_all(checked)
        self._refresh_summary()

    def _on_tree_item_changed(self, leaf: QTreeWidgetItem, _column: int) -> None:
        key = leaf.data(0, _ITEM_ROLE)
        if key is not None:
            self.draft.set_included(key, leaf.checkState(0) == Qt.CheckState.Checked)
            self._refresh_summary()

    def _on_tree_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        key = current.data(0, _ITEM_ROLE) if current is not None else None
        self._current = ItemKey(key) if key is not None else None
        self._load_editor()

    # ---- the editor -------------------------------------------------------------------------

    def _load_editor(self) -> None:
        key = self._current
        for widget in (
            self.title_edit,
            self.lead_edit,
            self.support_edit,
            self.responsible_edit,
            self.deadline_edit,
            self.merge_button,
            self.split_button,
        ):
            widget.setEnabled(key is not None)
        if key is None:
            for edit in (
                self.title_edit,
                self.lead_edit,
                self.support_edit,
                self.responsible_edit,
                self.deadline_edit,
            ):
                edit.clear()
            self.content_view.clear()
            self.due_label.clear()
            self.unknown_label.clear()
            self.concern_label.clear()
            return
        item = self.draft.item(key)
        self._load_concerns(key)
        self.title_edit.setText(item.title)
        self.lead_edit.set_names(_names(item, UnitRole.LEAD))
        self.support_edit.set_names(_names(item, UnitRole.SUPPORT))
        self.responsible_edit.set_names(_names(item, UnitRole.RESPONSIBLE))
        self.deadline_edit.setText(item.deadline_text or "")
        self.due_label.setText(self.draft.due_text(key))
        self.content_view.setPlainText(item.content)
        self.unknown_label.setText(self.draft.unknown_hint(key))

    def _load_concerns(self, key: ItemKey) -> None:
        text = self.draft.concern_text(key)
        self.concern_label.setText(text)
        self.concern_label.setVisible(bool(text))

    def _after_edit(self, key: ItemKey) -> None:
        self.tree.blockSignals(True)
        self._label_leaf(self._leaves[key], key)
        self.tree.blockSignals(False)
        self._refresh_summary()
        self._load_concerns(key)

    def _on_title_edited(self) -> None:
        key = self._current
        if key is not None and self.draft.retitle(key, self.title_edit.text()):
            self._after_edit(key)

    def _on_units_edited(self) -> None:
        key = self._current
        if key is None:
            return
        self.draft.set_units(
            key,
            lead=self.lead_edit.names(),
            support=self.support_edit.names(),
            responsible=self.responsible_edit.names(),
        )
        self.unknown_label.setText(self.draft.unknown_hint(key))
        self._refresh_units()
        self._after_edit(key)

    def _on_deadline_edited(self) -> None:
        key = self._current
        if key is not None and self.draft.retype_deadline(key, self.deadline_edit.text()):
            self.due_label.setText(self.draft.due_text(key))
            self._after_edit(key)

    def _on_merge_clicked(self) -> None:
        if self._current is None:
            return
        merged = self.draft.merge_with_previous(self._current)
        if merged is not None:
            self._rebuild_tree(select=merged)
            self._refresh_units()

    def _on_split_clicked(self) -> None:
        if self._current is None:
            return
        try:
            second = self.draft.split(self._current, self.content_view.textCursor().position())
        except ValueError:
            self.unknown_label.setText("请先在原文中点击要拆开的位置(不能在开头或结尾)。")
            return
        self._rebuild_tree(select=second)
        self._refresh_units()

    # ---- units not in the directory ---------------------------------------------------------

    def _refresh_units(self) -> None:
        unknown = self.draft.unknown_names()
        self.units_table.setRowCount(len(unknown))
        for row, entry in enumerate(unknown):
            self.units_table.setItem(row, 0, QTableWidgetItem(entry.name))
            count_cell = QTableWidgetItem(str(entry.count))
            count_cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.units_table.setItem(row, 1, count_cell)
            combo = QComboBox(self.units_table)
            combo.addItem(_NEW_UNIT, _NEW_UNIT)
            suggestions = self.draft.suggestions(entry.name)
            targets = self.draft.targets(entry.name)
            for target in suggestions:
                combo.addItem(f"对应:{target}", target)
            for target in self.draft.new_targets(entry.name):
                combo.addItem(f"并入本次新增的:{target}", target)
            for target in targets[len(suggestions) :]:
                combo.addItem(f"对应:{target}", target)
            chosen = self.draft.choice(entry.name) or _NEW_UNIT
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.currentIndexChanged.connect(
                lambda _i, n=entry.name, c=combo: self._on_choice_changed(n, c)
            )
            self.units_table.setCellWidget(row, 2, combo)
        self.bottom_tabs.setTabText(0, f"目录中没有的单位({len(unknown)})")

    def _on_choice_changed(self, name: str, combo: QComboBox) -> None:
        target = combo.currentData()
        try:
            self.draft.choose_unit(name, None if target == _NEW_UNIT else target)
        except ValueError:
            # The target is already mapped onto this name: the two would point at each other.
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(self.draft.choice(name) or _NEW_UNIT), 0))
            combo.blockSignals(False)
            self.unknown_label.setText(f"“{target}”已并入“{name}”,不能再把“{name}”并入它。")
            return
        self._refresh_leaves()
        if self._current is not None:
            self.unknown_label.setText(self.draft.unknown_hint(self._current))

    # ---- result -----------------------------------------------------------------------------

    def _refresh_summary(self) -> None:
        self.summary_label.setText(self.draft.summary())
        self.confirm_button.setEnabled(self.draft.included_count() > 0)

    def value(self) -> ReviewedImport:
        """The items chosen, as edited, and the unit names mapped to the directory."""
        return self.draft.reviewed()


def _names(item: ParsedItem, role: UnitRole) -> list[str]:
    return [unit.name for unit in item.units if unit.role == role]
