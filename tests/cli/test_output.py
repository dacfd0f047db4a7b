"""The shapes the command line prints that ``test_commands.py`` does not pin already."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.cli.conftest import Cli


def test_people_progress_delay_and_history_shapes(cli: Cli, sample_file: Path) -> None:
    cli.run("import", str(sample_file))
    cli.run("people", "add", "张三", "--unit", "疾控股", "--phone", "0830-2")
    people = cli.json("people", "list")
    assert people == {
        "people": [{"id": 1, "name": "张三", "unit": "疾控股", "phone": "0830-2", "active": True}]
    }
    assert "张三  疾控股  0830-2" in cli.run("people", "list").stdout

    cli.run("assign", "2", "--due", "2024-06-30")
    cli.run("progress", "2", "--text", "已摸底", "--date", "2024-05-10", "--by", "王五")
    cli.run("delay", "2", "--to", "2024-09-30", "--reason", "设备到货延迟")
    shown = cli.json("show", "2")
    assert shown["progress"][0]["reported_by"] == "王五"
    assert set(shown["delays"][0]) == {
        "id",
        "old_due_date",
        "new_due_date",
        "reason",
        "requested_on",
    }
    assert shown["delays"][0]["new_due_date"] == "2024-09-30"
    assert {frozenset(entry) for entry in shown["history"]} == {
        frozenset({"at", "actor", "action", "changes", "summary"})
    }


def test_text_of_a_dry_run_a_listing_and_the_statistics(cli: Cli, sample_file: Path) -> None:
    dry = cli.run("import", str(sample_file), "--dry-run").stdout.splitlines()
    assert dry[0] == "《县卫生健康局2024年工作要点》 3 项"
    assert dry[1].startswith("  1 提高县级医院服务能力  [医政医管股、县人民医院]")
    cli.run("import", str(sample_file))
    listing = cli.run("list").stdout.splitlines()
    assert listing[-1] == "共 3 项" and listing[0].split()[:2] == ["1", "待办理"]
    stats = cli.run("stats").stdout.splitlines()
    assert stats[1] == "单位\t总数\t已办结\t正在推进\t未启动\t逾期\t最长逾期天数\t按时办结率\t催办"
    assert stats[0].startswith("截至") and stats[-2].startswith("合计\t3\t0\t0\t3\t0\t-\t")
    assert stats[-1] == "注:2项有多个牵头单位,分别计入各单位。"


def test_restore_lists_backups_as_json_and_text(cli: Cli, sample_file: Path) -> None:
    assert "备份文件夹中没有备份" in cli.run("restore").stdout
    assert cli.json("restore") == {"backups": []}
    cli.run("import", str(sample_file))  # the ledger is backed up before each import
    cli.run("backup")
    listed = cli.json("restore")
    assert list(listed) == ["backups"]
    assert {frozenset(backup) for backup in listed["backups"]} == {
        frozenset({"path", "made_at", "reason"})
    }
    assert "manual" in [backup["reason"] for backup in listed["backups"]]
    for backup in listed["backups"]:
        assert datetime.fromisoformat(backup["made_at"])
    manual = next(backup for backup in listed["backups"] if backup["reason"] == "manual")
    assert f"手动  {manual['path']}" in cli.run("restore").stdout


def test_migrate_db_to_an_empty_ledger_reports_every_table(
    cli: Cli, sample_file: Path, tmp_path: Path
) -> None:
    cli.run("import", str(sample_file))
    copy = tmp_path / "copy.db"
    report = cli.json("migrate-db", "--to", str(copy))
    assert set(report) == {"source", "target", "rows", "sha256", "tables"}
    assert report["target"] == str(copy) and len(report["sha256"]) == 64
    assert {frozenset(table) for table in report["tables"]} == {
        frozenset({"table", "rows", "sha256", "matches"})
    }
    assert all(table["matches"] for table in report["tables"])
    assert report["rows"] == sum(table["rows"] for table in report["tables"])
    counts = {table["table"]: table["rows"] for table in report["tables"]}
    assert counts["work_items"] == 3

    text = cli.run("migrate-db", "--to", str(tmp_path / "other.db")).stdout.splitlines()
    assert text[0].startswith("正在把 ") and "  work_items:3 行" in text
    assert text[-3].startswith(f"完成:共 {report['rows']} 行")
    assert text[-2] == f"校验值(SHA-256):{report['sha256']}"
    assert text[-1] == f"以后使用共享数据库:main.py --db {tmp_path / 'other.db'}"

    same = cli.run("migrate-db", "--to", str(cli.db), ok=False)
    assert same.returncode == 1 and "目标数据库就是当前台账" in same.stderr


def test_a_round_names_a_few_unassigned_tasks_not_a_hundred() -> None:
    from datetime import date

    from tracker.cli.round_output import UNASSIGNED_SHOWN, created_lines
    from tracker.round_dto import RoundCreated, RoundRow

    row = RoundRow(
        id=1, name="2026年11月调度", reply_by=date(2026, 11, 20), created_at=datetime(2026, 11, 1),
        created_by=None, scope="", folder="/x", schedule=None, units=3, on_time=0, late=0,
        missing=3, tasks=5,
    )  # fmt: skip
    created = RoundCreated(row, (), Path("/x/清单.xlsx"), tuple(range(1, 118)))
    [note] = [line for line in created_lines(created) if line.startswith("提示")]
    assert f"{UNASSIGNED_SHOWN}、" not in note and f"{UNASSIGNED_SHOWN}等 117 项" in note
    assert len(note) < 120
