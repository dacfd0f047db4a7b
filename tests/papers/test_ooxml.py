"""The papers open in Word without "unreadable content": properties in the schema's order."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from tests.papers.reading import a_sheet
from tests.papers.test_notice import ledger  # noqa: F401  (the fixture)
from tracker.dto import StatsReport
from tracker.papers import notice_from_stats, render_notice, render_sheet, render_sheets_combined
from tracker.papers.templates import TEMPLATE_NAMES, shipped_template

#: ECMA-376 sequences, written out here independently of tracker/papers/ooxml.py.
SEQUENCES = {
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW "
    "jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark headers cellIns cellDel cellMerge tcPrChange",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid printerSettings sectPrChange",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "font": "altName panose1 charset family notTrueType pitch sig embedRegular embedBold "
    "embedItalic embedBoldItalic",
}


def _out_of_order(docx_file: Path) -> list[str]:
    problems = []
    with zipfile.ZipFile(docx_file) as package:
        for name in package.namelist():
            if not name.startswith("word/") or not name.endswith(".xml"):
                continue
            root = parse_xml(package.read(name))
            for tag, sequence in SEQUENCES.items():
                rank = {qn(f"w:{child}"): i for i, child in enumerate(sequence.split())}
                for element in root.iter(qn(f"w:{tag}")):
                    ranks = [rank.get(child.tag, -1) for child in element]
                    if -1 in ranks or ranks != sorted(ranks):
                        problems.append(f"{name}: {tag} {[c.tag.split('}')[1] for c in element]}")
    return problems


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_the_shipped_templates(name: str) -> None:
    assert _out_of_order(shipped_template(name)) == []


def test_the_papers(ledger: StatsReport, tmp_path: Path) -> None:  # noqa: F811
    papers = [
        render_sheet(a_sheet(), tmp_path / "单.docx"),
        render_sheets_combined([a_sheet(), a_sheet(unit="疾控股")], tmp_path / "全部.docx"),
        render_notice(notice_from_stats(ledger, issuer="X县卫生健康局"), tmp_path / "通报.docx"),
    ]
    for paper in papers:
        assert _out_of_order(paper) == []
