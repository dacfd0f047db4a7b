"""GUI fixtures: offscreen Qt, a scripted prompter, a main window on a temporary ledger."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt platform is loaded

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tracker.paths import AppPaths
from tracker.services.bundle import Services, build_services
from tracker.services.context import ServiceContext
from tracker.services.opening import LedgerOpener
from tracker.settings import Settings, load_settings, save_settings
from tracker.views.main_window import MainWindow
from tracker.views.prompter import Prompter
from tracker.views.window_state import WindowState


class FakePrompter(Prompter):
    """Answers every question from a script and records every message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []
        self.confirm_answers: list[bool] = []
        self.dialog_handlers: list[Callable[[Any], bool]] = []
        self.dialogs_seen: list[str] = []
        self.paths: list[Path | None] = []
        self.path_lists: list[list[Path]] = []
        self.opened: list[Path] = []
        self.texts: list[str | None] = []
        self.choices: list[str | None] = []

    def info(self, parent: Any, text: str, title: str = "") -> None:
        self.messages.append(("info", text))

    def error(self, parent: Any, text: str, title: str = "") -> None:
        self.messages.append(("error", text))

    def confirm(self, parent: Any, text: str, title: str = "") -> bool:
        self.messages.append(("confirm", text))
        return self.confirm_answers.pop(0) if self.confirm_answers else True

    def open_file(self, parent: Any, title: str, filters: str, folder: str = "") -> Path | None:
        return self.paths.pop(0) if self.paths else None

    def open_files(self, parent: Any, title: str, filters: str, folder: str = "") -> list[Path]:
        return self.path_lists.pop(0) if self.path_lists else []

    def open_location(self, path: Path) -> None:
        self.opened.append(path)

    def save_file(self, parent: Any, title: str, filters: str, suggested: str = "") -> Path | None:
        return self.paths.pop(0) if self.paths else None

    def choose_folder(self, parent: Any, title: str, folder: str = "") -> Path | None:
        return self.paths.pop(0) if self.paths else None

    def text(self, parent: Any, title: str, label: str, value: str = "") -> str | None:
        return self.texts.pop(0) if self.texts else None

    def choice(self, parent: Any, title: str, label: str, options: list[str]) -> str | None:
        return self.choices.pop(0) if self.choices else None

    def ask(
        self, parent: Any, text: str, buttons: list[str], title: str = "", *, cancel: str = ""
    ) -> str | None:
        self.messages.append(("ask", text))
        return self.choices.pop(0) if self.choices else None

    def run_dialog(self, dialog: Any) -> bool:
        self.dialogs_seen.append(type(dialog).__name__)
        assert self.dialog_handlers, f"unexpected dialog {type(dialog).__name__}"
        return self.dialog_handlers.pop(0)(dialog)

    def errors(self) -> list[str]:
        return [text for kind, text in self.messages if kind == "error"]


@pytest.fixture
def prompter() -> FakePrompter:
    return FakePrompter()


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    paths = AppPaths(data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    paths.ensure()
    return paths


@pytest.fixture
def services(db: Any, clock: Any, app_paths: AppPaths) -> Services:
    """Services whose warning days and user name come from the settings file, as in the app."""
    save_settings(app_paths.settings_file, Settings(user_name="测试员"))

    def current() -> Settings:
        return load_settings(app_paths.settings_file)

    context = ServiceContext(
        actor=lambda: current().actor(), today=clock, warning_days=lambda: current().warning_days
    )
    return build_services(db, context, lambda: app_paths.default_backups_dir)


@pytest.fixture
def make_window(
    qtbot: QtBot, services: Services, app_paths: AppPaths, prompter: FakePrompter
) -> Iterator[Callable[[], MainWindow]]:
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(
            services,
            app_paths,
            prompter=prompter,
            state=WindowState(app_paths.config_dir / "window.ini"),
            opener=LedgerOpener(app_paths),
        )
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window: Callable[[], MainWindow]) -> MainWindow:
    return make_window()


def type_text(widget: Any, text: str) -> None:
    """Type ``text`` into a widget key by key, Chinese included.

    QTest.keyClicks only knows ASCII keys; a key event carrying the character is what an
    input method delivers when it commits a character.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )
