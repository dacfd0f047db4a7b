"""The 统计 tab: the words of a 通报, a row for items without a unit, the longest delay."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from tracker.domain import Status
from tracker.dto import ItemChanges, ItemFilter
from tracker.importing import parse_text
from tracker.services.bundle import Services
from tracker.views.stats_view import _BAR_ROLE, BAR_COLUMN, HEADERS, StatsView


def _table(view: StatsView) -> list[list[str]]:
    table = view.table
    return [
        [table.item(row, column).text() for column in range(BAR_COLUMN)]
        for row in range(table.rowCount())
    ]


def test_stats_tab_shows_the_figures_of_the_rows_it_is_given(
    qtbot: QtBot, services: Services, sample_ids: list[int]
) -> None:
    _, b, c = sample_ids
    services.items.update_items([b], ItemChanges(due_date=date(2024, 7, 1), lead_units=[]))
    services.items.set_status([c], Status.IN_PROGRESS)
    other = services.imports.store(
        parse_text("县卫生健康局专项方案\n1.甲任务。(责任单位:疾控股)\n")
    )
    view = StatsView()
    qtbot.addWidget(view)
    view.show()

    view.show_report(services.reports.stats_of(services.items.list_items()), "全部事项")

    assert [view.table.horizontalHeaderItem(i).text() for i in range(len(HEADERS))] == HEADERS
    assert HEADERS[2:6] == ["已办结", "正在推进", "未启动", "逾期"]
    rows = _table(view)
    assert rows[-2] == ["未明确责任单位", "1", "0", "0", "0", "1", "14天", "—", "—"]
    assert rows[-1] == ["合计", "4", "0", "1", "2", "1", "14天", "—", "—"]
    assert rows[0][:6] == ["医政医管股", "1", "0", "0", "1", "0"]
    assert sum(int(row[1]) for row in rows[:-1]) > int(rows[-1][1])  # two lead units on 1 and 3
    assert view.note_label.isVisibleTo(view) and "2项有多个牵头单位" in view.note_label.text()
    assert view.scope_label.text() == "统计范围:全部事项"
    assert view.sentence_label.text().startswith("截至7月15日,共4项,已办结0项(0%),正在推进1项")
    assert "未启动2项(50%),逾期1项(25%),最长逾期14天" in view.sentence_label.text()
    bar = view.table.item(0, BAR_COLUMN).data(_BAR_ROLE)
    assert bar == {"done": 0, "in_progress": 0, "not_started": 1, "overdue": 0}
    assert view.table.item(len(rows) - 1, BAR_COLUMN).data(_BAR_ROLE) is None

    (document,) = other.documents_created
    view.show_report(
        services.reports.stats_of(services.items.list_items(ItemFilter(document_id=document))),
        "《县卫生健康局专项方案》",
    )
    assert _table(view) == [
        ["疾控股", "1", "0", "0", "1", "0", "—", "—", "—"],
        ["合计", "1", "0", "0", "1", "0", "—", "—", "—"],
    ]
    assert not view.note_label.isVisibleTo(view)
    assert view.sentence_label.text().startswith("截至7月15日,共1项,")


def test_table_waits_until_the_tab_is_shown(qtbot: QtBot, services: Services) -> None:
    services.imports.store(parse_text("县卫生健康局专项方案\n1.甲任务。\n"))
    view = StatsView()
    qtbot.addWidget(view)
    view.show_report(services.reports.stats_of(services.items.list_items()))
    assert view.table.rowCount() == 0 and not view.scope_label.isVisibleTo(view)
    view.show()
    assert [row[0] for row in _table(view)] == ["未明确责任单位", "合计"]
