"""Patterns of real documents that the first importer missed (written for the tests, after the
forms listed in issue 11: unlabelled tags, flattened tables, shared tags, notices, metadata)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.importing.docx_builder import DocxBuilder
from tracker.errors import DocumentError
from tracker.importing import parse_bytes, parse_file, parse_text
from tracker.importing.model import ParsedItem


def items(text: str) -> list[ParsedItem]:
    return [item for document in parse_text(text).documents for item in document.items]


def roles(item: ParsedItem) -> list[tuple[str, str]]:
    return [(unit.name, unit.role.value) for unit in item.units]


STATE_COUNCIL = """国务院办公厅关于印发健康监测体系建设行动方案的通知
国办发〔2024〕18号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
《健康监测体系建设行动方案》已经国务院同意，现印发给你们，请认真贯彻执行。请各地区于2024年6月30日前将落实情况报送国家卫生健康委。
国务院办公厅
2024年3月9日
健康监测体系建设行动方案
一、总体要求
（一）主要目标。到2025年，监测体系基本建成。
二、重点任务
（一）健全监测网络。建立健全监测体系，年底前覆盖所有县。（国家卫生健康委、国家疾控局负责，排在第一位的为牵头部门，下同）
（二）加强口岸检疫。完善口岸监测哨点。（海关总署、国家卫生健康委按职责分工负责）
（三）保障设备供应。加快监测设备研发。（工业和信息化部、财政部等负责）完善采购政策。（财政部负责）
（四）强化人才支撑。加强专业人才培养。（教育部牵头，国家卫生健康委参与）
三、保障措施
（一）加强组织领导。各地要把监测体系建设纳入重要议事日程。（各省级人民政府负责）
（二）加强经费保障。
"""


def test_state_council_plan() -> None:
    [document] = parse_text(STATE_COUNCIL).documents
    assert document.title == "健康监测体系建设行动方案"
    assert document.doc_number == "国办发〔2024〕18号"
    assert document.date == date(2024, 3, 9)
    found = document.items
    assert [item.number for item in found] == ["（一）", "（二）", "（三）", "（四）", "（一）"]
    assert roles(found[0]) == [("国家卫生健康委", "lead"), ("国家疾控局", "support")]
    # The rule holds from where it is printed ("下同").
    assert roles(found[1]) == [("海关总署", "lead"), ("国家卫生健康委", "support")]
    assert roles(found[2]) == [("工业和信息化部", "lead"), ("财政部", "support")]
    assert roles(found[3]) == [("教育部", "lead"), ("国家卫生健康委", "support")]
    # A tagged entry under 保障措施 is a task; the untagged one is not.
    assert found[4].heading_path == ["三、保障措施"]
    assert roles(found[4]) == [("各省级人民政府", "lead")]
    # The notice's own request never becomes a deadline.
    assert found[0].deadline_text == "年底前"
    assert all(item.due_date != date(2024, 6, 30) for item in found)


def test_lead_rule_only_from_where_it_is_printed() -> None:
    found = items(
        "1.做好甲。（甲局、乙局负责）\n"
        "2.做好乙。（丙局、丁局负责，列第一位者为牵头单位）\n"
        "3.做好丙。（戊局、己局负责）\n"
    )
    assert [roles(item) for item in found] == [
        [("甲局", "responsible"), ("乙局", "responsible")],
        [("丙局", "lead"), ("丁局", "support")],
        [("戊局", "lead"), ("己局", "support")],
    ]


def test_sub_points_sharing_one_tag_are_one_task() -> None:
    found = items(
        "（一）加强医疗服务。\n"
        "1.推进分级诊疗。\n（1）完善转诊制度；\n（2）加强双向转诊；\n（3）建立考核机制。（县卫健局负责）\n"
        "2.做好疾病防控。\n（1）落实监测。（县疾控中心负责）\n（2）做好接种。（县卫健局负责）\n"
    )
    assert [(item.number, [u.name for u in item.units]) for item in found] == [
        ("1", ["县卫健局"]),
        ("（1）", ["县疾控中心"]),
        ("（2）", ["县卫健局"]),
    ]
    assert found[0].content.count("\n") == 3
    assert found[0].title == "推进分级诊疗"


def test_numbered_entries_of_a_section_closed_by_one_tag_are_one_task() -> None:
    found = items(
        "（一）完善应急体系。\n1.健全预案。\n2.加强演练。\n（县卫健局、县应急局按职责分工负责）\n"
        "（二）强化执法。\n1.开展检查。\n2.公开结果。（县卫健局负责）\n"
        "（三）改善服务。\n1.优化流程。（县卫健局负责）\n2.公开承诺。（县医保局负责）\n"
    )
    assert [item.number for item in found] == ["（一）", "（二）", "1", "2"]
    assert [u.name for u in found[0].units] == ["县卫健局", "县应急局"]
    assert found[1].content == "（二）强化执法。\n1.开展检查。\n2.公开结果。（县卫健局负责）"
    assert [u.name for u in found[3].units] == ["县医保局"]


def test_closing_requests_of_the_notice_are_not_part_of_the_last_task() -> None:
    result = parse_text(
        "工作要点\n1.做好甲。（县卫健局负责）\n2.做好乙。（县医保局负责）\n"
        "请各单位于3月9日前将落实情况报送县卫健局。\n联系人：张三，电话：1234567\n"
    )
    last = result.documents[0].items[-1]
    assert last.content == "2.做好乙。（县医保局负责）"
    assert last.deadline_text is None
    assert "请各单位于3月9日前将落实情况报送县卫健局。" in result.unassigned


def test_a_date_range_is_one_phrase() -> None:
    [item] = items("1.开展专项整治，实施期限为2024年1月1日至2025年12月31日。（县卫健局负责）")
    assert item.deadline_text == "2024年1月1日至2025年12月31日"
    assert item.due_date == date(2025, 12, 31)


def test_metadata_of_a_web_copy() -> None:
    [document] = parse_text(
        "索引号：11341823/2024-00052\n发文字号：皖卫发〔2024〕7号  成文日期：2024年03月05日\n"
        "关于印发2024年全省卫生健康工作要点的通知\n2024年全省卫生健康工作要点\n"
        "1.做好甲。（省卫生健康委负责）\n2.做好乙。\n完成时限：2024年12月31日\n"
    ).documents
    assert document.doc_number == "皖卫发〔2024〕7号"
    assert document.date == date(2024, 3, 5)
    assert document.title == "2024年全省卫生健康工作要点"
    assert document.items[1].deadline_text == "2024年12月31日"


def test_a_deadline_line_is_never_the_date_of_the_document() -> None:
    [document] = parse_text("工作要点\n1.做好甲。\n完成时限：2024年12月31日\n").documents
    assert document.date is None
    assert document.items[0].due_date == date(2024, 12, 31)


def test_contents_lines_are_not_tasks() -> None:
    result = parse_text(
        "实施方案\n目  录\n第一章 总体要求……1\n第二章 重点任务……3\n"
        "第一章 总体要求\n第二章 重点任务\n1.做好甲。（县卫健局负责）\n"
    )
    assert [item.title for item in result.documents[0].items] == ["做好甲"]


CELL_PER_LINE = """县卫生健康局2024年重点工作任务分解表
序号
重点任务
牵头单位
配合单位
完成时限
一、医疗服务
1
推进县级医院提标扩能，完成新院区主体工程建设。
县卫生健康局
县发展和改革局、县财政局
2024年12月底前
2
加强基层医疗卫生服务能力建设。
1.完成10个村卫生室标准化建设；
2.开展乡村医生培训。
县卫生健康局
各乡镇人民政府
长期坚持
二、公共卫生
3
做好传染病防控工作。
县疾控中心
6月底前
"""


def test_a_table_flattened_to_one_cell_per_line() -> None:
    found = items(CELL_PER_LINE)
    assert [(item.number, item.heading_path) for item in found] == [
        ("1", ["一、医疗服务"]),
        ("2", ["一、医疗服务"]),
        ("3", ["二、公共卫生"]),
    ]
    assert roles(found[0]) == [
        ("县卫生健康局", "lead"),
        ("县发展和改革局", "support"),
        ("县财政局", "support"),
    ]
    assert found[1].content == (
        "加强基层医疗卫生服务能力建设。\n1.完成10个村卫生室标准化建设；\n2.开展乡村医生培训。"
    )
    assert found[1].deadline_text == "长期坚持"
    # An empty 配合单位 cell leaves no line: the deadline still lands in its column.
    assert roles(found[2]) == [("县疾控中心", "lead")]
    assert found[2].deadline_text == "6月底前"
    assert found[2].due_date == date(2024, 6, 30)


@pytest.mark.parametrize("separator", ["\t", " | ", "｜"])
def test_a_table_flattened_to_a_row_per_line(separator: str) -> None:
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "推进县级医院提标扩能。", "县卫生健康局", "县财政局", "年底前"],
        ["2", "加强基层能力建设。", "县卫生健康局", "", "长期坚持"],
    ]
    found = items("2024年任务分解\n" + "\n".join(separator.join(row) for row in rows))
    assert [(item.number, roles(item), item.deadline_text) for item in found] == [
        ("1", [("县卫生健康局", "lead"), ("县财政局", "support")], "年底前"),
        ("2", [("县卫生健康局", "lead")], "长期坚持"),
    ]


def _workbook(rows: list[list[object]], wide_value_at: int | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    sheet.cell(row=1, column=300).font = openpyxl.styles.Font(bold=True)
    if wide_value_at:
        sheet.cell(row=2, column=wide_value_at).value = "备注"
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def test_workbook_columns_lead_second_unit_column_and_line_breaks() -> None:
    data = _workbook(
        [
            ["序号", "重点工作任务", "牵头领导", "牵头责任单位", "主体责任单位", "配合责任单位"],
            [81, "科学精准落实防控措施。", "汪峰", "县卫健委", "各乡镇\n县开发区", "县直有关单位"],
        ]
    )
    [item] = parse_bytes(data, "清单.xlsx").documents[0].items
    assert roles(item) == [
        ("县卫健委", "lead"),
        ("各乡镇", "responsible"),
        ("县开发区", "responsible"),
        ("县直有关单位", "support"),
    ]
    assert item.leader == "汪峰"


def test_formatting_far_to_the_right_does_not_hide_a_task_list() -> None:
    data = _workbook([["序号", "工作任务", "牵头单位"], [1, "推进甲。", "县卫健局"]])
    assert parse_bytes(data, "清单.xlsx").item_count == 1


def test_a_sheet_far_too_wide_gets_a_clear_message() -> None:
    data = _workbook([["序号", "工作任务", "牵头单位"], [1, "推进甲。", "县卫健局"]], 90)
    with pytest.raises(DocumentError, match="过大") as caught:
        parse_bytes(data, "清单.xlsx")
    assert "60" in (caught.value.hint or "")


def test_a_whole_page_pasted_as_one_line_still_splits_at_its_numbers() -> None:
    one_line = "".join(STATE_COUNCIL.split("\n"))
    found = items(one_line)
    assert [(item.number, item.title) for item in found] == [
        ("（一）", "健全监测网络"),
        ("（二）", "加强口岸检疫"),
        ("（三）", "保障设备供应"),
        ("（四）", "强化人才支撑"),
        ("（一）", "加强组织领导"),
    ]
    assert [item.heading_path for item in found][-1] == ["三、保障措施"]
    assert roles(found[1]) == [("海关总署", "lead"), ("国家卫生健康委", "support")]


def test_enumerations_inside_a_long_paragraph_stay_whole() -> None:
    text = "1.提升服务能力。" + "推进一、二级医院建设，开展1、2号院区改造，" * 12 + "（县卫健局负责）"
    [item] = items(text)
    assert item.content == text


def test_a_word_table_of_contents_is_not_a_list_of_tasks(tmp_path: Path) -> None:

    builder = DocxBuilder()
    for line in ("实施方案", "目  录", "第一章 引言\t1", "一、总体要求\t2", "二、重点任务\t3"):
        builder.paragraph(line)
    for line in ("一、总体要求", "二、重点任务", "1.推进甲。（责任单位：县卫健局）", "2.推进乙。（责任单位：县医保局）"):
        builder.paragraph(line)
    result = parse_file(builder.save(tmp_path / "方案.docx"))
    assert [(item.number, item.heading_path) for item in result.documents[0].items] == [
        ("1", ["二、重点任务"]),
        ("2", ["二、重点任务"]),
    ]
