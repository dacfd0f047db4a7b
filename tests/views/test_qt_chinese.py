"""Qt's own buttons speak Chinese too (the message box of a locked ledger said "OK")."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tracker.views.application import create_application


def test_standard_buttons_are_in_chinese(qtbot: QtBot) -> None:
    create_application()
    create_application()  # a second call installs no second translator
    box = QMessageBox(QMessageBox.Icon.Critical, "督办台账", "数据库正被其他程序独占使用")
    box.setStandardButtons(
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    box.show()
    texts = [button.text().replace("&", "") for button in box.buttons()]
    assert any("确定" in text for text in texts) and any("取消" in text for text in texts), texts


def test_qt_formats_dates_the_chinese_way(qtbot: QtBot) -> None:
    from PySide6.QtCore import QDate, QLocale

    create_application()
    assert QLocale().language() == QLocale.Language.Chinese
    shown = QLocale().toString(QDate(2026, 12, 1), QLocale.FormatType.LongFormat)
    assert "2026年12月1日" in shown, shown
