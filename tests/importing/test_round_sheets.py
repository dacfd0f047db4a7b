"""Returned round workbooks read right whoever saved them: LibreOffice, WPS, Excel, openpyxl.

WPS writes ``<dimension ref="A1"/>`` into sheets it saves; openpyxl's read-only mode trusts
that and would read the cell A1 alone. ``libreoffice-resaved.xlsx`` is a round's workbook
filled in and re-saved by LibreOffice (``tests/fixtures/rounds/regenerate.py`` rebuilds it).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import FIXTURES
from tests.fixtures.rounds.regenerate import PROBLEMS, REPORT
from tracker.domain import RoundTag, Status, format_round_tag, parse_round_tag
from tracker.errors import DocumentError
from tracker.importing.progress_sheet import read_filled_workbook

RESAVED = FIXTURES / "rounds" / "libreoffice-resaved.xlsx"


def wps_dimensions(data: bytes) -> bytes:
    """``data`` with every sheet's saved dimension rewritten to A1, as WPS writes it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                member, count = re.subn(
                    rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', member
                )
                assert count == 1, info.filename
            target.writestr(info, member)
    return out.getvalue()


def test_a_libreoffice_copy_keeps_its_round_tag_rows_and_words() -> None:
    workbook = read_filled_workbook(RESAVED.read_bytes(), RESAVED.name)
    [tag] = workbook.round_tags
    assert (tag.round_id, tag.unit_id) == (1, 1)
    assert re.fullmatch(r"[0-9a-f]{32}", tag.round_key)
    [row] = workbook.rows
    assert row.title == "提高县级医院服务能力"
    assert (row.report, row.problems, row.status) == (REPORT, PROBLEMS, "已办结")
    assert row.key is not None and re.fullmatch(r"[0-9a-f]{32}", row.key)
    assert (row.version, row.exported_status) == (1, Status.TODO)


def test_a_wps_dimension_reads_every_row_and_column() -> None:
    data = wps_dimensions(RESAVED.read_bytes())
    # What goes wrong without care: read-only openpyxl sees the one cell the file claims.
    plain = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert [len(row) for row in plain.worksheets[0].iter_rows(values_only=True)] == [1]
    plain.close()

    workbook = read_filled_workbook(data, "wps.xlsx")
    expected = read_filled_workbook(RESAVED.read_bytes(), RESAVED.name)
    assert workbook.round_tags == expected.round_tags
    assert workbook.rows == expected.rows
    assert workbook.rows[0].report == REPORT


def test_a_wps_dimension_on_a_workbook_openpyxl_wrote(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    tag = format_round_tag(RoundTag(7, 3, "a" * 32))
    sheet.append(["标题", None, None, tag])
    sheet.append(["工作任务", "本期进展", "状态", "事项编号(请勿修改)"])
    for number in range(1, 41):
        sheet.append([f"任务{number}", f"进展{number}", "推进中", f"K:{number:032x}:2:todo"])
    path = tmp_path / "wps.xlsx"
    workbook.save(path)
    read = read_filled_workbook(wps_dimensions(path.read_bytes()), path.name)
    assert read.round_tags == [RoundTag(7, 3, "a" * 32)]
    assert [row.report for row in read.rows] == [f"进展{n}" for n in range(1, 41)]


def test_a_plain_export_has_no_round_tag(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["县卫生健康局督办台账"])
    sheet.append(["工作任务", "本期进展", "事项编号(请勿修改)"])
    sheet.append(["任务", "进展", f"K:{1:032x}:1:todo"])
    path = tmp_path / "old.xlsx"
    workbook.save(path)
    read = read_filled_workbook(path.read_bytes(), path.name)
    assert read.round_tags == []
    assert [row.report for row in read.rows] == ["进展"]


def test_round_tags_parse_only_what_was_written() -> None:
    tag = RoundTag(12, 345, "0123456789abcdef" * 2)
    assert parse_round_tag(format_round_tag(tag)) == tag
    assert parse_round_tag(f" {format_round_tag(tag)} ") == tag
    for junk in (
        "R:1:2",
        "R:1:2:XYZ",
        "R:a:2:" + "0" * 32,
        "K:" + "0" * 32 + ":1",
        "R:1:2:" + "0" * 31,
    ):
        assert parse_round_tag(junk) is None


def test_a_broken_copy_is_one_chinese_message() -> None:
    data = RESAVED.read_bytes()
    with pytest.raises(DocumentError, match="已损坏"):
        read_filled_workbook(data[: len(data) // 2], "broken.xlsx")
