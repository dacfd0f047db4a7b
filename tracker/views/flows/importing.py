"""Importing documents: choose or drop a file, paste text, parse off the UI thread, review."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import UserError
from tracker.paths import data_path
from tracker.views.flows import FlowContext

if TYPE_CHECKING:
    from tracker.importing.model import ParseResult

SAMPLE_DOCUMENT = "sample-work-plan.txt"
IMPORT_FILTERS = (
    "可导入的文件 (*.docx *.doc *.wps *.xlsx *.xls *.et *.pdf *.txt *.html *.htm);;所有文件 (*)"
)


class ImportFlow:
    """导入文件, 粘贴文本导入 and 导入示例文件, ending in the import review."""

    def __init__(self, context: FlowContext) -> None:
        self._context = context

    def choose_file(self) -> None:
        """Ask for a file and import it."""
        context = self._context
        path = context.prompter.open_file(
            context.parent, "导入文件", IMPORT_FILTERS, context.state.text("last_folder")
        )
        if path is not None:
            context.state.set_text("last_folder", str(path.parent))
            self.start_import(path)

    def import_sample(self) -> None:
        """Import the bundled sample document."""
        self.start_import(data_path(SAMPLE_DOCUMENT), remember=False)

    def import_pasted_text(self) -> None:
        """Import text the clerk pastes."""
        from tracker.views.dialogs import PasteTextDialog  # late: on first use

        context = self._context
        dialog = PasteTextDialog(context.parent)
        if not context.prompter.run_dialog(dialog):
            return
        text = dialog.value()
        if not text.strip():
            context.prompter.error(context.parent, "没有粘贴任何文字。")
            return
        imports = context.services().imports
        known = imports.known_unit_names()
        self._parse_then_review(lambda: imports.parse_text(text, "粘贴的文字", known), "粘贴的文字")

    def start_import(self, path: Path, *, remember: bool = True) -> None:
        """Parse a file off the UI thread, then show the review."""
        if remember:
            self._context.state.add_recent_file(path)
            self._context.host.recent_files_changed()
        imports = self._context.services().imports
        known = imports.known_unit_names()
        self._parse_then_review(lambda: imports.parse_file(path, known), path.name)

    def _parse_then_review(self, job: Callable[[], ParseResult], name: str) -> None:
        self._context.runner.run(
            lambda _progress: job(), self._review, message=f"正在读取“{name}”…"
        )

    def _review(self, result: ParseResult) -> None:
        context = self._context
        parent, prompter = context.parent, context.prompter
        if result.item_count == 0:
            prompter.error(
                parent,
                f"“{result.source_name}”中没有找到带编号的工作任务。\n"
                "请确认选择了正确的文件;如果文字是从网页复制的,可以试试“粘贴文本导入”。",
            )
            return
        # Late: the review dialog is the largest view and is needed only once a file is read.
        from tracker.views.import_review import ImportReviewDialog

        services = context.services()
        duplicates = services.imports.duplicates(result)
        dialog = ImportReviewDialog(parent, result, services.directory.name_index(), duplicates)
        if not prompter.run_dialog(dialog):
            return
        reviewed = dialog.value()
        try:
            report = services.imports.store(
                reviewed.result, file_name=result.source_name, aliases=reviewed.aliases
            )
        except UserError as error:
            prompter.error(parent, str(error))
            return
        context.host.reload_all()
        context.host.show_all_items()
        lines = [f"已导入 {report.items_created} 项事项。"]
        if report.duplicates:
            lines.append("已跳过此前导入过的文件:" + "、".join(report.duplicates))
        if report.new_units:
            lines.append(
                f"新增 {len(report.new_units)} 个单位,可在“单位管理”中核对:"
                + "、".join(report.new_units[:10])
                + ("…" if len(report.new_units) > 10 else "")
            )
        prompter.info(parent, "\n".join(lines))
