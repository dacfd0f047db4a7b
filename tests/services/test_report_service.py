"""Statistics per unit in the words of a 通报, the 未明确责任单位 row, and the report sentence."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from tracker.domain import Status, Urgency, overdue_days
from tracker.dto import ItemChanges, ItemFilter, StatsReport, UnitStats
from tracker.importing import parse_text
from tracker.services.bundle import Services
from tracker.services.report_service import NO_UNIT

pytestmark = pytest.mark.both_backends

FIGURES = ("total", "done", "in_progress", "not_started", "overdue", "done_on_time")

#: One unit per task, and one task that names none.
ONE_UNIT_EACH = """县卫生健康局2024年专项工作方案
1.甲任务。(责任单位:医政医管股)
2.乙任务。(责任单位:疾控股)
3.丙任务。(责任单位:医政医管股)
4.丁任务,做好宣传。
5.戊任务。
"""


def _by_unit(report: StatsReport) -> dict[str, UnitStats]:
    return {unit.unit_name: unit for unit in report.units}


def _figures(unit: UnitStats) -> tuple[int, ...]:
    return tuple(getattr(unit, name) for name in FIGURES)


def test_stats_per_unit(services: Services, sample_ids: list[int], clock) -> None:  # type: ignore[no-untyped-def]
    a, b, c = sample_ids
    services.items.update_items([a], ItemChanges(due_date=date(2024, 7, 31)))
    services.items.update_items([b], ItemChanges(due_date=date(2024, 7, 1)))  # overdue
    services.items.update_items([c], ItemChanges(due_date=date(2024, 7, 10)))
    clock.today = date(2024, 7, 5)
    services.items.set_status([c], Status.DONE)  # on time
    clock.today = date(2024, 7, 15)

    report = services.reports.stats()

    by_unit = _by_unit(report)
    assert (by_unit["医政医管股"].total, by_unit["医政医管股"].not_started) == (1, 1)
    assert by_unit["医政医管股"].in_progress == 0
    assert (by_unit["疾控股"].overdue, by_unit["疾控股"].done) == (1, 0)
    assert by_unit["疾控股"].max_overdue_days == 14
    assert by_unit["疾控股"].on_time_rate is None
    assert (by_unit["县中医院"].done, by_unit["县中医院"].on_time_rate) == (1, 1.0)
    overall = report.overall
    assert (overall.total, overall.done, overall.in_progress) == (3, 1, 0)
    assert (overall.not_started, overall.overdue, overall.max_overdue_days) == (1, 1, 14)
    assert report.sentence == (
        "截至7月15日,共3项,已办结1项(33%),正在推进0项(0%),未启动1项(33%),"
        "逾期1项(33%),最长逾期14天。"
    )


def test_todo_is_not_started_and_only_started_items_are_in_progress(
    services: Services, sample_ids: list[int]
) -> None:
    """'推进中109项' when nothing had started: 待办理 is 未启动, never 正在推进."""
    overall = services.reports.stats().overall
    assert (overall.total, overall.not_started, overall.in_progress) == (3, 3, 0)

    services.items.set_status(sample_ids[:1], Status.IN_PROGRESS)
    services.items.set_status(sample_ids[1:2], Status.DELAYED)
    overall = services.reports.stats().overall
    assert (overall.not_started, overall.in_progress) == (1, 2)


def test_an_overdue_item_counts_as_overdue_only(services: Services, sample_ids: list[int]) -> None:
    a, b, _ = sample_ids
    services.items.update_items([a, b], ItemChanges(due_date=date(2024, 7, 1)))
    services.items.set_status([b], Status.IN_PROGRESS)
    overall = services.reports.stats().overall
    assert (overall.overdue, overall.not_started, overall.in_progress) == (2, 1, 0)
    assert overall.done + overall.in_progress + overall.not_started + overall.overdue == 3


def test_overdue_is_what_the_ledger_colours_red(services: Services, sample_ids: list[int]) -> None:
    """One rule: the statistics count exactly the items the window and the Excel mark 逾期."""
    a, b, c = sample_ids
    services.items.update_items([a], ItemChanges(due_date=date(2024, 7, 14)))  # yesterday
    services.items.update_items([b], ItemChanges(due_date=date(2024, 7, 15)))  # today: not yet
    services.items.update_items([c], ItemChanges(due_date=date(2024, 6, 1)))
    services.items.set_status([c], Status.DONE)
    rows = services.items.list_items()
    red = [row for row in rows if row.warning == Urgency.OVERDUE]
    assert [row.id for row in red] == [a]
    assert services.reports.stats_of(rows).overall.overdue == len(red) == 1
    assert len(services.items.list_items(ItemFilter(overdue=True))) == 1


def test_rows_add_up_to_the_total_with_a_row_for_items_without_a_unit(
    services: Services, clock
) -> None:  # type: ignore[no-untyped-def]
    """The unit rows said 5 overdue and the total 14: items without a unit had no row."""
    ids = list(services.imports.store(parse_text(ONE_UNIT_EACH, "a.txt")).item_ids)
    services.items.update_items(ids, ItemChanges(due_date=date(2024, 7, 1)))
    services.items.set_status(ids[2:3], Status.DONE)

    for report in (
        services.reports.stats(),
        services.reports.stats_of(services.items.list_items()),
    ):
        by_unit = _by_unit(report)
        assert list(by_unit) == ["医政医管股", "疾控股", NO_UNIT]
        assert by_unit[NO_UNIT].unit_id is None
        assert (by_unit[NO_UNIT].total, by_unit[NO_UNIT].overdue) == (2, 2)
        assert report.multi_lead_items == 0
        for index, name in enumerate(FIGURES):
            assert sum(_figures(unit)[index] for unit in report.units) == getattr(
                report.overall, name
            ), name
        assert report.overall.overdue == 4


def test_an_item_with_only_helping_units_has_no_unit_answering(
    services: Services, sample_ids: list[int]
) -> None:
    services.items.update_items(
        sample_ids[:1], ItemChanges(lead_units=[], support_units=["医政医管股"])
    )
    report = services.reports.stats(sample_ids[:1])
    assert [(u.unit_name, u.total) for u in report.units] == [(NO_UNIT, 1)]


def test_items_with_several_lead_units_are_counted_for_each(
    services: Services, sample_ids: list[int]
) -> None:
    report = services.reports.stats()
    # 1 and 3 name two units each, 2 names one.
    assert sum(unit.total for unit in report.units) == 5
    assert report.overall.total == 3
    assert report.multi_lead_items == 2


def test_stats_per_document(services: Services, sample_ids: list[int]) -> None:
    other = services.imports.store(parse_text(ONE_UNIT_EACH, "b.txt"))
    (document,) = other.documents_created
    assert services.reports.stats().overall.total == 8

    report = services.reports.stats_of(services.items.list_items(ItemFilter(document_id=document)))

    assert report.overall.total == 5
    assert [(u.unit_name, u.total) for u in report.units] == [
        ("医政医管股", 2),
        ("疾控股", 1),
        (NO_UNIT, 2),
    ]
    assert "共5项" in report.sentence


def test_stats_of_a_filter(services: Services, sample_ids: list[int]) -> None:
    services.items.set_status(sample_ids[:1], Status.DONE)
    rows = services.items.list_items(ItemFilter(unit="疾控股"))
    report = services.reports.stats_of(rows)
    assert (report.overall.total, report.overall.done) == (1, 0)
    assert [u.unit_name for u in report.units] == ["疾控股"]


def test_overdue_days_per_item() -> None:
    today = date(2024, 7, 15)
    assert overdue_days(Status.TODO, date(2024, 7, 14), today) == 1
    assert overdue_days(Status.DELAYED, date(2024, 6, 30), today) == 15
    assert overdue_days(Status.IN_PROGRESS, today, today) == 0
    assert overdue_days(Status.DONE, date(2024, 6, 30), today) == 0
    assert overdue_days(Status.CANCELLED, date(2024, 6, 30), today) == 0
    assert overdue_days(Status.TODO, None, today) == 0


def test_longest_overdue_per_unit(services: Services, sample_ids: list[int]) -> None:
    a, b, _ = sample_ids
    services.items.update_items([a, b], ItemChanges(lead_units=["医政医管股"]))
    services.items.update_items([a], ItemChanges(due_date=date(2024, 7, 10)))
    services.items.update_items([b], ItemChanges(due_date=date(2024, 6, 15)))
    unit = _by_unit(services.reports.stats())["医政医管股"]
    assert (unit.overdue, unit.max_overdue_days) == (2, 30)
    assert _by_unit(services.reports.stats())["规划信息股"].max_overdue_days == 0


def test_late_completion_is_not_on_time(services: Services, sample_ids: list[int]) -> None:
    a = sample_ids[0]
    services.items.update_items([a], ItemChanges(due_date=date(2024, 7, 1)))
    services.items.set_status([a], Status.DONE)  # done on 7-15, two weeks late
    unit = _by_unit(services.reports.stats())["医政医管股"]
    assert (unit.done, unit.done_on_time, unit.on_time_rate) == (1, 0, 0.0)


def test_cancelled_items_are_left_out(services: Services, sample_ids: list[int]) -> None:
    services.items.set_status(sample_ids[:1], Status.CANCELLED)
    report = services.reports.stats()
    assert report.overall.total == 2
    assert "医政医管股" not in _by_unit(report)


def test_stats_of_a_selection(services: Services, sample_ids: list[int]) -> None:
    report = services.reports.stats(sample_ids[:1])
    assert report.overall.total == 1
    assert [u.unit_name for u in report.units] == ["医政医管股", "县人民医院"]


def test_empty_ledger(services: Services) -> None:
    report = services.reports.stats()
    assert report.units == ()
    assert report.sentence == (
        "截至7月15日,共0项,已办结0项(0%),正在推进0项(0%),未启动0项(0%),逾期0项(0%)。"
    )


def test_stats_of_loaded_rows_match_the_query(services: Services, sample_ids: list[int]) -> None:
    services.items.update_items([sample_ids[0]], ItemChanges(due_date=date(2024, 7, 1)))
    services.items.set_status([sample_ids[2]], Status.DONE)
    services.items.update_items(sample_ids[1:2], ItemChanges(lead_units=[]))
    assert services.reports.stats_of(services.items.list_items()) == services.reports.stats()


def test_unit_stats_fields_are_the_documented_ones() -> None:
    names = {field.name for field in fields(UnitStats)}
    assert set(FIGURES) | {"unit_id", "unit_name", "max_overdue_days", "reminders"} == names


def test_reminders_are_counted_for_the_unit_chased_about_the_items_counted(
    services: Services,
) -> None:
    from tracker.importing import parse_text

    text = "县卫生健康局2024年工作要点\n1.甲项工作。(牵头单位:医政股)\n2.乙项工作。(牵头单位:疾控股)\n"
    first, second = services.imports.store(parse_text(text, "a.txt")).item_ids
    services.reminders.record("医政股", [first], way="电话")
    services.reminders.record("医政股", [first], way="书面")
    services.reminders.record("疾控股", [second], way="当面")
    report = services.reports.stats()
    counts = {unit.unit_name: unit.reminders for unit in report.units}
    assert counts == {"医政股": 2, "疾控股": 1} and report.overall.reminders == 3
    only_first = services.reports.stats([first])
    assert [u.reminders for u in only_first.units] == [2] and only_first.overall.reminders == 2
    rows = [row for row in services.items.list_items() if row.id == second]
    assert services.reports.stats_of(rows).overall.reminders == 1, "the window's figures too"
