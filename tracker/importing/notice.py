"""The lines of a file that belong to no task: covering notice, signature, attachments.

A plan often arrives inside a covering notice (关于印发…的通知 / salutation / numbered requests /
signature) and ends with a signature, back matter (抄送:…) and a list of attachments. The
outline leaves these lines out of its items; the patterns of the lines that carry a date, an
issuer, a salutation or a title are also what document_metadata.py reads the metadata from.
"""

from __future__ import annotations

import re

from tracker.importing.entries import Entry
from tracker.importing.outline import LabelKind, match_label
from tracker.importing.textnorm import fold
from tracker.importing.unit_labels import DEADLINE_LABEL, UNIT_LABEL

DATE_LINE = re.compile(
    r"^(?P<issuer>.{0,30}?)\s*(?P<y>20\d{2})\s*年\s*(?P<m>\d{1,2})\s*月"
    r"\s*(?P<d>\d{1,2})\s*日\s*$"
)
ISSUER = re.compile(
    r"(?:委员会|管委会|卫生健康局|卫健局|卫健委|人民政府|政府办公室|办公室|办公厅|"
    r"局|委|厅|部|中心|领导小组)$"
)
TITLE_WORDS = re.compile(
    r"要点|方案|计划|意见|通知|办法|细则|清单|安排|规划|任务|分解|措施|台账|"
    r"决定|纲要|规定|要求|总结"
)
SALUTATION = re.compile(
    r"^(?:各|全区各|全市各|全县各|区直各|市直各|县直各|局机关各|委机关各|局属各|委属各).{1,150}[:]$"
)
_FORWARDING = re.compile(r"印发|转发|现将|下发")


def notice_requests(entries: list[Entry]) -> set[int]:
    """The numbered requests of a covering notice, before the plan it sends out.

    ``关于印发…方案的通知`` / salutation / ``一、各责任单位要高度重视…`` ``二、请于3月9日前报送…`` /
    signature / the plan's own title: those numbered paragraphs are the notice's, not tasks.
    Only a notice that forwards a plan printed after it counts: a notice that is itself the
    plan (关于做好…的通知, numbered tasks, signature) keeps its tasks.
    """
    texts = [(index, entry) for index, entry in enumerate(entries[:400]) if isinstance(entry, str)]
    salutation = next(
        (index for index, text in texts[:40] if SALUTATION.match(fold(text).strip())), None
    )
    if salutation is None:
        return set()
    around = "".join(fold(text) for index, text in texts if index <= salutation + 3)
    if not _FORWARDING.search(around):
        return set()
    numbered: set[int] = set()
    after = [(index, text) for index, text in texts if index > salutation]
    for position, (index, text) in enumerate(after):
        folded = fold(text).strip()
        if _is_plan_title(folded):
            return numbered
        if DATE_LINE.match(folded):
            ahead = after[position + 1 : position + 4]
            return numbered if any(_is_plan_title(fold(t).strip()) for _, t in ahead) else set()
        if match_label(text) is not None:
            numbered.add(index)
    return set()


def _is_plan_title(folded: str) -> bool:
    return (
        match_label(folded) is None
        and len(folded) <= 60
        and folded[-1:] not in "。,;:"
        and bool(TITLE_WORDS.search(folded))
        and not folded.startswith(("关于", "附件"))
    )


_NOTICE_REQUEST = re.compile(
    r"^(?:请(?:各|于|在|按|认真|结合|将|及时)|联系人\s*[:]|联系电话\s*[:]|附件\s*[:\d]|特此通知)"
)


def closing_requests(lines: list[str]) -> list[str]:
    """Take the covering notice's closing requests off the end of the last task's lines.

    ``请于3月9日前报送…``, ``联系人:…`` after the last task belong to the notice, not the task
    (and their dates are not its deadline). ``lines`` is shortened in place; its first line
    always stays.
    """
    cut = len(lines)
    while cut > 1 and _NOTICE_REQUEST.match(fold(lines[cut - 1]).strip()):
        cut -= 1
    taken, lines[cut:] = lines[cut:], []
    return taken


def is_attachment_name(entry: str) -> bool:
    """A line of a list of attachments: ``2.大件运输"一件事"申请表``."""
    label = match_label(entry)
    folded = fold(entry).strip()
    return (
        label is not None
        and label.kind == LabelKind.ITEM
        and len(folded) <= 50
        and not re.search(r"[。;]", folded)
    )


#: ``附件:…任务分解表``, ``附件2``: an attachment starts.
ATTACHMENT = re.compile(r"^\s*附\s*件\s*\d*\s*[:]?\s*\S{0,60}$")
_BACK_MATTER = re.compile(r"^(?:抄送|抄报|分送)\s*[:]|印发\s*$|^\s*\(?此件公开发布\)?\s*$")


def is_signature(line: str) -> bool:
    """Whether a line at the end signs the document: issuer, date, or back matter (抄送:…)."""
    folded = fold(line).strip()
    if DEADLINE_LABEL.search(folded) or UNIT_LABEL.search(folded):
        return False  # "责任单位:区民政局" closes a task, it does not sign the document
    if DATE_LINE.match(folded) or _BACK_MATTER.search(folded):
        return True
    return len(folded) <= 20 and bool(ISSUER.search(folded)) and match_label(folded) is None
