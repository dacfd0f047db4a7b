"""One document's numbered entries as a tree, and the walk that turns it into items and headings.

The tree follows the standard hierarchy of labels; tables hang under the entry they follow. The
walk decides what each entry is (LABELLING.md): an item, a heading, framing text about goals or
principles, or text the review screen shows as unassigned.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from tracker.importing.blocks import Table
from tracker.importing.document_metadata import heading_text
from tracker.importing.entries import Entry
from tracker.importing.item_fields import item_from_text
from tracker.importing.model import ParsedDocument, ParsedItem
from tracker.importing.notice import (
    ATTACHMENT,
    closing_requests,
    is_attachment_name,
    is_signature,
)
from tracker.importing.outline import Label, LabelKind, match_label
from tracker.importing.tables import find_layout, table_items
from tracker.importing.textnorm import fold
from tracker.importing.unit_labels import FIRST_IS_LEAD
from tracker.importing.units import UnitTag, find_unit_tag

_FRAMING = re.compile(
    r"指导思想|基本原则|工作原则|总体要求|总体思路|总体目标|主要目标|工作目标|发展目标|建设目标|"
    r"预期目标|目标任务|目标要求|^目标$|保障措施|组织实施|工作要求|组织保障|组织领导|实施步骤|工作步骤|"
    r"进度安排|时间安排|资金安排|资金来源|解读|编制依据|适用范围|整合范围|"
    r"(?:和|与|及)目标$|(?:实施|组织|要素|工作)保障$|保障机制$|"
    r"整治(?:对象|范围|内容|目标|时间)|(?:工作|实施|开展|活动)(?:对象|范围|时间)|方法步骤|"
    r"步骤安排|时间步骤|^(?:成果|督查|监督|绩效)?考核(?:办法|机制|评估|奖惩|问责)?$|"
    r"组织机构|机构设置|分工原则|^.{0,6}原则$|^.{0,6}目标$|督促检查$"
)
#: A paragraph closed by a bracket: ``…(区卫健局负责)。``.
_TAGGED_END = re.compile(r"\)\s*[。.;]?\s*$")


@dataclass
class EntryNode:
    """A numbered entry (the root: the text before the first one) and what hangs under it."""

    label: Label | None
    lines: list[str] = field(default_factory=list)
    children: list[EntryNode] = field(default_factory=list)
    parent: EntryNode | None = None
    #: Items made from tables under this entry.
    table_items: list[ParsedItem] = field(default_factory=list)
    #: A rule such as "列第一位的为牵头单位" was printed before this entry or in it.
    lead_rule: bool = False

    @property
    def rank(self) -> int:
        """The entry's level in the hierarchy of labels (-1 for the root)."""
        return -1 if self.label is None else int(self.label.kind)

    @property
    def heading_text(self) -> str:
        """The entry's first line as a heading, without a paragraph glued after it."""
        return heading_text(self.lines[0]) if self.lines else ""

    @property
    def own_text(self) -> str:
        """The entry's first paragraph without its label."""
        if not self.lines or self.label is None:
            return ""
        return self.lines[0][self.label.text_start :]


@dataclass
class DocumentState:
    """What the outline and the walk of one document share."""

    #: The year dates without one are read in (成文日期, or the year in the title).
    year: int | None
    #: The day periods (印发之日起30日内, 5个工作日内) count from: 印发 date, else 成文日期.
    anchor: date | None = None
    #: Unit names the bureau already knows (recognised in unlabelled tags).
    known: Collection[str] = ()
    #: The lead rule has been printed somewhere above the current position.
    lead_rule: bool = False

    #: Tags already read, for the outline's repeated questions about the same entries.
    tags: dict[str, UnitTag] = field(default_factory=dict)

    def tag(self, text: str) -> UnitTag:
        """The units printed in ``text`` (read once per text; not for building items)."""
        found = self.tags.get(text)
        if found is None:
            found = self.tags[text] = find_unit_tag(text, known=self.known)
        return found


def build_outline(
    entries: list[Entry], state: DocumentState, notice: set[int] | None = None
) -> tuple[EntryNode, list[str]]:
    """Build the tree of numbered entries; return it and the signature lines at the end."""
    root = EntryNode(label=None)
    stack = [root]
    body = list(entries)
    signature: list[str] = []
    while body and isinstance(body[-1], str) and is_signature(body[-1]) and len(body) > 1:
        signature.insert(0, body.pop())  # type: ignore[arg-type]
    attachment_list = False
    for position, entry in enumerate(body):
        if isinstance(entry, Table):
            _attach_table(entry, stack, state)
            continue
        if notice and position in notice:
            root.lines.append(entry)  # the covering notice's own numbered requests
            continue
        if attachment_list and is_attachment_name(entry):
            root.lines.append(entry)  # "2.…申请表": the names of the attachments
            continue
        attachment_list = False
        label = match_label(entry)
        if label is None and _starts_new_task(entry, stack[-1], state):
            previous = stack[-1].label
            assert previous is not None
            label = Label(kind=previous.kind, value=previous.value, number="", text_start=0)
        rule_here = bool(FIRST_IS_LEAD.search(fold(entry)))
        if label is None and ATTACHMENT.match(fold(entry)):
            # "附件:…任务分解表": an attachment starts; nothing above it goes on into it.
            del stack[1:]
            root.lines.append(entry)
            attachment_list = bool(re.search(r"[:]\s*(?:1\s*[.、]|$)", fold(entry).strip()))
            continue
        if label is None:
            stack[-1].lines.append(entry)
            stack[-1].lead_rule = stack[-1].lead_rule or rule_here
        else:
            while len(stack) > 1 and stack[-1].rank >= label.kind:
                stack.pop()
            node = EntryNode(
                label=label, lines=[entry], parent=stack[-1], lead_rule=state.lead_rule or rule_here
            )
            stack[-1].children.append(node)
            stack.append(node)
        # Stated once, the rule holds from here to the end of the document ("下同").
        state.lead_rule = state.lead_rule or rule_here
    last = stack[-1]
    if last.label is not None and not last.children:
        signature[:0] = closing_requests(last.lines)
    return root, signature


def _starts_new_task(paragraph: str, current: EntryNode, state: DocumentState) -> bool:
    """Tell whether an unnumbered paragraph is a task of its own.

    It is when it names its own units right after an item that already named its own.
    """
    if current.label is None or current.children or not _TAGGED_END.search(fold(paragraph)):
        return False
    if not state.tag(paragraph).units:
        return False
    return bool(state.tag("\n".join(current.lines)).units)


def _attach_table(table: Table, stack: list[EntryNode], state: DocumentState) -> None:
    layout = find_layout(table)
    if layout is None:
        for row in table.rows:
            cells = [cell.strip() for cell in row if cell.strip()]
            if cells:
                stack[-1].lines.append(" ".join(dict.fromkeys(cells)))
        return
    path = [node.heading_text for node in stack[1:]]
    items, unused = table_items(
        table,
        layout,
        heading_path=path,
        base_year=state.year,
        anchor=state.anchor,
        first_is_lead=state.lead_rule,
    )
    stack[-1].table_items.extend(items)
    stack[-1].lines.extend(unused)


def _is_framing(node: EntryNode) -> bool:
    text = fold(heading_text(node.own_text)).strip(" 。.,;:")
    return len(text) <= 16 and bool(_FRAMING.search(text))


def collect(
    node: EntryNode,
    document: ParsedDocument,
    state: DocumentState,
    path: list[str],
    unassigned: list[str],
    *,
    framing: bool,
) -> None:
    """Walk the outline in order, turning entries into items and headings."""
    framing = framing or (node.label is not None and _is_framing(node))
    has_children = bool(node.children or node.table_items)
    if node.label is not None and _shares_closing_tag(node, state):
        document.items.append(_item(node, path, state, lines=_all_lines(node)))
        return
    if node.label is None:
        for line in node.lines:
            if _TAGGED_END.search(fold(line)) and state.tag(line).units and len(line) > 8:
                # The rest of a task begun on an earlier page, closed by its own tag.
                document.items.append(
                    item_from_text(
                        line.strip(),
                        heading_path=path,
                        base_year=state.year,
                        anchor=state.anchor,
                        first_is_lead=state.lead_rule,
                        known_units=state.known,
                    )
                )
            else:
                unassigned.append(line)
    elif (not has_children and not framing) or (
        (framing or has_children) and state.tag("\n".join(node.lines)).units
    ):
        document.items.append(_item(node, path, state))
    elif framing and not has_children:
        unassigned.extend(node.lines)
    else:
        heading = node.heading_text
        rest = node.lines[0][len(heading) :].strip()
        if rest:
            unassigned.append(rest)
        unassigned.extend(node.lines[1:])
    child_path = path if node.label is None else [*path, node.heading_text]
    document.items.extend(node.table_items)
    before = len(document.items)
    for child in node.children:
        collect(child, document, state, child_path, unassigned, framing=framing)
    if (
        node.label is not None
        and has_children
        and len(document.items) == before
        and (not node.table_items)
    ):
        # A heading with no item under it is shown as unplaced text, not lost.
        unassigned.append(node.heading_text)


def _shares_closing_tag(node: EntryNode, state: DocumentState) -> bool:
    """Whether an entry's sub-points share one unit tag printed after the last of them.

    ``1.加强X。(1)…(2)…(3)…(县卫健局负责)``: the sub-points are parts of one task. Sub-points
    with tags of their own are tasks of their own, and so are numbered entries (``1.`` under
    ``(一)``) unless the shared tag stands on a line of its own after them.
    """
    children = node.children
    if len(children) < 2 or node.table_items or any(c.children or c.table_items for c in children):
        return False
    assert node.label is not None
    if node.label.kind < LabelKind.SECTION or state.tag("\n".join(node.lines)).units:
        return False
    if any(state.tag("\n".join(child.lines)).units for child in children[:-1]):
        return False
    last = children[-1]
    if not state.tag("\n".join(last.lines)).units:
        return False
    if all(child.rank >= LabelKind.SUBITEM for child in children):
        return True
    closing = last.lines[-1] if len(last.lines) > 1 else ""
    if closing and _is_tag_line(closing, state):
        return True
    # Numbered entries under a section, only the last closed by a tag: in a document whose
    # tasks carry tags, the tag is the section's (the plans that list 1.…7. under (五) and
    # print one 责任单位 after them).
    return len(children) >= 2 and _TAGGED_END.search(fold(last.lines[-1])) is not None


def _is_tag_line(line: str, state: DocumentState) -> bool:
    """Whether a line holds nothing but a unit tag (``(县卫健局负责)``, ``责任单位:…``)."""
    tag = state.tag(line)
    if not tag.units:
        return False
    covered = sum(end - start for start, end in tag.spans)
    return covered >= len(line.strip()) - 2


def _all_lines(node: EntryNode) -> list[str]:
    lines = list(node.lines)
    for child in node.children:
        lines.extend(_all_lines(child))
    return lines


def _item(
    node: EntryNode, path: list[str], state: DocumentState, lines: list[str] | None = None
) -> ParsedItem:
    assert node.label is not None
    content = "\n".join(line.strip() for line in (lines if lines is not None else node.lines))
    item = item_from_text(
        content,
        heading_path=path,
        base_year=state.year,
        anchor=state.anchor,
        first_is_lead=node.lead_rule,
        known_units=state.known,
    )
    item.number = node.label.number or None
    return item
