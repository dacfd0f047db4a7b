"""The arguments: usage errors in Chinese with status 2, ids and day counts checked."""

from __future__ import annotations

import argparse

import pytest

from tests.cli.conftest import Cli
from tracker.cli import build_parser, days, item_id
from tracker.cli.parser import MAX_DAYS
from tracker.domain import MAX_ID


def test_usage_errors_exit_2(cli: Cli) -> None:
    result = cli.run("delay", "1", ok=False)
    assert result.returncode == 2
    assert "缺少参数" in result.stderr


def test_version_in_process(cli: Cli) -> None:
    result = cli.run("--version")
    assert result.stdout.startswith("督办台账 ")


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "x", str(MAX_ID + 1), "1" * 20])
def test_item_ids_are_positive_and_fit_a_database(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="编号"):
        item_id(text)


def test_day_counts_stop_at_a_hundred_years() -> None:
    assert days("0") == 0 and days(str(MAX_DAYS)) == MAX_DAYS
    with pytest.raises(argparse.ArgumentTypeError, match="天数"):
        days(str(MAX_DAYS + 1))


def test_every_command_takes_db_after_its_arguments() -> None:
    args = build_parser().parse_args(["units", "list", "--db", "x.db"])
    assert (args.command, args.unit_command, args.db) == ("units", "list", "x.db")


@pytest.mark.parametrize("command", [(), ("round", "create"), ("export",)])
def test_help_is_in_chinese_to_the_last_word(cli: Cli, command: tuple[str, ...]) -> None:
    result = cli.run(*command, "--help")
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in result.stdout, english
    assert result.stdout.startswith("用法:") and "显示本帮助并退出" in result.stdout
