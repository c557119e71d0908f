"""How long reading one file may take.

`time_budget(seconds, name)` bounds the reading of one file. Where the platform has interval timers and the reading
runs on the main thread (a reading or import process, the command line), a timer interrupts the reading wherever it
is, in the readers or in the PDF library. Elsewhere (a thread, or Windows) the readers' own loops call
`check_time()` at each page, line and record, which ends the reading at the next such point once the time is up.
Either way the reading ends with `TooSlowError` naming the file; the caller reports it and goes on with other files.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .errors import ReadError

#: The time `import` and `extract` give each file unless told otherwise. The largest real filings read in well
#: under two seconds; a file that needs a minute is built to waste time.
DEFAULT_SECONDS = 60.0


class TooSlowError(ReadError):
    """Reading the file took longer than the time allowed; it was stopped."""


@dataclass
class _Budget:
    name: str
    seconds: float
    deadline: float
    active: bool = True

    def error(self) -> TooSlowError:
        return TooSlowError(self.name, f"too slow to read: stopped after {self.seconds:g} s (the time allowed for "
                                       "one file); the file may be built to waste time")


_local = threading.local()


def _current() -> _Budget | None:
    return getattr(_local, "budget", None)


@contextlib.contextmanager
def time_budget(seconds: float | None, name: str) -> Iterator[None]:
    """Read one file within `seconds` (None or 0: no limit); raises TooSlowError naming `name` when it takes longer.
    An inner budget never extends an outer one."""
    if not seconds or seconds <= 0:
        yield
        return
    outer = _current()
    budget = _Budget(name, seconds, time.monotonic() + seconds)
    if outer is not None and outer.deadline < budget.deadline:
        budget.deadline, budget.seconds = outer.deadline, outer.seconds
    _local.budget = budget
    timer = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
             and outer is None)
    previous_handler: Any = None
    if timer:
        def expired(signum: int, frame: object) -> None:
            if budget.active:
                raise budget.error()

        previous_handler = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        budget.active = False
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)
        _local.budget = outer


def check_time() -> None:
    """End the reading with TooSlowError when the current file's time is up (no-op outside `time_budget`)."""
    budget = _current()
    if budget is not None and budget.active and time.monotonic() > budget.deadline:
        budget.active = False
        raise budget.error()
