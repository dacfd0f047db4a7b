"""Decoding text files: UTF-8 (with or without BOM), UTF-16, GBK/GB18030, then a detector."""

from __future__ import annotations

import codecs
import re

from tracker.errors import DocumentError

#: Characters other than text in a decoded file above this share mean it is not text.
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes, name: str) -> str:
    """Decode a text file by a fixed cascade; refuse binary data.

    Short Chinese texts fool detectors (GBK read as Korean), so the likely encodings are tried
    strictly in order and a detector only gets what none of them can read.

    Raises:
        DocumentError: when the bytes are not text.
    """
    text = _decode(data)
    if text is None or not _looks_like_text(text):
        raise DocumentError(
            f"“{name}”不是文本文件,或已损坏。",
            hint="请确认文件能用记事本或 Word 正常打开;也可以复制文字后用“粘贴文本导入”。",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    for candidate in ("utf-8", "gb18030"):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    import chardet

    guess = chardet.detect(data[:200_000])
    encoding: str | None = guess.get("encoding")
    if not encoding or (guess.get("confidence") or 0) < 0.5:
        return None
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise UTF-16 without a byte-order mark by its zero bytes (ASCII-heavy text)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, encoding in ((odd_zeros, "utf-16-le"), (even_zeros, "utf-16-be")):
        if zeros > 0.3 * half and (even_zeros + odd_zeros - zeros) < 0.02 * half:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


#: Control characters other than tab, newlines and form feeds, and the replacement character.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return True
    sample = text[:100_000]
    controls = len(_CONTROL.findall(sample))
    return controls <= _MAX_CONTROL_SHARE * len(sample)
