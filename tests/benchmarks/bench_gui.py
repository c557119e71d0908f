"""Start-up of the window and its memory: the time from launching `form4viewer FILE --screenshot PNG` on a 2-page
PDF to the picture of the drawn window, against a bare PySide6 window launched, drawn and grabbed the same way (goal:
at most 3x), both to the PDF's pages drawn (`--screenshot-when shown`) and to its values read and drawn (the
default); and the peak memory of the process with the largest PDF of the corpus open, against the bare window.

Run with `make bench` (or `pytest tests/benchmarks/bench_gui.py --benchmarks -s`); FORM4VIEWER_BENCH_ROUNDS sets the
number of launch rounds (4: a warm-up and three measured), more for a steadier median on a busy machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

SAMPLE_PDF = Path(__file__).resolve().parents[2] / "resources" / "samples" / "microsoft-form4-2024.pdf"

#: The baseline: the least a PySide6 program does to show a window and save a picture of it.
BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("bare window"))
window.resize(1440, 900)
window.show()
def grab():
    app.processEvents()
    window.grab().save(sys.argv[1], "PNG")
    app.quit()
QTimer.singleShot(0, grab)
app.exec()
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["FORM4VIEWER_DATA_DIR"] = str(tmp_path / "data")
    # As an installed program runs: from compiled bytecode (pip and the bundle compile it when installing). The
    # warm-up round writes it to a private folder; without this, a checkout run with PYTHONDONTWRITEBYTECODE set
    # would compile the package's source on every launch, and the bare window (all in site-packages) would not.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "bytecode")
    return env


#: Runs its arguments as a child and prints that child's peak memory and CPU time. On Linux a child's ru_maxrss also
#: counts the memory of the process it was forked from, before it ran its own program; started from this small
#: process rather than from the test run (which has grown by then), the figure is the child's own. Its CPU time
#: (user and system) includes the processes it started and waited for, such as the window's reading process.
_MEASURE = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[1:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "print(f'maxrss={usage.ru_maxrss} cpu={usage.ru_utime + usage.ru_stime}', file=sys.stderr)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def _run(args: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Seconds from launch to exit, the child's own peak resident memory in kB, and its CPU seconds."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *args], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, errors="replace")
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr
    line = [line for line in proc.stderr.splitlines() if line.startswith("maxrss=")][-1]
    figures = dict(part.split("=") for part in line.split())
    return elapsed, int(figures["maxrss"]), float(figures["cpu"])


def _viewer(path: Path, png: Path, tmp_path: Path, when: str = "ready") -> list[str]:
    return [sys.executable, "-m", "form4viewer", str(path), "--db", str(tmp_path / "bench.sqlite"),
            "--screenshot", str(png), "--screenshot-when", when]


def test_launch_to_a_drawn_two_page_pdf_against_a_bare_window(tmp_path: Path) -> None:
    env = _env(tmp_path)
    bare_script = tmp_path / "bare.py"
    bare_script.write_text(BARE_WINDOW)
    read_only = [sys.executable, "-c", f"import form4viewer; form4viewer.read({str(SAMPLE_PDF)!r})"]
    rounds = int(os.environ.get("FORM4VIEWER_BENCH_ROUNDS", "4"))
    runs: dict[str, list[tuple[float, int, float]]] = {"bare": [], "shown": [], "viewer": [], "reading": []}
    for round_ in range(rounds):
        runs["bare"].append(_run([sys.executable, str(bare_script), str(tmp_path / "bare.png")], env))
        runs["shown"].append(_run(_viewer(SAMPLE_PDF, tmp_path / f"shown{round_}.png", tmp_path, "shown"), env))
        runs["viewer"].append(_run(_viewer(SAMPLE_PDF, tmp_path / f"viewer{round_}.png", tmp_path), env))
        runs["reading"].append(_run(read_only, env))
        assert (tmp_path / f"shown{round_}.png").stat().st_size > 10_000
        assert (tmp_path / f"viewer{round_}.png").stat().st_size > 10_000
    # The first round warms the file cache and writes the bytecode; the median of the others is reported, in
    # seconds from launch to exit and in CPU seconds (the machine's other work changes the first more).
    wall = {name: statistics.median(r[0] for r in results[1:]) for name, results in runs.items()}
    cpu = {name: statistics.median(r[2] for r in results[1:]) for name, results in runs.items()}
    bare_s, shown_s, viewer_s, read_s = wall["bare"], wall["shown"], wall["viewer"], wall["reading"]
    print(f"\nlaunch to drawn window, median of {rounds - 1} after a warm-up: bare PySide6 window {bare_s:.2f} s; "
          f"form4viewer with {SAMPLE_PDF.name} (2 pages): its pages drawn {shown_s:.2f} s: {shown_s / bare_s:.1f}x "
          f"(goal <= 3x); its values read and drawn {viewer_s:.2f} s: {viewer_s / bare_s:.1f}x; "
          f"reading the PDF alone, launched the same way without a window: {read_s:.2f} s")
    print(f"CPU time, same runs: bare window {cpu['bare']:.2f} s; pages drawn {cpu['shown']:.2f} s "
          f"({cpu['shown'] / cpu['bare']:.1f}x); values read and drawn {cpu['viewer']:.2f} s "
          f"({cpu['viewer'] / cpu['bare']:.1f}x); reading alone {cpu['reading']:.2f} s")


@pytest.mark.corpus
def test_peak_memory_with_the_largest_pdf_open(corpus: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    largest = _largest_filing_pdf(corpus)
    bare_script = tmp_path / "bare.py"
    bare_script.write_text(BARE_WINDOW)
    _, bare_kb, _ = _run([sys.executable, str(bare_script), str(tmp_path / "bare.png")], env)
    seconds, viewer_kb, _ = _run(_viewer(largest, tmp_path / "largest.png", tmp_path), env)
    print(f"\npeak memory (ru_maxrss): bare PySide6 window {bare_kb / 1024:.0f} MB; form4viewer with the largest "
          f"corpus PDF filing {largest.name} ({largest.stat().st_size / 1024:.0f} kB) {viewer_kb / 1024:.0f} MB "
          f"({viewer_kb / bare_kb:.1f}x); launched, read and drawn in {seconds:.1f} s")


def _largest_filing_pdf(corpus: Path) -> Path:
    """Filings only: the corpus also holds the SEC's technical specification as a PDF, which is no filing."""
    pdfs = [*(corpus / "pdf").glob("*.pdf"), *(corpus / "rendered").glob("*.pdf")]
    return max(pdfs, key=lambda p: p.stat().st_size)


@pytest.mark.corpus
def test_the_window_keeps_answering_while_a_pdf_is_read(qapp, corpus: Path, tmp_path: Path) -> None:
    """The longest the event loop went without running a 10 ms timer, idle and while reading and drawing the
    largest PDF filing of the corpus: a frozen window would show the whole reading time here."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from form4viewer.gui.main_window import MainWindow

    def longest_gap(run_for_ms: int | None, window: MainWindow | None = None, path: Path | None = None) -> float:
        clock = QElapsedTimer()
        clock.start()
        gaps: list[int] = []
        last = [clock.elapsed()]

        def tick() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()
        loop = QEventLoop()
        if window is not None and path is not None:
            window.ready.connect(loop.quit)
            window.openFailed.connect(loop.quit)
            window.open_path(path)
        else:
            QTimer.singleShot(run_for_ms or 1000, loop.quit)
        QTimer.singleShot(180_000, loop.quit)
        loop.exec()
        timer.stop()
        return max(gaps) / 1000 if gaps else float("inf")

    idle = longest_gap(1500)
    window = MainWindow(tmp_path / "bench.sqlite", quiet=True, remember=False)
    window.resize(1440, 900)
    window.show()
    print(f"\nlongest pause of the event loop: idle {idle * 1000:.0f} ms")
    for pdf in (_largest_filing_pdf(corpus), _twenty_page_pdf(corpus, tmp_path)):
        start = time.perf_counter()
        reading = longest_gap(None, window, pdf)
        seconds = time.perf_counter() - start
        assert window.document.filing is not None, window.last_error
        print(f"  while reading and drawing {pdf.name} ({window.source.pdf.page_count} pages, {seconds:.1f} s): "
              f"{reading * 1000:.0f} ms")
    window.document.undo_stack.setClean()
    window.close()


def _twenty_page_pdf(corpus: Path, tmp_path: Path) -> Path:
    """A 20-page filing PDF: the largest corpus filing followed by pages of the other filing printouts."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    largest = _largest_filing_pdf(corpus)
    others = sorted(p for p in (corpus / "pdf").glob("*.pdf") if p != largest)
    pages = [page for pdf in [largest, *others] for page in PdfReader(pdf).pages]
    while len(writer.pages) < 20:
        writer.add_page(pages[len(writer.pages) % len(pages)])
    out = tmp_path / "twenty-pages.pdf"
    with out.open("wb") as fh:
        writer.write(fh)
    return out
