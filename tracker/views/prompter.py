"""Every modal question, message and file dialog goes through one object.

Modal ``exec()`` blocks tests; the window takes a ``Prompter`` and tests hand it a scripted one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from tracker import APP_NAME


class Prompter:
    """Shows messages and asks questions with the standard Qt dialogs."""

    def info(self, parent: QWidget | None, text: str, title: str = APP_NAME) -> None:
        """Tell the clerk something."""
        QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, text: str, title: str = APP_NAME) -> None:
        """Tell the clerk something went wrong and what to do."""
        QMessageBox.warning(parent, title, text)

    def confirm(self, parent: QWidget | None, text: str, title: str = APP_NAME) -> bool:
        """Ask a yes/no question; True for yes."""
        answer = QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def open_file(
        self, parent: QWidget | None, title: str, filters: str, folder: str = ""
    ) -> Path | None:
        """Ask for a file to open."""
        path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
        return Path(path) if path else None

    def open_files(
        self, parent: QWidget | None, title: str, filters: str, folder: str = ""
    ) -> list[Path]:
        """Ask for one or more files to open."""
        paths, _ = QFileDialog.getOpenFileNames(parent, title, folder, filters)
        return [Path(path) for path in paths]

    def open_location(self, path: Path) -> None:
        """Open a file or folder the way the system does (Word, Excel, the file manager)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def save_file(
        self, parent: QWidget | None, title: str, filters: str, suggested: str = ""
    ) -> Path | None:
        """Ask where to save a file."""
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return Path(path) if path else None

    def choose_folder(self, parent: QWidget | None, title: str, folder: str = "") -> Path | None:
        """Ask for a folder."""
        path = QFileDialog.getExistingDirectory(parent, title, folder)
        return Path(path) if path else None

    def text(self, parent: QWidget | None, title: str, label: str, value: str = "") -> str | None:
        """Ask for one line of text; None when cancelled."""
        text, ok = QInputDialog.getText(parent, title, label, text=value)
        return text if ok else None

    def choice(
        self, parent: QWidget | None, title: str, label: str, options: list[str]
    ) -> str | None:
        """Ask to pick one of ``options``; None when cancelled."""
        value, ok = QInputDialog.getItem(parent, title, label, options, 0, False)
        return value if ok else None

    def ask(
        self,
        parent: QWidget | None,
        text: str,
        buttons: list[str],
        title: str = APP_NAME,
        *,
        cancel: str = "取消",
    ) -> str | None:
        """Ask with custom buttons; the text of the one pressed, None for ``cancel`` or closed."""
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
        )
        pushed = [box.addButton(label, QMessageBox.ButtonRole.ActionRole) for label in buttons]
        box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        for label, button in zip(buttons, pushed, strict=True):
            if clicked is button:
                return label
        return None

    def run_dialog(self, dialog: QWidget) -> bool:
        """Show a dialog modally; True when it was accepted."""
        return bool(dialog.exec())  # type: ignore[attr-defined]
