"""Files of every kind a clerk receives, recognised by content: text encodings, Excel, PDF."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import FIXTURES
from tracker.errors import DocumentError
from tracker.importing import parse_bytes, parse_file

TEXT = """示范县卫生健康局2024年工作要点
一、加强公共卫生
1.强化传染病监测预警。6月底前完成系统升级。(责任单位:疾控股、县疾控中心)
2.做好重点人群健康管理𠀀。年内完成。(责任单位:基层卫生股)
"""


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_text_encodings(encoding: str, tmp_path: Path) -> None:
    text = TEXT if encoding not in ("gbk",) else TEXT.replace("𠀀", "")
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode(encoding))
    [document] = parse_file(path).documents
    assert document.title == "示范县卫生健康局2024年工作要点"
    assert [item.title for item in document.items] == [
        "强化传染病监测预警",
        text.splitlines()[3][2:].split("。")[0],
    ]
    assert document.items[0].due_date == date(2024, 6, 30)


def test_gb18030_rare_characters_survive(tmp_path: Path) -> None:
    path = tmp_path / "rare.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    item = parse_file(path).documents[0].items[1]
    assert "𠀀" in item.content


def test_crlf_and_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").replace("强化", "强\x07化\u200b").encode("utf-8"))
    item = parse_file(path).documents[0].items[0]
    assert item.title == "强化传染病监测预警"
    assert "\r" not in item.content


def test_a_very_long_paragraph(tmp_path: Path) -> None:
    body = "推进各项工作落实," * 2500
    path = tmp_path / "long.txt"
    path.write_text(f"1.加强管理。{body}(责任单位:办公室)\n", encoding="utf-8")
    [item] = parse_file(path).documents[0].items
    assert len(item.content) > 20_000
    assert [u.name for u in item.units] == ["办公室"]


def test_binary_junk_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(DocumentError, match="不是文本文件"):
        parse_file(path)


def test_empty_files_are_refused(tmp_path: Path) -> None:
    for name, data in [("empty.txt", b""), ("blank.txt", b"  \n\n "), ("empty.docx", b"")]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(DocumentError, match="空文件"):
            parse_file(path)


def test_huge_text_is_refused_before_parsing() -> None:
    with pytest.raises(DocumentError, match="文字过多"):
        parse_bytes(("这是一段没有任何任务的文字。" * 300_000).encode("utf-8"), "big.txt")


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>x</title><script>var a=1;</script></head><body>"
        "<div class='nav'>首页 &gt; 通知公告</div><h1>2024年工作要点</h1>"
        "<p>1.强化监测预警。(责任单位:疾控股)</p><p>2.做好健康管理。</p></body></html>",
        encoding="utf-8",
    )
    [document] = parse_file(path).documents
    assert [item.title for item in document.items] == ["强化监测预警", "做好健康管理"]


def _workbook(path: Path, *, hidden_sheet: bool = False, header_row: int = 3) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务分解"
    if header_row > 1:
        sheet["A1"] = "示范县卫生健康局2024年重点工作任务分解表"
        sheet.merge_cells("A1:F1")
    columns = ["序号", "完成时限", "工作任务", "牵头单位", "配合单位", "责任领导"]
    for offset, header in enumerate(columns):
        sheet.cell(row=header_row, column=offset + 1, value=header)
    rows = [
        ["一、医疗服务"],
        [
            1,
            "6月底前",
            "提升急救能力。新建胸痛中心。",
            "县人民医院",
            "医政医管股、县急救站",
            "王局长",
        ],
        [2, date(2024, 9, 30), "=改善就医体验", None, "县中医院", "王局长"],
        ["二、公共卫生"],
        [3, "长期坚持", "强化监测预警", "疾控股", None, "李副局长"],
        [4, "每季度", "报送监测数据", "疾控股", None, None],
    ]
    for index, values in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text typed with a leading =, not a formula
    sheet.merge_cells(
        start_row=header_row + 1, start_column=1, end_row=header_row + 1, end_column=6
    )
    sheet.merge_cells(
        start_row=header_row + 4, start_column=1, end_row=header_row + 4, end_column=6
    )
    sheet.merge_cells(
        start_row=header_row + 2, start_column=4, end_row=header_row + 3, end_column=4
    )
    if hidden_sheet:
        hidden = workbook.create_sheet("下拉列表")
        hidden["A1"] = "序号"
        hidden["B1"] = "工作任务"
        hidden["B2"] = "不应导入"
        hidden.sheet_state = "hidden"
    workbook.save(path)
    return path


def test_xlsx_task_table(tmp_path: Path) -> None:
    result = parse_file(_workbook(tmp_path / "tasks.xlsx", hidden_sheet=True))
    [document] = result.documents
    assert document.title == "示范县卫生健康局2024年重点工作任务分解表"
    items = document.items
    assert [item.number for item in items] == ["1", "2", "3", "4"]
    assert items[0].title == "提升急救能力"
    assert items[0].heading_path == ["一、医疗服务"]
    assert [(u.name, u.role.value) for u in items[0].units] == [
        ("县人民医院", "lead"),
        ("医政医管股", "support"),
        ("县急救站", "support"),
    ]
    assert items[0].leader == "王局长"
    assert (items[0].deadline_text, items[0].due_date) == ("6月底前", date(2024, 6, 30))
    # the lead cell merged over two rows belongs to both
    assert [u.name for u in items[1].units] == ["县人民医院", "县中医院"]
    assert items[1].due_date == date(2024, 9, 30)
    assert items[1].content == "=改善就医体验"  # text from a cell, never evaluated
    assert items[2].heading_path == ["二、公共卫生"]
    assert items[2].deadline_kind.value == "ongoing"
    assert items[3].deadline_kind.value == "periodic"
    assert all("不应导入" not in item.content for item in items)


@pytest.mark.parametrize("header_row", [1, 2, 3])
def test_xlsx_header_on_any_of_the_first_rows(tmp_path: Path, header_row: int) -> None:
    path = _workbook(tmp_path / "tasks.xlsx", header_row=header_row)
    assert parse_file(path).item_count == 4


def test_password_protected_office_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 500
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 500
    )
    path.write_bytes(ole)
    with pytest.raises(DocumentError, match="密码"):
        parse_file(path)


def test_old_word_file_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tracker.importing.readers.office.find_soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    with pytest.raises(DocumentError, match=r"另存为 \.docx"):
        parse_file(path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_old_word_file_is_converted_with_libreoffice(tmp_path: Path) -> None:
    import subprocess

    from tests.importing.test_docx import _work_plan

    docx = _work_plan(tmp_path)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path / "doc"),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = parse_file(tmp_path / "doc" / "work-plan.doc")
    assert result.item_count == 4


def test_pdf_with_text_reads_like_the_text_it_came_from() -> None:
    pdf = parse_file(FIXTURES / "files" / "work-plan-text-layer.pdf").to_json()
    text = parse_file(Path(__file__).resolve().parents[2] / "data" / "sample-work-plan.txt")
    assert pdf["documents"] == text.to_json()["documents"]


def test_scanned_pdf_is_refused_with_advice() -> None:
    with pytest.raises(DocumentError, match="扫描件"):
        parse_file(FIXTURES / "files" / "scan-without-text.pdf")
