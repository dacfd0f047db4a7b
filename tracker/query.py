"""The item query: which items to show, one meaning for the window, the CLI and the exports.

An ``ItemQuery`` is plain data. The services compile it to SQL
(``tracker.services.item_queries``); the window evaluates it on rows already loaded, for its
instant search, with ``ItemQuery.predicate``. A property test holds the two to the same answer.

Text search: every whitespace-separated term must occur in one of an item's searched fields
(``SEARCHED_FIELDS``). Matching ignores case (character by character, in any script) and the
width of digits and Latin letters (``Ａ``, ``ａ``, ``A`` and ``a`` are one letter; ``１`` is
``1``), and nothing else: full-width punctuation is not its ASCII look-alike. The same on SQLite
and PostgreSQL, whatever the server's locale: the SQL spells out each character's variants.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from tracker.domain import OPEN_STATUSES, DueRange, Status, Urgency, due_soon_range
from tracker.dto import ItemRow

#: What the text search looks in, for the record (both sides follow this list).
SEARCHED_FIELDS = (
    "工作任务",
    "具体内容",
    "单位(任一角色)",
    "责任人",
    "责任领导",
    "完成时限原文",
    "最新进展",
    "所属标题",
    "备注",
)

#: Full-width digits and small Latin letters to ASCII (capitals are lowered to these first).
_WIDTH = {
    chr(code): chr(code - 0xFEE0) for code in (*range(0xFF10, 0xFF1A), *range(0xFF41, 0xFF5B))
}
#: The two characters whose ``str.lower()`` is not one character for one: İ becomes two, and Σ
#: becomes σ or ς by its place in a word.
_NOT_PER_CHARACTER = ("\u0130", "\u03a3")
#: No character beyond U+1FFFF has a case (Unicode 15): the variants are looked for below it.
_CASED_BELOW = 0x20000


def _fold_char(char: str) -> str:
    lower = char.lower()
    if len(lower) != 1:
        return char
    return _WIDTH.get(lower, lower)


def fold(text: str) -> str:
    """``text`` as search compares it: lower case, full-width digits and Latin letters ASCII.

    Character for character, so a term folded the same way is found in it exactly where the
    SQL patterns of ``folded_variants`` find it. Full-width punctuation (,:;) stays as it is.
    """
    if _NOT_PER_CHARACTER[0] in text or _NOT_PER_CHARACTER[1] in text:
        return "".join(map(_fold_char, text))
    text = text.lower()
    for wide, half in _WIDTH.items():
        if wide in text:
            text = text.replace(wide, half)
    return text


@lru_cache(maxsize=1)
def _preimages() -> dict[str, str]:
    found: dict[str, set[str]] = {}
    for code in range(_CASED_BELOW):
        char = chr(code)
        folded = _fold_char(char)
        if folded != char:
            found.setdefault(folded, {folded}).add(char)
    return {folded: "".join(sorted(chars)) for folded, chars in found.items()}


def folded_variants(char: str) -> str:
    """Every character that folds to ``char`` (itself included), for the SQL patterns."""
    return _preimages().get(char, char)


def search_terms(text: str) -> tuple[str, ...]:
    """The folded terms of a search text; every one of them must match."""
    return tuple(fold(term) for term in text.split())


def haystack(row: ItemRow) -> str:
    """The folded searched fields of an item, one per line (a term never spans two)."""
    parts = [
        row.title,
        row.content,
        *(unit.name for unit in row.units),
        row.owner_name or "",
        row.leader or "",
        row.deadline_text or "",
        row.latest_progress or "",
        *row.heading_path,
        row.remarks,
    ]
    return fold("\n".join(parts))


@dataclass(frozen=True)
class ItemQuery:
    """Which items to show. Every field set must hold; unset fields do not filter.

    ``statuses`` of ``None`` lets every status through (an empty set lets none through, which
    is what two status choices that do not overlap leave). ``urgency`` and ``due_within_days``
    follow ``tracker.domain.urgency_for``: only open items are overdue or due soon.
    """

    text: str = ""
    statuses: frozenset[Status] | None = None
    document_id: int | None = None
    heading_prefix: tuple[str, ...] = ()
    #: Items linked to this unit in any role.
    unit_id: int | None = None
    #: A part of the 责任人's name.
    person: str | None = None
    due_before: date | None = None
    due_after: date | None = None
    #: Only items without a due date.
    no_due_date: bool = False
    urgency: Urgency | None = None
    #: Open items due from today to this many days later.
    due_within_days: int | None = None

    @property
    def terms(self) -> tuple[str, ...]:
        """The folded search terms."""
        return search_terms(self.text)

    @property
    def person_term(self) -> str | None:
        """The folded part of the 责任人's name to look for (None: any person, or none)."""
        person = (self.person or "").strip()
        return fold(person) if person else None

    @property
    def due_range(self) -> DueRange | None:
        """The due dates ``due_before`` / ``due_after`` allow (None when neither is set)."""
        if self.due_before is None and self.due_after is None:
            return None
        return DueRange(first=self.due_after, last=self.due_before)

    def predicate(self, today: date) -> Callable[[ItemRow, str], bool]:
        """A fast test of one loaded row and its ``haystack``, with the meaning of the SQL.

        Urgency is read from the row (computed by ``urgency_for`` when it was loaded, with
        the same day and warning days the SQL uses).
        """
        terms = self.terms
        statuses = self.statuses
        prefix = self.heading_prefix
        size = len(prefix)
        person = self.person_term
        due_range = self.due_range
        within = (
            due_soon_range(today, self.due_within_days)
            if self.due_within_days is not None
            else None
        )

        def matches(row: ItemRow, folded: str) -> bool:
            if statuses is not None and row.status not in statuses:
                return False
            if self.document_id is not None and row.document_id != self.document_id:
                return False
            if size and row.heading_path[:size] != prefix:
                return False
            if self.unit_id is not None and all(u.id != self.unit_id for u in row.units):
                return False
            if person is not None and (
                row.owner_name is None or person not in fold(row.owner_name)
            ):
                return False
            if due_range is not None and row.due_date not in due_range:
                return False
            if self.no_due_date and row.due_date is not None:
                return False
            if self.urgency is not None and row.warning != self.urgency:
                return False
            if within is not None and (
                row.status not in OPEN_STATUSES or row.due_date not in within
            ):
                return False
            return all(term in folded for term in terms)

        return matches

    def filter(self, rows: Iterable[ItemRow], today: date) -> list[ItemRow]:
        """The rows this query lets through, in their order (computing each haystack)."""
        matches = self.predicate(today)
        return [row for row in rows if matches(row, haystack(row))]


#: A query nothing passes.
NOTHING = ItemQuery(statuses=frozenset())
