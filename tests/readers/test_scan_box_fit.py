"""A word whose box the OCR engine drew over two lines is set back on the line its ink stands on
(`form4viewer.readers.scan.fitted_to_ink`).

`box-over-two-lines-300dpi.png` is cut from page 2 of the Autodesk Form 4 of Rebecca Pearce
(`corpus/rendered/0000769397-23-000114_F4_ADSK_Pearce-Rebecca_fromtxt.pdf`, 300 dpi, rules taken off as the reader
takes them), the Reporting Owners table's address lines "SAN FRANCISCO", "CA", "94105" (its XML: city SAN FRANCISCO,
state CA, zip 94105). The page's reading boxed "FRANCISCO" from its line down over the empty paper beside "CA"
(77 pixels high, its neighbours 27), and read "SAN" and "CA" as one word, which the two-line reading parts again.
The tall box put "FRANCISCO" on the line of "CA", and the address was read "SAN CA FRANCISCO 94105". The boxes
below are the engine's, moved to the picture.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from PIL import Image  # noqa: E402

from form4viewer.readers import ocr, scan  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "scan"


def _grey():
    return numpy.asarray(Image.open(DATA / "box-over-two-lines-300dpi.png").convert("L"))


def test_a_box_drawn_over_two_lines_is_taken_in_to_its_ink() -> None:
    words = [ocr.OcrWord("SAN", 22, 24, 94, 51, 0.96, (1, 2, 1, 7)),
             ocr.OcrWord("FRANCISCO", 106, 20, 323, 97, 0.84, (1, 2, 1, 8)),
             ocr.OcrWord("CA", 21, 68, 73, 95, 0.96, (1, 2, 1, 7)),
             ocr.OcrWord("94105", 20, 112, 114, 139, 0.97, (1, 2, 1, 9))]
    fitted = scan.fitted_to_ink(words, _grey())
    san, francisco = fitted[0], fitted[1]
    assert abs(francisco.top - san.top) <= 2 and abs(francisco.bottom - san.bottom) <= 2
    assert francisco.line == ()  # set on a line by where it stands, not on the engine's line for it
    assert fitted[0] is words[0] and fitted[2:] == words[2:]


def test_a_box_whose_ink_fills_it_keeps_it() -> None:
    # "CA" over "94105" boxed as one: the ink reaches from the top of the one to the foot of the other.
    words = [ocr.OcrWord("SAN", 22, 24, 94, 51, 0.96), ocr.OcrWord("CA", 21, 68, 73, 95, 0.96),
             ocr.OcrWord("CA 94105", 20, 68, 114, 139, 0.5), ocr.OcrWord("94105", 20, 112, 114, 139, 0.97)]
    assert scan.fitted_to_ink(words, _grey()) == words


def test_the_words_of_a_line_set_large_keep_their_boxes() -> None:
    # The title "FORM 4" of the Natera Form 4 of 2022 (`corpus/rendered/0001062993-22-008150_F4_NTRA_BOTHA-ROELOF.pdf`,
    # page 1, 300 dpi) as the engine boxed it, one line with the rules of its frame: each word as tall as the other,
    # four times the page's usual word, and their ink (here a bar) not filling them: their boxes are kept.
    title = (1, 1, 1, 1)
    words = [ocr.OcrWord("FORM", 179, 138, 505, 226, 0.97, title), ocr.OcrWord("4", 406, 134, 440, 231, 0.85, title),
             *(ocr.OcrWord("Check", 20 + 10 * k, 24, 60 + 10 * k, 47, 0.97, (1, 2, 1, k)) for k in range(5))]
    shades = numpy.random.default_rng(7)  # paper and ink of a scan's shades, not two flat levels
    page = shades.integers(215, 256, (300, 600)).astype(numpy.uint8)
    page[160:200, 150:520] = shades.integers(0, 40, (40, 370))
    assert scan.fitted_to_ink(words, page) == words
    # Alone on its line, the same box is taken in to the ink.
    alone = [dataclasses.replace(words[0], line=(1, 3, 1, 1)), *words[2:]]
    assert (scan.fitted_to_ink(alone, page)[0].top, scan.fitted_to_ink(alone, page)[0].bottom) == (160, 200)


def test_a_box_drawn_on_over_the_words_after_it_ends_at_the_space_before_them() -> None:
    """`box-over-next-words-300dpi.png`: page 2 of the Facebook Form 4 of Peter Thiel of August 2019
    (`corpus/rendered/0001127602-19-027422_F4_FB_THIEL-PETER.pdf`, 300 dpi, rules taken off), Table I row 12's title
    "Class A Common Stock" (its XML: the same). The engine boxed "Class" on to the end of "Common", over the "A",
    which was then set on a line of its own and the title read "Class Common Stock A". Its box of the "A" starts
    inside the A's ink; "Class" ends at the space before the A's."""
    grey = numpy.asarray(Image.open(DATA / "box-over-next-words-300dpi.png").convert("L"))
    words = [ocr.OcrWord("Class", 15, 25, 268, 51, 0.96), ocr.OcrWord("A", 118, 21, 135, 60, 0.97),
             ocr.OcrWord("Common", 150, 25, 258, 51, 0.96), ocr.OcrWord("Stock", 280, 25, 361, 51, 0.96)]
    fitted = scan.unnested(words, grey)
    assert 88 <= fitted[0].x1 <= 96  # the last s of "Class" ends at 93, the A's ink starts at 101
    assert fitted[1:] == words[1:]
    assert [w.text for w in fitted] == ["Class", "A", "Common", "Stock"]
    # Words side by side, and a word over another on a line of its own, keep their boxes.
    apart = [ocr.OcrWord("Class", 15, 25, 93, 51, 0.96), ocr.OcrWord("A", 101, 21, 127, 60, 0.97)]
    assert scan.unnested(apart, grey) == apart
    stacked = [ocr.OcrWord("Class", 15, 25, 268, 51, 0.96), ocr.OcrWord("A", 118, 52, 135, 74, 0.97)]
    assert scan.unnested(stacked, grey) == stacked
    # An unsure piece inside a word's box may be a piece of that word read again: the word keeps its box.
    piece = [ocr.OcrWord("Class", 15, 25, 268, 51, 0.96), ocr.OcrWord("|", 118, 21, 124, 60, 0.42)]
    assert scan.unnested(piece, grey) == piece


def test_a_box_drawn_into_the_start_of_the_next_word_ends_at_the_space_before_it() -> None:
    """`box-into-next-word-300dpi.png`: page 2 of the Nuburu Form 4 of David Seldin of January 2023
    (`corpus/xml/0001209191-23-006161_F4_BURU_Seldin-David_fromtxt.xml` printed through EDGAR's stylesheet, 300 dpi,
    rules taken off), a Table II row's title "Series A Preferred Stock" (its XML: the same) on three lines. The
    engine boxed "Series" on over the left half of the "A" (its box ends at 134, the A's starts at 118), so the line
    left the "A" out and set it on a line of its own, before "Series": "A Series Preferred Stock"."""
    grey = numpy.asarray(Image.open(DATA / "box-into-next-word-300dpi.png").convert("L"))
    words = [ocr.OcrWord("Series", 24, 22, 134, 45, 0.97), ocr.OcrWord("A", 118, 18, 138, 55, 0.97),
             ocr.OcrWord("Preferred", 23, 59, 145, 83, 0.70), ocr.OcrWord("Stock", 24, 96, 98, 120, 0.97)]
    fitted = scan.unnested(words, grey)
    assert 100 <= fitted[0].x1 <= 109  # the last s of "Series" ends at 101, the A's ink starts at 110
    assert fitted[1:] == words[1:]
    # A word a little wider than its ink, over the first pixels of the next, is not cut inside its own letters.
    near = [ocr.OcrWord("Series", 24, 22, 134, 45, 0.97), ocr.OcrWord("A", 30, 18, 138, 55, 0.97)]
    assert scan.unnested(near, grey) == near
