"""Starting the window: the QApplication, the look, the exception hook, the main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from tracker import APP_NAME, __version__
from tracker.errors import DamagedDatabaseError, UserError
from tracker.paths import AppPaths, resource_path
from tracker.views.prompter import Prompter
from tracker.views.single_instance import SingleInstance, instance_key

if TYPE_CHECKING:
    from tracker.services.bundle import Services
    from tracker.services.opening import LedgerOpener

log = logging.getLogger(__name__)


#: What Qt's Linux platform plugin (xcb) loads besides Qt itself, with the Debian/Ubuntu
#: package of each: without one, Qt aborts with an English message before any window.
LINUX_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def missing_linux_packages(find: Callable[[str], str | None] | None = None) -> list[str]:
    """The packages to install before the window can start on this Linux desktop (else [])."""
    if not sys.platform.startswith("linux"):
        return []
    if not os.environ.get("QT_QPA_PLATFORM", "xcb").startswith("xcb"):
        return []  # Wayland, offscreen: the xcb plugin is not used
    from ctypes.util import find_library

    look = find or find_library
    return [package for library, package in LINUX_LIBRARIES.items() if look(library) is None]


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the program's name, icon and style sheet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("duban-tracker")
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    style = resource_path("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    _install_qt_chinese(app)
    return app


def _install_qt_chinese(app: QApplication) -> None:
    """Qt's own words (确定/取消 in message boxes, file dialogs, context menus) in Chinese.

    PySide6 ships Qt's Simplified Chinese translation; the translator is kept on the
    application object so that it lives as long as the application.
    """
    if getattr(app, "_qt_chinese", None) is not None:
        return
    # Dates, numbers and week days in Qt's own widgets as a Chinese office PC shows them,
    # whatever the machine's language is set to.
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)
        app._qt_chinese = translator  # type: ignore[attr-defined]


def headless_application() -> QGuiApplication:
    """A Qt application for painting without a window (PDF from the command line)."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    no_screen = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if no_screen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([sys.argv[0] if sys.argv else "tracker"])


def install_exception_hook(paths: AppPaths) -> None:
    """Unexpected errors: logged with their traceback, shown as a dialog, never a silent exit.

    The program's own errors (a locked file, a bad document) reaching here are shown plainly.
    """

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if isinstance(error, UserError):
            QMessageBox.warning(QApplication.activeWindow(), APP_NAME, str(error))
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if QApplication.instance() is None:
            return
        QMessageBox.critical(
            QApplication.activeWindow(),
            APP_NAME,
            f"程序遇到了意外错误,已记录到日志:\n{paths.log_file}\n\n"
            f"您的数据已保存。如问题反复出现,请把日志文件发给技术支持。\n\n({kind.__name__}: {error})",
        )

    sys.excepthook = hook


RESTORE = "从最新备份恢复"
LOCAL_FILE = "这次使用本机数据库文件"


def run_window(
    location: str,
    opener: LedgerOpener,
    *,
    location_fixed: bool = False,
    fallback: str | None = None,
) -> int:
    """Open the ledger and show the main window until it is closed."""
    from tracker.views.main_window import MainWindow

    missing = missing_linux_packages()
    if missing:
        print(
            "错误:窗口缺少系统组件,无法启动。请先安装:"
            + " ".join(missing)
            + f"(例如 sudo apt install {' '.join(missing)})。命令行功能不受影响。",
            file=sys.stderr,
        )
        return 1
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = create_application()
    paths = opener.paths
    install_exception_hook(paths)
    guard = SingleInstance(instance_key(location))
    if guard.notify_running():
        QMessageBox.information(None, APP_NAME, "督办台账已经打开,已切换到已打开的窗口。")
        return 0
    guard.listen()
    # Show the window first: opening the ledger loads the database layer, which takes most of
    # a second on an ordinary office PC, and a clerk should see the program at once.
    window = MainWindow(None, paths, opener=opener)
    window.location_fixed = location_fixed
    guard.activated.connect(window.bring_to_front)
    window.show()
    app.processEvents()
    services = open_with_recovery(location, opener, fallback=fallback)
    if services is None:
        window.close()
        return 1
    window.attach(services)

    def daily_backup() -> None:
        # After the ledger is shown, before the clerk can change anything.
        try:
            services.backups.daily_backup()
        except UserError as error:
            log.warning("daily backup failed: %s", error)
            window.show_status(f"今天的自动备份没有完成:{error.message}")

    QTimer.singleShot(0, daily_backup)
    code = app.exec()
    guard.close()
    services.db.dispose()
    return int(code)


def open_with_recovery(
    location: str,
    opener: LedgerOpener,
    *,
    fallback: str | None = None,
    prompter: Prompter | None = None,
) -> Services | None:
    """Open the ledger; a damaged one is never overwritten, a good backup is offered instead.

    ``fallback`` is the local file to offer when ``location`` (a server from the settings)
    cannot be opened.
    """
    prompter = prompter or Prompter()
    try:
        return opener.open(location)
    except DamagedDatabaseError as error:
        backup = error.newest_backup
        if backup is None:
            prompter.error(None, str(error))
            return None
        choice = prompter.ask(
            None,
            f"数据库文件已损坏:{error.path}\n\n程序没有改动它。可以用最新的可用备份"
            f"恢复:\n{backup}\n\n损坏的文件会原样保留在旁边,以便需要时抢救。",
            [RESTORE],
            cancel="退出",
        )
        if choice != RESTORE:
            return None
        try:
            kept = opener.recovery(location).replace_damaged(Path(str(backup)))
            services = opener.open(location)
        except UserError as failure:
            prompter.error(None, str(failure))
            return None
        prompter.info(None, f"已从备份恢复。损坏的文件保留为:\n{kept}")
        return services
    except UserError as error:
        if fallback is None:
            prompter.error(None, str(error))
            return None
        # The shared server chosen in the settings is out of reach: today's work can still be
        # done in the local file (the setting is kept, so the next start tries the server).
        choice = prompter.ask(
            None,
            f"{error}\n\n可以这次先使用本机的数据库文件(下次启动仍会连接服务器):\n{fallback}"
            "\n\n点“取消”退出程序。",
            [LOCAL_FILE],
        )
        if choice != LOCAL_FILE:
            return None
        return open_with_recovery(fallback, opener, prompter=prompter)
