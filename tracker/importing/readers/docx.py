"""Word documents (.docx, also as written by WPS): paragraphs and tables in body order.

Word's automatic numbering is not part of a paragraph's text: only ``w:numPr`` (a list and a
level) is stored, and the label ("一、", "（一）", "1.") is computed from numbering.xml. This
reader computes it the way Word does — per list and level counters, deeper levels restarting,
start overrides, ``lvlText`` templates — and puts it in front of the text, so that numbered
entries look the same whether the clerk typed the number or Word made it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from tracker.errors import DocumentError
from tracker.importing.blocks import Block, Paragraph, Table
from tracker.importing.budget import Budget, to_int
from tracker.importing.readers.ooxml import Package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _val(element: Element | None, name: str = "val") -> str | None:
    if element is None:
        return None
    return element.get(W + name)


# ---- number formats ---------------------------------------------------------------------------

_CN = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"


def _chinese(value: int, digits: str = _CN, ten: str = "十", hundred: str = "百") -> str:
    if value <= 0:
        return digits[0]
    if value < 10:
        return digits[value]
    if value < 20:
        return ten + (digits[value - 10] if value > 10 else "")
    if value < 100:
        tens, ones = divmod(value, 10)
        return digits[tens] + ten + (digits[ones] if ones else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        if rest == 0:
            return digits[hundreds] + hundred
        middle = digits[0] if rest < 10 else ""
        tail = _chinese(rest, digits, ten, hundred)
        if 10 <= rest < 20:
            tail = digits[1] + tail
        return digits[hundreds] + hundred + middle + tail
    return str(value)


def _roman(value: int) -> str:
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = []
    for amount, letters in numerals:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def _letters(value: int) -> str:
    value = max(value, 1)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_number(value: int, fmt: str) -> str:
    """Render ``value`` in a Word number format (the ones Chinese documents use, and more)."""
    match fmt:
        case "chineseCounting" | "chineseCountingThousand" | "taiwaneseCountingThousand":
            return _chinese(value)
        case "chineseLegalSimplified":
            return _chinese(value, _LEGAL, "拾", "佰")
        case "ideographTraditional":
            return "甲乙丙丁戊己庚辛壬癸"[(value - 1) % 10]
        case "ideographZodiac":
            return "子丑寅卯辰巳午未申酉戌亥"[(value - 1) % 12]
        case "decimalEnclosedCircle" | "decimalEnclosedCircleChinese":
            if 1 <= value <= 20:
                return chr(0x2460 + value - 1)
            return str(value)
        case "decimalFullWidth" | "decimalFullWidth2":
            return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
        case "decimalZero":
            return f"{value:02d}"
        case "lowerLetter":
            return _letters(value)
        case "upperLetter":
            return _letters(value).upper()
        case "lowerRoman":
            return _roman(value)
        case "upperRoman":
            return _roman(value).upper()
        case "none":
            return ""
        case _:
            return str(value)


# ---- numbering definitions --------------------------------------------------------------------


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart_after: int | None = None
    legal: bool = False


@dataclass
class _Numbering:
    abstract_levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    num_to_abstract: dict[str, str] = field(default_factory=dict)
    start_overrides: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Element | None, budget: Budget) -> _Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iter(W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(W + "lvl"):
                level = _Level()
                level.start = budget.check_number(to_int(_val(lvl.find(W + "start")), 1))
                if (fmt := _val(lvl.find(W + "numFmt"))) is not None:
                    level.fmt = fmt
                text = lvl.find(W + "lvlText")
                if text is not None:
                    level.text = budget.check_level_text(_val(text) or "")
                if (restart := _val(lvl.find(W + "lvlRestart"))) is not None:
                    level.restart_after = to_int(restart, 1)
                level.legal = lvl.find(W + "isLgl") is not None
                levels[_level(_val(lvl, "ilvl"))] = level
            numbering.abstract_levels[_val(abstract, "abstractNumId") or ""] = levels
        for num in root.iter(W + "num"):
            num_id = _val(num, "numId") or ""
            numbering.num_to_abstract[num_id] = _val(num.find(W + "abstractNumId")) or ""
            overrides: dict[int, int] = {}
            for override in num.iter(W + "lvlOverride"):
                start = _val(override.find(W + "startOverride"))
                if start is not None:
                    value = budget.check_number(to_int(start, 1))
                    overrides[_level(_val(override, "ilvl"))] = value
            numbering.start_overrides[num_id] = overrides
        return numbering


def _level(value: str | None) -> int:
    """A list level: Word has nine (0–8); what is not one of them is the first."""
    level = to_int(value, 0)
    return level if 0 <= level <= 8 else 0


class _Counters:
    """Word's running list counters: one set per abstract list, restarted by overrides."""

    def __init__(self, numbering: _Numbering) -> None:
        self._numbering = numbering
        self._values: dict[str, dict[int, int]] = {}
        self._seen_nums: set[str] = set()

    def label(self, num_id: str, ilvl: int) -> str | None:
        abstract_id = self._numbering.num_to_abstract.get(num_id)
        if abstract_id is None:
            return None
        levels = self._numbering.abstract_levels.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet":
            return None
        values = self._values.setdefault(abstract_id, {})
        if num_id not in self._seen_nums:
            self._seen_nums.add(num_id)
            for override_level, start in self._numbering.start_overrides.get(num_id, {}).items():
                values[override_level] = start - 1
                for deeper in [key for key in values if key > override_level]:
                    del values[deeper]
        values[ilvl] = values.get(ilvl, level.start - 1) + 1
        for deeper in [key for key in values if key > ilvl]:
            deeper_level = levels.get(deeper)
            if deeper_level is None or deeper_level.restart_after != 0:
                del values[deeper]
        text = level.text
        for index in range(9, -1, -1):
            token = f"%{index + 1}"
            if token not in text:
                continue
            source = levels.get(index, _Level())
            value = values.get(index, source.start)
            fmt = "decimal" if level.legal else source.fmt
            text = text.replace(token, format_number(value, fmt))
        return text


@dataclass
class _Style:
    num_id: str | None = None
    ilvl: int | None = None
    based_on: str | None = None


def _load_styles(root: Element | None) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for style in root.iter(W + "style"):
        if style.get(W + "type") not in (None, "paragraph"):
            continue
        entry = _Style(based_on=_val(style.find(W + "basedOn")))
        num_pr = style.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            entry.num_id = _val(num_pr.find(W + "numId"))
            ilvl = _val(num_pr.find(W + "ilvl"))
            entry.ilvl = _level(ilvl) if ilvl is not None else None
        styles[style.get(W + "styleId") or ""] = entry
    return styles


# ---- the body ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self, package: Package, budget: Budget) -> None:
        self._budget = budget
        self._styles = _load_styles(package.xml("word/styles.xml"))
        numbering = _Numbering.load(package.xml("word/numbering.xml"), budget)
        self._counters = _Counters(numbering)

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            if style.num_id is not None:
                return style.num_id, style.ilvl
            style_id = style.based_on
        return None, None

    def paragraph_text(self, paragraph: Element, depth: int) -> str:
        self._budget.spend_block()
        ppr = paragraph.find(W + "pPr")
        text = self._budget.spend_text("".join(_runs_text(paragraph, self._budget, depth)))
        num_id: str | None = None
        ilvl: int | None = None
        style_id = None
        if ppr is not None:
            style_id = _val(ppr.find(W + "pStyle"))
            num_pr = ppr.find(W + "numPr")  # a numPr inside pPrChange is history, not this one
            if num_pr is not None:
                num_id = _val(num_pr.find(W + "numId"))
                level_text = _val(num_pr.find(W + "ilvl"))
                ilvl = _level(level_text) if level_text is not None else None
        style_num, style_ilvl = self._style_numbering(style_id)
        num_id = num_id if num_id is not None else style_num
        if num_id is None or num_id == "0":
            return text
        if not text.strip():
            return text
        level = ilvl if ilvl is not None else (style_ilvl or 0)
        label = self._budget.spend_text(self._counters.label(num_id, level) or "")
        return label + text

    def blocks(self, container: Element, depth: int = 0) -> Iterator[Block]:
        self._budget.check_depth(depth)
        for child in container:
            tag = child.tag
            if tag == W + "p":
                text = self.paragraph_text(child, depth)
                if text.strip():
                    yield Paragraph(text)
            elif tag == W + "tbl":
                yield self.table(child, depth + 1)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from self.blocks(content, depth + 1)
            elif tag in (W + "customXml", W + "ins", W + "smartTag"):
                yield from self.blocks(child, depth + 1)

    def _cell_text(self, cell: Element, depth: int) -> str:
        parts: list[str] = []
        for block in self.blocks(cell, depth + 1):
            if isinstance(block, Paragraph):
                parts.append(block.text)
            else:
                parts.extend(" ".join(c for c in row if c) for row in block.rows)
        return "\n".join(parts).strip()

    def table(self, table: Element, depth: int) -> Table:
        budget = self._budget
        rows: list[list[str]] = []
        restarts: dict[int, str] = {}
        for tr in table.findall(W + "tr"):
            budget.spend_block()
            row: list[str] = []
            trpr = tr.find(W + "trPr")
            before = _val(trpr.find(W + "gridBefore")) if trpr is not None else None
            row.extend([""] * budget.check_columns(max(to_int(before, 0), 0)))
            for tc in tr.findall(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span_text = _val(tcpr.find(W + "gridSpan")) if tcpr is not None else None
                span = budget.check_columns(max(to_int(span_text, 1), 1))
                merge = tcpr.find(W + "vMerge") if tcpr is not None else None
                column = len(row)
                if merge is not None and _val(merge) != "restart":
                    text = restarts.get(column, "")
                    self._cell_text(tc, depth)  # keeps list counters in step with Word
                else:
                    text = self._cell_text(tc, depth)
                    if merge is not None:
                        restarts[column] = text
                    else:
                        restarts.pop(column, None)
                row.append(text)
                row.extend([""] * (span - 1))
            budget.spend_cells(len(row))
            rows.append(row)
        width = max((len(row) for row in rows), default=0)
        return Table(rows=tuple(tuple(row + [""] * (width - len(row))) for row in rows))


def _runs_text(element: Element, budget: Budget, depth: int) -> Iterator[str]:
    """The visible text of a paragraph: runs, hyperlinks, insertions; not deletions or fields."""
    budget.check_depth(depth)
    for child in element:
        tag = child.tag
        if tag == W + "r":
            for part in child:
                if part.tag == W + "t":
                    yield part.text or ""
                elif part.tag == W + "tab":
                    yield "\t"
                elif part.tag in (W + "br", W + "cr"):
                    yield "\n"
                elif part.tag == W + "sym":
                    yield ""
        elif tag in (
            W + "hyperlink",
            W + "ins",
            W + "smartTag",
            W + "fldSimple",
            W + "customXml",
            W + "sdt",
            W + "sdtContent",
            W + "bdo",
            W + "dir",
        ):
            yield from _runs_text(child, budget, depth + 1)


def read_docx(data: bytes, name: str, budget: Budget | None = None) -> list[Block]:
    """Read a .docx file's paragraphs and tables in order, numbering labels included.

    Raises:
        DocumentError: when the file is damaged, unsafe or not a Word document.
    """
    package = Package(data, name)
    document = package.xml("word/document.xml")
    if document is None:
        raise DocumentError(f"“{name}”不是 Word 文档(.docx)。")
    body = document.find(W + "body")
    if body is None:
        return []
    return list(_Reader(package, budget or Budget(name)).blocks(body))
