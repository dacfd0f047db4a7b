"""Changes a clerk makes in the import review: merge, split, retype a deadline."""

from __future__ import annotations

from tracker.importing import deadlines
from tracker.importing.model import ParsedDocument, ParsedItem, ParsedUnit
from tracker.importing.segmenter import item_from_text


def merge_items(first: ParsedItem, second: ParsedItem) -> ParsedItem:
    """One item from two: the first's number, title and heading, both texts and units."""
    units = list(first.units)
    names = {unit.name for unit in units}
    units += [unit for unit in second.units if unit.name not in names]
    phrases = [p for p in (first.deadline_text, second.deadline_text) if p]
    dues = [d for d in (first.due_date, second.due_date) if d is not None]
    return ParsedItem(
        title=first.title,
        content=first.content + "\n" + second.content,
        number=first.number,
        heading_path=list(first.heading_path),
        units=units,
        deadline_text=";".join(dict.fromkeys(phrases)) or None,
        due_date=max(dues) if dues else None,
        deadline_kind=first.deadline_kind if first.deadline_text else second.deadline_kind,
        leader=first.leader or second.leader,
        owner=first.owner or second.owner,
    )


def split_item(
    item: ParsedItem, at: int, document: ParsedDocument
) -> tuple[ParsedItem, ParsedItem]:
    """Two items from one, cut at character ``at`` of its text; each part read afresh.

    Raises:
        ValueError: when the cut leaves one part empty.
    """
    head, tail = item.content[:at].strip(), item.content[at:].strip()
    if not head or not tail:
        raise ValueError("split point leaves an empty part")
    year = document.base_year
    anchor = document.anchor
    first = item_from_text(head, heading_path=item.heading_path, base_year=year, anchor=anchor)
    second = item_from_text(tail, heading_path=item.heading_path, base_year=year, anchor=anchor)
    first.number = item.number
    if not first.units:
        first.units = [ParsedUnit(u.name, u.role) for u in item.units]
    return first, second


def retype_deadline(item: ParsedItem, phrase: str, document: ParsedDocument) -> None:
    """Replace an item's deadline phrase; its date and kind follow from the document's date."""
    deadline = deadlines.parse_phrase(phrase, document.base_year, anchor=document.anchor)
    item.deadline_text = deadline.text
    item.due_date = deadline.due
    item.deadline_kind = deadline.kind
