"""Measure the importer against hand-labelled documents.

``python -m tests.accuracy [--quiet] [--by-document] [DIR ...]`` prints every difference and
the figures; tests/importing/test_accuracy.py holds the importer to the targets. ``--quiet``
prints the figures only: it is how the untouched part of the real corpus is measured, so that
nobody reads its documents while the rules are being tuned.

A labelled input ``NAME.txt`` (or ``.docx``, ``.xlsx`` …) sits next to ``NAME.expected.json``.
Text inputs of the real corpus start with a ``# source: <address>`` line saying where the
document was published; that line is not part of the document and is not parsed.

The figures:

- ``recall`` / ``precision`` / ``f1``: expected tasks found / found tasks that are expected;
- ``units_exact``: of the tasks found, those whose unit names are right, in order;
- ``leads_exact``: of the tasks found, those whose lead units are right (no lead when none is
  marked counts as right only if none is expected);
- ``roles_exact``: of the tasks found, those whose every unit has the right role;
- ``deadline_text_exact``: of the tasks found, those whose deadline phrase is right;
- ``ledger_ready``: of all expected tasks, those found with units, leads and deadline phrase
  all right: rows a clerk would not have to touch.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.importing import parse_bytes
from tracker.importing.model import fingerprint_key

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCE_LINE = b"# source:"

FIELDS = (
    "number",
    "title",
    "heading_path",
    "content",
    "deadline_text",
    "due_date",
    "deadline_kind",
)
METADATA = ("title", "doc_number", "date", "issuer")


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    actual: int = 0
    spurious: int = 0
    units_exact: int = 0
    leads_exact: int = 0
    roles_exact: int = 0
    deadline_exact: int = 0
    ready: int = 0
    documents: int = 0
    metadata_exact: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METADATA, 0))
    field_exact: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    differences: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "expected",
            "found",
            "actual",
            "spurious",
            "units_exact",
            "leads_exact",
            "roles_exact",
            "deadline_exact",
            "ready",
            "documents",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in FIELDS:
            self.field_exact[name] += other.field_exact[name]
        for name in METADATA:
            self.metadata_exact[name] += other.metadata_exact[name]
        self.differences.extend(other.differences)

    def rate(self, count: int) -> float:
        return count / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.actual if self.actual else 1.0

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 2 * self.recall * self.precision / total if total else 0.0

    @property
    def ledger_ready(self) -> float:
        return self.ready / self.expected if self.expected else 1.0

    def summary(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "expected_items": self.expected,
            "found": self.found,
            "spurious": self.spurious,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "f1": round(self.f1, 4),
            "units_exact": round(self.rate(self.units_exact), 4),
            "leads_exact": round(self.rate(self.leads_exact), 4),
            "roles_exact": round(self.rate(self.roles_exact), 4),
            "deadline_text_exact": round(self.rate(self.deadline_exact), 4),
            "ledger_ready": round(self.ledger_ready, 4),
            **{
                f"{name}_exact": round(self.rate(self.field_exact[name]), 4)
                for name in FIELDS
                if name != "deadline_text"
            },
            **{
                f"document_{name}_exact": round(
                    self.metadata_exact[name] / self.documents if self.documents else 1.0, 4
                )
                for name in METADATA
            },
        }


def _key(item: dict[str, Any]) -> str:
    return fingerprint_key(item["content"])


def _match(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pair expected and actual items by their text (exact first, then the most similar)."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    actual_keys = [_key(item) for item in actual]
    exact: dict[str, list[int]] = {}
    for j, key in enumerate(actual_keys):
        exact.setdefault(key, []).append(j)
    pending = []
    for i, item in enumerate(expected):
        key = _key(item)
        candidates = [j for j in exact.get(key, []) if j not in used]
        if candidates:
            pairs.append((i, candidates[0]))
            used.add(candidates[0])
        else:
            pending.append((i, key))
    for i, key in pending:
        best, best_ratio = None, 0.0
        for j, other in enumerate(actual_keys):
            if j in used:
                continue
            matcher = difflib.SequenceMatcher(None, key[:300], other[:300], autojunk=False)
            if matcher.real_quick_ratio() < 0.85 or matcher.quick_ratio() < 0.85:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = j, ratio
        if best is not None and best_ratio >= 0.85:
            pairs.append((i, best))
            used.add(best)
    return sorted(pairs)


def _units(item: dict[str, Any]) -> list[str]:
    return [unit["name"] for unit in item["units"]]


def _leads(item: dict[str, Any]) -> list[str]:
    return [unit["name"] for unit in item["units"] if unit["role"] == "lead"]


def _roles(item: dict[str, Any]) -> list[tuple[str, str]]:
    return [(unit["name"], unit["role"]) for unit in item["units"]]


def score_document(name: str, expected: dict[str, Any], actual: dict[str, Any]) -> Score:
    score = Score(expected=len(expected["items"]), actual=len(actual["items"]), documents=1)
    pairs = _match(expected["items"], actual["items"])
    score.found = len(pairs)
    matched_expected = {i for i, _ in pairs}
    matched_actual = {j for _, j in pairs}
    score.spurious = len(actual["items"]) - len(matched_actual)
    for i, item in enumerate(expected["items"]):
        if i not in matched_expected:
            score.differences.append(f"{name}: 未找到 {item['number']} {item['title']}")
    for j, item in enumerate(actual["items"]):
        if j not in matched_actual:
            score.differences.append(f"{name}: 多出 {item['number']} {item['title']}")
    for i, j in pairs:
        want, got = expected["items"][i], actual["items"][j]
        label = f"{name} {want['number']} {want['title'][:16]}"
        units_right = _units(want) == _units(got)
        leads_right = _leads(want) == _leads(got)
        deadline_right = want["deadline_text"] == got["deadline_text"]
        if units_right:
            score.units_exact += 1
        else:
            score.differences.append(f"{label}: 单位 {_units(want)} ≠ {_units(got)}")
        if leads_right:
            score.leads_exact += 1
        elif units_right:
            score.differences.append(f"{label}: 牵头 {_leads(want)} ≠ {_leads(got)}")
        if _roles(want) == _roles(got):
            score.roles_exact += 1
        elif units_right and leads_right:
            score.differences.append(
                f"{label}: 角色 {[u['role'] for u in want['units']]} ≠ "
                f"{[u['role'] for u in got['units']]}"
            )
        if deadline_right:
            score.deadline_exact += 1
        if units_right and leads_right and deadline_right:
            score.ready += 1
        for field_name in FIELDS:
            if want[field_name] == got[field_name]:
                score.field_exact[field_name] += 1
            elif field_name != "content":
                score.differences.append(
                    f"{label}: {field_name} {want[field_name]!r} ≠ {got[field_name]!r}"
                )
            else:
                score.differences.append(f"{label}: content differs")
    for meta in METADATA:
        if expected.get(meta) == actual.get(meta):
            score.metadata_exact[meta] += 1
        else:
            score.differences.append(
                f"{name}: 文件{meta} {expected.get(meta)!r} ≠ {actual.get(meta)!r}"
            )
    return score


def expected_files(folders: Iterable[Path]) -> list[tuple[Path, Path]]:
    """Pairs of (input file, expected JSON) in the given folders."""
    pairs = []
    for folder in folders:
        for expected in sorted(folder.glob("*.expected.json")):
            stem = expected.name[: -len(".expected.json")]
            inputs = sorted(
                p
                for p in folder.iterdir()
                if p.name.startswith(stem + ".") and not p.name.endswith(".json")
            )
            if inputs:
                pairs.append((inputs[0], expected))
    return pairs


def read_input(path: Path) -> bytes:
    """The bytes of a labelled input, without the ``# source:`` line of the real corpus."""
    data = path.read_bytes()
    if data.startswith(SOURCE_LINE):
        newline = data.find(b"\n")
        data = data[newline + 1 :] if newline >= 0 else b""
    return data


def source_address(path: Path) -> str | None:
    """The address a real-corpus document was published at (its first line), if any."""
    with path.open("rb") as handle:
        first = handle.readline()
    if not first.startswith(SOURCE_LINE):
        return None
    return first[len(SOURCE_LINE) :].decode("utf-8").strip()


def parse_input(path: Path) -> dict[str, Any]:
    """What the importer makes of a labelled input, in the contract's JSON shape."""
    return parse_bytes(read_input(path), path.name).to_json()


def score_pair(source: Path, expected_path: Path) -> Score:
    """Score one labelled input."""
    total = Score()
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    actual = parse_input(source)
    want_docs, got_docs = expected["documents"], actual["documents"]
    if len(want_docs) != len(got_docs):
        total.differences.append(f"{source.name}: 文件数 {len(want_docs)} ≠ {len(got_docs)}")
    for index, want in enumerate(want_docs):
        got = got_docs[index] if index < len(got_docs) else {"items": []}
        total.add(score_document(f"{source.stem}#{index + 1}", want, got))
    for extra in got_docs[len(want_docs) :]:
        total.spurious += len(extra["items"])
        total.actual += len(extra["items"])
    return total


def score_files(pairs: list[tuple[Path, Path]]) -> Score:
    total = Score()
    for source, expected_path in pairs:
        total.add(score_pair(source, expected_path))
    return total


def _document_table(pairs: list[tuple[Path, Path]]) -> list[str]:
    lines = ["file | tasks | found | spurious | units | leads | deadline | ready"]
    for source, expected_path in pairs:
        score = score_pair(source, expected_path)
        lines.append(
            f"{source.name} | {score.expected} | {score.found} | {score.spurious} | "
            f"{score.units_exact} | {score.leads_exact} | {score.deadline_exact} | {score.ready}"
        )
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.accuracy")
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--quiet", action="store_true", help="only the figures, no differences")
    parser.add_argument("--by-document", action="store_true", help="a line of counts per file")
    args = parser.parse_args(argv)
    folders = args.folders or [FIXTURES / "seeds", FIXTURES / "holdout", FIXTURES / "holdout2"]
    pairs = expected_files(folders)
    score = score_files(pairs)
    if not args.quiet:
        for line in score.differences:
            print(line)
        if args.by_document:
            print("\n".join(_document_table(pairs)))
    print(json.dumps(score.summary(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
