"""Acting on items from the table: add one, set several at once, delete, remove a document."""

from __future__ import annotations

from tracker.errors import UserError
from tracker.views.dialogs import BulkAssignDialog, NewItemDialog
from tracker.views.flows import FlowContext


class ItemActions:
    """新建事项, 批量设置, 删除事项 and removing a source document."""

    def __init__(self, context: FlowContext) -> None:
        self._context = context

    def _leaders(self) -> list[str]:
        return sorted({d.item.leader for d in self._context.host.model.all_rows() if d.item.leader})

    def bulk_assign(self) -> None:
        """Set units, person, leader, due date or status for every selected item."""
        context = self._context
        ids = context.host.selected_ids()
        if not ids:
            return
        services = context.services()
        names = sorted({u.name for u in services.directory.list_units()})
        people = sorted({p.name for p in services.directory.list_people()})
        dialog = BulkAssignDialog(context.parent, len(ids), names, people, self._leaders())
        if not context.prompter.run_dialog(dialog):
            return
        try:
            rows = services.items.update_items(ids, dialog.value())
        except UserError as error:
            context.prompter.error(context.parent, str(error))
            return
        context.host.rows_updated(rows)
        context.host.show_status(f"已更新 {len(rows)} 项。")

    def delete_selected(self) -> None:
        """Delete the selected items after asking."""
        context = self._context
        ids = context.host.selected_ids()
        if not ids:
            return
        model = context.host.model
        titles = "\n".join(f"· {model.item_at(model.row_of(i) or 0).title}" for i in ids[:5])
        more = f"\n…等共 {len(ids)} 项" if len(ids) > 5 else ""
        if not context.prompter.confirm(
            context.parent,
            f"确定删除以下事项及其全部进展和延期记录?\n{titles}{more}\n\n删除后可从备份中恢复。",
        ):
            return
        try:
            context.services().items.delete_items(ids)
        except UserError as error:
            context.prompter.error(context.parent, str(error))
            return
        model.remove_ids(ids)
        context.host.reload_all()
        context.host.show_status(f"已删除 {len(ids)} 项。")

    def new_item(self) -> None:
        """Add an item by hand."""
        context = self._context
        services = context.services()
        names = sorted(u.name for u in services.directory.list_units())
        dialog = NewItemDialog(context.parent, names)
        if not context.prompter.run_dialog(dialog):
            return
        try:
            row = services.items.create_item(
                dialog.title_edit.text(),
                content=dialog.content_edit.toPlainText(),
                lead_units=dialog.lead_edit.names(),
                support_units=dialog.support_edit.names(),
                due_date=dialog.due_edit.value(),
            )
        except UserError as error:
            context.prompter.error(context.parent, str(error))
            return
        context.host.reload_all()
        context.host.select_item(row.id)

    def delete_document(self, document_id: int) -> None:
        """Remove a source document and its items, after asking (a backup is made first)."""
        context = self._context
        services = context.services()
        document = next(
            (d for d in services.documents.list_documents() if d.id == document_id), None
        )
        if document is None:
            return
        if not context.prompter.confirm(
            context.parent,
            f"确定删除来源文件“{document.title}”及其 {document.item_count} 项事项"
            "(含进展和延期记录)?\n删除前会自动备份。",
        ):
            return
        try:
            if services.db.sqlite_file is not None:
                services.backups.backup(reason="manual")
            services.documents.delete_document(document_id)
        except UserError as error:
            context.prompter.error(context.parent, str(error))
            return
        context.host.show_all_items()
        context.host.reload_all()
