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
    for words in ("使用说明", "导入文件", "批量设置", "收回填报文件", "会议材料", "备份与恢复"):
        assert words in text
    pictures = ("welcome.png", "import-review.png", "main-window.png", "statistics.png", "rounds.png")
    for picture in pictures:
        image = dialog.browser.document().resource(
            QTextDocument.ResourceType.ImageResource, QUrl(picture)
        )
        assert isinstance(image, (QImage, QPixmap)) and not image.isNull(), picture


def test_the_guide_opens_from_the_help_menu(
    window: object, prompter: object
) -> None:
    from tests.views.conftest import FakePrompter
    from tracker.views.main_window import MainWindow

    assert isinstance(window, MainWindow) and isinstance(prompter, FakePrompter)
    seen: list[HelpDialog] = []
    prompter.dialog_handlers.append(lambda dialog: seen.append(dialog) or True)
    window.commands.guide_action.trigger()
    assert prompter.dialogs_seen == ["HelpDialog"] and "使用说明" in seen[0].windowTitle()
