"""What the importer finds in a document: plain data, editable by the review screen."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.domain import DeadlineKind, UnitRole, document_year


@dataclass
class ParsedUnit:
    """A unit name as printed, with its role in the item."""

    name: str
    role: UnitRole = UnitRole.RESPONSIBLE

    def to_json(self) -> dict[str, Any]:
        """Return the contract's JSON form."""
        return {"name": self.name, "role": self.role.value}


@dataclass
class ParsedItem:
    """One task found in a document."""

    title: str
    content: str
    number: str | None = None
    heading_path: list[str] = field(default_factory=list)
    units: list[ParsedUnit] = field(default_factory=list)
    deadline_text: str | None = None
    due_date: date | None = None
    deadline_kind: DeadlineKind = DeadlineKind.NONE
    #: Extra fields found in table columns (责任领导, 责任人), kept for storing.
    leader: str | None = None
    owner: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the contract's JSON form."""
        return {
            "number": self.number,
            "heading_path": list(self.heading_path),
            "title": self.title,
            "content": self.content,
            "units": [unit.to_json() for unit in self.units],
            "deadline_text": self.deadline_text,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "deadline_kind": self.deadline_kind.value,
        }


@dataclass
class ParsedDocument:
    """A document found in the input (a file may hold several)."""

    title: str | None = None
    doc_number: str | None = None
    date: date | None = None
    issuer: str | None = None
    items: list[ParsedItem] = field(default_factory=list)
    #: The 印发 date printed in the back matter ("XX办公室 2024年2月27日印发"), if any.
    printed: datetime.date | None = None

    @property
    def base_year(self) -> int | None:
        """The year deadlines without one are read in: the 成文日期's, else the title's."""
        return document_year(self.date, self.title)

    @property
    def anchor(self) -> datetime.date | None:
        """The day periods like 印发之日起30日内 count from: the 印发 date, else the 成文日期."""
        return self.printed or self.date

    def content_hash(self) -> str:
        """A fingerprint of the document's tasks, to recognise the same document imported twice.

        Built from the letters and digits of every item's text, so that a copy with other
        punctuation (a web page's half-width marks) or other spacing is still recognised.
        """
        digest = hashlib.sha256()
        for item in self.items:
            digest.update(fingerprint_key(item.content).encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()

    def to_json(self) -> dict[str, Any]:
        """Return the contract's JSON form."""
        return {
            "title": self.title,
            "doc_number": self.doc_number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "items": [item.to_json() for item in self.items],
        }


@dataclass
class ParseResult:
    """Everything found in one input: documents, text not placed anywhere, warnings."""

    documents: list[ParsedDocument] = field(default_factory=list)
    unassigned: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_name: str | None = None

    @property
    def item_count(self) -> int:
        """How many items all documents hold."""
        return sum(len(document.items) for document in self.documents)

    def to_json(self) -> dict[str, Any]:
        """Return the contract's JSON form."""
        return {
            "documents": [document.to_json() for document in self.documents],
            "unassigned": list(self.unassigned),
            "warnings": list(self.warnings),
        }


def matching_key(text: str) -> str:
    """Return a key for comparing texts: NFKC, no whitespace. Never stored or shown."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def fingerprint_key(text: str) -> str:
    """Return only the letters and digits of ``text`` (after NFKC), for duplicate detection.

    Letters and digits are Unicode categories L* and N*: exactly what ``str.isalnum`` accepts,
    so one regex pass keeps them rather than a lookup per character. Stored
    fingerprints depend on this: tests compare it with the category rule.
    """
    return _NOT_LETTER_OR_DIGIT.sub("", unicodedata.normalize("NFKC", text))


_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
