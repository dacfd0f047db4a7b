"""The fields a template sees: every value already worded and printable.

The templates stay simple for a clerk editing them in Word: sentences that depend on the
figures are made here, and a template mostly places ``{{ field }}`` where it wants it.

督办单 fields: ``unit``, ``band_label``, ``band_fill``, ``doc_number``, ``issuer``, ``issued_on``,
``reply_by``, ``reminders``, ``round_name``, ``round_sentence``, ``contact``, ``task_count``,
``overdue_count``, ``situation`` and ``tasks`` (each ``t.seq``, ``t.title``, ``t.original_due``,
``t.current_due``, ``t.overdue_days``, ``t.progress``, ``t.status``).

通报 fields: ``title``, ``issuer``, ``doc_number``, ``issued_on``, ``as_of``, ``addressee``,
``round_name``, ``round_label``, ``round_sentence``, ``overall`` and each of ``units`` and
``overdue_units`` (``name``, ``total``, ``done``, ``in_progress``, ``not_started``, ``overdue``,
``max_overdue_days``, ``done_on_time``, ``on_time_rate``), ``shares`` (``done``,
``in_progress``, ``not_started``, ``overdue``), ``on_time_sentence``, ``overdue_units_text``,
``unassigned_sentence``, ``not_reported``, ``not_reported_text``, ``multi_lead_items``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from tracker.domain import format_cn_date
from tracker.papers.model import BANDS, Notice, NoticeUnitRow, SheetTask, SupervisionSheet

#: Shown in a table cell that has nothing to say.
NOTHING = "—"
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def clean(text: str) -> str:
    """``text`` safe inside a Word run: line breaks kept, control characters dropped.

    docxtpl turns a tab, a bell and a form feed into a tab, a new paragraph and a page break,
    and XML cannot hold the other control characters at all. Private-use characters (rare
    characters typed with a vendor's font) are kept.
    """
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or _allowed(ch)).strip()


def _allowed(ch: str) -> bool:
    return ch not in "\ufffe\uffff" and unicodedata.category(ch) not in ("Cc", "Cs")


def _due(value: date | None, phrase: str = "") -> str:
    """A deadline in a narrow column: the year on a line of its own, so it never splits."""
    if value is not None:
        return f"{value.year}年\n{value.month}月{value.day}日"
    return clean(phrase) or NOTHING


def _progress(task: SheetTask) -> str:
    text = clean(task.latest_progress)
    if not text:
        return "未报送进展"
    when = task.latest_progress_date
    return f"{when.month}月{when.day}日：{text}" if when else text


def _task(seq: int, task: SheetTask) -> dict[str, Any]:
    return {
        "seq": seq,
        "title": clean(task.title),
        "original_due": _due(task.original_due, task.deadline_text),
        "current_due": _due(task.current_due, task.deadline_text),
        "overdue_days": task.overdue_days if task.overdue_days > 0 else NOTHING,
        "progress": _progress(task),
        "status": clean(task.status) or NOTHING,
    }


def _round_sentence(round_name: str) -> str:
    name = clean(round_name)
    return f"根据{name}情况，" if name else ""


def sheet_context(sheet: SupervisionSheet) -> dict[str, Any]:
    """The fields of a 督办单 template."""
    overdue = sum(1 for task in sheet.tasks if task.overdue_days > 0)
    if overdue == len(sheet.tasks) and overdue:
        situation = "已超过完成时限"
    elif overdue:
        situation = f"中有{overdue}项已超过完成时限"
    else:
        situation = "临近完成时限或进度滞后"
    return {
        "unit": clean(sheet.unit),
        "band_label": BANDS[sheet.escalation][0],
        "band_fill": BANDS[sheet.escalation][1],
        "doc_number": clean(sheet.doc_number),
        "issuer": clean(sheet.issuer),
        "issued_on": format_cn_date(sheet.issued_on),
        "reply_by": format_cn_date(sheet.reply_by),
        "reminders": max(sheet.reminders, 0),
        "round_name": clean(sheet.round_name),
        "round_sentence": _round_sentence(sheet.round_name),
        "contact": clean(sheet.contact),
        "task_count": len(sheet.tasks),
        "overdue_count": overdue,
        "situation": situation,
        "tasks": [_task(seq, task) for seq, task in enumerate(sheet.tasks, start=1)],
    }


def _row(row: NoticeUnitRow) -> dict[str, Any]:
    return {
        "name": clean(row.name),
        "total": row.total,
        "done": row.done,
        "in_progress": row.in_progress,
        "not_started": row.not_started,
        "overdue": row.overdue,
        "max_overdue_days": row.max_overdue_days or NOTHING,
        "done_on_time": row.done_on_time,
        "on_time_rate": row.on_time_rate,
    }


def notice_context(notice: Notice) -> dict[str, Any]:
    """The fields of a 通报 template."""
    overall = notice.overall
    if overall.done:
        on_time = (
            f"已办结事项中按时办结{overall.done_on_time}项，按时办结率{overall.on_time_rate}。"
        )
    else:
        on_time = "尚无办结事项。"
    named = notice.overdue_units
    unassigned = notice.unassigned_overdue
    not_reported = [clean(name) for name in notice.not_reported]
    return {
        "title": clean(notice.title),
        "issuer": clean(notice.issuer),
        "doc_number": clean(notice.doc_number),
        "issued_on": format_cn_date(notice.issued_on),
        "as_of": format_cn_date(notice.as_of),
        "addressee": clean(notice.addressee),
        "round_name": clean(notice.round_name),
        "round_label": clean(notice.round_name) or "本轮调度",
        "round_sentence": _round_sentence(notice.round_name),
        "overall": _row(overall),
        "shares": {
            "done": notice.shares.done,
            "in_progress": notice.shares.in_progress,
            "not_started": notice.shares.not_started,
            "overdue": notice.shares.overdue,
        },
        "on_time_sentence": on_time,
        "units": [_row(row) for row in notice.units],
        "overdue_units": [_row(row) for row in named],
        "overdue_units_text": "、".join(
            f"{clean(row.name)}（{row.overdue}项，最长逾期{row.max_overdue_days}天）"
            for row in named
        ),
        "unassigned_sentence": (
            f"另有{unassigned}项逾期事项未明确责任单位，请尽快明确。" if unassigned else ""
        ),
        "not_reported": not_reported,
        "not_reported_text": "、".join(not_reported),
        "multi_lead_items": notice.multi_lead_items,
    }
