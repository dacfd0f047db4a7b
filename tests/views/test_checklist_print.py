"""The printed checklist names its documents and marks overdue tasks (issue 14)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from tracker.domain import Status
from tracker.dto import ItemChanges
from tracker.importing import parse_text
from tracker.services.bundle import Services
from tracker.views.checklist import Checklist, checklist_html, export_pdf, overdue_by

OTHER = "示范县卫生健康局关于印发2023年民生实事方案的通知\n示卫发〔2023〕5号\n1.建设胸痛中心。(责任单位:医政医管股)\n"


def test_checklist_names_documents_and_marks_overdue_tasks(
    services: Services, sample_ids: list[int], tmp_path: Path, qtbot: QtBot
) -> None:
    a, b, c = sample_ids
    services.items.update_items([a], ItemChanges(due_date=date(2024, 7, 1)))  # 14 days late
    services.items.update_items([b], ItemChanges(due_date=date(2024, 7, 20)))  # not yet due
    services.items.update_items([c], ItemChanges(due_date=date(2024, 6, 1)))
    services.items.set_status([c], Status.DONE)  # finished: never overdue
    services.imports.store(parse_text(OTHER, "other.txt"))
    rows = services.items.list_items()
    as_of = date(2024, 7, 15)
    assert [overdue_by(row, as_of) for row in rows[:3]] == [14, 0, 0]

    html = checklist_html(Checklist("示范县督查清单", as_of, rows))
    assert html.count("逾期14天") == 1 and "逾期0天" not in html
    assert "其中逾期 1 项" in html
    assert html.count('colspan="7"') == 2  # a row before each document's tasks

    path = export_pdf(tmp_path / "清单.pdf", Checklist("示范县督查清单", as_of, rows))
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)
    assert (
        "来源文件:《县卫生健康局2024年工作要点》、《示范县卫生健康局关于印发2023年民生实事方案的通知》"
        in text
    )
    assert "逾期14天" in text
    # The document's row comes before its task (bold may be painted, and so read, twice).
    other = text.rindex("《示范县卫生健康局关于印发2023年民生实事方案的通知》")
    assert other < text.index("4建设胸痛中心") and other > text.index("已落实")


def test_one_document_checklist_names_it_without_document_rows(
    services: Services, sample_ids: list[int], qtbot: QtBot
) -> None:
    html = checklist_html(Checklist("清单", date(2024, 7, 15), services.items.list_items()))
    assert "来源文件:《县卫生健康局2024年工作要点》" in html
    assert "colspan" not in html and "逾期" not in html.split("</p>", 2)[-1]
