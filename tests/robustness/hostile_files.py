"""Tiny files built to exhaust memory or time, and the large ones generated on demand.

Each function returns the bytes of one file. The small ones are kept in tests/fixtures/bad
(``python -m tests.robustness.hostile_files`` writes them again); the large ones are written
by the tests into a temporary folder, so that the repository stays small.
"""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _zip(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, content in parts.items():
            # A fixed date: the same bytes every time, so the kept copies can be compared.
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, content)
    return buffer.getvalue()


def _docx(body: str, numbering: str | None = None) -> bytes:
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>',
    }
    if numbering is not None:
        parts["word/numbering.xml"] = f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>'
    return _zip(parts)


def _numbered(count: int, *, ilvl: str = "0") -> str:
    return "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"<w:r><w:t>推进第{n}项重点工作。(责任单位:县卫健局)</w:t></w:r></w:p>"
        for n in range(count)
    )


def _list(level: str) -> str:
    return (
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">{level}</w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )


def numbering_start_upper_roman() -> bytes:
    """A list starting at 10^15 in capital Roman numerals: a billion Ms per label."""
    level = '<w:start w:val="1000000000000000"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/>'
    return _docx(_numbered(20), _list(level))


def numbering_start_lower_letter() -> bytes:
    """A list starting at 10^11 in letters (aaaa…: four billion letters per label)."""
    level = '<w:start w:val="100000000000"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/>'
    return _docx(_numbered(20), _list(level))


def numbering_text_repeated() -> bytes:
    """A level text of 450,000 ``%1`` over 3,000 paragraphs: gigabytes of labels."""
    level = f'<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{"%1" * 450_000}"/>'
    return _docx(_numbered(3_000), _list(level))


def _one_cell_table(row_properties: str = "", cell_properties: str = "") -> str:
    return (
        f"<w:tbl><w:tr>{row_properties}<w:tc>{cell_properties}"
        "<w:p><w:r><w:t>推进卫生院标准化建设</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )


def table_grid_span() -> bytes:
    """One cell spanning 400 million grid columns."""
    return _docx(_one_cell_table(cell_properties='<w:tcPr><w:gridSpan w:val="400000000"/></w:tcPr>'))


def table_grid_before() -> bytes:
    """A row starting after 400 million empty grid columns."""
    return _docx(_one_cell_table(row_properties='<w:trPr><w:gridBefore w:val="400000000"/></w:trPr>'))


def malformed_level() -> bytes:
    """``w:ilvl="abc"``: a number that is not one."""
    level = '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    return _docx(_numbered(3, ilvl="abc"), _list(level))


def malformed_start() -> bytes:
    """``w:start="一"``: a start written in Chinese."""
    level = '<w:start w:val="一"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    return _docx(_numbered(3), _list(level))


def malformed_grid_span() -> bytes:
    """``w:gridSpan="two"`` in a task table."""

    def cell(text: str, properties: str = "") -> str:
        return f"<w:tc>{properties}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    header = cell("序号") + cell("工作任务") + cell("责任单位")
    row = (
        cell("1")
        + cell("推进卫生院标准化建设", '<w:tcPr><w:gridSpan w:val="two"/></w:tcPr>')
        + cell("县卫健局")
    )
    return _docx(f"<w:tbl><w:tr>{header}</w:tr><w:tr>{row}</w:tr></w:tbl>")


def nested_tables(depth: int = 3_000) -> bytes:
    """3,000 tables, each in the only cell of the one before."""
    inner = "<w:p><w:r><w:t>推进卫生院标准化建设</w:t></w:r></w:p>"
    body = "<w:tbl><w:tr><w:tc>" * depth + inner + "</w:tc></w:tr></w:tbl>" * depth
    return _docx(body)


def nested_content_controls(depth: int = 3_000) -> bytes:
    """3,000 content controls, each inside the one before."""
    inner = "<w:p><w:r><w:t>推进卫生院标准化建设</w:t></w:r></w:p>"
    body = "<w:sdt><w:sdtContent>" * depth + inner + "</w:sdtContent></w:sdt>" * depth
    return _docx(body)


def inflated_document() -> bytes:
    """A document.xml that inflates about 144 times, to 95 MB of near-empty paragraphs."""
    paragraphs, size, n = [], 0, 0
    while size < 95 * 1024 * 1024:
        paragraph = f"<w:p><w:r><w:t>落实{n % 300}</w:t></w:r></w:p>"
        paragraphs.append(paragraph)
        size += len(paragraph.encode())
        n += 1
    return _docx("".join(paragraphs))


def docx_too_much_text() -> bytes:
    """Four million characters of text in a Word file (the limit for .txt applies too)."""
    paragraph = "<w:p><w:r><w:t>" + "会议强调要提高认识加强领导狠抓落实" * 20 + "</w:t></w:r></w:p>"
    return _docx(paragraph * (4_000_000 // 340 + 1))


def _xlsx(sheets: list[str], merges: dict[int, str] | None = None) -> bytes:
    merges = merges or {}
    workbook_sheets = "".join(
        f'<sheet name="表{n + 1}" sheetId="{n + 1}" r:id="rId{n + 1}"/>' for n in range(len(sheets))
    )
    relations = "".join(
        f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/sheet{n + 1}.xml"/>'
        for n in range(len(sheets))
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n + 1}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(len(sheets))
    )
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships"><sheets>{workbook_sheets}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{relations}</Relationships>'
        ),
    }
    for n, rows in enumerate(sheets):
        merge = f'<mergeCells count="1"><mergeCell ref="{merges[n]}"/></mergeCells>' if n in merges else ""
        parts[f"xl/worksheets/sheet{n + 1}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
            f'.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>{merge}</worksheet>'
        )
    return _zip(parts)


def _rows(count: int, sheet: int = 0) -> str:
    header = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is>'
        '<t>工作任务</t></is></c><c r="C1" t="inlineStr"><is><t>责任单位</t></is></c></row>'
    )
    body = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r - 1}</v></c><c r="B{r}" t="inlineStr"><is><t>表{sheet}'
        f'推进第{r}项重点工作</t></is></c><c r="C{r}" t="inlineStr"><is><t>第{r % 97}卫生院</t>'
        "</is></c></row>"
        for r in range(2, count + 2)
    )
    return header + body


def many_sheets() -> bytes:
    """250 sheets of 2,000 tasks each."""
    return _xlsx([_rows(2_000, n) for n in range(250)])


def merged_19000_rows() -> bytes:
    """One merged cell spanning 19,000 rows and 60 columns."""
    return _xlsx([_rows(19_000)], {0: "D2:BK19000"})


def hard_wrapped_text(size: int = 1_500_000) -> bytes:
    """What a PDF's text layer gives: short lines broken mid-sentence, no paragraph ends."""
    phrase = "推进紧密型县域医共体建设完善分级诊疗制度提升基层医疗卫生服务能力"
    lines, total, n = [], 0, 0
    while total < size:
        line = phrase[n % 7 :][:28]
        lines.append(line)
        total += len(line.encode()) + 1
        n += 1
    return ("\n".join(lines) + "\n").encode()


def pdf_flate_bomb() -> bytes:
    """A PDF whose cross-reference stream inflates to 300 MB (read before any page)."""
    bomb = zlib.compress(b"\x00" * (300 * 1024 * 1024), 9)
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    for number, body in enumerate(objects, start=1):
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(
        b"4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R /Length %d /Filter /FlateDecode"
        b" >>\nstream\n" % len(bomb)
        + bomb
        + b"\nendstream\nendobj\n"
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


#: The small ones, kept in tests/fixtures/bad: file name → (maker, words the refusal must hold).
SMALL: dict[str, tuple[Callable[[], bytes], str]] = {
    "numbering-start-upper-roman.docx": (numbering_start_upper_roman, "编号"),
    "numbering-start-lower-letter.docx": (numbering_start_lower_letter, "编号"),
    "numbering-text-repeated.docx": (numbering_text_repeated, "编号"),
    "table-grid-span.docx": (table_grid_span, "表格"),
    "table-grid-before.docx": (table_grid_before, "表格"),
    "nested-tables.docx": (nested_tables, "嵌套"),
    "nested-content-controls.docx": (nested_content_controls, "嵌套"),
}

#: Read without complaint: a malformed number is read as Word reads it (the default).
MALFORMED: dict[str, Callable[[], bytes]] = {
    "malformed-level.docx": malformed_level,
    "malformed-start.docx": malformed_start,
    "malformed-grid-span.docx": malformed_grid_span,
}

#: Generated by the tests: file name → (maker, words the refusal must hold).
LARGE: dict[str, tuple[Callable[[], bytes], str]] = {
    "inflated-document.docx": (inflated_document, "过大"),
    "docx-too-much-text.docx": (docx_too_much_text, "文字过多"),
    "many-sheets.xlsx": (many_sheets, "工作表过多"),
    "merged-19000-rows.xlsx": (merged_19000_rows, "合并"),
    "pdf-flate-bomb.pdf": (pdf_flate_bomb, "过大"),
}


def write_small(folder: Path) -> None:
    """Write the small hostile files into ``folder``."""
    for name, (make, _) in SMALL.items():
        (folder / name).write_bytes(make())
    for name, make in MALFORMED.items():
        (folder / name).write_bytes(make())


if __name__ == "__main__":
    write_small(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "fixtures" / "bad")
