"""A web page printed by a browser carries the browser's header and footer in the page's margins: the date and time
with the page's title, the page's address and the page counter. They are no part of the form, and are left out
before the form is read (`pdf_layout.without_browser_margins`), on PDFs and on scans alike."""

from __future__ import annotations

from pathlib import Path

from printouts.compare import compare

from form4viewer.readers.ownership import read_ownership_xml
from form4viewer.readers.pdf import read_pdf
from form4viewer.readers.pdf_layout import Word, without_browser_margins

DATA = Path(__file__).parents[1] / "data" / "pdf"
A4 = 841.92


def test_edgars_page_printed_on_a4_with_the_browsers_header_and_footer_reads_like_its_xml() -> None:
    # Chromium's header "12/6/26, 9:56 AM  Ownership Submission" and footer "file:///...html  1/2" on each page;
    # read before as an owner's address line and as a row of Table II.
    name = "edgar-print-aapl-adams-2022-a4-browser-margins.pdf"
    got = read_pdf((DATA / name).read_bytes(), name)
    want = read_ownership_xml((DATA / "edgar-print-aapl-adams-2022.xml").read_bytes(), "x.xml")
    outcome = compare(name, got, want, country=False)
    assert outcome.missing_rows == []
    assert outcome.misses == [] and outcome.fields >= 80
    owner = got.reporting_owners[0]
    assert (owner.street1.value, owner.city.value) == ("ONE APPLE PARK WAY", "CUPERTINO")


def _word(text: str, x0: float, top: float, size: float = 8.0) -> Word:
    return Word(text, x0, x0 + 4.5 * len(text), top, top + size, size, 1)


def test_the_browsers_lines_go_and_the_forms_own_lines_stay() -> None:
    header = [_word("12/6/26,", 24, 16.4), _word("9:56", 64, 16.4), _word("AM", 86, 16.4),
              _word("Ownership", 300, 16.4), _word("Submission", 346, 16.4)]
    footer = [_word("file:///tmp/print/aapl.html", 24, 818.9), _word("1/2", 558, 818.9)]
    form = [_word("FORM", 40, 34.5, 14.0), _word("4", 94, 34.5, 14.0), _word("Reminder:", 34, 790.0)]
    kept = without_browser_margins(header + form + footer, 1, A4)
    assert [w.text for w in kept] == ["FORM", "4", "Reminder:"]


def test_a_line_in_the_margin_that_is_not_the_browsers_or_not_alone_there_stays() -> None:
    # The form's own first line set high on the page, and an amount of "1/2" in a row that runs into the margin
    # with other words below it, are the form's.
    title = [_word("FORM", 40, 16.0, 14.0), _word("4", 94, 16.0, 14.0)]
    row = [_word("1/2", 300, 800.0), _word("Common", 40, 800.0)]
    below = [_word("Stock", 40, 812.0)]
    words = title + row + below
    assert without_browser_margins(words, 1, A4) == words
