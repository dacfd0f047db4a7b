"""Build the program as a folder that runs without Python: ``python packaging/build_app.py``.

On Windows this makes ``dist/duban-tracker/duban-tracker.exe`` (the window) and
``duban-tracker-cli.exe`` (the command line) with the program's icon and version information;
on Linux the same spec makes the Linux equivalent. PyInstaller comes with ``pip install -e
.[build]`` (``make app`` does both).
"""

from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker import APP_NAME, __version__  # noqa: E402

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def main(argv: list[str] | None = None) -> int:
    """Render the icon and version resource, then run PyInstaller on the spec."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the folder goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="intermediate files")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("需要 PyInstaller:pip install -e '.[build]'(或运行 make app)", file=sys.stderr)
        return 1
    args.work.mkdir(parents=True, exist_ok=True)
    write_icon(ROOT / "resources" / "icons" / "app.svg", args.work / "app.ico")
    write_version_info(args.work / "version_info.txt")
    env = {**os.environ, "TRACKER_BUILD_DIR": str(args.work)}
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(args.dist),
        "--workpath",
        str(args.work / "pyinstaller"),
        str(ROOT / "packaging" / "tracker.spec"),
    ]
    completed = subprocess.run(command, env=env, check=False)
    if completed.returncode != 0:
        return completed.returncode
    print(f"已生成:{args.dist / 'duban-tracker'}")
    return 0


def write_icon(svg: Path, target: Path) -> Path:
    """An .ico with the sizes Windows asks for, each a PNG rendered from the SVG by Qt."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    images: list[tuple[int, bytes]] = []
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        images.append((size, bytes(data.data())))
    del app
    # ICONDIR, then one ICONDIRENTRY per image (a width of 0 means 256), then the PNGs.
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, png in images:
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    target.write_bytes(header + entries + b"".join(png for _, png in images))
    return target


def write_version_info(target: Path) -> Path:
    """The Windows version resource: what Explorer's 属性 > 详细信息 shows."""
    numbers = [int(part) for part in __version__.split(".")[:3] if part.isdigit()]
    numbers += [0] * (4 - len(numbers))
    version_tuple = tuple(numbers[:4])
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={version_tuple}, prodvers={version_tuple}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', '{APP_NAME}'),
      StringStruct('FileDescription', '{APP_NAME}:把政策文件变成督办台账'),
      StringStruct('FileVersion', '{__version__}'),
      StringStruct('InternalName', 'duban-tracker'),
      StringStruct('OriginalFilename', 'duban-tracker.exe'),
      StringStruct('ProductName', '{APP_NAME}'),
      StringStruct('ProductVersion', '{__version__}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""
    target.write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    sys.exit(main())
