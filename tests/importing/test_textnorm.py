"""Folding full-width forms: same length, same positions, every foldable character."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tracker.importing.model import fingerprint_key
from tracker.importing.textnorm import _FOLD, fold

_ALPHABET = st.sampled_from(
    [chr(code) for code in _FOLD] + list("医政股、。年月日（）()：:，,0123456789abc \n")
)


def test_fold_maps_full_width_forms_to_ascii() -> None:
    assert fold("（责任单位：医政股，县医院）") == "(责任单位:医政股,县医院)"
    assert fold("２０２４年６月") == "2024年6月"
    assert fold("〔2024〕3号　【】") == "[2024]3号 []"


@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_fold_is_the_character_table_applied_in_place(text: str) -> None:
    folded = fold(text)
    assert folded == text.translate(_FOLD)
    assert len(folded) == len(text)


@given(st.text(max_size=60))
def test_fingerprints_keep_exactly_the_letters_and_digits(text: str) -> None:
    """Stored document fingerprints depend on this rule: it must never drift."""
    expected = "".join(
        char
        for char in unicodedata.normalize("NFKC", text)
        if unicodedata.category(char)[0] in "LN"
    )
    assert fingerprint_key(text) == expected
