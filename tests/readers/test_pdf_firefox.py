"""EDGAR's page of a filing printed to PDF by Firefox (ESR 153, "Save to PDF", cairo 1.18): Firefox prints its own
header (the page's title and address) and footer ("1 of 2" at the left, the date and time at the right), the
footer's top 0.6 inch above the page's edge, and prints the page's last words down beside and under the footer
("98104" of an owner's address between "1 of" and "2"). The truth is each filing's XML.

Scores, the corpus's 100 rendered pages (`corpus/rendered/*.html`) so printed: first reading, before any change for
them, 7033/7247 fields (97.05%), 22 filings with a row or an owner too many ("1 of 2" an owner, a signature, a
nature of ownership "... Partners 12/6/26, 19:40 Fund XV"); after the rules below, 7211/7234 (99.68%), none. Left:
one Form 3 whose first Table II row the page break cut in two (8 fields), the check boxes Firefox prints unticked
(9; its form controls print as empty boxes), six owner fields the page shows otherwise than the XML. Then a box
whose caption wraps before its first words end ("2. Date of" / "Event" in the narrow box 2 of a Form 3 Firefox
shrinks to fit) is found by its caption read in its box: 7217/7234 (99.76%), the six Form 3s' dates of event.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from form4viewer.readers import read
from form4viewer.readers.ownership import read_ownership_xml
from form4viewer.readers.pdf_layout import Word, without_browser_margins

sys.path.insert(0, str(Path(__file__).parents[1]))
from printouts.compare import compare  # noqa: E402

PRINTED = Path(__file__).parents[1] / "data" / "pdf" / "firefox"
PDFS = sorted(PRINTED.glob("*.pdf"))
#: The boxes Firefox prints as empty form controls.
CONTROLS = {"not_subject_to_section16", "aff10b5_one"}


@pytest.mark.parametrize("path", PDFS, ids=[p.stem for p in PDFS])
def test_a_page_printed_by_firefox_reads_as_its_xml(path: Path) -> None:
    want = read_ownership_xml(path.with_suffix(".xml").read_bytes(), path.with_suffix(".xml").name)
    outcome = compare(path.name, read(path), want)
    assert outcome.missing_rows == []
    assert [m for m in outcome.misses if m.split(": ")[1] not in CONTROLS] == []
    assert outcome.fields > 15  # a Form 3 of no securities has few


def test_the_footers_counter_is_no_owner() -> None:
    # Autodesk: the Reporting Owners table runs to the foot of page 1, "1 of 2" under it was a second owner.
    got = read(PRINTED / "adsk-pearce-form4-2023.pdf")
    assert [o.name.value for o in got.reporting_owners] == ["Pearce Rebecca"]


def test_an_address_printed_under_the_footer_keeps_its_zip() -> None:
    # Getty Images: "WA" and "98104" run down beside "1 of 2" (10 points, its own baseline) at the foot of page 1;
    # read as one line, the owner's street 2 was "605 5TH AVENUE SOUTH, SUITE 400 SEATTLE WA 1 of 98104 2 ...".
    owner = read(PRINTED / "gety-leyden-form4-2023.pdf").reporting_owners[0]
    assert (owner.street1.value, owner.street2.value, owner.city.value, owner.state.value, owner.zip_code.value) == (
        "C/O GETTY IMAGES HOLDINGS, INC.", "605 5TH AVENUE SOUTH, SUITE 400", "SEATTLE", "WA", "98104")


def test_the_footers_date_is_not_read_into_a_nature_of_ownership() -> None:
    got = read(PRINTED / "sq-botha-form4-2022.pdf")
    natures = [r.nature_of_ownership.value or "" for r in got.non_derivative_holdings]
    assert "Sequoia Capital U.S. Venture Partners Fund XV, L.P." in natures
    assert not any("19:40" in n for n in natures)


def test_only_the_footers_own_words_go() -> None:
    def word(text: str, x0: float, top: float, size: float) -> Word:
        return Word(text, x0, x0 + 6 * len(text), top, top + size, size, 1)

    footer = [word("1", 18, 791.6, 10.0), word("of", 27.5, 791.6, 10.0), word("2", 40.4, 791.6, 10.0),
              word("12/6/26,", 504, 791.6, 10.0), word("19:40", 549, 791.6, 10.0)]
    page = [word("WA", 41.7, 781.3, 7.8), word("98104", 41.7, 790.7, 7.8), *footer]
    assert [w.text for w in without_browser_margins(page, 1, 842.0)] == ["WA", "98104"]
    # a counter without the date beside it, among the page's words, is left alone
    assert len(without_browser_margins(page[:2] + footer[:3], 1, 842.0)) == 5


def test_a_box_whose_caption_wraps_before_its_first_words_end_gives_its_date() -> None:
    # Yahoo: Firefox shrinks the Form 3 to fit and box 2's caption wraps as "2. Date of" / "Event" / "Requiring" /
    # "Statement" / "(Month/Day/" / "Year)", its date under it; the caption was looked for on one line only.
    got = read(PRINTED / "yhoo-levchin-form3-2012.pdf")
    assert str(got.period_of_report.value) == "2012-12-11"
    assert got.form.value == "3"
