"""The ledger's vocabulary, shared by the importers, the services and the window.

Values are stored as the short English codes; ``label`` gives the Chinese word the clerk
sees. Nothing here touches the database or Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol, Self, TypeVar

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


class Urgency(_Labelled):
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
    "SplitMode": {"sheets": "每个牵头单位一个工作表", "files": "每个牵头单位一个文件"},
    "FontChoice": {"official": "公文字体", "common": "常用字体"},
    "ProgressSource": {"manual": "手工登记", "sheet": "填报表导入"},
    "AuditEntity": {
        "item": "事项",
        "unit": "单位",
        "document": "来源文件",
        "person": "人员",
        "round": "调度",
    },
    "AuditAction": {
        "create": "新增",
        "update": "修改",
        "progress": "进展",
        "delay": "延期",
        "delete": "删除",
        "rename": "改名",
        "merge": "合并",
        "alias": "别名",
        "import": "导入",
        "receive": "收表",
        "remind": "催办",
    },
    "Urgency": {"overdue": "逾期", "due_soon": "临期", "done": "已办结", "normal": "正常"},
    "ReminderWay": {"phone": "电话", "letter": "书面", "in_person": "当面", "meeting": "会议"},
    "ReplyState": {"on_time": "已报", "late": "迟报", "missing": "未报"},
    "Escalation": {"blue": "蓝色", "yellow": "黄色", "red": "红色"},
    "ReceiptOutcome": {
        "received": "已收到",
        "updated": "已更新",
        "already": "已收到过",
        "refused": "未采用",
    },
}


class SplitMode(_Labelled):
    """How an export by unit is split: one sheet per lead unit, or one file per lead unit."""

    SHEETS = "sheets"
    FILES = "files"


class FontChoice(_Labelled):
    """The fonts of an exported ledger: official-document fonts or the common ones."""

    OFFICIAL = "official"
    COMMON = "common"


class ProgressSource(_Labelled):
    """Where a progress entry came from: typed by the clerk, or read back from a unit's sheet."""

    MANUAL = "manual"
    SHEET = "sheet"


class AuditEntity(_Labelled):
    """What kind of record an audit entry is about."""

    ITEM = "item"
    UNIT = "unit"
    DOCUMENT = "document"
    PERSON = "person"
    ROUND = "round"


class AuditAction(_Labelled):
    """What was done to the record of an audit entry."""

    CREATE = "create"
    UPDATE = "update"
    PROGRESS = "progress"
    DELAY = "delay"
    DELETE = "delete"
    RENAME = "rename"
    MERGE = "merge"
    ALIAS = "alias"
    IMPORT = "import"
    RECEIVE = "receive"
    REMIND = "remind"


class ReminderWay(_Labelled):
    """How a unit was chased (催办): by phone, in writing, in person or at a meeting."""

    PHONE = "phone"
    LETTER = "letter"
    IN_PERSON = "in_person"
    MEETING = "meeting"


class ReplyState(_Labelled):
    """Where a unit stands in a reporting round: answered in time, late, or not yet."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


class ReceiptOutcome(_Labelled):
    """What receiving one returned file of a round did."""

    #: The unit's first reply in the round.
    RECEIVED = "received"
    #: The unit had replied; this file brought something new (a corrected copy).
    UPDATED = "updated"
    #: The same file, or one with nothing new, was received before: nothing changed.
    ALREADY = "already"
    #: Not a returned file of this ledger's rounds, or unreadable: nothing changed.
    REFUSED = "refused"


class Escalation(_Labelled):
    """The colour of a 督办单 (蓝 → 黄 → 红), by :func:`escalation_for`."""

    BLUE = "blue"
    YELLOW = "yellow"
    RED = "red"


#: Statuses in which an item still needs work and can fall overdue.
OPEN_STATUSES = frozenset({Status.TODO, Status.IN_PROGRESS, Status.DELAYED})

DEFAULT_WARNING_DAYS = 7


@dataclass(frozen=True)
class DueRange:
    """Due dates from ``first`` to ``last``, both included; ``None`` leaves that end open."""

    first: date | None = None
    last: date | None = None

    def __contains__(self, due: date | None) -> bool:
        """Whether ``due`` is a date within the range (no date is never within)."""
        if due is None:
            return False
        return (self.first is None or self.first <= due) and (self.last is None or due <= self.last)


# The urgency rule, in two ranges: the SQL side of the item query compiles the same ranges
# (tracker/services/item_queries.py), so the window, the CLI and the exports agree.
def overdue_range(today: date) -> DueRange:
    """The due dates of an open item that is overdue: any day before ``today``."""
    return DueRange(last=today - timedelta(days=1))


def due_soon_range(today: date, days: int) -> DueRange:
    """The due dates of an open item due within ``days``: ``today`` to ``days`` later."""
    days = max(min(days, (date.max - today).days), (date.min - today).days)
    return DueRange(first=today, last=today + timedelta(days=days))


def is_overdue(status: Status, due: date | None, today: date) -> bool:
    """Whether an item is overdue: still open and its due date has passed."""
    return status in OPEN_STATUSES and due in overdue_range(today)


def overdue_days(status: Status, due: date | None, today: date) -> int:
    """How many days an item is overdue (逾期 N 天): 0 unless :func:`is_overdue` says so.

    An item due yesterday is one day overdue.
    """
    if due is None or not is_overdue(status, due, today):
        return 0
    return (today - due).days


def urgency_for(status: Status, due: date | None, today: date, warning_days: int) -> Urgency:
    """Return the urgency an item shows: overdue, due within ``warning_days``, done or normal."""
    if status == Status.DONE:
        return Urgency.DONE
    if status not in OPEN_STATUSES:
        return Urgency.NORMAL
    if due in overdue_range(today):
        return Urgency.OVERDUE
    if due in due_soon_range(today, warning_days):
        return Urgency.DUE_SOON
    return Urgency.NORMAL


def reply_state(replied_on: date | None, reply_by: date) -> ReplyState:
    """已报 when a unit replied by ``reply_by``, 迟报 after it, 未报 while it has not."""
    if replied_on is None:
        return ReplyState.MISSING
    return ReplyState.LATE if replied_on > reply_by else ReplyState.ON_TIME


def _halfway(begun_on: date | None, due: date | None) -> date | None:
    """The day half the time from ``begun_on`` to ``due`` has gone (None without both)."""
    if begun_on is None or due is None or begun_on >= due:
        return None
    return begun_on + (due - begun_on) // 2


def escalation_for(
    status: Status,
    due: date | None,
    today: date,
    warning_days: int,
    *,
    reported_late: bool = False,
    reminders: int = 0,
    begun_on: date | None = None,
) -> Escalation | None:
    """The 督办单 colour of a task, by one rule; None when it needs no 督办 at all.

    - 红 (red): overdue (:func:`is_overdue`), or chased a second time (``reminders`` ≥ 2);
    - 黄 (yellow): behind — its unit replied late in the round (``reported_late``), or it is
      still 待办理 (未启动) when half the time from ``begun_on`` (the day it was assigned or its
      document's date) to its due date has gone;
    - 蓝 (blue): due within ``warning_days`` (临期);
    - None otherwise, and always for a task that is not open (done, cancelled).
    """
    if status not in OPEN_STATUSES:
        return None
    if is_overdue(status, due, today) or reminders >= 2:
        return Escalation.RED
    if reported_late:
        return Escalation.YELLOW
    halfway = _halfway(begun_on, due)
    if status == Status.TODO and halfway is not None and today >= halfway:
        return Escalation.YELLOW
    if due in due_soon_range(today, warning_days):
        return Escalation.BLUE
    return None


class _HasRole(Protocol):
    @property
    def role(self) -> UnitRole: ...


_Linked = TypeVar("_Linked", bound=_HasRole)


def answering_units(units: Iterable[_Linked]) -> list[_Linked]:
    """The units that answer for an item: its lead units, else the plainly responsible ones.

    Helping units never answer. This is the 牵头单位 column, the unit a 督办单 goes to and the
    unit an item counts for in the statistics.
    """
    links = list(units)
    leads = [link for link in links if link.role == UnitRole.LEAD]
    return leads or [link for link in links if link.role == UnitRole.RESPONSIBLE]


def deadline_label(
    phrase: str | None, due: date | None, *, line_break: str = "", delayed: bool = False
) -> str:
    """The text shown for a deadline: "6月底前(2024-06-30)", the date alone, or the phrase.

    ``line_break`` goes between the phrase and the date (a printed cell breaks the line there).
    A ``delayed`` item's date is the new one: "原定6月底前,延期至2027年1月15日".
    """
    if delayed and due is not None:
        original = f"原定{phrase}," if phrase else ""
        return f"{original}{line_break if original else ''}延期至{format_cn_date(due)}"
    if due is None:
        return phrase or "未定"
    if not phrase:
        return format_cn_date(due)
    return f"{phrase}{line_break}({due.isoformat()})"


# ``\d`` and ``int`` take full-width digits too: "２０２４年" is 2024.
_TITLE_YEAR = re.compile(r"([2２][0０]\d{2})\s*年")


def document_year(doc_date: date | None, title: str | None) -> int | None:
    """The year a document was written in: its 成文日期's, else the first 20xx年 in its title."""
    if doc_date is not None:
        return doc_date.year
    match = _TITLE_YEAR.search(title or "")
    return int(match.group(1)) if match else None


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


#: The round tag: written once into a round's fill-in workbook (the hidden key column of its
#: title row) so that a returned copy finds its round and unit again. The round key is a
#: random token of the round: a workbook of another ledger's round with the same ids is not
#: taken for one of ours.
_ROUND_TAG = re.compile(r"^R:(\d{1,18}):(\d{1,18}):([0-9a-f]{32})$")


@dataclass(frozen=True)
class RoundTag:
    """Which round and which unit a fill-in workbook was written for."""

    round_id: int
    unit_id: int
    round_key: str


def format_round_tag(tag: RoundTag) -> str:
    """The tag cell of a round's workbook: ``R:<round id>:<unit id>:<round key>``."""
    return f"R:{tag.round_id}:{tag.unit_id}:{tag.round_key}"


def parse_round_tag(text: str) -> RoundTag | None:
    """The round tag in a cell's text; None for anything else."""
    match = _ROUND_TAG.match(text.strip())
    if match is None:
        return None
    return RoundTag(int(match.group(1)), int(match.group(2)), match.group(3))


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
    "reminder": "催办",
}


def field_label(name: str) -> str:
    """The Chinese name of a changed field, for history views."""
    return FIELD_LABELS.get(name, name)
