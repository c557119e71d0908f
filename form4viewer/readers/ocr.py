"""Words read off a page image by OCR, each with its box in pixels and the engine's confidence.

Two engines, the same words out of each (`read_words`, `OcrWord`):

- Tesseract (5.x), run as its command-line program with the page handed over on standard input and its words read
  back as TSV. A system program: `apt-get install tesseract-ocr` on Debian and Ubuntu, `brew install tesseract` on
  macOS, the UB Mannheim installer on Windows; 23 MB (Debian's tesseract-ocr, -eng, -osd and libraries).
- RapidOCR (`rapidocr_onnxruntime` 1.4, the `ocr-onnx` extra): PaddleOCR's PP-OCRv4 line finder and recognizer and
  its 0/180 degree classifier as ONNX models inside the wheel, run by ONNX Runtime in this process. It installs from
  PyPI on Linux, Windows and macOS with nothing to install by hand and nothing downloaded while a scan is read (its
  config.yaml points at the models in its own package); about 390 MB installed (OpenCV 288 MB with its libraries,
  ONNX Runtime 78 MB, the package and its models 16 MB, Shapely and pyclipper 8 MB), 7 s to install here.

Tesseract is used where it is installed, RapidOCR where it is not; FORM4VIEWER_OCR=tesseract or rapidocr chooses
(FORM4VIEWER_TESSERACT, naming Tesseract's program, chooses it too). Measured on this two-core machine, CPU time of
the reading process and of the engine's (`tests/benchmarks/bench_scan.py`), the scan reader on top of each:

| scan | Tesseract 5.3.0 | RapidOCR 1.4.4 |
| --- | --- | --- |
| printed EDGAR page of Apple's Form 4 of 2022-05-04, 300 dpi (truth: its XML): fields right | 79/80 (98.8%) | 81/81 (100%) |
| EDGAR Online Form 3 of Rocket Lab, 200 dpi, tilted 2 degrees, noise (truth: read off its pages) | 54/56 (96.4%) | 49/56 (87.5%) |
| CPU seconds a page, bare word extraction of the Apple page at 200 and at 300 dpi | 3.9 and 4.6 | 26.1 and 26.0 |
| CPU seconds a page, reading the Apple scan and the Form 3 scan | 9.3 and 10.2 | 28.6 and 23.3 to 31.5 |
| the largest memory of the reading process (Tesseract's own process not counted) | 260 MB | 1.1 GB |

RapidOCR reads clean print better (every footnote mark of the Apple page, which Tesseract drops one of) and a
spoiled page worse: on the noisy Form 3 it ran the words of a line of capitals together ("3881MCGOWENSTREET"),
read raised footnote marks "(1)" as "E" and read two lines of the page as rows of Table I. At 200 dpi its line
finder takes two cells of a row as one line ("$159.94" and "468,198" read "159.94468,198"); at 300 dpi, where the
scan reader reads, it keeps them apart. It is two and a half to six times as slow. So Tesseract stays first where
it is present, and RapidOCR reads scans where it is not.

RapidOCR finds and reads lines, not words: a line's words are cut where its text has spaces, each word's box taken
from the recognizer's own placement of its characters (`return_word_box`), and each word's confidence is the least
of its characters'. Lines are found on the page made at most 2000 pixels long and read off the page at full size
(on the Apple page at 300 dpi, finding them took 4.1 s of CPU for 172 lines, against 12.1 s for 179 at full size;
reading them took 17.3 s); each of its ONNX sessions runs on one thread. Which way up a page stands is told by
its classifier from the page's longest lines (1.1 s of CPU a page; the Apple pages turned each quarter all told
right).

`available()` says whether scans can be read here, and which engine reads them; `form4viewer info` prints it.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..limits import check_time, time_left

log = logging.getLogger(__name__)

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


#: The environment variable that picks the engine: "tesseract" or "rapidocr"; unset, Tesseract where it is
#: installed, else RapidOCR where its package is.
ENGINE_VARIABLE = "FORM4VIEWER_OCR"
ENGINES = ("tesseract", "rapidocr")


def _tesseract_engine() -> str | None:
    """"Tesseract 5.3.0 (eng)" when the program and its English model are here, else None."""
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


@functools.cache
def available() -> str | None:
    """The OCR engine that reads scans here ("Tesseract 5.3.0 (eng)", "RapidOCR 1.4.4 (ONNX, models in the
    package)"), or None when there is none: the one FORM4VIEWER_OCR names; else Tesseract where it is installed (or
    where FORM4VIEWER_TESSERACT names its program, which chooses it), else RapidOCR where its package is."""
    wanted = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if wanted and wanted not in ENGINES:
        log.warning("%s=%s names no OCR engine (tesseract or rapidocr)", ENGINE_VARIABLE, wanted)
        return None
    if wanted != "rapidocr":
        found = _tesseract_engine()
        if found is not None or wanted == "tesseract" or os.environ.get("FORM4VIEWER_TESSERACT"):
            return found
    return _rapid_engine()


def engine() -> str | None:
    """The key in ENGINES of the engine that reads scans here, or None when there is none."""
    found = available()
    if found is None:
        return None
    return "rapidocr" if found.startswith("RapidOCR") else "tesseract"


def scan_support() -> str | None:
    """What reads scans here ("Tesseract 5.3.0 (eng)"), or None when scans cannot be read (no engine, or the
    `ocr` extra's numpy missing)."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return None
    return available()


def unavailable_message() -> str:
    wanted = os.environ.get(ENGINE_VARIABLE, "").strip()
    if wanted and wanted.lower() not in ENGINES:
        return (f"this file is a scan, and {ENGINE_VARIABLE}={wanted} names no OCR engine to read it "
                "(tesseract or rapidocr)")
    return ("this file is a scan, and no OCR engine is installed to read it: install the ocr-onnx extra "
            "(pip install 'form4viewer[ocr-onnx]', RapidOCR with its models, on any system), or Tesseract with its "
            "English model (Debian and Ubuntu: apt-get install tesseract-ocr; macOS: brew install tesseract)")


def read_words(image: Any, dpi: float, name: str, *, block: bool = False, line: bool = False,
               chars: str | None = None) -> list[OcrWord]:
    """The words on `image` (a Pillow image of one page, `dpi` pixels to the inch), in the engine's reading order;
    `block`: read the image as one block of lines rather than find a page's columns in it; `line`: as one line;
    `chars`: only these characters (and no dictionary), for a cell that holds a number, a date or a mark.
    Raises ReadError naming `name` when the engine is missing or fails."""
    found = engine()
    if found is None:
        raise ReadError(name, unavailable_message())
    if found == "rapidocr":
        return _rapid_read(image, name, block=block, line=line, chars=chars)
    program = _tesseract()
    if program is None:
        raise ReadError(name, unavailable_message())
    buffer = _netpbm(image)
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


def _netpbm(image: Any) -> io.BytesIO:
    """The image as the engine is handed it: uncompressed (PGM, or PPM in colour). A scanned page's noise made
    compressing it as PNG cost more than half a second a page, for the same pixels (and the same words read)."""
    if image.mode not in ("1", "L", "RGB"):
        image = image.convert("RGB" if "RGB" in image.mode or image.mode == "P" else "L")
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")
    return buffer


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
    if engine() == "rapidocr":
        try:
            return _rapid_orientation(image)
        except Exception as exc:  # onnxruntime and OpenCV raise their own types; the page is read as it stands
            log.warning("RapidOCR could not tell which way up a page stands: %s", exc)
            return 0
    program = _tesseract()
    if program is None:
        return 0
    buffer = _netpbm(image)
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


# ---- RapidOCR (the `ocr-onnx` extra) ---------------------------------------------------------------------------

#: Threads each of the engine's ONNX sessions runs on: one page is read on one core, as two cores are shared.
RAPID_THREADS = 1
#: The longest side, in pixels, of the picture the engine finds lines of text in; the lines are then read off the
#: page at its full resolution. (Finding them on a whole page at 300 dpi costs three times as much.)
RAPID_DETECT_SIDE = 2000
#: The environment variables OpenCV's wheel sets when it is imported on Linux, pointing Qt at plugins of its own;
#: put back as they were, so the window's Qt is not sent to them.
_QT_VARIABLES = ("QT_QPA_PLATFORM_PLUGIN_PATH", "QT_QPA_FONTDIR")


def _rapid_engine() -> str | None:
    """"RapidOCR 1.4.4 (ONNX, models in the package)" when the package and the three models its configuration
    names are here, else None. The models are not loaded (the window asks this, and reads scans in a process of
    its own)."""
    from importlib import metadata

    try:
        version = metadata.version("rapidocr_onnxruntime")
        missing = [path for path in _rapid_models() if not path.is_file()]
    except Exception as exc:  # a missing or broken install (OpenCV without its system libraries)
        if not isinstance(exc, (ImportError, metadata.PackageNotFoundError)):
            log.warning("RapidOCR is installed but cannot be started: %s", exc)
        return None
    if missing:
        log.warning("RapidOCR is installed without its models: %s", ", ".join(map(str, missing)))
        return None
    return f"RapidOCR {version} (ONNX, models in the package)"


@functools.cache
def _rapid_package() -> Any:
    """The package imported, with the environment variables OpenCV sets on import put back as they were."""
    saved = {name: os.environ.get(name) for name in _QT_VARIABLES}
    try:
        import rapidocr_onnxruntime
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return rapidocr_onnxruntime


def _rapid_models() -> list[Path]:
    """The model files the package's configuration names: inside the package, where its wheel put them."""
    _rapid_package()
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml, update_model_path

    config = update_model_path(read_yaml(str(DEFAULT_CFG_PATH)))
    return [Path(config[part]["model_path"]) for part in ("Det", "Cls", "Rec")]


@functools.cache
def _rapid() -> Any:
    """The engine, its three models (line finder, 0/180 degree classifier, recognizer) loaded from the files its
    wheel ships (config.yaml's model paths, inside the package: nothing is downloaded), each on RAPID_THREADS."""
    return _rapid_package().RapidOCR(intra_op_num_threads=RAPID_THREADS, inter_op_num_threads=1, print_verbose=False)


#: The height of the bands a tall strip's lines are found in: eight times the line finder's least side (736
#: pixels), so that a band given paper beside it (_padded) is not enlarged.
RAPID_BAND = 8 * 736
#: A picture is read as one line only up to this many times as long as it is high.
RAPID_LINE_RATIO = 60
#: The line finder enlarges a picture until its shorter side is 736 pixels: a picture much longer than it is high
#: (a strip of a page) is given paper below or beside it first, so that its shorter side is at least this share
#: of its longer one, and what is enlarged stays the size of a page.
_LEAST_SIDE_SHARE = 1 / 8


def _padded(picture: Any) -> Any:
    """`picture` with paper added below or to the right (the places of what is on it unchanged), so that its
    shorter side is at least _LEAST_SIDE_SHARE of its longer one and 32 pixels."""
    import numpy

    height, width = picture.shape[:2]
    least = max(32, round(max(height, width) * _LEAST_SIDE_SHARE))
    if height >= least and width >= least:
        return picture
    out = numpy.full((max(height, least), max(width, least), 3), 255, dtype=picture.dtype)
    out[:height, :width] = picture
    return out


def _rgb(image: Any) -> Any:
    import numpy

    grey = numpy.asarray(image.convert("L"))
    return numpy.ascontiguousarray(numpy.stack([grey, grey, grey], axis=-1))


def _found(picture: Any, start: int = 0, longest: int = RAPID_DETECT_SIDE) -> list[Any]:
    """The lines the line finder finds on `picture` (made at most `longest` pixels long), as four corners on it,
    `start` pixels added down."""
    import numpy

    height, width = picture.shape[:2]
    factor = min(1.0, longest / max(height, width))
    small = picture
    if factor < 1.0:
        import cv2

        small = cv2.resize(picture, (max(round(width * factor), 1), max(round(height * factor), 1)),
                           interpolation=cv2.INTER_AREA)
    boxes, _ = _rapid().text_det(_padded(small))
    if boxes is None:
        return []
    out = []
    for found in boxes:
        box = numpy.asarray(found, dtype=numpy.float32) / factor
        box[:, 0] = box[:, 0].clip(0, width - 1)
        box[:, 1] = box[:, 1].clip(0, height - 1) + start
        out.append(box)
    return out


def _rapid_lines(picture: Any, find: bool, *, block: bool = False) -> list[tuple[Any, str, float, list[Any],
                                                                             list[float]]]:
    """The lines of text on `picture` (an RGB array): each its four corners on the picture, its text, the engine's
    confidence, a box for each character of the text and a confidence for each. `find`: find the lines (on the
    picture made at most RAPID_DETECT_SIDE pixels long, read at full size); else the picture is one line. `block`:
    a picture taller than that (a strip of words cut out of a page, one under another) has its lines found in
    bands RAPID_BAND pixels high as drawn, each overlapping the next by a tenth, rather than on the strip made
    small (measured on a strip of 150 amounts cut at 300 dpi: 150 read right in bands, 33 made small)."""
    import numpy

    rapid = _rapid()
    height, width = picture.shape[:2]
    if find:
        if block and height > max(width, RAPID_DETECT_SIDE):
            band = max(RAPID_BAND, width)
            step = band * 9 // 10
            boxes = []
            for top in range(0, height, step):
                # A line is kept from the band it stands in the middle of (away from the band's cut edges).
                low = top + (band - step) // 2 if top else 0
                high = top + step + (band - step) // 2 if top + band < height else height
                boxes += [box for box in _found(picture[top:top + band], top, band)
                          if low <= float(box[:, 1].mean()) < high]
                if top + band >= height:
                    break
        else:
            boxes = _found(picture)
        if not boxes:
            return []
        boxes = rapid.sorted_boxes(numpy.asarray(boxes))
        crops = rapid.get_crop_img_list(picture, boxes)
    else:
        boxes = [numpy.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=numpy.float32)]
        if width > RAPID_LINE_RATIO * height:
            return []  # longer than any line, which the recognizer would stretch to its height
        crops = [picture]
    read, _ = rapid.text_rec(crops, True)
    placed = rapid.cal_rec_boxes(crops, boxes, read)
    return [(box, text, float(score), chars, list(scores))
            for box, (text, score, chars, _, scores) in zip(boxes, placed, strict=True)]


def _rapid_read(image: Any, name: str, *, block: bool, line: bool, chars: str | None) -> list[OcrWord]:
    """Words read by RapidOCR. It finds and reads lines of text, not words: a line's words are cut where its text
    has spaces, each word's box running from its first character's box to its last (the engine's `return_word_box`
    placement, from the columns of the recognizer where it read each character); where the characters' boxes do
    not match the text, the line's box is shared among its words in proportion to their characters. A word's
    confidence is the least of its characters'. `line`: the picture is read as one line (recognition alone, no
    lines found: the line finder loses words at the ends of a cut-out line), and where that reads nothing sure (a
    small line with much paper around it) its lines are found and read, as one line; `block` reads a picture of
    lines as a page is read; `chars` keeps only those characters, the others dropped after reading (the recognizer
    has no list of characters to keep to)."""
    check_time()
    try:
        picture = _rgb(image)
        lines = _rapid_lines(picture, find=not line, block=block)
        if line and not any(score >= 0.5 and text.strip() for _, text, score, _, _ in lines):
            lines = _rapid_lines(picture, find=True)  # a line with paper around it: the line found first
    except MemoryError:
        raise ReadError(name, "the OCR engine ran out of memory on a page") from None
    except Exception as exc:  # onnxruntime and OpenCV raise their own types with a message
        raise ReadError(name, f"the OCR engine failed on a page ({exc})") from None
    words: list[OcrWord] = []
    for number, (box, text, score, char_boxes, char_scores) in enumerate(lines, start=1):
        xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
        top, bottom = min(ys), max(ys)
        spans = _word_spans(text, min(xs), max(xs), char_boxes, char_scores, score)
        for word, x0, x1, sure in spans:
            if chars is not None:
                word = "".join(c for c in word if c in chars)
            if word:
                words.append(OcrWord(word, x0, top, x1, bottom, max(0.0, min(sure, 1.0)), (1 if line else number,)))
    return words


def _word_spans(text: str, left: float, right: float, char_boxes: list[Any], char_scores: list[float],
                score: float) -> list[tuple[str, float, float, float]]:
    """The words of a line's `text` with where each starts and ends across the page and its confidence."""
    out: list[tuple[str, float, float, float]] = []
    per_char = len(char_boxes) == len(text) and len(char_scores) == len(text)
    start = None
    for i, c in enumerate([*text, " "]):
        if c != " " and start is None:
            start = i
        elif c == " " and start is not None:
            if per_char:
                x0 = min(float(p[0]) for p in char_boxes[start])
                x1 = max(float(p[0]) for p in char_boxes[i - 1])
                sure = min(char_scores[start:i])
            else:
                step = (right - left) / max(len(text), 1)
                x0, x1, sure = left + start * step, left + i * step, score
            out.append((text[start:i], x0, max(x1, x0 + 1), sure))
            start = None
    return out


#: The longest side, in pixels, of the picture the lines are found in to tell which way up a page stands.
RAPID_ORIENTATION_SIDE = 1280
#: The lines whose way up is asked of the engine's classifier: the longest, which say it most surely.
RAPID_ORIENTATION_LINES = 40


def _rapid_orientation(image: Any) -> int:
    """Which way up a page stands, told by RapidOCR: its lines found on the page made small, and the longest read
    by the engine's classifier as upright or upside down, each as it is found (a line found standing on its end is
    turned a quarter counter-clockwise first, so lines standing so mean a page on its side). At least three lines
    and two in three of them agreeing, else 0."""
    import cv2
    import numpy

    rapid = _rapid()
    picture = _rgb(image)
    height, width = picture.shape[:2]
    factor = min(1.0, RAPID_ORIENTATION_SIDE / max(height, width))
    small = cv2.resize(picture, (max(round(width * factor), 1), max(round(height * factor), 1)),
                       interpolation=cv2.INTER_AREA)
    boxes, _ = rapid.text_det(_padded(small))
    if boxes is None or len(boxes) < 3:
        return 0
    boxes = [numpy.asarray(b, dtype=numpy.float32) / factor for b in boxes]

    def length(box: Any) -> float:
        return max(float(numpy.linalg.norm(box[0] - box[1])), float(numpy.linalg.norm(box[0] - box[3])))

    boxes = sorted(boxes, key=length, reverse=True)[:RAPID_ORIENTATION_LINES]
    for box in boxes:
        box[:, 0] = box[:, 0].clip(0, width - 1)
        box[:, 1] = box[:, 1].clip(0, height - 1)
    crops = rapid.get_crop_img_list(picture, boxes)
    _, labels, _ = rapid.text_cls(crops)
    votes: dict[int, int] = {}
    for box, (label, _score) in zip(boxes, labels, strict=True):
        on_end = float(numpy.linalg.norm(box[0] - box[3])) >= 1.5 * float(numpy.linalg.norm(box[0] - box[1]))
        turn = (270 if label == "0" else 90) if on_end else (0 if label == "0" else 180)
        votes[turn] = votes.get(turn, 0) + 1
    turn, count = max(votes.items(), key=lambda item: item[1])
    return turn if count * 3 >= 2 * len(boxes) else 0
