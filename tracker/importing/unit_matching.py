"""Matching printed unit names to the directory: keys, tidying, suggestions (pure, no database).

Used by the directory service when it stores names and by the import review when it proposes
a directory unit for a name it does not know.
"""

from __future__ import annotations

import difflib
import re

from tracker.errors import InvalidInputError
from tracker.importing.model import matching_key
from tracker.importing.textnorm import strip_controls

_EDGE_PUNCTUATION = "。.;;,,、"


def unit_key(name: str) -> str:
    """The key two printed names of one unit share.

    Full and half width, spaces and invisible characters (bidirectional marks, word joiners)
    are ignored: U+202E inside a name must not make a second unit that looks the same.
    """
    return matching_key(strip_controls(name)).strip(_EDGE_PUNCTUATION)


def clean_name(name: str) -> str:
    """Tidy a typed or printed unit name for storing; refuse an empty one."""
    cleaned = " ".join(strip_controls(name).split())
    if not cleaned:
        raise InvalidInputError("单位名称不能为空。")
    if len(cleaned) > 200:
        raise InvalidInputError("单位名称过长(不超过200字)。")
    return cleaned


def suggest_units(name: str, known: dict[str, str], limit: int = 3) -> list[str]:
    """Directory names that a printed unit name most likely means, best first.

    ``known`` maps every name and alias of the directory to the unit's own name. The same name
    without its place and filler words (县医院 / 县人民医院) or a name of four characters or
    more inside another counts as close; otherwise text similarity decides. Short, generic
    overlaps (县中医院 / 县人民医院) are not suggested.
    """
    key = unit_key(name)
    if not key:
        return []
    scores: dict[str, float] = {}
    for other, unit_name in known.items():
        other_key = unit_key(other)
        if not other_key:
            continue
        ratio = difflib.SequenceMatcher(None, key, other_key).ratio()
        shorter = min(len(key), len(other_key))
        if shorter >= 4 and (key in other_key or other_key in key):
            ratio = max(ratio, 0.8)
        if _core(key) == _core(other_key):
            ratio = max(ratio, 0.9)
        if ratio >= 0.75:
            scores[unit_name] = max(scores.get(unit_name, 0.0), ratio)
    ranked = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
    return [unit_name for unit_name, _ in ranked[:limit]]


def _core(key: str) -> str:
    """A name without its place prefix and filler words (县人民医院 → 医院)."""
    return re.sub(r"^(?:[\u4e00-\u9fff]{1,3}?[省市县区])|人民|卫生健康|卫健", "", key)
