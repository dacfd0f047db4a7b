"""Exporting, printing and reading back progress from the window."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from tests.views.conftest import FakePrompter
from tracker.domain import Status
from tracker.dto import ItemChanges
from tracker.services.bundle import Services
from tracker.views.checklist import Checklist, checklist_html, export_pdf
from tracker.views.export_dialog import ExportDialog, ProgressReviewDialog
from tracker.views.main_window import MainWindow


def test_checklist_pdf_has_pages_header_and_extractable_chinese(
    services: Services, sample_ids: list[int], tmp_path: Path, qtbot: QtBot
) -> None:
    rows = services.items.list_items() * 12  # enough for several pages
    path = export_pdf(tmp_path / "清单.pdf", Checklist("示范县督查清单", date(2024, 7, 15), rows))
    reader = PdfReader(path)
    assert len(reader.pages) >= 3
    first = reader.pages[0].extract_text()
    last = reader.pages[-1].extract_text()
    assert "示范县督查清单" in first and "检查日期:2024年7月15日" in first
    assert "提高县级医院服务能力" in first and "医政医管股" in first
    assert "工作任务" in last and "检查情况" in last  # the header repeats
    pages = len(reader.pages)
    assert f"第{pages}页共{pages}页" in "".join(last.split())
    assert not any(0x2F00 <= ord(ch) <= 0x2FDF for ch in first), "no Kangxi radicals"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptor = (
        next(iter(fonts.values()))
        .get_object()["/DescendantFonts"][0]
        .get_object()["/FontDescriptor"]
    )
    assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded


def test_checklist_html_escapes_and_boxes(services: Services, sample_ids: list[int]) -> None:
    services.items.update_items([sample_ids[0]], ItemChanges(title="<b>加粗</b>"))
    html = checklist_html(Checklist("清单", date(2024, 7, 15), services.items.list_items()))
    assert "&lt;b&gt;加粗&lt;/b&gt;" in html
    assert html.count("□ 已落实") == 3
    assert "<thead>" in html


def test_export_from_the_window(
    window: MainWindow,
    prompter: FakePrompter,
    services: Services,
    sample_ids: list[int],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    window.reload_all()
    window.search_edit.setText("疾控")
    target = tmp_path / "导出.xlsx"

    def choose(dialog: ExportDialog) -> bool:
        assert dialog.shown_radio.isChecked()
        dialog.title_edit.setText("测试台账")
        dialog.fill_in_check.setChecked(True)
        return True

    opened = prompter.opened
    prompter.dialog_handlers.append(choose)
    prompter.paths.append(target)
    prompter.choices.append("打开所在文件夹")  # the next step offered once it is written
    window.commands.export_action.trigger()
    qtbot.waitUntil(lambda: bool(opened), timeout=15000)
    assert opened == [tmp_path]
    assert any(kind == "ask" and "已导出 1 项" in text for kind, text in prompter.messages)
    sheet = openpyxl.load_workbook(target)["督办台账"]
    assert sheet["A1"].value == "测试台账"
    titles = [sheet.cell(row=r, column=2).value for r in range(5, sheet.max_row + 1)]
    assert titles == ["强化疾病预防控制"]
    assert "本期进展" in [c.value for c in sheet[4]]
    assert window.state.strings("export_columns")[:2] == ["number", "title"]


def test_a_busy_workbook_offers_retry(
    window: MainWindow,
    prompter: FakePrompter,
    services: Services,
    sample_ids: list[int],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    window.reload_all()
    target = tmp_path / "busy.xlsx"
    real_replace = os.replace
    calls = {"count": 0}

    def flaky(source: Any, destination: Any) -> None:
        calls["count"] += 1
        if calls["count"] <= 3:
            raise PermissionError(13, "locked by Excel")
        real_replace(source, destination)

    monkeypatch.setattr("tracker.exporting.files.RETRY_DELAY", 0)
    monkeypatch.setattr(os, "replace", flaky)
    prompter.dialog_handlers.append(lambda dialog: True)
    prompter.paths.append(target)
    prompter.choices.append("重试")
    window.commands.export_action.trigger()
    qtbot.waitUntil(lambda: target.exists(), timeout=15000)
    assert any(
        kind == "ask" and "正被 Excel 或 WPS 打开" in text for kind, text in prompter.messages
    )


def test_progress_read_back_through_the_window(
    window: MainWindow,
    prompter: FakePrompter,
    services: Services,
    sample_ids: list[int],
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    window.reload_all()
    path = services.exports.export(
        tmp_path / "回收.xlsx", services.exports.default_options(fill_in=True)
    )[0]
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["督办台账"]
    header = {c.value: c.column for c in sheet[4] if c.value}
    sheet.cell(row=5, column=header["本期进展"], value="已完成")
    sheet.cell(row=5, column=header["状态"], value="已办结")
    workbook.save(path)
    seen: dict[str, Any] = {}

    def review(dialog: ProgressReviewDialog) -> bool:
        seen["rows"] = dialog.table.rowCount()
        seen["text"] = dialog.table.item(0, 2).text()
        return True

    prompter.paths.append(path)
    prompter.dialog_handlers.append(review)
    window.commands.progress_import_action.trigger()
    qtbot.waitUntil(
        lambda: services.items.get_item(sample_ids[0]).row.status == Status.DONE, timeout=15000
    )
    assert seen == {"rows": 1, "text": "已完成"}
    assert window.model.item_at(0).latest_progress == "已完成"


def test_checklist_pdf_from_the_window(
    window: MainWindow,
    prompter: FakePrompter,
    services: Services,
    sample_ids: list[int],
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    window.reload_all()
    target = tmp_path / "清单"
    prompter.paths.append(target)
    prompter.choices.append("打开文件")
    window.commands.pdf_action.trigger()
    assert len(PdfReader(target.with_suffix(".pdf")).pages) == 1
    assert prompter.opened == [target.with_suffix(".pdf")]


def test_a_pdf_that_cannot_be_written_gives_one_message_and_no_qt_warnings(
    services: Services, sample_ids: list[int], tmp_path: Path, qtbot: QtBot, monkeypatch: Any
) -> None:
    """Qt warned on every painting call (26,000 lines) before any message; a test fails on
    any Qt warning (qt_log_level_fail)."""
    import pytest

    from tracker.errors import UserError

    rows = services.items.list_items()
    target = tmp_path / "清单.pdf"
    # Where the PDF is first written, something Qt cannot open for writing: a folder.
    blocker = tmp_path / f".清单.{os.getpid()}.partial.pdf"
    blocker.mkdir()
    with pytest.raises(UserError) as refused:
        export_pdf(target, Checklist("示范县督查清单", date(2024, 7, 15), rows))
    assert "无法保存文件" in refused.value.message and "同名文件夹" in (refused.value.hint or "")
    assert not target.exists()

    from tracker.views import checklist

    blocker.rmdir()
    monkeypatch.setattr(checklist, "_complete_pdf", lambda _path: False)  # the disk filled up
    with pytest.raises(UserError, match="无法保存文件") as full:
        export_pdf(target, Checklist("示范县督查清单", date(2024, 7, 15), rows))
    assert "磁盘空间已满" in (full.value.hint or "")
    assert not target.exists()
