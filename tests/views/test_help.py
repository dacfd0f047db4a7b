"""帮助 ▸ 使用说明: the guide opens inside the program, in Chinese, with its pictures."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument
from pytestqt.qtbot import QtBot

from tracker.views.help_dialog import HelpDialog


def test_the_guide_shows_its_text_and_pictures(qtbot: QtBot) -> None:
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for words in ("使用说明", "导入文件", "批量设置", "导入单位填报的进展", "备份与恢复"):
        assert words in text
    for picture in ("welcome.png", "import-review.png", "main-window.png", "statistics.png"):
        image = dialog.browser.document().resource(
            QTextDocument.ResourceType.ImageResource, QUrl(picture)
        )
        assert isinstance(image, (QImage, QPixmap)) and not image.isNull(), picture
