"""The command line: every subcommand calls the same services as the window.

``parser`` reads the arguments, ``commands`` runs them against the services and ``output``
turns what the services return into text lines and the documented JSON shapes.
"""

from tracker.cli.commands import CommandRunner, Recovery, item_filter_from
from tracker.cli.output import configure_output
from tracker.cli.parser import (
    EPILOG,
    MAX_DAYS,
    ChineseArgumentParser,
    build_parser,
    days,
    item_id,
)

__all__ = [
    "EPILOG",
    "MAX_DAYS",
    "ChineseArgumentParser",
    "CommandRunner",
    "Recovery",
    "build_parser",
    "configure_output",
    "days",
    "item_filter_from",
    "item_id",
]
