"""Each command end to end, in this process: what it prints, what it stores, how it fails."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import ITEM_KEYS, Cli, run_main
from tests.conftest import python_cmd, subprocess_env


def test_import_then_list_json(cli: Cli, sample_file: Path) -> None:
    dry = cli.json("import", str(sample_file), "--dry-run")
    assert set(dry) == {"documents", "unassigned", "warnings"}
    assert len(dry["documents"][0]["items"]) == 3
    assert set(dry["documents"][0]["items"][0]) == {
        "number",
        "heading_path",
        "title",
        "content",
        "units",
        "deadline_text",
        "due_date",
        "deadline_kind",
    }
    assert not cli.db.exists(), "a dry run must not create the ledger"

    stored = cli.json("import", str(sample_file))
    assert stored["items_created"] == 3 and stored["duplicates"] == []
    assert set(stored) == {
        "documents_created",
        "items_created",
        "item_ids",
        "duplicates",
        "new_units",
    }

    listing = cli.json("list")
    assert listing["count"] == 3
    item = listing["items"][0]
    assert set(item) == ITEM_KEYS
    assert item["title"] == "提高县级医院服务能力"
    assert item["units"] == [
        {"name": "医政医管股", "role": "responsible"},
        {"name": "县人民医院", "role": "responsible"},
    ]

    again = cli.run("import", str(sample_file))
    assert "此前已导入过" in again.stdout
    assert cli.json("list")["count"] == 3


def test_assign_progress_status_delay_show(cli: Cli, sample_file: Path) -> None:
    cli.run("import", str(sample_file))
    cli.run(
        "assign",
        "1",
        "2",
        "--lead",
        "医政医管股",
        "--support",
        "县人民医院",
        "--owner",
        "张三",
        "--leader",
        "李局长",
        "--due",
        "2024-06-30",
    )
    cli.run(
        "progress",
        "1",
        "--text",
        "已召开推进会",
        "--date",
        "2024-05-10",
        "--problems",
        "经费不足",
        "--next",
        "争取资金",
    )
    cli.run("status", "2", "已办结")
    cli.run("delay", "1", "--to", "2024年9月30日", "--reason", "设备到货延迟")

    shown = cli.json("show", "1")
    assert set(shown) == ITEM_KEYS | {"progress", "delays", "history"}
    assert shown["units"] == [
        {"name": "医政医管股", "role": "lead"},
        {"name": "县人民医院", "role": "support"},
    ]
    assert (shown["owner"], shown["leader"]) == ("张三", "李局长")
    assert shown["due_date"] == "2024-09-30" and shown["status"] == "delayed"
    assert shown["progress"] == [
        {
            "id": 1,
            "date": "2024-05-10",
            "text": "已召开推进会",
            "problems": "经费不足",
            "next_steps": "争取资金",
            "reported_by": None,
            "source": "manual",
        }
    ]
    assert shown["delays"][0]["old_due_date"] == "2024-06-30"
    assert shown["history"][0]["action"] == "delay"
    assert cli.json("show", "2")["status"] == "done"

    overdue = cli.json("list", "--overdue")
    assert [item["id"] for item in overdue["items"]] == [1]
    by_unit = cli.json("list", "--unit", "县人民医院", "--status", "已延期")
    assert [item["id"] for item in by_unit["items"]] == [1]
    text = cli.run("show", "1").stdout
    assert "牵头单位:医政医管股" in text and "延期 2024-06-30 → 2024-09-30" in text


def test_units_and_stats(cli: Cli, sample_file: Path) -> None:
    cli.run("import", str(sample_file))
    cli.run("units", "add", "县卫生健康局办公室", "--kind", "内设股室", "--phone", "0830-1")
    cli.run("units", "alias", "县人民医院", "县医院")
    cli.run("units", "rename", "疾控股", "疾病预防控制股")
    cli.run("units", "add", "县一医院")
    cli.run("assign", "3", "--support", "县一医院")
    cli.run("units", "merge", "县一医院", "县人民医院")
    units = {u["name"]: u for u in cli.json("units", "list")["units"]}
    assert units["县人民医院"]["aliases"] == ["县一医院", "县医院"]
    assert units["县人民医院"]["items"] == 2
    assert units["疾病预防控制股"]["aliases"] == ["疾控股"]
    assert "县一医院" not in units
    assert set(units["县人民医院"]) == {
        "id",
        "name",
        "short_name",
        "kind",
        "aliases",
        "contact",
        "phone",
        "sort_order",
        "active",
        "needs_review",
        "items",
    }

    cli.run("status", "1", "3", "已办结")
    stats = cli.json("stats")
    assert set(stats) == {"as_of", "overall", "units", "multi_lead_items", "sentence"}
    assert stats["overall"]["total"] == 3 and stats["overall"]["done"] == 2
    assert stats["overall"]["not_started"] == 1 and stats["overall"]["in_progress"] == 0
    assert set(stats["units"][0]) == {
        "unit",
        "total",
        "done",
        "in_progress",
        "not_started",
        "overdue",
        "max_overdue_days",
        "done_on_time",
        "on_time_rate",
        "reminders",
    }
    assert "共3项,已办结2项(67%)" in stats["sentence"]


def test_backup(
    cli: Cli, sample_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli.run("import", str(sample_file))
    target = tmp_path / "copy.db"
    cli.run("backup", "--to", str(target))
    restored = Cli(tmp_path, capsys)
    restored.db = target
    assert restored.json("list")["count"] == 3
    result = cli.run("backup")
    assert "已备份到" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "99"), "事项 99 不存在"),
        (("status", "1", "完成了"), "无法识别"),
        (("list", "--due-before", "2024-13-40"), "日期“2024-13-40”无效"),
        (("assign", "1"), "请至少指定一项"),
        (("import", "/nonexistent/x.txt"), "无法读取文件"),
        (("units", "merge", "甲", "乙"), "单位目录中没有“甲”"),
    ],
)
def test_errors_are_one_chinese_line_and_nonzero(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    result = cli.run(*args, ok=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_tracker_db_environment_variable(
    cli: Cli,
    sample_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "env.db"
    monkeypatch.setenv("TRACKER_DB", str(other))
    assert run_main(["import", str(sample_file)], capsys).returncode == 0
    assert other.exists() and not cli.db.exists()


def test_a_newer_ledger_is_refused(cli: Cli, sample_file: Path) -> None:
    import sqlite3

    cli.run("import", str(sample_file))
    with sqlite3.connect(cli.db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    connection.close()
    result = cli.run("list", ok=False)
    assert result.returncode == 1
    assert "更新版本" in result.stderr


def test_export_import_progress_and_print_pdf(cli: Cli, sample_file: Path, tmp_path: Path) -> None:
    import openpyxl
    from pypdf import PdfReader

    cli.run("import", str(sample_file))
    out = tmp_path / "台账.xlsx"
    result = cli.run(
        "export",
        str(out),
        "--fill-in",
        "--columns",
        "序号,工作任务,牵头单位,状态",
        "--title",
        "测试台账",
    )
    assert "已导出" in result.stdout
    workbook = openpyxl.load_workbook(out)
    sheet = workbook["督办台账"]
    header = {c.value: c.column for c in sheet[4] if c.value}
    assert list(header)[:4] == ["序号", "工作任务", "牵头单位", "状态"]
    sheet.cell(row=5, column=header["本期进展"], value="已完成摸底")
    workbook.save(out)

    dry = json.loads(cli.run("import-progress", str(out), "--dry-run", "--json").stdout)
    assert set(dry) == {"plan", "applied"} and dry["applied"] is None
    assert set(dry["plan"]) == {
        "source",
        "changes",
        "unchanged",
        "repeated",
        "unmatched",
        "problems",
    }
    assert set(dry["plan"]["changes"][0]) == {
        "item_id",
        "title",
        "where",
        "progress",
        "problems",
        "next_steps",
        "status",
        "conflict",
    }
    applied = json.loads(cli.run("import-progress", str(out), "--json").stdout)
    assert applied["applied"] == {
        "entries_added": 1,
        "statuses_changed": 0,
        "repeated": 0,
        "skipped_conflicts": [],
    }
    assert cli.json("show", "1")["latest_progress"] == "已完成摸底"

    folder = tmp_path / "各单位"
    cli.run("export", str(folder), "--by-unit", "files")
    assert len(list(folder.glob("*.xlsx"))) == 3

    # Painting starts Qt: in a process of its own, so that no Qt application outlives this test.
    pdf = tmp_path / "清单.pdf"
    env = subprocess_env()
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [*python_cmd(), "print-pdf", str(pdf), "--unit", "疾控股", "--db", str(cli.db)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = PdfReader(pdf).pages[0].extract_text()
    assert "强化疾病预防控制" in text and "提高县级医院服务能力" not in text


def test_export_to_a_busy_or_bad_place_is_one_line(
    cli: Cli, sample_file: Path, tmp_path: Path
) -> None:
    cli.run("import", str(sample_file))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli.run("export", str(blocker / "sub" / "x.xlsx"), ok=False)
    assert result.returncode == 1 and "无法创建文件夹" in result.stderr
    assert "Traceback" not in result.stderr


def test_stats_take_the_filters_of_list(cli: Cli, sample_file: Path, tmp_path: Path) -> None:
    cli.run("import", str(sample_file))
    other = tmp_path / "方案.txt"
    other.write_text(
        "县卫生健康局2024年专项方案\n1.甲任务。\n2.乙任务。(责任单位:疾控股)\n", "utf-8"
    )
    cli.run("import", str(other))
    assert cli.json("stats")["overall"]["total"] == 5
    by_document = cli.json("stats", "--document", "2")
    assert by_document["overall"]["total"] == 2
    assert [u["unit"] for u in by_document["units"]] == ["疾控股", "未明确责任单位"]
    assert cli.json("stats", "--unit", "疾控股")["overall"]["total"] == 2
    assert cli.json("stats", "--status", "已办结")["overall"]["total"] == 0
