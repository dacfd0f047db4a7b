"""The navigation on the left: fixed views with counts, source documents, units."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from tracker.dto import DocumentRow, UnitRow
from tracker.round_dto import RoundRow
from tracker.views.ledger_rows import LedgerQuery, View

_QUERY_ROLE = Qt.ItemDataRole.UserRole + 1
_DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 2
_ROUND_ROLE = Qt.ItemDataRole.UserRole + 3
#: Rounds listed in the navigation, newest first; the 调度 tab lists them all.
SHOWN_ROUNDS = 6


class NavigationPanel(QTreeWidget):
    """What to show in the ledger.

    Signals:
        query_selected(object): a LedgerQuery for the chosen entry (quick filters kept apart).
        round_selected(int): the clerk chose a reporting round (its id).
        delete_document_requested(int): the clerk asked to remove a document.
    """

    query_selected = Signal(object)
    round_selected = Signal(int)
    delete_document_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setObjectName("navigation")
        # Titles of one series differ at the end ("……实施方案(2024—2025年)"): keep both ends.
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._fixed: dict[View, QTreeWidgetItem] = {}
        for view, label in [
            (View.ALL, "全部事项"),
            (View.OVERDUE, "逾期"),
            (View.DUE_SOON, "临期"),
            (View.DONE, "已办结"),
        ]:
            item = QTreeWidgetItem([label])
            item.setData(0, _QUERY_ROLE, LedgerQuery(view=view))
            self.addTopLevelItem(item)
            self._fixed[view] = item
        self._rounds = QTreeWidgetItem(["调度"])
        self._documents = QTreeWidgetItem(["来源文件"])
        self._units = QTreeWidgetItem(["责任单位"])
        for group in (self._rounds, self._documents, self._units):
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.addTopLevelItem(group)
        self._rounds.setExpanded(True)
        self._rounds.setHidden(True)  # until the first round
        self._documents.setExpanded(True)
        self._units.setExpanded(True)
        self.setCurrentItem(self._fixed[View.ALL])
        self.currentItemChanged.connect(self._on_current_item_changed)
        self.customContextMenuRequested.connect(self._on_context_menu_requested)

    def set_counts(self, counts: dict[View, int], warning_days: int) -> None:
        """Show how many items each fixed view holds."""
        labels = {
            View.ALL: "全部事项",
            View.OVERDUE: "逾期",
            View.DUE_SOON: f"{warning_days}日内到期",
            View.DONE: "已办结",
        }
        for view, item in self._fixed.items():
            item.setText(0, f"{labels[view]} ({counts.get(view, 0)})")

    def set_documents(self, documents: list[DocumentRow]) -> None:
        """List the imported documents, each expandable to its headings."""
        self._documents.takeChildren()
        titles = Counter(document.title for document in documents)
        for document in documents:
            name = document.title
            if titles[name] > 1:  # the same title twice: tell them apart by 文号 or file
                name = f"{name}({_distinction(document)})"
            node = QTreeWidgetItem([f"{name} ({document.item_count})"])
            node.setToolTip(0, _document_tip(document))
            node.setData(0, _QUERY_ROLE, LedgerQuery(view=View.DOCUMENT, document_id=document.id))
            node.setData(0, _DOCUMENT_ROLE, document.id)
            parents: dict[tuple[str, ...], QTreeWidgetItem] = {(): node}
            for path in document.headings:
                heading = QTreeWidgetItem([path[-1]])
                heading.setToolTip(0, " > ".join(path))
                heading.setData(
                    0,
                    _QUERY_ROLE,
                    LedgerQuery(view=View.DOCUMENT, document_id=document.id, heading_prefix=path),
                )
                parents.get(path[:-1], node).addChild(heading)
                parents[path] = heading
            self._documents.addChild(node)
        self._documents.setText(0, f"来源文件 ({len(documents)})")

    def set_units(self, units: list[UnitRow]) -> None:
        """List the units that have items, with their counts."""
        self._units.takeChildren()
        shown = [unit for unit in units if unit.item_count]
        for unit in shown:
            node = QTreeWidgetItem([f"{unit.name} ({unit.item_count})"])
            node.setData(0, _QUERY_ROLE, LedgerQuery(view=View.UNIT, unit_id=unit.id))
            if unit.needs_review:
                node.setToolTip(0, "导入时新增的单位,请在单位管理中核对")
            self._units.addChild(node)
        self._units.setText(0, f"责任单位 ({len(shown)})")

    def set_rounds(self, rounds: list[RoundRow]) -> None:
        """The newest reporting rounds, each with who has not reported: "6月调度 未报 3"."""
        self._rounds.takeChildren()
        for found in rounds[:SHOWN_ROUNDS]:
            node = QTreeWidgetItem([found.nav_label])
            node.setToolTip(
                0,
                f"{found.name}\n调度 {found.units} 个单位:已报 {found.on_time},"
                f"迟报 {found.late},未报 {found.missing}",
            )
            node.setData(0, _ROUND_ROLE, found.id)
            self._rounds.addChild(node)
        self._rounds.setHidden(not rounds)
        self._rounds.setText(0, f"调度 ({len(rounds)})")

    def round_items(self) -> list[QTreeWidgetItem]:
        """The entries of the rounds."""
        return _children(self._rounds)

    def select_all_items(self) -> None:
        """Go back to 全部事项."""
        self.setCurrentItem(self._fixed[View.ALL])

    def fixed_item(self, view: View) -> QTreeWidgetItem:
        """The entry of a fixed view (for tests)."""
        return self._fixed[view]

    def document_items(self) -> list[QTreeWidgetItem]:
        """The entries of the documents."""
        return _children(self._documents)

    def unit_items(self) -> list[QTreeWidgetItem]:
        """The entries of the units."""
        return _children(self._units)

    def _on_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        query = current.data(0, _QUERY_ROLE) if current is not None else None
        if isinstance(query, LedgerQuery):
            self.query_selected.emit(query)
        round_id = current.data(0, _ROUND_ROLE) if current is not None else None
        if round_id is not None:
            self.round_selected.emit(int(round_id))

    def _on_context_menu_requested(self, position: QPoint) -> None:
        item = self.itemAt(position)
        document_id = item.data(0, _DOCUMENT_ROLE) if item is not None else None
        if document_id is None:
            return
        menu = QMenu(self)
        action = QAction("删除此来源文件及其全部事项…", menu)
        action.triggered.connect(lambda: self.delete_document_requested.emit(int(document_id)))
        menu.addAction(action)
        menu.exec(self.viewport().mapToGlobal(position))


def _document_tip(document: DocumentRow) -> str:
    lines = [document.title]
    if document.doc_number:
        lines.append(f"文号:{document.doc_number}")
    if document.doc_date:
        lines.append(f"成文日期:{document.doc_date.isoformat()}")
    if document.issuer:
        lines.append(f"发文机关:{document.issuer}")
    if document.file_name:
        lines.append(f"文件:{document.file_name}")
    lines.append(f"导入于:{document.imported_at:%Y-%m-%d %H:%M}")
    return "\n".join(lines)


def _distinction(document: DocumentRow) -> str:
    if document.doc_number:
        return document.doc_number
    if document.file_name:
        return document.file_name
    return f"导入于{document.imported_at:%Y-%m-%d %H:%M}"


def _children(node: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (node.child(index) for index in range(node.childCount()))
    return [child for child in children if child is not None]
