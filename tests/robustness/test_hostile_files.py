"""Tiny files built to exhaust memory or time get one Chinese line, in bounded time and memory.

Each file is read in a child process limited to 1.5 GB of memory: before the reading budget,
these files reached 3–4 GB, ran for minutes or ended in "程序内部错误".
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, python_cmd
from tests.robustness import hostile_files
from tracker.importing import parse_file, parse_text

BAD = FIXTURES / "bad"

_DRIVER = """
import json, sys, time
try:
    import resource
    limit = 1536 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
except (ImportError, ValueError, OSError):
    pass
from pathlib import Path
from tracker.errors import DocumentError
from tracker.importing import parse_file

for name in sys.argv[1:]:
    started = time.monotonic()
    try:
        parse_file(Path(name))
        outcome = ["read", ""]
    except DocumentError as error:
        outcome = ["refused", str(error)]
    except BaseException as error:
        outcome = ["crashed", type(error).__name__]
    print(json.dumps([name, *outcome, time.monotonic() - started], ensure_ascii=False), flush=True)
"""


def _read_in_child(paths: list[Path]) -> dict[str, tuple[str, str, float]]:
    result = subprocess.run(
        [sys.executable, "-c", _DRIVER, *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    outcomes = {}
    for line in result.stdout.splitlines():
        name, kind, message, seconds = json.loads(line)
        outcomes[Path(name).name] = (kind, message, seconds)
    missing = [p.name for p in paths if p.name not in outcomes]
    assert not missing, f"the child died at {missing[0]}: {result.stderr[-2000:]}"
    return outcomes


def _assert_refused(outcomes: dict[str, tuple[str, str, float]], expected: dict[str, str]) -> None:
    for name, words in expected.items():
        kind, message, seconds = outcomes[name]
        assert kind == "refused", (name, kind, message)
        assert words in message and name in message, (name, message)
        # Bounded: each is refused long before the minutes it used to take (a generous bound,
        # for a loaded machine; the refusals take well under a second here).
        assert seconds < 30, (name, seconds)


def test_the_kept_hostile_files_are_what_the_generator_makes() -> None:
    for name, (make, _) in hostile_files.SMALL.items():
        assert (BAD / name).read_bytes() == make(), name
    for name, make in hostile_files.MALFORMED.items():
        assert (BAD / name).read_bytes() == make(), name


def test_tiny_hostile_files_are_refused_in_bounded_time_and_memory() -> None:
    paths = [BAD / name for name in hostile_files.SMALL]
    _assert_refused(_read_in_child(paths), {n: w for n, (_, w) in hostile_files.SMALL.items()})


@pytest.mark.slow
def test_large_hostile_files_are_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    paths = []
    for name, (make, _) in hostile_files.LARGE.items():
        (tmp_path / name).write_bytes(make())
        paths.append(tmp_path / name)
    _assert_refused(_read_in_child(paths), {n: w for n, (_, w) in hostile_files.LARGE.items()})


def test_malformed_numbers_are_read_as_word_reads_them() -> None:
    level = parse_file(BAD / "malformed-level.docx")
    start = parse_file(BAD / "malformed-start.docx")
    for result in (level, start):
        items = [item for document in result.documents for item in document.items]
        assert [item.number for item in items] == ["1", "2", "3"]
        assert all(unit.name == "县卫健局" for item in items for unit in item.units)
    [item] = [i for d in parse_file(BAD / "malformed-grid-span.docx").documents for i in d.items]
    assert item.title == "推进卫生院标准化建设"
    assert [unit.name for unit in item.units] == ["县卫健局"]


def test_parsing_hard_wrapped_text_is_linear() -> None:
    """A PDF's text layer of 1.5 MB used to take minutes: each joined line re-read the whole
    paragraph before it. Four times the text must take about four times as long."""

    def seconds(size: int) -> float:
        text = hostile_files.hard_wrapped_text(size).decode()
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            parse_text(text)
            best = min(best, time.perf_counter() - started)
        return best

    seconds(20_000)  # the parser's patterns compiled, caches warm
    small, large = seconds(150_000), seconds(600_000)
    assert large / small < 8, f"{small:.2f}s → {large:.2f}s: not linear"


def test_a_budget_limit_reached_in_pypdf_is_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf.errors import LimitReachedError

    from tracker.errors import DocumentError
    from tracker.importing.readers.pdf import read_pdf

    def bomb(*args: object, **kwargs: object) -> None:
        raise LimitReachedError("Limit reached while decompressing.")

    monkeypatch.setattr("pypdf.PdfReader", bomb)
    with pytest.raises(DocumentError, match="解压后过大"):
        read_pdf(b"%PDF-1.4\n", "炸弹.pdf")


def test_the_command_line_says_one_line_for_a_hostile_file(tmp_path: Path) -> None:
    result = subprocess.run(
        [*python_cmd(), "import", str(BAD / "numbering-start-upper-roman.docx"), "--dry-run"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**__import__("os").environ, "TRACKER_HOME": str(tmp_path)},
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "编号" in result.stderr


def test_each_character_is_counted_once_against_the_budget() -> None:
    """A PDF's text is counted page by page: counting it again as a whole halved the limit."""
    from tracker.importing import read_blocks
    from tracker.importing.blocks import Paragraph
    from tracker.importing.budget import Budget

    for name in ("work-plan-text-layer.pdf",):
        budget = Budget(name)
        blocks = read_blocks((FIXTURES / "files" / name).read_bytes(), name, budget)
        text = "\n".join(block.text for block in blocks if isinstance(block, Paragraph))
        assert 0 < budget.chars <= len(text) + len(blocks)
    budget = Budget("要点.txt")
    read_blocks("一、总体要求\n1.推进医共体建设。\n".encode(), "要点.txt", budget)
    assert budget.chars == len("一、总体要求\n1.推进医共体建设。\n")
