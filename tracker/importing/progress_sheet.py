"""Reading back a ledger sheet that a unit filled in (填报表).

Columns are found by their headers on any sheet, in any order; rows by the hidden key column,
so rows moved, deleted or added by the unit do not confuse it. The workbook is untrusted: it is
opened read-only, values only, after the package's size limits are checked.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

from tracker.domain import SHEET_KEY_HEADER, RoundTag, Status, parse_round_tag, parse_sheet_key
from tracker.errors import DocumentError
from tracker.importing.readers.ooxml import Package
from tracker.importing.readers.xlsx import cell_text

_HEADERS = {
    "key": (SHEET_KEY_HEADER, "事项编号"),
    "number": ("序号",),
    "title": ("工作任务",),
    "report": ("本期进展",),
    "progress": ("进展情况",),
    "problems": ("存在问题",),
    "next_steps": ("下步计划",),
    "status": ("状态", "办理状态"),
}
MAX_ROWS = 50_000


@dataclass(frozen=True)
class FilledRow:
    """One row a unit filled in: the item's key (if any) and what was written."""

    sheet: str
    row: int
    key: str | None
    version: int | None
    exported_status: Status | None
    number: str
    title: str
    report: str
    progress: str
    problems: str
    next_steps: str
    status: str

    def describe(self) -> str:
        """Where the row is, for messages: 表“督办台账”第12行(序号3 …)."""
        label = " ".join(part for part in (self.number, self.title[:20]) if part)
        return f"表“{self.sheet}”第{self.row}行" + (f"({label})" if label else "")


@dataclass
class FilledWorkbook:
    """Every filled row found, and what could not be read."""

    rows: list[FilledRow] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: The round tags found above the headers (a reporting round's workbook has one; a
    #: plain export, or one written before rounds existed, none).
    round_tags: list[RoundTag] = field(default_factory=list)


def read_filled_workbook(data: bytes, name: str) -> FilledWorkbook:
    """Read every sheet of a returned ledger that has the ledger's headers.

    Raises:
        DocumentError: when the file is not a readable workbook or has no ledger sheet.
    """
    if not data.startswith(b"PK\x03\x04"):
        raise DocumentError(
            f"“{name}”不是 Excel 工作簿(.xlsx)。",
            hint="请选择从本程序导出、由单位填写后返回的 .xlsx 文件。",
        )
    Package(data, name)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            # The same cells as written: a formula whose result was never saved reads as
            # empty above, and the clerk must hear of it rather than see "无变化". Only read
            # when a sheet holds a formula at all (reading twice doubles the time).
            formulas = (
                openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                if _has_formulas(data)
                else None
            )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise DocumentError(f"“{name}”已损坏或不是 Excel 工作簿,无法读取。") from error
    result = FilledWorkbook()
    try:
        written = formulas.worksheets if formulas is not None else [None] * len(workbook.worksheets)
        for sheet, as_written in zip(workbook.worksheets, written, strict=True):
            _read_sheet(sheet, as_written, result)
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()
    if not result.sheets:
        raise DocumentError(
            f"“{name}”中没有找到督办台账的表格(需要“工作任务”“状态”等表头)。",
            hint="请使用本程序导出的台账,由单位填写后再导入。",
        )
    return result


def read_round_tags(data: bytes, name: str) -> list[RoundTag]:
    """The round tags of a workbook, read from the top rows only; [] for anything else.

    For deciding quickly what a dropped file is; reading it is :func:`read_filled_workbook`.
    """
    if not data.startswith(b"PK\x03\x04"):
        return []
    try:
        Package(data, name)
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (DocumentError, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        return []
    result = FilledWorkbook()
    try:
        for sheet in workbook.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()
            for values in sheet.iter_rows(max_row=10, values_only=True):
                _collect_tags([cell_text(value) for value in values], result)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        return []
    finally:
        workbook.close()
    return result.round_tags


#: A formula cell in a sheet's XML: ``<f>…</f>``, ``<f t="shared" …/>``, with a prefix or not.
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of the workbook holds a formula (read in chunks, stops early)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for member in package.namelist():
            if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                continue
            with package.open(member) as stream:
                tail = b""
                while chunk := stream.read(1 << 20):
                    if _FORMULA.search(tail + chunk):
                        return True
                    tail = chunk[-64:]
    return False


def _read_sheet(sheet: Any, written: Any | None, result: FilledWorkbook) -> None:
    """Read one sheet; ``written`` is the same sheet with its formulas (None: it has none)."""
    for each in (sheet, written):
        # WPS saves sheets claiming the dimension A1, which read-only mode would trust: read
        # what is really there.
        reset = getattr(each, "reset_dimensions", None)
        if reset is not None:
            reset()
    values = sheet.iter_rows(values_only=True)
    rows = (
        zip(values, written.iter_rows(values_only=True), strict=False)
        if written is not None
        else ((row, row) for row in values)
    )
    header: dict[str, int] | None = None
    header_row = 0
    for index, (values, formulas) in enumerate(rows, start=1):
        cells = [cell_text(value) for value in values]
        if header is None:
            if index > 10:
                return
            _collect_tags(cells, result)
            header = _header(cells)
            header_row = index
            if header is not None:
                result.sheets.append(sheet.title)
            continue
        if index - header_row > MAX_ROWS:
            result.warnings.append(f"表“{sheet.title}”超过{MAX_ROWS}行,其余行未读取。")
            return
        filled = _row(sheet.title, index, cells, header)
        if filled is not None:
            result.rows.append(filled)
        result.warnings.extend(_uncomputed(sheet.title, index, values, formulas, header))


def _collect_tags(cells: list[str], result: FilledWorkbook) -> None:
    """Note the round tags among the cells of a row above the headers."""
    for cell in cells:
        tag = parse_round_tag(cell) if cell.startswith("R:") else None
        if tag is not None and tag not in result.round_tags:
            result.round_tags.append(tag)


_FILL_LABELS = {
    "report": "本期进展",
    "progress": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步计划",
    "status": "状态",
}


def _uncomputed(
    sheet: str,
    number: int,
    values: tuple[Any, ...],
    formulas: tuple[Any, ...],
    header: dict[str, int],
) -> list[str]:
    """Fill-in cells holding a formula whose result was not saved with the file."""
    found = []
    for field_name, label in _FILL_LABELS.items():
        position = header.get(field_name)
        if position is None or position >= len(values) or position >= len(formulas):
            continue
        formula = formulas[position]
        if values[position] is None and isinstance(formula, str) and formula.startswith("="):
            found.append(
                f"表“{sheet}”第{number}行的“{label}”是公式,文件中没有保存计算结果,未读取"
                "(请在 Excel 或 WPS 中打开并保存后再导入)"
            )
    return found


def _header(cells: list[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for position, cell in enumerate(cells):
        text = "".join(cell.split())
        for field_name, names in _HEADERS.items():
            if field_name not in columns and text in names:
                columns[field_name] = position
    fill_columns = {"report", "progress", "status", "problems", "next_steps"}
    if ("key" in columns or "title" in columns) and fill_columns & columns.keys():
        return columns
    return None


def _row(sheet: str, number: int, cells: list[str], header: dict[str, int]) -> FilledRow | None:
    def value(field_name: str) -> str:
        position = header.get(field_name)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    key_text = value("key")
    parsed = parse_sheet_key(key_text) if key_text else None
    content = {
        name: value(name)
        for name in ("title", "report", "progress", "problems", "next_steps", "status")
    }
    if parsed is None and not any(content.values()):
        return None
    if parsed is None and len([c for c in cells if c.strip()]) == 1 and not content["status"]:
        return None  # a heading row (一、…) merged across the sheet
    return FilledRow(
        sheet=sheet,
        row=number,
        key=parsed[0] if parsed else (key_text or None),
        version=parsed[1] if parsed else None,
        exported_status=parsed[2] if parsed else None,
        number=value("number"),
        **content,
    )
