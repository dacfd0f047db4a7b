"""Measuring: timings against a baseline of the same run, child processes, results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Result:
    """One line of the table: a measurement, its baseline and the target it is held to.

    ``value`` and ``baseline`` are in ``unit``; ``ratio`` is value / baseline where a baseline
    makes sense. ``target`` reads like "≤ 3×" and ``met`` says whether it holds (None: no target).
    """

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        """The result as plain JSON values."""
        return asdict(self)


def timed(action: Callable[[], object], *, repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs of ``action``, in seconds.

    The minimum is what the code costs; anything above it is the machine's other work.
    """
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def child_env(home: Path) -> dict[str, str]:
    """The environment of a measured child: its own data folder, offscreen Qt, no user ledger."""
    env = dict(os.environ)
    env["TRACKER_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("TRACKER_DB", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def _run(command: list[str], *, home: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run a measured child in its own data folder; its failure stops the benchmark."""
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=child_env(home),
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{completed.stderr[-4000:]}")
    return completed


def run_child(command: str, *args: str, home: Path, timeout: float = 900) -> dict[str, Any]:
    """Run ``python -m bench.child COMMAND ARGS`` and return the JSON it prints last."""
    completed = _run(
        [sys.executable, "-m", "bench.child", command, *args], home=home, timeout=timeout
    )
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def wall_until_line(command: list[str], *, home: Path, timeout: float = 120) -> list[float]:
    """Seconds from starting ``command`` to each wall-clock time it prints, one per line.

    The child prints ``time.time()`` at the moments that count (its first paint, say) and
    exits; the intervals are measured on one clock across both processes.
    """
    started = time.time()
    completed = _run(command, home=home, timeout=timeout)
    return [float(line) - started for line in completed.stdout.split()]


def process_seconds(command: list[str], *, home: Path, timeout: float = 120) -> float:
    """Wall seconds for ``command`` to run to its end."""
    started = time.perf_counter()
    _run(command, home=home, timeout=timeout)
    return time.perf_counter() - started


def peak_rss_mb() -> float | None:
    """This process's peak resident memory in MB (None where the OS does not say).

    On Linux this is VmHWM: ``ru_maxrss`` survives ``exec`` and would report the peak of the
    bench process that started this one.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # macOS reports bytes, the others kilobytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
