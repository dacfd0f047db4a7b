"""Reading policy documents into ledger items. Pure: no database, no Qt.

Files are recognised by their content, not their extension: a .doc that is really a .docx is
read as one, a .txt full of binary junk is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path

from tracker.errors import DocumentError
from tracker.importing.blocks import Block, Paragraph
from tracker.importing.budget import Budget
from tracker.importing.model import ParsedDocument, ParsedItem, ParsedUnit, ParseResult
from tracker.importing.textnorm import split_lines

__all__ = [
    "ParseResult",
    "ParsedDocument",
    "ParsedItem",
    "ParsedUnit",
    "parse_bytes",
    "parse_file",
    "parse_text",
]

log = logging.getLogger(__name__)

#: Larger files are not documents a clerk imports (and would take minutes to read).
MAX_FILE_BYTES = 100 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_SPREADSHEET_SUFFIXES = {".xls", ".et", ".ods", ".csv"}


def parse_text(
    text: str, source_name: str | None = None, *, known_units: Collection[str] = ()
) -> ParseResult:
    """Find the items in text (a .txt file's content or text pasted into the window).

    ``known_units`` are the names (and aliases) of the bureau's directory: in a bracket at the
    end of a task they are recognised as units whatever they end with.

    Raises:
        DocumentError: when the text is far too long to be a document.
    """
    from tracker.importing.segmenter import parse_plain_text

    Budget(source_name or "粘贴的文字").spend_text(text)
    return parse_plain_text(text, source_name, known_units=known_units)


def parse_file(path: Path, *, known_units: Collection[str] = ()) -> ParseResult:
    """Read a document file and find its items (``known_units`` as for ``parse_text``).

    Raises:
        DocumentError: when the file cannot be read, is damaged, encrypted, empty or too large.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(
                f"“{path.name}”过大({size // (1024 * 1024)} MB),不像是一份工作文件。"
            )
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(f"无法读取文件:{path.name}", hint=_os_hint(error)) from error
    return parse_bytes(data, path.name, known_units=known_units)


def parse_bytes(data: bytes, name: str, *, known_units: Collection[str] = ()) -> ParseResult:
    """Find the items in a file's bytes (``name`` gives messages and a format hint).

    Raises:
        DocumentError: when the content cannot be read as a document.
    """
    # The segmenter compiles many patterns: it is loaded on the first import, not at start.
    from tracker.importing.segmenter import parse_blocks

    if not data.strip():
        raise DocumentError(f"“{name}”是空文件,没有可导入的内容。")
    blocks = read_blocks(data, name, Budget(name))
    if not any(not isinstance(block, Paragraph) or block.text.strip() for block in blocks):
        raise DocumentError(f"“{name}”中没有文字。")
    log.info("parsing %s (%d bytes, %d blocks)", name, len(data), len(blocks))
    return parse_blocks(blocks, name, known_units=known_units)


def read_blocks(data: bytes, name: str, budget: Budget) -> list[Block]:
    """Turn a file's bytes into paragraphs and tables, by what the bytes are.

    Every reader spends from ``budget``: past any of its limits the file is refused.
    """
    from tracker.importing.readers import office

    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        return _read_package(data, name, budget)
    if data.startswith(_OLE):
        if _ENCRYPTED_PACKAGE in data[:1_000_000] or _ENCRYPTED_PACKAGE in data[-1_000_000:]:
            raise DocumentError(
                f"“{name}”设置了打开密码,无法读取。",
                hint="请在 Word/WPS/Excel 中取消密码后再导入。",
            )
        target = "xlsx" if suffix in _SPREADSHEET_SUFFIXES else "docx"
        converted = office.convert(data, name, target)
        return read_blocks(converted, str(Path(name).with_suffix("." + target)), budget)
    if data[:1024].lstrip().startswith(b"%PDF-"):
        from tracker.importing.readers.pdf import read_pdf

        return _text_blocks(read_pdf(data, name, budget))  # spent page by page
    if data.lstrip()[:5] == b"{\\rtf":
        converted = office.convert(data, name, "docx")
        return read_blocks(converted, str(Path(name).with_suffix(".docx")), budget)
    from tracker.importing.readers.text import decode

    text = decode(data, name)
    head = text[:2048].lower()
    if "<html" in head or "<!doctype html" in head:
        from tracker.importing.readers.html import html_to_text

        text = html_to_text(text, budget)
    return _text_blocks(budget.spend_text(text))


def _read_package(data: bytes, name: str, budget: Budget) -> list[Block]:
    from tracker.importing.readers import office
    from tracker.importing.readers.ooxml import Package

    package = Package(data, name)
    if package.has("word/document.xml"):
        from tracker.importing.readers.docx import read_docx

        return read_docx(data, name, budget)
    if package.has("xl/workbook.xml"):
        from tracker.importing.readers.xlsx import read_xlsx

        return read_xlsx(data, name, budget)
    if package.has("content.xml") and package.has("mimetype"):
        spreadsheet = b"spreadsheet" in package.read("mimetype")
        target = "xlsx" if spreadsheet else "docx"
        converted = office.convert(data, name, target)
        return read_blocks(converted, str(Path(name).with_suffix("." + target)), budget)
    raise DocumentError(
        f"“{name}”不是支持的文件格式。",
        hint="可导入 Word(.docx)、Excel(.xlsx)、PDF、文本文件,或复制文字后粘贴导入。",
    )


def _text_blocks(text: str) -> list[Block]:
    return [Paragraph(line) for line in split_lines(text)]


def _os_hint(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "没有读取权限,或文件正被其他程序占用。"
    if isinstance(error, FileNotFoundError):
        return "文件不存在,可能已被移动或删除。"
    return str(error)
