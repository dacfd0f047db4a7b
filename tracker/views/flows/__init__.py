"""The window's use cases, one module per flow.

The flows: import, export and print, progress import, items, and the ledger itself
(switching, backups, settings).

Each flow is given what it needs in a :class:`FlowContext` (the services of the open ledger,
the prompter, the background runner, the shared events, the window state) and speaks to the
window only through the small :class:`LedgerHost` protocol, the way the detail panel does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

#: The next steps offered after writing a file.
OPEN_FILE = "打开文件"
OPEN_FOLDER = "打开所在文件夹"

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from tracker.dto import ItemRow
    from tracker.paths import AppPaths
    from tracker.services.bundle import Services
    from tracker.services.opening import LedgerOpener
    from tracker.views.background import BackgroundRunner
    from tracker.views.events import AppEvents
    from tracker.views.ledger_model import LedgerTableModel
    from tracker.views.prompter import Prompter
    from tracker.views.window_state import WindowState


class LedgerHost(Protocol):
    """What a flow may ask of the window that shows the ledger."""

    @property
    def model(self) -> LedgerTableModel:
        """The ledger's rows as shown (filtered and sorted)."""

    def selected_ids(self) -> list[int]:
        """The items selected in the table, top to bottom."""

    def reload_all(self) -> None:
        """Read everything again from the ledger."""

    def rows_updated(self, rows: Sequence[ItemRow]) -> None:
        """Show changed rows without reading the whole ledger again."""

    def select_item(self, item_id: int) -> None:
        """Select and show one item."""

    def show_all_items(self) -> None:
        """Show every item (after an import or a removed document)."""

    def show_status(self, text: str) -> None:
        """A short message in the status bar."""

    def switch_to(self, services: Services) -> None:
        """Work on another ledger from now on."""

    def recent_files_changed(self) -> None:
        """The list of recently imported files changed."""


@dataclass(frozen=True)
class FlowContext:
    """Everything a flow is given."""

    parent: QWidget
    host: LedgerHost
    services: Callable[[], Services]
    prompter: Prompter
    runner: BackgroundRunner
    events: AppEvents
    state: WindowState
    paths: AppPaths
    opener: LedgerOpener | None


def offer_to_open(context: FlowContext, text: str, file: Path | None, folder: Path) -> None:
    """Say what was written, with 打开文件 and 打开所在文件夹 as the next step."""
    buttons = ([OPEN_FILE] if file is not None else []) + [OPEN_FOLDER]
    answer = context.prompter.ask(context.parent, text, buttons, cancel="关闭")
    if answer == OPEN_FILE and file is not None:
        context.prompter.open_location(file)
    elif answer == OPEN_FOLDER:
        context.prompter.open_location(folder)
