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


def test_the_numbered_requests_of_a_covering_notice_are_not_tasks() -> None:
    result = parse_text(
        "区人民政府办公室关于印发2023年重点任务责任分解方案的通知\n"
        "各街道办事处,区人民政府各部门:\n"
        "《2023年重点任务责任分解方案》已经同意,现印发给你们,并就有关事项通知如下:\n"
        "一、各责任单位要高度重视,制订工作方案。\n"
        "二、请各单位于2023年3月9日前将落实措施报送区政府督查室。\n"
        "区人民政府办公室\n2023年1月3日\n"
        "2023年重点任务责任分解方案\n"
        "1.地区生产总值增长6%。(牵头单位:区发改局;责任单位:各街道)\n"
        "2.新增就业1万人。(牵头单位:区人社局)\n"
    )
    [document] = result.documents
    assert document.title == "2023年重点任务责任分解方案"
    assert [item.number for item in document.items] == ["1", "2"]
    assert any(line.startswith("二、请各单位") for line in result.unassigned)


def test_a_notice_that_is_itself_the_plan_keeps_its_tasks() -> None:
    found = items(
        "县卫生健康局关于做好2024年爱国卫生工作的通知\n各乡镇卫生院:\n"
        "一、开展环境整治。(责任单位:各乡镇卫生院)\n二、加强病媒防制。(责任单位:县疾控中心)\n"
        "县卫生健康局\n2024年3月1日\n"
    )
    assert [item.number for item in found] == ["一", "二"]


def test_a_list_of_attachments_is_not_a_list_of_tasks() -> None:
    found = items(
        "实施方案\n1.优化业务流程。(责任单位:市交通委)\n2.推进数据共享。(责任单位:市公安局)\n"
        "附件:1.申请材料清单\n2.申请表\n3.业务流程\n"
    )
    assert [item.title for item in found] == ["优化业务流程", "推进数据共享"]


def test_a_tag_cut_off_by_a_truncated_copy() -> None:
    [item] = items("1.加强养老保险金收支管理。(牵头单位:市人力资源社会保")
    assert roles(item) == [("市人力资源社会保", "lead")]


def test_stages_of_a_plan_with_their_own_units() -> None:
    found = items(
        "三、方法步骤\n第一阶段:宣传发动(5月1日—5月31日)\n责任单位:各乡镇\n"
        "第二阶段:全面整治(6月1日—6月30日)\n责任单位:区民政局\n"
    )
    assert [(item.number, [u.name for u in item.units]) for item in found] == [
        ("第一阶段", ["各乡镇"]),
        ("第二阶段", ["区民政局"]),
    ]


@pytest.mark.parametrize(
    ("text", "phrase", "due"),
    [
        ("1.完成规划发布。2016年完成市级海洋功能区划发布。", "2016年", date(2016, 12, 31)),
        ("1.建设监管场地。监管场地于2019年8月完成。", "2019年8月", date(2019, 8, 31)),
        ("1.强化监管。强化前期自查、年中指导、年末检查。", None, None),
        ("1.推进建设。到2025年底,建成区40%以上面积达到要求。", "到2025年底", date(2025, 12, 31)),
    ],
)
def test_deadline_phrases_of_real_documents(text: str, phrase: str | None, due: date | None) -> None:
    [item] = items(text)
    assert (item.deadline_text, item.due_date) == (phrase, due)


def test_blank_separated_cells_with_line_breaks_and_a_column_we_do_not_read() -> None:
    text = (
        "附件:重点任务分解表\n\n序号\n\n任务类型\n\n重点内容\n\n责任单位\n\n参考文件\n\n"
        "1\n\n海绵城市\n建设管理\n\n区建设管理委负责指导推进海绵城市建设工作。\n\n"
        "区建设管理委、区水务局、\n区绿化市容局等相关部门,\n各街镇\n\n《工作指引(试行)》\n\n"
        "2\n\n系统方案\n\n编制海绵城市系统方案。\n\n区建设管理委\n\n《实施意见》\n"
    )
    found = items(text)
    assert [(item.number, item.title) for item in found] == [("1", "海绵城市建设管理"), ("2", "系统方案")]
    assert [u.name for u in found[0].units] == ["区建设管理委", "区水务局", "区绿化市容局", "各街镇"]


def test_a_row_per_line_table_with_blank_cells_and_broken_cells() -> None:
    text = (
        "工作任务\t工作要求\t牵头单位\t配合/责任单位\n"
        "一、加强信息公开\t1.增强政策透明度。\t\xa0\t区直各有关单位、各片区管理局\n"
        "2.建立审批问题反馈机制。\t区经济发展局\n区行政审批局\t区直各有关单位\n"
    )
    found = items(text)
    assert [roles(item) for item in found] == [
        [("区直各有关单位", "responsible"), ("各片区管理局", "responsible")],
        [("区经济发展局", "lead"), ("区行政审批局", "lead"), ("区直各有关单位", "support")],
    ]


def test_a_title_printed_over_two_lines_and_two_signing_bodies() -> None:
    [document] = parse_text(
        "岚综管综〔2016〕85号\n平潭综合实验区管委会\n"
        "区直各单位，各乡镇人民政府：\n现将实施方案印发给你们，请认真遵照执行。\n"
        "市交通委    市公安局\n2016年4月5日\n"
        "平潭综合实验区整合建立统一的\n公共资源交易平台实施方案\n"
        "1.清理交易平台。（区管委会负责）\n"
    ).documents
    assert document.title == "平潭综合实验区整合建立统一的公共资源交易平台实施方案"
    assert document.issuer == "市交通委 市公安局"
    assert document.date == date(2016, 4, 5)
