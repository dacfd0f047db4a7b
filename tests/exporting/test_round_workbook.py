"""A round's fill-in workbook carries its round tag where a unit never sees it; other exports
carry none; the send list is a plain table in the ledger's look."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from tracker.domain import DeadlineKind, RoundTag, Status, UnitRole, Urgency, format_round_tag
from tracker.dto import ItemRow, UnitRef
from tracker.exporting.ledger_spec import LedgerData, LedgerOptions
from tracker.exporting.ledger_xlsx import write_ledger, write_table


def _row() -> ItemRow:
    return ItemRow(
        id=1,
        item_key="0" * 31 + "1",
        document_id=None,
        document_title=None,
        seq=1,
        number="1",
        heading_path=(),
        title="强化疾病预防控制",
        content="做好传染病监测。",
        units=(UnitRef(3, "疾控股", UnitRole.LEAD),),
        owner_name=None,
        owner_phone=None,
        leader=None,
        deadline_text="6月底前",
        due_date=date(2024, 6, 30),
        deadline_kind=DeadlineKind.DATE,
        status=Status.IN_PROGRESS,
        completed_on=None,
        remarks="",
        latest_progress="已开展培训",
        latest_progress_date=date(2024, 6, 1),
        warning=Urgency.NORMAL,
        version=4,
        updated_at=datetime(2024, 6, 1, 9, 0),
    )


def test_the_round_tag_sits_in_the_hidden_key_column_of_the_title_row(tmp_path: Path) -> None:
    tag = format_round_tag(RoundTag(2, 3, "f" * 32))
    options = LedgerOptions(title="疾控股7月调度填报表", fill_in=True, round_tag=tag)
    path = write_ledger(tmp_path / "round.xlsx", LedgerData(rows=[_row()]), options)
    sheet = openpyxl.load_workbook(path)["督办台账"]
    header = {cell.value: cell.column_letter for cell in sheet[4] if cell.value}
    key = header["事项编号(请勿修改)"]
    assert sheet[f"{key}1"].value == tag
    assert sheet.column_dimensions[key].hidden
    [title] = [r for r in sheet.merged_cells.ranges if r.min_row == 1]
    assert title.max_col < sheet[f"{key}1"].column, "the tag is outside the merged title"
    assert sheet["A1"].value == "疾控股7月调度填报表"


def test_a_plain_fill_in_export_has_no_round_tag(tmp_path: Path) -> None:
    options = LedgerOptions(title="督办台账", fill_in=True)
    path = write_ledger(tmp_path / "plain.xlsx", LedgerData(rows=[_row()]), options)
    sheet = openpyxl.load_workbook(path)["督办台账"]
    assert [cell.value for cell in sheet[1] if cell.value] == ["督办台账"]


def test_a_table_in_the_ledgers_look(tmp_path: Path) -> None:
    options = LedgerOptions(title="x")
    path = write_table(
        tmp_path / "清单.xlsx",
        "2024年7月调度发送清单",
        ("序号", "单位", "联系电话"),
        [(1, "疾控股", "0830-1"), (2, "=医政股", "")],
        options,
    )
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet["A1"].value == "2024年7月调度发送清单"
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:C1"]
    assert [c.value for c in sheet[2]] == ["序号", "单位", "联系电话"]
    assert sheet["B2"].font.bold
    assert sheet["B4"].value == "=医政股" and sheet["B4"].data_type == "s"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape"
