"""Unit tags: every printed form, roles, splitting that respects brackets."""

from __future__ import annotations

import pytest

from tracker.importing.units import apply_first_is_lead, find_unit_tag


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
            [("县医院", "responsible"), ("县中医院", "responsible")],
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
