"""The time a file's reading may take: the alarm a budget sets is its own while it lasts, and the handler found
before it is put back after it, whatever that handler was."""

from __future__ import annotations

import signal
import time

import pytest

from form4viewer.limits import TooSlowError, time_budget

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers on this platform")


def test_a_time_budget_puts_back_the_alarm_handler_it_found() -> None:
    def mine(signum: int, frame: object) -> None:
        raise AssertionError("the budget's own handler should have run")

    before = signal.signal(signal.SIGALRM, mine)
    try:
        for _ in range(2):
            with time_budget(30, "1.xml"):
                assert signal.getsignal(signal.SIGALRM) is not mine
            assert signal.getsignal(signal.SIGALRM) is mine
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        with time_budget(30, "2.xml"):
            pass
        assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    finally:
        signal.signal(signal.SIGALRM, before)


def test_a_time_budget_stops_a_reading_that_outlasts_it_and_names_the_file() -> None:
    with pytest.raises(TooSlowError, match=r"^slow\.xml: too slow to read: stopped after 0\.2 s"):
        with time_budget(0.2, "slow.xml"):
            waited_until = time.monotonic() + 30  # a budget that never fires fails the test, not hangs it
            while time.monotonic() < waited_until:
                time.sleep(0.01)
