"""Footnote marks after an amount whose brackets a scan's reading lost (`form4viewer.readers.pdf._field_value`).

Page 1 of the Autodesk Form 4 of Rebecca Pearce (`corpus/rendered/0000769397-23-000114_F4_ADSK_Pearce-Rebecca_
fromtxt.pdf`) scanned at 300 dpi: Table I, column 5 prints "23,074 (2) (3)"; the page's reading gave "23,074", "2"
and "(3)" (its XML: 23074 shares owned, footnotes F2 and F3). Before, the amount was read 230742.
"""

from __future__ import annotations

from decimal import Decimal

from form4viewer.model import Confidence
from form4viewer.readers.pdf import _field_value
from form4viewer.readers.pdf_layout import Word


def _cell(*texts: str) -> list[Word]:
    words, x = [], 399.6
    for text in texts:
        words.append(Word(text, x, x + 5.0 * len(text), 474.0, 480.5, 8.0, 1))
        x += 5.0 * len(text) + 3.0
    return words


def test_digits_standing_apart_after_an_amount_with_its_separators_are_its_mark() -> None:
    value = _field_value("shares_owned_following", _cell("23,074", "2", "(3)"))
    assert (value.value, value.footnotes) == (Decimal(23074), ("F2", "F3"))
    assert value.confidence < Confidence.DOUBTFUL  # the brackets were not read: for a person to look at
    assert value.raw == "23,074 2 (3)"


def test_amounts_read_whole_are_left_as_they_are() -> None:
    for texts, amount, notes in ((("23,074", "(2)", "(3)"), Decimal(23074), ("F2", "F3")),
                                 (("23,074",), Decimal(23074), ()),
                                 (("$1,076.286", "(5)"), Decimal("1076.286"), ("F5",))):
        value = _field_value("shares_owned_following", _cell(*texts))
        assert (value.value, value.footnotes, value.confidence) == (amount, notes, Confidence.SURE)
    # Without separators, digits apart are not known to be a mark: they stay in the number as before.
    assert _field_value("shares_owned_following", _cell("678", "2")).value == Decimal(6782)
