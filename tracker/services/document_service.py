"""Source documents: the list with their headings, and removing one with its items."""

from __future__ import annotations

import json

from sqlalchemy import Text, cast, func, select

from tracker.db import Database
from tracker.domain import AuditAction, AuditEntity
from tracker.dto import DocumentRow
from tracker.errors import NotFoundError
from tracker.models import Document, WorkItem
from tracker.services.audit import Auditor
from tracker.services.context import ServiceContext


class DocumentService:
    """Use cases of the imported documents."""

    def __init__(self, db: Database, context: ServiceContext) -> None:
        self._db = db
        self._context = context

    def list_documents(self) -> list[DocumentRow]:
        """Every document, newest import first, with its item count and heading outline."""
        with self._db.read() as session:
            counts = dict(
                session.execute(
                    select(WorkItem.document_id, func.count(WorkItem.id)).group_by(
                        WorkItem.document_id
                    )
                ).all()
            )
            headings: dict[int, dict[tuple[str, ...], None]] = {}
            first_seq = func.min(WorkItem.seq)
            # Grouped as text: PostgreSQL has no equality for json values.
            path_text = cast(WorkItem.heading_path, Text)
            for document_id, raw_path, _ in session.execute(
                select(WorkItem.document_id, path_text, first_seq)
                .where(WorkItem.document_id.is_not(None))
                .group_by(WorkItem.document_id, path_text)
                .order_by(WorkItem.document_id, first_seq)
            ):
                if document_id is None:
                    continue
                path = json.loads(raw_path) if raw_path else []
                outline = headings.setdefault(document_id, {})
                for depth in range(1, len(path or ()) + 1):
                    outline.setdefault(tuple(path[:depth]), None)
            documents = session.scalars(
                select(Document).order_by(Document.imported_at.desc(), Document.id.desc())
            ).all()
            return [
                DocumentRow(
                    id=document.id,
                    title=document.title,
                    doc_number=document.doc_number,
                    doc_date=document.doc_date,
                    issuer=document.issuer,
                    file_name=document.file_name,
                    imported_at=document.imported_at,
                    item_count=counts.get(document.id, 0),
                    headings=tuple(headings.get(document.id, {})),
                )
                for document in documents
            ]

    def delete_document(self, document_id: int) -> int:
        """Remove a document with all its items; return how many items went with it.

        Raises:
            NotFoundError: when the document does not exist.
        """
        with self._db.write() as session:
            document = session.get(Document, document_id)
            if document is None:
                raise NotFoundError(f"来源文件 {document_id} 不存在。")
            count = (
                session.scalar(
                    select(func.count(WorkItem.id)).where(WorkItem.document_id == document_id)
                )
                or 0
            )
            Auditor(session, self._context.actor())(
                AuditEntity.DOCUMENT,
                document.id,
                AuditAction.DELETE,
                f"删除来源文件“{document.title}”及其{count}项事项",
            )
            session.delete(document)
            return count
