"""Responsible units printed with a task: tags, label lines, roles, and the names in them.

Real documents name units in three ways: labelled tags and lines (``(责任单位:X、Y)``,
``牵头单位:X``), unlabelled tags at the end of a sentence (the State Council style:
``(国家卫生健康委负责)``, ``(X牵头,Y、Z参与)``), and table columns (tables.py). An unlabelled
bracket counts only when every name in it looks like a unit: it ends in a unit word, starts with
``各``, or is a name the bureau already knows.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from tracker.domain import UnitRole
from tracker.importing.deadlines import find_date_phrases
from tracker.importing.model import ParsedUnit
from tracker.importing.textnorm import fold

_UNIT_WORD = r"(?:单位|部门|处室|科室|股室|机构|主体)"
_LEAD_KINDS = ("牵头", "主责")
_SUPPORT_KINDS = ("配合", "协办", "协助", "参与", "参加", "协作", "协同")
_RESPONSIBLE_KINDS = ("责任", "负责", "主办", "承办", "实施", "落实", "主体")
_LABEL_KIND = "|".join((*_LEAD_KINDS, *_SUPPORT_KINDS, *_RESPONSIBLE_KINDS))
#: ``牵头单位:``, ``牵头责任单位:``, ``主要协作单位:``, ``协同责任单位:``, ``责任股室:`` …, and the bare
#: ``牵头:`` / ``配合:`` of a tag.
UNIT_LABEL = re.compile(
    r"(?:主要)?(?P<kind>" + _LABEL_KIND + r")(?:负责|责任)?" + _UNIT_WORD + r"\s*[:]\s*"
    r"|(?<![\u4e00-\u9fff])(?P<bare>牵头|配合|协办|参与)\s*[:]\s*"
    r"|(?P<duty>责任分工|工作分工|任务分工)\s*[:]\s*"
)
DEADLINE_LABEL = re.compile(
    r"(?:完成时限|时限要求|完成时间|时间要求|完成期限|时间节点|办结时限|完成日期|时限)\s*[:]\s*"
)
#: Labels naming people (the leader in charge, the person responsible): never units.
PERSON_LABEL = re.compile(
    r"(?P<person>(?:牵头)?(?:负责|责任|分管|包保|联系|牵头|主要)?领导|责任人|联系人|负责人|经办人)"
    r"\s*[:]\s*"
)
_ANY_LABEL = re.compile(
    UNIT_LABEL.pattern + "|" + DEADLINE_LABEL.pattern + "|" + PERSON_LABEL.pattern
)
#: Every label ends with a colon; the longest runs this far before it.
_LABEL_REACH = 12


def _labels(folded: str) -> list[re.Match[str]]:
    """The labels (责任单位:, 完成时限:, 牵头负责领导: …) in folded text, in order.

    Searched for only just before each colon: the whole pattern tried at every position of
    every item's text was the parser's largest cost.
    """
    found: list[re.Match[str]] = []
    colon = folded.find(":")
    while colon >= 0:
        start = max(found[-1].end() if found else 0, colon - _LABEL_REACH)
        match = _ANY_LABEL.search(folded, start, colon + 1)
        if match is not None:
            # A following value's spaces belong to the label's match in the full pattern.
            full = _ANY_LABEL.match(folded, match.start())
            found.append(full if full is not None else match)
        colon = folded.find(":", colon + 1)
    return found

#: "列第一位的为牵头单位" and its variants: the first unit of a list leads.
FIRST_IS_LEAD = re.compile(
    r"(?:列|排|居|位)\s*(?:在|于|名|序)?\s*(?:第一|首)\s*(?:位|个|名)?\s*(?:的|者)?\s*"
    r"(?:责任)?(?:单位|部门)?\s*(?:为|是)\s*牵头"
    r"|第一\s*(?:个|位)?\s*(?:责任)?(?:单位|部门)\s*(?:为|是)\s*牵头"
)
_SAME_BELOW = re.compile(r"^(?:以)?下同$")

_SUFFIX_ROLES = [
    (re.compile(r"(?:分别|共同|负责)?牵头(?:负责|落实|推进|实施)?$"), UnitRole.LEAD),
    (
        re.compile(r"(?:积极|共同|负责)?(?:配合|协助|协办|参与|支持)(?:落实|推进|实施)?$"),
        UnitRole.SUPPORT,
    ),
    (
        re.compile(
            r"(?:按(?:照)?(?:职责|职能)(?:分工)?(?:负责|落实)|分工负责|负责落实|负责推进|负责实施|"
            r"负责|指导|督促指导|组织实施|落实|主办|承办)$"
        ),
        UnitRole.RESPONSIBLE,
    ),
]
_TRAILING = " \t。.;,、:"
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
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ETC = re.compile(r"(?:等|等等)$")
_ETC_GROUP = re.compile(
    r"等(?:区直|市直|县直|省直)?(?:相关|有关|其他|各)?(?:部门|单位|机构|部门单位)$"
)


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


_BRACKET = re.compile(r"[()]")
_SQUARE_TAG = re.compile(r"\[([^\[\]]{3,300})(?:\]|$)")


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
    if depth and "\n" not in folded[start:]:
        # A tag cut off by the end of a truncated copy: "(牵头单位:市人力资源社会保".
        groups.append((start, len(folded)))
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


#: The last two characters of every role suffix: a clause ending otherwise has none.
_SUFFIX_ENDS = frozenset(
    {"牵头", "负责", "落实", "推进", "实施", "配合", "协助", "协办", "参与", "支持", "指导", "主办", "承办"}
)


def _role_suffix(clause: str) -> tuple[str, UnitRole | None]:
    folded = fold(clause).rstrip(_TRAILING)
    if folded[-2:] not in _SUFFIX_ENDS:
        return clause, None
    for pattern, role in _SUFFIX_ROLES:
        match = pattern.search(folded)
        if match and match.start() > 0:
            return clause[: match.start()], role
    return clause, None


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


def _clean_name(name: str) -> str:
    name = name.strip().strip(_TRAILING + "“”\"'")
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
    if not 2 <= len(key) <= 30 or not _CJK.search(key):
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
    for start, end in reversed(_bracket_groups(fold(text))):
        inner = fold(text[start:end])
        if FIRST_IS_LEAD.search(inner) or "牵头单位" in inner:
            first_is_lead = first_is_lead or bool(FIRST_IS_LEAD.search(inner))
            text = text[:start] + text[end:]
    units: list[ParsedUnit] = []
    for clause in text.split("\n") if "\n" in text else (text,):
        for part in _split_depth0(clause, ",;"):
            folded = fold(part).strip(_TRAILING)
            if "牵头" in folded and FIRST_IS_LEAD.search(folded):
                first_is_lead = True
                continue
            if _SAME_BELOW.match(folded):
                continue
            body, suffix_role = _role_suffix(part)
            clause_role = suffix_role if suffix_role is not None else role
            if role == UnitRole.LEAD and suffix_role == UnitRole.RESPONSIBLE:
                clause_role = UnitRole.LEAD
            for raw in _split_depth0(body, "、/"):
                for piece in _split_joined(raw):
                    for name in _split_glued_names(_clean_name(piece)):
                        if name and len(name) <= 60:
                            units.append(ParsedUnit(name=name, role=clause_role))
    return units, first_is_lead


_GLUED_NAMES = re.compile(r"(?<=[局委办院厅])(?=[区县市省][\u4e00-\u9fff]{1,20}(?:局|委|办|院|厅|中心)$)")


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
    labels = _labels(folded)
    if not labels:
        units, note = split_names(text, UnitRole.RESPONSIBLE)
        group.units.extend(units)
        group.first_is_lead = group.first_is_lead or note
        return
    leading = text[: labels[0].start()].strip(_TRAILING)
    if leading and find_date_phrases(leading, None):
        tag.deadline_phrase = leading
    elif leading:
        units, note = split_names(leading, UnitRole.RESPONSIBLE)
        group.units.extend(units)
        group.first_is_lead = group.first_is_lead or note
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        value = text[match.end() : end].strip(_TRAILING)
        kind = match.group("kind") or match.group("bare")
        if kind:
            units, note = split_names(value, _kind_role(kind))
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
    for part in _split_depth0(text, ",;。"):
        clause = part.strip().strip(_TRAILING)
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
        if not looks_like_unit_list(names_text, known) and not _shared_suffix_list(names_text):
            last = []
            continue
        found = [
            ParsedUnit(name, role)
            for raw in _split_depth0(names_text, "、/")
            for name in (_clean_name(piece) for piece in _split_unlabelled_joined(raw, known))
            if name
        ]
        units.extend(found)
        last = found
    return units


def _shared_suffix_list(text: str) -> bool:
    """``金井、澳前片区开发管理局``: short names sharing the last one's unit word."""
    names = [name for name in (_clean_name(n) for n in _split_depth0(text, "、")) if name]
    return (
        len(names) >= 2
        and looks_like_unit(names[-1])
        and all(2 <= len(name) <= 6 and _CJK.search(name) for name in names[:-1])
    )


def labelled_units(text: str) -> list[ParsedUnit] | None:
    """The units of a cell that labels them itself (``牵头单位:X;配合单位:Y``), or None."""
    if not UNIT_LABEL.search(fold(text)):
        return None
    tag = UnitTag()
    group = _Group()
    _parse_segments(text, tag, group)
    return group.units


def _kind_role(kind: str) -> UnitRole:
    if kind in _LEAD_KINDS:
        return UnitRole.LEAD
    if kind in _SUPPORT_KINDS:
        return UnitRole.SUPPORT
    return UnitRole.RESPONSIBLE


def _set_person(tag: UnitTag, label: str, value: str) -> None:
    value = value.strip(_TRAILING)
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
    if len(folded) > 400 or not _CJK.search(folded):
        return None
    group = _Group()
    deadlines: list[str] = []
    duties = False
    for part in _split_depth0(inner, ",;\n。"):
        clause = fold(part).strip(_TRAILING)
        if not clause:
            continue
        if FIRST_IS_LEAD.search(clause):
            group.first_is_lead = True
            continue
        if _SAME_BELOW.match(clause):
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
        body, role = _role_suffix(part)
        names = [
            _clean_name(piece)
            for raw in _split_depth0(body, "、/")
            for piece in _split_unlabelled_joined(raw, known)
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


def looks_like_unit_list(text: str, known: Collection[str] = ()) -> bool:
    """Whether ``text`` is a list of unit names (``X、Y和Z``) and nothing else."""
    names = [
        _clean_name(piece)
        for raw in _split_depth0(text, "、/,")
        for piece in _split_unlabelled_joined(raw, known)
    ]
    names = [name for name in names if name]
    return bool(names) and all(looks_like_unit(name, known) for name in names)


def _split_unlabelled_joined(name: str, known: Collection[str]) -> list[str]:
    """Split ``X等和各省级人民政府`` / ``X及Y`` when both sides are unit names."""
    folded = fold(name)
    for match in _JOINERS.finditer(folded):
        left, right = name[: match.start()], name[match.end() :]
        if looks_like_unit(_clean_name(left), known) and looks_like_unit(
            _clean_name(right), known
        ):
            return [*_split_unlabelled_joined(left, known), right]
    return [name]


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
    for start, end in _bracket_groups(folded):
        close = end - 1 if folded[end - 1] == ")" else end
        inner = text[start + 1 : close]
        inner_folded = folded[start + 1 : close]
        found_labels = _labels(inner_folded) if ":" in inner_folded else []
        label = found_labels[0] if found_labels else None
        if label and (
            not inner_folded[: label.start()].strip(_TRAILING)
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
    lines = _lines(outside) if ":" in outside and _labels(outside) else []
    for line_start, line in lines:
        line_labels = _labels(line) if ":" in line else []
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


def apply_first_is_lead(units: list[ParsedUnit]) -> list[ParsedUnit]:
    """Under "列第一位的为牵头单位": the first responsible unit leads, the others support."""
    if not units or any(unit.role != UnitRole.RESPONSIBLE for unit in units):
        return units
    return [
        ParsedUnit(unit.name, UnitRole.LEAD if index == 0 else UnitRole.SUPPORT)
        for index, unit in enumerate(units)
    ]
