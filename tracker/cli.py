"""The command line: every subcommand calls the same services as the window."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tracker import APP_NAME, __version__
from tracker.domain import MAX_ID, Status, UnitKind, format_cn_date, parse_user_date
from tracker.dto import (
    KEEP,
    ItemChanges,
    ItemFilter,
    ItemRow,
    NewDelay,
    NewProgress,
)
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


EPILOG = "数据库位置:--db 或环境变量 TRACKER_DB(文件路径或 SQLAlchemy 地址)。"


class ChineseArgumentParser(argparse.ArgumentParser):
    """An argument parser whose own messages are in Chinese."""

    def error(self, message: str) -> Any:
        """Print a one-line usage error and exit with status 2."""
        translated = (
            message.replace("the following arguments are required", "缺少参数")
            .replace("unrecognized arguments", "无法识别的参数")
            .replace("invalid choice", "无效的选项")
            .replace("expected one argument", "需要一个值")
            .replace("argument ", "参数 ")
        )
        self.exit(2, f"{self.prog}: 错误:{translated}\n")


def item_id(text: str) -> int:
    """An id typed on the command line: a whole number a database can hold."""
    if re.fullmatch(r"[0-9]{1,19}", text.strip()) and 0 < int(text) <= MAX_ID:
        return int(text)
    raise argparse.ArgumentTypeError(f"编号“{text[:30]}”无效,应为正整数(如 12)")


#: The furthest ahead ``--due-within`` looks (a hundred years).
MAX_DAYS = 36_500


def days(text: str) -> int:
    """A number of days typed on the command line."""
    if re.fullmatch(r"[0-9]{1,6}", text.strip()) and int(text) <= MAX_DAYS:
        return int(text)
    raise argparse.ArgumentTypeError(f"天数“{text[:30]}”无效,应为 0 到 {MAX_DAYS} 之间的整数")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``python main.py``'s arguments."""
    db_option = ChineseArgumentParser(add_help=False)
    db_option.add_argument(
        "--db", default=argparse.SUPPRESS, metavar="路径或地址", help="要使用的台账数据库"
    )
    parser = ChineseArgumentParser(
        prog="main.py",
        description=f"{APP_NAME}:把政策文件变成督办台账。不带参数时打开窗口。",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", default=None, metavar="路径或地址", help="要使用的台账数据库")
    commands = parser.add_subparsers(
        dest="command", metavar="命令", parser_class=ChineseArgumentParser
    )

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, parents=[db_option])

    p = command("import", "导入文件(.docx .txt .xlsx 等),拆分为事项")
    p.add_argument("file", type=Path, help="要导入的文件")
    p.add_argument("--dry-run", action="store_true", help="只解析并显示结果,不写入数据库")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = command("list", "列出事项")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    _add_filters(p)

    p = command("show", "显示一个事项的详情、进展、延期和修改记录")
    p.add_argument("id", type=item_id, help="事项编号")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = command("assign", "为一个或多个事项指定单位、责任人、责任领导或完成时限")
    p.add_argument("ids", type=item_id, nargs="+", metavar="ID", help="事项编号")
    p.add_argument("--lead", action="append", metavar="单位", help="牵头单位(可重复)")
    p.add_argument("--support", action="append", metavar="单位", help="配合单位(可重复)")
    p.add_argument("--owner", metavar="姓名", help="责任人")
    p.add_argument("--leader", metavar="姓名", help="责任领导")
    p.add_argument("--due", metavar="日期", help="完成时限,如 2024-06-30")

    p = command("progress", "为事项添加一条进展")
    p.add_argument("id", type=item_id, help="事项编号")
    p.add_argument("--text", required=True, help="进展情况")
    p.add_argument("--date", help="进展日期(默认今天)")
    p.add_argument("--problems", default="", help="存在问题")
    p.add_argument("--next", default="", dest="next_steps", help="下步计划")
    p.add_argument("--by", dest="reported_by", help="报送人")

    p = command("status", "修改事项状态:待办理、推进中、已办结、已延期、已取消")
    p.add_argument("args", nargs="+", metavar="ID... 状态", help="一个或多个事项编号,最后是状态")

    p = command("delay", "记录事项延期(保留原时限)")
    p.add_argument("id", type=item_id, help="事项编号")
    p.add_argument("--to", required=True, help="新的完成时限")
    p.add_argument("--reason", required=True, help="延期原因")

    p = command("units", "单位目录:list / add / rename / merge / alias")
    unit_commands = p.add_subparsers(
        dest="unit_command", metavar="操作", required=True, parser_class=ChineseArgumentParser
    )
    u = unit_commands.add_parser("list", help="列出单位", parents=[db_option])
    u.add_argument("--json", action="store_true", help="以 JSON 输出")
    u = unit_commands.add_parser("add", help="新增单位", parents=[db_option])
    u.add_argument("name", help="单位名称")
    u.add_argument("--short", help="简称")
    u.add_argument("--kind", default="internal", help="类别:内设股室、下属单位、外部单位")
    u.add_argument("--contact", help="联系人")
    u.add_argument("--phone", help="电话")
    u = unit_commands.add_parser("rename", help="单位更名(旧名保留为别名)", parents=[db_option])
    u.add_argument("old", help="原名称")
    u.add_argument("new", help="新名称")
    u = unit_commands.add_parser("merge", help="把一个单位并入另一个", parents=[db_option])
    u.add_argument("source", help="被合并的单位")
    u.add_argument("target", help="并入的单位")
    u = unit_commands.add_parser("alias", help="为单位增加别名", parents=[db_option])
    u.add_argument("unit", help="单位名称")
    u.add_argument("alias", help="别名")

    p = command("people", "人员:list / add")
    people_commands = p.add_subparsers(
        dest="people_command", metavar="操作", required=True, parser_class=ChineseArgumentParser
    )
    u = people_commands.add_parser("list", help="列出人员", parents=[db_option])
    u.add_argument("--json", action="store_true", help="以 JSON 输出")
    u = people_commands.add_parser("add", help="新增人员", parents=[db_option])
    u.add_argument("name", help="姓名")
    u.add_argument("--unit", help="所在单位")
    u.add_argument("--phone", help="电话")

    p = command("export", "导出督办台账(Excel)")
    p.add_argument(
        "out", type=Path, metavar="OUT", help="要保存的 .xlsx 文件(--by-unit files 时为文件夹)"
    )
    p.add_argument(
        "--by-unit", choices=["sheets", "files"], help="按牵头单位分表(sheets)或分文件(files)"
    )
    p.add_argument("--columns", help="导出的列,用逗号分隔,如:序号,工作任务,牵头单位,完成时限,状态")
    p.add_argument("--title", help="标题(默认:<单位名称><年份>工作要点督办台账)")
    p.add_argument(
        "--all-progress", action="store_true", help="进展情况列出全部记录(默认只列最新一条)"
    )
    p.add_argument("--fill-in", action="store_true", help="附“本期进展、存在问题、下步计划”填报栏")
    p.add_argument(
        "--fonts",
        choices=["official", "common"],
        default="official",
        help="official:仿宋_GB2312/黑体/方正小标宋简体;common:宋体/黑体",
    )
    p.add_argument("--no-headings", action="store_true", help="不按标题分组")
    _add_filters(p)

    p = command("import-progress", "导入单位填报后返回的台账,把进展记为新的进展记录")
    p.add_argument("file", type=Path, help="单位返回的 .xlsx 文件")
    p.add_argument("--dry-run", action="store_true", help="只显示将要做的修改,不写入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = command("print-pdf", "把督查清单保存为 PDF(A4 横向)")
    p.add_argument("out", type=Path, metavar="OUT.pdf", help="要保存的 PDF 文件")
    p.add_argument("--title", help="标题(默认:<单位名称>督查清单)")
    _add_filters(p)

    p = command("stats", "按单位统计:总数、已办结、推进中、逾期、按时办结率")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = command("backup", "备份数据库")
    p.add_argument("--to", type=Path, metavar="路径", help="备份到此文件夹或文件")

    p = command(
        "migrate-db",
        "把当前台账完整复制到另一个数据库(如共享的 PostgreSQL 服务器),逐表核对行数和校验值",
    )
    p.add_argument(
        "--to",
        required=True,
        metavar="地址",
        help="目标数据库,须为空,如 postgresql+psycopg://用户:密码@服务器:5432/数据库",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = command("restore", "从备份恢复数据库(恢复前自动备份当前数据库);不带参数时列出备份")
    p.add_argument(
        "backup",
        nargs="?",
        metavar="备份文件",
        help="要恢复的备份文件;写 latest 表示最新的可用备份",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 列出备份")

    return parser


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--document", type=item_id, metavar="ID", help="来源文件编号")
    parser.add_argument("--unit", metavar="单位", help="责任单位(任一角色)")
    parser.add_argument("--person", metavar="姓名", help="责任人")
    parser.add_argument("--status", action="append", metavar="状态", help="状态(可重复)")
    parser.add_argument("--due-before", metavar="日期", help="完成时限不晚于")
    parser.add_argument("--due-after", metavar="日期", help="完成时限不早于")
    parser.add_argument("--overdue", action="store_true", help="只列逾期事项")
    parser.add_argument("--due-within", type=days, metavar="天数", help="只列N天内到期的事项")
    parser.add_argument("--search", default="", metavar="文字", help="按文字搜索")


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
        self.out(json.dumps(data, ensure_ascii=False, indent=2))

    def _cmd_import(self, args: argparse.Namespace) -> int:
        if args.dry_run:
            # A dry run never opens (or creates) the ledger, so the directory's names are not
            # known to it: it shows what the file alone says.
            from tracker.importing import parse_file

            result = parse_file(args.file)
        else:
            result = self.services.imports.parse_file(args.file)
        if args.dry_run:
            if args.json:
                self._json(result.to_json())
            else:
                self._print_parse(result)
            return 0
        if result.item_count == 0:
            raise DocumentError(
                f"“{args.file.name}”中没有找到带编号的工作任务,未导入。",
                hint="可用 --dry-run 查看解析结果。",
            )
        report = self.services.imports.store(result, file_name=args.file.name)
        if args.json:
            self._json(report.to_json())
            return 0
        self.out(
            f"已导入 {report.items_created} 项事项(来自 {len(report.documents_created)} 份文件)。"
        )
        for title in report.duplicates:
            self.out(f"已跳过:“{title}”此前已导入过。")
        if report.new_units:
            self.out("新增单位(请在单位管理中核对):" + "、".join(report.new_units))
        return 0

    def _print_parse(self, result: Any) -> None:
        for document in result.documents:
            self.out(f"《{document.title or '未命名文件'}》 {len(document.items)} 项")
            for item in document.items:
                units = "、".join(unit.name for unit in item.units)
                self.out(
                    f"  {item.number or '-'} {item.title}  [{units}] {item.deadline_text or ''}"
                )
        for warning in result.warnings:
            self.out(f"提示:{warning}")
        if result.unassigned:
            self.out(f"未归入事项的文字 {len(result.unassigned)} 段")

    def _cmd_list(self, args: argparse.Namespace) -> int:
        rows = self.services.items.list_items(item_filter_from(args))
        if args.json:
            self._json({"items": [row.to_json() for row in rows], "count": len(rows)})
            return 0
        for row in rows:
            self.out(_row_line(row))
        self.out(f"共 {len(rows)} 项")
        return 0

    def _cmd_show(self, args: argparse.Namespace) -> int:
        detail = self.services.items.get_item(args.id)
        if args.json:
            self._json(detail.to_json())
            return 0
        row = detail.row
        self.out(f"[{row.id}] {row.title}")
        if row.heading_path:
            self.out("所属:" + " > ".join(row.heading_path))
        if row.document_title:
            self.out(f"来源:{row.document_title}")
        self.out(f"牵头单位:{'、'.join(row.lead_units) or '-'}")
        self.out(f"配合单位:{'、'.join(row.support_units) or '-'}")
        self.out(f"责任人:{row.owner_name or '-'}  责任领导:{row.leader or '-'}")
        self.out(f"完成时限:{row.deadline_text or '-'}({format_cn_date(row.due_date) or '未定'})")
        self.out(f"状态:{row.status.label}({row.warning.label})")
        self.out(f"内容:{row.content}")
        for entry in detail.progress:
            self.out(f"进展 {entry.entry_date.isoformat()}:{entry.text}")
        for delay in detail.delays:
            old = delay.old_due_date.isoformat() if delay.old_due_date else "未定"
            self.out(f"延期 {old} → {delay.new_due_date.isoformat()}:{delay.reason}")
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
                    self._json({"units": [unit.to_json() for unit in units]})
                    return 0
                for unit in units:
                    aliases = f"(别名:{'、'.join(unit.aliases)})" if unit.aliases else ""
                    mark = " [待核对]" if unit.needs_review else ""
                    self.out(f"{unit.name}{aliases}  {unit.item_count} 项{mark}")
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
            self._json({"people": [person.to_json() for person in people]})
            return 0
        for person in people:
            self.out(f"{person.name}  {person.unit_name or '-'}  {person.phone or ''}")
        return 0

    def _cmd_stats(self, args: argparse.Namespace) -> int:
        report = self.services.reports.stats()
        if args.json:
            self._json(report.to_json())
            return 0
        self.out(report.sentence)
        self.out("单位\t总数\t已办结\t推进中\t逾期\t按时办结率")
        for unit in (*report.units, report.overall):
            rate = f"{unit.on_time_rate:.0%}" if unit.on_time_rate is not None else "-"
            self.out(
                f"{unit.unit_name}\t{unit.total}\t{unit.done}\t{unit.in_progress}\t"
                f"{unit.overdue}\t{rate}"
            )
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
        for path in files:
            self.out(f"已导出:{path}")
        return 0

    def _cmd_import_progress(self, args: argparse.Namespace) -> int:
        service = self.services.progress_imports
        plan = service.preview(args.file)
        if args.dry_run or not plan.changes:
            if args.json:
                self._json({"plan": plan.to_json(), "applied": None})
            else:
                self._print_plan(plan)
            return 0
        report = service.apply(plan)
        if args.json:
            self._json({"plan": plan.to_json(), "applied": report.to_json()})
            return 0
        self._print_plan(plan)
        self.out(f"已添加 {report.entries_added} 条进展,修改 {report.statuses_changed} 项状态。")
        if report.repeated:
            self.out(f"{report.repeated} 条进展已在之前导入过,未重复记入。")
        for line in report.skipped_conflicts:
            self.out(f"未采用:{line}")
        return 0

    def _print_plan(self, plan: Any) -> None:
        repeated = f",{plan.repeated} 行已在之前导入过" if plan.repeated else ""
        self.out(
            f"“{plan.source}”:{len(plan.changes)} 项有新内容,{plan.unchanged} 项无变化{repeated}。"
        )
        for change in plan.changes:
            status = (
                f" 状态:{change.old_status.label}→{change.new_status.label}"
                if change.new_status
                else ""
            )
            conflict = "(导出后已修改)" if change.conflict else ""
            self.out(f"  {change.title}{conflict}:{change.progress[:40]}{status}")
        for line in plan.unmatched:
            self.out(f"无法对应:{line}")
        for line in plan.problems:
            self.out(f"提示:{line}")

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
                self._json(
                    {
                        "backups": [
                            {
                                "path": str(b.path),
                                "made_at": b.made_at.isoformat(sep=" "),
                                "reason": b.reason,
                            }
                            for b in backups
                        ]
                    }
                )
                return 0
            for backup in backups:
                self.out(
                    f"{backup.made_at:%Y-%m-%d %H:%M:%S}  {backup.reason_label}  {backup.path}"
                )
            if not backups:
                self.out(f"备份文件夹中没有备份:{self._recovery.folder}")
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
        from tracker.db import database_url, open_database
        from tracker.db.transfer import copy_ledger

        source = self.services.db
        if database_url(args.to) == source.url:
            raise InvalidInputError("目标数据库就是当前台账,无需复制。")
        target = open_database(args.to, backups_dir=self.services.backups.folder)
        try:
            if not args.json:
                self.out(f"正在把 {source.describe()} 复制到 {target.describe()} …")
            report = copy_ledger(
                source,
                target,
                None if args.json else lambda table, rows: self.out(f"  {table}:{rows} 行"),
            )
        finally:
            target.dispose()
        if args.json:
            self._json(report.to_json())
            return 0
        self.out(
            f"完成:共 {report.total_rows} 行,{len(report.tables)} 张表的行数和校验值全部一致。"
        )
        self.out(f"校验值(SHA-256):{report.checksum}")
        self.out(f"以后使用共享数据库:main.py --db {target.describe()}")
        return 0


def _row_line(row: ItemRow) -> str:
    due = row.due_date.isoformat() if row.due_date else (row.deadline_text or "-")
    lead = "、".join(row.lead_units) or "-"
    return f"{row.id:>5}  {row.status.label}  {due:<10}  {lead}  {row.title}"


def configure_output(streams: Sequence[Any] | None = None) -> None:
    """Write UTF-8 to pipes and files, whatever the console's code page."""
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and not stream.closed and not stream.isatty():
            stream.reconfigure(encoding="utf-8", errors="replace")
