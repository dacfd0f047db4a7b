"""任务分解表 tables that a web copy flattened into lines of text, rebuilt as tables.

A copied table arrives in many shapes: a row per line with its cells separated by tabs or
``|``, one cell per line (with or without ``|`` lines between them), and in both, cells merged
over several rows printed only once, so that later rows are shorter and their cells no longer
line up with the header. What stays reliable is the header (序号 / 工作任务 / 具体要求 /
牵头单位 / 配合单位 / 完成时限 …), the order of the cells, and what each cell looks like: a 序号,
a heading (一、…), a task's text, a list of unit names, a deadline phrase, a person.

So the cells after the header are read as a stream and each task is assembled from them by
their kind, in the header's order: a 序号 or a new task text starts a task, unit lists fill the
header's unit columns one after the other, a deadline phrase fills the 完成时限 column, a short
unnumbered text in a table with both a 工作任务 and a 具体要求 column is the 工作任务 shared by the
rows below it (a merged cell). The rebuilt table then goes through the same reading as a Word or
Excel table (tables.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from tracker.domain import UnitRole
from tracker.importing.blocks import Table
from tracker.importing.deadlines import is_deadline_phrase
from tracker.importing.outline import LabelKind, match_label
from tracker.importing.tables import header_field
from tracker.importing.textnorm import fold
from tracker.importing.units import looks_like_unit, split_names

Piece = list[str] | Table

_DELIMITER = re.compile(r"\t|\s*[|｜]\s*")
_SEPARATOR_LINE = re.compile(r"^[\s|｜]*$")
_SERIAL = re.compile(r"^\s*(\d{1,3})\s*[.、]?\s*$")
#: Header cells that name no field of ours but are part of a task table's header.
_OTHER_HEADER = re.compile(
    r"^(?:单位|计量单位|年度目标|目标值|指标值|分值|权重|评分部门|评分单位|考核部门|考核单位|"
    r"督查单位|备注|进展情况|完成情况|工作进展|推进情况|工作评价|评价|.{0,6}进度安排|"
    r"一级要点|二级要点|三级要点|要点|类别|参考文件|政策依据|依据|文件依据|工作依据|"
    r"投资额.{0,10}|总投资.{0,10}|投资规模.{0,10}|企业方?联系人.{0,8}|联系方式|负责事项|责任事项|"
    r"工作职责|职责分工|截止日期.{0,12})$"
)
_TEXT_FIELDS = ("task", "content")
_UNIT_LABEL_TOKEN = re.compile(r"(?:^|(?<=[;；]))(?:牵头|配合|责任|协办|主责)(?:单位|部门)\s*[:]$")
_UNIT_FIELDS = ("lead", "responsible", "support")
_PERSON_FIELDS = ("leader", "owner")
_MAX_HEADER_CELLS = 14
_MAX_HEADING = 40


class _Kind(Enum):
    SERIAL = "serial"
    HEADING = "heading"
    TEXT = "text"
    UNITS = "units"
    DEADLINE = "deadline"
    PERSON = "person"
    OTHER = "other"


def rebuild_tables(lines: Sequence[str]) -> list[Piece]:
    """Split ``lines`` into runs of ordinary lines and tables rebuilt from flattened ones."""
    pieces: list[Piece] = []
    plain: list[str] = []
    index = 0
    while index < len(lines):
        found = _table_at(lines, index)
        if found is None:
            glued = _glued_table(lines[index]) if len(lines[index]) > _GLUED_LINE else None
            if glued is not None:
                before, table, after = glued
                plain.extend(before)
                if plain:
                    pieces.append(plain)
                pieces.append(table)
                plain = list(after)
                index += 1
                continue
            plain.append(lines[index])
            index += 1
            continue
        table, index = found
        if plain:
            pieces.append(plain)
            plain = []
        pieces.append(table)
    if plain:
        pieces.append(plain)
    return pieces


# ---- a whole table glued into one line ------------------------------------------------------

#: A page whose whitespace a copy collapsed: the table's cells are separated by single spaces.
_GLUED_LINE = 300
_GLUED_HEADER = re.compile(r"(?:^|\s)(序\s?号)\s")


def _glued_table(line: str) -> tuple[list[str], Table, list[str]] | None:
    """Rebuild a table that a copy glued into one long line, cells and rows split by spaces.

    ``…分解汇总表 序号 项目名称 项目内容 … 责任单位 1 台湾国泰… 10 叶勤135… 郭小童 区财政金融局``:
    the header is found as a run of header words after 序号, the rows as the tokens after it.
    """
    for start in _GLUED_HEADER.finditer(line):
        tokens = line[start.start(1) :].split()
        fields: list[str | None] = []
        texts: list[str] = []
        for token in tokens[:_MAX_HEADER_CELLS]:
            ok, name = _header_cell(token)
            if not ok:
                break
            fields.append(name)
            texts.append(token)
        if not _usable(fields):
            continue
        layout = _Layout.of(fields, texts)
        rows = _assemble(tokens[len(fields) :], layout, glued=True)
        if sum(1 for row in rows if len(row) > 1 and any(row[1:])) < 2:
            continue
        before = line[: start.start(1)].strip()
        return ([before] if before else []), Table(rows=(layout.header(), *rows)), []
    return None


# ---- the header ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Header:
    #: The field of each header cell (None: a column we do not read, such as 单位 or 备注).
    fields: tuple[str | None, ...]
    #: The index of the first line after the header.
    end: int
    #: The header cells as printed.
    texts: tuple[str, ...] = ()
    #: One cell per line with blank (or ``|``) lines between the cells: the lines between two
    #: separators are one cell with line breaks.
    separated: bool = False


def _header_cell(cell: str) -> tuple[bool, str | None]:
    """Whether ``cell`` can be a header cell, and the field it names."""
    text = re.sub(r"\s+", "", fold(cell))
    if _OTHER_HEADER.match(text):
        return True, None
    name = header_field(cell)
    return name is not None, name


def _usable(fields: Sequence[str | None], least: int = 3) -> bool:
    known = [name for name in fields if name]
    if len(fields) < least or len(known) < 2 or len(set(known)) < len(known) - 2:
        return False
    has_text = any(name in _TEXT_FIELDS for name in known)
    return has_text and any(name in (*_UNIT_FIELDS, "deadline") for name in known)


def _header_at(lines: Sequence[str], start: int) -> _Header | None:
    line = lines[start].strip()
    if not line or (len(line) > 16 and "\t" not in line and "|" not in line and "｜" not in line):
        return None  # header cells are short; most lines of a document are not
    if _SEPARATOR_LINE.match(line):
        return None
    if _is_row(line):
        cells = [cell for cell in _split(line) if cell]
        judged = [_header_cell(cell) for cell in cells]
        unknown = [cell for cell, (ok, _) in zip(cells, judged, strict=True) if not ok]
        # One short header of ours unknown (主线, 序) does not make it another kind of table.
        if len(cells) >= 2 and (not unknown or (len(unknown) == 1 and len(unknown[0]) <= 6)):
            named = tuple(name for _, name in judged)
            # A row of cells split by | is a table row already: two header cells will do.
            if _usable(named, least=2):
                return _Header(named, start + 1, tuple(cells))
        return None
    fields: list[str | None] = []
    texts: list[str] = []
    index = start
    gaps = 0
    while index < len(lines) and len(fields) < _MAX_HEADER_CELLS:
        cell = lines[index].strip()
        if not cell or _SEPARATOR_LINE.match(cell):
            gaps += 1 if fields else 0
            index += 1
            continue
        if _is_row(cell):
            break
        cell = _single(cell)
        ok, name = _header_cell(cell)
        if not ok:
            break
        fields.append(name)
        texts.append(cell)
        index += 1
    if not _usable(fields):
        return None
    return _Header(tuple(fields), index, tuple(texts), separated=gaps >= len(fields) - 1)


def _split(line: str) -> list[str]:
    return [cell.strip() for cell in _DELIMITER.split(line.strip().strip("|｜"))]


def _is_row(line: str) -> bool:
    """Whether a line holds several cells (split by tabs or ``|``), not one cell and a ``|``."""
    return bool(_DELIMITER.search(line)) and len([cell for cell in _split(line) if cell]) > 1


def _single(line: str) -> str:
    """A one-cell line without the ``|`` a copy left after it."""
    return line.strip().strip("|｜ \t")


# ---- the cells after it ------------------------------------------------------------------

_END_OF_TABLE = re.compile(
    r"^(?:附件\s*\d*\s*[:]?|抄送\s*[:]|.{0,30}?20\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:印发)?)$"
)


#: Markers in the cell stream of a row-per-line table: an empty cell between two filled ones
#: (a column left blank), and the start of a line that goes on with the cell before it (a cell
#: with a line break splits its row over two lines).
EMPTY = "\x00empty"
GOES_ON = "\x00goes-on"


def _row_cells(line: str, previous_width: int, width: int) -> list[str]:
    cells = _split(line)
    while cells and not cells[-1]:
        cells.pop()
    while cells and not cells[0]:
        cells.pop(0)
    marked = [cell if cell else EMPTY for cell in cells]
    if (
        marked
        and 0 < previous_width < width
        and len(cells) + previous_width - 1 <= width
        and _kind(cells[0]) in (_Kind.UNITS, _Kind.DEADLINE, _Kind.PERSON, _Kind.OTHER)
    ):
        marked.insert(0, GOES_ON)
    return marked


def _cells(lines: Sequence[str], header: _Header) -> tuple[list[str], int]:
    """The cells of the table body (in order) and the index of the first line after it."""
    cells: list[str] = []
    start = index = header.end
    joining = False
    previous_width = 0
    while index < len(lines):
        line = lines[index].strip()
        if not line or _SEPARATOR_LINE.match(line):
            joining = False
        else:
            folded = fold(line)
            if _END_OF_TABLE.match(folded) or (index > start and _header_at(lines, index)):
                break
            label = match_label(line)
            if (
                label is not None
                and label.kind <= LabelKind.CHAPTER
                and len(line) > 80
                and not _is_row(line)
            ):
                break  # a chapter of running text: the document goes on after its table
            if _is_row(line):
                row = _row_cells(line, previous_width, len(header.fields))
                cells.extend(row)
                previous_width = len([cell for cell in row if cell != GOES_ON])
            elif joining:
                cells[-1] += "\n" + _single(line)
            else:
                cells.append(_single(line))
                joining = header.separated
        index += 1
    return cells, index


@lru_cache(maxsize=4096)
def _kind(cell: str) -> _Kind:
    folded = fold(cell).strip()
    if _SERIAL.match(folded):
        return _Kind.SERIAL
    label = match_label(cell)
    if label is not None and label.kind <= LabelKind.SECTION and len(folded) <= _MAX_HEADING * 2:
        return _Kind.HEADING
    sentence = folded.endswith(("。", ";", "；")) or "。" in folded
    if not sentence and _unit_list(cell):
        return _Kind.UNITS
    if not sentence and is_deadline_phrase(cell):
        return _Kind.DEADLINE
    if re.search(r"\d{7,}|@|e-?mail", folded, re.IGNORECASE) and len(folded) <= 40:
        return _Kind.OTHER  # a contact: name, phone, e-mail
    if len(folded) <= 8 and re.fullmatch(r"[\u4e00-\u9fff·\s]{2,8}", folded):
        return _Kind.PERSON
    if len(folded) <= 3 or re.fullmatch(r"[\d.%≥≤<>+\-—~万亿元个家所项次人名年月日]*", folded):
        return _Kind.OTHER
    return _Kind.TEXT


def _unit_list(cell: str) -> bool:
    units, _ = split_names(cell, UnitRole.RESPONSIBLE)
    odd = sum(1 for unit in units if not looks_like_unit(unit.name))
    # One odd name in a long list is a name cut off or misspelt, not running text.
    return bool(units) and (odd == 0 or (len(units) >= 3 and odd == 1))


# ---- assembling the rows -----------------------------------------------------------------


@dataclass
class _Row:
    number: str = ""
    task: str = ""
    text: list[str] = field(default_factory=list)
    units: dict[int, list[str]] = field(default_factory=dict)
    deadline: str = ""
    person: str = ""
    other: str = ""
    #: Unit columns left blank in this row before the next unit list.
    skipped: int = 0
    #: The next text is this row's 工作任务 (its number came first).
    expects_task: bool = False

    @property
    def empty(self) -> bool:
        return not self.text and not self.task


@dataclass
class _Layout:
    """The columns of the rebuilt table, from the header's fields."""

    unit_fields: tuple[str, ...]
    two_texts: bool
    deadline: bool
    person: str | None
    #: A column we do not read (参考文件, 备注) comes after the units: a text there is not a task.
    trailing_other: bool = False
    #: The unit column headed 配合/责任单位: support beside a lead, responsible without one.
    dual: int | None = None
    #: The 序号 column comes before the 工作任务 column: every row names its own task after
    #: its number (no task is shared from the rows above).
    task_after_number: bool = False
    #: A person's column (牵头领导) comes before the units: a name before it is something else
    #: (a company in the contact column).
    person_first: bool = False

    @classmethod
    def of(cls, fields: Sequence[str | None], headers: Sequence[str] = ()) -> _Layout:
        units = tuple(name for name in fields if name in _UNIT_FIELDS)
        unit_headers = [text for text, name in zip(headers, fields, strict=False) if name in units]
        dual = next(
            (
                position
                for position, text in enumerate(unit_headers)
                if "配合" in text and "责任" in text
            ),
            None,
        )
        person = next((name for name in fields if name in _PERSON_FIELDS), None)
        filled = [i for i, name in enumerate(fields) if name in (*_UNIT_FIELDS, "deadline")]
        return cls(
            unit_fields=units,
            two_texts="task" in fields and "content" in fields,
            deadline="deadline" in fields,
            person=person,
            trailing_other=bool(filled) and None in fields[filled[-1] + 1 :],
            dual=dual,
            task_after_number=(
                "number" in fields
                and "task" in fields
                and fields.index("number") < fields.index("task")
            ),
            person_first=bool(units)
            and person is not None
            and fields.index(person) < min(fields.index(name) for name in units),
        )

    def header(self) -> tuple[str, ...]:
        names = {"lead": "牵头单位", "responsible": "责任单位", "support": "配合单位"}
        columns = ["序号", "工作任务", "具体内容"]
        columns += [
            "配合单位" if index == self.dual else names[name]
            for index, name in enumerate(self.unit_fields)
        ]
        if self.dual is not None:
            columns.append("责任单位")  # where the dual column goes in a row without a lead
        columns.append("完成时限")
        columns.append("责任领导" if self.person == "leader" else "责任人")
        return tuple(columns)


def _table_at(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    header = _header_at(lines, start)
    if header is None:
        return None
    cells, end = _cells(lines, header)
    layout = _Layout.of(header.fields, header.texts)
    rows = _assemble(cells, layout)
    if not any(len(row) > 1 for row in rows):
        return None
    return Table(rows=(layout.header(), *rows)), end


def _assemble(cells: list[str], layout: _Layout, *, glued: bool = False) -> list[tuple[str, ...]]:
    """Assemble the rows of the rebuilt table from the cells (or, ``glued``, the words)."""
    width = len(layout.header())
    out: list[tuple[str, ...]] = []
    row: _Row | None = None
    shared_task = ""
    expected_serial = 1
    units_seen = False

    def flush() -> None:
        nonlocal row
        if row is not None and not row.empty:
            out.append(_render(row, layout, width))
        row = None

    goes_on = False
    after_heading = False  # numbering may restart at 1 under a new heading row
    for position, cell in enumerate(cells):
        if cell == GOES_ON:
            goes_on = True
            continue
        if cell == EMPTY:
            if row is not None and row.text and layout.unit_fields:
                row.skipped += 1  # a unit column left blank: the next list is the next column
            continue
        continuing, goes_on = goes_on, False
        kind = _kind(cell)
        if kind is _Kind.PERSON and (not layout.person or row is None or not row.text):
            kind = _Kind.TEXT  # "系统方案": a short task, not a person's name
        following = _kind(cells[position + 1]) if position + 1 < len(cells) else None
        if kind is _Kind.SERIAL:
            value = int(_SERIAL.match(fold(cell)).group(1))  # type: ignore[union-attr]
            # The next 序号 (or one skipped, or a restart at 1); any other number is data
            # (an amount, a count) in a row that is already open.
            if (
                row is None
                or value in (expected_serial, expected_serial + 1)
                or (value == 1 and after_heading)
            ):
                flush()
                if layout.task_after_number:
                    shared_task = ""
                row = _Row(number=cell.strip().rstrip(".、"), task=shared_task)
                row.expects_task = layout.two_texts and layout.task_after_number
                expected_serial = value + 1
                units_seen = False
                continue
            kind = _Kind.OTHER
        after_heading = False
        if kind is _Kind.HEADING or (not glued and _is_group_title(cell, following)):
            flush()
            out.append((cell,) + ("",) * (width - 1))
            shared_task = ""
            after_heading = True
            continue
        if row is not None and row.expects_task and kind is not _Kind.OTHER:
            row.task, row.expects_task = cell, False  # the task's name, right after its 序号
            continue
        if row is not None and _UNIT_LABEL_TOKEN.match(fold(cell)) and layout.unit_fields:
            # "牵头单位: X 配合单位: Y" written inside one 责任单位 cell: kept with its labels.
            column = max(row.units) if row.units else min(row.skipped, len(layout.unit_fields) - 1)
            row.units.setdefault(column, []).append(cell)
            units_seen = True
            continue
        if kind is _Kind.TEXT:
            if row is not None and row.text and units_seen and layout.trailing_other:
                row.other += cell  # 参考文件, 备注, 负责事项: a column we do not read
                continue
            if layout.two_texts and _is_task_title(cell, following):
                if row is not None and (row.text or units_seen):
                    flush()
                shared_task = cell
                if row is not None:
                    row.task = cell
                continue
            if row is None or (row.text and units_seen):
                flush()
                row = _Row(task=shared_task)
                units_seen = False
            row.text.append(cell)
            continue
        if row is None:
            continue
        if kind is _Kind.UNITS and layout.person_first and not row.person:
            continue  # a company named in the contact column, before 牵头领导
        if kind is _Kind.UNITS and layout.unit_fields:
            if continuing and row.units:
                column = max(row.units)  # the rest of a cell broken over two lines
            else:
                column = min(len(row.units) + row.skipped, len(layout.unit_fields) - 1)
            row.units.setdefault(column, []).append(cell)
            units_seen = True
        elif kind is _Kind.DEADLINE and layout.deadline and not row.deadline:
            row.deadline = cell
        elif kind is _Kind.PERSON and layout.person and not row.person:
            row.person = cell
    flush()
    return out


def _is_task_title(cell: str, following: _Kind | None) -> bool:
    """A short unnumbered text followed by a task text: the shared 工作任务 of a merged cell."""
    folded = fold(cell).strip()
    if match_label(cell) is not None or re.search(r"[。;!?]", folded) or len(folded) > 30:
        return False  # a sentence is a task's text, not the name of a task
    return following in (_Kind.TEXT, _Kind.SERIAL)


def _is_group_title(cell: str, following: _Kind | None) -> bool:
    """A short numbered line (``1.持续提升政务服务效能``) heading the task texts below it."""
    label = match_label(cell)
    folded = fold(cell).strip()
    if label is None or label.kind != LabelKind.ITEM or len(folded) > 25:
        return False
    return not re.search(r"[。;]", folded) and following is _Kind.TEXT


def _join_names(parts: list[str]) -> str:
    """The pieces of a unit cell as one list, labels (牵头单位:) starting their own segment."""
    text = ""
    for part in parts:
        if _UNIT_LABEL_TOKEN.match(fold(part)):
            text += ("；" if text else "") + part
        elif text and not _UNIT_LABEL_TOKEN.search(fold(text[-8:])):
            text += "、" + part
        else:
            text += part
    return text


def _render(row: _Row, layout: _Layout, width: int) -> tuple[str, ...]:
    text = "\n".join(row.text)
    number = row.number
    label = match_label(text) if text else None
    if not number and label is not None and label.kind == LabelKind.ITEM:
        number = label.number
    cells = [number, row.task, text or row.task]
    units = {column: _join_names(names) for column, names in row.units.items()}
    has_lead = any(
        units.get(column) for column, name in enumerate(layout.unit_fields) if name == "lead"
    )
    moved = ""
    if layout.dual is not None and not has_lead:
        moved = units.pop(layout.dual, "")
    for column in range(len(layout.unit_fields)):
        cells.append(units.get(column, ""))
    if layout.dual is not None:
        cells.append(moved)
    cells.append(row.deadline)
    cells.append(row.person)
    return tuple(cells + [""] * (width - len(cells)))

