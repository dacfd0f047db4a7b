"""Responsible units printed with a task: tags, label lines, roles, and the names in them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tracker.domain import UnitRole
from tracker.importing.deadlines import find_date_phrases
from tracker.importing.model import ParsedUnit
from tracker.importing.textnorm import fold

_UNIT_WORD = r"(?:单位|部门|处室|科室|股室|机构)"
_LABEL_ROLES = {
    "牵头": UnitRole.LEAD,
    "主责": UnitRole.LEAD,
    "配合": UnitRole.SUPPORT,
    "协办": UnitRole.SUPPORT,
    "协助": UnitRole.SUPPORT,
    "参与": UnitRole.SUPPORT,
    "参加": UnitRole.SUPPORT,
    "责任": UnitRole.RESPONSIBLE,
    "主办": UnitRole.RESPONSIBLE,
    "承办": UnitRole.RESPONSIBLE,
    "实施": UnitRole.RESPONSIBLE,
    "落实": UnitRole.RESPONSIBLE,
}
UNIT_LABEL = re.compile(r"(?P<kind>" + "|".join(_LABEL_ROLES) + r")" + _UNIT_WORD + r"\s*[:]\s*")
DEADLINE_LABEL = re.compile(
    r"(?:完成时限|时限要求|完成时间|时间要求|完成期限|时间节点|办结时限|完成日期|时限)\s*[:]\s*"
)
_ANY_LABEL = re.compile(UNIT_LABEL.pattern + "|" + DEADLINE_LABEL.pattern)

#: "列第一位的为牵头单位" and its variants: the first unit of a list leads.
FIRST_IS_LEAD = re.compile(
    r"(?:列|排|居)(?:在)?(?:第一|首)(?:位|个)?的?(?:单位|部门)?为牵头|第一(?:个|位)?(?:单位|部门)为牵头"
)

_SUFFIX_ROLES = [
    (re.compile(r"(?:分别|共同|负责)?牵头(?:负责|落实|推进)?$"), UnitRole.LEAD),
    (re.compile(r"(?:积极|共同)?(?:配合|协助|协办|参与)(?:落实|推进)?$"), UnitRole.SUPPORT),
    (
        re.compile(
            r"(?:按(?:照)?职责(?:分工)?(?:负责|落实)|按职能分工负责|分工负责|负责落实|负责)$"
        ),
        UnitRole.RESPONSIBLE,
    ),
]
_TRAILING = " \t。.;,、:"
_UNIT_SUFFIX = re.compile(
    r"(?:局|委|办|院|站|中心|股|科|室|所|队|会|部|厅|处|组|政府|单位|公司|学校|馆|团|社|署|集团|"
    r"街道|乡镇|社区|党委|纪委|机关)$"
)
_JOINERS = re.compile(r"[和及与]")


@dataclass
class UnitTag:
    """What one item says about its units and, in the same place, its deadline."""

    units: list[ParsedUnit] = field(default_factory=list)
    deadline_phrase: str | None = None
    #: Spans of the item text the tags occupy (left out of the title).
    spans: list[tuple[int, int]] = field(default_factory=list)
    #: The tag itself said the first unit leads ("列第一位的为牵头单位").
    first_is_lead: bool = False

    @property
    def found(self) -> bool:
        """Whether any unit or deadline was found."""
        return bool(self.units) or self.deadline_phrase is not None


_BRACKET = re.compile(r"[()]")


def _bracket_groups(folded: str) -> list[tuple[int, int]]:
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
    return groups


@lru_cache(maxsize=16)
def _separator_pattern(separators: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(separators)}]")


def _split_depth0(text: str, separators: str) -> list[str]:
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


def _role_suffix(clause: str) -> tuple[str, UnitRole | None]:
    folded = fold(clause).rstrip(_TRAILING)
    for pattern, role in _SUFFIX_ROLES:
        match = pattern.search(folded)
        if match and match.start() > 0:
            return clause[: match.start()], role
    return clause, None


def _split_joined(name: str) -> list[str]:
    """Split ``甲局和乙局`` into two names, but not ``卫生和计划生育委员会``."""
    folded = fold(name)
    for match in _JOINERS.finditer(folded):
        left, right = name[: match.start()], name[match.end() :]
        left_key = re.sub(r"\([^()]*\)$", "", fold(left).strip())
        if _UNIT_SUFFIX.search(left_key) and len(right.strip()) >= 2:
            return [*_split_joined(left), *_split_joined(right)]
    return [name]


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff()（）])\s+(?=[\u4e00-\u9fff()（）])")


def _clean_name(name: str) -> str:
    name = name.strip().strip(_TRAILING + "“”\"'")
    return " ".join(_CJK_GAP.sub("", name).split())


def split_names(text: str, role: UnitRole) -> tuple[list[ParsedUnit], bool]:
    """Split a list of units (``甲、乙牵头,丙配合``) into names with roles.

    Returns:
        The units, and whether a note in the list said the first one leads.
    """
    first_is_lead = False
    for start, end in reversed(_bracket_groups(fold(text))):
        inner = fold(text[start:end])
        if FIRST_IS_LEAD.search(inner) or "牵头单位" in inner:
            first_is_lead = first_is_lead or bool(FIRST_IS_LEAD.search(inner))
            text = text[:start] + text[end:]
    units: list[ParsedUnit] = []
    for clause in _split_depth0(text, ",;"):
        if FIRST_IS_LEAD.search(fold(clause)):
            first_is_lead = True
            continue
        body, suffix_role = _role_suffix(clause)
        clause_role = suffix_role if suffix_role is not None else role
        if role == UnitRole.LEAD and suffix_role == UnitRole.RESPONSIBLE:
            clause_role = UnitRole.LEAD
        for raw in _split_depth0(body, "、/"):
            for piece in _split_joined(raw):
                name = _clean_name(piece)
                if name and len(name) <= 60:
                    units.append(ParsedUnit(name=name, role=clause_role))
    return units, first_is_lead


def _parse_segments(text: str, tag: UnitTag, *, default_role: UnitRole) -> None:
    """Read labelled segments (牵头单位:…;配合单位:…;完成时限:…) from ``text``."""
    folded = fold(text)
    labels = list(_ANY_LABEL.finditer(folded))
    if not labels:
        units, note = split_names(text, default_role)
        tag.units.extend(units)
        tag.first_is_lead = tag.first_is_lead or note
        return
    leading = text[: labels[0].start()].strip(_TRAILING)
    if leading and find_date_phrases(leading, None):
        tag.deadline_phrase = leading
    elif leading:
        units, note = split_names(leading, default_role)
        tag.units.extend(units)
        tag.first_is_lead = tag.first_is_lead or note
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        value = text[match.end() : end].strip(_TRAILING)
        if match.group("kind"):
            units, note = split_names(value, _LABEL_ROLES[match.group("kind")])
            tag.units.extend(units)
            tag.first_is_lead = tag.first_is_lead or note
        elif value:
            tag.deadline_phrase = value


def _looks_like_unit_list(inner: str) -> bool:
    """``(X牵头,Y配合)`` — a bracket at the end of a task that names units without labels."""
    folded = fold(inner)
    if not re.search(r"牵头|配合|协办|按职责分工负责", folded):
        return False
    if re.search(r"[。]", folded) or len(folded) > 120:
        return False
    clauses = [c for c in _split_depth0(inner, ",;") if c.strip()]
    return all(_role_suffix(c)[1] is not None for c in clauses)


def find_unit_tag(text: str) -> UnitTag:
    """Find the units (and a deadline given with them) printed in an item's text."""
    tag = UnitTag()
    folded = fold(text)
    for start, end in _bracket_groups(folded):
        inner = text[start + 1 : end - 1]
        inner_folded = folded[start + 1 : end - 1]
        label = _ANY_LABEL.search(inner_folded)
        if label and (
            not inner_folded[: label.start()].strip(_TRAILING)
            or (UNIT_LABEL.search(inner_folded) and find_date_phrases(inner[: label.start()], None))
        ):
            _parse_segments(inner, tag, default_role=UnitRole.RESPONSIBLE)
            tag.spans.append((start, end))
        elif _at_end(folded, end) and _looks_like_unit_list(inner):
            units, note = split_names(inner, UnitRole.RESPONSIBLE)
            tag.units.extend(units)
            tag.first_is_lead = tag.first_is_lead or note
            tag.spans.append((start, end))
    outside = _mask(folded, tag.spans)
    for line_start, line in _lines(outside):
        match = _ANY_LABEL.search(line)
        if match is None:
            continue
        if match.start() and not re.search(r"[。;\s]$", line[: match.start()]):
            continue
        segment_start = line_start + match.start()
        segment_end = line_start + len(line.rstrip())
        _parse_segments(text[segment_start:segment_end], tag, default_role=UnitRole.RESPONSIBLE)
        tag.spans.append((segment_start, segment_end))
    return tag


def _at_end(folded: str, end: int) -> bool:
    rest = folded[end:]
    return not rest.strip(" \t。.;\n") or bool(re.match(r"^[。.;\s]*$", rest))


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for index in range(start, end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def _lines(text: str) -> list[tuple[int, str]]:
    result, offset = [], 0
    for line in text.split("\n"):
        result.append((offset, line))
        offset += len(line) + 1
    return result


def apply_first_is_lead(units: list[ParsedUnit]) -> list[ParsedUnit]:
    """Under "列第一位的为牵头单位": the first responsible unit leads, the others support."""
    if not units or any(unit.role != UnitRole.RESPONSIBLE for unit in units):
        return units
    return [
        ParsedUnit(unit.name, UnitRole.LEAD if index == 0 else UnitRole.SUPPORT)
        for index, unit in enumerate(units)
    ]
