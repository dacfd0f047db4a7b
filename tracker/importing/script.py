"""Documents copied from traditional-script sites, turned back into Simplified Chinese.

Mainland documents are published in Simplified script; a copy in Traditional script (a
Hong Kong or Taiwan mirror, a browser's conversion) is read as the Simplified original, so that
labels (`牽頭單位`), unit names and the ledger are in the script the bureau works in. The
conversion is OpenCC's (``t2s``): a maintained dictionary, not a hand table. Text that is
already Simplified is left exactly as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from tracker.importing.blocks import Block, Paragraph, Table

#: Frequent characters that exist only in Traditional script: a cheap first look.
_TRADITIONAL_HINTS = frozenset(
    "們這個為國於與時會來對說從實學後當開關點體區廣東車電長門問間頭題顯單責縣衛醫務業級發經組織進"
    "據轄參協劃劑療護設專項質機構財際規環號產權層鄉鎮辦廳"
)
#: At least this share of the Chinese characters must change for a text to count as Traditional.
_MIN_SHARE = 0.03


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


_HINT = re.compile("[" + "".join(sorted(_TRADITIONAL_HINTS)) + "]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def is_traditional(text: str) -> bool:
    """Tell whether ``text`` is written in Traditional script."""
    if len(_HINT.findall(text, 0, 200_000)) < 3:
        return False
    converted = _converter().convert(text)
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    return changed >= _MIN_SHARE * max(1, len(_CJK.findall(text)))


def to_simplified(text: str) -> str:
    """Convert Traditional-script text to Simplified."""
    result: str = _converter().convert(text)
    return result


def simplify_blocks(blocks: list[Block]) -> tuple[list[Block], bool]:
    """Convert the blocks to Simplified script when the document is Traditional.

    Returns:
        The blocks (the same objects when nothing was converted) and whether they were.
    """
    sample = "\n".join(_texts(blocks))
    if not is_traditional(sample):
        return blocks, False
    converted: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            converted.append(Paragraph(to_simplified(block.text)))
        else:
            rows = tuple(tuple(to_simplified(cell) for cell in row) for row in block.rows)
            converted.append(replace(block, rows=rows))
    return converted, True


def _texts(blocks: list[Block]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            texts.extend(cell for row in block.rows for cell in row)
        else:
            texts.append(block.text)
        if len(texts) > 2000:
            break
    return texts
