"""The import draft: every operation of the review screen, without a widget."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain import DeadlineKind, UnitRole
from tracker.importing import parse_text
from tracker.importing.checks import ConcernKind
from tracker.importing.model import ParsedDocument, ParsedItem, ParsedUnit, ParseResult
from tracker.importing.review import (
    Heading,
    ImportDraft,
    ItemKey,
    NameMatch,
    UnitDirectory,
    UnknownName,
)
from tracker.services.directory_service import suggest_units, unit_key


def _directory(*units: str, aliases: dict[str, str] | None = None) -> UnitDirectory:
    names = {unit: unit for unit in units} | (aliases or {})
    return UnitDirectory(names, unit_key, lambda name: suggest_units(name, names))


DIRECTORY = _directory("县卫健局", "县人民医院", "医政医管股", aliases={"卫健局": "县卫健局"})


def _item(
    title: str, *units: str, number: str | None = None, heading: tuple[str, ...] = ()
) -> ParsedItem:
    return ParsedItem(
        title=title,
        content=f"{title}。" + (f"(责任单位:{'、'.join(units)})" if units else ""),
        number=number,
        heading_path=list(heading),
        units=[ParsedUnit(unit) for unit in units],
    )


def _result(*documents: list[ParsedItem]) -> ParseResult:
    return ParseResult(
        documents=[
            ParsedDocument(title=f"文件{n}", date=date(2024, 3, 1), items=items)
            for n, items in enumerate(documents, start=1)
        ],
        unassigned=["一段没有归入事项的文字"],
        warnings=["一条提示"],
        source_name="要点.docx",
    )


def _four() -> ImportDraft:
    """Four items in one document, the second and third needing a look."""
    return ImportDraft(
        _result(
            [
                _item("做好甲", "县卫健局", number="1."),
                _item("做好乙", number="2."),
                _item("建设任务", "县卫健局", number="3.", heading=("一、重点任务",)),
                _item("做好丁", "县医院", number="4."),
            ]
        ),
        DIRECTORY,
    )


def _titles(draft: ImportDraft, keys: list[ItemKey] | None = None) -> list[str]:
    return [draft.item(key).title for key in (draft.item_keys() if keys is None else keys)]


# ---- keys and documents -----------------------------------------------------------------------


def test_every_item_has_its_own_key_in_document_order() -> None:
    draft = ImportDraft(_result([_item("甲"), _item("乙")], [_item("丙")]), DIRECTORY)
    keys = draft.item_keys()
    assert len(set(keys)) == 3
    assert _titles(draft) == ["甲", "乙", "丙"]
    first, second = draft.documents()
    assert first.keys == tuple(keys[:2]) and second.keys == (keys[2],)
    assert (first.label, second.label) == ("《文件1》 2 项", "《文件2》 1 项")
    assert first.tip == "文件1\n成文日期:2024-03-01"


def test_a_document_without_title_and_with_all_its_particulars() -> None:
    result = ParseResult(
        documents=[
            ParsedDocument(
                doc_number="遂卫发〔2024〕3号",
                date=date(2024, 3, 1),
                issuer="县卫生健康局",
                items=[_item("甲")],
            )
        ]
    )
    [document] = ImportDraft(result, DIRECTORY).documents()
    assert document.label == "《未命名文件》 1 项"
    assert document.tip == (
        "未命名文件\n文号:遂卫发〔2024〕3号\n成文日期:2024-03-01\n发文机关:县卫生健康局"
    )


def test_the_outline_puts_items_under_their_headings_where_each_first_appears() -> None:
    draft = ImportDraft(
        _result(
            [
                _item("甲", heading=("一、", "(一)")),
                _item("乙", heading=("二、",)),
                _item("丙"),
                _item("丁", heading=("一、", "(二)")),
                _item("戊", heading=("一、", "(一)")),
            ]
        ),
        DIRECTORY,
    )
    a, b, c, d, e = draft.item_keys()
    [document] = draft.documents()
    assert document.outline == (
        Heading("一、", (Heading("(一)", (a, e)), Heading("(二)", (d,)))),
        Heading("二、", (b,)),
        c,
    )
    assert document.keys == (a, b, c, d, e)


def test_the_draft_works_on_a_copy() -> None:
    result = _result([_item("甲", "县卫健局"), _item("乙")])
    draft = ImportDraft(result, DIRECTORY)
    first, second = draft.item_keys()
    draft.retitle(first, "新标题")
    draft.set_units(second, lead=["县医院"])
    draft.merge_with_previous(second)
    assert [item.title for item in result.documents[0].items] == ["甲", "乙"]
    assert result.documents[0].items[1].units == []


def test_an_unknown_key_is_refused() -> None:
    draft = _four()
    gone = ItemKey(999)
    with pytest.raises(KeyError):
        draft.item(gone)
    with pytest.raises(KeyError):
        draft.set_included(gone, False)
    with pytest.raises(KeyError):
        draft.retitle(gone, "甲")
    with pytest.raises(KeyError):
        draft.merge_with_previous(gone)
    with pytest.raises(KeyError):
        draft.split(gone, 1)


# ---- leaving items out -------------------------------------------------------------------------


def test_leaving_items_out_and_taking_them_back() -> None:
    draft = _four()
    keys = draft.item_keys()
    assert all(draft.is_included(key) for key in keys)
    draft.set_included(keys[1], False)
    draft.set_included(keys[1], False)
    assert not draft.is_included(keys[1]) and draft.included_count() == 3
    assert "将导入 3 项" in draft.summary()
    draft.set_included(keys[1], True)
    assert draft.included_count() == 4


def test_leaving_every_item_out_and_in() -> None:
    draft = _four()
    draft.include_all(False)
    assert draft.included_count() == 0
    assert not any(draft.is_included(key) for key in draft.item_keys())
    draft.include_all(True)
    assert draft.included_count() == 4


def test_the_outcome_holds_only_the_items_kept_as_edited() -> None:
    draft = _four()
    keys = draft.item_keys()
    draft.set_included(keys[0], False)
    draft.retitle(keys[1], "做好乙项工作")
    reviewed = draft.reviewed()
    [document] = reviewed.result.documents
    assert [item.title for item in document.items] == ["做好乙项工作", "建设任务", "做好丁"]
    assert (document.title, document.date) == ("文件1", date(2024, 3, 1))
    assert reviewed.result.unassigned == ["一段没有归入事项的文字"]
    assert reviewed.result.warnings == ["一条提示"]
    assert reviewed.result.source_name == "要点.docx"
    assert reviewed.aliases == {}
    document.items[0].title = "改了结果"
    assert draft.item(keys[1]).title == "做好乙项工作"


def test_a_document_with_every_item_left_out_is_kept_empty() -> None:
    draft = ImportDraft(_result([_item("甲")], [_item("乙")]), DIRECTORY)
    draft.set_included(draft.item_keys()[0], False)
    documents = draft.reviewed().result.documents
    assert [len(document.items) for document in documents] == [0, 1]


# ---- editing one item --------------------------------------------------------------------------


def test_retitling_strips_and_refuses_a_blank_title() -> None:
    draft = _four()
    generic = draft.item_keys()[2]
    assert ConcernKind.GENERIC_TITLE in [c.kind for c in draft.concerns(generic)]
    assert draft.retitle(generic, "  推进县级医院建设 ")
    assert draft.item(generic).title == "推进县级医院建设"
    assert draft.concerns(generic) == []
    assert not draft.retitle(generic, "   ")
    assert draft.item(generic).title == "推进县级医院建设"


def test_setting_units_keeps_the_first_role_of_a_name_given_twice() -> None:
    draft = _four()
    key = draft.item_keys()[1]
    draft.set_units(
        key, lead=["医政医管股"], support=["县医院", "县卫健局"], responsible=["县卫健局", ""]
    )
    assert draft.item(key).units == [
        ParsedUnit("医政医管股", UnitRole.LEAD),
        ParsedUnit("县卫健局", UnitRole.RESPONSIBLE),
        ParsedUnit("县医院", UnitRole.SUPPORT),
    ]
    assert draft.concerns(key) == []
    assert "共 4 项;" in draft.summary()
    draft.set_units(key)
    assert draft.item(key).units == []
    assert "其中 1 项未识别责任单位" in draft.summary()


def test_retyping_a_deadline_reads_it_in_the_document_year() -> None:
    draft = _four()
    key = draft.item_keys()[0]
    assert draft.due_text(key) == ""
    assert draft.retype_deadline(key, " 9月底前 ")
    item = draft.item(key)
    assert (item.deadline_text, item.due_date, item.deadline_kind) == (
        "9月底前",
        date(2024, 9, 30),
        DeadlineKind.DATE,
    )
    assert draft.due_text(key) == "= 2024年09月30日"
    assert not draft.retype_deadline(key, "9月底前")
    assert draft.retype_deadline(key, "长期坚持")
    assert draft.due_text(key) == "(长期)"
    assert draft.retype_deadline(key, "")
    assert (draft.item(key).deadline_text, draft.due_text(key)) == (None, "")
    assert not draft.retype_deadline(key, "  ")


def test_a_deadline_before_the_document_date_is_a_concern() -> None:
    draft = _four()
    key = draft.item_keys()[0]
    draft.retype_deadline(key, "2023年6月底前")
    assert [c.kind for c in draft.concerns(key)] == [ConcernKind.EARLY_DEADLINE]
    assert draft.concern_text(key) == "⚠ 完成时限(2023年6月底前)早于成文日期,请核对年份"


# ---- merging -----------------------------------------------------------------------------------


def test_merging_keeps_the_earlier_key_and_every_other_key() -> None:
    draft = _four()
    a, b, c, d = draft.item_keys()
    merged = draft.merge_with_previous(c)
    assert merged == b
    assert draft.item_keys() == [a, b, d]
    assert draft.item(b).title == "做好乙"
    assert draft.item(b).content == "做好乙。\n建设任务。(责任单位:县卫健局)"
    assert draft.item(b).units == [ParsedUnit("县卫健局")]
    with pytest.raises(KeyError):
        draft.item(c)
    assert draft.documents()[0].label == "《文件1》 3 项"


def test_the_first_item_of_a_document_has_nothing_to_merge_with() -> None:
    draft = ImportDraft(_result([_item("甲"), _item("乙")], [_item("丙")]), DIRECTORY)
    a, b, c = draft.item_keys()
    assert draft.merge_with_previous(a) is None
    assert draft.merge_with_previous(c) is None  # not across documents
    assert draft.item_keys() == [a, b, c]
    assert _titles(draft) == ["甲", "乙", "丙"]


def test_merging_the_last_item() -> None:
    draft = _four()
    a, b, c, d = draft.item_keys()
    assert draft.merge_with_previous(d) == c
    assert draft.item_keys() == [a, b, c]
    assert draft.merge_with_previous(c) == b
    assert draft.merge_with_previous(b) == a
    assert draft.item_keys() == [a]
    assert draft.merge_with_previous(a) is None
    assert draft.item(a).content.count("\n") == 3


def test_a_merged_item_is_kept_whichever_part_was_left_out() -> None:
    draft = _four()
    a, b, c, d = draft.item_keys()
    draft.set_included(a, False)
    draft.set_included(d, False)
    assert draft.merge_with_previous(b) == a
    assert draft.is_included(a)
    assert draft.merge_with_previous(d) == c
    assert draft.is_included(c)
    assert draft.included_count() == 2
    assert [i.title for i in draft.reviewed().result.documents[0].items] == ["做好甲", "建设任务"]


# ---- splitting ---------------------------------------------------------------------------------

SPLIT_TEXT = """2024年工作要点
2024年3月1日
一、重点任务
1.做好甲项工作。推进乙项工作,6月底前完成。(责任单位:县人民医院)
2.做好丙项工作。(责任单位:县卫健局)
"""


def _split_draft() -> ImportDraft:
    return ImportDraft(parse_text(SPLIT_TEXT), DIRECTORY)


def test_splitting_gives_the_second_part_a_new_key_after_the_first() -> None:
    draft = _split_draft()
    first, last = draft.item_keys()
    content = draft.item(first).content
    second = draft.split(first, content.index("推进乙"))
    assert draft.item_keys() == [first, second, last]
    assert second not in (first, last)
    assert draft.item(first).title == "做好甲项工作"
    assert draft.item(first).number == "1"
    assert draft.item(first).units == [ParsedUnit("县人民医院")]  # the whole item's units
    assert draft.item(second).title == "推进乙项工作,6月底前完成"
    assert draft.item(second).heading_path == ["一、重点任务"]
    assert draft.item(second).due_date == date(2024, 6, 30)  # read in the document's year
    assert draft.documents()[0].label.endswith(" 3 项")


def test_splitting_the_last_item_and_parts_left_out_before() -> None:
    draft = _split_draft()
    first, last = draft.item_keys()
    draft.set_included(last, False)
    second = draft.split(last, draft.item(last).content.index("(责任"))
    assert draft.item_keys() == [first, last, second]
    assert draft.is_included(last) and draft.is_included(second)


@pytest.mark.parametrize("where", ["start", "end", "blank", "beyond"])
def test_a_cut_that_leaves_an_empty_part_changes_nothing(where: str) -> None:
    draft = _split_draft()
    first, last = draft.item_keys()
    content = draft.item(first).content
    at = {"start": 0, "end": len(content), "blank": 0, "beyond": len(content) + 5}[where]
    if where == "blank":
        draft.item(first).content = "   " + content  # only spaces before the cut
        at = 3
    draft.set_included(first, False)
    with pytest.raises(ValueError):
        draft.split(first, at)
    assert draft.item_keys() == [first, last]
    assert not draft.is_included(first)


def test_keys_are_never_given_again() -> None:
    draft = _split_draft()
    first, last = draft.item_keys()
    assert draft.merge_with_previous(last) == first
    second = draft.split(first, draft.item(first).content.index("2.做好丙"))
    assert second != last
    third = draft.split(first, draft.item(first).content.index("推进乙"))
    assert len({first, last, second, third}) == 4
    assert draft.item_keys() == [first, third, second]
    assert _titles(draft) == ["做好甲项工作", "推进乙项工作,6月底前完成", "做好丙项工作"]


def test_split_then_merge_back() -> None:
    draft = _split_draft()
    first, last = draft.item_keys()
    content = draft.item(first).content
    second = draft.split(first, content.index("推进乙"))
    assert draft.merge_with_previous(second) == first
    assert draft.item_keys() == [first, last]
    assert draft.item(first).content.replace("\n", "") == content


# ---- unit names the directory does not know ----------------------------------------------------


def test_unknown_names_are_counted_left_out_items_included() -> None:
    draft = ImportDraft(
        _result(
            [
                _item("甲", "县医院", "卫健局"),
                _item("乙", "县医院", "新成立的股"),
                _item("丙", "县 卫健局", "县医院"),
            ]
        ),
        DIRECTORY,
    )
    draft.set_included(draft.item_keys()[1], False)
    assert draft.unknown_names() == [UnknownName("县医院", 3), UnknownName("新成立的股", 1)]
    draft.choose_unit("县医院", "县人民医院")
    assert UnknownName("县医院", 3) in draft.unknown_names()  # still listed, now mapped


def test_mapping_a_name_to_the_directory() -> None:
    draft = _four()
    key = draft.item_keys()[3]
    assert draft.unknown_in(key) == ["县医院"]
    assert draft.name_match(key) is NameMatch.LIKELY_ALIAS
    assert draft.unknown_hint(key) == (
        "可能是目录中已有的单位:县医院(可能是:县人民医院)。请在下方“目录中没有的单位”中对应。"
    )
    assert draft.choice("县医院") is None
    draft.choose_unit("县医院", "县人民医院")
    assert draft.choice("县医院") == "县人民医院"
    assert draft.unknown_in(key) == []
    assert draft.name_match(key) is None
    assert draft.unknown_hint(key) == ""
    assert draft.reviewed().aliases == {"县医院": "县人民医院"}
    draft.choose_unit("县医院", None)
    draft.choose_unit("县医院", None)
    assert draft.choice("县医院") is None
    assert draft.reviewed().aliases == {}
    assert draft.name_match(key) is NameMatch.LIKELY_ALIAS


def test_a_name_can_only_be_mapped_to_a_directory_unit() -> None:
    draft = _four()
    with pytest.raises(ValueError):
        draft.choose_unit("县医院", "卫健局")  # an alias, not the unit's own name
    with pytest.raises(ValueError):
        draft.choose_unit("县医院", "县医院")
    assert draft.choice("县医院") is None


def test_a_name_nothing_like_the_directory_will_be_added() -> None:
    draft = _four()
    key = draft.item_keys()[1]
    draft.set_units(key, responsible=["县医院", "新成立的股"])
    assert draft.name_match(key) is NameMatch.LIKELY_ALIAS
    assert draft.unknown_hint(key) == (
        "可能是目录中已有的单位:县医院(可能是:县人民医院)。请在下方“目录中没有的单位”中对应。\n"
        "将新增到单位目录:新成立的股"
    )
    draft.set_units(key, responsible=["新成立的股"])
    assert draft.name_match(key) is NameMatch.NEW_UNIT
    assert draft.unknown_hint(key) == "将新增到单位目录:新成立的股"
    assert draft.targets("新成立的股") == ["医政医管股", "县人民医院", "县卫健局"]


def test_names_known_by_another_spelling_or_an_alias_are_known() -> None:
    draft = ImportDraft(_result([_item("甲", "县卫健局。", "卫健局", "医政医管股")]), DIRECTORY)
    [key] = draft.item_keys()
    assert draft.unknown_in(key) == []
    assert draft.unknown_names() == []


def test_the_targets_of_a_name_start_with_its_suggestions() -> None:
    draft = _four()
    assert draft.suggestions("县医院") == ["县人民医院"]
    assert draft.targets("县医院") == ["县人民医院", "医政医管股", "县卫健局"]


# ---- what the clerk reads ----------------------------------------------------------------------


def test_the_summary_counts_items_without_units_to_store_and_to_check() -> None:
    draft = _four()
    assert draft.summary() == (
        "找到 1 份文件,共 4 项,其中 1 项未识别责任单位;将导入 4 项。"
        "标有 ⚠ 的 2 项需要核对(F3 跳到下一个)。确认后才会保存。"
    )
    keys = draft.item_keys()
    draft.set_included(keys[1], False)  # left out, still counted and still flagged
    draft.retitle(keys[2], "推进县级医院建设")
    assert draft.summary() == (
        "找到 1 份文件,共 4 项,其中 1 项未识别责任单位;将导入 3 项。"
        "标有 ⚠ 的 1 项需要核对(F3 跳到下一个)。确认后才会保存。"
    )
    draft.set_units(keys[1], lead=["县卫健局"])
    assert draft.summary() == "找到 1 份文件,共 4 项;将导入 3 项。确认后才会保存。"


def test_labels_and_tips_of_items() -> None:
    draft = _four()
    a, b, c, d = draft.item_keys()
    draft.retype_deadline(a, "6月底前")
    assert draft.label(a) == "1.  做好甲  [县卫健局]  6月底前"
    assert draft.tip(a) == "做好甲。(责任单位:县卫健局)"
    assert draft.label(b) == "⚠ 2.  做好乙"
    assert draft.tip(b) == "⚠ 未识别责任单位\n\n做好乙。"
    assert draft.label(c) == "⚠ 3.  建设任务(一、重点任务)  [县卫健局]"
    draft.item(d).number = None
    assert draft.label(d) == "·  做好丁  [县医院]"


def test_the_next_item_to_check_wraps_round() -> None:
    draft = _four()
    a, b, c, d = draft.item_keys()
    assert draft.next_concern(None) == b
    assert draft.next_concern(a) == b
    assert draft.next_concern(b) == c
    assert draft.next_concern(c) == b  # round the end and back to the top
    assert draft.next_concern(d) == b
    draft.set_units(b, lead=["县卫健局"])
    assert draft.next_concern(c) == c  # the only one left
    draft.retitle(c, "推进县级医院建设")
    assert draft.next_concern(a) is None


def test_the_next_item_to_check_follows_the_outline() -> None:
    draft = ImportDraft(
        _result(
            [
                _item("甲", heading=("一、",)),
                _item("乙", "县卫健局", heading=("二、",)),
                _item("丙", heading=("一、",)),
            ]
        ),
        DIRECTORY,
    )
    a, _b, c = draft.item_keys()
    assert draft.next_concern(a) == c  # shown right under 甲
    assert draft.next_concern(c) == a


def test_an_empty_draft() -> None:
    draft = ImportDraft(ParseResult(), DIRECTORY)
    assert draft.item_keys() == [] and draft.documents() == []
    assert draft.next_concern(None) is None
    assert draft.included_count() == 0
    assert draft.summary() == "找到 0 份文件,共 0 项;将导入 0 项。确认后才会保存。"
    assert draft.reviewed().result.documents == []


# ---- names at another level, new names mapped onto new names --------------------------------


def test_a_name_at_another_level_is_no_likely_alias() -> None:
    directory = _directory("市公安局", "省医保局", "县人民医院")
    draft = ImportDraft(
        _result([_item("做好甲", "县公安局"), _item("做好乙", "市医保局")]), directory
    )
    first, second = draft.item_keys()
    assert draft.suggestions("县公安局") == [] and draft.suggestions("市医保局") == []
    assert draft.name_match(first) is NameMatch.NEW_UNIT
    assert draft.name_match(second) is NameMatch.NEW_UNIT
    assert draft.unknown_hint(first) == "将新增到单位目录:县公安局"


def test_a_new_spelling_maps_onto_another_new_name() -> None:
    draft = ImportDraft(
        _result([_item("做好甲", "医政股"), _item("做好乙", "医政医管股", "县医院")]),
        _directory("县人民医院"),
    )
    first, _second = draft.item_keys()
    assert draft.new_targets("医政股") == ["医政医管股", "县医院"]  # the closest first
    draft.choose_unit("医政股", "医政医管股")
    assert draft.choice("医政股") == "医政医管股"
    # Still a unit to add, under the other name.
    assert draft.name_match(first) is NameMatch.NEW_UNIT
    assert draft.unknown_hint(first) == "将新增到单位目录:医政股(并入“医政医管股”)"
    assert draft.reviewed().aliases == {"医政股": "医政医管股"}
    # The printed names stay as printed: the alias makes them one unit when stored.
    assert [u.name for u in draft.reviewed().result.documents[0].items[0].units] == ["医政股"]


def test_mappings_onto_new_names_never_go_round_and_follow_each_other() -> None:
    draft = ImportDraft(
        _result([_item("做好甲", "医政股", "医政科", "县医院")]), _directory("县人民医院")
    )
    draft.choose_unit("医政股", "医政科")
    assert "医政股" not in draft.new_targets("医政科")
    with pytest.raises(ValueError):
        draft.choose_unit("医政科", "医政股")  # the two would point at each other
    with pytest.raises(ValueError):
        draft.choose_unit("医政股", "不在本次导入中的股")
    assert draft.choice("医政科") is None
    draft.choose_unit("医政科", "县人民医院")
    assert draft.reviewed().aliases == {"医政股": "县人民医院", "医政科": "县人民医院"}
    [key] = draft.item_keys()
    assert draft.unknown_in(key) == ["县医院"]


def test_a_mapping_onto_a_new_name_that_left_the_import_is_dropped() -> None:
    draft = ImportDraft(_result([_item("做好甲", "医政股", "医政医管股")]), _directory("县卫健局"))
    [key] = draft.item_keys()
    draft.choose_unit("医政股", "医政医管股")
    draft.set_units(key, lead=["医政股"])
    assert draft.reviewed().aliases == {}
    assert draft.unknown_in(key) == ["医政股"]
