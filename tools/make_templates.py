"""Build the Word templates of the 督办单 and the 通报 (resources/templates/) from this script.

    .venv/bin/python tools/make_templates.py            # writes resources/templates/*.docx

The page, fonts and styles are an official document's (tools/official_docx.py). The Jinja tags
are docxtpl's: ``{{ field }}``, ``{%tr for %}`` rows, ``{%p if %}`` paragraphs and
``{% cellbg %}`` for the colour of the escalation band; the fields are listed in
tracker/papers/context.py. A clerk can edit the result in Word; the program then uses the
edited copy in the user's folder. The output is reproducible: the same script gives the same
bytes (fixed document dates and zip timestamps), and a test checks that the shipped files are
what this script makes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.document import Document as DocxDocument
from docx.shared import Pt
from official_docx import (
    band,
    loop_table,
    new_document,
    para,
    red_rule,
    reproducible_bytes,
)

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "templates"

# ---------------------------------------------------------------- the two papers

TEXT, CENTER = "表格文字", "表格居中"


def build_sheet() -> DocxDocument:
    """督办单: one unit, its late tasks, the escalation colour, the reply-by date."""
    doc = new_document("督办单模板")
    band(doc)
    para(doc, "督 办 单", "公文标题").paragraph_format.space_before = Pt(12)
    red_rule(para(doc, "{{ doc_number }}", "公文文号"))
    para(doc)
    para(doc, "{{ unit }}：", "公文顶格")
    para(
        doc,
        "{{ round_sentence }}经梳理，你单位负责的以下{{ task_count }}项工作{{ situation }}，"
        "现予督办。",
    )
    loop_table(
        doc,
        [
            ("序号", 11, "{{ t.seq }}", CENTER),
            ("工作任务", 41, "{{ t.title }}", TEXT),
            ("原定时限", 23, "{{ t.original_due }}", CENTER),
            ("现时限", 23, "{{ t.current_due }}", CENTER),
            ("逾期天数", 11, "{{ t.overdue_days }}", CENTER),
            ("最新进展", 31, "{{ t.progress }}", TEXT),
            ("状态", 16, "{{ t.status }}", CENTER),
        ],
        "t in tasks",
    )
    para(doc, "{%p if reminders %}")
    para(doc, "上述事项本轮已催办{{ reminders }}次。")
    para(doc, "{%p endif %}")
    para(
        doc,
        "请你单位高度重视，于{{ reply_by }}前将上述工作的办理进展、存在问题、整改措施及佐证材料"
        "书面报送{{ issuer }}。逾期未报或整改不到位的，将在全局通报。",
        keep_next=True,
    )
    para(doc, "{%p if contact %}")
    para(doc, "联系人及电话：{{ contact }}", keep_next=True)
    para(doc, "{%p endif %}")
    para(doc, keep_next=True)
    para(doc, "{{ issuer }}", "公文落款", keep_next=True)
    para(doc, "{{ issued_on }}", "公文落款")
    para(doc)
    para(doc, "签收人：　　　　　　　　签收时间：　　　年　　月　　日", "公文顶格")
    return doc


def build_notice() -> DocxDocument:
    """通报: totals and shares, the units with overdue tasks, a table per unit, 典型做法."""
    doc = new_document("通报模板")
    para(doc, "{{ issuer }}", "公文版头")
    red_rule(para(doc, "{{ doc_number }}", "公文文号"))
    para(doc)
    para(doc, "{{ title }}", "公文标题")
    para(doc)
    para(doc, "{{ addressee }}：", "公文顶格")
    para(
        doc,
        "为推动各项重点工作落地落实，{{ round_sentence }}现将截至{{ as_of }}重点工作推进情况"
        "通报如下。",
    )
    para(doc, "一、总体情况", "一级标题")
    para(
        doc,
        "截至{{ as_of }}，纳入督办的重点工作共{{ overall.total }}项。其中，"
        "已办结{{ overall.done }}项（占{{ shares.done }}），"
        "正在推进{{ overall.in_progress }}项（占{{ shares.in_progress }}），"
        "未启动{{ overall.not_started }}项（占{{ shares.not_started }}），"
        "逾期{{ overall.overdue }}项（占{{ shares.overdue }}）。{{ on_time_sentence }}",
    )
    para(doc, "二、逾期事项", "一级标题")
    para(doc, "{%p if overdue_units %}")
    para(
        doc,
        "逾期事项涉及{{ overdue_units|length }}个单位：{{ overdue_units_text }}。"
        "{{ unassigned_sentence }}请上述单位分析原因、明确措施，尽快完成。",
    )
    para(doc, "{%p else %}")
    para(doc, "截至{{ as_of }}，各单位均无逾期事项。{{ unassigned_sentence }}")
    para(doc, "{%p endif %}")
    para(doc, "三、各单位推进情况", "一级标题")
    para(doc, "各单位推进情况见下表。", keep_next=True)
    loop_table(
        doc,
        [
            ("单位", 33, "{{ u.name }}", TEXT),
            ("总数", 12, "{{ u.total }}", CENTER),
            ("已办结", 16, "{{ u.done }}", CENTER),
            ("正在推进", 19, "{{ u.in_progress }}", CENTER),
            ("未启动", 16, "{{ u.not_started }}", CENTER),
            ("逾期", 12, "{{ u.overdue }}", CENTER),
            ("最长逾期\n天数", 24, "{{ u.max_overdue_days }}", CENTER),
            ("按时办结率", 24, "{{ u.on_time_rate }}", CENTER),
        ],
        "u in units",
        footer_row=[
            "{{ overall.name }}",
            "{{ overall.total }}",
            "{{ overall.done }}",
            "{{ overall.in_progress }}",
            "{{ overall.not_started }}",
            "{{ overall.overdue }}",
            "{{ overall.max_overdue_days }}",
            "{{ overall.on_time_rate }}",
        ],
    )
    para(doc, "{%p if multi_lead_items %}")
    para(
        doc,
        "注：{{ multi_lead_items }}项工作由多个单位共同牵头，在各单位分别计数，故各单位之和大于合计。",
        "表注",
    )
    para(doc, "{%p endif %}")
    para(doc, "四、报送情况", "一级标题")
    para(doc, "{%p if not_reported %}")
    para(
        doc,
        "{{ round_label }}中，{{ not_reported_text }}共{{ not_reported|length }}个单位"
        "未按时报送进展情况，请抓紧报送。",
    )
    para(doc, "{%p else %}")
    para(doc, "{{ round_label }}中，各单位均已按时报送进展情况。")
    para(doc, "{%p endif %}")
    para(doc, "五、典型做法", "一级标题")
    para(doc, "（一）【单位名称】：【做法标题】。", "二级标题")
    para(
        doc,
        "【请在此填写典型做法：做了什么、怎么做的、取得了什么成效，可列举具体数据。"
        "没有可写的做法时删除本部分。】",
    )
    para(doc, "六、下步工作", "一级标题")
    para(
        doc,
        "各责任单位要对照督办台账，逐项梳理未办结事项，明确时间节点和责任人，加快推进进度；"
        "逾期事项要说明原因、提出整改措施，于下一轮调度前报送。局办公室将持续跟踪督办，"
        "对进展滞后、多次催办仍未落实的事项，按程序提请局务会研究。",
        keep_next=True,
    )
    para(doc, keep_next=True)
    para(doc, "{{ issuer }}", "公文落款", keep_next=True)
    para(doc, "{{ issued_on }}", "公文落款")
    return doc


# ---------------------------------------------------------------- writing


BUILDERS = {"督办单.docx": build_sheet, "通报.docx": build_notice}


def write_templates(out_dir: Path) -> list[Path]:
    """Write every template into ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in BUILDERS.items():
        path = out_dir / name
        path.write_bytes(reproducible_bytes(build()))
        written.append(path)
    return written


def main(argv: Sequence[str]) -> int:
    """Write the templates into the folder given, else into resources/templates."""
    out_dir = Path(argv[0]) if argv else OUT_DIR
    for path in write_templates(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
