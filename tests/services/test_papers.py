"""督办单 and 通报 from a real ledger and round, and the meeting pack: files reopened."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Clock
from tests.papers.reading import all_text, open_paper, tables
from tests.services.round_files import UNASSIGNED, cycle_ledger, file_of, fill
from tracker.domain import Escalation, Status
from tracker.dto import ItemChanges, ItemRow, NewDelay
from tracker.errors import InvalidInputError
from tracker.services.bundle import Services

REPLY_BY = date(2024, 7, 20)


@pytest.fixture
def ids(services: Services, clock: Clock) -> dict[str, int]:
    found = cycle_ledger(services)
    # One overdue task, one due soon, one delayed and overdue since, one finished.
    services.items.update_items(
        [found["提高县级医院服务能力"]], ItemChanges(due_date=date(2024, 6, 30))
    )
    services.items.update_items(
        [found["推进胸痛中心建设"]], ItemChanges(due_date=clock() + timedelta(days=2))
    )
    services.items.update_items(
        [found["推进智慧医院建设"]], ItemChanges(due_date=date(2024, 5, 31))
    )
    services.items.record_delay(
        found["推进智慧医院建设"], NewDelay(new_due_date=date(2024, 6, 30), reason="设备未到")
    )
    services.items.set_status([found["强化疾病预防控制"]], Status.DONE)
    return found


def _round(services: Services, ids: dict[str, int], folder: Path) -> int:
    created = services.rounds.create_round("2024年7月调度", list(ids.values()), REPLY_BY, folder)
    return created.round.id


def test_the_sheets_of_a_round_name_the_late_units_with_their_colour(
    services: Services, ids: dict[str, int], tmp_path: Path
) -> None:
    round_id = _round(services, ids, tmp_path / "发出")
    services.reminders.record("医政医管股", way="电话", round_ref=round_id)
    services.reminders.record("医政医管股", way="书面", round_ref=round_id)
    sheets = {sheet.unit: sheet for sheet in services.papers.supervision_sheets(round_id)}
    assert sheets["医政医管股"].escalation is Escalation.RED
    assert sheets["医政医管股"].reminders == 2
    assert sheets["医政医管股"].contact == "张三,0830-1234567"
    assert "疾控股" not in sheets, "a finished task needs no 督办单"
    # A task two units answer for is on both their sheets.
    assert {
        u for u, sheet in sheets.items() for t in sheet.tasks if t.title == "推进智慧医院建设"
    } == {
        "规划信息股",
        "县中医院",
    }
    [delayed] = [t for t in sheets["县中医院"].tasks if t.title == "推进智慧医院建设"]
    assert (delayed.original_due, delayed.current_due) == (date(2024, 5, 31), date(2024, 6, 30))
    assert delayed.overdue_days > 0
    files = services.papers.write_sheets(list(sheets.values()), tmp_path / "督办单", combined=False)
    assert {path.name for path in files} == {f"督办单_{unit}.docx" for unit in sheets}
    text = all_text(open_paper(next(p for p in files if "医政医管股" in p.name)))
    assert "红色督办" in text and "提高县级医院服务能力" in text and "2024年7月调度" in text


def test_the_notice_of_a_round_has_the_statistics_of_its_tasks_and_who_did_not_report(
    services: Services, ids: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "发出"
    round_id = _round(services, ids, folder)
    returned = fill(
        file_of(tuple(folder.glob("2024年7月调度_*.xlsx")), "疾控股"),
        tmp_path / "回" / "疾控.xlsx",
        {"强化疾病预防控制": {"本期进展": "已完成。"}},
    )
    services.rounds.receive([returned])
    notice = services.papers.notice(round_id)
    # The round asked about the tasks some unit answers for: the notice counts those.
    asked = [item_id for title, item_id in ids.items() if title != UNASSIGNED]
    stats = services.reports.stats(asked)
    assert (notice.overall.total, notice.overall.done, notice.overall.overdue) == (
        stats.overall.total,
        stats.overall.done,
        stats.overall.overdue,
    )
    assert "疾控股" not in notice.not_reported and "医政医管股" in notice.not_reported
    assert services.papers.notice().overall.total == len(ids), "without a round: every task"
    path = services.papers.write_notice(notice, tmp_path / "通报.docx")
    document = open_paper(path)
    assert f"共{stats.overall.total}项" in all_text(document).replace(" ", "")
    [table] = tables(document)
    assert table[-1][0].replace(" ", "") == "合计"


def test_no_late_unit_means_no_sheets_and_a_clear_message(
    services: Services, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInputError, match="没有需要督办的单位"):
        services.papers.write_sheets([], tmp_path / "督办单", combined=True)


def test_the_meeting_pack_holds_every_paper_in_one_dated_folder(
    services: Services, ids: dict[str, int], tmp_path: Path, clock: Clock
) -> None:
    painted: list[tuple[Path, int]] = []

    def print_pdf(path: Path, title: str, rows: list[ItemRow], as_of: date) -> Path:
        painted.append((path, len(rows)))
        path.write_bytes(b"%PDF-1.4\n")
        return path

    round_id = _round(services, ids, tmp_path / "发出")
    pack = services.meeting_packs.write(tmp_path, print_pdf, round_ref=round_id, today=clock())
    assert pack.folder.name == f"会议材料_{clock().isoformat()}_2024年7月调度"
    assert {path.name for path in pack.folder.iterdir()} == {
        "督办台账.xlsx", "通报.docx", "督查清单.pdf", "督办单",
    }  # fmt: skip
    assert pack.sheets and all(path.parent.name == "督办单" for path in pack.sheets)
    sheet = openpyxl.load_workbook(pack.ledger)["督办台账"]
    assert sheet.max_row > 4
    assert painted == [(pack.checklist, 4)], "the checklist lists the open tasks"
    again = services.meeting_packs.write(tmp_path, print_pdf, round_ref=round_id, today=clock())
    assert again.folder.name.endswith("(2)"), "a second pack on the same day never overwrites"
