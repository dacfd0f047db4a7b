"""All services of one open ledger, wired together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.db import Database
from tracker.services.backup_service import BackupService
from tracker.services.context import ServiceContext
from tracker.services.directory_service import DirectoryService
from tracker.services.document_service import DocumentService
from tracker.services.export_service import ExportService
from tracker.services.import_service import ImportService
from tracker.services.item_service import ItemService
from tracker.services.meeting_pack import MeetingPackService
from tracker.services.paper_service import PaperService
from tracker.services.progress_import_service import ProgressImportService
from tracker.services.reminder_service import ReminderService
from tracker.services.report_service import ReportService
from tracker.services.round_service import RoundService
from tracker.services.transfer_service import TransferService


@dataclass(frozen=True)
class Services:
    """Every service of one open ledger."""

    db: Database
    items: ItemService
    imports: ImportService
    directory: DirectoryService
    reports: ReportService
    backups: BackupService
    documents: DocumentService
    exports: ExportService
    progress_imports: ProgressImportService
    transfers: TransferService
    rounds: RoundService
    reminders: ReminderService
    papers: PaperService
    meeting_packs: MeetingPackService
    context: ServiceContext


def build_services(
    db: Database,
    context: ServiceContext,
    backup_folder: Callable[[], Path],
    bureau_name: Callable[[], str] = lambda: "",
    templates_dir: Callable[[], Path | None] = lambda: None,
) -> Services:
    """Wire the services of ``db`` together.

    ``templates_dir`` is the clerk's folder of edited Word templates (督办单, 通报).
    """
    backups = BackupService(db, backup_folder)
    items = ItemService(db, context)
    reports = ReportService(db, context)
    documents = DocumentService(db, context)
    exports = ExportService(db, context, items, reports, documents, bureau_name)

    def backup_before_import() -> None:
        if db.sqlite_file is not None and db.sqlite_file.exists():
            backups.backup(reason="import")

    rounds = RoundService(db, context, exports)
    reminders = ReminderService(db, context)
    papers = PaperService(
        context,
        items=items,
        reports=reports,
        rounds=rounds,
        reminders=reminders,
        issuer=lambda: bureau_name() or "县卫生健康局",
        templates_dir=templates_dir,
    )
    return Services(
        db=db,
        items=items,
        imports=ImportService(db, context, before_store=backup_before_import),
        directory=DirectoryService(db, context),
        reports=reports,
        backups=backups,
        documents=documents,
        exports=exports,
        progress_imports=ProgressImportService(db, context, items),
        transfers=TransferService(db, backup_folder),
        rounds=rounds,
        reminders=reminders,
        papers=papers,
        meeting_packs=MeetingPackService(items, exports, papers),
        context=context,
    )
