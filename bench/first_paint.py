"""Start the program (or a bare Qt window); print when it first paints and when it is ready.

``python bench/first_paint.py app --db LEDGER`` starts ``main.py``'s window on the ledger;
``python bench/first_paint.py bare`` shows an empty QMainWindow with a table, the least any Qt
program pays. Each prints two wall-clock times: the first paint of its main window, and the
moment the ledger's items are in the table (the same moment for the bare window). Then it quits.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

if TYPE_CHECKING:
    from tracker.services.bundle import Services


class FirstPaint(QObject):
    """Prints the time of the first paint of any widget in a main window, then quits."""

    def __init__(self, *, quit_after: bool) -> None:
        super().__init__()
        self.seen = False
        self.quit_after = quit_after

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the first paint inside a main window; let every event through."""
        if (
            not self.seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and isinstance(watched.window(), QMainWindow)
        ):
            self.seen = True
            print(f"{time.time():.6f}", flush=True)
            if self.quit_after:
                print(f"{time.time():.6f}", flush=True)
                QTimer.singleShot(0, QApplication.quit)
        return False


def bare() -> int:
    """An empty main window with a table: what any Qt program pays to appear."""
    from PySide6.QtWidgets import QTableView

    app = QApplication(sys.argv[:1])
    watcher = FirstPaint(quit_after=True)
    app.installEventFilter(watcher)
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1400, 860)
    window.show()
    return app.exec()


def program(argv: list[str]) -> int:
    """The program as ``main.py`` starts it, watched for its first paint and its ledger."""
    import tracker.views.application as application
    from tracker.app import main
    from tracker.views.main_window import MainWindow

    watcher = FirstPaint(quit_after=False)
    create = application.create_application
    attach = MainWindow.attach

    def attach_and_report(window: MainWindow, services: Services) -> None:
        attach(window, services)
        print(f"{time.time():.6f}", flush=True)
        QTimer.singleShot(0, QApplication.quit)

    MainWindow.attach = attach_and_report  # type: ignore[method-assign,assignment]

    def create_and_watch(argv: list[str] | None = None) -> QApplication:
        app = create(argv)
        app.installEventFilter(watcher)
        return app

    application.create_application = create_and_watch
    return main(argv)


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        sys.exit(bare())
    sys.exit(program(sys.argv[2:]))
