"""The reading process: forked while the program is still one thread without Qt (a file named at start), started
fresh once Qt has loaded, reading the same filing either way, and giving way to the window."""

from __future__ import annotations

import os
import subprocess
import sys
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
print(reading._executor.submit(os.nice, 0).result() - os.nice(0))
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
