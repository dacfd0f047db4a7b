"""The look of a ledger workbook: type sizes, fills for warnings and rows, named cell styles."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from tracker.domain import Urgency
from tracker.exporting.ledger_spec import FONT_SETS, LedgerOptions

FILLS = {
    Urgency.OVERDUE: "F8CBAD",
    Urgency.DUE_SOON: "FFE699",
    Urgency.DONE: "C6E0B4",
}
HEADER_FILL = "D9D9D9"
HEADING_FILL = "F2F2F2"
DOCUMENT_FILL = "DDEBF7"
#: The body's type size; printed at 100% it is the size on paper.
BODY_PT = 12.0
TITLE_PT = 20.0

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def named_styles(options: LedgerOptions) -> list[NamedStyle]:
    """The named cell styles of a ledger workbook in ``options``' fonts."""
    fonts = FONT_SETS[options.font_set]
    styles = [
        NamedStyle(
            "ledger_title",
            font=Font(name=fonts.title, size=TITLE_PT),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "ledger_meta",
            font=Font(name=fonts.body, size=12),
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "ledger_meta_right",
            font=Font(name=fonts.body, size=12),
            alignment=Alignment(horizontal="right", vertical="center"),
        ),
        NamedStyle(
            "ledger_header",
            font=Font(name=fonts.header, size=12, bold=True),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            border=_BORDER,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "ledger_heading",
            font=Font(name=fonts.header, size=12, bold=True),
            fill=PatternFill("solid", fgColor=HEADING_FILL),
            border=_BORDER,
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "ledger_document",
            font=Font(name=fonts.header, size=BODY_PT + 1, bold=True),
            fill=PatternFill("solid", fgColor=DOCUMENT_FILL),
            border=_BORDER,
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "ledger_legend",
            font=Font(name=fonts.body, size=10),
            alignment=Alignment(horizontal="left", vertical="center"),
        ),
    ]
    # The body cells: one style per warning fill and per kind of cell (text left or centred,
    # a date, a percentage).
    kinds = {
        "left": ("left", "General"),
        "center": ("center", "General"),
        "date": ("center", 'yyyy"年"m"月"d"日"'),
        "percent": ("center", "0%"),
    }
    for warning in (None, *FILLS):
        suffix = warning.value if warning else "normal"
        fill = PatternFill("solid", fgColor=FILLS[warning]) if warning else PatternFill()
        for kind, (align, number_format) in kinds.items():
            styles.append(
                NamedStyle(
                    f"ledger_{kind}_{suffix}",
                    font=Font(name=fonts.body, size=BODY_PT),
                    border=_BORDER,
                    fill=fill,
                    number_format=number_format,
                    alignment=Alignment(horizontal=align, vertical="center", wrap_text=True),
                )
            )
    return styles


# ---- the ledger sheet ----------------------------------------------------------------------
