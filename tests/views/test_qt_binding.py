"""The Qt binding itself: a version that corrupts reference counts must not be installed.

PySide6 6.12.0 releases a reference to ``True`` on every ``emit()`` from Python (and to
``None`` on model resets). The program emits on every keystroke and save, so after a few
thousand of them the interpreter aborts with "deallocating True", or at exit with
"deallocating None" once the ledger holds some ten thousand items.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QStringListModel, Signal


class _Sender(QObject):
    fired = Signal()
    counted = Signal(int)


def _drift(action: object, times: int = 300) -> dict[str, int]:
    before = {"True": sys.getrefcount(True), "None": sys.getrefcount(None)}
    for _ in range(times):
        action()  # type: ignore[operator]
    return {
        "True": sys.getrefcount(True) - before["True"],
        "None": sys.getrefcount(None) - before["None"],
    }


def _quiet(*_args: object) -> None:
    return None


def test_emitting_signals_keeps_reference_counts(qapp: object) -> None:
    sender = _Sender()
    sender.fired.connect(_quiet)
    sender.counted.connect(_quiet)
    drift = _drift(sender.fired.emit)
    drift_int = _drift(lambda: sender.counted.emit(1))
    assert max(map(abs, drift.values())) < 10, drift
    assert max(map(abs, drift_int.values())) < 10, drift_int


def test_model_resets_keep_reference_counts(qapp: object) -> None:
    model = QStringListModel(["甲", "乙"])
    model.modelReset.connect(_quiet)

    def reset() -> None:
        model.beginResetModel()
        model.endResetModel()

    drift = _drift(reset)
    assert max(map(abs, drift.values())) < 10, drift
