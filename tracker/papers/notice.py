"""A 通报's figures taken from the ledger's statistics, so that both always say the same."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tracker.dto import StatsReport, UnitStats
from tracker.papers.model import (
    DEFAULT_ADDRESSEE,
    Notice,
    NoticeShares,
    NoticeUnitRow,
    percent,
    rate,
)


def notice_title(as_of: date) -> str:
    """The usual title: 关于2025年6月重点工作推进情况的通报."""
    return f"关于{as_of.year}年{as_of.month}月重点工作推进情况的通报"


def unit_row(stats: UnitStats, *, unassigned: bool = False) -> NoticeUnitRow:
    """One line of the table, its rate printed once, as the statistics print it."""
    return NoticeUnitRow(
        name=stats.unit_name,
        total=stats.total,
        done=stats.done,
        in_progress=stats.in_progress,
        not_started=stats.not_started,
        overdue=stats.overdue,
        max_overdue_days=stats.max_overdue_days,
        done_on_time=stats.done_on_time,
        on_time_rate=rate(stats.done_on_time, stats.done),
        unassigned=unassigned,
    )


def notice_from_stats(
    report: StatsReport,
    *,
    issuer: str,
    issued_on: date | None = None,
    title: str | None = None,
    doc_number: str = "",
    addressee: str = DEFAULT_ADDRESSEE,
    round_name: str = "",
    not_reported: Iterable[str] = (),
) -> Notice:
    """The 通报 of ``report``: its units in its order, its 合计, its shares and rates.

    ``issued_on`` defaults to the report's day and ``title`` to 关于Y年M月重点工作推进情况的通报.
    The 未明确责任单位 row (no unit id) stays in the table so the figures add up, but is never
    named as a unit with overdue tasks.
    """
    overall = report.overall
    shares = NoticeShares(
        done=percent(overall.done, overall.total),
        in_progress=percent(overall.in_progress, overall.total),
        not_started=percent(overall.not_started, overall.total),
        overdue=percent(overall.overdue, overall.total),
    )
    return Notice(
        title=title or notice_title(report.as_of),
        issuer=issuer,
        issued_on=issued_on or report.as_of,
        as_of=report.as_of,
        overall=unit_row(overall),
        units=tuple(unit_row(unit, unassigned=unit.unit_id is None) for unit in report.units),
        shares=shares,
        doc_number=doc_number,
        addressee=addressee,
        round_name=round_name,
        not_reported=tuple(dict.fromkeys(name for name in not_reported if name.strip())),
        multi_lead_items=report.multi_lead_items,
    )
