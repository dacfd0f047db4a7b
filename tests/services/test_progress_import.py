"""The round trip: export a sheet, a unit fills it in (edited here in code), read it back."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tracker.domain import SHEET_KEY_HEADER, Status
from tracker.dto import ItemChanges
from tracker.errors import DocumentError
from tracker.services.bundle import Services

pytestmark = pytest.mark.both_backends


def _export(services: Services, path: Path, **changes: object) -> Path:
    options = services.exports.default_options(fill_in=True, **changes)
    return services.exports.export(path, options)[0]


def _columns(sheet) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {c.value: c.column for c in sheet[4] if c.value}


def _row_of(sheet, title: str) -> int:  # type: ignore[no-untyped-def]
    column = _columns(sheet)["工作任务"]
    return next(
        r for r in range(5, sheet.max_row + 1) if sheet.cell(row=r, column=column).value == title
    )


@pytest.fixture
def returned(services: Services, sample_ids: list[int], tmp_path: Path) -> Path:
    """A sheet as a unit sends it back: filled in, reordered, with extras and mistakes."""
    path = _export(services, tmp_path / "发出.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["督办台账"]
    cols = _columns(sheet)
    first = _row_of(sheet, "提高县级医院服务能力")
    sheet.cell(row=first, column=cols["本期进展"], value="已完成胸痛中心建设方案")
    sheet.cell(row=first, column=cols["存在问题"], value="设备未到位")
    sheet.cell(row=first, column=cols["下步计划"], value="8月底前完成采购")
    second = _row_of(sheet, "强化疾病预防控制")
    sheet.cell(row=second, column=cols["状态"], value="已办结")
    third = _row_of(sheet, "推进智慧医院建设")
    sheet.delete_rows(third)  # the unit deleted a row
    sheet.insert_cols(3)  # and added a column of its own
    sheet.cell(row=4, column=3, value="单位备注")
    sheet.insert_rows(first)  # and moved a row up: 强化疾病预防控制 now comes first
    sheet.move_range(f"A{second + 1}:Z{second + 1}", rows=-2)
    extra = sheet.max_row + 1
    sheet.cell(row=extra, column=2, value="单位自己加的一行")
    sheet.cell(row=extra, column=_columns(sheet)["本期进展"], value="无编号的进展")
    wrong = extra + 1
    sheet.cell(row=wrong, column=2, value="编号写错的一行")
    sheet.cell(
        row=wrong, column=_columns(sheet)[SHEET_KEY_HEADER], value="K:" + "0" * 32 + ":1:todo"
    )
    sheet.cell(row=wrong, column=_columns(sheet)["本期进展"], value="x")
    workbook.move_sheet("统计", offset=-1)  # any sheet order
    out = path.with_name("回收.xlsx")
    workbook.save(out)
    return out


def test_preview_lists_changes_and_rows_it_cannot_place(
    services: Services, sample_ids: list[int], returned: Path
) -> None:
    before = services.items.list_items()
    plan = services.progress_imports.preview(returned)
    assert services.items.list_items() == before, "a preview changes nothing"
    changes = {change.title: change for change in plan.changes}
    assert set(changes) == {"提高县级医院服务能力", "强化疾病预防控制"}
    first = changes["提高县级医院服务能力"]
    assert (first.progress, first.problems, first.next_steps) == (
        "已完成胸痛中心建设方案",
        "设备未到位",
        "8月底前完成采购",
    )
    assert first.new_status is None and not first.conflict
    second = changes["强化疾病预防控制"]
    assert (second.old_status, second.new_status) == (Status.TODO, Status.DONE)
    assert len(plan.unmatched) == 2
    assert any("没有事项编号" in line for line in plan.unmatched)
    assert any("不存在" in line for line in plan.unmatched)
    assert plan.unchanged == 0


def test_apply_appends_entries_and_changes_status_once(
    services: Services, sample_ids: list[int], returned: Path
) -> None:
    plan = services.progress_imports.preview(returned)
    report = services.progress_imports.apply(plan)
    assert (report.entries_added, report.statuses_changed) == (1, 1)
    detail = services.items.get_item(sample_ids[0])
    [entry] = detail.progress
    assert (entry.text, entry.problems, entry.next_steps, entry.source, entry.reported_by) == (
        "已完成胸痛中心建设方案",
        "设备未到位",
        "8月底前完成采购",
        "sheet",
        "回收",
    )
    assert entry.entry_date == date(2024, 7, 15)
    assert services.items.get_item(sample_ids[1]).row.status == Status.DONE
    assert detail.history[0].summary == "导入进展"
    again = services.progress_imports.preview(returned)
    assert again.changes == ()


def test_a_conflict_keeps_progress_but_not_the_status(
    services: Services, sample_ids: list[int], returned: Path
) -> None:
    services.items.update_items([sample_ids[1]], ItemChanges(leader="刚改过"))
    plan = services.progress_imports.preview(returned)
    conflict = next(c for c in plan.changes if c.title == "强化疾病预防控制")
    assert conflict.conflict
    report = services.progress_imports.apply(plan)
    assert report.statuses_changed == 0
    assert "未采用" in report.skipped_conflicts[0]
    assert services.items.get_item(sample_ids[1]).row.status == Status.TODO


def test_the_ledger_progress_column_can_carry_the_report(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    options = services.exports.default_options()
    path = services.exports.export(tmp_path / "plain.xlsx", options)[0]
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    cols = _columns(sheet)
    sheet.cell(row=_row_of(sheet, "推进智慧医院建设"), column=cols["进展情况"], value="平台已上线")
    workbook.save(path)
    [change] = services.progress_imports.preview(path).changes
    assert change.progress == "平台已上线"


def test_not_a_ledger_or_hostile_files_are_refused(services: Services, tmp_path: Path) -> None:
    plain = tmp_path / "别的表.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "姓名"
    workbook.save(plain)
    with pytest.raises(DocumentError, match="没有找到督办台账的表格"):
        services.progress_imports.preview(plain)
    text = tmp_path / "x.xlsx"
    text.write_text("不是表格", encoding="utf-8")
    with pytest.raises(DocumentError, match="不是 Excel 工作簿"):
        services.progress_imports.preview(text)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", b"<a/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\x00" * (200 * 1024 * 1024))
    with pytest.raises(DocumentError, match="过大"):
        services.progress_imports.preview(bomb)


def _fill(path: Path, title: str, **cells: str) -> Path:
    """The exported sheet at ``path`` with ``cells`` (header → value) written on ``title``."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["督办台账"]
    cols, row = _columns(sheet), _row_of(sheet, title)
    for header, value in cells.items():
        sheet.cell(row=row, column=cols[header], value=value)
    out = path.with_name("回收-" + path.name)
    workbook.save(out)
    return out


def test_a_status_changed_between_preview_and_confirm_is_not_overwritten(
    services: Services, sample_ids: list[int], returned: Path
) -> None:
    plan = services.progress_imports.preview(returned)
    assert not next(c for c in plan.changes if c.title == "强化疾病预防控制").conflict
    services.items.update_items([sample_ids[1]], ItemChanges(status=Status.CANCELLED))
    report = services.progress_imports.apply(plan)
    assert report.statuses_changed == 0
    assert any("预览后" in line for line in report.skipped_conflicts)
    assert services.items.get_item(sample_ids[1]).row.status == Status.CANCELLED
    assert report.entries_added == 1, "the progress of the other row is still recorded"


def test_two_overlapping_reviews_of_one_sheet_record_it_once(
    services: Services, sample_ids: list[int], returned: Path
) -> None:
    first = services.progress_imports.preview(returned)
    second = services.progress_imports.preview(returned)  # a colleague, at the same time
    assert services.progress_imports.apply(first).entries_added == 1
    again = services.progress_imports.apply(second)
    assert (again.entries_added, again.repeated) == (0, 1)
    assert len(services.items.get_item(sample_ids[0]).progress) == 1
    later = services.progress_imports.preview(returned.with_name("回收.xlsx"))
    assert later.changes == () and later.repeated == 1


def test_a_new_rounds_report_is_recorded_even_in_the_same_words(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    title = "提高县级医院服务能力"
    june = _fill(_export(services, tmp_path / "6月.xlsx"), title, 本期进展="按计划推进。")
    assert services.progress_imports.apply(services.progress_imports.preview(june)).entries_added
    july = _fill(_export(services, tmp_path / "7月.xlsx"), title, 本期进展="按计划推进。")
    plan = services.progress_imports.preview(july)
    assert [c.progress for c in plan.changes] == ["按计划推进。"]
    assert services.progress_imports.apply(plan).entries_added == 1
    entries = services.items.get_item(sample_ids[0]).progress
    assert [entry.text for entry in entries] == ["按计划推进。", "按计划推进。"]


def test_the_progress_column_keeps_new_lines_that_repeat_old_words(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    title = "提高县级医院服务能力"
    first = _fill(_export(services, tmp_path / "a.xlsx"), title, 本期进展="按计划推进。")
    services.progress_imports.apply(services.progress_imports.preview(first))
    path = services.exports.export(tmp_path / "b.xlsx", services.exports.default_options())[0]
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    cell = sheet.cell(row=_row_of(sheet, title), column=_columns(sheet)["进展情况"])
    cell.value = f"{cell.value}\n按计划推进。"
    workbook.save(path)
    [change] = services.progress_imports.preview(path).changes
    assert change.progress == "按计划推进。"


def test_a_formula_without_a_saved_result_is_reported(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    path = _fill(_export(services, tmp_path / "发出.xlsx"), "提高县级医院服务能力", 本期进展="=A1&B1")
    plan = services.progress_imports.preview(path)
    assert plan.changes == ()
    [problem] = [line for line in plan.problems if "公式" in line]
    assert "本期进展" in problem and "没有保存计算结果" in problem


def test_a_returned_file_with_a_very_long_name_is_recorded(
    services: Services, sample_ids: list[int], returned: Path
) -> None:
    long_name = returned.with_name("关于报送进展" + "x" * 110 + ".xlsx")  # 116 characters
    returned.rename(long_name)
    report = services.progress_imports.apply(services.progress_imports.preview(long_name))
    assert report.entries_added == 1
    [entry] = services.items.get_item(sample_ids[0]).progress
    assert entry.reported_by is not None and len(entry.reported_by) == 100


def test_a_second_import_of_a_sheet_with_a_conflict_changes_nothing(
    services: Services, sample_ids: list[int], returned: Path
) -> None:
    services.items.update_items([sample_ids[1]], ItemChanges(leader="刚改过"))
    first = services.progress_imports.apply(services.progress_imports.preview(returned))
    assert first.entries_added == 1 and first.statuses_changed == 0
    before = [services.items.get_item(i) for i in sample_ids]
    again = services.progress_imports.preview(returned)
    assert all(not change.progress for change in again.changes), "no entry proposed twice"
    report = services.progress_imports.apply(again)
    assert (report.entries_added, report.statuses_changed) == (0, 0)
    after = [services.items.get_item(i) for i in sample_ids]
    assert [d.progress for d in after] == [d.progress for d in before]
    assert [d.row.status for d in after] == [d.row.status for d in before]
