"""The composition root: arguments, paths, logging, the database, the services, the window.

This is the one place outside ``tracker/views`` that may import PySide6, and it does so only
when the window is wanted, so commands start without loading Qt.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker import cli
from tracker.errors import DatabaseError, NotFoundError, UserError
from tracker.paths import AppPaths
from tracker.settings import Settings, load_settings

if TYPE_CHECKING:
    from tracker.dto import BackupFile, ItemRow
    from tracker.services.bundle import Services

log = logging.getLogger("tracker")


class LogFormatter(logging.Formatter):
    """Log lines without ledger content, also in tracebacks.

    The engines hide SQL parameters (``hide_parameters``); what a server adds about the
    offending row (``DETAIL:  Key (name)=(…)``) is dropped here.
    """

    _CONTENT_LINES = ("DETAIL:", "CONTEXT:", "HINT:")

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatException(self, ei: Any) -> str:
        """The traceback, without the lines that quote a row."""
        lines = super().formatException(ei).splitlines()
        kept = [line for line in lines if not line.lstrip().startswith(self._CONTENT_LINES)]
        return "\n".join(kept)


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """The log file; when it cannot be written (a full disk) the line is dropped quietly.

    logging's default prints a traceback to the console for every line it fails to write;
    the clerk hears of the failure that matters from the operation itself.
    """

    def handleError(self, record: logging.LogRecord) -> None:
        """Drop the line."""

    def flush(self) -> None:
        """Flush what can be flushed; a full disk is not an error of the program."""
        with contextlib.suppress(OSError):
            super().flush()


def setup_logging(paths: AppPaths) -> None:
    """Log to a rotating file in the data folder (never whole documents, only events)."""
    paths.ensure()
    handler = QuietFileHandler(paths.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(LogFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def database_location(args_db: str | None, paths: AppPaths) -> str:
    """Which ledger to open.

    ``--db``, else ``TRACKER_DB``, else the shared server chosen in the settings, else the file
    in the user's data folder.
    """
    return (
        args_db
        or os.environ.get("TRACKER_DB")
        or load_settings(paths.settings_file).database
        or str(paths.db_file)
    )


def location_overridden(args_db: str | None) -> bool:
    """Whether ``--db`` or ``TRACKER_DB`` decides the ledger (the settings then do not)."""
    return bool(args_db or os.environ.get("TRACKER_DB"))


def backup_folder(paths: AppPaths, settings: Settings) -> Path:
    """Where backups go: the folder named in the settings, else the data folder's."""
    return (
        Path(settings.backup_dir).expanduser() if settings.backup_dir else paths.default_backups_dir
    )


def open_services(location: str, paths: AppPaths, settings_file: Path) -> Services:
    """Open the ledger (upgrading it) and build its services; settings are re-read on use."""
    from tracker.db import open_database
    from tracker.services.bundle import build_services
    from tracker.services.context import ServiceContext

    def current() -> Settings:
        return load_settings(settings_file)

    settings = current()
    db = open_database(location, backups_dir=backup_folder(paths, settings))
    context = ServiceContext(
        actor=lambda: current().actor(),
        today=date.today,
        warning_days=lambda: current().warning_days,
    )
    return build_services(
        db,
        context,
        lambda: backup_folder(paths, current()),
        bureau_name=lambda: current().bureau_name,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the program: the window without a command, else the command; return the exit code."""
    cli.configure_output()
    parser = cli.build_parser()
    args = parser.parse_args(argv)
    paths = AppPaths.default()
    try:
        setup_logging(paths)
    except OSError as error:
        print(f"错误:无法写入数据文件夹 {paths.data_dir}:{error}", file=sys.stderr)
        return 1
    location = database_location(getattr(args, "db", None), paths)
    if args.command is None:
        from tracker.views.application import run_window

        fixed = location_overridden(getattr(args, "db", None))
        local = str(paths.db_file)
        return run_window(
            location,
            paths,
            location_fixed=fixed,
            fallback=None if fixed or location == local else local,
        )
    return run_command(args, location, paths)


class LedgerRecovery:
    """Backups of the ledger, reachable even when the ledger itself cannot be opened."""

    def __init__(self, location: str, paths: AppPaths) -> None:
        self._location = location
        self.folder = backup_folder(paths, load_settings(paths.settings_file))

    def list(self) -> list[BackupFile]:
        """The backups, newest first."""
        from tracker.db.backups import list_backups

        return list_backups(self.folder)

    def choose(self, name: str) -> Path:
        """The backup named on the command line: a path, or "latest" for the newest good one."""
        from tracker.db.backups import newest_good_backup

        if name == "latest":
            newest = newest_good_backup(self.folder)
            if newest is None:
                raise NotFoundError(f"备份文件夹中没有可用的备份:{self.folder}")
            return newest
        path = Path(name).expanduser()
        if not path.is_absolute() and not path.exists():
            path = self.folder / name
        if not path.is_file():
            raise NotFoundError(f"备份文件不存在:{name}")
        return path

    def replace_damaged(self, backup: Path) -> Path:
        """Put ``backup`` in place of the damaged ledger file, keeping the damaged one."""
        from tracker.db import database_url, sqlite
        from tracker.db.backups import replace_damaged

        target = sqlite.file_path(database_url(self._location))
        if target is None:
            raise DatabaseError("只能恢复本机数据库文件。")
        if not sqlite.is_sound(backup):
            raise DatabaseError(f"备份文件也已损坏:{backup}")
        return replace_damaged(target, backup)


def print_pdf(path: Path, title: str, rows: list[ItemRow], as_of: date) -> Path:
    """Write a checklist PDF from the command line (Qt painting, no window)."""
    from tracker.views.application import headless_application
    from tracker.views.checklist import Checklist, export_pdf

    headless_application()
    return export_pdf(path, Checklist(title=title, as_of=as_of, rows=rows))


def run_command(args: object, location: str, paths: AppPaths) -> int:
    """Run one command-line command; user errors become one Chinese line and exit code 1."""
    runner = cli.CommandRunner(
        lambda: open_services(location, paths, paths.settings_file),
        print_pdf=print_pdf,
        recovery=LedgerRecovery(location, paths),
    )
    try:
        return runner.run(args)  # type: ignore[arg-type]
    except UserError as error:
        log.info("command failed: %s", error.message)
        text = error.message + (f"({error.hint})" if error.hint else "")
        print("错误:" + text.replace("\n", " "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`… | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:
        log.exception("unexpected error in command")
        print(f"程序内部错误,详情已写入日志:{paths.log_file}", file=sys.stderr)
        return 3
    finally:
        runner.close()
