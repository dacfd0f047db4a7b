"""The Word papers of a meeting from the ledger: 督办单 for the late units and the 通报.

The figures come from the services that show them on screen (statistics, a round's
escalations, who has not reported), so a paper and the window never disagree; the papers
themselves are written by the pure ``tracker.papers``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from tracker.domain import (
    Escalation,
    Status,
    answering_units,
    escalation_for,
    overdue_days,
)
from tracker.dto import ItemRow
from tracker.errors import InvalidInputError
from tracker.papers import (
    NOTICE_TEMPLATE,
    SHEET_TEMPLATE,
    Notice,
    SheetTask,
    SupervisionSheet,
    notice_from_stats,
    template_path,
)
from tracker.services.context import ServiceContext
from tracker.services.item_service import ItemService
from tracker.services.reminder_service import ReminderService
from tracker.services.report_service import ReportService
from tracker.services.round_queries import RoundRef
from tracker.services.round_service import RoundService

#: How red a sheet is: the reddest of its tasks.
_SEVERITY = {Escalation.BLUE: 0, Escalation.YELLOW: 1, Escalation.RED: 2}
#: Working days a late unit is given to answer a 督办单.
ANSWER_WITHIN = 3


class PaperService:
    """督办单 and 通报, for a reporting round or for the whole ledger."""

    def __init__(
        self,
        context: ServiceContext,
        *,
        items: ItemService,
        reports: ReportService,
        rounds: RoundService,
        reminders: ReminderService,
        issuer: Callable[[], str],
        templates_dir: Callable[[], Path | None] = lambda: None,
    ) -> None:
        self._context = context
        self._items = items
        self._reports = reports
        self._rounds = rounds
        self._reminders = reminders
        self._issuer = issuer
        self._templates_dir = templates_dir

    # ---- 督办单 -------------------------------------------------------------------------------

    def supervision_sheets(
        self,
        round_ref: RoundRef | None = None,
        *,
        issued_on: date | None = None,
        reply_by: date | None = None,
        doc_number: str = "",
    ) -> list[SupervisionSheet]:
        """A 督办单 per unit with late tasks: of a round, or of the whole ledger.

        A task is on its units' sheets when ``domain.escalation_for`` gives it a colour (蓝
        due soon, 黄 behind or reported late, 红 overdue or chased twice); a sheet has the
        colour of its reddest task. Units come in the order of the directory.
        """
        today = self._context.today()
        issued_on = issued_on or today
        if reply_by is None:
            from tracker.workdays import default_calendar  # loads the holiday calendar

            reply_by = default_calendar().add_working_days(issued_on, ANSWER_WITHIN)
        rows = {row.id: row for row in self._items.list_items()}
        tasks: dict[str, list[tuple[ItemRow, Escalation]]] = defaultdict(list)
        reminders: dict[str, int] = defaultdict(int)
        round_name, contacts = "", dict[str, str]()
        if round_ref is not None:
            status = self._rounds.round_status(round_ref)
            round_name = status.round.name
            contacts = {u.unit_name: _contact(u.contact, u.phone) for u in status.units}
            reminders.update({asked.unit_name: asked.reminders for asked in status.units})
            for late in self._rounds.escalations(round_ref):
                if late.item_id in rows:
                    tasks[late.unit_name].append((rows[late.item_id], late.escalation))
        else:
            chased = self._reminders.counts_by_item(list(rows))
            days = self._context.warning_days()
            for row in rows.values():
                colour = escalation_for(
                    row.status, row.due_date, today, days, reminders=chased.get(row.id, 0)
                )
                if colour is not None:
                    for answering in answering_units(row.units):
                        tasks[answering.name].append((row, colour))
            for count in self._reminders.counts_by_unit():
                reminders[count.unit_name] = count.count
        sheets = []
        for unit, found in tasks.items():
            colour = max((colour for _row, colour in found), key=_SEVERITY.__getitem__)
            sheets.append(
                SupervisionSheet(
                    unit=unit,
                    escalation=colour,
                    tasks=tuple(self._sheet_task(row, today) for row, _colour in found),
                    reply_by=reply_by,
                    issued_on=issued_on,
                    issuer=self._issuer(),
                    doc_number=doc_number,
                    reminders=reminders.get(unit, 0),
                    round_name=round_name,
                    contact=contacts.get(unit, ""),
                )
            )
        return sheets

    def _sheet_task(self, row: ItemRow, today: date) -> SheetTask:
        delays = self._items.get_item(row.id).delays if row.status is Status.DELAYED else ()
        first = min(delays, key=lambda delay: (delay.requested_on, delay.id), default=None)
        return SheetTask(
            title=row.title,
            original_due=first.old_due_date if first is not None else row.due_date,
            current_due=row.due_date,
            overdue_days=overdue_days(row.status, row.due_date, today),
            status=row.status.label,
            latest_progress=row.latest_progress or "",
            latest_progress_date=row.latest_progress_date,
            deadline_text=row.deadline_text or "",
        )

    def write_sheets(
        self, sheets: Sequence[SupervisionSheet], target: Path, *, combined: bool
    ) -> list[Path]:
        """Write the sheets: one file per unit into the folder ``target``, or one file.

        Raises:
            InvalidInputError: when no unit needs a 督办单.
            UserError: when the template is broken or a file cannot be written.
        """
        if not sheets:
            raise InvalidInputError("没有需要督办的单位:没有逾期、临期或迟报的事项。")
        from tracker.papers.render import render_sheets, render_sheets_combined  # docx, Jinja

        template = self._template(SHEET_TEMPLATE)
        if combined:
            return [render_sheets_combined(sheets, target, template)]
        return render_sheets(sheets, target, template)

    # ---- 通报 --------------------------------------------------------------------------------

    def notice(
        self,
        round_ref: RoundRef | None = None,
        *,
        issued_on: date | None = None,
        doc_number: str = "",
    ) -> Notice:
        """The 通报 of a round's tasks (with who did not report), or of the whole ledger.

        Its figures are the ledger's statistics of the same tasks (``ReportService``).
        """
        today = self._context.today()
        round_name, missing, item_ids = "", tuple[str, ...](), None
        if round_ref is not None:
            status = self._rounds.round_status(round_ref)
            round_name = status.round.name
            missing = tuple(unit.unit_name for unit in status.units if unit.replied_on is None)
            item_ids = self._rounds.item_ids(round_ref)
        report = self._reports.stats(item_ids)
        return notice_from_stats(
            report,
            issuer=self._issuer(),
            issued_on=issued_on or today,
            doc_number=doc_number,
            round_name=round_name,
            not_reported=missing,
        )

    def write_notice(self, notice: Notice, out: Path) -> Path:
        """Write the 通报 to ``out`` (.docx).

        Raises:
            UserError: when the template is broken or the file cannot be written.
        """
        from tracker.papers.render import render_notice  # docx, Jinja

        return render_notice(notice, out, self._template(NOTICE_TEMPLATE))

    # ---- inside ------------------------------------------------------------------------------

    def _template(self, name: str) -> Path:
        return template_path(name, self._templates_dir())


def _contact(name: str | None, phone: str | None) -> str:
    return ",".join(part for part in (name, phone) if part)
