"""The printed checklist (督查清单): print preview, printing and PDF, all painted here.

The table is a QTextDocument whose header row repeats on every page; the page footer
("第 X 页 共 Y 页") is painted page by page, which a text document cannot do by itself. The
checklist names its documents (a row before each document's tasks when there are several)
and marks an overdue task "逾期N天" by the one overdue rule, :func:`tracker.domain.overdue_days`.
"""

from __future__ import annotations

import errno
import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from tracker.domain import answering_units, deadline_label, format_cn_date, overdue_days
from tracker.dto import ItemRow
from tracker.exporting.files import write_atomically
from tracker.views.fonts import print_font

HEADERS = ["序号", "工作任务", "牵头单位", "责任人", "完成时限", "状态", "检查情况"]
WIDTHS = [5, 33, 14, 8, 12, 7, 21]  # percent of the table width
PDF_RESOLUTION = 300
OVERDUE_BACKGROUND = "#f8cbad"  # the ledger's 逾期 fill
OVERDUE_TEXT = "#c00000"


@dataclass(frozen=True)
class Checklist:
    """What a checklist shows: a title, the date, the items in order."""

    title: str
    as_of: date
    rows: Sequence[ItemRow]


def _deadline(row: ItemRow) -> str:
    label = deadline_label(row.deadline_text, row.due_date, line_break="\n")
    return html.escape(label).replace("\n", "<br/>")


def overdue_by(row: ItemRow, as_of: date) -> int:
    """Days ``row`` is overdue on ``as_of`` (0 when it is not)."""
    return overdue_days(row.status, row.due_date, as_of)


def _row_html(number: int, row: ItemRow, as_of: date) -> str:
    late = overdue_by(row, as_of)
    status = html.escape(row.status.label)
    if late:
        status += f'<br/><b><font color="{OVERDUE_TEXT}">逾期{late}天</font></b>'
    cells = [
        str(number),
        html.escape(row.title),
        html.escape("、".join(unit.name for unit in answering_units(row.units))),
        html.escape(row.owner_name or ""),
        _deadline(row),
        status,
        "□ 已落实&nbsp;&nbsp;□ 未落实<br/><br/>",
    ]
    aligned = ["center", "left", "center", "center", "center", "center", "left"]
    background = f' bgcolor="{OVERDUE_BACKGROUND}"' if late else ""
    return (
        "<tr>"
        + "".join(
            f'<td align="{align}"{background}>{cell}</td>'
            for cell, align in zip(cells, aligned, strict=True)
        )
        + "</tr>"
    )


def document_names(rows: Sequence[ItemRow]) -> list[str]:
    """The titles of the documents of ``rows``, each once, in the order they first appear."""
    return list(dict.fromkeys(row.document_title or "" for row in rows if row.document_title))


def _document_row_html(title: str | None) -> str:
    text = f"《{html.escape(title)}》" if title else "未关联文件的事项"
    return f'<tr><td colspan="{len(HEADERS)}" bgcolor="#ddebf7"><b>{text}</b></td></tr>'


def table_rows(checklist: Checklist) -> list[str]:
    """The table's rows as HTML, a document's name before its tasks when there are several."""
    several = len({row.document_id for row in checklist.rows}) > 1
    rows: list[str] = []
    document: object = object()  # no item's document id
    for number, row in enumerate(checklist.rows, start=1):
        if several and row.document_id != document:
            document = row.document_id
            rows.append(_document_row_html(row.document_title))
        rows.append(_row_html(number, row, checklist.as_of))
    return rows


def checklist_html(
    checklist: Checklist, rows: Sequence[str] | None = None, *, first_page: bool = True
) -> str:
    """The checklist (or one page of it) as HTML for QTextDocument."""
    if rows is None:
        rows = table_rows(checklist)
    head = "".join(
        f'<th width="{width}%">{html.escape(header)}</th>'
        for header, width in zip(HEADERS, WIDTHS, strict=True)
    )
    overdue = sum(1 for row in checklist.rows if overdue_by(row, checklist.as_of))
    names = document_names(checklist.rows)
    sources = (
        '<p class="meta">来源文件:' + "、".join(f"《{html.escape(n)}》" for n in names) + "</p>"
        if names
        else ""
    )
    title = (
        f"<h1>{html.escape(checklist.title)}</h1>{sources}"
        f'<p class="meta">检查日期:{format_cn_date(checklist.as_of)}'
        f"　　共 {len(checklist.rows)} 项"
        + (f",其中逾期 {overdue} 项" if overdue else "")
        + "　　检查人:________________</p>"
        if first_page
        else ""
    )
    return (
        "<html><head><style>"
        "h1 { font-size: 20pt; font-weight: normal; text-align: center; margin-bottom: 2pt; }"
        "p.meta { font-size: 10.5pt; margin-bottom: 6pt; }"
        "table { border-collapse: collapse; }"
        "th { font-size: 11pt; font-weight: normal; background-color: #d9d9d9; padding: 4px; }"
        "td { font-size: 10.5pt; padding: 4px; }"
        "</style></head><body>"
        f"{title}"
        '<table border="1" cellspacing="0" cellpadding="4" width="100%">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</body></html>"
    )


def setup_page(device: QPagedPaintDevice) -> None:
    """A4 landscape with margins for binding."""
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape,
        QMarginsF(20, 15, 15, 15),
        QPageLayout.Unit.Millimeter,
    )
    device.setPageLayout(layout)


def _document(device: QPagedPaintDevice, html_text: str, width: float) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(print_font(10.5))
    document.setHtml(html_text)
    document.setTextWidth(width)
    return document


def paginate(
    device: QPagedPaintDevice, checklist: Checklist, width: float, height: float
) -> list[QTextDocument]:
    """Split the checklist into pages that each hold whole rows under the repeated header."""
    rows = table_rows(checklist)
    pages: list[QTextDocument] = []
    start = 0
    while start < len(rows) or not pages:
        first = not pages
        end = start + 1
        fitted = _document(
            device, checklist_html(checklist, rows[start:end], first_page=first), width
        )
        while end < len(rows):
            trial = _document(
                device, checklist_html(checklist, rows[start : end + 1], first_page=first), width
            )
            if trial.size().height() > height:
                break
            fitted, end = trial, end + 1
        pages.append(fitted)
        start = end
    return pages


def paint(device: QPagedPaintDevice, checklist: Checklist) -> int:
    """Paint the checklist onto a printer or PDF writer; return the number of pages.

    Rows are never split across pages; every page repeats the header and carries
    "第 X 页 共 Y 页" at the bottom.
    """
    resolution = device.logicalDpiY()
    page = device.pageLayout().paintRectPixels(resolution)
    footer_height = resolution * 0.35
    body = QSizeF(page.width(), page.height() - footer_height)
    pages = paginate(device, checklist, body.width(), body.height())
    painter = QPainter(device)
    if not painter.isActive():
        raise OSError(errno.EIO, "cannot paint on the output device")
    try:
        footer_font = print_font(9)
        for index, document in enumerate(pages):
            if index:
                device.newPage()
            document.drawContents(painter, QRectF(0, 0, body.width(), body.height()))
            painter.setFont(footer_font)
            painter.drawText(
                QRectF(0, body.height(), body.width(), footer_height),
                int(Qt.AlignmentFlag.AlignCenter),
                f"第 {index + 1} 页 共 {len(pages)} 页",
            )
        return len(pages)
    finally:
        painter.end()


def _complete_pdf(path: Path) -> bool:
    """Whether ``path`` holds a PDF written to its end (``%%EOF`` in its last bytes)."""
    try:
        with path.open("rb") as file:
            file.seek(max(0, path.stat().st_size - 64))
            return b"%%EOF" in file.read()
    except OSError:
        return False


def export_pdf(path: Path, checklist: Checklist) -> Path:
    """Write the checklist as a PDF with its fonts embedded (via a temporary file).

    Raises:
        FileBusyError: when the PDF is open in a viewer that locks it.
        UserError: when it cannot be written.
    """

    def write(partial: Path) -> None:
        # Qt says nothing useful when it cannot write (a painter that is not active warns on
        # every call): find out first, with Python's own error for the message.
        partial.write_bytes(b"")
        writer = QPdfWriter(str(partial))
        writer.setResolution(PDF_RESOLUTION)
        writer.setTitle(checklist.title)
        writer.setCreator("督办台账")
        setup_page(writer)
        paint(writer, checklist)
        del writer  # flushes and closes the file
        if not _complete_pdf(partial):
            raise OSError(errno.ENOSPC, "the PDF was not written to its end")

    return write_atomically(path, write)
