"""催办 with a record: by phone, letter, in person or at a meeting; in the unit's and the task's
history; counted per unit; and the escalation colour of a round's tasks."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import Clock
from tests.services.round_files import cycle_ledger, file_of, fill
from tracker.domain import (
    AuditEntity,
    Escalation,
    ReminderWay,
    Status,
    escalation_for,
)
from tracker.dto import ItemChanges
from tracker.errors import InvalidInputError, NotFoundError
from tracker.services import audit
from tracker.services.bundle import Services

REPLY_BY = date(2024, 7, 20)


@pytest.fixture
def ids(services: Services) -> dict[str, int]:
    return cycle_ledger(services)


@pytest.mark.both_backends
def test_a_reminder_is_recorded_with_its_tasks_and_shown_in_both_histories(
    services: Services, ids: dict[str, int], tmp_path: Path
) -> None:
    made = services.rounds.create_round("2024年7月调度", list(ids.values()), REPLY_BY, tmp_path)
    task = ids["推进智慧医院建设"]
    row = services.reminders.record(
        "规划信息股",
        way="电话",
        reminded_on=date(2024, 7, 22),
        answered_by="王五",
        said="本周五前报送",
        round_ref="2024年7月调度",
    )
    assert (row.unit_name, row.way, row.answered_by, row.said) == (
        "规划信息股",
        ReminderWay.PHONE,
        "王五",
        "本周五前报送",
    )
    assert (row.round_id, row.round_name, row.reminded_on) == (
        made.round.id,
        "2024年7月调度",
        date(2024, 7, 22),
    )
    assert row.item_ids == (task,), "with a round and no tasks: the unit's tasks in the round"
    letter = services.reminders.record(
        "规划信息股", [ids["强化疾病预防控制"]], way=ReminderWay.LETTER, said="督办通知"
    )
    assert letter.reminded_on == date(2024, 7, 15) and letter.round_id is None

    assert [r.id for r in services.reminders.for_unit("规划信息股")] == [row.id, letter.id]
    assert [r.id for r in services.reminders.for_item(task)] == [row.id]
    assert services.reminders.for_item(ids["提高县级医院服务能力"]) == []
    history = services.items.get_item(task).history
    assert history[0].action == "remind" and "电话催办规划信息股" in history[0].summary
    assert "本周五前报送" in history[0].summary
    with services.db.read() as session:
        unit_id = row.unit_id
        unit_history = audit.history(session, AuditEntity.UNIT, unit_id)
    assert [e.action for e in unit_history][:2] == ["remind", "remind"]
    status = {u.unit_name: u for u in services.rounds.round_status(made.round.id).units}
    assert status["规划信息股"].reminders == 1 and status["县中医院"].reminders == 0


@pytest.mark.both_backends
def test_reminders_are_counted_per_unit_and_per_task(
    services: Services, ids: dict[str, int]
) -> None:
    for way in ("电话", "当面", "会议"):
        services.reminders.record("疾控股", [ids["强化疾病预防控制"]], way=way)
    services.reminders.record("医政医管股", way="书面", reminded_on=date(2024, 6, 1))
    counts = services.reminders.counts_by_unit()
    assert [(c.unit_name, c.count) for c in counts] == [("疾控股", 3), ("医政医管股", 1)]
    assert counts[1].last_on == date(2024, 6, 1)
    assert [c.unit_name for c in services.reminders.counts_by_unit(since=date(2024, 7, 1))] == [
        "疾控股"
    ]
    assert services.reminders.counts_by_item(list(ids.values())) == {ids["强化疾病预防控制"]: 3}
    assert len(services.reminders.list_reminders()) == 4


@pytest.mark.both_backends
def test_a_reminder_refuses_what_makes_no_sense(services: Services, ids: dict[str, int]) -> None:
    with pytest.raises(InvalidInputError, match="无法识别“短信”"):
        services.reminders.record("疾控股", way="短信")
    with pytest.raises(NotFoundError, match="没有“不存在的股”"):
        services.reminders.record("不存在的股", way="电话")
    with pytest.raises(NotFoundError, match="事项 99 不存在"):
        services.reminders.record("疾控股", [99], way="电话")
    with pytest.raises(NotFoundError, match="没有找到调度“八月”"):
        services.reminders.record("疾控股", way="电话", round_ref="八月")
    with pytest.raises(InvalidInputError, match="催办情况过长"):
        services.reminders.record("疾控股", way="电话", said="很" * 5001)
    assert services.reminders.list_reminders() == []


def test_escalation_follows_one_rule() -> None:
    today = date(2024, 7, 15)
    open_ = Status.IN_PROGRESS

    def colour(
        status: Status = open_, due: date | None = None, **flags: object
    ) -> Escalation | None:
        return escalation_for(status, due, today, 7, **flags)  # type: ignore[arg-type]

    assert colour(due=today - timedelta(days=1)) is Escalation.RED
    assert colour(due=today + timedelta(days=30), reminders=2) is Escalation.RED
    assert colour(due=today + timedelta(days=30), reminders=1) is None
    assert colour(due=today + timedelta(days=30), reported_late=True) is Escalation.YELLOW
    # Not started past half its time: yellow; started, or before half its time: not.
    begun = today - timedelta(days=10)
    assert colour(Status.TODO, today + timedelta(days=10), begun_on=begun) is Escalation.YELLOW
    assert colour(Status.TODO, today + timedelta(days=12), begun_on=begun) is None
    assert colour(open_, today + timedelta(days=10), begun_on=begun) is None
    assert colour(due=today + timedelta(days=7)) is Escalation.BLUE
    assert colour(due=today) is Escalation.BLUE
    assert colour(due=today + timedelta(days=8)) is None
    assert colour() is None
    # Red beats yellow beats blue; a closed task needs no 督办.
    assert colour(due=today + timedelta(days=3), reported_late=True) is Escalation.YELLOW
    assert colour(due=today - timedelta(days=3), reported_late=True) is Escalation.RED
    assert colour(Status.DONE, today - timedelta(days=3), reminders=5) is None
    assert colour(Status.CANCELLED, today - timedelta(days=3)) is None
    assert [e.label for e in Escalation] == ["蓝色", "黄色", "红色"]


@pytest.mark.both_backends
def test_the_escalations_of_a_round(
    services: Services, ids: dict[str, int], clock: Clock, tmp_path: Path
) -> None:
    services.items.update_items([ids["强化疾病预防控制"]], ItemChanges(due_date=date(2024, 7, 25)))
    services.items.update_items(
        [ids["提高县级医院服务能力"]], ItemChanges(due_date=date(2024, 7, 10))
    )
    made = services.rounds.create_round("2024年7月调度", list(ids.values()), REPLY_BY, tmp_path)
    clock.today = REPLY_BY + timedelta(days=1)
    services.rounds.receive(
        [
            fill(file_of(made.files, unit), tmp_path / f"{unit}.xlsx", {})
            for unit in ("疾控股", "县人民医院", "规划信息股")
        ]
    )
    for _ in range(2):
        services.reminders.record("县中医院", [ids["推进智慧医院建设"]], way="电话")
    found = {
        (row.unit_name, row.title): row.escalation
        for row in services.rounds.escalations(made.round.id)
    }
    assert found == {
        # overdue since 07-10
        ("医政医管股", "提高县级医院服务能力"): Escalation.RED,
        # reported late
        ("县人民医院", "推进胸痛中心建设"): Escalation.YELLOW,
        ("疾控股", "强化疾病预防控制"): Escalation.YELLOW,
        ("规划信息股", "推进智慧医院建设"): Escalation.YELLOW,
        # chased twice about it
        ("县中医院", "推进智慧医院建设"): Escalation.RED,
    }
    services.items.set_status([ids["推进胸痛中心建设"]], Status.DONE)
    assert ("县人民医院", "推进胸痛中心建设") not in {
        (row.unit_name, row.title) for row in services.rounds.escalations(made.round.id)
    }
