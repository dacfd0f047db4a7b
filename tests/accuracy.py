"""Measure the importer against hand-labelled documents.

``python -m tests.accuracy [DIR ...]`` prints the figures and every difference; the tests in
test_importer_accuracy.py hold the importer to the targets.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.importing import parse_file
from tracker.importing.model import fingerprint_key

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES.parent.parent.parent / "shared" / "seeds"

FIELDS = (
    "number",
    "title",
    "heading_path",
    "content",
    "deadline_text",
    "due_date",
    "deadline_kind",
)


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    spurious: int = 0
    units_exact: int = 0
    leads_exact: int = 0
    deadline_exact: int = 0
    field_exact: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    differences: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.found += other.found
        self.spurious += other.spurious
        self.units_exact += other.units_exact
        self.leads_exact += other.leads_exact
        self.deadline_exact += other.deadline_exact
        for name in FIELDS:
            self.field_exact[name] += other.field_exact[name]
        self.differences.extend(other.differences)

    def rate(self, count: int) -> float:
        return count / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    def summary(self) -> dict[str, Any]:
        return {
            "expected_items": self.expected,
            "found": self.found,
            "recall": round(self.recall, 4),
            "spurious": self.spurious,
            "units_exact": round(self.rate(self.units_exact), 4),
            "leads_exact": round(self.rate(self.leads_exact), 4),
            "deadline_text_exact": round(self.rate(self.deadline_exact), 4),
            **{
                f"{name}_exact": round(self.rate(self.field_exact[name]), 4)
                for name in FIELDS
                if name != "deadline_text"
            },
        }


def _key(item: dict[str, Any]) -> str:
    return fingerprint_key(item["content"])


def _match(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pair expected and actual items by their text, in order."""
    pairs, used = [], set()
    start = 0
    for i, item in enumerate(expected):
        key = _key(item)
        best, best_ratio = None, 0.0
        for j in range(len(actual)):
            if j in used:
                continue
            other = _key(actual[j])
            if other == key:
                best, best_ratio = j, 1.0
                break
            ratio = difflib.SequenceMatcher(None, key[:200], other[:200], autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = j, ratio
        if best is not None and best_ratio >= 0.85:
            pairs.append((i, best))
            used.add(best)
            start = best
    del start
    return pairs


def _units(item: dict[str, Any]) -> list[str]:
    return [unit["name"] for unit in item["units"]]


def _leads(item: dict[str, Any]) -> list[str]:
    return [unit["name"] for unit in item["units"] if unit["role"] == "lead"]


def score_document(name: str, expected: dict[str, Any], actual: dict[str, Any]) -> Score:
    score = Score(expected=len(expected["items"]))
    pairs = _match(expected["items"], actual["items"])
    score.found = len(pairs)
    matched = {j for _, j in pairs}
    score.spurious = len(actual["items"]) - len(matched)
    for i, item in enumerate(expected["items"]):
        if i not in {a for a, _ in pairs}:
            score.differences.append(f"{name}: 未找到 {item['number']} {item['title']}")
    for j, item in enumerate(actual["items"]):
        if j not in matched:
            score.differences.append(f"{name}: 多出 {item['number']} {item['title']}")
    for i, j in pairs:
        want, got = expected["items"][i], actual["items"][j]
        label = f"{name} {want['number']} {want['title'][:16]}"
        if _units(want) == _units(got):
            score.units_exact += 1
        else:
            score.differences.append(f"{label}: 单位 {_units(want)} ≠ {_units(got)}")
        if _leads(want) == _leads(got) and [u["role"] for u in want["units"]] == [
            u["role"] for u in got["units"]
        ]:
            score.leads_exact += 1
        elif _units(want) == _units(got):
            score.differences.append(
                f"{label}: 角色 {[u['role'] for u in want['units']]} ≠ "
                f"{[u['role'] for u in got['units']]}"
            )
        if want["deadline_text"] == got["deadline_text"]:
            score.deadline_exact += 1
        for field_name in FIELDS:
            if want[field_name] == got[field_name]:
                score.field_exact[field_name] += 1
            elif field_name != "content":
                score.differences.append(
                    f"{label}: {field_name} {want[field_name]!r} ≠ {got[field_name]!r}"
                )
            else:
                score.differences.append(f"{label}: content differs")
    for meta in ("title", "doc_number", "date", "issuer"):
        if expected.get(meta) != actual.get(meta):
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
            inputs = [
                p
                for p in folder.iterdir()
                if p.name.startswith(stem + ".") and not p.name.endswith(".expected.json")
            ]
            if not inputs and (SEEDS / f"{stem}.txt").exists():
                inputs = [SEEDS / f"{stem}.txt"]
            if inputs:
                pairs.append((inputs[0], expected))
    return pairs


def score_files(pairs: list[tuple[Path, Path]]) -> Score:
    total = Score()
    for source, expected_path in pairs:
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        actual = parse_file(source).to_json()
        want_docs, got_docs = expected["documents"], actual["documents"]
        if len(want_docs) != len(got_docs):
            total.differences.append(f"{source.name}: 文件数 {len(want_docs)} ≠ {len(got_docs)}")
        for index, want in enumerate(want_docs):
            got = got_docs[index] if index < len(got_docs) else {"items": []}
            total.add(score_document(f"{source.stem}#{index + 1}", want, got))
        for extra in got_docs[len(want_docs) :]:
            total.spurious += len(extra["items"])
    return total


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [FIXTURES / "seeds", FIXTURES / "holdout"]
    score = score_files(expected_files(folders))
    for line in score.differences:
        print(line)
    print(json.dumps(score.summary(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
