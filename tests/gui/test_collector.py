"""Garbage collection happens on the GUI thread only while the window runs (a cycle holding a Qt object freed from
a worker thread crashes Qt)."""

from __future__ import annotations

import gc
import threading

from form4viewer.gui.collector import MainThreadCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collection_is_off_in_other_threads_and_done_by_the_gui_thread_timer(qtbot) -> None:
    # The test fixture already runs a collector; this one is checked on its own.
    gc.enable()
    collector = MainThreadCollector(interval_ms=20)
    try:
        assert not gc.isenabled()
        collected_in: list[str] = []
        gc.callbacks.append(lambda phase, info: collected_in.append(threading.current_thread().name)
                            if phase == "stop" else None)
        worker = threading.Thread(target=lambda: [_Cycle() for _ in range(20_000)], name="worker")
        worker.start()
        worker.join()
        assert "worker" not in collected_in
        qtbot.waitUntil(lambda: threading.main_thread().name in collected_in, timeout=3000)
    finally:
        gc.callbacks.pop()
        collector.stop()
    assert gc.isenabled()
    gc.disable()  # back as the fixture's collector wants it until it stops
