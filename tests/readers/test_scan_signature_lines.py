"""Signatures of more than one line read off a scan (`form4viewer.readers.pdf.FormReader._signatures`).

The page is the second of the Antara Capital Form 4 of 2023-03-15 (AMC), printed from its XML
(`corpus/xml/0001140361-23-011902_...`) by EDGAR's stylesheet and scanned at 300 dpi; its words and rules as the scan
reader read them are in `tests/data/scan_words/antara-signatures-two-lines.json`. Five signatures, two of them over
two and three lines with the date beside the last. The engine boxes a line's words as high as their letters reach:
"Managing Member" (a "g" below the line) stood a third taller than the line above it, which the reader took for
another type size and left out: the signature read "Managing Member". The expected names and dates are the XML's.
"""

from __future__ import annotations

import datetime as dt

from test_pdf_footnotes_centred import scanned

from form4viewer.model import SourceDocument
from form4viewer.readers.pdf import FormReader
from form4viewer.readers.pdf_layout import Word, make_lines
from form4viewer.readers.scan import ScanWord


def test_a_signature_over_lines_of_a_scan_boxed_to_different_heights_is_read_whole() -> None:
    layout, source = scanned("antara-signatures-two-lines.json")
    document = SourceDocument(kind="pdf", name=source, sha256="", size=0, pages=1)
    signatures = FormReader(layout, source, document)._signatures()
    assert [s.name.value for s in signatures] == [
        "Antara Capital LP By: Antara Capital GP LLC, its general partner By: /s/ Himanshu Gulati Name: Himanshu "
        "Gulati Title: Managing Member",
        "Antara Capital Fund GP LLC By: /s/ Himanshu Gulati Name: Himanshu Gulati Title: Managing Member",
        "Antara Capital Master Fund LP By: Antara Capital LP, not in its individual corporate capacity, but solely as "
        "Investment Advisor and agent By: Antara Capital GP LLC, its general partner By: /s/ Himanshu Gulati Name: "
        "Himanshu Gulati Title: Managing Member",
        "Antara Capital GP LLC By: /s/ Himanshu Gulati Name: Himanshu Gulati Title: Managing Member",
        "/s/ Himanshu Gulati Himanshu Gulati",
    ]
    assert [s.date.value for s in signatures] == [dt.date(2023, 3, 15)] * 5


def test_a_line_started_by_a_small_word_takes_the_rest_of_its_words_once_a_taller_one_has_joined_it() -> None:
    """The caption under the third signature of the Mithril Capital Form 4 of 2024-02-08 (GUTS,
    `corpus/xml/0000950170-24-012830_...`) printed by EDGAR's stylesheet, page 2 at 300 dpi, as the scan reader read
    it: "**Signature" boxed over its two stars, taller than the rest, and "Date" in smaller type, whose middle is
    the highest. Lines were gathered around their first word's height alone: "Date" started the line, "signature"
    joined it, and "of Reporting Person" was set on a line of its own; the caption was not found, and every
    signature after it was read for the one before."""
    words: list[Word] = [
        ScanWord("signature", 233.28, 257.52, 734.16, 742.56, 10.08, 1, 0.9),
        ScanWord("of", 259.44, 263.52, 736.8, 741.6, 5.76, 1, 0.96),
        ScanWord("Reporting", 265.2, 285.84, 736.8, 741.6, 5.76, 1, 0.96),
        ScanWord("Person", 287.76, 301.68, 736.8, 741.6, 5.76, 1, 0.96),
        ScanWord("Date", 551.76, 561.36, 735.36, 738.96, 4.32, 1, 0.95),
    ]
    assert [line.text for line in make_lines(words, 1)] == ["signature of Reporting Person Date"]
