"""The time a scan is given: the file's time limit (`--time-limit`, the window's reading, import) applies to each page
of a scan, as one page of OCR takes as long as a whole printout's reading, and a page that takes longer than the
whole limit still stops the reading, naming the page.

The scans are the printed EDGAR page of Apple's Form 4 (`tests/data/pdf/`) drawn at 150 dpi, the top third of its
first page (the issuer, the owner and the title) as each page of a TIFF, read by the real engine. A busy
machine is made by running the engine through a script that waits before it starts it (and a stuck engine by one
that never starts it); the waits are what make the test, not the engine's own speed.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from form4viewer import limits
from form4viewer.limits import TooSlowError, check_time, fresh_time, time_budget

PRINTOUT = Path(__file__).parents[1] / "data" / "pdf" / "edgar-print-aapl-adams-2022.pdf"
TESSERACT = shutil.which("tesseract")




@pytest.fixture(autouse=True)
def _an_idle_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's time is stretched by the machine's load (tested on its own below); these tests are about the page
    and the file, so they see an idle machine whatever the load is while they run."""
    monkeypatch.setattr(limits, "busy_factor", lambda: 1.0)


# ---- the budget itself ----------------------------------------------------------------------------------------


def test_each_part_given_fresh_time_may_take_the_whole_limit_and_the_file_the_sum() -> None:
    started = time.monotonic()
    with time_budget(0.6, "scan.tif"):
        for page in range(1, 5):
            fresh_time(f"page {page} of 4")
            time.sleep(0.3)
            check_time()
    assert time.monotonic() - started > 0.6  # longer than the limit: the file alone would have been stopped


def test_without_fresh_time_the_same_reading_is_stopped_as_one_file() -> None:
    with pytest.raises(TooSlowError) as stopped, time_budget(0.6, "scan.tif"):
        for _page in range(1, 5):
            time.sleep(0.3)
            check_time()
    assert str(stopped.value) == ("scan.tif: too slow to read: stopped after 0.6 s (the time allowed for one file); "
                                  "the file may be built to waste time")


def test_a_stuck_page_is_stopped_by_the_timer_naming_the_page() -> None:
    started = time.monotonic()
    with pytest.raises(TooSlowError) as stopped, time_budget(0.5, "scan.tif"):
        fresh_time("page 1 of 3")
        fresh_time("page 2 of 3")
        time.sleep(30)  # the interval timer interrupts it
    assert time.monotonic() - started < 25
    assert str(stopped.value) == ("scan.tif: too slow to read: stopped after 0.5 s on page 2 of 3 (the time allowed "
                                  "for each page of a scan); the page may be built to waste time")


def test_off_the_main_thread_a_stuck_page_is_stopped_at_the_next_check() -> None:
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            with time_budget(0.4, "scan.tif"):
                fresh_time("page 1 of 2")
                time.sleep(0.2)
                fresh_time("page 2 of 2")
                while True:
                    time.sleep(0.05)
                    check_time()
        except TooSlowError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert len(outcome) == 1 and "stopped after 0.4 s on page 2 of 2" in str(outcome[0])


def test_a_page_s_time_is_stretched_by_the_load_per_core_and_said_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    monkeypatch.setattr(os, "getloadavg", lambda: (8.0, 6.0, 4.0))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert limits.busy_factor() == 4.0
    with time_budget(0.3, "scan.tif"):
        fresh_time("page 1 of 2")
        time.sleep(0.6)  # twice the limit: within it four times over
        check_time()
    with pytest.raises(TooSlowError) as stopped, time_budget(0.2, "scan.tif"):
        fresh_time("page 2 of 2")
        time.sleep(30)
    assert str(stopped.value) == ("scan.tif: too slow to read: stopped after 0.8 s on page 2 of 2 (the time allowed "
                                  "for each page of a scan, 0.2 s, stretched 4.0x as the machine is busy); the page "
                                  "may be built to waste time")
    monkeypatch.setattr(os, "getloadavg", lambda: (200.0, 6.0, 4.0))
    assert limits.busy_factor() == limits.MOST_BUSY
    monkeypatch.setattr(os, "getloadavg", lambda: (0.5, 6.0, 4.0))
    assert limits.busy_factor() == 1.0


def test_fresh_time_never_shortens_an_outer_budget_and_extends_it_with_the_inner() -> None:
    with time_budget(5, "outer.tif"), time_budget(0.3, "inner.tif"):
        for page in range(1, 4):
            fresh_time(f"page {page} of 3")
            time.sleep(0.2)
            check_time()


# ---- a real scan, read by a slowed engine -------------------------------------------------------------------


needs_ocr = pytest.mark.skipif(TESSERACT is None, reason="no OCR engine (Tesseract) installed")


def _scan(pages: int) -> bytes:
    """A TIFF of `pages` pages, each the top third of the printout's first page (issuer, owner, title)."""
    pdfium = pytest.importorskip("pypdfium2")
    page = pdfium.PdfDocument(PRINTOUT.read_bytes())[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    top = page.crop((0, 0, page.size[0], page.size[1] // 3))
    buffer = io.BytesIO()
    top.save(buffer, "TIFF", save_all=True, append_images=[top] * (pages - 1), dpi=(150, 150),
             compression="tiff_deflate")
    return buffer.getvalue()


def _slowed_engine(folder: Path, wait: float) -> Path:
    """A script that runs Tesseract `wait` seconds after it is asked to read a picture (at once for its version
    and languages), as a machine too busy to give it the CPU does."""
    script = folder / f"tesseract-after-{wait:g}s"
    script.write_text(f'#!/bin/sh\ncase "$*" in *--version*|*--list-langs*) exec {TESSERACT} "$@";; esac\n'
                      f"sleep {wait}\nexec {TESSERACT} \"$@\"\n")
    script.chmod(0o755)
    return script


@pytest.fixture
def tiff(tmp_path: Path) -> Path:
    path = tmp_path / "aapl-top-three-pages.tif"
    path.write_bytes(_scan(3))
    return path


@needs_ocr
@pytest.mark.slow
def test_a_four_page_scan_slower_than_the_limit_is_read_as_each_page_is_within_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit is twice what one page takes here and now (measured first, as the machine's load decides it);
    the four pages take about twice the limit, and are read."""
    from form4viewer.readers import read_bytes

    monkeypatch.setenv("FORM4VIEWER_TESSERACT", str(_slowed_engine(tmp_path, 0.5)))
    started = time.monotonic()
    read_bytes(_scan(1), "aapl-top-one-page.tif")
    limit = 2 * (time.monotonic() - started)
    pages: list[tuple[int, int]] = []
    started = time.monotonic()
    with time_budget(limit, "aapl-top-four-pages.tif"):
        filing = read_bytes(_scan(4), "aapl-top-four-pages.tif",
                            progress=lambda done, total: pages.append((done, total)))
    took = time.monotonic() - started
    assert took > limit, f"the reading took {took:.1f} s, within the limit of {limit:.1f} s: this test shows nothing"
    assert pages == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert filing.document.kind == "image" and filing.document.pages == 4


@needs_ocr
def test_a_scan_whose_engine_is_stuck_is_stopped_naming_the_page(
    tiff: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from form4viewer.readers import read_file

    monkeypatch.setenv("FORM4VIEWER_TESSERACT", str(_slowed_engine(tmp_path, 3600)))
    started = time.monotonic()
    with pytest.raises(TooSlowError) as stopped, time_budget(2.0, str(tiff)):
        read_file(tiff)
    assert time.monotonic() - started < 60
    assert str(stopped.value).startswith(f"{tiff}: too slow to read: stopped after 2 s on page 1 of 3 (the time "
                                         "allowed for each page of a scan)")


@needs_ocr
def test_off_the_main_thread_a_stuck_engine_is_stopped_when_the_page_s_time_is_up(
    tiff: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no timer can interrupt the reading (a thread), the engine is given only the time left."""
    from form4viewer.readers import read_file

    monkeypatch.setenv("FORM4VIEWER_TESSERACT", str(_slowed_engine(tmp_path, 3600)))
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            with time_budget(2.0, str(tiff)):
                read_file(tiff)
        except BaseException as exc:  # noqa: BLE001 - whatever it is, the test says it
            outcome.append(exc)

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(120)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], TooSlowError), outcome
    assert "on page 1 of 3" in str(outcome[0])


@needs_ocr
def test_extract_stops_a_stuck_scan_with_its_time_limit_and_names_the_page(tiff: Path, tmp_path: Path) -> None:
    env = {**os.environ, "FORM4VIEWER_TESSERACT": str(_slowed_engine(tmp_path, 3600))}
    proc = subprocess.run([sys.executable, "-m", "form4viewer", "extract", "--format", "jsonl", "--time-limit", "2",
                           str(tiff)], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    item = json.loads(proc.stdout)
    # Run apart, it sees the machine's own load, which may stretch the page's 2 s.
    assert re.match(rf"{re.escape(str(tiff))}: too slow to read: stopped after [\d.]+ s on page 1 of 3 \(the time "
                    r"allowed for each page of a scan", item["error"]), item["error"]


@needs_ocr
def test_unsure_words_read_again_in_several_strips_each_get_their_own_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract refuses a picture 32768 pixels high or more, and the unsure words of a page, read again one to a
    line, made one of 35748 on the second page of this printout at 150 dpi: they are read in strips the engine
    takes (scan.STRIP_PIXELS high at most). Thirty numbers printed on a page, each taken as a word the engine was
    unsure of and read as "x", are read again in strips of a few, and each gets its own number back (none gets
    another's)."""
    import numpy
    from PIL import Image, ImageDraw, ImageFont

    from form4viewer.readers import ocr, scan

    dpi = 150
    page = Image.new("L", (int(8.5 * dpi), int(11 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    try:  # a printer's face where there is one (Debian's fonts-dejavu-core); else Pillow's own
        font: Any = ImageFont.truetype("DejaVuSans.ttf", int(12 * dpi / 72))
    except OSError:
        font = ImageFont.load_default(size=int(12 * dpi / 72))
    words = []
    for n in range(1, 31):
        x, y = 100 + (n - 1) % 3 * 400, 100 + (n - 1) // 3 * 150
        draw.text((x, y), str(10 + n * 7), font=font, fill=0)
        x0, top, x1, bottom = draw.textbbox((x, y), str(10 + n * 7), font=font)
        words.append(ocr.OcrWord("x", x0, top, x1, bottom, 0.1))
    strips: list[int] = []
    real = ocr.read_words

    def counted(image: Any, *args: Any, **kwargs: Any) -> list[ocr.OcrWord]:
        strips.append(image.size[1])
        return real(image, *args, **kwargs)

    monkeypatch.setattr(ocr, "read_words", counted)
    monkeypatch.setattr(scan, "STRIP_PIXELS", 1000)
    again = scan.reread_unsure(words, numpy.asarray(page), dpi, "numbers.png")
    assert len(strips) >= 3 and max(strips) <= 1000
    numbers = [str(10 + n * 7) for n in range(1, 31)]
    # The engine misreads some 7s as "/" ("1/" for 17), in one strip as in several; a reading given to the wrong
    # word would be another word's number.
    assert sum(w.text == number for w, number in zip(again, numbers, strict=True)) >= 20, [w.text for w in again]
    assert not any(w.text in numbers and w.text != number for w, number in zip(again, numbers, strict=True))
