"""PDF files with a text layer; scanned ones are recognised and refused with advice."""

from __future__ import annotations

import io
import logging
import re

from tracker.errors import DocumentError

log = logging.getLogger(__name__)

#: Fewer visible characters than this per page means the pages are pictures.
MIN_CHARS_PER_PAGE = 30


def read_pdf(data: bytes, name: str) -> str:
    """Return the text of a PDF, page after page.

    Raises:
        DocumentError: when it is encrypted, damaged, or a scan without text.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"“{name}”设置了密码,无法读取。", hint="请先取消密码再导入。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        log.info("pdf %s unreadable: %s", name, error)
        raise DocumentError(f"“{name}”已损坏,无法读取。") from error
    visible = sum(len("".join(page.split())) for page in pages)
    if not pages or visible < MIN_CHARS_PER_PAGE * len(pages):
        raise DocumentError(
            f"“{name}”是扫描件(图片),没有可识别的文字。",
            hint="请向发文单位索取 Word 版,或用 OCR 软件识别后复制文字,用“粘贴文本导入”。",
        )
    return _join_cjk_spacing("\n".join(pages))


_SPACED = re.compile(r"(?<=[\d\u4e00-\u9fff]) (?=[\d\u4e00-\u9fff])")


def _join_cjk_spacing(text: str) -> str:
    """Drop the single spaces text extraction puts between digits and Chinese ("2024 年")."""
    return _SPACED.sub("", text)
