"""One budget for reading one document: what a real work document never comes near.

Every reader spends from it as it goes (characters, table cells, paragraphs, nesting depth,
numbering values, time) and stops with one clear Chinese line the moment a file asks for more:
a 1 KB file built to unfold into gigabytes is refused in a fraction of a second, not after
minutes of swapping.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from tracker.errors import DocumentError

#: The largest real documents (a province's yearly task list) hold about 300,000 characters.
MAX_CHARS = 3_000_000
#: Table cells across the document (a task sheet of 20,000 rows by 60 columns is 1.2 million).
MAX_CELLS = 1_500_000
#: Paragraphs and table rows.
MAX_BLOCKS = 300_000
#: Tables in tables, content controls in content controls (Word documents rarely go past 3).
MAX_DEPTH = 40
#: Word's own largest list start value.
MAX_NUMBER = 32_767
#: Word lets a level's text be a few placeholders and punctuation.
MAX_LEVEL_TEXT = 255
#: Word tables have at most 63 columns.
MAX_TABLE_COLUMNS = 63
#: Sheets in a workbook (one per township or unit is the most seen).
MAX_SHEETS = 100
#: Time for reading one document, whatever it holds.
MAX_SECONDS = 120.0

_HOSTILE = "可能是损坏或恶意构造的文件,已拒绝导入。"


@dataclass
class Budget:
    """What reading one document may still spend; each ``spend_*`` refuses past its limit."""

    name: str
    chars: int = 0
    cells: int = 0
    blocks: int = 0
    started: float = field(default_factory=time.monotonic)
    max_seconds: float = MAX_SECONDS

    def spend_text(self, text: str) -> str:
        """Count a piece of text read; return it."""
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            raise too_much_text(self.name, self.chars)
        return text

    def remaining_chars(self) -> int:
        """How many more characters may be read."""
        return MAX_CHARS - self.chars

    def spend_block(self) -> None:
        """Count one paragraph or table row; look at the clock now and then."""
        self.blocks += 1
        if self.blocks > MAX_BLOCKS:
            raise DocumentError(
                f"“{self.name}”的段落或表格行超过 {MAX_BLOCKS} 个,不像是一份工作文件,已停止读取。"
            )
        if self.blocks % 256 == 0:
            self.check_time()

    def spend_cells(self, count: int) -> None:
        """Count table cells."""
        self.cells += count
        if self.cells > MAX_CELLS:
            raise DocumentError(
                f"“{self.name}”的表格超过 {MAX_CELLS} 个单元格,不像是任务清单,已停止读取。",
                hint="请把任务所在的表格复制到新文件后再导入。",
            )

    def check_depth(self, depth: int) -> None:
        """Refuse tables or content controls nested deeper than any real document."""
        if depth > MAX_DEPTH:
            raise DocumentError(
                f"“{self.name}”中的表格或内容控件嵌套超过 {MAX_DEPTH} 层," + _HOSTILE
            )

    def check_number(self, value: int, what: str = "自动编号") -> int:
        """Refuse a numbering value Word itself cannot make; return it."""
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            raise DocumentError(f"“{self.name}”的{what}数值异常({value})," + _HOSTILE)
        return value

    def check_level_text(self, text: str) -> str:
        """Refuse an automatic-numbering template longer than Word allows; return it."""
        if len(text) > MAX_LEVEL_TEXT:
            raise DocumentError(
                f"“{self.name}”的自动编号格式异常(长 {len(text)} 个字符)," + _HOSTILE
            )
        return text

    def check_columns(self, span: int) -> int:
        """Refuse a table cell or row offset spanning more columns than Word has; return it."""
        if span > MAX_TABLE_COLUMNS:
            raise DocumentError(
                f"“{self.name}”中的表格列数异常(一个单元格跨 {span} 列)," + _HOSTILE
            )
        return span

    def check_time(self) -> None:
        """Refuse to go on past the time limit."""
        if time.monotonic() - self.started > self.max_seconds:
            raise DocumentError(
                f"读取“{self.name}”超过 {int(self.max_seconds)} 秒仍未完成,已停止。",
                hint="文件可能过大或已损坏;请确认选择了正确的文件。",
            )


def too_much_text(name: str, chars: int) -> DocumentError:
    """The refusal of a text far longer than a document."""
    return DocumentError(
        f"“{name}”文字过多(约{chars // 10000}万字),不像是一份工作文件,已停止读取。",
        hint="请确认选择了正确的文件。",
    )


def to_int(value: str | None, default: int) -> int:
    """A number attribute as Word reads it: what is not a number is the default.

    Digits beyond any real value (a thousand of them) are not turned into a huge integer:
    the result is just past every limit, for the check that follows to refuse.
    """
    if value is None:
        return default
    text = value.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isascii() or not digits.isdigit():
        return default
    if len(digits) > 18:
        return -(10**18) if text[0] == "-" else 10**18
    return int(text)
