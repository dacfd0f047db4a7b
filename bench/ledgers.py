"""Ledgers of a given size, built the way a clerk would fill them: import, then report."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select, update

from bench.synthetic import document_text
from tracker.db import open_database
from tracker.domain import Status
from tracker.importing import parse_text
from tracker.models import ProgressEntry, WorkItem
from tracker.services.bundle import Services, build_services
from tracker.services.context import ServiceContext

TODAY = date(2024, 7, 1)
ITEMS_PER_DOCUMENT = 1000
PROGRESS_TEXTS = [
    "已制定实施方案,召开专题推进会,正在按计划推进。",
    "已完成阶段性任务,下一步将持续跟踪落实。",
    "已完成年度目标,相关资料已归档。",
    "受人员调整影响进度滞后,已落实专人负责。",
]


def open_ledger(path: Path) -> Services:
    """Services of the ledger at ``path`` (created when missing), with a fixed today."""
    backups = path.parent / "backups"
    db = open_database(path, backups_dir=backups)
    return build_services(db, ServiceContext(today=lambda: TODAY), lambda: backups)


def build_ledger(path: Path, items: int, *, seed: int = 7) -> Path:
    """A ledger of ``items`` items: documents of a thousand items, a third with progress."""
    services = open_ledger(path)
    try:
        written = 0
        document = 0
        while written < items:
            document += 1
            count = min(ITEMS_PER_DOCUMENT, items - written)
            result = parse_text(document_text(count, seed=seed * 1000 + document))
            services.imports.store(result, file_name=f"第{document}号文件.txt")
            written += count
        _add_progress(services, seed)
    finally:
        services.db.dispose()
    return path


def _add_progress(services: Services, seed: int) -> None:
    """Progress on every third item, and statuses spread the way a year ends up."""
    rng = random.Random(seed)
    with services.db.write() as session:
        ids = list(session.scalars(select(WorkItem.id).order_by(WorkItem.id)))
        entries = [
            {
                "item_id": item_id,
                "entry_date": TODAY - timedelta(days=rng.randint(0, 90)),
                "text": rng.choice(PROGRESS_TEXTS),
                "reported_by": "办公室",
            }
            for item_id in ids[::3]
        ]
        if entries:
            session.execute(insert(ProgressEntry), entries)
        for status, share in ((Status.DONE, 5), (Status.IN_PROGRESS, 2)):
            chosen = ids[share - 1 :: share]
            for start in range(0, len(chosen), 500):
                session.execute(
                    update(WorkItem)
                    .where(WorkItem.id.in_(chosen[start : start + 500]))
                    .values(status=status)
                    .execution_options(synchronize_session=False)
                )
