"""Old Office and WPS files (.doc, .wps, .xls, .et, .rtf, .odt): converted by LibreOffice."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tracker.errors import DocumentError

log = logging.getLogger(__name__)

_WINDOWS_PATHS = [
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
]
CONVERT_TIMEOUT = 120

# Written into the fresh profile of every conversion, so that LibreOffice fetches
# nothing from outside the document even where no network sandbox exists (Windows).
# Names and values are from LibreOffice's configuration schema (share/registry/*.xcd);
# a version that does not know a key ignores it.
_OFFLINE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <!-- no pictures or objects linked from outside the document -->
 <prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop>
 <!-- newer versions (not 7.4): no link updates, DDE or OLE objects at all -->
 <prop oor:name="DisableActiveContent" oor:op="fuse"><value>true</value></prop>
 <prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop>
 <prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop>
</item>
<!-- "update links when loading": Writer 0 = never (1 on request, 2 always) -->
<item oor:path="/org.openoffice.Office.Writer/Content/Update">
 <prop oor:name="Link" oor:op="fuse"><value>0</value></prop>
</item>
<!-- Calc 1 = never (0 always, 2 on request) -->
<item oor:path="/org.openoffice.Office.Calc/Content/Update">
 <prop oor:name="Link" oor:op="fuse"><value>1</value></prop>
</item>
<!-- 1 = never recalculate on load, so WEBSERVICE() and the like are not run -->
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>1</value></prop>
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>1</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Common/Misc">
 <prop oor:name="CrashReport" oor:op="fuse"><value>false</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments">
 <prop oor:name="AutoCheckEnabled" oor:op="fuse" oor:type="xs:boolean"><value>false</value></prop>
</item>
</oor:items>
"""


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


@functools.cache
def _network_sandbox(soffice: str) -> tuple[str, ...]:
    """A command prefix that runs ``soffice`` with no network at all, or ``()``.

    On Linux, ``unshare -rn`` starts it in a new network namespace that has no
    interfaces, as an unprivileged user. Where that is not possible (other systems,
    user namespaces turned off, a LibreOffice that cannot start inside one) the
    profile settings are the only guard.
    """
    unshare = shutil.which("unshare") if sys.platform.startswith("linux") else None
    if unshare is None:
        return ()
    prefix = (unshare, "--net", "--map-root-user")
    try:
        probe = subprocess.run(
            [*prefix, soffice, "--version"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return prefix if probe.returncode == 0 else ()


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
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(
            _OFFLINE_SETTINGS, encoding="utf-8"
        )
        command = [
            *_network_sandbox(soffice),
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
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
