"""Scanned filings: PDFs whose pages are pictures, and PNG, JPEG and TIFF (multi-page too) files of a form.

Each page is straightened (turned upright when it lies upside down or on its side, and deskewed by the few degrees a
sheet slips in a scanner), its words read by OCR (`ocr`), its ruling lines and check boxes found in its pixels, and
all of that laid out as the PDF reader lays out a text layer (`pdf_layout.Layout`: words with boxes in points from
the page's top-left, lines, rules, check boxes). The PDF reader's `FormReader` then reads the form from it with the
same description of the form as every other reader, so a scan gives the filing a printout gives.

Every value keeps its box on the page (a `PdfBox` in points of the page as it is shown: the PDF's page, or the
image at its resolution), and a confidence that is the lower of the layout's (how the value was placed) and the OCR
engine's for the words it was read from, so the checks point at the words the engine was unsure of. A signature
written by hand, which OCR cannot read as a name, is left as the signature block's text and date as found.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import io
import logging
import re
import string
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from .. import form
from ..errors import NotAFilingError, ReadError
from ..limits import fresh_time
from ..model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    NON_DERIVATIVE_HOLDINGS,
    NON_DERIVATIVE_TRANSACTIONS,
    Confidence,
    Filing,
    Kind,
    SourceDocument,
    Value,
    field_spec,
    parse_date,
)
from ..sources import PdfBox
from . import ocr
from .handwriting import signed_by_hand
from .pdf_layout import CheckBox, Layout, Page, Segment, Word, make_lines, without_browser_margins

log = logging.getLogger(__name__)

#: First bytes of the image files read as scans.
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}
#: The resolution an image-only PDF's pages are drawn at before they are read: 300 dpi, at which the engine reads
#: the form's smallest captions.
RENDER_DPI = 300
#: The resolution pages are read at: a page scanned at less is enlarged to it first.
OCR_DPI = 300
#: Scans coarser than this are enlarged to OCR_DPI before anything else is done with them (`read_page`).
COARSE_DPI = 180
#: More pages than any scanned Form 3, 4 or 5 has; longer files are refused unread.
MAX_PAGES = 30
#: The largest page image read (pixels): a letter page at 600 dpi.
MAX_PIXELS = 5100 * 6600
#: How far a page may be tilted and still be straightened, in degrees.
MAX_SKEW = 6.0

LAYOUT_NOTE = "the form's layout on this scan could not be made out; it is shown for viewing and manual entry"
SCAN_NOTE = "read from a scan by OCR: every value is as sure as the words it was read from; check those marked"

Progress = Callable[[int, int], None]
#: Called with each page as it was read (its number, 1-based; the page image upright and level, in shades of grey;
#: its resolution): the image the values' boxes are measured on, at 72 points to `dpi` pixels.
PageRead = Callable[[int, Any, float], None]


def image_kind(head: bytes) -> str | None:
    """"PNG", "JPEG" or "TIFF" when `head` starts an image file of that kind, else None."""
    for magic, kind in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return kind
    return None


class ScanWord(Word):
    """A word read by OCR: a layout word with the engine's confidence (0 to 1)."""

    __slots__ = ("confidence",)

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, size: float, page: int,
                 confidence: float):
        super().__init__(text, x0, x1, top, bottom, size, page)
        self.confidence = confidence


# ---- page images ---------------------------------------------------------------------------------------------


def pdf_pages(data: bytes, name: str, password: str | None = None) -> Iterator[tuple[Any, float]]:
    """Each page of a PDF drawn at RENDER_DPI in shades of grey, with its resolution."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except Exception as exc:  # pdfium's errors are one type with a message
        raise ReadError(name, f"the PDF is damaged or truncated ({exc})") from None
    try:
        if len(pdf) > MAX_PAGES:
            raise ReadError(name, f"the scan has {len(pdf)} pages; a Form 3, 4 or 5 has far fewer "
                            f"(at most {MAX_PAGES} are read)")
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            scanned = _scanned_dpi(page, width, height) or RENDER_DPI
            dpi = min(RENDER_DPI, scanned if scanned >= COARSE_DPI else RENDER_DPI,
                      (MAX_PIXELS / max(width * height / 72 / 72, 1.0)) ** 0.5)
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            page.close()
            yield image, dpi
    finally:
        pdf.close()


def _scanned_dpi(page: Any, width: float, height: float) -> float | None:
    """The resolution of the picture that covers a PDF page (a scanner's page), from its pixels across and the
    width it is drawn at; None where no one picture covers most of the page. A page scanned below RENDER_DPI (and
    no coarser than COARSE_DPI) is drawn at its own resolution and enlarged after its rules are taken off
    (`read_page`), not enlarged by the PDF's drawing first: that blurs the rules into the words beside them (set J
    at 200 dpi, tilted and noisy: 97.6% of fields read, 96.5% drawn at 300 dpi). A coarser one is drawn at
    RENDER_DPI, smoothly: at 150 dpi a rule is too thin to find as drawn."""
    import pypdfium2.raw as pdfium_c

    best = None
    for picture in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            left, bottom, right, top = picture.get_bounds()
            across, _ = picture.get_px_size()
        except Exception:  # a picture pdfium cannot measure: the page is drawn as before
            continue
        if (right - left) * (top - bottom) >= 0.8 * width * height and right > left and across > 0:
            found = across * 72 / (right - left)
            best = found if best is None else max(best, found)
    return best


def image_pages(data: bytes, name: str) -> Iterator[tuple[Any, float]]:
    """Each frame of an image file (a multi-page TIFF has one a page) in shades of grey, with its resolution: the
    one the file states, else the one that makes the page as wide as a letter sheet (8.5 inches)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        picture = Image.open(io.BytesIO(data))
        frames = getattr(picture, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReadError(name, f"the image is damaged or truncated ({exc})") from None
    except Image.DecompressionBombError:
        raise ReadError(name, "the image is larger than any scanned page (too many pixels)") from None
    if frames > MAX_PAGES:
        raise ReadError(name, f"the scan has {frames} pages; a Form 3, 4 or 5 has far fewer (at most {MAX_PAGES} "
                        "are read)")
    try:
        for frame in ImageSequence.Iterator(picture):
            width, height = frame.size
            if width * height > MAX_PIXELS:
                raise ReadError(name, f"a page of the image is {width}x{height} pixels, more than a page scanned at "
                                "600 dpi")
            stated = frame.info.get("dpi") or picture.info.get("dpi")
            dpi = float(stated[0]) if stated and float(stated[0]) >= 72 else width / 8.5
            yield frame.convert("L"), dpi
    except (OSError, ValueError, SyntaxError) as exc:
        raise ReadError(name, f"the image is damaged or truncated ({exc})") from None


# ---- straightening -------------------------------------------------------------------------------------------


def _np() -> Any:
    import numpy

    return numpy


def skew_angle(image: Any) -> float:
    """The angle in degrees (counter-clockwise) the page's lines of text are tilted by, found as the rotation that
    makes the rows of ink sharpest (the page's horizontal projection has the greatest variation between rows)."""
    np = _np()
    small = image.copy()
    small.thumbnail((900, 900))
    ink = np.asarray(small) < _threshold(np.asarray(small))

    def sharpness(angle: float) -> float:
        from PIL import Image

        turned = Image.fromarray((ink * 255).astype(np.uint8)).rotate(angle, resample=Image.Resampling.NEAREST)
        rows = np.asarray(turned, dtype=np.float64).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max((a / 2 for a in range(int(-2 * MAX_SKEW), int(2 * MAX_SKEW) + 1)), key=sharpness)
    return max((best + a / 20 for a in range(-10, 11)), key=sharpness)


def straighten(image: Any, dpi: float = 300) -> tuple[Any, float, int]:
    """The page upright and level, the skew it had (degrees) and the quarter turns it had (0, 90, 180, 270)."""
    from PIL import Image

    # The engine tells which way up a page stands from a page drawn at 300 dpi: the footnotes page of the printed
    # Apple filing at 150 dpi is "upside down" to it (confidence 2.9), upright enlarged twice (confidence 17.6).
    factor = min(OCR_DPI / dpi, 2.0) if dpi < OCR_DPI * 0.9 else 1.0
    sample = image.resize((round(image.size[0] * factor), round(image.size[1] * factor)),
                          Image.Resampling.LANCZOS) if factor > 1 else image
    turn = ocr.orientation(sample)
    if turn:
        image = image.rotate(-turn, expand=True, fillcolor=255)
    angle = skew_angle(image)
    if abs(angle) >= 0.05:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return image, angle, turn


def _threshold(grey: Any) -> int:
    """Otsu's threshold of a grey image: the level that best splits it into ink and paper."""
    np = _np()
    if grey.dtype == np.uint8 and grey.ndim == 2:
        from PIL import Image

        # Pillow counts a page's levels in a few milliseconds, where numpy's bincount widens every pixel to a
        # 64-bit integer first (about 0.1 s a page, and the reading asks it of a page a dozen times).
        histogram = np.asarray(Image.fromarray(grey).histogram(), dtype=np.float64)
    else:
        histogram = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    levels = np.arange(256)
    weight = np.cumsum(histogram)
    mean = np.cumsum(histogram * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight))
    between = np.nan_to_num(between)
    return int(np.argmax(between))


# ---- rules and check boxes from pixels ------------------------------------------------------------------------


def _runs(ink: Any, minimum: int, maximum: int | None = None) -> list[tuple[int, int, int]]:
    """Runs of ink along each row: (row, first column, column past the last), at least `minimum` long."""
    np = _np()
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    steps = np.diff(padded, axis=1)
    starts = np.argwhere(steps == 1)
    ends = np.argwhere(steps == -1)
    lengths = ends[:, 1] - starts[:, 1]
    keep = lengths >= minimum
    if maximum is not None:
        keep &= lengths <= maximum
    return [(int(r), int(a), int(b)) for (r, a), b in zip(starts[keep], ends[keep][:, 1], strict=True)]


def _merged(runs: list[tuple[int, int, int]], slack: int) -> list[tuple[float, int, int]]:
    """Runs on neighbouring rows that cover the same span joined into one rule: (middle row, start, end)."""
    open_: list[list[int]] = []  # [first row, last row, start, end]
    done: list[tuple[float, int, int]] = []
    for row, a, b in sorted(runs):
        for group in open_:
            if row - group[1] <= 1 and abs(a - group[2]) <= slack and abs(b - group[3]) <= slack:
                group[1] = row
                group[2], group[3] = min(a, group[2]), max(b, group[3])
                break
        else:
            open_.append([row, row, a, b])
        if len(open_) > 64:
            for group in open_[:-32]:
                done.append(((group[0] + group[1]) / 2, group[2], group[3]))
            open_ = open_[-32:]
    done += [((g[0] + g[1]) / 2, g[2], g[3]) for g in open_]
    return done


def rules_from_pixels(ink: Any, dpi: float) -> tuple[list[Segment], list[Segment]]:
    """The page's ruling lines, horizontal and vertical, in points: runs of ink at least a third of an inch long
    (longer than any word's stroke), a gap of one pixel bridged."""
    np = _np()
    bridged = ink.copy()
    bridged[:, 1:-1] |= ink[:, :-2] & ink[:, 2:]
    minimum = int(dpi / 3)
    scale = 72 / dpi
    horizontal = [Segment(y * scale, a * scale, b * scale) for y, a, b in _merged(_runs(bridged, minimum), 3)]
    tall = ink.T.copy()
    tall[:, 1:-1] |= np.ascontiguousarray(ink.T)[:, :-2] & np.ascontiguousarray(ink.T)[:, 2:]
    vertical = [Segment(x * scale, a * scale, b * scale) for x, a, b in _merged(_runs(tall, minimum), 3)]
    return horizontal, vertical


def rule_pixels(ink: Any, dpi: float) -> Any:
    """A mask of the ink that belongs to ruling lines: runs at least a third of an inch long across or down, and
    the pixels beside them that the rule's blur darkened."""
    np = _np()
    minimum = int(dpi / 3)
    mask = np.zeros(ink.shape, dtype=bool)
    for row, a, b in _runs(ink, minimum):
        mask[max(row - 1, 0):row + 2, a:b] = True
    for column, a, b in _runs(np.ascontiguousarray(ink.T), minimum):
        mask[a:b, max(column - 1, 0):column + 2] = True
    return mask


def underline_pixels(ink: Any, dpi: float) -> Any:
    """A mask of the lines drawn under words (a footnote mark printed as an underlined link, "(1)" with a bar under
    it): thin runs of ink at least 7 points long with nothing under them, a gap of paper over them and letters
    just above that. The engine reads an underlined mark as "@" or "C2)"; a letter's own stroke (the foot of an E,
    the bar of a 4) has ink touching it from above or below, and a rule is taken off with the rules."""
    np = _np()
    mask = np.zeros(ink.shape, dtype=bool)
    thickest = max(int(dpi / 60), 2)
    gap = max(int(dpi / 150), 1)
    reach = int(dpi / 10)
    height = ink.shape[0]
    for middle, a, b in _merged(_runs(ink, int(dpi * 7 / 72), int(dpi * 1.5)), 3):
        top = bottom = int(middle)
        while top > 0 and ink[top - 1, a:b].mean() > 0.6:
            top -= 1
        while bottom < height - 1 and ink[bottom + 1, a:b].mean() > 0.6:
            bottom += 1
        if bottom - top + 1 > thickest or top - reach < 0:
            continue
        if ink[top - gap:top, a:b].any(axis=0).mean() > 0.05:
            continue  # touched from above: a letter's stroke
        if ink[bottom + 1:bottom + 1 + 2 * thickest, a:b].any(axis=0).mean() > 0.05:
            continue  # touched from below
        if ink[top - reach:top - gap, a:b].any(axis=0).mean() < 0.3:
            continue  # nothing written over it: a dash or a rule's stub
        mask[max(top - 1, 0):bottom + 2, a:b] = True
    return mask


#: The hints the form prints in brackets under box 1's lines, by the word inside them. OCR often loses a bracket
#: of a hint set in small type beside a rule ("City)"), and the layout finds box 1's lines by their hints.
_HINTS = {hint.strip("()"): hint for hint, _ in form.BOX1_HINTS} | {"First": "(First)", "Middle": "(Middle)",
                                                                    "State": "(State)"}


#: A tick the engine read as two or three letters ("xX", "XX") or a sign.
_TICK_READ = re.compile(r"[xX×✕✗]{1,3}")


#: A column's number 1 read as a letter before its caption ("L.Title of Security", "l.Name and Address"), its
#: point perhaps lost too ("LTitle of Security").
_ONE_READ = re.compile(r"[lLI|]\.(?=[A-Z][a-z])|[lLI|](?=(?:Title|Name)(?:of)?$)")


#: A box or column number whose full stop was read as a colon or comma ("1:Title", "3,Issuer").
_NUMBER_READ = re.compile(r"(\d{1,2}[A-Za-z]?)[:,](?=[A-Z][a-z])")
#: A column's number on a line of numbered column headers, its full stop read as a comma ("4," for "4.").
_NUMBER_COMMA = re.compile(r"(\d{1,2}[A-Za-z]?),")
#: What the engine makes of a "1." set hard against the table's left rule, which the rule's removal thinned.
_FIRST_NUMBER_READ = {"]", "[", "|", "l", "I", "1", "].", "[.", "|.", "l.", "I.", "1,", "l,", "],"}
_NUMBERED = re.compile(r"\d{1,2}[A-Za-z]?\.")
#: A column's number read without its full stop, or with a bracket, colon or semicolon for it ("5", "5)").
_NUMBER_BARE = re.compile(r"(\d{1,2})[:;)]?")
#: Letters the engine reads for digits.
_DIGIT_READ = str.maketrans("SsOolI|ZB", "550011128")


def _rows(words: list[ocr.OcrWord]) -> list[list[int]]:
    """The words standing side by side on the page, row by row (indexes, left to right): the engine's own lines
    break where a ruled form's columns part."""
    order = sorted(range(len(words)), key=lambda i: (words[i].top + words[i].bottom) / 2)
    rows: list[list[int]] = []
    for i in order:
        w = words[i]
        middle = (w.top + w.bottom) / 2
        if rows:
            last = words[rows[-1][-1]]
            if abs(middle - (last.top + last.bottom) / 2) <= 0.3 * min(w.bottom - w.top, last.bottom - last.top):
                rows[-1].append(i)
                continue
        rows.append([i])
    return [sorted(r, key=lambda i: words[i].x0) for r in rows]


def mended_numbers(words: list[ocr.OcrWord]) -> list[ocr.OcrWord]:
    """On a line of numbered column headers ("1. Title of Security 2. Trans. Date 3. ..."), the numbers the engine
    misread put right, each before a caption: "4," is "4.", a "3" right after column 2 is "3.", and a bracket, bar
    or "l" opening the line ("] Title of Security") is the "1." of the table's first column, which the layout needs
    to find the columns."""
    out = list(words)
    for members in _rows(words):
        if sum(1 for i in members if _NUMBERED.match(words[i].text)) < 2:
            continue
        members.sort(key=lambda i: words[i].x0)
        read = {words[i].text for i in members}
        second = next((words[i].text for i in members[1:] if _NUMBERED.match(words[i].text)), None)
        last: int | None = None  # the number of the column before
        for h, (i, j) in enumerate(zip(members, members[1:], strict=False)):
            w = out[i]
            bare = _NUMBER_BARE.fullmatch(w.text)
            if out[j].text[:1].isupper() or _NUMBERED.match(out[j].text) and bare:
                if i == members[0] and w.text in _FIRST_NUMBER_READ:
                    w = dataclasses.replace(w, text="1.", confidence=min(w.confidence, REREAD_BELOW))
                elif i == members[0] and len(w.text) <= 2 and not w.text.isalpha() and "1." not in read and \
                        second is not None and second.startswith("2"):
                    # "1:", "1)" or "7" opening the line before column 2: the first column's number.
                    w = dataclasses.replace(w, text="1.", confidence=min(w.confidence, REREAD_BELOW))
                elif _NUMBER_COMMA.fullmatch(w.text):
                    w = dataclasses.replace(w, text=w.text[:-1] + ".")
                elif bare and last is not None and int(bare[1]) == last + 1 and f"{last + 1}." not in read \
                        and not (h and out[members[h - 1]].text.startswith("(")):
                    # "5)" or "5" for "5.", its caption below it when the next column's number follows; not the
                    # "3)" closing "(Instr. 3)", nor a number the line has elsewhere.
                    w = dataclasses.replace(w, text=bare[1] + ".")
                elif last is not None and w.text.endswith(".") and \
                        w.text[:-1].translate(_DIGIT_READ) == str(last + 1):
                    w = dataclasses.replace(w, text=str(last + 1) + ".")  # "S." after column 4 is "5."
                out[i] = w
            number = re.match(r"(\d{1,2})[A-Za-z]?\.", w.text)
            last = int(number[1]) if number else last
    return out


#: What the engine reads for the strokes of a table's numeral ("Table il", "Table i]", "Table 11" for "Table II").
_STROKES = set("Il1|i[]!j")


#: The form's title words, printed in large spaced capitals that the engine may split ("FO RM 4", "T able").
_TITLE_WORDS = ("FORM", "TABLE")


def _joined_titles(words: list[ocr.OcrWord]) -> list[ocr.OcrWord]:
    """Pieces of a title word the engine read apart on one of its lines ("FO", "RM" for "FORM"), each closer to
    the next than the letters are high, joined into the word, as sure as its least sure piece."""
    out: list[ocr.OcrWord] = []
    i = 0
    while i < len(words):
        for n in (2, 3, 4):
            pieces = words[i:i + n]
            if len(pieces) < n or any(p.line != pieces[0].line or not p.text.isalpha() for p in pieces) or \
                    "".join(p.text for p in pieces).upper() not in _TITLE_WORDS or \
                    any(b.x0 - a.x1 > min(a.bottom - a.top, b.bottom - b.top) or b.x0 < a.x0
                        for a, b in zip(pieces, pieces[1:], strict=False)):
                continue
            out.append(dataclasses.replace(
                pieces[0], text="".join(p.text for p in pieces), x1=pieces[-1].x1,
                top=min(p.top for p in pieces), bottom=max(p.bottom for p in pieces),
                confidence=min(p.confidence for p in pieces)))
            i += n
            break
        else:
            out.append(words[i])
            i += 1
    return out


#: One capital letter, perhaps after an opening bracket or quote ('("K'), that the engine split off the capitals
#: after it ("K VA" for "KVA": the K and V of a sans-serif face lean into each other, kerned with no gap).
_LONE_CAPITAL = re.compile(r"[(\[“\"']*[A-Z]")
#: Capitals opening a word, perhaps after an opening bracket or quote ("[HB" of "[HB AN]").
_LEAD_CAPITALS = re.compile(r"[(\[“\"']*[A-Z]{2,}")
#: An abbreviation's capitals, perhaps with punctuation after them ("VA", "VA,", "VA)").
_CAPITALS = re.compile(r"[A-Z]{2,}[)\]”\"',.;:]*")


#: A word that is an item of a list in small Roman numerals as an engine reads them ("(i)", "(1)", "(11)", "(i1)").
_ROMAN_LIKE = re.compile(r"\(([1il]{1,3})\)([,;:.]?)")
#: An item or footnote mark numbered from 2 to 10: a list in Arabic numerals.
_ARABIC_ITEM = re.compile(r"\((?:[2-9]|10)\)[,;:.]?")


def roman_enumerations(words: list[ocr.OcrWord]) -> list[ocr.OcrWord]:
    """The items of a list in small Roman numerals that the engine read as digits ("(i) a sale event ... or (ii)
    the issuer's" read "(1) a sale event ... or (11) the issuer's"): an item of two or three strokes ("(11)",
    "(i1)") whose nearest item before it in its block of text has one stroke fewer, with no item numbered 2 to 10
    between them (a list numbered "(1)", "(2)", ... has), is "(ii)" or "(iii)", and that item before it "(i)" or
    "(ii)". An item read as letters throughout changes nothing: "(1)" before "(ii)" may be a footnote's own mark,
    set beside the note's second line ("... the earlier of (i) / (1) the first anniversary ... or (ii) the day").
    Words with no block given are left."""
    out = list(words)
    last: dict[int, int | None] = {}  # each block's item read last so far (None after an Arabic one)
    for k, w in enumerate(words):
        if not w.line:
            continue
        block = w.line[0]
        if _ARABIC_ITEM.fullmatch(w.text):
            last[block] = None
            continue
        m = _ROMAN_LIKE.fullmatch(w.text)
        if not m:
            continue
        j, last[block] = last.get(block), k
        if j is None or len(m[1]) < 2 or "1" not in m[1]:
            continue  # an item read as letters ("(ii)") was read right, and says nothing of the one before it
        before = _ROMAN_LIKE.fullmatch(out[j].text)
        if before is not None and len(before[1]) == len(m[1]) - 1:
            out[j] = dataclasses.replace(out[j], text=f"({'i' * len(before[1])}){before[2]}")
            out[k] = dataclasses.replace(w, text=f"({'i' * len(m[1])}){m[2]}")
    return out


def joined_capitals(words: list[ocr.OcrWord], grey: Any = None) -> list[ocr.OcrWord]:
    """A capital letter the engine read apart from the capitals after it joined to them ("K VA" for "KVA"), when
    the two stand closer than half the line's usual space between words (or overlap): a space that narrow is the
    gap between two letters of a word, not between two words. Where the engine's box of the letter ends short of
    its ink ('("K' boxed over its brackets only), the gap is the paper between their ink on the page `grey`. So
    are capitals split off capitals ("[HB AN]" for box 2's "[HBAN]") where both their boxes and the paper between
    their ink stand less than an eighth of the letters' height apart, as two letters and never two words do, on a
    line of any length."""
    spaces: dict[tuple[int, ...], list[float]] = {}
    for a, b in zip(words, words[1:], strict=False):
        if a.line and a.line == b.line and b.x0 > a.x1:
            spaces.setdefault(a.line, []).append(b.x0 - a.x1)
    usual = {line: sorted(gaps)[len(gaps) // 2] for line, gaps in spaces.items() if len(gaps) >= 4}
    out: list[ocr.OcrWord] = []
    for w in words:
        last = out[-1] if out else None
        if last is None or not w.line or w.line != last.line or not _CAPITALS.fullmatch(w.text) or w.x1 <= last.x1:
            out.append(w)
            continue
        # The paper on the page counts where the boxes stand at most two letters apart: further, the ink before
        # the word may be another word the engine did not read (a price's "$" between a code and "QO").
        apart = w.x0 - last.x1
        paper = _paper_before(grey, w, last.x0) if apart < 2 * (w.bottom - w.top) else float("inf")
        # Capitals after capitals: both the boxes and the ink that close (a rule across the rows of a box taller
        # than its letters leaves no paper between words a space apart: "ONE APPLE PARK WAY").
        if _LONE_CAPITAL.fullmatch(last.text) and w.line in usual and min(apart, paper) < usual[w.line] / 2 \
                or _LEAD_CAPITALS.fullmatch(last.text) and \
                max(apart, paper if paper < float("inf") else apart) < (w.bottom - w.top) / 8:
            out[-1] = dataclasses.replace(last, text=last.text + w.text, x1=w.x1, top=min(last.top, w.top),
                                          bottom=max(last.bottom, w.bottom),
                                          confidence=min(last.confidence, w.confidence))
            continue
        out.append(w)
    return out


def _paper_before(grey: Any, word: ocr.OcrWord, start: float) -> float:
    """How wide the paper is between a word's first ink and the ink before it on its rows, looked for back to
    `start`; infinite without the page or with no ink there."""
    if grey is None:
        return float("inf")
    np = _np()
    top, left = max(int(word.top), 0), max(int(start), 0)
    inked = (grey[top:int(word.bottom) + 1, left:int(word.x1) + 1] < min(_threshold(grey), 200)).any(axis=0)
    first = int(word.x0) - left
    while first < inked.size and not inked[first]:
        first += 1
    before = np.flatnonzero(inked[:max(first, 0)])
    return float(first - before[-1] - 1) if before.size else float("inf")


def mended_titles(words: list[ocr.OcrWord]) -> list[ocr.OcrWord]:
    """A title word the engine split joined again ("FO RM 4"), and the numeral after "Table" on a line put
    right: one stroke is "I", two are "II". Where the title's words after it name the table, they tell: Table I
    holds "Non-Derivative Securities", Table II "Derivative Securities" ("Table I - Derivative Securities", a
    stroke lost, is Table II), whatever letters the numeral read as ("Table TE - Derivative", "Table If -
    Derivative")."""
    out = _joined_titles(words)
    for i in range(1, len(out)):
        before, word = out[i - 1], out[i]
        strokes = set(word.text) <= _STROKES
        if before.text != "Table" or word.line != before.line or not 1 <= len(word.text) <= (2 if strokes else 3) \
                or word.text[0] in "-–—":
            continue
        named = [w.text.lstrip("-–—") for w in out[i + 1:i + 4] if w.line == word.line]
        numeral = "I" * len(word.text) if strokes else None
        if any(t.startswith("Non-Deriv") for t in named):
            numeral = "I"
        elif any(t.startswith("Derivative") for t in named):
            numeral = "II"
        if numeral is not None and numeral != word.text:
            out[i] = dataclasses.replace(word, text=numeral)
    return out


#: An amount whose decimal point the engine read as a comma: the last comma followed by four digits or more
#: ("$25,5495"), or a price's by one or two ("$4,50"), which no thousands' comma is.
_POINT_AS_COMMA = re.compile(r"(\$?\d{1,3}(?:,\d{3})*),(\d{4,})|(\$\d{1,3}(?:,\d{3})*),(\d{1,2})")


#: An opening quote read as two before the word it opens, perhaps after a bracket ('(""RSUs")'): no word of a
#: filing opens with two quotes.
_DOUBLED_QUOTE = re.compile(r'([(\[]?)(?:""|“"|"“|““)(?=\w)')


#: A word of a Roman numeral's capitals, one of them perhaps read as a small l, then perhaps a comma or a point.
_NUMERAL_READ = re.compile(r"([IVXl]*[IVX][IVXl]*)([,.;]?)")
#: A Roman numeral of two letters or more, up to 39 (the numbers of funds, trusts and series).
_ROMAN = re.compile(r"(?=..)X{0,3}(?:IX|IV|VI{0,3}|I{1,3})?")

#: Words of the form's own vocabulary with a letter read as one it looks like, none of them a word: the "right" of a
#: derivative's title, "(right to buy)", its r read as t or lost ("(tight", "(ight"); the C of an LLC read as a G;
#: the "rn" of a signature's "Attorney-in-fact" read as an m, or as "rm"; the 1 of a date's "1st" read as an I
#: ("March Ist").
_VOCABULARY_READ = re.compile(r"(\(tight|\(ight|LLG|ple|[Aa]ttomey|[Aa]ttormey|[Aa]ttommey|Ist)([-,.;)].*)?")
_VOCABULARY = {"(tight": "(right", "(ight": "(right", "LLG": "LLC", "ple": "plc", "Attomey": "Attorney",
               "Attormey": "Attorney", "Attommey": "Attorney", "attomey": "attorney", "attormey": "attorney",
               "attommey": "attorney", "Ist": "1st"}


#: Footnote marks side by side, a sign the engine made of a speck inside a bracket ("(3)(@4)").
_SIGNED_MARKS = re.compile(r"(?:\([@©®°'`]?\d{1,2}[@©®°'`]?\)){1,3}")


def mended(word: ocr.OcrWord) -> ocr.OcrWord:
    """A hint of box 1 whose bracket the engine lost, with the bracket put back; a tick the engine was unsure of
    and read as more than one X, or read as small and capital x together ("xX"), as the X it is; a box or column
    number 1 read as a letter, as 1; an amount's decimal point read as a comma, as the point, unsure; a bracket read
    with a bar beside it ("[|", the ticker's bracket against what is left of a rule), as the bracket; an opening
    quote read twice before a word ('(""RSUs")', a curly quote's two strokes), as one; a Roman numeral with a
    small l for one of its strokes ("Il", "XIl" for II, XII: a fund's or a trust's number), as the numeral ("Ill."
    stays: Illinois); a word of the form's vocabulary with a letter misread into no word (`_VOCABULARY`); a
    footnote mark read with a letter for its digit ("(S)" for "(5)"), with a sign inside its bracket ("(3)(@4)"), or
    without its closing bracket ("(4"), as the mark, unsure."""
    doubled = _DOUBLED_QUOTE.match(word.text)
    if doubled:
        word = dataclasses.replace(word, text=doubled[1] + '"' + word.text[doubled.end():])
    if _TICK_READ.fullmatch(word.text) and word.text != "X" and (
            word.confidence < REREAD_BELOW or "x" in word.text and "X" in word.text):
        return dataclasses.replace(word, text="X")  # "xX" is no word at all, however sure; "XX" may be one
    if len(word.text) > 1 and word.text.strip("|") in ("[", "]"):
        return dataclasses.replace(word, text=word.text.strip("|"))  # a bracket with a rule's stub beside it
    point = _POINT_AS_COMMA.fullmatch(word.text)
    if point:
        whole, fraction = (point[1], point[2]) if point[1] else (point[3], point[4])
        return dataclasses.replace(word, text=f"{whole}.{fraction}", confidence=min(word.confidence, REREAD_BELOW))
    if _ONE_READ.match(word.text):
        return dataclasses.replace(word, text="1." + word.text[1:].lstrip("."))
    numeral = _NUMERAL_READ.fullmatch(word.text)
    if numeral and "l" in numeral[1] and _ROMAN.fullmatch(numeral[1].replace("l", "I")) and word.text != "Ill.":
        return dataclasses.replace(word, text=numeral[1].replace("l", "I") + numeral[2])
    misread = _VOCABULARY_READ.fullmatch(word.text)
    if misread:
        return dataclasses.replace(word, text=_VOCABULARY[misread[1]] + (misread[2] or ""))
    if _SIGNED_MARKS.fullmatch(word.text) and not _MARKS.fullmatch(word.text):
        # footnote marks with a speck read as a sign inside a bracket ("(3)(@4)")
        return dataclasses.replace(word, text=re.sub(r"[^\d()]", "", word.text),
                                   confidence=min(word.confidence, REREAD_BELOW))
    if re.fullmatch(r"\(\d{1,2}", word.text):
        # a mark whose closing bracket went unread ("LLC (4" before "(5)"): no word of the form is so
        return dataclasses.replace(word, text=word.text + ")", confidence=min(word.confidence, REREAD_BELOW))
    if word.text in ("(S)", "(l)"):
        # a footnote mark whose digit read as a letter alike (a 5, a 1): no word of the form stands so alone
        return dataclasses.replace(word, text="(5)" if "S" in word.text else "(1)",
                                   confidence=min(word.confidence, REREAD_BELOW))
    number = _NUMBER_READ.match(word.text)
    if number:
        return dataclasses.replace(word, text=number[1] + "." + word.text[number.end():])
    bare = word.text.strip("()[]{}|")
    hint = _HINTS.get(bare)
    if hint is None or word.text == hint or not word.text.endswith((")", "]", "}", "|")) and \
            not word.text.startswith(("(", "[", "{", "|")):
        return word
    return dataclasses.replace(word, text=hint)


def read_once(words: list[ocr.OcrWord]) -> list[ocr.OcrWord]:
    """The engine's words without those it read twice: a word whose box lies for the most part inside another's,
    and whose text is part of that word's ("Class" and "ass", "Stock" and "Stoc", a line of the page read again
    as a line of its own), or the other way round (a box drawn over "Estate" and half the line under it, read
    "state") or which the engine is unsure of where the other is sure (a speck in an amount read as "J"); and an
    unsure word that covers most of a sure one (a box over "by" and the mark under it read "o"), which would be
    read again with the other's letters in it. Of two readings of one word (its letters' case aside), the first in
    `words` stays (the page's own reading, before those read again after it), also where the second box, drawn
    taller, covers less than half of the first ("A" over a cell's line and half the next). Two readings of one
    word shifted along its line, each with a piece of it ("11/08/202" and "/08/2023"), are put together
    (`_shifted_reading`)."""
    order = sorted(range(len(words)), key=lambda i: words[i].x0)
    dropped: set[int] = set()
    joined: dict[int, ocr.OcrWord] = {}
    for at, i in enumerate(order):
        a = words[i]
        for j in order[at + 1:]:
            b = words[j]
            if b.x0 >= a.x1:
                break
            if i in dropped or j in dropped:
                continue
            small, large = (i, j) if _area(a) <= _area(b) else (j, i)
            w, other = words[small], words[large]
            if w.text.lower() == other.text.lower() and _on_one_another(w, other):
                dropped.add(max(i, j))  # the same word read again: the first reading stays
                continue
            if (both := _shifted_reading(a, b)) is not None:
                joined[i] = both
                dropped.add(j)
                continue
            if not _covers(other, w):
                continue
            unsure, sure = REREAD_BELOW / 2, REREAD_BELOW
            if re.fullmatch(r"\d{1,2}", w.text) and _within(w, (other.x0, other.top, other.x1, other.bottom)):
                # A footnote mark's digits read again inside it: "(2)" and "2" ("3" and "05/01/2023(3)"); or read
                # sure inside a box of the whole mark read as signs ("1" in "©" for "(1)"), ink standing on both
                # sides of the digits.
                if other.text.endswith(f"({w.text})"):
                    dropped.add(small)
                    continue
                margin = 0.2 * (w.bottom - w.top)
                if other.text and set(other.text) <= _MARK_SIGNS and other.confidence < sure <= w.confidence and \
                        w.x0 - other.x0 >= margin and other.x1 - w.x1 >= margin:
                    joined[large] = dataclasses.replace(other, text=f"({w.text})", confidence=min(
                        w.confidence * 0.9, _REREAD_SURE))
                    dropped.add(small)
                    continue
            if len(w.text) >= 2 and w.text.lower() in other.text.lower() or \
                    w.confidence < unsure and other.confidence >= sure or \
                    len(w.text) == 1 and w.confidence < sure and other.confidence >= sure and _within(
                        w, (other.x0, other.top, other.x1, other.bottom)):
                # (a character unsure inside a word read sure is a piece of that word's ink read again: the tail
                # of the comma of "11,388" read "9")
                dropped.add(small)
            elif len(other.text) >= 2 and other.text.lower() in w.text.lower() and \
                    other.confidence >= unsure and w.confidence >= unsure:
                dropped.add(large)  # the larger box holds a piece of the word the smaller one holds whole
            elif other.confidence < unsure and w.confidence >= sure:
                dropped.add(large)  # ink read sure, read again unsure with more around it
    return [joined.get(k, w) for k, w in enumerate(words) if k not in dropped]


def _on_one_another(a: ocr.OcrWord, b: ocr.OcrWord) -> bool:
    """Whether two boxes stand over much of one another: across, two fifths of the narrower or more; up and down,
    half of the lower or more (not two words of one text on lines one above the other)."""
    across = min(a.x1, b.x1) - max(a.x0, b.x0)
    down = min(a.bottom, b.bottom) - max(a.top, b.top)
    return across >= 0.4 * min(a.x1 - a.x0, b.x1 - b.x0) and down >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _shifted_reading(left: ocr.OcrWord, right: ocr.OcrWord) -> ocr.OcrWord | None:
    """One word for two readings of one word shifted along its line ("11/08/202" and "/08/2023" for "11/08/2023"):
    boxes on one line, across half of the narrower or more, the end of the one on the left being the start of the
    other (three letters or more, half of the shorter's or more); its box theirs together, as sure as the less
    sure. None when they are not."""
    across = min(left.x1, right.x1) - max(left.x0, right.x0)
    down = min(left.bottom, right.bottom) - max(left.top, right.top)
    if across < 0.5 * min(left.x1 - left.x0, right.x1 - right.x0) or \
            down < 0.5 * min(left.bottom - left.top, right.bottom - right.top) or right.x1 <= left.x1:
        return None
    shorter = min(len(left.text), len(right.text))
    for size in range(shorter - 1, max(3, (shorter + 1) // 2) - 1, -1):
        if left.text[-size:] == right.text[:size]:
            return dataclasses.replace(left, text=left.text + right.text[size:], x1=right.x1,
                                       top=min(left.top, right.top), bottom=max(left.bottom, right.bottom),
                                       confidence=min(left.confidence, right.confidence))
    return None


def joined_pieces(words: list[ocr.OcrWord]) -> list[ocr.OcrWord]:
    """Words the engine cut in two where it took one line of the page for two (a neighbouring column's words
    standing a little lower): the pieces of a word set on two lines of its own ("C" on one, "ommon" on the other),
    of one size, read with some confidence and with less paper between them than a quarter of their height, which
    is the room between two letters of a word, never a space, are put back together, where the first one stood
    in the engine's order. Where the first one's text already ends with the second's ("Class" and "ass": the same
    letters read twice), the second adds only its box; where a first piece of a letter or two starts the second
    ("C" and "Common", as no word goes on from a capital with the same capital), the first adds only its box."""
    out = list(words)
    gone: set[int] = set()
    ends: list[int] = []  # words a later one may continue
    floor = REREAD_BELOW / 2
    for i in sorted(range(len(words)), key=lambda i: words[i].x0):
        w = words[i]
        joined = False
        if w.line and w.text[:1].isalpha() and w.confidence >= floor:
            high = w.bottom - w.top
            for k in ends:
                last = out[k]
                low = last.bottom - last.top
                if last.line and last.line != w.line and last.confidence >= floor and \
                        max(high, low) <= 1.6 * min(high, low) and 0 <= w.x0 - last.x1 < 0.25 * max(high, low) and \
                        min(w.bottom, last.bottom) - max(w.top, last.top) >= 0.5 * min(high, low):
                    if len(w.text) >= 2 and last.text.endswith(w.text):
                        text = last.text
                    elif len(last.text) <= 2 and w.text.startswith(last.text):
                        text = w.text  # "C" and "Common": the first piece's letters read again at the word's start
                    else:
                        text = last.text + w.text
                    out[k] = dataclasses.replace(last, text=text, x1=w.x1, top=min(last.top, w.top),
                                                 bottom=max(last.bottom, w.bottom),
                                                 confidence=min(last.confidence, w.confidence))
                    gone.add(i)
                    joined = True
                    break
        if not joined:
            ends.append(i)
        # Only words that end near where the next ones begin can be continued.
        ends = [k for k in ends if out[k].x1 > w.x0 - (w.bottom - w.top)]
    return [w for k, w in enumerate(out) if k not in gone]


def _area(word: ocr.OcrWord) -> float:
    return max(word.x1 - word.x0, 1.0) * max(word.bottom - word.top, 1.0)


def _smudge(word: ocr.OcrWord) -> bool:
    """A speck or what is left of a rule read as punctuation: no letter or digit, and the engine unsure of it; or a
    bar."""
    if not word.text.strip("|"):
        return True  # a rule's stub beside a word, which no form prints as text
    return word.confidence < 0.5 and not any(c.isalnum() for c in word.text)


def _flat(word: ocr.OcrWord, dpi: float) -> bool:
    """A word with a letter or digit less than a point and a half high (a dash is flatter): no type on a form sets
    a letter or digit that flat (the smallest, a caption's "or" in six-point type, stands three points high); it is
    a dotted underline or what is left of a rule that the engine read as letters ("‘2" under a footnote mark)."""
    return word.bottom - word.top < 1.5 * dpi / 72 and any(c.isalnum() for c in word.text)


#: Marks that mean nothing standing alone in a form's value.
_STRAY_MARKS = frozenset(".,:;'`‘’")


def _stray_mark(word: ocr.OcrWord) -> bool:
    """A point, comma, colon or quote mark standing alone that the engine was unsure of, still so after the words
    were read again: a speck of noise or what is left of a rule (": Stock", "Restricted Stock . Units")."""
    return word.text in _STRAY_MARKS and word.confidence < REREAD_BELOW


def _speck(word: ocr.OcrWord, dpi: float) -> bool:
    """One letter or digit under two points high and wide that the engine was unsure of: a speck of noise it read
    as a letter ("p" before a Table II row's title); the smallest type a form sets stands three points high."""
    return len(word.text) == 1 and word.text.isalnum() and word.confidence < 0.5 and \
        max(word.x1 - word.x0, word.bottom - word.top) < 2 * dpi / 72


def _straddling(word: ocr.OcrWord, words: list[ocr.OcrWord]) -> bool:
    """Whether a letter stands across the gap between two lines of one cell, over the foot of a word read sure on
    the line above (a quarter of its height or more into it) and into the head of one on the line below: the engine
    made a letter of a descender and the top of the letters under it ("P" of the "p" of "Options" over "(right",
    read "Stock Options P (right to buy)")."""
    high = word.bottom - word.top

    def into(o: ocr.OcrWord) -> float:
        return min(o.bottom, word.bottom) - max(o.top, word.top)

    across = [o for o in words if o is not word and o.confidence >= REREAD_BELOW and len(o.text) > 1
              and o.x0 <= word.x0 and word.x1 <= o.x1 and into(o) > 0]
    above = any(o.top < word.top and o.bottom < word.bottom and into(o) >= 0.25 * high for o in across)
    below = any(o.top > word.top and o.bottom > word.bottom for o in across)
    return above and below


def levelled(words: list[ocr.OcrWord]) -> list[ocr.OcrWord]:
    """Words the engine set on one line given that line's top and bottom (the middle of each): a word with a raised
    mark run into it ("**Signature") or a descender stands higher or lower than its neighbours, and the layout
    would start a line of its own for it. A word alone on its line, a mark set small (a footnote mark the engine
    kept on the line), a word set large (the "4" of "FORM 4" beside the OMB box) and a word that stands clear of
    the line, half its height or more outside it (the engine's "line" down a column of one-letter cells, "D" over
    "D", read again one by one) keep their own boxes."""
    lines: dict[tuple[int, ...], list[int]] = {}
    for i, w in enumerate(words):
        if w.line:
            lines.setdefault(w.line, []).append(i)
    out = list(words)
    for members in lines.values():
        if len(members) < 2:
            continue
        heights = sorted(words[i].bottom - words[i].top for i in members)
        typical = heights[len(heights) // 2]
        # Half the words set large and half small ("FORM 4" and "OMB Number:" read as one line): each keeps its
        # box; the middle of the two is no line's.
        mixed = typical > 1.6 * heights[(len(heights) - 1) // 2]
        tops = sorted(words[i].top for i in members)
        bottoms = sorted(words[i].bottom for i in members)
        top, bottom = tops[len(tops) // 2], bottoms[len(bottoms) // 2]
        for i in members if not mixed else ():
            w = words[i]
            if not 0.7 * typical <= w.bottom - w.top <= 1.6 * typical and not _raised_lead(w, typical, bottom):
                continue
            if min(w.bottom, bottom) - max(w.top, top) <= 0.5 * min(w.bottom - w.top, bottom - top):
                # On another line of the page: a word the engine set on a column of cells, read again, or a line
                # the engine found running into the next one down ("UNITED STATES" of an owner's address, its top
                # a pixel above the foot of Table I's title beside it).
                continue
            out[i] = dataclasses.replace(w, top=top, bottom=bottom)
        # Words of one line do not overlap: a box the engine drew over its neighbour ("FORM" over the "4" of
        # "FORM 4") ends where the neighbour starts.
        members.sort(key=lambda i: out[i].x0)
        for i, j in zip(members, members[1:], strict=False):
            if out[i].x1 > out[j].x0 > out[i].x0:
                out[i] = dataclasses.replace(out[i], x1=out[j].x0 - 1)
    return out


#: Marks set raised before a word, as the engine reads them ("**Signature" read "“signature" or "*Signature").
_RAISED_LEAD = re.compile(r"[*“”‘’\"'^]+\w")


def _raised_lead(word: ocr.OcrWord, typical: float, bottom: float) -> bool:
    """A word opening with raised marks ("**Signature of Reporting Person"): the marks stand above the line's
    letters, so the word's box is up to twice the line's height, its foot on the line's foot."""
    return bool(_RAISED_LEAD.match(word.text)) and word.bottom - word.top <= 2.2 * typical and \
        abs(word.bottom - bottom) <= 0.35 * typical


#: Below this OCR confidence a short word (a footnote mark, a code, a check mark) is read again on its own.
REREAD_BELOW = 0.8
#: Under this, the engine made nothing of a word ("(idee" for a date in a shaded cell): it is read again alone.
NO_CONFIDENCE = 0.3
#: A word boxed wider than this many times its height for each of its letters holds more than the engine read (a
#: letter of the form's type is at most about as wide as it is high, with its space).
_FEW_LETTERS = 1.2
#: The tallest picture of unsure words handed to the engine at once, in pixels (Tesseract refuses 32768 and more).
STRIP_PIXELS = 30000


#: A footnote mark the engine misread: one or two signs closed by a bracket ("‘)", "C2)", "69)"), an "@", or an
#: opening bracket and a sign, the closing one lost ("{2" for "(1)").
_MARK_LIKE = re.compile(r"[(\[{‘’“”'\"C]?\S?[)\]}]|@|[(\[{]\S?")
#: A footnote mark as printed.
_MARK = re.compile(r"\(\d{1,2}\)")
#: A cell's footnote marks printed side by side ("(2) (3)"), read as one word.
_MARKS = re.compile(r"(?:\(\d{1,2}\)){1,3}")
#: The characters of a footnote mark.
MARK_CHARS = "()0123456789"


def _mark_like(text: str) -> bool:
    return bool(_MARK_LIKE.fullmatch(text)) and not re.fullmatch(r"\([0-9A-Za-z]{1,2}\)", text)


#: A transaction code with its footnote mark run into it and misread ("ct)", "S2)", "s(2)" for "C(1)", "S(2)";
#: "SO", "S®" for "S(1)", the mark read as one round sign): one of the codes the form's instructions list, then a
#: broken mark.
_CODE_MARK_LIKE = re.compile(
    r"[ACDEFGHIJKLMOPSUVWXZacdefghijklmopsuvwxz](?:[^()\s]{1,2}\)|\(\d{1,2}\)|[O0Q®©@°])")
#: The letters of the transaction codes.
CODE_CHARS = "ACDEFGHIJKLMOPSUVWXZ"


def reread_code_marks(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str) -> list[ocr.OcrWord]:
    """A transaction code with its raised footnote mark ("C(1)"), which the engine reads as one word and garbles
    ("ct)"), read again in two: the letter, cut off at the first gap of paper after it, with only the codes'
    letters, and the mark after it with only a mark's characters, where that stands raised. Kept when both read
    as such."""
    from PIL import Image

    np = _np()
    threshold = min(_threshold(grey), 200)
    found = [i for i, w in enumerate(words) if _CODE_MARK_LIKE.fullmatch(w.text) and w.x1 - w.x0 < dpi * 0.4
             and not re.fullmatch(r"[A-Z]\(\d{1,2}\)", w.text)]
    letters, marks, kept = [], [], []
    for i in found:
        cut = _cut(grey, words[i], dpi, threshold)
        inked = (cut < 128).any(axis=0)
        first = int(np.argmax(inked))
        end = first + int(np.argmin(inked[first:])) if not inked[first:].all() else len(inked)
        if not inked.any() or end >= len(inked) or not inked[end:].any():
            continue
        # The mark stands raised: ink after the letter reaching down to the letter's foot is more of a word
        # ("L.P." of "LP.)", read whole as a code and a broken mark).
        letter_rows = np.flatnonzero((cut[:, :end] < 128).any(axis=1))
        mark_rows = np.flatnonzero((cut[:, end:] < 128).any(axis=1))
        if mark_rows[-1] > letter_rows[-1] - (letter_rows[-1] - letter_rows[0]) / 6:
            continue
        letters.append(Image.fromarray(cut[:, :end]))
        marks.append(Image.fromarray(cut[:, end:]))
        kept.append(i)
    if not kept:
        return words
    out = list(words)
    read_letters = _crops_read(letters, dpi, name, chars=CODE_CHARS)
    read_marks = _marks_read(marks, dpi, name, _MARK, enlarged_first=False)
    for i, letter, mark in zip(kept, read_letters, read_marks, strict=True):
        code, note = "".join(w.text for w in letter), "".join(w.text for w in mark)
        if len(code) == 1 and _MARK.fullmatch(note):
            sure = min(w.confidence for w in (*letter, *mark))
            # Made out only on a second reading: it stays one a person looks at when the engine was unsure.
            out[i] = dataclasses.replace(out[i], text=code + note, confidence=sure * 0.9)
    return out


def _marks_read(marks: list[Any], dpi: float, name: str, pattern: re.Pattern[str], *,
                enlarged_first: bool) -> list[list[ocr.OcrWord]]:
    """Footnote marks cut out of the page (pictures at `dpi`) read with only a mark's characters, one way first, as
    drawn or enlarged three times, and where no number was made out ("()": small type below 300 dpi), the other
    way, kept where that reads as marks (`pattern`). Which way reads better first differs: a code's single mark
    as drawn, an amount's marks, their underline taken away, enlarged."""
    from PIL import Image

    def enlarged(crop: Any) -> Any:
        return crop.resize((crop.width * 3, crop.height * 3), Image.Resampling.LANCZOS)

    def drawn(crop: Any) -> Any:
        return crop

    ways = [(enlarged, dpi * 3), (drawn, dpi)]
    if not enlarged_first:
        ways.reverse()
    (first, first_dpi), (second, second_dpi) = ways
    read = _crops_read([first(mark) for mark in marks], first_dpi, name, chars=MARK_CHARS)
    again = [n for n, mark in enumerate(read) if not any(c.isdigit() for w in mark for c in w.text)]
    if again:
        for n, found in zip(again, _crops_read([second(marks[n]) for n in again], second_dpi, name,
                                               chars=MARK_CHARS), strict=True):
            if pattern.fullmatch("".join(w.text for w in found)):
                read[n] = found
    return read


#: The numbers a form's title can carry ("FORM 4").
FORM_NUMBERS = "345"


def _usual_height(words: Sequence[ocr.OcrWord]) -> float:
    """The height of the page's usual word (the middle one of all its words' heights); 0 for none."""
    heights = sorted(w.bottom - w.top for w in words)
    return heights[len(heights) // 2] if heights else 0.0


def _sure_height(words: Sequence[ocr.OcrWord]) -> float:
    """The median height of the words of two characters or more the engine is sure of (a line's height, which
    unsure words read over two lines or more do not stretch); 0 for none."""
    heights = sorted(w.bottom - w.top for w in words if w.confidence >= REREAD_BELOW and len(w.text) >= 2)
    if not heights:
        return 0.0
    middle = len(heights) // 2
    return float(heights[middle]) if len(heights) % 2 else (heights[middle - 1] + heights[middle]) / 2


def reread_form_number(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str) -> list[ocr.OcrWord]:
    """The number of the form's title read again where the engine did not read it as one ("FORM A" for "FORM 4"
    in a heavy face): the word after a "FORM" set at least twice as high as the page's usual word, on its line and
    a letter's height from it at most, of one or two characters. The title is cut out whole, its ink only, and read
    as one line (the number alone, out of its title, still reads as a letter, with or without a list of the
    characters it may be). Kept when it reads as "FORM" and one of the forms' numbers, as sure as the engine is
    less a tenth."""
    from PIL import Image

    usual = _usual_height(words)
    out = list(words)
    for i, (title, word) in enumerate(zip(words, words[1:], strict=False)):
        high = title.bottom - title.top
        if title.text.upper() != "FORM" or high < 2 * usual or word.line != title.line or \
                not 1 <= len(word.text) <= 2 or word.text in FORM_NUMBERS or not 0 <= word.x0 - title.x1 < high:
            continue
        whole = ocr.OcrWord("", title.x0, min(title.top, word.top), word.x1, max(title.bottom, word.bottom), 1.0)
        read = _crops_read([Image.fromarray(_cut(grey, whole, dpi, min(_threshold(grey), 200)))], dpi, name,
                           line=True)[0]
        if len(read) == 2 and read[0].text.upper() == "FORM" and read[1].text in tuple(FORM_NUMBERS):
            out[i + 1] = dataclasses.replace(word, text=read[1].text, confidence=read[1].confidence * 0.9)
    return out


def _crops_read(crops: list[Any], dpi: float, name: str, **how: Any) -> list[list[ocr.OcrWord]]:
    """The words of each crop (their boxes on the crop), read by the engine in pictures of one crop to a line (as
    few as it takes: the engine refuses a picture 32768 pixels high or more)."""
    from PIL import Image

    gap = int(dpi / 6)
    slot = max(c.size[1] for c in crops) + gap
    found: list[list[ocr.OcrWord]] = [[] for _ in crops]
    per_strip = max(1, (STRIP_PIXELS - gap) // slot)
    for first in range(0, len(crops), per_strip):
        batch = crops[first:first + per_strip]
        strip = Image.new("L", (max(c.size[0] for c in batch) + 2 * gap, slot * len(batch) + gap), 255)
        for n, crop in enumerate(batch):
            strip.paste(crop, (gap, gap + n * slot))
        for w in ocr.read_words(strip, dpi, name, block=True, **how):
            n = int(((w.top + w.bottom) / 2 - gap / 2) // slot)
            if 0 <= n < len(batch):
                y = gap + n * slot
                found[first + n].append(dataclasses.replace(w, x0=w.x0 - gap, x1=w.x1 - gap, top=w.top - y,
                                                            bottom=w.bottom - y))
    return [sorted(ws, key=lambda w: w.x0) for ws in found]


def _raised_split(ink: Any) -> int | None:
    """Where a letter ends and a footnote mark raised after it begins, in a word cut out of the page ("J(1)"): the
    column after the last that reaches the letter's foot, when the ink right of it stands raised (its foot at
    least a sixth of the word's height above the letter's, its head as high as the letter's, a quarter of the
    word's height wide or more). Unlike the first gap of paper, this holds for a letter in pieces (the hook of a J)
    and a mark run into it. The foot is the lowest row a fair share of the ink reaches, so that an amount's comma
    reaching below its digits does not end it there."""
    np = _np()
    ink = _mark_underline_off(ink)
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size < 4:
        return None
    high = rows[-1] - rows[0]
    # The foot: the lowest row that a fair share of the ink reaches (a comma's tail below the digits is no foot).
    counts = ink.sum(axis=1)
    foot = int(np.flatnonzero(counts >= 0.25 * counts.max())[-1])
    reach = np.flatnonzero(ink[foot - int(high / 6):foot + 1, :].any(axis=0))
    if not reach.size or reach[-1] + 1 >= ink.shape[1]:
        return None
    end = int(reach[-1]) + 1
    mark = np.flatnonzero(ink[:, end:].any(axis=1))
    letter = np.flatnonzero(ink[:, :end].any(axis=1))
    if not mark.size or mark[0] > letter[0] + high / 4:
        return None
    if np.count_nonzero(ink[:, end:].any(axis=0)) < high / 4:
        return None  # no mark, but the side of a round letter swelling past its foot (the right of a "0")
    return end


def _mark_underline_off(ink: Any) -> Any:
    """A word's ink without the line a link's mark is underlined with, where it is drawn under the word's foot
    ("05/01/2023(3)", the "(3)" underlined a little below the digits): the lowest rows, a tenth of the ink's height
    thick at most, each inked most of the way along a quarter of its height or more, one of them without a break,
    under which nothing is inked, and above which the rest of the ink ends (its feet stand higher than the line's
    top) with paper over the line."""
    np = _np()
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size < 8:
        return ink
    high = rows[-1] - rows[0] + 1
    bottom = int(rows[-1])
    a, b, top = ink.shape[1], 0, bottom + 1
    while top - 1 > rows[0] and bottom - top + 2 <= max(high / 10, 1):
        columns = np.flatnonzero(ink[top - 1])
        if not columns.size or columns[-1] - columns[0] + 1 < high / 4 or \
                columns.size < 0.5 * (columns[-1] - columns[0] + 1):
            break  # no line a quarter of the height long (its edge may be drawn in pieces)
        top -= 1
        a, b = min(a, int(columns[0])), max(b, int(columns[-1]) + 1)
    if top > bottom:
        return ink
    if max(_longest_run(ink[r, a:b]) for r in range(top, bottom + 1)) < 0.9 * (b - a):
        return ink  # no line drawn unbroken (the feet of a letter's two legs, side by side)
    others = np.concatenate((ink[:, :a], ink[:, b:]), axis=1)
    foot = np.flatnonzero(others.any(axis=1))
    if not foot.size or foot[-1] >= top or ink[top - 1, a:b].mean() > 0.1:
        return ink  # the rest of the ink goes down as far (a 2's foot), or ink stands on the line
    out = ink.copy()
    out[top:bottom + 1, a:b] = False
    return out


def _letter_end(ink: Any, end: int) -> int:
    """Where a letter cut at `_raised_split`'s `end` ends: on through ink that goes on from its foot's last column
    up to the first column of paper, where ink (the mark) stands after that paper. A letter's arm or bowl may reach
    out right above its foot (the arms of an F, the bowl of a P, the bar of a T), which the cut would take off:
    read so, an F is an I. Ink that rises above the letter's top, or goes on more than half its height, is the
    mark's bracket standing against the letter, and the cut stays."""
    np = _np()
    blank = np.flatnonzero(~ink[:, end:].any(axis=0))
    if not (blank.size and blank[0] > 0 and ink[:, end + blank[0]:].any()):
        return end
    letter = np.flatnonzero(ink[:, :end].any(axis=1))
    arm = np.flatnonzero(ink[:, end:end + blank[0]].any(axis=1))
    high = letter[-1] - letter[0] + 1
    # An arm stands no higher than the letter's top and reaches half its height at most: what rises above it, or
    # goes on further, is the mark's bracket against the letter ("A(11)").
    if arm[0] < letter[0] - 0.05 * high or blank[0] > 0.5 * high:
        return end
    return end + int(blank[0])


def _without_underline(crop: Any) -> Any:
    """A mark cut out of the page with the line under it taken away: the rows at its foot inked across a third
    of its width or more (a link's underline is often dotted, which the word's own cut leaves)."""
    np = _np()
    ink = crop < 128
    columns = np.flatnonzero(ink.any(axis=0))
    out = crop.copy()
    if not columns.size:
        return out
    width = columns[-1] - columns[0] + 1
    for row in range(ink.shape[0] - 1, -1, -1):
        if not ink[row].any():
            continue
        if ink[row].sum() < width / 3:
            break
        out[row] = 255
    return out


#: A short word a footnote mark is raised after ("LP(1)" ending the nature of ownership "By The Founders Fund IV,
#: LP(1)"): letters, with the points and commas of an abbreviation.
_SHORT_WORD = re.compile(r"[A-Za-z][A-Za-z.,&']{1,5}")


def reread_lone_marks(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str) -> list[ocr.OcrWord]:
    """Footnote marks raised after a word and standing apart from it ("See footnotes (2)(3)(4)") that the engine
    read as something else ("oo", "es", "3)", "2"): a short word (six characters at most, not marks already) set
    after a word of two letters or more on its line, a space at most from it, whose head stands above that word's
    by a tenth of its height and whose foot above its foot by a fifth, read again enlarged three times with only a
    mark's characters, its underline taken away. Kept when it reads as marks, as sure as the engine is less a tenth
    and never above the checks' mark (a person looks)."""
    from PIL import Image

    threshold = min(_threshold(grey), 200)
    lines: dict[tuple[int, ...], list[ocr.OcrWord]] = {}
    for w in words:
        if w.line and sum(c.isalpha() for c in w.text) >= 2:
            lines.setdefault(w.line, []).append(w)
    crops, kept = [], []
    for i, w in enumerate(words):
        if len(w.text) > 6 or _MARKS.fullmatch(w.text) or not w.line:
            continue
        before = [o for o in lines.get(w.line, ()) if o.x1 <= w.x0 + 1]
        if not before:
            continue
        o = max(before, key=lambda b: b.x1)
        high = o.bottom - o.top
        if w.x0 - o.x1 > high or w.top > o.top - 0.1 * high or w.bottom > o.bottom - 0.2 * high:
            continue
        cut = _without_underline(_cut(grey, w, dpi, threshold))
        crops.append(Image.fromarray(cut).resize((cut.shape[1] * 3, cut.shape[0] * 3), Image.Resampling.LANCZOS))
        kept.append(i)
    if not kept:
        return words
    out = list(words)
    for i, found in zip(kept, _crops_read(crops, dpi * 3, name, chars=MARK_CHARS), strict=True):
        text = "".join(f.text for f in found)
        if _MARKS.fullmatch(text):
            sure = min(REREAD_BELOW * 0.99, min(f.confidence for f in found) * 0.9)
            out[i] = dataclasses.replace(words[i], text=text, confidence=sure)
    return out


def reread_raised_marks(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str) -> list[ocr.OcrWord]:
    """A transaction code with its footnote mark raised after it ("J(1)"), which the engine read unsure as
    letters ("yh", "jy?", "J."), read again in two: the letter up to the last column that reaches its foot, with
    only the codes' letters, and the raised mark after it, its underline taken away, with only a mark's
    characters. Kept when they read as one code letter and a mark, as sure as the engine is less a tenth. A short
    word before a raised mark ("LP(1)", read "Lp)" or "Lp@)"), its part wider than high, is read the same way with
    any character, and kept when it reads as a word of letters (`_SHORT_WORD`) and a mark."""
    from PIL import Image

    np = _np()
    threshold = min(_threshold(grey), 200)
    letters, marks, kept, wordlike = [], [], [], []
    for i, w in enumerate(words):
        if w.x1 - w.x0 >= dpi * 0.4 or len(w.text) > 4 or w.confidence >= REREAD_BELOW or \
                re.fullmatch(r"[A-Z]\(\d{1,2}\)", w.text):
            continue
        cut = _cut(grey, w, dpi, threshold)
        end = _raised_split(cut < 128)
        if end is None:
            continue
        # The letter alone is read enlarged three times (the engine finds no line in a letter 20 pixels high).
        inked = np.flatnonzero((cut[:, :end] < 128).any(axis=1))
        is_word = inked.size > 0 and end > 1.4 * (inked[-1] - inked[0] + 1)
        if is_word:  # a word's last letter may reach out above its foot (the bowl of a P): up to the paper after it
            blank = np.flatnonzero(~(cut[:, end:] < 128).any(axis=0))
            if blank.size and (cut[:, end + blank[0]:] < 128).any():
                end += int(blank[0])
        wordlike.append(is_word)
        if not is_word:
            end = _letter_end(cut < 128, end)
        letter = cut[:, :end]
        letters.append(Image.fromarray(letter).resize((end * 3, letter.shape[0] * 3), Image.Resampling.LANCZOS))
        marks.append(Image.fromarray(_without_underline(cut[:, end:])))
        kept.append(i)
    if not kept:
        return words
    out = list(words)
    codes = [n for n, is_word in enumerate(wordlike) if not is_word]
    short = [n for n, is_word in enumerate(wordlike) if is_word]
    read_letters: list[list[ocr.OcrWord]] = [[] for _ in kept]
    for n, found in zip(codes, _crops_read([letters[n] for n in codes], dpi * 3, name, chars=CODE_CHARS)
                        if codes else [], strict=True):
        read_letters[n] = found
    for n, found in zip(short, _crops_read([letters[n] for n in short], dpi * 3, name) if short else [],
                        strict=True):
        read_letters[n] = found
    read_marks = _crops_read(marks, dpi, name, chars=MARK_CHARS)
    # A mark not made out as drawn is read again enlarged three times ("()" as drawn, "(1)" enlarged).
    again = [n for n, mark in enumerate(read_marks) if not _MARK.fullmatch("".join(w.text for w in mark))]
    if again:
        larger = [marks[n].resize((marks[n].size[0] * 3, marks[n].size[1] * 3), Image.Resampling.LANCZOS)
                  for n in again]
        for n, found in zip(again, _crops_read(larger, dpi * 3, name, chars=MARK_CHARS), strict=True):
            read_marks[n] = found
    for n, (i, letter, mark) in enumerate(zip(kept, read_letters, read_marks, strict=True)):
        code, note = "".join(w.text for w in letter), "".join(w.text for w in mark)
        if not _MARK.fullmatch(note):
            continue
        if len(code) == 1 if not wordlike[n] else _SHORT_WORD.fullmatch(code) is not None:
            out[i] = dataclasses.replace(out[i], text=code + note,
                                         confidence=min(w.confidence for w in (*letter, *mark)) * 0.9)
    return out


#: An amount with its raised footnote mark run into it and misread ("66582!)", "1837524/12" for "66582(1)"): digits
#: (with a dollar sign, commas or a point), then a short tail that is no digit group; or a dollar and one digit
#: ("$0@)" for "$0(2)": a lone digit without one may be the I of Ownership Form, "1)" for "I(6)").
_AMOUNT_MARK_LIKE = re.compile(r"\$?\d[\d,.]*\d[^\d,.\s]\S{0,3}|\$\d[^\d,.\s]\S{0,3}")
#: A date with its raised footnote mark run into it and misread ("05/01/2023)", "01/01/2024]") or lost.
_DATE_MARK_LIKE = re.compile(r"\d{2}/\d{2}/\d{4}(?:[^\d\s]\S{0,3})?")
#: An amount as a cell prints it.
_AMOUNT = re.compile(r"\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
#: The characters of an amount.
AMOUNT_CHARS = "$0123456789,."


def reread_amount_marks(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str) -> list[ocr.OcrWord]:
    """An amount with its footnote marks raised after it ("66582(1)"), which the engine read unsure with the
    marks garbled ("66582!)"), as digits ("7722" for "772(2)"), or with a mark's bracket lost ("18,5342)"), read
    again in two: the digits up to the last column that reaches their foot, with only an amount's characters, and
    the raised marks after them, their underline taken away, with only a mark's characters. So is an amount whose
    raised mark the engine read apart as digits (`_raised_pieces`: "113" then "4" and "4" for "113(4)"), however
    sure it was. Kept when they read as an amount and marks, as sure as the engine is less a tenth. A date is read
    the same way, with a date's characters, where its mark was misread ("05/01/2023)") or where the engine was
    unsure of it and ink stands raised after it (its mark lost: "01/20/2033" for "01/20/2033(3)")."""
    from PIL import Image

    threshold = min(_threshold(grey), 200)
    amounts: list[Any] = []
    marks: list[Any] = []
    kept: list[int] = []
    dated: set[int] = set()  # the places in `kept` that are dates
    pieces: dict[int, list[int]] = {}
    wide: dict[int, float] = {}  # where each word's cut ends
    page_ink = None
    for i, w in enumerate(words):
        # A mark's closing bracket with no opening one ("18,5342)" for "18,534(2)") is garbled however sure the
        # engine is of it.
        unclosed = w.text.endswith(")") and "(" not in w.text
        after = _raised_pieces(words, i)
        if after:
            last = max(after, key=lambda k: words[k].x1)
            w = dataclasses.replace(w, x1=words[last].x1, top=min(words[k].top for k in (i, *after)))
        elif w.confidence >= REREAD_BELOW and not unclosed or \
                not (_AMOUNT_MARK_LIKE.fullmatch(w.text) or re.fullmatch(r"\d{3,}", w.text) or
                     _DATE_MARK_LIKE.fullmatch(w.text)) or \
                re.fullmatch(r"\S+?(?:\(\d{1,2}\))+", w.text):
            continue
        is_date = bool(_DATE_MARK_LIKE.fullmatch(w.text))
        if is_date:
            # A date's box may end inside its mark, the rest read apart or not at all ("05/01/2023)" then "3"):
            # the cut goes on over the ink after it, up to paper a third of its height wide.
            if page_ink is None:
                page_ink = grey < threshold
            x1 = _ink_end(page_ink, w)
            after = [k for k, o in enumerate(words) if k != i and o.x0 >= w.x1 - 2 and o.x1 <= x1 + 2
                     and min(o.bottom, w.bottom) - max(o.top, w.top) > 0]
            w = dataclasses.replace(w, x1=x1, top=min(words[k].top for k in (i, *after)))
        cut = _cut(grey, w, dpi, threshold)
        end = _raised_split(cut < 128)
        if end is None:
            continue
        if is_date:
            dated.add(len(kept))
        amounts.append(Image.fromarray(cut[:, :end]))
        wide[i] = w.x1
        marks.append(Image.fromarray(_without_underline(cut[:, end:])))
        kept.append(i)
        if after:
            pieces[i] = after
    if not kept:
        return words
    out = list(words)
    gone: set[int] = set()
    read_amounts: list[list[ocr.OcrWord]] = [[] for _ in kept]
    for which, chars in ((sorted(set(range(len(kept))) - dated), AMOUNT_CHARS), (sorted(dated), "0123456789/")):
        for n, found in zip(which, _crops_read([amounts[n] for n in which], dpi, name, chars=chars) if which else [],
                            strict=True):
            read_amounts[n] = found
    # An amount's marks are read enlarged first (small type the engine finds no line in).
    read_marks = _marks_read(marks, dpi, name, _MARKS, enlarged_first=True)
    for n, (i, amount, mark) in enumerate(zip(kept, read_amounts, read_marks, strict=True)):
        number, note = "".join(w.text for w in amount), "".join(w.text for w in mark)
        if note[:1].isdigit() and note[:1] == number[-1:] and note[1:2] == "(":
            # The cut went through the last digit, whose top stands right of its foot (a 7): its top, read with the
            # mark, reads as the digit again ("10,477" and "7(2)").
            note = note[1:]
        if re.fullmatch(r"\d{1,2}\)", note):
            # The mark's opening bracket went with the digits' part, where only an amount's characters are read.
            note = "(" + note
        elif re.fullmatch(r"\(\d{1,2}", note):
            note += ")"  # its closing bracket cut off, or too faint to read
        whole = _DATE.fullmatch(number) and parse_date(number) if n in dated else _AMOUNT.fullmatch(number)
        if not (whole and re.fullmatch(r"(?:\(\d{1,2}\))+", note)):
            continue
        if i in pieces:
            if n not in dated:
                number = words[i].text  # the amount the engine read apart stays as it was read ("16,656", not
                # the "16.656" of the cut read alone), its mark the one read again
            gone.update(pieces[i])
        sure = min(w.confidence for w in (*amount, *mark)) * 0.9
        if i in pieces and n not in dated:
            sure = min(sure, words[i].confidence)
        out[i] = dataclasses.replace(out[i], text=number + note, x1=wide[i], confidence=sure)
    return [w for k, w in enumerate(out) if k not in gone]


def _ink_end(ink: Any, w: ocr.OcrWord) -> float:
    """Where the ink that goes on after word `w` on its line ends (rows from a third of its height above its top to
    its foot): at paper a third of its height wide, or a word's height and a half after its box at most."""
    high = w.bottom - w.top
    top, bottom = max(int(w.top - high / 3), 0), int(w.bottom) + 1
    start, stop = int(w.x1), min(int(w.x1 + 1.5 * high), ink.shape[1])
    if stop <= start:
        return w.x1
    inked = ink[top:bottom, start:stop].any(axis=0)
    end, blank = start, 0
    for x, on in enumerate(inked.tolist()):
        if on:
            end, blank = start + x + 1, 0
        else:
            blank += 1
            if blank >= high / 3:
                break
    return float(max(end, w.x1))


def _raised_pieces(words: list[ocr.OcrWord], i: int) -> list[int]:
    """The words after amount `i` on its line that are its raised footnote mark read apart as digits ("4" and
    "4" after "113" for "113(4)"), an amount of two digits or more: a character or two each, digits, brackets or
    the signs a bracket is read as (or three, the whole mark misread: "(2." or "{22" for "(1)"), a digit or bracket
    among them, shorter than the amount (or, underlined, taller, its foot above the amount's), their tops above its
    top by a tenth of its height or more (or their feet above its foot by a fifth), the first less than the amount's
    height after it (a space) and each next less than half of it after the one before. [] when there are none (or
    `i` is no such amount)."""
    w = words[i]
    if not _AMOUNT.fullmatch(w.text) or sum(c.isdigit() for c in w.text) < 2:
        return []  # (a lone "1" may be the I of Ownership Form, its mark after it)
    high = w.bottom - w.top
    near = sorted((k for k, o in enumerate(words) if k != i and o.x0 >= w.x1 - 2 and o.x0 - w.x1 < 3 * high
                   and min(o.bottom, w.bottom) - max(o.top, w.top) > 0.3 * high), key=lambda k: words[k].x0)
    found: list[int] = []
    end = w.x1
    for k in near:
        o = words[k]
        if o.x0 - end >= (high if not found else 0.5 * high):
            break
        # Raised: its top above the amount's, or its foot well above the amount's (the engine's box of the amount
        # drawn up to the mark's top: "451" then "5" and "©)" for "451(5)").
        raised = o.top <= w.top - 0.1 * high or o.bottom <= w.bottom - 0.2 * high
        if not re.fullmatch(r"[\d()©®@\[\]]{1,2}|[\d()©®@\[\]{}!|.]{3}", o.text) or not raised \
                or o.bottom - o.top >= high * 1.2 and o.bottom > w.bottom - 0.1 * high \
                or not re.search(r"[\d()\[\]{}]", o.text):
            break
        found.append(k)
        end = o.x1
    return found


#: A number with a comma or a point between its digits, then perhaps its footnote marks ("504,692(1)").
_SEPARATED = re.compile(r"\$?\d+(?:[.,]\d+)+")


def _glyphs(ink: Any) -> list[tuple[int, int, int, int]]:
    """The marks of a word cut out of the page, left to right: (first column, end column, top row, bottom row) of
    each run of inked columns."""
    np = _np()
    columns = ink.any(axis=0)
    glyphs = []
    start = None
    for c, inked in enumerate([*columns.tolist(), False]):
        if inked and start is None:
            start = c
        elif not inked and start is not None:
            rows = np.flatnonzero(ink[:, start:c].any(axis=1))
            glyphs.append((start, c, int(rows[0]), int(rows[-1])))
            start = None
    return glyphs


#: A number read as bare digits, three or more, perhaps with its footnote marks.
_BARE_DIGITS = re.compile(r"(\d{3,})((?:\(\d{1,2}\))*)")


def _separator_between(digits: str, glyphs: list[tuple[int, int, int, int]]) -> str | None:
    """The digits with the one point or comma their ink has low between them (`_low_mark`), where the glyphs are
    the digits standing apart, each on one foot, and that mark; None where there is no such mark or what it makes
    is no amount."""
    np = _np()
    if len(glyphs) < len(digits) + 1:
        return None
    tallest = max(bottom - top for _a, _b, top, bottom in glyphs) + 1
    tall = [g for g in glyphs if g[3] - g[2] + 1 >= 0.6 * tallest]
    if len(tall) != len(digits):
        return None  # digits run together, or more than digits (a mark's brackets)
    foot = float(np.median([g[3] for g in tall]))
    high = float(np.median([g[3] - g[2] + 1 for g in tall]))
    if any(abs(g[3] - foot) > 0.15 * high for g in tall):
        return None
    low = [g for g in glyphs if tall[0][1] <= g[0] and g[1] <= tall[-1][0]
           and g[3] - g[2] + 1 <= 0.5 * high and g[2] >= foot - 0.5 * high]
    if len(low) != 1:
        return None
    sign = _low_mark(low[0], foot, high)
    if sign is None:
        return None
    before = sum(g[1] <= low[0][0] for g in tall)
    mended = digits[:before] + sign + digits[before:]
    return mended if _AMOUNT.fullmatch(mended) else None


def _low_mark(glyph: tuple[int, int, int, int], foot: float, high: float) -> str | None:
    """What a small mark beside letters or digits is, by where it stands against their foot and how high, in parts
    of their height: "," for a comma (its tail 0.08 or more below the foot, half their height at most), "." for a
    point (on the foot, 0.08 above to 0.05 below it, a quarter of their height at most), None for neither (measured
    over printed EDGAR pages at 300 dpi and EDGAR Online printouts at 200: 97 commas reached 0.05 to 0.30 below the
    foot, 0.12 or more for 95 in 100, and stood 0.26 to 0.45; 84 points lay within 0.05 of it and stood 0.25 at
    most). A mark between the two is left as read."""
    stands, reach = (glyph[3] - glyph[2] + 1) / high, (glyph[3] - foot) / high
    if reach >= 0.08 and stands <= 0.5:
        return ","
    if -0.08 <= reach <= 0.05 and stands <= 0.26:
        return "."
    return None


#: Punctuation that closes what comes before it, with no space between.
_CLOSING = frozenset(".,;:")


def joined_punctuation(words: list[ocr.OcrWord], grey: Any) -> list[ocr.OcrWord]:
    """A full stop, comma, semicolon or colon the engine read as a word of its own, set against the end of the word
    before it on its line (less paper between their ink than a fifth of that word's height, where a space is a
    quarter of it or more: the engine's box of a mark may take in the space before it), put at that word's end:
    "share" and "." are "share." (a note read "per share . The"); where that word ends with it already, it was read
    twice, and is dropped ("share." and ".")."""
    np = _np()
    threshold = min(_threshold(grey), 200)

    def inked(w: ocr.OcrWord) -> Any:
        top, left = max(int(w.top), 0), max(int(w.x0), 0)
        return left + np.flatnonzero((grey[top:int(w.bottom) + 1, left:int(w.x1) + 1] < threshold).any(axis=0))

    ends = sorted(range(len(words)), key=lambda i: words[i].x1)
    out = list(words)
    gone: set[int] = set()
    for j, w in enumerate(words):
        if w.text not in _CLOSING:
            continue
        best = None
        for i in ends:
            o = words[i]
            if i == j or i in gone or o.text in _CLOSING or not o.text:
                continue
            high = o.bottom - o.top
            if -1 <= w.x0 - o.x1 < 0.2 * high and o.top - 0.3 * high <= w.top and w.bottom <= o.bottom + 0.3 * high \
                    and w.bottom >= o.top + 0.5 * high:
                best = i
        if best is None:
            continue
        o = out[best]
        mark, word = inked(w), inked(words[best])
        if not mark.size or not word.size or mark[0] - word[-1] - 1 >= 0.2 * (o.bottom - o.top):
            continue  # a space between them on the page
        if not o.text.endswith(w.text):  # else the word's own full stop, read again apart
            out[best] = dataclasses.replace(o, text=o.text + w.text, x1=max(o.x1, w.x1))
        gone.add(j)
    return [w for k, w in enumerate(out) if k not in gone]


#: What the engine makes of a square bracket standing apart from the word it encloses ("[ RKLB ]", as EDGAR prints
#: box 2's ticker): a stroke, or a bracket read round or curly.
_OPENING_LIKE = frozenset("[|{(")
_CLOSING_LIKE = frozenset("]|})")


def _bracket_drawn(word: ocr.OcrWord, grey: Any) -> str | None:
    """Which square bracket the ink in a word's box draws: "[" for a stem as high as the ink with arms at its head
    and foot reaching right over paper, "]" for arms reaching left, None for anything else (a rule's stub has no
    arms; a letter has ink beside its stem between head and foot, or arms both sides). Below 300 dpi an arm is a
    pixel high and grey rather than black, so it is looked for as grey darker than the paper beside the stem's
    middle, not as ink."""
    np = _np()
    top, left = max(int(word.top) - 2, 0), max(int(word.x0) - 2, 0)
    box = grey[top:int(word.bottom) + 3, left:int(word.x1) + 3].astype(float)
    ink = box < min(_threshold(grey), 200)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size < 8 or cols.size < 2:
        return None
    high = rows[-1] - rows[0] + 1
    stems = np.flatnonzero(ink[rows[0]:rows[-1] + 1].sum(axis=0) >= 0.8 * high)
    if not stems.size or stems[-1] - stems[0] + 1 > 0.5 * high:
        return None
    band = max(2, round(high / 8))
    head = box[rows[0]:rows[0] + band].min(axis=0)
    foot = box[rows[-1] - band + 1:rows[-1] + 1].min(axis=0)
    middle = box[rows[0] + 2 * band:rows[-1] + 1 - 2 * band].mean(axis=0)
    paper = middle > 215  # columns clear of ink between head and foot

    def arms(columns: Any) -> bool:
        columns = [c for c in columns if paper[c]]
        return any(head[c] < 200 for c in columns[:3]) and any(foot[c] < 200 for c in columns[:3])

    right = arms(range(stems[-1] + 1, box.shape[1]))
    left_arms = arms(range(stems[0] - 1, -1, -1))
    if right and not left_arms:
        return "["
    if left_arms and not right:
        return "]"
    return None


def bracketed_tickers(words: list[ocr.OcrWord], grey: Any) -> list[ocr.OcrWord]:
    """The square brackets around a ticker printed apart from it ("[ RKLB ]") that the engine read as strokes or
    as brackets of another kind ("| RKLB |", "[| RKLB |"), which would go as a rule's stubs: where the word between
    is a ticker's capitals, on its line, each mark within the ticker's height of it, and the ink of each draws a
    square bracket facing it, the marks are "[" and "]" (a rule's stub, which has no arms, stays what it was read).
    Each keeps the lower of its own and the ticker's confidence, and no less than the reading's mark for words read
    again: its pixels show the bracket."""
    out = list(words)
    for w in words:
        if not form.ticker_like(w.text):
            continue
        high = w.bottom - w.top
        same = [(k, o) for k, o in enumerate(words) if o.line == w.line and o is not w
                and min(o.bottom, w.bottom) - max(o.top, w.top) > 0.5 * high]
        before = [(k, o) for k, o in same if -1 <= w.x0 - o.x1 <= high and set(o.text) <= _OPENING_LIKE and o.text]
        after = [(k, o) for k, o in same if -1 <= o.x0 - w.x1 <= high and set(o.text) <= _CLOSING_LIKE and o.text]
        if len(before) != 1 or len(after) != 1:
            continue
        (a, opening), (b, closing) = before[0], after[0]
        if opening.text == "[" and closing.text == "]":
            continue
        if _bracket_drawn(opening, grey) != "[" or _bracket_drawn(closing, grey) != "]":
            continue
        out[a] = dataclasses.replace(opening, text="[", confidence=max(min(opening.confidence, w.confidence),
                                                                      REREAD_BELOW))
        out[b] = dataclasses.replace(closing, text="]", confidence=max(min(closing.confidence, w.confidence),
                                                                      REREAD_BELOW))
    return out


#: An amount run into the letter of the next cell ("22,601D": the amount and the A or D of Table I's column 4).
_AMOUNT_AND_LETTER = re.compile(r"(\$?\d[\d,.]*\d)([A-Z])")


#: A class of shares with its letter read run into "Class" ("ClassA Common Stock"): the space between them is
#: narrow in the form's type, too narrow at times for the engine and for `split_at_spaces`.
_CLASS_AND_LETTER = re.compile(r"(Class)([A-Z][,.;:]?)")


#: The letter of a class run into the word after it ("Class ACommon Stock").
_LETTER_AND_WORD = re.compile(r"([A-Z])([A-Z][a-z]+[,.;:]?)")


def split_class_letters(words: list[ocr.OcrWord]) -> list[ocr.OcrWord]:
    """Each "Class" read together with its letter, and each class's letter read together with the word after it,
    made two words, the box shared out by the characters."""
    out: list[ocr.OcrWord] = []
    for w in words:
        parts = _CLASS_AND_LETTER.fullmatch(w.text)
        before = out[-1] if out else None
        after_class = (before is not None and before.text == "Class" and before.line == w.line
                       and 0 <= w.x0 - before.x1 < w.bottom - w.top)
        if parts is None and after_class:
            parts = _LETTER_AND_WORD.fullmatch(w.text)
        if parts is None:
            out.append(w)
            continue
        cut = w.x0 + (w.x1 - w.x0) * len(parts[1]) / len(w.text)
        out += [dataclasses.replace(w, text=parts[1], x1=cut), dataclasses.replace(w, text=parts[2], x0=cut)]
    return out


def split_at_spaces(words: list[ocr.OcrWord], grey: Any) -> list[ocr.OcrWord]:
    """An amount the engine read together with the letter of the cell after it ("22,601D" for "22,601" and "D", the
    amount and the A or D of Table I's column 4, a cell's border apart) made two words again, where the ink has a
    space between them: paper a third of the word's height wide or more, the last such gap in the word. Each keeps
    the engine's confidence."""
    np = _np()
    threshold = min(_threshold(grey), 200)
    out: list[ocr.OcrWord] = []
    for w in words:
        parts = _AMOUNT_AND_LETTER.fullmatch(w.text)
        if parts is None:
            out.append(w)
            continue
        top, left = max(int(w.top), 0), max(int(w.x0), 0)
        inked = (grey[top:int(w.bottom) + 1, left:int(w.x1) + 1] < threshold).any(axis=0)
        columns = np.flatnonzero(inked)
        gaps = [(int(a) + 1, int(b)) for a, b in zip(columns, columns[1:], strict=False)
                if b - a - 1 >= (w.bottom - w.top) / 3]
        if not gaps:
            out.append(w)
            continue
        start, end = gaps[-1]
        out.append(dataclasses.replace(w, text=parts[1], x1=left + start))
        out.append(dataclasses.replace(w, text=parts[2], x0=left + end))
    return out


def separators_from_pixels(words: list[ocr.OcrWord], grey: Any, dpi: float) -> list[ocr.OcrWord]:
    """The commas and points of the numbers read, as their ink draws them: a comma's tail reaches below the foot of
    the digits and it stands about a third of their height, a point sits on the foot and stands a fifth. The engine
    reads one for the other ("504.692" for "504,692", an amount a thousand times smaller). Each mark low between the
    digits is measured against them (`_low_mark`). The number is written again when there are as many such marks
    as the text has and what they make is an amount. A number read as bare digits ("14958" for "149.58") gets the
    point or comma its ink has between them, where each digit stands apart (as many tall marks as it has digits), as
    sure as a second reading at most: a point lost or found changes an amount a hundredfold. A brace or stroke read
    unsure before an amount is dropped."""
    np = _np()
    threshold = min(_threshold(grey), 200)
    out = list(words)
    for i, w in enumerate(words):
        # A brace or stroke read before an amount unsure ("{10,767,201") is a speck or a rule's stub: no amount
        # opens so.
        if w.confidence < REREAD_BELOW and re.match(r"[{|]+\$?\d", w.text):
            w = out[i] = dataclasses.replace(w, text=w.text.lstrip("{|"))
        number = _SEPARATED.match(w.text)
        bare = _BARE_DIGITS.fullmatch(w.text) if number is None else None
        if number is None and bare is None:
            continue
        glyphs = _glyphs(_cut(grey, w, dpi, threshold) < 128)
        if bare is not None:
            mended_bare = _separator_between(bare[1], glyphs)
            if mended_bare is not None:
                out[i] = dataclasses.replace(w, text=mended_bare + (bare[2] or ""),
                                             confidence=min(w.confidence, _REREAD_SURE))
            continue
        assert number is not None
        if len(glyphs) < 3:
            continue
        # The digits: the tall marks standing on one foot (a raised footnote mark's brackets stand higher).
        tallest = max(bottom - top for _a, _b, top, bottom in glyphs) + 1
        tall = [g for g in glyphs if g[3] - g[2] + 1 >= 0.6 * tallest]
        foot = float(np.median([g[3] for g in tall]))
        digits = [g for g in tall if abs(g[3] - foot) <= 0.15 * (g[3] - g[2] + 1)]
        if len(digits) < 2:
            continue
        foot = float(np.median([g[3] for g in digits]))
        high = float(np.median([g[3] - g[2] + 1 for g in digits]))
        low = [g for g in glyphs if digits[0][1] <= g[0] and g[1] <= digits[-1][0]
               and g[3] - g[2] + 1 <= 0.5 * high and g[2] >= foot - 0.5 * high]
        marks = [k for k, ch in enumerate(number.group()) if ch in ".,"]
        if len(low) != len(marks):
            continue
        text = list(number.group())
        for k, glyph in zip(marks, low, strict=True):
            text[k] = _low_mark(glyph, foot, high) or text[k]
        mended = "".join(text)
        if mended != number.group() and _AMOUNT.fullmatch(mended):
            out[i] = dataclasses.replace(w, text=mended + w.text[number.end():])
    return out


#: A word of two or three letters and points, perhaps a comma or semicolon after it ("US.", "Lp", "LP,").
_LETTERS_AND_POINTS = re.compile(r"((?:[A-Za-z]\.?){2,3})([,;]?)")
#: An abbreviation with a point after each of its capitals ("U.S.", "L.P.,").
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,3}[,;]?")


def abbreviations_from_pixels(words: list[ocr.OcrWord], grey: Any, dpi: float) -> list[ocr.OcrWord]:
    """Abbreviations whose points the engine lost or misread ("US." for "U.S.", "Lp" or "LP," for "L.P."), written
    again from their ink: each letter a tall mark, each point a small round one on the letters' foot, a comma one
    that reaches below it; a small piece close after a letter is part of it (a serif's thin stroke comes apart from
    its letter). The ink is looked at a little beyond the word's box, where the engine's box may end before the last
    point. A word of two or three letters read with a capital first, whose ink has as many tall marks of one height
    (capitals), with a point after each of them, is that abbreviation in capitals; where the ink has no points, or
    anything else between the letters, the word stays as read."""
    np = _np()
    threshold = min(_threshold(grey), 200)
    out = list(words)
    for i, w in enumerate(words):
        shape = _LETTERS_AND_POINTS.fullmatch(w.text)
        if shape is None or not w.text[0].isupper():
            continue
        letters = [c for c in shape[1] if c.isalpha()]
        wider = dataclasses.replace(w, x1=w.x1 + 0.3 * (w.bottom - w.top))
        ink = _cut(grey, wider, dpi, threshold) < 128
        glyphs = _glyphs(ink)
        tallest = max((g[3] - g[2] + 1 for g in glyphs), default=0)
        tall = [g for g in glyphs if g[3] - g[2] + 1 >= 0.6 * tallest]
        if len(tall) != len(letters):
            continue
        foot = float(np.median([g[3] for g in tall]))
        high = float(np.median([g[3] - g[2] + 1 for g in tall]))
        # A point run into the letter before it ("P." with no paper between): the letter's last columns inked only
        # near the foot are the point, when their ink does not touch the letter's (a K's or an R's leg ends in
        # columns inked only near the foot too, but runs on into the letter).
        parted = []
        for g in glyphs:
            if g in tall:
                upper = np.flatnonzero(ink[: int(foot - 0.35 * high) + 1, g[0]:g[1]].any(axis=0))
                end = g[0] + int(upper[-1]) + 1 if upper.size else g[1]
                if g[1] - end >= 2 and not _touching(ink[:, end - 1], ink[:, end]):
                    rows = np.flatnonzero(ink[:, end:g[1]].any(axis=1))
                    letter_rows = np.flatnonzero(ink[:, g[0]:end].any(axis=1))
                    parted.append((g[0], end, int(letter_rows[0]), int(letter_rows[-1])))
                    parted.append((end, g[1], int(rows[0]), int(rows[-1])))
                    continue
            parted.append(g)
        glyphs = parted
        tall = [g for g in glyphs if g[3] - g[2] + 1 >= 0.6 * tallest]
        heights = [g[3] - g[2] + 1 for g in tall]
        if len(tall) != len(letters) or max(heights) > 1.15 * min(heights):
            continue  # not capitals of one height
        text: list[str] = []
        letter_end = 0
        for g in glyphs:
            wide, tall_by = g[1] - g[0], g[3] - g[2] + 1
            mark = _low_mark(g, foot, high)
            if g in tall:
                if text and text[-1] == ",":
                    text = []
                    break
                text.append(letters[sum(c.isalpha() for c in text)].upper())
                letter_end = g[1]
            elif mark == "." and text and text[-1].isalpha() and wide <= 0.35 * high and tall_by <= 1.3 * wide + 1:
                text.append(".")  # and round, as a serif's loose stroke is not
            elif mark == "," and text and text[-1] == ".":
                text.append(",")
            elif text and text[-1].isalpha() and g[0] - letter_end <= 0.35 * high:
                continue  # a piece of the letter before it
            elif g[0] > tall[-1][1]:
                break  # past the last letter: what follows (a footnote mark) is no part of the word
            else:
                text = []
                break
        mended = "".join(text)
        if mended and mended != w.text and _ABBREVIATION.fullmatch(mended):
            out[i] = dataclasses.replace(w, text=mended)
    return out


def _touching(left: Any, right: Any) -> bool:
    """Whether the ink of two neighbouring columns of pixels touches (a row inked in one is inked in the other
    or next to it there)."""
    np = _np()
    near = right.copy()
    near[1:] |= right[:-1]
    near[:-1] |= right[1:]
    return bool(np.any(left & near))


def _cut(grey: Any, w: ocr.OcrWord, dpi: float, threshold: int) -> Any:
    """The word cut out of the page in black and white (a tinted cell's background would read as a smudge), with
    a line drawn under it taken away (a row of its lower half inked most of the way across without a break)."""
    np = _np()
    pad = max(int(dpi / 50), 2)
    cut = grey[max(int(w.top) - pad, 0):int(w.bottom) + pad, max(int(w.x0) - pad, 0):int(w.x1) + pad]
    ink = cut < threshold
    crop = np.where(ink, 0, 255).astype(np.uint8)
    for r in range(crop.shape[0] // 2, crop.shape[0]):  # an underline: a row inked across the word, unbroken
        if ink[r].mean() > 0.6 and _longest_run(ink[r]) > 0.6 * ink.shape[1]:
            crop[max(r - 1, 0):r + 2] = 255
    return crop


def _longest_run(row: Any) -> int:
    """The most pixels inked one after another in a row (the feet of a word's capitals ink most of a row too, in
    pieces: "III" is not underlined)."""
    np = _np()
    edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max()) if edges.size else 0


#: Signs no form's words are made of, which the engine puts for letters it could not make out ("©°M™2" for
#: "Common", set beside an amount that the engine took for the same line).
_ODD_SIGN = re.compile(r"[©®°™§¶¢£¥€«»±×÷¬¦]")


def _grown_to_ink(word: ocr.OcrWord, grey: Any, threshold: int) -> ocr.OcrWord:
    """The word with its box widened, left and right, over the ink its edges cut through: column by column, as long
    as the next column holds ink in the box's rows, and by the box's height at most each way (words stand a space
    apart; a box drawn over part of a glyph ends in its ink)."""
    top, bottom = max(int(word.top), 0), int(word.bottom) + 1
    if bottom <= top:
        return word
    band = grey[top:bottom] < threshold
    reach = int(word.bottom - word.top)
    x0, x1 = int(word.x0), int(word.x1)
    left = x0
    while left > 0 and x0 - left < reach and band[:, left - 1].any():
        left -= 1
    right = x1
    while right + 1 < band.shape[1] and right - x1 < reach and band[:, right + 1].any():
        right += 1
    if (left, right) == (x0, x1) or x0 - left >= reach or right - x1 >= reach:
        return word  # no cut glyph, or ink running on: a rule, a word run into it
    return dataclasses.replace(word, x0=float(left), x1=float(right))


def reread_unsure(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str) -> list[ocr.OcrWord]:
    """Short words the engine was unsure of, words it was unsure of with a sign in them no form's words have
    ("©°M™2"), short words opening with a question mark, as no form's word does ("?P" for an A or D's "D", however
    sure the engine was), and footnote marks it misread, read again, each cut out of the page
    on its own, with any line drawn under it taken away (a footnote mark printed as an underlined link reads as
    "Q@)" beside its neighbours and as "(1)" alone) and enlarged three times; the second reading replaces the
    first where the engine is surer of it. A mark still misread is read a third time as drawn, with only the
    characters a mark has (the engine reads a small "(1)" enlarged as "@"); it may be two or three marks side by
    side ("(2) (3)" read "@e)", then "©)"), kept as one word "(2)(3)".

    Words of any length the engine made nothing of (under NO_CONFIDENCE, a line high; "(idee" for a date in a
    shaded cell, "Sochumes" for "Stock Units"), or was unsure of with far fewer letters than their box is wide
    ("AR" over a cell's "0" and the next cell's "37,847"), are read again the same way, and the second reading is
    kept when the engine is sure of it and it is another word; words it reads as several stay several words."""
    from PIL import Image

    usual = _sure_height(words)
    short = [i for i, w in enumerate(words) if w.x1 - w.x0 < dpi * 0.4 and len(w.text) <= 4
             and (w.confidence < REREAD_BELOW or _mark_like(w.text) and w.confidence < 0.97
                  or w.text[:1] == "?" and w.text[1:2].isalpha())
             and not re.fullmatch(r"[A-Z]\(\d{1,2}\)", w.text)
             or w.confidence < REREAD_BELOW and w.x1 - w.x0 < dpi and _ODD_SIGN.search(w.text)]
    wide = {i for i, w in enumerate(words) if w.confidence < REREAD_BELOW
            and w.x1 - w.x0 > _FEW_LETTERS * len(w.text) * (w.bottom - w.top)}
    longer = [i for i, w in enumerate(words) if (w.confidence < NO_CONFIDENCE or i in wide)
              and w.x1 - w.x0 < 1.5 * dpi and 0.6 * usual <= w.bottom - w.top < 1.7 * usual
              and not _AMOUNT.fullmatch(w.text) and not _DATE.fullmatch(w.text)]
    unsure = sorted({*short, *longer})
    if not unsure:
        return words
    threshold = min(_threshold(grey), 200)
    # A short word's box the engine drew over part of its glyph ("A" boxed over its right stroke only, read "\\"
    # alone) is widened to the glyph's ink first.
    boxes = {i: _grown_to_ink(words[i], grey, threshold) if i in short else words[i] for i in unsure}
    cuts = [_cut(grey, boxes[i], dpi, threshold) for i in unsure]
    # A mark's underline is often dotted, which the cut's test of a row inked across leaves.
    cuts = [_without_underline(c) if _mark_like(words[i].text) else c for i, c in zip(unsure, cuts, strict=True)]
    crops = [Image.fromarray(c).resize((c.shape[1] * 3, c.shape[0] * 3), Image.Resampling.LANCZOS) for c in cuts]
    out = list(words)
    apart: dict[int, list[ocr.OcrWord]] = {}
    pad = max(int(dpi / 50), 2)
    # A number or a date ("2:563"; not a mark, read "5" or "6)") is read as drawn, with only the characters an amount
    # or a date has: with all of them the engine reads "2,963", and enlarged it takes this type's 5 for a 9. The
    # short words and the longer ones are read in pictures of their own (the engine reads a word otherwise among
    # others).
    numeric = {n for n, i in enumerate(unsure) if _numeric(words[i].text) and not _MARK_SIGNS.intersection(words[i].text)
               and sum(c.isdigit() for c in words[i].text) >= 3}  # a mark has two digits at most
    reads: list[list[ocr.OcrWord]] = [[] for _ in unsure]
    first = set(short)
    for group in ([n for n, i in enumerate(unsure) if i in first],
                  [n for n, i in enumerate(unsure) if i not in first and n not in numeric]):
        if group:
            for n, found in zip(group, _crops_read([crops[n] for n in group], dpi * 3, name), strict=True):
                reads[n] = found
    if numeric:
        ordered = sorted(numeric)
        drawn = [Image.fromarray(cuts[n]) for n in ordered]
        for n, found in zip(ordered, _crops_read(drawn, dpi, name, chars=AMOUNT_CHARS + "/"), strict=True):
            reads[n] = [dataclasses.replace(f, x0=f.x0 * 3, x1=f.x1 * 3, top=f.top * 3, bottom=f.bottom * 3)
                        for f in found]  # placed as the enlarged readings are
    for n, (i, found) in enumerate(zip(unsure, reads, strict=True)):
        if not found:
            continue
        text = "".join(w.text for w in found)
        sure = min(w.confidence for w in found)
        w = boxes[i]  # the word, in the box it was cut out by
        # A word boxed far wider than its letters read as several words, some sure and none made nothing of, where
        # the engine was surer than of the one it first made of them ("QO" and "37,847" for "AR"): each keeps its
        # own confidence.
        several = i in wide and len(found) > 1 and max(f.confidence for f in found) >= REREAD_BELOW \
            and sure >= NO_CONFIDENCE and sure > w.confidence
        if i not in first and (
                sure < REREAD_BELOW and not several or _letters(text) == _letters(w.text)
                and not _AMOUNT.fullmatch(text) and not _DATE.fullmatch(text)):
            continue  # read no better, or as the same word ("signature" as "—Signature"; "2:563" is "2,563")
        if len(found) > 1 and i not in first:
            # Words the engine made one of ("Sochumes" for "Stock Units") stay words, each where it was read.
            x_at, y_at = max(int(w.x0) - pad, 0), max(int(w.top) - pad, 0)
            apart[i] = [dataclasses.replace(w, text=f.text, x0=x_at + f.x0 / 3, x1=x_at + f.x1 / 3,
                                            top=y_at + f.top / 3, bottom=y_at + f.bottom / 3, confidence=f.confidence)
                        for f in found]
        elif sure > w.confidence or _mark_like(w.text) and _MARK.fullmatch(text):
            if i not in first and n in numeric:
                # A number the engine made nothing of, made out on a second reading: this type's 5 and 9 are
                # alike to it however sure it says it is, so a person looks at it.
                sure = min(sure, REREAD_BELOW - 0.01)
            out[i] = dataclasses.replace(w, text=text, confidence=sure)
    marks = [n for n, i in enumerate(unsure) if _mark_like(out[i].text)]
    if marks:
        again = _crops_read([Image.fromarray(cuts[n]) for n in marks], dpi, name, chars=MARK_CHARS)
        left = []
        for n, found in zip(marks, again, strict=True):
            text = "".join(w.text for w in found)
            if _MARKS.fullmatch(text):
                i = unsure[n]
                # A mark made out only on the third reading stays one a person looks at.
                out[i] = dataclasses.replace(out[i], text=text, confidence=min(w.confidence for w in found) * 0.9)
            else:
                left.append(n)
        # Still misread, and with no digit made out ("©)" for "(2) (3)"): read enlarged, alone (in a picture with
        # others the engine reads it otherwise), with a mark's characters, never sure. A misread with a digit is
        # most often the end of a caption's "(Instr. 3)", which is left as it is.
        for n in left:
            i = unsure[n]
            if any(c.isdigit() for c in out[i].text):
                continue
            (found,) = _crops_read([crops[n]], dpi * 3, name, chars=MARK_CHARS)
            text = "".join(w.text for w in found)
            if _MARKS.fullmatch(text):
                out[i] = dataclasses.replace(out[i], text=text, confidence=min(
                    min(w.confidence for w in found) * 0.9, REREAD_BELOW - 0.01))
    if apart:
        return [part for i, w in enumerate(out) for part in apart.get(i, [w])]
    return out


#: Signs of a footnote mark, however misread ("(5)", "5)", "@"): a word with one is no bare number.
_MARK_SIGNS = frozenset("()[]{}@©®")


#: How many closed loops the digits drawn with loops have, in any type (a "4" is drawn closed in some types, open
#: in others, and is no guide).
_LOOPS = {"0": 1, "6": 1, "8": 2, "9": 1}
#: A word of digits, with the signs an amount or a footnote mark is written with.
_DIGITS_WORD = re.compile(r"[$(]?[\d,.]*\d[\d,.()]*")


def loop_sizes(ink: Any) -> list[float]:
    """The closed loops a glyph's ink draws, each as a share of the glyph's box: the regions of paper inside it
    that no path of paper joins to its edge, each at least 2% of its box (a speck of paper in a stroke is no
    loop)."""
    np = _np()
    high, wide = ink.shape
    paper = np.ones((high + 2, wide + 2), bool)
    paper[1:-1, 1:-1] = ~ink
    outside = np.zeros_like(paper)
    outside[[0, -1], :] = True
    outside[:, [0, -1]] = True
    while True:  # the paper reached from the edge, a step at a time, up, down and across
        grown = outside.copy()
        grown[1:] |= outside[:-1]
        grown[:-1] |= outside[1:]
        grown[:, 1:] |= outside[:, :-1]
        grown[:, :-1] |= outside[:, 1:]
        grown &= paper
        if (grown == outside).all():
            break
        outside = grown
    inside = paper & ~outside
    smallest = 0.02 * high * wide
    found: list[float] = []
    seen = np.zeros_like(inside)
    for y, x in zip(*np.nonzero(inside), strict=True):
        if seen[y, x]:
            continue
        seen[y, x] = True
        stack, size = [(y, x)], 0
        while stack:
            a, b = stack.pop()
            size += 1
            for c, d in ((a + 1, b), (a - 1, b), (a, b + 1), (a, b - 1)):
                if inside[c, d] and not seen[c, d]:
                    seen[c, d] = True
                    stack.append((c, d))
        if size >= smallest:
            found.append(size / (high * wide))
    return found


#: The digit drawn with no loop that the engine takes for a digit drawn with loops: a "5" for a "9" (measured on
#: pages printed through EDGAR's stylesheet at 300 dpi: of the seven "9"s read where the glyph had no loop, six were
#: a "5", one a "2"), and so for a "6", whose loop is the "5"'s open bowl closed; a "3" for an "8", its right half.
_WITHOUT_LOOPS = {"9": "5", "6": "5", "8": "3"}
#: The least share of its box each loop of an "8" fills: a dollar sign's two loops (its S crossed by its bar) fill
#: 5% or less, an 8's 11% or more (measured over 286 "8"s and 157 "$"s of pages printed through EDGAR's stylesheet
#: at 300 dpi).
_EIGHT_LOOP = 0.08
#: The digits the engine takes an "8" for, whose two loops no other digit has: a "3" (a footnote mark "(8)" read
#: "(3)"), a "0", a "6" or a "9" (one loop each), a "5", a "2" (a holding of 83,606 read "23,606").
_FOR_EIGHT = frozenset("023569")


def mended_digit_loops(words: list[ocr.OcrWord], grey: Any, dpi: float) -> list[ocr.OcrWord]:
    """A digit whose glyph has none of the loops the digit is drawn with put right ("29.21" for "25.21": the "9"
    drawn with no loop is a "5"; see `_WITHOUT_LOOPS`); one drawn with two loops read as another digit is an "8"
    (`_FOR_EIGHT`), or, its loops small, a dollar sign read as a digit ("50" for "$0"). However sure the engine
    was of the word: a "9" it read 0.96 sure was a "5".

    The loops are counted on the page's ink only where they can be trusted: where the "0"s, "6"s, "8"s and "9"s the
    engine is sure of on the page (0.9 or more, ten at least) have them, all but one or all but 3 in 100 (the one a
    misread "9" of a short page; measured on pages printed through EDGAR's stylesheet at 300 dpi: every sure "0",
    "6", "8" and "9" of 40 filings had them; an EDGAR Online printout at 200 dpi with noise fills one "0" in ten
    and more "9"s, and is left as read). Only a word whose glyphs, its columns of ink, are one to a character is
    looked at, and only a glyph a twenty-fifth of an inch high or more (a speck read "9" is none)."""
    threshold = min(_threshold(grey), 200)
    wrong: list[tuple[int, int, str]] = []  # word, character, the digit it is
    held = agreed = 0
    for k, w in enumerate(words):
        if not _DIGITS_WORD.fullmatch(w.text):
            continue
        box = _grown_to_ink(w, grey, threshold)  # a box drawn over part of a glyph would open its loop
        top, left, right = max(int(box.top), 0), max(int(box.x0), 1), int(box.x1) + 1
        band = grey[top:int(box.bottom) + 1, left - 1:right + 1] < threshold
        ink = band[:, 1:-1]
        glyphs = _glyphs(ink)
        if len(glyphs) != len(w.text) or band.shape[1] < 3:
            continue
        cut = (band[:, 0].any(), band[:, -1].any())  # ink runs on past the box: its end glyphs may be cut
        for n, (char, glyph) in enumerate(zip(w.text, glyphs, strict=True)):
            if not char.isdigit():
                continue
            if glyph[3] + 1 - glyph[2] < dpi / 25 or n == 0 and cut[0] or n == len(glyphs) - 1 and cut[1]:
                continue  # too small to tell a loop from a blot (a speck read "9"), or cut by the box's edge
            sizes = loop_sizes(ink[glyph[2]:glyph[3] + 1, glyph[0]:glyph[1]])
            count = len(sizes)
            if w.confidence >= 0.9 and char in _LOOPS:
                held += 1
                agreed += count == _LOOPS[char]
            if count == 0 and char in _WITHOUT_LOOPS:
                wrong.append((k, n, _WITHOUT_LOOPS[char]))
            elif count == 2 and min(sizes) >= _EIGHT_LOOP and char in _FOR_EIGHT:
                wrong.append((k, n, "8"))
            elif count == 2 and max(sizes) < _EIGHT_LOOP and n == 0 and char in "58":
                wrong.append((k, n, "$"))  # an amount's dollar sign, read as a digit: "50" for "$0"
    if not wrong or held < 10 or held - agreed > max(1.0, 0.03 * held):
        return words
    out = list(words)
    for k, n, digit in wrong:
        text = out[k].text
        out[k] = dataclasses.replace(out[k], text=text[:n] + digit + text[n + 1:])
    return out


#: A word read for a Roman numeral (a fund's, a trust's or a series' number after its name: "Holdings XIII, L.P."),
#: strokes of its I's perhaps read as other signs ("IT", "XIL", "I]") or lost ("VII" for VIII), then perhaps a comma
#: or a point. (A small l for an I is `mended`'s, which leaves "Ill." as it is.)
_NUMERAL_LIKE = re.compile(r"([IVXLT|!\[\]]*[IVX][IVXLT|!\[\]]*)([,.;]?)")
#: The widest an I's glyph is, as a share of its height (serifs included); a V's and an X's are wider than tall.
_NARROW_GLYPH = 0.55


def mended_numerals(words: list[ocr.OcrWord], grey: Any) -> list[ocr.OcrWord]:
    """Roman numerals read with a letter too few or a stroke for another sign, read again from their glyphs: each
    letter of a numeral stands apart from the next in the form's type, an I narrow, a V or an X wide. Where the word's
    glyphs (ink columns apart, as tall as the word's letters) are narrow ones and as many wide ones as the reading
    has V's and X's, in that order, they spell the numeral; it replaces the reading where it is a numeral of two
    letters or more and differs ("VII" for "VIII", "IT" for "II"). Ink that runs together (serifs touching) gives
    fewer glyphs than letters and leaves the reading as it is."""
    threshold = min(_threshold(grey), 200)
    out = []
    for w in words:
        read = _NUMERAL_LIKE.fullmatch(w.text)
        if read is None or len(read[1]) < 2 and read[1] in "IVX":
            out.append(w)
            continue
        box = _grown_to_ink(w, grey, threshold)
        top, bottom = max(int(box.top), 0), int(box.bottom) + 1
        ink = grey[top:bottom, max(int(box.x0), 0):int(box.x1) + 1] < threshold
        glyphs = _glyphs(ink)
        if not glyphs:
            out.append(w)
            continue
        head = min(g[2] for g in glyphs)
        tall = max(g[3] for g in glyphs) - head + 1
        letters = ""
        for x0, x1, glyph_top, glyph_bottom in glyphs:
            high = glyph_bottom - glyph_top + 1
            if high < 0.6 * tall or glyph_top - head > 0.2 * tall:
                continue  # a comma, a point, a semicolon: none reaches a capital's top
            letters += "I" if x1 - x0 <= _NARROW_GLYPH * high else "W"
        wide = [c for c in read[1] if c in "VX"]
        if letters.count("W") != len(wide):
            out.append(w)
            continue
        numeral = "".join(wide.pop(0) if c == "W" else c for c in letters)
        if numeral != read[1] and len(numeral) >= 2 and _ROMAN.fullmatch(numeral):
            w = dataclasses.replace(w, text=numeral + read[2])
        out.append(w)
    return out


def _cell_about(box: tuple[float, float, float, float], horizontal: Sequence[Segment],
                vertical: Sequence[Segment]) -> tuple[float, float, float, float] | None:
    """The table cell a box of words stands in: the nearest rules left and right of it that run past its middle,
    and above and below it that run across its centre (in the box's units); None outside a ruled cell."""
    x0, top, x1, bottom = box
    middle, centre = (top + bottom) / 2, (x0 + x1) / 2
    left = max((s.at for s in vertical if s.at <= x0 + 2 and s.a <= middle <= s.b), default=None)
    right = min((s.at for s in vertical if s.at >= x1 - 2 and s.a <= middle <= s.b), default=None)
    above = max((s.at for s in horizontal if s.at <= top + 2 and s.a <= centre <= s.b), default=None)
    below = min((s.at for s in horizontal if s.at >= bottom - 2 and s.a <= centre <= s.b), default=None)
    if left is None or right is None or above is None or below is None:
        return None
    return left, above, right, below


def _add_cell(cells: list[tuple[float, float, float, float]], cell: tuple[float, float, float, float] | None) -> None:
    """`cells` with `cell` added, unless it is none or one of them already (each side within 3 pixels)."""
    if cell is not None and not any(max(abs(a - b) for a, b in zip(cell, c, strict=True)) <= 3 for c in cells):
        cells.append(cell)


def _in_order(words: Sequence[ocr.OcrWord]) -> str:
    """Words as the engine's lines give them: line by line, each line left to right."""
    return " ".join(w.text for w in sorted(words, key=lambda w: (w.line, w.x0)))


def reread_split_lines(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str,
                       horizontal: Sequence[Segment], vertical: Sequence[Segment]) -> list[ocr.OcrWord]:
    """Table cells whose lines the engine mixed up, read again each on its own as a block. Finding a page's lines
    across a table whose rules are taken off, the engine at times splits a cell's line where a neighbouring cell's
    word stands between two of its lines ("2. r value common" over "$2.50 pa" for "$2.50 par value common" beside
    an amount centred on the cell's two lines), reading a glyph twice or in pieces, and the cell's words come out in
    the wrong order; or it draws one line across a rule from one cell's line to the next cell's a line higher or
    lower ("(tight to" and the "$" of "$ 73.58" centred beside the title's lines), misreading both. Such a cell
    holds two words of different lines of the engine's level with each other (each half the other's height or
    more on the same rows, neither a footnote mark nor under three quarters as high as the other) and a word space
    or less apart or over one another; or two neighbouring words of one line of the engine's stand in cells either
    side of a rule with their middles a third of their height or more apart. Each cell is cut out inside its rules
    (`horizontal`, `vertical`: in the page's pixels) and its words replaced by its second reading, where that reads
    otherwise, as sure on the whole as the first, and with every word the first reading was sure of (0.9 or more)
    and every digit it read in it; a footnote mark that it does not read stays."""
    order = sorted(range(len(words)), key=lambda k: words[k].top)
    cells: list[tuple[float, float, float, float]] = []
    for n, k in enumerate(order):
        w = words[k]
        for j in order[n + 1:]:
            v = words[j]
            if v.top >= w.bottom:
                break
            if not w.line or not v.line or w.line == v.line:
                continue
            high = min(w.bottom - w.top, v.bottom - v.top)
            if high < 0.75 * max(w.bottom - w.top, v.bottom - v.top) or _MARKS.fullmatch(w.text) or \
                    _MARKS.fullmatch(v.text):
                continue  # a raised footnote mark beside its word, on a line of its own
            if min(w.bottom, v.bottom) - max(w.top, v.top) < 0.5 * high or \
                    max(v.x0 - w.x1, w.x0 - v.x1) > max(w.bottom - w.top, v.bottom - v.top):
                continue
            gap_from, gap_to = sorted((min(w.x1, v.x1), max(w.x0, v.x0)))
            top, bottom = min(w.top, v.top), max(w.bottom, v.bottom)
            if any(gap_from <= s.at <= gap_to and s.a <= top and s.b >= bottom for s in vertical):
                continue  # a rule between them: two cells
            _add_cell(cells, _cell_about((min(w.x0, v.x0), top, max(w.x1, v.x1), bottom), horizontal, vertical))
    # A line of the engine's drawn across a rule from one cell's line to another's a line lower or higher: each
    # cell read again.
    lines: dict[tuple[int, ...], list[ocr.OcrWord]] = {}
    for w in words:
        if w.line:
            lines.setdefault(w.line, []).append(w)
    for line in lines.values():
        line.sort(key=lambda w: w.x0)
        for a, b in zip(line, line[1:], strict=False):
            high = max(a.bottom - a.top, b.bottom - b.top)
            top, bottom = min(a.top, b.top), max(a.bottom, b.bottom)
            if abs((a.top + a.bottom) - (b.top + b.bottom)) / 2 <= high / 3 or \
                    not any(a.x1 <= s.at <= b.x0 and s.a <= top and s.b >= bottom for s in vertical):
                continue
            for w in (a, b):
                _add_cell(cells, _cell_about((w.x0, w.top, w.x1, w.bottom), horizontal, vertical))
    if not cells:
        return words
    from PIL import Image

    np = _np()
    inset = max(int(dpi / 100), 2)
    threshold = min(_threshold(grey), 200)
    crops = []
    for x0, head, x1, foot in cells:
        # the cell's shading taken off: on the white between crops, a grey cell reads as a block of ink
        cut = grey[int(head) + inset:int(foot) - inset + 1, int(x0) + inset:int(x1) - inset + 1]
        crops.append(Image.fromarray(np.where(cut < threshold, cut, 255).astype(np.uint8)))
    out = list(words)
    for n, (cell, found) in enumerate(zip(cells, _crops_read(crops, dpi, name), strict=True)):
        x0, top, x1, bottom = cell
        inside = [k for k, w in enumerate(out)
                  if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]
        if not found or not inside or _in_order(found) == _in_order([out[k] for k in inside]) or \
                sum(f.confidence for f in found) / len(found) < sum(out[k].confidence for k in inside) / len(inside):
            continue
        again = "".join(f.text for f in found)
        if any(out[k].confidence >= 0.9 and out[k].text not in again for k in inside) or \
                {c for k in inside for c in out[k].text if c.isdigit()} - set(again):
            continue  # a word read surely, or a digit read, the first time is lost ("1.Title" read "LTitle")
        read_marks, replaced = {f.text for f in found}, set(inside)
        # a footnote mark the second reading made nothing of (in a block of a cell's words, read as one size, a
        # raised mark is at times passed over) stays as first read
        keep = [w for k, w in enumerate(out) if k not in replaced or _MARKS.fullmatch(w.text) and
                w.text not in read_marks]
        out = keep + [dataclasses.replace(f, x0=f.x0 + int(x0) + inset, x1=f.x1 + int(x0) + inset,
                                          top=f.top + int(top) + inset, bottom=f.bottom + int(top) + inset,
                                          line=(f.line[0], 10000 + n, *f.line[2:]) if f.line else ())
                      for f in found]
    return out


def _letters(text: str) -> str:
    """A word's letters and digits, in small letters."""
    return "".join(c for c in text.lower() if c.isalnum())


def _numeric(text: str) -> bool:
    """Whether a word the engine read is mostly digits (a number or a date, however misread)."""
    signs = [c for c in text if c.isalnum()]
    return bool(signs) and sum(c.isdigit() for c in signs) * 2 > len(signs)


def _bracketed_bit(text: str) -> bool:
    """A few signs opened or closed by a bracket ("qd)" for a small "(1)"): what a footnote mark reads as when
    it is read with the lines around it."""
    return len(text) <= 4 and (text[0] in "([{" or text[-1] in ")]}")


def reread_two_lines(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str) -> list[ocr.OcrWord]:
    """A cell's two lines that the engine took for one word it could not read (a price that wraps, "$" over
    "42.86", read "‘" with no confidence, the second line's ink half left out; or three, "$" over "1,146.243" over
    its mark, read "114626"): a word it is unsure of, from two to five of the page's usual words high, is cut out
    with the ink beside it on its lines (up to the paper between two cells) and read again as a block of lines; the
    words found take its place, but for those that fall on a word the engine read surely."""
    from PIL import Image

    np = _np()
    usual = _sure_height(words)
    if not usual:
        return words
    # (an amount or a date read again with its raised marks, "$0(2)", is as tall as two lines, and read)
    # (a sign no form prints alone, however sure, is as unread: "°" boxed over a "$" and the "1." under it)
    tall = [i for i, w in enumerate(words)
            if (w.confidence < REREAD_BELOW or not any(c.isalnum() or c in "$-" for c in w.text))
            and 1.7 * usual <= w.bottom - w.top <= 5 * usual
            and not re.fullmatch(r"\$?\d[\d,./]*(?:\(\d{1,2}\))+", w.text)]
    if not tall:
        return words
    threshold = min(_threshold(grey), 200)
    ink = grey < threshold
    out: list[ocr.OcrWord | None] = list(words)
    added: list[ocr.OcrWord] = []
    gap = max(int(0.6 * usual), 2)
    done: list[tuple[int, int, int, int]] = []  # the places read again
    for i in tall:
        w = words[i]
        if out[i] is None or any(_within(w, place) for place in done):
            out[i] = None  # read again with a neighbour: it was part of that
            continue
        top, bottom = max(int(w.top), 0), min(int(w.bottom), ink.shape[0])
        inked = ink[top:bottom].any(axis=0)
        x0, x1 = int(w.x0), int(w.x1)
        for step in (-1, 1):  # widened to the ink on its lines, up to paper a cell's margins wide
            x, blank = (x0 if step < 0 else x1), 0
            while 0 < x < ink.shape[1] - 1 and blank < gap:
                x += step
                blank = 0 if inked[x] else blank + 1
            if step < 0:
                x0 = x + blank
            else:
                x1 = x - blank + 1
        # Up and down to the paper above and below its lines: the engine's box may stop inside their letters (the
        # tops of "by Trust" cut off a box drawn from a little under them), at most a usual word's height.
        reach = int(usual)
        above = ink[max(top - reach, 0):top, x0:x1].any(axis=1)[::-1]  # the rows above, nearest first
        below = ink[bottom:bottom + reach, x0:x1].any(axis=1)
        top -= int(np.argmin(above)) if not above.all() else above.size
        bottom += int(np.argmin(below)) if not below.all() else below.size
        pad = max(int(dpi / 50), 2)
        box = (max(x0 - pad, 0), max(top - pad, 0), min(x1 + pad, ink.shape[1]), min(bottom + pad, ink.shape[0]))
        cut = ink[box[1]:box[3], box[0]:box[2]]
        crop = Image.fromarray(np.where(cut, 0, 255).astype(np.uint8))
        # Cells side by side in the cut (an amount over its mark, and the D of the next cell standing between their
        # lines, read "oD") are read each on its own: paper as wide as what ends the cut parts them.
        pieces = _ink_columns(cut, gap)
        if len(pieces) > 1:
            read = [dataclasses.replace(f, x0=f.x0 + a, x1=f.x1 + a)
                    for (a, b), fs in zip(pieces, _crops_read([crop.crop((a, 0, b, crop.size[1])) for a, b in pieces],
                                                              dpi, name), strict=True)
                    for f in fs]
        else:
            read = ocr.read_words(crop, dpi, name, block=True)
        # Each line found keeps a line of its own (the engine's line of the word, and the line in the cut).
        found = [dataclasses.replace(f, x0=f.x0 + box[0], x1=f.x1 + box[0], top=f.top + box[1],
                                     bottom=f.bottom + box[1], line=(*w.line, *f.line))
                 for f in read if f.text.strip()]
        # A footnote mark under the amount reads worst of all as a block ("Q)" for "(1)"): the words decide, and
        # a mark is read again on its own with the unsure words (reread_unsure).
        judged = [f.confidence for f in found if not _mark_like(f.text) and not _bracketed_bit(f.text)]
        if not judged or min(judged) <= w.confidence:
            continue
        done.append(box)
        keep = []
        for f in found:
            if any(o is not None and o is not w and o.confidence >= REREAD_BELOW and _covers(o, f) for o in out):
                continue
            keep.append(f)
        out[i] = None
        # Unsure words the engine made of the same ink go with it, and sure ones that are part of a word found.
        for k, o in enumerate(out):
            if o is not None and (o.confidence < REREAD_BELOW and _within(o, box) or any(
                    _covers(f, o) and (o.confidence < REREAD_BELOW or o.text in f.text) for f in keep)):
                out[k] = None
        added += keep
    return [w for w in out if w is not None] + added


def _ink_columns(ink: Any, gap: int) -> list[tuple[int, int]]:
    """The parts of a cut-out picture (`ink`: True where inked) that paper `gap` columns wide or wider parts, as
    (first column, column after the last), each with the paper up to half way to the next (the whole width for
    one part)."""
    inked = ink.any(axis=0)
    columns = [int(x) for x in inked.nonzero()[0]]
    if not columns:
        return [(0, ink.shape[1])]
    parts = [[columns[0], columns[0] + 1]]
    for x in columns[1:]:
        if x - parts[-1][1] >= gap:
            parts.append([x, x + 1])
        else:
            parts[-1][1] = x + 1
    if len(parts) == 1:
        return [(0, ink.shape[1])]
    cuts = [0] + [(left[1] + right[0]) // 2 for left, right in zip(parts, parts[1:], strict=False)] + [ink.shape[1]]
    return list(zip(cuts, cuts[1:], strict=False))


def fitted_to_ink(words: list[ocr.OcrWord], grey: Any) -> list[ocr.OcrWord]:
    """Words whose box the engine drew over two lines or more ("FRANCISCO" of "SAN FRANCISCO" boxed down over the
    empty paper beside "CA" under it, once the two-line word beside it was read again) with their box's top and foot
    taken in to the rows their ink fills. A box half as high again as the page's usual word's is looked at; it is
    changed where it shrinks by a third of a usual word's height or more, and leaves the engine's line (drawn over
    the lines the box spanned) to be set on a line by where it now stands. A word set large, or whose ink reaches
    over both lines, keeps its box."""
    np = _np()
    usual = _usual_height(words)
    threshold = min(_threshold(grey), 200)
    tallest: dict[tuple[int, ...], list[float]] = {}  # the heights of each line's words
    for w in words:
        if w.line:
            tallest.setdefault(w.line, []).append(w.bottom - w.top)
    out = list(words)
    for i, w in enumerate(words):
        high = w.bottom - w.top
        line = sorted(tallest.get(w.line, ()))
        if high < 1.5 * usual or len(line) > 1 and line[-2] * 1.5 > high:
            continue  # a usual word, or one of a line set large ("FORM 4")
        top, left = max(int(w.top), 0), max(int(w.x0), 0)
        inked = (grey[top:int(w.bottom) + 1, left:int(w.x1) + 1] < threshold).sum(axis=1) >= 2
        rows = np.flatnonzero(inked)
        if rows.size and (w.bottom - w.top) - (rows[-1] + 1 - rows[0]) >= usual / 3:
            # The engine's line for it was drawn over the lines it spanned: it is no longer set on that one.
            out[i] = dataclasses.replace(w, top=top + int(rows[0]), bottom=top + int(rows[-1]) + 1, line=())
    return out


def unnested(words: list[ocr.OcrWord], grey: Any) -> list[ocr.OcrWord]:
    """Words whose box the engine drew on over the words after them on their line ("Class" of "Class A Common
    Stock" boxed to the end of "Common", so that the "A" inside it was set on a line of its own and the title read
    "Class Common Stock A"): such a box ends at the last space between letters (paper an eighth of its height
    wide) before the first word it holds whole (one that stands on the same line, within the box from side to
    side, and which the engine is sure of: an unsure one inside may be a piece of the word read again), whose own
    box may start inside its ink. So does a box drawn on into the start of the next sure word on its line, a word's
    height or more after its own start ("Series" of "Series A" boxed over half the "A", which the line then left
    out: "A Series Preferred Stock"). The text is left as read."""
    np = _np()
    threshold = min(_threshold(grey), 200)
    out = list(words)
    by_x0 = sorted(words, key=lambda o: o.x0)
    starts = [o.x0 for o in by_x0]
    for i, w in enumerate(words):
        high = w.bottom - w.top
        # The words that start inside this one's box, from side to side.
        within = by_x0[bisect.bisect_right(starts, w.x0):bisect.bisect_left(starts, w.x1)]
        inside = [o.x0 for o in within if o is not w and (o.x1 < w.x1 or o.x0 >= w.x0 + high)
                  and o.confidence >= REREAD_BELOW
                  and min(w.bottom, o.bottom) - max(w.top, o.top) > 0.5 * min(high, o.bottom - o.top)]
        if not inside:
            continue
        top, left = max(int(w.top), 0), max(int(w.x0), 0)
        inked = (grey[top:int(w.bottom) + 1, left:int(min(inside))] < threshold).any(axis=0)
        space = max(int(high / 8), 2)
        blank = 0
        for x in range(inked.size - 1, 0, -1):  # from the word held back to the box's start
            blank = 0 if inked[x] else blank + 1
            if blank >= space and inked[:x].any():
                out[i] = dataclasses.replace(w, x1=left + int(np.flatnonzero(inked[:x])[-1]) + 1)
                break
    return out


def _within(word: ocr.OcrWord, box: tuple[float, float, float, float]) -> bool:
    """Whether the middle of `word` lies in `box` (x0, top, x1, bottom)."""
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _covers(a: ocr.OcrWord, b: ocr.OcrWord) -> bool:
    """Whether `a` covers half of `b`'s box or more."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    return width > 0 and height > 0 and width * height >= 0.5 * _area(b)


#: A piece of an amount as the engine may read it: digits, separators, a dollar sign.
_AMOUNT_PIECE = re.compile(r"[$\d][\d,.]*")


def reread_split_amounts(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str) -> list[ocr.OcrWord]:
    """An amount the engine read unsure, in pieces or whole ("9" and "599.00" for "2,500.00", set beside a title on
    two lines whose line the engine took its own for), read again as drawn from the ink of all its pieces, with only
    an amount's characters. Pieces are words of digits and separators on one line of the engine's, each unsure and
    under two lines high (a cell's lines read as one word are reread_two_lines'), a word space or less apart. The
    second reading replaces them where it reads as one amount, on one line, and the engine is sure of it."""
    usual = _sure_height(words)
    if not usual:
        return words
    runs: list[list[int]] = []
    order = sorted(range(len(words)), key=lambda k: (words[k].line, words[k].x0))
    for k in order:
        w = words[k]
        if w.confidence >= REREAD_BELOW or not _AMOUNT_PIECE.fullmatch(w.text) or not any(c.isdigit() for c in w.text):
            continue
        if w.bottom - w.top >= 1.7 * usual:
            continue  # over two lines: a cell's lines read as one word (reread_two_lines)
        if runs:
            last = words[runs[-1][-1]]
            if last.line == w.line and 0 <= w.x0 - last.x1 <= (w.bottom - w.top) * 0.6:
                runs[-1].append(k)
                continue
        runs.append([k])
    if not runs:
        return words
    from PIL import Image

    threshold = min(_threshold(grey), 200)
    boxes = [ocr.OcrWord("", min(words[k].x0 for k in run), min(words[k].top for k in run),
                         max(words[k].x1 for k in run), max(words[k].bottom for k in run), 0.0) for run in runs]
    crops = [Image.fromarray(_cut(grey, box, dpi, threshold)) for box in boxes]
    out: list[ocr.OcrWord | None] = list(words)
    for run, box, found in zip(runs, boxes, _crops_read(crops, dpi, name, chars=AMOUNT_CHARS), strict=True):
        text = "".join(f.text for f in found)
        sure = min((f.confidence for f in found), default=0.0)
        if not _AMOUNT.fullmatch(text) or sure < REREAD_BELOW or len(run) == 1 and text == words[run[0]].text:
            continue
        if len(found) > 1 and min(f.bottom for f in found) <= max(f.top for f in found):
            continue  # read on more than one line
        first = words[run[0]]
        for k in run:
            out[k] = None
        out[run[0]] = dataclasses.replace(first, text=text, x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom,
                                          confidence=sure)
    return [w for w in out if w is not None]


def reread_spaced(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str) -> list[ocr.OcrWord]:
    """A title in large letters that the engine's page layout split into one word a letter ("E O R M 3" for
    "FORM 3": three or more single letters in a row, set at least half as large again as the page's usual word)
    read again as one line cut out of the page."""
    from PIL import Image

    if not words:
        return words
    large = 1.5 * _usual_height(words)
    runs: list[list[int]] = []
    for row in _rows(words):
        run: list[int] = []
        for i in [*row, -1]:
            if i >= 0 and len(words[i].text) == 1 and words[i].text.isalnum() and \
                    words[i].bottom - words[i].top >= large:
                run.append(i)
                continue
            runs.append(run)
            run = []
    runs = [r for r in runs if len(r) >= 3]
    if not runs:
        return words
    pad = int(dpi / 20)
    replaced: dict[int, list[ocr.OcrWord]] = {}
    for run in runs:
        x0 = max(int(min(words[i].x0 for i in run)) - pad, 0)
        top = max(int(min(words[i].top for i in run)) - pad, 0)
        x1, bottom = int(max(words[i].x1 for i in run)) + pad, int(max(words[i].bottom for i in run)) + pad
        again = ocr.read_words(Image.fromarray(grey[top:bottom, x0:x1]), dpi, name, line=True)
        again = [w for w in again if any(c.isalnum() for c in w.text)]
        if not again or len(again) >= len(run):
            continue
        line = words[run[0]].line
        replaced[min(run)] = [dataclasses.replace(w, x0=w.x0 + x0, x1=w.x1 + x0, top=w.top + top,
                                                bottom=w.bottom + top, line=line) for w in again]
        replaced.update({i: [] for i in run if i != min(run)})
    out: list[ocr.OcrWord] = []
    for i, w in enumerate(words):
        out.extend(replaced.get(i, [w]))
    return out


def _inked_groups(ink: Any, gap: int) -> list[tuple[int, int, int, int]]:
    """Groups of ink whose pixels lie within `gap` pixels across (and touch down the page) of one another, as
    (top, bottom, left, right) in pixels, bottom and right past the last."""
    np = _np()
    if not ink.any():
        return []
    counts = np.cumsum(np.pad(ink, ((0, 0), (gap + 1, gap)), constant_values=False), axis=1, dtype=np.int32)
    wide = (counts[:, 2 * gap + 1:] - counts[:, :-2 * gap - 1]) > 0
    runs = _runs(wide, 1)
    parent = list(range(len(runs)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_row: dict[int, list[int]] = {}
    for k, (row, a, b) in enumerate(runs):
        for j in by_row.get(row - 1, ()):
            if runs[j][1] < b and a < runs[j][2]:
                parent[root(j)] = root(k)
        by_row.setdefault(row, []).append(k)
    boxes: dict[int, list[int]] = {}
    for k, (row, a, b) in enumerate(runs):
        box = boxes.setdefault(root(k), [row, row + 1, a, b])
        box[0], box[1], box[2], box[3] = min(box[0], row), max(box[1], row + 1), min(box[2], a), max(box[3], b)
    out = []
    for top, bottom, left, right in boxes.values():
        inked = ink[top:bottom, left:right].any(axis=0)
        first, last = int(np.argmax(inked)), len(inked) - int(np.argmax(inked[::-1]))
        out.append((top, bottom, left + first, left + last))  # the dilation's margin taken off
    return out


#: What a character or short word on its own in a table cell reads as: a letter or digit or two (a code, "D" or
#: "I", an "X"), perhaps with its footnote mark, a caption's word ("Code"), or a footnote mark set on a line of its
#: own under its value.
_LONE = re.compile(r"[A-Za-z0-9]{1,2}(?:\(\d{1,2}\))?|[A-Z]?[a-z]{2,5}|(?:\(\d{1,2}\))+")
#: A whole word, amount or date standing alone in a cell that the page's reading left out ("Common", "48,932",
#: "$", "12.68", "09/25/2025"), perhaps with its footnote marks; or a number printed without commas (a ZIP code on
#: a line of its own in the Reporting Owners table, "33626"; an amount of Table II, "2441320"); or the number that
#: starts a table column's caption, perhaps run into its first word ("4.", "3A.", "3.Transaction"), without which
#: the reader finds no column there.
_LONE_WORD = re.compile(r"(?:[A-Z][a-z]{1,11}|[A-Z]{3,12}|\$|\$?\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d{2}/\d{2}/\d{4}"
                        r"|\d{4,10}|\d{1,2}[A-Z]?\.(?:[A-Z][a-z]{1,11})?)(?:\(\d{1,2}\))*")
#: A table column's number with its full stop read as a comma.
_COLUMN_NUMBER_COMMA = re.compile(r"\d{1,2}[A-Z]?,")
#: Letters a reading puts for the digits they look like, in an amount standing alone.
_DIGIT_LOOKALIKES = str.maketrans("AOoDSsIlBZG", "40005511826")
#: What the engine may read ink standing alone as: the characters `_LONE` and `_LONE_WORD` are made of (a stroke it
#: would otherwise take for a bracket, which no reading keeps, is then read as the letter or digit it is), and a bar,
#: which a cell holding a single stroke gets where the engine makes out no letter in it.
_LONE_CHARS = string.ascii_letters + string.digits + "()|$,./"
#: The most a stroke read as the letter I is trusted: under the checks' mark, for a person to look at.
_STROKE_SURE = 0.6


def _raised_beside(top: float, bottom: float, word: ocr.OcrWord) -> bool:
    """Whether ink from `top` to `bottom` stands raised beside `word` (a footnote mark set after it): its top above
    the word's and its foot a fifth of the word's height or more above the word's."""
    high = word.bottom - word.top
    return top < word.top - 0.1 * high and bottom < word.bottom - 0.2 * high


def _uncovered(words: Sequence[ocr.OcrWord], grey: Any, dpi: float,
               boxes: Sequence[CheckBox] = ()) -> tuple[Any, int]:
    """The page's ink that no word read (nor a check box's outline) covers, and the ink's threshold."""
    np = _np()
    threshold = min(_threshold(grey), 200)
    ink = grey < threshold
    covered = np.zeros(ink.shape, dtype=bool)
    pad = max(int(dpi / 100), 1)
    for w in words:
        covered[max(int(w.top) - pad, 0):int(w.bottom) + pad, max(int(w.x0) - pad, 0):int(w.x1) + pad] = True
    scale = dpi / 72
    for box in boxes:
        covered[max(int(box.top * scale) - pad, 0):int(box.bottom * scale) + pad,
                max(int(box.x0 * scale) - pad, 0):int(box.x1 * scale) + pad] = True
    return ink & ~covered, threshold


def reread_partly_read(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str,
                       boxes: Sequence[CheckBox] = ()) -> list[ocr.OcrWord]:
    """Words the engine read only part of ("C" and "toc" of "Common Stock" over two lines of a cell, the rest of
    their letters left unread): a word with ink of a letter's height that no word covers on its line, within a word
    space of it (not raised beside it: a footnote mark, which `read_unread_ink` reads), is read again, cut out with
    that ink (the ink going with the nearest word) and enlarged three times. What is read takes its place when it
    holds the word's letters and two letters more or over, from ink as wide as the word is high (not the rest of a
    letter its box left out, nor a bracket or a speck beside it), as sure as the engine is of it less a tenth (made
    out only on a second reading)."""
    from PIL import Image

    left, threshold = _uncovered(words, grey, dpi, boxes)
    grown: dict[int, list[float]] = {}
    for top, bottom, x0, x1 in _inked_groups(left, max(int(dpi / 36), 2)):
        # The ink goes with the nearest word on its line (the C of "Common" that its box left out is the next
        # word's, not the "A" a word space before it), when that is within a word space.
        near = [(max(w.x0 - x1, x0 - w.x1), i) for i, w in enumerate(words)
                if 0.6 * (w.bottom - w.top) <= bottom - top <= 1.3 * (w.bottom - w.top)
                and not _raised_beside(top, bottom, w)
                and min(bottom, w.bottom) - max(top, w.top) > 0.6 * (bottom - top)]
        if not near:
            continue
        gap, i = min(near)
        w = words[i]
        if gap < 0.5 * (w.bottom - w.top):
            box = grown.setdefault(i, [w.x0, w.top, w.x1, w.bottom])
            box[0], box[1], box[2], box[3] = min(box[0], x0), min(box[1], top), max(box[2], x1), max(box[3], bottom)
    if not grown:
        return words
    kept = list(grown)
    cuts = [_cut(grey, ocr.OcrWord("", grown[i][0], grown[i][1], grown[i][2], grown[i][3], 0.0), dpi, threshold)
            for i in kept]
    crops = [Image.fromarray(c).resize((c.shape[1] * 3, c.shape[0] * 3), Image.Resampling.LANCZOS) for c in cuts]
    out = list(words)
    for i, found in zip(kept, _crops_read(crops, dpi * 3, name), strict=True):
        w = words[i]
        text = " ".join(f.text for f in found)
        box = grown[i]
        if re.fullmatch(r"\d[\d,.]*", w.text) and _AMOUNT.fullmatch(text) and len(text) >= len(w.text) + 2 and \
                (box[2] - box[0]) - (w.x1 - w.x0) >= 0.4 * (w.bottom - w.top):
            # An amount's first digits left unread ("3684" of "1.3684"), read again whole: the digits it was read
            # with may change ("3694" read again "1.3684").
            out[i] = dataclasses.replace(w, text=text, x0=box[0], top=box[1], x1=box[2], bottom=box[3],
                                         confidence=min(min(f.confidence for f in found) * 0.9, _REREAD_SURE))
            continue
        # Letters more, not the rest of a letter its box left out ("A" read again whole as "AC"): two letters or
        # more, and ink as wide as the word is high.
        if not found or len(text) < len(w.text) + 2 or w.text.lower() not in text.lower() or " " in text or \
                (box[2] - box[0]) - (w.x1 - w.x0) < w.bottom - w.top:
            continue
        at = text.lower().index(w.text.lower())
        if not (text[:at] + text[at + len(w.text):]).isalnum():
            continue  # more letters of the word, not a bracket or a speck beside it ("(A" for "A")
        out[i] = dataclasses.replace(w, text=text, x0=box[0], top=box[1], x1=box[2], bottom=box[3],
                                     confidence=min(f.confidence for f in found) * 0.9)
    return out


def read_unread_ink(words: list[ocr.OcrWord], grey: Any, dpi: float, name: str,
                    boxes: Sequence[CheckBox] = ()) -> list[ocr.OcrWord]:
    """Characters standing alone that the engine's page layout left unread, read on their own: a table cell
    holding one letter (the "I" under Ownership Form, the "X" under Director in the Reporting Owners table, a
    transaction code "P") is often taken for a speck beside the ruled columns, and so, at times, is a whole word,
    amount or date ("Common", "48,932"). Ink no word covers, in groups of a character's height (4 to 20 points)
    and up to a word's width (1.5 points to 1.25 inch), not a check box's outline, standing a word space or more
    from every word read (the engine's box of a word of one letter may leave out part of it) or raised beside it (a
    footnote mark after a title, which the engine left out), is cut out and read; what reads as a letter or two, a
    word, an amount or a date, perhaps with its marks, joins the words, as sure as the engine is of it less a tenth
    (made out only on a second reading)."""
    from PIL import Image

    left, threshold = _uncovered(words, grey, dpi, boxes)
    scale = dpi / 72
    found = []
    for top, bottom, x0, x1 in _inked_groups(left, max(int(dpi / 36), 2)):
        high, wide = (bottom - top) / scale, (x1 - x0) / scale
        if not (4 <= high <= 20 and 1.5 <= wide <= 90):
            continue
        if any(min(bottom, w.bottom) - max(top, w.top) > 0.3 * (bottom - top)
               and max(w.x0 - x1, x0 - w.x1) < 0.5 * (bottom - top) and not _raised_beside(top, bottom, w)
               for w in words):
            continue  # within a word space of a word the engine read: a part of it its box left out
        found.append(ocr.OcrWord("", x0, top, x1, bottom, 0.0))
    if not found:
        return words
    cuts = [_cut(grey, w, dpi, threshold) for w in found]
    crops = [Image.fromarray(c).resize((c.shape[1] * 3, c.shape[0] * 3), Image.Resampling.LANCZOS) for c in cuts]
    out = list(words)
    reads = _crops_read(crops, dpi * 3, name, chars=_LONE_CHARS)
    for n, w in enumerate(found):
        if not reads[n] and w.x1 - w.x0 <= w.bottom - w.top:
            # A character read as nothing among the others is read once more on its own, as one line (a lone "I"
            # the engine found no line in).
            reads[n] = ocr.read_words(crops[n], dpi * 3, name, line=True, chars=_LONE_CHARS)
    for w, read in zip(found, reads, strict=True):
        text = "".join(r.text for r in read)
        sure = min((r.confidence for r in read), default=0.0) * 0.9
        if _TICK_READ.fullmatch(text):
            # The X of a relationship in the Reporting Owners table, its strokes read as two or three ("XxX").
            text = "X"
        elif text == "|":
            # A single stroke alone in a cell: the letter I (the "I" of Ownership Form, its serifs too small to
            # make out), the only value of one stroke a cell holds; never sure.
            text, sure = "I", min(sure, _STROKE_SURE)
        if _COLUMN_NUMBER_COMMA.fullmatch(text):
            # A column's number alone with its full stop read as a comma ("4,"): no amount ends in one.
            text = text[:-1] + "."
        if read and not _LONE.fullmatch(text) and not _LONE_WORD.fullmatch(text):
            # An amount with a digit read as the letter it looks like ("A8,932"): the digit, never sure.
            digits = text.translate(_DIGIT_LOOKALIKES)
            if sum(c.isdigit() for c in text) >= 2 and digits != text and _LONE_WORD.fullmatch(digits) \
                    and digits[-1].isdigit():
                text, sure = digits, min(sure, _REREAD_SURE)
        if read and (_LONE.fullmatch(text) or _LONE_WORD.fullmatch(text)):
            out.append(dataclasses.replace(w, text=text, confidence=sure))
    return out


def boxes_from_pixels(ink: Any, dpi: float) -> list[CheckBox]:
    """Check boxes: squares of 5 to 14 points a side outlined in ink, ticked when ink fills a fair share of the
    inside (a mark, an X, a filled square)."""
    smallest, largest = int(5 * dpi / 72), int(14 * dpi / 72) + 1
    edges = _merged(_runs(ink, smallest, largest), 2)
    by_span: dict[tuple[int, int], list[tuple[float, int, int]]] = {}
    for edge in edges:
        by_span.setdefault((edge[1] // 4, edge[2] // 4), []).append(edge)
    scale = 72 / dpi
    out: list[CheckBox] = []
    for top, a, b in edges:
        side = b - a
        for key in ((a // 4 + da, b // 4 + db) for da in (-1, 0, 1) for db in (-1, 0, 1)):
            for bottom, a2, b2 in by_span.get(key, ()):
                if abs(a - a2) > 3 or abs(b - b2) > 3 or not 0.8 * side <= bottom - top <= 1.2 * side:
                    continue
                y0, y1 = int(top), int(bottom) + 1
                left = ink[y0:y1, max(a - 1, 0):a + 3].any(axis=1).mean()
                right = ink[y0:y1, max(b - 3, 0):b + 1].any(axis=1).mean()
                if left < 0.85 or right < 0.85:
                    continue
                inset = max(side // 5, 2)
                inside = ink[y0 + inset:y1 - inset, a + inset:b - inset]
                ticked = bool(inside.size) and float(inside.mean()) > 0.06
                out.append(CheckBox(a * scale, top * scale, b * scale, bottom * scale, ticked))
    kept: list[CheckBox] = []
    for box in out:
        if not any(abs(k.x0 - box.x0) < 2 and abs(k.top - box.top) < 2 for k in kept):
            kept.append(box)
    return kept


#: The first words of the check boxes' captions ("Check" of "Check this box if no longer subject to Section 16").
_BOX_CAPTION_STARTS = frozenset(re.split(r"\W", caption)[0] for caption in form.CHECK_BOX_CAPTIONS.values())


def shaded_boxes_from_pixels(grey: Any, dpi: float, windows: Sequence[tuple[int, int, int, int]]) -> list[CheckBox]:
    """Check boxes drawn as a square of another shade than the paper around them, with no outline in ink (a
    browser's printed page: a checked box filled darker than the paper with a light tick in it, an unchecked one
    lighter than a shaded paper), looked for in `windows` (top, bottom, left, right in pixels: where a caption says
    a box stands, left of its caption). Squares of 5 to 14 points a side, at least 12 levels darker or 8 lighter
    than the paper at the window's right edge, filling most of their square; ticked when a mark of another shade
    (24 levels from the square's own) covers a fair share of the inside."""
    np = _np()
    from PIL import Image, ImageFilter

    threshold = min(_threshold(grey), 200)
    smallest, largest = 5 * dpi / 72, 14 * dpi / 72
    scale = 72 / dpi
    out: list[CheckBox] = []
    for w_top, w_bottom, w_left, w_right in windows:
        area = grey[max(w_top, 0):w_bottom, max(w_left, 0):w_right]
        if area.size == 0:
            continue
        # Each pixel as the mean of those around it, a third of a point each way: a scan's noise (the grain of
        # paper and sensor) is as strong as the few levels a browser's box stands off its paper by, and breaks the
        # square up into specks.
        area = np.asarray(Image.fromarray(np.ascontiguousarray(area)).filter(
            ImageFilter.BoxBlur(max(1, round(dpi / 216)))))
        # The paper's shade where the caption starts (a window may reach into a margin of another shade).
        paper = int(np.median(area[:, -max(int(dpi / 72), 1):]))
        for mask in ((area >= threshold) & (area <= paper - 12), area >= paper + 8):
            for top, bottom, x0, x1 in _inked_groups(mask, 1):
                side_y, side_x = bottom - top, x1 - x0
                if not (smallest <= side_x <= largest and 0.8 * side_x <= side_y <= 1.2 * side_x):
                    continue
                if mask[top:bottom, x0:x1].mean() < 0.6:
                    continue
                inset = max(side_x // 5, 2)
                inside = area[top + inset:bottom - inset, x0 + inset:x1 - inset].astype(np.int16)
                if not inside.size:
                    continue
                shade = int(np.median(area[top:bottom, x0:x1][mask[top:bottom, x0:x1]]))
                ticked = float((np.abs(inside - shade) >= 24).mean()) > 0.06
                dy, dx = max(w_top, 0), max(w_left, 0)
                out.append(CheckBox((x0 + dx) * scale, (top + dy) * scale, (x1 + dx) * scale,
                                    (bottom + dy) * scale, ticked))
    return out


def _overlap(a: CheckBox, b: CheckBox) -> bool:
    """Whether two boxes share some of the page."""
    return min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.bottom, b.bottom) > max(a.top, b.top)


# ---- reading -------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class ScanPage:
    """One page as read: the layout page (points) and how it was straightened."""

    page: Page
    dpi: float
    skew: float
    turned: int
    image: Any = None  # the page image as read (upright and level)
    #: `_cleaned`'s picture of the page and its ink's threshold, made once for the cells read again.
    cleaned: tuple[Any, int] | None = dataclasses.field(default=None, repr=False, compare=False)


def read_page(image: Any, dpi: float, number: int, name: str) -> ScanPage:
    """One page image read into a layout page: straightened, its words read, its rules and boxes found."""
    np = _np()
    from PIL import Image

    if dpi < COARSE_DPI:
        # A coarse scan is enlarged to OCR_DPI first, smoothly: below 200 dpi a rule a point thin is a pixel or
        # less, too faint to be found as a rule and taken off (measured on a Tesla Form 4 of set K at 150 dpi: 19 of
        # 175 fields read as drawn, 171 enlarged first).
        image = image.resize((round(image.size[0] * OCR_DPI / dpi), round(image.size[1] * OCR_DPI / dpi)),
                             Image.Resampling.BICUBIC)
        dpi = OCR_DPI
    image, skew, turned = straighten(image, dpi)
    grey = np.asarray(image)
    split = _threshold(grey)
    ink = grey < min(split, 200)
    # The form's rules are taken off the page before it is read: an engine reads a rule beside a word as a
    # letter ("|468,198", "{159.94").
    cleaned = grey.copy()
    cleaned[rule_pixels(ink, dpi) | underline_pixels(ink, dpi)] = 255
    if split > 200:
        # A page shaded all over (the last page of a printout, a few lines on a grey ground): its grey parts from
        # the white margin, not its ink from its paper, and so would the engine's own threshold, which takes
        # the whole page for ink and reads no word. The shading is taken off first.
        cleaned[~ink] = 255
    # A page scanned below 300 dpi is enlarged to 300 before it is read: the engine reads the form's small type
    # best at that size (measured on an EDGAR Online printout at 200 dpi: 94.0% of its words found as drawn,
    # 95.6% enlarged).
    ocr_dpi = dpi
    if dpi < OCR_DPI * 0.9:
        ocr_dpi = min(OCR_DPI, dpi * 2)
        picture = Image.fromarray(cleaned)
        picture = picture.resize((round(picture.size[0] * ocr_dpi / dpi), round(picture.size[1] * ocr_dpi / dpi)),
                                 Image.Resampling.LANCZOS)
        cleaned = np.asarray(picture)
    boxes = boxes_from_pixels(ink, dpi)
    horizontal, vertical = rules_from_pixels(ink, dpi)
    k = ocr_dpi / 72  # the rules in the pixels of the page read
    words = reread_split_lines(ocr.read_words(Image.fromarray(cleaned), ocr_dpi, name), cleaned, ocr_dpi, name,
                               [Segment(s.at * k, s.a * k, s.b * k) for s in horizontal],
                               [Segment(s.at * k, s.a * k, s.b * k) for s in vertical])
    words = unnested(joined_pieces(read_once(words)), cleaned)
    words = reread_code_marks(words, cleaned, ocr_dpi, name)
    words = reread_form_number(words, cleaned, ocr_dpi, name)
    words = reread_lone_marks(reread_raised_marks(words, cleaned, ocr_dpi, name), cleaned, ocr_dpi, name)
    words = reread_amount_marks(words, cleaned, ocr_dpi, name)
    words = reread_split_amounts(words, cleaned, ocr_dpi, name)
    words = fitted_to_ink(reread_two_lines(words, cleaned, ocr_dpi, name), cleaned)
    words = reread_spaced(reread_unsure(words, cleaned, ocr_dpi, name), cleaned, ocr_dpi, name)
    # once more, for the amounts and dates just read again with their marks garbled ("658©)")
    words = reread_amount_marks(words, cleaned, ocr_dpi, name)
    # Boxes a caption stands beside ("Check this box ...") that no ink outlines: looked for left of each word that
    # starts a check box's caption.
    ratio = dpi / ocr_dpi
    windows = [(int((w.top - 14 * ocr_dpi / 72) * ratio), int((w.bottom + 14 * ocr_dpi / 72) * ratio),
                int((w.x0 - 40 * ocr_dpi / 72) * ratio), int(w.x0 * ratio) - 1)
               for w in words if w.text in _BOX_CAPTION_STARTS]
    for shaded in shaded_boxes_from_pixels(grey, dpi, windows):  # once each, though two windows hold it
        if not any(_overlap(shaded, k) for k in boxes):
            boxes.append(shaded)
    words = read_unread_ink(reread_partly_read(words, cleaned, ocr_dpi, name, boxes), cleaned, ocr_dpi, name, boxes)
    # once more: a second reading may have read a word the page's reading had
    words = joined_punctuation(read_once(words), cleaned)
    words = abbreviations_from_pixels(separators_from_pixels(split_class_letters(split_at_spaces(words, cleaned)),
                                                             cleaned, ocr_dpi),
                                      cleaned, ocr_dpi)
    words = bracketed_tickers(words, cleaned)
    single = [w for w in words if len(w.text) == 1]
    straddling = {id(w) for w in single if _straddling(w, words)}
    words = [mended(w) for w in words if not _smudge(w) and not _flat(w, ocr_dpi) and not _speck(w, ocr_dpi)
             and not _stray_mark(w) and id(w) not in straddling]
    words = roman_enumerations(mended_numerals(mended_digit_loops(words, cleaned, ocr_dpi), cleaned))
    words = levelled(mended_numbers(mended_titles(joined_capitals(words, cleaned))))
    scale = 72 / ocr_dpi
    layout_words: list[Word] = []
    for w in words:
        height = (w.bottom - w.top) * scale
        layout_words.append(ScanWord(w.text, w.x0 * scale, w.x1 * scale, w.top * scale, w.bottom * scale,
                                     height * 1.2, number, w.confidence))
    scale = 72 / dpi
    layout_words = [w for w in layout_words if not _rule_stub(w, vertical)]
    width, height = image.size
    layout_words = without_browser_margins(layout_words, number, height * scale)
    page = Page(number, width * scale, height * scale, layout_words, make_lines(layout_words, number),
                horizontal, vertical, boxes)
    return ScanPage(page, dpi, skew, turned, image)


#: Characters the engine reads off what is left of a rule.
_DASHES = "—–-_"


def _rule_stub(word: Word, vertical: list[Segment]) -> bool:
    """A dash the engine read off what is left of a vertical rule where a row's rule crosses it: a word of dashes
    only, one side of it on a vertical rule (a dash a cell holds for "none" stands in the cell's middle)."""
    if word.text.strip(_DASHES):
        return False
    return any(s.a <= word.middle <= s.b and min(abs(s.at - word.x0), abs(s.at - word.x1)) <= 1.0 for s in vertical)


def read_scan(data: bytes, name: str, *, kind: str = "pdf", password: str | None = None,
              progress: Progress | None = None, page_read: PageRead | None = None) -> Filing:
    """Read a scanned filing: the bytes of an image-only PDF (`kind` "pdf") or of a PNG, JPEG or TIFF file
    (`kind` "image"). `progress(done, pages)` is called before the first page and after each; `page_read` gets
    each page's image as it was read. Each page has the file's whole time (limits.fresh_time). Raises ReadError
    naming the file when no OCR engine is installed or the file is damaged, NotAFilingError when the pages hold no
    Form 3, 4 or 5."""
    from .pdf import FormReader

    if ocr.available() is None:
        raise ReadError(name, ocr.unavailable_message())
    images = list(pdf_pages(data, name, password) if kind == "pdf" else image_pages(data, name))
    pages: list[ScanPage] = []
    if progress:
        progress(0, len(images))
    for number, (image, dpi) in enumerate(images, start=1):
        fresh_time(f"page {number} of {len(images)}")
        pages.append(read_page(image, dpi, number, name))
        if page_read:
            page_read(number, pages[-1].image, dpi)
        if progress:
            progress(number, len(images))
    fresh_time("the form's layout")
    layout = Layout([p.page for p in pages])
    notes = [SCAN_NOTE]
    for p in pages:
        if p.turned:
            notes.append(f"page {p.page.number} was turned {p.turned} degrees to stand upright")
    document = SourceDocument(kind="pdf" if kind == "pdf" else "image", name=name,
                              sha256=hashlib.sha256(data).hexdigest(), size=len(data), pages=len(pages))
    if layout.char_count < 20:
        raise NotAFilingError(name, "no text could be read off the scan (is it a picture of a form?)")
    try:
        filing = FormReader(layout, name, document).read()
    except NotAFilingError:
        # Said of the scan: the form reader's own words are of a PDF's text.
        raise NotAFilingError(name, "the text read off the scan holds no Form 3, 4 or 5 (no \"FORM 4\" title or "
                              "\"Table I\" found)") from None
    except ReadError:
        raise
    except Exception:
        # A layout the reader trips over is still a scan a person can read and enter by hand.
        log.exception("%s: the form's layout on the scan could not be read", name)
        return Filing(document=dataclasses.replace(document, notes=(*notes, LAYOUT_NOTE)))
    fresh_time("the transaction codes")
    for reread in (reread_code_cells, reread_date_cells, reread_amount_cells):
        mended_layout = reread(filing, layout, pages, name)
        if mended_layout is not None:
            layout = mended_layout
            filing = FormReader(layout, name, document).read()
    filing = mended_state_codes(with_ocr_confidence(filing, layout))
    filing, signed = signed_by_hand(filing, pages)
    notes += signed
    if filing.accession_number.empty:
        # A scan carries no metadata; EDGAR's own name for the filing may be in the file's name.
        base = re.split(r"[\\/]", name)[-1]
        accession = form.accession_number(base)
        if accession is not None:
            notes.append("accession number taken from the file's name")
            filing = dataclasses.replace(filing, accession_number=Value(
                accession, raw=f"file name: {base}", confidence=Confidence.UNCERTAIN))
    return dataclasses.replace(filing, document=dataclasses.replace(
        filing.document, notes=(*notes, *filing.document.notes)))


#: The cells of one letter the form's tables hold, with the letters each may hold: the transaction code, whether
#: shares were acquired (A) or disposed of (D), and whether they are owned directly (D) or indirectly (I). As the
#: form fills it, such a cell holds one of them, perhaps with its footnote marks (numbered from 1).
_LETTER_CELLS = (("transaction_code", CODE_CHARS), ("acquired_disposed", "AD"), ("direct_or_indirect", "DI"))
#: The most a value made out only on a second reading (a code, an amount whose digit read as a letter) is trusted:
#: under the checks' mark, for a person to look at.
_REREAD_SURE = 0.79


def reread_code_cells(filing: Filing, layout: Layout, pages: Sequence[ScanPage], name: str) -> Layout | None:
    """The layout with each cell of one letter that did not read as one read again from its cell's pixels: a
    transaction code ("1JO", "JC)", "5" for "J(1)", "J(1)", "S"), and likewise an A or D, a D or I ("p®" for
    "D(1)"). The letter, up to the last column that reaches its foot, is read with only the letters the cell may
    hold, and a footnote mark raised after it, its underline taken away, with only a mark's characters, each
    enlarged three times (the engine finds no line in a letter 20 pixels high). The words in the cell give way to
    what was read when that is one letter (and a mark, where there is one), as sure as the engine is less a tenth
    and never above the checks' mark. None when no cell changed."""
    from PIL import Image

    bad: dict[int, list[tuple[PdfBox, str]]] = {}
    for table in (NON_DERIVATIVE_TRANSACTIONS, NON_DERIVATIVE_HOLDINGS, DERIVATIVE_TRANSACTIONS,
                  DERIVATIVE_HOLDINGS):
        for row in getattr(filing, table):
            for field, chars in _LETTER_CELLS:
                value = getattr(row, field, None)
                if value is None or not isinstance(value.source, PdfBox) or not value.raw:
                    continue
                text = re.sub(r"\s+", "", value.raw)
                # An A or D read from the amount under it (the column's (A) and (D) halves) is no letter's cell.
                if field != "transaction_code" and len(re.sub(r"\(\d{1,2}\)", "", text)) > 2:
                    continue
                if not re.fullmatch(rf"[{chars}](?:\([1-9]\d?\))*", text):
                    bad.setdefault(value.source.page, []).append((value.source, chars))
    by_number = {p.page.number: p for p in pages}
    cells: list[tuple[int, list[Word], bool, str, Any]] = []
    # The cut-out letters by their pages' resolution and the letters they may be, and the marks by resolution.
    letters: dict[tuple[float, str], list[Any]] = {}
    marks: dict[float, list[Any]] = {}
    for scan, chars, inside, cut in _cell_cuts(bad, by_number):
        end = _raised_split(cut < 128)
        if end is not None:
            end = _letter_end(cut < 128, end)
        letter = cut if end is None else cut[:, :end]
        letters.setdefault((scan.dpi, chars), []).append(
            Image.fromarray(letter).resize((letter.shape[1] * 3, letter.shape[0] * 3), Image.Resampling.LANCZOS))
        if end is not None:
            mark = _without_underline(cut[:, end:])
            marks.setdefault(scan.dpi, []).append(
                Image.fromarray(mark).resize((mark.shape[1] * 3, mark.shape[0] * 3), Image.Resampling.LANCZOS))
        cells.append((scan.page.number, inside, end is not None, chars, letter))
    if not cells:
        return None
    read_letters = {(dpi, chars): iter(_one_letter_each(crops, dpi * 3, name, chars))
                    for (dpi, chars), crops in letters.items()}
    read_marks = {dpi: iter(_crops_read(crops, dpi * 3, name, chars=MARK_CHARS)) for dpi, crops in marks.items()}
    replaced: dict[int, dict[int, ScanWord]] = {}
    for number, inside, raised, chars, pixels in cells:
        dpi = by_number[number].dpi
        letter = next(read_letters[dpi, chars])
        mark = next(read_marks[dpi]) if raised else []
        code = "".join(w.text for w in letter)
        if not code and chars == "DI" and _one_stroke(pixels < 128):
            # A clean I alone, which the engine at times makes nothing of, however enlarged: of a D and an I, the
            # one drawn as a single upright stroke (a code's cell may hold a J, narrow too). Never sure.
            letter, code = [ocr.OcrWord("I", 0, 0, 0, 0, _STROKE_SURE / 0.9)], "I"
        if len(code) != 1:
            continue
        # The ink raised after the letter is a mark: its number, though a bracket was lost; none where no number
        # was made out (the code then stands alone, for a person to look at).
        number_read = re.fullmatch(r"\(?([1-9]\d?)\)?", "".join(w.text for w in mark))
        note = f"({number_read[1]})" if number_read else ""
        sure = min(_REREAD_SURE, min(w.confidence for w in (*letter, *mark)) * 0.9)
        first = min(inside, key=lambda w: w.x0)
        word = ScanWord(code + note, first.x0, max(w.x1 for w in inside), min(w.top for w in inside),
                        max(w.bottom for w in inside), first.size, number, sure)
        page_words = replaced.setdefault(number, {})
        page_words[id(first)] = word
        for w in inside:
            page_words.setdefault(id(w), word)
    return _with_words_replaced(layout, replaced)


def _one_stroke(ink: Any) -> bool:
    """Whether the ink is one upright stroke, as an I is drawn: a single glyph (no column of paper across it), at
    least twice as tall as it is wide."""
    glyphs = _glyphs(ink)
    if len(glyphs) != 1:
        return False
    x0, x1, top, bottom = glyphs[0]
    return bottom - top + 1 >= 2 * (x1 - x0)


def _one_letter_each(crops: list[Any], dpi: float, name: str, chars: str) -> list[list[ocr.OcrWord]]:
    """The words of each crop of a cell of one letter (`_crops_read`, with only `chars`), and each crop that did not
    read as one letter read once more on its own as one line: read as a block among others, a lone capital
    enlarged is at times found no line in at all (a clean "S" read as nothing, or ")")."""
    found = _crops_read(crops, dpi, name, chars=chars)
    again = [n for n, words in enumerate(found) if len("".join(w.text for w in words)) != 1]
    for n in again:
        alone = ocr.read_words(crops[n], dpi, name, line=True, chars=chars)
        if len("".join(w.text for w in alone)) == 1:
            found[n] = alone
    return found


def _with_words_replaced(layout: Layout, replaced: dict[int, dict[int, ScanWord]]) -> Layout | None:
    """The layout with words given way to others (by page number, then by the id of the word replaced; the words
    of one cell give way to one word, which stands where the first of them stood); None when none did."""
    if not replaced:
        return None
    out: list[Page] = []
    for page in layout.pages:
        swap = replaced.get(page.number)
        if not swap:
            out.append(page)
            continue
        words: list[Word] = []
        for w in page.words:
            new = swap.get(id(w), w)
            if new is not w and any(x is new for x in words):
                continue
            words.append(new)
        out.append(dataclasses.replace(page, words=words, lines=make_lines(words, page.number)))
    return Layout(out)


def _cleaned(scan: ScanPage) -> tuple[Any, int]:
    """A scanned page's pixels with its rules taken off, as it was read, and the threshold of its ink: made once a
    page (about 0.4 s at 300 dpi), for the transaction codes' cells and the dates' both."""
    if scan.cleaned is None:
        np = _np()
        grey = np.asarray(scan.image.convert("L"))
        ink = grey < min(_threshold(grey), 200)
        cleaned = grey.copy()
        cleaned[rule_pixels(ink, scan.dpi) | underline_pixels(ink, scan.dpi)] = 255
        scan.cleaned = (cleaned, min(_threshold(cleaned), 200))
    return scan.cleaned


_T = TypeVar("_T")


def _cell_cuts(bad: dict[int, list[tuple[PdfBox, _T]]],
               by_number: dict[int, ScanPage]) -> Iterator[tuple[ScanPage, _T, list[Word], Any]]:
    """For each value's box, by page (with what goes with it): its scanned page, that, the words inside the box and
    the cut of their ink out of the page with its rules taken off, as it was read; a box with no word or no ink in
    it is left out."""
    for number, boxes in bad.items():
        scan = by_number.get(number)
        if scan is None or scan.image is None:
            continue
        cleaned, threshold = _cleaned(scan)
        scale = scan.dpi / 72
        for box, extra in boxes:
            inside = _cell_words(scan, box)
            if not inside:
                continue
            where = ocr.OcrWord("", min(w.x0 for w in inside) * scale, min(w.top for w in inside) * scale,
                                max(w.x1 for w in inside) * scale, max(w.bottom for w in inside) * scale, 1.0)
            cut = _cut(cleaned, where, scan.dpi, threshold)
            if (cut < 128).any():
                yield scan, extra, inside, cut


def _cell_words(scan: ScanPage, box: PdfBox) -> list[Word]:
    """The page's words inside a value's box."""
    return [w for w in scan.page.words if box.x0 - 0.5 <= w.center <= box.x1 + 0.5
            and box.top - 0.5 <= w.middle <= box.bottom + 0.5]


#: Text read where a date stands that is no date ("40/22/2025" for "10/22/2025", the 1 read with a rule's stub
#: beside it): digits and slashes of a date's shape, perhaps with a sign or two read off the ink around it, and its
#: footnote marks.
_DATE_LIKE = re.compile(r"\S{0,2}\d{1,2}/\d{1,2}/\d{2,4}\S{0,2}(?:\(\d{1,2}\))*")
_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")


def reread_date_cells(filing: Filing, layout: Layout, pages: Sequence[ScanPage], name: str) -> Layout | None:
    """The layout with each date that did not read as one (its text of a date's shape, its value none) read again
    from its cell's pixels, enlarged three times, with only digits and slashes. The words in the cell give way to
    what was read when that is a date as the form prints them (MM/DD/YYYY), as sure as the engine is less a tenth
    and never above the checks' mark. None when no date changed."""

    def unread(value: Value, kind: Kind) -> bool:
        return kind is Kind.DATE and bool(value.raw) and bool(_DATE_LIKE.fullmatch(re.sub(r"\s+", "", value.raw or "")))

    def taken(text: str) -> bool:
        return bool(_DATE.fullmatch(text)) and parse_date(text) is not None

    return _reread_cells(filing, layout, pages, name, unread, "0123456789/", taken)


#: What an amount's cell read as when it read as no amount, for all its ink was an amount's: digits, its signs,
#: and the letters the engine takes digits for ("O" for a lone 0, "l" or "I" for a 1, "S" for a 5, "B" for an 8),
#: its footnote marks after it.
_AMOUNT_MISREAD = re.compile(r"\$?[\dOoDQlI|SsBZ,.]*[\dOoDQ][\dOoDQlI|SsBZ,.]*(?:\(\d{1,2}\))*")


def reread_amount_cells(filing: Filing, layout: Layout, pages: Sequence[ScanPage], name: str) -> Layout | None:
    """The layout with each amount that did not read as one (its text an amount's characters and the letters the
    engine reads digits as, "O" for a "0"; its value none) read again from its cell's pixels, enlarged three times,
    with only an amount's characters, as `reread_date_cells` reads dates. None when no amount changed."""

    def unread(value: Value, kind: Kind) -> bool:
        return kind is Kind.DECIMAL and bool(value.raw) and \
            bool(_AMOUNT_MISREAD.fullmatch(re.sub(r"\s+", "", value.raw or "")))

    return _reread_cells(filing, layout, pages, name, unread, AMOUNT_CHARS, lambda text: bool(_AMOUNT.fullmatch(text)))


def _reread_cells(filing: Filing, layout: Layout, pages: Sequence[ScanPage], name: str,
                  unread: Callable[[Value, Kind], bool], chars: str, taken: Callable[[str], bool]) -> Layout | None:
    """The layout with the cell of each value that `unread` picks (a value, its field's kind) read again from its
    pixels, enlarged three times, with only `chars`, its raised footnote mark left out of the cut. Its words (but
    its footnote marks) give way to what was read where `taken` takes that, as sure as the engine is less a tenth
    and never above the checks' mark. None when nothing changed."""
    from PIL import Image

    bad: dict[int, list[tuple[PdfBox, None]]] = {}
    for path, value in filing.values():
        if value.value is None and isinstance(value.source, PdfBox) and unread(value, field_spec(path).kind):
            bad.setdefault(value.source.page, []).append((value.source, None))
    by_number = {p.page.number: p for p in pages}
    cells: list[tuple[int, list[Word]]] = []
    crops: dict[float, list[Any]] = {}
    for scan, _, inside, cut in _cell_cuts(bad, by_number):
        # A footnote mark raised after the value ("04/01/2022(3)", read "04/01/20229)") is left out of the cut.
        end = _raised_split(cut < 128)
        if end is not None:
            cut = cut[:, :end]
        crops.setdefault(scan.dpi, []).append(
            Image.fromarray(cut).resize((cut.shape[1] * 3, cut.shape[0] * 3), Image.Resampling.LANCZOS))
        cells.append((scan.page.number, inside))
    if not cells:
        return None
    read = {dpi: iter(zip(found, _crops_read(found, dpi * 3, name, chars=chars), strict=True))
            for dpi, found in crops.items()}
    replaced: dict[int, dict[int, ScanWord]] = {}
    for number, inside in cells:
        dpi = by_number[number].dpi
        crop, found = next(read[dpi])
        if not found:
            # read among others, a lone digit enlarged is at times found no line in: read alone, as a block, then
            # as a line
            found = ocr.read_words(crop, dpi * 3, name, block=True, chars=chars) or \
                ocr.read_words(crop, dpi * 3, name, line=True, chars=chars)
        text = "".join(w.text for w in found)
        if not taken(text):
            continue
        # Its footnote marks stay words of their own.
        inside = [w for w in inside if not _MARKS.fullmatch(w.text)] or inside
        first = min(inside, key=lambda w: w.x0)
        word = ScanWord(text, first.x0, max(w.x1 for w in inside), min(w.top for w in inside),
                        max(w.bottom for w in inside), first.size, number,
                        min(_REREAD_SURE, min(w.confidence for w in found) * 0.9))
        page_words = replaced.setdefault(number, {})
        for w in inside:
            page_words[id(w)] = word
    return _with_words_replaced(layout, replaced)


def with_ocr_confidence(filing: Filing, layout: Layout) -> Filing:
    """Each value read from the page with its confidence lowered to the OCR engine's for the least sure word
    inside its box (never raised: the layout's doubt stays)."""
    by_page: dict[int, list[Word]] = {p.number: p.words for p in layout.pages}
    for path, value in list(filing.values()):
        if not isinstance(value.source, PdfBox) or value.empty:
            continue
        box = value.source
        inside = [w for w in by_page.get(box.page, ()) if isinstance(w, ScanWord)
                  and box.x0 - 0.5 <= w.center <= box.x1 + 0.5 and box.top - 0.5 <= w.middle <= box.bottom + 0.5]
        if not inside:
            continue
        sure = min(w.confidence for w in inside)
        if sure < value.confidence:
            filing = filing.replace_at(path, dataclasses.replace(value, confidence=round(_scaled(sure), 3)))
    return filing


def mended_state_codes(filing: Filing) -> Filing:
    """An owner's state read as no code of EDGAR's that is one with its letters that look like digits read as
    those digits ("XO" for X0, the United Kingdom: EDGAR's codes for places abroad pair a letter and a digit), as
    that code, made out rather than read."""
    from ..edgar_xml import edgar_codes

    codes = edgar_codes()
    for at, owner in enumerate(filing.reporting_owners):
        state = owner.state
        if not isinstance(state.value, str) or len(state.value) != 2:
            continue
        text = state.value.upper()
        code = state.value.translate(form.DIGIT_LIKE).upper()
        if text in codes.states or text in codes.countries or code == text \
                or code not in codes.states and code not in codes.countries:
            continue
        filing = filing.replace_at(f"reporting_owners[{at}].state", dataclasses.replace(
            state, value=code, confidence=min(state.confidence, Confidence.INFERRED)))
    return filing


def _scaled(ocr_confidence: float) -> float:
    """An OCR confidence on the filing's one scale: the engine's 0.9 and more is as sure as a printed word
    (Confidence.SURE); below, it falls to the point where the checks mark a value at 0.75 and warn at 0.5."""
    if ocr_confidence >= 0.9:
        return Confidence.SURE
    return max(Confidence.LOST, ocr_confidence - 0.05)

