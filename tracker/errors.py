"""The program's own errors: problems of the user's input or of the environment.

Every class here carries a message in Chinese that the window shows in a dialog and the
command line prints as one line. Anything else that escapes is a bug and goes to the
exception hook, which logs it.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can understand and act on; ``str(error)`` is shown as-is."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n{self.hint}"
        return self.message


class InvalidInputError(UserError):
    """A value typed or passed in does not make sense (a bad date, an unknown status)."""


class NotFoundError(UserError):
    """An item, unit or backup that was asked for does not exist."""


class ConflictError(UserError):
    """Somebody else changed the same record since it was read (optimistic locking)."""


class DatabaseError(UserError):
    """The ledger database cannot be used: newer version, damaged, locked, unreachable."""


class DocumentError(UserError):
    """A document cannot be read: wrong format, damaged, encrypted, no text."""


class PaperTemplateError(UserError):
    """A Word template of the 督办单 or 通报 cannot be used: not a .docx, or its tags are broken."""


class FileBusyError(UserError):
    """A file cannot be written because another program (Excel, WPS) holds it open."""

    def __init__(self, path: object) -> None:
        super().__init__(
            f"文件“{path}”正被 Excel 或 WPS 打开,无法保存。",
            hint="请关闭该文件后重试,或另存为其他文件名。",
        )
        self.path = path


class DamagedDatabaseError(DatabaseError):
    """The ledger file failed its integrity check; it is left as it is."""

    def __init__(
        self, path: object, newest_backup: object | None, *, while_working: bool = False
    ) -> None:
        if while_working:
            hint = (
                "已停止写入,之前保存的内容不会再被改动。请退出程序后重新打开,"
                "按提示从最新的可用备份恢复(命令行:restore latest)。"
            )
        elif newest_backup:
            hint = f"程序没有改动该文件。可以从最新的备份恢复:{newest_backup}"
        else:
            hint = "程序没有改动该文件。没有找到可用的备份,请联系技术支持。"
        super().__init__(f"数据库文件已损坏:{path}", hint=hint)
        self.path = path
        self.newest_backup = newest_backup
