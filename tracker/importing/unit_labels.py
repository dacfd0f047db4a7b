"""How a document says who does a task and by when, before it names anyone.

The labels (``牵头单位:``, ``配合单位:``, ``完成时限:``, ``责任人:``) and the role each gives, the
role words a list of names ends with (``X牵头``, ``Y配合``, ``Z负责``), and the note that the
first unit listed leads (``列第一位的为牵头单位``).
"""

from __future__ import annotations

import re

from tracker.domain import UnitRole
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


def find_labels(folded: str) -> list[re.Match[str]]:
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
#: ``下同``: the note above holds for what follows (not a name).
SAME_BELOW = re.compile(r"^(?:以)?下同$")

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
#: Punctuation and spaces trimmed off a label's value, a clause or a name.
TRAILING = " \t。.;,、:"


#: The last two characters of every role suffix: a clause ending otherwise has none.
_SUFFIX_ENDS = frozenset(
    {
        "牵头",
        "负责",
        "落实",
        "推进",
        "实施",
        "配合",
        "协助",
        "协办",
        "参与",
        "支持",
        "指导",
        "主办",
        "承办",
    }
)


def role_suffix(clause: str) -> tuple[str, UnitRole | None]:
    """Split the role word off the end of a clause (``X、Y牵头``), or return it whole and None."""
    folded = fold(clause).rstrip(TRAILING)
    if folded[-2:] not in _SUFFIX_ENDS:
        return clause, None
    for pattern, role in _SUFFIX_ROLES:
        match = pattern.search(folded)
        if match and match.start() > 0:
            return clause[: match.start()], role
    return clause, None


def kind_role(kind: str) -> UnitRole:
    """The role a unit label's kind word gives (牵头 leads, 配合 supports, 责任 is responsible)."""
    if kind in _LEAD_KINDS:
        return UnitRole.LEAD
    if kind in _SUPPORT_KINDS:
        return UnitRole.SUPPORT
    return UnitRole.RESPONSIBLE


def apply_first_is_lead(units: list[ParsedUnit]) -> list[ParsedUnit]:
    """Under "列第一位的为牵头单位": the first responsible unit leads, the others support."""
    if not units or any(unit.role != UnitRole.RESPONSIBLE for unit in units):
        return units
    return [
        ParsedUnit(unit.name, UnitRole.LEAD if index == 0 else UnitRole.SUPPORT)
        for index, unit in enumerate(units)
    ]
