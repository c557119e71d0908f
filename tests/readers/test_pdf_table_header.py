"""The header of a table read from a layout whose words an OCR engine garbled (`form4viewer.readers.pdf._Grid`).

Each layout here is a Form 3's Table II as the printed EDGAR page sets it (captions, column numbers, sub-column
captions, the rule under the header, one row), in points as a scan at 300 dpi measures it, with one caption garbled
as a scanner's noise makes the engine garble it. The row's values are the ones the page prints; the header must not
be read as a row, and the row's values must land in their columns.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from form4viewer.form import T1_TRANSACTIONS, T2_FORM3
from form4viewer.model import SourceDocument
from form4viewer.readers.pdf import FormReader
from form4viewer.readers.pdf_layout import Layout, Page, Segment, Word, make_lines

SIZE = 8.5


def _line(top: float, *words: tuple[str, float], size: float = SIZE) -> list[Word]:
    """Words on one line: (text, x0), each as wide as its letters at half the type's size."""
    return [Word(text, x0, x0 + 0.5 * size * len(text), top, top + size * 0.8, size, 1) for text, x0 in words]


def _table_ii(garbled: list[Word]) -> list[Word]:
    """Table II of a Form 3 (the layout of the printed EDGAR page), its sub-captions "Amount or" replaced by
    `garbled`, and one row: Class B Common Stock convertible into 624,136 Class A, held indirectly."""
    return [
        *_line(575.0, ("Table", 81), ("II", 106), ("-", 116), ("Derivative", 122), ("Securities", 167),
               ("Beneficially", 210), ("Owned", 262)),
        *_line(590.0, ("1.", 37), ("Title", 46), ("of", 67), ("Derivative", 77), ("Security", 121), ("2.", 174),
               ("Date", 183), ("Exercisable", 204), ("3.", 271), ("Title", 280), ("and", 301), ("Amount", 317),
               ("of", 351), ("4.", 378), ("5.", 432), ("6.", 485), ("Nature", 494), ("of", 523),
               ("Indirect", 534)),
        *_line(602.0, ("(Instr.", 37), ("4)", 62), ("and", 174), ("Expiration", 190), ("Date", 233),
               ("Securities", 271), ("Underlying", 311), ("Conversion", 378), ("Ownership", 432),
               ("Beneficial", 484), ("Ownership", 527)),
        *_line(613.0, ("(Month/Day/Year)", 173), ("Derivative", 270), ("Security", 314), ("or", 378),
               ("Exercise", 389), ("Form", 432), ("of", 455), ("(Instr.", 485), ("5)", 510)),
        *_line(626.0, ("(Instr.", 271), ("4)", 296), ("Price", 378), ("of", 401), ("Derivative", 432)),
        *_line(638.0, ("Derivative", 378), ("Security:", 432)),
        *_line(650.0, ("Date", 173), ("Expiration", 224), ("Security", 378), ("Direct", 432), ("(D)", 459)),
        *garbled,
        *_line(672.0, ("Exercisable", 173), ("Date", 224), ("or", 432), ("Indirect", 444)),
        *_line(682.0, ("Title", 270), ("Number", 324), ("of", 358), ("(I)", 432)),
        *_line(692.0, ("Shares", 324), ("(Instr.", 432), ("5)", 457)),
        # the row, under the rule that closes the header
        *_line(704.0, ("Class", 37), ("B", 62), ("Common", 70), ("Stock", 104), ("(1)", 180), ("(1)", 230),
               ("Class", 271), ("A", 303), ("624,136", 324), ("(1)", 378), ("I", 454), ("By", 484),
               ("trusts", 497)),
        *_line(716.0, ("Common", 271)),
        *_line(728.0, ("Stock", 271)),
    ]


def _rows(words: list[Word]) -> list:  # noqa: ANN401 - the reader's rows
    rules = [Segment(at, 30.0, 590.0) for at in (570.0, 586.0, 700.0, 740.0)]
    columns = [Segment(at, 586.0, 740.0) for at in (30.0, 170.0, 268.0, 376.0, 430.0, 482.0, 590.0)]
    page = Page(1, 612.0, 792.0, words, make_lines(words, 1), rules, columns)
    document = SourceDocument(kind="pdf", name="table.pdf", sha256="", size=0, pages=1)
    reader = FormReader(Layout([page]), "table.pdf", document)
    return [reader._row("II", "3", T2_FORM3, cells) for cells in reader._table_rows("II", T2_FORM3)]


def _check_the_one_row(rows: list) -> None:  # noqa: ANN401
    assert len(rows) == 1, [r.security_title.value for r in rows]
    row = rows[0]
    assert row.security_title.value == "Class B Common Stock"
    assert row.underlying_security_title.value == "Class A Common Stock"
    assert row.underlying_shares.value == Decimal("624136")
    assert row.direct_or_indirect.value == "I"
    assert row.nature_of_ownership.value == "By trusts"


def test_a_garbled_caption_line_inside_the_header_is_not_read_as_a_row() -> None:
    # "Amount or" read as one word of nonsense, on a line of its own between two lines of captions.
    _check_the_one_row(_rows(_table_ii(_line(661.0, ("Avexawravcon", 323)))))


def test_a_speck_boxed_as_a_sliver_between_caption_lines_does_not_end_the_header() -> None:
    # The engine's box for a speck read as letters is a sliver of a point high: the space above it is still
    # measured in the captions' type.
    sliver = [Word("D", 300, 303, 661.0, 661.7, 0.9, 1), Word("ae", 349, 352, 661.0, 661.7, 0.9, 1),
              *_line(662.0, ("Amount", 324), ("or", 358))]
    _check_the_one_row(_rows(_table_ii(sliver)))


def test_a_sub_column_whose_caption_was_not_read_starts_at_the_caption_beside_it() -> None:
    # Neither "Amount" nor anything like it at the foot of column 3: the words standing there mark the sub-column,
    # not the "Amount" of the column's own caption on the line of the columns' numbers.
    rows = _rows(_table_ii(_line(661.0, ("Anoint", 323), ("ar", 358))))
    _check_the_one_row(rows)


def _narrow(top: float, *words: tuple[str, float]) -> list[Word]:
    """Words on one line in a narrow type, as Table I's captions are set: each letter 0.4 of the type's size wide."""
    return [Word(text, x0, x0 + 0.4 * SIZE * len(text), top, top + SIZE * 0.8, SIZE, 1) for text, x0 in words]


def _table_i(numbers: list[tuple[str, float]], *, ruled: bool = True) -> list:  # noqa: ANN401 - the reader's rows
    """Table I of a Form 4 as the printed EDGAR page sets it (the Natera Form 4 of 16 March 2022, at 300 dpi),
    its line of column numbers holding only `numbers` beside the captions' words, and one row: on 03/16/2022,
    code P, 26,402 shares acquired at $31.9154, 1,164,986 owned after, held indirectly by estate planning
    vehicles. With `ruled`, the vertical rules between the columns are on the page."""
    words = [
        *_narrow(364.0, ("Table", 330), ("I", 356), ("-", 362), ("Non-Derivative", 368), ("Securities", 430)),
        *_narrow(399.0, *sorted([*numbers, ("Title", 46), ("of", 70), ("Security", 81), ("Transaction", 162),
                               ("Securities", 332), ("Acquired", 377), ("Amount", 415), ("of", 445),
                               ("Securities", 456), ("Nature", 555)], key=lambda word: word[1])),
        *_narrow(409.0, ("(Instr.", 35), ("3)", 66), ("Date", 152), ("Execution", 212), ("Date,", 252),
               ("Code", 273), ("(A)", 320), ("or", 334), ("Disposed", 344), ("(D)", 380), ("Beneficially", 403),
               ("Owned", 455), ("Ownership", 507), ("Indirect", 546)),
        *_narrow(418.0, ("(Month/Day/Year)", 152), ("any", 212), ("(Instr.", 320), ("3,", 350), ("4", 361),
               ("and", 367), ("5)", 382), ("Reported", 403), ("Form:", 507), ("Beneficial", 544)),
        *_narrow(427.0, ("(Month/Day/Year)", 212), ("(Instr.", 403), ("3", 433), ("and", 439), ("4)", 454),
               ("Direct", 507), ("(D)", 535), ("Ownership", 546)),
        *_narrow(437.0, ("(A)", 352), ("or", 507), ("Indirect", 518), ("(Instr.", 544), ("4)", 575)),
        *_narrow(448.0, ("or", 354), ("(I)", 507)),
        *_narrow(455.0, ("Code", 278), ("V", 303), ("Amount", 320), ("(D)", 352), ("Price", 376), ("(Instr.", 507),
               ("4)", 538)),
        # the row, under the rule that closes the header
        *_narrow(474.0, ("$", 369), ("By", 544)),
        *_narrow(483.0, ("Common", 35), ("Stock", 66), ("03/16/2022", 152), ("P", 284), ("26,402", 320), ("A", 350),
               ("31.9154", 369), ("1,164,986", 404), ("I", 507), ("estate", 544)),
        *_narrow(494.0, ("planning", 544)),
        *_narrow(504.0, ("vehicles", 544)),
    ]
    rules = [Segment(at, 30.0, 590.0) for at in (394.0, 468.0, 512.0)]
    columns = [Segment(at, 394.0, 512.0) for at in (32.0, 150.0, 210.0, 270.0, 318.0, 401.0, 504.0, 542.0, 579.0)]
    page = Page(1, 612.0, 792.0, words, make_lines(words, 1), rules, columns if ruled else [])
    document = SourceDocument(kind="pdf", name="table.pdf", sha256="", size=0, pages=1)
    reader = FormReader(Layout([page]), "table.pdf", document)
    return [reader._row("I", "4", T1_TRANSACTIONS, cells) for cells in reader._table_rows("I", T1_TRANSACTIONS)]


NUMBERS = [("1.", 36), ("2.", 152), ("2A.", 212), ("3.", 272), ("4.", 320), ("5.", 404), ("6.", 507), ("7.", 544)]


def _check_the_natera_row(rows: list) -> None:  # noqa: ANN401
    assert len(rows) == 1
    row = rows[0]
    assert row.security_title.value == "Common Stock"
    assert row.transaction_date.value == date(2022, 3, 16)
    assert row.deemed_execution_date.value is None
    assert row.transaction_code.value == "P"
    assert row.shares.value == Decimal("26402")
    assert row.acquired_disposed.value == "A"
    assert row.price_per_share.value == Decimal("31.9154")
    assert row.shares_owned_following.value == Decimal("1164986")
    assert row.direct_or_indirect.value == "I"
    assert row.nature_of_ownership.value == "By estate planning vehicles"


def test_table_i_with_every_column_number_read() -> None:
    _check_the_natera_row(_table_i(NUMBERS))


def test_columns_whose_numbers_went_unread_start_at_their_captions() -> None:
    # The scan's engine read neither "2A." nor "3." (nor "Deemed" or "Transaction" beside them): the code would
    # join the date in column 2, which then reads as no date. Column 3 starts at its sub-column's "Code", column 2A
    # at its caption's "Execution", as on the page's rules and without them.
    unread = [(text, x) for text, x in NUMBERS if text not in ("2A.", "3.")]
    _check_the_natera_row(_table_i(unread))
    _check_the_natera_row(_table_i(unread, ruled=False))


def test_columns_whose_numbers_were_misread_or_went_unread_start_at_their_own_captions() -> None:
    # The Yahoo Form 4 of 2012 (corpus/rendered/0001179110-12-017549_...) scanned at 300 dpi: its "5." read again as
    # "3.", a second column 3 that the header ignores, so the amount owned after joined the price in column 4 ("$0
    # 6,577"). Column 5 starts at its caption's "Beneficially"; here "6." unread too, column 6 at its "Ownership"
    # (column 7's "Ownership" stands right of "7.").
    misread = [("3." if text == "5." else text, x) for text, x in NUMBERS if text != "6."]
    _check_the_natera_row(_table_i(misread))
    _check_the_natera_row(_table_i(misread, ruled=False))


def test_an_amount_s_dollar_sign_read_as_the_letter_s_is_the_sign() -> None:
    # The Alpha Metallurgical Resources Form 4 of 2023 (corpus/rendered/0000921895-23-001464_...) scanned at
    # 300 dpi: Table I row 2's price "$ 44.972" read "S 44.972" (its XML: 44.972). A code "S" in its own column
    # is a value of its own.
    from form4viewer.readers.pdf import _field_value

    price = _field_value("price_per_share", [Word("S", 363.0, 366.0, 447.0, 452.0, SIZE, 1),
                                             Word("44.972", 368.0, 390.0, 447.0, 452.0, SIZE, 1)])
    assert price.value == Decimal("44.972") and price.raw == "S 44.972"
    assert _field_value("transaction_code", [Word("S", 280.0, 284.0, 447.0, 452.0, SIZE, 1)]).value == "S"
    assert _field_value("price_per_share", [Word("S", 363.0, 366.0, 447.0, 452.0, SIZE, 1)]).value is None


def test_the_last_column_whose_number_was_misread_starts_at_the_rule_before_its_caption() -> None:
    # The Oscar Health Form 3 of 2021 (corpus/rendered/0001209191-21-017168_...) scanned at 300 dpi: the last
    # column's "4." read "A,", so Ownership Form ran to the table's end and every row's "I" and "By Fund" went to
    # it as one unreadable value. The last column starts at its caption's "Nature"; the caption's lines under it
    # start left of that word, at the rule before them.
    misread = [("A," if text == "7." else text, x) for text, x in NUMBERS]
    _check_the_natera_row(_table_i(misread))
