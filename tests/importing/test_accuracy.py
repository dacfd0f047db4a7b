"""The importer against hand-labelled documents: the seeds and the held-out sets."""

from __future__ import annotations

import pytest

from tests.accuracy import FIXTURES, expected_files, score_files

SETS = ["seeds", "holdout", "holdout2"]


@pytest.mark.parametrize("name", SETS)
def test_accuracy_targets(name: str) -> None:
    folder = FIXTURES / name
    pairs = expected_files([folder])
    if name == "seeds":
        assert len(pairs) == 5
    if not pairs:
        pytest.skip(f"no labelled documents in {folder}")
    score = score_files(pairs)
    summary = score.summary()
    report = "\n".join(score.differences[:40])
    assert summary["recall"] >= 0.97, report
    assert summary["spurious"] <= 0.01 * summary["expected_items"], report
    assert summary["units_exact"] >= 0.95, report
    assert summary["leads_exact"] >= 0.95, report
    assert summary["deadline_text_exact"] >= 0.95, report


def test_every_labelled_input_exists() -> None:
    for name in SETS:
        for expected in (FIXTURES / name).glob("*.expected.json"):
            stem = expected.name[: -len(".expected.json")]
            assert any(
                p.name.startswith(stem + ".") and p != expected
                for p in expected.parent.iterdir()
            ), stem


def test_seed_003_holds_five_documents() -> None:
    from tracker.importing import parse_file

    result = parse_file(FIXTURES / "seeds" / "003_b403c230140db816.txt")
    assert [d.title for d in result.documents] == [
        f"卫生高质量发展实施方案 篇{n}" for n in range(1, 6)
    ]
