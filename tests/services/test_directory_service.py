"""The unit directory: add, rename, merge keeping items, aliases; people."""

from __future__ import annotations

import pytest

from tracker.domain import UnitKind, UnitRole
from tracker.dto import ItemChanges, ItemFilter, UnitEdit
from tracker.errors import InvalidInputError, NotFoundError
from tracker.services.bundle import Services

pytestmark = pytest.mark.both_backends


def test_import_adds_unknown_units_for_review(services: Services, sample_ids: list[int]) -> None:
    units = {unit.name: unit for unit in services.directory.list_units()}
    assert set(units) == {"医政医管股", "县人民医院", "疾控股", "规划信息股", "县中医院"}
    assert all(unit.needs_review for unit in units.values())
    assert units["医政医管股"].item_count == 1


def test_add_refuses_duplicates_also_by_alias_and_width(services: Services) -> None:
    services.directory.add_unit("县人民医院", kind=UnitKind.SUBORDINATE)
    services.directory.add_alias("县人民医院", "县医院")
    with pytest.raises(InvalidInputError, match="已存在"):
        services.directory.add_unit("县医院")
    with pytest.raises(InvalidInputError, match="已存在"):
        services.directory.add_unit(" 县人民医院 ")
    with pytest.raises(InvalidInputError):
        services.directory.add_unit("   ")


def test_full_width_brackets_match_half_width(services: Services) -> None:
    services.directory.add_unit("各县(市、区)卫健局")
    assert services.directory.get_unit("各县（市、区）卫健局").name == "各县(市、区)卫健局"


def test_rename_keeps_the_old_name_as_alias(services: Services, sample_ids: list[int]) -> None:
    unit = services.directory.rename_unit("疾控股", "疾病预防控制股")
    assert unit.aliases == ("疾控股",)
    assert unit.needs_review is False
    row = services.items.get_item(sample_ids[1]).row
    assert row.lead_units == ("疾病预防控制股",)
    assert [r.id for r in services.items.list_items(ItemFilter(unit="疾控股"))] == [sample_ids[1]]


def test_rename_to_another_units_name_is_refused(services: Services, sample_ids: list[int]) -> None:
    with pytest.raises(InvalidInputError, match="已属于"):
        services.directory.rename_unit("疾控股", "医政医管股")


def test_merge_moves_items_people_and_names(services: Services, sample_ids: list[int]) -> None:
    a, b, _ = sample_ids
    services.items.update_items([b], ItemChanges(support_units=["县医院"]))
    services.items.update_items([a], ItemChanges(support_units=["县医院"]))
    services.directory.add_person("钱七", unit="县医院", phone="13800000000")
    before = services.items.get_item(a).row.version

    merged = services.directory.merge_units("县医院", "县人民医院")

    assert merged.name == "县人民医院"
    assert "县医院" in merged.aliases
    assert merged.item_count == 2
    names = [unit.name for unit in services.directory.list_units()]
    assert "县医院" not in names
    row_a = services.items.get_item(a).row
    # On item a the hospital was responsible already: the stronger role stays, once.
    assert [(u.name, u.role) for u in row_a.units] == [
        ("医政医管股", UnitRole.RESPONSIBLE),
        ("县人民医院", UnitRole.RESPONSIBLE),
    ]
    assert row_a.version > before
    row_b = services.items.get_item(b).row
    assert row_b.support_units == ("县人民医院",)
    assert services.directory.list_people()[0].unit_name == "县人民医院"
    assert services.directory.get_unit("县医院").name == "县人民医院"


def test_merge_into_itself_or_unknown_is_refused(services: Services, sample_ids: list[int]) -> None:
    services.directory.add_alias("县人民医院", "县医院")
    with pytest.raises(InvalidInputError):
        services.directory.merge_units("县医院", "县人民医院")
    with pytest.raises(NotFoundError):
        services.directory.merge_units("没有", "县人民医院")


def test_alias_of_another_unit_is_refused(services: Services, sample_ids: list[int]) -> None:
    with pytest.raises(InvalidInputError, match="已是单位"):
        services.directory.add_alias("县人民医院", "疾控股")


def test_update_and_delete(services: Services, sample_ids: list[int]) -> None:
    unit = services.directory.update_unit(
        "县中医院", UnitEdit(kind=UnitKind.SUBORDINATE, contact="孙八", phone="0830-1234567")
    )
    assert (unit.kind, unit.contact, unit.phone, unit.needs_review) == (
        UnitKind.SUBORDINATE,
        "孙八",
        "0830-1234567",
        False,
    )
    with pytest.raises(InvalidInputError, match="仍有"):
        services.directory.delete_unit("县中医院")
    services.directory.add_unit("临时单位")
    services.directory.delete_unit("临时单位")
    with pytest.raises(NotFoundError):
        services.directory.get_unit("临时单位")


def test_people(services: Services) -> None:
    services.directory.add_unit("医政医管股")
    person = services.directory.add_person("张三", unit="医政医管股", phone="139")
    assert (person.name, person.unit_name, person.phone) == ("张三", "医政医管股", "139")
    person = services.directory.update_person(person.id, phone="137", active=False)
    assert (person.phone, person.active) == ("137", False)
    with pytest.raises(NotFoundError):
        services.directory.add_person("李四", unit="不存在的股")


def test_suggestions_for_printed_names() -> None:
    from tracker.importing.unit_matching import suggest_units

    known = {
        "县人民医院": "县人民医院",
        "县中医院": "县中医院",
        "医政医管股": "医政医管股",
        "疾病预防控制股": "疾病预防控制股",
        "疾控股": "疾病预防控制股",
        "县疾控中心": "县疾控中心",
        "县卫生健康局": "县卫生健康局",
    }
    assert suggest_units("县医院", known)[0] == "县人民医院"
    assert suggest_units("人民医院", known) == ["县人民医院"]
    assert suggest_units("县中医医院", known)[0] == "县中医院"
    assert "县人民医院" not in suggest_units("县中医院办公室", known)
    assert suggest_units("医政医管科", known) == ["医政医管股"]
    assert suggest_units("疾控中心", known) == ["县疾控中心"]
    assert suggest_units("县卫健局", known) == ["县卫生健康局"]
    assert suggest_units("县妇幼保健院", known) == []


@pytest.mark.parametrize("invisible", ["\u202e", "\u2060", "\u2066", "\u2069", "\u200b", "\u00ad"])
def test_invisible_and_bidi_characters_make_no_look_alike_units(
    services: Services, invisible: str
) -> None:
    services.directory.add_unit("县人民医院")
    look_alike = f"县人民{invisible}医院"
    with pytest.raises(InvalidInputError, match="已存在"):
        services.directory.add_unit(look_alike)
    assert services.directory.get_unit(look_alike).name == "县人民医院"
    assert services.directory.add_unit(f"{invisible}县中医院{invisible}").name == "县中医院"


@pytest.mark.parametrize(
    ("printed", "other"),
    [
        ("县公安局", "市公安局"),
        ("市医保局", "省医保局"),
        ("县人民医院", "市人民医院"),
        ("区疾控中心", "县疾控中心"),
        ("镇卫生院", "乡卫生院"),
        ("街道办事处", "镇办事处"),
        ("四川省卫生健康委员会", "遂宁市卫生健康委员会"),
        ("省级医院", "县级医院"),
        ("县级公立医院", "市级公立医院"),
    ],
)
def test_a_name_at_another_level_is_never_suggested(printed: str, other: str) -> None:
    from tracker.importing.unit_matching import admin_level, suggest_units

    assert admin_level(printed) != admin_level(other)
    assert suggest_units(printed, {other: other}) == []
    assert suggest_units(other, {printed: printed}) == []


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("医政医管股", None),
        ("市场监管局", None),
        ("县市场监管局", "县"),
        ("城市管理局", None),
        ("社区卫生服务中心", None),
        ("乡村振兴局", None),
        ("区域医疗中心", None),
        ("遂宁市公安局", "市"),
        ("各县(市、区)卫健局", "县"),
        ("内蒙古自治区卫生健康委员会", "省"),
        ("街道办事处", "街道"),
    ],
)
def test_the_level_a_name_states(name: str, level: str | None) -> None:
    from tracker.importing.unit_matching import admin_level

    assert admin_level(name) == level


def test_names_at_the_same_level_or_without_one_are_still_suggested() -> None:
    from tracker.importing.unit_matching import suggest_units

    assert suggest_units("县医保局", {"县医疗保障局": "县医疗保障局"}) == ["县医疗保障局"]
    assert suggest_units("市场监管局", {"县市场监管局": "县市场监管局"}) == ["县市场监管局"]
    assert suggest_units("医政股", {"医政医管股": "医政医管股"}) == ["医政医管股"]


def test_ranking_puts_the_closest_first_and_other_levels_last() -> None:
    from tracker.importing.unit_matching import rank_units

    names = ["市人民医院", "办公室", "县中医院", "县人民医院", "县疾控中心"]
    ranked = rank_units("县医院", names)
    assert ranked[0] == "县人民医院"
    assert ranked[-1] == "市人民医院"
    assert sorted(ranked) == sorted(names)


def test_a_printed_name_mapped_onto_a_new_name_becomes_its_alias(services: Services) -> None:
    from tracker.importing.model import ParsedDocument, ParsedItem, ParsedUnit, ParseResult

    result = ParseResult(
        documents=[
            ParsedDocument(
                title="要点",
                items=[
                    ParsedItem(title="甲", content="甲。", units=[ParsedUnit("医政股")]),
                    ParsedItem(title="乙", content="乙。", units=[ParsedUnit("医政医管股")]),
                ],
            )
        ]
    )
    services.imports.store(result, aliases={"医政股": "医政医管股"})
    [unit] = services.directory.list_units()
    assert (unit.name, unit.aliases, unit.item_count) == ("医政医管股", ("医政股",), 2)
    assert unit.needs_review
