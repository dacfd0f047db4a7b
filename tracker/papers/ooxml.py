"""The order Word insists on for the children of a few WordprocessingML elements.

ECMA-376 defines table, row-independent cell and section properties as sequences: Word reports
a file with, say, ``w:shd`` before ``w:tcW`` as damaged. docxtpl's ``{% cellbg %}`` puts the
shading first, so rendered papers are put back in order here.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

#: CT_TblPr.
TABLE_PROPERTIES = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
)
#: CT_TcPr.
CELL_PROPERTIES = (
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
)
#: CT_SectPr.
SECTION_PROPERTIES = (
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def put_in_order(parent: Any, sequence: tuple[str, ...]) -> None:
    """Sort ``parent``'s children into ``sequence`` (unknown ones last, in their order)."""
    rank = {qn(f"w:{tag}"): index for index, tag in enumerate(sequence)}
    children = list(parent)
    ordered = sorted(children, key=lambda child: rank.get(child.tag, len(sequence)))
    if ordered != children:
        for child in children:
            parent.remove(child)
        parent.extend(ordered)


def insert_in_order(parent: Any, child: Any, sequence: tuple[str, ...]) -> None:
    """Add ``child`` to ``parent`` where ``sequence`` wants it."""
    parent.append(child)
    put_in_order(parent, sequence)


def tidy(root: Any) -> None:
    """Put every table's, cell's and section's properties under ``root`` in schema order."""
    for tag, sequence in (
        ("w:tblPr", TABLE_PROPERTIES),
        ("w:tcPr", CELL_PROPERTIES),
        ("w:sectPr", SECTION_PROPERTIES),
    ):
        for element in root.iter(qn(tag)):
            put_in_order(element, sequence)
