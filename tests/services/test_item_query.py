"""One item query, two evaluations: the SQL the services run equals the window's predicate."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from tests.conftest import TODAY
from tracker.domain import Status, UnitRole, Urgency
from tracker.dto import ItemFilter
from tracker.models import Document, ItemUnit, Person, ProgressEntry, Unit, WorkItem
from tracker.query import ItemQuery, fold, haystack
from tracker.services.bundle import Services
from tracker.views.ledger_rows import DueWindow, LedgerQuery, View, display_row

pytestmark = pytest.mark.both_backends

# Characters where a second meaning could hide: case and width of ASCII, the marks GLOB, LIKE
# and regular expressions treat specially, letters whose lower() is not ASCII, Chinese.
ALPHABET = "aAａＡbB1１]］^＾-－*?[%_\\.(|,，Ⅰⅰ éÉßΣσςİiKkǅ县医院股"
TEXT = st.text(alphabet=ALPHABET, max_size=8)
SHORT = st.text(alphabet=ALPHABET, min_size=1, max_size=3)
DUE = st.one_of(st.none(), st.integers(-12, 12).map(lambda d: TODAY + timedelta(days=d)))

ITEM = st.fixed_dictionaries(
    {
        "title": TEXT,
        "content": TEXT,
        "remarks": TEXT,
        "leader": st.one_of(st.none(), TEXT),
        "deadline_text": st.one_of(st.none(), TEXT),
        "due_date": DUE,
        "status": st.sampled_from(list(Status)),
        "heading_path": st.lists(SHORT, max_size=2),
        "document": st.integers(0, 2),
        "owner": st.integers(0, 2),
        "units": st.lists(
            st.tuples(st.integers(0, 3), st.sampled_from(list(UnitRole))),
            max_size=3,
            unique_by=lambda pair: pair[0],
        ),
        "progress": st.lists(st.tuples(st.integers(0, 3), TEXT), max_size=3),
    }
)
LEDGER = st.fixed_dictionaries(
    {
        "units": st.lists(SHORT, min_size=4, max_size=4, unique_by=fold).filter(
            lambda names: len(set(names)) == 4
        ),
        "people": st.lists(SHORT, min_size=2, max_size=2),
        "items": st.lists(ITEM, min_size=1, max_size=6),
    }
)
QUERY = st.builds(
    ItemQuery,
    text=st.lists(SHORT, max_size=2).map(" ".join),
    statuses=st.one_of(st.none(), st.frozensets(st.sampled_from(list(Status)))),
    document_id=st.one_of(st.none(), st.integers(0, 2)),
    heading_prefix=st.lists(SHORT, max_size=2).map(tuple),
    unit_id=st.one_of(st.none(), st.integers(0, 3)),
    person=st.one_of(st.none(), SHORT),
    due_before=DUE,
    due_after=DUE,
    no_due_date=st.booleans(),
    urgency=st.one_of(st.none(), st.sampled_from(list(Urgency))),
    due_within_days=st.one_of(st.none(), st.integers(-2, 12)),
)


def _store(services: Services, ledger: dict[str, Any]) -> tuple[list[int], list[int]]:
    """Replace the whole ledger by ``ledger``; return the ids of its documents and units."""
    with services.db.write() as session:
        for model in (ProgressEntry, ItemUnit, WorkItem, Person, Unit, Document):
            session.execute(delete(model))
        documents = [Document(title=f"文件{n}") for n in range(3)]
        units = [Unit(name=name) for name in ledger["units"]]
        people = [Person(name=name) for name in ledger["people"]]
        session.add_all([*documents, *units, *people])
        session.flush()
        for seq, spec in enumerate(ledger["items"]):
            item = WorkItem(
                title=spec["title"],
                content=spec["content"],
                remarks=spec["remarks"],
                leader=spec["leader"],
                deadline_text=spec["deadline_text"],
                due_date=spec["due_date"],
                status=spec["status"],
                heading_path=spec["heading_path"],
                document_id=documents[spec["document"]].id if spec["document"] < 2 else None,
                seq=seq,
                owner_id=people[spec["owner"]].id if spec["owner"] < 2 else None,
            )
            session.add(item)
            session.flush()
            for position, (unit, role) in enumerate(spec["units"]):
                session.add(
                    ItemUnit(item_id=item.id, unit_id=units[unit].id, role=role, position=position)
                )
            for days_ago, text in spec["progress"]:
                entry_date = TODAY - timedelta(days=days_ago)
                session.add(ProgressEntry(item_id=item.id, entry_date=entry_date, text=text))
        session.flush()
        return [d.id for d in documents], [u.id for u in units]


def _with_ids(query: ItemQuery, documents: list[int], units: list[int]) -> ItemQuery:
    """The query with its small document and unit numbers made real ids (3 means none)."""
    values = dict(query.__dict__)
    if query.document_id is not None:
        values["document_id"] = documents[query.document_id]
    if query.unit_id is not None:
        values["unit_id"] = units[query.unit_id]
    return ItemQuery(**values)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ledger=LEDGER, query=QUERY)
def test_sql_and_python_find_the_same_items(
    services: Services, ledger: dict[str, Any], query: ItemQuery
) -> None:
    documents, units = _store(services, ledger)
    query = _with_ids(query, documents, units)
    everything = services.items.list_items()
    assert len(everything) == len(ledger["items"])
    by_sql = [row.id for row in services.items.list_items(query)]
    by_python = [row.id for row in query.filter(everything, TODAY)]
    assert by_sql == by_python


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ledger=LEDGER, terms=st.lists(SHORT, min_size=1, max_size=2))
def test_the_window_search_box_finds_what_list_search_finds(
    services: Services, ledger: dict[str, Any], terms: list[str]
) -> None:
    _store(services, ledger)
    text = " ".join(terms)
    shown = LedgerQuery(text=text).predicate(TODAY)
    window = [d.item.id for d in (display_row(r, TODAY) for r in services.items.list_items()) if shown(d)]
    command_line = [row.id for row in services.items.list_items(ItemFilter(text=text))]
    assert window == command_line


def test_search_covers_progress_and_headings_ignoring_case_and_width(
    services: Services, sample_ids: list[int]
) -> None:
    from tracker.dto import NewProgress

    services.items.add_progress(
        sample_ids[0], NewProgress(text="已完成ＣＴ室改造", entry_date=TODAY)
    )
    for text in ("ct室", "CT室", "ｃｔ"):
        assert [r.id for r in services.items.list_items(ItemQuery(text=text))] == sample_ids[:1]
    rows = services.items.list_items()
    assert "ct室" in haystack(rows[0])
    heading = ItemQuery(text="2024年工作要点")
    assert [r.id for r in services.items.list_items(heading)] == [
        r.id for r in heading.filter(rows, TODAY)
    ]


def test_fold_is_per_character_and_its_variants_are_complete() -> None:
    from tracker.query import folded_variants

    for code in range(0x110000):
        char = chr(code)
        folded = fold(char)
        assert len(folded) == 1 and fold(folded) == folded, hex(code)
        assert char in folded_variants(folded), hex(code)
    assert fold("ΑΣ ＣＴ２０２４，İ") == "ασ ct2024，İ"


def test_the_window_choices_become_one_item_query() -> None:
    assert LedgerQuery(view=View.OVERDUE).item_query().urgency == Urgency.OVERDUE
    assert LedgerQuery(due_window=DueWindow.WEEK).item_query().due_within_days == 7
    done = LedgerQuery(view=View.DONE, statuses=frozenset({Status.TODO})).item_query()
    assert done.statuses == frozenset()
    clash = LedgerQuery(view=View.DUE_SOON, due_window=DueWindow.OVERDUE).item_query()
    assert clash.statuses == frozenset()
    assert LedgerQuery(view=View.UNIT, unit_id=3, document_id=9).item_query().document_id is None


def test_due_within_many_days_and_no_date(services: Services, sample_ids: list[int]) -> None:
    from tracker.dto import ItemChanges

    services.items.update_items(sample_ids[:1], ItemChanges(due_date=date(2199, 12, 31)))
    far = ItemQuery(due_within_days=10**11)
    assert [r.id for r in services.items.list_items(far)] == sample_ids[:1]
    assert [r.id for r in services.items.list_items(ItemQuery(no_due_date=True))] == sample_ids[1:]
