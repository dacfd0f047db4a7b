"""What the clerk is told when SQLite cannot use the ledger, by the reason SQLite gives.

Only damage ever leads to a restore. A lock, a read-only folder, a full disk or a failing
disk leave the ledger as it is, and saying so keeps a clerk from restoring an older backup over
a healthy file.
"""

from __future__ import annotations

from pathlib import Path

from tracker.db.sqlite import Problem
from tracker.errors import DatabaseError

_UNHARMED = "数据没有损坏,不需要从备份恢复。"

_MESSAGES: dict[Problem, tuple[str, str]] = {
    Problem.BUSY: (
        "数据库正被其他程序独占使用,暂时无法读写:{where}",
        "请关闭同时使用这个台账的其他程序或窗口后重试。" + _UNHARMED,
    ),
    Problem.READ_ONLY: (
        "数据库文件或它所在的文件夹是只读的,无法保存:{where}",
        "请检查文件和文件夹的写入权限(或是否在只读的U盘、光盘上)。" + _UNHARMED,
    ),
    Problem.FULL: (
        "磁盘空间已满,台账无法写入:{where}",
        "请清理磁盘空间后重试。" + _UNHARMED,
    ),
    Problem.CANT_OPEN: (
        "无法打开数据库文件:{where}",
        "请检查文件是否存在、所在文件夹能否写入。程序没有改动数据。",
    ),
    Problem.IO: (
        "读写数据库文件时磁盘出错:{where}",
        "请检查磁盘或U盘是否连接正常,稍后重试。程序没有改动数据。",
    ),
    Problem.OTHER: ("无法使用数据库:{where}", "程序没有改动数据。"),
}


class LedgerUnavailableError(DatabaseError):
    """SQLite cannot use the ledger now, for a reason that is not damage."""

    def __init__(self, problem: Problem, where: object) -> None:
        message, hint = _MESSAGES.get(problem, _MESSAGES[Problem.OTHER])
        super().__init__(message.format(where=where), hint=hint)
        self.problem = problem


def unavailable(problem: Problem, where: Path | str) -> DatabaseError:
    """The error to show for ``problem`` (never damage: that is DamagedDatabaseError)."""
    if problem is Problem.DAMAGED:
        raise ValueError("damage has its own error and its own way out")
    return LedgerUnavailableError(problem, where)
