"""EDGAR's page of a filing printed to PDF by another renderer than a browser: wkhtmltopdf 0.12.6 (Qt 5.15's WebKit),
which archiving tools use. It draws a ticked check box as a square with an X of two straight strokes, and breaks a
table's rows across pages where a browser moves the row whole (an owner's country alone at the top of page 2, a
price's footnote mark alone at the top of the next page). The truth is each filing's XML.

Scores, the corpus's 100 rendered pages (`corpus/rendered/*.html`) printed with `wkhtmltopdf --page-size Letter`:
first reading, before any change for it, 7216/7245 fields (99.60%), 2 filings with a row or an owner too many; after
the three rules below, 7235/7245 (99.86%), none. The corpus's 94 filings drawn with EDGAR's older stylesheets
(3_X06, 4_X06-X08, 5_X06-X08) printed on its default A4 page, first reading: 5894/5906 (99.80%), seven footnotes wrong in four filings:
the page cut a note whose mark wkhtmltopdf then printed beside the note's rest on the next page, and the lines at the
foot of the page were read into the note before. After the rule for it: those 5901/5906 (99.92%), the 100 7239/7245
(99.92%). Then a street the box was too narrow for ("2800 SAND HILL ROAD, SUITE" / "101") is one street, where its
last word was read as street 2: those 5901/5905. Left: six owner fields the page does not show as the XML has them
(a state description, a lone street as street 2), two signatures whose names run over several lines, and a box the
older stylesheets do not print. Then the signatures the page break cut (a name's first line at the foot of page 1,
its last line and caption on page 2; a name wholly on page 1 over its rule, its caption on page 2, which was read
from the rule's left end as though on page 2): 5903/5905 (99.97%), the two misses a box the stylesheets do not
print.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from form4viewer.model import Confidence
from form4viewer.readers import read
from form4viewer.readers.ownership import read_ownership_xml
from form4viewer.readers.pdf_layout import check_boxes

sys.path.insert(0, str(Path(__file__).parents[1]))
from printouts.compare import compare  # noqa: E402

PRINTED = Path(__file__).parents[1] / "data" / "pdf" / "wkhtmltopdf"
PDFS = sorted(PRINTED.glob("*.pdf"))


@pytest.mark.parametrize("path", PDFS, ids=[p.stem for p in PDFS])
def test_a_page_printed_by_wkhtmltopdf_reads_as_its_xml(path: Path) -> None:
    want = read_ownership_xml(path.with_suffix(".xml").read_bytes(), path.with_suffix(".xml").name)
    outcome = compare(path.name, read(path), want)
    assert outcome.missing_rows == [] and outcome.misses == [], outcome.misses + outcome.missing_rows
    assert outcome.fields > 30


def test_a_box_ticked_with_an_x_of_two_strokes_is_ticked() -> None:
    # Hippo's Form 4 of 2021: "Check this box if no longer subject to Section 16" ticked; read not ticked before.
    got = read(PRINTED / "hipo-hoffman-form4-2021.pdf")
    assert got.not_subject_to_section16.value is True
    assert got.not_subject_to_section16.confidence >= Confidence.SURE
    assert got.aff10b5_one.value is False


def test_the_x_is_a_tick_only_inside_its_box() -> None:
    square = {"x0": 14.4, "top": 33.8, "x1": 20.9, "bottom": 40.3}
    x = [{"x0": 14.8, "top": 34.3, "x1": 20.9, "bottom": 40.3}, {"x0": 14.8, "top": 34.3, "x1": 20.9, "bottom": 40.3}]
    [box] = check_boxes([square], [], [], x)
    assert box.ticked
    [box] = check_boxes([square], [], [], [])
    assert not box.ticked
    # a stroke beside the box, or a level rule through it, is no tick
    beside = [{"x0": 30.0, "top": 34.3, "x1": 36.0, "bottom": 40.3}]
    rule = [{"x0": 10.0, "top": 37.0, "x1": 300.0, "bottom": 37.0}]
    assert [b.ticked for b in check_boxes([square], [], [], beside + rule)] == [False]


def test_a_country_alone_at_the_top_of_the_next_page_is_its_owners() -> None:
    # Noble Energy's Form 4 of 2014: the owner's cell "Elliott J. Keith / 1001 NOBLE ENERGY WAY / HOUSTON / TX /
    # 77070" at the foot of page 1, "UNITED STATES" at the top of page 2: read as a second owner named so before.
    got = read(PRINTED / "nbl-elliott-form4-2014.pdf")
    assert [o.name.value for o in got.reporting_owners] == ["Elliott J. Keith"]
    owner = got.reporting_owners[0]
    assert (owner.street1.value, owner.city.value, owner.state.value, owner.zip_code.value) == (
        "1001 NOBLE ENERGY WAY", "HOUSTON", "TX", "77070")


def test_a_footnote_mark_alone_at_the_top_of_a_page_is_the_cut_rows() -> None:
    # Tesla's Form 4 of December 2021, 30 sales: row 25's price "$ 1,028.953" at the foot of page 1, its "(26)" at
    # the top of page 2, read as an empty holding before.
    got = read(PRINTED / "tsla-musk-form4-2021-december.pdf")
    assert len(got.non_derivative_transactions) == 30 and not got.non_derivative_holdings
    row = got.non_derivative_transactions[24]
    assert (str(row.price_per_share.value), row.price_per_share.footnotes) == ("1028.953", ("F26",))


def test_the_foot_of_a_page_after_a_note_that_ends_there_begins_the_note_whose_mark_is_over_the_page() -> None:
    # Microsoft, Reid Hoffman, 2018, in EDGAR's X08 stylesheet: page 1 ends "(1) Each restricted stock unit ...
    # common stock." (a short line: the note ends) and "The restricted stock units are fully vested. ... separation";
    # page 2 opens "(2) from service to the Board of Directors.". The second line was read into note 1.
    notes = {n.id: n.text.value for n in read(PRINTED / "msft-hoffman-form4-2018-stylesheet-x08.pdf").footnotes}
    assert notes["F1"] == ("Each restricted stock unit represents a contingent right to receive one share of "
                           "Microsoft common stock.")
    assert notes["F2"].startswith("The restricted stock units are fully vested. Deliver of the shares")
    assert notes["F2"].endswith("separation from service to the Board of Directors.")


def test_lines_at_the_foot_of_a_page_before_any_note_are_the_first_notes() -> None:
    # Yelp, Keith Rabois, 2012, in EDGAR's X06 stylesheet: the first line of note 1 is the last of page 1, its mark
    # on page 2 beside the rest; the line was lost.
    notes = read(PRINTED / "yelp-rabois-form3-2012-stylesheet-x06.pdf").footnotes
    assert notes[0].id == "F1"
    assert notes[0].text.value.startswith("Each share of Class B Common Stock is convertible at any time at the "
                                          "option of the Reporting Person into one share of Class A Common Stock")


def test_a_street_the_box_was_too_narrow_for_is_one_street() -> None:
    # Eventbrite, Roelof Botha, 2018, in EDGAR's X06 stylesheet: box 1 wraps "2800 SAND HILL ROAD, SUITE" / "101"
    # ("101" would not have fit on the line before the box's right rule); "101" was read as street 2. A street 2 begun on its own line
    # where its first word would have fit stays street 2 (Hippo: "C/O REINVENT CAPITAL LLC" / "215 PARK AVENUE, ...").
    owner = read(PRINTED / "eb-botha-form3-2018-stylesheet-x06.pdf").reporting_owners[0]
    assert (owner.street1.value, owner.street2.value, owner.city.value) == (
        "2800 SAND HILL ROAD, SUITE 101", None, "MENLO PARK")
    owner = read(PRINTED / "hipo-hoffman-form4-2021.pdf").reporting_owners[0]
    assert (owner.street1.value, owner.street2.value) == ("C/O REINVENT CAPITAL LLC", "215 PARK AVENUE, FLOOR 11")


def test_a_signature_the_page_break_cut_is_read_whole() -> None:
    # Beach Point's Form 4 of 2023 (eight signatures) in EDGAR's X06 stylesheet: "Beach Point SCF IV LLC By: ...
    # Chief Administrative Officer" ends page 1 under the fourth signature's caption, "and General Counsel" and its
    # caption open page 2; only the last line was read.
    names = [s.name.value for s in read(PRINTED / "llap-beach-point-form4-2023-stylesheet-x06.pdf").signatures]
    assert len(names) == 8
    assert names[4] == ("Beach Point SCF IV LLC By: Beach Point Capital Management LP, its Investment Manager "
                        "/s/Lawrence M. Goldman By: Lawrence M. Goldman Chief Administrative Officer and General "
                        "Counsel")
    # In the X07 stylesheet the fourth signature is the last line of page 1, over its rule, and its caption opens
    # page 2: "/s/ Carl" left of where a caption's signature without a rule is looked for was left out.
    names = [s.name.value for s in read(PRINTED / "llap-beach-point-form4-2023-stylesheet-x07.pdf").signatures]
    assert names[3] == "/s/ Carl Goldsmith By: Carl Goldsmith"
