"""任务分解表 tables that a web copy flattened into lines of text, rebuilt as tables.

Two shapes are common: a row per line with its cells separated by tabs or ``|``, and one cell
per line, each row starting with its 序号. Both follow a header row (序号 / 重点任务 / 牵头单位 /
配合单位 / 完成时限) that says what each cell is. The rebuilt table goes through the same reading
as a Word or Excel table (tables.py).

With one cell per line, empty cells leave no line and a cell with line breaks leaves several,
so the lines of a row are fitted to the columns by what they look like (unit names, a
deadline phrase, a person, running text), keeping their order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tracker.importing.blocks import Table
from tracker.importing.deadlines import find_date_phrases
from tracker.importing.outline import LabelKind, match_label
from tracker.importing.tables import find_layout, header_field
from tracker.importing.textnorm import fold
from tracker.importing.units import looks_like_unit

_DELIMITER = re.compile(r"\t|\s*[|｜]\s*")
_SERIAL = re.compile(r"^\s*(\d{1,3})\s*[.、]?\s*$")
_ONGOING = re.compile(r"长期|持续|常态|每(?:月|季|年|半年|周)|定期|按期|及时")
_TEXT_FIELDS = frozenset({"task", "content"})
_UNIT_FIELDS = frozenset({"lead", "support", "responsible"})
_PERSON_FIELDS = frozenset({"leader", "owner"})
#: Header rows are short: a longer run of short lines is not a header.
_MAX_HEADER_CELLS = 12


Piece = list[str] | Table


def rebuild_tables(lines: Sequence[str]) -> list[Piece]:
    """Split ``lines`` into runs of ordinary lines and tables rebuilt from flattened ones."""
    pieces: list[Piece] = []
    plain: list[str] = []
    index = 0
    while index < len(lines):
        found = _delimited_table(lines, index) or _cell_per_line_table(lines, index)
        if found is None:
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


# ---- a row per line ------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in _DELIMITER.split(line.strip().strip("|｜"))]


def _delimited_table(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    header = lines[start]
    if "\t" not in header and "|" not in header and "｜" not in header:
        return None
    cells = _cells(header)
    if len(cells) < 3 or find_layout(Table(rows=(tuple(cells),)), max_header_row=1) is None:
        return None
    width = len(cells)
    rows: list[tuple[str, ...]] = [tuple(cells)]
    index = start + 1
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        if _DELIMITER.search(line):
            row = _cells(line)
            rows.append(tuple((row + [""] * width)[: max(width, len(row))]))
        elif _is_group_row(line):
            rows.append((line,) + ("",) * (width - 1))
        else:
            break
        index += 1
    if len(rows) < 2:
        return None
    return Table(rows=tuple(rows)), index


# ---- one cell per line ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    field: str | None
    header: str


def _header_run(lines: Sequence[str], start: int) -> list[_Column] | None:
    columns: list[_Column] = []
    index = start
    while index < len(lines) and len(columns) < _MAX_HEADER_CELLS:
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        name = header_field(line)
        if name is None:
            break
        columns.append(_Column(name, line))
        index += 1
    fields = [column.field for column in columns]
    if len(columns) < 3 or fields[0] != "number" or len(set(fields)) < len(fields):
        return None
    if not _TEXT_FIELDS & set(fields) or not (_UNIT_FIELDS | {"deadline"}) & set(fields):
        return None
    return columns


def _cell_per_line_table(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    columns = _header_run(lines, start)
    if columns is None:
        return None
    index = start
    seen = 0
    while seen < len(columns):
        if lines[index].strip():
            seen += 1
        index += 1
    rows: list[list[str]] = []
    groups: list[tuple[int, str]] = []
    expected = 1
    current: list[str] | None = None
    end = index
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line:
            continue
        serial = _SERIAL.match(fold(line))
        if serial and int(serial.group(1)) in (expected, 1):
            current = [line]
            rows.append(current)
            expected = int(serial.group(1)) + 1
            end = index
            continue
        if _is_group_row(line) and (current is None or len(current) > 1):
            groups.append((len(rows), line))
            current = None
            end = index
            continue
        if current is None:
            break
        current.append(line)
        end = index
    if not rows:
        return None
    width = len(columns)
    table_rows: list[tuple[str, ...]] = [tuple(column.header for column in columns)]
    group_at = dict(groups)
    for row_index, row in enumerate(rows):
        if row_index in group_at:
            table_rows.append((group_at[row_index],) + ("",) * (width - 1))
        table_rows.append(tuple([row[0], *_fit(row[1:], [c.field for c in columns[1:]])]))
    if len(rows) in group_at:
        table_rows.append((group_at[len(rows)],) + ("",) * (width - 1))
    return Table(rows=tuple(table_rows)), end


def _is_group_row(line: str) -> bool:
    label = match_label(line)
    return label is not None and label.kind <= LabelKind.SECTION and len(line) <= 60


# ---- fitting the lines of a row to its columns --------------------------------------------

_EMPTY_COST = {"task": 3.0, "content": 1.5}


def _fit(cells: list[str], fields: list[str | None]) -> list[str]:
    """Give each column a run of the row's lines (in order), as well as they fit.

    A dynamic programme over (lines used, columns filled); a column may stay empty or take
    several lines (a cell with line breaks), at a cost that depends on what the lines look like.
    """
    count, width = len(cells), len(fields)
    if count == width and all(_cost(cell, field) < 2 for cell, field in zip(cells, fields, strict=True)):
        return list(cells)
    infinity = float("inf")
    best = [[infinity] * (width + 1) for _ in range(count + 1)]
    choice: list[list[int]] = [[0] * (width + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for column in range(1, width + 1):
        field = fields[column - 1]
        for used in range(count + 1):
            for take in range(used + 1):
                previous = best[used - take][column - 1]
                if previous == infinity:
                    continue
                cost = previous + _run_cost(cells[used - take : used], field)
                if cost < best[used][column]:
                    best[used][column] = cost
                    choice[used][column] = take
    result = [""] * width
    used = count
    for column in range(width, 0, -1):
        take = choice[used][column]
        result[column - 1] = "\n".join(cells[used - take : used])
        used -= take
    return result


def _run_cost(run: list[str], field: str | None) -> float:
    if not run:
        return _EMPTY_COST.get(field or "", 0.4)
    cost = sum(_cost(line, field) for line in run)
    if len(run) > 1 and field not in _TEXT_FIELDS:
        cost += 0.6 * (len(run) - 1)
    return cost


@lru_cache(maxsize=4096)
def _cost(line: str, field: str | None) -> float:
    folded = fold(line)
    long_text = len(folded) > 30 or folded.rstrip().endswith("。")
    units = _unit_list(line)
    dated = bool(find_date_phrases(line, None)) or bool(_ONGOING.search(folded))
    if field in _TEXT_FIELDS:
        return 0.0 if long_text else (1.2 if units or dated else 0.5)
    if field in _UNIT_FIELDS:
        return 0.0 if units else (2.5 if long_text else 1.5)
    if field == "deadline":
        return 0.0 if dated and len(folded) <= 40 else (3.0 if long_text else 1.5)
    if field in _PERSON_FIELDS:
        return 0.2 if len(folded) <= 12 and not units and not dated else 2.0
    return 0.8 if not long_text else 1.5


def _unit_list(line: str) -> bool:
    names = [name for name in re.split(r"[、,，;；\s]+", fold(line).strip("。 ")) if name]
    return bool(names) and all(looks_like_unit(name) for name in names)
