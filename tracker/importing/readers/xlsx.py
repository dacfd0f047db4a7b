"""Excel task lists (.xlsx): visible sheets as tables, merged cells resolved."""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from datetime import date, datetime
from typing import Any

from tracker.errors import DocumentError
from tracker.importing.blocks import Block, Paragraph, Table
from tracker.importing.readers.ooxml import Package
from tracker.importing.tables import find_layout

log = logging.getLogger(__name__)

#: Beyond this many rows or columns a sheet is not a task list (and reading it would hang).
MAX_ROWS = 20_000
MAX_COLUMNS = 60


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


def read_xlsx(data: bytes, name: str) -> list[Block]:
    """Read the visible sheets of a workbook.

    Rows above a task header become paragraphs (titles), the rest a table; merged cells are
    read once across and filled down when merged over rows.

    Raises:
        DocumentError: when the workbook is damaged, encrypted or unsafe.
    """
    Package(data, name)  # size and compression limits before openpyxl unpacks anything
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
            rows = _sheet_rows(sheet, width)
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


def _sheet_rows(sheet: Any, width: int) -> list[list[str]]:
    rows = [
        [cell_text(cell.value) for cell in row]
        for row in sheet.iter_rows(max_col=max(width, 1))
    ]
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
