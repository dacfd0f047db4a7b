"""Repeating dates a clerk names in a phrase: 每月5日前, 每季度末, 每月最后一个工作日 ….

A reporting round (调度) repeats on a schedule, and documents set reporting duties the same
way. :func:`parse_schedule` reads the phrase into a :class:`Schedule`, whose dates come from
``dateutil.rrule`` (month and weekday arithmetic is not written here by hand); the rules that
speak of working days then move each date with a :class:`~tracker.workdays.WorkCalendar`
(the last working day of a month is its last day, stepped back over days off).

Pure: no Qt, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum

from dateutil.rrule import MONTHLY, WEEKLY, rrule, rruleset

from tracker.errors import InvalidInputError
from tracker.workdays import WorkCalendar, default_calendar

#: The phrases the hint of an unreadable phrase names: each of them is read.
EXAMPLES = (
    "每月5日前",
    "每月底",
    "每月最后一个工作日",
    "每季度末",
    "每季度首月10日前",
    "每半年",
    "每年12月底前",
    "每周五",
    "每两周",
)

#: A date moved by a working-day rule lies at most this far from the date rrule gives.
_MARGIN = timedelta(days=62)
#: "每月第N个工作日": beyond this the day could leave its month.
_MAX_NTH = 10
_WEEKDAYS = "一二三四五六日"
#: Punctuation dropped around a phrase (after NFKC, so full-width marks are among these).
_EDGE = "。.;,、"
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


class WorkingRule(Enum):
    """How a working-day rule moves the dates rrule gives."""

    #: The date as it falls.
    NONE = "none"
    #: A period's last day, stepped back to a working day.
    LAST = "last"
    #: The month's first day, moved on to its N-th working day.
    NTH = "nth"


@dataclass(frozen=True)
class Schedule:
    """A repeating date: the dates of an rrule, moved by a working-day rule when it has one.

    Build one with :func:`parse_schedule`. Month-based rules (every month, quarter, half-year
    or year) hold the months they fall in and their days of month (``-1``: the last day; a
    day the month lacks falls on its last day); weekly rules hold a weekday and an interval.
    """

    #: The phrase as given.
    phrase: str
    #: The normalised phrase, as :meth:`describe` gives it.
    label: str
    #: ``dateutil.rrule.MONTHLY`` or ``WEEKLY``.
    freq: int
    #: Months (1–12) a month-based rule falls in; empty: every month.
    months: tuple[int, ...] = ()
    #: Days of the month (1–31, or -1 for the last day).
    days: tuple[int, ...] = ()
    #: Weekday of a weekly rule (0 = Monday).
    weekday: int | None = None
    #: Weeks between two dates of a weekly rule.
    interval: int = 1
    working: WorkingRule = WorkingRule.NONE
    #: N of "每月第N个工作日".
    nth: int = 0
    #: The first day the schedule runs; a two-weekly rule counts its weeks from it.
    start: date | None = None
    calendar: WorkCalendar = field(default_factory=default_calendar, compare=False, repr=False)

    def describe(self) -> str:
        """The schedule as a clerk writes it, normalised: 每月5日前, 每季度末, 每周五."""
        return self.label

    def occurrences(self, start: date, end: date) -> list[date]:
        """Every date of the schedule from ``start`` to ``end``, both included, in order."""
        if end < start:
            return []
        low = max(start - _MARGIN, self.start) if self.start else start - _MARGIN
        raw = self._rule(low).between(_at(low), _at(end + _MARGIN), inc=True)
        moved = sorted({self._move(moment.date()) for moment in raw})
        first = max(start, self.start) if self.start else start
        return [day for day in moved if first <= day <= end]

    def next_on_or_after(self, day: date) -> date:
        """The first date of the schedule on or after ``day``."""
        if self.start and self.start > day:
            day = self.start
        # Every schedule falls at least once a year.
        return self.occurrences(day, day + timedelta(days=400))[0]

    def _rule(self, low: date) -> rruleset:
        rules = rruleset()
        if self.freq == WEEKLY:
            # A two-weekly rule keeps the phase of its start (its first date is the first of
            # its weekdays on or after the start: rrule would skip to the next fortnight when
            # that weekday comes earlier in the start's week); a weekly one has none.
            first = low
            if self.interval > 1 and self.start and self.weekday is not None:
                first = self.start + timedelta(days=(self.weekday - self.start.weekday()) % 7)
            dtstart = _at(first)
            rules.rrule(
                rrule(WEEKLY, interval=self.interval, byweekday=self.weekday, dtstart=dtstart)
            )
            return rules
        dtstart = _at(low.replace(day=1))
        months = self.months or None
        for day in self.days:
            if day > 28:
                # 30 and the month's last day, first of them: the 30th, or the end of February.
                rules.rrule(
                    rrule(MONTHLY, bymonth=months, bymonthday=(day, -1), bysetpos=1, dtstart=dtstart)
                )
            else:
                rules.rrule(rrule(MONTHLY, bymonth=months, bymonthday=day, dtstart=dtstart))
        return rules

    def _move(self, day: date) -> date:
        if self.working is WorkingRule.LAST:
            return self.calendar.previous_working_day(day)
        if self.working is WorkingRule.NTH:
            return self.calendar.add_working_days(day - timedelta(days=1), self.nth)
        return day


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def parse_schedule(
    phrase: str, *, start: date | None = None, calendar: WorkCalendar | None = None
) -> Schedule:
    """Read a schedule phrase: 每月5日前, 每月底, 每月最后一个工作日, 每季度末, 每周五 ….

    Also read: 每月5日 (on the day), 每月15日、30日前, 每月第3个工作日, 每月结束后5个工作日内,
    每季度最后一个工作日, 每季度最后一个月30日前, 每季度结束后10日内, 每年6月30日前, 每年底,
    每两周五. Digits may be full-width or Chinese (每月五日前).

    Args:
        phrase: the phrase as the clerk typed or a document printed it.
        start: the first day the schedule runs (no date before it); required by 每两周,
            whose weeks are counted from it.
        calendar: the working-day calendar (default: the official one).

    Raises:
        InvalidInputError: when the phrase is not a schedule read here, names a day that does
            not exist (每年2月30日), or is 每两周 without a ``start``.
    """
    key = _key(phrase)
    for pattern, build in _RULES:
        match = pattern.fullmatch(key)
        if match:
            return build(match, phrase.strip(), start, calendar or default_calendar())
    raise InvalidInputError(
        f"无法识别的周期“{phrase.strip()}”。",
        hint="可以这样写:" + "、".join(EXAMPLES) + "。",
    )


def find_schedule(
    text: str, *, start: date | None = None, calendar: WorkCalendar | None = None
) -> Schedule | None:
    """The first schedule phrase inside ``text`` (每月5日前报送进展 → 每月5日前), or None.

    A phrase that needs more than the text gives (每两周 without ``start``) counts as none.
    """
    key = _key(text, keep_inner=True)
    found: list[tuple[int, int, re.Match[str], _Builder]] = []
    for pattern, build in _RULES:
        match = pattern.search(key)
        if match:
            found.append((match.start(), -match.end(), match, build))
    for _, _, match, build in sorted(found, key=lambda entry: entry[:2]):
        try:
            return build(match, match.group(0), start, calendar or default_calendar())
        except InvalidInputError:
            continue
    return None


def _key(text: str, *, keep_inner: bool = False) -> str:
    """Text to match: NFKC (full-width digits), no spaces, no punctuation at the ends."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return folded if keep_inner else folded.strip(_EDGE)


# --- the phrases -------------------------------------------------------------------------

_Builder = Callable[[re.Match[str], str, date | None, WorkCalendar], Schedule]

_N = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_BY = r"(?P<by>之前|以前|前)?"
_EACH_MONTH = r"每(?:个)?月(?:的)?"
_EACH_QUARTER = r"每(?:个)?季度?(?:的)?"
_WEEKDAY = r"(?:周|星期|礼拜)?(?P<wd>[一二三四五六日天1-7])"
_DAYS = r"(?P<days>" + _N + r"[日号](?:[、和及]" + _N + r"[日号]?)*)"
_AFTER = r"(?:结束|终了)后(?P<n>" + _N + r")(?P<unit>个工作日|日|天)(?:内|之内|以内)"

_QUARTER_FIRST = (1, 4, 7, 10)
_QUARTER_LAST = (3, 6, 9, 12)


def _number(text: str) -> int:
    """1–99 written in digits or in Chinese (五, 十, 十五, 二十, 三十一)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0))
    return _CN_DIGITS.get(text, 0)


def _day_list(text: str) -> tuple[int, ...]:
    days = tuple(dict.fromkeys(_number(n) for n in re.findall(_N, text)))
    for day in days:
        if not 1 <= day <= 31:
            raise InvalidInputError(f"没有{day}日这一天。")
    return tuple(sorted(days))


def _days_label(days: tuple[int, ...]) -> str:
    return "、".join(f"{day}日" for day in days)


def _by(match: re.Match[str]) -> str:
    return "前" if match.group("by") else ""


def _month_days(months: tuple[int, ...], where: str) -> _Builder:
    def build(m: re.Match[str], phrase: str, start: date | None, cal: WorkCalendar) -> Schedule:
        days = _day_list(m.group("days"))
        label = f"{where}{_days_label(days)}{_by(m)}"
        return Schedule(phrase, label, MONTHLY, months, days, start=start, calendar=cal)

    return build


def _period_end(months: tuple[int, ...], where: str) -> _Builder:
    def build(m: re.Match[str], phrase: str, start: date | None, cal: WorkCalendar) -> Schedule:
        return Schedule(phrase, f"{where}{_by(m)}", MONTHLY, months, (-1,), start=start, calendar=cal)

    return build


def _last_working(months: tuple[int, ...], where: str) -> _Builder:
    def build(m: re.Match[str], phrase: str, start: date | None, cal: WorkCalendar) -> Schedule:
        return Schedule(
            phrase,
            f"{where}最后一个工作日",
            MONTHLY,
            months,
            (-1,),
            working=WorkingRule.LAST,
            start=start,
            calendar=cal,
        )

    return build


def _nth_working(months: tuple[int, ...], where: str) -> _Builder:
    def build(m: re.Match[str], phrase: str, start: date | None, cal: WorkCalendar) -> Schedule:
        nth = _number(m.group("n"))
        if not 1 <= nth <= _MAX_NTH:
            raise InvalidInputError(f"“{phrase}”:工作日的序号应在1到{_MAX_NTH}之间。")
        return Schedule(
            phrase,
            f"{where}第{nth}个工作日",
            MONTHLY,
            months,
            (1,),
            working=WorkingRule.NTH,
            nth=nth,
            start=start,
            calendar=cal,
        )

    return build


def _after_period(months: tuple[int, ...], where: str) -> _Builder:
    """每月结束后5日内 (the 5th of the next month), …后5个工作日内 (its 5th working day)."""
    by_working_day = _nth_working(months, where)

    def build(m: re.Match[str], phrase: str, start: date | None, cal: WorkCalendar) -> Schedule:
        if m.group("unit") == "个工作日":
            return by_working_day(m, phrase, start, cal)
        days = _day_list(m.group("n"))
        label = f"{where}{_days_label(days)}前"
        return Schedule(phrase, label, MONTHLY, months, days, start=start, calendar=cal)

    return build


def _year_day(m: re.Match[str], phrase: str, start: date | None, cal: WorkCalendar) -> Schedule:
    month = _number(m.group("month"))
    if not 1 <= month <= 12:
        raise InvalidInputError(f"没有{month}月。")
    days = _day_list(m.group("days"))
    longest = 29 if month == 2 else (30 if month in (4, 6, 9, 11) else 31)
    if max(days) > longest:
        raise InvalidInputError(f"{month}月没有{max(days)}日。")
    label = f"每年{month}月{_days_label(days)}{_by(m)}"
    return Schedule(phrase, label, MONTHLY, (month,), days, start=start, calendar=cal)


def _year_month_end(
    m: re.Match[str], phrase: str, start: date | None, cal: WorkCalendar
) -> Schedule:
    month = _number(m.group("month")) if m.group("month") else 12
    if not 1 <= month <= 12:
        raise InvalidInputError(f"没有{month}月。")
    label = f"每年{month}月底{_by(m)}"
    return Schedule(phrase, label, MONTHLY, (month,), (-1,), start=start, calendar=cal)


def _weekday(m: re.Match[str]) -> int:
    char = m.group("wd")
    if char in "天7":
        return 6
    return int(char) - 1 if char.isdigit() else _WEEKDAYS.index(char)


def _weekly(m: re.Match[str], phrase: str, start: date | None, cal: WorkCalendar) -> Schedule:
    weekday = _weekday(m)
    label = f"每周{_WEEKDAYS[weekday]}{_by(m)}"
    return Schedule(phrase, label, WEEKLY, weekday=weekday, start=start, calendar=cal)


def _two_weekly(m: re.Match[str], phrase: str, start: date | None, cal: WorkCalendar) -> Schedule:
    if start is None:
        raise InvalidInputError(
            f"“{phrase}”需要给出第一次的日期,才能算出以后每两周的日期。"
        )
    weekday = _weekday(m) if m.group("wd") else start.weekday()
    since = f"{start.year}年{start.month}月{start.day}日"
    label = f"每两周{_by(m)}(周{_WEEKDAYS[weekday]},自{since}起)"
    return Schedule(
        phrase, label, WEEKLY, weekday=weekday, interval=2, start=start, calendar=cal
    )


_RULES: list[tuple[re.Pattern[str], _Builder]] = [
    (re.compile(_EACH_MONTH + _DAYS + _BY), _month_days((), "每月")),
    (re.compile(_EACH_MONTH + r"月?(?:底|末)" + _BY), _period_end((), "每月底")),
    (re.compile(_EACH_MONTH + r"最后一个工作日" + _BY), _last_working((), "每月")),
    (
        re.compile(_EACH_MONTH + r"(?:第|前)(?P<n>" + _N + r")个工作日(?:内|之内)?" + _BY),
        _nth_working((), "每月"),
    ),
    (re.compile(_EACH_MONTH + _AFTER), _after_period((), "每月")),
    (re.compile(_EACH_QUARTER + r"(?:末|底)" + _BY), _period_end(_QUARTER_LAST, "每季度末")),
    (
        re.compile(_EACH_QUARTER + r"最后一个工作日" + _BY),
        _last_working(_QUARTER_LAST, "每季度"),
    ),
    (
        re.compile(_EACH_QUARTER + r"(?:首月|第一个月|第1个月)(?:的)?" + _DAYS + _BY),
        _month_days(_QUARTER_FIRST, "每季度首月"),
    ),
    (
        re.compile(_EACH_QUARTER + r"(?:末月|最后一个月)(?:的)?" + _DAYS + _BY),
        _month_days(_QUARTER_LAST, "每季度末月"),
    ),
    (re.compile(_EACH_QUARTER + _AFTER), _after_period(_QUARTER_FIRST, "每季度首月")),
    (re.compile(r"每半年(?:度)?(?:末|底)?" + _BY), _period_end((6, 12), "每半年末")),
    (
        re.compile(r"每年(?:的)?(?P<month>" + _N + r")月" + _DAYS + _BY),
        _year_day,
    ),
    (
        re.compile(r"每年(?:的)?(?:(?P<month>" + _N + r")月|年)?(?:底|末)" + _BY),
        _year_month_end,
    ),
    (re.compile(r"每(?:周|星期|礼拜)(?:的)?" + _WEEKDAY + _BY), _weekly),
    (re.compile(r"每(?:两|二|2)(?:周|星期|礼拜)(?:的)?(?:" + _WEEKDAY + r")?" + _BY), _two_weekly),
]
