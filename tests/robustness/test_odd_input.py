"""Odd but valid input imports correctly (encodings and long text are in tests/importing)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.conftest import FIXTURES
from tracker.importing import parse_file, parse_text
from tracker.services.bundle import Services


def test_xlsx_with_formulas_merged_cells_and_a_hidden_sheet() -> None:
    [document] = parse_file(FIXTURES / "odd" / "formulas-merged-hidden.xlsx").documents
    assert document.title == "示范县2024年重点任务分解表"
    assert [(i.number, i.title) for i in document.items] == [
        ("1", "推进医共体建设"),
        ("2", "强化监测预警"),
        ("3", "做好健康管理"),
        ("4", "推进家庭医生签约"),
    ]
    assert [u.name for u in document.items[1].units] == ["疾控股"]  # a formula's cached value
    assert [u.name for u in document.items[3].units] == ["基层卫生股"]  # merged over two rows
    assert all("隐藏表" not in i.content for i in document.items)


def test_names_beginning_with_formula_characters(services: Services, tmp_path: Path) -> None:
    text = (
        "1.=SUM(A1)开展检查。(责任单位:+县医院、-办公室、@疾控股)\n"
        '2.@通知各单位。(责任单位:=HYPERLINK("x"))\n'
    )
    report = services.imports.store(parse_text(text, "odd.txt"))
    rows = services.items.list_items()
    assert rows[0].title == "=SUM(A1)开展检查"
    assert rows[0].lead_units == ("+县医院", "-办公室", "@疾控股")
    assert report.items_created == 2
    path = services.exports.export(tmp_path / "odd.xlsx", services.exports.default_options())[0]
    sheet = openpyxl.load_workbook(path)["督办台账"]
    values = [cell for row in sheet.iter_rows(min_row=5) for cell in row if cell.value]
    risky = [c for c in values if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in risky} == {
        "=SUM(A1)开展检查",
        "+县医院、-办公室、@疾控股",
        "@通知各单位",
        '=HYPERLINK("x")',
    }
    assert all(c.data_type == "s" for c in risky)
