"""Working days by the official holidays and 调休, and Monday–Friday where they are unknown."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.workdays import WorkCalendar, default_calendar


@pytest.fixture(scope="module")
def official() -> WorkCalendar:
    return default_calendar()


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def test_national_day_2025_and_its_make_up_working_days(official: WorkCalendar) -> None:
    # 10-01 to 10-08 off (国庆 and 中秋); Sunday 09-28 and Saturday 10-11 are working days.
    working = {day for day in _days(date(2025, 9, 26), date(2025, 10, 13)) if official.is_working_day(day)}
    assert working == {
        date(2025, 9, 26),
        date(2025, 9, 28),
        date(2025, 9, 29),
        date(2025, 9, 30),
        date(2025, 10, 9),
        date(2025, 10, 10),
        date(2025, 10, 11),
        date(2025, 10, 13),
    }
    assert date(2025, 9, 28).weekday() == 6 and date(2025, 10, 11).weekday() == 5
    assert official.holiday_name(date(2025, 10, 1)) == "国庆节"
    assert official.holiday_name(date(2025, 10, 11)) == "国庆节"  # the day it makes up for
    assert official.holiday_name(date(2025, 10, 13)) is None


def test_spring_festival_2025(official: WorkCalendar) -> None:
    # 01-28 to 02-04 off; Sunday 01-26 and Saturday 02-08 are working days.
    off = [day for day in _days(date(2025, 1, 25), date(2025, 2, 9)) if not official.is_working_day(day)]
    assert off == [date(2025, 1, 25), *_days(date(2025, 1, 28), date(2025, 2, 4)), date(2025, 2, 9)]
    assert official.holiday_name(date(2025, 1, 29)) == "春节"
    assert official.add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 5)
    assert official.last_working_day_of(2025, 1) == date(2025, 1, 27)


def test_five_working_days_from_the_friday_before_national_day(official: WorkCalendar) -> None:
    # 09-28 (Sun, 调休), 09-29, 09-30, then 10-09 and 10-10.
    assert official.add_working_days(date(2025, 9, 26), 5) == date(2025, 10, 10)
    assert official.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert official.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)


def test_zero_working_days_and_rolling_over_days_off(official: WorkCalendar) -> None:
    assert official.add_working_days(date(2025, 9, 30), 0) == date(2025, 9, 30)
    assert official.add_working_days(date(2025, 10, 1), 0) == date(2025, 10, 1)
    assert official.next_working_day(date(2025, 10, 1)) == date(2025, 10, 9)
    assert official.next_working_day(date(2025, 9, 30)) == date(2025, 9, 30)
    assert official.previous_working_day(date(2025, 10, 8)) == date(2025, 9, 30)
    with pytest.raises(ValueError):
        official.add_working_days(date(2025, 10, 1), -1)


def test_working_days_between_counts_what_add_walks(official: WorkCalendar) -> None:
    assert official.working_days_between(date(2025, 9, 26), date(2025, 10, 10)) == 5
    assert official.working_days_between(date(2025, 10, 10), date(2025, 9, 26)) == -5
    assert official.working_days_between(date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert official.working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0
    assert official.working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 248
    for n in range(0, 30, 7):
        end = official.add_working_days(date(2025, 9, 20), n)
        assert official.working_days_between(date(2025, 9, 20), end) == n


def test_last_working_day_of_a_month(official: WorkCalendar) -> None:
    assert official.last_working_day_of(2025, 5) == date(2025, 5, 30)  # 31st: Saturday, 端午
    assert official.last_working_day_of(2025, 8) == date(2025, 8, 29)  # 31st: Sunday
    assert official.last_working_day_of(2025, 9) == date(2025, 9, 30)
    assert official.last_working_day_of(2025, 12) == date(2025, 12, 31)


def test_the_official_data_covers_2004_to_2026(official: WorkCalendar) -> None:
    assert official.covers(2004) and official.covers(2025) and official.covers(2026)
    assert not official.covers(2003) and not official.covers(2027)
    assert official.unknown_years(date(2025, 12, 1), date(2026, 1, 5)) == []
    assert official.unknown_note(date(2025, 12, 1), date(2026, 1, 5)) is None


def test_a_year_outside_the_data_falls_back_to_monday_to_friday(official: WorkCalendar) -> None:
    # 2027-01-01 will surely be 元旦, but nobody has published 2027's holidays yet.
    assert official.is_working_day(date(2027, 1, 1))  # a Friday
    assert not official.is_working_day(date(2027, 1, 2))  # a Saturday
    assert official.holiday_name(date(2027, 1, 1)) is None
    assert official.add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 4)
    assert official.last_working_day_of(2027, 10) == date(2027, 10, 29)
    assert official.unknown_years(date(2026, 12, 30), date(2027, 1, 4)) == [2027]
    assert official.unknown_years(date(2028, 3, 1), date(2026, 6, 1)) == [2027, 2028]
    assert (
        official.unknown_note(date(2026, 12, 30), date(2027, 1, 4))
        == "2027年的法定节假日尚未收录,按周一至周五计算"
    )
    assert official.unknown_note(date(2027, 1, 1), date(2028, 1, 1)) == (
        "2027年、2028年的法定节假日尚未收录,按周一至周五计算"
    )


def test_a_calendar_built_from_other_data() -> None:
    # A year of one's own: Wednesday 2030-01-02 off, Saturday 2030-01-05 worked.
    calendar = WorkCalendar({date(2030, 1, 2): "测试"}, {date(2030, 1, 5): "测试"})
    assert calendar.years == range(2030, 2031)
    assert not calendar.is_working_day(date(2030, 1, 2))
    assert calendar.is_working_day(date(2030, 1, 5))
    assert calendar.add_working_days(date(2030, 1, 1), 3) == date(2030, 1, 5)
    assert calendar.working_days_between(date(2030, 1, 1), date(2030, 1, 7)) == 4
    # The data of a year it does not cover is not trusted.
    outside = WorkCalendar({date(2031, 1, 1): "x"}, {}, years=range(2030, 2031))
    assert outside.is_working_day(date(2031, 1, 1)) and not outside.covers(2031)
    empty = WorkCalendar({}, {})
    assert not empty.covers(2025) and empty.is_working_day(date(2025, 10, 1))
