"""Issue 15 through the window: a round created, files received (dropped or chosen), 催办."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.services.round_files import UNITS, cycle_ledger, file_of, fill, with_wps_dimensions
from tests.views.conftest import FakePrompter
from tracker.domain import ReceiptOutcome, ReminderWay, ReplyState
from tracker.services.bundle import Services
from tracker.views.cycle_dialogs import NewRoundDialog, ReceiptsDialog, ReminderDialog
from tracker.views.main_window import MainWindow


def _create_round(
    qtbot: QtBot, window: MainWindow, prompter: FakePrompter, folder: Path, name: str
) -> None:
    def choose(dialog: NewRoundDialog) -> bool:
        dialog.name_edit.setText(name)
        dialog.folder_edit.setText(str(folder))
        assert dialog.scope_combo.currentData().item_ids
        return True

    prompter.dialog_handlers.append(choose)
    prompter.choices.append(None)  # 关闭 the next-steps question
    window.commands.new_round_action.trigger()
    qtbot.waitUntil(lambda: (folder / f"{name}发送清单.xlsx").exists(), timeout=15000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=15000)


def test_a_month_through_the_window(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    prompter: FakePrompter,
    tmp_path: Path,
) -> None:
    ids = cycle_ledger(services)
    window.reload_all()
    folder = tmp_path / "6月"
    _create_round(qtbot, window, prompter, folder, "2024年6月调度")
    assert any("已为 5 个单位生成填报表" in text for _kind, text in prompter.messages)

    # The navigation counts who has not reported.
    [entry] = window.navigation.round_items()
    assert entry.text(0) == "6月调度 未报 5"

    # Two units send their files back; one is saved by WPS; one file comes twice.
    files = tuple(folder.glob("2024年6月调度_*.xlsx"))
    first = fill(
        file_of(files, "医政医管股"),
        tmp_path / "back" / "医政.xlsx",
        {"提高县级医院服务能力": {"本期进展": "已完成县医院能力评估。"}},
    )
    second = with_wps_dimensions(
        fill(
            file_of(files, "疾控股"),
            tmp_path / "back" / "疾控-原.xlsx",
            {"强化疾病预防控制": {"本期进展": "监测点已覆盖全部乡镇。"}},
        ),
        tmp_path / "back" / "疾控.xlsx",
    )
    foreign = tmp_path / "back" / "别的表.xlsx"
    foreign.write_bytes(b"not a workbook")
    prompter.path_lists.append([first, second, first, foreign])
    prompter.dialog_handlers.append(lambda dialog: isinstance(dialog, ReceiptsDialog))
    window.commands.receive_action.trigger()
    qtbot.waitUntil(lambda: "ReceiptsDialog" in prompter.dialogs_seen, timeout=15000)
    outcomes = [r.outcome for r in services.rounds.receive([first])]
    assert outcomes == [ReceiptOutcome.ALREADY], "a third copy changes nothing"
    status = services.rounds.round_status("2024年6月调度")
    replied = {u.unit_name for u in status.units if u.state != ReplyState.MISSING}
    assert replied == {"医政医管股", "疾控股"}
    progress = services.items.get_item(ids["提高县级医院服务能力"]).progress
    assert [p.text for p in progress] == ["已完成县医院能力评估。"], "counted once"
    assert window.navigation.round_items()[0].text(0) == "6月调度 未报 3"

    # The 调度 tab: the round's units, only the missing ones, and 催办 one of them.
    window.tabs.setCurrentWidget(window.rounds_view)
    view = window.rounds_view
    view.missing_only.setChecked(True)
    missing = [unit.unit_name for unit in view.shown_units()]
    assert missing == [u for u in UNITS if u not in replied]
    assert view.units_table.rowCount() == 3
    view.units_table.selectRow(0)

    def remind(dialog: ReminderDialog) -> bool:
        assert dialog.unit_combo.currentText() == missing[0]
        dialog.way_combo.setCurrentIndex(dialog.way_combo.findData(ReminderWay.PHONE))
        dialog.answered_edit.setText("王科长")
        dialog.said_edit.setPlainText("周五前报送")
        return True

    prompter.dialog_handlers.append(remind)
    view.remind_button.click()
    [record] = services.reminders.for_unit(missing[0])
    assert (record.way, record.answered_by, record.said) == (
        ReminderWay.PHONE,
        "王科长",
        "周五前报送",
    )
    assert view.units_table.item(0, 4).text() == "1次"
    # The unit's 催办 history, on the tab beside.
    view.units_table.selectRow(0)
    [shown] = view.shown_reminders()
    assert (shown.unit_name, shown.said) == (missing[0], "周五前报送")
    assert view.reminders_table.item(0, 4).text() == "周五前报送"
    assert view.pages.tabText(2).startswith("催办记录(1)")
    # The grid: one round, a row per unit.
    assert view.grid_table.columnCount() == 2 and view.grid_table.rowCount() == len(UNITS)


def test_returned_workbooks_dropped_on_the_window_are_received(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    prompter: FakePrompter,
    tmp_path: Path,
) -> None:
    cycle_ledger(services)
    window.reload_all()
    folder = tmp_path / "r"
    _create_round(qtbot, window, prompter, folder, "2024年7月调度")
    returned = fill(
        file_of(tuple(folder.glob("2024年7月调度_*.xlsx")), "疾控股"),
        tmp_path / "疾控.xlsx",
        {"强化疾病预防控制": {"本期进展": "已完成。"}},
    )
    prompter.dialog_handlers.append(lambda dialog: True)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(returned))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(event)
    qtbot.waitUntil(lambda: "ReceiptsDialog" in prompter.dialogs_seen, timeout=15000)
    assert "ImportReviewDialog" not in prompter.dialogs_seen, "a returned file is not a document"
    [unit] = [u for u in services.rounds.round_status(1).units if u.unit_name == "疾控股"]
    assert (unit.state, unit.replied_on) == (ReplyState.ON_TIME, services.context.today())


def test_a_reminder_from_the_ledger_selection(
    window: MainWindow, services: Services, prompter: FakePrompter
) -> None:
    ids = cycle_ledger(services)
    window.reload_all()
    window.select_item(ids["推进智慧医院建设"])
    assert window.commands.remind_action.isEnabled()

    def remind(dialog: ReminderDialog) -> bool:
        units = [dialog.unit_combo.itemText(i) for i in range(dialog.unit_combo.count())]
        assert units == ["规划信息股", "县中医院"]
        dialog.unit_combo.setCurrentText("县中医院")
        dialog.way_combo.setCurrentIndex(dialog.way_combo.findData(ReminderWay.LETTER))
        return True

    prompter.dialog_handlers.append(remind)
    window.commands.remind_action.trigger()
    [record] = services.reminders.for_item(ids["推进智慧医院建设"])
    assert (record.unit_name, record.way, record.round_id) == ("县中医院", ReminderWay.LETTER, None)
    QApplication.processEvents()


def test_the_papers_of_the_meeting_from_the_window(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    prompter: FakePrompter,
    tmp_path: Path,
) -> None:
    from tracker.dto import ItemChanges
    from tracker.views.cycle_dialogs import SheetsDialog

    ids = cycle_ledger(services)
    overdue = services.context.today().replace(day=1)
    services.items.update_items([ids["推进胸痛中心建设"]], ItemChanges(due_date=overdue))
    window.reload_all()
    _create_round(qtbot, window, prompter, tmp_path / "发出", "2024年7月调度")
    window.tabs.setCurrentWidget(window.rounds_view)

    # 督办单: one file per late unit, with the 文号 typed.
    def sheets(dialog: SheetsDialog) -> bool:
        assert dialog.list.item(0, 0).text() == "县人民医院"
        dialog.number_edit.setText("X卫督〔2024〕3号")
        return True

    prompter.dialog_handlers.append(sheets)
    prompter.paths.append(tmp_path)
    prompter.choices.append("打开所在文件夹")
    window.rounds_view.sheets_button.click()
    qtbot.waitUntil(lambda: bool(prompter.opened), timeout=15000)
    assert prompter.opened == [tmp_path / "督办单"]
    assert [p.name for p in (tmp_path / "督办单").iterdir()] == ["督办单_县人民医院.docx"]

    # 通报: saved where the clerk says, then opened.
    prompter.paths.append(tmp_path / "通报")
    prompter.choices.append("打开文件")
    window.rounds_view.notice_button.click()
    qtbot.waitUntil(lambda: len(prompter.opened) == 2, timeout=15000)
    assert prompter.opened[-1] == tmp_path / "通报.docx" and prompter.opened[-1].exists()

    # 会议材料: one dated folder, opened when done.
    prompter.paths.append(tmp_path / "会议")
    window.commands.meeting_pack_action.trigger()
    qtbot.waitUntil(lambda: len(prompter.opened) == 3, timeout=30000)
    pack = prompter.opened[-1]
    assert pack.parent == tmp_path / "会议" and pack.name.startswith("会议材料_")
    assert {p.name for p in pack.iterdir()} == {
        "督办台账.xlsx",
        "通报.docx",
        "督查清单.pdf",
        "督办单",
    }
    assert (pack / "督查清单.pdf").read_bytes().startswith(b"%PDF"), "painted on the UI thread"


def test_a_new_round_continues_the_schedule_of_the_last(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    prompter: FakePrompter,
    tmp_path: Path,
) -> None:
    from tracker.schedules import parse_schedule

    ids = cycle_ledger(services)
    today = services.context.today()
    services.rounds.create_round(
        "上次调度", list(ids.values()), None, tmp_path / "上次", schedule="每月5日前"
    )
    window.reload_all()
    seen: list[tuple[str, str, object]] = []

    def look(dialog: NewRoundDialog) -> bool:
        seen.append(
            (dialog.schedule_edit.text(), dialog.name_edit.text(), dialog.reply_by_edit.date())
        )
        return False

    prompter.dialog_handlers.append(look)
    window.commands.new_round_action.trigger()
    upcoming = parse_schedule("每月5日前").next_on_or_after(today)
    [(schedule, name, reply_by)] = seen
    assert schedule == "每月5日前" and name == f"{upcoming.year}年{upcoming.month}月调度"
    assert reply_by.toPython() == upcoming


def test_the_word_templates_are_copied_for_the_clerk_to_edit(
    window: MainWindow, prompter: FakePrompter
) -> None:
    from tracker.papers import NOTICE_TEMPLATE, SHEET_TEMPLATE

    folder = window.paths.templates_dir
    prompter.choices.append("打开所在文件夹")
    window.commands.templates_action.trigger()
    assert {p.name for p in folder.iterdir()} == {SHEET_TEMPLATE, NOTICE_TEMPLATE}
    assert prompter.opened == [folder]
    (folder / SHEET_TEMPLATE).write_bytes(b"edited in Word")
    window.commands.templates_action.trigger()
    assert (folder / SHEET_TEMPLATE).read_bytes() == b"edited in Word", "never overwritten"
    assert any("不会覆盖" in text for kind, text in prompter.messages if kind == "ask")


def test_a_taken_round_name_is_refused_in_the_dialog_with_the_choices_kept(
    window: MainWindow, services: Services, prompter: FakePrompter, tmp_path: Path
) -> None:
    ids = cycle_ledger(services)
    services.rounds.create_round(
        "2024年7月调度", list(ids.values()), date(2024, 7, 20), tmp_path / "r"
    )
    window.reload_all()
    seen: list[str] = []

    def again(dialog: NewRoundDialog) -> bool:
        dialog.name_edit.setText("2024年7月调度")
        dialog.schedule_edit.setText("每月5日前")
        dialog.accept()
        seen.append(dialog.error_label.text())
        assert dialog.result() == 0 and dialog.schedule_edit.text() == "每月5日前"
        return False

    prompter.dialog_handlers.append(again)
    window.commands.new_round_action.trigger()
    assert seen == ["已有名为“2024年7月调度”的调度,请换一个名称。"]
    assert len(services.rounds.list_rounds()) == 1
