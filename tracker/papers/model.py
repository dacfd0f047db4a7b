"""What the Word papers say: plain frozen values, filled by a service or by ``notice_from_stats``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.domain import Escalation

#: Who a 通报 goes to (主送机关) unless told.
DEFAULT_ADDRESSEE = "局机关各股室、局属各单位"


#: The band of a 督办单 by its colour: the words and a shading light enough for black text
#: and for a grey printer (the words say the colour either way).
BANDS = {
    Escalation.BLUE: ("蓝色督办", "8EB4E3"),
    Escalation.YELLOW: ("黄色督办", "FFD966"),
    Escalation.RED: ("红色督办", "FF6666"),
}


@dataclass(frozen=True)
class SheetTask:
    """One late task on a 督办单."""

    title: str
    #: The deadline first set (before any approved delay); None for 长期坚持 and the like.
    original_due: date | None
    #: The deadline now in force (after delays).
    current_due: date | None
    #: Days past ``current_due`` (0 when not overdue).
    overdue_days: int = 0
    status: str = ""
    latest_progress: str = ""
    latest_progress_date: date | None = None
    #: The deadline phrase as printed (年底前, 长期坚持), shown when there is no date.
    deadline_text: str = ""


@dataclass(frozen=True)
class SupervisionSheet:
    """A 督办单 to one unit: its late tasks, how urgent, by when it must answer."""

    unit: str
    escalation: Escalation
    tasks: tuple[SheetTask, ...]
    reply_by: date
    issued_on: date
    #: The office that sends it and signs it (X县卫生健康局办公室).
    issuer: str
    #: 文号, e.g. X卫督〔2025〕3号; empty for none.
    doc_number: str = ""
    #: How many times the unit was chased (催办) in this round.
    reminders: int = 0
    #: The reporting round, e.g. 2025年6月调度.
    round_name: str = ""
    #: Who to answer to, e.g. 张三,1234567.
    contact: str = ""


@dataclass(frozen=True)
class NoticeUnitRow:
    """One line of the 通报's table (a unit, the 未明确责任单位 row or the 合计 row)."""

    name: str
    total: int
    done: int
    in_progress: int
    not_started: int
    overdue: int
    max_overdue_days: int
    done_on_time: int
    #: 按时办结率 as printed: a whole percent, or "—" when nothing is finished.
    on_time_rate: str
    #: The row of tasks no unit answers for: in the table, never named as a unit.
    unassigned: bool = False


@dataclass(frozen=True)
class NoticeShares:
    """The overall shares of the first paragraph, as printed (whole percents)."""

    done: str
    in_progress: str
    not_started: str
    overdue: str


@dataclass(frozen=True)
class Notice:
    """A 通报: the figures of the ledger's statistics and who has not reported."""

    title: str
    issuer: str
    issued_on: date
    #: The day the figures are counted on (截至…).
    as_of: date
    overall: NoticeUnitRow
    units: tuple[NoticeUnitRow, ...]
    shares: NoticeShares
    doc_number: str = ""
    addressee: str = DEFAULT_ADDRESSEE
    round_name: str = ""
    #: Units that did not report in the round, in the order to print.
    not_reported: tuple[str, ...] = ()
    #: Tasks several units lead: counted once for each, so the unit rows add up to more.
    multi_lead_items: int = 0

    @property
    def overdue_units(self) -> tuple[NoticeUnitRow, ...]:
        """The units to name for overdue tasks: most overdue first, then longest overdue."""
        named = [row for row in self.units if row.overdue and not row.unassigned]
        return tuple(sorted(named, key=lambda row: (-row.overdue, -row.max_overdue_days)))

    @property
    def unassigned_overdue(self) -> int:
        """Overdue tasks that no unit answers for."""
        return sum(row.overdue for row in self.units if row.unassigned)


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` the way the ledger's statistics print it: 33%, and 0% of nothing.

    The same formatting as the statistics sentence and the 统计 tab, so that a 通报 and the
    ledger never disagree by a rounding.
    """
    return f"{part / whole:.0%}" if whole else "0%"


def rate(part: int, whole: int) -> str:
    """A rate of finished tasks: as ``percent``, but "—" when nothing is finished yet."""
    return percent(part, whole) if whole else "—"
