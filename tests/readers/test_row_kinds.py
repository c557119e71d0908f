"""A table row's values set in their columns by what they are (`readers.row_kinds`), on rows made of words as a page
gives them: each word with its place, in the cells its place put it in."""

from __future__ import annotations

from form4viewer.form import T1_TRANSACTIONS
from form4viewer.readers.pdf_layout import Word
from form4viewer.readers.row_kinds import by_kind, consistent

FIELDS = [f for column in T1_TRANSACTIONS for f in column.fields]


def word(text: str, x: float, line: int = 0) -> Word:
    """A word of 7-point type at character column `x` (5 points a character) on line `line` of a row."""
    return Word(text, x * 5.0, x * 5.0 + 5.0 * len(text), 100.0 + 9.0 * line, 107.0 + 9.0 * line, 7.0, 1)


def texts(cells: dict[str, list[Word]]) -> dict[str, str]:
    return {name: " ".join(w.text for w in words) for name, words in cells.items() if words}


def test_a_row_whose_cells_each_hold_their_fields_value_is_left_as_its_places_gave_it() -> None:
    cells = {
        "security_title": [word("Class", 0), word("A", 6), word("Common", 0, 1), word("Stock", 7, 1)],
        "transaction_date": [word("03/01/2024", 44)],
        "transaction_code": [word("S(1)", 92)],
        "shares": [word("1,252", 110)],
        "acquired_disposed": [word("D", 123)],
        "price_per_share": [word("$220.15", 127)],
        "shares_owned_following": [word("23,074", 140), word("(2)", 147)],
        "direct_or_indirect": [word("I", 175)],
        "nature_of_ownership": [word("By", 187), word("(3)", 190), word("Trust", 194)],
    }
    assert consistent(FIELDS, cells)


def test_values_run_into_the_wrong_columns_are_set_in_the_forms_order_by_kind() -> None:
    # Autodesk's row as pdftotext sets EDGAR's page: the code under V, V under (A) or (D), the amount and its letter
    # under Price, and the price ("$" over "220") with the amount owned and its marks on the next lines under 5.
    cells = {
        "security_title": [word("Common", 0), word("Stock", 7)],
        "transaction_date": [word("06/15/2023", 44)],
        "transaction_timeliness": [word("S(1)", 92)],
        "acquired_disposed": [word("V", 106)],
        "price_per_share": [word("1,252", 108), word("D", 114)],
        "shares_owned_following": [word("$", 130), word("220", 130, 1), word("23,074", 134, 1),
                                   word("(2)", 141, 2), word("(3)", 145, 2)],
        "direct_or_indirect": [word("D", 175, 2)],
    }
    assert not consistent(FIELDS, cells)
    placed = by_kind(FIELDS, cells)
    assert placed is not None
    assert texts(placed) == {
        "security_title": "Common Stock",
        "transaction_date": "06/15/2023",
        "transaction_code": "S(1)",
        "transaction_timeliness": "V",
        "shares": "1,252",
        "acquired_disposed": "D",
        "price_per_share": "$ 220",
        "shares_owned_following": "23,074 (2) (3)",
        "direct_or_indirect": "D",
    }


def test_a_dollar_sign_in_one_cell_goes_with_the_amount_in_the_next() -> None:
    # Tesla's rows: "$" under (A) or (D), the price under Price, a footnote mark inside the nature ("by (2) Trust").
    cells = {
        "security_title": [word("Common", 0), word("Stock", 7)],
        "transaction_date": [word("11/09/2021", 44)],
        "transaction_code": [word("S", 92)],
        "shares": [word("80,319", 107), word("D", 114)],
        "acquired_disposed": [word("$", 121)],
        "price_per_share": [word("1,073.04", 124), word("(1)", 133)],
        "shares_owned_following": [word("168,878,098", 140)],
        "direct_or_indirect": [word("I", 175)],
        "nature_of_ownership": [word("by", 187), word("(2)", 190), word("Trust", 194)],
    }
    assert not consistent(FIELDS, cells)
    placed = by_kind(FIELDS, cells)
    assert placed is not None
    assert texts(placed) == {
        "security_title": "Common Stock",
        "transaction_date": "11/09/2021",
        "transaction_code": "S",
        "shares": "80,319",
        "acquired_disposed": "D",
        "price_per_share": "$ 1,073.04 (1)",
        "shares_owned_following": "168,878,098",
        "direct_or_indirect": "I",
        "nature_of_ownership": "by (2) Trust",
    }


def test_a_row_with_a_value_no_column_can_hold_is_not_moved() -> None:
    # Two dates after the code: no column after the code holds a date, so the row is left as read.
    cells = {
        "security_title": [word("Common", 0), word("Stock", 7)],
        "transaction_date": [word("06/15/2023", 44)],
        "transaction_code": [word("S", 92)],
        "shares": [word("06/16/2023", 107), word("1,000", 118)],
    }
    assert not consistent(FIELDS, cells)
    assert by_kind(FIELDS, cells) is None


def test_what_is_no_word_in_a_values_cell_stays_there_and_a_natures_words_move() -> None:
    # A scan's "p®" for "D(1)" under Ownership Form stays there, to be read again from its cell; "by trust" set
    # under D or I beside the D (a nature that ran into the column before it) goes to the nature.
    row = {
        "security_title": [word("Common", 0), word("Stock", 7)],
        "transaction_date": [word("11/04/2024", 44)],
        "transaction_code": [word("G", 96)],
        "shares": [word("3,690", 108)],
        "acquired_disposed": [word("D", 117)],
        "price_per_share": [word("$0", 126), word("0", 132)],
    }
    scanned = by_kind(FIELDS, {**row, "direct_or_indirect": [word("p®", 175)]})
    assert scanned is not None
    assert texts(scanned)["direct_or_indirect"] == "p®"
    assert (texts(scanned)["price_per_share"], texts(scanned)["shares_owned_following"]) == ("$0", "0")
    spilled = by_kind(FIELDS, {**row, "direct_or_indirect": [word("I", 175), word("by", 178), word("trust", 181)]})
    assert spilled is not None
    assert (texts(spilled)["direct_or_indirect"], texts(spilled)["nature_of_ownership"]) == ("I", "by trust")


def test_a_price_wrapped_under_its_dollar_sign_goes_before_the_amount_beside_it() -> None:
    # Apple's second row in pdfplumber's laid-out text: "$" over "249.34" in one narrow column, "12,964" to their
    # right on the line between; in reading order the "$" met "12,964" first and made it the price.
    cells = {
        "security_title": [word("Common", 5, 1), word("Stock", 12, 1), word("(2)", 18, 1)],
        "transaction_date": [word("10/15/2025", 22, 1)],
        "transaction_code": [word("F", 39, 1)],
        "shares": [word("8,062", 44, 1), word("D", 50, 1)],
        "price_per_share": [word("$", 51, 0), word("12,964", 54, 1), word("249.34", 51, 2)],
        "direct_or_indirect": [word("D", 65, 1)],
    }
    placed = by_kind(FIELDS, cells)
    assert placed is not None
    assert (texts(placed)["price_per_share"], texts(placed)["shares_owned_following"]) == ("$ 249.34", "12,964")
    assert (texts(placed)["shares"], texts(placed)["acquired_disposed"]) == ("8,062", "D")
