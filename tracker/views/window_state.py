"""What the window remembers between runs: geometry, layout, columns, recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class WindowState:
    """QSettings in an .ini file beside the program's settings (never the registry).

    Every ``value()`` passes ``type=``: the Windows registry hands back strings otherwise, and
    an .ini keeps the per-user folder the one place to back up or reset.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    def bytes(self, key: str) -> QByteArray | None:
        """A saved geometry or state blob."""
        value = self._settings.value(key, QByteArray(), type=QByteArray)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        """Save a geometry or state blob."""
        self._settings.setValue(key, value)

    def strings(self, key: str) -> list[str]:
        """A saved list of strings."""
        value = self._settings.value(key, [], type=list)
        return [str(v) for v in value] if isinstance(value, list) else []

    def set_strings(self, key: str, values: list[str]) -> None:
        """Save a list of strings."""
        self._settings.setValue(key, values)

    def text(self, key: str, default: str = "") -> str:
        """A saved string."""
        return str(self._settings.value(key, default, type=str))

    def set_text(self, key: str, value: str) -> None:
        """Save a string."""
        self._settings.setValue(key, value)

    def recent_files(self) -> list[Path]:
        """Recently imported files that still exist, newest first."""
        return [Path(p) for p in self.strings("recent_files") if Path(p).exists()]

    def add_recent_file(self, path: Path) -> None:
        """Put ``path`` at the top of the recent files."""
        entries = [str(path)] + [p for p in self.strings("recent_files") if p != str(path)]
        self.set_strings("recent_files", entries[:MAX_RECENT])

    def sync(self) -> None:
        """Write to disk now."""
        self._settings.sync()
