"""What the review points at: items without units, odd names, generic titles, early deadlines."""

from __future__ import annotations

from tracker.importing import parse_text
from tracker.importing.checks import ConcernKind, display_title, is_generic_title, item_concerns

TEXT = """县卫生健康局2024年工作要点
县卫生健康局
2024年3月1日
一、项目建设
1.建设任务
2.做好乙。(责任单位:县卫健局、抓好落实)
3.做好丙。2023年6月底前完成。(责任单位:县卫健局)
4.做好丁。(责任单位:县卫健局)
"""


def test_concerns_of_each_item() -> None:
    result = parse_text(TEXT)
    [document] = result.documents
    kinds = [[c.kind for c in item_concerns(item, document)] for item in document.items]
    assert kinds == [
        [ConcernKind.NO_UNIT, ConcernKind.GENERIC_TITLE],
        [ConcernKind.ODD_UNIT],
        [ConcernKind.EARLY_DEADLINE],
        [],
    ]
    assert result.warnings[0] == "共 4 项,其中 1 项未识别责任单位:1。"
    assert any("不像单位名称:“抓好”" in warning for warning in result.warnings)
    assert any("早于成文日期" in warning for warning in result.warnings)


def test_generic_titles_are_shown_with_their_heading() -> None:
    assert is_generic_title("建设任务") and is_generic_title("配套措施") and is_generic_title("主要任务")
    assert not is_generic_title("推进县级医院建设")
    item = parse_text(TEXT).documents[0].items[0]
    assert display_title(item) == "建设任务(一、项目建设)"
