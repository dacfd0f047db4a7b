"""A month of 调度 driven through real files: write the round, units fill in and return their
workbooks (some late, one twice, one from WPS, one from another ledger), receive them, and
check who has reported, the grid, and that every report is counted once."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Clock
from tests.services.round_files import (
    TITLES,
    UNASSIGNED,
    UNITS,
    cycle_ledger,
    file_of,
    fill,
    header,
    with_wps_dimensions,
)
from tracker.db import open_database
from tracker.domain import (
    AuditEntity,
    ReceiptOutcome,
    ReplyState,
    Status,
    parse_round_tag,
    parse_sheet_key,
)
from tracker.dto import ItemChanges, NewProgress
from tracker.errors import InvalidInputError, NotFoundError, UserError
from tracker.services.bundle import Services, build_services
from tracker.services.context import ServiceContext

pytestmark = pytest.mark.both_backends

REPLY_BY = date(2024, 7, 20)


@pytest.fixture
def ids(services: Services) -> dict[str, int]:
    return cycle_ledger(services)


@pytest.fixture
def sent(services: Services, ids: dict[str, int], tmp_path: Path):  # type: ignore[no-untyped-def]
    services.items.add_progress(
        ids["提高县级医院服务能力"], NewProgress(text="已召开推进会", entry_date=date(2024, 6, 28))
    )
    return services.rounds.create_round(
        "2024年7月调度", list(ids.values()), REPLY_BY, tmp_path / "发出", scope="全部在办事项"
    )


def _entries(services: Services, item_id: int) -> list[str]:
    return [entry.text for entry in services.items.get_item(item_id).progress]


def _states(services: Services, round_id: int) -> dict[str, tuple[ReplyState, date | None]]:
    status = services.rounds.round_status(round_id)
    return {unit.unit_name: (unit.state, unit.replied_on) for unit in status.units}


# ---- creating ----------------------------------------------------------------------------------


def test_a_round_writes_one_workbook_per_answering_unit_and_a_send_list(
    services: Services, ids: dict[str, int], sent, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    assert sorted(path.stem.split("_")[1] for path in sent.files) == sorted(UNITS)
    assert all(path.parent == tmp_path / "发出" and path.exists() for path in sent.files)
    assert sent.unassigned == (ids[UNASSIGNED],)
    row = sent.round
    assert (row.name, row.reply_by, row.scope, row.units, row.missing, row.tasks) == (
        "2024年7月调度",
        REPLY_BY,
        "全部在办事项",
        5,
        5,
        4,
    )
    assert row.nav_label == "7月调度 未报 5"

    # The lead's workbook: its task, last progress pre-filled, empty fill-in cells, the tag.
    workbook = openpyxl.load_workbook(file_of(sent.files, "医政医管股"))
    sheet = workbook.active
    assert workbook.sheetnames == ["督办台账"]
    columns = header(sheet)
    assert "2024年7月20日前报送" in sheet["A1"].value
    tag = parse_round_tag(sheet.cell(row=1, column=columns["事项编号(请勿修改)"]).value)
    assert tag is not None and (tag.round_id, tag.unit_id) == (row.id, 1)
    body = [
        [sheet.cell(row=r, column=columns[h]).value for h in ("工作任务", "进展情况", "本期进展")]
        for r in range(5, sheet.max_row + 1)
        if sheet.cell(row=r, column=columns["事项编号(请勿修改)"]).value
    ]
    assert body == [["提高县级医院服务能力", "2024-06-28 已召开推进会", None]]
    # A helping unit answers only where it leads.
    helper = openpyxl.load_workbook(file_of(sent.files, "县人民医院")).active
    keys = [parse_sheet_key(str(c.value)) for c in helper["K"][4:] if c.value]
    assert [key[0] for key in keys if key] == [
        services.items.get_item(ids["推进胸痛中心建设"]).row.item_key
    ]

    send_list = openpyxl.load_workbook(sent.send_list).active
    assert sent.send_list.name == "2024年7月调度发送清单.xlsx"
    listed = {r[1]: r for r in send_list.iter_rows(min_row=3, values_only=True)}
    assert set(listed) == set(UNITS)
    assert listed["医政医管股"][2:6] == ("2024年7月调度_医政医管股.xlsx", 1, "张三", "0830-1234567")
    assert listed["规划信息股"][3] == 1


def test_a_round_refuses_what_makes_no_sense(
    services: Services, ids: dict[str, int], sent, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInputError, match="已有名为“2024年7月调度”的调度"):
        services.rounds.create_round("2024年7月调度", [1], REPLY_BY, tmp_path / "b")
    with pytest.raises(InvalidInputError, match="没有选中任何事项"):
        services.rounds.create_round("空调度", [], REPLY_BY, tmp_path / "b")
    with pytest.raises(NotFoundError, match="事项 999 不存在"):
        services.rounds.create_round("八月", [999], REPLY_BY, tmp_path / "b")
    with pytest.raises(InvalidInputError, match="都没有牵头单位或责任单位"):
        services.rounds.create_round("八月", [ids[UNASSIGNED]], REPLY_BY, tmp_path / "b")
    with pytest.raises(InvalidInputError, match="报送截止日期"):
        services.rounds.create_round("八月", [1], None, tmp_path / "b")
    assert [r.name for r in services.rounds.list_rounds()] == ["2024年7月调度"]
    assert not (tmp_path / "b").exists()


def test_a_schedule_gives_the_reply_by_date(
    services: Services, ids: dict[str, int], tmp_path: Path
) -> None:
    made = services.rounds.create_round(
        "2024年8月调度", [ids["强化疾病预防控制"]], None, tmp_path, schedule="每月5日前"
    )
    assert made.round.reply_by == date(2024, 8, 5)  # today is 2024-07-15
    assert made.round.schedule == "每月5日前"
    assert services.rounds.next_reply_by(made.round.id) == date(2024, 9, 5)
    with pytest.raises(InvalidInputError, match="无法识别的周期"):
        services.rounds.create_round("九月", [1], None, tmp_path, schedule="偶尔")


def test_a_file_that_cannot_be_written_stores_no_round_and_leaves_no_file(
    services: Services, ids: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.services.round_service as module

    real = module.write_files
    calls: list[Path] = []

    def third_fails(target: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(target)
        if len(calls) == 3:
            raise UserError(f"无法保存文件:{target}")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(module, "write_files", third_fails)
    folder = tmp_path / "发出"
    with pytest.raises(UserError, match="无法保存文件"):
        services.rounds.create_round("七月", list(ids.values()), REPLY_BY, folder)
    assert services.rounds.list_rounds() == []
    assert list(folder.glob("*.xlsx")) == []


def _while_writing(monkeypatch: pytest.MonkeyPatch, then) -> None:  # type: ignore[no-untyped-def]
    """Run ``then`` once, while the round's first workbook is being written."""
    import tracker.services.round_service as module

    real = module.write_files
    calls: list[Path] = []

    def first_then(target: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(target)
        if len(calls) == 1:
            then()
        return real(target, *args, **kwargs)

    monkeypatch.setattr(module, "write_files", first_then)


def test_other_clerks_write_while_the_workbooks_are_written(
    services: Services,
    ids: dict[str, int],
    ledger_location: str | Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other_db = open_database(ledger_location, backups_dir=tmp_path / "b2")
    other = build_services(other_db, ServiceContext(actor=lambda: "同事"), lambda: tmp_path)
    try:
        task = ids["推进胸痛中心建设"]
        _while_writing(
            monkeypatch, lambda: other.items.add_progress(task, NewProgress(text="同事录入"))
        )
        made = services.rounds.create_round("七月", list(ids.values()), REPLY_BY, tmp_path / "a")
        assert made.round.units == 5
        assert _entries(services, task) == ["同事录入"]
    finally:
        other_db.dispose()


def test_a_task_deleted_while_the_workbooks_are_written_stores_nothing(
    services: Services, ids: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _while_writing(monkeypatch, lambda: services.items.delete_items([ids["强化疾病预防控制"]]))
    folder = tmp_path / "发出"
    with pytest.raises(InvalidInputError, match="已被其他人改动"):
        services.rounds.create_round("七月", list(ids.values()), REPLY_BY, folder)
    assert services.rounds.list_rounds() == []
    assert list(folder.glob("*.xlsx")) == []
    # The name is free again.
    again = services.rounds.create_round("七月", [ids["推进胸痛中心建设"]], REPLY_BY, folder)
    assert again.round.name == "七月"


# ---- receiving ---------------------------------------------------------------------------------


def test_a_month_of_returned_files(
    services: Services, ids: dict[str, int], sent, clock: Clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    back = tmp_path / "收回"
    round_id = sent.round.id
    lead = fill(
        file_of(sent.files, "医政医管股"),
        back / "医政医管股.xlsx",
        {"提高县级医院服务能力": {"本期进展": "胸痛中心已挂牌", "存在问题": "设备未到位"}},
    )
    clock.today = REPLY_BY - timedelta(days=2)
    [first] = services.rounds.receive([lead])
    assert first.outcome is ReceiptOutcome.RECEIVED and not first.late
    assert (first.unit_name, first.entries_added, first.replied_on) == (
        "医政医管股",
        1,
        clock.today,
    )
    assert "按时报送" in first.message

    # Late: two days after the reply-by date; one of them saved by WPS.
    clock.today = REPLY_BY + timedelta(days=2)
    hospital = fill(
        file_of(sent.files, "县人民医院"),
        back / "县人民医院.xlsx",
        {"推进胸痛中心建设": {"本期进展": "已完成选址", "状态": "推进中"}},
    )
    cdc = with_wps_dimensions(
        fill(
            file_of(sent.files, "疾控股"),
            back / "疾控股-原.xlsx",
            {"强化疾病预防控制": {"进展情况": "已开展监测培训", "状态": "已办结"}},
        ),
        back / "疾控股(WPS).xlsx",
    )
    # The lead sends the same file again, and a copy re-saved with nothing changed.
    resaved = _resaved(lead, back / "医政医管股-再存.xlsx")
    # A round workbook of another ledger with the same ids, a plain export, junk.
    other = _other_ledgers_file(tmp_path)
    plain = services.exports.export(
        tmp_path / "普通.xlsx", services.exports.default_options(fill_in=True)
    )[0]
    text = tmp_path / "说明.xlsx"
    text.write_text("这不是表格", encoding="utf-8")
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(lead.read_bytes()[:2000])

    before = {title: _entries(services, ids[title]) for title in TITLES}
    results = services.rounds.receive(
        [hospital, cdc, lead, resaved, other, plain, text, broken, tmp_path / "不存在.xlsx"]
    )
    outcomes = [(r.path.name, r.outcome) for r in results]
    assert outcomes == [
        ("县人民医院.xlsx", ReceiptOutcome.RECEIVED),
        ("疾控股(WPS).xlsx", ReceiptOutcome.RECEIVED),
        ("医政医管股.xlsx", ReceiptOutcome.ALREADY),
        ("医政医管股-再存.xlsx", ReceiptOutcome.ALREADY),
        ("其他台账.xlsx", ReceiptOutcome.REFUSED),
        ("普通.xlsx", ReceiptOutcome.REFUSED),
        ("说明.xlsx", ReceiptOutcome.REFUSED),
        ("坏.xlsx", ReceiptOutcome.REFUSED),
        ("不存在.xlsx", ReceiptOutcome.REFUSED),
    ]
    messages = [r.message for r in results]
    assert "迟报" in messages[0] and "迟报" in messages[1]
    assert "已于2024年7月18日收到过" in messages[2]
    assert "此前已收到" in messages[3]
    assert "其他台账" in messages[4]
    assert "不是调度填报表" in messages[5]
    assert "不是 Excel 工作簿" in messages[6]
    assert "已损坏" in messages[7]
    assert "无法读取文件" in messages[8]
    assert all("\n" not in message for message in messages)
    assert all(r.round_id is None for r in results[4:])

    # Every report counted once, the WPS file's among them.
    assert _entries(services, ids["提高县级医院服务能力"]) == before["提高县级医院服务能力"]
    assert _entries(services, ids["提高县级医院服务能力"]) == ["胸痛中心已挂牌", "已召开推进会"]
    assert _entries(services, ids["推进胸痛中心建设"]) == ["已完成选址"]
    assert _entries(services, ids["强化疾病预防控制"]) == ["已开展监测培训"]
    assert services.items.get_item(ids["强化疾病预防控制"]).row.status is Status.DONE
    assert _entries(services, ids["推进智慧医院建设"]) == []
    detail = services.items.get_item(ids["提高县级医院服务能力"])
    assert detail.progress[0].reported_by == "医政医管股"
    assert detail.progress[0].problems == "设备未到位"
    assert detail.progress[0].entry_date == REPLY_BY - timedelta(days=2)

    late = REPLY_BY + timedelta(days=2)
    assert _states(services, round_id) == {
        "医政医管股": (ReplyState.ON_TIME, REPLY_BY - timedelta(days=2)),
        "县人民医院": (ReplyState.LATE, late),
        "疾控股": (ReplyState.LATE, late),
        "规划信息股": (ReplyState.MISSING, None),
        "县中医院": (ReplyState.MISSING, None),
    }
    missing = services.rounds.not_reported(round_id)
    assert [u.unit_name for u in missing] == ["规划信息股", "县中医院"]
    assert all(u.task_count == 1 for u in missing)
    [row] = services.rounds.counts()
    assert (row.on_time, row.late, row.missing, row.replied) == (1, 2, 2, 3)
    assert row.nav_label == "7月调度 未报 2"
    status = services.rounds.round_status("2024年7月调度")
    assert [u.unit_name for u in status.in_state(ReplyState.LATE)] == ["县人民医院", "疾控股"]
    assert {u.unit_name: u.receipts for u in status.units}["医政医管股"] == 1

    # The round's history says what came in; the refused files left no trace.
    from tracker.services import audit

    with services.db.read() as session:
        entries = audit.history(session, AuditEntity.ROUND, round_id)
    assert [e.action for e in entries].count("receive") == 3
    assert [e.action for e in entries][-1] == "create"


def _resaved(source: Path, target: Path) -> Path:
    """``source`` opened and saved again by someone else: other bytes, the same cells."""
    workbook = openpyxl.load_workbook(source)
    workbook.properties.lastModifiedBy = "另一位同事"
    workbook.save(target)
    assert target.read_bytes() != source.read_bytes()
    return target


def _other_ledgers_file(tmp_path: Path) -> Path:
    """The lead's workbook of a round in another ledger with the very same ids."""
    from tests.services.round_files import CYCLE
    from tracker.importing import parse_text

    db = open_database(tmp_path / "其他.db", backups_dir=tmp_path / "其他备份")
    try:
        other = build_services(db, ServiceContext(), lambda: tmp_path)
        item_ids = list(other.imports.store(parse_text(CYCLE)).item_ids)
        made = other.rounds.create_round("2024年7月调度", item_ids, REPLY_BY, tmp_path / "其他")
        source = file_of(made.files, "医政医管股")
        return Path(shutil.copyfile(source, tmp_path / "其他台账.xlsx"))
    finally:
        db.dispose()


def test_a_corrected_copy_adds_only_what_is_new_and_keeps_the_first_date(
    services: Services, ids: dict[str, int], sent, clock: Clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    source = file_of(sent.files, "县人民医院")
    first = fill(source, tmp_path / "一.xlsx", {"推进胸痛中心建设": {"本期进展": "已完成选址"}})
    clock.today = REPLY_BY
    assert services.rounds.receive([first])[0].outcome is ReceiptOutcome.RECEIVED
    clock.today = REPLY_BY + timedelta(days=3)
    second = fill(first, tmp_path / "二.xlsx", {"推进胸痛中心建设": {"存在问题": "资金未到位"}})
    [again] = services.rounds.receive([second])
    assert again.outcome is ReceiptOutcome.UPDATED and again.entries_added == 1
    assert again.replied_on == REPLY_BY and not again.late
    assert "首次报送于2024年7月20日" in again.message
    assert _states(services, sent.round.id)["县人民医院"] == (ReplyState.ON_TIME, REPLY_BY)
    # Both copies once more: nothing new.
    assert [r.outcome for r in services.rounds.receive([first, second])] == [
        ReceiptOutcome.ALREADY,
        ReceiptOutcome.ALREADY,
    ]
    assert len(_entries(services, ids["推进胸痛中心建设"])) == 2


def test_two_units_answering_one_task_in_the_same_words_are_both_recorded(
    services: Services, ids: dict[str, int], sent, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    words = {"推进智慧医院建设": {"本期进展": "按计划推进"}}
    files = [
        fill(file_of(sent.files, unit), tmp_path / f"{unit}.xlsx", words)
        for unit in ("规划信息股", "县中医院")
    ]
    results = services.rounds.receive(files)
    assert [r.entries_added for r in results] == [1, 1]
    reporters = [e.reported_by for e in services.items.get_item(ids["推进智慧医院建设"]).progress]
    assert sorted(reporters) == ["县中医院", "规划信息股"]


def test_rows_outside_the_units_part_are_not_read(
    services: Services, ids: dict[str, int], sent, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # The unit pasted a row of another unit's workbook into its own.
    workbook = openpyxl.load_workbook(file_of(sent.files, "疾控股"))
    sheet = workbook.active
    columns = header(sheet)
    foreign = openpyxl.load_workbook(file_of(sent.files, "医政医管股")).active
    [pasted] = [
        [cell.value for cell in row]
        for row in foreign.iter_rows(min_row=5)
        if str(row[columns["事项编号(请勿修改)"] - 1].value or "").startswith("K:")
    ]
    sheet.append(pasted)
    sheet.cell(row=sheet.max_row, column=columns["本期进展"], value="代报的进展")
    path = tmp_path / "疾控股.xlsx"
    workbook.save(path)
    [result] = services.rounds.receive([path])
    assert result.outcome is ReceiptOutcome.RECEIVED and result.entries_added == 0
    assert any("不属于本单位在本次调度中的事项" in line for line in result.problems)
    assert _entries(services, ids["提高县级医院服务能力"]) == ["已召开推进会"]


def test_the_scope_is_frozen_when_the_round_is_made(
    services: Services, ids: dict[str, int], sent, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    services.items.update_items([ids["强化疾病预防控制"]], ItemChanges(lead_units=["医政医管股"]))
    status = services.rounds.round_status(sent.round.id)
    assert {u.unit_name: u.task_count for u in status.units}["疾控股"] == 1
    returned = fill(
        file_of(sent.files, "疾控股"),
        tmp_path / "疾控股.xlsx",
        {"强化疾病预防控制": {"本期进展": "已完成"}},
    )
    assert services.rounds.receive([returned])[0].entries_added == 1


def test_the_grid_shows_each_unit_in_each_round(
    services: Services, ids: dict[str, int], sent, clock: Clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    clock.today = REPLY_BY + timedelta(days=1)
    services.rounds.receive([fill(file_of(sent.files, "疾控股"), tmp_path / "a.xlsx", {})])
    august = services.rounds.create_round(
        "2024年8月调度", [ids["强化疾病预防控制"]], date(2024, 8, 20), tmp_path / "八月"
    )
    clock.today = date(2024, 8, 10)
    services.rounds.receive([fill(august.files[0], tmp_path / "b.xlsx", {})])

    grid = services.rounds.grid()
    assert [r.name for r in grid.rounds] == ["2024年7月调度", "2024年8月调度"]
    cells = {row.unit_name: row.cells for row in grid.rows}
    assert list(cells) == list(UNITS)
    july, aug = cells["疾控股"]
    assert july is not None and july.state is ReplyState.LATE
    assert aug is not None and (aug.state, aug.replied_on) == (
        ReplyState.ON_TIME,
        date(2024, 8, 10),
    )
    assert cells["医政医管股"][0].state is ReplyState.MISSING  # type: ignore[union-attr]
    assert cells["医政医管股"][1] is None  # not asked in August
    only = services.rounds.grid(["2024年8月调度"])
    assert [row.unit_name for row in only.rows] == ["疾控股"]
    assert [r.name for r in services.rounds.list_rounds()] == ["2024年8月调度", "2024年7月调度"]
    with pytest.raises(NotFoundError, match="没有找到调度“九月”"):
        services.rounds.grid(["九月"])


def test_merging_a_unit_keeps_its_rounds_and_a_unit_with_rounds_is_not_deleted(
    services: Services, ids: dict[str, int], sent, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    services.rounds.receive([fill(file_of(sent.files, "县中医院"), tmp_path / "a.xlsx", {})])
    services.directory.merge_units("县中医院", "规划信息股")
    units = {u.unit_name: u for u in services.rounds.round_status(sent.round.id).units}
    assert "县中医院" not in units
    assert units["规划信息股"].state is ReplyState.ON_TIME
    assert units["规划信息股"].task_count == 1  # the task both answered for counts once
    services.directory.add_unit("县妇幼保健院")
    services.reminders.record("县妇幼保健院", way="电话", said="请报送")
    with pytest.raises(InvalidInputError, match="有调度或催办记录"):
        services.directory.delete_unit("县妇幼保健院")


@pytest.mark.sqlite_only
def test_a_copy_re_saved_by_libreoffice_is_received(
    services: Services, ids: dict[str, int], sent, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The committed fixture covers the reader; this runs LibreOffice itself when present."""
    import subprocess

    from tracker.importing.readers.office import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    filled = fill(
        file_of(sent.files, "疾控股"),
        tmp_path / "填好" / "疾控股.xlsx",
        {"强化疾病预防控制": {"本期进展": "已完成监测点建设", "状态": "已办结"}},
    )
    out = tmp_path / "转存"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    [result] = services.rounds.receive([out / "疾控股.xlsx"])
    assert (result.outcome, result.entries_added, result.statuses_changed) == (
        ReceiptOutcome.RECEIVED,
        1,
        1,
    )
    assert _entries(services, ids["强化疾病预防控制"]) == ["已完成监测点建设"]


def test_a_dropped_file_is_told_apart_by_its_round_tag(
    services: Services, ids: dict[str, int], sent, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    plain = services.exports.export(
        tmp_path / "普通.xlsx", services.exports.default_options(fill_in=True)
    )[0]
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    wps = with_wps_dimensions(file_of(sent.files, "疾控股"), tmp_path / "wps.xlsx")
    assert services.rounds.is_round_file(file_of(sent.files, "疾控股"))
    assert services.rounds.is_round_file(wps)
    assert not services.rounds.is_round_file(plain)
    assert not services.rounds.is_round_file(sent.send_list)
    assert not services.rounds.is_round_file(junk)
    assert not services.rounds.is_round_file(tmp_path / "missing.xlsx")
