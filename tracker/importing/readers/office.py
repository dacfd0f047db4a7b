"""Old Office and WPS files (.doc, .wps, .xls, .et, .rtf, .odt): converted by LibreOffice."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tracker.errors import DocumentError

log = logging.getLogger(__name__)

_WINDOWS_PATHS = [
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
]
CONVERT_TIMEOUT = 120


def find_soffice() -> str | None:
    """The LibreOffice program, if it is installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in _WINDOWS_PATHS:
        if os.path.exists(path):
            return path
    return None


def convert(data: bytes, name: str, target: str) -> bytes:
    """Convert an old-format file to ``target`` ("docx" or "xlsx") with LibreOffice.

    Raises:
        DocumentError: when LibreOffice is missing or the conversion fails.
    """
    soffice = find_soffice()
    if soffice is None:
        kind = "Excel/WPS 表格" if target == "xlsx" else "Word/WPS"
        raise DocumentError(
            f"“{name}”是旧版 {kind} 格式,本机没有安装 LibreOffice,无法直接读取。",
            hint=f"请在 {kind} 中“另存为 .{target}”后再导入,或复制文字后用“粘贴文本导入”。",
        )
    with tempfile.TemporaryDirectory(prefix="tracker-convert-") as folder:
        work = Path(folder)
        source = work / ("input" + (Path(name).suffix or ".bin"))
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            target,
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            log.warning("conversion of %s failed: %s", name, error)
            raise DocumentError(
                f"“{name}”转换失败。", hint=f"请另存为 .{target} 后再导入。"
            ) from error
        converted = work / "out" / (source.stem + "." + target)
        if not converted.exists():
            raise DocumentError(
                f"“{name}”无法转换,文件可能已损坏或设置了密码。",
                hint=f"请另存为 .{target} 后再导入。",
            )
        return converted.read_bytes()
