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
- `digits-drawn-without-loops-300dpi.png`: Table I of Edgar R. Smith III's First Guaranty Bancshares Form 4 of June
  2023 (accession 0001437749-23-009844), from 1290 px left and 530 px down page 2, columns 4 to 5: the rows bought at
  $25.21 (250 shares), $28.75 (25) and $25.85 (15) and the holdings after each ("439,033" and on, footnote F7).
  Beside it (`.json`) the words as the page's reading gave them to `mended_digit_loops`: text, box, confidence.
- `cell-line-split-by-engine-300dpi.png`: two holdings of Table I of George W. Hodges's Fulton Financial Form 4 of
  April 2023 (accession 0001562180-23-000791), from 100 px left and 2100 px down page 1, as scanned (rules on); the
  XML's title of each: "$2.50 par value common stock". Beside it (`.json`) the words of the engine's first reading of
  the page, with their lines (block, paragraph, line).
- `amount-zero-read-as-letter-300dpi.png`: Table I of Britton L. James's STR Sub Form 4 of December 2022 (accession
  0000899243-23-000357), from 1500 px left and 1940 px down page 1: the price's marks, the holdings after each
  transaction ("0", in the XML 0 for both rows) and the ownership "D".
- `letter-boxed-in-part-300dpi.png`: a row of Table I of Peter Thiel's Facebook Form 4 of July 2018 (accession
  0001127602-18-024167), from 100 px left and 340 px down page 2: "Class A Common Stock", 07/27/2018.
- `line-across-cells-300dpi.png`: the row of Table II of Roelof Botha's Natera Form 4 of October 2020 (accession
  0001179110-20-010437), from 100 px left and 2690 px down page 1, as scanned: "Stock Option (right to buy)",
  $73.58, 10/09/2020. Beside it (`.json`) the words of the engine's first reading of the page, with their lines.
- `eight-read-as-two-300dpi.png`: Table I's holdings and Table II's first rows of Sandra Leung's Bristol-Myers Squibb
  Form 4 of March 2023 (accession 0000014272-23-000066), from 1583 px left and 104 px down page 2, rules taken off:
  the holding of "83,606" shares (the XML's), which the page's reading gave as "23,606". Beside it (`.json`) the
  words as the page's reading gave them to `mended_digit_loops`.
- `numerals-letter-lost-300dpi.png` and `numerals-letter-misread-300dpi.png`: Table I's Nature of Indirect
  Beneficial Ownership of Hilton H. Schlosberg's Monster Beverage Form 4 of June 2023 (accession
  0000865752-23-000053), from 2208 px left and 2729 px down page 1 and 479 px down page 2, rules taken off: "By
  Hilrod Holdings VI, L.P." to "VIII, L.P." and "XI, L.P." to "XIII, L.P." (the XML's), each with its mark.
- `numeral-before-semicolon-300dpi.png`: footnote (8) of Mudrick Capital's Hycroft Mining Form 4 of February 2023
  (`corpus/rendered/0001104659-23-011325_...`), from 465 px left and 1226 px down page 3, rules taken off: "Fund II;"
  (the XML's), whose semicolon is narrow and nearly as tall as the capitals.
- `date-marks-underlined-300dpi.png`: Table II's transaction dates of Christopher Caridi's John Wiley & Sons Form 4
  of May 2023 (accession 0000107140-23-000056), from 450 px left and 145 px down page 2, rules taken off: three rows
  of "05/01/2023" (the XML's), each with its footnote mark "(3)" raised after it and underlined below the digits'
  foot. Beside it (`.json`) the words of the engine's first reading of the page inside the picture.
- `price-first-digits-unread-300dpi.png`: Table I's prices of the John Rosatti Family Trust's BurgerFi Form 4 of
  January 2023 (accession 0001140361-23-000828), from 1500 px left and 1975 px down page 1, rules taken off: "$" over
  "1.3684" and "$" over "1.3897" (the XML's). Beside it (`.json`) the first reading's words.
- `code-arms-past-foot-300dpi.png`: Table I's transaction code of Melissa S. Stevens's Fifth Third Bancorp Form 4
  of February 2023 (accession 0000035527-23-000102), from 1133 px left and 1983 px down page 1, rules taken off:
  "F" with its raised mark "(1)" (the XML's code F, footnote F1). Beside it (`.json`) the first reading's words.
- `price-point-lost-300dpi.png`: Table II's conversion price of Alan L. Boeckmann's Sempra Form 4 of April 2023
  (accession 0001062993-23-008651), from 1812 px left and 2750 px down page 1, rules taken off: "$" over "149.58"
  (the XML's). Beside it (`.json`) the first reading's words ("14958", its point lost).
- `ownership-i-with-mark-300dpi.png`: Table II's Ownership Form of the tenth holding of BVF Partners' XOMA Form 4 of
  April 2023 (accession 0000921895-23-001298), from 2125 px left and 1991 px down page 2, rules taken off: "I" with
  its raised mark "(6)" (the XML's), which the page's reading gave as "1)".
- `ticker-brackets-apart-200dpi.png`: box 2 of Merline Saintil's Rocket Lab Form 4 of November 2024 as EDGAR Online
  printed it (`corpus/edgar-online/0000950170-24-131622_...`), drawn at 200 dpi tilted 2 degrees with noise (seed 16),
  straightened, rules taken off and enlarged to 300 dpi as the reader does, from 1100 px left and 990 px down page 1:
  "USA, Inc. [ RKLB ]" as printed. Beside it (`.json`) the first reading's words.
- `amount-mark-misread-apart-200dpi.png` and `amount-mark-underlined-apart-200dpi.png`: Table I's column 4 of
  EDGAR Online's Rocket Lab Forms 4 of Edward H. Frank and Jon A. Olson of 2023
  (`corpus/edgar-online/0000950170-23-048214_...` and `0000899243-23-015813_...`), drawn, straightened and enlarged as
  `ticker-brackets-apart-200dpi.png`, from 1300 px left and 1770 px and 1570 px down page 1: "16,656" and "39446",
  each with its mark "(1)" raised and underlined (the truth beside the printouts: 16,656 and 39,446 shares, F1).
  Beside each (`.json`) the first reading's words.
- `capital-boxed-short-200dpi.png`: footnote (1) of EDGAR Online's Rocket Lab Form 4 of Khosla Ventures of May
  2024 (`corpus/edgar-online/0000950170-24-058623_...`), drawn, straightened and enlarged as
  `ticker-brackets-apart-200dpi.png`, from 150 px left and 2625 px down page 1: 'by Khosla Ventures Seed Associates
  B, LLC ("KVA Seed B").' (the truth beside the printout). Beside it (`.json`) the first reading's words.
- `code-mark-read-round-200dpi.png`: Table I's column 3 of the eighth row of Elon Musk's Tesla Form 4 of November
  2021 (accession 0000899243-21-045949), printed by EDGAR's stylesheet, drawn, straightened and enlarged as
  `ticker-brackets-apart-200dpi.png`, from 1150 px left and 2500 px down page 1: "S" with its raised mark "(1)" (the
  XML's code S, footnote F1). Beside it (`.json`) the first reading's words.
- `mark-apart-read-as-digit-200dpi.png`: Table I's column 4 of EDGAR Online's Rocket Lab Form 3 of Matthew Ocko
  of August 2021 (`corpus/edgar-online/0000899243-21-035267_...`), drawn, straightened and enlarged
  as `ticker-brackets-apart-200dpi.png`, from 1820 px left and 1575 px down page 1: "footnote" and its raised mark
  "(2)" a space after it (the truth beside the printout: "See footnote", F2). Beside it (`.json`) the first
  reading's words.
- `date-mark-read-as-drawn-300dpi.png`: Table II's Date Exercisable of Candace K. Beinecke's Paramount Global Form 4
  of February 2023 (accession 0001225208-23-002260), from 1208 px left and 2895 px down page 1, rules taken off:
  "02/15/2023" with its raised mark "(1)" (the XML's), read "02/15/2023)" (0.77).
- `word-wider-than-its-letters-200dpi.png`: Table I's columns 3 to 5 of Karen Brodkin's Hudson Pacific Properties
  Form 4 of May 2023 (accession 0001482512-23-000110), printed by EDGAR's stylesheet, drawn, straightened and enlarged
  as `ticker-brackets-apart-200dpi.png`, from 1180 px left and 1985 px down page 1: code "A", 27,088 shares (F1),
  "A", price "$ 0" and 37,847 shares after (the XML's). Beside it (`.json`) the page's words there when the unsure
  ones are read again, with the engine's lines: "A", "27,088" (read once more before, its mark left out), and "AR"
  (0.3) over the price's "0" and the holding.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from PIL import Image  # noqa: E402

from form4viewer.model import Filing, Row, Value  # noqa: E402
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


def _read_words(name: str) -> list[ocr.OcrWord]:
    words = json.loads((PICTURES / name).with_suffix(".json").read_text())
    return [ocr.OcrWord(w[0], w[1], w[2], w[3], w[4], w[5], tuple(w[6]) if len(w) > 6 else ()) for w in words]


def test_a_digit_drawn_without_the_loops_of_the_digit_read_is_put_right() -> None:
    name = "digits-drawn-without-loops-300dpi.png"
    words = _read_words(name)
    out = scan.mended_digit_loops(words, _grey(name), 300)
    changed = sorted((a.text, b.text) for a, b in zip(words, out, strict=True) if a.text != b.text)
    # the "5"s the engine read "9": no loop in them
    assert changed == [("29.21", "25.21"), ("29.85", "25.85"), ("290", "250")]
    # where each was, as sure as the engine was
    assert [(w.x0, w.top, w.confidence) for w in out] == [(w.x0, w.top, w.confidence) for w in words]


def test_an_eight_read_as_a_two_is_put_right_by_its_two_loops() -> None:
    name = "eight-read-as-two-300dpi.png"
    words = _read_words(name)
    assert [w.text for w in words if w.text.endswith(",606")] == ["23,606"]
    out = scan.mended_digit_loops(words, _grey(name), 300)
    assert [w.text for w in out if w.text.endswith(",606")] == ["83,606"]
    assert [w.text for w in out if w.text != "83,606"] == [w.text for w in words if w.text != "23,606"]


def test_digits_loops_are_not_trusted_where_the_page_fills_them_in() -> None:
    # The same cut blurred until the loops of the sure "0"s, "8"s and "9"s close: the page's loops are no guide.
    from PIL import ImageFilter

    name = "digits-drawn-without-loops-300dpi.png"
    blurred = numpy.asarray(Image.open(PICTURES / name).convert("L").filter(ImageFilter.GaussianBlur(3)))
    words = _read_words(name)
    assert scan.mended_digit_loops(words, blurred, 300) == words


def test_a_glyph_s_loops_are_counted() -> None:
    grey = _grey("digits-drawn-without-loops-300dpi.png")
    word = next(w for w in _read_words("digits-drawn-without-loops-300dpi.png") if w.text == "439,058")
    ink = grey[int(word.top):int(word.bottom) + 1, int(word.x0):int(word.x1) + 1] < scan._threshold(grey)
    glyphs = scan._glyphs(ink)
    assert [len(scan.loop_sizes(ink[g[2]:g[3] + 1, g[0]:g[1]])) for g in glyphs] == [1, 0, 1, 0, 1, 0, 2]
    ring = numpy.ones((20, 14), dtype=bool)
    ring[4:16, 4:10] = False
    assert len(scan.loop_sizes(ring)) == 1
    ring[9:11, 4:10] = True  # a bar across: two loops, an 8's
    assert len(scan.loop_sizes(ring)) == 2
    ring[5, 5] = True  # a speck of ink in a loop leaves it one
    assert len(scan.loop_sizes(ring)) == 2
    assert scan.loop_sizes(numpy.ones((20, 14), dtype=bool)) == []
    # an 8's two loops fill a tenth of its box or more each; a dollar sign's, crossed by its bar, a twentieth or less
    assert min(scan.loop_sizes(ink[glyphs[-1][2]:glyphs[-1][3] + 1, glyphs[-1][0]:glyphs[-1][1]])) > 0.1
    dollar = next(w for w in _read_words("digits-drawn-without-loops-300dpi.png") if w.text == "$")
    sign = grey[int(dollar.top):int(dollar.bottom) + 1, int(dollar.x0):int(dollar.x1) + 1] < scan._threshold(grey)
    sizes = scan.loop_sizes(sign)
    assert len(sizes) == 2 and max(sizes) < 0.06


def test_a_dollar_sign_read_as_a_digit_is_the_sign() -> None:
    # The first "$" of the cut, given as the engine reads one at times: "5" (a price "$0" read "50").
    name = "digits-drawn-without-loops-300dpi.png"
    words = _read_words(name)
    at = next(k for k, w in enumerate(words) if w.text == "$")
    words[at] = ocr.OcrWord("5", words[at].x0, words[at].top, words[at].x1, words[at].bottom, 0.83)
    out = scan.mended_digit_loops(words, _grey(name), 300)
    assert out[at].text == "$"


def test_a_cell_s_line_the_engine_took_for_two_is_read_again_as_a_block() -> None:
    name = "cell-line-split-by-engine-300dpi.png"
    words = _read_words(name)
    # as read: "2. r value common" over "$2.50 pa", the "$2.50" read twice
    assert [w.text for w in words[:7]] == ["2.", "r", "value", "common", "$2.50", "pa", "stock"]
    out = _reread_cells(name, words)
    for top, bottom in ((20, 125), (125, 230)):  # each cell, between its rules
        cell = [w for w in out if top <= (w.top + w.bottom) / 2 <= bottom]
        assert scan._in_order(cell) == "$2.50 par value common stock"
        first, second = cell[0].line, next(w for w in cell if w.text == "stock").line
        assert first != second and all(w.line == first for w in cell if w.text != "stock")
        assert all(30 <= w.x0 < w.x1 <= 440 for w in cell)  # where they stand on the page
        assert min(w.confidence for w in cell) >= 0.9


def test_a_raised_footnote_mark_beside_its_word_asks_no_second_reading() -> None:
    # The "(1)" raised beside an amount is a line of the engine's own, level with the amount's top half: no cell is
    # read again for it, and nothing is asked of the engine.
    name = "cell-line-split-by-engine-300dpi.png"
    words = [ocr.OcrWord("428,806", 60, 40, 180, 68, 0.97, (1, 2, 1, 1)),
             ocr.OcrWord("(1)", 186, 30, 216, 56, 0.96, (1, 2, 1, 2))]
    assert scan.reread_split_lines(words, _grey(name), 300, name, [], []) == words


def test_an_amount_read_as_a_letter_is_read_again_from_its_cell() -> None:
    # The engine read each "0" the letter "O" (0.80 and 0.87 sure): no amount. In points.
    image = Image.open(PICTURES / "amount-zero-read-as-letter-300dpi.png").convert("L")
    words = [scan.ScanWord("O", 40.56, 44.16, 18.0, 24.0, 7.0, 1, 0.8),
             scan.ScanWord("O", 40.56, 44.16, 54.48, 60.48, 7.0, 1, 0.87),
             scan.ScanWord("D", 152.4, 157.92, 18.24, 24.0, 7.0, 1, 0.91)]
    page = Page(1, image.size[0] * 72 / 300, image.size[1] * 72 / 300, words, make_lines(words, 1))
    rows = tuple(Row("non_derivative_transactions", shares_owned_following=Value(
        None, raw="O", source=PdfBox(1, w.x0, w.top, w.x1, w.bottom), confidence=0.5)) for w in words[:2])
    filing = Filing(non_derivative_transactions=rows)
    layout = scan.reread_amount_cells(filing, Layout([page]), [scan.ScanPage(page, 300, 0.0, 0, image)], "str.png")
    assert layout is not None
    out = sorted(layout.pages[0].words, key=lambda w: (w.top, w.x0))
    assert [w.text for w in out] == ["0", "D", "0"]
    zero = out[0]
    assert (zero.x0, zero.top) == (40.56, 18.0) and zero.confidence < scan.REREAD_BELOW  # made out on a second look
    # a date's or a text's value that read as none is not an amount's to read again
    dated = Filing(non_derivative_transactions=(Row("non_derivative_transactions", transaction_date=Value(
        None, raw="O", source=PdfBox(1, 40.56, 18.0, 44.16, 24.0), confidence=0.5)),))
    assert scan.reread_amount_cells(dated, Layout([page]), [scan.ScanPage(page, 300, 0.0, 0, image)], "str.png") \
        is None


def test_a_short_word_boxed_over_part_of_its_glyph_is_read_again_whole() -> None:
    # The engine boxed the "A" over its right stroke only (256 to 265 on the page), unsure: cut out by that box it
    # reads "\\". Its box is widened to the glyph's ink before it is cut out.
    name = "letter-boxed-in-part-300dpi.png"
    words = [ocr.OcrWord("Class", 48, 32, 129, 60, 0.96), ocr.OcrWord("A", 156, 33, 165, 59, 0.31),
             ocr.OcrWord("Common", 175, 33, 316, 60, 0.31), ocr.OcrWord("Stock", 329, 32, 416, 60, 0.93)]
    out = scan.reread_unsure(words, _grey(name), 300, name)
    assert [w.text for w in out] == ["Class", "A", "Common", "Stock"]
    letter = out[1]
    assert 136 <= letter.x0 <= 145 and letter.x1 >= 164 and letter.confidence >= scan.REREAD_BELOW
    assert out[0] == words[0] and out[2:] == words[2:]  # the others as they were
    # a box that cuts no glyph is widened to its ink's edge only (a pixel here); one whose ink runs on past a
    # word's height (a rule) is left as drawn
    grey = _grey(name)
    grown = scan._grown_to_ink(words[0], grey, scan._threshold(grey))
    assert 46 <= grown.x0 <= 48 and 129 <= grown.x1 <= 131
    rule = numpy.full((100, 400), 255, dtype=numpy.uint8)
    rule[40:42, :] = 0
    on_rule = ocr.OcrWord("-", 100, 30, 110, 50, 0.2)
    assert scan._grown_to_ink(on_rule, rule, 128) == on_rule


def _reread_cells(name: str, words: list[ocr.OcrWord]) -> list[ocr.OcrWord]:
    """`reread_split_lines` given a picture as scanned: its rules found and taken off as the reader does."""
    grey = _grey(name)
    ink = grey < min(scan._threshold(grey), 200)
    cleaned = grey.copy()
    cleaned[scan.rule_pixels(ink, 300) | scan.underline_pixels(ink, 300)] = 255
    k = 300 / 72
    horizontal, vertical = scan.rules_from_pixels(ink, 300)
    return scan.reread_split_lines(words, cleaned, 300, name,
                                   [type(s)(s.at * k, s.a * k, s.b * k) for s in horizontal],
                                   [type(s)(s.at * k, s.a * k, s.b * k) for s in vertical])


def test_a_line_the_engine_drew_across_a_rule_and_a_line_down_has_its_cells_read_again() -> None:
    name = "line-across-cells-300dpi.png"
    words = _read_words(name)
    # as read: "(tight to" on a line with the "$" of the next cell, centred a line higher
    assert [w.text for w in words if w.line == (1, 19, 7, 9)] == ["(tight", "to", "$"]
    out = _reread_cells(name, words)
    title = [w for w in out if w.x1 < 160]
    assert scan._in_order(title) == "Stock Option (right to buy)"
    price = [w for w in out if 160 < w.x0 < 330]
    assert "".join(w.text for w in sorted(price, key=lambda w: w.x0)) == "$73.58"
    assert [w.text for w in out if w.x0 > 330] == ["10/09/2020"]  # its own line, level: as it was


def test_roman_numerals_read_with_a_letter_lost_or_misread_are_read_from_their_glyphs() -> None:
    # The page's first reading of each numeral, with its box in the picture's pixels and the engine's confidence.
    lost = [ocr.OcrWord("VI,", 31, 25, 76, 54, 0.88), ocr.OcrWord("VI,", 31, 163, 88, 192, 0.75),
            ocr.OcrWord("VII,", 31, 338, 100, 367, 0.36)]
    assert [w.text for w in scan.mended_numerals(lost, _grey("numerals-letter-lost-300dpi.png"))] == \
        ["VI,", "VII,", "VIII,"]
    misread = [ocr.OcrWord("XL", 34, 25, 76, 80, 0.62), ocr.OcrWord("XII,", 34, 179, 90, 208, 0.25),
               ocr.OcrWord("XII,", 33, 354, 102, 383, 0.59)]
    assert [w.text for w in scan.mended_numerals(misread, _grey("numerals-letter-misread-300dpi.png"))] == \
        ["XI", "XII,", "XIII,"]
    # A semicolon after the numeral is no I: it does not reach the capitals' top.
    semicolon = ocr.OcrWord("II;", 40, 30, 63, 53, 0.85)
    assert [w.text for w in scan.mended_numerals([semicolon], _grey("numeral-before-semicolon-300dpi.png"))] == ["II;"]
    # Words that are no numeral, or whose glyphs do not spell one, stay as read: "IT" over the glyphs of "VI" has
    # a wide glyph where its reading has no V or X.
    other = [ocr.OcrWord("Holdings", 0, 25, 30, 54, 0.9), dataclasses.replace(lost[0], text="IT")]
    assert [w.text for w in scan.mended_numerals(other, _grey("numerals-letter-lost-300dpi.png"))] == \
        ["Holdings", "IT"]


def test_a_date_whose_underlined_raised_mark_was_misread_is_read_again_with_it() -> None:
    # Read "05/01/2023)" (twice) and "95/01/2023)", the first mark's digit also read apart as "3": each date is
    # read again in two at its digits' foot, the line under its mark taken off, and the "3" read apart is gone.
    name = "date-marks-underlined-300dpi.png"
    words = _read_words(name)
    assert sorted(w.text for w in words) == ["05/01/2023)", "05/01/2023)", "3", "95/01/2023)"]
    out = scan.read_once(scan.reread_amount_marks(words, _grey(name), 300, name))
    assert [w.text for w in sorted(out, key=lambda w: w.top)] == ["05/01/2023(3)"] * 3
    assert all(w.confidence < 0.9 for w in out)  # made out on a second reading


def test_a_mark_s_underline_below_the_foot_is_taken_off_and_a_digit_s_own_foot_kept() -> None:
    # As ink: digits 30 rows high, then a raised mark over a line drawn under the digits' foot.
    ink = numpy.zeros((44, 80), dtype=bool)
    ink[8:38, 0:50] = True  # the digits
    ink[2:22, 55:70] = True  # the raised mark
    ink[39:42, 53:72] = True  # its underline, below the digits
    assert scan._raised_split(ink) == 50
    assert not scan._mark_underline_off(ink)[39:42].any()
    # A line as low as the digits' foot is theirs (a 2's foot): kept.
    two = numpy.zeros((44, 80), dtype=bool)
    two[8:38, 0:50] = True
    two[35:38, 50:72] = True
    assert (scan._mark_underline_off(two) == two).all()
    # Nor are the feet of a letter's two legs side by side, a mark raised after it ("A(11)").
    legs = numpy.zeros((44, 80), dtype=bool)
    legs[8:36, 10:14] = legs[8:36, 30:34] = True
    legs[36:38, 5:20] = legs[36:38, 25:40] = True
    legs[2:20, 45:55] = True
    assert (scan._mark_underline_off(legs) == legs).all()
    assert scan._raised_split(legs) == 40


def test_a_price_whose_first_digits_were_left_unread_is_read_again_whole() -> None:
    # "$" over "1.3684" read "°" (a box over the "$" and the "1." under it) and "3694"; "$" over "1.3897" read "5"
    # and "3897". As `read_page` does: the cell of two lines read again as a block, then the ink no word covers
    # beside an amount read again with it.
    name = "price-first-digits-unread-300dpi.png"
    grey = _grey(name)
    words = _read_words(name)
    out = scan.reread_partly_read(scan.reread_two_lines(words, grey, 300, name), grey, 300, name)
    amounts = sorted((w for w in out if any(c.isdigit() for c in w.text)), key=lambda w: w.top)
    assert [w.text for w in amounts] == ["1.3684", "1.3897"]
    assert all(w.confidence < scan.REREAD_BELOW for w in amounts)  # made out on a second reading: looked at
    assert "°" not in [w.text for w in out]


def test_a_code_letter_s_arms_past_its_foot_stay_with_it_when_its_mark_is_cut_off() -> None:
    # "F(1)": the F's foot ends at its stem; its arms reach on to the paper before the mark. Cut at the foot, the
    # letter reads as an I; with its arms, as the F it is.
    grey = _grey("code-arms-past-foot-300dpi.png")
    word = next(w for w in _read_words("code-arms-past-foot-300dpi.png") if w.text == "FY)")
    cut = scan._cut(grey, word, 300, min(scan._threshold(grey), 200))
    ink = cut < 128
    foot = scan._raised_split(ink)
    assert foot is not None
    end = scan._letter_end(ink, foot)
    assert end > foot and not ink[:, end].any() and ink[:, end:].any()  # the arms, then paper, then the mark
    letter = cut[:, :end]
    crop = Image.fromarray(letter).resize((letter.shape[1] * 3, letter.shape[0] * 3), Image.Resampling.LANCZOS)
    (found,) = scan._one_letter_each([crop], 900, "code.png", scan.CODE_CHARS)
    assert "".join(w.text for w in found) == "F"


def test_a_footnote_mark_s_digits_read_again_inside_it_are_the_mark() -> None:
    # As the engine read lone marks in empty price cells (boxes in pixels at 300 dpi): "(2)" and, inside it, "2"
    # (Sempra); "©" unsure and, inside it, "1" sure (Honeywell). Each is the one mark, never a price.
    twice = [ocr.OcrWord("2", 229, 68, 242, 88, 0.97), ocr.OcrWord("(2)", 218, 67, 252, 95, 0.97)]
    assert [w.text for w in scan.read_once(twice)] == ["(2)"]
    signs = [ocr.OcrWord("1", 91, 57, 101, 77, 0.97), ocr.OcrWord("©", 78, 56, 112, 84, 0.26)]
    (mark,) = scan.read_once(signs)
    assert (mark.text, mark.x0, mark.x1) == ("(1)", 78, 112)
    assert mark.confidence < scan.REREAD_BELOW
    # A digit inside a word of letters stays a word of its own ("1" and "FY)" for "F(1)", read again later).
    code = [ocr.OcrWord("1", 81, 30, 92, 51, 0.96), ocr.OcrWord("FY)", 47, 29, 103, 68, 0.65)]
    assert sorted(w.text for w in scan.read_once(code)) == ["1", "FY)"]


def test_a_number_read_without_its_point_gets_the_point_its_ink_has_unsure() -> None:
    name = "price-point-lost-300dpi.png"
    words = _read_words(name)
    assert [w.text for w in words] == ["$", "14958"]
    out = scan.separators_from_pixels(words, _grey(name), 300)
    assert [w.text for w in out] == ["$", "149.58"]
    assert out[1].confidence < scan.REREAD_BELOW  # a hundredfold if wrong: a person looks
    # Digits whose ink has no mark between them stay as read: "3684" of another price, its "1." left out.
    other = "price-first-digits-unread-300dpi.png"
    digits = [w for w in _read_words(other) if w.text in ("3694", "3897")]
    assert scan.separators_from_pixels(digits, _grey(other), 300) == digits


def test_an_i_read_as_a_digit_before_its_mark_is_no_amount() -> None:
    # "I(6)" read "1)": a lone digit before a mark may be the I of Ownership Form, left for its cell's reading;
    # "$0" before a mark (a price of nothing) is an amount, read again with its mark.
    name = "ownership-i-with-mark-300dpi.png"
    word = ocr.OcrWord("1)", 64, 27, 114, 60, 0.73)
    assert scan.reread_amount_marks([word], _grey(name), 300, name) == [word]
    assert scan._AMOUNT_MARK_LIKE.fullmatch("$0@)") and not scan._AMOUNT_MARK_LIKE.fullmatch("1)")


def test_a_date_s_mark_not_made_out_enlarged_is_read_as_drawn() -> None:
    # Its mark cut off and enlarged reads "()"; as drawn, "(1)".
    name = "date-mark-read-as-drawn-300dpi.png"
    word = ocr.OcrWord("02/15/2023)", 16, 24, 213, 60, 0.77)
    (again,) = scan.reread_amount_marks([word], _grey(name), 300, name)
    assert again.text == "02/15/2023(1)"


def test_a_ticker_s_brackets_read_as_strokes_are_brackets_where_their_ink_has_arms() -> None:
    # "[ RKLB ]" as EDGAR prints box 2, the brackets apart from the ticker, read "[|" (0.42) and "|": each would go
    # as a rule's stub, and the ticker with them into the issuer's name.
    name = "ticker-brackets-apart-200dpi.png"
    words, grey = _read_words(name), _grey(name)
    assert [w.text for w in words] == ["USA,", "Inc.", "[|", "RKLB", "|"]
    out = scan.bracketed_tickers(words, grey)
    assert [w.text for w in out] == ["USA,", "Inc.", "[", "RKLB", "]"]
    assert min(w.confidence for w in out[2:]) >= scan.REREAD_BELOW  # kept by the reading's later steps
    # The same strokes with their arms taken off (a rule's stubs beside a cell's capitals) stay strokes.
    stubs = grey.copy()
    for w in words[2::2]:
        box = stubs[int(w.top) - 2:int(w.bottom) + 3, int(w.x0) - 2:int(w.x1) + 3]
        ink = box < 200
        box[:, ink.sum(axis=0) < 0.8 * ink.any(axis=1).sum()] = 255
    assert [w.text for w in scan.bracketed_tickers(words, stubs)] == [w.text for w in words]


def test_an_amount_s_mark_misread_apart_whole_is_read_again_and_the_amount_kept_as_read() -> None:
    # "16,656" then "{22" for "16,656(1)": the mark read whole as three signs; read again alone the amount's comma
    # came out a point ("16.656"), and the amount stays as the page's reading read it.
    name = "amount-mark-misread-apart-200dpi.png"
    words = _read_words(name)
    assert [w.text for w in words] == ["16,656", "{22"]
    assert [w.text for w in scan.reread_amount_marks(words, _grey(name), 300, name)] == ["16,656(1)"]
    # "39446" then "(2." for "39446(1)", the mark underlined below the digits' foot and so boxed taller than them.
    name = "amount-mark-underlined-apart-200dpi.png"
    words = _read_words(name)
    assert [w.text for w in words] == ["39446", "(2."]
    assert [w.text for w in scan.reread_amount_marks(words, _grey(name), 300, name)] == ["39446(1)"]


def test_a_capital_boxed_short_of_its_ink_is_joined_by_the_paper_between_the_letters() -> None:
    # '("K' boxed over its brackets only, 35 pixels of box apart from "VA" where the line's words stand 12 apart:
    # on the page the K's ink runs up to the V.
    name = "capital-boxed-short-200dpi.png"
    words = [dataclasses.replace(w, line=(1, 19, 1, 3)) for w in _read_words(name)]
    k = next(i for i, w in enumerate(words) if w.text == '("K')
    words[k] = dataclasses.replace(words[k], x1=686)  # as the page's reading boxed it
    texts = [w.text for w in scan.joined_capitals(words, _grey(name))]
    assert texts[texts.index("LLC") + 1:] == ['("KVA', "Seed", 'B").']
    assert '("K' in [w.text for w in scan.joined_capitals(words)]  # by the boxes alone, two words


def test_a_code_whose_mark_read_as_one_round_sign_is_read_again_in_two() -> None:
    # "S(1)" read "sO" (0.83); cut in two, its mark read as drawn is "()", enlarged "(1)".
    name = "code-mark-read-round-200dpi.png"
    words = _read_words(name)
    assert [w.text for w in words] == ["sO"]
    (again,) = scan.reread_code_marks(words, _grey(name), 300, name)
    assert again.text == "S(1)" and again.confidence < words[0].confidence


def test_marks_raised_apart_after_a_word_and_misread_are_read_again_as_marks() -> None:
    # "See footnote (2)" read "See footnote 2": the raised mark, a space after the word, is read again as a mark,
    # and marked for a person to look at.
    name = "mark-apart-read-as-digit-200dpi.png"
    words = [dataclasses.replace(w, line=(3, 1, 1)) for w in _read_words(name)]
    assert [w.text for w in words] == ["footnote", "2"]
    out = scan.reread_lone_marks(words, _grey(name), 300, name)
    assert [w.text for w in out] == ["footnote", "(2)"]
    assert out[1].confidence < scan.REREAD_BELOW
    # The same digit on the word's own line (its foot at the word's foot) is no mark and is left.
    level = [words[0], dataclasses.replace(words[1], top=words[0].top, bottom=words[0].bottom)]
    assert scan.reread_lone_marks(level, _grey(name), 300, name) == level


def test_a_word_read_unsure_with_fewer_letters_than_its_box_is_wide_is_read_again_and_a_code_kept_apart() -> None:
    name = "word-wider-than-its-letters-200dpi.png"
    words = _read_words(name)
    assert [w.text for w in words] == ["A", "27,088", "AR"]
    again = scan.reread_unsure(words, _grey(name), 300, name)
    texts = [w.text for w in again]
    assert texts[0] == "A" and "37,847" in texts and "AR" not in texts
    holding = next(w for w in again if w.text == "37,847")
    assert 480 <= holding.x0 < holding.x1 <= 600 and holding.confidence >= scan.REREAD_BELOW
    # The code "A" stays apart from the price's "0" as the page's reading gave it ("QO", its line's later words set
    # as the page has them), though the price's "$" between them went unread: the paper before "QO" is 11 pixels
    # wide, less than half the line's usual space, but the boxes stand a whole cell apart.
    line = (1, 30, 1, 17)
    row = [ocr.OcrWord(t, x0, 33, x1, 60, 0.9, line) for t, x0, x1 in
           [("A", 22, 49), ("QO", 432, 449), ("37,847", 486, 591), ("D", 930, 956), ("By", 1000, 1030),
            ("Trust", 1040, 1100)]]
    assert [w.text for w in scan.joined_capitals(row, _grey(name))] == [w.text for w in row]


def test_a_second_reading_in_several_words_replaces_a_word_boxed_wider_than_its_letters_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The engine's second readings as it gave them on the pages (its own reading is not what is tested here):
    # "AR" (0.3, over a price's "0" and the holding) read "QO" and "37,847"; an amount "13810(1)" (0.08) of an EDGAR
    # Online Rocket Lab Form 4 of 2022 (`corpus/edgar-online/0000899243-22-037139_...`) at 200 dpi read "13810" and
    # "{2", which dropped its mark; a caption's "“signature" (0.0) read "—Signature" and "<a", which became the
    # signature's name.
    name = "word-wider-than-its-letters-200dpi.png"
    line = (1, 30, 1, 17)

    def again(word: ocr.OcrWord, parts: list[tuple[str, float]]) -> list[str]:
        def second(crops: list[object], dpi: float, name: str, **how: object) -> list[list[ocr.OcrWord]]:
            return [[ocr.OcrWord(text, 10 + 60 * k, 5, 60 + 60 * k, 30, sure) for k, (text, sure) in enumerate(parts)]
                    for _ in crops]

        monkeypatch.setattr(scan, "_crops_read", second)
        sure = ocr.OcrWord("27,088", 179, 13, 283, 46, 0.97, line)
        return [w.text for w in scan.reread_unsure([sure, word], _grey(name), 300, name)][1:]

    wide = ocr.OcrWord("AR", 432, 33, 591, 65, 0.3, line)
    assert again(wide, [("QO", 0.73), ("37,847", 0.92)]) == ["QO", "37,847"]
    assert again(wide, [("QO", 0.07), ("37,847", 0.92)]) == ["AR"]  # a part the engine made nothing of
    amount = ocr.OcrWord("13810(1)", 432, 33, 533, 62, 0.08, line)
    assert again(amount, [("13810", 0.82), ("{2", 0.32)]) == ["13810(1)"]
    caption = ocr.OcrWord("“signature", 432, 33, 566, 65, 0.0, line)
    assert again(caption, [("—Signature", 0.89), ("<a", 0.07)]) == ["“signature"]
