"""Task tables (任务分解表): columns found by their header names, not their position."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.domain import UnitRole
from tracker.importing import deadlines
from tracker.importing.blocks import Table
from tracker.importing.model import ParsedItem, ParsedUnit
from tracker.importing.outline import LabelKind, match_label
from tracker.importing.textnorm import fold
from tracker.importing.titles import lead_sentence
from tracker.importing.units import apply_first_is_lead, labelled_units, split_names

#: Header words per field, most specific first (a header cell is matched by the first hit).
_HEADERS: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(?:序号|编号|序|项目编号|任务编号)$")),
    # Before the unit columns: 责任单位负责人 is a person, not a unit.
    ("owner", re.compile(r"(?:负责人|联系人|经办人|责任人)$")),
    ("lead", re.compile(r"(?:牵头|主责)(?:责任|负责)?(?:单位|部门|科室|股室|处室)|^牵头$")),
    (
        "support",
        re.compile(r"(?:配合|协办|协助|参与|协作|协同)(?:责任)?(?:单位|部门|科室|股室|处室)|^配合$"),
    ),
    (
        "responsible",
        re.compile(
            r"(?:责任|承办|实施|主办|负责|主体|落实)(?:责任)?"
            r"(?:单位|部门|科室|股室|处室|处|科|股|室|局)"
        ),
    ),
    ("leader", re.compile(r"(?:责任|分管|牵头|包保|联系)领导|^领导$")),
    ("owner", re.compile(r"责任人|联系人|经办人|具体负责人")),
    ("deadline", re.compile(r"时限|完成时间|时间节点|完成期限|完成日期|进度安排")),
    ("remarks", re.compile(r"^备注$")),
    ("category", re.compile(r"^(?:类别|分类|领域|板块|类型|重点领域|考核项目)$")),
    (
        "content",
        re.compile(
            r"内容$|要求$|措施$|举措$|具体任务|^内容$|目标任务|工作目标"
        ),
    ),
    ("task", re.compile(r"任务|事项|工作$|^项目$|项目名称|工作要点|重点工作|考核指标")),
]


_UNIT_FIELDS = frozenset({"lead", "support", "responsible"})


@dataclass
class TableLayout:
    """Which column holds which field, and the row the header is on."""

    header_row: int
    columns: dict[str, int] = field(default_factory=dict)
    #: Further columns of the same unit field, in order (a second 责任单位 column).
    extra: dict[str, list[int]] = field(default_factory=dict)


def _clean(cell: str) -> str:
    return re.sub(r"\s+", "", fold(cell))


def header_field(cell: str) -> str | None:
    """The field a header cell names (``牵头单位`` → ``lead``), or None."""
    text = _clean(cell)
    if not text or len(text) > 12:
        return None
    for name, pattern in _HEADERS:
        if pattern.search(text):
            return name
    return None


def find_layout(table: Table, max_header_row: int = 6) -> TableLayout | None:
    """Find the header row among the first rows; None when the table is not a task table."""
    for row_index, row in enumerate(table.rows[:max_header_row]):
        columns: dict[str, int] = {}
        extra: dict[str, list[int]] = {}
        for column, cell in enumerate(row):
            name = header_field(cell)
            if name is None:
                continue
            if name not in columns:
                columns[name] = column
            elif name in _UNIT_FIELDS:
                # A second unit column (主体责任单位 beside 牵头责任单位) is kept, not dropped.
                extra.setdefault(name, []).append(column)
        has_text = "task" in columns or "content" in columns
        if has_text and len(columns) >= 2:
            return TableLayout(header_row=row_index, columns=columns, extra=extra)
    return None


def _cell(row: tuple[str, ...], layout: TableLayout, name: str) -> str:
    column = layout.columns.get(name)
    if column is None or column >= len(row):
        return ""
    return row[column].strip()


def table_items(
    table: Table,
    layout: TableLayout,
    *,
    heading_path: list[str],
    base_year: int | None,
    first_is_lead: bool,
    anchor: date | None = None,
) -> tuple[list[ParsedItem], list[str]]:
    """Turn the rows under the header into items; return them and the rows' unused text.

    ``anchor`` is the document's date, for deadline cells counted from it (5个工作日内).
    """
    items: list[ParsedItem] = []
    unused: list[str] = []
    section: list[tuple[int, str]] = []
    text_columns = {layout.columns[n] for n in ("task", "content") if n in layout.columns}
    for row in table.rows[layout.header_row + 1 :]:
        values = [cell.strip() for cell in row]
        distinct = {value for value in values if value}
        if not distinct:
            continue
        task = _cell(row, layout, "task")
        content = _cell(row, layout, "content")
        if len(distinct) == 1 and _is_heading_row(values, text_columns):
            title = next(iter(distinct))
            label = match_label(title)
            rank = int(label.kind) if label is not None else -1
            section = [(r, t) for r, t in section if -1 < r < rank] + [(rank, title)]
            continue
        if not task and not content:
            unused.append(" ".join(v for v in values if v))
            continue
        text = content or task
        category = _cell(row, layout, "category")
        units = _units(row, layout, first_is_lead)
        deadline_cell = _cell(row, layout, "deadline")
        deadline = (
            deadlines.parse_phrase(deadline_cell, base_year, anchor=anchor)
            if deadline_cell
            else deadlines.from_text(text, base_year)
        )
        number = _cell(row, layout, "number") or None
        items.append(
            ParsedItem(
                title=_cell_title(task) if task else lead_sentence(_without_label(content)),
                content=text,
                number=number,
                heading_path=[
                    *heading_path,
                    *(title for _, title in section),
                    *([category] if category else []),
                ],
                units=units,
                deadline_text=deadline.text,
                due_date=deadline.due,
                deadline_kind=deadline.kind,
                leader=_cell(row, layout, "leader") or None,
                owner=_cell(row, layout, "owner") or None,
            )
        )
    return items, unused


def _cell_title(task: str) -> str:
    """The title of a 工作任务 cell: a short cell broken over lines is one title."""
    if "\n" in task and len(task) <= 40:
        task = "".join(line.strip() for line in task.split("\n"))
    return lead_sentence(task)


def _is_heading_row(values: list[str], text_columns: set[int]) -> bool:
    """A row carrying only a section title (一、… across merged cells, or outside the text)."""
    filled = [index for index, value in enumerate(values) if value]
    label = match_label(values[filled[0]])
    if label is not None and label.kind <= LabelKind.SECTION:
        return True
    return not set(filled) & text_columns


def _without_label(text: str) -> str:
    label = match_label(text)
    return text[label.text_start :] if label else text


def _column_units(
    row: tuple[str, ...], layout: TableLayout, name: str, role: UnitRole
) -> list[ParsedUnit]:
    columns = [layout.columns[name], *layout.extra.get(name, [])] if name in layout.columns else []
    units: list[ParsedUnit] = []
    for column in columns:
        if column < len(row):
            cell = row[column].strip()
            labelled = labelled_units(cell)
            units.extend(labelled if labelled is not None else split_names(cell, role)[0])
    return units


def _units(row: tuple[str, ...], layout: TableLayout, first_is_lead: bool) -> list[ParsedUnit]:
    units: list[ParsedUnit] = []
    responsible = _column_units(row, layout, "responsible", UnitRole.RESPONSIBLE)
    if first_is_lead:
        responsible = apply_first_is_lead(responsible)
    lead = _column_units(row, layout, "lead", UnitRole.LEAD)
    support = _column_units(row, layout, "support", UnitRole.SUPPORT)
    seen: set[str] = set()
    for unit in [*lead, *responsible, *support]:
        if unit.name not in seen:
            seen.add(unit.name)
            units.append(unit)
    return units
