"""What the name of a unit looks like, and how a list of names is split into them.

A list is split at ``、`` ``/`` ``,`` ``;`` outside brackets, at ``和/及/与`` only between two
names (not inside ``卫生和计划生育委员会``), and where a bad copy glued two names together; each
clause's role word (``牵头``, ``配合`` …) gives the role of the names before it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from tracker.domain import UnitRole
from tracker.importing.model import ParsedUnit
from tracker.importing.textnorm import fold
from tracker.importing.unit_labels import FIRST_IS_LEAD, SAME_BELOW, TRAILING, role_suffix

_UNIT_SUFFIX = re.compile(
    r"(?:局|委|办|院|站|中心|股|科|室|所|队|会|部|厅|处|组|政府|单位|公司|学校|馆|团|社|署|集团|"
    r"街道|乡镇|社区|党委|纪委|机关|部门|机构|各村|村委会)$"
)
#: What the name of a unit ends with, for recognising names in unlabelled tags.
_UNIT_NAME_END = re.compile(
    r"(?:局|委|办|厅|部|署|院|所|站|中心|股|科|室|处|队|组|会|团|社|馆|台|政府|管委会|街道|乡镇|"
    r"镇|乡|社区|公司|集团|学校|学院|大学|银行|协会|学会|联合会|联社|机关|党委|党组|纪委|机构|"
    r"单位|部门|中央|医共体|医联体|妇联|残联|科协|工会|法院|检察院|海关|基地|平台|专班)$"
)
#: Words that never occur in a unit's name but often in explanatory brackets.
_NOT_A_NAME = re.compile(
    r"[的由对将把是要可不于从向以“”\"《》<>]|简称|以下|包括|含|即|例如|注|详见|附件|试行|"
    r"暂行|修订|万|亿|%"
)
_JOINERS = re.compile(r"[和及与]")
CJK = re.compile(r"[\u4e00-\u9fff]")
_ETC = re.compile(r"(?:等|等等)$")
_ETC_GROUP = re.compile(
    r"等(?:区直|市直|县直|省直)?(?:相关|有关|其他|各)?(?:部门|单位|机构|部门单位)$"
)


_BRACKET = re.compile(r"[()]")


def bracket_groups(folded: str) -> list[tuple[int, int]]:
    """Top-level ``( … )`` spans (folded brackets), as (start, end) including the brackets."""
    groups = []
    depth, start = 0, -1
    for match in _BRACKET.finditer(folded):
        index, char = match.start(), match.group()
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, index + 1))
    if depth and "\n" not in folded[start:]:
        # A tag cut off by the end of a truncated copy: "(牵头单位:市人力资源社会保".
        groups.append((start, len(folded)))
    return groups


@lru_cache(maxsize=16)
def _separator_pattern(separators: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(separators)}]")


def split_depth0(text: str, separators: str) -> list[str]:
    """Split ``text`` on any of ``separators`` outside brackets."""
    folded = fold(text)
    if "(" not in folded:
        parts = []
        start = 0
        for match in _separator_pattern(separators).finditer(folded):
            parts.append(text[start : match.start()])
            start = match.end()
        parts.append(text[start:])
        return parts
    parts = []
    depth, start = 0, 0
    for index, char in enumerate(folded):
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif depth == 0 and char in separators:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _base_name(name: str) -> str:
    """A name without a trailing ``等`` and a trailing bracket, for recognising it."""
    key = _ETC.sub("", fold(name).strip())
    return re.sub(r"\([^()]*\)$", "", key).strip()


def _split_joined(name: str) -> list[str]:
    """Split ``甲局和乙局`` into two names, but not ``卫生和计划生育委员会``."""
    folded = fold(name)
    for match in _JOINERS.finditer(folded):
        left, right = name[: match.start()], name[match.end() :]
        if _UNIT_SUFFIX.search(_base_name(left)) and len(right.strip()) >= 2:
            return [*_split_joined(left), *_split_joined(right)]
    return [name]


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff()（）])\s+(?=[\u4e00-\u9fff()（）])")


def clean_name(name: str) -> str:
    """A name without surrounding punctuation and spaces, and without a trailing ``等…``."""
    name = name.strip().strip(TRAILING + "“”\"'")
    name = " ".join(_CJK_GAP.sub("", name).split())
    if "等" not in name:
        return name
    folded = fold(name)
    group = _ETC_GROUP.search(folded)
    if group and group.start() >= 2:
        # "区绿化市容局等相关部门": the unit named, not the group it stands for.
        return name[: group.start()].rstrip()
    etc = _ETC.search(folded)
    if etc and len(folded) > etc.end() - etc.start() + 1:
        name = name[: etc.start()].rstrip()
    return name


def looks_like_unit(name: str, known: Collection[str] = ()) -> bool:
    """Tell whether ``name`` (as printed) is the name of a unit rather than other words."""
    if known and (name in known or fold(name).strip() in known):
        return True
    return _looks_like_unit_name(name)


@lru_cache(maxsize=8192)
def _looks_like_unit_name(name: str) -> bool:
    key = fold(name).strip()
    if not 2 <= len(key) <= 30 or not CJK.search(key):
        return False
    base = _base_name(key)
    if _NOT_A_NAME.search(re.sub(r"\([^()]*\)", "", base)):
        return False
    if base.startswith("各") and len(base) <= 20:
        return True
    return bool(_UNIT_NAME_END.search(base))


def split_names(text: str, role: UnitRole) -> tuple[list[ParsedUnit], bool]:
    """Split a list of units (``甲、乙牵头,丙配合``) into names with roles.

    Returns:
        The units, and whether a note in the list said the first one leads.
    """
    first_is_lead = False
    for start, end in reversed(bracket_groups(fold(text))):
        inner = fold(text[start:end])
        if FIRST_IS_LEAD.search(inner) or "牵头单位" in inner:
            first_is_lead = first_is_lead or bool(FIRST_IS_LEAD.search(inner))
            text = text[:start] + text[end:]
    units: list[ParsedUnit] = []
    for clause in text.split("\n") if "\n" in text else (text,):
        for part in split_depth0(clause, ",;"):
            folded = fold(part).strip(TRAILING)
            if "牵头" in folded and FIRST_IS_LEAD.search(folded):
                first_is_lead = True
                continue
            if SAME_BELOW.match(folded):
                continue
            body, suffix_role = role_suffix(part)
            clause_role = suffix_role if suffix_role is not None else role
            if role == UnitRole.LEAD and suffix_role == UnitRole.RESPONSIBLE:
                clause_role = UnitRole.LEAD
            for raw in split_depth0(body, "、/"):
                for piece in _split_joined(raw):
                    for name in _split_glued_names(clean_name(piece)):
                        if name and len(name) <= 60:
                            units.append(ParsedUnit(name=name, role=clause_role))
    return units, first_is_lead


_GLUED_NAMES = re.compile(
    r"(?<=[局委办院厅])(?=[区县市省][\u4e00-\u9fff]{1,20}(?:局|委|办|院|厅|中心)$)"
)


_GLUE_POINT = re.compile(r"[局委办院厅][区县市省]")


def _split_glued_names(name: str) -> list[str]:
    """Two names a bad copy glued together: ``区环境与国土资源局区规划局``."""
    if len(name) < 6 or not _GLUE_POINT.search(name, 2):
        return [name]
    cut = _GLUED_NAMES.search(fold(name))
    if cut is None or cut.start() < 3:
        return [name]
    left, right = name[: cut.start()], name[cut.start() :]
    if looks_like_unit(left) and looks_like_unit(right):
        return [left, *_split_glued_names(right)]
    return [name]


def shared_suffix_list(text: str) -> bool:
    """``金井、澳前片区开发管理局``: short names sharing the last one's unit word."""
    names = [name for name in (clean_name(n) for n in split_depth0(text, "、")) if name]
    return (
        len(names) >= 2
        and looks_like_unit(names[-1])
        and all(2 <= len(name) <= 6 and CJK.search(name) for name in names[:-1])
    )


def looks_like_unit_list(text: str, known: Collection[str] = ()) -> bool:
    """Whether ``text`` is a list of unit names (``X、Y和Z``) and nothing else."""
    names = [
        clean_name(piece)
        for raw in split_depth0(text, "、/,")
        for piece in split_unlabelled_joined(raw, known)
    ]
    names = [name for name in names if name]
    return bool(names) and all(looks_like_unit(name, known) for name in names)


def split_unlabelled_joined(name: str, known: Collection[str]) -> list[str]:
    """Split ``X等和各省级人民政府`` / ``X及Y`` when both sides are unit names."""
    folded = fold(name)
    for match in _JOINERS.finditer(folded):
        left, right = name[: match.start()], name[match.end() :]
        if looks_like_unit(clean_name(left), known) and looks_like_unit(clean_name(right), known):
            return [*split_unlabelled_joined(left, known), right]
    return [name]
