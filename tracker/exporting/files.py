"""Writing files safely: to a temporary name first, then moved into place."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import time
import unicodedata
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
    """What a clerk can do about ``error``, in one Chinese sentence."""
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        return "没有写入权限,请换一个文件夹。"
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "磁盘空间已满,请清理磁盘或换一个位置。"
    if error.errno == errno.ENAMETOOLONG:
        return "文件名或路径过长,请换一个短一些的名称或文件夹。"
    if error.errno in (errno.EISDIR, errno.ENOTDIR):
        return "该位置已有同名文件夹,请换一个文件名。"
    return f"系统无法写入该位置(错误代码 {error.errno}),请换一个文件夹后重试。"


#: Names Windows keeps for devices, whatever the extension (CON.xlsx cannot be created).
_DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{kind}{n}" for kind in ("COM", "LPT") for n in range(1, 10)]
)
#: Longest file name written (characters): a 150-character unit name must not end an export
#: halfway with "name too long" (255 bytes on Linux, 260 characters of path on Windows).
MAX_FILE_NAME = 60


def safe_file_name(name: str, limit: int = MAX_FILE_NAME) -> str:
    """A file or sheet name without characters Windows or Excel refuse, at most ``limit`` long.

    Control and format characters (which make a workbook that Excel cannot open), the
    characters Windows and Excel forbid in names, and device names (CON, NUL…) are replaced.
    """
    kept = "".join(
        "_" if ch in '\\/:*?"<>|[]' else ch
        for ch in name
        if not unicodedata.category(ch).startswith("C")
    )
    cleaned = kept[:limit].strip(" .")
    if cleaned.split(".")[0].upper() in _DEVICE_NAMES:
        cleaned = "_" + cleaned
    return cleaned or "未命名"


def unique_name(name: str, taken: set[str], limit: int = MAX_FILE_NAME) -> str:
    """A name not yet in ``taken`` (ignoring case): ``name``, else ``name(2)``, ``name(3)``….

    It is at most ``limit`` long and is added to ``taken``: Windows and Excel ignore case.
    """
    candidate, counter = name[:limit], 1
    while candidate.casefold() in taken:
        counter += 1
        suffix = f"({counter})"
        candidate = name[: limit - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate
