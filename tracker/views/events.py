"""The signals views use to tell each other what changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    """One shared object; views connect to what they show and emit what they change.

    Signals:
        items_changed: items were added, edited, deleted or imported.
        units_changed: the unit directory or people changed.
        settings_changed: the settings were saved (warning days, names, folders).
        status_message(str): a short message for the status bar.
    """

    items_changed = Signal()
    units_changed = Signal()
    settings_changed = Signal()
    status_message = Signal(str)
