"""The export dialog ticks the meeting's columns by default; the full content is one click."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tracker.exporting.ledger_spec import DEFAULT_COLUMNS, FULL_COLUMNS, LedgerOptions
from tracker.views.export_dialog import ExportDialog


def _dialog(qtbot: QtBot, remembered: list[str]) -> ExportDialog:
    dialog = ExportDialog(None, LedgerOptions(title="台账"), 3, 3, remembered)
    qtbot.addWidget(dialog)
    return dialog


def test_meeting_columns_by_default_and_the_full_set_on_request(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, [])
    assert dialog.columns() == list(DEFAULT_COLUMNS)
    dialog.full_button.click()
    assert dialog.columns() == list(FULL_COLUMNS)
    assert dialog.value().options.columns == FULL_COLUMNS
    dialog.meeting_button.click()
    assert dialog.columns() == list(DEFAULT_COLUMNS)


def test_the_old_default_remembered_is_not_taken_for_a_choice(qtbot: QtBot) -> None:
    assert _dialog(qtbot, list(FULL_COLUMNS)).columns() == list(DEFAULT_COLUMNS)
    assert _dialog(qtbot, ["title", "content"]).columns() == ["title", "content"]
