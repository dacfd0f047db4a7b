"""A first, simple reader: one item per numbered line, units from a trailing tag."""

from __future__ import annotations

import re

from tracker.domain import UnitRole
from tracker.importing.model import ParsedDocument, ParsedItem, ParsedUnit, ParseResult

_NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[.、．]\s*(.+)$")
_UNIT_TAG = re.compile(r"[（(]\s*责任单位\s*[:：]\s*([^()（）]+)[)）]\s*[。.]?\s*$")
_SPLIT = re.compile(r"[、，,；;]")


def parse_text(text: str, source_name: str | None = None) -> ParseResult:
    """Split ``text`` into items: every line starting with a number is one."""
    document = ParsedDocument()
    result = ParseResult(documents=[document], source_name=source_name)
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        match = _NUMBERED.match(stripped)
        if not match:
            result.unassigned.append(stripped)
            continue
        number, body = match.groups()
        units = []
        tag = _UNIT_TAG.search(body)
        if tag:
            units = [
                ParsedUnit(name.strip(), UnitRole.RESPONSIBLE)
                for name in _SPLIT.split(tag.group(1))
                if name.strip()
            ]
        title = re.split(r"[。；;]", body, maxsplit=1)[0]
        document.items.append(ParsedItem(title=title, content=stripped, number=number, units=units))
    return result
