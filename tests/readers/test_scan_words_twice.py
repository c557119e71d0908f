"""Words the OCR engine reads twice or cuts in two (`scan.read_once`, `scan.joined_pieces`).

The words are Tesseract's for one row of Table I of the Block, Inc. Form 4 of Roelof Botha
(`corpus/rendered/0001209191-22-023143_F4_SQ_BOTHA-ROELOF.pdf`, page 1, scanned at 300 dpi): the page prints
"Class A Common Stock", "1,862", "I" and, in the last column, "Growth" a little lower. The engine took that row for two
lines of its own (27 and 28 of block 14) and read "Cl|ass" on both, "C" and "ommon" apart, "Stock" twice and a speck
in the amount as "J".
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from form4viewer.readers import ocr, read_bytes, scan  # noqa: E402
from form4viewer.readers.ocr import OcrWord  # noqa: E402


def _word(text: str, x0: float, x1: float, top: float, bottom: float, confidence: float, line: int) -> OcrWord:
    return OcrWord(text, x0, top, x1, bottom, confidence, (1, 14, 1, line))


ROW = [
    _word("Class", 146, 180, 2165, 2193, 0.96, 27),
    _word("ass", 182, 227, 2174, 2193, 0.97, 28),
    _word("A", 236, 263, 2166, 2192, 0.84, 27),
    _word("C", 273, 295, 2166, 2193, 0.84, 27),
    _word("ommon", 299, 414, 2174, 2193, 0.90, 28),
    _word("Stock", 427, 514, 2165, 2193, 0.97, 27),
    _word("Stoc", 447, 493, 2170, 2193, 0.91, 27),
    _word("1,862", 1656, 1738, 2167, 2194, 0.97, 27),
    _word("J", 1673, 1679, 2189, 2199, 0.37, 27),
    _word("I", 2094, 2104, 2168, 2194, 0.97, 27),
    _word("Growth", 2249, 2366, 2171, 2216, 0.97, 28),
]


def test_a_row_read_as_two_lines_reads_as_the_page_prints_it() -> None:
    words = scan.joined_pieces(scan.read_once(ROW))
    assert [w.text for w in words] == ["Class", "A", "Common", "Stock", "1,862", "I", "Growth"]
    common = words[2]
    assert (common.x0, common.x1, common.top, common.bottom) == (273, 414, 2166, 2193)
    assert common.confidence == 0.84  # the less sure piece's
    assert (words[0].x0, words[0].x1) == (146, 227)  # "Class" over both pieces' ink


def test_an_unsure_box_over_a_sure_word_and_the_mark_under_it_is_dropped() -> None:
    """Tesseract's words for "by Trust" with its mark "(2)" on the line under it, in the last column of Table I's
    third row of the Tesla Form 4 of Elon Musk (`corpus/rendered/0000899243-22-035390_F4_TSLA_Musk-Elon.pdf`, page 1,
    300 dpi): a box over "by" and the mark, read "o" with no confidence, which a second reading made "(2)by"."""
    words = [_word("by", 2265, 2283, 2218, 2246, 0.97, 9), _word("o", 2266, 2303, 2227, 2290, 0.0, 10),
             _word("Trust", 2313, 2393, 2219, 2246, 0.97, 9)]
    assert [w.text for w in scan.read_once(words)] == ["by", "Trust"]
    assert [w.text for w in scan.joined_pieces(words)] == ["by", "o", "Trust"]  # an unsure piece joins nothing


def test_a_word_read_again_over_the_page_s_reading_of_it_is_dropped_whatever_its_case() -> None:
    """The Atlassian Form 4 of 2023 (`corpus/rendered/0001562180-23-004077_...`, page 1, 300 dpi), Table I row 5's
    "By Trust" with its mark "(3)" under it: the page's reading has "By"; a second reading of the cell read it again
    as "by" in a box over it, and the value read "By Trust by" (its XML: "By Trust")."""
    words = [_word("By", 2265, 2288, 2549, 2575, 0.97, 9), _word("Trust", 2319, 2399, 2549, 2575, 0.96, 9),
             _word("(3)", 2266, 2301, 2591, 2620, 0.97, 10), _word("by", 2265, 2309, 2551, 2583, 0.96, 11)]
    assert [w.text for w in scan.read_once(words)] == ["By", "Trust", "(3)"]
    # The other way round, the first reading stays too.
    assert [w.text for w in scan.read_once([words[3], *words[:3]])] == ["by", "Trust", "(3)"]


def test_a_character_read_unsure_inside_a_word_read_sure_is_a_piece_of_its_ink() -> None:
    """Table I row 5 of the Block, Inc. Form 4 of Roelof Botha of October 2022 (`corpus/rendered/0001209191-22-
    052811_F4_SQ_BOTHA-ROELOF.pdf`, page 1 at 300 dpi): 11,388 shares after, no footnote (its XML). The engine read
    "11,388" sure, and the tail of its comma again as a "9" of its own line, which the amount took for its mark (9)."""
    words = [_word("11,388", 1655, 1756, 2895, 2922, 0.96, 42), _word("9", 1691, 1696, 2917, 2927, 0.57, 43)]
    assert [w.text for w in scan.read_once(words)] == ["11,388"]
    # Sure of it, or standing beside the word rather than inside it, a character is left.
    sure = [words[0], _word("9", 1691, 1696, 2917, 2927, 0.9, 43)]
    assert [w.text for w in scan.read_once(sure)] == ["11,388", "9"]
    beside = [words[0], _word("9", 1760, 1766, 2890, 2905, 0.57, 43)]
    assert [w.text for w in scan.read_once(beside)] == ["11,388", "9"]


def test_words_apart_or_read_as_one_line_are_left_alone() -> None:
    # A space's width apart on two lines of the engine's: two words.
    spaced = [_word("Class", 146, 227, 2165, 2193, 0.96, 27), _word("of", 240, 270, 2174, 2193, 0.97, 28)]
    assert [w.text for w in scan.joined_pieces(spaced)] == ["Class", "of"]
    # Close together on one line of the engine's: the engine meant two words.
    close = [_word("$", 146, 160, 2165, 2193, 0.96, 27), _word("0", 162, 175, 2165, 2193, 0.97, 27)]
    assert [w.text for w in scan.joined_pieces(close)] == ["$", "0"]
    # A sure word inside another whose text is not its own: kept.
    inside = [_word("12,449", 1656, 1760, 2165, 2193, 0.97, 27), _word("D", 1700, 1720, 2168, 2190, 0.9, 27)]
    assert [w.text for w in scan.read_once(inside)] == ["12,449", "D"]


@pytest.mark.corpus
@pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")
def test_the_block_form_4_scanned_reads_its_issuer_and_its_holdings_titles(corpus: Path) -> None:
    """Page 1 of that Form 4 scanned at 300 dpi. The truth is its XML (`corpus/xml/`, same name): issuer "Block,
    Inc." [SQ]; Table I's holdings each "Class A Common Stock", the first 1,862 shares. Box 2 ends where a stray
    "2" of box 2a's number stands under the ticker (read into the name before, and the ticker lost)."""
    from test_scan import as_pdf, page_images

    pdf = corpus / "rendered" / "0001209191-22-023143_F4_SQ_BOTHA-ROELOF.pdf"
    filing = read_bytes(as_pdf(page_images(pdf, 300)[:1], 300), pdf.name)
    assert (filing.issuer.name.value, filing.issuer.trading_symbol.value) == ("Block, Inc.", "SQ")
    holdings = filing.non_derivative_holdings
    assert len(holdings) >= 4
    assert {h.security_title.value for h in holdings} == {"Class A Common Stock"}
    assert holdings[0].shares_owned_following.value == Decimal("1862")


@pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")
def test_a_price_wrapped_on_two_lines_that_the_engine_read_as_one_unsure_word_is_read_again_as_two_lines() -> None:
    """Row 2 of Table I of the Natera Form 4 of Roelof Botha (`corpus/rendered/0001415889-24-008184_F4_NTRA_BOTHA-
    ROELOF.pdf`, page 1 at 300 dpi, its rules taken off; `tests/data/scan/price-two-lines-300dpi.png`): 735 shares,
    A, price "$" over "42.86" (its XML: 42.86), 1,511 after. Tesseract's words on the page, in the picture's pixels:
    the price read as one "‘" of no confidence two lines high, and its cents "86" apart."""
    from PIL import Image

    grey = numpy.asarray(Image.open(Path(__file__).parents[1] / "data" / "scan" / "price-two-lines-300dpi.png"))
    row = [OcrWord("735", 55, 58, 106, 83, 0.77), OcrWord("A", 168, 58, 194, 82, 0.77),
           OcrWord("‘", 263, 35, 298, 102, 0.0), OcrWord("86", 310, 78, 344, 103, 0.95),
           OcrWord("1,511", 369, 58, 444, 87, 0.97)]
    words = scan.reread_two_lines(row, grey, 300, "price-two-lines-300dpi.png")
    assert sorted(w.text for w in words) == sorted(["735", "A", "$", "42.86", "1,511"])
    price = next(w for w in words if w.text == "42.86")
    dollar = next(w for w in words if w.text == "$")
    assert dollar.bottom <= price.top + 5  # the "$" on the line above the amount
    assert 255 <= price.x0 <= 270 and price.x1 >= 340  # the amount's box over its ink


def test_an_amount_over_its_mark_read_with_the_next_cell_as_one_unsure_word_is_read_again() -> None:
    """Row 1 of Table I of the Block, Inc. Form 4 of Roelof Botha of October 2022 (`corpus/rendered/0001209191-22-
    052811_F4_SQ_BOTHA-ROELOF.pdf`, page 1 at 300 dpi, its rules taken off; `tests/data/scan/amount-and-mark-two-
    lines-300dpi.png`): Class A Common Stock, 10/03/2022, code A, amount "250" over its mark "(1)", (A) or (D) "A",
    price "$ 0", 18,227 after (its XML: 250 shares with footnote F1, A). Tesseract's words on the page, in the
    picture's pixels: the amount, its mark and the next cell's "A" read as one "A" of confidence 0.17, two lines
    high. Read again as a block, the mark reads worst ("qd)"); the amount and the letter decide, and the mark is
    made out when the unsure words are read again."""
    from PIL import Image

    grey = numpy.asarray(Image.open(Path(__file__).parents[1] / "data" / "scan" / "amount-and-mark-two-lines-300dpi.png"))
    row = [OcrWord("Class", 16, 41, 98, 69, 0.96), OcrWord("A", 122, 42, 134, 68, 0.96),
           OcrWord("Common", 143, 42, 285, 69, 0.95), OcrWord("Stock", 297, 41, 384, 69, 0.96),
           OcrWord("10/03/2022", 520, 42, 691, 69, 0.95), OcrWord("A", 1063, 43, 1091, 69, 0.96),
           OcrWord("A", 1219, 23, 1367, 95, 0.17), OcrWord("80", 1442, 41, 1489, 72, 0.55),
           OcrWord("18,227", 1526, 43, 1629, 75, 0.73)]
    name = "amount-and-mark-two-lines-300dpi.png"
    words = scan.reread_unsure(scan.reread_two_lines(row, grey, 300, name), grey, 300, name)
    cells = sorted((w for w in words if 1200 <= w.x0 <= 1400), key=lambda w: (w.x0, w.top))
    assert [w.text for w in cells] == ["250", "(1)", "A"]
    amount, mark, letter = cells
    assert amount.bottom <= mark.top + 5 and letter.x0 > amount.x1  # the mark under the amount, the letter beside
    assert amount.confidence >= 0.9 and letter.confidence >= 0.9
    assert not any(w.text == "A" and w.confidence < 0.5 for w in words)


def test_a_lone_unsure_point_or_colon_is_noise_and_a_sure_one_or_a_mark_is_kept() -> None:
    """The Monster Beverage Form 4 (`corpus/rendered/0001567619-23-004845_F4_MNST_Tirre-Emelie_fromtxt.pdf`) at
    300 dpi read Table II titles "Restricted Stock . Units" and "Employee Stock Option : (right to buy)": a point
    and a colon standing alone, unsure after every second reading."""
    assert scan._stray_mark(_word(".", 400, 404, 100, 104, 0.3, 1))
    assert scan._stray_mark(_word(":", 400, 414, 100, 136, 0.73, 1))
    assert not scan._stray_mark(_word(".", 400, 404, 100, 104, 0.9, 1))
    assert not scan._stray_mark(_word("(1)", 400, 430, 100, 120, 0.3, 1))
    assert not scan._stray_mark(_word("$", 400, 414, 100, 130, 0.3, 1))


@pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")
def test_a_price_on_three_lines_that_the_engine_read_as_one_unsure_word_is_read_again_as_three_lines() -> None:
    """Row 2 of Table I on page 2 of the Tesla Form 4 of Elon Musk of November 2021 (`corpus/xml/0000899243-21-045947_
    F4_TSLA_Musk-Elon.xml` printed through EDGAR's stylesheet, 300 dpi, its rules taken off; `tests/data/scan/price-
    three-lines-300dpi.png`): Common Stock, 11/23/2021, D, price "$" over "1,146.243" over its mark "(17)" (its XML:
    1146.243, footnote F17), 1,503,140 after. Tesseract's words on the page, in the picture's pixels (its unsure
    readings of the code and the amount's cell left out): the price read as one "114626", over four of the row's
    usual words high (a cell of two lines is under four), and the price was read 114626."""
    from PIL import Image

    grey = numpy.asarray(Image.open(Path(__file__).parents[1] / "data" / "scan" / "price-three-lines-300dpi.png"))
    row = [OcrWord("Common", 13, 48, 134, 71, 0.97), OcrWord("Stock", 145, 47, 220, 71, 0.97),
           OcrWord("11/23/2021", 585, 48, 731, 71, 0.93), OcrWord("D", 1322, 49, 1344, 71, 0.92),
           OcrWord("114626", 1394, 12, 1525, 112, 0.61), OcrWord("1,503,140", 1544, 49, 1674, 76, 0.94)]
    words = scan.reread_two_lines(row, grey, 300, "price-three-lines-300dpi.png")
    assert sorted(w.text for w in words) == sorted(["Common", "Stock", "11/23/2021", "D", "$", "1,146.243", "(17)",
                                                    "1,503,140"])
    dollar, price, mark = (next(w for w in words if w.text == t) for t in ("$", "1,146.243", "(17)"))
    assert dollar.bottom <= price.top + 5 and price.bottom <= mark.top + 5  # one under the other


@pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")
def test_two_lines_read_as_one_unsure_word_boxed_inside_their_letters_are_read_again_whole() -> None:
    """Row 2 of Table I of the Tesla Form 4 of Elon Musk of April 2022 (`corpus/xml/0000899243-22-015991_F4_TSLA_Musk-
    Elon.xml` printed through EDGAR's stylesheet, page 1 at 300 dpi, its rules taken off; `tests/data/scan/two-lines-
    box-inside-300dpi.png`): Nature of Indirect Beneficial Ownership "by Trust" over its mark "(2)" (its XML: by
    Trust, footnote F2). Tesseract's words on the page, in the picture's pixels: "by" (half of it), "Trust", and "or"
    of confidence 0.52 over the rest of "by" and the mark, its box starting under the tops of the letters. Cut at
    that box, "Trust" read "Lrust" and the reading was not taken; the mark was then read "(2)by" and the nature
    "Trust (2)by"."""
    from PIL import Image

    grey = numpy.asarray(Image.open(Path(__file__).parents[1] / "data" / "scan" / "two-lines-box-inside-300dpi.png"))
    cell = [OcrWord("by", 87, 26, 103, 50, 0.97), OcrWord("Trust", 129, 27, 197, 50, 0.97),
            OcrWord("or", 88, 34, 121, 88, 0.52)]
    words = scan.reread_two_lines(cell, grey, 300, "two-lines-box-inside-300dpi.png")
    assert sorted(w.text for w in words) == sorted(["by", "Trust", "(2)"])
    by, trust, mark = (next(w for w in words if w.text == t) for t in ("by", "Trust", "(2)"))
    assert by.x1 <= trust.x0 and max(by.bottom, trust.bottom) <= mark.top + 5  # "by Trust" over "(2)"


@pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")
def test_an_amount_read_unsure_in_pieces_and_a_title_read_as_signs_are_read_again() -> None:
    """Table II row 1 on page 2 of the Saul Centers Form 4 of B. Francis Saul II of 2023 (`corpus/xml/0000907254-23-
    000012_F4_BFS_SAUL-B-FRANCIS-II_fromtxt.xml` printed through EDGAR's stylesheet, 300 dpi, its rules taken off;
    `tests/data/scan/amount-in-pieces-300dpi.png`): the underlying security "Common" over "Stock" and its amount
    "2,500.00" (its XML: Common Stock, 2500.0). The engine took "Common" and the amount for one line and read them
    "©°M™2", "9" and "599.00", each unsure; the amount was read 9 and 599.00 apart, or 9590.00. Its pieces are read
    again as drawn, together, and the title, with its signs, as the short unsure words are."""
    from PIL import Image

    grey = numpy.asarray(Image.open(Path(__file__).parents[1] / "data" / "scan" / "amount-in-pieces-300dpi.png"))
    row = [OcrWord("©°M™2", 87, 38, 216, 62, 0.43), OcrWord("9", 263, 58, 273, 81, 0.55),
           OcrWord("599.00", 280, 58, 382, 86, 0.60), OcrWord("Stock", 114, 77, 191, 102, 0.97)]
    words = scan.reread_split_amounts(row, grey, 300, "amount-in-pieces-300dpi.png")
    assert [w.text for w in words] == ["©°M™2", "2,500.00", "Stock"]
    amount = words[1]
    assert (amount.x0, amount.x1) == (263, 382) and amount.confidence >= scan.REREAD_BELOW
    words = scan.reread_unsure(words, grey, 300, "amount-in-pieces-300dpi.png")
    assert [w.text for w in words] == ["Common", "2,500.00", "Stock"]
    # Pieces the second reading does not make one amount of, and words of letters, are left as they are.
    letters = [OcrWord("Stock", 114, 77, 191, 102, 0.5), OcrWord("599.00", 280, 58, 382, 86, 0.95)]
    assert scan.reread_split_amounts(letters, grey, 300, "amount-in-pieces-300dpi.png") == letters
    # So is a piece over two lines (a price's "$" over its amount read "5": reread_two_lines reads those).
    tall = [OcrWord("Stock", 114, 77, 191, 102, 0.97), OcrWord("9", 263, 20, 273, 100, 0.55)]
    assert scan.reread_split_amounts(tall, grey, 300, "amount-in-pieces-300dpi.png") == tall


# Printed from its XML by EDGAR's stylesheet and scanned at 300 dpi: the Block, Inc. Form 4 of Roelof Botha of
# November 2023 (`corpus/xml/0001062993-23-020702_F4_SQ_BOTHA-ROELOF.xml`), page 1, Table I rows 1 and 2; each
# prints "Class A Common Stock" and its date (11/08/2023, 11/09/2023). Tesseract's words, as it gave them.
SQ_ROW_1 = [
    _word("lass", 170, 180, 2066, 2093, 0.94, 12), _word("A", 236, 264, 2067, 2093, 0.94, 12),
    _word("k", 495, 514, 2066, 2093, 0.92, 12), _word("/08/2023", 647, 784, 2067, 2094, 0.89, 12),
    _word("Class", 146, 227, 2067, 2094, 0.97, 13), _word("A", 250, 272, 2056, 2108, 0.97, 13),
    _word("Common", 273, 415, 2067, 2094, 0.93, 13), _word("Stoc", 427, 493, 2067, 2094, 0.93, 13),
    _word("11/08/202", 613, 763, 2068, 2094, 0.92, 13),
]
SQ_ROW_2 = [
    _word("Class", 146, 179, 2354, 2382, 0.96, 19), _word("A", 236, 263, 2355, 2381, 0.91, 19),
    _word("C", 273, 295, 2355, 2382, 0.91, 19), _word("Stock", 427, 514, 2354, 2382, 0.97, 19),
    _word("11/09/2023", 613, 783, 2355, 2382, 0.96, 19), _word("ass", 182, 227, 2363, 2382, 0.96, 20),
    _word("A", 251, 269, 2344, 2396, 0.97, 20), _word("Common", 299, 414, 2363, 2382, 0.93, 20),
    _word("Stoc", 447, 493, 2359, 2382, 0.93, 20),
]


def _as_read(words: list[OcrWord]) -> list[str]:
    return [w.text for w in sorted(scan.joined_pieces(scan.read_once(words)), key=lambda w: w.x0)]


def test_a_date_read_twice_shifted_along_its_line_is_put_together() -> None:
    """Row 1: the engine read the date as "11/08/202" and, over most of the same ink, "/08/2023" (the value read
    none: two pieces, neither a date)."""
    assert _as_read(SQ_ROW_1) == ["Class", "A", "Common", "Stock", "11/08/2023"]
    date = next(w for w in scan.read_once(SQ_ROW_1) if "/" in w.text)
    assert (date.x0, date.x1, date.confidence) == (613, 784, 0.89)  # both boxes, the less sure reading's confidence


def test_a_letter_read_again_in_a_taller_box_and_a_capital_read_before_its_whole_word_are_read_once() -> None:
    """Row 2: "A" read again in a box over two lines' height, which held only part of the first "A" box (the title
    read "Class A A Common Stock"), and "C" read apart before the "Common" whose box starts after it but whose
    text has it ("CCommon")."""
    assert _as_read(SQ_ROW_2) == ["Class", "A", "Common", "Stock", "11/09/2023"]


def test_a_word_in_a_box_drawn_over_two_lines_is_dropped_when_its_text_is_part_of_the_word_under_it() -> None:
    """The Eventbrite Form 4 of Roelof Botha of 2022 (`corpus/xml/0001475115-22-000008_...`) printed by EDGAR's
    stylesheet, page 1 at 300 dpi, Table I row 3's nature of ownership "Estate Planning" over two lines: the engine
    read "Estate", then "state" in a larger box over it and half the next line, and the value read "Estate state
    Planning"."""
    words = [_word("Estate", 2266, 2358, 2153, 2180, 0.97, 26), _word("state", 2289, 2360, 2157, 2201, 0.92, 27),
             _word("Planning", 2266, 2401, 2196, 2232, 0.97, 28)]
    assert [w.text for w in scan.read_once(words)] == ["Estate", "Planning"]
    # Two words of one line, side by side, each read once, are both kept.
    apart = [_word("Estate", 2266, 2358, 2153, 2180, 0.97, 26), _word("state", 2370, 2441, 2153, 2180, 0.92, 26)]
    assert [w.text for w in scan.read_once(apart)] == ["Estate", "state"]


def _picture(name: str) -> numpy.ndarray:
    from PIL import Image

    return numpy.asarray(Image.open(Path(__file__).parents[1] / "data" / "scan" / name).convert("L"))


def test_a_full_stop_read_as_a_word_of_its_own_against_the_word_before_it_ends_that_word() -> None:
    """The Affirm Form 4 of Keith Rabois of 2021 (`corpus/xml/0001628280-21-024522_...`) printed by EDGAR's stylesheet,
    page 3 at 300 dpi, note (5): "... per share. The Reporting ..." (its XML;
    `tests/data/scan/full-stop-apart-300dpi.png`). Tesseract read the full stop apart, in a block of its own, and
    the note read "per share . The Reporting"; so did twelve notes of that page."""
    grey = _picture("full-stop-apart-300dpi.png")
    words = [_word("per", 18, 58, 18, 40, 0.97, 1), _word("share", 67, 132, 11, 34, 0.97, 1),
             _word(".", 135, 139, 30, 34, 0.91, 24), _word("The", 149, 195, 11, 34, 0.96, 24)]
    joined = scan.joined_punctuation(words, grey)
    assert [w.text for w in joined] == ["per", "share.", "The"]
    assert (joined[1].x0, joined[1].x1) == (67, 139)
    # On another line, it is left alone.
    below = [words[1], _word(".", 133, 137, 40, 44, 0.91, 2)]
    assert [w.text for w in scan.joined_punctuation(below, grey)] == ["share", "."]


def test_a_full_stop_read_again_apart_after_the_word_that_has_it_is_dropped() -> None:
    """The same page, note (2) (`tests/data/scan/full-stop-twice-300dpi.png`): Tesseract read "share." with its full
    stop, and the full stop again in a block of its own (the note read "per share. . The")."""
    grey = _picture("full-stop-twice-300dpi.png")
    words = [_word("share.", 67, 132, 9, 32, 0.94, 1), _word(".", 135, 139, 28, 32, 0.93, 18),
             _word("The", 148, 195, 9, 32, 0.97, 18)]
    assert [w.text for w in scan.joined_punctuation(words, grey)] == ["share.", "The"]


def test_a_colon_a_space_after_its_word_stays_apart_though_the_engine_boxed_the_space_with_it() -> None:
    """The SoftBank Form 4 of 2025 (BETR, `corpus/xml/0001493152-25-009612_...`) printed by EDGAR's stylesheet, page 3
    at 300 dpi: a signature "SB Northstar LP By : /s/ Stephen Lam, Director" (its XML, a space before the colon;
    `tests/data/scan/colon-after-space-300dpi.png`). Tesseract's box of the colon starts where "By" ends, taking in
    the space; the ink has the space."""
    grey = _picture("colon-after-space-300dpi.png")
    words = [_word("By", 18, 59, 16, 48, 0.93, 1), _word(":", 59, 70, 11, 52, 0.93, 1)]
    assert [w.text for w in scan.joined_punctuation(words, grey)] == ["By", ":"]
