"""The ledger on paper (issue 14): readable type, the meeting's columns, one row per document.

Reopened with openpyxl; once rendered by LibreOffice and measured.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import FIXTURES
from tracker.domain import SHEET_KEY_HEADER
from tracker.dto import DocumentRow
from tracker.exporting.layout import plan_widths, printable_units, text_lines
from tracker.exporting.ledger_spec import (
    DEFAULT_COLUMNS,
    FULL_COLUMNS,
    document_heading,
    ledger_title,
)
from tracker.exporting.ledger_xlsx import BODY_PT, MARGINS, MIN_SCALE
from tracker.importing import parse_text
from tracker.services.bundle import Services

MEETING_HEADERS = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "进展情况", "状态"]
REAL = FIXTURES / "real" / "a12_pingtan_2018_canzhuowuran_shipinfangxin.txt"
#: Width units between the margins of A4 landscape at 100% in Excel (7 px per unit).
EXCEL_PRINTABLE = printable_units(297, MARGINS.left, MARGINS.right)


def _export(services: Services, path: Path, **changes: object) -> openpyxl.Workbook:
    options = services.exports.default_options(**changes)
    [written] = services.exports.export(path, options)
    return openpyxl.load_workbook(written)


def _header(sheet) -> list[str]:  # type: ignore[no-untyped-def]
    return [cell.value for cell in sheet[4] if cell.value and cell.value != SHEET_KEY_HEADER]


def _printed_scale(sheet) -> float:  # type: ignore[no-untyped-def]
    """The scale a sheet prints at in Excel: its own, or what fitting one page wide gives."""
    if not sheet.sheet_properties.pageSetUpPr.fitToPage:
        return float(sheet.page_setup.scale)
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    letters = [openpyxl.utils.get_column_letter(i + 1) for i in range(len(_header(sheet)))]
    total = sum(sheet.column_dimensions[letter].width for letter in letters)
    return min(100.0, EXCEL_PRINTABLE / total * 100)


@pytest.fixture
def real_ledger(services: Services, sample_ids: list[int]) -> Services:
    """The sample and a real 68-task document: two documents, 71 tasks."""
    services.imports.store(parse_text(REAL.read_text(encoding="utf-8"), REAL.name))
    return services


def test_the_meeting_columns_by_default_at_a_readable_scale(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    assert DEFAULT_COLUMNS == (
        "number",
        "title",
        "lead",
        "support",
        "deadline",
        "progress",
        "status",
    )
    sheet = _export(services, tmp_path / "m.xlsx")["督办台账"]
    assert _header(sheet) == MEETING_HEADERS
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.print_title_rows == "$4:$4"
    scale = _printed_scale(sheet)
    assert scale == 100  # seven columns fit A4 landscape at full size
    assert BODY_PT * scale / 100 >= 10
    assert sheet.cell(row=5, column=2).font.sz == BODY_PT
    assert sheet.cell(row=5, column=2).alignment.wrap_text


@pytest.mark.parametrize(
    ("columns", "fill_in"), [(DEFAULT_COLUMNS, True), (FULL_COLUMNS, False), (FULL_COLUMNS, True)]
)
def test_more_columns_never_print_under_the_floor(
    services: Services, sample_ids: list[int], tmp_path: Path, columns, fill_in: bool
) -> None:  # type: ignore[no-untyped-def]
    sheet = _export(services, tmp_path / "f.xlsx", columns=columns, fill_in=fill_in)["督办台账"]
    assert MIN_SCALE >= 75 and BODY_PT * MIN_SCALE / 100 >= 10
    assert _printed_scale(sheet) >= MIN_SCALE
    if len(_header(sheet)) == 15:  # the full content and the 填报栏: a set scale, not a fit
        assert not sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.scale == MIN_SCALE


def test_widths_fill_the_page_and_rows_hold_their_wrapped_text(
    real_ledger: Services, tmp_path: Path
) -> None:
    sheet = _export(real_ledger, tmp_path / "r.xlsx")["督办台账"]
    letters = [openpyxl.utils.get_column_letter(i + 1) for i in range(7)]
    widths = [sheet.column_dimensions[letter].width for letter in letters]
    assert 0.8 * EXCEL_PRINTABLE <= sum(widths) <= EXCEL_PRINTABLE
    checked = 0
    for row in range(5, sheet.max_row + 1):
        if not sheet.cell(row=row, column=8).value:  # a heading or document row
            continue
        texts = [sheet.cell(row=row, column=c).value for c in range(1, 8)]
        lines = max(
            text_lines(t, w, BODY_PT)
            for t, w in zip(texts, widths, strict=True)
            if isinstance(t, str)
        )
        assert sheet.row_dimensions[row].height >= lines * BODY_PT * 1.3
        checked += 1
    assert checked == 71


def test_each_document_gets_a_header_row_and_the_title_comes_from_them(
    real_ledger: Services, tmp_path: Path
) -> None:
    workbook = _export(real_ledger, tmp_path / "d.xlsx")
    sheet = workbook["督办台账"]
    assert sheet["A1"].value == "2018—2024年督办台账"  # the documents' years, not today's
    column_a = [sheet.cell(row=r, column=1).value for r in range(5, sheet.max_row + 1)]
    assert column_a[0] == "《县卫生健康局2024年工作要点》"
    second = "《2018年全区治理“餐桌污染”建设“食品放心工程”工作方案》(岚综管办〔2018〕82号)"
    assert second in column_a
    assert column_a[1:4] == [1, 2, 3]
    row = 5 + column_a.index(second)
    assert sheet.cell(row=row, column=1).font.bold
    assert f"A{row}:G{row}" in {str(r) for r in sheet.merged_cells}
    assert sheet.cell(row=row + 1, column=1).value == "二、目标任务"  # its headings follow


def test_one_document_titles_the_ledger_and_needs_no_document_row(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    sheet = _export(services, tmp_path / "one.xlsx")["督办台账"]
    assert sheet["A1"].value == "县卫生健康局2024年工作要点督办台账"
    assert sheet.cell(row=5, column=1).value == 1


def _document(id: int, title: str, year: int | None = None, number: str | None = None):  # type: ignore[no-untyped-def]
    return DocumentRow(
        id=id,
        title=title,
        doc_number=number,
        doc_date=date(year, 3, 1) if year else None,
        issuer=None,
        file_name=None,
        imported_at=date(2024, 1, 1),  # type: ignore[arg-type]
        item_count=1,
    )


def test_ledger_titles() -> None:
    one = _document(1, "县卫生健康局2024年工作要点")
    assert ledger_title("示范县卫生健康局", [one]) == "县卫生健康局2024年工作要点督办台账"
    assert ledger_title("局", [_document(1, "某某督办台账")]) == "某某督办台账"
    same_year = [one, _document(2, "民生实事方案", 2024), _document(3, "2024年健康促进")]
    assert ledger_title("示范县卫生健康局", same_year) == "示范县卫生健康局2024年督办台账"
    years = [one, _document(2, "方案", 2021)]
    assert ledger_title("示范县卫生健康局", years) == "示范县卫生健康局2021—2024年督办台账"
    unknown = [one, _document(2, "健康促进方案")]
    assert ledger_title("示范县卫生健康局", unknown) == "示范县卫生健康局督办台账"
    assert ledger_title("示范县卫生健康局", []) == "示范县卫生健康局督办台账"
    assert document_heading(_document(1, "方案", number="示卫发〔2024〕1号")) == (
        "《方案》(示卫发〔2024〕1号)"
    )
    assert document_heading(None) == "未关联文件的事项"


def test_a_blank_title_is_made_from_the_exported_items(
    real_ledger: Services, tmp_path: Path
) -> None:
    sample = [
        row.id
        for row in real_ledger.items.list_items()
        if row.document_title and "2024" in row.document_title
    ]
    options = real_ledger.exports.default_options(title="")
    [path] = real_ledger.exports.export(tmp_path / "b.xlsx", options, item_ids=sample)
    assert (
        openpyxl.load_workbook(path)["督办台账"]["A1"].value == "县卫生健康局2024年工作要点督办台账"
    )


def test_plan_wraps_before_it_shrinks() -> None:
    widths, scale, fits = plan_widths([10, 60], [5, 20], [False, True], 50, 84)
    assert (scale, fits) == (100, True) and sum(widths) == pytest.approx(50)
    widths, scale, fits = plan_widths([10, 20], [5, 10], [False, True], 50, 84)
    assert widths == [10, 40] and scale == 100
    widths, scale, fits = plan_widths([20, 60], [20, 40], [False, True], 55, 84)
    assert (scale, fits) == (91, True) and sum(widths) == pytest.approx(55 / 0.91)
    widths, scale, fits = plan_widths([40, 60], [40, 40], [False, True], 50, 84)
    assert (widths, scale, fits) == ([40, 40], 84, False)


def _soffice_pdf(workbook: Path, folder: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(folder / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{workbook.stem}.pdf"


def _body_sizes(pdf: Path) -> list[float]:
    """The printed size, in pt, of each run of Chinese text on the ledger's pages."""
    from pypdf import PdfReader

    sizes: list[float] = []
    for page in PdfReader(pdf).pages:
        found: list[float] = []

        def visit(text, cm, tm, font, size, found=found):  # type: ignore[no-untyped-def]
            if any("\u4e00" <= ch <= "\u9fff" for ch in text):
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                found.append(size * scale)

        text = page.extract_text(visitor_text=visit)
        if "按时办结率" not in text:  # the statistics sheet
            sizes += found
    return sizes


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_body_at_10_pt_or_more(
    real_ledger: Services, tmp_path: Path
) -> None:
    [path] = real_ledger.exports.export(tmp_path / "纸.xlsx", real_ledger.exports.default_options())
    sizes = _body_sizes(_soffice_pdf(path, tmp_path))
    assert sizes and statistics.median(sizes) >= 10
