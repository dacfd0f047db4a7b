"""The ledger's vocabulary, shared by the importers, the services and the window.

Values are stored as the short English codes; ``label`` gives the Chinese word the clerk
sees. Nothing here touches the database or Qt.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Self

from tracker.errors import InvalidInputError


class _Labelled(StrEnum):
    """A string enum with a Chinese label per member, parsed from either form."""

    @property
    def label(self) -> str:
        """The Chinese word for this value."""
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def parse(cls, text: str) -> Self:
        """Return the member whose code or Chinese label is ``text``.

        Raises:
            InvalidInputError: when ``text`` names no member.
        """
        key = text.strip()
        for member in cls:
            if key in (member.value, member.label):
                return member
        choices = "、".join(member.label for member in cls)
        raise InvalidInputError(f"无法识别“{text}”,可选:{choices}")


class Status(_Labelled):
    """Where an item stands."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DELAYED = "delayed"
    CANCELLED = "cancelled"


class DeadlineKind(_Labelled):
    """What sort of deadline an item has."""

    DATE = "date"
    ONGOING = "ongoing"
    PERIODIC = "periodic"
    NONE = "none"


class UnitRole(_Labelled):
    """The part a unit plays in an item."""

    LEAD = "lead"
    SUPPORT = "support"
    RESPONSIBLE = "responsible"


class UnitKind(_Labelled):
    """Where a unit sits relative to the bureau."""

    INTERNAL = "internal"
    SUBORDINATE = "subordinate"
    EXTERNAL = "external"


class Warning(_Labelled):
    """The warning colour of an item, derived from its due date, today and its status."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    DONE = "done"
    NORMAL = "normal"


_LABELS: dict[str, dict[str, str]] = {
    "Status": {
        "todo": "待办理",
        "in_progress": "推进中",
        "done": "已办结",
        "delayed": "已延期",
        "cancelled": "已取消",
    },
    "DeadlineKind": {"date": "定时", "ongoing": "长期", "periodic": "定期", "none": "无时限"},
    "UnitRole": {"lead": "牵头", "support": "配合", "responsible": "责任"},
    "UnitKind": {"internal": "内设股室", "subordinate": "下属单位", "external": "外部单位"},
    "Warning": {"overdue": "逾期", "due_soon": "临期", "done": "已办结", "normal": "正常"},
}

#: Statuses in which an item still needs work and can fall overdue.
OPEN_STATUSES = frozenset({Status.TODO, Status.IN_PROGRESS, Status.DELAYED})

DEFAULT_WARNING_DAYS = 7


def warning_for(status: Status, due: date | None, today: date, warning_days: int) -> Warning:
    """Return the warning an item shows: overdue, due within ``warning_days``, done or normal."""
    if status == Status.DONE:
        return Warning.DONE
    if status not in OPEN_STATUSES or due is None:
        return Warning.NORMAL
    if due < today:
        return Warning.OVERDUE
    if due <= today + timedelta(days=warning_days):
        return Warning.DUE_SOON
    return Warning.NORMAL


def format_cn_date(value: date | None) -> str:
    """Return a date the way a clerk writes it: 2024年6月30日."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


#: Dates a ledger holds: a year outside these is a typing slip (0024 for 2024), and Excel
#: cannot show dates before 1900.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)
#: The largest id a database stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def check_date(value: date, what: str = "日期") -> date:
    """``value`` if a ledger can hold it.

    Raises:
        InvalidInputError: for a year before 1900 or after 2199.
    """
    if not MIN_DATE <= value <= MAX_DATE:
        raise InvalidInputError(
            f"{what}“{value.isoformat()}”超出范围,应在 {MIN_DATE.year} 年到 {MAX_DATE.year} 年之间。"
        )
    return value


_USER_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_user_date(text: str) -> date:
    """Read a date typed by a clerk: 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, 20240630.

    Raises:
        InvalidInputError: when ``text`` is not such a date.
    """
    compact = text.strip()
    match = _USER_DATE.match(compact)
    if match is None and re.fullmatch(r"\d{8}", compact):
        match = re.match(r"(\d{4})(\d{2})(\d{2})", compact)
    if match is not None:
        year, month, day = (int(part) for part in match.groups())
        try:
            typed = date(year, month, day)
        except ValueError:
            pass
        else:
            return check_date(typed)
    raise InvalidInputError(f"日期“{text}”无效,请写成 2024-06-30 的形式。")


#: Header of the hidden column in exported sheets; its cells say which item a row is.
SHEET_KEY_HEADER = "事项编号(请勿修改)"
# A version has at most 18 digits: a longer one is not ours (and 5,000 digits would stop int()).
_SHEET_KEY = re.compile(r"^K:([0-9a-f]{32}):(\d{1,18})(?::([a-z_]+))?$")


def format_sheet_key(item_key: str, version: int, status: Status) -> str:
    """The hidden key cell of an exported row: the item, its version and status when written.

    The version tells whether the ledger changed after the export; the status tells whether the
    unit changed the 状态 cell or left it as exported.
    """
    return f"K:{item_key}:{version}:{status.value}"


def parse_sheet_key(text: str) -> tuple[str, int, Status | None] | None:
    """Item key, version and exported status of a key cell; None for anything else."""
    match = _SHEET_KEY.match(text.strip())
    if match is None:
        return None
    try:
        status = Status(match.group(3)) if match.group(3) else None
    except ValueError:
        status = None
    return match.group(1), int(match.group(2)), status


FIELD_LABELS = {
    "lead_units": "牵头单位",
    "support_units": "配合单位",
    "owner": "责任人",
    "leader": "责任领导",
    "due_date": "完成时限",
    "status": "状态",
    "title": "工作任务",
    "remarks": "备注",
    "progress": "进展",
}


def field_label(name: str) -> str:
    """The Chinese name of a changed field, for history views."""
    return FIELD_LABELS.get(name, name)
