"""Responsible units printed with a task: the tags and label lines that name them.

Real documents name units in three ways: labelled tags and lines (``(责任单位:X、Y)``,
``牵头单位:X``), unlabelled tags at the end of a sentence (the State Council style:
``(国家卫生健康委负责)``, ``(X牵头,Y、Z参与)``), and table columns (tables.py). An unlabelled
bracket counts only when every name in it looks like a unit: it ends in a unit word, starts with
``各``, or is a name the bureau already knows.

The labels and role words are in unit_labels.py, what a name looks like and how a list of them
is split in unit_names.py.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from tracker.domain import UnitRole
from tracker.importing.deadlines import find_date_phrases
from tracker.importing.model import ParsedUnit
from tracker.importing.textnorm import fold
from tracker.importing.unit_labels import (
    DEADLINE_LABEL,
    FIRST_IS_LEAD,
    SAME_BELOW,
    TRAILING,
    UNIT_LABEL,
    apply_first_is_lead,
    find_labels,
    kind_role,
    role_suffix,
)
from tracker.importing.unit_names import (
    CJK,
    bracket_groups,
    clean_name,
    looks_like_unit,
    looks_like_unit_list,
    shared_suffix_list,
    split_depth0,
    split_names,
    split_unlabelled_joined,
)

__all__ = [
    # Defined in unit_labels.py and unit_names.py; outline.py, tables.py, flat_tables.py and
    # checks.py import them from here.
    "DEADLINE_LABEL",
    "UNIT_LABEL",
    "UnitTag",
    "apply_first_is_lead",
    "duties",
    "find_unit_tag",
    "labelled_units",
    "looks_like_unit",
    "split_names",
]


@dataclass
class UnitTag:
    """What one item says about its units and, in the same place, its deadline."""

    units: list[ParsedUnit] = field(default_factory=list)
    deadline_phrase: str | None = None
    #: Spans of the item text the tags occupy (left out of the title).
    spans: list[tuple[int, int]] = field(default_factory=list)
    #: The tag itself said the first unit leads ("列第一位的为牵头单位").
    first_is_lead: bool = False
    #: A person named by a label (牵头负责领导:张三, 责任人:李四), never a unit.
    leader: str | None = None
    owner: str | None = None

    @property
    def found(self) -> bool:
        """Whether any unit or deadline was found."""
        return bool(self.units) or self.deadline_phrase is not None


_SQUARE_TAG = re.compile(r"\[([^\[\]]{3,300})(?:\]|$)")


@dataclass
class _Group:
    """The units of one tag or one block of label lines, before the lead rule is applied."""

    units: list[ParsedUnit] = field(default_factory=list)
    first_is_lead: bool = False
    #: No role word (负责, 牵头, 参与 …) was printed: the names alone made it a tag.
    roles_unmarked: bool = True


def _parse_segments(text: str, tag: UnitTag, group: _Group) -> None:
    """Read labelled segments (牵头单位:…;配合单位:…;完成时限:…) from ``text``."""
    folded = fold(text)
    labels = find_labels(folded)
    if not labels:
        units, note = split_names(text, UnitRole.RESPONSIBLE)
        group.units.extend(units)
        group.first_is_lead = group.first_is_lead or note
        return
    leading = text[: labels[0].start()].strip(TRAILING)
    if leading and find_date_phrases(leading, None):
        tag.deadline_phrase = leading
    elif leading:
        units, note = split_names(leading, UnitRole.RESPONSIBLE)
        group.units.extend(units)
        group.first_is_lead = group.first_is_lead or note
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        value = text[match.end() : end].strip(TRAILING)
        kind = match.group("kind") or match.group("bare")
        if kind:
            units, note = split_names(value, kind_role(kind))
            group.units.extend(units)
            group.first_is_lead = group.first_is_lead or note
        elif match.group("duty"):
            group.units.extend(duties(value))
        elif match.group("person"):
            _set_person(tag, match.group("person"), value)
        elif value:
            tag.deadline_phrase = value


_DUTY_VERB = re.compile(
    r"(?P<verb>全力配合|协同配合|积极配合|配合|协助|参与|牵头|具体负责|负责|组织实施|"
    r"作为业主单位|业务检查指导|检查指导|督促指导|指导|各司其职|督促|落实)"
)
_SUPPORT_VERBS = frozenset({"全力配合", "协同配合", "积极配合", "配合", "协助", "参与"})


def duties(text: str, known: Collection[str] = ()) -> list[ParsedUnit]:
    """The bodies of a 责任分工 written in sentences, with the roles of their verbs.

    ``区规划局负责开展规划编制工作，所在乡镇人民政府组织实施,区直有关责任部门配合``: each clause
    that opens with unit names followed by what they do names units; ``配合`` makes them
    support, ``牵头`` lead, anything else (负责, 组织实施, 指导 …) responsible. A clause without
    names (``各司其职，协同配合``) gives its role to the names just before it.
    """
    units: list[ParsedUnit] = []
    last: list[ParsedUnit] = []
    for part in split_depth0(text, ",;。"):
        clause = part.strip().strip(TRAILING)
        if clause.startswith("由"):
            clause = clause[1:]
        verb = _DUTY_VERB.search(clause)
        if verb is None:
            last = []
            continue
        role = (
            UnitRole.SUPPORT
            if verb["verb"] in _SUPPORT_VERBS
            else UnitRole.LEAD if verb["verb"] == "牵头" else UnitRole.RESPONSIBLE
        )
        names_text = clause[: verb.start()]
        if not names_text.strip():
            for unit in last:
                unit.role = role
            continue
        if not looks_like_unit_list(names_text, known) and not shared_suffix_list(names_text):
            last = []
            continue
        found = [
            ParsedUnit(name, role)
            for raw in split_depth0(names_text, "、/")
            for name in (clean_name(piece) for piece in split_unlabelled_joined(raw, known))
            if name
        ]
        units.extend(found)
        last = found
    return units


def labelled_units(text: str) -> list[ParsedUnit] | None:
    """The units of a cell that labels them itself (``牵头单位:X;配合单位:Y``), or None."""
    if not UNIT_LABEL.search(fold(text)):
        return None
    tag = UnitTag()
    group = _Group()
    _parse_segments(text, tag, group)
    return group.units


def _set_person(tag: UnitTag, label: str, value: str) -> None:
    value = value.strip(TRAILING)
    if not value:
        return
    if "领导" in label:
        tag.leader = tag.leader or value
    else:
        tag.owner = tag.owner or value


def _unlabelled(inner: str, known: Collection[str]) -> tuple[_Group, str | None] | None:
    """Read a bracket without labels as a unit tag, or None when it is not one.

    ``(国家卫生健康委负责)``, ``(X、Y等和各省级人民政府负责)``, ``(X牵头,Y、Z参与)``,
    ``(X指导,Y负责)``, ``(工信部、公安部)``, with a note (``排在第一位的为牵头部门,下同``) or a
    deadline clause (``2024年底前完成``) among them.
    """
    folded = fold(inner)
    if len(folded) > 400 or not CJK.search(folded):
        return None
    group = _Group()
    deadlines: list[str] = []
    duties = False
    for part in split_depth0(inner, ",;\n。"):
        clause = fold(part).strip(TRAILING)
        if not clause:
            continue
        if FIRST_IS_LEAD.search(clause):
            group.first_is_lead = True
            continue
        if SAME_BELOW.match(clause):
            continue
        duty = _DUTY.match(clause)
        assigned = _ASSIGNED.search(clause)
        if duty and looks_like_unit_list(part[: duty.start("verb")], known):
            # "区财政金融局负责区政府采购系统的建设": the bodies before 负责 are the units.
            part = part[: duty.end("verb")]
            duties = True
        elif assigned and looks_like_unit_list(assigned["names"], known):
            # "…考评机制由区财政金融局牵头": the body after 由 takes that part of the work.
            part = assigned["names"] + assigned["verb"]
            duties = True
        body, role = role_suffix(part)
        names = [
            clean_name(piece)
            for raw in split_depth0(body, "、/")
            for piece in split_unlabelled_joined(raw, known)
        ]
        names = [name for name in names if name]
        if not names or not all(looks_like_unit(name, known) for name in names):
            phrases = find_date_phrases(part, None)
            if phrases and role is None:
                # "2016年4月底前完成": the date phrase, without the verb around it.
                deadlines.extend(phrase for phrase, _ in phrases)
                continue
            ongoing = _ONGOING_NOTE.search(clause)
            if ongoing and len(clause) <= 8:
                deadlines.append(part.strip()[ongoing.start() : ongoing.end()])
                continue
            if duties or group.units:
                continue  # the rest of a tag that shares out the work ("并实现…")
            return None
        group.units.extend(ParsedUnit(name, role or UnitRole.RESPONSIBLE) for name in names)
        group.roles_unmarked = group.roles_unmarked and role is None
    if not group.units:
        return None
    return group, ";".join(deadlines) or None


#: ``X负责<what>``: a body and its share of the work, inside a tag.
_DUTY = re.compile(r"^.{2,60}?(?P<verb>负责|牵头)(?=.{4,})")
_ONGOING_NOTE = re.compile(r"(?:持续推进|长期坚持|常态化推进|长期推进|持续开展)")
#: ``…由X牵头`` closing a clause of a tag.
_ASSIGNED = re.compile(r"由(?P<names>[^由]{2,60}?)(?P<verb>牵头|负责)$")


def find_unit_tag(
    text: str, *, first_is_lead: bool = False, known: Collection[str] = ()
) -> UnitTag:
    """Find the units (and a deadline given with them) printed in an item's text.

    Args:
        text: the item's text, label lines included.
        first_is_lead: the document says the first unit of a list leads; applied to each tag
            whose units all have the default role.
        known: unit names the bureau already knows, recognised in unlabelled tags whatever
            they end with.
    """
    tag = UnitTag()
    groups: list[_Group] = []
    folded = fold(text)
    for start, end in bracket_groups(folded):
        close = end - 1 if folded[end - 1] == ")" else end
        inner = text[start + 1 : close]
        inner_folded = folded[start + 1 : close]
        found_labels = find_labels(inner_folded) if ":" in inner_folded else []
        label = found_labels[0] if found_labels else None
        if label and (
            not inner_folded[: label.start()].strip(TRAILING)
            or (UNIT_LABEL.search(inner_folded) and find_date_phrases(inner[: label.start()], None))
            or _unlabelled(inner[: label.start()], known) is not None
        ):
            group = _Group()
            _parse_segments(inner, tag, group)
            groups.append(group)
            tag.spans.append((start, end))
        elif label is None and _at_tag_position(folded, start, end):
            found = _unlabelled(inner, known)
            if found is not None and not (
                found[0].roles_unmarked and not _after_sentence(folded, start)
            ):
                group, deadline = found
                groups.append(group)
                if deadline and tag.deadline_phrase is None:
                    tag.deadline_phrase = deadline
                tag.spans.append((start, end))
    for square in _SQUARE_TAG.finditer(folded) if "[" in folded else ():
        # "[牵头单位:县发改局;责任单位:各镇]": a tag in square brackets (【】, 〔〕 in print).
        closed = folded[square.end() - 1] == "]"
        inner = text[square.start() + 1 : square.end() - (1 if closed else 0)]
        if UNIT_LABEL.search(square.group(1)) and not any(
            start <= square.start() < end for start, end in tag.spans
        ):
            group = _Group()
            _parse_segments(inner, tag, group)
            groups.append(group)
            tag.spans.append(square.span())
    outside = _mask(folded, tag.spans) if tag.spans else folded
    block: _Group | None = None
    lines = _lines(outside) if ":" in outside and find_labels(outside) else []
    for line_start, line in lines:
        line_labels = find_labels(line) if ":" in line else []
        match = line_labels[0] if line_labels else None
        if match is None:
            block = None
            continue
        if match.start() and not re.search(r"[。;\s]$", line[: match.start()]):
            block = None
            continue
        segment_start = line_start + match.start()
        segment_end = line_start + len(line.rstrip())
        if block is None:
            block = _Group()
            groups.append(block)
        _parse_segments(text[segment_start:segment_end], tag, block)
        tag.spans.append((segment_start, segment_end))
    tag.first_is_lead = any(group.first_is_lead for group in groups)
    seen: set[str] = set()
    for group in groups:
        units = group.units
        if first_is_lead or group.first_is_lead:
            units = apply_first_is_lead(units)
        for unit in units:
            if unit.name not in seen:
                seen.add(unit.name)
                tag.units.append(unit)
    return tag


def _after_sentence(folded: str, start: int) -> bool:
    """Whether a bracket starts a sentence or line (``…体系。(X、Y)``), not glued to a word.

    ``乡镇(街道)`` and ``卫生健康委(局)`` explain the word before them: a bracket of bare
    names counts as a tag only where a sentence has ended.
    """
    before = folded[:start].rstrip(" \t")
    return not before or before[-1] in "。;!?\n”」』"


def _at_tag_position(folded: str, start: int, end: int) -> bool:
    """Whether a bracket sits where a tag does: closing a sentence, a paragraph or the text."""
    before = folded[:start].rstrip(" \t")
    after = folded[end:].lstrip(" \t")
    if not after or after[0] in "。.;\n(":
        return True
    return not before or before[-1] in "。;!?\n"


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
