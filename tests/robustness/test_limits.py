"""One schema, one set of limits: text too long for a column is refused before it is written,
with the field named, on SQLite as on PostgreSQL (which would refuse it with a server error)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tracker.db import Database, open_database
from tracker.db.transfer import copy_ledger
from tracker.dto import ItemChanges, NewProgress
from tracker.errors import InvalidInputError
from tracker.importing import parse_text
from tracker.services.bundle import Services

pytestmark = pytest.mark.both_backends

LONG = "很" * 150


def test_a_long_leader_owner_or_reporter_is_refused_and_nothing_changes(
    services: Services, sample_ids: list[int]
) -> None:
    before = services.items.get_item(sample_ids[0])
    with pytest.raises(InvalidInputError, match=r"“责任领导”最多100字.*有150字"):
        services.items.update_items([sample_ids[0]], ItemChanges(leader=LONG))
    with pytest.raises(InvalidInputError, match=r"责任人.*最多100字"):
        services.items.update_items([sample_ids[0]], ItemChanges(owner=LONG))
    with pytest.raises(InvalidInputError, match=r"报送单位.*最多100字"):
        services.items.add_progress(sample_ids[0], NewProgress(text="进展", reported_by=LONG))
    assert services.items.get_item(sample_ids[0]) == before


def test_a_long_short_name_is_refused(services: Services, sample_ids: list[int]) -> None:
    with pytest.raises(InvalidInputError, match=r"单位简称.*最多100字"):
        services.directory.add_unit("县卫生健康局", short_name=LONG)
    assert "县卫生健康局" not in [unit.name for unit in services.directory.list_units()]


def test_a_document_with_a_very_long_title_and_number_still_imports(services: Services) -> None:
    title = "关于" + "进一步" * 200 + "的通知"
    report = services.imports.store(
        parse_text(f"{title}\n一、推进医共体建设。(牵头单位:医政股)\n", "长标题.txt")
    )
    assert report.items_created == 1
    [row] = services.items.list_items()
    assert row.title == "推进医共体建设"


def _over_long_ledger(tmp_path: Path) -> Database:
    """A local ledger written by an older version, which did not check lengths."""
    source = open_database(tmp_path / "old.db", backups_dir=tmp_path / "b")
    from tracker.services.bundle import build_services
    from tracker.services.context import ServiceContext

    build_services(source, ServiceContext(), lambda: tmp_path).imports.store(
        parse_text("一、推进医共体建设。(牵头单位:医政股)\n", "a.txt")
    )
    with source.engine.begin() as connection:
        connection.execute(text("UPDATE work_items SET leader = :long"), {"long": LONG})
    return source


@pytest.mark.sqlite_only
def test_migrating_a_ledger_with_over_long_text_names_it_and_copies_nothing(
    tmp_path: Path,
) -> None:
    source = _over_long_ledger(tmp_path)
    target = open_database(tmp_path / "new.db", backups_dir=tmp_path / "b2")
    try:
        with pytest.raises(InvalidInputError, match=r"事项.*“责任领导”最多100字"):
            copy_ledger(source, target)
        with target.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM work_items")).scalar() == 0
    finally:
        target.dispose()
        source.dispose()
