"""Any returned workbook: a plan or the program's own error, never a crash."""

from __future__ import annotations

import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tracker.cli.output import progress_plan_json
from tracker.domain import SHEET_KEY_HEADER
from tracker.errors import DocumentError
from tracker.importing.progress_sheet import read_filled_workbook
from tracker.services.bundle import Services

HEADERS = [
    "序号",
    "工作任务",
    "本期进展",
    "进展情况",
    "存在问题",
    "下步计划",
    "状态",
    SHEET_KEY_HEADER,
    "备注",
    "",
    "无关",
]
CELL = st.one_of(
    st.none(),
    st.integers(-10, 10_000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            "已办结",
            "推进中",
            "完成了",
            "=1+1",
            "@x",
            "K:" + "a" * 32 + ":1:todo",
            "K:zz:1",
            "K:" + "0" * 32,
        ]
    ),
)


def _workbook(header_row: int, headers: list[str], rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=header_row, column=column, value=header or None)
    for offset, values in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(values, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=offset, column=column, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    header_row=st.integers(1, 12),
    headers=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=9),
    rows=st.lists(st.lists(CELL, max_size=9), max_size=12),
)
def test_any_filled_sheet_gives_a_plan_or_a_clear_error(
    services: Services, header_row: int, headers: list[str], rows: list[list[object]]
) -> None:
    data = _workbook(header_row, headers, rows)
    try:
        workbook = read_filled_workbook(data, "回收.xlsx")
    except DocumentError as error:
        assert error.message
        return
    plan = services.progress_imports.plan(workbook, "回收.xlsx")
    progress_plan_json(plan)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_clear_error(data: bytes) -> None:
    for head in (b"", b"PK\x03\x04"):
        try:
            read_filled_workbook(head + data, "x.xlsx")
        except DocumentError as error:
            assert error.message
