"""Working days (工作日) by the State Council's yearly holidays and 调休 make-up days.

The official schedule comes from the ``chinese_calendar`` package, which holds each year the
State Council has announced (2004 to 2026 in version 1.11). A year it does not hold is counted
Monday to Friday, and the calendar says so (:meth:`WorkCalendar.covers`,
:meth:`WorkCalendar.unknown_years`, :meth:`WorkCalendar.unknown_note`) so a clerk is told the
date may move once the year's holidays are published.

Pure: no Qt, no database. The calendar is an object (tests build one from their own data);
:func:`default_calendar` gives the one over the package's data.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

_DAY = timedelta(days=1)


class WorkCalendar:
    """Which days are working days: official holidays, 调休 working weekends, else Mon–Fri.

    Args:
        holidays: days off that would otherwise be working days (and official holidays that
            fall on weekends), each with the holiday's Chinese name (春节, 国庆节 …).
        workdays: weekend days that are working days (调休), each with the holiday they make
            up for.
        years: the years the two mappings describe completely; other years fall back to
            Monday–Friday. By default, every year from the first to the last in ``holidays``.
    """

    def __init__(
        self,
        holidays: Mapping[date, str],
        workdays: Mapping[date, str],
        years: range | None = None,
    ) -> None:
        self._holidays = dict(holidays)
        self._workdays = dict(workdays)
        if years is None:
            known = [day.year for day in self._holidays]
            years = range(min(known), max(known) + 1) if known else range(0)
        self._years = years

    @property
    def years(self) -> range:
        """The years whose holidays and 调休 days are known."""
        return self._years

    def covers(self, year: int) -> bool:
        """Whether the official holidays of ``year`` are known (else Mon–Fri is assumed)."""
        return year in self._years

    def unknown_years(self, start: date, end: date) -> list[int]:
        """The years from ``start`` to ``end`` (either order) whose holidays are not known."""
        low, high = sorted((start.year, end.year))
        return [year for year in range(low, high + 1) if not self.covers(year)]

    def unknown_note(self, start: date, end: date) -> str | None:
        """A line for the clerk when a count from ``start`` to ``end`` assumed Mon–Fri.

        Returns:
            ``"2027年的法定节假日尚未收录,按周一至周五计算"`` (years joined by 、), or None
            when every year in between is known.
        """
        years = self.unknown_years(start, end)
        if not years:
            return None
        named = "、".join(f"{year}年" for year in years)
        return f"{named}的法定节假日尚未收录,按周一至周五计算"

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (a 调休 Saturday is one; a holiday is not)."""
        if self.covers(day.year):
            if day in self._workdays:
                return True
            if day in self._holidays:
                return False
        return day.weekday() < 5

    def holiday_name(self, day: date) -> str | None:
        """The holiday ``day`` belongs to (a day off or a 调休 working day), else None."""
        if not self.covers(day.year):
            return None
        return self._holidays.get(day) or self._workdays.get(day)

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += _DAY
        return day

    def previous_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= _DAY
        return day

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        "5个工作日内" from Friday 2025-09-26 is 2025-10-10: Sunday 09-28 is a 调休 working
        day, 10-01 to 10-08 are the National Day holiday. ``n == 0`` gives ``start`` itself
        (:meth:`next_working_day` rolls a day off forward). The walk is one day at a time:
        ``n`` is a deadline's count, not thousands.

        Raises:
            ValueError: when ``n`` is negative.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n:
            day += _DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def last_working_day_of(self, year: int, month: int) -> date:
        """The last working day of a month: its last day, stepped back over days off."""
        return self.previous_working_day(date(year, month, calendar.monthrange(year, month)[1]))

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days come after ``start`` up to and including ``end``.

        The count :meth:`add_working_days` walks: ``add_working_days(a, n) == b`` gives
        ``working_days_between(a, b) == n``. Negative when ``end`` is before ``start``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start + _DAY
        while day <= end:
            count += self.is_working_day(day)
            day += _DAY
        return count


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The calendar over the ``chinese_calendar`` package's official data (read once)."""
    # The package maps each day to the holiday's English name; its enum knows the Chinese one.
    chinese = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}

    def names(days: Mapping[date, str]) -> dict[date, str]:
        return {day: str(chinese.get(name, name)) for day, name in days.items()}

    return WorkCalendar(names(chinese_calendar.holidays), names(chinese_calendar.workdays))
