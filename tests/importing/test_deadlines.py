"""Deadline phrases and the dates they mean, from the document's year."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain import DeadlineKind
from tracker.importing import parse_text
from tracker.importing.blocks import Paragraph, Table
from tracker.importing.deadlines import from_text, holiday_note, parse_phrase
from tracker.importing.editing import retype_deadline, split_item
from tracker.importing.model import ParsedDocument, ParsedItem
from tracker.importing.segmenter import parse_blocks
from tracker.workdays import WorkCalendar


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


# --- periods counted from the document, and repeating phrases ------------------------------

#: A Friday before the National Day holiday (10-01 to 10-08; Sunday 09-28 and Saturday 10-11
#: are working days).
BEFORE_NATIONAL_DAY = date(2025, 9, 26)


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        # 09-28 (调休 Sunday), 09-29, 09-30, 10-09, 10-10.
        ("5个工作日内", date(2025, 10, 10)),
        ("５个工作日内", date(2025, 10, 10)),
        ("五个工作日内完成", date(2025, 10, 10)),
        ("收到通知后10个工作日内", date(2025, 10, 16)),
        ("接到通知后3个工作日内", date(2025, 9, 30)),
        # 10-03 is a holiday: the period ends on the next working day.
        ("会后7日内", date(2025, 10, 9)),
        ("会后七日内", date(2025, 10, 9)),
        ("会议结束后3天内", date(2025, 9, 29)),
        # 10-26 is a Sunday.
        ("印发之日起30日内", date(2025, 10, 27)),
        ("自本通知印发之日起一个月内", date(2025, 10, 27)),
        ("印发之日起3个月内", date(2025, 12, 26)),
        ("文件下发后15日内完成", date(2025, 10, 11)),  # a 调休 Saturday: a working day
        ("2周内", date(2025, 10, 10)),
    ],
)
def test_periods_counted_from_the_document_date(phrase: str, due: date) -> None:
    deadline = parse_phrase(phrase, 2025, anchor=BEFORE_NATIONAL_DAY)
    assert (deadline.text, deadline.due, deadline.kind) == (phrase, due, DeadlineKind.DATE)


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("5个工作日内", DeadlineKind.DATE),
        ("会后七日内", DeadlineKind.NONE),
        ("印发之日起30日内", DeadlineKind.DATE),
        ("每月5日前", DeadlineKind.PERIODIC),
    ],
)
def test_without_the_document_date_they_keep_no_date_as_before(
    phrase: str, kind: DeadlineKind
) -> None:
    assert parse_phrase(phrase, 2025) == parse_phrase(phrase, 2025, anchor=None)
    deadline = parse_phrase(phrase, 2025)
    assert (deadline.text, deadline.due, deadline.kind) == (phrase, None, kind)


@pytest.mark.parametrize(
    "phrase",
    [
        "接到投诉后5个工作日内",  # counted from an event the document does not date
        "项目竣工后30日内",
        "999个工作日内",  # no deadline counts that far
        "0个工作日内",
        "力争5年内",
    ],
)
def test_periods_from_other_events_get_no_date(phrase: str) -> None:
    assert parse_phrase(phrase, 2025, anchor=BEFORE_NATIONAL_DAY).due is None


def test_dates_printed_in_the_phrase_still_win() -> None:
    deadline = parse_phrase("2025年12月31日前", 2025, anchor=BEFORE_NATIONAL_DAY)
    assert deadline.due == date(2025, 12, 31)


@pytest.mark.parametrize(
    "phrase",
    [
        "每月5日前",
        "每月底前",
        "每月最后一个工作日",
        "每季度末",
        "每半年",
        "每周五",
        "每月5日前报送工作进展",
    ],
)
def test_a_repeating_phrase_is_periodic_with_no_single_date(phrase: str) -> None:
    # Its first date would make the task overdue for good a month later; a reporting round's
    # schedule (tracker.schedules) carries the dates of a repeated report instead.
    deadline = parse_phrase(phrase, 2025, anchor=BEFORE_NATIONAL_DAY)
    assert (deadline.text, deadline.due, deadline.kind) == (phrase, None, DeadlineKind.PERIODIC)


def test_a_repeating_phrase_with_a_month_in_it_is_read_as_that_date_as_before() -> None:
    # "12月底前" is a date phrase of the document's year, found before any schedule.
    deadline = parse_phrase("每年12月底前", 2025, anchor=BEFORE_NATIONAL_DAY)
    assert deadline == parse_phrase("每年12月底前", 2025)
    assert (deadline.due, deadline.kind) == (date(2025, 12, 31), DeadlineKind.DATE)


@pytest.mark.parametrize("phrase", ["每月", "每季度", "每年", "每周", "定期报送", "每两周"])
def test_a_repeating_phrase_without_a_day_keeps_no_date(phrase: str) -> None:
    assert parse_phrase(phrase, 2025, anchor=BEFORE_NATIONAL_DAY).due is None


def test_running_text_is_not_read_for_periods() -> None:
    # A service standard inside a task ("在2个工作日内发放补贴") is not the task's deadline.
    deadline = from_text("对符合条件的车辆在2个工作日内发放补贴", 2025)
    assert deadline == from_text("对符合条件的车辆在2个工作日内发放补贴", None)
    assert deadline.kind == DeadlineKind.NONE


def test_an_injected_calendar_counts_the_working_days() -> None:
    calendar = WorkCalendar({date(2030, 1, 2): "测试"}, {date(2030, 1, 5): "测试"})
    deadline = parse_phrase("3个工作日内", 2030, anchor=date(2030, 1, 1), calendar=calendar)
    assert deadline.due == date(2030, 1, 5)


def test_a_year_without_holiday_data_is_counted_monday_to_friday_and_said() -> None:
    anchor = date(2026, 12, 25)
    deadline = parse_phrase("10个工作日内", 2026, anchor=anchor)
    assert deadline.due == date(2027, 1, 8)
    note = "2027年的法定节假日尚未收录,按周一至周五计算"
    assert holiday_note("10个工作日内", anchor, deadline.due) == note
    assert holiday_note("每月最后一个工作日", anchor, date(2027, 1, 29)) == note
    # Dates that do not depend on the holidays need no note.
    assert holiday_note("每月5日前", anchor, date(2027, 1, 5)) is None
    assert holiday_note("2027年6月底前", anchor, date(2027, 6, 30)) is None
    assert holiday_note("5个工作日内", date(2025, 9, 26), date(2025, 10, 10)) is None
    assert holiday_note(None, anchor, None) is None


SIGNED_AND_PRINTED = (
    "示范县卫生健康局\n关于开展安全隐患排查的通知\n示范县2025年安全隐患排查方案\n"
    "1.开展自查。全面排查隐患。\n责任单位：医政医管股\n完成时限：收到通知后10个工作日内\n"
    "2.报送进展。\n责任单位：办公室\n完成时限：每月5日前\n"
    "3.抓好整改。（责任单位：县人民医院；完成时限：印发之日起30日内）\n"
    "4.总结经验。\n责任单位：办公室\n完成时限：6月底前\n"
    "示范县卫生健康局\n2025年9月24日\n"
    "示范县卫生健康局办公室 2025年9月26日印发\n"
)


def test_an_imported_document_counts_from_its_print_date() -> None:
    result = parse_text(SIGNED_AND_PRINTED)
    [document] = result.documents
    assert (document.date, document.printed, document.anchor) == (
        date(2025, 9, 24),
        date(2025, 9, 26),
        date(2025, 9, 26),
    )
    assert "printed" not in document.to_json()
    assert [(i.deadline_text, i.due_date, i.deadline_kind) for i in document.items] == [
        ("收到通知后10个工作日内", date(2025, 10, 16), DeadlineKind.DATE),
        ("每月5日前", None, DeadlineKind.PERIODIC),
        ("印发之日起30日内", date(2025, 10, 27), DeadlineKind.DATE),
        ("6月底前", date(2025, 6, 30), DeadlineKind.DATE),
    ]
    assert not any("法定节假日" in warning for warning in result.warnings)


def test_without_a_print_date_the_document_date_is_the_anchor() -> None:
    text = SIGNED_AND_PRINTED.replace("示范县卫生健康局办公室 2025年9月26日印发\n", "")
    [document] = parse_text(text).documents
    assert (document.printed, document.anchor) == (None, date(2025, 9, 24))
    # 09-25, 09-26, 09-28 (调休), 09-29, 09-30, 10-09 … 10-14.
    assert document.items[0].due_date == date(2025, 10, 14)


def test_without_any_date_the_periods_stay_undated() -> None:
    text = SIGNED_AND_PRINTED.replace("示范县卫生健康局办公室 2025年9月26日印发\n", "")
    [document] = parse_text(text.replace("2025年9月24日\n", "")).documents
    assert document.anchor is None
    assert [i.due_date for i in document.items] == [None, None, None, date(2025, 6, 30)]


def test_an_import_in_a_year_without_holiday_data_warns() -> None:
    text = SIGNED_AND_PRINTED.replace("2025年9月26日印发", "2026年12月25日印发")
    result = parse_text(text.replace("2025年9月24日", "2026年12月24日"))
    assert result.documents[0].items[0].due_date == date(2027, 1, 8)
    assert "2027年的法定节假日尚未收录,按周一至周五计算" in result.warnings


def test_a_deadline_cell_of_a_table_counts_from_the_document_date() -> None:
    result = parse_blocks(
        [
            Paragraph("示范县2025年专项整治任务分解表"),
            Table(
                (
                    ("序号", "工作任务", "牵头单位", "完成时限"),
                    ("1", "开展专项排查", "县人民医院", "5个工作日内"),
                    ("2", "报送整治进展", "办公室", "每季度末"),
                )
            ),
            Paragraph("示范县卫生健康局"),
            Paragraph("2025年9月26日"),
        ]
    )
    [document] = result.documents
    assert document.date == date(2025, 9, 26)
    assert [(i.deadline_text, i.due_date) for i in document.items] == [
        ("5个工作日内", date(2025, 10, 10)),
        ("每季度末", None),
    ]


def test_retyping_a_deadline_in_review_counts_from_the_document_date() -> None:
    document = ParsedDocument(title="示范方案", date=date(2025, 9, 26))
    item = ParsedItem(title="任务", content="1.任务。")
    retype_deadline(item, "5个工作日内", document)
    assert (item.deadline_text, item.due_date) == ("5个工作日内", date(2025, 10, 10))
    content = "1.任务甲。完成时限：3个工作日内\n2.任务乙。"
    first, _ = split_item(ParsedItem(title="任务", content=content), content.index("\n"), document)
    assert (first.deadline_text, first.due_date) == ("3个工作日内", date(2025, 9, 30))
