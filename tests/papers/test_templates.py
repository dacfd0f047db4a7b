"""The Word templates: shipped, copied for the clerk to edit, overridden, broken."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import docx
import pytest

from tests.conftest import ROOT
from tests.papers.reading import a_sheet, open_paper, paragraphs
from tracker.errors import PaperTemplateError, UserError
from tracker.papers import (
    NOTICE_TEMPLATE,
    SHEET_TEMPLATE,
    copy_templates,
    render_sheet,
    render_sheets,
    render_sheets_combined,
    template_path,
)
from tracker.papers.templates import TEMPLATE_NAMES, shipped_template
from tracker.paths import AppPaths


def _edited(user_dir: Path, change: str, into: str) -> Path:
    """The clerk's copy of the 督办单 template with one paragraph's text changed."""
    copy_templates(user_dir)
    path = user_dir / SHEET_TEMPLATE
    doc = docx.Document(str(path))
    paragraph = next(p for p in doc.paragraphs if p.text == change)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = into
    doc.save(str(path))
    return path


def _with_paragraph(user_dir: Path, *texts: str) -> Path:
    copy_templates(user_dir)
    path = user_dir / SHEET_TEMPLATE
    doc = docx.Document(str(path))
    for text in texts:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_the_shipped_templates_are_found(tmp_path: Path) -> None:
    for name in (SHEET_TEMPLATE, NOTICE_TEMPLATE):
        assert template_path(name, None) == shipped_template(name)
        assert template_path(name, tmp_path) == shipped_template(name)
        assert shipped_template(name).is_file()
        assert shipped_template(name).parent == ROOT / "resources" / "templates"


def test_copies_for_the_clerk_never_overwrite_an_edited_one(tmp_path: Path) -> None:
    user_dir = tmp_path / "模板"
    copied = copy_templates(user_dir)
    assert copied == [user_dir / name for name in TEMPLATE_NAMES]
    for path in copied:
        assert path.read_bytes() == shipped_template(path.name).read_bytes()

    (user_dir / SHEET_TEMPLATE).write_bytes(b"edited")
    (user_dir / NOTICE_TEMPLATE).unlink()
    assert copy_templates(user_dir) == [user_dir / NOTICE_TEMPLATE]
    assert (user_dir / SHEET_TEMPLATE).read_bytes() == b"edited"
    assert copy_templates(user_dir) == []
    assert sorted(p.name for p in user_dir.iterdir()) == sorted(TEMPLATE_NAMES)


def test_a_template_in_the_users_folder_is_used_instead(tmp_path: Path) -> None:
    user_dir = tmp_path / "模板"
    _edited(user_dir, "督 办 单", "督办通知单")

    template = template_path(SHEET_TEMPLATE, user_dir)
    assert template == user_dir / SHEET_TEMPLATE
    assert template_path(NOTICE_TEMPLATE, user_dir) == user_dir / NOTICE_TEMPLATE

    text = paragraphs(open_paper(render_sheet(a_sheet(), tmp_path / "单.docx", template)))
    assert "督办通知单" in text and "督 办 单" not in text
    assert "县人民医院：" in text


def test_a_tag_that_word_split_into_several_runs_still_works(tmp_path: Path) -> None:
    """Word splits a run where the clerk typed, spell-checked or changed formatting."""
    template = _with_paragraph(tmp_path / "模板", "")
    doc = docx.Document(str(template))
    last = doc.paragraphs[-1]
    for piece in ("回执：{{ un", "it }}", "（", "{{ reply_by }}", "）"):
        last.add_run(piece).bold = piece == "it }}"
    doc.save(str(template))

    text = paragraphs(open_paper(render_sheet(a_sheet(), tmp_path / "单.docx", template)))
    assert "回执：县人民医院（2025年6月20日）" in text


@pytest.mark.parametrize(
    ("tags", "says"),
    [
        (["{%p if unit %}", "未闭合的条件"], "标记有误"),
        (["{{ unit "], "标记有误"),
        (["{{ 单位名称 }}"], "“单位名称”不是可用的字段"),
        (["{{ t.title }}"], "“t”不是可用的字段"),
    ],
)
def test_a_broken_template_is_named_and_nothing_is_written(
    tmp_path: Path, tags: list[str], says: str
) -> None:
    template = _with_paragraph(tmp_path / "模板", *tags)
    out = tmp_path / "输出"

    for write in (
        lambda: render_sheet(a_sheet(), out / "单.docx", template),
        lambda: render_sheets([a_sheet(), a_sheet(unit="疾控股")], out, template),
        lambda: render_sheets_combined([a_sheet()], out / "全部.docx", template),
    ):
        with pytest.raises(PaperTemplateError) as caught:
            write()
        message = str(caught.value)
        assert str(template) in message and "督办单模板" in message
        assert says in message
        assert "删除该文件可改用程序自带的模板" in message
        assert not out.exists() or list(out.iterdir()) == []


def test_a_file_that_is_not_a_word_document(tmp_path: Path) -> None:
    template = tmp_path / SHEET_TEMPLATE
    template.write_text("这不是 Word 文件", encoding="utf-8")

    with pytest.raises(PaperTemplateError, match="不是有效的 Word 文档") as caught:
        render_sheet(a_sheet(), tmp_path / "单.docx", template)
    assert str(template) in str(caught.value)
    assert not (tmp_path / "单.docx").exists()


def test_a_missing_template_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="无法读取模板文件"):
        render_sheet(a_sheet(), tmp_path / "单.docx", tmp_path / "没有.docx")


def _make_templates() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_templates", ROOT / "tools" / "make_templates.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_templates_are_what_the_script_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))  # the script adds tools/ to it
    written = _make_templates().write_templates(tmp_path)

    assert [path.name for path in written] == list(TEMPLATE_NAMES)
    # The parts the script writes; the package's own parts (styles it starts from, settings)
    # may change with a python-docx release without the templates saying anything else.
    ours_parts = ("word/document.xml", "word/footer1.xml", "word/footer2.xml")
    for path in written:
        with zipfile.ZipFile(path) as made, zipfile.ZipFile(shipped_template(path.name)) as ours:
            for name in ours_parts:
                if name in ours.namelist():
                    assert made.read(name) == ours.read(name), (
                        f"{path.name}: {name} differs: run tools/make_templates.py"
                    )


def test_the_clerks_templates_live_in_the_data_folder() -> None:
    paths = AppPaths.default()  # under TRACKER_HOME in tests

    assert paths.templates_dir == paths.data_dir / "templates"
    copied = copy_templates(paths.templates_dir)
    assert template_path(SHEET_TEMPLATE, paths.templates_dir) == copied[0]
