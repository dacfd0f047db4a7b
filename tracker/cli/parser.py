"""The command line's arguments: the parser of ``python main.py`` and its argument types."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker import APP_NAME, __version__
from tracker.domain import MAX_ID

EPILOG = "数据库位置:--db 或环境变量 TRACKER_DB(文件路径或 SQLAlchemy 地址)。"


#: argparse's own words in its help, and how a clerk reads them.
_HELP_WORDS = (
    ("usage: ", "用法:"),
    ("positional arguments:", "参数:"),
    ("options:", "选项:"),
    ("show this help message and exit", "显示本帮助并退出"),
    ("show program's version number and exit", "显示版本号并退出"),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An argument parser whose own messages are in Chinese."""

    def format_usage(self) -> str:
        """The usage line, headed 用法."""
        return _chinese(super().format_usage())

    def format_help(self) -> str:
        """The help, with argparse's own headings and words in Chinese."""
        return _chinese(super().format_help())

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


def _chinese(text: str) -> str:
    for english, chinese in _HELP_WORDS:
        text = text.replace(english, chinese)
    return text


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

    _add_rounds(command, db_option)

    p = command("print-pdf", "把督查清单保存为 PDF(A4 横向)")
    p.add_argument("out", type=Path, metavar="OUT.pdf", help="要保存的 PDF 文件")
    p.add_argument("--title", help="标题(默认:<单位名称>督查清单)")
    _add_filters(p)

    p = command(
        "stats", "按单位统计:总数、已办结、正在推进、未启动、逾期、最长逾期天数、按时办结率"
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    _add_filters(p)

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


def _add_rounds(
    command: Callable[[str, str], argparse.ArgumentParser], db_option: ChineseArgumentParser
) -> None:
    """``round …``, ``remind``, and the papers (``notice``, ``report``, ``meeting-pack``)."""
    p = command(
        "round",
        "调度(填报轮次):create 创建 / list 列表 / status 报送情况 / receive 收表 / grid 总表",
    )
    rounds = p.add_subparsers(
        dest="round_command", metavar="操作", required=True, parser_class=ChineseArgumentParser
    )
    r = rounds.add_parser(
        "create",
        help="创建调度:为每个牵头(责任)单位生成填报表,另附发送清单",
        description="创建调度:为所选事项的每个牵头(责任)单位生成一份填报表(预填最近一次进展),"
        "另附发送清单。不指定 --status 时只含在办事项(待办理、推进中、已延期)。",
        parents=[db_option],
    )
    r.add_argument("--name", required=True, metavar="名称", help="调度名称,如 2025年6月调度")
    r.add_argument("--reply-by", metavar="日期", help="报送截止日期,如 2025-07-05")
    r.add_argument(
        "--schedule", metavar="周期", help="调度周期,如 每月5日前;未给截止日期时取其下一个日期"
    )
    r.add_argument(
        "--folder", required=True, type=Path, metavar="文件夹", help="填报表保存到此文件夹"
    )
    r.add_argument(
        "--scope", default="", metavar="说明", help="本次调度的范围说明(默认按筛选条件生成)"
    )
    r.add_argument("--json", action="store_true", help="以 JSON 输出")
    _add_filters(r)
    r = rounds.add_parser("list", help="列出调度及未报单位数", parents=[db_option])
    r.add_argument("--json", action="store_true", help="以 JSON 输出")
    r = rounds.add_parser(
        "status", help="一次调度中各单位的报送情况:已报、迟报、未报", parents=[db_option]
    )
    r.add_argument("round", metavar="调度", help="调度编号或名称")
    r.add_argument("--not-reported", action="store_true", help="只列未报送的单位(催办名单)")
    r.add_argument("--json", action="store_true", help="以 JSON 输出")
    r = rounds.add_parser(
        "receive", help="收回单位返回的填报表(可一次多个),记入进展并登记报送", parents=[db_option]
    )
    r.add_argument("files", nargs="+", type=Path, metavar="文件", help="单位返回的 .xlsx 文件")
    r.add_argument("--date", metavar="日期", help="收到日期(默认今天),决定按时或迟报")
    r.add_argument("--json", action="store_true", help="以 JSON 输出")
    r = rounds.add_parser("grid", help="各单位历次调度报送情况总表", parents=[db_option])
    r.add_argument("rounds", nargs="*", metavar="调度", help="调度编号或名称(默认全部)")
    r.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = command("remind", "登记催办(电话、书面、当面、会议);--list 查看催办记录")
    p.add_argument("unit", nargs="?", metavar="单位", help="被催办的单位")
    p.add_argument("--way", metavar="方式", help="催办方式:电话、书面、当面、会议")
    p.add_argument("--said", default="", metavar="内容", help="答复内容或催办情况")
    p.add_argument("--answered-by", metavar="姓名", help="接听人(答复人)")
    p.add_argument("--date", metavar="日期", help="催办日期(默认今天)")
    p.add_argument("--round", metavar="调度", help="所催办的调度(编号或名称)")
    p.add_argument(
        "--items",
        type=item_id,
        nargs="+",
        metavar="ID",
        help="涉及的事项编号(默认:该单位在该调度中的事项)",
    )
    p.add_argument("--list", action="store_true", help="列出催办记录(可加 --unit)")
    p.add_argument("--unit", dest="list_unit", metavar="单位", help="与 --list 同用:只列该单位")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = command("notice", "生成督办单(Word):每个有逾期、临期或迟报事项的单位一份")
    p.add_argument(
        "out", type=Path, metavar="输出", help="文件夹(每单位一个文件)或 .docx(--combined)"
    )
    p.add_argument("--round", metavar="调度", help="按这次调度生成(编号或名称;默认全部事项)")
    p.add_argument("--combined", action="store_true", help="全部单位放在一个文件里,便于打印")
    p.add_argument("--number", default="", metavar="文号", help="文号,如 X卫督〔2025〕3号")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = command("report", "生成推进情况通报初稿(Word),数字与 stats 一致")
    p.add_argument("out", type=Path, metavar="输出", help="要保存的 .docx 文件")
    p.add_argument("--round", metavar="调度", help="按这次调度的事项,并列出未报送单位")
    p.add_argument("--number", default="", metavar="文号", help="文号,如 X卫督〔2025〕5号")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = command("meeting-pack", "会议材料:台账、通报、督办单和督查清单,生成到一个带日期的文件夹")
    p.add_argument("folder", type=Path, metavar="文件夹", help="在此文件夹中新建会议材料文件夹")
    p.add_argument("--round", metavar="调度", help="通报和督办单按这次调度(默认全部事项)")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")


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
