"""Two copies at once: locks wait instead of failing; stale edits are refused, not merged."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tracker.db import open_database
from tracker.dto import ItemChanges
from tracker.errors import ConflictError
from tracker.services.bundle import Services, build_services
from tracker.services.context import ServiceContext

HOLD_LOCK = textwrap.dedent("""
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE work_items SET remarks = 'other clerk' WHERE id = 1")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    connection.execute("COMMIT")
""")


@pytest.mark.slow
def test_a_short_lock_is_waited_for(services: Services, sample_ids: list[int]) -> None:
    assert services.db.sqlite_file is not None
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(services.db.sqlite_file), "2"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        services.items.update_items([sample_ids[1]], ItemChanges(leader="我"))
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert waited >= 1.0, "the write should have waited for the other clerk's lock"
    assert services.items.get_item(sample_ids[1]).row.leader == "我"
    assert services.items.get_item(sample_ids[0]).row.remarks == "other clerk"


def test_two_clerks_on_one_ledger(
    services: Services, sample_ids: list[int], tmp_path: Path
) -> None:
    assert services.db.sqlite_file is not None
    other_db = open_database(services.db.sqlite_file, backups_dir=tmp_path / "b2")
    other = build_services(other_db, ServiceContext(actor=lambda: "另一位"), lambda: tmp_path)
    try:
        mine = services.items.get_item(sample_ids[0]).row
        other.items.update_items(
            [sample_ids[0]],
            ItemChanges(owner="李四"),
            expected_versions={sample_ids[0]: mine.version},
        )
        with pytest.raises(ConflictError, match="已被其他人修改"):
            services.items.update_items(
                [sample_ids[0]],
                ItemChanges(owner="张三"),
                expected_versions={sample_ids[0]: mine.version},
            )
        assert services.items.get_item(sample_ids[0]).row.owner_name == "李四"
    finally:
        other_db.dispose()


def test_concurrent_writers_in_threads_all_land(services: Services, sample_ids: list[int]) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(10):
                services.items.update_items([sample_ids[n % 3]], ItemChanges(remarks=f"{n}-{i}"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(len(services.items.get_item(i).history) for i in sample_ids) == 40
