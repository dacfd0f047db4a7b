"""The item service: queries, assignment, progress, status, delays, locking, history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tracker.domain import DeadlineKind, Status, UnitRole, Urgency
from tracker.dto import ItemChanges, ItemFilter, NewDelay, NewProgress
from tracker.errors import ConflictError, InvalidInputError, NotFoundError
from tracker.services.bundle import Services

pytestmark = pytest.mark.both_backends


def test_imported_items_are_listed_in_document_order(
    services: Services, sample_ids: list[int]
) -> None:
    rows = services.items.list_items()
    assert [row.number for row in rows] == ["1", "2", "3"]
    assert rows[0].title == "提高县级医院服务能力"
    assert [(u.name, u.role) for u in rows[0].units] == [
        ("医政医管股", UnitRole.RESPONSIBLE),
        ("县人民医院", UnitRole.RESPONSIBLE),
    ]
    assert rows[0].lead_units == ("医政医管股", "县人民医院")
    assert rows[0].status == Status.TODO
    assert rows[0].document_title == "县卫生健康局2024年工作要点"


def test_bulk_assign_sets_units_people_leader_and_due_date(
    services: Services, sample_ids: list[int]
) -> None:
    rows = services.items.update_items(
        sample_ids[:2],
        ItemChanges(
            lead_units=["医政医管股"],
            support_units=["县人民医院", "疾控股"],
            owner="张三",
            leader="王副局长",
            due_date=date(2024, 6, 30),
        ),
    )
    assert len(rows) == 2
    for row in rows:
        assert row.lead_units == ("医政医管股",)
        assert row.support_units == ("县人民医院", "疾控股")
        assert row.owner_name == "张三"
        assert row.leader == "王副局长"
        assert row.due_date == date(2024, 6, 30)
        assert row.deadline_kind == DeadlineKind.DATE
        assert row.version == 2
    third = services.items.get_item(sample_ids[2]).row
    assert third.owner_name is None and third.version == 1


def test_a_unit_named_both_lead_and_support_is_kept_once_as_lead(
    services: Services, sample_ids: list[int]
) -> None:
    [row] = services.items.update_items(
        [sample_ids[0]], ItemChanges(lead_units=["疾控股"], support_units=["疾控股", "县医院"])
    )
    assert [(u.name, u.role) for u in row.units] == [
        ("疾控股", UnitRole.LEAD),
        ("县医院", UnitRole.SUPPORT),
    ]


def test_stale_version_is_refused_and_nothing_saved(
    services: Services, sample_ids: list[int]
) -> None:
    item_id = sample_ids[0]
    seen = services.items.get_item(item_id).row
    services.items.update_items([item_id], ItemChanges(leader="甲"))  # somebody else
    with pytest.raises(ConflictError, match="已被其他人修改"):
        services.items.update_items(
            [item_id], ItemChanges(leader="乙"), expected_versions={item_id: seen.version}
        )
    assert services.items.get_item(item_id).row.leader == "甲"


def test_a_conflict_on_one_item_saves_none_of_a_bulk_change(
    services: Services, sample_ids: list[int]
) -> None:
    versions = {row.id: row.version for row in services.items.list_items()}
    services.items.update_items([sample_ids[1]], ItemChanges(owner="李四"))
    with pytest.raises(ConflictError):
        services.items.update_items(
            sample_ids, ItemChanges(leader="乙"), expected_versions=versions
        )
    assert all(row.leader is None for row in services.items.list_items())


def test_progress_is_appended_newest_first_and_starts_the_item(
    services: Services, sample_ids: list[int]
) -> None:
    item_id = sample_ids[0]
    services.items.add_progress(
        item_id, NewProgress(text="召开推进会", entry_date=date(2024, 3, 1))
    )
    services.items.add_progress(
        item_id,
        NewProgress(
            text="完成设备采购",
            entry_date=date(2024, 5, 1),
            problems="资金未到位",
            next_steps="申请追加预算",
        ),
    )
    detail = services.items.get_item(item_id)
    assert [p.text for p in detail.progress] == ["完成设备采购", "召开推进会"]
    assert detail.progress[0].problems == "资金未到位"
    assert detail.progress[0].created_by == "测试员"
    assert detail.row.status == Status.IN_PROGRESS
    assert detail.row.latest_progress == "完成设备采购"
    assert detail.row.latest_progress_date == date(2024, 5, 1)


def test_empty_progress_is_refused(services: Services, sample_ids: list[int]) -> None:
    with pytest.raises(InvalidInputError):
        services.items.add_progress(sample_ids[0], NewProgress(text="   "))
    assert services.items.get_item(sample_ids[0]).progress == ()


def test_done_records_the_day_and_reopening_clears_it(
    services: Services, sample_ids: list[int]
) -> None:
    [row] = services.items.set_status([sample_ids[0]], Status.DONE)
    assert row.completed_on == date(2024, 7, 15)
    assert row.warning == Urgency.DONE
    [row] = services.items.set_status([sample_ids[0]], Status.IN_PROGRESS)
    assert row.completed_on is None


def test_delay_keeps_the_old_date(services: Services, sample_ids: list[int]) -> None:
    item_id = sample_ids[0]
    services.items.update_items([item_id], ItemChanges(due_date=date(2024, 6, 30)))
    services.items.record_delay(
        item_id, NewDelay(new_due_date=date(2024, 9, 30), reason="设备到货延迟")
    )
    detail = services.items.get_item(item_id)
    assert detail.row.due_date == date(2024, 9, 30)
    assert detail.row.status == Status.DELAYED
    assert [(d.old_due_date, d.new_due_date, d.reason) for d in detail.delays] == [
        (date(2024, 6, 30), date(2024, 9, 30), "设备到货延迟")
    ]


def test_delay_to_an_earlier_date_or_without_reason_is_refused(
    services: Services, sample_ids: list[int]
) -> None:
    item_id = sample_ids[0]
    services.items.update_items([item_id], ItemChanges(due_date=date(2024, 6, 30)))
    with pytest.raises(InvalidInputError, match="应晚于"):
        services.items.record_delay(item_id, NewDelay(new_due_date=date(2024, 6, 1), reason="x"))
    with pytest.raises(InvalidInputError, match="原因"):
        services.items.record_delay(item_id, NewDelay(new_due_date=date(2024, 9, 1), reason=" "))
    assert services.items.get_item(item_id).delays == ()


def test_overdue_and_due_soon_are_derived_from_today(
    services: Services, sample_ids: list[int], clock
) -> None:  # type: ignore[no-untyped-def]
    a, b, c = sample_ids
    services.items.update_items([a], ItemChanges(due_date=date(2024, 7, 1)))
    services.items.update_items([b], ItemChanges(due_date=date(2024, 7, 20)))
    services.items.update_items([c], ItemChanges(due_date=date(2024, 12, 31)))
    warnings = {row.id: row.warning for row in services.items.list_items()}
    assert warnings == {a: Urgency.OVERDUE, b: Urgency.DUE_SOON, c: Urgency.NORMAL}
    assert [r.id for r in services.items.list_items(ItemFilter(overdue=True))] == [a]
    assert [r.id for r in services.items.list_items(ItemFilter(due_within_days=7))] == [b]
    clock.today = date(2025, 1, 2)
    assert {r.id for r in services.items.list_items(ItemFilter(overdue=True))} == {a, b, c}
    services.items.set_status([a], Status.DONE)
    assert {r.id for r in services.items.list_items(ItemFilter(overdue=True))} == {b, c}


def test_filters(services: Services, sample_ids: list[int]) -> None:
    a, b, c = sample_ids
    services.items.update_items([b], ItemChanges(owner="王五", due_date=date(2024, 8, 1)))
    services.items.set_status([c], Status.DONE)
    ids = lambda f: [r.id for r in services.items.list_items(f)]  # noqa: E731
    assert ids(ItemFilter(unit="县医院")) == []
    services.directory.add_alias("县人民医院", "县医院")
    assert ids(ItemFilter(unit="县医院")) == [a]
    assert ids(ItemFilter(person="王五")) == [b]
    assert ids(ItemFilter(statuses=frozenset({Status.DONE}))) == [c]
    assert ids(ItemFilter(due_before=date(2024, 8, 1))) == [b]
    assert ids(ItemFilter(due_after=date(2024, 8, 2))) == []
    assert ids(ItemFilter(text="传染病")) == [b]
    assert ids(ItemFilter(text="疾控股")) == [b]
    assert ids(ItemFilter(text="王五")) == [b]
    assert ids(ItemFilter(text="县级 服务")) == [a]
    assert ids(ItemFilter(text="100%")) == []
    assert ids(ItemFilter(unit="没有这个单位")) == []
    document_id = services.items.get_item(a).row.document_id
    assert ids(ItemFilter(document_id=document_id)) == [a, b, c]


def test_history_records_who_and_before_after(services: Services, sample_ids: list[int]) -> None:
    item_id = sample_ids[0]
    services.items.update_items([item_id], ItemChanges(leader="甲", due_date=date(2024, 6, 30)))
    services.items.update_items([item_id], ItemChanges(leader="乙"))
    history = services.items.get_item(item_id).history
    assert history[0].actor == "测试员"
    assert history[0].changes == {"leader": ["甲", "乙"]}
    assert history[1].changes == {"leader": [None, "甲"], "due_date": [None, "2024-06-30"]}


def test_an_unchanged_value_records_nothing(services: Services, sample_ids: list[int]) -> None:
    item_id = sample_ids[0]
    services.items.update_items([item_id], ItemChanges(leader="甲"))
    services.items.update_items([item_id], ItemChanges(leader="甲"))
    detail = services.items.get_item(item_id)
    assert len(detail.history) == 1
    assert detail.row.version == 2


def test_delete_removes_the_item_but_keeps_its_history(
    services: Services, sample_ids: list[int]
) -> None:
    item_id = sample_ids[0]
    services.items.add_progress(item_id, NewProgress(text="x"))
    services.items.delete_items([item_id])
    with pytest.raises(NotFoundError):
        services.items.get_item(item_id)
    assert len(services.items.list_items()) == 2
    with services.db.read() as session:
        from tracker.domain import AuditEntity
        from tracker.services import audit

        assert audit.history(session, AuditEntity.ITEM, item_id)[0].action == "delete"


def test_manual_item(services: Services) -> None:
    row = services.items.create_item(
        "开展院感专项检查", lead_units=["医政医管股"], due_date=date(2024, 9, 30), owner="赵六"
    )
    assert row.content == "开展院感专项检查"
    assert row.lead_units == ("医政医管股",)
    assert row.owner_name == "赵六"
    with pytest.raises(InvalidInputError):
        services.items.create_item("  ")


def test_unknown_item_is_reported(services: Services) -> None:
    with pytest.raises(NotFoundError, match="事项 42 不存在"):
        services.items.update_items([42], ItemChanges(leader="甲"))


def test_rows_are_frozen(services: Services, sample_ids: list[int]) -> None:
    row = services.items.list_items()[0]
    with pytest.raises(AttributeError):
        row.title = "x"  # type: ignore[misc]
    assert replace(row, title="x").title == "x"
