"""The reading process: forked while the program is still one thread without Qt (a file named at start), started
fresh once Qt has loaded, and reading the same filing either way."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import SAMPLE_FILES

#: Run in a fresh interpreter: the start method chosen, then the filing read through the reading process.
_READ = """
import sys
from form4viewer.gui import reading
if sys.argv[1] == "after-qt":
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
print(reading._context().get_start_method())
filing, data = reading.result_of(reading.start_reading(sys.argv[2]))
print(filing.issuer.name.value)
print(filing.derivative_transactions[0].shares.value)
print(len(data))
reading.shutdown()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reading process is forked on Linux only")
@pytest.mark.parametrize(("when", "method"), [("before-qt", "fork"), ("after-qt", "spawn")])
def test_the_reading_process_is_forked_only_before_qt_loads_and_reads_the_same_filing(when: str, method: str) -> None:
    sample = SAMPLE_FILES["pdf"]
    proc = subprocess.run([sys.executable, "-c", _READ, when, str(sample)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    chosen, issuer, shares, size = proc.stdout.split("\n")[:4]
    assert chosen == method
    assert issuer == "MICROSOFT CORP"
    assert shares == "26.051"
    assert int(size) == sample.stat().st_size
