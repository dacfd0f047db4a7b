"""A document's title, 文号, 成文日期 and issuer, read from the lines around its tasks."""

from __future__ import annotations

import re
from datetime import date

from tracker.importing.blocks import Table
from tracker.importing.entries import Entry
from tracker.importing.model import ParsedDocument
from tracker.importing.notice import ATTACHMENT, DATE_LINE, ISSUER, SALUTATION, TITLE_WORDS
from tracker.importing.outline import match_label
from tracker.importing.textnorm import fold
from tracker.importing.unit_labels import DEADLINE_LABEL

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[\[(]\s*\d{4}\s*[\])]\s*\d{1,4}\s*号")
_BOOK_TITLE = re.compile(r"印发.{0,6}《(?P<title>[^》]{4,60})》")
#: The back matter's print line: "云溪县卫生健康局办公室 2024年2月27日印发".
_PRINTED = re.compile(
    r"(?P<y>20\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*印发\s*$"
)


def read_metadata(
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
        date_match = DATE_LINE.match(folded)
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
            if issuer and len(issuer) <= 60 and ISSUER.search(issuer):
                # Two bodies signing together are printed apart by a run of spaces.
                document.issuer = " ".join(issuer.split())
    if document.date is None:
        document.date = next((day for day in written_on if day is not None), None)
    document.printed = _printed_on(tail)
    if document.title is None:
        document.title = _find_title(preamble)
    if document.issuer is None and preamble:
        head = fold(preamble[0]).strip()
        if len(head) <= 20 and ISSUER.search(head) and head != document.title:
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


def _printed_on(tail: list[str]) -> date | None:
    """The 印发 date of the back matter among the last lines, or None."""
    for line in reversed(tail):
        printed = _PRINTED.search(fold(line))
        if printed:
            try:
                return date(int(printed["y"]), int(printed["m"]), int(printed["d"]))
            except ValueError:
                return None
    return None


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
        head = heading_text(line)
        folded = fold(head)
        if named and folded == fold(named):
            return head
        if (
            len(head) <= 50
            and folded[-1:] not in "。,;:"
            and not folded.startswith("关于")
            and not _META_LABEL.match(folded)
            and not DATE_LINE.match(folded)
            and not _DOC_NUMBER.fullmatch(folded)
            and not SALUTATION.match(folded)
        ):
            candidates.append((index, head))
    titled = [(index, c) for index, c in candidates if TITLE_WORDS.search(c)]
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
            or ATTACHMENT.match(fold(before))
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


def heading_text(line: str) -> str:
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
