"""The main window, a shell: actions, menus, layout, loading, selection and window state.

What the clerk does from it lives in one module per flow (``tracker/views/flows``): importing,
exporting and printing, reading back progress, acting on items, and the ledger itself.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tracker import APP_NAME, __version__
from tracker.dto import ItemRow
from tracker.exporting.ledger_spec import document_heading
from tracker.paths import AppPaths
from tracker.views.background import BackgroundRunner
from tracker.views.events import AppEvents
from tracker.views.flows import FlowContext
from tracker.views.flows.cycle import CycleFlow
from tracker.views.flows.exporting import ExportFlow
from tracker.views.flows.importing import ImportFlow
from tracker.views.flows.items import ItemActions
from tracker.views.flows.ledger import LedgerFlow
from tracker.views.flows.progress import ProgressImportFlow
from tracker.views.item_detail import ItemDetailPanel
from tracker.views.ledger_model import LedgerTableModel
from tracker.views.ledger_rows import COLUMNS, LedgerQuery, View, counts
from tracker.views.ledger_table import FilterBar, LedgerTableView
from tracker.views.navigation import NavigationPanel
from tracker.views.prompter import Prompter
from tracker.views.rounds_view import RoundsView
from tracker.views.stats_view import StatsView
from tracker.views.welcome import WelcomePage, icon
from tracker.views.widgets import detail_width
from tracker.views.window_actions import WindowActions
from tracker.views.window_state import WindowState

if TYPE_CHECKING:
    from tracker.services.bundle import Services
    from tracker.services.opening import LedgerOpener

log = logging.getLogger(__name__)
# A layout saved with other columns would put today's columns in the wrong places.
_HEADER_KEY = f"table_header_{len(COLUMNS)}"


class MainWindow(QMainWindow):
    """The ledger a clerk works in all day."""

    def __init__(
        self,
        services: Services | None,
        paths: AppPaths,
        *,
        prompter: Prompter | None = None,
        state: WindowState | None = None,
        opener: LedgerOpener | None = None,
    ) -> None:
        """Build the window; without ``services`` it shows "正在打开台账" until :meth:`attach`.

        The program shows its window first and opens the ledger after the first paint, so a
        clerk sees it at once even on a slow office PC. ``opener`` opens another ledger when
        the clerk switches (数据库连接).
        """
        super().__init__()
        self._services = services
        self.paths = paths
        self.prompter = prompter or Prompter()
        self.state = state or WindowState(paths.config_dir / "window.ini")
        self.events = AppEvents(self)
        self.runner = BackgroundRunner(self, lambda message: self.prompter.error(self, message))
        context = FlowContext(
            parent=self,
            host=self,
            services=lambda: self.services,
            prompter=self.prompter,
            runner=self.runner,
            events=self.events,
            state=self.state,
            paths=paths,
            opener=opener,
        )
        self.imports = ImportFlow(context)
        self.exports = ExportFlow(context)
        self.progress_imports = ProgressImportFlow(context)
        self.item_actions = ItemActions(context)
        self.ledger = LedgerFlow(context)
        self.cycle = CycleFlow(context)
        self._totals: dict[View, int] = dict.fromkeys(View, 0)
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self._fit_to_screen()
        self.commands = WindowActions(
            self,
            imports=self.imports,
            exports=self.exports,
            progress=self.progress_imports,
            items=self.item_actions,
            ledger=self.ledger,
            cycle=self.cycle,
            find=self.focus_search,
            refresh=self.reload_all,
        )
        self._build_ui()
        self.commands.fill_menus(self.menuBar(), self.table)
        self.commands.fill_recent_menu(self.state)
        self._connect_signals()
        self._restore_state()
        self._waiting_actions: list[QAction] = []
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

    @property
    def location_fixed(self) -> bool:
        """Whether --db or TRACKER_DB chose the ledger (then the setting does not apply)."""
        return self.ledger.location_fixed

    @location_fixed.setter
    def location_fixed(self, fixed: bool) -> None:
        self.ledger.location_fixed = fixed

    def attach(self, services: Services) -> None:
        """Work on the ledger of ``services``: enable the actions and load the items."""
        self._services = services
        self.db_label.setText(services.db.describe())
        for action in self._waiting_actions:
            action.setEnabled(True)
        self._waiting_actions = []
        self.reload_all()

    def switch_to(self, services: Services) -> None:
        """Work on another ledger from now on, closing the previous one."""
        previous = self._services
        self.attach(services)
        if previous is not None:
            previous.db.dispose()

    # The flows' shortcuts that scripts and tests use.
    def start_import(self, path: Path, *, remember: bool = True) -> None:
        """Parse a file off the UI thread, then show the review."""
        self.imports.start_import(path, remember=remember)

    def import_sample(self) -> None:
        """Import the bundled sample document."""
        self.imports.import_sample()

    def choose_database(self) -> None:
        """Open 数据库连接."""
        self.ledger.choose_database()

    def _show_opening(self) -> None:
        """Until the ledger is open: a note in place of the table, every ledger action off."""
        self.pages.setCurrentWidget(self.opening_page)
        self.db_label.setText("正在打开台账…")
        keep = self.commands.always_available
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
        if screen.width() <= 1440:  # a laptop screen: every pixel counts
            self.setGeometry(screen)
            return
        self.resize(min(1600, int(screen.width() * 0.94)), min(1000, int(screen.height() * 0.92)))
        self.move(screen.center() - self.rect().center())

    def _build_ui(self) -> None:
        self.navigation = NavigationPanel(self)
        self.filter_bar = FilterBar(self)
        self.search_edit = self.filter_bar.search_edit
        self.status_filter = self.filter_bar.status_filter
        self.due_filter = self.filter_bar.due_filter
        self.shown_label = self.filter_bar.shown_label
        self.model = LedgerTableModel(self)
        self.table = LedgerTableView(self.model, self)

        self.detail = ItemDetailPanel(lambda: self.services, self.events, self.prompter, self)
        self.detail_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        table_box = QWidget(self)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.filter_bar)
        table_layout.addWidget(self.table, 1)
        self.detail_splitter.addWidget(table_box)
        self.detail_splitter.addWidget(self.detail)
        self.detail_splitter.setStretchFactor(0, 1)  # the detail keeps its width, empty or not
        self.detail_splitter.setCollapsible(0, False)
        self.detail_splitter.setSizes([1000, detail_width(self.width())])

        self.stats = StatsView(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.detail_splitter, "台账")
        self.tabs.addTab(self.stats, icon("stats"), "统计")
        self.rounds_view = RoundsView(self)
        self.tabs.addTab(self.rounds_view, "调度")
        self.cycle.attach(self.rounds_view, self.navigation)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.addWidget(self.navigation)
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setCollapsible(1, False)
        self.main_splitter.setSizes([200, 1180])

        self.welcome = WelcomePage(self)
        self.welcome_import = self.welcome.import_button
        self.welcome_paste = self.welcome.paste_button
        self.welcome_sample = self.welcome.sample_button
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
        self.commands.fill_toolbar(toolbar)
        self.addToolBar(toolbar)
        self.count_label = QLabel(self)
        self.db_label = QLabel(self)
        self.db_label.setObjectName("hint")
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.db_label)

    def _connect_signals(self) -> None:
        self.navigation.query_selected.connect(self._on_navigation_query_selected)
        self.navigation.round_selected.connect(self._on_round_selected)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.navigation.delete_document_requested.connect(self.item_actions.delete_document)
        self.filter_bar.changed.connect(self._on_filters_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.detail.item_saved.connect(self._on_item_saved)
        self.commands.grouping_action.toggled.connect(self.model.set_grouping)
        self.events.items_changed.connect(self.reload_all)
        self.events.units_changed.connect(self._reload_directory)
        self.events.settings_changed.connect(self.reload_all)
        self.events.status_message.connect(self.show_status)
        self.runner.refused.connect(self.show_status)
        self.runner.busy_changed.connect(self._on_runner_busy_changed)
        self.welcome_import.clicked.connect(self.imports.choose_file)
        self.welcome_paste.clicked.connect(self.imports.import_pasted_text)
        self.welcome_sample.clicked.connect(self.imports.import_sample)

    # ---- loading ----------------------------------------------------------------------------

    def reload_all(self) -> None:
        """Read everything again from the ledger."""
        current = self.detail.item_id
        rows = self.services.items.list_items()
        documents = self.services.documents.list_documents()
        self.model.set_documents({d.id: document_heading(d) for d in documents})
        self.model.set_rows(rows, self.services.context.today())
        self.navigation.set_documents(documents)
        self._reload_directory()
        self._refresh_counts()
        self._refresh_stats()
        self.cycle.refresh()
        self.pages.setCurrentWidget(self.main_splitter if rows else self.welcome)
        self._keep_detail_shown(current, reload=True)

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
        self.shown_label.setText(f"显示 {self.model.shown_count()} 项")
        self.count_label.setText(
            f"共 {totals[View.ALL]} 项 · 逾期 {totals[View.OVERDUE]} 项 · "
            f"{days}日内到期 {totals[View.DUE_SOON]} 项 · 已办结 {totals[View.DONE]} 项"
            + (f" · 已选 {selected} 项" if selected else "")
        )

    def _on_navigation_query_selected(self, query: LedgerQuery) -> None:
        self._filter(self.filter_bar.applied_to(query))
        self.tabs.setCurrentIndex(0)

    def _on_round_selected(self, round_id: int) -> None:
        self.tabs.setCurrentWidget(self.rounds_view)
        self.cycle.refresh(round_id)

    def _on_tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.rounds_view:
            self.cycle.refresh()

    def _on_filters_changed(self) -> None:
        self._filter(self.filter_bar.applied_to(self.model.query))

    def _filter(self, query: LedgerQuery) -> None:
        current = self.detail.item_id
        self.model.set_query(query)
        self._keep_detail_shown(current)
        self._refresh_shown()
        self._refresh_stats()

    def _refresh_stats(self) -> None:
        """The 统计 tab counts what the table shows (a document, a unit, a filter)."""
        shown, everything = self.model.visible_items(), len(self.model.all_rows())
        scope = "全部事项" if len(shown) == everything else f"当前显示的 {len(shown)} 项"
        self.stats.show_report(self.services.reports.stats_of(shown), scope)

    def _keep_detail_shown(self, item_id: int | None, *, reload: bool = False) -> None:
        """Keep showing and selecting an item the table still shows; never one it hides."""
        shown = item_id is not None and self.model.row_of(item_id) is not None
        if reload or not shown:
            self.detail.show_item(item_id if shown else None)
        if shown and item_id is not None:
            self.select_item(item_id)

    # ---- selection and editing --------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The items selected in the table, top to bottom."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.item_at(row).id for row in rows]

    def select_item(self, item_id: int) -> None:
        """Select and show one item."""
        row = self.model.row_of(item_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _on_selection_changed(self, *_args: object) -> None:
        ids = self.selected_ids()
        for action in self.commands.need_a_selection:
            action.setEnabled(bool(ids))
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
        self._refresh_stats()
        self.select_item(row.id)

    def _on_table_context_menu(self, position: QPoint) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        menu.addAction(self.commands.bulk_action)
        menu.addAction(self.commands.remind_action)
        menu.addAction(self.commands.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def rows_updated(self, rows: Sequence[ItemRow]) -> None:
        """Show changed rows without reading the whole ledger again."""
        self.model.update_rows(list(rows))
        self._reload_directory()
        self._refresh_counts()
        self._refresh_stats()
        changed = {row.id for row in rows}
        if self.detail.item_id in changed:
            self.detail.show_item(self.detail.item_id)

    def show_all_items(self) -> None:
        """Show every item (after an import or a removed document)."""
        self.navigation.select_all_items()

    def show_status(self, text: str) -> None:
        """A short message in the status bar."""
        self.statusBar().showMessage(text, 8000)

    def recent_files_changed(self) -> None:
        """The list of recently imported files changed."""
        self.commands.fill_recent_menu(self.state)

    def _on_runner_busy_changed(self, busy: bool) -> None:
        for action in self.commands.background_sensitive:
            action.setEnabled(not busy)

    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.tabs.setCurrentIndex(0)
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept files dragged onto the window."""
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Files dropped: returned fill-in workbooks are received, else the first is imported."""
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not files:
            return
        event.acceptProposedAction()
        if self._services is not None and self.cycle.are_returned_files(files):
            QTimer.singleShot(0, lambda: self.cycle.receive_files(files))
        else:
            QTimer.singleShot(0, lambda: self.imports.start_import(files[0]))

    def bring_to_front(self) -> None:
        """Another start of the program asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # ---- window state -----------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.state.bytes("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        header = self.state.bytes(_HEADER_KEY)
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
            self.table.remember_widths()
        for key, splitter in (
            ("main_splitter", self.main_splitter),
            ("detail_splitter", self.detail_splitter),
        ):
            saved = self.state.bytes(key)
            if saved is not None:
                splitter.restoreState(saved)
        self.table.fill_columns_menu(self.commands.columns_menu)

    def save_state(self) -> None:
        """Remember geometry, splitters and the table layout."""
        self.state.set_bytes("geometry", self.saveGeometry())
        self.state.set_bytes(_HEADER_KEY, self.table.horizontalHeader().saveState())
        self.state.set_bytes("main_splitter", self.main_splitter.saveState())
        self.state.set_bytes("detail_splitter", self.detail_splitter.saveState())
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout and let running parses finish."""
        self.save_state()
        self.runner.wait()
        super().closeEvent(event)
