"""A second start of the program on the same ledger brings the first window forward."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot


def test_a_second_start_brings_the_first_to_the_front(qtbot: QtBot) -> None:
    from tracker.views.single_instance import SingleInstance, instance_key

    key = instance_key(f"/tmp/ledger-{time.time()}.db")
    first = SingleInstance(key)
    assert first.listen()
    second = SingleInstance(key)
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert second.notify_running()
    first.close()
    assert not SingleInstance(key).notify_running(timeout_ms=200)
