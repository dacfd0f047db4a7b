"""Starting the window: the QApplication, error dialogs, the main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTableWidget, QTableWidgetItem

from tracker import APP_NAME, __version__
from tracker.errors import UserError
from tracker.paths import AppPaths

log = logging.getLogger(__name__)


def run_window(location: str, paths: AppPaths) -> int:
    """Open the ledger and show the main window until it is closed."""
    from tracker.app import open_services

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    try:
        services = open_services(location, paths, paths.settings_file)
    except UserError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    window = QMainWindow()
    window.setWindowTitle(f"{APP_NAME} {__version__}")
    rows = services.items.list_items()
    table = QTableWidget(len(rows), 4)
    table.setHorizontalHeaderLabels(["序号", "工作任务", "牵头单位", "状态"])
    for index, row in enumerate(rows):
        values = [row.number or "", row.title, "、".join(row.lead_units), row.status.label]
        for column, value in enumerate(values):
            table.setItem(index, column, QTableWidgetItem(value))
    window.setCentralWidget(table)
    window.resize(1000, 700)
    window.show()
    code = app.exec()
    services.db.dispose()
    return int(code)
