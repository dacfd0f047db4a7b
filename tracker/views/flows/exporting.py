"""Exporting the ledger to Excel, and printing the checklist (preview, printer or PDF)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain import SplitMode
from tracker.errors import UserError
from tracker.exporting.files import safe_file_name
from tracker.views.flows import FlowContext, offer_to_open

# The export dialog, the checklist and Qt's printing module are loaded when first used
# (imported in the methods below): the window paints sooner without them.
if TYPE_CHECKING:
    from tracker.exporting.ledger_spec import LedgerData
    from tracker.views.checklist import Checklist
    from tracker.views.export_dialog import ExportChoice


class ExportFlow:
    """导出台账(Excel), 打印督查清单 and 督查清单导出为 PDF."""

    def __init__(self, context: FlowContext) -> None:
        self._context = context

    def export_ledger(self) -> None:
        """Choose what to export, where to, then write the workbook(s) in the background."""
        context = self._context
        parent, prompter, state, model = (
            context.parent,
            context.prompter,
            context.state,
            context.host.model,
        )
        if not model.all_rows():
            prompter.error(parent, "台账中还没有事项,请先导入文件。")
            return
        from tracker.views.export_dialog import ExportDialog

        exports = context.services().exports
        dialog = ExportDialog(
            parent,
            exports.options_for(self._documents_shown() or None),
            model.shown_count(),
            len(model.all_rows()),
            state.strings("export_columns"),
        )
        if not prompter.run_dialog(dialog):
            return
        choice = dialog.value()
        state.set_strings("export_columns", list(choice.options.columns))
        rows = (
            model.visible_items()
            if choice.only_shown
            else [d.item for d in sorted(model.all_rows(), key=lambda d: d.sort_keys[0])]
        )
        if not rows:
            prompter.error(parent, "当前没有显示任何事项。")
            return
        target = self._target(choice)
        if target is None:
            return
        state.set_text(
            "export_folder", str(target if choice.split is SplitMode.FILES else target.parent)
        )
        data = exports.gather(rows, with_history=choice.options.all_progress)
        self._write(target, data, choice)

    def _documents_shown(self) -> set[int]:
        """The documents of the tasks shown: the default title comes from them."""
        rows = self._context.host.model.visible_items()
        return {row.document_id for row in rows if row.document_id is not None}

    def _target(self, choice: ExportChoice) -> Path | None:
        """Where to write: a folder for one file per unit, else a workbook."""
        context = self._context
        folder = context.state.text("export_folder")
        if choice.split is SplitMode.FILES:
            return context.prompter.choose_folder(
                context.parent, "选择保存各单位台账的文件夹", folder
            )
        suggested = str(
            Path(folder or Path.home()) / f"{safe_file_name(choice.options.title)}.xlsx"
        )
        target = context.prompter.save_file(
            context.parent, "导出督办台账", "Excel 工作簿 (*.xlsx)", suggested
        )
        if target is not None and target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        return target

    def _write(self, target: Path, data: LedgerData, choice: ExportChoice) -> None:
        # Late: the workbook writer (openpyxl) is loaded on the first export only.
        from tracker.services.export_service import write_files

        context = self._context

        def job(progress: Callable[[int, int], None]) -> list[Path]:
            return write_files(target, data, choice.options, split=choice.split, progress=progress)

        def done(files: list[Path]) -> None:
            where = files[0] if len(files) == 1 else target
            self._offer_to_open(
                f"已导出 {len(data.rows)} 项到:\n{where}"
                + (f"\n(共 {len(files)} 个文件)" if len(files) > 1 else ""),
                files[0] if len(files) == 1 else None,
                files[0].parent,
            )

        def failed(message: str) -> None:
            answer = context.prompter.ask(context.parent, message, ["重试", "另存为…"])
            if answer == "重试":
                self._write(target, data, choice)
            elif answer == "另存为…":
                other = context.prompter.save_file(
                    context.parent, "另存为", "Excel 工作簿 (*.xlsx)", str(target)
                )
                if other is not None:
                    self._write(other, data, choice)

        context.runner.run(job, done, message=f"正在导出 {len(data.rows)} 项…", on_failed=failed)

    def _offer_to_open(self, text: str, file: Path | None, folder: Path) -> None:
        offer_to_open(self._context, text, file, folder)

    def _checklist(self) -> Checklist | None:
        from tracker.views.checklist import Checklist

        context = self._context
        rows = context.host.model.visible_items()
        if not rows:
            context.prompter.error(context.parent, "当前没有显示任何事项,无法生成督查清单。")
            return None
        services = context.services()
        return Checklist(
            title=services.exports.checklist_title(), as_of=services.context.today(), rows=rows
        )

    def print_checklist(self) -> None:
        """Print preview of the checklist of the items shown (Ctrl+P)."""
        checklist = self._checklist()
        if checklist is None:
            return
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from tracker.views.checklist import paint, setup_page

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_page(printer)
        preview = QPrintPreviewDialog(printer, self._context.parent)
        preview.setWindowTitle("打印预览 — 督查清单")
        preview.paintRequested.connect(lambda device: paint(device, checklist))
        preview.resize(1100, 800)
        self._context.prompter.run_dialog(preview)

    def export_checklist_pdf(self) -> None:
        """Save the checklist of the items shown as a PDF."""
        checklist = self._checklist()
        if checklist is None:
            return
        context = self._context
        suggested = str(
            Path(context.state.text("export_folder") or Path.home())
            / f"{safe_file_name(checklist.title)}.pdf"
        )
        target = context.prompter.save_file(
            context.parent, "督查清单导出为 PDF", "PDF 文件 (*.pdf)", suggested
        )
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        from tracker.views.checklist import export_pdf

        try:
            export_pdf(target, checklist)
        except UserError as error:
            context.prompter.error(context.parent, str(error))
            return
        self._offer_to_open(f"已保存督查清单:\n{target}", target, target.parent)
