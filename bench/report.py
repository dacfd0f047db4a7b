"""The results: a table for the terminal and docs/performance.md, JSON for comparing runs."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.core import Result

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"


def cpu_probe() -> float:
    """Seconds a fixed pure-Python loop takes now: how fast the (shared) machine is running."""
    started = time.perf_counter()
    total = 0
    for number in range(5_000_000):
        total += number * number
    return round(time.perf_counter() - started, 3)


def machine(probes: list[float]) -> dict[str, Any]:
    """What the numbers were measured on, and how fast it ran (``cpu_probe`` readings)."""
    return {
        "cpu_probe_seconds": probes,
        "system": platform.platform(),
        "cpu": _cpu_model(),
        "logical_cpus": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": {
            name: _version(name) for name in ("PySide6-Essentials", "SQLAlchemy", "openpyxl")
        },
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        pages = os.sysconf("SC_PHYS_PAGES")
        size = os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None
    return round(pages * size / 1024**3, 1)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit in {"项/秒", "毫秒", "MB"} or value >= 100:
        text = f"{value:,.0f}"
    elif value >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}" if value < 1 else f"{value:.2f}"
    return f"{text} {unit}".strip()


def _verdict(result: Result) -> str:
    if result.met is None:
        return ""
    return "达成" if result.met else "未达成"


def table(results: list[Result]) -> str:
    """A Markdown table (it reads well in a terminal too)."""
    lines = [
        "| 项目 | 结果 | 基准(同一次运行) | 倍数 | 目标 | 是否达成 | 说明 |",
        "|---|---:|---|---:|---|---|---|",
    ]
    for result in results:
        baseline = (
            f"{_number(result.baseline)} · {result.baseline_name}"
            if result.baseline is not None
            else "—"
        )
        ratio = f"{result.ratio:.2f}×" if result.ratio is not None else "—"
        lines.append(
            f"| {result.name} | {_number(result.value, result.unit)} | {baseline} | {ratio} | "
            f"{result.target or '—'} | {_verdict(result)} | {result.note} |"
        )
    return "\n".join(lines)


def machine_line(info: dict[str, Any]) -> str:
    """The machine in one line of Chinese."""
    packages = ", ".join(f"{name} {version}" for name, version in info["packages"].items())
    probes = "、".join(f"{p:.2f}" for p in info["cpu_probe_seconds"])
    return (
        f"{info['cpu']},{info['logical_cpus']} 个逻辑处理器,内存 {info['memory_gb']} GB;"
        f"{info['system']};Python {info['python']},SQLite {info['sqlite']};{packages}。"
        f"共享机器的速度时快时慢:运行中几次测量同一段纯 Python 循环,分别用了 {probes} 秒"
        "(越小越快)"
    )


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write the results as UTF-8 JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")


def update_docs(path: Path, results: list[Result], info: dict[str, Any], when: str) -> None:
    """Replace the measured table in ``path`` (between the bench markers) with this run's."""
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        sys.exit(f"{path} has no {BEGIN} … {END} section to replace")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    body = f"\n测量于 {when},机器:{machine_line(info)}\n\n{table(results)}\n"
    path.write_text(f"{head}{BEGIN}{body}{END}{tail}", encoding="utf-8")
