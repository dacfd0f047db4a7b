"""The Word papers of the monthly cycle: 督办单 per late unit and the 通报 for the meeting.

Pure: no database, no Qt. Input is plain frozen values (``SupervisionSheet``, ``Notice``);
output is .docx files written from templates a clerk can edit in Word (docxtpl).
"""

from typing import TYPE_CHECKING, Any

from tracker.papers.model import (
    DEFAULT_ADDRESSEE,
    Notice,
    NoticeShares,
    NoticeUnitRow,
    SheetTask,
    SupervisionSheet,
    percent,
)
from tracker.papers.notice import notice_from_stats, notice_title
from tracker.papers.templates import (
    NOTICE_TEMPLATE,
    SHEET_TEMPLATE,
    copy_templates,
    template_path,
)

__all__ = [
    "DEFAULT_ADDRESSEE",
    "NOTICE_TEMPLATE",
    "SHEET_TEMPLATE",
    "Notice",
    "NoticeShares",
    "NoticeUnitRow",
    "SheetTask",
    "SupervisionSheet",
    "copy_templates",
    "notice_from_stats",
    "notice_title",
    "percent",
    "render_notice",
    "render_sheet",
    "render_sheets",
    "render_sheets_combined",
    "template_path",
]

if TYPE_CHECKING:
    from tracker.papers.render import (
        render_notice,
        render_sheet,
        render_sheets,
        render_sheets_combined,
    )

#: Writing loads python-docx, docxtpl and Jinja (a fifth of a second): only when a paper is
#: written, not when the program starts.
_RENDERING = {"render_notice", "render_sheet", "render_sheets", "render_sheets_combined"}


def __getattr__(name: str) -> Any:
    if name in _RENDERING:
        from tracker.papers import render

        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
