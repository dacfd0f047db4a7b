"""A ledger for the monthly cycle and the files units send back, filled in with openpyxl."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import openpyxl

from tracker.dto import UnitEdit
from tracker.importing import parse_text
from tracker.services.bundle import Services

#: Two chapters; a lead with a helper, a helper leading elsewhere, two units answering one
#: task, and a task nobody answers for.
CYCLE = """县卫生健康局2024年工作要点
一、医疗服务
1.提高县级医院服务能力。深入推进县级医院建设。(牵头单位:医政医管股;配合单位:县人民医院)
2.推进胸痛中心建设。年底前完成。(牵头单位:县人民医院)
二、公共卫生
3.强化疾病预防控制。做好传染病监测。(责任单位:疾控股)
4.推进智慧医院建设。完善信息平台。(责任单位:规划信息股、县中医院)
5.做好健康宣传工作。持续开展健康教育。
"""
TITLES = ("提高县级医院服务能力", "推进胸痛中心建设", "强化疾病预防控制", "推进智慧医院建设")
UNASSIGNED = "做好健康宣传工作"
#: The answering units in directory order (the order they were first printed).
UNITS = ("医政医管股", "县人民医院", "疾控股", "规划信息股", "县中医院")


def cycle_ledger(services: Services) -> dict[str, int]:
    """Import :data:`CYCLE`, give two units a contact; return the item ids by title."""
    report = services.imports.store(parse_text(CYCLE, "要点.txt"), file_name="要点.txt")
    services.directory.update_unit("医政医管股", UnitEdit(contact="张三", phone="0830-1234567"))
    services.directory.update_unit("疾控股", UnitEdit(contact="李四", phone="13800000000"))
    return {services.items.get_item(i).row.title: i for i in report.item_ids}


def header(sheet) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Column numbers of the header row (row 4), by header."""
    return {cell.value: cell.column for cell in sheet[4] if cell.value}


def fill(source: Path, target: Path, rows: Mapping[str, Mapping[str, str]]) -> Path:
    """Save a copy of ``source`` with cells written, by task title and column header."""
    workbook = openpyxl.load_workbook(source)
    sheet = workbook.active
    assert sheet is not None
    columns = header(sheet)
    for number in range(5, sheet.max_row + 1):
        title = sheet.cell(row=number, column=columns["工作任务"]).value
        for column, value in rows.get(str(title), {}).items():
            sheet.cell(row=number, column=columns[column], value=value)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def with_wps_dimensions(source: Path, target: Path) -> Path:
    """A copy of ``source`` whose sheets claim the dimension A1, as WPS saves them."""
    original = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
            copy.writestr(info, data)
    original.close()
    target.write_bytes(out.getvalue())
    return target


def file_of(files: tuple[Path, ...], unit: str) -> Path:
    """The round's workbook written for ``unit``."""
    [found] = [path for path in files if path.stem.endswith("_" + unit)]
    return found
