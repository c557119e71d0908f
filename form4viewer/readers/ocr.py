"""Words read off a page image by OCR, each with its box in pixels and the engine's confidence.

The engine is Tesseract (5.x), run as its command-line program with the page handed over on standard input and its
words read back as TSV. It was chosen over RapidOCR's ONNX package (`rapidocr_onnxruntime`, whose models ship in its
wheel) by measurement on the corpus's printed EDGAR page of Apple's Form 4 of 2022-05-04, drawn at 200 and 300 dpi:
Tesseract found more of the page's words (240/270 and 245/270, against 180/270 and 226/270), gives a box and a
confidence for each word where RapidOCR gives them for a line, took 16 s and 21 s a page against 61 s and 48 s on
this two-core machine under load (5 s a page at 200 dpi once held to one thread), and installs in 23 MB (Debian's
tesseract-ocr, -eng, -osd and libraries) against 380 MB (onnxruntime, OpenCV and the models). Its English model ships
with the program (`apt-get install tesseract-ocr` on Debian and Ubuntu, `brew install tesseract` on macOS, the UB
Mannheim installer on Windows); nothing is downloaded while a scan is read.

`available()` says whether scans can be read here, and which engine reads them; `form4viewer info` prints it.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from ..errors import ReadError
from ..limits import check_time, time_left

#: What the engine is asked to do: its own page segmentation (which finds the columns of a ruled form), and the
#: word boxes of its TSV output.
_PSM = "3"
#: Seconds one page may take before the engine is stopped; a letter page at 300 dpi takes 3 to 8 s on one core.
PAGE_SECONDS = 120.0


@dataclass(frozen=True)
class OcrWord:
    """A word read off a page image: its text, its box in pixels from the image's top-left corner
    (`x0 <= x1`, `top <= bottom`), and the engine's confidence from 0 to 1."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float
    line: tuple[int, ...] = ()  # the engine's block, paragraph and line of the word, where it says


def _end_with_reader() -> None:
    """Run in the engine's process before it starts (Linux): it is killed when the process reading the scan ends,
    so a reading stopped in the window (Esc kills its reading process) leaves no engine running on."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


_PREEXEC = _end_with_reader if sys.platform.startswith("linux") else None


def _tesseract() -> str | None:
    return os.environ.get("FORM4VIEWER_TESSERACT") or shutil.which("tesseract")


@functools.cache
def available() -> str | None:
    """The OCR engine that reads scans here ("Tesseract 5.3.0 (eng)"), or None when there is none."""
    program = _tesseract()
    if program is None:
        return None
    try:
        version = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30)
        languages = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if "eng" not in languages.stdout.split():
        return None
    first = (version.stdout or version.stderr).splitlines()[:1]
    number = first[0].split()[-1] if first else "?"
    return f"Tesseract {number} (eng)"


def scan_support() -> str | None:
    """What reads scans here ("Tesseract 5.3.0 (eng)"), or None when scans cannot be read (no engine, or the
    `ocr` extra's numpy missing)."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return None
    return available()


def unavailable_message() -> str:
    return ("this file is a scan, and no OCR engine is installed to read it: install Tesseract with its English "
            "model (Debian and Ubuntu: apt-get install tesseract-ocr; macOS: brew install tesseract)")


def read_words(image: Any, dpi: float, name: str, *, block: bool = False, line: bool = False,
               chars: str | None = None) -> list[OcrWord]:
    """The words on `image` (a Pillow image of one page, `dpi` pixels to the inch), in the engine's reading order;
    `block`: read the image as one block of lines rather than find a page's columns in it; `line`: as one line;
    `chars`: only these characters (and no dictionary), for a cell that holds a number, a date or a mark.
    Raises ReadError naming `name` when the engine is missing or fails."""
    program = _tesseract()
    if program is None or available() is None:
        raise ReadError(name, unavailable_message())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    # One thread each: the engine's own threads only fight over two cores (measured: 16 s a page with them,
    # 5 s without).
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [program, "stdin", "stdout", "--dpi", str(round(dpi)), "--psm", "7" if line else "6" if block else _PSM,
             "-l", "eng", *_only(chars), "tsv"],
            input=buffer.getvalue(), capture_output=True, timeout=time_left(PAGE_SECONDS), env=env,
            preexec_fn=_PREEXEC,
        )
    except subprocess.TimeoutExpired:
        check_time()  # the file's time is up (a reading off the main thread, where no timer stops the engine)
        raise ReadError(name, f"the OCR engine took more than {PAGE_SECONDS:g} s on one page and was stopped") from None
    except OSError as exc:
        raise ReadError(name, f"the OCR engine could not be started ({exc.strerror or exc})") from None
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ReadError(name, f"the OCR engine failed on a page ({problem[0]})")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def _only(chars: str | None) -> list[str]:
    if not chars:
        return []
    return ["-c", f"tessedit_char_whitelist={chars}", "-c", "load_system_dawg=0", "-c", "load_freq_dawg=0"]


def parse_tsv(text: str) -> list[OcrWord]:
    """Words (level 5 rows with text) of Tesseract's TSV output."""
    words: list[OcrWord] = []
    for line in text.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        word = parts[11].strip()
        if not word:
            continue
        try:
            left, top, width, height = (int(p) for p in parts[6:10])
            confidence = float(parts[10])
        except ValueError:
            continue
        line_key = tuple(int(p) for p in parts[1:5] if p.isdigit())
        words.append(OcrWord(word, left, top, left + width, top + height, max(0.0, min(confidence, 100.0)) / 100,
                             line_key))
    return words


def orientation(image: Any) -> int:
    """Degrees (0, 90, 180 or 270) the engine's orientation detection says `image` must turn clockwise to stand
    upright; 0 when it cannot tell."""
    program = _tesseract()
    if program is None:
        return 0
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    try:
        done = subprocess.run([program, "stdin", "stdout", "--psm", "0"], input=buffer.getvalue(),
                              capture_output=True, timeout=time_left(PAGE_SECONDS),
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                              preexec_fn=_PREEXEC)
    except (OSError, subprocess.SubprocessError):
        return 0
    rotate = confidence = None
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Rotate":
            rotate = int(value.strip() or 0)
        elif key.strip() == "Orientation confidence":
            confidence = float(value.strip() or 0)
    if rotate is None or confidence is None or confidence < 2.0:
        return 0
    return rotate % 360
