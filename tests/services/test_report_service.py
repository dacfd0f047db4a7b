"""Statistics per unit and the report sentence."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain import Status
from tracker.dto import ItemChanges
from tracker.services.bundle import Services

pytestmark = pytest.mark.both_backends


def test_stats_per_unit(services: Services, sample_ids: list[int], clock) -> None:  # type: ignore[no-untyped-def]
    a, b, c = sample_ids
    services.items.update_items([a], ItemChanges(due_date=date(2024, 7, 31)))
    services.items.update_items([b], ItemChanges(due_date=date(2024, 7, 1)))  # overdue
    services.items.update_items([c], ItemChanges(due_date=date(2024, 7, 10)))
    clock.today = date(2024, 7, 5)
    services.items.set_status([c], Status.DONE)  # on time
    clock.today = date(2024, 7, 15)

    report = services.reports.stats()

    by_unit = {unit.unit_name: unit for unit in report.units}
    assert (by_unit["医政医管股"].total, by_unit["医政医管股"].in_progress) == (1, 1)
    assert (by_unit["疾控股"].overdue, by_unit["疾控股"].done) == (1, 0)
    assert by_unit["疾控股"].on_time_rate is None
    assert (by_unit["县中医院"].done, by_unit["县中医院"].on_time_rate) == (1, 1.0)
    overall = report.overall
    assert (overall.total, overall.done, overall.in_progress, overall.overdue) == (3, 1, 1, 1)
    assert report.sentence == ("截至7月15日,共3项,已办结1项(33%),推进中1项(33%),逾期1项(33%)。")


def test_late_completion_is_not_on_time(services: Services, sample_ids: list[int]) -> None:
    a = sample_ids[0]
    services.items.update_items([a], ItemChanges(due_date=date(2024, 7, 1)))
    services.items.set_status([a], Status.DONE)  # done on 7-15, two weeks late
    unit = {u.unit_name: u for u in services.reports.stats().units}["医政医管股"]
    assert (unit.done, unit.done_on_time, unit.on_time_rate) == (1, 0, 0.0)


def test_cancelled_items_are_left_out(services: Services, sample_ids: list[int]) -> None:
    services.items.set_status(sample_ids[:1], Status.CANCELLED)
    assert services.reports.stats().overall.total == 2


def test_stats_of_a_selection(services: Services, sample_ids: list[int]) -> None:
    report = services.reports.stats(sample_ids[:1])
    assert report.overall.total == 1
    assert [u.unit_name for u in report.units] == ["医政医管股", "县人民医院"]


def test_empty_ledger(services: Services) -> None:
    report = services.reports.stats()
    assert report.units == ()
    assert report.sentence == "截至7月15日,共0项,已办结0项(0%),推进中0项(0%),逾期0项(0%)。"


def test_stats_of_loaded_rows_match_the_query(services: Services, sample_ids: list[int]) -> None:
    services.items.update_items([sample_ids[0]], ItemChanges(due_date=date(2024, 7, 1)))
    services.items.set_status([sample_ids[2]], Status.DONE)
    assert services.reports.stats_of(services.items.list_items()) == services.reports.stats()
