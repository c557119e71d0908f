"""The Form as sec.gov shows it (its own web page, not EDGAR's stylesheet), printed to PDF by a browser: links are
underlined, a mark sits in a cell of its own beside a caption of two lines, a title runs wider than its caption."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from printouts.compare import compare

from form4viewer.readers.ownership import read_ownership_xml
from form4viewer.readers.pdf import read_pdf

DATA = Path(__file__).parents[1] / "data" / "pdf"


def _read(stem: str):  # type: ignore[no-untyped-def]
    got = read_pdf((DATA / f"{stem}.pdf").read_bytes(), f"{stem}.pdf")
    want = read_ownership_xml((DATA / f"{stem}.xml").read_bytes(), f"{stem}.xml")
    return got, want


def test_an_underlined_issuer_name_over_two_lines_and_a_mark_beside_a_two_line_caption() -> None:
    got, want = _read("secgov-print-coll-form4-2019")
    # The link's underline under "COLLEGIUM PHARMACEUTICAL," is not box 2's bottom rule: the name goes on to "INC".
    assert got.issuer.name.value == "COLLEGIUM PHARMACEUTICAL, INC"
    assert got.issuer.trading_symbol.value == "COLL"
    # "X" a little lower than "Officer (give title / below)", in its own cell to the left.
    owner = got.reporting_owners[0]
    assert owner.is_officer.value is True and owner.is_director.value is False
    assert owner.officer_title.value == "Executive Vice President & CFO"
    outcome = compare("coll", got, want, country=False)
    assert outcome.missing_rows == [] and outcome.misses == []


def test_an_underlying_title_wider_than_its_caption_keeps_its_words() -> None:
    got, want = _read("secgov-print-snow-form3-2020")
    assert len(got.derivative_holdings) == len(want.derivative_holdings) == 6
    for g, w in zip(got.derivative_holdings, want.derivative_holdings, strict=True):
        assert g.underlying_security_title.value == "Class B Common Stock"
        assert g.underlying_shares.value == w.underlying_shares.value
    assert got.derivative_holdings[0].underlying_shares.value == Decimal("134018")
