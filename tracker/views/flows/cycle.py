"""The monthly cycle from the window: rounds, returned files, 催办 (and the papers of a meeting).

The 调度 tab (``RoundsView``) and the navigation show; this flow asks the services and keeps
them current.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain import OPEN_STATUSES, answering_units
from tracker.errors import UserError
from tracker.exporting.files import safe_file_name
from tracker.views.flows import FlowContext, offer_to_open

if TYPE_CHECKING:
    from tracker.dto import ItemRow
    from tracker.round_dto import ReceiptReport, RoundCreated, RoundRow
    from tracker.services.meeting_pack import MeetingPack
    from tracker.views.cycle_dialogs import NewRound, Scope
    from tracker.views.navigation import NavigationPanel
    from tracker.views.rounds_view import RoundsView

#: The extensions a returned fill-in workbook can have.
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})


class CycleFlow:
    """新建调度, 收回填报文件, 催办, and the 调度 tab's contents."""

    def __init__(self, context: FlowContext) -> None:
        self._context = context
        self._view: RoundsView | None = None
        self._navigation: NavigationPanel | None = None

    def attach(self, view: RoundsView, navigation: NavigationPanel) -> None:
        """Show the rounds in ``view`` and the navigation, and act on their requests."""
        self._view, self._navigation = view, navigation
        view.round_changed.connect(self._show_round)
        view.create_requested.connect(self.create_round)
        view.receive_requested.connect(self.receive_files)
        view.remind_requested.connect(self.remind_unit)
        view.folder_requested.connect(self.open_round_folder)
        view.sheets_requested.connect(lambda: self.write_sheets(self.view.current_round_id()))
        view.notice_requested.connect(lambda: self.write_notice(self.view.current_round_id()))

    @property
    def view(self) -> RoundsView:
        """The 调度 tab."""
        assert self._view is not None, "attach() first"
        return self._view

    def current_round(self) -> int | None:
        """The round shown in the 调度 tab (the newest unless the clerk chose another)."""
        return self._view.current_round_id() if self._view is not None else None

    # ---- showing ---------------------------------------------------------------------------

    def refresh(self, current: int | None = None) -> None:
        """Read the rounds again; keep showing ``current`` (else the one shown, else the newest).

        The navigation's counts always; the tab's tables only while the tab is on screen (it
        is read again when shown).
        """
        services = self._context.services()
        rounds = services.rounds.list_rounds()
        chosen = current if current is not None else self.view.current_round_id()
        self.view.set_rounds(rounds, chosen)
        if self._navigation is not None:
            self._navigation.set_rounds(rounds)
        if not self.view.isVisible():
            return
        shown = self.view.current_round_id()
        if shown is not None:
            self._show_round(shown)
        self.view.show_grid(services.rounds.grid())
        self.view.show_reminders(services.reminders.list_reminders())

    def are_returned_files(self, paths: list[Path]) -> bool:
        """Whether files dropped on the window are returned fill-in workbooks of a round."""
        if not paths or any(path.suffix.lower() not in WORKBOOK_SUFFIXES for path in paths):
            return False
        rounds = self._context.services().rounds
        return len(paths) > 1 or rounds.is_round_file(paths[0])

    def _show_round(self, round_id: int) -> None:
        self.view.show_status(self._context.services().rounds.round_status(round_id))

    # ---- 新建调度 ---------------------------------------------------------------------------

    def create_round(self) -> None:
        """Ask for a round's name, tasks and reply-by date; write the workbooks off the UI."""
        from tracker.views.cycle_dialogs import NewRoundDialog  # late: on first use

        context = self._context
        services = context.services()
        today = services.context.today()
        scopes = self._scopes()
        if not scopes:
            context.prompter.error(context.parent, "台账中还没有未办结的事项,无需调度。")
            return
        reply_by, schedule = _in_working_days(today, 5), ""
        rounds = services.rounds.list_rounds()
        if rounds and rounds[0].schedule:  # the newest round repeats: continue it
            schedule = rounds[0].schedule
            reply_by = _next_by_schedule(schedule, today)
        dialog = NewRoundDialog(
            context.parent,
            name=f"{reply_by.year}年{reply_by.month}月调度",
            scopes=scopes,
            reply_by=reply_by,
            schedule=schedule,
            taken=frozenset(found.name for found in rounds),
            folder_for=self._folder_for,
            choose_folder=lambda start: context.prompter.choose_folder(
                context.parent, "保存填报表的文件夹", str(start.parent)
            ),
            next_date=lambda phrase: _next_by_schedule(phrase, today),
        )
        if not context.prompter.run_dialog(dialog):
            return
        choice = dialog.value()
        context.state.set_text("round_folder", str(choice.folder.parent))
        context.runner.run(
            lambda _progress: self._create(choice),
            self._created,
            message=f"正在为“{choice.name}”生成填报表…",
        )

    def _create(self, choice: NewRound) -> RoundCreated:
        return self._context.services().rounds.create_round(
            choice.name,
            choice.scope.item_ids,
            choice.reply_by,
            choice.folder,
            scope=choice.scope.label,
            schedule=choice.schedule,
        )

    def _created(self, created: RoundCreated) -> None:
        self.refresh(created.round.id)
        lines = [
            f"已为 {len(created.files)} 个单位生成填报表,发送清单:{created.send_list.name}。",
            "请按发送清单把填报表发给各单位;收回后点“收回填报文件”。",
        ]
        if created.unassigned:
            lines.append(f"另有 {len(created.unassigned)} 项没有牵头或责任单位,未发出。")
        offer_to_open(self._context, "\n".join(lines), created.send_list, created.send_list.parent)

    def _scopes(self) -> list[Scope]:
        from tracker.views.cycle_dialogs import Scope

        model = self._context.host.model
        shown = [row.id for row in model.visible_items() if row.status in OPEN_STATUSES]
        everything = [d.item.id for d in model.all_rows() if d.item.status in OPEN_STATUSES]
        scopes = []
        if shown and len(shown) != len(everything):
            scopes.append(Scope(f"当前显示的未办结事项({len(shown)} 项)", tuple(shown)))
        if everything:
            scopes.append(Scope(f"全部未办结事项({len(everything)} 项)", tuple(everything)))
        return scopes

    def _folder_for(self, name: str) -> Path:
        state, paths = self._context.state, self._context.paths
        base = Path(state.text("round_folder") or (paths.data_dir / "调度"))
        return base / safe_file_name(name or "调度")

    # ---- 收回填报文件 -------------------------------------------------------------------------

    def receive_files(self, paths: list[Path] | None = None) -> None:
        """Read returned workbooks (chosen, or dropped on the window) into their rounds."""
        context = self._context
        if paths is None:
            paths = context.prompter.open_files(
                context.parent,
                "收回填报文件(可多选)",
                "Excel 工作簿 (*.xlsx *.xlsm)",
                context.state.text("round_folder"),
            )
        if not paths:
            return
        service = context.services().rounds
        context.runner.run(
            lambda _progress: service.receive(paths),
            self._received,
            message=f"正在读取 {len(paths)} 个填报文件…",
        )

    def _received(self, reports: list[ReceiptReport]) -> None:
        from tracker.views.cycle_dialogs import ReceiptsDialog

        context = self._context
        context.host.reload_all()
        rounds = [r.round_id for r in reports if r.round_id is not None]
        self.refresh(rounds[-1] if rounds else None)
        context.prompter.run_dialog(ReceiptsDialog(context.parent, reports))

    # ---- 催办 -------------------------------------------------------------------------------

    def remind_unit(self, unit_id: int) -> None:
        """催办 a unit of the round shown, about its tasks in the round."""
        round_id = self.view.current_round_id()
        if round_id is None:
            return
        status = self._context.services().rounds.round_status(round_id)
        units = {unit.unit_id: unit for unit in status.units}
        if unit_id not in units:
            return
        unit = units[unit_id]
        about = f"涉及“{status.round.name}”中该单位的 {unit.task_count} 项事项。"
        if unit.reminders:
            about += f"本轮已催办 {unit.reminders} 次。"
        names = [u.unit_name for u in status.units]
        self._remind(names, unit.unit_name, about, (), round_id)

    def remind_selected(self) -> None:
        """催办 about the tasks selected in the ledger: the clerk picks which of their units."""
        context = self._context
        ids = context.host.selected_ids()
        rows = [row for row in context.host.model.visible_items() if row.id in set(ids)]
        names = list(dict.fromkeys(u.name for row in rows for u in answering_units(row.units)))
        if not names:
            context.prompter.error(context.parent, "选中的事项还没有牵头或责任单位,无从催办。")
            return
        about = f"涉及选中的 {len(rows)} 项事项。"
        self._remind(names, names[0], about, tuple(ids), None)

    def _remind(
        self,
        units: list[str],
        unit: str,
        about: str,
        item_ids: tuple[int, ...],
        round_id: int | None,
    ) -> None:
        from tracker.views.cycle_dialogs import ReminderDialog

        context = self._context
        services = context.services()
        dialog = ReminderDialog(
            context.parent, units=units, unit=unit, today=services.context.today(), about=about
        )
        if not context.prompter.run_dialog(dialog):
            return
        record = dialog.value()
        try:
            services.reminders.record(
                record.unit,
                item_ids,
                way=record.way,
                reminded_on=record.reminded_on,
                answered_by=record.answered_by,
                said=record.said,
                round_ref=round_id,
            )
        except UserError as error:
            context.prompter.error(context.parent, str(error))
            return
        if self._view is not None:
            self.refresh(round_id)
        context.host.reload_all()
        context.host.show_status(f"已记录对{record.unit}的{record.way.label}催办。")

    # ---- 督办单, 通报, 会议材料 ---------------------------------------------------------------

    def write_sheets(self, round_id: int | None = None) -> None:
        """督办单 for the late units (of a round, or of the whole ledger)."""
        from tracker.views.cycle_dialogs import SheetsDialog

        context = self._context
        papers = context.services().papers
        sheets = papers.supervision_sheets(round_id)
        if not sheets:
            context.prompter.info(context.parent, "没有需要督办的单位:没有逾期、临期或迟报的事项。")
            return
        dialog = SheetsDialog(context.parent, sheets)
        if not context.prompter.run_dialog(dialog):
            return
        choice = dialog.value()
        if choice.doc_number:
            from dataclasses import replace

            sheets = [replace(sheet, doc_number=choice.doc_number) for sheet in sheets]
        folder = Path(context.state.text("export_folder") or context.paths.data_dir)
        if choice.combined:
            target = context.prompter.save_file(
                context.parent, "保存督办单", "Word 文档 (*.docx)", str(folder / "督办单.docx")
            )
        else:
            target = context.prompter.choose_folder(context.parent, "督办单保存到", str(folder))
            target = target / "督办单" if target is not None else None
        if target is None:
            return
        written = target.with_suffix(".docx") if choice.combined else target
        context.runner.run(
            lambda _progress: papers.write_sheets(sheets, written, combined=choice.combined),
            lambda files: offer_to_open(
                context,
                f"已生成 {len(sheets)} 个单位的督办单。",
                files[0] if choice.combined else None,
                files[0].parent,
            ),
            message=f"正在生成 {len(sheets)} 份督办单…",
        )

    def write_notice(self, round_id: int | None = None) -> None:
        """The 通报 draft (of a round, or of the whole ledger), as a Word document."""
        context = self._context
        papers = context.services().papers
        notice = papers.notice(round_id)
        folder = Path(context.state.text("export_folder") or context.paths.data_dir)
        target = context.prompter.save_file(
            context.parent, "保存通报", "Word 文档 (*.docx)", str(folder / f"{notice.title}.docx")
        )
        if target is None:
            return
        context.runner.run(
            lambda _progress: papers.write_notice(notice, target.with_suffix(".docx")),
            lambda path: offer_to_open(
                context, f"已生成通报:{path.name}(典型做法一节请补充)。", path, path.parent
            ),
            message="正在生成通报…",
        )

    def meeting_pack(self) -> None:
        """会议材料: the ledger, the 通报, the 督办单 and the checklist in one dated folder."""
        from tracker.views.checklist import Checklist, export_pdf

        context = self._context
        services = context.services()
        parent = context.prompter.choose_folder(
            context.parent,
            "会议材料保存到",
            context.state.text("export_folder") or str(context.paths.data_dir),
        )
        if parent is None:
            return
        round_id = self.current_round()
        # Qt paints text on the UI thread only: the job notes the checklist, done() paints it.
        checklists: list[tuple[Path, Checklist]] = []

        def note(path: Path, title: str, rows: list[ItemRow], as_of: date) -> Path:
            checklists.append((path, Checklist(title=title, as_of=as_of, rows=rows)))
            return path

        def done(pack: MeetingPack) -> None:
            try:
                for path, checklist in checklists:
                    export_pdf(path, checklist)
            except UserError as error:
                context.prompter.error(context.parent, str(error))
                return
            context.prompter.open_location(pack.folder)
            context.host.show_status(f"会议材料已生成:{pack.folder}")

        context.runner.run(
            lambda _progress: services.meeting_packs.write(
                parent, note, round_ref=round_id, today=services.context.today()
            ),
            done,
            message="正在生成会议材料…",
        )

    def copy_templates(self) -> None:
        """Put the Word templates in the data folder for the clerk to edit in Word."""
        from tracker.papers import copy_templates

        context = self._context
        folder = context.paths.templates_dir
        try:
            copied = copy_templates(folder)
        except UserError as error:
            context.prompter.error(context.parent, str(error))
            return
        kept = "已复制" if copied else "模板已在此文件夹中(不会覆盖已修改的模板)"
        offer_to_open(
            context,
            f"{kept}:{folder}\n在 Word 中修改后,生成督办单和通报时就用修改后的模板。",
            None,
            folder,
        )

    # ---- the round's folder ------------------------------------------------------------------

    def open_round_folder(self) -> None:
        """Open the folder the round's workbooks were written to."""
        round_id = self.view.current_round_id()
        if round_id is None:
            return
        found: RoundRow = self._context.services().rounds.get_round(round_id)
        folder = Path(found.folder)
        if not folder.exists():
            self._context.prompter.error(self._context.parent, f"文件夹“{folder}”已不存在。")
            return
        self._context.prompter.open_location(folder)


def _in_working_days(today: date, days: int) -> date:
    from tracker.workdays import default_calendar

    return default_calendar().add_working_days(today, days)


def _next_by_schedule(phrase: str, today: date) -> date:
    from tracker.schedules import parse_schedule

    return parse_schedule(phrase).next_on_or_after(today)
