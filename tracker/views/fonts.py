"""Chinese fonts for the window and for printing, whatever the PC has installed."""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from tracker.paths import resource_path

log = logging.getLogger(__name__)

#: Printed documents prefer the 公文 look: 仿宋, then 宋体 (Windows, macOS). Otherwise the
#: bundled font: full Noto CJK fonts map some characters to Kangxi radicals in a PDF's text
#: layer (日 copies out as ⽇); the bundled subset, renamed so that it never collides with an
#: installed Noto, does not.
PRINT_FAMILIES = ["仿宋_GB2312", "FangSong", "仿宋", "SimSun", "宋体", "Songti SC"]
BUNDLED_FONT = ("fonts", "DubanSansSC-common.otf")


@cache
def bundled_family() -> str | None:
    """Register the bundled Chinese font (a common-character subset) and return its family.

    It makes printing and the window work on a PC without any Chinese font; rarer
    characters still come from the system's fonts.
    """
    path = resource_path(*BUNDLED_FONT)
    if not path.exists():
        log.warning("bundled font missing: %s", path)
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def print_font(point_size: float) -> QFont:
    """The font for printed checklists: installed 公文 fonts first, the bundled one last."""
    families = list(PRINT_FAMILIES)
    bundled = bundled_family()
    if bundled:
        families.append(bundled)
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    return font
