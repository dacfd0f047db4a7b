"""Storing parsed documents: duplicates, aliases, new units, one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tracker.importing import parse_file, parse_text
from tracker.services.bundle import Services

pytestmark = pytest.mark.both_backends


def test_the_same_document_twice_is_not_duplicated(services: Services) -> None:
    first = services.imports.store(parse_text(SAMPLE, "a.txt"))
    assert first.items_created == 3
    again = parse_text(SAMPLE.replace("。", "."), "copy.txt")  # half-width copy from a web page
    assert services.imports.duplicates(again) == ["县卫生健康局2024年工作要点"]
    second = services.imports.store(again)
    assert second.items_created == 0
    assert len(second.duplicates) == 1
    assert len(services.items.list_items()) == 3


def test_units_are_matched_through_aliases(services: Services) -> None:
    services.directory.add_unit("县人民医院")
    services.directory.add_alias("县人民医院", "县医院")
    report = services.imports.store(parse_text("1.做好急救工作。(责任单位:县医院)"))
    assert report.new_units == ()
    row = services.items.get_item(report.item_ids[0]).row
    assert row.lead_units == ("县人民医院",)


def test_a_failure_while_storing_leaves_nothing(services: Services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tracker.services import import_service

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk went away")

    monkeypatch.setattr(import_service.Auditor, "__call__", boom)
    with pytest.raises(RuntimeError):
        services.imports.store(parse_text(SAMPLE))
    assert services.items.list_items() == []
    assert services.directory.list_units() == []


@pytest.mark.sqlite_only
def test_an_import_is_backed_up_first(services: Services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    services.imports.store(parse_text(SAMPLE))
    assert [b.reason for b in services.backups.list()] == ["import"]


def test_documents_are_listed_with_their_outline(services: Services) -> None:
    sample = Path(__file__).resolve().parents[2] / "data" / "sample-work-plan.txt"
    services.imports.store(parse_file(sample), file_name=sample.name)
    [document] = services.documents.list_documents()
    assert document.item_count == 15
    chapters = [path for path in document.headings if len(path) == 1]
    assert chapters[0] == ("一、深化医药卫生体制改革",)
    assert len(chapters) == 4
    assert all(len(path) <= 2 for path in document.headings)
    first_section = next(path for path in document.headings if len(path) == 2)
    assert first_section[0] == chapters[0][0]
