"""会议材料: the ledger, the 通报, the 督办单 and the checklist, into one dated folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.domain import OPEN_STATUSES
from tracker.dto import ItemRow
from tracker.errors import InvalidInputError
from tracker.exporting.files import safe_file_name, unique_name
from tracker.services.export_service import ExportService
from tracker.services.item_service import ItemService
from tracker.services.paper_service import PaperService
from tracker.services.round_queries import RoundRef

#: Paints the checklist PDF (Qt, so handed in by the window or the command line).
PrintPdf = Callable[[Path, str, list[ItemRow], date], Path]


@dataclass(frozen=True)
class MeetingPack:
    """What the pack holds: each paper's file, and the 督办单 folder with its files."""

    folder: Path
    ledger: Path
    notice: Path
    checklist: Path
    sheets: tuple[Path, ...]

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file written."""
        return (self.ledger, self.notice, self.checklist, *self.sheets)


class MeetingPackService:
    """Writes the papers a clerk brings to the meeting, in one go."""

    def __init__(
        self, items: ItemService, exports: ExportService, papers: PaperService
    ) -> None:
        self._items = items
        self._exports = exports
        self._papers = papers

    def folder_name(self, day: date, round_name: str = "") -> str:
        """会议材料_2025-06-10 (with the round's name when there is one)."""
        name = f"会议材料_{day.isoformat()}"
        return safe_file_name(f"{name}_{round_name}" if round_name else name)

    def write(
        self,
        parent: Path,
        print_pdf: PrintPdf,
        *,
        round_ref: RoundRef | None = None,
        today: date,
    ) -> MeetingPack:
        """Write the pack into a new folder under ``parent``; return what was written.

        The ledger and the checklist list every task (the checklist: those still open); the
        通报 and the 督办单 are of ``round_ref`` when given, else of the whole ledger.

        Raises:
            InvalidInputError: when the ledger has no tasks.
            UserError: when a file cannot be written.
        """
        rows = self._items.list_items()
        if not rows:
            raise InvalidInputError("台账中还没有事项,无法生成会议材料。")
        notice = self._papers.notice(round_ref)
        taken = {entry.name.casefold() for entry in parent.iterdir()} if parent.is_dir() else set()
        folder = parent / unique_name(self.folder_name(today, notice.round_name), taken)
        folder.mkdir(parents=True)
        ledger = self._exports.export(folder / "督办台账.xlsx", self._exports.default_options())[0]
        notice_file = self._papers.write_notice(notice, folder / "通报.docx")
        sheets = self._papers.supervision_sheets(round_ref)
        written = (
            self._papers.write_sheets(sheets, folder / "督办单", combined=False) if sheets else []
        )
        open_rows = [row for row in rows if row.status in OPEN_STATUSES]
        checklist = print_pdf(
            folder / "督查清单.pdf",
            self._exports.checklist_title(),
            open_rows or rows,
            today,
        )
        return MeetingPack(folder, ledger, notice_file, checklist, tuple(written))

