"""The reading process: forked while the program is still one thread without Qt (a file named at start), started
fresh once Qt has loaded, reading the same filing either way, and giving way to the window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from form4viewer.gui import reading

from .conftest import SAMPLE_FILES

#: Run in a fresh interpreter: the start method chosen, the filing read through the reading process, and how much
#: lower the reading process's priority is than this one's.
_READ = """
import os, sys
from form4viewer.gui import reading
if sys.argv[1] == "after-qt":
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
print(reading._context().get_start_method())
filing, data, _pages = reading.result_of(reading.start_reading(sys.argv[2]))
print(filing.issuer.name.value)
print(filing.derivative_transactions[0].shares.value)
print(len(data))
print(reading._submit(os.nice, 0).result() - os.nice(0))
reading.shutdown()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reading process is forked on Linux only")
@pytest.mark.parametrize(("when", "method"), [("before-qt", "fork"), ("after-qt", "spawn")])
def test_the_reading_process_is_forked_only_before_qt_loads_and_reads_the_same_filing(when: str, method: str) -> None:
    sample = SAMPLE_FILES["pdf"]
    proc = subprocess.run([sys.executable, "-c", _READ, when, str(sample)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    chosen, issuer, shares, size, lower = proc.stdout.split("\n")[:5]
    assert chosen == method
    assert issuer == "MICROSOFT CORP"
    assert shares == "26.051"
    assert int(size) == sample.stat().st_size
    assert int(lower) == min(reading.READING_NICENESS, 19 - os.nice(0))


def test_a_window_that_quits_while_its_pdf_is_still_being_read_exits_cleanly(tmp_path: Path) -> None:
    """`--screenshot-when shown` quits once the pages are drawn, with the reading stopped half-way; the thread that
    waited for it must not outlive the application (it crashed the process now and then). Several launches, as the
    crash depended on timing."""
    sample = SAMPLE_FILES["pdf"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FORM4VIEWER_DATA_DIR": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    for launch in range(4):
        png = tmp_path / f"shown{launch}.png"
        proc = subprocess.run([sys.executable, "-m", "form4viewer", str(sample), "--db", str(tmp_path / "f.sqlite"),
                               "--screenshot", str(png), "--screenshot-when", "shown"],
                              env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, (launch, proc.returncode, proc.stderr)
        assert png.stat().st_size > 10_000


def _read_so_far() -> int:
    """Bytes this process has read so far (Linux's /proc/self/io); an answer coming through a pipe counts a pipe's
    buffer at a time, where its sender's count moves only once the whole answer is out."""
    with open("/proc/self/io") as io:
        return next(int(line.split()[1]) for line in io if line.startswith("rchar:"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/PID/io is Linux's")
def test_a_wait_for_an_answer_ends_when_the_reading_process_is_stopped_in_the_middle_of_sending_it() -> None:
    """Esc or quitting stops the reading process whenever it comes, also while it hands back a filing: the wait for
    that answer ends at once with the reading process's stop (it waited for the rest of the answer for ever, and
    quitting hung). The process is frozen a few megabytes into a 400 MB answer, stopped, and let go."""
    reading.shutdown()
    try:
        assert reading._submit(os.getpid).result(timeout=120) > 0  # started, and idle
        assert reading._process is not None
        pid = reading._process.process.pid
        for _attempt in range(3):
            before = _read_so_far()
            future = reading._submit(bytes, 400_000_000)
            while _read_so_far() < before + 8_000_000:
                time.sleep(0.001)
            os.kill(pid, signal.SIGSTOP)
            time.sleep(0.2)
            if _read_so_far() < before + 400_000_000:
                break
            os.kill(pid, signal.SIGCONT)  # it got it all out before it was frozen: again
            assert len(future.result()) == 400_000_000
        else:
            pytest.fail("the answer was always sent whole before the process could be frozen")
        reading.shutdown()
        os.kill(pid, signal.SIGCONT)  # the stop it was sent takes effect
        with pytest.raises(reading.ProcessStoppedError):
            future.result(timeout=30)
        # The next job starts a reading process of its own.
        assert reading._submit(os.getpid).result(timeout=120) not in (pid, os.getpid())
    finally:
        reading.shutdown()
