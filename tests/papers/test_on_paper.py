"""The papers as LibreOffice prints them: A4, 三号 body, 小四 tables, every line on the page."""

from __future__ import annotations

import shutil
import statistics
import subprocess
from pathlib import Path

import pytest

from tests.papers.reading import a_sheet
from tests.papers.test_notice import ledger  # noqa: F401  (the fixture)
from tracker.domain import Escalation
from tracker.dto import StatsReport
from tracker.papers import notice_from_stats, render_notice, render_sheets_combined

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]
A4_PT = (595.3, 841.9)


def _pdf(document: Path, folder: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(folder / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{document.stem}.pdf"


def _pages(pdf: Path) -> list[tuple[str, list[float], tuple[float, float]]]:
    """Each page's text, the printed size of each run of Chinese text, and the page size."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        sizes: list[float] = []

        def visit(text, cm, tm, font, size, sizes=sizes):  # type: ignore[no-untyped-def]
            if any("\u4e00" <= ch <= "\u9fff" for ch in text):
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                sizes.append(round(size * scale, 1))

        text = page.extract_text(visitor_text=visit)
        box = (float(page.mediabox.width), float(page.mediabox.height))
        pages.append((text, sizes, box))
    return pages


def test_the_notice_prints_its_body_at_16_pt_on_a4(ledger: StatsReport, tmp_path: Path) -> None:  # noqa: F811
    notice = notice_from_stats(ledger, issuer="X县卫生健康局", round_name="2024年7月调度")
    pages = _pages(_pdf(render_notice(notice, tmp_path / "通报.docx"), tmp_path))

    text = "".join(page[0] for page in pages).replace("\n", "").replace(" ", "")
    sizes = [size for page in pages for size in page[1]]
    assert all(box == pytest.approx(A4_PT, abs=1) for _, _, box in pages)
    assert statistics.median(sizes) == pytest.approx(16, abs=0.3)
    assert min(sizes) >= 12 and max(sizes) >= 22  # tables 小四, title 二号
    for unit in ledger.units:
        assert unit.unit_name in text
    # Nothing cut: the last words, the 落款 and the page number are on the last page.
    assert text.endswith(f"按程序提请局务会研究。X县卫生健康局2024年7月15日—{len(pages)}—")
    assert "{{" not in text and "{%" not in text


def test_each_unit_of_the_printing_file_starts_a_page(tmp_path: Path) -> None:
    units = ["县人民医院", "疾控股", "规划信息股"]
    sheets = [
        a_sheet(unit=unit, escalation=colour, tasks=a_sheet().tasks[:1])
        for unit, colour in zip(units, Escalation, strict=False)
    ]
    pages = _pages(_pdf(render_sheets_combined(sheets, tmp_path / "督办单.docx"), tmp_path))

    assert len(pages) == 3
    for (text, sizes, box), unit in zip(pages, units, strict=True):
        flat = text.replace("\n", "").replace(" ", "")
        assert f"{unit}：" in flat and "签收人" in flat and flat.endswith("—1—")
        assert box == pytest.approx(A4_PT, abs=1)
        assert min(sizes) >= 12
