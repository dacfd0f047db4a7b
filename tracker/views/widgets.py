"""Small widgets: unit lists and names with completion, optional dates, wrapped entry lists."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QTextBrowser,
    QWidget,
)

from tracker.domain import MAX_DATE, MIN_DATE

_SEPARATORS = re.compile(r"[、,，;；]")


class UnitListEdit(QLineEdit):
    """Units typed as "甲、乙": completes the name being typed from the directory."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("输入单位名称,多个单位用“、”分隔")
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setWidget(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.activated.connect(self._on_completer_activated)
        self.textEdited.connect(self._on_text_edited)

    def set_known(self, names: list[str]) -> None:
        """The directory's names (and aliases) to complete from."""
        self._model.setStringList(names)

    def names(self) -> list[str]:
        """The units entered, in order, without blanks or repeats."""
        seen: dict[str, None] = {}
        for part in _SEPARATORS.split(self.text()):
            name = " ".join(part.split())
            if name:
                seen.setdefault(name, None)
        return list(seen)

    def set_names(self, names: list[str] | tuple[str, ...]) -> None:
        """Show ``names``."""
        self.setText("、".join(names))

    def _current_token(self) -> tuple[int, str]:
        text = self.text()[: self.cursorPosition()]
        start = max((m.end() for m in _SEPARATORS.finditer(text)), default=0)
        return start, text[start:].strip()

    def _on_text_edited(self, _text: str) -> None:
        _, token = self._current_token()
        popup = self._completer.popup()
        if not token:
            if popup is not None:
                popup.hide()
            return
        self._completer.setCompletionPrefix(token)
        if self._completer.completionCount():
            self._completer.complete()
        elif popup is not None:
            popup.hide()

    def _on_completer_activated(self, name: str) -> None:
        start, _ = self._current_token()
        text = self.text()
        end = self.cursorPosition()
        tail = text[end:]
        next_separator = _SEPARATORS.search(tail)
        rest = tail[next_separator.start() :] if next_separator else ""
        self.setText(text[:start] + name + rest)
        self.setCursorPosition(start + len(name))


class NameEdit(QLineEdit):
    """A person's name with completion from a list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)

    def set_known(self, names: list[str]) -> None:
        """Names to complete from."""
        self._model.setStringList(names)


class TypableDateEdit(QDateEdit):
    """A date box where a clerk types "2027-1-15", "2027.1.15" or "20270115" as well as picks.

    Qt moves to the next part of the date only when one is full ("1" may yet become "12"), and
    it knows no separator but the 年/月 of the format; here any usual separator moves on.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._part_started = False  # digits typed into the current part, which Qt did not end

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Treat - / . , space 年 月 as "next part" (unless Qt has just moved on by itself)."""
        text = event.text()
        index = self.currentSectionIndex()
        if text and text in _DATE_SEPARATORS and not event.modifiers() & _COMMAND_KEYS:
            if self._part_started and index < self.sectionCount() - 1:
                self.setCurrentSectionIndex(index + 1)
                self.setSelectedSection(self.currentSection())
            self._part_started = False
            event.accept()
            return
        super().keyPressEvent(event)
        self._part_started = text.isdigit() and self.currentSectionIndex() == index


_DATE_SEPARATORS = frozenset("-/.,， 年月、．")
_COMMAND_KEYS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def date_edit(parent: QWidget, value: date | None = None) -> QDateEdit:
    """A date box with a calendar, in Chinese, limited to the dates a ledger holds; typable."""
    edit = TypableDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy年M月d日")
    edit.setDateRange(
        QDate(MIN_DATE.year, MIN_DATE.month, MIN_DATE.day),
        QDate(MAX_DATE.year, MAX_DATE.month, MAX_DATE.day),
    )
    if value is not None:
        edit.setDate(to_qdate(value))
    return edit


class OptionalDateEdit(QWidget):
    """A calendar date that can also be "not set".

    Signals:
        changed: the date or its presence changed.
    """

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, none_label: str = "未定", inline: bool = True
    ) -> None:
        """``inline=False`` leaves the 未定 box for the caller to place (``none_box``)."""
        super().__init__(parent)
        self._edit = date_edit(self)
        self._edit.setDate(QDate.currentDate())
        self._edit.setMinimumWidth(self._edit.sizeHint().width())  # the whole date, always
        self._none = QCheckBox(none_label, self if inline else parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit, 1)
        if inline:
            layout.addWidget(self._none)
        self._none.toggled.connect(self._on_none_toggled)
        self._edit.dateChanged.connect(lambda _d: self.changed.emit())

    @property
    def none_box(self) -> QCheckBox:
        """The 未定 box."""
        return self._none

    @property
    def date_edit(self) -> QDateEdit:
        """The calendar field (for tests and focus)."""
        return self._edit

    def value(self) -> date | None:
        """The chosen date, or None."""
        if self._none.isChecked():
            return None
        qdate = self._edit.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date | None) -> None:
        """Show ``value`` (None ticks "not set")."""
        self._none.setChecked(value is None)
        if value is not None:
            self._edit.setDate(QDate(value.year, value.month, value.day))

    def _on_none_toggled(self, checked: bool) -> None:
        self._edit.setEnabled(not checked)
        self.changed.emit()


def qdate_to_date(qdate: QDate) -> date:
    """Convert a Qt date."""
    return date(qdate.year(), qdate.month(), qdate.day())


def to_qdate(value: date) -> QDate:
    """Convert to a Qt date."""
    return QDate(value.year, value.month, value.day)


#: Room kept free around a dialog on screen: the window frame and title bar.
_FRAME_MARGIN = 40


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    """Give ``dialog`` its preferred size, shrunk to fit the screen it opens on.

    On a 1366×768 screen with a taskbar a 760 px dialog would put its buttons under the
    taskbar: the available geometry (the screen less the taskbar) minus the window frame caps
    both sides, and the dialog opens centred in it.
    """
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        dialog.resize(width, height)
        return
    room = screen.availableGeometry()
    size = QSize(
        min(width, room.width() - _FRAME_MARGIN), min(height, room.height() - _FRAME_MARGIN)
    )
    dialog.resize(size)
    dialog.move(
        room.x() + (room.width() - size.width()) // 2,
        room.y() + max((room.height() - size.height() - _FRAME_MARGIN) // 2, 0),
    )


def detail_width(window_width: int) -> int:
    """The detail pane's first width: about a fifth of the window, readable, never a quarter."""
    return max(240, min(330, window_width * 22 // 100))


@dataclass(frozen=True)
class Entry:
    """One entry of a history: when, by whom, and labelled lines ("" for the main text)."""

    when: str
    who: str
    lines: tuple[tuple[str, str], ...]


class EntryList(QTextBrowser):
    """Entries one under another, newest first, their text wrapped to the pane's width.

    A narrow pane cannot show a table of long progress reports; here every word stays readable
    and can be selected and copied.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self._entries: list[Entry] = []

    def set_entries(self, entries: Iterable[Entry]) -> None:
        """Show these entries (replacing what was shown)."""
        self._entries = list(entries)
        if not self._entries:
            self.setHtml('<p style="color:#6b7785">暂无记录</p>')
            return
        blocks = []
        for entry in self._entries:
            who = f" · {html.escape(entry.who)}" if entry.who else ""
            lines = "".join(
                f'<p style="margin:2px 0">{_label(label)}{_text(text)}</p>'
                for label, text in entry.lines
                if text
            )
            blocks.append(
                f'<p style="margin:8px 0 2px 0;color:#2b5797"><b>{html.escape(entry.when)}</b>'
                f"{who}</p>{lines}"
            )
        self.setHtml("<hr style='margin:0'/>".join(blocks))

    def count(self) -> int:
        """How many entries are shown."""
        return len(self._entries)


def _label(label: str) -> str:
    return f'<span style="color:#6b7785">{html.escape(label)}:</span>' if label else ""


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")
