"""Text widths for column widths and row heights: CJK characters count double."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tracker.exporting.layout import display_width, fitted_width, line_count


def test_cjk_and_full_width_characters_count_double() -> None:
    assert display_width("abc") == 3
    assert display_width("医政医管股") == 10
    assert display_width("(责任单位:县医院)") == 17
    assert display_width("（）：") == 6


@given(st.text(st.characters(exclude_categories=("Cs", "Cn")), max_size=40))
def test_display_width_agrees_with_unicodedata(text: str) -> None:
    expected = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    assert display_width(text) == expected


def test_lines_and_widths() -> None:
    assert line_count("", 10) == 1
    assert line_count("医" * 20, 11) == 5
    assert line_count("第一行\n第二行", 40) == 2
    assert fitted_width(["短", "医" * 100], 8, 30) == 30
    assert fitted_width(["短"], 8, 30) == 8
