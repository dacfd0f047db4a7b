"""A full disk or a folder that cannot be written: one Chinese line, never a traceback."""

from __future__ import annotations

import errno
import logging
from pathlib import Path

import pytest

from tracker.app import QuietFileHandler
from tracker.errors import UserError
from tracker.exporting.files import write_atomically


class _FullDisk:
    def write(self, _text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        pass


def test_a_log_file_on_a_full_disk_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = QuietFileHandler(tmp_path / "tracker.log", encoding="utf-8")
    handler.stream.close()
    handler.stream = _FullDisk()  # type: ignore[assignment]
    logger = logging.getLogger("tracker.test_full_disk")
    logger.addHandler(handler)
    try:
        for n in range(50):
            logger.warning("line %d", n)
    finally:
        logger.removeHandler(handler)
        handler.close()
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


@pytest.mark.parametrize(
    ("code", "says"),
    [
        (errno.ENOSPC, "磁盘空间已满"),
        (errno.EROFS, "没有写入权限"),
        (errno.ENAMETOOLONG, "路径过长"),
        (errno.EIO, "错误代码"),
    ],
)
def test_each_write_failure_reads_as_chinese(tmp_path: Path, code: int, says: str) -> None:
    def failing(_partial: Path) -> None:
        raise OSError(code, "english text")

    with pytest.raises(UserError) as refused:
        write_atomically(tmp_path / "台账.xlsx", failing)
    assert says in (refused.value.hint or "")
    assert "english" not in (refused.value.hint or "")
    assert list(tmp_path.iterdir()) == []
