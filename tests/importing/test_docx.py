"""Word documents: automatic numbering resolved, tables read in order, hostile files refused."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.importing.docx_builder import DocxBuilder, Level, official_outline
from tracker.errors import DocumentError
from tracker.importing import parse_file
from tracker.importing.blocks import Paragraph, Table
from tracker.importing.readers.docx import format_number, read_docx


def _texts(path: Path) -> list[str]:
    return [b.text for b in read_docx(path.read_bytes(), path.name) if isinstance(b, Paragraph)]


def _work_plan(tmp_path: Path) -> Path:
    doc = DocxBuilder()
    num = official_outline(doc)
    doc.paragraph("示范县卫生健康局2024年工作要点")
    doc.paragraph("深化医药卫生体制改革", num_id=num, ilvl=0)
    doc.paragraph("推进医共体建设", num_id=num, ilvl=1)
    doc.paragraph(
        "完善医共体运行机制。6月底前出台章程。(责任单位:医政医管股、县人民医院)", num_id=num, ilvl=2
    )
    doc.paragraph("提升县级医院服务能力。(责任单位:县人民医院)", num_id=num, ilvl=2)
    doc.paragraph("深化公立医院改革", num_id=num, ilvl=1)
    doc.paragraph("落实绩效考核。(牵头单位:医政医管股;配合单位:规划财务股)", num_id=num, ilvl=2)
    doc.paragraph("加强公共卫生体系建设", num_id=num, ilvl=0)
    doc.paragraph("做好重大疾病防控", num_id=num, ilvl=1)
    doc.paragraph("强化传染病监测预警。(责任单位:疾控股)", num_id=num, ilvl=2)
    return doc.save(tmp_path / "work-plan.docx")


def test_automatic_numbering_becomes_the_label(tmp_path: Path) -> None:
    texts = _texts(_work_plan(tmp_path))
    assert texts[1:8] == [
        "一、深化医药卫生体制改革",
        "（一）推进医共体建设",
        "1.完善医共体运行机制。6月底前出台章程。(责任单位:医政医管股、县人民医院)",
        "2.提升县级医院服务能力。(责任单位:县人民医院)",
        "（二）深化公立医院改革",
        "1.落实绩效考核。(牵头单位:医政医管股;配合单位:规划财务股)",
        "二、加强公共卫生体系建设",
    ]
    assert texts[8:] == ["（一）做好重大疾病防控", "1.强化传染病监测预警。(责任单位:疾控股)"]


def test_numbered_docx_imports_with_headings_units_and_deadlines(tmp_path: Path) -> None:
    result = parse_file(_work_plan(tmp_path))
    [document] = result.documents
    assert document.title == "示范县卫生健康局2024年工作要点"
    assert [item.number for item in document.items] == ["1", "2", "1", "1"]
    first = document.items[0]
    assert first.heading_path == ["一、深化医药卫生体制改革", "（一）推进医共体建设"]
    assert [(u.name, u.role.value) for u in first.units] == [
        ("医政医管股", "responsible"),
        ("县人民医院", "responsible"),
    ]
    assert (first.deadline_text, first.due_date.isoformat()) == ("6月底前", "2024-06-30")
    assert [(u.name, u.role.value) for u in document.items[2].units] == [
        ("医政医管股", "lead"),
        ("规划财务股", "support"),
    ]
    assert document.items[3].heading_path == ["二、加强公共卫生体系建设", "（一）做好重大疾病防控"]


@pytest.mark.parametrize(
    ("fmt", "values", "expected"),
    [
        (
            "chineseCounting",
            [1, 10, 11, 20, 21, 100, 105],
            ["一", "十", "十一", "二十", "二十一", "一百", "一百零五"],
        ),
        ("chineseCountingThousand", [3, 12], ["三", "十二"]),
        ("chineseLegalSimplified", [1, 10, 12], ["壹", "拾", "拾贰"]),
        ("ideographTraditional", [1, 4], ["甲", "丁"]),
        ("decimalEnclosedCircle", [1, 20, 21], ["①", "⑳", "21"]),
        ("decimalFullWidth", [7, 12], ["７", "１２"]),
        ("decimal", [9], ["9"]),
        ("upperRoman", [4], ["IV"]),
    ],
)
def test_number_formats(fmt: str, values: list[int], expected: list[str]) -> None:
    assert [format_number(v, fmt) for v in values] == expected


def test_restarts_overrides_styles_and_switches(tmp_path: Path) -> None:
    doc = DocxBuilder()
    num = doc.list_definition(
        Level("decimalFullWidth", "%1．"), Level("decimalEnclosedCircle", "%2")
    )
    restarted = doc.list_instance(0, {0: 1})
    legal = doc.list_definition(Level("chineseLegalSimplified", "第%1条"))
    doc.numbered_style("Heading1", legal, 0)
    doc.paragraph("甲", num_id=num)
    doc.paragraph("甲一", num_id=num, ilvl=1)
    doc.paragraph("甲二", num_id=num, ilvl=1)
    doc.paragraph("乙", num_id=num)
    doc.paragraph("乙一", num_id=num, ilvl=1)  # deeper level restarts under a new parent
    doc.paragraph("重新开始", num_id=restarted)  # a new list instance with startOverride
    doc.paragraph("条款", style="Heading1")  # numbering from the style
    doc.paragraph("不编号", style="Heading1", num_id=0)  # numId 0 switches it off
    doc.paragraph(
        "修订前",
        extra_ppr='<w:pPrChange><w:pPr><w:numPr><w:numId w:val="1"/>'
        "</w:numPr></w:pPr></w:pPrChange>",
    )
    doc.raw(
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>只有级别</w:t></w:r></w:p>"
    )
    texts = _texts(doc.save(tmp_path / "numbers.docx"))
    assert texts == [
        "１．甲",
        "①甲一",
        "②甲二",
        "２．乙",
        "①乙一",
        "１．重新开始",
        "第壹条条款",
        "不编号",
        "修订前",
        "只有级别",
    ]


def test_deleted_text_fields_and_comment_nodes_are_skipped(tmp_path: Path) -> None:
    doc = DocxBuilder()
    doc.raw("<!-- WPS writes comments like this into the body -->")
    doc.paragraph(
        "",
        runs=(
            "<w:r><w:t>保留</w:t></w:r>"
            "<w:del><w:r><w:delText>删除的字</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
            "<w:r><w:instrText> PAGE </w:instrText></w:r>"
            "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
            "<w:r><w:br/><w:t>换行</w:t></w:r>"
        ),
    )
    assert _texts(doc.save(tmp_path / "runs.docx")) == ["保留插入链接\n换行"]


def test_tables_in_body_order_with_merged_cells(tmp_path: Path) -> None:
    doc = DocxBuilder()
    doc.paragraph("前言")
    doc.table(
        [
            ["序号", "工作任务", "牵头单位", "完成时限"],
            [("一、医疗服务", {"span": "4"})],
            ["1", "提升急救能力", ("县人民医院", {"vmerge": "restart"}), "6月底前"],
            ["2", "改善就医体验", ("", {"vmerge": ""}), "年底前"],
        ]
    )
    doc.paragraph("结语")
    blocks = read_docx(doc.save(tmp_path / "table.docx").read_bytes(), "table.docx")
    assert isinstance(blocks[0], Paragraph) and isinstance(blocks[2], Paragraph)
    table = blocks[1]
    assert isinstance(table, Table)
    assert table.rows[1] == ("一、医疗服务", "", "", "")
    assert table.rows[3][2] == "县人民医院"


def test_nested_table_text_is_kept(tmp_path: Path) -> None:
    doc = DocxBuilder()
    nested = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内层</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    doc.table([["外层", ("", {"xml": "<w:p><w:r><w:t>单元格</w:t></w:r></w:p>" + nested})]])
    [table] = read_docx(doc.save(tmp_path / "nested.docx").read_bytes(), "nested.docx")
    assert isinstance(table, Table)
    assert table.rows == (("外层", "单元格\n内层 表格"),)


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    doc = DocxBuilder()
    doc.prolog = (
        '<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    doc.paragraph("&b;")
    path = doc.save(tmp_path / "bomb.docx")
    with pytest.raises(DocumentError, match="不安全"):
        parse_file(path)


def test_truncated_docx_is_refused(tmp_path: Path) -> None:
    good = _work_plan(tmp_path).read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(good[: len(good) // 2])
    with pytest.raises(DocumentError, match="已损坏"):
        parse_file(broken)


def test_a_docx_named_doc_is_read_by_content(tmp_path: Path) -> None:
    path = _work_plan(tmp_path)
    renamed = path.with_suffix(".doc")
    path.rename(renamed)
    assert parse_file(renamed).item_count == 4


def test_a_zip_that_is_not_a_document(tmp_path: Path) -> None:
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("a.jpg", b"\xff\xd8")
    with pytest.raises(DocumentError, match="不是支持的文件格式"):
        parse_file(path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_the_same_numbers(tmp_path: Path) -> None:
    path = _work_plan(tmp_path)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    exported = (tmp_path / "work-plan.txt").read_text(encoding="utf-8-sig").splitlines()
    ours = _texts(path)
    assert ["".join(line.split()) for line in exported if line.strip()] == [
        "".join(text.split()) for text in ours
    ]


def test_task_table_in_a_docx_imports_under_its_heading(tmp_path: Path) -> None:
    doc = DocxBuilder()
    num = official_outline(doc)
    doc.paragraph("2024年重点任务分解表")
    doc.paragraph("医疗服务", num_id=num, ilvl=0)
    doc.table(
        [
            ["序号", "工作任务", "具体内容", "牵头单位", "配合单位", "完成时限"],
            [
                "1",
                "提升急救能力",
                "新建胸痛中心和卒中中心。",
                ("县人民医院", {"vmerge": "restart"}),
                "医政医管股",
                "6月底前",
            ],
            ["2", "改善就医体验", "推进预约诊疗。", ("", {"vmerge": ""}), "", "年底前"],
        ]
    )
    [document] = parse_file(doc.save(tmp_path / "table.docx")).documents
    first, second = document.items
    assert (first.title, first.content) == ("提升急救能力", "新建胸痛中心和卒中中心。")
    assert first.heading_path == ["一、医疗服务"]
    assert [(u.name, u.role.value) for u in first.units] == [
        ("县人民医院", "lead"),
        ("医政医管股", "support"),
    ]
    assert [u.name for u in second.units] == ["县人民医院"]
    assert second.due_date is not None and second.due_date.isoformat() == "2024-12-31"


def test_a_restarted_list_continues_with_the_shared_counter(tmp_path: Path) -> None:
    # LibreOffice renders this sequence the same way (checked when building the reader).
    doc = DocxBuilder()
    num = doc.list_definition(Level("decimal", "%1."))
    restarted = doc.list_instance(0, {0: 1})
    for text, list_id in [("a", num), ("b", num), ("c", restarted), ("d", restarted), ("e", num)]:
        doc.paragraph(text, num_id=list_id)
    assert _texts(doc.save(tmp_path / "restart.docx")) == ["1.a", "2.b", "1.c", "2.d", "3.e"]
