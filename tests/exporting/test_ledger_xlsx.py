"""The Excel ledger, reopened and checked cell by cell, as a printer and a clerk would see it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tracker.domain import SHEET_KEY_HEADER, Status, Urgency, parse_sheet_key
from tracker.dto import ItemChanges, NewDelay, NewProgress
from tracker.errors import FileBusyError, UserError
from tracker.exporting.ledger_spec import FULL_COLUMNS, parse_columns
from tracker.exporting.ledger_xlsx import FILLS
from tracker.services.bundle import Services


def _export(services: Services, path: Path, **changes: object) -> Path:
    split = changes.pop("split", None)
    options = services.exports.default_options(**changes)
    [written] = services.exports.export(path, options, split=split)  # type: ignore[arg-type]
    return written


@pytest.fixture
def ledger(services: Services, sample_ids: list[int], tmp_path: Path) -> Path:
    a, b, c = sample_ids
    services.items.update_items([a], ItemChanges(due_date=date(2024, 7, 1), owner="张三"))
    services.items.update_items([b], ItemChanges(due_date=date(2024, 7, 20)))
    services.items.set_status([c], Status.DONE)
    services.items.add_progress(a, NewProgress(text="已召开推进会", entry_date=date(2024, 5, 10)))
    services.items.update_items([b], ItemChanges(remarks='=HYPERLINK("http://x")'))
    return _export(
        services,
        tmp_path / "台账.xlsx",
        title="示范县卫生健康局2024年工作要点督办台账",
        unit_name="示范县卫生健康局",
        columns=FULL_COLUMNS,  # every column: the cells below are checked in all of them
    )


def _header(sheet) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {cell.value: cell.column for cell in sheet[4] if cell.value}


def test_title_meta_header_and_merges(ledger: Path) -> None:
    workbook = openpyxl.load_workbook(ledger)
    assert workbook.sheetnames == ["督办台账", "统计"]
    sheet = workbook["督办台账"]
    assert sheet["A1"].value == "示范县卫生健康局2024年工作要点督办台账"
    header = _header(sheet)
    last = max(v for k, v in header.items() if k != SHEET_KEY_HEADER)
    assert f"A1:{openpyxl.utils.get_column_letter(last)}1" in {str(r) for r in sheet.merged_cells}
    assert sheet["A2"].value == "制表单位:示范县卫生健康局"
    assert any(c.value == "截至日期:2024年7月15日" for c in sheet[2])
    assert [k for k in header][:12] == [
        "序号",
        "工作任务",
        "具体内容",
        "牵头单位",
        "配合单位",
        "责任领导",
        "责任人",
        "完成时限",
        "截止日期",
        "进展情况",
        "状态",
        "备注",
    ]
    assert sheet.cell(row=4, column=1).font.bold
    assert sheet.cell(row=4, column=1).fill.fgColor.rgb.endswith("D9D9D9")
    assert sheet.cell(row=4, column=1).border.left.style == "thin"


def test_print_setup(ledger: Path) -> None:
    sheet = openpyxl.load_workbook(ledger)["督办台账"]
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert sheet.freeze_panes == "A5"
    assert sheet.page_margins.left > sheet.page_margins.right  # room for binding


def test_widths_heights_fills_and_dates(ledger: Path) -> None:
    sheet = openpyxl.load_workbook(ledger)["督办台账"]
    header = _header(sheet)
    letter = openpyxl.utils.get_column_letter
    assert (
        sheet.column_dimensions[letter(header["具体内容"])].width
        > sheet.column_dimensions[letter(header["序号"])].width
    )
    rows = _item_rows(sheet)
    first = rows[0]
    assert sheet.row_dimensions[first].height >= 24  # two wrapped lines of content at least
    fills = [sheet.cell(row=r, column=2).fill.fgColor.rgb[-6:] for r in rows]
    assert fills == [FILLS[Urgency.OVERDUE], FILLS[Urgency.DUE_SOON], FILLS[Urgency.DONE]]
    due = sheet.cell(row=first, column=header["截止日期"])
    assert due.value.date() == date(2024, 7, 1)
    assert due.number_format == 'yyyy"年"m"月"d"日"'
    assert sheet.cell(row=first, column=header["进展情况"]).value == "2024-05-10 已召开推进会"
    legend = [c.value for c in sheet[3] if c.value]
    assert legend[:4] == ["图例:", "逾期", "7日内到期", "已办结"]


def test_heading_rows_are_merged_and_bold(ledger: Path) -> None:
    sheet = openpyxl.load_workbook(ledger)["督办台账"]
    assert sheet["A5"].value is None or sheet["A5"].value  # the sample has no headings
    assert all(sheet.cell(row=r, column=1).value in (1, 2, 3) for r in _item_rows(sheet))


def test_formula_injection_is_neutralised(ledger: Path) -> None:
    sheet = openpyxl.load_workbook(ledger)["督办台账"]
    header = _header(sheet)
    cell = sheet.cell(row=_item_rows(sheet)[1], column=header["备注"])
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"
    with zipfile.ZipFile(ledger) as package:
        assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")


def test_hidden_key_column(ledger: Path, services: Services) -> None:
    sheet = openpyxl.load_workbook(ledger)["督办台账"]
    column = _header(sheet)[SHEET_KEY_HEADER]
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].hidden
    keys = [parse_sheet_key(sheet.cell(row=r, column=column).value) for r in _item_rows(sheet)]
    rows = services.items.list_items()
    assert [(k[0], k[1], k[2]) for k in keys] == [(r.item_key, r.version, r.status) for r in rows]


def test_statistics_sheet_with_a_native_chart(ledger: Path) -> None:
    sheet = openpyxl.load_workbook(ledger)["统计"]
    assert [c.value for c in sheet[3]] == [
        "责任单位",
        "总数",
        "已办结",
        "正在推进",
        "未启动",
        "逾期",
        "最长逾期(天)",
        "按时办结率",
        "催办",
    ]
    assert sheet["A2"].value.startswith("截至7月15日,共3项")
    for row in sheet.iter_rows(min_row=4, max_col=7, values_only=True):
        name, total, done, going, idle, late, _longest = row
        assert total == done + going + idle + late, name  # the rows add up as the tab's
    with zipfile.ZipFile(ledger) as package:
        chart = package.read("xl/charts/chart1.xml").decode("utf-8")
    assert "<barChart>" in chart and '<grouping val="stacked"' in chart


def test_grouped_by_headings(services: Services, tmp_path: Path) -> None:
    from tracker.importing import parse_text

    services.imports.store(
        parse_text(
            "一、医疗\n（一）急救\n1.甲。(责任单位:甲股)\n2.乙。(责任单位:乙股)\n二、公卫\n1.丙。(责任单位:丙股)\n"
        )
    )
    sheet = openpyxl.load_workbook(_export(services, tmp_path / "h.xlsx"))["督办台账"]
    column_a = [sheet.cell(row=r, column=1).value for r in range(5, sheet.max_row + 1)]
    assert column_a == ["一、医疗", "（一）急救", 1, 2, "二、公卫", 3]
    merged = {str(r) for r in sheet.merged_cells}
    assert any(r.startswith("A5:") for r in merged)
    assert sheet["A5"].font.bold


def test_chosen_columns_all_progress_and_fill_in(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    a = sample_ids[0]
    services.items.add_progress(a, NewProgress(text="一", entry_date=date(2024, 5, 1)))
    services.items.add_progress(a, NewProgress(text="二", entry_date=date(2024, 6, 1)))
    path = _export(
        services,
        tmp_path / "c.xlsx",
        columns=parse_columns("工作任务,进展情况,status"),
        all_progress=True,
        fill_in=True,
        font_set="common",
    )
    sheet = openpyxl.load_workbook(path)["督办台账"]
    assert list(_header(sheet)) == [
        "工作任务",
        "进展情况",
        "状态",
        "本期进展",
        "存在问题",
        "下步计划",
        SHEET_KEY_HEADER,
    ]
    assert sheet.cell(row=5, column=2).value == "2024-05-01 一\n2024-06-01 二"
    assert sheet.cell(row=5, column=1).font.name == "宋体"
    assert (
        sheet.data_validations.dataValidation[0].formula1 == '"待办理,推进中,已办结,已延期,已取消"'
    )


def test_unknown_column_is_refused() -> None:
    with pytest.raises(UserError, match="没有“负责人”这一列"):
        parse_columns("序号,负责人")


def test_one_sheet_or_one_file_per_lead_unit(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    path = _export(services, tmp_path / "units.xlsx", split="sheets")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["医政医管股", "疾控股", "规划信息股", "统计"]
    assert workbook["疾控股"]["A1"].value == "疾控股督办单"
    files = services.exports.export(
        tmp_path / "folder", services.exports.default_options(), split="files"
    )
    assert sorted(p.name for p in files) == [
        "医政医管股督办台账.xlsx",
        "疾控股督办台账.xlsx",
        "规划信息股督办台账.xlsx",
    ]


def test_a_failed_write_leaves_nothing_behind(
    services: Services, sample_ids: list[int], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "out.xlsx"
    target.write_bytes(b"the previous ledger")

    def broken_save(self, filename):  # type: ignore[no-untyped-def]
        Path(filename).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(UserError, match="磁盘空间已满"):
        _export(services, target)
    assert target.read_bytes() == b"the previous ledger"
    assert [p.name for p in folder.iterdir()] == ["out.xlsx"]
    assert list(temp.iterdir()) == [], "the sheets' streams are left in the temp folder"


def test_a_workbook_open_in_excel_is_reported(
    services: Services, sample_ids: list[int], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import os

    def locked(source, target):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr("tracker.exporting.files.RETRY_DELAY", 0)
    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileBusyError, match="正被 Excel 或 WPS 打开"):
        _export(services, tmp_path / "busy.xlsx")
    assert not any(p.suffix == ".xlsx" for p in tmp_path.iterdir())


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_it(ledger: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(ledger),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    reader = PdfReader(tmp_path / "台账.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "督办台账" in text.replace(" ", "")
    assert "第1页共" in text.replace(" ", "")


def _item_rows(sheet) -> list[int]:  # type: ignore[no-untyped-def]
    column = _header(sheet)[SHEET_KEY_HEADER]
    return [r for r in range(5, sheet.max_row + 1) if sheet.cell(row=r, column=column).value]


def test_control_characters_are_dropped_not_fatal(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    services.items.update_items([sample_ids[0]], ItemChanges(remarks="备注\x07\x1b内容"))
    path = _export(services, tmp_path / "ctrl.xlsx", columns=FULL_COLUMNS)
    sheet = openpyxl.load_workbook(path)["督办台账"]
    assert "备注内容" in [c.value for row in sheet.iter_rows() for c in row]


def _rename_units(db, names: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Give units names the program itself would clean, as an older ledger may hold."""
    from sqlalchemy import text

    with db.write() as session:
        for old, new in names.items():
            session.execute(
                text("UPDATE units SET name = :new WHERE name = :old"), {"new": new, "old": old}
            )


def test_unit_names_excel_refuses_still_give_sheets_and_files_that_open(
    services: Services,
    sample_ids: list[int],
    db,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    long_name = "县" + "规划信息" * 37 + "股"  # 150 characters: 450 bytes as a file name
    _rename_units(
        db, {"医政医管股": "医政\x07股/一", "疾控股": "医政股:一", "规划信息股": long_name}
    )
    path = _export(services, tmp_path / "units.xlsx", split="sheets", fill_in=True)
    with zipfile.ZipFile(path) as package:
        assert b"\x07" not in package.read("xl/workbook.xml")
    titles = openpyxl.load_workbook(path).sheetnames
    assert titles[:2] == ["医政股_一", "医政股_一(2)"]
    assert len(titles[2]) <= 31 and titles[2].startswith("县规划信息")
    files = services.exports.export(
        tmp_path / "folder", services.exports.default_options(), split="files"
    )
    names = sorted(p.name for p in files)
    assert len(set(names)) == 3, "two units must not overwrite each other's file"
    assert "医政股_一督办台账.xlsx" in names and "医政股_一督办台账(2).xlsx" in names
    assert all(p.exists() and len(p.name.encode()) < 255 for p in files)
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == names


def test_the_status_list_covers_every_task_row_in_a_few_ranges(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    path = _export(services, tmp_path / "fill.xlsx", fill_in=True, group_by_heading=True)
    sheet = openpyxl.load_workbook(path)["督办台账"]
    [validation] = sheet.data_validations.dataValidation
    covered = {cell for r in validation.sqref.ranges for cell in r.cells}
    status = _header(sheet)["状态"]
    assert covered == {(row, status) for row in _item_rows(sheet)}
    assert len(validation.sqref.ranges) < len(covered), "runs of rows, not one range per cell"


def test_an_overdue_task_says_how_late_it_is(ledger: Path) -> None:
    sheet = openpyxl.load_workbook(ledger)["督办台账"]
    column = _header(sheet)["完成时限"]
    title_column = _header(sheet)["工作任务"]
    cells = {
        sheet.cell(row=r, column=title_column).value: sheet.cell(row=r, column=column).value
        for r in _item_rows(sheet)
    }
    assert cells["提高县级医院服务能力"].endswith("\n逾期14天")  # due 7月1日, today 7月15日
    assert "逾期" not in (cells["强化疾病预防控制"] or "")  # due 7月20日: not yet
    assert "逾期" not in (cells["推进智慧医院建设"] or "")  # 已办结


def test_a_delayed_task_prints_its_original_and_new_deadline(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    item = services.items.get_item(sample_ids[0]).row
    services.items.record_delay(
        item.id, NewDelay(new_due_date=date(2024, 9, 30), reason="资金未到位")
    )
    sheet = openpyxl.load_workbook(_export(services, tmp_path / "延期.xlsx"))["督办台账"]
    column = _header(sheet)["完成时限"]
    [cell] = [
        sheet.cell(row=r, column=column).value
        for r in _item_rows(sheet)
        if sheet.cell(row=r, column=_header(sheet)["工作任务"]).value == item.title
    ]
    original = f"原定{item.deadline_text}," if item.deadline_text else ""
    assert cell == f"{original}\n延期至2024年9月30日".lstrip("\n")
