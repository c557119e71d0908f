"""The window while a 5-page scan is read by OCR: the longest pause of its event loop (a 10 ms timer's longest gap
between two ticks) from opening the scan to its values shown, against the baseline of the same window left idle
for 20 s (the pauses the machine's load and the timer make by themselves); with the seconds the reading took and
the seconds a page.

The scan is a 5-page TIFF at 150 dpi made from the printed EDGAR page of Apple's Form 4 (`tests/data/pdf/`, its two
pages repeated). Run with `pytest tests/benchmarks/bench_scan_window.py --benchmarks -s`; needs Tesseract.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

PRINTOUT = Path(__file__).resolve().parents[1] / "data" / "pdf" / "edgar-print-aapl-adams-2022.pdf"

#: Run in a window process of its own: argv = scan (or "idle"), database. Prints the figures as key=value lines.
_WINDOW = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from form4viewer.gui.main_window import MainWindow
app = QApplication(sys.argv[:1])
window = MainWindow(sys.argv[2], quiet=True)
window.resize(1440, 900)
window.show()
ticks = []
timer = QTimer()
timer.setInterval(10)
timer.timeout.connect(lambda: ticks.append(time.monotonic()))
pages = []
window.statusBar().messageChanged.connect(lambda text: pages.append(text) if text.startswith("Reading page") else None)
def report(outcome):
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    print(f"outcome={outcome}")
    print(f"seconds={ticks[-1] - ticks[0]:.1f}")
    print(f"longest_pause_ms={max(gaps) * 1000:.0f}")
    print(f"pauses_over_100ms={sum(1 for g in gaps if g > 0.1)}")
    print(f"ticks={len(ticks)}")
    print(f"pages_told={len(pages)}")
    app.quit()
def start():
    timer.start()
    if sys.argv[1] == "idle":
        QTimer.singleShot(20000, lambda: report("idle"))
    else:
        window.ready.connect(lambda: report("read"))
        window.openFailed.connect(lambda message: report("failed: " + message))
        QTimer.singleShot(200, lambda: window.open_path(sys.argv[1]))
QTimer.singleShot(500, start)
app.exec()
"""


def _scan(path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(PRINTOUT.read_bytes())
    pages = [document[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    five = [pages[i % len(pages)] for i in range(5)]
    buffer = io.BytesIO()
    five[0].save(buffer, "TIFF", save_all=True, append_images=five[1:], dpi=(150, 150), compression="tiff_deflate")
    path.write_bytes(buffer.getvalue())


def _run(what: str, tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "FORM4VIEWER_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", _WINDOW, what, str(tmp_path / "f.sqlite")], capture_output=True,
                          text=True, timeout=1200, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)


def test_the_window_keeps_turning_while_a_five_page_scan_is_read(tmp_path: Path) -> None:
    from form4viewer.readers import ocr

    if ocr.available() is None:
        pytest.skip("no OCR engine (Tesseract) installed")
    scan = tmp_path / "aapl-adams-five-pages-150.tif"
    _scan(scan)
    idle = _run("idle", tmp_path)
    read = _run(str(scan), tmp_path)
    print(f"\nwindow idle for {idle['seconds']} s (baseline): longest pause {idle['longest_pause_ms']} ms, "
          f"{idle['pauses_over_100ms']} pauses over 100 ms")
    print(f"window reading a 5-page scan ({read['outcome']}) in {read['seconds']} s "
          f"({float(read['seconds']) / 5:.1f} s a page, {read['pages_told']} pages told): longest pause "
          f"{read['longest_pause_ms']} ms, {read['pauses_over_100ms']} pauses over 100 ms")
    assert read["outcome"] == "read"
