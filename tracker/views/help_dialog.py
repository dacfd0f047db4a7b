"""帮助 ▸ 使用说明: a short guide in a clerk's words, with pictures, shown inside the program."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from tracker.paths import resource_path
from tracker.views.widgets import fit_to_screen


class HelpDialog(QDialog):
    """The guide (resources/help/guide.html), sized to fit the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        folder = resource_path("help")
        self.browser = QTextBrowser(self)
        self.browser.setSearchPaths([str(folder)])
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml((folder / "guide.html").read_text(encoding="utf-8"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, 900)
