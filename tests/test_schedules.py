"""Schedule phrases (每月5日前, 每季度末, 每月最后一个工作日 …) and the dates they repeat on."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from tracker.errors import InvalidInputError, UserError
from tracker.schedules import EXAMPLES, find_schedule, parse_schedule
from tracker.workdays import WorkCalendar

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _in_2025(phrase: str) -> list[str]:
    schedule = parse_schedule(phrase)
    return [day.isoformat()[5:] for day in schedule.occurrences(*YEAR)]


MONTH_ENDS = [
    "01-31", "02-28", "03-31", "04-30", "05-31", "06-30",
    "07-31", "08-31", "09-30", "10-31", "11-30", "12-31",
]  # fmt: skip
FIFTHS = [f"{month:02d}-05" for month in range(1, 13)]


@pytest.mark.parametrize(
    ("phrase", "label", "dates"),
    [
        ("每月5日前", "每月5日前", FIFTHS),
        ("每月5日", "每月5日", FIFTHS),
        ("每月五日前", "每月5日前", FIFTHS),
        ("每月５号之前", "每月5日前", FIFTHS),
        ("每月底", "每月底", MONTH_ENDS),
        ("每月末", "每月底", MONTH_ENDS),
        ("每个月月底前", "每月底前", MONTH_ENDS),
        (
            # 01-31 is in the Spring Festival, 05-31 端午, 08-31 a Sunday, 11-29 a Saturday.
            "每月最后一个工作日",
            "每月最后一个工作日",
            ["01-27", "02-28", "03-31", "04-30", "05-30", "06-30",
             "07-31", "08-29", "09-30", "10-31", "11-28", "12-31"],
        ),
        ("每季度末", "每季度末", ["03-31", "06-30", "09-30", "12-31"]),
        ("每季末", "每季度末", ["03-31", "06-30", "09-30", "12-31"]),
        ("每季度首月10日前", "每季度首月10日前", ["01-10", "04-10", "07-10", "10-10"]),
        ("每季度第一个月10日前", "每季度首月10日前", ["01-10", "04-10", "07-10", "10-10"]),
        ("每季度结束后10日内", "每季度首月10日前", ["01-10", "04-10", "07-10", "10-10"]),
        ("每季度最后一个月的30日前", "每季度末月30日前", ["03-30", "06-30", "09-30", "12-30"]),
        ("每半年", "每半年末", ["06-30", "12-31"]),
        ("每年12月底前", "每年12月底前", ["12-31"]),
        ("每年年底前", "每年12月底前", ["12-31"]),
        ("每年4月底前", "每年4月底前", ["04-30"]),
        ("每年6月30日前", "每年6月30日前", ["06-30"]),
        ("每年2月29日", "每年2月29日", ["02-28"]),  # not a leap year: the month's last day
        ("每月15日、30日前", "每月15日、30日前", [
            "01-15", "01-30", "02-15", "02-28", "03-15", "03-30", "04-15", "04-30",
            "05-15", "05-30", "06-15", "06-30", "07-15", "07-30", "08-15", "08-30",
            "09-15", "09-30", "10-15", "10-30", "11-15", "11-30", "12-15", "12-30",
        ]),
        ("每月31日前", "每月31日前", MONTH_ENDS),
        (
            # 10-11 is a 调休 Saturday; 02-08 too.
            "每月第3个工作日",
            "每月第3个工作日",
            ["01-06", "02-07", "03-05", "04-03", "05-08", "06-05",
             "07-03", "08-05", "09-03", "10-11", "11-05", "12-03"],
        ),
        (
            "每月结束后5个工作日内",
            "每月第5个工作日",
            ["01-08", "02-10", "03-07", "04-08", "05-12", "06-09",
             "07-07", "08-07", "09-05", "10-14", "11-07", "12-05"],
        ),
        ("每季度最后一个工作日", "每季度最后一个工作日", ["03-31", "06-30", "09-30", "12-31"]),
    ],
)  # fmt: skip
def test_each_phrase_over_2025(phrase: str, label: str, dates: list[str]) -> None:
    schedule = parse_schedule(phrase)
    assert schedule.describe() == label
    assert schedule.phrase == phrase
    assert _in_2025(phrase) == dates


def test_every_friday() -> None:
    fridays = parse_schedule("每周五").occurrences(*YEAR)
    assert len(fridays) == 52
    assert (fridays[0], fridays[-1]) == (date(2025, 1, 3), date(2025, 12, 26))
    assert all(day.weekday() == 4 for day in fridays)
    assert all((b - a).days == 7 for a, b in pairwise(fridays))
    assert parse_schedule("每星期五").describe() == "每周五"
    assert parse_schedule("每周日").occurrences(date(2025, 3, 1), date(2025, 3, 10)) == [
        date(2025, 3, 2),
        date(2025, 3, 9),
    ]


def test_every_two_weeks_counts_from_its_start() -> None:
    schedule = parse_schedule("每两周", start=date(2025, 1, 3))
    days = schedule.occurrences(*YEAR)
    assert len(days) == 26
    assert days[:3] == [date(2025, 1, 3), date(2025, 1, 17), date(2025, 1, 31)]
    assert days[-1] == date(2025, 12, 19)
    assert schedule.describe() == "每两周(周五,自2025年1月3日起)"
    # A window that starts between two dates does not move the phase.
    assert schedule.occurrences(date(2025, 1, 4), date(2025, 2, 28)) == [
        date(2025, 1, 17),
        date(2025, 1, 31),
        date(2025, 2, 14),
        date(2025, 2, 28),
    ]
    assert schedule.next_on_or_after(date(2024, 6, 1)) == date(2025, 1, 3)
    assert schedule.next_on_or_after(date(2025, 1, 18)) == date(2025, 1, 31)
    monday = parse_schedule("每两周一", start=date(2025, 1, 3))
    assert monday.occurrences(date(2025, 1, 1), date(2025, 1, 31)) == [
        date(2025, 1, 6),
        date(2025, 1, 20),
    ]


def test_every_two_weeks_needs_a_start() -> None:
    with pytest.raises(InvalidInputError, match="第一次的日期"):
        parse_schedule("每两周")


def test_a_start_leaves_out_the_dates_before_it() -> None:
    schedule = parse_schedule("每月5日前", start=date(2025, 3, 6))
    assert schedule.occurrences(date(2025, 1, 1), date(2025, 5, 31)) == [
        date(2025, 4, 5),
        date(2025, 5, 5),
    ]
    assert schedule.next_on_or_after(date(2025, 1, 1)) == date(2025, 4, 5)


@pytest.mark.parametrize(
    ("phrase", "day", "expected"),
    [
        ("每月5日前", date(2025, 3, 5), date(2025, 3, 5)),
        ("每月5日前", date(2025, 3, 6), date(2025, 4, 5)),
        ("每月5日前", date(2025, 12, 6), date(2026, 1, 5)),
        ("每月底", date(2024, 2, 1), date(2024, 2, 29)),
        ("每月最后一个工作日", date(2025, 1, 28), date(2025, 2, 28)),
        ("每月最后一个工作日", date(2025, 5, 31), date(2025, 6, 30)),
        ("每季度末", date(2025, 7, 1), date(2025, 9, 30)),
        ("每季度首月10日前", date(2025, 10, 11), date(2026, 1, 10)),
        ("每半年", date(2025, 7, 1), date(2025, 12, 31)),
        ("每年12月底前", date(2026, 1, 1), date(2026, 12, 31)),
        ("每周五", date(2025, 10, 1), date(2025, 10, 3)),
    ],
)
def test_next_on_or_after(phrase: str, day: date, expected: date) -> None:
    assert parse_schedule(phrase).next_on_or_after(day) == expected


def test_an_empty_window() -> None:
    schedule = parse_schedule("每月5日前")
    assert schedule.occurrences(date(2025, 3, 6), date(2025, 4, 4)) == []
    assert schedule.occurrences(date(2025, 4, 5), date(2025, 3, 1)) == []


def test_working_day_rules_in_a_year_without_data_fall_back() -> None:
    # 2027: Monday–Friday only; 2027-04-30 is a Friday, 2027-10-31 a Sunday.
    schedule = parse_schedule("每月最后一个工作日")
    assert schedule.next_on_or_after(date(2027, 10, 1)) == date(2027, 10, 29)
    assert schedule.calendar.unknown_years(date(2027, 10, 1), date(2027, 10, 29)) == [2027]


def test_an_injected_calendar_moves_the_working_day_rules() -> None:
    # Friday 2030-05-31 made a day off: the last working day of May is Thursday.
    calendar = WorkCalendar({date(2030, 5, 31): "测试"}, {}, years=range(2030, 2031))
    schedule = parse_schedule("每月最后一个工作日", calendar=calendar)
    assert schedule.next_on_or_after(date(2030, 5, 1)) == date(2030, 5, 30)
    assert parse_schedule("每月底", calendar=calendar).next_on_or_after(date(2030, 5, 1)) == date(
        2030, 5, 31
    )


@pytest.mark.parametrize(
    "phrase",
    ["每月", "每季度", "随时", "", "月底前", "每月32日前", "每年13月底", "每周八", "每月第12个工作日"],
)
def test_phrases_that_are_not_read_are_a_user_error(phrase: str) -> None:
    with pytest.raises(UserError):
        parse_schedule(phrase)


def test_the_message_names_the_phrases_that_work() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_schedule("每隔几天")
    message = str(caught.value)
    assert "无法识别的周期“每隔几天”" in message
    for example in EXAMPLES:
        assert example in message
    for example in EXAMPLES:
        if example != "每两周":
            parse_schedule(example)


def test_a_day_the_month_never_has() -> None:
    with pytest.raises(InvalidInputError, match="2月没有30日"):
        parse_schedule("每年2月30日前")
    with pytest.raises(InvalidInputError, match="4月没有31日"):
        parse_schedule("每年4月31日")


def test_finding_a_schedule_inside_a_sentence() -> None:
    found = find_schedule("各单位于每月5日前报送工作进展")
    assert found is not None and found.describe() == "每月5日前"
    longest = find_schedule("每季度末月30日前报送")
    assert longest is not None and longest.describe() == "每季度末月30日前"
    assert find_schedule("每月报送一次") is None
    assert find_schedule("每两周报送一次") is None  # the phase is unknown without a start
    assert find_schedule("") is None
