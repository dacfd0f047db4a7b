"""Traditional-script copies are read as their Simplified originals; Simplified text is untouched."""

from __future__ import annotations

from tracker.importing import parse_text
from tracker.importing.blocks import Paragraph, Table
from tracker.importing.script import is_traditional, simplify_blocks

TRADITIONAL = """縣衛生健康局2024年工作要點
1.提高縣級醫院服務能力。（牽頭單位：醫政醫管股；配合單位：縣人民醫院、縣財政局）
2.強化疾病預防控制。（責任單位：疾控股）
"""


def test_a_traditional_copy_becomes_simplified_with_its_labels() -> None:
    result = parse_text(TRADITIONAL)
    document = result.documents[0]
    assert document.title == "县卫生健康局2024年工作要点"
    first, second = document.items
    assert [(u.name, u.role.value) for u in first.units] == [
        ("医政医管股", "lead"),
        ("县人民医院", "support"),
        ("县财政局", "support"),
    ]
    assert first.content.startswith("1.提高县级医院服务能力。")
    assert [u.name for u in second.units] == ["疾控股"]
    assert "繁体" in result.warnings[0]


def test_simplified_text_is_left_exactly_as_it_is() -> None:
    # 乾, 於 and 著 are also Simplified characters in some words: a few of them are no reason
    # to convert a document.
    blocks = [Paragraph("1.乾县卫生院著力做好於潜镇的工作。(责任单位:乾县卫健局)")]
    converted, changed = simplify_blocks(list(blocks))
    assert not changed
    assert converted == blocks
    assert not is_traditional("县卫生健康局2024年工作要点")


def test_table_cells_are_converted_too() -> None:
    table = Table(rows=(("序號", "工作任務", "牽頭單位"), ("1", "加強醫療質量管理", "縣衛健局")))
    converted, changed = simplify_blocks([table])
    assert changed
    assert converted[0].rows[1] == ("1", "加强医疗质量管理", "县卫健局")  # type: ignore[union-attr]


def test_every_hint_is_a_traditional_only_character() -> None:
    from tracker.importing.script import _TRADITIONAL_HINTS, to_simplified

    assert [char for char in _TRADITIONAL_HINTS if to_simplified(char) == char] == []
