"""An item's fields read from its text: number, title, units and deadline."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from tracker.importing import deadlines
from tracker.importing.model import ParsedItem
from tracker.importing.outline import Label, match_label
from tracker.importing.titles import lead_sentence
from tracker.importing.units import find_unit_tag


def item_from_text(
    content: str,
    *,
    heading_path: list[str] | None = None,
    base_year: int | None = None,
    anchor: date | None = None,
    first_is_lead: bool = False,
    known_units: Collection[str] = (),
) -> ParsedItem:
    """Make an item from its text: number, title, units and deadline found as on import.

    The review screen uses it again when the clerk splits or retypes an item. ``anchor`` is
    the document's date, for deadlines counted from it (5个工作日内, 每月5日前).
    """
    tag = find_unit_tag(content, first_is_lead=first_is_lead, known=known_units)
    units = tag.units
    if tag.deadline_phrase:
        deadline = deadlines.parse_phrase(tag.deadline_phrase, base_year, anchor=anchor)
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
