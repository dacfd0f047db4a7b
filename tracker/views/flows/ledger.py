"""The ledger itself: which database (switching), its backups, the settings, the directory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from tracker import APP_NAME, __version__
from tracker.errors import DatabaseError, UserError
from tracker.settings import Settings, load_settings, save_settings
from tracker.views.flows import FlowContext

# Each dialog is imported by the method that opens it: the window paints sooner without them.

if TYPE_CHECKING:
    from tracker.services.bundle import Services


class LedgerFlow:
    """数据库连接, 备份与恢复, 设置, 单位管理 and 人员管理."""

    def __init__(self, context: FlowContext) -> None:
        self._context = context
        #: Whether --db or TRACKER_DB chose the ledger (then the setting does not apply).
        self.location_fixed = False

    def choose_database(self) -> None:
        """Open 数据库连接; switch to the chosen ledger once it opens, then remember it."""
        from tracker.views.database_dialog import DatabaseDialog

        context = self._context
        paths = context.paths
        settings = load_settings(paths.settings_file)
        dialog = DatabaseDialog(
            context.parent, settings.database, paths.db_file, overridden=self.location_fixed
        )
        if not context.prompter.run_dialog(dialog):
            return
        chosen = dialog.value()
        if chosen == settings.database and not self.location_fixed:
            return
        if self.location_fixed:
            self._save_database_setting(settings, chosen)
            context.prompter.info(
                context.parent, "已保存。不带 --db 参数和 TRACKER_DB 环境变量启动时生效。"
            )
            return
        location = chosen or str(paths.db_file)
        opener = context.opener
        if opener is None:
            raise RuntimeError("this window cannot open other ledgers")

        def open_chosen(_progress: Callable[[int, int], None]) -> Services:
            try:
                return opener.open(location)
            except UserError as error:
                raise DatabaseError(
                    f"没有切换,仍在使用原来的台账。\n\n{error.message}", hint=error.hint
                ) from error

        def switch(services: Services) -> None:
            if not self._save_database_setting(settings, chosen):
                services.db.dispose()
                return
            context.host.switch_to(services)
            context.host.show_status(f"已切换到:{services.db.describe()}")

        # A server that does not answer takes the connect timeout: off the UI thread.
        context.runner.run(open_chosen, switch, message="正在打开台账…")

    def _save_database_setting(self, settings: Settings, chosen: str) -> bool:
        try:
            save_settings(self._context.paths.settings_file, replace(settings, database=chosen))
        except (UserError, OSError) as error:
            self._context.prompter.error(self._context.parent, f"设置未能保存:{error}")
            return False
        return True

    def manage_backups(self) -> None:
        """Open 备份与恢复; reload everything if a backup was restored."""
        context = self._context
        services = context.services()
        if services.db.sqlite_file is None:
            context.prompter.info(context.parent, "共享数据库(服务器)的备份由服务器管理员负责。")
            return
        from tracker.views.backups_dialog import BackupsDialog

        dialog = BackupsDialog(context.parent, services, context.prompter)
        context.prompter.run_dialog(dialog)
        if dialog.restored:
            context.host.reload_all()

    def edit_settings(self) -> None:
        """Open 设置 and apply what is saved."""
        from tracker.views.dialogs import SettingsDialog

        context = self._context
        paths = context.paths
        dialog = SettingsDialog(
            context.parent,
            load_settings(paths.settings_file),
            str(paths.default_backups_dir),
            context.prompter.choose_folder,
        )
        if not context.prompter.run_dialog(dialog):
            return
        try:
            save_settings(paths.settings_file, dialog.value())
        except (UserError, OSError) as error:
            context.prompter.error(context.parent, f"设置未能保存:{error}")
            return
        context.events.settings_changed.emit()
        context.host.show_status("设置已保存。")

    def manage_units(self) -> None:
        """Open 单位管理."""
        from tracker.views.directory_dialog import UnitsDialog

        context = self._context
        dialog = UnitsDialog(context.parent, context.services(), context.events, context.prompter)
        context.prompter.run_dialog(dialog)

    def manage_people(self) -> None:
        """Open 人员管理."""
        from tracker.views.directory_dialog import PeopleDialog

        context = self._context
        dialog = PeopleDialog(context.parent, context.services(), context.events, context.prompter)
        context.prompter.run_dialog(dialog)

    def show_about(self) -> None:
        """The About box: version, where the data is, where the log is."""
        context = self._context
        context.prompter.info(
            context.parent,
            f"{APP_NAME} {__version__}\n\n把政策文件变成督办台账:导入、分派、登记进展、"
            f"统计。\n\n数据保存在:{context.services().db.describe()}\n"
            f"日志:{context.paths.log_file}",
            title=f"关于{APP_NAME}",
        )

    def show_guide(self) -> None:
        """帮助 ▸ 使用说明."""
        from tracker.views.help_dialog import HelpDialog

        self._context.prompter.run_dialog(HelpDialog(self._context.parent))
