"""What the file readers hand the parser: paragraphs and tables in body order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of text as printed (with its numbering label, if the reader resolved one)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts; merged cells are read once, vertical merges filled down."""

    rows: tuple[tuple[str, ...], ...]
    #: Where the table came from (a sheet name), for titles and messages.
    name: str | None = None


Block = Paragraph | Table
