"""Characters a page's reading gets wrong on their own, read again from their pixels
(`form4viewer.readers.scan.read_unread_ink`, `form4viewer.readers.scan.reread_form_number`).

The images are cut from corpus pages scanned at 300 dpi with the rules taken off as the reader takes them:
- ownership-form-i-300dpi.png: the Tesla Form 4 of November 2021 (`corpus/rendered/0000899243-21-044232_...`),
  page 2, Table I row 22, column 6: the "I" of Ownership Form (its XML: `<directOrIndirectOwnership>` I). Its stroke
  is 8 pixels wide, under 2 points, and the engine reads it, alone, as a bar.
- form-title-300dpi.png: the Joby Aviation Form 4 of 2023 (`corpus/rendered/0001819848-23-000289_...`), page 1, the
  title "FORM 4" in its heavy face (its XML: `<documentType>` 4) and the box under it, which the page's reading read
  as "FORM A" (the boxes below are the page's, moved to the image).
- title-mark-300dpi.png: the LinkedIn Form 4 of 2011 (`corpus/rendered/0001181431-11-033001_...`), page 1, Table I
  row 1's title "Common Stock" and its raised footnote mark "(1)" (its XML: footnote F1 on the title), whose
  underline the reader takes off; the page's reading read the title and left the mark out.
- amount-mark-comma-300dpi.png and amount-mark-lost-bracket-300dpi.png: the Tesla Form 4 of December 2021
  (`corpus/rendered/0000899243-21-047607_...`), page 1, Table I rows 2 and 3, column 4's amounts 9,563 and 18,534
  with their raised mark "(2)" (their XML: 9563 and 18534, footnote F2), which the page's reading read "9,563)"
  and, sure of it, "18,5342)"; amount-mark-cut-seven-300dpi.png, row 4's 10,477 with the same mark (its XML: 10477,
  F2), read "10,4772)"; amount-mark-bracket-cut-300dpi.png, page 2, row 14's 21,514 with the same mark (its XML:
  21514, F2), read "21,5142)".
- owner-tick-read-thrice-300dpi.png and cell-words-partly-read-300dpi.png: see their tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from PIL import Image  # noqa: E402

from form4viewer.readers import ocr, scan  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "scan"
pytestmark = pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")


def _grey(name: str) -> numpy.ndarray:
    return numpy.asarray(Image.open(DATA / name).convert("L"))


def test_a_single_stroke_alone_in_a_cell_is_read_as_the_letter_i_and_left_for_a_person_to_check() -> None:
    found = scan.read_unread_ink([], _grey("ownership-form-i-300dpi.png"), 300, "tesla.png")
    assert [w.text for w in found] == ["I"]
    (word,) = found
    assert (word.x0, word.x1) == (47, 55)  # the stroke's ink, not the cell
    assert word.confidence <= 0.6  # under the checks' mark: made out only on a second reading


def test_an_x_alone_in_the_owners_table_read_as_two_or_three_strokes_is_the_x() -> None:
    """The Reporting Owners table of the Hycroft Mining Form 4 of Mudrick Capital of 2023 (`corpus/rendered/
    0001104659-23-011325_F4_HYMC_Mudrick-Capital-Manageme_fromtxt.pdf`, page 2 at 300 dpi, its rules taken off;
    `tests/data/scan/owner-tick-read-thrice-300dpi.png`): the "X" under 10% Owner of its sixth and seventh owners
    (their XML: `<isTenPercentOwner>` 1 for both). The page's reading left both out; read again, they read "Xx" and
    "XxX", and the seventh owner's tick was lost."""
    found = scan.read_unread_ink([], _grey("owner-tick-read-thrice-300dpi.png"), 300, "hycroft.png")
    assert [w.text for w in found] == ["X", "X"]
    assert found[0].bottom < found[1].top  # one in each owner's row
    assert all(w.confidence < 0.8 for w in found)  # made out only on a second reading


def test_words_the_engine_read_only_part_of_are_read_again_with_the_rest_of_their_ink() -> None:
    """Table II row 1's underlying security of the Citigroup Form 4/A of Jane Nind Fraser of October 2025 (`corpus/
    rendered/period2025-10-22_F4AA_C_Fraser-Jane-Nind_cache.pdf`, page 1 at 300 dpi, its rules taken off;
    `tests/data/scan/cell-words-partly-read-300dpi.png`): "Common" over "Stock" (its XML: Common Stock). The page's
    reading read "C" and "toc" and left the rest of their letters unread, beside them."""
    words = [ocr.OcrWord("C", 36, 24, 55, 47, 0.81), ocr.OcrWord("toc", 77, 64, 116, 84, 0.93)]
    found = scan.reread_partly_read(words, _grey("cell-words-partly-read-300dpi.png"), 300, "citi.png")
    assert [w.text for w in found] == ["Common", "Stock"]
    common, stock = found
    assert common.x0 == 36 and common.x1 > 140 and stock.x0 < 70  # the boxes take in the letters read again
    assert all(w.confidence < 0.9 for w in found)  # made out on a second reading
    # Read whole, a word keeps its reading.
    whole = [ocr.OcrWord("Common", 36, 24, 157, 47, 0.95)]
    assert scan.reread_partly_read(whole, _grey("cell-words-partly-read-300dpi.png"), 300, "citi.png")[0] == whole[0]


def test_a_word_read_again_with_a_bracket_or_a_speck_beside_it_keeps_its_first_reading(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The second reading must add letters to the word: "A" of "BUILDING A SUITE 100" (the Natera Form 4 of Roelof
    Botha of 2022, page 2, the Reporting Owners table's street) read again with ink beside it as "(A" stays "A"."""
    words = [ocr.OcrWord("C", 36, 24, 55, 47, 0.81), ocr.OcrWord("toc", 77, 64, 116, 84, 0.93)]
    read = [[ocr.OcrWord("(C", 0, 0, 60, 20, 0.9)], [ocr.OcrWord("Stock", 0, 0, 70, 20, 0.9)]]
    monkeypatch.setattr(scan, "_crops_read", lambda crops, *a, **k: read[:len(crops)])
    found = scan.reread_partly_read(words, _grey("cell-words-partly-read-300dpi.png"), 300, "citi.png")
    assert [w.text for w in found] == ["C", "Stock"]
    # Nor with one letter more: the rest of a letter its box left out, read whole, reads as two ("A" as "AC" in
    # "Class A Common Stock" of the Atlassian Form 4 of 2023, page 1, Table I row 1).
    read[0] = [ocr.OcrWord("Co", 0, 0, 60, 20, 0.9)]
    found = scan.reread_partly_read(words, _grey("cell-words-partly-read-300dpi.png"), 300, "citi.png")
    assert [w.text for w in found] == ["C", "Stock"]


def test_ink_beside_a_word_read_is_left_to_that_word() -> None:
    # The same stroke inside a word's box is part of that word: nothing is added.
    covering = ocr.OcrWord("I", 45, 24, 57, 50, 0.9)
    assert scan.read_unread_ink([covering], _grey("ownership-form-i-300dpi.png"), 300, "tesla.png") == [covering]


def _title_words(number: str) -> list[ocr.OcrWord]:
    title = (1, 1, 1, 1)
    return [
        ocr.OcrWord("FORM", 39, 33, 257, 88, 0.96, title),
        ocr.OcrWord(number, 285, 34, 327, 87, 0.81, title),
        ocr.OcrWord("Check", 70, 116, 149, 139, 0.96, (1, 2, 1, 1)),
        ocr.OcrWord("this", 157, 116, 201, 139, 0.96, (1, 2, 1, 1)),
        ocr.OcrWord("box", 210, 116, 257, 139, 0.96, (1, 2, 1, 1)),
        ocr.OcrWord("if", 266, 116, 283, 139, 0.96, (1, 2, 1, 1)),
        ocr.OcrWord("no", 292, 122, 324, 139, 0.96, (1, 2, 1, 1)),
        ocr.OcrWord("longer", 70, 155, 161, 184, 0.96, (1, 2, 1, 2)),
        ocr.OcrWord("subject", 170, 155, 272, 184, 0.96, (1, 2, 1, 2)),
        ocr.OcrWord("to", 281, 158, 307, 178, 0.96, (1, 2, 1, 2)),
    ]


def test_the_title_s_number_read_as_a_letter_is_read_again_with_its_title() -> None:
    words = scan.reread_form_number(_title_words("A"), _grey("form-title-300dpi.png"), 300, "joby.png")
    assert [w.text for w in words[:2]] == ["FORM", "4"]
    assert words[1].confidence < 0.9  # made out only on a second reading
    assert words[2:] == _title_words("A")[2:]


def test_a_title_read_as_a_form_s_number_and_a_form_in_body_type_are_left_alone() -> None:
    grey = _grey("form-title-300dpi.png")
    assert scan.reread_form_number(_title_words("4"), grey, 300, "joby.png") == _title_words("4")
    # "Form 5 obligations" in the box's small type, "5" read as "S": no title, nothing read again.
    body = [ocr.OcrWord("Form", 70, 194, 128, 217, 0.96, (1, 2, 1, 3)), ocr.OcrWord("S", 137, 194, 150, 217, 0.5,
                                                                                    (1, 2, 1, 3)),
            *_title_words("4")[2:]]
    assert scan.reread_form_number(body, grey, 300, "joby.png") == body


def test_a_raised_mark_after_a_word_that_the_page_s_reading_left_out_is_read() -> None:
    line = (1, 1, 1, 1)
    words = [ocr.OcrWord("Common", 26, 41, 147, 65, 0.96, line), ocr.OcrWord("Stock", 158, 41, 233, 65, 0.88, line)]
    found = scan.read_unread_ink(words, _grey("title-mark-300dpi.png"), 300, "linkedin.png")
    assert [w.text for w in found] == ["Common", "Stock", "(1)"]
    mark = found[2]
    assert mark.x0 > 233 and mark.top < 41 and mark.bottom < 65  # after the title, raised


def test_ink_that_ends_a_word_on_its_line_is_left_to_the_word() -> None:
    # The same ink with a word's box stopping short of it on its own line (not raised beside it): a part of that
    # word its box left out, as before.
    line = (1, 1, 1, 1)
    words = [ocr.OcrWord("Common", 26, 30, 147, 60, 0.96, line), ocr.OcrWord("Stock", 158, 30, 233, 60, 0.88, line)]
    assert scan.read_unread_ink(words, _grey("title-mark-300dpi.png"), 300, "linkedin.png") == words


@pytest.mark.parametrize(("name", "read", "box", "sure", "meant"), [
    ("amount-mark-comma-300dpi.png", "9,563)", (20, 20, 134, 58), 0.71, "9,563(2)"),
    ("amount-mark-lost-bracket-300dpi.png", "18,5342)", (20, 20, 148, 58), 0.91, "18,534(2)"),
    # Row 4's 10,477 (2): the cut between digits and mark goes through the 7, whose top stands right of its foot.
    ("amount-mark-cut-seven-300dpi.png", "10,4772)", (20, 20, 148, 58), 0.91, "10,477(2)"),
])
def test_an_amount_whose_mark_lost_its_bracket_is_read_again_in_two(name: str, read: str,
                                                                     box: tuple[int, int, int, int], sure: float,
                                                                     meant: str) -> None:
    # A closing bracket without its opening one is garbled however sure the engine was: read again, the digits up
    # to where the raised mark starts and the mark apart.
    word = ocr.OcrWord(read, *box, sure)
    (again,) = scan.reread_amount_marks([word], _grey(name), 300, "tesla.png")
    assert again.text == meant
    assert again.confidence < 0.9  # made out on a second reading


def test_a_mark_read_again_without_its_opening_bracket_is_still_the_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    # Page 2, row 14's 21,514 (2), read "21,5142)". Read again among the page's other such amounts, its two parts
    # read "21,514" (with only an amount's characters) and "2)": the opening bracket went with the digits' part. Read
    # alone, the engine may make out the bracket; here it is given what it read on the page.
    readings = iter([[ocr.OcrWord("21,514", 0, 0, 90, 30, 0.74)], [ocr.OcrWord("2)", 0, 0, 40, 60, 0.92)]])
    monkeypatch.setattr(scan, "_crops_read", lambda crops, dpi, name, **how: [next(readings)])
    word = ocr.OcrWord("21,5142)", 20, 20, 149, 58, 0.53)
    (again,) = scan.reread_amount_marks([word], _grey("amount-mark-bracket-cut-300dpi.png"), 300, "tesla.png")
    assert again.text == "21,514(2)"
    assert again.confidence < 0.9


def test_whole_words_and_amounts_the_page_s_reading_left_out_are_read_from_their_ink() -> None:
    # Both cut from pages of `corpus/rendered/` scanned at 300 dpi, rules taken off: the page's reading left each
    # cell out, and found no word near them.
    # Apple's Form 4 of September 2025 (`period2025-09-28_F4_AAPL_COOK-TIMOTHY-D_cache.pdf`, page 1), Table II row 1,
    # column 7: "Common Stock" over two lines and "48,932" (its XML: underlying security Common Stock, 48932 shares).
    found = scan.read_unread_ink([], _grey("cell-words-left-unread-300dpi.png"), 300, "aapl.png")
    assert sorted(w.text for w in found) == ["48,932", "Common", "Stock"]
    assert all(w.confidence < 0.9 for w in found)  # made out only on a second reading
    # Bank of America's Form 4/A of September 2025 (`period2025-09-25_F4AA_MUNEX_BANK-OF-AMERICA-CORP-DE_cache.pdf`,
    # page 1), Table I row 2, columns 4 and 5: "4,780", "D" and the price "$" over "12.68" (its XML: 4780 shares
    # disposed of at 12.68).
    found = scan.read_unread_ink([], _grey("cell-amounts-left-unread-300dpi.png"), 300, "munex.png")
    assert {"4,780", "D", "$", "12.68"} <= {w.text for w in found}


def test_a_zip_code_on_a_line_of_its_own_that_the_page_s_reading_left_out_is_read() -> None:
    """`owner-zip-left-unread-300dpi.png`: page 2 of the Nuburu Form 4 of David Seldin of January 2023
    (`corpus/xml/0001209191-23-006161_F4_BURU_Seldin-David_fromtxt.xml` printed through EDGAR's stylesheet, 300 dpi,
    rules taken off), the second owner's address in the Reporting Owners table, its city, state and ZIP code each
    on a line of its own (its XML: TAMPA, FL, 33626). The page's reading read "TAMPA" and "UNITED STATES" and left
    "FL" and "33626" out; a number of five digits without commas was not taken as a word alone, and the owner's
    city, state and ZIP code were lost."""
    grey = _grey("owner-zip-left-unread-300dpi.png")
    read = [ocr.OcrWord("TAMPA", 22, 14, 132, 36, 0.97), ocr.OcrWord("UNITED", 22, 127, 143, 150, 0.96),
            ocr.OcrWord("STATES", 154, 127, 266, 150, 0.97)]
    found = scan.read_unread_ink(read, grey, 300, "nuburu.png")
    added = sorted(found[len(read):], key=lambda w: w.top)
    assert [w.text for w in added] == ["FL", "33626"]
    assert all(w.confidence < 0.9 for w in added)  # made out only on a second reading


def test_two_marks_on_a_line_of_their_own_misread_among_others_are_read_again_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`two-marks-own-line-300dpi.png`: page 2 of the Unity Software Form 4 of Roelof Botha of September 2020
    (`corpus/xml/0000899243-20-025994_F4_U_BOTHA-ROELOF.xml` printed through EDGAR's stylesheet, 300 dpi, rules
    taken off), a Table II row's Nature of Indirect Beneficial Ownership, "Sequoia Capital XII Principals Fund, LLC"
    with its marks "(2) (3)" on a line of their own (its XML: footnotes F2 and F3). The page's reading read the
    marks "@e)"; read again among the page's other unsure words they read "©)", then, with only a mark's
    characters, "2))", and were left in the text. Read alone, enlarged, they are the two marks. The first two
    readings are given as the page's reading made them; the last is the engine's."""
    real = scan._crops_read
    given = iter([[[ocr.OcrWord("©)", 0, 0, 220, 110, 0.54)]], [[ocr.OcrWord("2))", 0, 0, 75, 38, 0.0)]]])
    monkeypatch.setattr(scan, "_crops_read", lambda crops, dpi, name, **how: next(given, None)
                        or real(crops, dpi, name, **how))
    grey = _grey("two-marks-own-line-300dpi.png")
    (again,) = scan.reread_unsure([ocr.OcrWord("@e)", 34, 106, 109, 144, 0.38)], grey, 300, "unity.png")
    assert again.text == "(2)(3)"
    assert again.confidence < scan.REREAD_BELOW  # made out only on a fourth reading
    # A misread with a digit ("3)", most often the end of a caption's "(Instr. 3)") is not read a fourth time.
    given = iter([[[ocr.OcrWord("3)", 0, 0, 220, 110, 0.54)]], [[ocr.OcrWord("2))", 0, 0, 75, 38, 0.0)]]])
    (kept,) = scan.reread_unsure([ocr.OcrWord("3)", 34, 106, 109, 144, 0.38)], grey, 300, "unity.png")
    assert kept.text == "3)"


def test_a_character_read_as_nothing_among_the_others_is_read_again_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the MongoDB Form 4 of Roelof Botha of March 2024 (`corpus/xml/0001441816-24-000053_...`) printed by EDGAR's
    stylesheet, page 1 at 300 dpi, the "I" of Table I row 5's Ownership Form read as nothing among the page's other
    unread ink, and the row had no ownership form. Such a character is read once more on its own, as one line: here
    the reading among the others is made to give nothing for every crop, as the engine did for that one."""
    grey = _grey("ownership-form-i-300dpi.png")
    batched = scan._crops_read
    monkeypatch.setattr(scan, "_crops_read", lambda crops, dpi, name, **how: [[] for _ in crops])
    words = scan.read_unread_ink([], grey, 300, "ownership-form-i-300dpi.png")
    assert [w.text for w in words] == ["I"]
    assert words[0].confidence < scan.REREAD_BELOW  # made out only on a second reading
    monkeypatch.setattr(scan, "_crops_read", batched)
    assert [w.text for w in scan.read_unread_ink([], grey, 300, "ownership-form-i-300dpi.png")] == ["I"]


def test_the_numbers_of_table_columns_the_page_s_reading_left_out_are_read_from_their_ink() -> None:
    """`column-numbers-left-unread-300dpi.png`: page 2 of Hilton H. Schlosberg's Monster Beverage Form 4 of June
    2023 (`corpus/xml/0000865752-23-000053_F4_MNST_SCHLOSBERG-HILTON-H_fromtxt.xml` printed through EDGAR's
    stylesheet, 300 dpi, rules taken off), Table II's captions of columns 1 to 6, from 125 px left and 2783 px down.
    The page's reading (`.json`: text, box in the picture's pixels, confidence) read "1.Titleof", "2.", "3A." and
    "6." and left out "3. Transaction", "4." and "5.": with three of its numbers gone the reader found no column
    header and read none of the table's 28 holdings."""
    read = [ocr.OcrWord(t, x0, top, x1, bottom, sure) for t, x0, top, x1, bottom, sure
            in json.loads((DATA / "column-numbers-left-unread-300dpi.json").read_text())]  # fmt: skip
    assert not {"4.", "5."} & {w.text for w in read}
    added = scan.read_unread_ink(read, _grey("column-numbers-left-unread-300dpi.png"), 300, "mnst.png")[len(read):]
    numbers = sorted((w for w in added if w.text[0].isdigit()), key=lambda w: w.x0)
    # "3." is read run into its caption's first word, as "1.Titleof" is on the page's reading
    assert [w.text for w in numbers] == ["3.Transaction", "4.", "5."]
    assert [round(w.x0, -1) for w in numbers] == [330, 800, 960]  # over their columns: 3, 4 and 5
    assert all(w.confidence < 0.9 for w in added)  # made out only on a second reading
