"""What a clerk should look at before storing an import: items the importer may have got wrong.

The same checks feed the review screen (a mark on each item, a count at the top) and the
``warnings`` of ``import --dry-run --json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from tracker.importing.model import ParsedDocument, ParsedItem, ParseResult
from tracker.importing.textnorm import fold
from tracker.importing.units import looks_like_unit


class ConcernKind(Enum):
    """Why an item deserves a look."""

    NO_UNIT = "no_unit"
    ODD_UNIT = "odd_unit"
    GENERIC_TITLE = "generic_title"
    EARLY_DEADLINE = "early_deadline"


@dataclass(frozen=True)
class Concern:
    """One reason to look at an item, in the clerk's words."""

    kind: ConcernKind
    message: str


#: Titles that say what kind of paragraph it is rather than what is to be done.
_GENERIC_TITLE = re.compile(
    r"^(?:主要|重点|具体|工作|建设|配套|推进|保障|目标|实施)?"
    r"(?:任务|措施|举措|内容|事项|要求|工作|安排|目标)(?:清单|分解)?$"
)


def is_generic_title(title: str) -> bool:
    """Whether a title such as ``建设任务`` or ``配套措施`` says nothing about the task."""
    return bool(_GENERIC_TITLE.match(fold(title).strip(" 。.,;:")))


def display_title(item: ParsedItem) -> str:
    """The title as shown: a generic one with the heading it sits under (``建设任务(一、…)``)."""
    if is_generic_title(item.title) and item.heading_path:
        return f"{item.title}({item.heading_path[-1]})"
    return item.title


def item_concerns(item: ParsedItem, document: ParsedDocument) -> list[Concern]:
    """What may be wrong with one item."""
    concerns = []
    if not item.units:
        concerns.append(Concern(ConcernKind.NO_UNIT, "未识别责任单位"))
    odd = [unit.name for unit in item.units if not looks_like_unit(unit.name)]
    if odd:
        concerns.append(
            Concern(ConcernKind.ODD_UNIT, "不像单位名称:" + "、".join(f"“{name}”" for name in odd))
        )
    if is_generic_title(item.title):
        concerns.append(Concern(ConcernKind.GENERIC_TITLE, "标题过于笼统,请改为任务内容"))
    if document.date and item.due_date and item.due_date < document.date:
        concerns.append(
            Concern(
                ConcernKind.EARLY_DEADLINE,
                f"完成时限({item.deadline_text})早于成文日期,请核对年份",
            )
        )
    return concerns


def summary(result: ParseResult) -> str:
    """The count at the top of the review: ``共 N 项,其中 M 项未识别责任单位``."""
    items = [item for document in result.documents for item in document.items]
    without = sum(1 for item in items if not item.units)
    text = f"共 {len(items)} 项"
    if without:
        text += f",其中 {without} 项未识别责任单位"
    return text


def warnings(result: ParseResult) -> list[str]:
    """The checks as lines of text, for the command line's ``warnings``."""
    lines: list[str] = []
    items = [(document, item) for document in result.documents for item in document.items]
    if any(not item.units for _, item in items):
        numbers = [item.number or item.title[:8] for _, item in items if not item.units]
        shown = "、".join(numbers[:20]) + ("等" if len(numbers) > 20 else "")
        lines.append(f"{summary(result)}:{shown}。")
    for document, item in items:
        for concern in item_concerns(item, document):
            if concern.kind is not ConcernKind.NO_UNIT:
                lines.append(f"“{display_title(item)}”:{concern.message}。")
    return lines
