"""Reviewing what the importer found before anything is stored.

The clerk sees documents, headings and items as a tree, can leave items out, fix titles, units
and deadlines, merge two items or split one, map unknown unit names to the directory (which is
remembered as an alias) and read the text that went nowhere. Nothing is stored until 确认导入.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass

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
from tracker.importing import checks
from tracker.importing.editing import merge_items, retype_deadline, split_item
from tracker.importing.model import ParsedDocument, ParsedItem, ParsedUnit, ParseResult
from tracker.services.directory_service import suggest_units, unit_key
from tracker.views.widgets import UnitListEdit

_ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
_NEW_UNIT = "新增到单位目录"
#: A printed name close to a directory unit: probably the same unit under another name.
LIKELY_ALIAS_COLOUR = QColor("#b3261e")
#: A name the directory does not know at all: it will be added.
NEW_UNIT_COLOUR = QColor("#8a5a00")
#: Put before an item that deserves a look (no unit, odd unit names, a generic title …).
CONCERN_MARK = "⚠"


@dataclass(frozen=True)
class ReviewedImport:
    """What the clerk confirmed: the items to store and the names mapped to the directory."""

    result: ParseResult
    aliases: dict[str, str]


class ImportReviewDialog(QDialog):
    """The review screen of an import."""

    def __init__(
        self,
        parent: QWidget | None,
        result: ParseResult,
        directory: dict[str, str],
        duplicates: list[str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入预览 — {result.source_name or '粘贴的文字'}")
        self.resize(1180, 760)
        self._result = copy.deepcopy(result)
        self._directory = directory
        self._excluded: set[int] = set()
        self._choices: dict[str, str] = {}
        self._current: ParsedItem | None = None
        self._documents_by_item: dict[int, ParsedDocument] = {}
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
        self.unassigned_view.setPlainText("\n\n".join(self._result.unassigned))
        self.warnings_view = QPlainTextEdit(self)
        self.warnings_view.setReadOnly(True)
        self.warnings_view.setPlainText("\n".join(self._result.warnings))
        self.bottom_tabs = QTabWidget(self)
        self.bottom_tabs.addTab(self.units_table, "目录中没有的单位")
        self.bottom_tabs.addTab(
            self.unassigned_view, f"未归入事项的文字({len(self._result.unassigned)})"
        )
        self.bottom_tabs.addTab(self.warnings_view, f"提示({len(self._result.warnings)})")

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

    def _items(self) -> list[tuple[ParsedDocument, ParsedItem]]:
        return [(d, i) for d in self._result.documents for i in d.items]

    def _rebuild_tree(self, select: ParsedItem | None = None) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        target = None
        for document in self._result.documents:
            top = QTreeWidgetItem(
                [f"《{document.title or '未命名文件'}》 {len(document.items)} 项"]
            )
            top.setFlags(
                top.flags() | Qt.ItemFlag.ItemIsAutoTristate | Qt.ItemFlag.ItemIsUserCheckable
            )
            top.setToolTip(0, _document_tip(document))
            self.tree.addTopLevelItem(top)
            headings: dict[tuple[str, ...], QTreeWidgetItem] = {(): top}
            for item in document.items:
                parent = top
                for depth in range(1, len(item.heading_path) + 1):
                    path = tuple(item.heading_path[:depth])
                    if path not in headings:
                        node = QTreeWidgetItem([path[-1]])
                        node.setFlags(
                            node.flags()
                            | Qt.ItemFlag.ItemIsAutoTristate
                            | Qt.ItemFlag.ItemIsUserCheckable
                        )
                        headings[path[:-1]].addChild(node)
                        headings[path] = node
                    parent = headings[path]
                leaf = QTreeWidgetItem()
                leaf.setData(0, _ITEM_ROLE, id(item))
                leaf.setFlags(leaf.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                leaf.setCheckState(
                    0,
                    Qt.CheckState.Unchecked
                    if id(item) in self._excluded
                    else Qt.CheckState.Checked,
                )
                self._label_leaf(leaf, item)
                parent.addChild(leaf)
                if item is select:
                    target = leaf
            top.setExpanded(True)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._by_id = {id(item): item for _, item in self._items()}
        if target is not None:
            self.tree.setCurrentItem(target)
        elif self._items():
            first = self._first_leaf(self.tree.invisibleRootItem())
            if first is not None:
                self.tree.setCurrentItem(first)
        self._refresh_summary()

    def _first_leaf(self, node: QTreeWidgetItem) -> QTreeWidgetItem | None:
        for child in _children(node):
            if child.data(0, _ITEM_ROLE) is not None:
                return child
            found = self._first_leaf(child)
            if found is not None:
                return found
        return None

    def _leaf_of(self, item: ParsedItem) -> QTreeWidgetItem | None:
        stack = [self.tree.invisibleRootItem()]
        while stack:
            node = stack.pop()
            for child in _children(node):
                if child.data(0, _ITEM_ROLE) == id(item):
                    return child
                stack.append(child)
        return None

    def _label_leaf(self, leaf: QTreeWidgetItem, item: ParsedItem) -> None:
        unknown = self._unknown_names(item)
        units = "、".join(unit.name for unit in item.units)
        concerns = self._concerns(item)
        text = f"{item.number or '·'}  {checks.display_title(item)}"
        if units:
            text += f"  [{units}]"
        if item.deadline_text:
            text += f"  {item.deadline_text}"
        if concerns:
            text = f"{CONCERN_MARK} {text}"
        leaf.setText(0, text)
        tip = "\n".join(f"{CONCERN_MARK} {concern.message}" for concern in concerns)
        leaf.setToolTip(0, f"{tip}\n\n{item.content}" if tip else item.content)
        if any(suggest_units(name, self._directory) for name in unknown):
            leaf.setForeground(0, QBrush(LIKELY_ALIAS_COLOUR))
        elif unknown:
            leaf.setForeground(0, QBrush(NEW_UNIT_COLOUR))
        else:
            leaf.setForeground(0, QBrush())

    def _concerns(self, item: ParsedItem) -> list[checks.Concern]:
        return checks.item_concerns(item, self._document_of(item))

    def _on_next_concern_clicked(self) -> None:
        leaves = self.leaves()
        current = self.tree.currentItem()
        start = leaves.index(current) + 1 if current in leaves else 0
        for leaf in leaves[start:] + leaves[:start]:
            item = self._by_id.get(leaf.data(0, _ITEM_ROLE))
            if item is not None and self._concerns(item):
                self.tree.setCurrentItem(leaf)
                self.tree.scrollToItem(leaf)
                return

    def _unknown_names(self, item: ParsedItem) -> list[str]:
        return [u.name for u in item.units if not self._is_known(u.name)]

    def _is_known(self, name: str) -> bool:
        keys = {unit_key(known) for known in self._directory}
        return unit_key(name) in keys or self._choices.get(name, _NEW_UNIT) != _NEW_UNIT

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for top in _children(self.tree.invisibleRootItem()):
            top.setCheckState(0, state)

    def _on_tree_item_changed(self, leaf: QTreeWidgetItem, _column: int) -> None:
        item_id = leaf.data(0, _ITEM_ROLE)
        if item_id is None:
            return
        if leaf.checkState(0) == Qt.CheckState.Checked:
            self._excluded.discard(item_id)
        else:
            self._excluded.add(item_id)
        self._refresh_summary()

    def _on_tree_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        item_id = current.data(0, _ITEM_ROLE) if current is not None else None
        self._current = self._by_id.get(item_id) if item_id is not None else None
        self._load_editor()

    # ---- the editor -------------------------------------------------------------------------

    def _load_editor(self) -> None:
        item = self._current
        enabled = item is not None
        for widget in (
            self.title_edit,
            self.lead_edit,
            self.support_edit,
            self.responsible_edit,
            self.deadline_edit,
            self.merge_button,
            self.split_button,
        ):
            widget.setEnabled(enabled)
        if item is None:
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
        self._load_concerns(item)
        self.title_edit.setText(item.title)
        self.lead_edit.set_names(_names(item, UnitRole.LEAD))
        self.support_edit.set_names(_names(item, UnitRole.SUPPORT))
        self.responsible_edit.set_names(_names(item, UnitRole.RESPONSIBLE))
        self.deadline_edit.setText(item.deadline_text or "")
        self._show_due(item)
        self.content_view.setPlainText(item.content)
        self._show_unknown(item)

    def _show_due(self, item: ParsedItem) -> None:
        if item.due_date is not None:
            self.due_label.setText(f"= {item.due_date:%Y年%m月%d日}")
        elif item.deadline_text:
            self.due_label.setText(f"({item.deadline_kind.label})")
        else:
            self.due_label.setText("")

    def _show_unknown(self, item: ParsedItem) -> None:
        unknown = self._unknown_names(item)
        if not unknown:
            self.unknown_label.setText("")
            return
        likely = []
        new = []
        for name in unknown:
            hints = suggest_units(name, self._directory)
            if hints:
                likely.append(f"{name}(可能是:{'、'.join(hints)})")
            else:
                new.append(name)
        lines = []
        if likely:
            lines.append(
                "可能是目录中已有的单位:"
                + ";".join(likely)
                + "。请在下方“目录中没有的单位”中对应。"
            )
        if new:
            lines.append("将新增到单位目录:" + "、".join(new))
        self.unknown_label.setText("\n".join(lines))

    def _document_of(self, item: ParsedItem) -> ParsedDocument:
        document = self._documents_by_item.get(id(item))
        if document is None:
            self._documents_by_item = {id(i): d for d, i in self._items()}
            document = self._documents_by_item.get(id(item))
        if document is None:
            raise LookupError("item not in the result")
        return document

    def _load_concerns(self, item: ParsedItem) -> None:
        concerns = self._concerns(item)
        self.concern_label.setText(
            "\n".join(f"{CONCERN_MARK} {concern.message}" for concern in concerns)
        )
        self.concern_label.setVisible(bool(concerns))

    def _on_title_edited(self) -> None:
        if self._current is not None and self.title_edit.text().strip():
            self._current.title = self.title_edit.text().strip()
            self._refresh_leaf(self._current)
            self._refresh_summary()
            self._load_concerns(self._current)

    def _on_units_edited(self) -> None:
        item = self._current
        if item is None:
            return
        units: list[ParsedUnit] = []
        seen: set[str] = set()
        for edit, role in (
            (self.lead_edit, UnitRole.LEAD),
            (self.responsible_edit, UnitRole.RESPONSIBLE),
            (self.support_edit, UnitRole.SUPPORT),
        ):
            for name in edit.names():
                if name not in seen:
                    seen.add(name)
                    units.append(ParsedUnit(name, role))
        item.units = units
        self._refresh_leaf(item)
        self._show_unknown(item)
        self._refresh_units()
        self._refresh_summary()
        self._load_concerns(item)

    def _on_deadline_edited(self) -> None:
        item = self._current
        if item is None or (item.deadline_text or "") == self.deadline_edit.text().strip():
            return
        retype_deadline(item, self.deadline_edit.text(), self._document_of(item))
        self._show_due(item)
        self._refresh_leaf(item)
        self._refresh_summary()
        self._load_concerns(item)

    def _refresh_leaf(self, item: ParsedItem) -> None:
        leaf = self._leaf_of(item)
        if leaf is not None:
            self.tree.blockSignals(True)
            self._label_leaf(leaf, item)
            self.tree.blockSignals(False)

    def _on_merge_clicked(self) -> None:
        item = self._current
        if item is None:
            return
        document = self._document_of(item)
        index = next(i for i, other in enumerate(document.items) if other is item)
        if index == 0:
            return
        merged = merge_items(document.items[index - 1], item)
        document.items[index - 1 : index + 1] = [merged]
        self._rebuild_tree(select=merged)
        self._refresh_units()

    def _on_split_clicked(self) -> None:
        item = self._current
        if item is None:
            return
        document = self._document_of(item)
        position = self.content_view.textCursor().position()
        try:
            first, second = split_item(item, position, document)
        except ValueError:
            self.unknown_label.setText("请先在原文中点击要拆开的位置(不能在开头或结尾)。")
            return
        index = next(i for i, other in enumerate(document.items) if other is item)
        document.items[index : index + 1] = [first, second]
        self._rebuild_tree(select=second)
        self._refresh_units()

    # ---- units not in the directory ---------------------------------------------------------

    def _refresh_units(self) -> None:
        counts = Counter(
            unit.name
            for _, item in self._items()
            for unit in item.units
            if unit_key(unit.name) not in {unit_key(k) for k in self._directory}
        )
        self.units_table.setRowCount(len(counts))
        for row, (name, count) in enumerate(sorted(counts.items())):
            self.units_table.setItem(row, 0, QTableWidgetItem(name))
            count_cell = QTableWidgetItem(str(count))
            count_cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.units_table.setItem(row, 1, count_cell)
            combo = QComboBox(self.units_table)
            combo.addItem(_NEW_UNIT, _NEW_UNIT)
            suggestions = suggest_units(name, self._directory)
            others = sorted(set(self._directory.values()) - set(suggestions))
            for target in [*suggestions, *others]:
                combo.addItem(f"对应:{target}", target)
            chosen = self._choices.get(name, _NEW_UNIT)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.currentIndexChanged.connect(
                lambda _i, n=name, c=combo: self._on_choice_changed(n, c.currentData())
            )
            self.units_table.setCellWidget(row, 2, combo)
        self.bottom_tabs.setTabText(0, f"目录中没有的单位({len(counts)})")

    def _on_choice_changed(self, name: str, target: str) -> None:
        if target == _NEW_UNIT:
            self._choices.pop(name, None)
        else:
            self._choices[name] = target
        for _, item in self._items():
            if any(unit.name == name for unit in item.units):
                self._refresh_leaf(item)
        if self._current is not None:
            self._show_unknown(self._current)

    def unit_choice(self, name: str) -> QComboBox | None:
        """The directory choice for an unknown name (for tests)."""
        for row in range(self.units_table.rowCount()):
            cell = self.units_table.item(row, 0)
            if cell is not None and cell.text() == name:
                widget = self.units_table.cellWidget(row, 2)
                return widget if isinstance(widget, QComboBox) else None
        return None

    # ---- result -----------------------------------------------------------------------------

    def _refresh_summary(self) -> None:
        total = len(self._items())
        chosen = total - len(self._excluded & {id(i) for _, i in self._items()})
        flagged = sum(1 for _, item in self._items() if self._concerns(item))
        text = f"找到 {len(self._result.documents)} 份文件,{checks.summary(self._result)}"
        text += f";将导入 {chosen} 项。"
        if flagged:
            text += f"标有 {CONCERN_MARK} 的 {flagged} 项需要核对(F3 跳到下一个)。"
        text += "确认后才会保存。"
        self.summary_label.setText(text)
        self.confirm_button.setEnabled(chosen > 0)

    def leaves(self) -> list[QTreeWidgetItem]:
        """Every item's entry in the tree, in document order (for tests)."""
        found: list[QTreeWidgetItem] = []

        def walk(node: QTreeWidgetItem) -> None:
            for child in _children(node):
                if child.data(0, _ITEM_ROLE) is not None:
                    found.append(child)
                else:
                    walk(child)

        walk(self.tree.invisibleRootItem())
        return found

    def value(self) -> ReviewedImport:
        """The items chosen, as edited, and the unit names mapped to the directory."""
        documents = [
            ParsedDocument(
                title=d.title,
                doc_number=d.doc_number,
                date=d.date,
                issuer=d.issuer,
                items=[i for i in d.items if id(i) not in self._excluded],
            )
            for d in self._result.documents
        ]
        result = ParseResult(
            documents=documents,
            unassigned=self._result.unassigned,
            warnings=self._result.warnings,
            source_name=self._result.source_name,
        )
        return ReviewedImport(result=result, aliases=dict(self._choices))


def _children(node: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (node.child(index) for index in range(node.childCount()))
    return [child for child in children if child is not None]


def _names(item: ParsedItem, role: UnitRole) -> list[str]:
    return [unit.name for unit in item.units if unit.role == role]


def _document_tip(document: ParsedDocument) -> str:
    parts = [document.title or "未命名文件"]
    if document.doc_number:
        parts.append(f"文号:{document.doc_number}")
    if document.date:
        parts.append(f"成文日期:{document.date.isoformat()}")
    if document.issuer:
        parts.append(f"发文机关:{document.issuer}")
    return "\n".join(parts)
