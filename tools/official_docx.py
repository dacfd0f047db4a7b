"""An official document (公文) per GB/T 9704-2012, built with python-docx: page, fonts, styles.

Used by tools/make_templates.py. A4, margins 37/35/28/26 mm, title in 二号方正小标宋简体, body
in 三号仿宋_GB2312 at a fixed 28.95 pt line (22 lines a page), headings in 黑体 and 楷体_GB2312,
page numbers "— 1 —" in 四号宋体 at the foot, odd pages right and even pages left. Every run
names its font for both the Chinese and the Latin script, and the font table gives Word a
fallback (仿宋_GB2312 → 仿宋) on a PC without the GB2312 fonts; WPS maps them itself.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from tracker.papers.ooxml import TABLE_PROPERTIES, insert_in_order

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
#: What Word looks for when the official font is missing (fontTable w:altName); the fonts a
#: plain Windows 10/11 has.
FALLBACKS = {
    TITLE_FONT: "宋体",
    BODY_FONT: "仿宋",
    HEADING_FONT: "SimHei",
    SUBHEADING_FONT: "楷体",
    PAGE_NUMBER_FONT: "SimSun",
}
PANOSE = {
    TITLE_FONT: "02000000000000000000",
    BODY_FONT: "02010609030101010101",
    HEADING_FONT: "02010609060101010101",
    SUBHEADING_FONT: "02010609030101010101",
    PAGE_NUMBER_FONT: "02010600030101010101",
}

TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
TABLE_PT = 12  # 小四
PAGE_NUMBER_PT = 14  # 四号
#: 22 lines in the 225 mm type area.
LINE_PT = 28.95
TITLE_LINE_PT = 36
TABLE_LINE_PT = 16
RED = RGBColor(0xFF, 0x00, 0x00)

MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
#: 156 mm between the margins, in table columns.
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]

#: Fixed document dates so that the script gives the same file twice.
FIXED_TIME = datetime(2025, 1, 1)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- fonts and styles


def set_fonts(rpr_parent: object, name: str) -> None:
    """Name ``name`` for the Chinese and the Latin script of a run, style or the defaults."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), name)


def _set_doc_defaults(doc: DocxDocument) -> None:
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    fonts.attrib.clear()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(BODY_PT * 2))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing.find(qn("w:spacing")).attrib.clear()


#: The style ids behind the Chinese style names a clerk sees in Word's style list.
STYLE_IDS = {
    "公文顶格": "PaperFlush",
    "公文版头": "PaperMasthead",
    "公文标题": "PaperTitle",
    "公文文号": "PaperNumber",
    "一级标题": "PaperHeading1",
    "二级标题": "PaperHeading2",
    "公文落款": "PaperSignature",
    "表格文字": "PaperTableText",
    "表格居中": "PaperTableCentre",
    "表头": "PaperTableHeader",
    "督办色带": "PaperBand",
    "表注": "PaperTableNote",
    "页码": "PaperPageNumber",
}


def _paragraph_style(
    doc: DocxDocument,
    name: str,
    *,
    font: str,
    size: float,
    bold: bool = False,
    color: RGBColor | None = None,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    line_pt: float = LINE_PT,
    first_line_chars: int = 0,
    right_chars: int = 0,
    keep_next: bool = False,
) -> None:
    """A paragraph style based on 正文 with its font named for both scripts."""
    if name == "Normal":
        style = doc.styles["Normal"]
    else:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        # Word names its own Chinese styles with ASCII ids (a3, a4…); keep ids plain too.
        style.style_id = STYLE_IDS[name]
        style.base_style = doc.styles["Normal"]
        style.next_paragraph_style = doc.styles["Normal"]
        style.quick_style = True
    set_fonts(style.element, font)
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.line_spacing = Pt(line_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.keep_with_next = keep_next
    fmt.widow_control = True
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    # Indents in characters (firstLineChars="200") follow the font size when a clerk changes it.
    ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
    ind.set(qn("w:firstLine"), str(int(first_line_chars * size * 20)))
    if right_chars:
        ind.set(qn("w:rightChars"), str(right_chars * 100))
        ind.set(qn("w:right"), str(int(right_chars * size * 20)))


def _add_styles(doc: DocxDocument) -> None:
    _paragraph_style(doc, "Normal", font=BODY_FONT, size=BODY_PT, first_line_chars=2)
    _paragraph_style(doc, "公文顶格", font=BODY_FONT, size=BODY_PT)
    _paragraph_style(
        doc,
        "公文版头",
        font=TITLE_FONT,
        size=26,
        color=RED,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line_pt=40,
    )
    _paragraph_style(
        doc,
        "公文标题",
        font=TITLE_FONT,
        size=TITLE_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line_pt=TITLE_LINE_PT,
        keep_next=True,
    )
    _paragraph_style(doc, "公文文号", font=BODY_FONT, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(
        doc, "一级标题", font=HEADING_FONT, size=BODY_PT, first_line_chars=2, keep_next=True
    )
    _paragraph_style(
        doc, "二级标题", font=SUBHEADING_FONT, size=BODY_PT, first_line_chars=2, keep_next=True
    )
    _paragraph_style(
        doc,
        "公文落款",
        font=BODY_FONT,
        size=BODY_PT,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        right_chars=4,
    )
    _paragraph_style(
        doc,
        "表格文字",
        font=BODY_FONT,
        size=TABLE_PT,
        line_pt=TABLE_LINE_PT,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _paragraph_style(
        doc,
        "表格居中",
        font=BODY_FONT,
        size=TABLE_PT,
        line_pt=TABLE_LINE_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph_style(
        doc,
        "表头",
        font=HEADING_FONT,
        size=TABLE_PT,
        line_pt=TABLE_LINE_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph_style(
        doc,
        "督办色带",
        font=HEADING_FONT,
        size=BODY_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line_pt=LINE_PT,
    )
    _paragraph_style(
        doc,
        "表注",
        font=BODY_FONT,
        size=TABLE_PT,
        line_pt=TABLE_LINE_PT,
        first_line_chars=2,
    )
    _paragraph_style(
        doc,
        "页码",
        font=PAGE_NUMBER_FONT,
        size=PAGE_NUMBER_PT,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        line_pt=PAGE_NUMBER_PT * 1.2,
    )


def _add_font_table(doc: DocxDocument) -> None:
    """Describe the Chinese fonts (charset GB2312, fallback names) in word/fontTable.xml."""
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{FALLBACKS[name]}"/>'
        f'<w:panose1 w:val="{PANOSE[name]}"/><w:charset w:val="86"/>'
        '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        for name in FALLBACKS
    )
    blob = part.blob.decode("utf-8").replace("</w:fonts>", entries + "</w:fonts>")
    part._blob = blob.encode("utf-8")


def _settings(doc: DocxDocument) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    # 压缩标点符号: full-width brackets and commas take less room, so a justified line with
    # "（占37%）" does not spread its characters apart.
    spacing = doc.settings.element.find(qn("w:characterSpacingControl"))
    if spacing is not None:
        spacing.set(qn("w:val"), "compressPunctuation")


def _core_properties(doc: DocxDocument, title: str) -> None:
    props = doc.core_properties
    props.title = title
    props.author = "督办台账"
    props.last_modified_by = "督办台账"
    props.comments = "督办台账的模板:可在 Word 或 WPS 中修改文字和格式,花括号内的标记请保持成对。"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1


def _drop_thumbnail(doc: DocxDocument) -> None:
    """python-docx's default template carries a preview image of another document."""
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]


# ---------------------------------------------------------------- the page


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    # The page number's line sits 7 mm below the type area (GB/T 9704 7.5).
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7 - 6)
    # No "lines" grid: LibreOffice and WPS would snap the table's 16 pt lines to it; every
    # style sets its line exactly instead.
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    section.even_page_footer.is_linked_to_previous = False
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _field_run(paragraph: Paragraph, kind: str, text: str = "") -> None:
    run = paragraph.add_run()
    if kind == "instr":
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = text
        run._r.append(instr)
    else:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)


def _page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """The page number, "— 1 —": odd pages right and even pages left, one character in from the margin."""
    paragraph.style = "页码"
    paragraph.alignment = align
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    side = "right" if align == WD_ALIGN_PARAGRAPH.RIGHT else "left"
    ind.set(qn(f"w:{side}Chars"), "100")
    ind.set(qn(f"w:{side}"), str(PAGE_NUMBER_PT * 20))
    paragraph.add_run("— ")
    _field_run(paragraph, "begin")
    _field_run(paragraph, "instr", " PAGE ")
    _field_run(paragraph, "separate")
    paragraph.add_run("1")
    _field_run(paragraph, "end")
    paragraph.add_run(" —")


# ---------------------------------------------------------------- blocks


def para(
    doc: DocxDocument, text: str = "", style: str | None = None, *, keep_next: bool = False
) -> Paragraph:
    """A paragraph of one run, so that a Jinja tag is never split.

    ``keep_next`` keeps it on the page of the next one (the 落款 never stands alone).
    """
    paragraph = doc.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    if keep_next:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def red_rule(paragraph: Paragraph) -> None:
    """The red line under the 文号 (GB/T 9704 7.2.4), as the paragraph's bottom border."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "8"), ("color", "FF0000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _table_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    insert_in_order(tbl_pr, borders, TABLE_PROPERTIES)
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (("left", 57), ("right", 57), ("top", 28), ("bottom", 28)):
        cell = OxmlElement(f"w:{edge}")
        cell.set(qn("w:w"), str(twips))
        cell.set(qn("w:type"), "dxa")
        margins.append(cell)
    insert_in_order(tbl_pr, margins, TABLE_PROPERTIES)


def _row_flags(row: object, *, header: bool = False, min_height_mm: float = 0) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    tr_pr.append(OxmlElement("w:cantSplit"))
    if min_height_mm:
        row.height = Mm(min_height_mm)  # type: ignore[attr-defined]


def _set_cell(cell: object, text: str, style: str, *, bold: bool = False) -> None:
    """One paragraph of ``text`` in ``style``; a newline in a header is a line break."""
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.style = style
    for number, line in enumerate(text.split("\n") if text else []):
        run = paragraph.add_run()
        if number:
            run.add_break()
        run.add_text(line)
        run.bold = bold or None
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER  # type: ignore[attr-defined]


def loop_table(
    doc: DocxDocument,
    columns: Sequence[tuple[str, float, str, str]],
    loop: str,
    footer_row: Sequence[str] = (),
) -> Table:
    """A bordered table: a repeated header, one row per item of ``loop``, an optional last row.

    ``columns`` are (header, width in mm, cell text with tags, cell style).
    """
    rows = 4 + (1 if footer_row else 0)
    table = doc.add_table(rows=rows, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_borders(table)
    for index, (header, width, field, style) in enumerate(columns):
        for row in table.rows:
            row.cells[index].width = Mm(width)
        _set_cell(table.rows[0].cells[index], header, "表头")
        _set_cell(table.rows[2].cells[index], field, style)
        for tag_row in (1, 3):
            _set_cell(table.rows[tag_row].cells[index], "", "表格文字")
        if footer_row:
            _set_cell(table.rows[4].cells[index], footer_row[index], style, bold=True)
    # The loop's tag rows span the table, so a clerk reads them whole; they vanish on rendering.
    for tag_row, tag in ((1, f"{{%tr for {loop} %}}"), (3, "{%tr endfor %}")):
        cells = table.rows[tag_row].cells
        merged = cells[0].merge(cells[-1])
        for extra in merged.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        merged.paragraphs[0].add_run(tag)
    _row_flags(table.rows[0], header=True, min_height_mm=9)
    for row in (table.rows[2], *table.rows[4:]):
        _row_flags(row, min_height_mm=8)
    grid = table._tbl.tblGrid
    for col, (_, width, _, _) in zip(grid.findall(qn("w:gridCol")), columns, strict=True):
        col.set(qn("w:w"), str(round(Mm(width).twips)))
    return table


def band(doc: DocxDocument) -> Table:
    """The escalation band: one full-width cell, shaded by ``band_fill``, saying ``band_label``."""
    table = doc.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_borders(table)
    cell = table.rows[0].cells[0]
    cell.width = Mm(TEXT_WIDTH_MM)
    table._tbl.tblGrid.findall(qn("w:gridCol"))[0].set(
        qn("w:w"), str(round(Mm(TEXT_WIDTH_MM).twips))
    )
    _set_cell(cell, "{% cellbg band_fill %}{{ band_label }}", "督办色带")
    _row_flags(table.rows[0], min_height_mm=11)
    return table


def new_document(title: str) -> DocxDocument:
    """An empty A4 official document with the styles, fonts and page numbers set."""
    doc = Document()
    _set_doc_defaults(doc)
    _add_styles(doc)
    _add_font_table(doc)
    _settings(doc)
    _core_properties(doc, title)
    _drop_thumbnail(doc)
    _page_setup(doc)
    # python-docx's default document starts with nothing; make sure of it.
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def reproducible_bytes(doc: DocxDocument) -> bytes:
    """The document as a zip whose entries carry a fixed date (same script, same bytes)."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
