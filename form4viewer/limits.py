"""How long reading one file may take.

`time_budget(seconds, name)` bounds the reading of one file. Where the platform has interval timers and the reading
runs on the main thread (a reading or import process, the command line), a timer interrupts the reading wherever it
is, in the readers or in the PDF library. Elsewhere (a thread, or Windows) the readers' own loops call
`check_time()` at each page, line and record, which ends the reading at the next such point once the time is up.
Either way the reading ends with `TooSlowError` naming the file; the caller reports it and goes on with other files.

A scan is read page by page by OCR, and one page takes as long as a whole printout's reading (16 s on a busy
two-core machine): the scan reader calls `fresh_time(part)` as each page starts, which gives the file its full time
again for that page, so a five-page scan is not stopped for being five pages long, while a page that takes longer
than the whole time allowed still stops the reading, naming the page. A page's time is stretched by how busy the
machine is (its load per core, `busy_factor`): on two cores shared by a dozen programs a page takes six times as long,
and the window's reading process, which gives way to the window, longer still.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .errors import ReadError

try:
    # signal.signal without its wrapper, which makes an Enum of each handler it gives back and, for a function,
    # fails to first (about 12 us a file read, against 1 us); the handlers given and given back are the same.
    from _signal import signal as _set_handler
except ImportError:  # a Python without the C module
    _set_handler = signal.signal

#: The time `import` and `extract` give each file unless told otherwise. The largest real filings read in well
#: under two seconds; a file that needs a minute is built to waste time.
DEFAULT_SECONDS = 60.0
#: The most a page's time is stretched for a busy machine.
MOST_BUSY = 10.0


class TooSlowError(ReadError):
    """Reading the file took longer than the time allowed; it was stopped."""


@dataclass
class _Budget:
    name: str
    seconds: float
    deadline: float
    active: bool = True
    outer: _Budget | None = None
    timer: bool = False  # this budget holds the process's interval timer
    part: str = ""  # the part being read under `fresh_time` ("page 2 of 5"), else ""
    stretch: float = 1.0  # how much longer than `seconds` the part was given for a busy machine

    def error(self) -> TooSlowError:
        if self.part:
            allowed = (f"{round(self.seconds * self.stretch, 1):g} s on {self.part} (the time allowed for each page of a "
                       f"scan, {self.seconds:g} s, stretched {self.stretch:.1f}x as the machine is busy)"
                       if self.stretch > 1 else
                       f"{self.seconds:g} s on {self.part} (the time allowed for each page of a scan)")
            return TooSlowError(self.name, f"too slow to read: stopped after {allowed}; the page may be built to "
                                           "waste time")
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
    budget = _Budget(name, seconds, time.monotonic() + seconds, outer=outer)
    if outer is not None and outer.deadline < budget.deadline:
        budget.deadline, budget.seconds = outer.deadline, outer.seconds
    _local.budget = budget
    timer = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
             and outer is None)
    budget.timer = timer
    previous_handler: Any = None
    if timer:
        def expired(signum: int, frame: object) -> None:
            if budget.active:
                raise budget.error()

        previous_handler = _set_handler(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        budget.active = False
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _set_handler(signal.SIGALRM, previous_handler)
        _local.budget = outer


def check_time() -> None:
    """End the reading with TooSlowError when the current file's time is up (no-op outside `time_budget`)."""
    budget = _current()
    if budget is not None and budget.active and time.monotonic() > budget.deadline:
        budget.active = False
        raise budget.error()


def fresh_time(part: str) -> None:
    """Start the current file's time again for `part` of it ("page 2 of 5" of a scan), never shortening it: each
    part may take the whole time the file was given, and one that takes longer stops the reading with
    TooSlowError naming the part. Ends the reading first if the time is up already. No-op outside `time_budget`."""
    check_time()
    budget = _current()
    now = time.monotonic()
    stretch = busy_factor() if budget is not None else 1.0
    while budget is not None:
        if budget.active:
            budget.part, budget.stretch = part, stretch
            allowed = budget.seconds * stretch
            if now + allowed > budget.deadline:
                budget.deadline = now + allowed
                if budget.timer:
                    signal.setitimer(signal.ITIMER_REAL, allowed)
        budget = budget.outer


def busy_factor() -> float:
    """How many programs wait for each core (the load average of the last minute per core), at least 1 and at most
    MOST_BUSY: how much longer than on an idle machine a page of OCR takes. 1 where the load is not known."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average
        return 1.0
    return max(1.0, min(MOST_BUSY, load / (os.cpu_count() or 1)))


def time_left(most: float) -> float:
    """The seconds left of the current file's time, at most `most` (`most` outside `time_budget`): how long a
    program run for the reading (the OCR engine) may take before it is stopped."""
    budget = _current()
    if budget is None or not budget.active:
        return most
    return max(0.01, min(most, budget.deadline - time.monotonic()))
