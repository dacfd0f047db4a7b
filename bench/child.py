"""Measurements that need a process of their own: peak memory, a fresh Qt, a cold start.

``python -m bench.child COMMAND ARGS`` prints one JSON line as its last line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.core import peak_rss_mb


def export_ledger(db: Path, out: Path, *, fill_in: bool = False) -> dict[str, Any]:
    """The formatted ledger of every item, as the 导出台账 button writes it (or the 填报表)."""
    from bench.ledgers import open_ledger

    services = open_ledger(db)
    options = services.exports.default_options(
        title="示范县卫生健康局2024年工作要点督办台账", fill_in=fill_in
    )
    started = time.perf_counter()
    services.exports.export(out, options)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_rss_mb(), "bytes": out.stat().st_size}


def bare_export(db: Path, out: Path) -> dict[str, Any]:
    """The same cells through openpyxl's write-only mode: no styles, widths or merges."""
    from openpyxl import Workbook

    from bench.ledgers import open_ledger

    services = open_ledger(db)
    rows = services.items.list_items()  # loading is not counted: the baseline is the write
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("督办台账")
    sheet.append(
        [
            "序号",
            "工作任务",
            "具体内容",
            "牵头单位",
            "配合单位",
            "责任领导",
            "责任人",
            "完成时限",
            "截止日期",
            "进展情况",
            "状态",
            "备注",
            "key",
        ]
    )
    for row in rows:
        sheet.append(
            [
                row.number,
                row.title,
                row.content,
                "、".join(row.lead_units),
                "、".join(row.support_units),
                row.leader,
                row.owner_name,
                row.deadline_text,
                row.due_date,
                row.latest_progress,
                row.status.label,
                row.remarks,
                f"K:{row.item_key}:{row.version}:{row.status.value}",
            ]
        )
    workbook.save(out)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_rss_mb(), "bytes": out.stat().st_size}


def window(db: Path, state: Path, needle: str) -> dict[str, Any]:
    """Open the main window on the ledger, type ``needle`` into the search box, sort."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from bench.ledgers import open_ledger
    from tracker.paths import AppPaths
    from tracker.views.application import create_application
    from tracker.views.main_window import MainWindow
    from tracker.views.window_state import WindowState

    app = create_application([])
    services = open_ledger(db)
    paths = AppPaths.default()
    paths.ensure()
    started = time.perf_counter()
    main = MainWindow(services, paths, state=WindowState(state))
    main.resize(1400, 860)
    main.show()
    QApplication.processEvents()
    opened = time.perf_counter() - started

    keystrokes = []
    for character in needle:
        started = time.perf_counter()
        main.search_edit.insert(character)
        QApplication.processEvents()
        keystrokes.append(time.perf_counter() - started)
    shown = main.model.shown_count()
    main.search_edit.clear()
    QApplication.processEvents()

    sorts = []
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        started = time.perf_counter()
        main.table.sortByColumn(1, order)
        QApplication.processEvents()
        sorts.append(time.perf_counter() - started)
    rows = main.model.shown_count()
    main.close()
    services.db.dispose()
    return {
        "open": opened,
        "keystrokes": keystrokes,
        "sorts": sorts,
        "rows": rows,
        "shown_after_search": shown,
        "app": app.applicationName(),
    }


def bare_window(db: Path, needle: str) -> dict[str, Any]:
    """The baseline: the same rows in a plain QTableView, filtered and sorted by Qt itself."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    from bench.ledgers import open_ledger

    app = QApplication.instance() or QApplication([])
    services = open_ledger(db)
    started = time.perf_counter()
    rows = services.items.list_items()
    model = QStandardItemModel(len(rows), 4)
    for index, row in enumerate(rows):
        model.setItem(index, 0, QStandardItem(row.number or ""))
        model.setItem(index, 1, QStandardItem(row.title))
        model.setItem(index, 2, QStandardItem("、".join(row.lead_units)))
        model.setItem(index, 3, QStandardItem(row.deadline_text or ""))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.resize(1400, 860)
    view.show()
    QApplication.processEvents()
    opened = time.perf_counter() - started

    keystrokes = []
    typed = ""
    for character in needle:
        typed += character
        started = time.perf_counter()
        proxy.setFilterFixedString(typed)
        QApplication.processEvents()
        keystrokes.append(time.perf_counter() - started)
    proxy.setFilterFixedString("")
    sorts = []
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        started = time.perf_counter()
        view.sortByColumn(1, order)
        QApplication.processEvents()
        sorts.append(time.perf_counter() - started)
    view.close()
    services.db.dispose()
    return {"open": opened, "keystrokes": keystrokes, "sorts": sorts, "app": str(app)}


def main(argv: list[str] | None = None) -> int:
    """Run one measurement and print its JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    parser.add_argument("command", choices=["export", "bare-export", "window", "bare-window"])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--state", type=Path)
    parser.add_argument("--needle", default="医共体")
    parser.add_argument("--fill-in", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "export":
        result = export_ledger(args.db, args.out, fill_in=args.fill_in)
    elif args.command == "bare-export":
        result = bare_export(args.db, args.out)
    elif args.command == "window":
        result = window(args.db, args.state, args.needle)
    else:
        result = bare_window(args.db, args.needle)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
