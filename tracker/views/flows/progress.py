"""Reading back what units filled in: preview the changes, record them on confirm."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.errors import UserError
from tracker.views.flows import FlowContext

if TYPE_CHECKING:
    from tracker.services.progress_import_service import ProgressPlan


class ProgressImportFlow:
    """导入单位填报的进展."""

    def __init__(self, context: FlowContext) -> None:
        self._context = context

    def import_progress(self) -> None:
        """Read a sheet a unit filled in, show the changes, record them on confirm."""
        context = self._context
        path = context.prompter.open_file(
            context.parent,
            "导入单位填报的进展",
            "Excel 工作簿 (*.xlsx)",
            context.state.text("export_folder"),
        )
        if path is None:
            return
        service = context.services().progress_imports
        context.runner.run(
            lambda _progress: service.preview(path),
            self._review,
            message=f"正在读取“{path.name}”…",
        )

    def _review(self, plan: ProgressPlan) -> None:
        context = self._context
        parent, prompter = context.parent, context.prompter
        if not plan.changes and not plan.unmatched:
            again = f"(其中 {plan.repeated} 行已在之前导入过)" if plan.repeated else ""
            prompter.info(parent, f"“{plan.source}”中没有新的进展或状态变化{again}。")
            return
        from tracker.views.export_dialog import ProgressReviewDialog  # late: on first use

        dialog = ProgressReviewDialog(parent, plan)
        if not prompter.run_dialog(dialog) or not plan.changes:
            return
        try:
            report = context.services().progress_imports.apply(plan)
        except UserError as error:
            prompter.error(parent, str(error))
            return
        context.host.reload_all()
        lines = [f"已记入 {report.entries_added} 条进展,修改 {report.statuses_changed} 项状态。"]
        if report.repeated:
            lines.append(f"{report.repeated} 条进展已在之前导入过,未重复记入。")
        lines += [f"未采用:{line}" for line in report.skipped_conflicts]
        prompter.info(parent, "\n".join(lines))
