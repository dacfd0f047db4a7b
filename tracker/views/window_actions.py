"""The window's actions, made once, and the menus and toolbar that show them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QToolBar

from tracker.views.welcome import icon

if TYPE_CHECKING:
    from tracker.views.flows.cycle import CycleFlow
    from tracker.views.flows.exporting import ExportFlow
    from tracker.views.flows.importing import ImportFlow
    from tracker.views.flows.items import ItemActions
    from tracker.views.flows.ledger import LedgerFlow
    from tracker.views.flows.progress import ProgressImportFlow
    from tracker.views.ledger_table import LedgerTableView
    from tracker.views.window_state import WindowState


class WindowActions:
    """Every command of the window as a QAction: the menus, the toolbar and shortcuts share them.

    The flows carry the work; ``window_slots`` are the shell's own (close, find, refresh).
    """

    def __init__(
        self,
        window: QMainWindow,
        *,
        imports: ImportFlow,
        exports: ExportFlow,
        progress: ProgressImportFlow,
        items: ItemActions,
        ledger: LedgerFlow,
        cycle: CycleFlow,
        find: Callable[[], object],
        refresh: Callable[[], object],
    ) -> None:
        self._window = window
        self._imports = imports
        act, key = self._action, QKeySequence.StandardKey
        self.import_action = act(
            "导入文件…", imports.choose_file, "import", "Ctrl+I",
            "导入工作要点、任务分解等文件(Ctrl+I)",
        )  # fmt: skip
        self.paste_action = act(
            "粘贴文本导入…", imports.import_pasted_text, "paste", "Ctrl+Shift+V",
            "把网页或邮件中的文字粘贴后导入",
        )  # fmt: skip
        self.sample_action = act(
            "导入示例文件", imports.import_sample, tip="导入程序自带的示例《工作要点》"
        )
        self.export_action = act(
            "导出台账(Excel)…", exports.export_ledger, "export", "Ctrl+E",
            "把台账导出为可直接打印的 Excel 表格(Ctrl+E)",
        )  # fmt: skip
        self.progress_import_action = act(
            "导入单位填报的进展…", progress.import_progress, "progress-import",
            tip="读入单位填写后返回的台账表格,把进展记为新的进展记录",
        )  # fmt: skip
        self.print_action = act(
            "打印督查清单…", exports.print_checklist, "print", key.Print,
            "打印当前显示事项的督查清单(Ctrl+P)",
        )  # fmt: skip
        self.pdf_action = act(
            "督查清单导出为 PDF…", exports.export_checklist_pdf,
            tip="把当前显示事项的督查清单保存为 PDF",
        )  # fmt: skip
        self.backup_action = act(
            "备份与恢复…", ledger.manage_backups, "backup", tip="立即备份,或从备份恢复台账"
        )
        self.quit_action = act("退出", window.close, shortcut=key.Quit)
        self.new_item_action = act("新建事项…", items.new_item, "add", "Ctrl+N", "手动添加一项事项")
        self.bulk_action = act(
            "批量设置…", items.bulk_assign, "bulk", "Ctrl+B",
            "为选中的多项事项设置单位、责任人、时限或状态",
        )  # fmt: skip
        self.delete_action = act(
            "删除事项…", items.delete_selected, "delete", key.Delete, "删除选中的事项"
        )
        self.find_action = act(
            "查找", find, "search", key.Find, "在标题、内容、单位和人员中查找(Ctrl+F)"
        )
        self.refresh_action = act("刷新", refresh, "refresh", key.Refresh)
        self.grouping_action = QAction("按文件和标题分组", window)
        self.grouping_action.setCheckable(True)
        self.grouping_action.setChecked(True)
        self.grouping_action.setStatusTip(
            "按序号排列时,在事项上方显示所属文件和标题行,与导出的台账一致"
        )
        self.new_round_action = act(
            "新建调度…", cycle.create_round,
            tip="为各单位生成本轮填报表(已填好上次的进展)和发送清单",
        )  # fmt: skip
        self.receive_action = act(
            "收回填报文件…", lambda: cycle.receive_files(),
            tip="读入各单位发回的填报表(可一次选多个,也可直接拖到窗口里)",
        )  # fmt: skip
        self.remind_action = act(
            "催办选中事项…", cycle.remind_selected, tip="记录一次电话、书面、当面或会议催办"
        )
        self.sheets_action = act(
            "督办单…", lambda: cycle.write_sheets(cycle.current_round()),
            tip="为有逾期、临期或迟报事项的单位生成督办单(Word)",
        )  # fmt: skip
        self.notice_action = act(
            "通报…", lambda: cycle.write_notice(cycle.current_round()),
            tip="生成推进情况通报初稿(Word),数字与统计一致",
        )  # fmt: skip
        self.meeting_pack_action = act(
            "会议材料…", cycle.meeting_pack,
            tip="台账、通报、督办单和督查清单,一次生成到一个文件夹",
        )  # fmt: skip
        self.templates_action = act(
            "修改督办单和通报的模板…", cycle.copy_templates,
            tip="把 Word 模板复制到数据文件夹,在 Word 中修改后即按新模板生成",
        )  # fmt: skip
        for needs_a_selection in (self.bulk_action, self.delete_action, self.remind_action):
            needs_a_selection.setEnabled(False)
        self.units_action = act("单位管理…", ledger.manage_units, "units")
        self.people_action = act("人员管理…", ledger.manage_people, "people")
        self.settings_action = act("设置…", ledger.edit_settings, "settings")
        self.database_action = act(
            "数据库连接…", ledger.choose_database,
            tip="使用本机的数据库文件,或几位同事共用的数据库服务器",
        )  # fmt: skip
        self.guide_action = act("使用说明", ledger.show_guide, shortcut=key.HelpContents)
        self.about_action = act("关于督办台账", ledger.show_about, "about")
        self.recent_menu = QMenu("最近导入的文件", window)
        self.columns_menu = QMenu("显示的列", window)

    @property
    def need_a_selection(self) -> tuple[QAction, ...]:
        """What acts on the selected tasks."""
        return (self.bulk_action, self.delete_action, self.remind_action)

    @property
    def always_available(self) -> set[QAction]:
        """What works before a ledger is open."""
        return {self.quit_action, self.about_action, self.guide_action}

    @property
    def background_sensitive(self) -> tuple[QAction, ...]:
        """What waits while a file is being read or written in the background."""
        return (
            self.import_action,
            self.paste_action,
            self.sample_action,
            self.export_action,
            self.progress_import_action,
            self.new_round_action,
            self.receive_action,
            self.sheets_action,
            self.notice_action,
            self.meeting_pack_action,
        )

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        icon_name: str | None = None,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self._window)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def fill_menus(self, menu: QMenuBar, table: LedgerTableView) -> None:
        """文件, 编辑, 视图, 管理, 帮助."""
        _add(
            menu.addMenu("文件(&F)"),
            self.import_action, self.paste_action, self.recent_menu, self.sample_action, None,
            self.export_action, self.progress_import_action, None,
            self.print_action, self.pdf_action, None, self.backup_action, None, self.quit_action,
        )  # fmt: skip
        _add(
            menu.addMenu("编辑(&E)"),
            self.new_item_action, self.bulk_action, self.delete_action, None,
            self.find_action, self.refresh_action,
        )  # fmt: skip
        _add(menu.addMenu("视图(&V)"), self.columns_menu, self.grouping_action)
        _add(
            menu.addMenu("调度(&D)"),
            self.new_round_action, self.receive_action, None, self.remind_action, None,
            self.sheets_action, self.notice_action, self.meeting_pack_action, None,
            self.templates_action,
        )  # fmt: skip
        table.fill_columns_menu(self.columns_menu)
        _add(
            menu.addMenu("管理(&M)"),
            self.units_action, self.people_action, None, self.database_action,
            self.settings_action,
        )  # fmt: skip
        _add(menu.addMenu("帮助(&H)"), self.guide_action, self.about_action)

    def fill_toolbar(self, toolbar: QToolBar) -> None:
        """The commands of every day, with their words beside the icons."""
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        _add(
            toolbar,
            self.import_action, self.paste_action, None, self.new_item_action,
            self.bulk_action, self.delete_action, None, self.units_action, self.settings_action,
        )  # fmt: skip

    def fill_recent_menu(self, state: WindowState) -> None:
        """The files imported lately, newest first."""
        self.recent_menu.clear()
        recent = state.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self._imports.start_import(p))
        self.recent_menu.setEnabled(bool(recent))


def _add(target: QMenu | QToolBar, *entries: QAction | QMenu | None) -> None:
    """Add actions and submenus in order; ``None`` is a separator."""
    for entry in entries:
        if entry is None:
            target.addSeparator()
        elif isinstance(entry, QMenu):
            assert isinstance(target, QMenu)
            target.addMenu(entry)
        else:
            target.addAction(entry)
