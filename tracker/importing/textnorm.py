"""Text helpers for matching without changing what is stored.

``fold`` maps full-width ASCII forms to half-width one character for one character, so a regex
can run on the folded text and its match positions still cut the original, printed text.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {
        0x3000: 0x20,  # ideographic space
        0x3014: ord("["),  # 〔
        0x3015: ord("]"),  # 〕
        0x3010: ord("["),  # 【
        0x3011: ord("]"),  # 】
        0xFF3B: ord("["),
        0xFF3D: ord("]"),
        0xFE59: ord("("),
        0xFE5A: ord(")"),
        # Angle brackets closing a tag by a slip of the keyboard: "（区市场监管局〉".
        0x3008: ord("("),
        0x3009: ord(")"),
    }
)

_FOLD_CHARS = {chr(code): chr(folded) for code, folded in _FOLD.items()}
_FOLDABLE = frozenset(_FOLD_CHARS)

#: Characters that end a sentence or a clause list, in either width.
TERMINAL = "。！？；;!?：:”’」』)）]】〕"

#: Controls, zero-width, bidirectional and other invisible format characters: they make
#: look-alike names (县卫健局 and 县卫健局 with a U+202E inside) that are not the same text.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    r"\u2060-\u2064\u2066-\u2069\ufeff\ufffe]"
)


@lru_cache(maxsize=16_384)
def fold(text: str) -> str:
    """Return ``text`` with full-width forms half-width, same length, same positions.

    Cached: the parser folds the same paragraph several times on its way. Only the few
    foldable characters a text holds are replaced: ``str.translate`` with a table looks up
    every character in Python and was the parser's largest single cost.
    """
    for char in _FOLDABLE.intersection(text):
        text = text.replace(char, _FOLD_CHARS[char])
    return text


def strip_controls(text: str) -> str:
    """Remove control and zero-width characters that web pages and Word leave behind."""
    return _CONTROL.sub("", text)


def is_terminated(text: str) -> bool:
    """Tell whether a paragraph ends like a finished sentence (not cut off mid-word)."""
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] in TERMINAL


CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def cn_number(text: str) -> int | None:
    """Read a Chinese numeral up to 999 (一, 十二, 二十三, 一百零五); None if it is not one."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    seen = False
    for char in text:
        if char in CN_DIGITS:
            current = CN_DIGITS[char]
            seen = True
        elif char == "十":
            total += (current or 1) * 10
            current = 0
            seen = True
        elif char == "百":
            total += (current or 1) * 100
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]")


def split_lines(text: str) -> list[str]:
    """Split text into lines at real line breaks only.

    ``str.splitlines`` also breaks at control characters (record separators and the like)
    that web copies carry.
    """
    return _LINE_BREAK.split(text)
