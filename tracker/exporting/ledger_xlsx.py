"""The supervision ledger (督办台账) as a workbook a clerk can print without touching it.

A merged title, a line with the unit and the date, a legend, a bold grey header repeated on
every page, a header row per document when there are several, heading rows, wrapped text
with row heights computed here (Excel never grows rows of a file a library wrote), borders
everywhere, warning fills, A4 landscape with page numbers, a 统计 sheet with a native bar chart,
and a hidden key column that lets a filled-in copy find its items again.

On paper the body stays at least 10 pt (issue 14): the columns are sized to fill the printable
width at 100% and the text wraps; only when even their minimum widths cannot fit does the scale
drop, never below :data:`MIN_SCALE`.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tracker.domain import (
    MIN_DATE,
    SHEET_KEY_HEADER,
    Status,
    Urgency,
    answering_units,
    deadline_label,
    format_cn_date,
    format_sheet_key,
    overdue_days,
)
from tracker.dto import STATS_HEADERS, ItemRow, StatsReport
from tracker.exporting.files import safe_file_name, unique_name, write_atomically
from tracker.exporting.layout import fitted_width, plan_widths, printable_units, text_lines
from tracker.exporting.ledger_spec import (
    COLUMNS,
    FILL_IN_COLUMNS,
    LedgerData,
    LedgerOptions,
    document_heading,
)
from tracker.exporting.ledger_styles import (
    BODY_PT,
    FILLS,
    TITLE_PT,
    named_styles,
)

#: A line of the body, in points: the CJK fonts' line spacing (about 1.35 em) and a little.
LINE_HEIGHT = 17.0
MAX_ROW_HEIGHT = 409.0
#: The page's margins in inches; a wider left margin leaves room for binding (2 cm).
MARGINS = PageMargins(left=0.79, right=0.59, top=0.59, bottom=0.71, header=0.3, footer=0.3)
A4_LONG_SIDE_MM = 297.0
#: A width unit is the digit width of the workbook's default font: 7 px in Excel and WPS
#: (Calibri), but about 9.3 px in LibreOffice where Calibri is missing (DejaVu Sans stands in,
#: measured here). Columns are planned for 8.2 px: Excel prints them at 100% a little narrower
#: than the page, LibreOffice fits them at about 88%, and a 12 pt body stays over 10 pt on
#: both. Row heights count lines at 7 px, the narrowest, so no renderer clips a cell.
PLAN_UNIT_PX = 8.2
PRINTABLE = printable_units(A4_LONG_SIDE_MM, MARGINS.left, MARGINS.right, PLAN_UNIT_PX)
#: The least print scale, in %: about 75%, and never so small that the body prints under
#: 10 pt.
MIN_SCALE = max(75, math.ceil(1000 / BODY_PT))


Progress = Callable[[int, int], None]
#: openpyxl's write-only sheet: it gets page setup, dimensions and merged ranges at run time
#: (from ``Worksheet._setup``), which the type stubs do not describe.
Sheet = Any


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
    book = _Book(options)
    if split_sheets:
        groups = group_by_lead_unit(data.rows)
        done = 0
        titles: set[str] = set()
        for unit, rows in groups:
            sheet = book.sheet(_sheet_title(unit, titles))
            title = f"{unit}督办单" if unit else options.title
            _fill_sheet(book, sheet, rows, data, options, title, progress, done, len(data.rows))
            done += len(rows)
    else:
        sheet = book.sheet("督办台账")
        _fill_sheet(
            book, sheet, data.rows, data, options, options.title, progress, 0, len(data.rows)
        )
    if options.include_stats and data.stats is not None and data.stats.units:
        _stats_sheet(book, book.sheet("统计"), data.stats, options)
    return book.save(path)


def write_ledger_per_unit(
    folder: Path, data: LedgerData, options: LedgerOptions, progress: Progress | None = None
) -> list[Path]:
    """Write one workbook per lead unit into ``folder``; return the files."""
    written = []
    done = 0
    taken: set[str] = set()
    for unit, rows in group_by_lead_unit(data.rows):
        name = unique_name(safe_file_name(f"{unit or '未分配单位'}督办台账"), taken) + ".xlsx"
        unit_options = replace(
            options, title=f"{unit}督办单" if unit else options.title, include_stats=False
        )
        unit_data = LedgerData(rows=rows, progress=data.progress)

        def report(current: int, _total: int, base: int = done) -> None:
            if progress is not None:
                progress(base + current, len(data.rows))

        written.append(write_ledger(folder / name, unit_data, unit_options, report))
        done += len(rows)
    return written


def write_table(
    path: Path,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    options: LedgerOptions,
) -> Path:
    """Write a plain table in the ledger's look: a merged title, a header, bordered rows.

    For the lists that go with a ledger (the 发送清单 of a reporting round).

    Raises:
        FileBusyError: when ``path`` is open in Excel or WPS.
        UserError: when it cannot be written.
    """
    book = _Book(options)
    sheet = book.sheet(_sheet_title(title, set()))
    count = len(headers)
    for index, header in enumerate(headers, start=1):
        samples = [header, *(str(row[index - 1] or "") for row in rows[:400])]
        sheet.column_dimensions[get_column_letter(index)].width = fitted_width(samples, 8, 40)
    _page_setup(sheet)
    sheet.print_title_rows = "2:2"
    sheet.print_options.horizontalCentered = True
    _merge(sheet, 1, 1, count)
    sheet.row_dimensions[1].height = 36
    sheet.append([book.cell(sheet, title, "ledger_title")])
    sheet.append([book.cell(sheet, header, "ledger_header") for header in headers])
    for number, row in enumerate(rows, start=3):
        sheet.row_dimensions[number].height = 22
        sheet.append([book.cell(sheet, value, "ledger_center_normal") for value in row])
    return book.save(path)


def group_by_lead_unit(rows: Sequence[ItemRow]) -> list[tuple[str, list[ItemRow]]]:
    """Items grouped by the first unit answering for them, in order of first appearance."""
    groups: dict[str, list[ItemRow]] = {}
    for row in rows:
        leads = answering_units(row.units)
        groups.setdefault(leads[0].name if leads else "", []).append(row)
    return sorted(groups.items(), key=lambda pair: pair[0] == "")


# ---- styles --------------------------------------------------------------------------------


class _Book:
    """A streaming (write-only) workbook with the ledger's named styles.

    Rows are written as they are appended, so a ledger of fifty thousand items never sits in
    memory as cells; column widths and row heights are therefore settled before a row is
    appended, and merged ranges are recorded by address.
    """

    def __init__(self, options: LedgerOptions) -> None:
        self.workbook = Workbook(write_only=True)
        self._styles: dict[str, NamedStyle] = {}
        for style in named_styles(options):
            self.workbook.add_named_style(style)
            self._styles[style.name] = style

    def sheet(self, title: str) -> Sheet:
        """A new sheet at the end of the workbook."""
        sheet: Sheet = self.workbook.create_sheet(title)
        return sheet

    def cell(self, sheet: Sheet, value: object, style: str) -> Cell:
        """A cell in a named style; text is kept as text (see :func:`_set_text`)."""
        cell = Cell(sheet, row=1, column=1, style_array=self._styles[style].as_tuple())
        if value is not None and value != "":  # an empty cell needs its style, not a value
            _set_text(cell, value)
        return cell

    def save(self, path: Path) -> Path:
        """Write the workbook to ``path`` atomically."""
        try:
            return write_atomically(path, self.workbook.save)
        except BaseException:
            self._discard()
            raise

    def _discard(self) -> None:
        """After a failed save: end each sheet's stream and remove its temporary file.

        openpyxl does both only when a save succeeds; otherwise the streams are left to the
        garbage collector and the temporary files to the temp folder.
        """
        for sheet in self.workbook.worksheets:
            with contextlib.suppress(Exception):
                if not sheet.closed:
                    sheet.close()
            writer = getattr(sheet, "_writer", None)
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.cleanup()


def _deadline_cell(row: ItemRow, options: LedgerOptions) -> str:
    """The 完成时限 cell: the printed phrase, and for an overdue task how late it is.

    A delayed task shows both deadlines, as on screen: 原定6月底前, then 延期至2027年1月15日.
    """
    late = overdue_days(row.status, row.due_date, options.as_of)
    if row.status is Status.DELAYED and row.due_date is not None:
        phrase = deadline_label(row.deadline_text, row.due_date, line_break="\n", delayed=True)
    else:
        phrase = row.deadline_text or (format_cn_date(row.due_date) if late else "")
    return f"{phrase}\n逾期{late}天" if late else phrase


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
        "lead": "、".join(unit.name for unit in answering_units(row.units)),
        "support": "、".join(row.support_units),
        "leader": row.leader or "",
        "owner": row.owner_name or "",
        "deadline": _deadline_cell(row, options),
        "due": row.due_date
        if row.due_date is None or row.due_date >= MIN_DATE
        else str(row.due_date),
        "progress": progress,
        "status": row.status.label,
        "remarks": row.remarks,
        "report": "",
        "problems": "",
        "next_steps": "",
    }


def _fill_sheet(
    book: _Book,
    sheet: Sheet,
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
    count = len(columns)
    width = count + 1  # the hidden key column

    # Everything about columns must be known before the first row is written.
    samples: dict[str, list[str]] = {key: [COLUMNS[key].header] for key in keys}
    # A heading or document row carries its text and style; an item row its item and values.
    prepared: list[tuple[str | None, ItemRow | None, dict[str, Any]]] = []
    heading: tuple[str, ...] | None = None
    several = len({row.document_id for row in rows}) > 1
    document: object = object()  # no item's document id
    for number, row in enumerate(rows, start=1):
        if several and row.document_id != document:
            document = row.document_id
            found = data.documents.get(row.document_id) if row.document_id is not None else None
            prepared.append((document_heading(found), None, {"style": "ledger_document"}))
            heading = None
        if options.group_by_heading and row.heading_path and row.heading_path != heading:
            shown = heading or ()
            for depth, text in enumerate(row.heading_path):
                if depth >= len(shown) or shown[depth] != text:
                    prepared.append((text, None, {"style": "ledger_heading"}))
            heading = row.heading_path
        values = _cell_values(row, options, data, number)
        for key in keys:
            value = values[key]
            if isinstance(value, str) and len(samples[key]) < 400:
                samples[key].append(value)
        prepared.append((None, row, values))
    natural = [
        fitted_width(samples[key], COLUMNS[key].min_width, COLUMNS[key].max_width) for key in keys
    ]
    planned, scale, fits = plan_widths(
        natural,
        [COLUMNS[key].min_width for key in keys],
        [COLUMNS[key].align == "left" or key in ("lead", "support") for key in keys],
        PRINTABLE,
        MIN_SCALE,
    )
    widths = dict(zip(keys, planned, strict=True))
    for index, key in enumerate(keys, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths[key]
    key_letter = get_column_letter(width)
    sheet.column_dimensions[key_letter].width = 36
    sheet.column_dimensions[key_letter].hidden = True
    header_row = 4
    # The sheet's properties and panes are written with its first row, so they go first too.
    _print_setup(sheet, header_row, count, header_row + len(prepared), scale, fits=fits)
    all_widths = sum(widths.values())

    half = max(1, count // 2)
    _merge(sheet, 1, 1, count)
    sheet.row_dimensions[1].height = max(40, text_lines(title, all_widths, TITLE_PT) * 28 + 12)
    title_row: list[Cell | None] = [book.cell(sheet, title, "ledger_title")]
    if options.round_tag:
        # In the hidden key column, outside the merged title: a returned copy names its round.
        title_row += [None] * (count - 1) + [book.cell(sheet, options.round_tag, "ledger_meta")]
    sheet.append(title_row)
    _merge(sheet, 2, 1, half)
    if count > half:
        _merge(sheet, 2, half + 1, count)
    unit = f"制表单位:{options.unit_name}" if options.unit_name else "制表单位:"
    meta: list[Cell | None] = [None] * count
    meta[0] = book.cell(sheet, unit, "ledger_meta")
    meta[min(half, count - 1)] = book.cell(
        sheet, f"截至日期:{format_cn_date(options.as_of)}", "ledger_meta_right"
    )
    sheet.row_dimensions[2].height = 22
    sheet.append(meta)
    sheet.row_dimensions[3].height = 18
    sheet.append(_legend(book, sheet, count, options.warning_days))

    sheet.row_dimensions[header_row].height = 30
    sheet.append(
        [book.cell(sheet, column.header, "ledger_header") for column in columns]
        + [book.cell(sheet, SHEET_KEY_HEADER, "ledger_header")]
    )

    status_validation = None
    status_letter = get_column_letter(keys.index("status") + 1) if "status" in keys else ""
    if options.fill_in and status_letter:
        status_validation = DataValidation(
            type="list",
            formula1='"' + ",".join(s.label for s in Status) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="状态",
            error="请从列表中选择状态。",
        )
        sheet.data_validations.append(status_validation)

    validated: list[list[int]] = []  # runs of item rows [first, last] under the status list
    current = header_row
    for index, (heading_text, item, values) in enumerate(prepared):
        current += 1
        if heading_text is not None:
            _merge(sheet, current, 1, count)
            style = values["style"]
            sheet.row_dimensions[current].height = max(
                22, text_lines(heading_text, all_widths, BODY_PT + 1) * LINE_HEIGHT + 6
            )
            sheet.append(
                [book.cell(sheet, heading_text, style)]
                + [book.cell(sheet, None, style) for _ in range(1, count)]
            )
            continue
        assert item is not None
        warning = item.warning.value if item.warning in FILLS else "normal"
        lines = 1
        cells: list[Cell] = []
        for key in keys:
            value = values[key]
            if key == "due":
                cells.append(book.cell(sheet, value, f"ledger_date_{warning}"))
                continue
            cells.append(book.cell(sheet, value, f"ledger_{COLUMNS[key].align}_{warning}"))
            if isinstance(value, str) and value:
                lines = max(lines, text_lines(value, widths[key], BODY_PT))
        key_value = format_sheet_key(item.item_key, item.version, item.status)
        cells.append(book.cell(sheet, key_value, "ledger_left_normal"))
        sheet.row_dimensions[current].height = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 8)
        sheet.append(cells)
        if status_validation is not None:
            _extend_runs(validated, current)
        if progress is not None and index % 200 == 0:
            progress(done + values["number"], total)
    if status_validation is not None:
        # One range per run of rows, set once: adding cells one by one compares each with
        # all before it, which took minutes on a large ledger.
        status_validation.sqref = MultiCellRange(
            [
                CellRange(f"{status_letter}{first}:{status_letter}{last}")
                for first, last in validated
            ]
        )


def _extend_runs(runs: list[list[int]], row: int) -> None:
    """Add ``row`` to the last run of consecutive rows, or start a new run."""
    if runs and runs[-1][1] == row - 1:
        runs[-1][1] = row
    else:
        runs.append([row, row])


def _merge(sheet: Sheet, row: int, first: int, last: int) -> None:
    """Record a merged range of one row (written with the sheet's tail).

    ``MultiCellRange.add`` compares each range with all before it; a ledger has thousands of
    heading rows, whose ranges never overlap, so they go straight into its set of ranges.
    """
    if last > first:
        sheet.merged_cells.ranges.add(
            CellRange(min_col=first, min_row=row, max_col=last, max_row=row)
        )


def _set_text(cell: Cell, value: Any) -> None:
    """Put text in a cell as text: a leading = + - @ must never turn it into a formula.

    Control characters (which Excel refuses) are dropped.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str) and value[:1] in "=+-@":
        cell.data_type = "s"
        cell.quotePrefix = True


def _legend(book: _Book, sheet: Sheet, width: int, warning_days: int) -> list[Cell]:
    cells = [book.cell(sheet, "图例:", "ledger_legend")]
    entries = [
        ("逾期", Urgency.OVERDUE),
        (f"{warning_days}日内到期", Urgency.DUE_SOON),
        ("已办结", Urgency.DONE),
    ]
    for offset, (label, warning) in enumerate(entries, start=2):
        if offset > width:
            break
        cell = book.cell(sheet, label, "ledger_legend")
        cell.fill = PatternFill("solid", fgColor=FILLS[warning])
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cells.append(cell)
    return cells


def _page_setup(sheet: Sheet, scale: int = 100, *, fit: bool = True) -> None:
    """A4 landscape with page numbers in the footer, at ``scale`` % or fitted to one page wide.

    Fitting is asked for only when the columns were sized to fit at ``scale`` (at least
    :data:`MIN_SCALE`): then it can take no more than a renderer's rounding off it. Otherwise
    the scale is set and a wide sheet runs onto a second page across rather than shrink.
    """
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.scale = scale
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = fit
    if fit:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    footer = sheet.HeaderFooter.oddFooter
    assert footer is not None and footer.center is not None
    footer.center.text = "第 &P 页 共 &N 页"
    footer.center.size = 10


def _print_setup(
    sheet: Sheet, header_row: int, columns: int, last_row: int, scale: int, *, fits: bool
) -> None:
    _page_setup(sheet, scale, fit=fits)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.page_margins = copy(MARGINS)
    sheet.print_options.horizontalCentered = True
    sheet.print_area = f"A1:{get_column_letter(columns)}{last_row}"


#: The longest sheet title Excel accepts.
SHEET_TITLE = 31


def _sheet_title(unit: str, taken: set[str]) -> str:
    """A unit's sheet title: what Excel allows (31 characters), unique ignoring case."""
    title = safe_file_name(unit or "未分配单位", limit=SHEET_TITLE).strip("'") or "未命名"
    return unique_name(title, taken, limit=SHEET_TITLE)


# ---- the statistics sheet ------------------------------------------------------------------


def _stats_sheet(book: _Book, sheet: Sheet, stats: StatsReport, options: LedgerOptions) -> None:
    headers = [header + ("(天)" if header == "最长逾期" else "") for header in STATS_HEADERS]
    rows = [*stats.units, stats.overall]
    sheet.column_dimensions["A"].width = fitted_width([u.unit_name for u in rows], 14, 30)
    for letter in "BCDEFGH":
        sheet.column_dimensions[letter].width = 13 if letter == "G" else 11
    _page_setup(sheet)
    _merge(sheet, 1, 1, len(headers))
    sheet.row_dimensions[1].height = 36
    sheet.append(
        [book.cell(sheet, f"{options.title}统计" if options.title else "统计", "ledger_title")]
    )
    _merge(sheet, 2, 1, len(headers))
    sheet.row_dimensions[2].height = 36
    sheet.append([book.cell(sheet, stats.sentence, "ledger_meta")])
    sheet.append([book.cell(sheet, header, "ledger_header") for header in headers])
    for offset, unit in enumerate(rows, start=4):
        sheet.row_dimensions[offset].height = 22
        sheet.append(
            [
                book.cell(sheet, unit.unit_name, "ledger_left_normal"),
                *(
                    book.cell(sheet, value, "ledger_center_normal")
                    for value in (
                        unit.total,
                        unit.done,
                        unit.in_progress,
                        unit.not_started,
                        unit.overdue,
                        unit.max_overdue_days or None,
                    )
                ),
                book.cell(sheet, unit.on_time_rate, "ledger_percent_normal"),
                book.cell(sheet, unit.reminders or None, "ledger_center_normal"),
            ]
        )
    last_unit_row = 3 + len(stats.units)
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "各单位办理情况"
    chart.y_axis.title = "事项数"
    chart.add_data(
        Reference(sheet, min_col=3, max_col=6, min_row=3, max_row=last_unit_row),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=4, max_row=last_unit_row))
    chart.height = max(7.5, 0.7 * len(stats.units) + 3)
    chart.width = 18
    colours = ("3F9E5A", "4A7FC1", "A8ADB4", "D2473B")  # as the 统计 tab's bars
    for series, colour in zip(chart.series, colours, strict=False):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    sheet.add_chart(chart, "J3")
