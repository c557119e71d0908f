"""A table whose column header a page's end cuts in two, read off a scan (`form4viewer.readers.pdf.FormReader`).

EDGAR's printed page sets Table II where Table I ends; on a long Form 4 its title and the first lines of its header
(the numbered captions) end one page and the rest of the header (the sub-captions "Code", "V", "(A)", "(D)", "Date
Exercisable", "Title", "Amount or Number of Shares") opens the next, above the first row. The layout below is Hilton
H. Schlosberg's Monster Beverage Form 4 of June 2023 (`corpus/xml/0000865752-23-000053_..._fromtxt.xml`) printed
through EDGAR's stylesheet and read off its scan at 300 dpi (`tests/data/scan_words/`: each page's words with their
boxes and the engine's confidence, and its rules), pages 2 to 5: Table II's 28 holdings of options, none of them a
transaction. The engine read the caption "Title" over two lines ("Titl" and "me"), which no header has; the
values below are the filing's XML.

Peter Thiel's Palantir Form 4 of May 2024 (`corpus/rendered/0001321655-24-000183_F4_PLTR_THIEL-PETER.pdf`), read
off its scan the same way, pages 1 and 2: five sales and three holdings in Table I and an empty Table II whose
header's last lines open page 2, where the engine read "(Instr. 4)" as "(Mnstr. 4)", "Indirect (I)" as
"Indirect (1)" and kept a rule's stub on "Transaction(s)|".

Max Levchin's Yelp Form 4 of April 2013 (`corpus/xml/0001209191-13-020995_F4_YELP_Levchin-Max-R.xml`), read off its
scan the same way, pages 1 and 2: Table II's numbered captions end page 1, where the engine read column 4's number
"4," (a full stop read as a comma); its four conversions (code C, shares disposed of) are on page 2.

Avi S. Katz's BigBear.ai Form 4 of March 2023 (`corpus/rendered/0000899243-23-008986_..._fromtxt.pdf`), read off its
scan the same way, pages 1 and 2: an empty Table II whose header's last line ("of Shares") opens page 2 above the
Reporting Owners, where the engine read the ends of the header cells' borders as a word ("Poot").

Desmond J. Mills's Weatherford International Form 4 of 2023 (accession 0001603923-23-000054, its XML from the bulk
submissions), read off its scan the same way: Table II's last row, "2021 Program Performance Share Units", goes on
atop page 2 ("Performance", "Share Units") right above the Reporting Owners, with no header there.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from form4viewer.model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    NON_DERIVATIVE_HOLDINGS,
    NON_DERIVATIVE_TRANSACTIONS,
    SourceDocument,
)
from form4viewer.readers.pdf import FormReader
from form4viewer.readers.pdf_layout import Layout, Page, Segment, make_lines
from form4viewer.readers.scan import ScanWord

DATA = Path(__file__).parents[1] / "data" / "scan_words"

#: Each holding's shares after the transactions and its ownership, in the order of the XML's derivativeHolding.
SHARES = [8562, 840000, 308604, 102834, 4428, 158400, 312372, 4542, 194514, 430944, 4326, 49926, 153742, 403006,
          3404, 172596, 352000, 194400, 194400, 194400, 212668, 170132, 259800, 291400, 183000, 25268, 61468, 67600]
OWNED = "DIIIDIIDIIDIIIDIIDIIDIDDDDDD"


def _layout(name: str) -> tuple[Layout, str]:
    data = json.loads((DATA / name).read_text())
    pages = []
    for p in data["pages"]:
        words = [ScanWord(t, x0, x1, top, bottom, size, p["number"], sure)
                 for t, x0, x1, top, bottom, size, sure in p["words"]]  # fmt: skip
        pages.append(Page(p["number"], p["page_width"], p["page_height"], words, make_lines(words, p["number"]),
                          [Segment(*s) for s in p["horizontal"]], [Segment(*s) for s in p["vertical"]]))
    return Layout(pages), data["source"]


def test_a_table_ii_header_cut_by_the_page_s_end_gives_every_holding_and_the_first_whole() -> None:
    layout, source = _layout("mnst-table-ii-header-across-pages.json")
    document = SourceDocument(kind="pdf", name=source, sha256="", size=0, pages=4)
    tables = FormReader(layout, source, document)._tables("4")
    assert tables[DERIVATIVE_TRANSACTIONS] == []
    holdings = tables[DERIVATIVE_HOLDINGS]
    assert [h.shares_owned_following.value for h in holdings] == [Decimal(n) for n in SHARES]
    assert "".join(str(h.direct_or_indirect.value) for h in holdings) == OWNED
    # The first row, right under the header's last line, with nothing of the header in it.
    first = holdings[0]
    assert first.security_title.value == "Employee Stock Option (right to buy)"
    assert first.conversion_or_exercise_price.value == Decimal("11.68")
    assert str(first.expiration_date.value) == "2024-03-14"
    assert first.underlying_security_title.value == "Common Stock"
    assert first.exercise_date.footnotes == ("F4",) and first.underlying_shares.footnotes == ("F5",)


def test_the_end_of_an_empty_table_s_header_atop_the_next_page_is_no_row() -> None:
    layout, source = _layout("pltr-empty-table-ii-header-across-pages.json")
    document = SourceDocument(kind="pdf", name=source, sha256="", size=0, pages=2)
    tables = FormReader(layout, source, document)._tables("4")
    assert tables[DERIVATIVE_TRANSACTIONS] == [] and tables[DERIVATIVE_HOLDINGS] == []
    sales = tables[NON_DERIVATIVE_TRANSACTIONS]
    assert [(r.transaction_code.value, r.shares.value) for r in sales] == [
        ("S", Decimal(3989204)), ("S", Decimal(3144945)), ("S", Decimal(1036173)), ("S", Decimal(3350229)),
        ("S", Decimal(891771))]
    assert [(r.shares_owned_following.value, r.direct_or_indirect.value) for r in
            tables[NON_DERIVATIVE_HOLDINGS]] == [(Decimal(15733625), "I"), (Decimal(20823993), "I"), (Decimal(53487), "I")]


def test_a_column_number_read_with_a_comma_still_bounds_its_column() -> None:
    layout, source = _layout("yelp-column-number-read-with-comma.json")
    document = SourceDocument(kind="pdf", name=source, sha256="", size=0, pages=2)
    rows = FormReader(layout, source, document)._tables("4")[DERIVATIVE_TRANSACTIONS]
    assert [(r.transaction_code.value, r.shares.value, r.acquired_disposed.value, str(r.transaction_date.value))
            for r in rows] == [("C", Decimal(26066), "D", "2013-04-05"), ("C", Decimal(57130), "D", "2013-04-05"),
                               ("C", Decimal(11733), "D", "2013-04-08"), ("C", Decimal(23465), "D", "2013-04-08")]
    assert all(r.deemed_execution_date.empty for r in rows)


def test_a_table_that_ends_with_its_header_atop_the_next_page_has_no_row_of_what_was_misread_there() -> None:
    layout, source = _layout("bbai-table-ii-ending-with-its-header.json")
    document = SourceDocument(kind="pdf", name=source, sha256="", size=0, pages=2)
    tables = FormReader(layout, source, document)._tables("4")
    assert tables[DERIVATIVE_TRANSACTIONS] == [] and tables[DERIVATIVE_HOLDINGS] == []
    # (the page's reading gave each code "S" as "5"; its cell is read again after the table, `scan.reread_code_cells`)
    assert [(r.shares.value, r.shares_owned_following.value) for r in tables[NON_DERIVATIVE_TRANSACTIONS]] == [
        (Decimal(200000), Decimal(1168907)), (Decimal(33400), Decimal(1135507))]


def test_a_last_row_going_on_atop_the_next_page_keeps_its_lines_where_no_header_opens_the_page() -> None:
    layout, source = _layout("wfrd-row-going-on-atop-the-next-page.json")
    document = SourceDocument(kind="pdf", name=source, sha256="", size=0, pages=2)
    rows = FormReader(layout, source, document)._tables("4")[DERIVATIVE_TRANSACTIONS]
    assert len(rows) == 4
    assert [r.security_title.value for r in rows][:2] == ["Restricted Share Units", "Restricted Share Units"]
    assert rows[-1].security_title.value == "2021 Program Performance Share Units"
