"""What the monthly cycle's commands print (``round …``, ``remind``): text lines and JSON shapes.

Like ``output``, the JSON shapes are the command line's contract (pinned by
``tests/cli/test_rounds.py``); the services' data classes do not know them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain import format_cn_date
from tracker.round_dto import (
    ReceiptReport,
    ReminderRow,
    RoundCreated,
    RoundGrid,
    RoundRow,
    RoundStatus,
    RoundUnitRow,
)

if TYPE_CHECKING:
    from tracker.papers import Notice, SupervisionSheet
    from tracker.services.meeting_pack import MeetingPack


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- JSON shapes ---------------------------------------------------------------------------


def round_json(row: RoundRow) -> dict[str, Any]:
    """One round of ``round list --json``."""
    return {
        "id": row.id,
        "name": row.name,
        "reply_by": row.reply_by.isoformat(),
        "schedule": row.schedule,
        "scope": row.scope,
        "folder": row.folder,
        "created_at": row.created_at.isoformat(sep=" "),
        "units": row.units,
        "tasks": row.tasks,
        "on_time": row.on_time,
        "late": row.late,
        "not_reported": row.missing,
        "label": row.nav_label,
    }


def rounds_json(rows: Sequence[RoundRow]) -> dict[str, Any]:
    """What ``round list --json`` prints."""
    return {"rounds": [round_json(row) for row in rows], "count": len(rows)}


def created_json(created: RoundCreated) -> dict[str, Any]:
    """What ``round create --json`` prints."""
    return {
        "round": round_json(created.round),
        "files": [str(path) for path in created.files],
        "send_list": str(created.send_list),
        "unassigned": list(created.unassigned),
    }


def round_unit_json(unit: RoundUnitRow) -> dict[str, Any]:
    """One unit of ``round status --json``."""
    return {
        "unit_id": unit.unit_id,
        "unit": unit.unit_name,
        "state": unit.state.value,
        "state_label": unit.state.label,
        "replied_on": _iso(unit.replied_on),
        "file": unit.file_name,
        "tasks": unit.task_count,
        "contact": unit.contact,
        "phone": unit.phone,
        "reminders": unit.reminders,
    }


def status_json(status: RoundStatus, units: Sequence[RoundUnitRow]) -> dict[str, Any]:
    """What ``round status --json`` prints (``units``: all, or the 未报送 ones)."""
    return {"round": round_json(status.round), "units": [round_unit_json(u) for u in units]}


def receipt_json(report: ReceiptReport) -> dict[str, Any]:
    """One file of ``round receive --json``."""
    return {
        "file": str(report.path),
        "outcome": report.outcome.value,
        "message": report.message,
        "round_id": report.round_id,
        "round": report.round_name,
        "unit": report.unit_name,
        "replied_on": _iso(report.replied_on),
        "late": report.late,
        "entries_added": report.entries_added,
        "statuses_changed": report.statuses_changed,
        "repeated": report.repeated,
        "problems": list(report.problems),
    }


def receipts_json(reports: Sequence[ReceiptReport]) -> dict[str, Any]:
    """What ``round receive --json`` prints."""
    return {"files": [receipt_json(report) for report in reports]}


def grid_json(grid: RoundGrid) -> dict[str, Any]:
    """What ``round grid --json`` prints: a row per unit, a cell per round (null: not asked)."""
    return {
        "rounds": [
            {"id": r.id, "name": r.name, "reply_by": r.reply_by.isoformat()} for r in grid.rounds
        ],
        "units": [
            {
                "unit_id": row.unit_id,
                "unit": row.unit_name,
                "cells": [
                    {"state": cell.state.value, "replied_on": _iso(cell.replied_on)}
                    if cell is not None
                    else None
                    for cell in row.cells
                ],
            }
            for row in grid.rows
        ],
    }


def reminder_json(row: ReminderRow) -> dict[str, Any]:
    """One 催办 of ``remind --json`` and ``remind --list --json``."""
    return {
        "id": row.id,
        "unit": row.unit_name,
        "date": row.reminded_on.isoformat(),
        "way": row.way.value,
        "way_label": row.way.label,
        "answered_by": row.answered_by,
        "said": row.said,
        "round_id": row.round_id,
        "round": row.round_name,
        "items": list(row.item_ids),
    }


# --- Text ----------------------------------------------------------------------------------


def round_line(row: RoundRow) -> str:
    """One round of ``round list``."""
    counts = f"已报 {row.on_time},迟报 {row.late},未报 {row.missing}"
    return f"{row.id:>4}  {row.name}  {row.reply_by.isoformat()}前  {row.units} 个单位 {row.tasks} 项  {counts}"


def round_lines(rows: Sequence[RoundRow]) -> list[str]:
    """What ``round list`` prints."""
    return [*(round_line(row) for row in rows), f"共 {len(rows)} 次调度"]


def created_lines(created: RoundCreated) -> list[str]:
    """What ``round create`` prints."""
    row = created.round
    lines = [
        f"已创建调度“{row.name}”(编号 {row.id}):{row.units} 个单位、{row.tasks} 项事项,"
        f"请于{format_cn_date(row.reply_by)}前报送。",
        f"填报表 {len(created.files)} 份,发送清单:{created.send_list}",
    ]
    if created.unassigned:
        shown = created.unassigned[:UNASSIGNED_SHOWN]
        ids = "、".join(str(item_id) for item_id in shown)
        more = f"等 {len(created.unassigned)} 项" if len(created.unassigned) > len(shown) else ""
        lines.append(
            f"提示:事项 {ids}{more}没有牵头或责任单位,未发出"
            "(可用 list --json 查看,或在窗口中为其指定单位)。"
        )
    return lines


#: Ids of unassigned tasks named after ``round create``; the JSON has them all.
UNASSIGNED_SHOWN = 10


def status_lines(status: RoundStatus, units: Sequence[RoundUnitRow]) -> list[str]:
    """What ``round status`` prints: a line per unit, then the totals."""
    row = status.round
    lines = [f"{row.name}(截止{format_cn_date(row.reply_by)}):{row.nav_label}"]
    for unit in units:
        when = unit.replied_on.isoformat() if unit.replied_on else "-"
        contact = " ".join(part for part in (unit.contact, unit.phone) if part)
        chased = f"  已催办 {unit.reminders} 次" if unit.reminders else ""
        lines.append(
            f"  {unit.state.label}  {when:<10}  {unit.unit_name}  {unit.task_count} 项"
            f"{'  ' + contact if contact else ''}{chased}"
        )
    lines.append(f"已报 {row.on_time},迟报 {row.late},未报 {row.missing}(共 {row.units} 个单位)")
    return lines


def receipt_lines(reports: Sequence[ReceiptReport]) -> list[str]:
    """What ``round receive`` prints: one line per file, then its problems indented."""
    lines = []
    for report in reports:
        lines.append(report.message)
        lines.extend(f"  提示:{problem}" for problem in report.problems)
    return lines


def grid_lines(grid: RoundGrid) -> list[str]:
    """What ``round grid`` prints: a tab-separated table, a column per round."""
    lines = ["单位\t" + "\t".join(r.name for r in grid.rounds)]
    for row in grid.rows:
        cells = [
            "-"
            if cell is None
            else f"{cell.state.label}{' ' + cell.replied_on.isoformat() if cell.replied_on else ''}"
            for cell in row.cells
        ]
        lines.append(row.unit_name + "\t" + "\t".join(cells))
    return lines


def reminder_line(row: ReminderRow) -> str:
    """One 催办 of ``remind --list``."""
    who = f"(接听:{row.answered_by})" if row.answered_by else ""
    where = f" [{row.round_name}]" if row.round_name else ""
    return f"{row.reminded_on.isoformat()}  {row.way.label}  {row.unit_name}{who}{where}  {row.said}".rstrip()


def reminder_lines(rows: Sequence[ReminderRow]) -> list[str]:
    """What ``remind --list`` prints."""
    return [*(reminder_line(row) for row in rows), f"共 {len(rows)} 条催办记录"]


# ---- the papers --------------------------------------------------------------------------


def sheets_json(sheets: Sequence[SupervisionSheet], files: Sequence[Path]) -> dict[str, Any]:
    """``notice --json``: the 督办单 written, a unit each."""
    return {
        "sheets": [
            {
                "unit": sheet.unit,
                "escalation": sheet.escalation.value,
                "escalation_label": sheet.escalation.label,
                "tasks": len(sheet.tasks),
                "reply_by": sheet.reply_by.isoformat(),
                "reminders": sheet.reminders,
            }
            for sheet in sheets
        ],
        "files": [str(path) for path in files],
    }


def sheets_lines(sheets: Sequence[SupervisionSheet], files: Sequence[Path]) -> list[str]:
    """What ``notice`` prints."""
    lines = [f"已生成 {len(sheets)} 个单位的督办单({len(files)} 个文件):"]
    lines += [
        f"  {sheet.escalation.label:<4} {sheet.unit}({len(sheet.tasks)} 项)" for sheet in sheets
    ]
    lines += [f"  {path}" for path in files]
    return lines


def notice_json(notice: Notice, path: Path) -> dict[str, Any]:
    """``report --json``: the 通报's figures, the same as ``stats --json``'s."""
    overall = notice.overall
    return {
        "file": str(path),
        "title": notice.title,
        "as_of": notice.as_of.isoformat(),
        "round": notice.round_name or None,
        "total": overall.total,
        "done": overall.done,
        "in_progress": overall.in_progress,
        "not_started": overall.not_started,
        "overdue": overall.overdue,
        "on_time_rate": overall.on_time_rate,
        "overdue_units": [row.name for row in notice.overdue_units],
        "not_reported": list(notice.not_reported),
    }


def pack_json(pack: MeetingPack) -> dict[str, Any]:
    """``meeting-pack --json``: the folder and each paper in it."""
    return {
        "folder": str(pack.folder),
        "ledger": str(pack.ledger),
        "notice": str(pack.notice),
        "checklist": str(pack.checklist),
        "sheets": [str(path) for path in pack.sheets],
    }
