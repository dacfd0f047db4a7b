"""What every service needs to know about the moment: who acts, what day it is, warnings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tracker.domain import DEFAULT_WARNING_DAYS


@dataclass(frozen=True)
class ServiceContext:
    """Providers the services call at each use, so settings changes apply at once."""

    actor: Callable[[], str] = field(default=lambda: "系统")
    today: Callable[[], date] = field(default=date.today)
    warning_days: Callable[[], int] = field(default=lambda: DEFAULT_WARNING_DAYS)
