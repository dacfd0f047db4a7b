"""Measuring text the way a printed sheet needs it: CJK characters are twice as wide."""

from __future__ import annotations

import math
import unicodedata


def display_width(text: str) -> int:
    """Columns a line takes in a monospace sense: 2 for wide (CJK) characters, else 1."""
    return sum(map(_WIDTHS.__getitem__, text))


class _Widths(dict[str, int]):
    """Each character's width, looked up in ``unicodedata`` once and then remembered.

    Summing dictionary lookups runs in C; asking ``unicodedata`` about each of a ledger's
    million characters took a tenth of an export.
    """

    def __missing__(self, char: str) -> int:
        width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        self[char] = width
        return width


_WIDTHS = _Widths()


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    if not text:
        return 1
    usable = max(width - 1.0, 2.0)
    return sum(max(1, math.ceil(display_width(part) * 1.1 / usable)) for part in text.split("\n"))


def fitted_width(samples: list[str], minimum: float, maximum: float) -> float:
    """A column width that fits the longest line of ``samples`` within bounds."""
    longest = max((display_width(line) for text in samples for line in text.split("\n")), default=0)
    return max(minimum, min(maximum, longest * 1.1 + 2))


#: Excel's column width unit in pixels at 96 dpi: the digit width of the default font
#: (Calibri 11, which openpyxl writes as the workbook's normal style).
UNIT_PX = 7.0
#: Pixels a cell loses to its padding and borders.
CELL_PADDING_PX = 8.0


def text_lines(text: str, width: float, font_pt: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide, in ``font_pt`` type.

    A wide (CJK) character is one em, ``font_pt`` points; a narrow one half an em; CJK text
    breaks between any two characters, so the count is the text's length over the line's.
    """
    if not text:
        return 1
    em_px = font_pt * 96 / 72
    usable = max(width * UNIT_PX - CELL_PADDING_PX, em_px)
    return sum(
        max(1, math.ceil(display_width(part) * em_px / 2 * 1.04 / usable))
        for part in text.split("\n")
    )


def printable_units(
    page_width_mm: float, left_in: float, right_in: float, unit_px: float = UNIT_PX
) -> float:
    """Column width units that fit between the margins of a page at 100%."""
    return (page_width_mm / 25.4 - left_in - right_in) * 96 / unit_px


def plan_widths(
    natural: list[float], minimum: list[float], stretch: list[bool], printable: float, floor: int
) -> tuple[list[float], int, bool]:
    """Column widths, the print scale (in %) and whether they fit one page wide.

    Wrap rather than shrink: columns over the page are narrowed towards their minimum, and
    columns under it widened (those marked ``stretch``) until they fill it, all at 100%. Only
    when even the minimum widths are too wide does the scale drop, never below ``floor``; the
    widths then fill the page at that scale, or, past the floor, stay at their minimum and
    run onto a second page across.
    """
    total = sum(natural)
    if total <= printable:
        spare = printable - total
        growing = sum(w for w, s in zip(natural, stretch, strict=True) if s)
        if growing:
            return (
                [
                    w + spare * w / growing if s else w
                    for w, s in zip(natural, stretch, strict=True)
                ],
                100,
                True,
            )
        return list(natural), 100, True
    least = sum(minimum)
    if least <= printable:
        room = total - least
        cut = (total - printable) / room if room else 0.0
        return [w - (w - m) * cut for w, m in zip(natural, minimum, strict=True)], 100, True
    scale = math.floor(printable / least * 100)
    if scale >= floor:
        return [m * printable * 100 / scale / least for m in minimum], scale, True
    return list(minimum), floor, False
