"""The page a clerk sees while the ledger is empty: what the program does, how to start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tracker import APP_NAME
from tracker.paths import resource_path


def icon(name: str) -> QIcon:
    """An icon from resources/icons."""
    return QIcon(str(resource_path("icons", f"{name}.svg")))


def light_icon(name: str) -> QIcon:
    """An icon drawn in white, for a dark (primary) button."""
    drawing = resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
    pixmap = QPixmap()
    pixmap.loadFromData(drawing.replace("#2b5797", "#ffffff").encode("utf-8"), "SVG")
    return QIcon(pixmap)


class WelcomePage(QWidget):
    """欢迎使用: three ways to bring in the first document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel(f"欢迎使用{APP_NAME}", self)
        title.setObjectName("welcomeTitle")
        self.text_label = text = QLabel(
            "把《工作要点》《任务分解方案》导入进来,程序会自动拆出每一项任务、牵头和配合单位、"
            "完成时限。\n之后就在这里分派、登记进展和延期,逾期和临期一目了然。",
            self,
        )
        text.setObjectName("welcomeText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMaximumWidth(760)
        # Centred by stretches, not by the layout's alignment: an aligned label gets the height
        # of its one-line size hint and loses its second line (clipped top and bottom).
        text_row = QHBoxLayout()
        text_row.addStretch(1)
        text_row.addWidget(text, 4)
        text_row.addStretch(1)
        self.import_button = QPushButton(light_icon("import"), "导入文件…", self)
        self.import_button.setObjectName("primary")
        self.sample_button = QPushButton("先看看示例文件", self)
        self.paste_button = QPushButton(icon("paste"), "粘贴文本导入…", self)
        hint = QLabel("支持 Word、WPS、Excel、PDF、文本文件;也可以把文件直接拖到窗口里。", self)
        hint.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.import_button, self.paste_button, self.sample_button):
            button.setMinimumHeight(40)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(16)
        layout.addLayout(text_row)
        layout.addSpacing(24)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(hint, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(3)
