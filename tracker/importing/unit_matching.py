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
    overlaps (县中医院 / 县人民医院) are not suggested, and neither is a name at another
    administrative level (县公安局 / 市公安局, 市医保局 / 省医保局): that is another unit.
    """
    key = unit_key(name)
    if not key:
        return []
    level = admin_level(key)
    scores: dict[str, float] = {}
    for other, unit_name in known.items():
        other_key = unit_key(other)
        if not other_key:
            continue
        other_level = admin_level(other_key)
        if level is not None and other_level is not None and level != other_level:
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


#: A level word at the start of a name, after at most a short place name (四川省, 遂宁市, 县),
#: or a 省级 / 县级 … word anywhere. Words that only look like one are left out: 市场, 城市,
#: 区域, 社区, 园区, 乡村.
_LEVEL_PREFIX = re.compile(
    r"^[\u4e00-\u9fff]{0,4}?"
    r"(自治区|街道|省|(?<![城都超])市(?!场)|州|县|(?<![社园景片辖学病城])区(?!域)|镇|乡(?!村))"
)
_LEVEL_WORD = re.compile(r"(省|市|县|区|乡|镇)级")
#: Levels that are one level under two names.
_SAME_LEVEL = {"自治区": "省", "州": "市"}


def admin_level(name: str) -> str | None:
    """The administrative level a unit name states (省, 市, 县, 区, 镇, 乡, 街道), if any.

    县公安局 and 市公安局 are two units, not two spellings of one: names stating different
    levels are never matched to each other.
    """
    key = unit_key(name)
    word = _LEVEL_WORD.search(key)
    if word is not None:
        return word.group(1)
    prefix = _LEVEL_PREFIX.match(key)
    if prefix is None:
        return None
    return _SAME_LEVEL.get(prefix.group(1), prefix.group(1))


def _core(key: str) -> str:
    """A name without its place prefix and filler words (县人民医院 → 医院)."""
    return re.sub(r"^(?:[\u4e00-\u9fff]{1,3}?[省市县区])|人民|卫生健康|卫健", "", key)


def rank_units(name: str, names: list[str]) -> list[str]:
    """``names`` ordered by how likely they are the unit ``name`` means: the closest first.

    The suggestions come first (as :func:`suggest_units` orders them), then the rest by text
    similarity; names at another administrative level go last, as they never are the same.
    """
    known = {other: other for other in names}
    close = suggest_units(name, known, limit=len(known))
    key = unit_key(name)
    level = admin_level(key)

    def order(other: str) -> tuple[bool, float, str]:
        other_level = admin_level(other)
        elsewhere = level is not None and other_level is not None and other_level != level
        ratio = difflib.SequenceMatcher(None, key, unit_key(other)).ratio()
        return (elsewhere, -ratio, other)

    rest = sorted((other for other in known if other not in set(close)), key=order)
    return [*close, *rest]
