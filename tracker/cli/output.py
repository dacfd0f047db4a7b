"""What the command line prints: its text lines and its JSON shapes, as functions of the DTOs.

The JSON shapes are part of the command line's contract (documented in the README, pinned by
``tests/cli/``); the services' data classes do not know them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain import deadline_label

if TYPE_CHECKING:
    from pathlib import Path

    from tracker.db.transfer import TransferReport
    from tracker.dto import (
        AuditRow,
        BackupFile,
        DelayRow,
        ImportReport,
        ItemDetail,
        ItemRow,
        PersonRow,
        ProgressRow,
        StatsReport,
        UnitRow,
        UnitStats,
    )
    from tracker.importing.model import ParseResult
    from tracker.services.progress_import_service import (
        ProgressChange,
        ProgressPlan,
        ProgressReport,
    )


def configure_output(streams: Sequence[Any] | None = None) -> None:
    """Write UTF-8 to pipes and files, whatever the console's code page."""
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and not stream.closed and not stream.isatty():
            stream.reconfigure(encoding="utf-8", errors="replace")


def json_text(data: Any) -> str:
    """``data`` as the command line prints it: indented, Chinese left readable."""
    return json.dumps(data, ensure_ascii=False, indent=2)


# --- JSON shapes ---------------------------------------------------------------------------


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def item_json(row: ItemRow) -> dict[str, Any]:
    """One item as ``list --json`` prints it (documented in the README)."""
    return {
        "id": row.id,
        "key": row.item_key,
        "document_id": row.document_id,
        "document": row.document_title,
        "number": row.number,
        "heading_path": list(row.heading_path),
        "title": row.title,
        "content": row.content,
        "units": [{"name": u.name, "role": u.role.value} for u in row.units],
        "owner": row.owner_name,
        "leader": row.leader,
        "deadline_text": row.deadline_text,
        "due_date": _iso(row.due_date),
        "deadline_kind": row.deadline_kind.value,
        "status": row.status.value,
        "status_label": row.status.label,
        "completed_on": _iso(row.completed_on),
        "warning": row.warning.value,
        "remarks": row.remarks,
        "latest_progress": row.latest_progress,
        "latest_progress_date": _iso(row.latest_progress_date),
        "version": row.version,
    }


def items_json(rows: Sequence[ItemRow]) -> dict[str, Any]:
    """What ``list --json`` prints."""
    return {"items": [item_json(row) for row in rows], "count": len(rows)}


def progress_json(entry: ProgressRow) -> dict[str, Any]:
    """One progress report of ``show --json``."""
    return {
        "id": entry.id,
        "date": entry.entry_date.isoformat(),
        "text": entry.text,
        "problems": entry.problems,
        "next_steps": entry.next_steps,
        "reported_by": entry.reported_by,
        "source": entry.source,
    }


def delay_json(delay: DelayRow) -> dict[str, Any]:
    """One delay of ``show --json``."""
    return {
        "id": delay.id,
        "old_due_date": _iso(delay.old_due_date),
        "new_due_date": delay.new_due_date.isoformat(),
        "reason": delay.reason,
        "requested_on": delay.requested_on.isoformat(),
    }


def audit_json(entry: AuditRow) -> dict[str, Any]:
    """One recorded change of ``show --json``."""
    return {
        "at": entry.at.isoformat(sep=" "),
        "actor": entry.actor,
        "action": entry.action,
        "changes": entry.changes,
        "summary": entry.summary,
    }


def detail_json(detail: ItemDetail) -> dict[str, Any]:
    """What ``show --json`` prints: the item's fields with its progress, delays and history."""
    data = item_json(detail.row)
    data["progress"] = [progress_json(entry) for entry in detail.progress]
    data["delays"] = [delay_json(delay) for delay in detail.delays]
    data["history"] = [audit_json(entry) for entry in detail.history]
    return data


def unit_json(unit: UnitRow) -> dict[str, Any]:
    """One unit of ``units list --json``."""
    return {
        "id": unit.id,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind.value,
        "aliases": list(unit.aliases),
        "contact": unit.contact,
        "phone": unit.phone,
        "sort_order": unit.sort_order,
        "active": unit.active,
        "needs_review": unit.needs_review,
        "items": unit.item_count,
    }


def person_json(person: PersonRow) -> dict[str, Any]:
    """One person of ``people list --json``."""
    return {
        "id": person.id,
        "name": person.name,
        "unit": person.unit_name,
        "phone": person.phone,
        "active": person.active,
    }


def unit_stats_json(stats: UnitStats) -> dict[str, Any]:
    """One unit's figures of ``stats --json``."""
    rate = stats.on_time_rate
    return {
        "unit": stats.unit_name,
        "total": stats.total,
        "done": stats.done,
        "in_progress": stats.in_progress,
        "not_started": stats.not_started,
        "overdue": stats.overdue,
        "max_overdue_days": stats.max_overdue_days,
        "done_on_time": stats.done_on_time,
        "on_time_rate": round(rate, 4) if rate is not None else None,
        "reminders": stats.reminders,
    }


def stats_json(report: StatsReport) -> dict[str, Any]:
    """What ``stats --json`` prints."""
    return {
        "as_of": report.as_of.isoformat(),
        "overall": unit_stats_json(report.overall),
        "units": [unit_stats_json(unit) for unit in report.units],
        "multi_lead_items": report.multi_lead_items,
        "sentence": report.sentence,
    }


def parse_json(result: ParseResult) -> dict[str, Any]:
    """What ``import --dry-run --json`` prints (the importer's own shape, also used by its tests)."""
    return result.to_json()


def import_report_json(report: ImportReport) -> dict[str, Any]:
    """What ``import --json`` prints when storing."""
    return {
        "documents_created": list(report.documents_created),
        "items_created": report.items_created,
        "item_ids": list(report.item_ids),
        "duplicates": list(report.duplicates),
        "new_units": list(report.new_units),
    }


def progress_report_json(report: ProgressReport) -> dict[str, Any]:
    """What applying a returned sheet did, in ``import-progress --json``."""
    return {
        "entries_added": report.entries_added,
        "statuses_changed": report.statuses_changed,
        "repeated": report.repeated,
        "skipped_conflicts": list(report.skipped_conflicts),
    }


def progress_change_json(change: ProgressChange) -> dict[str, Any]:
    """One row's change in ``import-progress --json``."""
    return {
        "item_id": change.item_id,
        "title": change.title,
        "where": change.where,
        "progress": change.progress or None,
        "problems": change.problems or None,
        "next_steps": change.next_steps or None,
        "status": (
            [change.old_status.value, change.new_status.value] if change.new_status else None
        ),
        "conflict": change.conflict,
    }


def progress_plan_json(plan: ProgressPlan) -> dict[str, Any]:
    """What a returned sheet would change, in ``import-progress --json``."""
    return {
        "source": plan.source,
        "changes": [progress_change_json(change) for change in plan.changes],
        "unchanged": plan.unchanged,
        "repeated": plan.repeated,
        "unmatched": list(plan.unmatched),
        "problems": list(plan.problems),
    }


def progress_import_json(plan: ProgressPlan, applied: ProgressReport | None) -> dict[str, Any]:
    """What ``import-progress --json`` prints (``applied`` is null for a dry run)."""
    return {
        "plan": progress_plan_json(plan),
        "applied": progress_report_json(applied) if applied is not None else None,
    }


def backups_json(backups: Iterable[BackupFile]) -> dict[str, Any]:
    """What ``restore --json`` prints."""
    return {
        "backups": [
            {
                "path": str(b.path),
                "made_at": b.made_at.isoformat(sep=" "),
                "reason": b.reason,
            }
            for b in backups
        ]
    }


def transfer_json(report: TransferReport) -> dict[str, Any]:
    """What ``migrate-db --json`` prints."""
    return {
        "source": report.source,
        "target": report.target,
        "rows": report.total_rows,
        "sha256": report.checksum,
        "tables": [
            {
                "table": t.table,
                "rows": t.target_rows,
                "sha256": t.target_sha256,
                "matches": t.matches,
            }
            for t in report.tables
        ],
    }


# --- Text ----------------------------------------------------------------------------------


def parse_lines(result: ParseResult) -> list[str]:
    """What ``import --dry-run`` prints: each document's items, then the warnings."""
    lines: list[str] = []
    for document in result.documents:
        lines.append(f"《{document.title or '未命名文件'}》 {len(document.items)} 项")
        for item in document.items:
            units = "、".join(unit.name for unit in item.units)
            lines.append(
                f"  {item.number or '-'} {item.title}  [{units}] {item.deadline_text or ''}"
            )
    lines.extend(f"提示:{warning}" for warning in result.warnings)
    if result.unassigned:
        lines.append(f"未归入事项的文字 {len(result.unassigned)} 段")
    return lines


def import_report_lines(report: ImportReport) -> list[str]:
    """What ``import`` prints after storing."""
    lines = [f"已导入 {report.items_created} 项事项(来自 {len(report.documents_created)} 份文件)。"]
    lines.extend(f"已跳过:“{title}”此前已导入过。" for title in report.duplicates)
    if report.new_units:
        lines.append("新增单位(请在单位管理中核对):" + "、".join(report.new_units))
    return lines


def item_line(row: ItemRow) -> str:
    """One item of ``list``."""
    due = row.due_date.isoformat() if row.due_date else (row.deadline_text or "-")
    lead = "、".join(row.lead_units) or "-"
    return f"{row.id:>5}  {row.status.label}  {due:<10}  {lead}  {row.title}"


def item_lines(rows: Sequence[ItemRow]) -> list[str]:
    """What ``list`` prints."""
    return [*(item_line(row) for row in rows), f"共 {len(rows)} 项"]


def detail_lines(detail: ItemDetail) -> list[str]:
    """What ``show`` prints."""
    row = detail.row
    lines = [f"[{row.id}] {row.title}"]
    if row.heading_path:
        lines.append("所属:" + " > ".join(row.heading_path))
    if row.document_title:
        lines.append(f"来源:{row.document_title}")
    lines += [
        f"牵头单位:{'、'.join(row.lead_units) or '-'}",
        f"配合单位:{'、'.join(row.support_units) or '-'}",
        f"责任人:{row.owner_name or '-'}  责任领导:{row.leader or '-'}",
        f"完成时限:{deadline_label(row.deadline_text, row.due_date)}",
        f"状态:{row.status.label}({row.warning.label})",
        f"内容:{row.content}",
    ]
    lines.extend(f"进展 {entry.entry_date.isoformat()}:{entry.text}" for entry in detail.progress)
    for delay in detail.delays:
        old = delay.old_due_date.isoformat() if delay.old_due_date else "未定"
        lines.append(f"延期 {old} → {delay.new_due_date.isoformat()}:{delay.reason}")
    return lines


def unit_lines(units: Iterable[UnitRow]) -> list[str]:
    """What ``units list`` prints."""
    lines = []
    for unit in units:
        aliases = f"(别名:{'、'.join(unit.aliases)})" if unit.aliases else ""
        mark = " [待核对]" if unit.needs_review else ""
        lines.append(f"{unit.name}{aliases}  {unit.item_count} 项{mark}")
    return lines


def person_lines(people: Iterable[PersonRow]) -> list[str]:
    """What ``people list`` prints."""
    return [f"{person.name}  {person.unit_name or '-'}  {person.phone or ''}" for person in people]


def stats_lines(report: StatsReport) -> list[str]:
    """What ``stats`` prints: the sentence, then a tab-separated table."""
    lines = [
        report.sentence,
        "单位\t总数\t已办结\t正在推进\t未启动\t逾期\t最长逾期天数\t按时办结率\t催办",
    ]
    for unit in (*report.units, report.overall):
        rate = f"{unit.on_time_rate:.0%}" if unit.on_time_rate is not None else "-"
        lines.append(
            f"{unit.unit_name}\t{unit.total}\t{unit.done}\t{unit.in_progress}\t"
            f"{unit.not_started}\t{unit.overdue}\t{unit.max_overdue_days or '-'}\t{rate}\t"
            f"{unit.reminders or '-'}"
        )
    if report.multi_lead_items:
        lines.append(f"注:{report.multi_lead_items}项有多个牵头单位,分别计入各单位。")
    return lines


def plan_lines(plan: ProgressPlan) -> list[str]:
    """What ``import-progress`` prints before (or instead of) applying."""
    repeated = f",{plan.repeated} 行已在之前导入过" if plan.repeated else ""
    lines = [
        f"“{plan.source}”:{len(plan.changes)} 项有新内容,{plan.unchanged} 项无变化{repeated}。"
    ]
    for change in plan.changes:
        status = (
            f" 状态:{change.old_status.label}→{change.new_status.label}"
            if change.new_status
            else ""
        )
        conflict = "(导出后已修改)" if change.conflict else ""
        lines.append(f"  {change.title}{conflict}:{change.progress[:40]}{status}")
    lines.extend(f"无法对应:{line}" for line in plan.unmatched)
    lines.extend(f"提示:{line}" for line in plan.problems)
    return lines


def progress_report_lines(report: ProgressReport) -> list[str]:
    """What ``import-progress`` prints after applying."""
    lines = [f"已添加 {report.entries_added} 条进展,修改 {report.statuses_changed} 项状态。"]
    if report.repeated:
        lines.append(f"{report.repeated} 条进展已在之前导入过,未重复记入。")
    lines.extend(f"未采用:{line}" for line in report.skipped_conflicts)
    return lines


def backup_lines(backups: Sequence[BackupFile], folder: Path) -> list[str]:
    """What ``restore`` without a backup prints: the backups, newest first."""
    lines = [
        f"{backup.made_at:%Y-%m-%d %H:%M:%S}  {backup.reason_label}  {backup.path}"
        for backup in backups
    ]
    if not backups:
        lines.append(f"备份文件夹中没有备份:{folder}")
    return lines


def transfer_lines(report: TransferReport) -> list[str]:
    """What ``migrate-db`` prints once the copy is verified."""
    return [
        f"完成:共 {report.total_rows} 行,{len(report.tables)} 张表的行数和校验值全部一致。",
        f"校验值(SHA-256):{report.checksum}",
        f"以后使用共享数据库:main.py --db {report.target}",
    ]
