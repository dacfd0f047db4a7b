"""Which Word template a paper is written from: the clerk's copy if there is one, else ours.

The program ships ``resources/templates/督办单.docx`` and ``通报.docx`` (built by
tools/make_templates.py). ``copy_templates`` puts copies into the user's folder for the clerk
to edit in Word or WPS; from then on a copy found there is used instead of the shipped file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tracker.errors import UserError
from tracker.exporting.files import write_atomically
from tracker.paths import resource_path

SHEET_TEMPLATE = "督办单.docx"
NOTICE_TEMPLATE = "通报.docx"
TEMPLATE_NAMES = (SHEET_TEMPLATE, NOTICE_TEMPLATE)


def shipped_template(name: str) -> Path:
    """The template that comes with the program."""
    return resource_path("templates", name)


def template_path(name: str, user_dir: Path | None) -> Path:
    """The template to use for ``name``: the clerk's copy in ``user_dir`` if it exists."""
    if user_dir is not None:
        own = user_dir.expanduser() / name
        if own.is_file():
            return own
    return shipped_template(name)


def copy_templates(user_dir: Path) -> list[Path]:
    """Copy the shipped templates into ``user_dir`` for editing; return the files copied.

    A template already there is the clerk's own (perhaps edited): it is never overwritten.
    Delete it to get the shipped one back.

    Raises:
        UserError: when the folder cannot be written.
    """
    copied = []
    for name in TEMPLATE_NAMES:
        target = user_dir.expanduser() / name
        if target.exists():
            continue
        write_atomically(target, _copier(shipped_template(name)))
        copied.append(target)
    return copied


def _copier(source: Path) -> Callable[[Path], None]:
    def copy(target: Path) -> None:
        shutil.copyfile(source, target)

    return copy


def read_template(path: Path) -> bytes:
    """The bytes of a template file.

    Raises:
        UserError: when it cannot be read (missing, no permission, a folder).
    """
    try:
        return path.read_bytes()
    except OSError as error:
        raise UserError(
            f"无法读取模板文件:{path}",
            hint="请确认文件存在且没有被其他程序占用;删除用户文件夹中的模板副本可改用程序自带的模板。",
        ) from error
