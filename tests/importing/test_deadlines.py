"""Deadline phrases and the dates they mean, from the document's year."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain import DeadlineKind
from tracker.importing.deadlines import from_text, parse_phrase


@pytest.mark.parametrize(
    ("text", "phrase", "due"),
    [
        ("2021年6月30日前完成", "2021年6月30日前", date(2021, 6, 30)),
        ("9月30日前完成国家复审", "9月30日前", date(2024, 9, 30)),
        ("6月底前出台章程", "6月底前", date(2024, 6, 30)),
        ("2022年10月底前完成", "2022年10月底前", date(2022, 10, 31)),
        ("2月底前完成", "2月底前", date(2024, 2, 29)),
        ("年底前通过验收", "年底前", date(2024, 12, 31)),
        ("年内实现全覆盖", "年内", date(2024, 12, 31)),
        ("今年内完成", "今年内", date(2024, 12, 31)),
        ("2025年内完成", "2025年内", date(2025, 12, 31)),
        ("上半年完成查验", "上半年", date(2024, 6, 30)),
        ("下半年开展评估", "下半年", date(2024, 12, 31)),
        ("一季度完成", "一季度", date(2024, 3, 31)),
        ("三季度末前完成", "三季度末前", date(2024, 9, 30)),
        ("第四季度完成", "第四季度", date(2024, 12, 31)),
        ("6月份完成", "6月份", date(2024, 6, 30)),
        ("6月中旬完成", "6月中旬", date(2024, 6, 20)),
        ("6月上旬完成", "6月上旬", date(2024, 6, 10)),
        ("6月下旬完成", "6月下旬", date(2024, 6, 30)),
        ("到2025年,基本建成体系", "到2025年", date(2025, 12, 31)),
        ("１２月底前完成", "１２月底前", date(2024, 12, 31)),
        ("十二月底前完成", "十二月底前", date(2024, 12, 31)),
    ],
)
def test_date_phrases(text: str, phrase: str, due: date) -> None:
    deadline = from_text(text, 2024)
    assert (deadline.text, deadline.due, deadline.kind) == (phrase, due, DeadlineKind.DATE)


@pytest.mark.parametrize(
    "text",
    [
        "做好2020年度、2021年度绩效考核",
        "聚焦2021年10项医疗质量安全改进目标",
        "落实《协议(2020-2025)》",
        "力争5年内达到",
        "从2021年起纳入预算",
        "持续推进电子证照管理",
        "建立常态化机制",
        "每季度开展一次督导",
        "做好“6.14”宣传",
    ],
)
def test_not_deadlines(text: str) -> None:
    assert from_text(text, 2024).kind == DeadlineKind.NONE


def test_several_milestones_keep_the_phrases_and_the_last_date() -> None:
    deadline = from_text("3月底前完成摸底;11月底前全面完成", 2024)
    assert deadline.text == "3月底前;11月底前"
    assert deadline.due == date(2024, 11, 30)


def test_reporting_duty_is_periodic() -> None:
    deadline = from_text("每月10日前报送监测数据", 2024)
    assert (deadline.text, deadline.kind) == ("每月", DeadlineKind.PERIODIC)


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("长期坚持", DeadlineKind.ONGOING),
        ("持续推进", DeadlineKind.ONGOING),
        ("常态化", DeadlineKind.ONGOING),
        ("每季度", DeadlineKind.PERIODIC),
        ("每月25日前", DeadlineKind.PERIODIC),
    ],
)
def test_phrases_in_deadline_position(phrase: str, kind: DeadlineKind) -> None:
    deadline = parse_phrase(phrase, 2024)
    assert (deadline.text, deadline.due, deadline.kind) == (phrase, None, kind)


def test_no_year_keeps_the_phrase_without_a_date() -> None:
    deadline = parse_phrase("6月底前", None)
    assert (deadline.text, deadline.due, deadline.kind) == ("6月底前", None, DeadlineKind.DATE)


def test_a_written_date_in_a_deadline_cell() -> None:
    assert parse_phrase("2024年6月30日", None).due == date(2024, 6, 30)
    assert parse_phrase("2024-06-30", None).due == date(2024, 6, 30)
