"""The main window: navigation, the ledger table, the item detail, statistics."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, QThread, QTimer, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tracker import APP_NAME, __version__
from tracker.domain import Status
from tracker.dto import ItemRow
from tracker.errors import DatabaseError, UserError
from tracker.exporting.files import safe_file_name
from tracker.paths import AppPaths, data_path, resource_path
from tracker.settings import Settings, load_settings, save_settings
from tracker.views.backups_dialog import BackupsDialog
from tracker.views.checklist import Checklist, export_pdf, paint, setup_page
from tracker.views.database_dialog import DatabaseDialog
from tracker.views.dialogs import (
    BulkAssignDialog,
    NewItemDialog,
    PasteTextDialog,
    SettingsDialog,
)
from tracker.views.directory_dialog import PeopleDialog, UnitsDialog
from tracker.views.events import AppEvents
from tracker.views.export_dialog import ExportChoice, ExportDialog, ProgressReviewDialog
from tracker.views.item_detail import ItemDetailPanel
from tracker.views.ledger_model import LedgerTableModel
from tracker.views.ledger_rows import COLUMNS, DueWindow, LedgerQuery, View, counts
from tracker.views.navigation import NavigationPanel
from tracker.views.prompter import Prompter
from tracker.views.stats_view import StatsView
from tracker.views.window_state import WindowState
from tracker.views.workers import JobWorker

if TYPE_CHECKING:
    from tracker.exporting.ledger_spec import LedgerData
    from tracker.importing.model import ParseResult
    from tracker.services.bundle import Services
    from tracker.services.progress_import_service import ProgressPlan

log = logging.getLogger(__name__)

SAMPLE_DOCUMENT = "sample-work-plan.txt"
IMPORT_FILTERS = (
    "可导入的文件 (*.docx *.doc *.wps *.xlsx *.xls *.et *.pdf *.txt *.html *.htm);;所有文件 (*)"
)
ROW_HEIGHT = 26
_STATUS_FILTERS: list[tuple[str, frozenset[Status]]] = [
    ("全部状态", frozenset()),
    ("未办结", frozenset({Status.TODO, Status.IN_PROGRESS, Status.DELAYED})),
    *[(status.label, frozenset({status})) for status in Status],
]


@dataclass
class _Job:
    """Work running in the background and what to do with its result."""

    thread: QThread
    worker: JobWorker
    progress: QProgressDialog
    on_done: Callable[[Any], None]


def icon(name: str) -> QIcon:
    """An icon from resources/icons."""
    return QIcon(str(resource_path("icons", f"{name}.svg")))


class MainWindow(QMainWindow):
    """The ledger a clerk works in all day."""

    def __init__(
        self,
        services: Services | None,
        paths: AppPaths,
        *,
        prompter: Prompter | None = None,
        state: WindowState | None = None,
    ) -> None:
        """Build the window; without ``services`` it shows "正在打开台账" until :meth:`attach`.

        The program shows its window first and opens the ledger after the first paint, so a
        clerk sees it at once even on a slow office PC.
        """
        super().__init__()
        self._services = services
        self.paths = paths
        self.prompter = prompter or Prompter()
        self.state = state or WindowState(paths.config_dir / "window.ini")
        self.events = AppEvents(self)
        self._job: _Job | None = None
        self._export_retry: Callable[[str], None] | None = None
        self._totals: dict[View, int] = dict.fromkeys(View, 0)
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self._fit_to_screen()
        self._build_actions()
        self._build_ui()
        self._build_menus()
        self._connect_signals()
        self._restore_state()
        self._waiting_actions: list[QAction] = []
        #: Whether --db or TRACKER_DB chose the ledger (then the setting does not apply).
        self.location_fixed = False
        if services is None:
            self._show_opening()
        else:
            self.attach(services)

    @property
    def services(self) -> Services:
        """The services of the open ledger."""
        if self._services is None:
            raise RuntimeError("the ledger is not open yet")
        return self._services

    def attach(self, services: Services) -> None:
        """Work on the ledger of ``services``: enable the actions and load the items."""
        self._services = services
        self.db_label.setText(services.db.describe())
        for action in self._waiting_actions:
            action.setEnabled(True)
        self._waiting_actions = []
        self.reload_all()

    def _show_opening(self) -> None:
        """Until the ledger is open: a note in place of the table, every ledger action off."""
        self.pages.setCurrentWidget(self.opening_page)
        self.db_label.setText("正在打开台账…")
        keep = {self.quit_action, self.about_action}
        self._waiting_actions = [
            action
            for action in self.findChildren(QAction)
            if action.isEnabled() and action not in keep and action.menu() is None
        ]
        for action in self._waiting_actions:
            action.setEnabled(False)

    # ---- building ---------------------------------------------------------------------------

    def _fit_to_screen(self) -> None:
        """A first-run size that uses most of the screen (the saved geometry wins later)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None:
            self.resize(1400, 860)
            return
        self.resize(min(1600, int(screen.width() * 0.94)), min(1000, int(screen.height() * 0.92)))
        self.move(screen.center() - self.rect().center())

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        *,
        icon_name: str | None = None,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action(
            "导入文件…",
            self.choose_import_file,
            icon_name="import",
            shortcut="Ctrl+I",
            tip="导入工作要点、任务分解等文件(Ctrl+I)",
        )
        self.paste_action = self._action(
            "粘贴文本导入…",
            self.import_pasted_text,
            icon_name="paste",
            shortcut="Ctrl+Shift+V",
            tip="把网页或邮件中的文字粘贴后导入",
        )
        self.sample_action = self._action(
            "导入示例文件", self.import_sample, tip="导入程序自带的示例《工作要点》"
        )
        self.export_action = self._action(
            "导出台账(Excel)…",
            self.export_ledger,
            icon_name="export",
            shortcut="Ctrl+E",
            tip="把台账导出为可直接打印的 Excel 表格(Ctrl+E)",
        )
        self.progress_import_action = self._action(
            "导入单位填报的进展…",
            self.import_progress,
            icon_name="progress-import",
            tip="读入单位填写后返回的台账表格,把进展记为新的进展记录",
        )
        self.print_action = self._action(
            "打印督查清单…",
            self.print_checklist,
            icon_name="print",
            shortcut=QKeySequence.StandardKey.Print,
            tip="打印当前显示事项的督查清单(Ctrl+P)",
        )
        self.pdf_action = self._action(
            "督查清单导出为 PDF…",
            self.export_checklist_pdf,
            tip="把当前显示事项的督查清单保存为 PDF",
        )
        self.backup_action = self._action(
            "备份与恢复…", self.manage_backups, icon_name="backup", tip="立即备份,或从备份恢复台账"
        )
        self.quit_action = self._action("退出", self.close, shortcut=QKeySequence.StandardKey.Quit)
        self.new_item_action = self._action(
            "新建事项…", self.new_item, icon_name="add", shortcut="Ctrl+N", tip="手动添加一项事项"
        )
        self.bulk_action = self._action(
            "批量设置…",
            self.bulk_assign,
            icon_name="bulk",
            shortcut="Ctrl+B",
            tip="为选中的多项事项设置单位、责任人、时限或状态",
        )
        self.delete_action = self._action(
            "删除事项…",
            self.delete_selected,
            icon_name="delete",
            shortcut=QKeySequence.StandardKey.Delete,
            tip="删除选中的事项",
        )
        self.find_action = self._action(
            "查找",
            self.focus_search,
            icon_name="search",
            shortcut=QKeySequence.StandardKey.Find,
            tip="在标题、内容、单位和人员中查找(Ctrl+F)",
        )
        self.refresh_action = self._action(
            "刷新", self.reload_all, icon_name="refresh", shortcut=QKeySequence.StandardKey.Refresh
        )
        self.units_action = self._action("单位管理…", self.manage_units, icon_name="units")
        self.people_action = self._action("人员管理…", self.manage_people, icon_name="people")
        self.settings_action = self._action("设置…", self.edit_settings, icon_name="settings")
        self.database_action = self._action(
            "数据库连接…",
            self.choose_database,
            tip="使用本机的数据库文件,或几位同事共用的数据库服务器",
        )
        self.about_action = self._action("关于督办台账", self.show_about, icon_name="about")

    def _build_ui(self) -> None:
        self.navigation = NavigationPanel(self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("查找:标题、内容、单位、责任人…(Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.status_filter = QComboBox(self)
        for label, statuses in _STATUS_FILTERS:
            self.status_filter.addItem(label, statuses)
        self.due_filter = QComboBox(self)
        for window in DueWindow:
            self.due_filter.addItem(window.label, window)
        self.shown_label = QLabel(self)
        self.shown_label.setObjectName("hint")
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.due_filter)
        filters.addWidget(self.shown_label)

        self.model = LedgerTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.setSortIndicatorShown(True)
        for index, column in enumerate(COLUMNS):
            header.resizeSection(index, column.default_width)
            self.table.setColumnHidden(index, not column.default_visible)

        self.detail = ItemDetailPanel(lambda: self.services, self.events, self.prompter, self)
        self.detail_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        table_box = QWidget(self)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(filters)
        table_layout.addWidget(self.table, 1)
        self.detail_splitter.addWidget(table_box)
        self.detail_splitter.addWidget(self.detail)
        self.detail_splitter.setSizes([1000, 380])

        self.stats = StatsView(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.detail_splitter, "台账")
        self.tabs.addTab(self.stats, icon("stats"), "统计")

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.addWidget(self.navigation)
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.setSizes([220, 1180])

        self.welcome = self._build_welcome()
        self.opening_page = QLabel("正在打开台账…", self)
        self.opening_page.setObjectName("opening")
        self.opening_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.opening_page)
        self.pages.addWidget(self.main_splitter)
        self.setCentralWidget(self.pages)

        toolbar = QToolBar("常用", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        for action in (
            self.import_action,
            self.paste_action,
            None,
            self.new_item_action,
            self.bulk_action,
            self.delete_action,
            None,
            self.units_action,
            self.settings_action,
        ):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addToolBar(toolbar)
        self.count_label = QLabel(self)
        self.db_label = QLabel(self)
        self.db_label.setObjectName("hint")
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.db_label)

    def _build_welcome(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("welcome")
        title = QLabel(f"欢迎使用{APP_NAME}", page)
        title.setObjectName("welcomeTitle")
        text = QLabel(
            "把《工作要点》《任务分解方案》导入进来,程序会自动拆出每一项任务、牵头和配合单位、"
            "完成时限。\n之后就在这里分派、登记进展和延期,逾期和临期一目了然。",
            page,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_import = QPushButton(icon("import"), "导入文件…", page)
        self.welcome_import.setObjectName("primary")
        self.welcome_sample = QPushButton("先看看示例文件", page)
        self.welcome_paste = QPushButton(icon("paste"), "粘贴文本导入…", page)
        hint = QLabel("支持 Word、WPS、Excel、PDF、文本文件;也可以把文件直接拖到窗口里。", page)
        hint.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.welcome_import, self.welcome_paste, self.welcome_sample):
            button.setMinimumHeight(40)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(16)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(24)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(hint, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(3)
        return page

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("文件(&F)")
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.paste_action)
        self.recent_menu = file_menu.addMenu("最近导入的文件")
        file_menu.addAction(self.sample_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.progress_import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.pdf_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu("编辑(&E)")
        for action in (
            self.new_item_action,
            self.bulk_action,
            self.delete_action,
            None,
            self.find_action,
            self.refresh_action,
        ):
            if action is None:
                edit_menu.addSeparator()
            else:
                edit_menu.addAction(action)
        view_menu = menu.addMenu("视图(&V)")
        self.columns_menu = view_menu.addMenu("显示的列")
        self._fill_columns_menu(self.columns_menu)
        manage_menu = menu.addMenu("管理(&M)")
        manage_menu.addAction(self.units_action)
        manage_menu.addAction(self.people_action)
        manage_menu.addSeparator()
        manage_menu.addAction(self.database_action)
        manage_menu.addAction(self.settings_action)
        help_menu = menu.addMenu("帮助(&H)")
        help_menu.addAction(self.about_action)
        self._fill_recent_menu()

    def _fill_columns_menu(self, menu: QMenu) -> None:
        menu.clear()
        for index, column in enumerate(COLUMNS):
            action = menu.addAction(column.header)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(index))
            action.toggled.connect(
                lambda checked, i=index: self.table.setColumnHidden(i, not checked)
            )

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.state.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.start_import(p))
        self.recent_menu.setEnabled(bool(recent))

    def _connect_signals(self) -> None:
        self.navigation.query_selected.connect(self._on_navigation_query_selected)
        self.navigation.delete_document_requested.connect(self._on_delete_document_requested)
        self.search_edit.textChanged.connect(self._on_filters_changed)
        self.status_filter.currentIndexChanged.connect(self._on_filters_changed)
        self.due_filter.currentIndexChanged.connect(self._on_filters_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.horizontalHeader().customContextMenuRequested.connect(
            self._on_header_context_menu
        )
        self.detail.item_saved.connect(self._on_item_saved)
        self.events.items_changed.connect(self.reload_all)
        self.events.units_changed.connect(self._reload_directory)
        self.events.settings_changed.connect(self.reload_all)
        self.events.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.welcome_import.clicked.connect(self.choose_import_file)
        self.welcome_paste.clicked.connect(self.import_pasted_text)
        self.welcome_sample.clicked.connect(self.import_sample)

    # ---- loading ----------------------------------------------------------------------------

    def reload_all(self) -> None:
        """Read everything again from the ledger."""
        current = self.detail.item_id
        rows = self.services.items.list_items()
        self.model.set_rows(rows, self.services.context.today())
        self.navigation.set_documents(self.services.documents.list_documents())
        self._reload_directory()
        self._refresh_counts()
        self.stats.show_report(self.services.reports.stats_of(rows))
        self.pages.setCurrentWidget(self.main_splitter if rows else self.welcome)
        self.detail.show_item(current if current in {r.id for r in rows} else None)
        if current is not None:
            self._select_item(current)

    def _reload_directory(self) -> None:
        units = self.services.directory.list_units()
        self.navigation.set_units(units)
        names = sorted({u.name for u in units} | {a for u in units for a in u.aliases})
        people = {p.name: p.phone for p in self.services.directory.list_people() if p.active}
        leaders = sorted({d.item.leader for d in self.model.all_rows() if d.item.leader})
        self.detail.set_directory(names, people, leaders)

    def _refresh_counts(self) -> None:
        """Recount the navigation's views (after the items changed)."""
        self._totals = counts(self.model.all_rows())
        self.navigation.set_counts(self._totals, self.services.context.warning_days())
        self._refresh_shown()

    def _refresh_shown(self) -> None:
        """Update what is shown and selected (cheap: after filtering or selecting)."""
        totals = self._totals
        days = self.services.context.warning_days()
        selected = len(self.table.selectionModel().selectedRows())
        self.shown_label.setText(f"显示 {self.model.rowCount()} 项")
        self.count_label.setText(
            f"共 {totals[View.ALL]} 项 · 逾期 {totals[View.OVERDUE]} 项 · "
            f"{days}日内到期 {totals[View.DUE_SOON]} 项 · 已办结 {totals[View.DONE]} 项"
            + (f" · 已选 {selected} 项" if selected else "")
        )

    def _current_query(self) -> LedgerQuery:
        base = self.model.query
        return LedgerQuery(
            view=base.view,
            document_id=base.document_id,
            heading_prefix=base.heading_prefix,
            unit_id=base.unit_id,
            statuses=self.status_filter.currentData(),
            due_window=self.due_filter.currentData(),
            text=self.search_edit.text(),
        )

    def _on_navigation_query_selected(self, query: LedgerQuery) -> None:
        self.model.set_query(
            LedgerQuery(
                view=query.view,
                document_id=query.document_id,
                heading_prefix=query.heading_prefix,
                unit_id=query.unit_id,
                statuses=self.status_filter.currentData(),
                due_window=self.due_filter.currentData(),
                text=self.search_edit.text(),
            )
        )
        self.tabs.setCurrentIndex(0)
        self._refresh_shown()

    def _on_filters_changed(self, *_args: object) -> None:
        self.model.set_query(self._current_query())
        self._refresh_shown()

    # ---- selection and editing --------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The items selected in the table, top to bottom."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.item_at(row).id for row in rows]

    def _select_item(self, item_id: int) -> None:
        row = self.model.row_of(item_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _on_selection_changed(self, *_args: object) -> None:
        ids = self.selected_ids()
        self.bulk_action.setEnabled(bool(ids))
        self.delete_action.setEnabled(bool(ids))
        if len(ids) == 1 and ids[0] != self.detail.item_id:
            self.detail.show_item(ids[0])
        self._refresh_shown()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self.detail.show_item(self.model.item_at(index.row()).id)
        self.detail.tabs.setCurrentIndex(0)
        self.detail.title_edit.setFocus()

    def _on_item_saved(self, row: ItemRow) -> None:
        self.model.update_rows([row])
        self._refresh_counts()
        self.stats.show_report(self.services.reports.stats_of(self.model.all_items()))
        self._select_item(row.id)

    def _on_table_context_menu(self, position: QPoint) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        menu.addAction(self.bulk_action)
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _on_header_context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        self._fill_columns_menu(menu)
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))

    def bulk_assign(self) -> None:
        """Set units, person, leader, due date or status for every selected item."""
        ids = self.selected_ids()
        if not ids:
            return
        units = self.services.directory.list_units()
        names = sorted({u.name for u in units})
        people = sorted({p.name for p in self.services.directory.list_people()})
        leaders = sorted({d.item.leader for d in self.model.all_rows() if d.item.leader})
        dialog = BulkAssignDialog(self, len(ids), names, people, leaders)
        if not self.prompter.run_dialog(dialog):
            return
        changes = dialog.value()
        try:
            rows = self.services.items.update_items(ids, changes)
        except UserError as error:
            self.prompter.error(self, str(error))
            return
        self.model.update_rows(rows)
        self._reload_directory()
        self._refresh_counts()
        self.stats.show_report(self.services.reports.stats_of(self.model.all_items()))
        if self.detail.item_id in ids:
            self.detail.show_item(self.detail.item_id)
        self.statusBar().showMessage(f"已更新 {len(rows)} 项。", 5000)

    def delete_selected(self) -> None:
        """Delete the selected items after asking."""
        ids = self.selected_ids()
        if not ids:
            return
        titles = "\n".join(
            f"· {self.model.item_at(self.model.row_of(i) or 0).title}" for i in ids[:5]
        )
        more = f"\n…等共 {len(ids)} 项" if len(ids) > 5 else ""
        if not self.prompter.confirm(
            self,
            f"确定删除以下事项及其全部进展和延期记录?\n{titles}{more}\n\n删除后可从备份中恢复。",
        ):
            return
        try:
            self.services.items.delete_items(ids)
        except UserError as error:
            self.prompter.error(self, str(error))
            return
        self.model.remove_ids(ids)
        self.detail.show_item(None)
        self.reload_all()
        self.statusBar().showMessage(f"已删除 {len(ids)} 项。", 5000)

    def new_item(self) -> None:
        """Add an item by hand."""
        names = sorted(u.name for u in self.services.directory.list_units())
        dialog = NewItemDialog(self, names)
        if not self.prompter.run_dialog(dialog):
            return
        try:
            row = self.services.items.create_item(
                dialog.title_edit.text(),
                content=dialog.content_edit.toPlainText(),
                lead_units=dialog.lead_edit.names(),
                support_units=dialog.support_edit.names(),
                due_date=dialog.due_edit.value(),
            )
        except UserError as error:
            self.prompter.error(self, str(error))
            return
        self.reload_all()
        self._select_item(row.id)

    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.tabs.setCurrentIndex(0)
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # ---- importing --------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        """Ask for a file and import it."""
        path = self.prompter.open_file(
            self, "导入文件", IMPORT_FILTERS, self.state.text("last_folder")
        )
        if path is not None:
            self.state.set_text("last_folder", str(path.parent))
            self.start_import(path)

    def import_sample(self) -> None:
        """Import the bundled sample document."""
        self.start_import(data_path(SAMPLE_DOCUMENT), remember=False)

    def import_pasted_text(self) -> None:
        """Import text the clerk pastes."""
        dialog = PasteTextDialog(self)
        if not self.prompter.run_dialog(dialog):
            return
        text = dialog.value()
        if not text.strip():
            self.prompter.error(self, "没有粘贴任何文字。")
            return
        known = self.services.imports.known_unit_names()
        self._parse_then_review(
            lambda: self.services.imports.parse_text(text, "粘贴的文字", known), "粘贴的文字"
        )

    def start_import(self, path: Path, *, remember: bool = True) -> None:
        """Parse a file off the UI thread, then show the review."""
        if remember:
            self.state.add_recent_file(path)
            self._fill_recent_menu()
        known = self.services.imports.known_unit_names()
        self._parse_then_review(lambda: self.services.imports.parse_file(path, known), path.name)

    def _parse_then_review(self, job: Callable[[], ParseResult], name: str) -> None:
        self.run_in_background(lambda _progress: job(), f"正在读取“{name}”…", self._review)

    # ---- background work --------------------------------------------------------------------

    def run_in_background(
        self,
        job: Callable[[Callable[[int, int], None]], object],
        message: str,
        on_done: Callable[[Any], None],
    ) -> None:
        """Run ``job`` off the UI thread with a progress dialog; ``on_done`` gets its result.

        The job receives a progress callback (done, total). The window stays responsive; user
        errors become a message, anything else reaches the exception hook.
        """
        if self._job is not None:
            self.statusBar().showMessage("上一项工作尚未完成,请稍候。", 5000)
            return
        progress = QProgressDialog(message, "", 0, 0, self)
        progress.setWindowTitle(APP_NAME)
        progress.setCancelButton(None)
        progress.setMinimumDuration(400)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        thread = QThread(self)
        worker = JobWorker(job)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Bound slots of the window: they run on the UI thread, whatever thread emits.
        worker.progressed.connect(self._on_job_progressed)
        worker.finished.connect(self._on_job_finished)
        worker.failed.connect(self._on_job_failed)
        worker.crashed.connect(self._on_job_crashed)
        self._job = _Job(thread, worker, progress, on_done)
        for action in self._busy_actions():
            action.setEnabled(False)
        thread.start()

    def _busy_actions(self) -> list[QAction]:
        return [
            self.import_action,
            self.paste_action,
            self.sample_action,
            self.export_action,
            self.progress_import_action,
        ]

    def _end_job(self) -> Callable[[Any], None] | None:
        job, self._job = self._job, None
        if job is None:
            return None
        job.progress.close()
        job.thread.quit()
        job.thread.wait()
        job.worker.deleteLater()
        job.thread.deleteLater()
        for action in self._busy_actions():
            action.setEnabled(True)
        return job.on_done

    @Slot(int, int)
    def _on_job_progressed(self, done: int, total: int) -> None:
        if self._job is not None and total:
            self._job.progress.setMaximum(total)
            self._job.progress.setValue(min(done, total))

    @Slot(object)
    def _on_job_finished(self, result: object) -> None:
        self._export_retry = None
        on_done = self._end_job()
        if on_done is not None:
            on_done(result)

    @Slot(str)
    def _on_job_failed(self, message: str) -> None:
        self._end_job()
        retry, self._export_retry = self._export_retry, None
        if retry is not None:
            retry(message)
        else:
            self.prompter.error(self, message)

    @Slot(object)
    def _on_job_crashed(self, error: BaseException) -> None:
        self._end_job()
        raise error

    def _review(self, result: ParseResult) -> None:
        if result.item_count == 0:
            self.prompter.error(
                self,
                f"“{result.source_name}”中没有找到带编号的工作任务。\n"
                "请确认选择了正确的文件;如果文字是从网页复制的,可以试试“粘贴文本导入”。",
            )
            return
        from tracker.views.import_review import ImportReviewDialog

        duplicates = self.services.imports.duplicates(result)
        dialog = ImportReviewDialog(self, result, self.services.directory.name_index(), duplicates)
        if not self.prompter.run_dialog(dialog):
            return
        reviewed = dialog.value()
        try:
            report = self.services.imports.store(
                reviewed.result, file_name=result.source_name, aliases=reviewed.aliases
            )
        except UserError as error:
            self.prompter.error(self, str(error))
            return
        self.reload_all()
        self.navigation.select_all_items()
        lines = [f"已导入 {report.items_created} 项事项。"]
        if report.duplicates:
            lines.append("已跳过此前导入过的文件:" + "、".join(report.duplicates))
        if report.new_units:
            lines.append(
                f"新增 {len(report.new_units)} 个单位,可在“单位管理”中核对:"
                + "、".join(report.new_units[:10])
                + ("…" if len(report.new_units) > 10 else "")
            )
        self.prompter.info(self, "\n".join(lines))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept files dragged onto the window."""
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Import the first file dropped onto the window."""
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.start_import(files[0]))

    # ---- exporting and printing -------------------------------------------------------------

    def export_ledger(self) -> None:
        """Choose what to export, where to, then write the workbook(s) in the background."""
        if not self.model.all_rows():
            self.prompter.error(self, "台账中还没有事项,请先导入文件。")
            return
        exports = self.services.exports
        dialog = ExportDialog(
            self,
            exports.default_options(),
            self.model.rowCount(),
            len(self.model.all_rows()),
            self.state.strings("export_columns"),
        )
        if not self.prompter.run_dialog(dialog):
            return
        choice = dialog.value()
        self.state.set_strings("export_columns", list(choice.options.columns))
        rows = (
            self.model.visible_items()
            if choice.only_shown
            else [d.item for d in sorted(self.model.all_rows(), key=lambda d: d.sort_keys[0])]
        )
        if not rows:
            self.prompter.error(self, "当前没有显示任何事项。")
            return
        if choice.split == "files":
            target = self.prompter.choose_folder(
                self, "选择保存各单位台账的文件夹", self.state.text("export_folder")
            )
        else:
            suggested = str(
                Path(self.state.text("export_folder") or Path.home())
                / f"{safe_file_name(choice.options.title)}.xlsx"
            )
            target = self.prompter.save_file(
                self, "导出督办台账", "Excel 工作簿 (*.xlsx)", suggested
            )
            if target is not None and target.suffix.lower() != ".xlsx":
                target = target.with_suffix(".xlsx")
        if target is None:
            return
        self.state.set_text(
            "export_folder", str(target if choice.split == "files" else target.parent)
        )
        data = exports.gather(rows, with_history=choice.options.all_progress)
        self._write_export(target, data, choice)

    def _write_export(self, target: Path, data: LedgerData, choice: ExportChoice) -> None:
        from tracker.services.export_service import write_files

        def job(progress: Callable[[int, int], None]) -> list[Path]:
            return write_files(target, data, choice.options, split=choice.split, progress=progress)

        def done(files: list[Path]) -> None:
            where = files[0] if len(files) == 1 else target
            self.prompter.info(
                self,
                f"已导出 {len(data.rows)} 项到:\n{where}"
                + (f"\n(共 {len(files)} 个文件)" if len(files) > 1 else ""),
            )

        def failed(message: str) -> None:
            self._export_failed(message, target, data, choice)

        self._export_retry = failed
        self.run_in_background(job, f"正在导出 {len(data.rows)} 项…", done)

    def _export_failed(
        self, message: str, target: Path, data: LedgerData, choice: ExportChoice
    ) -> None:
        answer = self.prompter.ask(self, message, ["重试", "另存为…"])
        if answer == "重试":
            self._write_export(target, data, choice)
        elif answer == "另存为…":
            other = self.prompter.save_file(self, "另存为", "Excel 工作簿 (*.xlsx)", str(target))
            if other is not None:
                self._write_export(other, data, choice)

    def import_progress(self) -> None:
        """Read a sheet a unit filled in, show the changes, record them on confirm."""
        path = self.prompter.open_file(
            self, "导入单位填报的进展", "Excel 工作簿 (*.xlsx)", self.state.text("export_folder")
        )
        if path is None:
            return
        service = self.services.progress_imports
        self.run_in_background(
            lambda _progress: service.preview(path),
            f"正在读取“{path.name}”…",
            self._review_progress,
        )

    def _review_progress(self, plan: ProgressPlan) -> None:
        if not plan.changes and not plan.unmatched:
            again = f"(其中 {plan.repeated} 行已在之前导入过)" if plan.repeated else ""
            self.prompter.info(self, f"“{plan.source}”中没有新的进展或状态变化{again}。")
            return
        dialog = ProgressReviewDialog(self, plan)
        if not self.prompter.run_dialog(dialog) or not plan.changes:
            return
        try:
            report = self.services.progress_imports.apply(plan)
        except UserError as error:
            self.prompter.error(self, str(error))
            return
        self.reload_all()
        lines = [f"已记入 {report.entries_added} 条进展,修改 {report.statuses_changed} 项状态。"]
        if report.repeated:
            lines.append(f"{report.repeated} 条进展已在之前导入过,未重复记入。")
        lines += [f"未采用:{line}" for line in report.skipped_conflicts]
        self.prompter.info(self, "\n".join(lines))

    def _checklist(self) -> Checklist | None:
        rows = self.model.visible_items()
        if not rows:
            self.prompter.error(self, "当前没有显示任何事项,无法生成督查清单。")
            return None
        return Checklist(
            title=self.services.exports.checklist_title(),
            as_of=self.services.context.today(),
            rows=rows,
        )

    def print_checklist(self) -> None:
        """Print preview of the checklist of the items shown (Ctrl+P)."""
        checklist = self._checklist()
        if checklist is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_page(printer)
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle("打印预览 — 督查清单")
        preview.paintRequested.connect(lambda device: paint(device, checklist))
        preview.resize(1100, 800)
        self.prompter.run_dialog(preview)

    def export_checklist_pdf(self) -> None:
        """Save the checklist of the items shown as a PDF."""
        checklist = self._checklist()
        if checklist is None:
            return
        suggested = str(
            Path(self.state.text("export_folder") or Path.home())
            / f"{safe_file_name(checklist.title)}.pdf"
        )
        target = self.prompter.save_file(self, "督查清单导出为 PDF", "PDF 文件 (*.pdf)", suggested)
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            export_pdf(target, checklist)
        except UserError as error:
            self.prompter.error(self, str(error))
            return
        self.prompter.info(self, f"已保存督查清单:\n{target}")

    # ---- documents, directory, settings -----------------------------------------------------

    def _on_delete_document_requested(self, document_id: int) -> None:
        document = next(
            (d for d in self.services.documents.list_documents() if d.id == document_id), None
        )
        if document is None:
            return
        if not self.prompter.confirm(
            self,
            f"确定删除来源文件“{document.title}”及其 {document.item_count} 项事项"
            "(含进展和延期记录)?\n删除前会自动备份。",
        ):
            return
        try:
            if self.services.db.sqlite_file is not None:
                self.services.backups.backup(reason="manual")
            self.services.documents.delete_document(document_id)
        except UserError as error:
            self.prompter.error(self, str(error))
            return
        self.navigation.select_all_items()
        self.reload_all()

    def manage_units(self) -> None:
        """Open 单位管理."""
        UnitsDialog(self, self.services, self.events, self.prompter).exec()

    def manage_people(self) -> None:
        """Open 人员管理."""
        PeopleDialog(self, self.services, self.events, self.prompter).exec()

    def edit_settings(self) -> None:
        """Open 设置 and apply what is saved."""
        settings = load_settings(self.paths.settings_file)
        dialog = SettingsDialog(
            self, settings, str(self.paths.default_backups_dir), self.prompter.choose_folder
        )
        if not self.prompter.run_dialog(dialog):
            return
        try:
            save_settings(self.paths.settings_file, dialog.value())
        except (UserError, OSError) as error:
            self.prompter.error(self, f"设置未能保存:{error}")
            return
        self.events.settings_changed.emit()
        self.statusBar().showMessage("设置已保存。", 5000)

    def choose_database(self) -> None:
        """Open 数据库连接; switch to the chosen ledger once it opens, then remember it."""
        from tracker.app import open_services

        settings = load_settings(self.paths.settings_file)
        dialog = DatabaseDialog(
            self, settings.database, self.paths.db_file, overridden=self.location_fixed
        )
        if not self.prompter.run_dialog(dialog):
            return
        chosen = dialog.value()
        if chosen == settings.database and not self.location_fixed:
            return
        if self.location_fixed:
            self._save_database_setting(settings, chosen)
            self.prompter.info(self, "已保存。不带 --db 参数和 TRACKER_DB 环境变量启动时生效。")
            return
        location = chosen or str(self.paths.db_file)

        def open_chosen(_progress: Callable[[int, int], None]) -> Services:
            try:
                return open_services(location, self.paths, self.paths.settings_file)
            except UserError as error:
                raise DatabaseError(
                    f"没有切换,仍在使用原来的台账。\n\n{error.message}", hint=error.hint
                ) from error

        def switch(services: Services) -> None:
            if not self._save_database_setting(settings, chosen):
                services.db.dispose()
                return
            previous = self._services
            self.attach(services)
            if previous is not None:
                previous.db.dispose()
            self.statusBar().showMessage(f"已切换到:{services.db.describe()}", 8000)

        # A server that does not answer takes the connect timeout: off the UI thread.
        self.run_in_background(open_chosen, "正在打开台账…", switch)

    def _save_database_setting(self, settings: Settings, chosen: str) -> bool:
        try:
            save_settings(self.paths.settings_file, replace(settings, database=chosen))
        except (UserError, OSError) as error:
            self.prompter.error(self, f"设置未能保存:{error}")
            return False
        return True

    def manage_backups(self) -> None:
        """Open 备份与恢复; reload everything if a backup was restored."""
        if self.services.db.sqlite_file is None:
            self.prompter.info(self, "共享数据库(服务器)的备份由服务器管理员负责。")
            return
        dialog = BackupsDialog(self, self.services, self.prompter)
        dialog.exec()
        if dialog.restored:
            self.reload_all()

    def bring_to_front(self) -> None:
        """Another start of the program asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def show_about(self) -> None:
        """The About box."""
        self.prompter.info(
            self,
            f"{APP_NAME} {__version__}\n\n把政策文件变成督办台账:导入、分派、登记进展、"
            f"统计。\n\n数据保存在:{self.services.db.describe()}\n日志:{self.paths.log_file}",
            title=f"关于{APP_NAME}",
        )

    # ---- window state -----------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.state.bytes("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        header = self.state.bytes("table_header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        for key, splitter in (
            ("main_splitter", self.main_splitter),
            ("detail_splitter", self.detail_splitter),
        ):
            saved = self.state.bytes(key)
            if saved is not None:
                splitter.restoreState(saved)
        self._fill_columns_menu(self.columns_menu)

    def save_state(self) -> None:
        """Remember geometry, splitters and the table layout."""
        self.state.set_bytes("geometry", self.saveGeometry())
        self.state.set_bytes("table_header", self.table.horizontalHeader().saveState())
        self.state.set_bytes("main_splitter", self.main_splitter.saveState())
        self.state.set_bytes("detail_splitter", self.detail_splitter.saveState())
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout and let running parses finish."""
        self.save_state()
        if self._job is not None:
            self._job.thread.wait(30000)
            self._end_job()
        super().closeEvent(event)
