"""督办单 (issue 15 §2): one per late unit, or all in one file for printing; read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx.enum.section import WD_SECTION_START
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from tests.papers.reading import a_sheet, all_text, fonts_of, open_paper, paragraphs, tables
from tracker.domain import Escalation
from tracker.errors import UserError
from tracker.papers import (
    SheetTask,
    render_sheet,
    render_sheets,
    render_sheets_combined,
)
from tracker.papers.model import BANDS


def _mm(*lengths: Length | None) -> tuple[float, ...]:
    return tuple(round(length.mm, 1) for length in lengths if length is not None)


SHEET_HEADER = ["序号", "工作任务", "原定时限", "现时限", "逾期天数", "最新进展", "状态"]


def test_a_sheet_names_the_unit_its_colour_its_tasks_and_the_reply_date(tmp_path: Path) -> None:
    path = render_sheet(a_sheet(), tmp_path / "督办单.docx")

    doc = open_paper(path)
    text = paragraphs(doc)
    assert "督 办 单" in text and "X卫督〔2025〕3号" in text
    assert "县人民医院：" in text
    assert any(
        "根据2025年6月调度情况" in line and "以下2项工作中有1项已超过完成时限" in line
        for line in text
    )
    assert "上述事项本轮已催办2次。" in text
    assert any(
        "于2025年6月20日前" in line and "书面报送X县卫生健康局办公室" in line for line in text
    )
    assert "联系人及电话：张三，0123-4567890" in text
    assert text[-3:-1] == ["X县卫生健康局办公室", "2025年6月10日"]
    assert "{{" not in all_text(doc) and "{%" not in all_text(doc)

    band, tasks = tables(doc)
    assert band == [["红色督办"]]
    assert tasks == [
        SHEET_HEADER,
        [
            "1",
            "提高县级医院服务能力，完成胸痛中心建设。",
            "2025年\n5月31日",
            "2025年\n6月30日",
            "10",
            "6月5日：胸痛中心建设方案已编制。",
            "推进中",
        ],
        ["2", "推进智慧医院建设", "长期坚持", "长期坚持", "—", "未报送进展", "待办理"],
    ]


@pytest.mark.parametrize("colour", list(Escalation))
def test_the_band_is_shaded_in_the_sheets_colour(tmp_path: Path, colour: Escalation) -> None:
    doc = open_paper(render_sheet(a_sheet(escalation=colour), tmp_path / "单.docx"))

    cell = doc.tables[0].rows[0].cells[0]
    shading = cell._tc.tcPr.find(qn("w:shd"))
    label, fill = BANDS[colour]
    assert cell.text == label == f"{colour.label}督办"
    assert shading.get(qn("w:fill")) == fill


def test_the_page_is_an_official_a4_document(tmp_path: Path) -> None:
    """GB/T 9704: A4, margins 37/35/28/26 mm, 三号仿宋 body, 二号小标宋 title, ~29 pt lines."""
    doc = open_paper(render_sheet(a_sheet(), tmp_path / "单.docx"))

    section = doc.sections[0]
    assert _mm(section.page_width, section.page_height) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert _mm(*margins) == (37, 35, 28, 26)
    body = doc.styles["Normal"]
    assert body.font.size == Pt(16)
    assert fonts_of(body.element) == dict.fromkeys(("ascii", "hAnsi", "eastAsia"), "仿宋_GB2312")
    assert Pt(28) <= body.paragraph_format.line_spacing <= Pt(29)
    title = doc.styles["公文标题"]
    assert title.font.size == Pt(22)
    assert fonts_of(title.element)["eastAsia"] == "方正小标宋简体"
    assert fonts_of(title.element)["ascii"] == "方正小标宋简体"
    for name in ("表格文字", "表格居中", "表头"):
        assert doc.styles[name].font.size >= Pt(12)
    assert fonts_of(doc.styles["表头"].element)["eastAsia"] == "黑体"
    assert fonts_of(doc.styles["二级标题"].element)["eastAsia"] == "楷体_GB2312"
    title_paragraph = next(p for p in doc.paragraphs if p.text == "督 办 单")
    assert title_paragraph.style.name == "公文标题"


def test_tables_have_borders_that_print_and_a_header_on_every_page(tmp_path: Path) -> None:
    doc = open_paper(render_sheet(a_sheet(), tmp_path / "单.docx"))

    table = doc.tables[1]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = borders.find(qn(f"w:{edge}"))
        assert line.get(qn("w:val")) == "single" and int(line.get(qn("w:sz"))) >= 4
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    widths = [round(cell.width.mm) for cell in table.rows[0].cells]
    assert sum(widths) == 156  # the type area of GB/T 9704


def test_page_numbers_at_the_foot_odd_right_even_left(tmp_path: Path) -> None:
    doc = open_paper(render_sheet(a_sheet(), tmp_path / "单.docx"))

    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, side in ((section.footer, "RIGHT"), (section.even_page_footer, "LEFT")):
        [number] = footer.paragraphs
        assert number.text == "— 1 —" and number.alignment.name == side
        instructions = number._p.findall(f".//{qn('w:instrText')}")
        assert [i.text.strip() for i in instructions] == ["PAGE"]


def test_text_that_looks_like_markup_is_printed_as_typed(tmp_path: Path) -> None:
    task = SheetTask(
        title="完成<一期>&二期{{ 工程 }}建设\t第二\a段\f",
        original_due=date(2025, 6, 30),
        current_due=date(2025, 6, 30),
        latest_progress="第一行\r\n第二行\x00",
    )
    doc = open_paper(render_sheet(a_sheet(tasks=(task,)), tmp_path / "单.docx"))

    [_, row] = tables(doc)[1]
    assert row[1] == "完成<一期>&二期{{ 工程 }}建设 第二段"
    assert row[5] == "第一行\n第二行"


def test_optional_lines_leave_no_gap(tmp_path: Path) -> None:
    sheet = a_sheet(reminders=0, contact="", round_name="", doc_number="")
    doc = open_paper(render_sheet(sheet, tmp_path / "单.docx"))

    text = "\n".join(paragraphs(doc))
    assert "催办" not in text and "联系人" not in text
    assert "\n经梳理，你单位负责的以下2项工作中有1项已超过完成时限，现予督办。" in text


def test_one_file_per_unit_with_safe_distinct_names(tmp_path: Path) -> None:
    sheets = [
        a_sheet(unit="县人民医院"),
        a_sheet(unit="各县(市、区)卫健局/疾控:中心"),
        a_sheet(unit="县人民医院"),
    ]

    written = render_sheets(sheets, tmp_path / "督办单")

    assert [path.name for path in written] == [
        "督办单_县人民医院.docx",
        "督办单_各县(市、区)卫健局_疾控_中心.docx",
        "督办单_县人民医院(2).docx",
    ]
    assert sorted(p.name for p in (tmp_path / "督办单").iterdir()) == sorted(
        path.name for path in written
    )
    assert "各县(市、区)卫健局/疾控:中心：" in paragraphs(open_paper(written[1]))


def test_one_file_for_printing_starts_each_unit_on_a_new_page(tmp_path: Path) -> None:
    sheets = [
        a_sheet(unit="县人民医院"),
        a_sheet(unit="疾控股", escalation=Escalation.YELLOW, tasks=a_sheet().tasks[:1]),
        a_sheet(unit="规划信息股", escalation=Escalation.BLUE),
    ]

    doc = open_paper(render_sheets_combined(sheets, tmp_path / "督办单(打印).docx"))

    assert len(doc.sections) == 3
    for section in doc.sections:
        assert section.start_type == WD_SECTION_START.NEW_PAGE
        assert _mm(section.top_margin) == (37,)
        numbering = section._sectPr.find(qn("w:pgNumType"))
        assert numbering.get(qn("w:start")) == "1"  # each unit's pages count from 1
        assert section.footer.paragraphs[0].text == "— 1 —"
    units = [p.text for p in doc.paragraphs if p.text.endswith("：") and p.style.name == "公文顶格"]
    assert units == ["县人民医院：", "疾控股：", "规划信息股："]
    bands = [t[0][0] for t in tables(doc) if len(t) == 1]
    assert bands == ["红色督办", "黄色督办", "蓝色督办"]
    task_tables = [t for t in tables(doc) if len(t) > 1]
    assert [len(t) - 1 for t in task_tables] == [2, 1, 2]


def test_one_file_for_printing_needs_a_unit(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="没有需要督办的单位"):
        render_sheets_combined([], tmp_path / "空.docx")
    assert not (tmp_path / "空.docx").exists()
    assert render_sheets([], tmp_path / "空") == []


def test_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    render_sheet(a_sheet(), tmp_path / "单.docx")
    render_sheet(a_sheet(unit="疾控股"), tmp_path / "单.docx")  # over the first

    assert [p.name for p in tmp_path.iterdir()] == ["单.docx"]
    assert "疾控股：" in paragraphs(open_paper(tmp_path / "单.docx"))
