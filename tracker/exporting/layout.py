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
