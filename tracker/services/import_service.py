"""Storing what the importer found: documents, items, units; duplicates recognised."""

from __future__ import annotations

import logging
import typing
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError

from tracker import importing
from tracker.db import Database
from tracker.domain import AuditAction, AuditEntity
from tracker.dto import ImportReport
from tracker.importing.model import ParsedDocument, ParseResult
from tracker.models import Document, ItemUnit, Unit, UnitAlias, WorkItem, limits
from tracker.models.base import MAX_NAME, now
from tracker.services.audit import Auditor
from tracker.services.context import ServiceContext
from tracker.services.directory_service import UnitResolver, person_by_name

log = logging.getLogger(__name__)
_DOCUMENTS = typing.cast(Table, Document.__table__)


class ImportService:
    """Use cases of importing documents into the ledger."""

    def __init__(
        self,
        db: Database,
        context: ServiceContext,
        before_store: Callable[[], object] | None = None,
    ) -> None:
        self._db = db
        self._context = context
        self._before_store = before_store

    def parse_file(self, path: Path, known_units: Collection[str] | None = None) -> ParseResult:
        """Read a document and find its items; the ledger is not touched.

        The directory's names and aliases (``known_units``, read from the ledger when not
        given) are handed to the parser, so that a bracket naming the bureau's own units is
        read as a unit tag. Pass them when parsing off the UI thread.
        """
        if known_units is None:
            known_units = self.known_unit_names()
        return importing.parse_file(path, known_units=known_units)

    def parse_text(
        self,
        text: str,
        source_name: str | None = None,
        known_units: Collection[str] | None = None,
    ) -> ParseResult:
        """Find the items in pasted text; the ledger is not touched."""
        if known_units is None:
            known_units = self.known_unit_names()
        return importing.parse_text(text, source_name=source_name, known_units=known_units)

    def known_unit_names(self) -> frozenset[str]:
        """Every unit name and alias of the directory."""
        with self._db.read() as session:
            names = set(session.scalars(select(Unit.name)))
            names.update(session.scalars(select(UnitAlias.alias)))
        return frozenset(names)

    def duplicates(self, result: ParseResult) -> list[str]:
        """Titles of the documents in ``result`` that are already in the ledger."""
        hashes = {document.content_hash(): document for document in result.documents}
        with self._db.read() as session:
            known = set(
                session.scalars(
                    select(Document.content_hash).where(Document.content_hash.in_(list(hashes)))
                )
            )
        return [
            document_title(hashes[digest], result.source_name)
            for digest in hashes
            if digest in known
        ]

    def store(
        self,
        result: ParseResult,
        *,
        file_name: str | None = None,
        aliases: dict[str, str] | None = None,
    ) -> ImportReport:
        """Store the documents and items of ``result`` in one transaction.

        A document already in the ledger (same tasks) is skipped and reported; unit names
        are matched to the directory through aliases, unknown ones added for review.
        ``aliases`` maps printed names to directory units the clerk chose in the review; they
        are remembered as aliases in the same transaction.
        """
        file_name = file_name or result.source_name
        if result.item_count and self._before_store is not None:
            self._before_store()
        try:
            return self._store(result, file_name, aliases or {})
        except IntegrityError:
            # A colleague stored the same document, or a unit it names, between our reading
            # of the ledger and our commit: once more, now seeing theirs, which makes the
            # document "已跳过" and the unit the one they added.
            log.info("import of %s raced another import; trying again", file_name)
            return self._store(result, file_name, aliases or {})

    def _store(
        self, result: ParseResult, file_name: str | None, aliases: dict[str, str]
    ) -> ImportReport:
        actor = self._context.actor()
        created_documents: list[int] = []
        duplicates: list[str] = []
        item_ids: list[int] = []
        with self._db.write() as session:
            resolver = UnitResolver(session)
            for printed, unit_name in aliases.items():
                resolver.remember_alias(printed, unit_name)
            for parsed in result.documents:
                if not parsed.items:
                    continue
                digest = parsed.content_hash()
                title = document_title(parsed, file_name)
                if session.scalar(select(Document.id).where(Document.content_hash == digest)):
                    duplicates.append(title)
                    continue
                document = Document(
                    **limits.clipped(
                        _DOCUMENTS,
                        {
                            "title": title,
                            "doc_number": parsed.doc_number,
                            "doc_date": parsed.date,
                            "issuer": parsed.issuer,
                            "file_name": file_name,
                            "content_hash": digest,
                        },
                    )
                )
                session.add(document)
                session.flush()
                stamp = now()
                items_table = typing.cast(Table, WorkItem.__table__)
                rows: list[dict[str, Any]] = []
                for seq, item in enumerate(parsed.items, start=1):
                    owner = person_by_name(session, item.owner[:MAX_NAME]) if item.owner else None
                    rows.append(
                        limits.clipped(
                            items_table,
                            {
                                "document_id": document.id,
                                "seq": seq,
                                "number": item.number,
                                "heading_path": list(item.heading_path),
                                "title": item.title,
                                "content": item.content,
                                "deadline_text": item.deadline_text or None,
                                "due_date": item.due_date,
                                "deadline_kind": item.deadline_kind,
                                "leader": item.leader,
                                "owner_id": owner.id if owner else None,
                                "created_at": stamp,
                                "updated_at": stamp,
                            },
                        )
                    )
                # Core executemany (not the ORM's bulk path, which inspects every row), and no
                # RETURNING: on SQLite, RETURNING in parameter order means one statement per
                # row. The new ids are read back by their place in the document instead.
                session.execute(insert(items_table), rows)
                by_seq = dict(
                    session.execute(
                        select(WorkItem.seq, WorkItem.id).where(WorkItem.document_id == document.id)
                    ).all()
                )
                new_ids = [by_seq[seq] for seq in range(1, len(parsed.items) + 1)]
                units = resolver.resolve_many(
                    parsed_unit.name for item in parsed.items for parsed_unit in item.units
                )
                unit_ids = {name: unit.id for name, unit in units.items()}
                links: list[dict[str, Any]] = []
                for item_id, item in zip(new_ids, parsed.items, strict=True):
                    seen: set[int] = set()
                    for position, parsed_unit in enumerate(item.units):
                        unit_id = unit_ids[parsed_unit.name]
                        if unit_id in seen:
                            continue
                        seen.add(unit_id)
                        links.append(
                            {
                                "item_id": item_id,
                                "unit_id": unit_id,
                                "role": parsed_unit.role,
                                "position": position,
                            }
                        )
                if links:
                    session.execute(insert(typing.cast(Table, ItemUnit.__table__)), links)
                Auditor(session, actor)(
                    AuditEntity.DOCUMENT,
                    document.id,
                    AuditAction.IMPORT,
                    f"导入“{title}”,共{len(new_ids)}项",
                )
                created_documents.append(document.id)
                item_ids.extend(new_ids)
        log.info(
            "imported %d items from %s (%d duplicates skipped)",
            len(item_ids),
            file_name,
            len(duplicates),
        )
        return ImportReport(
            documents_created=tuple(created_documents),
            items_created=len(item_ids),
            duplicates=tuple(duplicates),
            new_units=tuple(resolver.created),
            item_ids=tuple(item_ids),
        )


def document_title(document: ParsedDocument, file_name: str | None) -> str:
    """The title a document is stored under: as printed, else the file's name."""
    return document.title or (Path(file_name).stem if file_name else "未命名文件")
