"""What a ledger export is asked for: its columns, fonts and options, and the data to write.

Kept apart from the workbook writer so the window and the services can name them without
loading openpyxl, which is only imported when a workbook is actually written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from tracker.domain import FontChoice, document_year
from tracker.dto import DocumentRow, ItemRow, ProgressRow, StatsReport
from tracker.errors import InvalidInputError


@dataclass(frozen=True)
class LedgerColumn:
    """One column of the ledger: header, width bounds and how its cells look."""

    key: str
    header: str
    min_width: float
    max_width: float
    align: str = "left"
    fill_in: bool = False


COLUMNS: dict[str, LedgerColumn] = {
    column.key: column
    for column in [
        LedgerColumn("number", "序号", 5, 6, "center"),
        LedgerColumn("title", "工作任务", 16, 28),
        LedgerColumn("content", "具体内容", 24, 56),
        LedgerColumn("lead", "牵头单位", 10, 18, "center"),
        LedgerColumn("support", "配合单位", 10, 20, "center"),
        LedgerColumn("leader", "责任领导", 8, 10, "center"),
        LedgerColumn("owner", "责任人", 8, 10, "center"),
        LedgerColumn("deadline", "完成时限", 10, 16, "center"),
        LedgerColumn("due", "截止日期", 16, 17, "center"),
        LedgerColumn("progress", "进展情况", 20, 40),
        LedgerColumn("status", "状态", 8, 8, "center"),
        LedgerColumn("remarks", "备注", 8, 16),
        LedgerColumn("report", "本期进展", 16, 30, fill_in=True),
        LedgerColumn("problems", "存在问题", 12, 20, fill_in=True),
        LedgerColumn("next_steps", "下步计划", 12, 20, fill_in=True),
    ]
}
#: The columns a meeting reads (issue 14): few enough that a 12 pt body prints at 100% on
#: A4 landscape; the long 具体内容 wraps the row heights of a whole ledger to pages.
DEFAULT_COLUMNS = ("number", "title", "lead", "support", "deadline", "progress", "status")
#: Every column with the full task text: the option for a complete record.
FULL_COLUMNS = (
    "number",
    "title",
    "content",
    "lead",
    "support",
    "leader",
    "owner",
    "deadline",
    "due",
    "progress",
    "status",
    "remarks",
)
FILL_IN_COLUMNS = ("report", "problems", "next_steps")


def parse_columns(text: str) -> tuple[str, ...]:
    """Columns named by key or Chinese header, separated by commas, in the order given.

    Raises:
        InvalidInputError: when a name is not a ledger column.
    """
    by_header = {column.header: key for key, column in COLUMNS.items()}
    keys = []
    for name in (part.strip() for part in text.replace("，", ",").split(",")):
        if not name:
            continue
        key = name if name in COLUMNS else by_header.get(name)
        if key is None:
            choices = "、".join(column.header for column in COLUMNS.values())
            raise InvalidInputError(f"没有“{name}”这一列。可选:{choices}")
        keys.append(key)
    if not keys:
        raise InvalidInputError("请至少选择一列。")
    return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class FontSet:
    """Fonts of title, header and body; Excel and WPS substitute missing ones with 宋体."""

    title: str
    header: str
    body: str


FONT_SETS = {
    FontChoice.OFFICIAL: FontSet(title="方正小标宋简体", header="黑体", body="仿宋_GB2312"),
    FontChoice.COMMON: FontSet(title="宋体", header="黑体", body="宋体"),
}


@dataclass(frozen=True)
class LedgerOptions:
    """What the export dialog (or the command line) chose."""

    title: str
    unit_name: str = ""
    as_of: date = field(default_factory=date.today)
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    group_by_heading: bool = True
    all_progress: bool = False
    fill_in: bool = False
    font_set: FontChoice = FontChoice.OFFICIAL
    include_stats: bool = True
    warning_days: int = 7
    #: A reporting round's workbook: the round tag (``R:…``, see ``domain.format_round_tag``)
    #: written into the hidden key column of the title row; empty for any other export.
    round_tag: str = ""

    def __post_init__(self) -> None:
        # The command line and the dialog's combo box hand the font set over by its code.
        object.__setattr__(self, "font_set", FontChoice.parse(self.font_set))


@dataclass(frozen=True)
class LedgerData:
    """The items to write, their progress histories, their documents and the statistics."""

    rows: Sequence[ItemRow]
    progress: dict[int, Sequence[ProgressRow]] = field(default_factory=dict)
    stats: StatsReport | None = None
    documents: Mapping[int, DocumentRow] = field(default_factory=dict)


def ledger_title(bureau: str, documents: Sequence[DocumentRow]) -> str:
    """The title a ledger of ``documents`` gets, from the documents themselves.

    One document: its own title + 督办台账. Several written in one year:
    "<单位名称><年份>年督办台账"; over several years "<单位名称>2015—2018年督办台账"; when a
    year is unknown, no year at all (never today's: the documents say which year it is).
    """
    unique = list({document.id: document for document in documents}.values())
    if len(unique) == 1:
        title = unique[0].title.strip()
        return title if title.endswith("督办台账") else f"{title}督办台账"
    years = [document_year(document.doc_date, document.title) for document in unique]
    known = sorted({year for year in years if year is not None})
    if not known or len(known) != len(set(years)):
        return f"{bureau}督办台账"
    if len(known) == 1:
        return f"{bureau}{known[0]}年督办台账"
    return f"{bureau}{known[0]}—{known[-1]}年督办台账"


def document_heading(document: DocumentRow | None) -> str:
    """The header row of a document's tasks in a ledger of several: 《标题》(文号)."""
    if document is None:
        return "未关联文件的事项"
    number = (document.doc_number or "").strip()
    return f"《{document.title}》({number})" if number else f"《{document.title}》"
