"""Excel task lists (.xlsx): visible sheets as tables, merged cells resolved."""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from datetime import date, datetime
from typing import Any

from tracker.errors import DocumentError
from tracker.importing.blocks import Block, Paragraph, Table
from tracker.importing.budget import MAX_SHEETS, Budget
from tracker.importing.readers.ooxml import Package
from tracker.importing.tables import find_layout

log = logging.getLogger(__name__)

#: Beyond this many rows or columns a sheet is not a task list (and reading it would hang).
MAX_ROWS = 20_000
MAX_COLUMNS = 60
#: Cells covered by merged ranges, all sheets together (Excel keeps one object for each).
MAX_MERGED_CELLS = 200_000

_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*ref=\"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})\"")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s")


def cell_text(value: Any) -> str:
    """A cell value as the text a clerk sees."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(data: bytes, name: str, budget: Budget | None = None) -> list[Block]:
    """Read the visible sheets of a workbook.

    Rows above a task header become paragraphs (titles), the rest a table; merged cells are
    read once across and filled down when merged over rows.

    Raises:
        DocumentError: when the workbook is damaged, encrypted, unsafe, or far larger than a
            task list (sheets, cells, merged cells, characters: see the reading budget).
    """
    budget = budget or Budget(name)
    # Size and compression limits, then what openpyxl would build, before it unpacks anything.
    _check_workbook(Package(data, name), budget)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise DocumentError(f"“{name}”已损坏或不是 Excel 工作簿,无法打开。") from error
    blocks: list[Block] = []
    too_large: list[str] = []
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue
            width = _used_width(sheet)
            if sheet.max_row > MAX_ROWS or width > MAX_COLUMNS:
                log.info("sheet %s skipped: %dx%d", sheet.title, sheet.max_row, width)
                too_large.append(f"“{sheet.title}”({sheet.max_row}行×{width}列)")
                continue
            rows = _sheet_rows(sheet, width, budget)
            if not rows:
                continue
            table = Table(rows=tuple(tuple(row) for row in rows), name=sheet.title)
            layout = find_layout(table)
            if layout is None:
                blocks.extend(Paragraph(" ".join(c for c in row if c)) for row in rows if any(row))
                continue
            blocks.extend(
                Paragraph(" ".join(dict.fromkeys(c for c in row if c)))
                for row in rows[: layout.header_row]
                if any(row)
            )
            blocks.append(
                Table(rows=tuple(tuple(r) for r in rows[layout.header_row :]), name=sheet.title)
            )
    finally:
        workbook.close()
    if not blocks and too_large:
        raise DocumentError(
            f"“{name}”的工作表{'、'.join(too_large)}过大,不像是任务清单,未读取。",
            hint=f"任务清单最多 {MAX_COLUMNS} 列、{MAX_ROWS} 行;请把任务所在的表格复制到新工作簿后再导入。",
        )
    return blocks


def _used_width(sheet: Any) -> int:
    """The sheet's width up to its last column holding a value (formatting alone does not count).

    Files saved by Excel or WPS often claim thousands of columns because a style was applied
    to whole rows; only the first rows are looked at beyond the limit, to stay fast.
    """
    width = int(sheet.max_column or 0)
    if width <= MAX_COLUMNS:
        return width
    used = 0
    for row in sheet.iter_rows(max_row=min(int(sheet.max_row or 0), 500)):
        for cell in reversed(row):
            if cell.value not in (None, ""):
                used = max(used, cell.column)
                break
    return used


def _check_workbook(package: Package, budget: Budget) -> None:
    """Refuse a workbook whose sheets, cells or merged ranges no task list comes near.

    openpyxl builds every cell of every sheet (and one object per merged cell) before any
    can be looked at: counted here from the raw XML, a 250-sheet or million-cell workbook is
    refused in a second instead of loading for minutes.
    """
    workbook = package.read("xl/workbook.xml")
    sheets = len(_SHEET.findall(workbook))
    if sheets > MAX_SHEETS:
        raise DocumentError(
            f"“{package.name}”有 {sheets} 个工作表,工作表过多,不像是任务清单,未读取。",
            hint=f"任务清单最多 {MAX_SHEETS} 个工作表;请把任务所在的表复制到新工作簿后再导入。",
        )
    merged = 0
    for member in sorted(package.names):
        if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
            continue
        xml = package.read(member)
        budget.spend_cells(len(_CELL.findall(xml)))
        for left, top, right, bottom in _MERGE.findall(xml):
            width = abs(_column(right) - _column(left)) + 1
            merged += width * (abs(int(bottom) - int(top)) + 1)
        if merged > MAX_MERGED_CELLS:
            raise DocumentError(
                f"“{package.name}”中的合并单元格覆盖超过 {MAX_MERGED_CELLS} 个单元格,"
                "不像是任务清单,未读取。",
                hint="请取消大范围的合并单元格,或把任务所在的表格复制到新工作簿后再导入。",
            )
        budget.check_time()


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_rows(sheet: Any, width: int, budget: Budget) -> list[list[str]]:
    rows = []
    for row in sheet.iter_rows(max_col=max(width, 1)):
        budget.spend_block()
        rows.append([budget.spend_text(cell_text(cell.value)) for cell in row])
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for row_index in range(top, min(merged.max_row, len(rows))):
            rows[row_index][left] = value
    while rows and not any(rows[-1]):
        rows.pop()
    return rows
