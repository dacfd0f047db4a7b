"""Writing files safely: to a temporary name first, then moved into place."""

from __future__ import annotations

import contextlib
import glob
import os
import time
from collections.abc import Callable
from pathlib import Path

from tracker.errors import FileBusyError, UserError

#: Excel and WPS lock an open workbook; a short wait covers an antivirus scan or a slow close.
RETRIES = 3
RETRY_DELAY = 0.4


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write`` on a temporary file beside ``target``, then move it into place.

    A crash or a refusal never leaves a half-written file under the target's name.

    Raises:
        FileBusyError: when the target is open in another program.
        UserError: when the folder cannot be written (no permission, disk full).
    """
    target = target.expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"无法创建文件夹:{target.parent}", hint=str(error)) from error
    _remove_stale_partials(target)
    partial = target.with_name(f".{target.stem}.{os.getpid()}.partial{target.suffix}")
    try:
        write(partial)
        _replace(partial, target)
    except FileBusyError:
        raise
    except OSError as error:
        raise UserError(f"无法保存文件:{target}", hint=_hint(error)) from error
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return target


def _remove_stale_partials(target: Path) -> None:
    """Remove what a killed earlier attempt left beside ``target`` (never the target itself)."""
    for leftover in target.parent.glob(f".{glob.escape(target.stem)}.*.partial{target.suffix}"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _replace(partial: Path, target: Path) -> None:
    for attempt in range(RETRIES):
        try:
            os.replace(partial, target)
            return
        except PermissionError as error:
            if attempt == RETRIES - 1:
                raise FileBusyError(target) from error
            time.sleep(RETRY_DELAY)


def _hint(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "没有写入权限,请换一个文件夹。"
    if error.errno == 28:
        return "磁盘空间已满。"
    return str(error)


def safe_file_name(name: str) -> str:
    """A file or sheet name without characters Windows or Excel refuse."""
    cleaned = "".join("_" if ch in '\\/:*?"<>|[]' else ch for ch in name).strip(" .")
    return cleaned or "未命名"
