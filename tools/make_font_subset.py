"""Make resources/fonts/DubanSansSC-common.otf: a subset of Noto Sans CJK SC (SIL OFL 1.1).

The printed checklist and the window need a Chinese font even on a PC (or a CI machine)
without one. The subset holds GB2312's common characters (level 1, 3,755 characters), its
symbols, ASCII and full-width forms, and every Chinese character the program's own texts and
sample use. Rarer characters fall back to the system's fonts.

    pip install fonttools
    python tools/make_font_subset.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "fonts" / "DubanSansSC-common.otf"
#: A family name of its own: the subset must never be confused with an installed Noto font.
FAMILY = "Duban Sans SC"


def characters() -> str:
    """The characters to keep."""
    chars: set[str] = set()
    for high in [*range(0xA1, 0xAA), *range(0xB0, 0xD8)]:
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([high, low]).decode("gb2312"))
    chars |= {chr(code) for code in range(0x20, 0x7F)}
    chars |= {chr(code) for code in range(0xFF01, 0xFF5F)}
    chars |= set("□■☑√×〔〕　") | {chr(code) for code in range(0x2460, 0x2474)}
    for path in [*ROOT.glob("tracker/**/*.py"), *ROOT.glob("data/*")]:
        chars |= set(re.findall(r"[\u3000-\u9fff]", path.read_text(encoding="utf-8")))
    return "".join(sorted(chars))


def main(source: str) -> int:
    """Write the subset from a Noto Sans CJK collection."""
    collection = TTCollection(source)
    font = next(f for f in collection.fonts if f["name"].getDebugName(1).endswith(" SC"))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = []
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = f"{FAMILY} Regular"
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + "-Regular"
        elif record.nameID == 3:
            record.string = f"{FAMILY} Regular; subset of Noto Sans CJK SC"
    font.save(TARGET)
    print(TARGET, TARGET.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
