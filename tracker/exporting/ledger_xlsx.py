"""The supervision ledger (督办台账) as a workbook a clerk can print without touching it.

A merged title, a line with the unit and the date, a legend, a bold grey header repeated on
every page, heading rows, wrapped text with row heights computed here (Excel never grows rows
of a file a library wrote), borders everywhere, warning fills, A4 landscape fitted to one page
wide with page numbers, a 统计 sheet with a native bar chart, and a hidden key column that lets
a filled-in copy find its items again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tracker.domain import SHEET_KEY_HEADER, Status, Warning, format_cn_date, format_sheet_key
from tracker.dto import ItemRow, ProgressRow, StatsReport
from tracker.errors import InvalidInputError
from tracker.exporting.files import safe_file_name, write_atomically
from tracker.exporting.layout import fitted_width, line_count


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
        LedgerColumn("report", "本期进展", 24, 30, fill_in=True),
        LedgerColumn("problems", "存在问题", 16, 20, fill_in=True),
        LedgerColumn("next_steps", "下步计划", 16, 20, fill_in=True),
    ]
}
DEFAULT_COLUMNS = (
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
    "official": FontSet(title="方正小标宋简体", header="黑体", body="仿宋_GB2312"),
    "common": FontSet(title="宋体", header="黑体", body="宋体"),
}

FILLS = {
    Warning.OVERDUE: "F8CBAD",
    Warning.DUE_SOON: "FFE699",
    Warning.DONE: "C6E0B4",
}
HEADER_FILL = "D9D9D9"
HEADING_FILL = "F2F2F2"
LINE_HEIGHT = 16.0
MAX_ROW_HEIGHT = 409.0


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
    font_set: str = "official"
    include_stats: bool = True
    warning_days: int = 7


@dataclass(frozen=True)
class LedgerData:
    """The items to write, their progress histories and the statistics."""

    rows: Sequence[ItemRow]
    progress: dict[int, Sequence[ProgressRow]] = field(default_factory=dict)
    stats: StatsReport | None = None


Progress = Callable[[int, int], None]


def write_ledger(
    path: Path,
    data: LedgerData,
    options: LedgerOptions,
    progress: Progress | None = None,
    *,
    split_sheets: bool = False,
) -> Path:
    """Write the ledger to ``path`` (one sheet, or one sheet per lead unit).

    Raises:
        FileBusyError: when ``path`` is open in Excel or WPS.
        UserError: when it cannot be written.
    """
    workbook = _workbook(options)
    if split_sheets:
        groups = group_by_lead_unit(data.rows)
        done = 0
        for unit, rows in groups:
            sheet = workbook.create_sheet(_sheet_title(unit, workbook))
            title = f"{unit}督办单" if unit else options.title
            _fill_sheet(sheet, rows, data, options, title, progress, done, len(data.rows))
            done += len(rows)
    else:
        sheet = workbook.create_sheet("督办台账")
        _fill_sheet(sheet, data.rows, data, options, options.title, progress, 0, len(data.rows))
    if options.include_stats and data.stats is not None and data.stats.units:
        _stats_sheet(workbook.create_sheet("统计"), data.stats, options)
    return write_atomically(path, workbook.save)


def write_ledger_per_unit(
    folder: Path, data: LedgerData, options: LedgerOptions, progress: Progress | None = None
) -> list[Path]:
    """Write one workbook per lead unit into ``folder``; return the files."""
    written = []
    done = 0
    for unit, rows in group_by_lead_unit(data.rows):
        name = safe_file_name(f"{unit or '未分配单位'}督办台账") + ".xlsx"
        unit_options = LedgerOptions(
            title=f"{unit}督办单" if unit else options.title,
            unit_name=options.unit_name,
            as_of=options.as_of,
            columns=options.columns,
            group_by_heading=options.group_by_heading,
            all_progress=options.all_progress,
            fill_in=options.fill_in,
            font_set=options.font_set,
            include_stats=False,
            warning_days=options.warning_days,
        )
        unit_data = LedgerData(rows=rows, progress=data.progress)

        def report(current: int, _total: int, base: int = done) -> None:
            if progress is not None:
                progress(base + current, len(data.rows))

        written.append(write_ledger(folder / name, unit_data, unit_options, report))
        done += len(rows)
    return written


def group_by_lead_unit(rows: Sequence[ItemRow]) -> list[tuple[str, list[ItemRow]]]:
    """Items grouped by their first lead (or responsible) unit, in order of first appearance."""
    groups: dict[str, list[ItemRow]] = {}
    for row in rows:
        leads = row.lead_units
        groups.setdefault(leads[0] if leads else "", []).append(row)
    return sorted(groups.items(), key=lambda pair: pair[0] == "")


# ---- styles --------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _workbook(options: LedgerOptions) -> Workbook:
    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    fonts = FONT_SETS.get(options.font_set, FONT_SETS["official"])
    styles = [
        NamedStyle(
            "ledger_title",
            font=Font(name=fonts.title, size=20),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "ledger_meta",
            font=Font(name=fonts.body, size=12),
            alignment=Alignment(horizontal="left", vertical="center"),
        ),
        NamedStyle(
            "ledger_meta_right",
            font=Font(name=fonts.body, size=12),
            alignment=Alignment(horizontal="right", vertical="center"),
        ),
        NamedStyle(
            "ledger_header",
            font=Font(name=fonts.header, size=12, bold=True),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            border=_BORDER,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "ledger_heading",
            font=Font(name=fonts.header, size=12, bold=True),
            fill=PatternFill("solid", fgColor=HEADING_FILL),
            border=_BORDER,
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "ledger_legend",
            font=Font(name=fonts.body, size=10),
            alignment=Alignment(horizontal="left", vertical="center"),
        ),
    ]
    for warning in (None, *FILLS):
        suffix = warning.value if warning else "normal"
        fill = PatternFill("solid", fgColor=FILLS[warning]) if warning else PatternFill()
        for align in ("left", "center"):
            styles.append(
                NamedStyle(
                    f"ledger_{align}_{suffix}",
                    font=Font(name=fonts.body, size=12),
                    border=_BORDER,
                    fill=fill,
                    alignment=Alignment(horizontal=align, vertical="center", wrap_text=True),
                )
            )
        styles.append(
            NamedStyle(
                f"ledger_date_{suffix}",
                font=Font(name=fonts.body, size=12),
                border=_BORDER,
                fill=fill,
                number_format='yyyy"年"m"月"d"日"',
                alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            )
        )
    for style in styles:
        workbook.add_named_style(style)
    return workbook


# ---- the ledger sheet ----------------------------------------------------------------------


def _cell_values(
    row: ItemRow, options: LedgerOptions, data: LedgerData, number: int
) -> dict[str, Any]:
    history = data.progress.get(row.id, ())
    if options.all_progress and history:
        progress = "\n".join(f"{p.entry_date.isoformat()} {p.text}" for p in history)
    elif row.latest_progress:
        when = row.latest_progress_date.isoformat() if row.latest_progress_date else ""
        progress = f"{when} {row.latest_progress}".strip()
    else:
        progress = ""
    return {
        "number": number,
        "title": row.title,
        "content": row.content,
        "lead": "、".join(row.lead_units),
        "support": "、".join(row.support_units),
        "leader": row.leader or "",
        "owner": row.owner_name or "",
        "deadline": row.deadline_text or "",
        "due": row.due_date,
        "progress": progress,
        "status": row.status.label,
        "remarks": row.remarks,
        "report": "",
        "problems": "",
        "next_steps": "",
    }


def _fill_sheet(
    sheet: Worksheet,
    rows: Sequence[ItemRow],
    data: LedgerData,
    options: LedgerOptions,
    title: str,
    progress: Progress | None,
    done: int,
    total: int,
) -> None:
    keys = [key for key in options.columns if key in COLUMNS]
    if options.fill_in:
        keys += [key for key in FILL_IN_COLUMNS if key not in keys]
    columns = [COLUMNS[key] for key in keys]
    width = len(columns) + 1  # the hidden key column
    last = get_column_letter(len(columns))

    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = title
    sheet["A1"].style = "ledger_title"
    sheet.row_dimensions[1].height = 40
    half = max(1, len(columns) // 2)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=half)
    sheet.cell(
        row=2, column=1, value=f"制表单位:{options.unit_name}" if options.unit_name else "制表单位:"
    ).style = "ledger_meta"
    if len(columns) > half:
        sheet.merge_cells(start_row=2, start_column=half + 1, end_row=2, end_column=len(columns))
    sheet.cell(
        row=2, column=min(half + 1, len(columns)), value=f"截至日期:{format_cn_date(options.as_of)}"
    ).style = "ledger_meta_right"
    sheet.row_dimensions[2].height = 22
    _legend(sheet, len(columns), options.warning_days)

    header_row = 4
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=header_row, column=index, value=column.header).style = "ledger_header"
    key_cell = sheet.cell(row=header_row, column=width, value=SHEET_KEY_HEADER)
    key_cell.style = "ledger_header"
    sheet.row_dimensions[header_row].height = 30

    samples: dict[str, list[str]] = {key: [COLUMNS[key].header] for key in keys}
    prepared: list[tuple[str | None, ItemRow | None, dict[str, Any]]] = []
    heading: tuple[str, ...] | None = None
    for number, row in enumerate(rows, start=1):
        if options.group_by_heading and row.heading_path and row.heading_path != heading:
            shown = heading or ()
            for depth, text in enumerate(row.heading_path):
                if depth >= len(shown) or shown[depth] != text:
                    prepared.append((text, None, {}))
            heading = row.heading_path
        values = _cell_values(row, options, data, number)
        for key in keys:
            value = values[key]
            if isinstance(value, str) and len(samples[key]) < 400:
                samples[key].append(value)
        prepared.append((None, row, values))

    widths = {
        key: fitted_width(samples[key], COLUMNS[key].min_width, COLUMNS[key].max_width)
        for key in keys
    }
    for index, key in enumerate(keys, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths[key]
    key_letter = get_column_letter(width)
    sheet.column_dimensions[key_letter].width = 36
    sheet.column_dimensions[key_letter].hidden = True

    status_validation = None
    if options.fill_in and "status" in keys:
        status_validation = DataValidation(
            type="list",
            formula1='"' + ",".join(s.label for s in Status) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="状态",
            error="请从列表中选择状态。",
        )
        sheet.add_data_validation(status_validation)

    current = header_row
    for index, (heading_text, item, values) in enumerate(prepared):
        current += 1
        if heading_text is not None:
            sheet.merge_cells(
                start_row=current, start_column=1, end_row=current, end_column=len(columns)
            )
            sheet.cell(row=current, column=1, value=heading_text).style = "ledger_heading"
            for position in range(2, len(columns) + 1):
                sheet.cell(row=current, column=position).style = "ledger_heading"
            sheet.row_dimensions[current].height = max(
                22, line_count(heading_text, sum(widths.values())) * LINE_HEIGHT + 6
            )
            continue
        assert item is not None
        warning = item.warning.value if item.warning in FILLS else "normal"
        lines = 1
        for column_index, key in enumerate(keys, start=1):
            value = values[key]
            cell: Any = sheet.cell(row=current, column=column_index)
            if key == "due":
                cell.value = value
                cell.style = f"ledger_date_{warning}"
                continue
            _set_text(cell, value)
            cell.style = f"ledger_{COLUMNS[key].align}_{warning}"
            if isinstance(value, str) and value:
                lines = max(lines, line_count(value, widths[key]))
        key_value = format_sheet_key(item.item_key, item.version, item.status)
        sheet.cell(row=current, column=width, value=key_value).style = "ledger_left_normal"
        sheet.row_dimensions[current].height = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 8)
        if status_validation is not None:
            status_validation.add(sheet.cell(row=current, column=keys.index("status") + 1))
        if progress is not None and index % 200 == 0:
            progress(done + values["number"], total)

    _print_setup(sheet, header_row, len(columns))


def _set_text(cell: Any, value: object) -> None:
    """Put text in a cell as text: a leading = + - @ must never turn it into a formula.

    Control characters (which Excel refuses) are dropped.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str) and value[:1] in "=+-@":
        cell.data_type = "s"
        cell.quotePrefix = True


def _legend(sheet: Worksheet, width: int, warning_days: int) -> None:
    sheet.cell(row=3, column=1, value="图例:").style = "ledger_legend"
    entries = [
        ("逾期", Warning.OVERDUE),
        (f"{warning_days}日内到期", Warning.DUE_SOON),
        ("已办结", Warning.DONE),
    ]
    for offset, (label, warning) in enumerate(entries, start=2):
        if offset > width:
            break
        cell = sheet.cell(row=3, column=offset, value=label)
        cell.style = "ledger_legend"
        cell.fill = PatternFill("solid", fgColor=FILLS[warning])
        cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[3].height = 18


def _page_setup(sheet: Worksheet) -> None:
    """A4 landscape, one page wide, page numbers in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    footer = sheet.oddFooter
    assert footer is not None and footer.center is not None
    footer.center.text = "第 &P 页 共 &N 页"
    footer.center.size = 10


def _print_setup(sheet: Worksheet, header_row: int, columns: int) -> None:
    _page_setup(sheet)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = f"A{header_row + 1}"
    # A wider left margin leaves room for binding (2 cm), the others 1.5 cm.
    sheet.page_margins = PageMargins(
        left=0.79, right=0.59, top=0.59, bottom=0.71, header=0.3, footer=0.3
    )
    sheet.print_options.horizontalCentered = True
    sheet.print_area = f"A1:{get_column_letter(columns)}{sheet.max_row}"


def _sheet_title(unit: str, workbook: Workbook) -> str:
    base = safe_file_name(unit or "未分配单位")[:28]
    title, counter = base, 1
    while title in workbook.sheetnames:
        counter += 1
        title = f"{base[:26]}{counter}"
    return title


# ---- the statistics sheet ------------------------------------------------------------------


def _stats_sheet(sheet: Worksheet, stats: StatsReport, options: LedgerOptions) -> None:
    headers = ["责任单位", "总数", "已办结", "推进中", "逾期", "按时办结率"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"] = f"{options.title}统计" if options.title else "统计"
    sheet["A1"].style = "ledger_title"
    sheet.row_dimensions[1].height = 36
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    sheet["A2"] = stats.sentence
    sheet["A2"].style = "ledger_meta"
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    sheet.row_dimensions[2].height = 36
    for index, header in enumerate(headers, start=1):
        sheet.cell(row=3, column=index, value=header).style = "ledger_header"
    rows = [*stats.units, stats.overall]
    for offset, unit in enumerate(rows, start=4):
        values: list[Any] = [
            unit.unit_name,
            unit.total,
            unit.done,
            unit.in_progress,
            unit.overdue,
            unit.on_time_rate,
        ]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=offset, column=index, value=value)
            cell.style = "ledger_left_normal" if index == 1 else "ledger_center_normal"
            if index == 6:
                cell.number_format = "0%"
        sheet.row_dimensions[offset].height = 22
    sheet.column_dimensions["A"].width = fitted_width([u.unit_name for u in rows], 14, 30)
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 11
    last_unit_row = 3 + len(stats.units)
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "各单位办理情况"
    chart.y_axis.title = "事项数"
    chart.add_data(
        Reference(sheet, min_col=3, max_col=5, min_row=3, max_row=last_unit_row),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=4, max_row=last_unit_row))
    chart.height = max(7.5, 0.7 * len(stats.units) + 3)
    chart.width = 18
    for series, colour in zip(chart.series, ("3F9E5A", "4A7FC1", "D2473B"), strict=False):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    sheet.add_chart(chart, "H3")
    _page_setup(sheet)
