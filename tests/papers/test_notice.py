"""通报 (issue 15 §3): every figure equals the ledger's statistics, checked on a real ledger."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Clock
from tests.papers.reading import all_text, open_paper, paragraphs, tables
from tracker.domain import Status
from tracker.dto import ItemChanges, StatsReport, UnitStats
from tracker.importing import parse_text
from tracker.papers import notice_from_stats, render_notice
from tracker.services.bundle import Services
from tracker.services.report_service import NO_UNIT

#: Two tasks led by two units each, one task nobody answers for.
PLAN = """县卫生健康局2024年重点工作任务分解
1.甲任务。(责任单位:医政医管股)
2.乙任务。(责任单位:医政医管股、县人民医院)
3.丙任务。(责任单位:县人民医院)
4.丁任务。(责任单位:疾控股)
5.戊任务。(责任单位:疾控股、县人民医院)
6.己任务。(责任单位:医政医管股)
7.庚任务,做好宣传。
8.辛任务。(责任单位:疾控股)
9.壬任务。(责任单位:县人民医院)
"""
NOTICE_HEADER = [
    "单位",
    "总数",
    "已办结",
    "正在推进",
    "未启动",
    "逾期",
    "最长逾期\n天数",
    "按时办结率",
]


@pytest.fixture
def ledger(services: Services, clock: Clock) -> StatsReport:
    """Nine tasks on 2024-07-15: finished on time and late, started, not started, overdue."""
    ids = list(services.imports.store(parse_text(PLAN, "plan.txt")).item_ids)
    a, b, c, d, e, f, g, h, i = ids
    due = {
        a: date(2024, 7, 7),
        b: date(2024, 7, 10),
        c: date(2024, 6, 30),  # 待办理, overdue 15 days
        d: date(2024, 7, 31),
        e: date(2024, 7, 1),  # 推进中, overdue 14 days
        f: date(2024, 7, 20),
        g: date(2024, 7, 5),  # no unit, overdue 10 days
        h: date(2024, 6, 25),  # overdue 20 days
        i: date(2024, 7, 31),
    }
    for item, day in due.items():
        services.items.update_items([item], ItemChanges(due_date=day))
    clock.today = date(2024, 7, 5)
    services.items.set_status([a], Status.DONE)  # on time (due 7-7)
    clock.today = date(2024, 7, 12)
    services.items.set_status([b], Status.DONE)  # late (due 7-10)
    services.items.set_status([d], Status.DONE)  # on time (due 7-31)
    clock.today = date(2024, 7, 15)
    services.items.set_status([e, f], Status.IN_PROGRESS)  # e overdue since 7-1, f started
    return services.reports.stats()


def _rate(unit: UnitStats) -> str:
    """按时办结率 the way the 统计 tab prints it."""
    return f"{unit.on_time_rate:.0%}" if unit.on_time_rate is not None else "—"


def _expected_row(unit: UnitStats) -> list[str]:
    longest = str(unit.max_overdue_days) if unit.max_overdue_days else "—"
    figures = (unit.total, unit.done, unit.in_progress, unit.not_started, unit.overdue)
    return [unit.unit_name, *map(str, figures), longest, _rate(unit)]


def _render(report: StatsReport, tmp_path: Path, **options: object) -> list[str]:
    notice = notice_from_stats(report, issuer="X县卫生健康局", **options)  # type: ignore[arg-type]
    return paragraphs(open_paper(render_notice(notice, tmp_path / "通报.docx")))


def test_the_ledger_is_varied_enough_to_test_with(ledger: StatsReport) -> None:
    overall = ledger.overall
    assert (overall.total, overall.done, overall.done_on_time) == (9, 3, 2)
    assert overall.in_progress and overall.not_started and overall.overdue
    assert ledger.multi_lead_items == 2
    assert ledger.units[-1].unit_name == NO_UNIT


def test_every_figure_of_the_table_equals_the_statistics(
    ledger: StatsReport, tmp_path: Path
) -> None:
    notice = notice_from_stats(ledger, issuer="X县卫生健康局")
    doc = open_paper(render_notice(notice, tmp_path / "通报.docx"))

    [table] = tables(doc)
    assert table[0] == NOTICE_HEADER
    assert table[1:-1] == [_expected_row(unit) for unit in ledger.units]
    assert table[-1] == _expected_row(ledger.overall)
    assert table[-1][0] == "合计"


def test_every_figure_of_the_text_equals_the_statistics(
    ledger: StatsReport, tmp_path: Path
) -> None:
    text = _render(ledger, tmp_path)

    overall = ledger.overall
    [totals] = [line for line in text if line.startswith("截至2024年7月15日，纳入督办")]
    numbers = re.findall(r"\d+%?", totals.removeprefix("截至2024年7月15日"))
    shares = re.findall(r"\((\d+%)\)", ledger.sentence)  # the ledger's own sentence
    assert numbers == [
        str(overall.total),
        str(overall.done),
        shares[0],
        str(overall.in_progress),
        shares[1],
        str(overall.not_started),
        shares[2],
        str(overall.overdue),
        shares[3],
        str(overall.done_on_time),
        _rate(overall),
    ]
    assert f"已办结{overall.done}项(" in ledger.sentence  # the same figures, worded alike
    assert f"已办结{overall.done}项（占{shares[0]}）" in totals


def test_the_units_with_overdue_tasks_are_named_with_their_figures(
    ledger: StatsReport, tmp_path: Path
) -> None:
    text = _render(ledger, tmp_path)

    late = [unit for unit in ledger.units if unit.overdue and unit.unit_id is not None]
    late.sort(key=lambda unit: (-unit.overdue, -unit.max_overdue_days))
    named = "、".join(
        f"{unit.unit_name}（{unit.overdue}项，最长逾期{unit.max_overdue_days}天）" for unit in late
    )
    [line] = [line for line in text if line.startswith("逾期事项涉及")]
    assert line.startswith(f"逾期事项涉及{len(late)}个单位：{named}。")
    assert NO_UNIT not in line.split("。")[0]
    unassigned = next(unit for unit in ledger.units if unit.unit_id is None)
    if unassigned.overdue:
        assert f"另有{unassigned.overdue}项逾期事项未明确责任单位" in line


def test_units_that_did_not_report_and_the_round(ledger: StatsReport, tmp_path: Path) -> None:
    text = _render(
        ledger,
        tmp_path,
        round_name="2024年7月调度",
        not_reported=["县中医院", "妇幼保健院", "县中医院", " "],
        doc_number="X卫督〔2024〕9号",
        issued_on=date(2024, 7, 16),
    )

    assert "2024年7月调度中，县中医院、妇幼保健院共2个单位未按时报送进展情况，请抓紧报送。" in text
    assert any("根据2024年7月调度情况，现将截至2024年7月15日" in line for line in text)
    assert text[:3] == ["X县卫生健康局", "X卫督〔2024〕9号", "关于2024年7月重点工作推进情况的通报"]
    assert text[-2:] == ["X县卫生健康局", "2024年7月16日"]


def test_the_rest_of_the_notice(ledger: StatsReport, tmp_path: Path) -> None:
    text = _render(ledger, tmp_path)

    assert "局机关各股室、局属各单位：" in text
    assert "本轮调度中，各单位均已按时报送进展情况。" in text
    assert "五、典型做法" in text and "六、下步工作" in text
    assert any(line.startswith("【请在此填写典型做法") for line in text)
    assert f"注：{ledger.multi_lead_items}项工作由多个单位共同牵头" in "\n".join(text)
    assert text[-1] == "2024年7月15日"  # issued on the day counted unless told


def test_a_ledger_with_nothing_overdue_or_finished(services: Services, tmp_path: Path) -> None:
    services.imports.store(parse_text(PLAN, "plan.txt"))
    report = services.reports.stats()
    assert report.overall.overdue == report.overall.done == 0

    notice = notice_from_stats(report, issuer="X县卫生健康局", title="关于重点工作的通报")
    doc = open_paper(render_notice(notice, tmp_path / "通报.docx"))

    text = paragraphs(doc)
    assert "关于重点工作的通报" in text
    assert "截至2024年7月15日，各单位均无逾期事项。" in text
    assert any(line.endswith("逾期0项（占0%）。尚无办结事项。") for line in text)
    assert "{{" not in all_text(doc) and "{%" not in all_text(doc)
    [table] = tables(doc)
    assert [row[-1] for row in table[1:]] == ["—"] * (len(report.units) + 1)


def test_an_empty_ledger_still_makes_a_notice(services: Services, tmp_path: Path) -> None:
    report = services.reports.stats()

    text = _render(report, tmp_path)

    assert any("共0项" in line and "已办结0项（占0%）" in line for line in text)
