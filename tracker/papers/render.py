"""Writing the 督办单 and the 通报 from their Word templates (docxtpl over python-docx).

Every paper is rendered in memory first and then written under a temporary name and moved
into place, so a broken template or a full disk never leaves a half-written file.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from docx.document import Document as DocxDocument
from docx.opc.exceptions import OpcError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError, UndefinedError

from tracker.errors import PaperTemplateError, UserError
from tracker.exporting.files import safe_file_name, unique_name, write_atomically
from tracker.papers.context import notice_context, sheet_context
from tracker.papers.model import Notice, SupervisionSheet
from tracker.papers.ooxml import SECTION_PROPERTIES, insert_in_order, tidy
from tracker.papers.templates import (
    NOTICE_TEMPLATE,
    SHEET_TEMPLATE,
    read_template,
    shipped_template,
)

SHEET_PAPER = "督办单"
NOTICE_PAPER = "通报"
#: How much of the template's text around an error the message quotes.
_NEAR = 120
_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


class _Template:
    """A template file read once, rendered as often as needed."""

    def __init__(self, path: Path, paper: str) -> None:
        self.path = path
        self.paper = paper
        self._data = read_template(path)

    def render(self, context: dict[str, Any]) -> DocxDocument:
        """The filled-in document (not yet written anywhere).

        Raises:
            PaperTemplateError: when the file is not a Word document or its tags are broken.
        """
        template = DocxTemplate(io.BytesIO(self._data))
        try:
            template.init_docx()
        except (zipfile.BadZipFile, KeyError, ValueError, OpcError, SyntaxError) as error:
            raise PaperTemplateError(
                f"无法打开{self.paper}模板“{self.path}”:它不是有效的 Word 文档(.docx)。",
                hint="请在 Word 或 WPS 中将它另存为 .docx 格式;删除该文件可改用程序自带的模板。",
            ) from error
        environment = Environment(undefined=StrictUndefined, autoescape=True)
        try:
            template.render(context, jinja_env=environment, autoescape=True)
        except UndefinedError as error:
            raise self._broken(error, _undefined_hint(error)) from error
        except TemplateError as error:
            raise self._broken(error, "模板中的 {{ }} 或 {% %} 标记不完整或不成对。") from error
        except SyntaxError as error:  # lxml: the tags produced XML that is not well formed
            raise self._broken(error, "模板中的 {%p %}、{%tr %} 等标记放错了位置。") from error
        document = cast(DocxDocument, template.docx)
        tidy(document.element.body)
        return document

    def _broken(self, error: Exception, what: str) -> PaperTemplateError:
        near = _near(error)
        return PaperTemplateError(
            f"{self.paper}模板“{self.path}”中的标记有误,未生成文件。",
            hint=(
                f"{what}{near}请在 Word 中改正后重试;删除该文件可改用程序自带的模板。"
                f"(详细信息:{error})"
            ),
        )


def _undefined_hint(error: UndefinedError) -> str:
    match = _UNDEFINED.search(str(error))
    name = next((group for group in match.groups() if group), "") if match else ""
    if name:
        return f"模板中的“{name}”不是可用的字段,可能是拼写有误。"
    return "模板中用到了不可用的字段。"


def _near(error: Exception) -> str:
    """The template's words around the error, when docxtpl knows them."""
    lines = getattr(error, "docx_context", None)
    if lines is None:
        return ""
    text = "".join(" ".join(line.split()) for line in lines)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()
    if len(text) > _NEAR:
        text = text[:_NEAR] + "…"
    return f"出错位置附近的文字:“{text}”。" if text else ""


def _open(template: Path | None, name: str, paper: str) -> _Template:
    return _Template(template if template is not None else shipped_template(name), paper)


def _save(document: DocxDocument, out: Path) -> Path:
    return write_atomically(out, lambda partial: document.save(str(partial)))


# ---------------------------------------------------------------- 督办单


def render_sheet(sheet: SupervisionSheet, out: Path, template: Path | None = None) -> Path:
    """Write the 督办单 of one unit to ``out`` and return its path.

    Raises:
        PaperTemplateError: when the template is not a Word document or its tags are broken.
        UserError: when the file cannot be written.
    """
    document = _open(template, SHEET_TEMPLATE, SHEET_PAPER).render(sheet_context(sheet))
    return _save(document, out)


def sheet_file_name(sheet: SupervisionSheet, taken: set[str]) -> str:
    """督办单_<unit>.docx, safe on Windows and different from the names in ``taken``."""
    return unique_name(safe_file_name(f"{SHEET_PAPER}_{sheet.unit}"), taken) + ".docx"


def render_sheets(
    sheets: Sequence[SupervisionSheet], out_dir: Path, template: Path | None = None
) -> list[Path]:
    """Write one 督办单 per unit into ``out_dir``; return the files in the order of ``sheets``.

    All are rendered before any is written: a template that fails on one unit writes none.

    Raises:
        PaperTemplateError: when the template is not a Word document or its tags are broken.
        UserError: when a file cannot be written.
    """
    source = _open(template, SHEET_TEMPLATE, SHEET_PAPER)
    documents = [source.render(sheet_context(sheet)) for sheet in sheets]
    taken: set[str] = set()
    return [
        _save(document, out_dir / sheet_file_name(sheet, taken))
        for sheet, document in zip(sheets, documents, strict=True)
    ]


def render_sheets_combined(
    sheets: Sequence[SupervisionSheet], out: Path, template: Path | None = None
) -> Path:
    """Write every 督办单 into one file for printing, each unit starting on a new page.

    Each unit is a section of its own, its page numbers starting again at 1.

    Raises:
        UserError: when there is no sheet, or the file cannot be written.
        PaperTemplateError: when the template is not a Word document or its tags are broken.
    """
    if not sheets:
        raise UserError("没有需要督办的单位,未生成督办单。")
    source = _open(template, SHEET_TEMPLATE, SHEET_PAPER)
    documents = [source.render(sheet_context(sheet)) for sheet in sheets]
    return _save(combine(documents), out)


# ---------------------------------------------------------------- 通报


def render_notice(notice: Notice, out: Path, template: Path | None = None) -> Path:
    """Write the 通报 to ``out`` and return its path.

    Raises:
        PaperTemplateError: when the template is not a Word document or its tags are broken.
        UserError: when the file cannot be written.
    """
    document = _open(template, NOTICE_TEMPLATE, NOTICE_PAPER).render(notice_context(notice))
    return _save(document, out)


# ---------------------------------------------------------------- one file of many


def combine(documents: Sequence[DocxDocument]) -> DocxDocument:
    """The documents (rendered from one template) one after another in the first one.

    Each ends with a section break to a new page whose page numbers restart at 1. Bookmarks
    and Word's paragraph ids of the later copies are dropped and drawing ids renumbered, so
    Word finds no duplicates.
    """
    first, *rest = documents
    body = first.element.body
    final = body.find(qn("w:sectPr"))
    if final is None:
        final = body.get_or_add_sectPr()
    _restart_page_numbers(final)
    for document in rest:
        _break_section(final)
        for child in list(document.element.body):
            if child.tag == qn("w:sectPr"):
                continue
            _drop_duplicate_ids(child)
            final.addprevious(child)
    for number, drawing in enumerate(body.iter(qn("wp:docPr")), start=1):
        drawing.set("id", str(number))
    return first


def _restart_page_numbers(sect_pr: Any) -> None:
    numbers = sect_pr.find(qn("w:pgNumType"))
    if numbers is None:
        numbers = OxmlElement("w:pgNumType")
        insert_in_order(sect_pr, numbers, SECTION_PROPERTIES)
    numbers.set(qn("w:start"), "1")


def _break_section(final: Any) -> None:
    """End the body so far with a copy of the last section's properties (a new page)."""
    last = final.getprevious()
    if last is None or last.tag != qn("w:p"):
        last = OxmlElement("w:p")
        final.addprevious(last)
    properties = last.get_or_add_pPr()
    if properties.find(qn("w:sectPr")) is None:
        properties._insert_sectPr(copy.deepcopy(final))


def _drop_duplicate_ids(element: Any) -> None:
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for mark in list(element.iter(qn(tag))):
            mark.getparent().remove(mark)
    for node in element.iter():
        for attribute in ("w14:paraId", "w14:textId"):
            node.attrib.pop(qn(attribute), None)
