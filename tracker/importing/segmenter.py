"""From paragraphs and tables to documents, headings and items.

The rules are written down in tests/fixtures/LABELLING.md; in short: numbered entries form an
outline in the standard hierarchy; an entry with entries below it is a heading, one without is an
item (with the unnumbered paragraphs after it), an entry naming its units is an item wherever it
sits, and sections about goals, principles or guarantees hold no items. Everything that is
neither an item nor a heading is returned as unassigned, so the review screen can show it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from tracker.importing import checks, deadlines
from tracker.importing.blocks import Block, Paragraph, Table
from tracker.importing.flat_tables import rebuild_tables
from tracker.importing.model import ParsedDocument, ParsedItem, ParseResult
from tracker.importing.noise import is_noise, starts_footer, strip_noise_prefix
from tracker.importing.outline import (
    Label,
    LabelKind,
    match_label,
    reflow,
    repair_page_breaks,
    split_glued,
)
from tracker.importing.script import simplify_blocks
from tracker.importing.tables import find_layout, table_items
from tracker.importing.textnorm import fold, split_lines, strip_controls
from tracker.importing.titles import lead_sentence
from tracker.importing.units import (
    DEADLINE_LABEL,
    FIRST_IS_LEAD,
    UNIT_LABEL,
    UnitTag,
    find_unit_tag,
)

_PIECE_MARK = re.compile(r"^.{1,60}?\s*篇\s*[一二三四五六七八九十\d]{1,3}\s*$")
_FRAMING = re.compile(
    r"指导思想|基本原则|工作原则|总体要求|总体思路|总体目标|主要目标|工作目标|发展目标|建设目标|"
    r"预期目标|目标任务|目标要求|^目标$|保障措施|组织实施|工作要求|组织保障|组织领导|实施步骤|工作步骤|"
    r"进度安排|时间安排|资金安排|资金来源|解读|编制依据|适用范围|整合范围|"
    r"(?:和|与|及)目标$|(?:实施|组织|要素|工作)保障$|保障机制$|"
    r"整治(?:对象|范围|内容|目标|时间)|(?:工作|实施|开展|活动)(?:对象|范围|时间)|方法步骤|"
    r"步骤安排|时间步骤|^(?:成果|督查|监督|绩效)?考核(?:办法|机制|评估|奖惩|问责)?$|"
    r"组织机构|机构设置|分工原则|^.{0,6}原则$|^.{0,6}目标$|督促检查$"
)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[\[(]\s*\d{4}\s*[\])]\s*\d{1,4}\s*号")
_DATE_LINE = re.compile(
    r"^(?P<issuer>.{0,30}?)\s*(?P<y>20\d{2})\s*年\s*(?P<m>\d{1,2})\s*月"
    r"\s*(?P<d>\d{1,2})\s*日\s*$"
)
_ISSUER = re.compile(
    r"(?:委员会|管委会|卫生健康局|卫健局|卫健委|人民政府|政府办公室|办公室|办公厅|"
    r"局|委|厅|部|中心|领导小组)$"
)
_TITLE_WORDS = re.compile(
    r"要点|方案|计划|意见|通知|办法|细则|清单|安排|规划|任务|分解|措施|台账|"
    r"决定|纲要|规定|要求|总结"
)
_BOOK_TITLE = re.compile(r"印发.{0,6}《(?P<title>[^》]{4,60})》")
_YEAR = re.compile(r"(20\d{2})\s*年")


@dataclass
class _Node:
    label: Label | None
    lines: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None
    #: Items made from tables under this entry.
    table_items: list[ParsedItem] = field(default_factory=list)
    #: A rule such as "列第一位的为牵头单位" was printed before this entry or in it.
    lead_rule: bool = False

    @property
    def rank(self) -> int:
        return -1 if self.label is None else int(self.label.kind)

    @property
    def heading_text(self) -> str:
        return _heading_text(self.lines[0]) if self.lines else ""

    @property
    def own_text(self) -> str:
        """The entry's first paragraph without its label."""
        if not self.lines or self.label is None:
            return ""
        return self.lines[0][self.label.text_start :]


@dataclass
class _DocumentState:
    year: int | None
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


def parse_blocks(
    blocks: Iterable[Block],
    source_name: str | None = None,
    *,
    known_units: Collection[str] = (),
) -> ParseResult:
    """Find the documents, headings and items in a file's paragraphs and tables.

    Args:
        blocks: the file's paragraphs and tables in body order.
        source_name: the file's name, for messages.
        known_units: names of units the bureau already knows (its directory and aliases):
            an unlabelled bracket holding them is a unit tag whatever the names end with.
    """
    result = ParseResult(source_name=source_name)
    block_list, converted = simplify_blocks(list(blocks))
    if converted:
        result.warnings.append("文件为繁体字,已按简体字读取。")
    entries = _prepare(block_list)
    pieces = _split_documents(entries)
    for index, (title_line, piece_entries) in enumerate(pieces):
        document, unassigned = _parse_document(
            title_line, piece_entries, result.warnings, known_units
        )
        if document.items or (index == 0 and len(pieces) == 1) or title_line is not None:
            result.documents.append(document)
        result.unassigned.extend(unassigned)
    if not result.documents:
        result.documents.append(ParsedDocument())
    if result.item_count == 0:
        result.warnings.append("没有找到带编号的工作任务,请检查文件内容或手动添加。")
    result.warnings.extend(checks.warnings(result))
    return result


def parse_plain_text(
    text: str, source_name: str | None = None, *, known_units: Collection[str] = ()
) -> ParseResult:
    """Parse text (a .txt file or pasted text): every line a paragraph."""
    return parse_blocks(
        [Paragraph(line) for line in split_lines(text)], source_name, known_units=known_units
    )


# ---- preparing the text ----------------------------------------------------------------------


Entry = str | Table


def _prepare(blocks: list[Block]) -> list[Entry]:
    """Clean paragraphs, drop web chrome, repair page breaks and glued entries."""
    entries: list[Entry] = []
    run: list[str] = []

    def flush() -> None:
        # Blank lines are kept until here: a table copied one cell per line separates its cells
        # with them, and a cell's own line breaks are the lines between two blanks.
        for piece in rebuild_tables(run):
            if isinstance(piece, Table):
                entries.append(piece)
            else:
                lines = [line for line in piece if line]
                entries.extend(split_glued(reflow(repair_page_breaks(lines))))
        run.clear()

    body_started = False
    in_footer = False
    for block in blocks:
        if isinstance(block, Table):
            flush()
            entries.append(block)
            body_started = True
            continue
        for raw_line in split_lines(block.text):
            line = strip_controls(raw_line).strip()
            if body_started and starts_footer(line):
                in_footer = True
            if in_footer and _PIECE_MARK.match(fold(line)):
                in_footer = False  # the next document of a page with several
            if not line and not in_footer:
                if run and run[-1]:
                    run.append("")
                continue
            if in_footer or is_noise(line):
                continue
            body_started = body_started or match_label(line) is not None
            stripped = strip_noise_prefix(line)
            if stripped is line or (stripped and not is_noise(stripped)):
                run.append(stripped)
    flush()
    return entries


def _split_documents(entries: list[Entry]) -> list[tuple[str | None, list[Entry]]]:
    """Split a file holding several documents at lines such as "…实施方案 篇2"."""
    pieces: list[tuple[str | None, list[Entry]]] = [(None, [])]
    for entry in entries:
        if isinstance(entry, str) and _PIECE_MARK.match(fold(entry)) and match_label(entry) is None:
            pieces.append((entry, []))
        else:
            pieces[-1][1].append(entry)
    if not pieces[0][1] and len(pieces) > 1:
        pieces.pop(0)
    return pieces


# ---- one document ------------------------------------------------------------------------------


def _parse_document(
    title_line: str | None,
    entries: list[Entry],
    warnings: list[str],
    known_units: Collection[str],
) -> tuple[ParsedDocument, list[str]]:
    notice = _notice_requests(entries)
    document = _metadata(title_line, entries, notice)
    state = _DocumentState(
        year=document.date.year if document.date else _title_year(document), known=known_units
    )
    root, signature = _outline(entries, state, notice)
    unassigned: list[str] = []
    if title_line is not None:
        unassigned.append(title_line)
    _collect(root, document, state, [], unassigned, framing=False)
    unassigned.extend(signature)
    if state.year is None and any(
        item.deadline_text and item.due_date is None and item.deadline_kind.value == "date"
        for item in document.items
    ):
        warnings.append(
            f"“{document.title or '文件'}”没有成文日期或年份,部分完成时限无法换算为日期。"
        )
    return document, unassigned


def _title_year(document: ParsedDocument) -> int | None:
    match = _YEAR.search(fold(document.title or ""))
    return int(match.group(1)) if match else None


_SALUTATION = re.compile(
    r"^(?:各|全区各|全市各|全县各|区直各|市直各|县直各|局机关各|委机关各|局属各|委属各).{1,150}[:]$"
)
_FORWARDING = re.compile(r"印发|转发|现将|下发")


def _notice_requests(entries: list[Entry]) -> set[int]:
    """The numbered requests of a covering notice, before the plan it sends out.

    ``关于印发…方案的通知`` / salutation / ``一、各责任单位要高度重视…`` ``二、请于3月9日前报送…`` /
    signature / the plan's own title: those numbered paragraphs are the notice's, not tasks.
    Only a notice that forwards a plan printed after it counts: a notice that is itself the
    plan (关于做好…的通知, numbered tasks, signature) keeps its tasks.
    """
    texts = [(index, entry) for index, entry in enumerate(entries[:400]) if isinstance(entry, str)]
    salutation = next(
        (index for index, text in texts[:40] if _SALUTATION.match(fold(text).strip())), None
    )
    if salutation is None:
        return set()
    around = "".join(fold(text) for index, text in texts if index <= salutation + 3)
    if not _FORWARDING.search(around):
        return set()
    numbered: set[int] = set()
    after = [(index, text) for index, text in texts if index > salutation]
    for position, (index, text) in enumerate(after):
        folded = fold(text).strip()
        if _is_plan_title(folded):
            return numbered
        if _DATE_LINE.match(folded):
            ahead = after[position + 1 : position + 4]
            return numbered if any(_is_plan_title(fold(t).strip()) for _, t in ahead) else set()
        if match_label(text) is not None:
            numbered.add(index)
    return set()


def _is_plan_title(folded: str) -> bool:
    return (
        match_label(folded) is None
        and len(folded) <= 60
        and folded[-1:] not in "。,;:"
        and bool(_TITLE_WORDS.search(folded))
        and not folded.startswith(("关于", "附件"))
    )


def _metadata(
    title_line: str | None, entries: list[Entry], notice: set[int] | None = None
) -> ParsedDocument:
    """Title, 文号, 成文日期 and issuer from the text before the first entry and at the end."""
    preamble: list[str] = []
    for index, entry in enumerate(entries):
        if isinstance(entry, Table) or (
            match_label(entry) is not None and index not in (notice or set())
        ):
            break
        if notice and index in notice:
            continue
        preamble.append(entry)
    tail = [e for e in entries[-4:] if isinstance(e, str)]
    document = ParsedDocument(title=title_line.strip() if title_line else None)
    candidates = preamble + [line for line in tail if line not in preamble]
    written_on = [_metadata_labels(line, document) for line in preamble]
    for index, line in enumerate(candidates):
        folded = fold(line).strip()
        if document.doc_number is None:
            number = _DOC_NUMBER.search(folded)
            if number and len(folded) <= 40:
                document.doc_number = line.strip()[number.start() : number.end()]
        if DEADLINE_LABEL.search(folded):
            continue  # "完成时限:2024年12月31日" is a task's deadline, not the 成文日期
        date_match = _DATE_LINE.match(folded)
        if date_match and document.date is None:
            try:
                document.date = date(
                    int(date_match["y"]), int(date_match["m"]), int(date_match["d"])
                )
            except ValueError:
                continue
            issuer = date_match["issuer"].strip()
            if not issuer and index > 0:
                issuer = fold(candidates[index - 1]).strip()
            if issuer and len(issuer) <= 60 and _ISSUER.search(issuer):
                # Two bodies signing together are printed apart by a run of spaces.
                document.issuer = " ".join(issuer.split())
    if document.date is None:
        document.date = next((day for day in written_on if day is not None), None)
    if document.title is None:
        document.title = _find_title(preamble)
    if document.issuer is None and preamble:
        head = fold(preamble[0]).strip()
        if len(head) <= 20 and _ISSUER.search(head) and head != document.title:
            document.issuer = preamble[0].strip()
    return document


#: The labels of a web copy's metadata block: never a title.
_META_LABEL = re.compile(
    r"^\s*(?:索引号|发文字号|文\s*号|成文日期|发布日期|发布时间|主题分类|组配分类|发文机关|"
    r"发布机构|名\s*称|标\s*题|废止日期|有效性)\s*[:]"
)
_META_NUMBER = re.compile(r"(?:发文字号|文\s*号)\s*[:]\s*")
_META_DATE = re.compile(
    r"成文日期\s*[:]\s*(?P<y>20\d{2})\s*[年\-/.]\s*(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})"
)


def _metadata_labels(line: str, document: ParsedDocument) -> date | None:
    """The 文号 and 成文日期 of a web copy's metadata block (``发文字号:``, ``成文日期:``).

    The 文号 is set on ``document``; the date is returned: a date line at the signature wins.
    """
    folded = fold(line)
    label = _META_NUMBER.search(folded)
    if label and document.doc_number is None:
        number = _DOC_NUMBER.match(folded, label.end())
        if number:
            document.doc_number = line[number.start() : number.end()].strip()
    written = _META_DATE.search(folded)
    if written:
        try:
            return date(int(written["y"]), int(written["m"]), int(written["d"]))
        except ValueError:
            return None
    return None


def _find_title(preamble: list[str]) -> str | None:
    named = None
    for line in preamble:
        match = _BOOK_TITLE.search(fold(line))
        if match:
            named = match.group("title")
    candidates: list[tuple[int, str]] = []
    for index, line in enumerate(preamble):
        head = _heading_text(line)
        folded = fold(head)
        if named and folded == fold(named):
            return head
        if (
            len(head) <= 50
            and folded[-1:] not in "。,;:"
            and not folded.startswith("关于")
            and not _META_LABEL.match(folded)
            and not _DATE_LINE.match(folded)
            and not _DOC_NUMBER.fullmatch(folded)
            and not _SALUTATION.match(folded)
        ):
            candidates.append((index, head))
    titled = [(index, c) for index, c in candidates if _TITLE_WORDS.search(c)]
    if titled:
        return _joined_title(titled[-1], candidates)
    if candidates and len(candidates[0][1]) >= 6:
        return candidates[0][1]
    return None


def _joined_title(title: tuple[int, str], candidates: list[tuple[int, str]]) -> str:
    """A title printed over two or three lines, joined again.

    ``平潭综合实验区整合建立统一的`` / ``公共资源交易平台实施方案``: the lines before the one that
    ends the title, when they are short and do not end a title themselves.
    """
    index, text = title
    lines = dict(candidates)
    parts = [text]
    for previous in (index - 1, index - 2):
        before = lines.get(previous)
        if (
            before is None
            or len(before) > 40
            or _TITLE_END.search(fold(before))
            or not _TITLE_PART.fullmatch(fold(before).strip())
            or fold(before).strip() in fold(text)
            or _ATTACHMENT.match(fold(before))
            or "此件" in before
            or sum(len(part) for part in parts) + len(before) > 70
        ):
            break
        parts.insert(0, before)
    return "".join(part.strip() for part in parts)


#: What the first lines of a title are made of: words, numbers, quotes and book-title marks.
_TITLE_PART = re.compile(r"[\u4e00-\u9fff\d“”\"《》()、]+")


_TITLE_END = re.compile(
    r"(?:要点|方案|计划|意见|通知|办法|细则|清单|安排|规划|措施|台账|决定|纲要|规定|分解表?)$"
)


def _heading_text(line: str) -> str:
    """A heading or title line without the paragraph glued after it by a space."""
    stripped = line.strip()
    label = match_label(stripped)
    start = label.text_start if label else 0
    folded = fold(stripped)
    gap = re.search(r"\s+", folded[start:])
    if gap and gap.start() <= 40 and "。" not in folded[start : start + gap.start()]:
        rest = folded[start + gap.end() :]
        if len(rest) > 10:
            return stripped[: start + gap.start()]
    return stripped


# ---- the outline --------------------------------------------------------------------------------


def _outline(
    entries: list[Entry], state: _DocumentState, notice: set[int] | None = None
) -> tuple[_Node, list[str]]:
    """Build the tree of numbered entries; return it and the signature lines at the end."""
    root = _Node(label=None)
    stack = [root]
    body = list(entries)
    signature: list[str] = []
    while body and isinstance(body[-1], str) and _is_signature(body[-1]) and len(body) > 1:
        signature.insert(0, body.pop())  # type: ignore[arg-type]
    attachment_list = False
    for position, entry in enumerate(body):
        if isinstance(entry, Table):
            _attach_table(entry, stack, state)
            continue
        if notice and position in notice:
            root.lines.append(entry)  # the covering notice's own numbered requests
            continue
        if attachment_list and _is_attachment_name(entry):
            root.lines.append(entry)  # "2.…申请表": the names of the attachments
            continue
        attachment_list = False
        label = match_label(entry)
        if label is None and _starts_new_task(entry, stack[-1], state):
            previous = stack[-1].label
            assert previous is not None
            label = Label(kind=previous.kind, value=previous.value, number="", text_start=0)
        rule_here = bool(FIRST_IS_LEAD.search(fold(entry)))
        if label is None and _ATTACHMENT.match(fold(entry)):
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
            node = _Node(
                label=label, lines=[entry], parent=stack[-1], lead_rule=state.lead_rule or rule_here
            )
            stack[-1].children.append(node)
            stack.append(node)
        # Stated once, the rule holds from here to the end of the document ("下同").
        state.lead_rule = state.lead_rule or rule_here
    signature[:0] = _closing_requests(stack[-1])
    return root, signature


_NOTICE_REQUEST = re.compile(
    r"^(?:请(?:各|于|在|按|认真|结合|将|及时)|联系人\s*[:]|联系电话\s*[:]|附件\s*[:\d]|特此通知)"
)


def _closing_requests(last: _Node) -> list[str]:
    """Take the covering notice's closing requests off the end of the last entry.

    ``请于3月9日前报送…``, ``联系人:…`` after the last task belong to the notice, not the task
    (and their dates are not its deadline).
    """
    if last.label is None or last.children:
        return []
    cut = len(last.lines)
    while cut > 1 and _NOTICE_REQUEST.match(fold(last.lines[cut - 1]).strip()):
        cut -= 1
    taken, last.lines[cut:] = last.lines[cut:], []
    return taken


def _starts_new_task(paragraph: str, current: _Node, state: _DocumentState) -> bool:
    """Tell whether an unnumbered paragraph is a task of its own.

    It is when it names its own units right after an item that already named its own.
    """
    if current.label is None or current.children or not _TAGGED_END.search(fold(paragraph)):
        return False
    if not state.tag(paragraph).units:
        return False
    return bool(state.tag("\n".join(current.lines)).units)


def _is_attachment_name(entry: str) -> bool:
    """A line of a list of attachments: ``2.大件运输"一件事"申请表``."""
    label = match_label(entry)
    folded = fold(entry).strip()
    return (
        label is not None
        and label.kind == LabelKind.ITEM
        and len(folded) <= 50
        and not re.search(r"[。;]", folded)
    )


_ATTACHMENT = re.compile(r"^\s*附\s*件\s*\d*\s*[:]?\s*\S{0,60}$")
_TAGGED_END = re.compile(r"\)\s*[。.;]?\s*$")
_BACK_MATTER = re.compile(r"^(?:抄送|抄报|分送)\s*[:]|印发\s*$|^\s*\(?此件公开发布\)?\s*$")


def _is_signature(line: str) -> bool:
    folded = fold(line).strip()
    if DEADLINE_LABEL.search(folded) or UNIT_LABEL.search(folded):
        return False  # "责任单位:区民政局" closes a task, it does not sign the document
    if _DATE_LINE.match(folded) or _BACK_MATTER.search(folded):
        return True
    return len(folded) <= 20 and bool(_ISSUER.search(folded)) and match_label(folded) is None


def _attach_table(table: Table, stack: list[_Node], state: _DocumentState) -> None:
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
        first_is_lead=state.lead_rule,
    )
    stack[-1].table_items.extend(items)
    stack[-1].lines.extend(unused)


def _is_framing(node: _Node) -> bool:
    text = fold(_heading_text(node.own_text)).strip(" 。.,;:")
    return len(text) <= 16 and bool(_FRAMING.search(text))


def _collect(
    node: _Node,
    document: ParsedDocument,
    state: _DocumentState,
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
        _collect(child, document, state, child_path, unassigned, framing=framing)
    if (
        node.label is not None
        and has_children
        and len(document.items) == before
        and (not node.table_items)
    ):
        # A heading with no item under it is shown as unplaced text, not lost.
        unassigned.append(node.heading_text)


def _shares_closing_tag(node: _Node, state: _DocumentState) -> bool:
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


def _is_tag_line(line: str, state: _DocumentState) -> bool:
    """Whether a line holds nothing but a unit tag (``(县卫健局负责)``, ``责任单位:…``)."""
    tag = state.tag(line)
    if not tag.units:
        return False
    covered = sum(end - start for start, end in tag.spans)
    return covered >= len(line.strip()) - 2


def _all_lines(node: _Node) -> list[str]:
    lines = list(node.lines)
    for child in node.children:
        lines.extend(_all_lines(child))
    return lines


def _item(
    node: _Node, path: list[str], state: _DocumentState, lines: list[str] | None = None
) -> ParsedItem:
    assert node.label is not None
    content = "\n".join(line.strip() for line in (lines if lines is not None else node.lines))
    item = item_from_text(
        content,
        heading_path=path,
        base_year=state.year,
        first_is_lead=node.lead_rule,
        known_units=state.known,
    )
    item.number = node.label.number or None
    return item


def item_from_text(
    content: str,
    *,
    heading_path: list[str] | None = None,
    base_year: int | None = None,
    first_is_lead: bool = False,
    known_units: Collection[str] = (),
) -> ParsedItem:
    """Make an item from its text: number, title, units and deadline found as on import.

    The review screen uses it again when the clerk splits or retypes an item.
    """
    tag = find_unit_tag(content, first_is_lead=first_is_lead, known=known_units)
    units = tag.units
    if tag.deadline_phrase:
        deadline = deadlines.parse_phrase(tag.deadline_phrase, base_year)
    else:
        deadline = deadlines.from_text(_masked(content, tag.spans), base_year)
    label = match_label(content)
    return ParsedItem(
        title=_title(content, label, tag.spans),
        content=content,
        number=label.number if label else None,
        heading_path=list(heading_path or []),
        units=units,
        deadline_text=deadline.text,
        due_date=deadline.due,
        deadline_kind=deadline.kind,
        leader=tag.leader,
        owner=tag.owner,
    )


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for index in range(start, min(end, len(chars))):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def _title(content: str, label: Label | None, spans: list[tuple[int, int]]) -> str:
    lines = content.split("\n")
    first = lines[0]
    start = label.text_start if label else 0
    text = first
    for span_start, span_end in sorted(spans, reverse=True):
        if span_start < len(first):
            text = text[:span_start] + text[min(span_end, len(first)) :]
    title = lead_sentence(text[start:])
    if not title and len(lines) > 1:
        title = lead_sentence(lines[1])
    return title or (label.number if label else "") or "(无标题)"
