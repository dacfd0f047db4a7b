"""``round create|list|status|receive|grid`` and ``remind``, in this process, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.services.round_files import CYCLE, file_of, fill

ROUND_KEYS = {
    "id",
    "name",
    "reply_by",
    "schedule",
    "scope",
    "folder",
    "created_at",
    "units",
    "tasks",
    "on_time",
    "late",
    "not_reported",
    "label",
}
UNIT_KEYS = {
    "unit_id",
    "unit",
    "state",
    "state_label",
    "replied_on",
    "file",
    "tasks",
    "contact",
    "phone",
    "reminders",
}


@pytest.fixture
def ledger(cli: Cli, tmp_path: Path) -> Cli:
    source = tmp_path / "要点.txt"
    source.write_text(CYCLE, encoding="utf-8")
    cli.run("import", str(source))
    return cli


def _create(cli: Cli, folder: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    return cli.json(
        "round",
        "create",
        "--name",
        "2024年7月调度",
        "--reply-by",
        "2024-07-20",
        "--folder",
        str(folder),
        *extra,
    )


def test_a_round_from_creation_to_the_grid(ledger: Cli, tmp_path: Path) -> None:
    cli = ledger
    cli.run("status", "2", "已办结")  # a closed task is not asked about by default
    created = _create(cli, tmp_path / "发出")
    assert set(created) == {"round", "files", "send_list", "unassigned"}
    assert set(created["round"]) == ROUND_KEYS
    assert created["round"]["units"] == 4 and created["round"]["tasks"] == 3
    assert created["round"]["scope"] == "状态:待办理、推进中、已延期"
    assert created["unassigned"] == [5]
    files = tuple(Path(path) for path in created["files"])
    assert Path(created["send_list"]).exists()

    lead = fill(
        file_of(files, "医政医管股"),
        tmp_path / "收回" / "医政医管股.xlsx",
        {"提高县级医院服务能力": {"本期进展": "已挂牌"}},
    )
    cdc = fill(file_of(files, "疾控股"), tmp_path / "收回" / "疾控股.xlsx", {})
    junk = tmp_path / "收回" / "说明.xlsx"
    junk.write_text("不是表格", encoding="utf-8")
    received = cli.json("round", "receive", str(lead), str(lead), "--date", "2024-07-18")
    assert [f["outcome"] for f in received["files"]] == ["received", "already"]
    assert set(received["files"][0]) == {
        "file",
        "outcome",
        "message",
        "round_id",
        "round",
        "unit",
        "replied_on",
        "late",
        "entries_added",
        "statuses_changed",
        "repeated",
        "problems",
    }
    assert received["files"][0]["entries_added"] == 1
    text = cli.run("round", "receive", str(cdc), str(junk), "--date", "2024-07-22").stdout
    assert "已收到疾控股的填报(迟报" in text and "不是 Excel 工作簿" in text

    status = cli.json("round", "status", "2024年7月调度")
    assert set(status) == {"round", "units"} and set(status["units"][0]) == UNIT_KEYS
    assert {u["unit"]: (u["state"], u["replied_on"]) for u in status["units"]} == {
        "医政医管股": ("on_time", "2024-07-18"),
        "疾控股": ("late", "2024-07-22"),
        "规划信息股": ("missing", None),
        "县中医院": ("missing", None),
    }
    missing = cli.json("round", "status", "1", "--not-reported")
    assert [u["unit"] for u in missing["units"]] == ["规划信息股", "县中医院"]
    plain = cli.run("round", "status", "1", "--not-reported").stdout
    assert "7月调度 未报 2" in plain and "医政医管股" not in plain

    listed = cli.json("round", "list")
    assert listed["count"] == 1 and listed["rounds"][0]["label"] == "7月调度 未报 2"
    assert "已报 1,迟报 1,未报 2" in cli.run("round", "list").stdout

    grid = cli.json("round", "grid")
    assert [r["name"] for r in grid["rounds"]] == ["2024年7月调度"]
    cells = {row["unit"]: row["cells"][0] for row in grid["units"]}
    assert cells["疾控股"] == {"state": "late", "replied_on": "2024-07-22"}
    assert cells["县中医院"] == {"state": "missing", "replied_on": None}
    assert "迟报 2024-07-22" in cli.run("round", "grid").stdout

    assert cli.json("show", "1")["latest_progress"] == "已挂牌"


def test_remind_records_and_lists(ledger: Cli, tmp_path: Path) -> None:
    cli = ledger
    _create(cli, tmp_path / "发出")
    chased = cli.json(
        "remind",
        "规划信息股",
        "--way",
        "电话",
        "--said",
        "本周五前报送",
        "--answered-by",
        "王五",
        "--round",
        "2024年7月调度",
        "--date",
        "2024-07-22",
    )
    assert chased["items"] == [4] and chased["way"] == "phone" and chased["way_label"] == "电话"
    assert set(chased) == {
        "id",
        "unit",
        "date",
        "way",
        "way_label",
        "answered_by",
        "said",
        "round_id",
        "round",
        "items",
    }
    said = cli.run("remind", "疾控股", "--way", "书面", "--items", "3", "--date", "2024-07-23")
    assert "已登记催办:2024-07-23  书面  疾控股" in said.stdout
    everything = cli.json("remind", "--list")
    assert [r["unit"] for r in everything["reminders"]] == ["疾控股", "规划信息股"]
    only = cli.json("remind", "--list", "--unit", "规划信息股")
    assert [r["said"] for r in only["reminders"]] == ["本周五前报送"]
    assert "共 2 条催办记录" in cli.run("remind", "--list").stdout
    status = cli.json("round", "status", "1")
    assert {u["unit"]: u["reminders"] for u in status["units"]}["规划信息股"] == 1
    history = cli.json("show", "4")["history"]
    assert history[0]["action"] == "remind"


def test_a_round_of_one_document_and_one_unit(ledger: Cli, tmp_path: Path) -> None:
    other = tmp_path / "方案.txt"
    other.write_text("县卫生健康局2024年专项方案\n1.甲任务。(牵头单位:疾控股)\n", "utf-8")
    ledger.run("import", str(other))
    made = _create(ledger, tmp_path / "一", "--document", "2")
    assert (made["round"]["tasks"], made["round"]["units"]) == (1, 1)
    assert made["round"]["scope"].startswith("来源文件:")
    again = ledger.json(
        "round", "create", "--name", "疾控股专项", "--reply-by", "2024-08-01",
        "--folder", str(tmp_path / "二"), "--unit", "疾控股", "--status", "待办理",
    )  # fmt: skip
    assert again["round"]["tasks"] == 2 and [Path(f).stem for f in again["files"]] == [
        "疾控股专项_疾控股"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("round", "status", "99"), "没有找到调度“99”"),
        (("remind", "疾控股"), "请给出单位和催办方式"),
        (("remind", "疾控股", "--way", "短信"), "无法识别“短信”"),
        (
            (
                "round",
                "create",
                "--name",
                "空",
                "--reply-by",
                "2024-07-20",
                "--folder",
                "x",
                "--search",
                "无此字",
            ),
            "没有选中任何事项",
        ),
        (("round", "create", "--name", "无日期", "--folder", "x"), "请填写报送截止日期"),
    ],
)
def test_errors_are_one_chinese_line(ledger: Cli, args: tuple[str, ...], message: str) -> None:
    result = ledger.run(*args, ok=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_receiving_only_refused_files_fails(ledger: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "x.xlsx"
    junk.write_bytes(b"PK\x03\x04broken")
    result = ledger.run("round", "receive", str(junk), "--json", ok=False)
    assert result.returncode == 1
    [only] = json.loads(result.stdout)["files"]
    assert only["outcome"] == "refused" and "已损坏" in only["message"]


def test_the_papers_of_a_round_from_the_command_line(ledger: Cli, tmp_path: Path) -> None:
    created = _create(ledger, tmp_path / "发出")
    round_id = str(created["round"]["id"])
    sheets = ledger.json(
        "notice", str(tmp_path / "督办单"), "--round", round_id, "--number", "X卫督〔2024〕3号"
    )
    assert sheets["sheets"] and len(sheets["files"]) == len(sheets["sheets"])
    assert all(Path(path).exists() for path in sheets["files"])
    assert {s["escalation"] for s in sheets["sheets"]} <= {"blue", "yellow", "red"}
    combined = ledger.json("notice", str(tmp_path / "全部"), "--combined")
    assert combined["files"] == [str(tmp_path / "全部.docx")]

    report = ledger.json("report", str(tmp_path / "通报"), "--round", round_id)
    stats = ledger.json("stats")
    assert Path(report["file"]).exists() and report["file"].endswith("通报.docx")
    assert len(report["not_reported"]) == created["round"]["units"], "nobody has reported yet"
    assert report["total"] == created["round"]["tasks"] <= stats["overall"]["total"]

    pack = ledger.json("meeting-pack", str(tmp_path / "会议"), "--round", "2024年7月调度")
    folder = Path(pack["folder"])
    assert folder.parent == tmp_path / "会议" and folder.name.startswith("会议材料_")
    assert Path(pack["checklist"]).read_bytes().startswith(b"%PDF")
    text = ledger.run("meeting-pack", str(tmp_path / "会议"), "--round", round_id).stdout
    assert "已生成会议材料" in text and "(2)" in text, "a second pack never overwrites the first"


def test_a_round_that_does_not_exist_gives_one_line(ledger: Cli, tmp_path: Path) -> None:
    result = ledger.run("report", str(tmp_path / "通报.docx"), "--round", "9月调度", ok=False)
    assert result.returncode == 1 and "没有找到调度“9月调度”" in result.stderr
    assert not (tmp_path / "通报.docx").exists()
