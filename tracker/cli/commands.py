"""The commands: each calls the services the window calls, then hands the result to ``output``."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tracker.cli import output, round_output
from tracker.cli.parser import item_id
from tracker.domain import OPEN_STATUSES, ReceiptOutcome, Status, UnitKind, parse_user_date
from tracker.dto import KEEP, ItemChanges, ItemFilter, ItemRow, NewDelay, NewProgress
from tracker.errors import DamagedDatabaseError, DocumentError, InvalidInputError

if TYPE_CHECKING:
    from tracker.dto import BackupFile
    from tracker.services.bundle import Services


class Recovery(Protocol):
    """Backups without opening the ledger (it may be the damaged thing)."""

    folder: Path

    def list(self) -> list[BackupFile]:
        """The backups, newest first."""

    def choose(self, name: str) -> Path:
        """The backup a user named ("latest" or a path)."""

    def replace_damaged(self, backup: Path) -> Path:
        """Put ``backup`` in place of a damaged ledger; return where the damaged file went."""


def item_filter_from(args: argparse.Namespace) -> ItemFilter:
    """Build the item filter the list options describe."""
    return ItemFilter(
        document_id=args.document,
        unit=args.unit,
        person=args.person,
        statuses=frozenset(Status.parse(s) for s in args.status or ()),
        due_before=parse_user_date(args.due_before) if args.due_before else None,
        due_after=parse_user_date(args.due_after) if args.due_after else None,
        overdue=args.overdue,
        due_within_days=args.due_within,
        text=args.search,
    )


def scope_of(chosen: ItemFilter, services: Services) -> str:
    """The filter of ``round create`` in words, for the round's 范围 (调度范围)."""
    parts = []
    if chosen.document_id is not None:
        documents = services.exports.documents([chosen.document_id])
        title = documents[chosen.document_id].title if documents else str(chosen.document_id)
        parts.append(f"来源文件:{title}")
    if chosen.unit:
        parts.append(f"单位:{chosen.unit}")
    if chosen.person:
        parts.append(f"责任人:{chosen.person}")
    if chosen.statuses:
        labels = [status.label for status in Status if status in chosen.statuses]
        parts.append("状态:" + "、".join(labels))
    if chosen.overdue:
        parts.append("逾期")
    if chosen.due_within_days is not None:
        parts.append(f"{chosen.due_within_days}日内到期")
    if chosen.due_before or chosen.due_after:
        first = chosen.due_after.isoformat() if chosen.due_after else ""
        last = chosen.due_before.isoformat() if chosen.due_before else ""
        parts.append(f"完成时限:{first}至{last}")
    if chosen.text:
        parts.append(f"含“{chosen.text}”")
    return ";".join(parts)


class CommandRunner:
    """Runs one parsed command against the services, writing to ``out``."""

    def __init__(
        self,
        open_services: Callable[[], Services],
        out: Callable[[str], None] = print,
        print_pdf: Callable[[Path, str, list[ItemRow], date], Path] | None = None,
        recovery: Recovery | None = None,
    ) -> None:
        self._open_services = open_services
        self._print_pdf = print_pdf
        self._recovery = recovery
        self._services: Services | None = None
        self.out = out

    @property
    def services(self) -> Services:
        """The ledger's services, opened on first use (a dry run never opens the ledger)."""
        if self._services is None:
            self._services = self._open_services()
        return self._services

    def close(self) -> None:
        """Release the ledger if it was opened."""
        if self._services is not None:
            self._services.db.dispose()

    def run(self, args: argparse.Namespace) -> int:
        """Run the command; return the exit status."""
        handler = getattr(self, f"_cmd_{args.command.replace('-', '_')}")
        result: int = handler(args)
        return result

    def _json(self, data: Any) -> None:
        self.out(output.json_text(data))

    def _lines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.out(line)

    def _cmd_import(self, args: argparse.Namespace) -> int:
        if args.dry_run:
            # A dry run never opens (or creates) the ledger, so the directory's names are not
            # known to it: it shows what the file alone says. No service exists without a
            # ledger, hence the importer itself.
            from tracker.importing import parse_file

            result = parse_file(args.file)
            if args.json:
                self._json(output.parse_json(result))
            else:
                self._lines(output.parse_lines(result))
            return 0
        result = self.services.imports.parse_file(args.file)
        if result.item_count == 0:
            raise DocumentError(
                f"“{args.file.name}”中没有找到带编号的工作任务,未导入。",
                hint="可用 --dry-run 查看解析结果。",
            )
        report = self.services.imports.store(result, file_name=args.file.name)
        if args.json:
            self._json(output.import_report_json(report))
        else:
            self._lines(output.import_report_lines(report))
        return 0

    def _cmd_list(self, args: argparse.Namespace) -> int:
        rows = self.services.items.list_items(item_filter_from(args))
        if args.json:
            self._json(output.items_json(rows))
        else:
            self._lines(output.item_lines(rows))
        return 0

    def _cmd_show(self, args: argparse.Namespace) -> int:
        detail = self.services.items.get_item(args.id)
        if args.json:
            self._json(output.detail_json(detail))
        else:
            self._lines(output.detail_lines(detail))
        return 0

    def _cmd_assign(self, args: argparse.Namespace) -> int:
        changes = ItemChanges(
            lead_units=args.lead if args.lead is not None else KEEP,
            support_units=args.support if args.support is not None else KEEP,
            owner=args.owner if args.owner is not None else KEEP,
            leader=args.leader if args.leader is not None else KEEP,
            due_date=parse_user_date(args.due) if args.due else KEEP,
        )
        if changes == ItemChanges():
            raise InvalidInputError(
                "请至少指定一项:--lead、--support、--owner、--leader 或 --due。"
            )
        rows = self.services.items.update_items(args.ids, changes)
        self.out(f"已更新 {len(rows)} 项。")
        return 0

    def _cmd_progress(self, args: argparse.Namespace) -> int:
        entry = self.services.items.add_progress(
            args.id,
            NewProgress(
                text=args.text,
                entry_date=parse_user_date(args.date) if args.date else None,
                problems=args.problems,
                next_steps=args.next_steps,
                reported_by=args.reported_by,
            ),
        )
        self.out(f"已添加进展({entry.entry_date.isoformat()})。")
        return 0

    def _cmd_status(self, args: argparse.Namespace) -> int:
        *raw_ids, status_text = args.args
        if not raw_ids:
            raise InvalidInputError("请给出事项编号和状态,例如:status 12 已办结")
        try:
            ids = [item_id(value) for value in raw_ids]
        except argparse.ArgumentTypeError as error:
            raise InvalidInputError(f"{error}。") from error
        status = Status.parse(status_text)
        rows = self.services.items.set_status(ids, status)
        self.out(f"已将 {len(rows)} 项设为{status.label}。")
        return 0

    def _cmd_delay(self, args: argparse.Namespace) -> int:
        delay = self.services.items.record_delay(
            args.id, NewDelay(new_due_date=parse_user_date(args.to), reason=args.reason)
        )
        self.out(f"已延期至 {delay.new_due_date.isoformat()}。")
        return 0

    def _cmd_units(self, args: argparse.Namespace) -> int:
        directory = self.services.directory
        match args.unit_command:
            case "list":
                units = directory.list_units()
                if args.json:
                    self._json({"units": [output.unit_json(unit) for unit in units]})
                else:
                    self._lines(output.unit_lines(units))
            case "add":
                unit = directory.add_unit(
                    args.name,
                    kind=UnitKind.parse(args.kind),
                    short_name=args.short,
                    contact=args.contact,
                    phone=args.phone,
                )
                self.out(f"已新增单位“{unit.name}”。")
            case "rename":
                unit = directory.rename_unit(args.old, args.new)
                self.out(f"已更名为“{unit.name}”,原名称保留为别名。")
            case "merge":
                unit = directory.merge_units(args.source, args.target)
                self.out(f"已并入“{unit.name}”,现有 {unit.item_count} 项。")
            case "alias":
                unit = directory.add_alias(args.unit, args.alias)
                self.out(f"“{unit.name}”的别名:{'、'.join(unit.aliases)}")
        return 0

    def _cmd_people(self, args: argparse.Namespace) -> int:
        directory = self.services.directory
        if args.people_command == "add":
            person = directory.add_person(args.name, unit=args.unit, phone=args.phone)
            self.out(f"已新增人员“{person.name}”。")
            return 0
        people = directory.list_people()
        if args.json:
            self._json({"people": [output.person_json(person) for person in people]})
        else:
            self._lines(output.person_lines(people))
        return 0

    def _cmd_stats(self, args: argparse.Namespace) -> int:
        rows = self.services.items.list_items(item_filter_from(args))
        report = self.services.reports.stats_of(rows)
        if args.json:
            self._json(output.stats_json(report))
        else:
            self._lines(output.stats_lines(report))
        return 0

    def _cmd_export(self, args: argparse.Namespace) -> int:
        from tracker.exporting.ledger_spec import parse_columns

        changes: dict[str, object] = {
            "all_progress": args.all_progress,
            "fill_in": args.fill_in,
            "font_set": args.fonts,
            "group_by_heading": not args.no_headings,
        }
        if args.columns:
            changes["columns"] = parse_columns(args.columns)
        if args.title:
            changes["title"] = args.title
        exports = self.services.exports
        files = exports.export(
            args.out,
            exports.default_options(**changes),
            item_filter=item_filter_from(args),
            split=args.by_unit,
        )
        self._lines(f"已导出:{path}" for path in files)
        return 0

    def _cmd_import_progress(self, args: argparse.Namespace) -> int:
        service = self.services.progress_imports
        plan = service.preview(args.file)
        if args.dry_run or not plan.changes:
            if args.json:
                self._json(output.progress_import_json(plan, None))
            else:
                self._lines(output.plan_lines(plan))
            return 0
        report = service.apply(plan)
        if args.json:
            self._json(output.progress_import_json(plan, report))
        else:
            self._lines([*output.plan_lines(plan), *output.progress_report_lines(report)])
        return 0

    def _cmd_round(self, args: argparse.Namespace) -> int:
        rounds = self.services.rounds
        json_out = getattr(args, "json", False)
        match args.round_command:
            case "create":
                chosen = item_filter_from(args)
                if not chosen.statuses:
                    chosen = replace(chosen, statuses=OPEN_STATUSES)
                rows = self.services.items.list_items(chosen)
                created = rounds.create_round(
                    args.name,
                    [row.id for row in rows],
                    parse_user_date(args.reply_by) if args.reply_by else None,
                    args.folder,
                    scope=args.scope or scope_of(chosen, self.services),
                    schedule=args.schedule,
                )
                if json_out:
                    self._json(round_output.created_json(created))
                else:
                    self._lines(round_output.created_lines(created))
            case "list":
                listed = rounds.list_rounds()
                if json_out:
                    self._json(round_output.rounds_json(listed))
                else:
                    self._lines(round_output.round_lines(listed))
            case "status":
                status = rounds.round_status(args.round)
                units = status.units
                if args.not_reported:
                    units = rounds.not_reported(status.round.id)
                if json_out:
                    self._json(round_output.status_json(status, units))
                else:
                    self._lines(round_output.status_lines(status, units))
            case "receive":
                received_on = parse_user_date(args.date) if args.date else None
                reports = rounds.receive(args.files, received_on=received_on)
                if json_out:
                    self._json(round_output.receipts_json(reports))
                else:
                    self._lines(round_output.receipt_lines(reports))
                if all(report.outcome is ReceiptOutcome.REFUSED for report in reports):
                    return 1
            case "grid":
                grid = rounds.grid(args.rounds or None)
                if json_out:
                    self._json(round_output.grid_json(grid))
                else:
                    self._lines(round_output.grid_lines(grid))
        return 0

    def _cmd_remind(self, args: argparse.Namespace) -> int:
        reminders = self.services.reminders
        if args.list:
            rows = reminders.list_reminders(unit=args.list_unit or args.unit)
            if args.json:
                self._json({"reminders": [round_output.reminder_json(row) for row in rows]})
            else:
                self._lines(round_output.reminder_lines(rows))
            return 0
        if not args.unit or not args.way:
            raise InvalidInputError(
                "请给出单位和催办方式,例如:remind 疾控股 --way 电话 --said 本周五前报送"
            )
        row = reminders.record(
            args.unit,
            args.items or (),
            way=args.way,
            reminded_on=parse_user_date(args.date) if args.date else None,
            answered_by=args.answered_by,
            said=args.said,
            round_ref=args.round,
        )
        if args.json:
            self._json(round_output.reminder_json(row))
        else:
            self.out(f"已登记催办:{round_output.reminder_line(row)}")
        return 0

    def _cmd_notice(self, args: argparse.Namespace) -> int:
        papers = self.services.papers
        sheets = papers.supervision_sheets(args.round, doc_number=args.number)
        target = args.out.with_suffix(".docx") if args.combined else args.out
        files = papers.write_sheets(sheets, target, combined=args.combined)
        if args.json:
            self._json(round_output.sheets_json(sheets, files))
        else:
            self._lines(round_output.sheets_lines(sheets, files))
        return 0

    def _cmd_report(self, args: argparse.Namespace) -> int:
        papers = self.services.papers
        notice = papers.notice(args.round, doc_number=args.number)
        path = papers.write_notice(notice, args.out.with_suffix(".docx"))
        if args.json:
            self._json(round_output.notice_json(notice, path))
        else:
            self.out(f"已生成通报:{path}")
            self.out(
                f"  {notice.title}:共 {notice.overall.total} 项,逾期 {notice.overall.overdue} 项"
            )
        return 0

    def _cmd_meeting_pack(self, args: argparse.Namespace) -> int:
        if self._print_pdf is None:
            raise InvalidInputError("此环境不能生成 PDF。")
        pack = self.services.meeting_packs.write(
            args.folder,
            self._print_pdf,
            round_ref=args.round,
            today=self.services.context.today(),
        )
        if args.json:
            self._json(round_output.pack_json(pack))
        else:
            self.out(f"已生成会议材料:{pack.folder}")
            self._lines([f"  {path.relative_to(pack.folder)}" for path in pack.files])
        return 0

    def _cmd_print_pdf(self, args: argparse.Namespace) -> int:
        if self._print_pdf is None:
            raise InvalidInputError("此环境不能生成 PDF。")
        rows = self.services.items.list_items(item_filter_from(args))
        if not rows:
            raise InvalidInputError("没有符合条件的事项,未生成清单。")
        title = args.title or self.services.exports.checklist_title()
        path = self._print_pdf(args.out, title, rows, self.services.context.today())
        self.out(f"已保存督查清单:{path}(共 {len(rows)} 项)")
        return 0

    def _cmd_restore(self, args: argparse.Namespace) -> int:
        if self._recovery is None:
            raise InvalidInputError("此环境不能恢复备份。")
        backups = self._recovery.list()
        if not args.backup:
            if args.json:
                self._json(output.backups_json(backups))
            else:
                self._lines(output.backup_lines(backups, self._recovery.folder))
            return 0
        chosen = self._recovery.choose(args.backup)
        try:
            safety = self.services.backups.restore(chosen)
        except DamagedDatabaseError:
            kept = self._recovery.replace_damaged(chosen)
            self.out(f"当前数据库已损坏,已原样保留为 {kept}。")
        else:
            self.out(f"恢复前的数据库已备份到 {safety}。")
        self.out(f"已从 {chosen} 恢复。")
        return 0

    def _cmd_backup(self, args: argparse.Namespace) -> int:
        target = self.services.backups.backup(to=args.to)
        self.out(f"已备份到 {target}")
        return 0

    def _cmd_migrate_db(self, args: argparse.Namespace) -> int:
        report = self.services.transfers.copy_to(
            args.to,
            started=None if args.json else lambda a, b: self.out(f"正在把 {a} 复制到 {b} …"),
            progress=None if args.json else lambda table, rows: self.out(f"  {table}:{rows} 行"),
        )
        if args.json:
            self._json(output.transfer_json(report))
        else:
            self._lines(output.transfer_lines(report))
        return 0
