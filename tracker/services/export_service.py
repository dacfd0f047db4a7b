"""Exporting the ledger: gathering what to write, then handing it to the workbook writer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from tracker.db import Database
from tracker.domain import SplitMode
from tracker.dto import DocumentRow, ItemFilter, ItemRow, ProgressRow
from tracker.exporting.ledger_spec import LedgerData, LedgerOptions, ledger_title
from tracker.models import ProgressEntry
from tracker.query import ItemQuery
from tracker.services.context import ServiceContext
from tracker.services.document_service import DocumentService
from tracker.services.item_queries import progress_row
from tracker.services.item_service import ItemService
from tracker.services.report_service import ReportService


class ExportService:
    """Use cases of the Excel ledger."""

    def __init__(
        self,
        db: Database,
        context: ServiceContext,
        items: ItemService,
        reports: ReportService,
        documents: DocumentService,
        bureau_name: Callable[[], str],
    ) -> None:
        self._db = db
        self._context = context
        self._items = items
        self._reports = reports
        self._documents = documents
        self._bureau_name = bureau_name

    def default_options(self, **changes: object) -> LedgerOptions:
        """Options for a ledger of every document: see :meth:`options_for`."""
        return self.options_for(None, **changes)

    def options_for(self, document_ids: Collection[int] | None, **changes: object) -> LedgerOptions:
        """Options with a title from the documents exported and today's date.

        ``document_ids`` names the documents whose tasks are exported (``None``: every
        document that has tasks): one gives "<its title>督办台账", several
        "<单位名称><their year>年督办台账" (see :func:`ledger_title`); the year is never today's.
        """
        today = self._context.today()
        documents = self.documents(document_ids)
        values: dict[str, object] = {
            "title": ledger_title(self._bureau_name(), list(documents.values())),
            "unit_name": self._bureau_name(),
            "as_of": today,
            "warning_days": self._context.warning_days(),
        }
        values.update(changes)
        return LedgerOptions(**values)  # type: ignore[arg-type]

    def checklist_title(self) -> str:
        """The default title of a printed checklist: "<单位名称>督查清单"."""
        return f"{self._bureau_name()}督查清单"

    def documents(self, document_ids: Collection[int] | None = None) -> dict[int, DocumentRow]:
        """The documents named (default: all that have tasks), by id, in import order."""
        listed = reversed(self._documents.list_documents())  # newest first, reversed
        if document_ids is None:
            return {document.id: document for document in listed if document.item_count}
        wanted = set(document_ids)
        return {document.id: document for document in listed if document.id in wanted}

    def gather(self, rows: Sequence[ItemRow], *, with_history: bool) -> LedgerData:
        """The data the writer needs for ``rows`` (already loaded, in the order to write)."""
        history = self.progress_histories([row.id for row in rows]) if with_history else {}
        ids = {row.document_id for row in rows if row.document_id is not None}
        return LedgerData(
            rows=list(rows),
            progress=history,
            stats=self._reports.stats_of(rows),
            documents=self.documents(ids),
        )

    def progress_histories(self, item_ids: Sequence[int]) -> dict[int, Sequence[ProgressRow]]:
        """Every progress entry of the items, oldest first."""
        wanted = set(item_ids)
        history: dict[int, list[ProgressRow]] = defaultdict(list)
        with self._db.read() as session:
            entries = session.scalars(
                select(ProgressEntry).order_by(ProgressEntry.entry_date, ProgressEntry.id)
            )
            for entry in entries:
                if entry.item_id in wanted:
                    history[entry.item_id].append(progress_row(entry))
        return dict(history)

    def export(
        self,
        target: Path,
        options: LedgerOptions,
        *,
        item_filter: ItemFilter | ItemQuery | None = None,
        item_ids: Sequence[int] | None = None,
        split: SplitMode | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Path]:
        """Write the ledger of the items chosen by filter or ids; return the files written.

        A blank title is made from the documents of the items written (:func:`ledger_title`).

        Raises:
            FileBusyError: when the target workbook is open in Excel or WPS.
            UserError: when the target cannot be written.
        """
        rows = self._items.list_items(item_filter)
        if item_ids is not None:
            by_id = {row.id: row for row in rows}
            rows = [by_id[i] for i in item_ids if i in by_id]
        data = self.gather(rows, with_history=options.all_progress)
        if not options.title.strip():
            options = replace(
                options, title=ledger_title(self._bureau_name(), list(data.documents.values()))
            )
        return write_files(target, data, options, split=split, progress=progress)


def write_files(
    target: Path,
    data: LedgerData,
    options: LedgerOptions,
    *,
    split: SplitMode | str | None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write gathered data as one workbook, one sheet per unit, or one file per unit.

    ``split`` may be given as its code ("sheets", "files"), as the window's choices carry it.

    Raises:
        InvalidInputError: when ``split`` names no split mode.
    """
    # openpyxl takes a third of a second to import: load it when a workbook is written.
    from tracker.exporting.ledger_xlsx import write_ledger, write_ledger_per_unit

    mode = SplitMode.parse(split) if split is not None else None
    if mode is SplitMode.FILES:
        return write_ledger_per_unit(target, data, options, progress)
    return [write_ledger(target, data, options, progress, split_sheets=mode is SplitMode.SHEETS)]
