"""Values no clerk means but a script, a slip or a doctored sheet can give: each is refused
with one clear Chinese line, never an internal error, and the ledger is left as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from tracker import app
from tracker.db import Database
from tracker.domain import Status, parse_sheet_key, parse_user_date
from tracker.dto import ItemChanges, NewDelay, NewProgress
from tracker.errors import InvalidInputError, NotFoundError
from tracker.exporting.ledger_spec import FULL_COLUMNS
from tracker.services.bundle import Services

SAMPLE_TEXT = "1.推进医共体建设。(牵头单位:医政股;完成时限:2024年6月底前)\n"


def _main(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str]:
    code = app.main([*args, "--db", str(db)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "odd.db"
    source = tmp_path / "要点.txt"
    source.write_text(SAMPLE_TEXT, encoding="utf-8")
    assert _main(capsys, db, "import", str(source))[0] == 0
    return db


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("show", "99999999999999999999"), "编号“99999999999999999999”无效"),
        (("show", "9223372036854775808"), "无效"),
        (("assign", "1", "99999999999999999999", "--owner", "张三"), "无效"),
        (("status", "99999999999999999999", "已办结"), "无效"),
        (("list", "--due-within", "99999999999"), "天数“99999999999”无效"),
        (("list", "--document", "-1"), "无效"),
        (("assign", "1", "--due", "0001-01-01"), "超出范围"),
        (("delay", "1", "--to", "0001-06-30", "--reason", "试"), "超出范围"),
        (("progress", "1", "--text", "进展", "--date", "9999-01-01"), "超出范围"),
    ],
)
def test_the_command_line_refuses_odd_values_in_one_line(
    ledger: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], says: str
) -> None:
    before = _main(capsys, ledger, "list", "--json")[1]
    try:
        code, output = _main(capsys, ledger, *args)
    except SystemExit as exit_:  # argparse's own refusal
        code, output = int(str(exit_.code)), capsys.readouterr().err
    assert code != 0
    assert says in output
    assert "Traceback" not in output and "内部错误" not in output
    assert len(output.strip().splitlines()) <= 2
    assert _main(capsys, ledger, "list", "--json")[1] == before


def test_the_largest_id_is_looked_up_not_overflowed(
    services: Services, sample_ids: list[int]
) -> None:
    with pytest.raises(NotFoundError):
        services.items.get_item(2**63)
    with pytest.raises(NotFoundError):
        services.items.update_items([2**64], ItemChanges(owner="张三"))
    with pytest.raises(NotFoundError):
        services.items.get_item(2**63 - 1)  # a valid id, just not there


def test_dates_outside_the_ledger_range_are_refused(
    services: Services, sample_ids: list[int]
) -> None:
    with pytest.raises(InvalidInputError, match="超出范围"):
        parse_user_date("0001-01-01")
    with pytest.raises(InvalidInputError, match=r"完成时限.*超出范围"):
        services.items.update_items([sample_ids[0]], ItemChanges(due_date=date(1, 1, 1)))
    with pytest.raises(InvalidInputError, match=r"新的完成时限.*超出范围"):
        services.items.record_delay(sample_ids[0], NewDelay(date(9999, 1, 1), "试"))
    with pytest.raises(InvalidInputError, match=r"进展日期.*超出范围"):
        services.items.add_progress(sample_ids[0], NewProgress("进展", entry_date=date(1, 1, 1)))
    assert services.items.list_items(), "the ledger is still there"
    assert parse_user_date("2024-06-30") == date(2024, 6, 30)


def test_a_huge_due_within_lists_every_open_task(services: Services, sample_ids: list[int]) -> None:
    from tracker.dto import ItemFilter

    services.items.update_items(sample_ids, ItemChanges(due_date=date(2030, 1, 1)))
    assert len(services.items.list_items(ItemFilter(due_within_days=10**11))) == 3


def test_a_key_with_a_5000_digit_version_is_not_a_key() -> None:
    assert parse_sheet_key("K:" + "a" * 32 + ":" + "9" * 5000 + ":todo") is None
    assert parse_sheet_key("K:" + "a" * 32 + ":12:todo") == ("a" * 32, 12, Status.TODO)


def test_a_year_one_date_from_an_older_ledger_is_written_as_text(
    services: Services, sample_ids: list[int], db: Database, tmp_path: Path
) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE work_items SET due_date = :d WHERE id = :i"),
            {"d": date(1, 1, 1), "i": sample_ids[0]},
        )
    options = services.exports.default_options(columns=FULL_COLUMNS)  # with 截止日期
    path = services.exports.export(tmp_path / "x.xlsx", options)[0]
    values = [c.value for row in openpyxl.load_workbook(path).active.iter_rows() for c in row]
    assert "0001-01-01" in values
