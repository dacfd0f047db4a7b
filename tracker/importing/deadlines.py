"""Deadline phrases of official documents (完成时限) and the dates they mean.

No library reads 公文 deadlines well (they silently misread 6月30日前 or answer today for
年底前), so this is a small rule table. Dates are computed from the document's own year, never
from today.

A phrase counted from the document itself (``5个工作日内``, ``印发之日起30日内``,
``收到通知后10个工作日内``, ``会后7日内``) or repeating (``每月5日前``) in a deadline position
gets a date only when the document's date is known (its 印发 date, else its 成文日期: the
*anchor*): working days by the official calendar (tracker/workdays.py), a repeating phrase by its
first date on or after the anchor (tracker/schedules.py).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from tracker.domain import DeadlineKind
from tracker.importing.textnorm import cn_number, fold
from tracker.schedules import WorkingRule, find_schedule
from tracker.workdays import WorkCalendar, default_calendar

_YEAR = r"(?:(?P<year>20\d{2})\s*年\s*)?"
_MONTH = r"(?P<month>1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])\s*月"
_BEFORE = r"(?:之前|以前|前)"

# Each rule: a regex over folded text and a function from its match (and a base year) to a date.
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        # 2019年1月1日至2020年12月31日, 2024年3月至6月: one phrase, due at its end.
        "range",
        re.compile(
            r"(?:(?P<start_year>20\d{2})\s*年\s*)?(?:1[0-2]|0?[1-9])\s*月\s*(?:" + _DAY + r"\s*[日号]\s*)?"
            r"(?:至|到|—|－|~|～)\s*"
            r"(?:(?P<year>20\d{2})\s*年\s*)?(?P<month>1[0-2]|0?[1-9])\s*月\s*"
            r"(?:(?P<day>" + _DAY + r")\s*[日号])?\s*(?:底|末)?\s*(?:前|止)?"
        ),
    ),
    (
        "day",
        re.compile(
            _YEAR + _MONTH + r"\s*(?P<day>[12]\d|3[01]|0?[1-9])\s*[日号]\s*"
            r"(?:" + _BEFORE + r"|止|完成|前完成)"
        ),
    ),
    ("month_end", re.compile(_YEAR + _MONTH + r"\s*(?:底|末)\s*" + _BEFORE + "?")),
    ("month_part", re.compile(_YEAR + _MONTH + r"\s*(?P<part>上旬|中旬|下旬)\s*" + _BEFORE + "?")),
    ("month_whole", re.compile(_YEAR + _MONTH + r"\s*份\s*" + _BEFORE + "?")),
    ("month_before", re.compile(_YEAR + _MONTH + _BEFORE)),
    # "2019年8月完成": done within that month.
    ("month_done", re.compile(_YEAR + _MONTH + r"\s*(?:份)?\s*(?=完成|建成|止|实现|投用|投入使用)")),
    ("target_year", re.compile(r"(?:到|至)\s*(?P<year>20\d{2})\s*年\s*(?:底|末)?\s*(?:前)?")),
    (
        "year_end",
        re.compile(
            r"(?:(?P<year>20\d{2})\s*年\s*(?:底|末)|(?:今|本|当)?年\s*(?:底|末))\s*" + _BEFORE + "?"
        ),
    ),
    ("year_within", re.compile(r"(?:(?P<year>20\d{2})\s*年(?:度)?\s*内|(?:今|本|当)?年(?:度)?内)")),
    ("half", re.compile(_YEAR + r"(?P<half>上|下)半年\s*(?:" + _BEFORE + r"|内|末|底)?")),
    (
        "quarter",
        re.compile(
            _YEAR + r"第?\s*(?P<quarter>[一二三四1-4])\s*季度\s*(?:末|底)?\s*" + _BEFORE + "?"
        ),
    ),
    ("year_before", re.compile(r"(?P<year>20\d{2})\s*年\s*" + _BEFORE)),
    (
        # A year opening a clause or sentence: "2017年,医联体建设覆盖…", "。2016年完成…".
        "year_clause",
        re.compile(
            r"(?:(?<=^)|(?<=[。;,:\n)]))\s*(?P<year>20\d{2})\s*年"
            r"(?![度的以起后前底末内上下第中初一二三四五六七八九十\d])\s*(?=[,\u4e00-\u9fff])"
        ),
    ),
]

#: Characters every match of a rule contains: a rule whose hints are missing is not tried.
_RULE_HINTS: dict[str, frozenset[str]] = {
    "range": frozenset({"月"}),
    "day": frozenset({"月"}),
    "month_end": frozenset({"月"}),
    "month_part": frozenset({"月", "旬"}),
    "month_whole": frozenset({"月", "份"}),
    "month_before": frozenset({"月", "前"}),
    "year_end": frozenset({"年"}),
    "year_within": frozenset({"年", "内"}),
    "half": frozenset({"半年"}),
    "quarter": frozenset({"季"}),
    "target_year": frozenset({"年"}),
    "year_before": frozenset({"年", "前"}),
    "year_clause": frozenset({"年"}),
    "month_done": frozenset({"月"}),
}
#: A cheap test for the rules whose patterns are costly: no match without it.
_RULE_NEEDS: dict[str, re.Pattern[str]] = {
    "range": re.compile(r"[至到—－~～]"),
    "month_done": re.compile(r"完成|建成|止|实现|投用|投入使用"),
    "year_clause": re.compile(r"(?:^|[。;,:\n)])\s*20\d{2}\s*年"),
}
_ALL_HINTS = frozenset(hint for hints in _RULE_HINTS.values() for hint in hints)

#: Phrases meaning there is no single date: the work goes on and is reviewed now and then.
_ONGOING = re.compile(r"长期坚持|长期推进|长期|持续推进|持续开展|常态化(?:推进|开展)?|常年|持续")
#: Phrases meaning regular reporting rather than a deadline.
_PERIODIC = re.compile(r"每(?:月|季度|季|半年|年|周|旬)|按(?:月|季度|季|年)|定期")
#: In running text only reporting duties count as periodic.
_PERIODIC_DUTY = re.compile(
    r"(?P<period>每\s*(?:月|季度|季|半年|日|周))[^。;；]{0,16}?(?:报送|上报|报告|通报|一报)"
)

#: Every date phrase holds one of these; text without any is skipped quickly.
_ANY_DATE_HINT = re.compile(r"[年月季]")

#: Matched right after a phrase (``match(text, end)``), so no ``^``.
_NOT_DEADLINE_AFTER = re.compile(r"\s*(?:度(?!内)|起|以来|以后|后|开始|期间)")
#: "年中指导、年末检查": a period naming when an activity happens, not a due date (unless
#: the phrase says 前: "11月底前总结" is a milestone).
_ACTIVITY_AFTER = re.compile(r"\s*(?:检查|考核|考评|评估|总结|盘点|指导)")


#: A date written out in full in a deadline cell: 2024年6月30日, 2024-06-30, 2024/6/30.
_WRITTEN_DATE = re.compile(
    r"\s*(?P<y>20\d{2})\s*[年\-/.]\s*(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})\s*日?\s*"
    r"(?:之前|以前|前)?\s*"
)


_EDGE = "。;；,，"
#: A month on its own in a deadline position: 2015年12月, 6月.
_MONTH_ALONE = re.compile(_YEAR + _MONTH)
#: A year on its own in a deadline position: 2019年 (by the end of it).
_YEAR_ALONE = re.compile(r"(?P<year>20\d{2})\s*年(?:度)?")
#: 全年 / 年度 in a deadline position: within the year.
_WHOLE_YEAR = re.compile(r"(?:全年|全年度|年度内|本年度)")

#: What a period in a deadline position may be counted from: the document itself (its 印发,
#: its receipt) or the meeting it records. Any other event (竣工后, 接到投诉后) has no date here.
_FROM_DOCUMENT = (
    r"(?:自|从)?\s*(?:本|该|此)?\s*(?:通知|方案|文件|意见|办法|计划|纪要)?\s*"
    r"(?:印发|下发|发布|下达|收到|接到)\s*(?:本|该|此)?\s*(?:通知|方案|文件)?\s*(?:之日)?\s*(?:起|后)"
    r"|(?:自|从)?\s*即日起"
    r"|会议?\s*(?:结束|召开)?\s*后"
)
#: "5个工作日内", "印发之日起30日内", "收到通知后10个工作日内", "会后7日内", "3个月内".
_RELATIVE = re.compile(
    r"\s*(?:(?P<from>" + _FROM_DOCUMENT + r")\s*)?(?:在|于|须在|应在)?\s*"
    r"(?P<n>\d{1,3}|[一二两三四五六七八九十百]{1,3})\s*"
    r"(?P<unit>个?工作日|个?自然日|日|天|个?星期|周|个月)\s*(?:内|之内|以内)"
)
#: Periods beyond these are not a deadline counted from a document (a typo, a hostile file).
_RELATIVE_LIMITS = {"working": 250, "days": 366, "weeks": 52, "months": 24}


@dataclass(frozen=True)
class Deadline:
    """A deadline as printed, the date it means and its kind."""

    text: str | None
    due: date | None
    kind: DeadlineKind

    @classmethod
    def none(cls) -> Deadline:
        """No deadline at all."""
        return cls(None, None, DeadlineKind.NONE)


@dataclass(frozen=True)
class _Phrase:
    start: int
    end: int
    due: date | None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _value(rule: str, match: re.Match[str], base_year: int | None) -> date | None:
    groups = match.groupdict()
    year_text = groups.get("year") or groups.get("start_year")
    year = int(year_text) if year_text else base_year
    if year is None:
        return None
    month = cn_number(groups["month"]) if groups.get("month") else None
    try:
        if rule == "range" and month:
            return date(year, month, int(groups["day"])) if groups.get("day") else _month_end(year, month)
        if rule == "day" and month:
            return date(year, month, int(groups["day"]))
        if rule in ("month_end", "month_whole", "month_done") and month:
            return _month_end(year, month)
        if rule == "month_part" and month:
            part = groups["part"]
            return (
                date(year, month, 10)
                if part == "上旬"
                else (date(year, month, 20) if part == "中旬" else _month_end(year, month))
            )
        if rule == "month_before" and month:
            return date(year, month, 1) - timedelta(days=1)
        if rule in ("year_end", "year_within", "target_year", "year_clause"):
            return date(year, 12, 31)
        if rule == "year_before":
            return date(year - 1, 12, 31)
        if rule == "half":
            return date(year, 6, 30) if groups["half"] == "上" else date(year, 12, 31)
        if rule == "quarter":
            quarter = cn_number(groups["quarter"]) or 4
            return _month_end(year, quarter * 3)
    except ValueError:
        return None
    return None


def find_date_phrases(text: str, base_year: int | None) -> list[tuple[str, date | None]]:
    """Return the date phrases in ``text`` as printed, in order, with the dates they mean."""
    folded = fold(text)
    if not _ANY_DATE_HINT.search(folded):
        return []
    found: list[_Phrase] = []
    present = {hint for hint in _ALL_HINTS if hint in folded}
    for rule, pattern in _RULES:
        if not _RULE_HINTS[rule] <= present:
            continue
        needed = _RULE_NEEDS.get(rule)
        if needed is not None and not needed.search(folded):
            continue
        for match in pattern.finditer(folded):
            start, end = match.span()
            if end - start < 2 or _NOT_DEADLINE_AFTER.match(folded, end):
                continue
            if not folded[start:end].rstrip().endswith("前") and _ACTIVITY_AFTER.match(folded, end):
                continue
            before = folded[max(0, start - 1) : start]
            if rule == "year_within" and (before in ("当", "全", "个") or before.isdigit()):
                continue
            if any(p.start <= start < p.end or start <= p.start < end for p in found):
                continue
            found.append(_Phrase(start, end, _value(rule, match, base_year)))
    found.sort(key=lambda p: p.start)
    return [(text[p.start : p.end].strip(), p.due) for p in found]


def _relative_unit(unit: str) -> str:
    if unit.endswith("工作日"):
        return "working"
    if unit.endswith(("星期", "周")):
        return "weeks"
    return "months" if unit == "个月" else "days"


def relative_due(
    phrase: str, anchor: date, calendar: WorkCalendar | None = None
) -> date | None:
    """The date a period counted from the document means, or None when it is not one.

    Working days skip holidays and count 调休 working weekends. A period of days, weeks or
    months does not count the anchor itself and ends, like one of the Civil Code (民法典
    第二百零一至二百零三条), on the next working day when its last day is a day off; a month
    without the anchor's day ends on its last day.

    Args:
        phrase: a phrase in a deadline position, read from its start.
        anchor: the document's date (印发, else 成文日期).
        calendar: the working-day calendar (default: the official one).
    """
    match = _RELATIVE.match(fold(phrase))
    if match is None:
        return None
    count = cn_number(match["n"])
    unit = _relative_unit(match["unit"])
    if not count or count > _RELATIVE_LIMITS[unit]:
        return None
    calendar = calendar or default_calendar()
    if unit == "working":
        return calendar.add_working_days(anchor, count)
    if unit == "months":
        end: date = anchor + relativedelta(months=count)
    else:
        end = anchor + timedelta(days=count * (7 if unit == "weeks" else 1))
    return calendar.next_working_day(end)


def holiday_note(
    phrase: str | None,
    anchor: date | None,
    due: date | None,
    calendar: WorkCalendar | None = None,
) -> str | None:
    """A line for the clerk when a date counted from the anchor assumed Mon–Fri.

    Only for dates that depend on the holidays (a relative period, a working-day schedule) in
    a year the calendar does not hold: "2027年的法定节假日尚未收录,按周一至周五计算".
    """
    if not phrase or anchor is None or due is None:
        return None
    calendar = calendar or default_calendar()
    note = calendar.unknown_note(anchor, due)
    if note is None:
        return None
    if relative_due(phrase, anchor, calendar) == due:
        return note
    schedule = find_schedule(phrase, calendar=calendar)
    return note if schedule is not None and schedule.working is not WorkingRule.NONE else None


def parse_phrase(
    phrase: str,
    base_year: int | None,
    *,
    anchor: date | None = None,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """Read a phrase printed in a deadline position (a 完成时限 cell, label or tag).

    Args:
        phrase: the phrase as printed.
        base_year: the year of the document, for phrases without one (6月底前).
        anchor: the document's date (印发, else 成文日期), for periods counted from it
            (5个工作日内, 印发之日起30日内) and repeating phrases (每月5日前: the first such
            date on or after it); without it those keep no date.
        calendar: the working-day calendar (default: the official one).
    """
    # Kept as printed, a closing 。 included; only separators around it are dropped.
    phrase = phrase.strip().strip(_EDGE.replace("。", "")).rstrip()
    if not phrase or not phrase.strip("。"):
        return Deadline.none()
    written = _WRITTEN_DATE.fullmatch(fold(phrase))
    if written:
        try:
            due = date(int(written["y"]), int(written["m"]), int(written["d"]))
            return Deadline(phrase, due, DeadlineKind.DATE)
        except ValueError:
            pass
    dates = find_date_phrases(phrase, base_year)
    if dates:
        due_dates = [due for _, due in dates if due is not None]
        return Deadline(phrase, max(due_dates) if due_dates else None, DeadlineKind.DATE)
    if anchor is not None:
        counted = relative_due(phrase, anchor, calendar)
        if counted is not None:
            return Deadline(phrase, counted, DeadlineKind.DATE)
    folded = fold(phrase)
    month = _MONTH_ALONE.fullmatch(folded.strip())
    if month:
        # "2015年12月" in a 完成时限 cell: by the end of that month.
        year = int(month["year"]) if month["year"] else base_year
        number = cn_number(month["month"])
        end = _month_end(year, number) if year and number else None
        return Deadline(phrase, end, DeadlineKind.DATE)
    year_alone = _YEAR_ALONE.fullmatch(folded.strip())
    if year_alone:
        return Deadline(phrase, date(int(year_alone["year"]), 12, 31), DeadlineKind.DATE)
    if _WHOLE_YEAR.fullmatch(folded.strip()):
        return Deadline(phrase, date(base_year, 12, 31) if base_year else None, DeadlineKind.DATE)
    if _PERIODIC.search(folded):
        # A task repeated every month has no one date: its first one would make it overdue
        # for good a month later. A reporting round's schedule carries the dates instead.
        return Deadline(phrase, None, DeadlineKind.PERIODIC)
    if _ONGOING.search(folded):
        return Deadline(phrase, None, DeadlineKind.ONGOING)
    return Deadline(
        phrase, None, DeadlineKind.DATE if re.search(r"\d", folded) else DeadlineKind.NONE
    )


def is_deadline_phrase(text: str) -> bool:
    """Whether a short cell or label value reads as a deadline (a date, 长期坚持, 每季度 …)."""
    folded = fold(text).strip().strip(_EDGE)
    if not folded or len(folded) > 40:
        return False
    return bool(
        find_date_phrases(folded, None)
        or _WRITTEN_DATE.fullmatch(folded)
        or _MONTH_ALONE.fullmatch(folded)
        or _WHOLE_YEAR.fullmatch(folded)
        or _YEAR_ALONE.fullmatch(folded)
        or _ONGOING.search(folded)
        or _PERIODIC.search(folded)
    )


def from_text(text: str, base_year: int | None) -> Deadline:
    """Find the deadline in an item's running text (no label, no tag)."""
    dates = find_date_phrases(text, base_year)
    if dates:
        due_dates = [due for _, due in dates if due is not None]
        return Deadline(
            ";".join(phrase for phrase, _ in dates),
            max(due_dates) if due_dates else None,
            DeadlineKind.DATE,
        )
    duty = _PERIODIC_DUTY.search(fold(text))
    if duty:
        phrase = text[duty.start("period") : duty.end("period")]
        return Deadline(phrase, None, DeadlineKind.PERIODIC)
    return Deadline.none()
