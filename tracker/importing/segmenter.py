"""From paragraphs and tables to documents, headings and items.

The rules are written down in tests/fixtures/LABELLING.md; in short: numbered entries form an
outline in the standard hierarchy; an entry with entries below it is a heading, one without is an
item (with the unnumbered paragraphs after it), an entry naming its units is an item wherever it
sits, and sections about goals, principles or guarantees hold no items. Everything that is
neither an item nor a heading is returned as unassigned, so the review screen can show it.

This module runs the steps; each lives in its own module: entries.py cleans the text and cuts a
file into documents, notice.py sets aside the covering notice, signature and attachments,
document_metadata.py reads the title, 文号, date and issuer, entry_tree.py builds the outline
and walks it, and item_fields.py reads an item's title, units and deadline from its text.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from tracker.domain import document_year
from tracker.importing import checks, deadlines
from tracker.importing.blocks import Block, Paragraph
from tracker.importing.document_metadata import read_metadata
from tracker.importing.entries import Entry, prepare_entries, split_documents
from tracker.importing.entry_tree import DocumentState, build_outline, collect
from tracker.importing.item_fields import item_from_text as item_from_text  # for editing.py
from tracker.importing.model import ParsedDocument, ParseResult
from tracker.importing.notice import notice_requests
from tracker.importing.script import simplify_blocks
from tracker.importing.textnorm import split_lines


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
    entries = prepare_entries(block_list)
    pieces = split_documents(entries)
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


def _parse_document(
    title_line: str | None,
    entries: list[Entry],
    warnings: list[str],
    known_units: Collection[str],
) -> tuple[ParsedDocument, list[str]]:
    notice = notice_requests(entries)
    document = read_metadata(title_line, entries, notice)
    state = DocumentState(
        year=document_year(document.date, document.title),
        anchor=document.anchor,
        known=known_units,
    )
    root, signature = build_outline(entries, state, notice)
    unassigned: list[str] = []
    if title_line is not None:
        unassigned.append(title_line)
    collect(root, document, state, [], unassigned, framing=False)
    unassigned.extend(signature)
    if state.year is None and any(
        item.deadline_text and item.due_date is None and item.deadline_kind.value == "date"
        for item in document.items
    ):
        warnings.append(
            f"“{document.title or '文件'}”没有成文日期或年份,部分完成时限无法换算为日期。"
        )
    for item in document.items:
        note = deadlines.holiday_note(item.deadline_text, document.anchor, item.due_date)
        if note and note not in warnings:
            warnings.append(note)
    return document, unassigned
