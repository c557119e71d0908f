"""A number's commas and points decided by their ink (`form4viewer.readers.scan.separators_from_pixels`).

An OCR engine reading a whole page reads a comma for a point and a point for a comma at any size: the Form 3 of
Roelof Botha for 23andMe (`corpus/rendered/0001062993-21-005990_F3_ME_BOTHA-ROELOF.pdf`) scanned at 300 dpi has
Table II's 504,692 shares read "504.692", a thousand times fewer. A comma's tail reaches below the digits' foot; a
point sits on it. The two images are cut from pages scanned at 300 dpi (rules taken off as the reader takes them):
that Form 3's page 2, Table II row 4, column 3 (504,692, as its XML has it), and the Microsoft Form 4 of 2024
(`resources/samples/`) page 1, Table II row 1, column 7 (26.051 shares of the underlying stock, as its XML has it).
The boxes are the numbers' boxes on those images.
"""

from __future__ import annotations

from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from PIL import Image  # noqa: E402

from form4viewer.readers import ocr, scan  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "scan"
COMMA = ("separator-comma-300dpi.png", (24, 24, 181, 65))
POINT = ("separator-point-300dpi.png", (24, 24, 121, 49))


def _mended(image: tuple[str, tuple[int, int, int, int]], read: str) -> str:
    name, (x0, top, x1, bottom) = image
    grey = numpy.asarray(Image.open(DATA / name).convert("L"))
    word = ocr.OcrWord(read, x0, top, x1, bottom, 0.92)
    return scan.separators_from_pixels([word], grey, 300)[0].text


@pytest.mark.parametrize(("image", "read", "drawn"), [
    (COMMA, "504.692", "504,692"),  # the page's misreading
    (COMMA, "504,692", "504,692"),
    (POINT, "26,051", "26.051"),
    (POINT, "26.051", "26.051"),
])
def test_a_number_s_mark_between_digits_is_a_comma_when_its_tail_reaches_below_the_digits(
        image: tuple[str, tuple[int, int, int, int]], read: str, drawn: str) -> None:
    assert _mended(image, read) == drawn


def test_a_number_whose_marks_cannot_be_told_apart_is_left_as_read() -> None:
    # Two marks read where the ink has one low mark between digits: nothing to match them to.
    assert _mended(COMMA, "5.04.692") == "5.04.692"
    # Words that are no numbers are not looked at.
    assert _mended(COMMA, "(1)") == "(1)"


@pytest.mark.parametrize(("image", "read", "drawn"), [(COMMA, "504692", "504,692"), (POINT, "26051", "26.051")])
def test_a_number_read_as_bare_digits_gets_the_mark_its_ink_has_between_them_unsure(
        image: tuple[str, tuple[int, int, int, int]], read: str, drawn: str) -> None:
    name, (x0, top, x1, bottom) = image
    grey = numpy.asarray(Image.open(DATA / name).convert("L"))
    (word,) = scan.separators_from_pixels([ocr.OcrWord(read, x0, top, x1, bottom, 0.92)], grey, 300)
    assert word.text == drawn
    assert word.confidence < scan.REREAD_BELOW  # a mark put in changes the amount: a person looks
    # Digits that do not match the ink's (one digit fewer than it has) stay as read.
    assert scan.separators_from_pixels([ocr.OcrWord(read[1:], x0, top, x1, bottom, 0.92)], grey, 300)[0].text == \
        read[1:]


def test_an_amount_read_together_with_the_letter_of_the_next_cell_is_two_words_again() -> None:
    """The Sitio Royalties Form 4 of Brett Riesenfeld (`corpus/xml/0000899243-23-000334_...`) printed by EDGAR's
    stylesheet and scanned at 300 dpi, page 1, Table I row 1's column 4: "22,601" and, in the next cell, "D" (its XML:
    22601 shares disposed of), which Tesseract read as one word "22,601D"
    (`tests/data/scan/amount-and-letter-one-word-300dpi.png`); the row then had neither."""
    grey = numpy.asarray(Image.open(Path(__file__).parents[1] / "data" / "scan" /
                                    "amount-and-letter-one-word-300dpi.png").convert("L"))
    word = ocr.OcrWord("22,601D", 28, 19, 165, 48, 0.74)
    amount, letter = scan.split_at_spaces([word], grey)
    assert (amount.text, letter.text) == ("22,601", "D")
    assert amount.x0 == 28 and amount.x1 < letter.x0 and letter.x1 == 165
    assert 120 < amount.x1 < 130 and 140 < letter.x0 < 145  # the space between them, on the page
    assert amount.confidence == letter.confidence == 0.74
    # Digits and a letter with no space between them stay one word.
    assert scan.split_at_spaces([ocr.OcrWord("22,601D", 28, 19, 130, 48, 0.74)], grey)[0].text == "22,601D"


def test_a_brace_read_unsure_before_an_amount_is_dropped() -> None:
    # An Adobe Form 4's holding "10,767.201" read "{10,767,201" (0.31): no amount opens with a brace.
    name, (x0, top, x1, bottom) = COMMA
    grey = numpy.asarray(Image.open(DATA / name).convert("L"))
    (word,) = scan.separators_from_pixels([ocr.OcrWord("{504.692", x0, top, x1, bottom, 0.31)], grey, 300)
    assert word.text == "504,692"
    sure = ocr.OcrWord("{504,692", x0, top, x1, bottom, 0.95)
    assert scan.separators_from_pixels([sure], grey, 300) == [sure]
