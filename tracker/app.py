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
from tracker.errors import UserError
from tracker.paths import AppPaths
from tracker.settings import load_settings

if TYPE_CHECKING:
    from tracker.dto import ItemRow

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
        from tracker.services.opening import LedgerOpener

        return run_window(
            location,
            LedgerOpener(paths),
            location_fixed=fixed,
            fallback=None if fixed or location == local else local,
        )
    return run_command(args, location, paths)


def print_pdf(path: Path, title: str, rows: list[ItemRow], as_of: date) -> Path:
    """Write a checklist PDF from the command line (Qt painting, no window)."""
    from tracker.views.application import headless_application
    from tracker.views.checklist import Checklist, export_pdf

    headless_application()
    return export_pdf(path, Checklist(title=title, as_of=as_of, rows=rows))


def run_command(args: object, location: str, paths: AppPaths) -> int:
    """Run one command-line command; user errors become one Chinese line and exit code 1."""
    from tracker.services.opening import LedgerOpener

    opener = LedgerOpener(paths)
    runner = cli.CommandRunner(
        lambda: opener.open(location),
        print_pdf=print_pdf,
        recovery=opener.recovery(location),
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
