"""Shared by the robustness tests: dumping a ledger to compare before and after."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted, and a passed integrity check."""
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()
