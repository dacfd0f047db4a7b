"""Unit tags: every printed form, roles, splitting that respects brackets."""

from __future__ import annotations

import pytest

from tracker.importing.unit_labels import apply_first_is_lead
from tracker.importing.units import find_unit_tag


def units(text: str) -> list[tuple[str, str]]:
    return [(unit.name, unit.role.value) for unit in find_unit_tag(text).units]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "提高县级医院服务能力。(责任单位:医政医管股、县人民医院)",
            [("医政医管股", "responsible"), ("县人民医院", "responsible")],
        ),
        (
            "提高能力。（责任部门：医政医管股，县人民医院）",
            [("医政医管股", "responsible"), ("县人民医院", "responsible")],
        ),
        (
            "落实考核。(牵头单位:医政医管股;配合单位:规划财务股、县医保局)",
            [("医政医管股", "lead"), ("规划财务股", "support"), ("县医保局", "support")],
        ),
        (
            "推进改革。（医政医管股牵头，县人民医院、县中医院配合）",
            [("医政医管股", "lead"), ("县人民医院", "support"), ("县中医院", "support")],
        ),
        (
            "推进改革。(医政医管股、疾控股分别牵头,各乡镇卫生院按职责分工负责)",
            [("医政医管股", "lead"), ("疾控股", "lead"), ("各乡镇卫生院", "responsible")],
        ),
        (
            "推进改革。(县卫健局牵头,各有关单位按职责分工负责)",
            [("县卫健局", "lead"), ("各有关单位", "responsible")],
        ),
        (
            "加强联络。(责任单位:各县(市、区)卫健局、市直各医疗卫生单位)",
            [("各县(市、区)卫健局", "responsible"), ("市直各医疗卫生单位", "responsible")],
        ),
        ("加强联络。（责任单位：各县（市、区）卫健局）", [("各县（市、区）卫健局", "responsible")]),
        (
            "做好工作。(责任单位:县财政局和县人社局及县医保局)",
            [("县财政局", "responsible"), ("县人社局", "responsible"), ("县医保局", "responsible")],
        ),
        (
            "做好工作。(责任单位:县卫生和计划生育委员会)",
            [("县卫生和计划生育委员会", "responsible")],
        ),
        (
            "做好工作。(责任单位:县医院、县中医院,列第一位的为牵头单位)",
            [("县医院", "lead"), ("县中医院", "support")],
        ),
        (
            "做好工作。\n牵头单位:医政医管股\n配合单位:规划财务股\n完成时限:长期坚持",
            [("医政医管股", "lead"), ("规划财务股", "support")],
        ),
        ("做好工作。协办单位:县疾控中心", [("县疾控中心", "support")]),
        ("配合医保部门做好价格调整工作。", []),
        ("由县医院牵头组建医共体。", []),
        ("开展检查(2024年6月底前完成)。", []),
    ],
)
def test_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert units(text) == expected


def test_deadline_inside_the_tag() -> None:
    tag = find_unit_tag("做好工作。(责任单位:疾控股;完成时限:2024年6月底前)")
    assert tag.deadline_phrase == "2024年6月底前"
    tag = find_unit_tag("做好工作。(2024年10月底前完成,责任单位:疾控股)")
    assert tag.deadline_phrase == "2024年10月底前完成"
    assert [u.name for u in tag.units] == ["疾控股"]


def test_note_inside_tag_marks_first_as_lead() -> None:
    tag = find_unit_tag("做好工作。(责任单位:县医院、县中医院(列第一位的为牵头单位))")
    assert tag.first_is_lead
    assert [u.role.value for u in apply_first_is_lead(tag.units)] == ["lead", "support"]


def test_first_is_lead_keeps_explicit_roles() -> None:
    tag = find_unit_tag("做好工作。(牵头单位:甲局;配合单位:乙局)")
    assert apply_first_is_lead(tag.units) == tag.units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("建立健全监测体系。（国家卫生健康委负责）", [("国家卫生健康委", "responsible")]),
        ("完善口岸监测。（商务部、海关总署负责）", [("商务部", "responsible"), ("海关总署", "responsible")]),
        ("加快研发。（工业和信息化部、财政部等负责）", [("工业和信息化部", "responsible"), ("财政部", "responsible")]),
        (
            "落实属地责任。（国家卫生健康委等和各省级人民政府负责）",
            [("国家卫生健康委", "responsible"), ("各省级人民政府", "responsible")],
        ),
        (
            "加强人才培养。（教育部牵头，国家卫生健康委、人力资源社会保障部参与）",
            [("教育部", "lead"), ("国家卫生健康委", "support"), ("人力资源社会保障部", "support")],
        ),
        (
            "推进数据共享。（国家数据局指导，各省级人民政府负责）",
            [("国家数据局", "responsible"), ("各省级人民政府", "responsible")],
        ),
        (
            "强化保障。（财政部、国家医保局，各省级人民政府按职责分工负责）",
            [("财政部", "responsible"), ("国家医保局", "responsible"), ("各省级人民政府", "responsible")],
        ),
        (
            "加强研发。（工信部、公安部、应急管理部）推广装备。",
            [("工信部", "responsible"), ("公安部", "responsible"), ("应急管理部", "responsible")],
        ),
        (
            "建立体系（国家卫生健康委负责）。加快推广。（教育部、国家卫生健康委负责）",
            [("国家卫生健康委", "responsible"), ("教育部", "responsible")],
        ),
        ("覆盖所有乡镇（街道）。", []),
        ("各地卫生健康委（局）要加强指导。", []),
        ("实行按病种付费（DRG）。", []),
        ("制定实施方案（试行）。", []),
        ("开展试点（以下简称“国家卫健委”）。", []),
        ("由个人负担（费用由个人负责）。", []),
        ("加快建设。（2024年底前完成）", []),
    ],
)
def test_unlabelled_tags(text: str, expected: list[tuple[str, str]]) -> None:
    assert units(text) == expected


def test_unlabelled_tag_with_deadline_and_lead_rule() -> None:
    tag = find_unit_tag("推进建设。（国家卫生健康委、财政部负责，排在第一位的为牵头部门，下同；2025年底前完成）")
    assert [(u.name, u.role.value) for u in tag.units] == [
        ("国家卫生健康委", "lead"),
        ("财政部", "support"),
    ]
    assert tag.first_is_lead
    assert tag.deadline_phrase == "2025年底前"


def test_document_lead_rule_applies_per_tag() -> None:
    tag = find_unit_tag(
        "推进。（甲局、乙局负责）完善。（丙局牵头，丁局参与）", first_is_lead=True
    )
    assert [(u.name, u.role.value) for u in tag.units] == [
        ("甲局", "lead"),
        ("乙局", "support"),
        ("丙局", "lead"),
        ("丁局", "support"),
    ]


def test_known_names_count_in_unlabelled_tags() -> None:
    assert units("做好工作。（县急救网络、团县委）") == []
    tag = find_unit_tag("做好工作。（县急救网络、团县委）", known={"县急救网络"})
    assert [u.name for u in tag.units] == ["县急救网络", "团县委"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("做好工作。\n牵头责任单位：县卫健局\n主要协作单位：县财政局", [("县卫健局", "lead"), ("县财政局", "support")]),
        ("做好工作。\n协同责任单位：县医保局", [("县医保局", "support")]),
        ("做好工作。\n负责部门：县卫健局", [("县卫健局", "responsible")]),
        ("做好工作。\n责任股室：医政股、疾控股", [("医政股", "responsible"), ("疾控股", "responsible")]),
        ("做好工作。（牵头单位：县卫健局；配合：县财政局）", [("县卫健局", "lead"), ("县财政局", "support")]),
        ("做好工作。\n牵头负责领导：张三\n牵头单位：县卫健局", [("县卫健局", "lead")]),
        ("做好工作。（牵头单位：县卫健局\n县疾控中心）", [("县卫健局", "lead"), ("县疾控中心", "lead")]),
    ],
)
def test_more_labels(text: str, expected: list[tuple[str, str]]) -> None:
    assert units(text) == expected


def test_a_leader_label_names_a_person() -> None:
    tag = find_unit_tag("做好工作。\n牵头负责领导：张三\n责任单位：县卫健局")
    assert tag.leader == "张三"
    assert [u.name for u in tag.units] == ["县卫健局"]


@pytest.mark.parametrize(
    "rule",
    [
        "列第一位的为牵头单位",
        "列第一位者为牵头单位",
        "排在第一位的为牵头部门",
        "排在第一位的部门为牵头部门，下同",
        "第一责任单位为牵头单位",
        "排在首位的为牵头单位",
    ],
)
def test_lead_rule_wordings(rule: str) -> None:
    from tracker.importing.textnorm import fold
    from tracker.importing.unit_labels import FIRST_IS_LEAD

    assert FIRST_IS_LEAD.search(fold(rule))


def test_a_tag_in_square_brackets() -> None:
    assert units("地区生产总值增长11%。【牵头单位：县发改局（粮食局）；责任单位：各镇人民政府，嘉鱼经济开发区】") == [
        ("县发改局（粮食局）", "lead"),
        ("各镇人民政府", "responsible"),
        ("嘉鱼经济开发区", "responsible"),
    ]
    assert units("按照遂卫发〔2021〕12号文件要求落实。") == []


def test_a_division_of_work_written_in_sentences() -> None:
    text = (
        "1.完善规划。\n责任分工：区规划局负责开展规划编制工作，所在乡镇人民政府组织实施,"
        "区直有关责任部门配合,区交通与建设局业务检查指导并协助区规划局做好规划编制工作。"
    )
    assert units(text) == [
        ("区规划局", "responsible"),
        ("所在乡镇人民政府", "responsible"),
        ("区直有关责任部门", "support"),
        ("区交通与建设局", "responsible"),
    ]
    assert units("2.建设管网。\n责任分工：由各片区开发管理局负责，区交通投资集团有限公司组织实施，区交通与建设局等区直部门配合。") == [
        ("各片区开发管理局", "responsible"),
        ("区交通投资集团有限公司", "responsible"),
        ("区交通与建设局", "support"),
    ]
