"""Render the screenshots in docs/screenshots from a demo ledger (run under a CJK font).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py docs/screenshots

The ledger is built in a temporary folder from data/sample-work-plan.txt, with "today" fixed
so that the warning colours show a realistic mix.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from tracker.db import open_database  # noqa: E402
from tracker.domain import ReplyState, Status  # noqa: E402
from tracker.dto import ItemChanges, NewDelay, NewProgress  # noqa: E402
from tracker.importing import parse_file  # noqa: E402
from tracker.paths import AppPaths, data_path  # noqa: E402
from tracker.services.bundle import build_services  # noqa: E402
from tracker.services.context import ServiceContext  # noqa: E402
from tracker.views.application import create_application  # noqa: E402
from tracker.views.checklist import Checklist, export_pdf  # noqa: E402
from tracker.views.import_review import ImportReviewDialog  # noqa: E402
from tracker.views.main_window import MainWindow  # noqa: E402
from tracker.views.prompter import Prompter  # noqa: E402
from tracker.views.window_state import WindowState  # noqa: E402

TODAY = date(2024, 7, 3)


def save(widget: QWidget, path: Path) -> None:
    """Grab a widget as shown and save it as PNG."""
    QApplication.processEvents()
    widget.grab().save(str(path))
    print("saved", path)


def _filled(source: Path, target: Path, text: str) -> Path:
    """A unit's returned copy of its workbook: every task's 本期进展 written."""
    import openpyxl

    workbook = openpyxl.load_workbook(source)
    sheet = workbook.active
    assert sheet is not None
    columns = {cell.value: cell.column for cell in sheet[4] if cell.value}
    for row in range(5, sheet.max_row + 1):
        if sheet.cell(row=row, column=columns["工作任务"]).value:
            sheet.cell(row=row, column=columns["本期进展"], value=text)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def main(out: Path) -> int:
    """Build the demo ledger and save every screenshot into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="tracker-shots-"))
    paths = AppPaths(data_dir=home / "data", config_dir=home / "config")
    paths.ensure()
    db = open_database(paths.db_file, backups_dir=paths.default_backups_dir)
    context = ServiceContext(
        actor=lambda: "办公室 王晓", today=lambda: TODAY, warning_days=lambda: 7
    )
    services = build_services(db, context, lambda: paths.default_backups_dir)
    app = create_application([])

    window = MainWindow(
        services, paths, prompter=Prompter(), state=WindowState(paths.config_dir / "window.ini")
    )
    window.resize(1366, 768)  # the common office screen
    window.show()
    save(window, out / "welcome.png")

    for name in ("医政医管股", "疾病预防控制股", "县人民医院", "规划财务股"):
        services.directory.add_unit(name)
    services.directory.add_alias("疾病预防控制股", "疾控股")
    result = parse_file(data_path("sample-work-plan.txt"))
    result.documents[0].items[1].units[0].name = "县医院"
    review = ImportReviewDialog(window, result, services.directory.name_index(), [])
    review.resize(1280, 720)
    review.show()
    save(review, out / "import-review.png")
    review.close()

    report = services.imports.store(result, aliases={"县医院": "县人民医院"})
    ids = list(report.item_ids)
    services.items.update_items(ids[:4], ItemChanges(owner="张伟", leader="李副局长"))
    services.items.update_items(ids[5:9], ItemChanges(owner="刘芳", leader="陈局长"))
    services.items.add_progress(
        ids[0],
        NewProgress(
            text="已召开医共体理事会,章程修订稿已起草,正在征求意见",
            entry_date=date(2024, 6, 12),
            problems="部分成员单位意见尚未反馈",
            next_steps="6月25日前汇总意见并提交局党组会",
        ),
    )
    services.items.add_progress(
        ids[3], NewProgress(text="自评数据已报送省平台", entry_date=date(2024, 5, 30))
    )
    services.items.add_progress(
        ids[5],
        NewProgress(text="已建立多点触发监测机制,每月开展风险研判", entry_date=date(2024, 6, 5)),
    )
    services.items.set_status([ids[3], ids[12]], Status.DONE)
    services.items.update_items([ids[9]], ItemChanges(due_date=date(2024, 7, 8)))
    services.items.record_delay(
        ids[6], NewDelay(new_due_date=date(2024, 8, 31), reason="查验系统升级,推迟至秋季学期开学前")
    )
    window.reload_all()
    window.select_item(ids[0])
    save(window, out / "main-window.png")
    window.tabs.setCurrentIndex(1)
    save(window, out / "statistics.png")
    ledger = home / "示范县卫生健康局2024年工作要点督办台账.xlsx"
    options = services.exports.default_options(
        title="示范县卫生健康局2024年工作要点督办台账", unit_name="示范县卫生健康局办公室"
    )
    services.exports.export(ledger, options)
    checklist = Checklist(
        title="示范县卫生健康局督查清单", as_of=TODAY, rows=services.items.list_items()
    )
    export_pdf(home / "督查清单.pdf", checklist)

    # A month's round: files sent, some returned (one late), a 催办, then the papers.
    created = services.rounds.create_round(
        "2024年7月调度", ids, date(2024, 7, 10), home / "7月调度", schedule="每月10日前"
    )
    for number, path in enumerate(created.files[:5]):
        returned = _filled(path, home / "收回" / path.name, "已按计划推进,本月完成阶段任务。")
        services.rounds.receive([returned], received_on=date(2024, 7, 8 + 2 * number))
    status = services.rounds.round_status(created.round.id)
    missing = status.in_state(ReplyState.MISSING)
    services.reminders.record(
        missing[0].unit_name, way="电话", answered_by="王科长", said="周五前报送",
        round_ref=created.round.id, reminded_on=date(2024, 7, 11),
    )  # fmt: skip
    window.reload_all()
    window.tabs.setCurrentWidget(window.rounds_view)
    window.rounds_view.units_table.selectRow(0)
    save(window, out / "rounds.png")
    sheets = services.papers.supervision_sheets(created.round.id, doc_number="示卫督〔2024〕3号")
    services.papers.write_sheets(sheets, home / "督办单.docx", combined=True)
    notice = services.papers.notice(created.round.id, doc_number="示卫督〔2024〕5号")
    services.papers.write_notice(notice, home / "通报.docx")
    print("ledger, checklist, 督办单 and 通报 written to", home)
    print("render them with: ../shared/tools/sheet-to-png FILE OUTDIR")
    window.close()
    db.dispose()
    app.quit()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
