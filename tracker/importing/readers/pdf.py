"""PDF files with a text layer; scanned ones are recognised and refused with advice."""

from __future__ import annotations

import io
import logging
import re

from tracker.errors import DocumentError
from tracker.importing.budget import Budget

log = logging.getLogger(__name__)

#: Fewer visible characters than this per page means the pages are pictures.
MIN_CHARS_PER_PAGE = 30


#: More pages than any work document; reading stops there.
MAX_PAGES = 2_000


def read_pdf(data: bytes, name: str, budget: Budget | None = None) -> str:
    """Return the text of a PDF, page after page, within the reading budget.

    Raises:
        DocumentError: when it is encrypted, damaged, a scan without text, or built to
            decompress into far more than a document (pypdf's own limits, then ours).
    """
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    budget = budget or Budget(name)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"“{name}”设置了密码,无法读取。", hint="请先取消密码再导入。")
        if len(reader.pages) > MAX_PAGES:
            raise DocumentError(
                f"“{name}”有 {len(reader.pages)} 页,不像是一份工作文件,未读取。",
                hint="请只导入任务所在的页(可用 PDF 软件另存这几页)。",
            )
        pages = []
        for page in reader.pages:
            budget.check_time()
            pages.append(budget.spend_text(page.extract_text() or ""))
    except DocumentError:
        raise
    except LimitReachedError as error:
        raise _inflated(name) from error
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        log.info("pdf %s unreadable: %s", name, error.__class__.__name__)
        if "Limit reached" in str(error):
            raise _inflated(name) from error
        raise DocumentError(f"“{name}”已损坏,无法读取。") from error
    visible = sum(len("".join(page.split())) for page in pages)
    if not pages or visible < MIN_CHARS_PER_PAGE * len(pages):
        raise DocumentError(
            f"“{name}”是扫描件(图片),没有可识别的文字。",
            hint="请向发文单位索取 Word 版,或用 OCR 软件识别后复制文字,用“粘贴文本导入”。",
        )
    return _join_cjk_spacing("\n".join(pages))


def _inflated(name: str) -> DocumentError:
    return DocumentError(f"“{name}”解压后过大,可能是损坏或恶意构造的文件,已拒绝导入。")


_SPACED = re.compile(r"(?<=[\d\u4e00-\u9fff]) (?=[\d\u4e00-\u9fff])")


def _join_cjk_spacing(text: str) -> str:
    """Drop the single spaces text extraction puts between digits and Chinese ("2024 年")."""
    return _SPACED.sub("", text)
