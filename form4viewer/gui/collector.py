"""Garbage collection on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a generation fills up. When that
is a worker thread (the reading pool's manager thread, a QThreadPool runnable) and the cycle it frees holds a Qt
object, the object is destroyed outside the thread it lives in and Qt crashes. So while the window runs, automatic
collection is off and a timer on the GUI thread collects instead, generation by generation as Python would.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadCollector(QObject):
    """Turns automatic garbage collection off and collects from a timer on the thread that made it."""

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)

    def collect(self) -> None:
        """Collect the generations whose counts passed their thresholds, as automatic collection would have."""
        first, second, third = gc.get_count()
        if first <= self.thresholds[0]:
            return
        generation = 0
        if second > self.thresholds[1]:
            generation = 2 if third > self.thresholds[2] else 1
        gc.collect(generation)

    def stop(self) -> None:
        """Collect what is left on this thread and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
