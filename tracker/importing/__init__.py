"""Reading policy documents into ledger items. Pure: no database, no Qt."""

from __future__ import annotations

from pathlib import Path

from tracker.errors import DocumentError
from tracker.importing.model import ParsedDocument, ParsedItem, ParsedUnit, ParseResult
from tracker.importing.text_parser import parse_text

__all__ = ["ParseResult", "ParsedDocument", "ParsedItem", "ParsedUnit", "parse_file", "parse_text"]


def parse_file(path: Path) -> ParseResult:
    """Read a document file and find its items.

    Raises:
        DocumentError: when the file cannot be read as text.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(f"无法读取文件:{path.name}", hint=str(error)) from error
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DocumentError(f"无法识别文件的文字编码:{path.name}")
    return parse_text(text, source_name=path.name)
