"""Reading a written paper back with python-docx: its text, tables and layout."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from tracker.domain import Escalation
from tracker.papers import SheetTask, SupervisionSheet


def open_paper(path: Path) -> DocxDocument:
    return docx.Document(str(path))


def paragraphs(doc: DocxDocument) -> list[str]:
    """The text of the body's paragraphs (outside tables), empty ones left out."""
    return [p.text for p in doc.paragraphs if p.text.strip()]


def tables(doc: DocxDocument) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]


def all_text(doc: DocxDocument) -> str:
    """Everything a reader sees, tables and footers included, in body order."""
    parts: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts.extend(cell.text for row in block.rows for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def fonts_of(element: object) -> dict[str, str]:
    """The w:rFonts names of a style or run element: ascii, hAnsi, eastAsia."""
    fonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return {key: fonts.get(qn(f"w:{key}")) for key in ("ascii", "hAnsi", "eastAsia")}


def a_sheet(**changes: object) -> SupervisionSheet:
    tasks = (
        SheetTask(
            title="提高县级医院服务能力，完成胸痛中心建设。",
            original_due=date(2025, 5, 31),
            current_due=date(2025, 6, 30),
            overdue_days=10,
            status="推进中",
            latest_progress="胸痛中心建设方案已编制。",
            latest_progress_date=date(2025, 6, 5),
        ),
        SheetTask(
            title="推进智慧医院建设",
            original_due=None,
            current_due=None,
            status="待办理",
            deadline_text="长期坚持",
        ),
    )
    values: dict[str, object] = {
        "unit": "县人民医院",
        "escalation": Escalation.RED,
        "tasks": tasks,
        "reply_by": date(2025, 6, 20),
        "issued_on": date(2025, 6, 10),
        "issuer": "X县卫生健康局办公室",
        "doc_number": "X卫督〔2025〕3号",
        "reminders": 2,
        "round_name": "2025年6月调度",
        "contact": "张三，0123-4567890",
    }
    values.update(changes)
    return SupervisionSheet(**values)  # type: ignore[arg-type]
