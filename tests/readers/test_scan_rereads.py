"""Words a scan's first reading got wrong, read again from the page's pixels (`readers.scan`).

The pictures are cut from pages of EDGAR's own stylesheet printed to PDF by Chromium and scanned at 300 dpi, their
rules taken off as the reader takes them off before reading; the truth is each filing's XML. The words given to the
rules are the ones the page's first reading gave, with their boxes in pixels of the picture.

- `cell-words-made-nothing-of-300dpi.png`: the first three rows of Table II of Brad D. Smith's Intuit Form 4 of
  January 2023 (accession 0001062993-23-001225), from 100 px left and 2700 px down page 1. The XML: "Restricted Stock
  Units", transaction date 2023-01-18, 2,563 underlying shares, exercisable 2022-04-01 with footnote F3.
- `amount-beside-next-cell-two-lines-300dpi.png`: Table I of Elon Musk's Tesla Form 4 of November 2021 (accession
  0000899243-21-044924), from 1200 px left and 1900 px down page 1, its fourth row: 70,823 shares (footnote F2),
  disposed of (D), at $1,042.757 (footnote F6).
"""

from __future__ import annotations

from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from PIL import Image  # noqa: E402

from form4viewer.model import Filing, Value  # noqa: E402
from form4viewer.readers import ocr, scan  # noqa: E402
from form4viewer.readers.pdf_layout import Layout, Page, make_lines  # noqa: E402
from form4viewer.sources import PdfBox  # noqa: E402

pytestmark = pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")
PICTURES = Path(__file__).parents[1] / "data" / "scan"


def _grey(name: str) -> numpy.ndarray:
    return numpy.asarray(Image.open(PICTURES / name).convert("L"))


def _texts(words: list[ocr.OcrWord]) -> list[tuple[str, int, int]]:
    return [(w.text, round(w.x0), round(w.top)) for w in words]


def test_words_the_engine_made_nothing_of_are_read_again_alone() -> None:
    name = "cell-words-made-nothing-of-300dpi.png"
    words = [
        ocr.OcrWord("Restricted", 41, 32, 178, 71, 0.97),
        ocr.OcrWord("Sochumes", 42, 75, 198, 99, 0.0),  # "Stock Units", under "Restricted"
        ocr.OcrWord("M", 834, 56, 862, 79, 0.93),
        ocr.OcrWord("2,563", 1005, 56, 1079, 84, 0.84),  # column 5, read well
        ocr.OcrWord("2:563", 1665, 56, 1739, 84, 0.03),  # column 7, the same number
        ocr.OcrWord("—*91/18/2023", 394, 147, 547, 171, 0.0),  # the second row's transaction date
    ]
    out = scan.reread_unsure(words, _grey(name), 300, name)
    texts = _texts(out)
    # Two words read as one stay two, each where it stands on the page.
    stock, units = (w for w in out if w.text in ("Stock", "Units"))
    assert (stock.text, units.text) == ("Stock", "Units")
    assert 42 <= stock.x0 < stock.x1 < units.x0 < units.x1 <= 198
    assert ("Sochumes", 42, 75) not in texts
    # A number is read as drawn with a number's characters: "2,563", not the "2,963" all of them give.
    assert ("2,563", 1665, 56) in texts
    assert ("01/18/2023", 394, 147) in texts
    # What was read surely is left as it was.
    assert ("2,563", 1005, 56) in texts and ("Restricted", 41, 32) in texts and ("M", 834, 56) in texts
    # made out only on a second reading, and this type's 5 and 9 alike to the engine: one a person looks at
    assert next(w for w in out if w.x0 == 1665).confidence < scan.REREAD_BELOW


def test_a_word_read_again_as_the_same_word_keeps_the_first_reading() -> None:
    # The "Restricted" above, given as made nothing of: read again it is "Restricted" still, and the first box and
    # text stay (a caption read "signature" is not made "—Signature").
    name = "cell-words-made-nothing-of-300dpi.png"
    word = ocr.OcrWord("restricted", 41, 32, 178, 71, 0.1)
    assert scan.reread_unsure([word], _grey(name), 300, name) == [word]


def test_an_amount_and_the_next_cell_s_letter_read_as_one_unsure_word_are_read_apart() -> None:
    name = "amount-beside-next-cell-two-lines-300dpi.png"
    words = [
        ocr.OcrWord("(5)", 321, 47, 351, 72, 0.87),
        ocr.OcrWord("$", 321, 94, 335, 121, 0.93),
        ocr.OcrWord("1,042.757", 323, 134, 453, 161, 0.90),
        ocr.OcrWord("(6)", 321, 169, 351, 194, 0.97),
        # "70,823" over its mark "(2)", and the D of the next cell between their lines: read "oD"
        ocr.OcrWord("oD", 143, 115, 271, 176, 0.43),
    ]
    out = scan.reread_two_lines(words, _grey(name), 300, name)
    found = {w.text: w for w in out}
    assert "oD" not in found
    amount, mark, letter = found["70,823"], found["(2)"], found["D"]
    assert amount.bottom <= mark.top + 5  # the mark under the amount
    assert amount.x1 < letter.x0 and mark.x1 < letter.x0  # the letter in a cell of its own, right of both
    assert [w.text for w in out[:4]] == ["(5)", "$", "1,042.757", "(6)"]  # the price's cell as it was


def test_a_picture_s_parts_are_found_at_paper_as_wide_as_the_gap_asked() -> None:
    ink = numpy.zeros((4, 30), dtype=bool)
    ink[:, 2:8] = True  # "70,823"
    ink[:, 10:12] = True  # a comma two columns on
    ink[:, 20:24] = True  # the letter eight columns on
    assert scan._ink_columns(ink, 5) == [(0, 16), (16, 30)]
    assert scan._ink_columns(ink, 9) == [(0, 30)]  # no gap that wide: one part, the whole width
    assert scan._ink_columns(numpy.zeros((4, 30), dtype=bool), 5) == [(0, 30)]


def test_a_date_with_its_raised_mark_read_into_it_is_read_again_without_the_mark() -> None:
    # The first row's exercise date: "04/01/2022" and its raised "(3)" read "04/01/20229)" and "(3)"; in points.
    image = Image.open(PICTURES / "cell-words-made-nothing-of-300dpi.png").convert("L")
    date = scan.ScanWord("04/01/20229)", 264.72, 301.2, 14.64, 20.4, 7.0, 1, 0.8)
    mark = scan.ScanWord("(3)", 301.92, 309.12, 12.24, 18.24, 5.0, 1, 0.94)
    page = Page(1, image.size[0] * 72 / 300, image.size[1] * 72 / 300, [date, mark], make_lines([date, mark], 1))
    box = PdfBox(1, date.x0, mark.top, mark.x1, date.bottom)
    filing = Filing(date_of_original_submission=Value(None, raw="04/01/20229) (3)", source=box, confidence=0.3))
    layout = scan.reread_date_cells(filing, Layout([page]), [scan.ScanPage(page, 300, 0.0, 0, image)], "intu.png")
    assert layout is not None
    words = sorted(layout.pages[0].words, key=lambda w: w.x0)
    assert [w.text for w in words] == ["04/01/2022", "(3)"]  # the mark stays a word of its own, for its footnote
    assert words[0].confidence < scan.REREAD_BELOW
